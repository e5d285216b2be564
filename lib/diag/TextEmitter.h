//===- TextEmitter.h - clang-style diagnostic text ---------------*- C++ -*-===//
#pragma once

#include "diag/Diagnostic.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace teetidy {

/// Prints diagnostics as clang-tidy does:
///   path:line:col: warning: message [check-name]
///   <source line>
///   <caret line>
///   <fix-it text, if any>
///   path:line:col: note: ...
class TextEmitter {
public:
  TextEmitter(llvm::raw_ostream &OS, bool UseColor) : OS(OS), UseColor(UseColor) {}
  /// With \p FixApplied (a `--fix` run), a note after the finding says
  /// whether its fix was applied or conflicted with another.
  void emit(const Diagnostic &D, std::optional<bool> FixApplied = std::nullopt);

private:
  void emitLine(SourceLocation Loc, size_t Length, std::string_view Level,
                llvm::raw_ostream::Colors LevelColor, const std::string &Message,
                std::string_view Tag);
  void emitSnippet(SourceLocation Loc, size_t Length, const std::string *FixText);

  llvm::raw_ostream &OS;
  bool UseColor;
};

} // namespace teetidy
