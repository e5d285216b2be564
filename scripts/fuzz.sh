#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, ASan + UBSan) into
# build/fuzz and runs them, each for a time or a number of executions.
#
#   bash scripts/fuzz.sh [--seconds N | --runs N] [TARGET...]
#
# Seeds come from examples/ and tests/ (gathered for each run); what a run
# finds new is kept in build/fuzz/corpus/TARGET for the next one; crashes,
# leaks, timeouts (10 s per input) and inputs taking 2 GiB are written to
# build/fuzz/artifacts/ and fail the script. The last line per target is its
# count of executions. FUZZ_FLAGS adds libFuzzer flags (for example -entropic=0).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
runs=
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(compose_fuzzer app_compose_fuzzer dockerfile_fuzzer tcb_info_fuzzer config_fuzzer
     nolint_fuzzer deployments_doc_fuzzer python_fuzzer ecmascript_fuzzer)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

dir=${FUZZ_BUILD_DIR:-build/fuzz}
[ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DTEETIDY_FUZZ=ON -DTEETIDY_WERROR=OFF >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"

# Seeds: the project's own inputs, by the kind of file each target reads.
# Each run gathers its own (runs may go side by side).
seeds=$(mktemp -d "$dir/seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
seed() { # seed TARGET FILE... (the files are copied; NUL-free, as inputs are)
  local t=$1; shift
  mkdir -p "$seeds/$t"
  for f in "$@"; do
    cp "$f" "$seeds/$t/$(printf '%s' "$f" | md5sum | cut -c1-16)"
  done
}
mapfile -t yaml < <(find examples tests/checkers tests/e2e -type f \( -name '*compose*.yml' -o -name '*compose*.yaml' \) | sort)
mapfile -t json < <(find examples tests/checkers -type f -name 'app*compose*.json' | sort)
mapfile -t dockerfiles < <(find examples tests/checkers -type f -name 'Dockerfile*' | sort)
mapfile -t configs < <(find examples tests/checkers tests/e2e -type f -name '.tee-tidy' | sort)
mapfile -t docs < <(find examples docs -type f \( -name 'DEPLOYMENTS.md' -o -name 'dstack-undocumented-deployment.md' \) | sort)
mapfile -t python < <(find examples tests/checkers -type f -name '*.py' -size -64k | sort)
mapfile -t ecma < <(find examples tests/checkers -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.js' -o -name 'tsconfig.json' -o -name 'package.json' \) -not -path '*/node_modules/*' -size -64k | sort)
seed compose_fuzzer "${yaml[@]}"
seed app_compose_fuzzer "${json[@]}"
seed dockerfile_fuzzer "${dockerfiles[@]}"
seed config_fuzzer "${configs[@]}"
seed deployments_doc_fuzzer "${docs[@]}"
seed python_fuzzer "${python[@]}"
seed ecmascript_fuzzer "${ecma[@]}"
mkdir -p "$seeds/tcb_info_fuzzer" "$seeds/nolint_fuzzer"
python3 tests/tcbinfo/make-tcb-info.py "$seeds/tcb_info_fuzzer" >/dev/null
i=0
for f in "${python[@]}" "${ecma[@]}" "${yaml[@]}"; do
  # The first byte picks the comment syntax (see NoLintFuzzer.cpp).
  grep -q NOLINT "$f" || continue
  { printf "\\x0$((i % 6))"; cat "$f"; } >"$seeds/nolint_fuzzer/$i"
  i=$((i + 1))
done

declare -A dict=([compose_fuzzer]=yaml [config_fuzzer]=yaml [app_compose_fuzzer]=json
                 [tcb_info_fuzzer]=json [dockerfile_fuzzer]=dockerfile [nolint_fuzzer]=nolint
                 [deployments_doc_fuzzer]=markdown
                 [python_fuzzer]=python [ecmascript_fuzzer]=ecmascript)
# A whole program per input: small projects, many of them. For these slow
# targets libFuzzer's entropic scheduling took 40 % of the time (profiled), so
# it is off: about twice the executions.
declare -A max_len=([python_fuzzer]=8192 [ecmascript_fuzzer]=8192)
declare -A target_flags=([python_fuzzer]=-entropic=0 [ecmascript_fuzzer]=-entropic=0)
mkdir -p "$dir/artifacts"
failed=0
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t"
  limit=(-max_total_time="$seconds")
  [ -z "$runs" ] || limit=(-runs="$runs")
  log="$dir/artifacts/$t.log"
  rc=0
  # Allocation stacks of 8 frames (30 by default): collecting them was a
  # tenth of the program targets' time.
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:malloc_context_size=8" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  "$dir/fuzz/$t" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]:-65536}" \
    ${target_flags[$t]:-} ${FUZZ_FLAGS:-} \
    -dict="tests/fuzz/dict/${dict[$t]}.dict" -artifact_prefix="$dir/artifacts/$t-" \
    -print_final_stats=1 "$dir/corpus/$t" "$seeds/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz.sh: $t failed (exit $rc; log $log)" >&2
    failed=1
  fi
  echo "fuzz.sh: $t: ${execs:-?} executions, $(ls "$dir/corpus/$t" | wc -l) corpus inputs"
done
exit $failed
