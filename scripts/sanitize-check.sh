#!/usr/bin/env bash
# Memory errors and undefined behaviour: builds the unit and checker tests
# and the tool with AddressSanitizer and UndefinedBehaviorSanitizer into
# build/asan, runs the tests, then runs every check over examples/ and the
# annotated inputs and the hostile-input catalog. Any sanitizer report (leaks
# included) fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/asan
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# -O1 -g1: line numbers in reports at a fraction of a full debug build's cost.
# GCC's flow warnings are not reliable under the sanitizers: no -Werror here.
[ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DTEETIDY_WERROR=OFF -DTEETIDY_BUILD_BENCHMARKS=OFF >/dev/null
tests=(source_tests config_tests deploy_tests syntax_tests frontend_tests dataflow_tests
       program_tests framework_tests checker_tests)
cmake --build "$dir" -j "$(nproc)" --target "${tests[@]}" tee-tidy
export ASAN_OPTIONS="detect_leaks=1:exitcode=67:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=68"
for t in "${tests[@]}"; do
  echo "sanitize-check: $t"
  "$dir/tests/$t" --gtest_brief=1
done
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for input in examples tests/checkers; do
  rc=0
  "$dir/tee-tidy" --checks='*' --quiet "$input" >/dev/null 2>"$err" || rc=$?
  if [ "$rc" -gt 1 ] || grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$err"; then
    cat "$err" >&2
    echo "sanitize-check: tee-tidy on $input exited $rc" >&2
    exit 1
  fi
done
# The hostile-input catalog, without its time and memory ceilings.
echo "sanitize-check: hostile-input catalog"
python3 tests/hostile/catalog.py --sanitized "$dir/tee-tidy"
echo "sanitize-check: no sanitizer reports"
