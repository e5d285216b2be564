#!/usr/bin/env bash
# Regenerates the audit report of each app under examples/ (audit-report.md
# and audit-report.html beside it). tests/report-check.py fails when they are
# stale. Needs build/tee-tidy and Graphviz.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in examples/*/; do
  app=$(basename "$dir")
  # A C or C++ app is analysed with the compile commands its CMake project writes.
  db=()
  if [ -f "examples/$app/CMakeLists.txt" ]; then
    cmake -S "examples/$app" -B "build/examples/$app" -G Ninja >/dev/null
    db=(-p "build/examples/$app")
  fi
  for ext in md html; do
    # Exit code 1 means findings, which the examples are meant to have.
    status=0
    build/tee-tidy --quiet "${db[@]}" --report="examples/$app/audit-report.$ext" "examples/$app" \
      >/dev/null || status=$?
    [ "$status" -le 1 ] || { echo "tee-tidy failed on examples/$app ($status)" >&2; exit 1; }
  done
  echo "examples/$app/audit-report.{md,html}"
done
