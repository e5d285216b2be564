#!/usr/bin/env bash
# Data races: builds the configuration tests and the tool with
# ThreadSanitizer into build/tsan and runs them on parallel work (the
# configuration cache under contention; every check over the annotated
# inputs, the examples and a tree of many Dockerfiles, eight files at a
# time). Any race report fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/tsan
[ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$dir" -j "$(nproc)" --target config_tests tee-tidy
export TSAN_OPTIONS="exitcode=66 halt_on_error=0"
"$dir/tests/config_tests" --gtest_brief=1
tree=$(mktemp -d)
trap 'rm -rf "$tree" "$tree.err"' EXIT
for i in $(seq 0 59); do
  mkdir -p "$tree/svc$i"
  printf 'FROM python:3.11\nRUN pip install requests\nCOPY . /app\n' > "$tree/svc$i/Dockerfile"
done
for input in tests/checkers examples "$tree"; do
  rc=0
  "$dir/tee-tidy" --checks='*' -j=8 --quiet "$input" >/dev/null 2>"$tree.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    cat "$tree.err" >&2
    echo "race-check: tee-tidy on $input exited $rc" >&2
    exit 1
  fi
done
echo "race-check: no data races reported"
