#!/usr/bin/env bash
# Precision of the checks whose findings need an auditor's judgement
# (dstack-configurable-*, dstack-implicit-environment, dstack-unmeasured-code, secrets-hardcoded-fallback, attestation-*)
# on the dstack corpus, by the triage labels in
# bench/corpus-triage.tsv.
#   bench/corpus-precision.sh CORPUS [tee-tidy binary] [--before OLD-BINARY]
# CORPUS holds one directory per repository, named owner+name, as
# ../shared/corpus/checkout.sh lays them out. Each is analysed on its own
# with those checks.
#
# Prints every finding with its label, precision per check, the findings no
# label covers and labels no finding matches any more. With --before, the
# old binary's findings are labelled too, and every true finding of it that
# the new run no longer reports, at its line or as an "also reaches" note of
# a finding of the same check, is listed as lost.
# Exit status: 0 when every finding is labelled and nothing true is lost,
# 1 otherwise, 2 on a usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:?usage: corpus-precision.sh CORPUS [tee-tidy] [--before OLD]}
shift
bin=$here/../build/tee-tidy
before=
while [ $# -gt 0 ]; do
  case $1 in
    --before) before=${2:?--before needs a binary}; shift 2 ;;
    *) bin=$1; shift ;;
  esac
done
triage=$here/corpus-triage.tsv
[ -d "$corpus" ] || { echo "error: '$corpus' is not a directory" >&2; exit 2; }
[ -x "$bin" ] || { echo "error: '$bin' is not an executable" >&2; exit 2; }
[ -z "$before" ] || [ -x "$before" ] || { echo "error: '$before' is not an executable" >&2; exit 2; }
bin=$(realpath "$bin")
[ -z "$before" ] || before=$(realpath "$before")
checks='-*,dstack-configurable-*,secrets-hardcoded-fallback,attestation-dev-fallback,attestation-mismatch-accepted,attestation-unbound-signing-key,attestation-tls-verification-disabled,dstack-implicit-environment,dstack-unmeasured-code,dstack-unencrypted-persistence,dstack-undocumented-deployment'

# findings BINARY OUT: one line per finding, tab-separated: repository, file,
# line, check, message; "also reaches" notes as repository, file, line, check,
# "note".
findings() {
  : >"$2"
  for dir in "$corpus"/*/; do
    repo=$(basename "$dir")
    (cd "$dir" && "$1" --quiet --checks="$checks" . 2>/dev/null || true) |
      awk -v repo="$repo" -F'\t' '
        function loc(s,   a) { split(s, a, ":"); sub(/^\.\//, "", a[1]); return a[1] "\t" a[2] }
        /^[^ ].*:[0-9]+:[0-9]+: (warning|error): .*\[[a-z-]+\]$/ {
          check = $0; sub(/.*\[/, "", check); sub(/\]$/, "", check)
          msg = $0; sub(/^[^ ]*: (warning|error): /, "", msg); sub(/ \[[a-z-]+\]$/, "", msg)
          print repo "\t" loc($0) "\t" check "\t" msg
          next
        }
        /^[^ ].*:[0-9]+:[0-9]+: note: also reaches / { print repo "\t" loc($0) "\t" check "\tnote" }
      ' >>"$2"
  done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
findings "$bin" "$tmp/new"
[ -z "$before" ] || findings "$before" "$tmp/old"

# report NAME FILE: labels each finding of FILE; prints the tallies.
report() {
  awk -F'\t' -v name="$1" -v triage="$triage" '
    BEGIN {
      while ((getline line < triage) > 0) {
        if (line ~ /^#/ || line ~ /^repository\t/ || line == "") continue
        split(line, f, "\t")
        key = f[1] "\t" f[2] "\t" f[3] "\t" f[4]
        label[key] = f[5]; reason[key] = f[6]; order[++n] = key
      }
    }
    $5 == "note" { next }
    {
      key = $1 "\t" $2 "\t" $3 "\t" $4; count++
      l = (key in label) ? label[key] : "UNTRIAGED"
      if (l == "true") tp[$4]++
      else if (l == "false") fp[$4]++
      else { untriaged++; l = "UNTRIAGED" }
      printf "  %-9s %s/%s:%s [%s] %s\n", l, $1, $2, $3, $4, $5
    }
    END {
      printf "%s: %d findings\n", name, count
        n = split("dstack-configurable-endpoint dstack-configurable-model dstack-configurable-contract dstack-unencrypted-persistence dstack-undocumented-deployment secrets-hardcoded-fallback attestation-dev-fallback attestation-mismatch-accepted attestation-unbound-signing-key attestation-tls-verification-disabled dstack-implicit-environment dstack-unmeasured-code", cs, " ")
      for (i = 1; i <= n; i++) {
        c = cs[i]; nt = tp[c] + 0; nf = fp[c] + 0
        if (nt + nf == 0) printf "  %-30s no findings\n", c
        else printf "  %-30s precision %.2f (%d true, %d false)\n", c, nt / (nt + nf), nt, nf
      }
      printf "  untriaged: %d\n", untriaged + 0
      exit untriaged > 0
    }
  ' "$2"
}

status=0
echo "== $bin"
report "new" "$tmp/new" || status=1
if [ -n "$before" ]; then
  echo "== $before"
  report "before" "$tmp/old" || status=1
  # True findings of the old run the new run no longer reports at that line,
  # nor as a note of a finding of the same check in the same file.
  lost=$(awk -F'\t' -v triage="$triage" '
    BEGIN {
      while ((getline line < triage) > 0) {
        split(line, f, "\t"); if (f[5] == "true") good[f[1] "\t" f[2] "\t" f[3] "\t" f[4]] = 1
      }
    }
    FNR == NR { now[$1 "\t" $2 "\t" $3 "\t" $4] = 1; next }
    $5 != "note" && (($1 "\t" $2 "\t" $3 "\t" $4) in good) && !(($1 "\t" $2 "\t" $3 "\t" $4) in now) {
      print "  lost: " $1 "/" $2 ":" $3 " [" $4 "] " $5
    }
  ' "$tmp/new" "$tmp/old")
  if [ -n "$lost" ]; then echo "$lost"; status=1; else echo "  no true finding of the old run is lost"; fi
fi
# Labels that match no finding of the runs (kept for the record): listed
# when both runs were made, else counted.
{ cat "$tmp/new"; [ ! -f "$tmp/old" ] || cat "$tmp/old"; } | awk -F'\t' -v triage="$triage" -v list="$before" '
  { seen[$1 "\t" $2 "\t" $3 "\t" $4] = 1 }
  END {
    while ((getline line < triage) > 0) {
      if (line ~ /^#/ || line ~ /^repository\t/ || line == "") continue
      split(line, f, "\t")
      if ((f[1] "\t" f[2] "\t" f[3] "\t" f[4]) in seen) continue
      if (list != "") printf "  stale label: %s/%s:%s [%s]\n", f[1], f[2], f[3], f[4]
      else stale++
    }
    if (stale) printf "  %d labels match no finding of this run (an earlier release\x27s; --before checks them)\n", stale
  }'
exit $status
