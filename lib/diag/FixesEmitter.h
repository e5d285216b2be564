//===- FixesEmitter.h - --export-fixes YAML ----------------------*- C++ -*-===//
#pragma once

#include "diag/Diagnostic.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <vector>

namespace teetidy {

/// Writes \p Diags in clang-tidy's export-fixes schema through clang's own
/// tooling::TranslationUnitDiagnostics YAML traits, so clang-apply-replacements
/// reads it. Paths are made absolute; BuildDirectory is the current
/// directory. Notes keep their messages and locations.
llvm::Error writeExportFixes(llvm::raw_ostream &OS, const std::vector<Diagnostic> &Diags,
                             const std::string &MainSourceFile);

/// Which diagnostics' fixes `--fix` applies. A diagnostic's replacements
/// apply all together or not at all; one that overlaps a replacement already
/// taken, or lies outside its file, conflicts, as clang-tidy decides it.
struct FixPlan {
  /// The diagnostics with fixes, in the order given, and whether each applies.
  std::map<const Diagnostic *, bool> Applies;
  unsigned Applied = 0; ///< diagnostics whose fixes apply
  unsigned Total = 0;   ///< diagnostics with fixes
};
FixPlan planFixes(const std::vector<const Diagnostic *> &Diags);

/// Writes the replacements \p Plan applies to the files on disk.
llvm::Error applyFixes(const FixPlan &Plan);

} // namespace teetidy
