//===- CheckPages.h - each check's page, built into the binary ---*- C++ -*-===//
//
// docs/checks/<check>.md is the one description of a check. Outputs that
// describe rules (SARIF, the language server) read it from the binary.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace teetidy {

/// The Markdown of \p Check's page; empty when it has none.
std::string_view checkPage(std::string_view Check);

/// The section "What it reports" of \p Check's page, as Markdown; empty when
/// the page or the section is missing.
std::string checkDescriptionMarkdown(std::string_view Check);

/// \p Markdown as plain text: code spans, emphasis and link targets dropped,
/// lines of a paragraph joined, paragraphs and list items on lines of their own.
std::string markdownToText(std::string_view Markdown);

/// Where \p Check's page is read: TEETIDY_DOCS_URL (a CMake setting; by
/// default the source tree's docs/checks) + "/<check>.md".
std::string checkHelpUri(std::string_view Check);

} // namespace teetidy
