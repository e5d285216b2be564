//===- LanguageServer.h - tee-tidy --lsp -------------------------*- C++ -*-===//
//
// A Language Server Protocol 3.17 server over stdio. Open documents are
// analysed as the editor holds them (an in-memory overlay over the
// workspace), with the whole workspace as context: a change to a compose
// file or an app-compose.json changes the verdicts of open code files, so
// every open document gets fresh diagnostics after each analysis. Lowered
// modules and taint analyses are kept between analyses: only changed files
// are parsed and lowered again, and the taint analysis is updated from them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tools/tee-tidy/Driver.h"

#include "syntax/QueryStore.h"

#include <cstdio>
#include <functional>
#include <memory>

namespace teetidy {

struct LanguageServerSetup {
  /// Makes the configuration; called again when a `.tee-tidy` changes.
  std::function<std::unique_ptr<ConfigProvider>()> MakeConfigs;
  QueryStore *Queries = nullptr;
  /// How the workspace is walked (size limit, .gitignore, include/exclude).
  DiscoveryOptions Discovery;
  /// Settings of each analysis (the overlay and the cache are the server's).
  RunSettings Settings;
  std::string Version;
};

/// Serves one client on \p In / \p Out until `exit` or the end of input.
/// Returns the process exit code: 0 after shutdown then exit, else 1.
int runLanguageServer(const LanguageServerSetup &Setup, std::FILE *In, std::FILE *Out);

/// `file://` URI of absolute path \p Path, percent-encoded; and back (empty
/// for another scheme).
std::string uriFromPath(const std::string &Path);
std::string pathFromUri(const std::string &Uri);

} // namespace teetidy
