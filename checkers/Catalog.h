//===- Catalog.h - Reading check catalogs from YAML models ------*- C++ -*-===//
//
// A catalog is what a check derives from one YAML model under queries/models/
// (variable names, commands, patterns): plain C++ values, built once per run
// and shared by every file's checks (see AnalysisServices::catalog).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/DeploymentRules.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace teetidy {

/// A compiled catalog pattern (POSIX extended); null matches nothing.
using Pattern = std::shared_ptr<const llvm::Regex>;
bool matches(const Pattern &P, std::string_view Text);
/// Like matches(), also returning the capture groups (group 0 first).
bool matches(const Pattern &P, std::string_view Text,
             llvm::SmallVectorImpl<llvm::StringRef> &Groups);

/// Reads values out of a catalog's YAML. Nothing throws: the first problem
/// is remembered with its position, the reader hands out empty values from
/// then on, and the catalog loader turns the problem into an error naming
/// `queries/<path>:line:col`.
class CatalogReader {
public:
  explicit CatalogReader(std::string Path) : Path(std::move(Path)) {}

  /// The scalar \p N (empty when \p N is absent and not \p Required).
  std::string string(const YAML::Node &N, const char *What, bool Required = true);
  /// The scalars of sequence \p N (empty when \p N is absent).
  std::vector<std::string> strings(const YAML::Node &N, const char *What);
  std::optional<bool> boolean(const YAML::Node &N, const char *What);
  /// The regular expression \p N (POSIX extended); with \p Whole it must
  /// match a whole text.
  Pattern pattern(const YAML::Node &N, const char *What, int Flags = 0, bool Whole = false);
  /// Records a problem at \p At (the first one wins).
  void fail(const YAML::Node &At, const std::string &Message);

  bool failed() const { return Failed; }
  /// The first problem, or success.
  llvm::Error takeError();

private:
  std::string Path;
  bool Failed = false;
  std::string Problem;
};

/// The deployment model's rules (queries/models/deployments.yaml).
inline constexpr const char *DeploymentRulesPath = "models/deployments.yaml";
deploy::DeploymentRules readDeploymentRules(const YAML::Node &Model, CatalogReader &R);

/// Parses \p Text, the model at queries/\p Path, and hands it to \p Read with
/// a reader. yaml-cpp's exceptions stop here; a YAML error or the reader's
/// first problem becomes the error.
llvm::Error readCatalog(const std::string &Path, const std::string &Text,
                        llvm::function_ref<void(const YAML::Node &, CatalogReader &)> Read);

} // namespace teetidy
