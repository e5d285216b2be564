//===- FileDiscovery.h - Walk paths into the files to analyse ---*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace teetidy {

/// Settings for turning command-line paths into files.
struct DiscoveryOptions {
  /// Files larger than this are skipped (and reported). 0 = unlimited.
  uint64_t MaxFileSize = 1u << 20;
  /// Honour .gitignore files (every level, plus .git/info/exclude).
  bool UseGitIgnore = true;
  /// Directory names never entered while walking.
  std::vector<std::string> SkipDirectories = {".git",   "node_modules", "dist", "build",
                                              "vendor", "__pycache__",  ".venv"};
  /// Globs (gitignore-style, matched against the path relative to the walked
  /// root, `**` allowed) that select files; empty selects every candidate.
  std::vector<std::string> IncludeGlobs;
  /// Globs that drop files or whole directories.
  std::vector<std::string> ExcludeGlobs;
  /// Whether a file name is something we analyse (e.g. has a language).
  std::function<bool(const std::string &Path)> IsCandidate;
};

/// Why a file found while walking was not analysed.
enum class SkipReason {
  TooLarge,
  Minified,
  Binary,
  Excluded,
  Unreadable,
  SymlinkLoop,
  OutsideTree,
  /// A C or C++ file no compile command is known for.
  NoCompileCommand
};

struct SkippedFile {
  std::string Path;
  SkipReason Reason;
  std::string Detail; ///< e.g. "2.1 MiB > 1 MiB", "name matches *.min.js"
};

/// The result of walking the command-line paths.
struct DiscoveryResult {
  /// Files to analyse, in a stable order (sorted per directory), no duplicates.
  std::vector<std::string> Files;
  /// Files that would have been candidates but were skipped for size, name or
  /// content, or could not be read; reported on stderr, never silently.
  std::vector<SkippedFile> Skipped;
  /// Paths named on the command line that do not exist or cannot be opened.
  std::vector<std::string> Errors;
};

/// Walks \p Paths. A path naming a file is taken as it is (only IsCandidate
/// is not applied; size still is). Directories are walked recursively,
/// skipping SkipDirectories, ignored paths and files that IsCandidate rejects
/// (those are not "skipped", just not ours).
DiscoveryResult discoverFiles(const std::vector<std::string> &Paths, const DiscoveryOptions &Opts);

/// Name-based minified check: `*.min.js`, `*.min.mjs`, `*.bundle.js`...
bool looksMinifiedByName(const std::string &Path);

/// Test code by its path: `tests/`, `test/`, `__tests__/`, `fixtures/`,
/// `__fixtures__/`, `benches/` (Rust), `test_x.py`, `x_test.py`,
/// `conftest.py`, `x.test.ts`, `x.spec.js`, `x_test.go`.
bool isTestCode(llvm::StringRef Path);

/// Whether normalised path \p Path is \p Dir itself or lies under it (a
/// directory whose name only starts with \p Dir's last part does not).
bool isWithin(llvm::StringRef Path, llvm::StringRef Dir);

} // namespace teetidy
