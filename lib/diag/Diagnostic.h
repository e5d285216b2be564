//===- Diagnostic.h - Findings with notes and fixes -------------*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"
#include "source/Utf8.h" // shortened()

#include <string>
#include <vector>

namespace teetidy {

enum class Severity { Note, Remark, Warning, Error };

/// A text replacement in a file, in the shape clang-apply-replacements takes.
struct Replacement {
  const SourceFile *File = nullptr;
  size_t Offset = 0;
  size_t Length = 0;
  std::string Text;
};

/// A secondary location explaining a finding (a taint hop, a compose entry).
struct DiagnosticNote {
  std::string Message;
  SourceLocation Loc;
  size_t Length = 0; ///< Bytes underlined with `~` after the caret.
};

/// One finding of one check at one location.
struct Diagnostic {
  std::string CheckName;
  std::string Message;
  Severity Level = Severity::Warning;
  SourceLocation Loc;
  size_t Length = 0;
  std::vector<DiagnosticNote> Notes;
  std::vector<Replacement> Fixes;
  /// Lines of the statement holding the finding; a NOLINT on its first or
  /// last line covers the finding too. 0 means "just the finding's line".
  unsigned StatementFirstLine = 0;
  unsigned StatementLastLine = 0;
  /// Set when --warnings-as-errors promoted this warning.
  bool PromotedToError = false;
  /// Why the finding is held back: it lies in code or a compose file that
  /// no deployment runs ("test code", "development compose file"). Held
  /// back findings are counted, and reported only when the configuration
  /// asks (ReportUndeployed); empty for a finding that is reported.
  std::string HeldBack;
  /// What holds it back, in a clause (a note when it is reported anyway).
  std::string HeldBackWhy;

  /// Adds a note without a location: what the finding lets someone do, or
  /// what to do about it. The message itself states only the finding.
  Diagnostic &explain(std::string Text) {
    Notes.push_back({std::move(Text), SourceLocation{}, 0});
    return *this;
  }
};

/// Orders diagnostics by file, offset, check name, then message.
bool diagnosticLess(const Diagnostic &A, const Diagnostic &B);

} // namespace teetidy
