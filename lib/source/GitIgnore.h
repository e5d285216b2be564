//===- GitIgnore.h - .gitignore pattern matching ----------------*- C++ -*-===//
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace teetidy {

/// The patterns of one .gitignore file, with git's semantics: `#` comments,
/// `\` escapes, `!` negation, trailing `/` for directories only, a `/` at the
/// start or middle anchoring to the file's directory, `*`, `?`, `[...]`,
/// and `**` as leading, trailing or middle path component.
class GitIgnore {
public:
  GitIgnore() = default;
  /// \p BaseDir is the directory holding the file ("" for the walk root),
  /// relative to the walk root, without trailing slash.
  GitIgnore(std::string_view Content, std::string BaseDir);

  enum class Match { None, Ignored, Included };
  /// Matches \p RelPath (relative to the walk root, `/`-separated). The last
  /// matching pattern wins; Included means a `!` pattern re-included it.
  Match match(std::string_view RelPath, bool IsDirectory) const;

private:
  struct Pattern {
    std::string Glob;
    bool Negated = false;
    bool DirectoryOnly = false;
    bool Anchored = false;
  };
  std::vector<Pattern> Patterns;
  std::string BaseDir;
};

/// Matches one gitignore-style glob (with `**`) against a whole `/` path.
bool matchPathGlob(std::string_view Glob, std::string_view Path);

} // namespace teetidy
