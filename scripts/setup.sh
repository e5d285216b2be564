#!/usr/bin/env bash
# First README command: install everything, build, and analyse examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo "== build/tee-tidy examples/"
build/tee-tidy examples/
