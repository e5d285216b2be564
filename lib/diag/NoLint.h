//===- NoLint.h - NOLINT comment directives ---------------------*- C++ -*-===//
#pragma once

#include "diag/Diagnostic.h"
#include "diag/GlobList.h"

#include <optional>
#include <vector>

namespace teetidy {

/// The NOLINT directives of one file: `NOLINT`, `NOLINTNEXTLINE`,
/// `NOLINTBEGIN` / `NOLINTEND`, each optionally followed directly by
/// `(glob, ...)`, found in the file's comment syntax (`#`, `//`, `/* */`).
/// As in clang-tidy, `NOLINT (x)` with a space is a bare NOLINT, negative
/// globs in the list are ignored, and BEGIN/END must pair with identical
/// arguments; an unmatched one suppresses nothing and is reported.
class NoLintDirectives {
public:
  explicit NoLintDirectives(const SourceFile &File);

  /// Whether \p D is suppressed: a directive on its line, NOLINTNEXTLINE on
  /// the line before, a BEGIN/END region around it, or the same on the first
  /// or last line of the statement holding it.
  bool suppresses(const Diagnostic &D) const;

  /// `[tee-tidy-nolint]` errors for unmatched NOLINTBEGIN / NOLINTEND.
  std::vector<Diagnostic> errors() const;

private:
  struct Directive {
    enum Kind { Line, NextLine, Begin, End } K;
    unsigned LineNo;
    size_t Offset;
    std::optional<std::string> Args; ///< Text inside the parentheses.
  };
  struct Region {
    unsigned First, Last;
    std::optional<std::string> Args;
  };
  static bool covers(const std::optional<std::string> &Args, const std::string &Check);
  bool lineSuppresses(unsigned Line, const std::string &Check) const;

  std::vector<Directive> Directives; ///< Line / NextLine only.
  std::vector<Region> Regions;
  std::vector<Diagnostic> Errors;
};

} // namespace teetidy
