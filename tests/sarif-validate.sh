#!/usr/bin/env bash
# Writes the SARIF of every annotated input under tests/checkers/ and of
# examples/, and checks each log with the SARIF validator: no error may be
# reported (warnings about optional properties are allowed).
#   tests/sarif-validate.sh TEE_TIDY VALIDATOR SOURCE_DIR
# Each check's directory is one run (a named directory is a program of its
# own, so every file of it is reported); a file named alone would take the
# whole repository as its project and cost a run over it. Files named alone
# are covered by the examples, whose directories are projects of their own.
set -euo pipefail
tee_tidy=$(realpath "$1") validator=$(realpath "$2") src=$(realpath "$3")
[ -x "$tee_tidy" ] || { echo "no tee-tidy at $tee_tidy" >&2; exit 1; }
[ -f "$validator" ] || { echo "no SARIF validator at $validator" >&2; exit 1; }
# npm ci --ignore-scripts leaves the binary without its execute bit.
[ -x "$validator" ] || chmod u+x "$validator"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

n=0
run() { # NAME DIR ARGS...: one log, whatever the findings (exit 0, 1 or 2)
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && "$tee_tidy" --quiet --format=sarif --output="$out/$name.sarif" "$@" >/dev/null 2>&1) || true
  [ -s "$out/$name.sarif" ] || { echo "no SARIF written for $name" >&2; exit 1; }
  n=$((n + 1))
}
run examples "$src/examples" .
for f in "$src"/examples/*/src/*.ts "$src"/examples/*/app/*.py; do
  [ -f "$f" ] || continue
  run "example-$(basename "$f")" "$(dirname "$f")" "$(basename "$f")"
done
for d in "$src"/tests/checkers/*/; do
  run "$(basename "$d")" "$src/tests/checkers" "$(basename "$d")"
done

# The validator prints one line per problem: "file(line,col): error CODE: ...".
report=$out/validator.txt
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$out"/*.sarif >"$report" 2>&1 || true
if grep -E ': error [A-Z]+[0-9]+:' "$report"; then
  echo "the SARIF validator reported errors in the logs above" >&2
  exit 1
fi
grep -q 'Analysis completed successfully' "$report" || { cat "$report" >&2; exit 1; }
echo "$n SARIF logs validated"
