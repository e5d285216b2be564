#!/usr/bin/env bash
# Parse fidelity: the share of Python, TypeScript, JavaScript, Go and Rust files under
# each DIR whose parse has ERROR or MISSING nodes (tee-tidy's "syntax error"
# warning), by language. Files over --max-file-size or minified are not
# parsed and are counted apart. The files with errors are listed in
# $OUT (default /tmp/parse-fidelity.txt) for triage.
# usage: bench/parse-fidelity.sh build/tee-tidy DIR...
set -euo pipefail
tool=$(realpath "$1"); shift
out=${OUT:-/tmp/parse-fidelity.txt}
: > "$out"
printf '%-50s %-11s %8s %8s %7s\n' directory language files errors share
for dir in "$@"; do
  log=$(mktemp)
  # One cheap check: the parse happens for every script file all the same.
  "$tool" --checks='secrets-hardcoded-fallback' --no-project-context --quiet \
    --max-file-size=0 -j"$(nproc)" "$dir" >/dev/null 2>"$log" || true
  grep -a ': warning: syntax error' "$log" | sed 's/:[0-9]*:[0-9]*: warning: syntax error.*//' \
    | sort -u > "$log.err" || true
  cat "$log.err" >> "$out"
  for lang in python:'py' typescript:'ts tsx mts cts' javascript:'js jsx mjs cjs' go:'go' rust:'rs'; do
    name=${lang%%:*}; exts=${lang#*:}
    expr=()
    for e in $exts; do expr+=(-o -name "*.$e"); done
    files=$(find "$dir" -type f \( "${expr[@]:1}" \) -not -path '*/.git/*' | wc -l)
    errs=0
    for e in $exts; do errs=$((errs + $(grep -c "\.$e\$" "$log.err" || true))); done
    [ "$files" -eq 0 ] && continue
    printf '%-50s %-11s %8d %8d %6.2f%%\n' "$dir" "$name" "$files" "$errs" \
      "$(echo "scale=4; 100 * $errs / $files" | bc)"
  done
  grep -a '^Skipped' "$log" | sed "s|^|  $dir: |" || true
  rm -f "$log" "$log.err"
done
