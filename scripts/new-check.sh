#!/usr/bin/env bash
# Scaffolds a new check: class, registration, doc page and annotated input.
#   scripts/new-check.sh <module>-<check-name> "One-sentence summary"
# e.g. scripts/new-check.sh dstack-image-not-pinned "A compose image is not pinned by digest"
set -euo pipefail
cd "$(dirname "$0")/.."

id=${1:?usage: new-check.sh <module>-<check-name> "summary"}
summary=${2:?usage: new-check.sh <module>-<check-name> "summary"}
[[ $id =~ ^(attestation|dstack|repro|secrets)-[a-z0-9]+(-[a-z0-9]+)*$ ]] ||
  { echo "error: '$id' is not <module>-<name> with a known module" >&2; exit 2; }
module=${id%%-*}
rest=${id#*-}
camel() { local out="" w; IFS=- read -ra ws <<<"$1"; for w in "${ws[@]}"; do out+="${w^}"; done; echo "$out"; }
class="$(camel "$rest")Check"
modclass="$(camel "$module")"
dir="checkers/$module"
[ -e "$dir/$class.h" ] && { echo "error: $dir/$class.h exists" >&2; exit 2; }
mkdir -p "$dir" "tests/checkers/$id" docs/checks

cat >"$dir/$class.h" <<EOT
//===- $class.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

namespace teetidy::$module {

/// $summary.
class $class : public TeeTidyCheck {
public:
  $class(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
};

} // namespace teetidy::$module
EOT

cat >"$dir/$class.cpp" <<EOT
#include "checkers/$module/$class.h"

#include "checkers/FileContext.h"

namespace teetidy::$module {

$class::$class(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool $class::appliesTo(Language L) const { return L == Language::Python; }

void $class::check(FileContext &Ctx) {
  // FIXME: find the pattern; queries go in queries/<lang>/$id.scm.
  (void)Ctx;
}

} // namespace teetidy::$module
EOT

modfile="$dir/${modclass}Module.cpp"
if [ ! -f "$modfile" ]; then
  cat >"$modfile" <<EOT
#include "checkers/CheckRegistry.h"

namespace teetidy {

void add${modclass}Module(CheckRegistry &R) {
}

} // namespace teetidy
EOT
  # Declare and call the new module's registration function.
  sed -i "s|^void addAttestationModule(CheckRegistry &R);|&\nvoid add${modclass}Module(CheckRegistry \&R);|" checkers/CheckRegistry.h
  sed -i "s|^    addAttestationModule(R);|&\n    add${modclass}Module(R);|" checkers/CheckRegistry.cpp
  sed -i "s|^  attestation/AttestationModule.cpp|&\n  $module/${modclass}Module.cpp|" checkers/CMakeLists.txt
fi
sed -i "s|^#include \"checkers/CheckRegistry.h\"|&\n#include \"checkers/$module/$class.h\"|" "$modfile"
sed -i "s|^void add${modclass}Module(CheckRegistry &R) {|&\n  R.add<$module::$class>(\"$id\", \"$summary\");|" "$modfile"
sed -i "s|^  $module/${modclass}Module.cpp|&\n  $module/$class.cpp|" checkers/CMakeLists.txt

cat >"docs/checks/$id.md" <<EOT
# $id

$summary.

## What it reports

## Example

## Options

None.

## Limitations
EOT

cat >"tests/checkers/$id/basic.py" <<EOT
# Annotated input for $id; see tests/checkers/README.md.
x = 1  # ok: $id
EOT
echo "Created $dir/$class.{h,cpp}, docs/checks/$id.md, tests/checkers/$id/basic.py"
echo "Registered in $modfile; listed in checkers/CMakeLists.txt."
