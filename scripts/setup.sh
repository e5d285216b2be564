#!/usr/bin/env bash
# First README command: install everything, build, and analyse examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo "== build/tee-tidy examples/"
# The examples are meant to have findings: exit code 1 (error-level findings)
# is the expected outcome here; 2 (the run failed) is not.
status=0
build/tee-tidy examples/ || status=$?
if [ "$status" -gt 1 ]; then
  echo "error: tee-tidy failed on examples/ (exit code $status)" >&2
  exit "$status"
fi
# The C example is analysed with its compile commands, which CMake writes.
echo "== build/tee-tidy -p build/examples/native-relay examples/native-relay"
cmake -S examples/native-relay -B build/examples/native-relay -G Ninja >/dev/null
status=0
build/tee-tidy -p build/examples/native-relay examples/native-relay || status=$?
if [ "$status" -gt 1 ]; then
  echo "error: tee-tidy failed on examples/native-relay (exit code $status)" >&2
  exit "$status"
fi
