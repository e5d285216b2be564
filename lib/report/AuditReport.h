//===- AuditReport.h - the audit report (phase 4) ----------------*- C++ -*-===//
//
// The report an auditor hands over: the scope of the run, the facts of each
// deployment (compose hash, images, allowed_envs and what they reach), its
// trust model, the findings with their paths and fixes, and a picture of
// the data flows coloured by verdict. One document model is written as
// Markdown (with Mermaid diagrams) or as a self-contained HTML page (with
// SVG diagrams drawn by Graphviz). The same input gives the same bytes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/Deployment.h"
#include "diag/DataFlow.h"
#include "diag/Diagnostic.h"
#include "diag/Inventory.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace teetidy::report {

struct ReportInput {
  std::string ToolVersion;
  /// The directory paths are shown relative to (absolute).
  std::string Root;
  /// The repository's name and, when a `.git` is present, its commit and
  /// origin URL.
  std::string Repository, Commit, Origin;
  /// Files analysed, by language name.
  std::map<std::string, unsigned> Languages;
  std::vector<std::string> Checks; ///< the checks run, sorted
  const deploy::Deployment *Deployment = nullptr;
  /// The findings shown, in output order.
  std::vector<const Diagnostic *> Findings;
  std::vector<const FlowRecord *> Flows;
  /// Contracts, documented deployments and storage; null: no section.
  const Inventories *Inventory = nullptr;
  /// CWE of each check that has one.
  std::map<std::string, std::string> Cwes;
  unsigned Skipped = 0, HeldBack = 0, Suppressed = 0;
};

/// The commit checked out in the git work tree holding \p Dir (its `.git`
/// directory or file, looked for upwards), read from the files, with the
/// work tree's directory and the `origin` remote's URL; empty fields when
/// there is none.
struct GitFacts {
  std::string TopLevel, Commit, Origin;
};
GitFacts readGitFacts(const std::string &Dir);

/// The report as Markdown.
std::string markdownReport(const ReportInput &In);

/// Turns Graphviz DOT text into SVG.
using DotRenderer = std::function<llvm::Expected<std::string>(const std::string &Dot)>;

/// The report as one HTML page; diagrams are drawn by \p Render.
llvm::Expected<std::string> htmlReport(const ReportInput &In, const DotRenderer &Render);

/// A renderer that runs Graphviz's `dot -Tsvg` (found on PATH).
DotRenderer graphvizRenderer();

} // namespace teetidy::report
