//===- GlobList.h - clang-tidy style ordered glob lists ---------*- C++ -*-===//
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace teetidy {

/// A comma-separated list of globs applied in order, `-` negating, `*`
/// matching any run of characters, as in clang-tidy's `-checks=`. The last
/// glob that matches a name decides; no match means "not contained".
class GlobList {
public:
  GlobList() = default;
  explicit GlobList(std::string_view Globs, bool KeepNegative = true);

  bool contains(std::string_view Name) const;
  bool empty() const { return Items.empty(); }

  /// Matches \p Name against a single glob with `*` wildcards.
  static bool matchGlob(std::string_view Glob, std::string_view Name);

  struct Item {
    bool Positive;
    std::string Glob;
  };
  const std::vector<Item> &items() const { return Items; }

private:
  std::vector<Item> Items;
};

/// Splits on commas and newlines, trimming blanks, dropping empty entries.
std::vector<std::string> splitGlobs(std::string_view Globs);

} // namespace teetidy
