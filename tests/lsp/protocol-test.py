#!/usr/bin/env python3
"""JSON-RPC edges of `tee-tidy --lsp`: malformed frames and JSON, unknown
methods, requests before initialize, cancellation, out-of-order didChange,
diagnostics with related information, code actions, shutdown and exit.
usage: protocol-test.py TEE_TIDY"""
import json
import os
import select
import subprocess
import sys
import tempfile

tee_tidy = os.path.abspath(sys.argv[1])
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


class Client:
    def __init__(self, root):
        self.p = subprocess.Popen([tee_tidy, "--lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
        self.buf = b""
        self.seen = []

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, *msgs):
        data = b""
        for m in msgs:
            body = json.dumps(m).encode()
            data += b"Content-Length: %d\r\n\r\n" % len(body) + body
        self.raw(data)

    def read(self, timeout=60):
        """The next message, or None after TIMEOUT seconds."""
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = int(head.split(b":")[1])
                if len(rest) >= length:
                    self.buf = rest[length:]
                    msg = json.loads(rest[:length])
                    self.seen.append(msg)
                    return msg
            r, _, _ = select.select([self.p.stdout], [], [], timeout)
            if not r:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def wait(self, pred, what, timeout=60):
        while True:
            m = self.read(timeout)
            if m is None:
                check(False, "timed out waiting for " + what)
                return None
            if pred(m):
                return m


def response(id_):
    return lambda m: m.get("id") == id_ and ("result" in m or "error" in m)


def diagnostics_for(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and \
        m["params"]["uri"] == uri


with tempfile.TemporaryDirectory() as root:
    root = os.path.realpath(root)
    with open(os.path.join(root, "docker-compose.yml"), "w") as f:
        f.write("services:\n  app:\n    build: .\n    environment:\n      - URL=${URL}\n")
    with open(os.path.join(root, "Dockerfile"), "w") as f:
        f.write("FROM python:3.12@sha256:" + "a" * 64 + "\nCOPY app.py /app.py\n"
                "CMD [\"python\", \"/app.py\"]\n")
    bad = "import os\nimport requests\n\nrequests.post(os.environ['URL'], json={})\n"
    good = "import requests\n\nrequests.post('https://api.example', json={})\n"
    with open(os.path.join(root, "app.py"), "w") as f:
        f.write(good)  # the editor's text differs from the disk's
    uri = "file://" + root + "/app.py"

    c = Client(root)
    # Before initialize: requests are refused, notifications dropped.
    c.send({"jsonrpc": "2.0", "id": 1, "method": "textDocument/codeAction", "params": {}})
    m = c.wait(response(1), "the answer to a request before initialize")
    check(m and m["error"]["code"] == -32002, f"request before initialize: {m}")
    # Malformed: not JSON, JSON but not an object, no method, a bad header.
    c.raw(b"Content-Length: 9\r\n\r\n{not json")
    m = c.wait(lambda m: "error" in m and m.get("id") is None, "a parse error")
    check(m and m["error"]["code"] == -32700, f"invalid JSON: {m}")
    c.send([1, 2])
    m = c.wait(lambda m: "error" in m and m.get("id") is None, "an invalid request")
    check(m and m["error"]["code"] == -32600, f"an array: {m}")
    c.send({"jsonrpc": "2.0", "id": 2})
    m = c.wait(response(2), "the answer to a message without method")
    check(m and m["error"]["code"] == -32600, f"no method: {m}")
    c.raw(b"Content-Type: text/plain\r\n\r\n")
    m = c.wait(lambda m: "error" in m and m.get("id") is None, "a header error")
    check(m and "Content-Length" in m["error"]["message"], f"no Content-Length: {m}")

    c.send({"jsonrpc": "2.0", "id": 3, "method": "initialize",
            "params": {"rootUri": "file://" + root, "capabilities":
                       {"window": {"workDoneProgress": True}}}})
    m = c.wait(response(3), "initialize")
    caps = m["result"]["capabilities"] if m else {}
    check(caps.get("textDocumentSync", {}).get("change") == 1, f"capabilities: {caps}")
    check("codeActionProvider" in caps, "no code actions advertised")
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    c.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {}})
    m = c.wait(response(4), "an unknown method")
    check(m and m["error"]["code"] == -32601, f"unknown method: {m}")
    c.send({"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}})

    # The first analysis reports progress ($/progress begin ... end).
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": bad}}})
    m = c.wait(diagnostics_for(uri), "diagnostics of the opened buffer")
    diags = m["params"]["diagnostics"] if m else []
    codes = [d["code"] for d in diags]
    check("dstack-configurable-endpoint" in codes, f"the buffer's text is analysed: {codes}")
    ends = [x for x in c.seen if x.get("method") == "$/progress"
            and x["params"]["value"]["kind"] == "end"]
    begins = [x for x in c.seen if x.get("method") == "$/progress"
              and x["params"]["value"]["kind"] == "begin"]
    check(begins and ends, "no work done progress for the first analysis")
    check(any(x.get("method") == "window/workDoneProgress/create" for x in c.seen),
          "progress token not created")
    d = next((d for d in diags if d["code"] == "dstack-configurable-endpoint"), {})
    check(d.get("severity") == 1 and d.get("source") == "tee-tidy", f"diagnostic: {d}")
    check(d.get("range", {}).get("start") == {"line": 3, "character": 14}, f"range: {d}")
    check(d.get("codeDescription", {}).get("href", "").endswith(
        "/dstack-configurable-endpoint.md"), f"codeDescription: {d}")
    rel = d.get("relatedInformation", [])
    check(any("docker-compose.yml" in r["location"]["uri"] for r in rel),
          f"related information holds the compose evidence: {rel}")
    check("tags" not in d, "tags are not misused")

    # Out of order: version 3 (clean) then version 2 (the finding again).
    c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": good}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": bad}]}})
    m = c.wait(diagnostics_for(uri), "diagnostics after the changes")
    check(m and m["params"]["diagnostics"] == [] and m["params"].get("version") == 3,
          f"the stale version 2 is ignored: {m}")

    # A code action request cancelled while it waits for the analysis.
    c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": bad}]}},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri}, "range": {"start": {"line": 3, "character": 0},
                                                   "end": {"line": 3, "character": 0}},
            "context": {"diagnostics": []}}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 5}})
    m = c.wait(response(5), "the cancelled request's answer")
    check(m and m.get("error", {}).get("code") == -32800, f"cancelled: {m}")

    # Code actions: NOLINT for the finding's line.
    c.send({"jsonrpc": "2.0", "id": 6, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 3, "character": 0},
                                               "end": {"line": 3, "character": 5}},
        "context": {"diagnostics": []}}})
    m = c.wait(response(6), "code actions")
    actions = m["result"] if m else []
    nolint = [a for a in actions if "NOLINT" in a["title"]]
    check(nolint, f"a NOLINT action: {actions}")
    if nolint:
        edit = nolint[0]["edit"]["changes"][uri][0]
        check(edit["newText"] == "  # NOLINT(dstack-configurable-endpoint)", f"edit: {edit}")
        check(edit["range"]["start"] == {"line": 3, "character": 41}, f"edit range: {edit}")

    # Closing clears the document's diagnostics.
    c.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
            "params": {"textDocument": {"uri": uri}}})
    m = c.wait(diagnostics_for(uri), "diagnostics cleared on close")
    check(m and m["params"]["diagnostics"] == [], f"closed: {m}")

    c.send({"jsonrpc": "2.0", "id": 7, "method": "shutdown"})
    m = c.wait(response(7), "shutdown")
    check(m and m.get("result", 1) is None, f"shutdown: {m}")
    c.send({"jsonrpc": "2.0", "method": "exit"})
    try:
        rc = c.p.wait(10)
    except subprocess.TimeoutExpired:
        c.p.kill()
        rc = None
    check(rc == 0, f"exit after shutdown: exit code {rc}")
    err = c.p.stderr.read().decode()
    check("Stack dump" not in err and "Assertion" not in err, f"stderr: {err}")

    # Exit without shutdown, and the end of input: exit code 1.
    c2 = Client(root)
    c2.send({"jsonrpc": "2.0", "method": "exit"})
    check(c2.p.wait(10) == 1, "exit without shutdown is exit code 1")
    c3 = Client(root)
    c3.p.stdin.close()
    check(c3.p.wait(10) == 1, "the end of input is exit code 1")

print(f"{len(failures)} problems")
sys.exit(1 if failures else 0)
