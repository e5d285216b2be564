#!/bin/sh
# Usage: unprivileged.sh BINARY FILTER COUNT
# Runs the GoogleTest cases of BINARY that match FILTER as user nobody and
# requires COUNT of them to pass, none skipped. Tests of file permissions
# skip themselves as root, who can read any file; this runs them when the
# suite runs as root, as CI does. As any other user they already ran in the
# suite, so this exits 77 (skipped).
set -eu
bin=$1 filter=$2 count=$3
if [ "$(id -u)" != 0 ]; then
  echo "not root: these tests ran unprivileged in the suite"
  exit 77
fi
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; exit 1; }
# A copy in a directory nobody can reach: the build tree may be under a
# private directory (/root).
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
cp "$bin" "$dir/tests"
mkdir -m 1777 "$dir/tmp"
status=0
out=$(TMPDIR="$dir/tmp" setpriv --reuid=65534 --regid=65534 --clear-groups \
      "$dir/tests" --gtest_filter="$filter" 2>&1) || status=$?
echo "$out"
[ "$status" = 0 ] || exit 1
if echo "$out" | grep -q "SKIPPED"; then
  echo "error: a test skipped as user nobody"
  exit 1
fi
echo "$out" | grep -q "^\[  PASSED  \] $count test" || {
  echo "error: expected $count tests to pass"
  exit 1
}
