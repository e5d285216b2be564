#!/usr/bin/env bash
# Runs tests/lsp/nvim-test.lua in Neovim (Debian's neovim, headless) against
# a copy of examples/private-llm-proxy.
#   tests/lsp/nvim-test.sh TEE_TIDY SOURCE_DIR
set -euo pipefail
tee_tidy=$(realpath "$1") src=$(realpath "$2")
command -v nvim >/dev/null || { echo "nvim (Debian package neovim) is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/examples/private-llm-proxy" "$work/app"
rm -f "$work/app/audit-report."*
export APP_DIR="$work/app" TEE_TIDY="$tee_tidy" HOME="$work" XDG_STATE_HOME="$work/state"
timeout 300 nvim --headless -u NONE -i NONE -n -c "luafile $src/tests/lsp/nvim-test.lua"
