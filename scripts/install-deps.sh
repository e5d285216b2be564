#!/usr/bin/env bash
# Installs what tee-tidy needs to build and test on Debian bookworm (as root).
# Idempotent: packages already present are not fetched again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git ca-certificates
  llvm-14-dev libclang-14-dev libclang-cpp14-dev clang-tools-14
  clang-format-14 # tests/format-check.sh
  clang-tidy-14 # clang-tidy-diff-14.py, for the wrapper tests of tests/e2e
  clang-14 libclang-rt-14-dev # libFuzzer and the sanitizers of scripts/fuzz.sh
  libyaml-cpp-dev libfmt-dev libtree-sitter-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libtsan2 # the ThreadSanitizer runtime of scripts/race-check.sh
  util-linux # setpriv, for tests/unprivileged.sh
  graphviz # dot draws the pictures of HTML audit reports
  chromium python3 # tests/report-check.py renders the example reports
  neovim # tests/lsp/nvim-test.sh drives the language server from a real client
  # The Go and Rust corpora of bench/EngineBench.cpp: Go's standard library
  # sources and crates Debian vendors under /usr/share/cargo/registry.
  golang-1.19-src librust-hyper-dev librust-serde-json-dev
  libcurl4-openssl-dev # examples/native-relay, a C service built against libcurl
)
# Node.js and npm fetch the pinned grammar sources; keep an existing install.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
