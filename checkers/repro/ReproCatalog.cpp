#include "checkers/repro/ReproCatalog.h"

#include "checkers/FileContext.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>

namespace teetidy::repro {

bool contains(const std::vector<std::string> &List, std::string_view S) {
  return std::find(List.begin(), List.end(), S) != List.end();
}

std::string joinQuoted(const std::vector<std::string> &Names) {
  constexpr size_t Shown = 6;
  std::string Out;
  for (size_t I = 0; I < Names.size() && I < Shown; ++I)
    Out += (I ? ", '" : "'") + Names[I] + "'";
  if (Names.size() > Shown)
    Out += " and " + std::to_string(Names.size() - Shown) + " more";
  return Out;
}

namespace {

/// Loads the catalog \p Read makes of \p Path; a problem becomes a tool
/// error on \p Ctx.
template <typename T>
std::shared_ptr<const T> load(FileContext &Ctx, const char *Path,
                              T (*Read)(const YAML::Node &, CatalogReader &)) {
  auto Built = Ctx.services().catalog<T>(Path, Read);
  if (!Built) {
    Ctx.toolError(llvm::toString(Built.takeError()));
    return nullptr;
  }
  return std::move(*Built);
}

PackageManagers readPackageManagers(const YAML::Node &M, CatalogReader &R) {
  auto Strings = [&](const YAML::Node &N, const char *What) { return R.strings(N, What); };
  PackageManagers P;
  P.Prefixes = Strings(M["command_prefixes"], "command_prefixes");
  for (const YAML::Node &S : M["system"]) {
    SystemManager SM;
    SM.Name = R.string(S["name"], "name");
    SM.Commands = Strings(S["commands"], "commands");
    SM.Install = Strings(S["install"], "install");
    SM.Refresh = Strings(S["refresh"], "refresh");
    SM.Upgrade = Strings(S["upgrade"], "upgrade");
    SM.OptionsWithValue = Strings(S["options_with_value"], "options_with_value");
    SM.SnapshotOptions = Strings(S["snapshot_options"], "snapshot_options");
    SM.SnapshotHosts = Strings(S["snapshot_hosts"], "snapshot_hosts");
    SM.Pin = R.pattern(S["pin_pattern"], "pin_pattern");
    SM.Local = R.pattern(S["local_pattern"], "local_pattern");
    P.System.push_back(std::move(SM));
  }
  const YAML::Node Pip = M["pip"];
  P.Pip.Command = R.pattern(Pip["command_pattern"], "command_pattern");
  P.Pip.Interpreter = R.pattern(Pip["interpreter_pattern"], "interpreter_pattern");
  P.Pip.Wrappers = Strings(Pip["wrappers"], "wrappers");
  P.Pip.Install = Strings(Pip["install"], "install");
  P.Pip.OptionsWithValue = Strings(Pip["options_with_value"], "options_with_value");
  P.Pip.RequirementOptions = Strings(Pip["requirement_options"], "requirement_options");
  P.Pip.EditableOptions = Strings(Pip["editable_options"], "editable_options");
  P.Pip.HashOptions = Strings(Pip["hash_options"], "hash_options");
  P.Pip.NoDepsOptions = Strings(Pip["no_deps_options"], "no_deps_options");
  for (const std::string &Name : Strings(Pip["no_dependencies"], "no_dependencies"))
    P.Pip.NoDependencies.push_back(llvm::StringRef(Name).lower());
  P.Pip.Pin = R.pattern(Pip["pin_pattern"], "pin_pattern");
  P.Pip.FixedReference = R.pattern(Pip["fixed_reference_pattern"], "fixed_reference_pattern");
  P.Pip.Archive = R.pattern(Pip["archive_pattern"], "archive_pattern");
  P.Pip.LockedFile = R.pattern(Pip["locked_file_pattern"], "locked_file_pattern");
  P.Pip.HashLine = R.pattern(Pip["hash_line_pattern"], "hash_line_pattern");
  for (const YAML::Node &N : M["node"])
    P.Node.push_back({R.string(N["command"], "command"), Strings(N["scopes"], "scopes"),
                      Strings(N["install"], "install"),
                      Strings(N["frozen_options"], "frozen_options"),
                      R.string(N["advice"], "advice")});
  P.NodeOptionsWithValue = Strings(M["node_options_with_value"], "node_options_with_value");
  P.NodePin = R.pattern(M["node_pin_pattern"], "node_pin_pattern");
  P.Fetchers = Strings(M["downloads"]["fetchers"], "fetchers");
  P.Interpreters = Strings(M["downloads"]["interpreters"], "interpreters");
  P.RemoteSource = R.pattern(M["downloads"]["remote_source_pattern"], "remote_source_pattern");
  P.Git = R.string(M["git"]["command"], "command");
  P.GitClone = Strings(M["git"]["clone"], "clone");
  P.GitPinSubcommands = Strings(M["git"]["pin_subcommands"], "pin_subcommands");
  P.GitCommit = R.pattern(M["git"]["commit_pattern"], "commit_pattern");
  return P;
}

BuildReproducibility readBuildReproducibility(const YAML::Node &M, CatalogReader &R) {
  BuildReproducibility B;
  B.Digest = R.pattern(M["base_image"]["digest_pattern"], "digest_pattern");
  B.NotExternal = R.strings(M["base_image"]["not_external"], "not_external");
  const YAML::Node S = M["source_date_epoch"];
  B.EpochVariables = R.strings(S["variables"], "variables");
  B.WorkflowEvidence = R.strings(S["workflow_evidence"], "workflow_evidence");
  for (const YAML::Node &P : S["workflow_build_patterns"])
    B.WorkflowBuild.push_back(R.pattern(P, "workflow_build_patterns"));
  for (const YAML::Node &P : S["workflow_dockerfile_patterns"])
    B.WorkflowDockerfile.push_back(R.pattern(P, "workflow_dockerfile_patterns"));
  return B;
}

} // namespace

std::shared_ptr<const PackageManagers> loadPackageManagers(FileContext &Ctx) {
  return load<PackageManagers>(Ctx, "models/package-managers.yaml", readPackageManagers);
}

std::shared_ptr<const BuildReproducibility> loadBuildReproducibility(FileContext &Ctx) {
  return load<BuildReproducibility>(Ctx, "models/build-reproducibility.yaml",
                                    readBuildReproducibility);
}

} // namespace teetidy::repro
