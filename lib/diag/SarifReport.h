//===- SarifReport.h - Findings as a SARIF 2.1.0 log -------------*- C++ -*-===//
#pragma once

#include "diag/Diagnostic.h"
#include "diag/Inventory.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace teetidy {

/// One rule of the log: a check.
struct SarifRule {
  std::string Id, Summary;
  /// What the check reports, from its page, as plain text and Markdown
  /// (empty: no fullDescription).
  std::string Description, DescriptionMarkdown;
  std::string HelpUri; ///< the check's page; empty: none
  std::string Cwe;     ///< "CWE-295", or empty
  Severity DefaultLevel = Severity::Warning;
};

struct SarifReport {
  std::string ToolVersion;
  /// The directory artifact URIs are relative to (%SRCROOT%), absolute.
  std::string Root;
  std::vector<SarifRule> Rules;
  std::vector<const Diagnostic *> Findings;
  /// Findings a NOLINT comment suppresses: listed with an in-source
  /// suppression.
  std::vector<const Diagnostic *> Suppressed;
  /// Input, configuration and tool errors, as notifications.
  std::vector<std::string> Errors;
  int ExitCode = 0;
  /// Written in the run's property bag as `inventories` when set.
  const Inventories *Inventory = nullptr;
};

/// Writes \p R as a SARIF 2.1.0 log of one run: rules, results with their
/// notes as related locations and as one code flow (the path, sink last),
/// fingerprints, and the invocation.
void writeSarifReport(llvm::raw_ostream &OS, const SarifReport &R);

} // namespace teetidy
