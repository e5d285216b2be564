#!/usr/bin/env bash
# Configures and builds tee-tidy into build/ (the grammars come from npm, pinned
# by grammars/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"
