#!/usr/bin/env bash
# Fails when a C++ file of the project is not formatted as .clang-format says.
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$formatter" ]; then
  echo "clang-format not found (scripts/install-deps.sh installs clang-format-14)" >&2
  exit 1
fi
# Annotated inputs of tests/checkers/<check>/ are data, not the project's code.
mapfile -t files < <(git ls-files '*.cpp' '*.h' ':(exclude)tests/checkers/*/*' 2>/dev/null ||
  find lib checkers tools tests bench \( -name '*.cpp' -o -name '*.h' \) -not -path 'tests/checkers/*/*')
"$formatter" --dry-run -Werror "${files[@]}"
