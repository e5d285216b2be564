#!/usr/bin/env bash
# run-clang-tidy-14 with the plugin over examples/native-relay gives the
# findings tee-tidy -p gives (file, line, column, level, message, check).
#   tests/clang-tidy-plugin.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S "$src/examples/native-relay" -B "$work/relay" -G Ninja >/dev/null
checks='-*,dstack-configurable-endpoint,secrets-hardcoded-fallback,attestation-tls-verification-disabled'
# Diagnostic lines of .c files, colours (run-clang-tidy passes --use-color) removed.
findings() {
  { sed 's/\x1b\[[0-9;]*m//g' | grep -E '^/.*\.c:[0-9]+:[0-9]+: (warning|error): .* \[[a-z-]+\]$' ||
    true; } | sort -u
}
(cd "$work" && run-clang-tidy-14 -clang-tidy-binary "$build/clang-tidy-tee" -checks="$checks" \
  -p "$work/relay" -quiet 2>/dev/null || true) | findings >"$work/clang-tidy.txt"
("$build/tee-tidy" --checks="$checks" -p "$work/relay" "$src/examples/native-relay" || true) |
  findings >"$work/tee-tidy.txt"
if ! [ -s "$work/tee-tidy.txt" ]; then
  echo "FAIL: tee-tidy -p reported nothing on examples/native-relay" >&2
  exit 1
fi
if ! diff -u "$work/tee-tidy.txt" "$work/clang-tidy.txt"; then
  echo "FAIL: run-clang-tidy-14 with the plugin and tee-tidy -p differ (above)" >&2
  exit 1
fi
echo "run-clang-tidy-14 and tee-tidy -p agree: $(wc -l <"$work/tee-tidy.txt") finding(s)"

# A compose file with another name, named by .tee-tidy's ComposeFiles, decides
# the plugin's verdict as it decides tee-tidy's.
mkdir -p "$work/p/src" "$work/p/deploy"
printf 'ComposeFiles: [deploy/prod.yml]\n' >"$work/p/.tee-tidy"
printf 'services:\n  app:\n    build: ..\n    environment:\n      UPSTREAM_URL: ${UPSTREAM_URL}\n' \
  >"$work/p/deploy/prod.yml"
printf 'FROM gcc:12\nCOPY . /src\nRUN cc -o /app src/main.c -lcurl\nCMD ["/app"]\n' >"$work/p/Dockerfile"
printf '#include <stdlib.h>\n#include <curl/curl.h>\nint main(void) {\n  CURL *h = curl_easy_init();\n  curl_easy_setopt(h, CURLOPT_URL, getenv("UPSTREAM_URL"));\n  return 0;\n}\n' \
  >"$work/p/src/main.c"
# expect PATTERN WHAT: the plugin's output on the project's main.c matches PATTERN.
expect() {
  local out
  out=$("$build/clang-tidy-tee" --checks='-*,dstack-configurable-endpoint' "$work/p/src/main.c" -- \
    2>/dev/null || true)
  if ! grep -q "$1" <<<"$out"; then
    echo "FAIL: the plugin does not $2:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "the plugin does $2"
}
expect "main.c:5:36: error: UPSTREAM_URL reaches curl_easy_setopt(...) and prod.yml service 'app' lets the operator set it" \
  "read the compose file .tee-tidy names"

# A broken .tee-tidy is reported, not swallowed.
printf 'Checks: [\n' >"$work/p/.tee-tidy"
expect "main.c:1:1: error: tee-tidy: .*\.tee-tidy" "report a broken .tee-tidy"
