#!/usr/bin/env bash
# Second README command: install what is missing, build, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
bash scripts/race-check.sh
bash scripts/sanitize-check.sh
# Every fuzz target, briefly (docs/reliability.md records the long runs).
bash scripts/fuzz.sh --seconds 10
