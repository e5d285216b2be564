//===- JsonReport.h - Findings as versioned JSON, and baselines --*- C++ -*-===//
//
// The JSON output (--format=json) and what a baseline (--baseline) reads
// back from it. The schema is docs/json-output.md; its version changes when
// a field changes meaning or goes away.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "diag/Diagnostic.h"
#include "diag/Inventory.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace teetidy {

inline constexpr int JsonReportVersion = 1;

/// A finding's identity across edits: its check, file, message and the
/// text of its line with spaces collapsed, so lines inserted above or an
/// indentation change keep it, while another finding, file or statement
/// does not. 16 hex digits.
std::string fingerprint(const Diagnostic &D);

struct JsonReport {
  std::string ToolVersion;
  std::vector<const Diagnostic *> Findings;
  /// The CWE of each check that has one ("CWE-295").
  std::map<std::string, std::string> Cwes;
  std::vector<std::string> InputErrors, ConfigErrors, ToolErrors, Warnings;
  unsigned Warning = 0, Error = 0;
  unsigned SuppressedNoLint = 0, SuppressedFilter = 0, SuppressedBaseline = 0;
  unsigned HeldBack = 0, Skipped = 0;
  /// Written as `inventories` when set.
  const Inventories *Inventory = nullptr;
};

/// Writes \p R as one JSON document.
void writeJsonReport(llvm::raw_ostream &OS, const JsonReport &R);

/// The fingerprints of the findings of a JSON report written by
/// writeJsonReport (any version up to this one).
llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Text);

} // namespace teetidy
