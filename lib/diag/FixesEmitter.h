//===- FixesEmitter.h - --export-fixes YAML ----------------------*- C++ -*-===//
#pragma once

#include "diag/Diagnostic.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

namespace teetidy {

/// Writes \p Diags in clang-tidy's export-fixes schema through clang's own
/// tooling::TranslationUnitDiagnostics YAML traits, so clang-apply-replacements
/// reads it. Paths are made absolute; BuildDirectory is the current
/// directory. Notes keep their messages and locations.
llvm::Error writeExportFixes(llvm::raw_ostream &OS, const std::vector<Diagnostic> &Diags,
                             const std::string &MainSourceFile);

/// Applies every diagnostic's replacements to the files on disk (`--fix`).
/// Overlapping replacements in one file are skipped and counted in
/// \p Conflicts. Returns the number of replacements applied.
llvm::Expected<unsigned> applyFixes(const std::vector<Diagnostic> &Diags, unsigned &Conflicts);

} // namespace teetidy
