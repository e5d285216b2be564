#!/usr/bin/env bash
# Whole-repository benchmark of the tee-tidy binary: wall time, throughput and
# peak memory for one run over a tree, with every check enabled.
#   bench/whole-repo.sh [dir] [extra tee-tidy options...]
# Default dir: the Python standard library of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/usr/lib/python3.11}
shift || true
bin=build/tee-tidy
[ -x "$bin" ] || { echo "error: $bin not built (run scripts/build.sh)" >&2; exit 2; }
[ -d "$dir" ] || { echo "error: '$dir' is not a directory" >&2; exit 2; }

# Bytes of the files tee-tidy reads (same names as its language table).
bytes=$(find "$dir" -type f \( -name '*.py' -o -name '*.pyi' -o -name '*.ts' -o -name '*.mts' \
          -o -name '*.cts' -o -name '*.tsx' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
          -o -name '*.jsx' -o -name '*.yml' -o -name '*.yaml' -o -name 'Dockerfile*' \) \
          -size -1024k -printf '%s\n' | awk '{s+=$1} END {print s+0}')
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$out.rss" "$bin" --checks='*' --quiet "$@" "$dir" >/dev/null 2>"$out" || true
end=$(date +%s.%N)
rss_kib=$(tail -n 1 "$out.rss")
rm -f "$out.rss"
awk -v b="$bytes" -v s="$start" -v e="$end" -v r="$rss_kib" -v d="$dir" 'BEGIN {
  t = e - s
  printf "tree:        %s\n", d
  printf "input:       %.1f MB\n", b / 1e6
  printf "wall time:   %.2f s\n", t
  printf "throughput:  %.2f MB/s\n", b / 1e6 / t
  printf "peak RSS:    %.0f MiB\n", r / 1024
}'
