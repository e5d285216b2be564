-- Drives `tee-tidy --lsp` from Neovim's built-in client (nvim --headless):
-- opens a file of an example app, waits for the dstack-configurable-endpoint
-- diagnostic, pins the variable in app-compose.json through the editor (and
-- saves it), waits for the diagnostic to go, then applies a NOLINT code
-- action and waits for that finding to go too. Exits 0 on success.
local app = os.getenv("APP_DIR")
local bin = os.getenv("TEE_TIDY")

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out[#out + 1] = { code = code, lnum = d.lnum }
  end
  return out
end

local function has(bufnr, code)
  for _, d in ipairs(codes(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local client_id = vim.lsp.start_client({
  name = "tee-tidy",
  cmd = { bin, "--lsp" },
  root_dir = app,
})
if not client_id then fail("the client did not start") end

vim.cmd("edit " .. app .. "/app/llm.py")
local code_buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(code_buf, client_id)

if not vim.wait(60000, function() return has(code_buf, "dstack-configurable-endpoint") ~= nil end, 100) then
  fail("no dstack-configurable-endpoint diagnostic in app/llm.py: " .. vim.inspect(codes(code_buf)))
end
io.stderr:write("saw dstack-configurable-endpoint\n")

-- Pin LLM_BASE_URL in the manifest's compose file, through the editor.
vim.cmd("edit " .. app .. "/app-compose.json")
local manifest_buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(manifest_buf, client_id)
local lines = vim.api.nvim_buf_get_lines(manifest_buf, 0, -1, false)
local changed = false
for i, line in ipairs(lines) do
  local s, e = line:find("LLM_BASE_URL=${LLM_BASE_URL}", 1, true)
  if s then
    lines[i] = line:sub(1, s - 1) .. "LLM_BASE_URL=https://llm.internal.example/v1" .. line:sub(e + 1)
    changed = true
  end
end
if not changed then fail("app-compose.json does not interpolate LLM_BASE_URL") end
vim.api.nvim_buf_set_lines(manifest_buf, 0, -1, false, lines)
vim.cmd("write")

if not vim.wait(60000, function() return has(code_buf, "dstack-configurable-endpoint") == nil end, 100) then
  fail("the diagnostic stayed after pinning: " .. vim.inspect(codes(code_buf)))
end
io.stderr:write("the diagnostic went away after the pin\n")

-- Suppress the TLS finding of app/llm.py with the NOLINT code action.
vim.cmd("buffer " .. code_buf)
local tls = has(code_buf, "attestation-tls-verification-disabled")
if not tls then fail("no TLS finding to suppress: " .. vim.inspect(codes(code_buf))) end
local client = vim.lsp.get_client_by_id(client_id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(code_buf) },
  range = { start = { line = tls.lnum, character = 0 }, ["end"] = { line = tls.lnum, character = 0 } },
  context = { diagnostics = {} },
}
local response = client.request_sync("textDocument/codeAction", params, 60000, code_buf)
if not response or response.err then fail("codeAction failed: " .. vim.inspect(response)) end
local action
for _, a in ipairs(response.result or {}) do
  if a.title:find("NOLINT", 1, true) and a.title:find("attestation-tls-verification-disabled", 1, true) then
    action = a
  end
end
if not action then fail("no NOLINT action: " .. vim.inspect(response.result)) end
vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
vim.cmd("write")
local line = vim.api.nvim_buf_get_lines(code_buf, tls.lnum, tls.lnum + 1, false)[1]
if not line:find("# NOLINT(attestation-tls-verification-disabled)", 1, true) then
  fail("the action did not add the comment: " .. line)
end

if not vim.wait(60000, function()
  for _, d in ipairs(codes(code_buf)) do
    if d.code == "attestation-tls-verification-disabled" and d.lnum == tls.lnum then return false end
  end
  return true
end, 100) then
  fail("the NOLINT'd finding stayed: " .. vim.inspect(codes(code_buf)))
end
io.stderr:write("the NOLINT action suppressed the finding\n")

vim.lsp.stop_client(client_id)
vim.cmd("qa!")
