#include "checkers/repro/ReproCatalog.h"

#include "checkers/FileContext.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <stdexcept>

namespace teetidy::repro {

bool matches(const Pattern &P, std::string_view Text) {
  return P && P->match(llvm::StringRef(Text.data(), Text.size()));
}

bool matches(const Pattern &P, std::string_view Text,
             llvm::SmallVectorImpl<llvm::StringRef> &Groups) {
  return P && P->match(llvm::StringRef(Text.data(), Text.size()), &Groups);
}

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

/// A catalog entry that does not compile or is missing.
struct CatalogError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<std::string> strings(const YAML::Node &N) {
  std::vector<std::string> Out;
  if (!N)
    return Out;
  for (const YAML::Node &E : N)
    Out.push_back(E.as<std::string>());
  return Out;
}

/// The regular expression \p V (named \p What in errors).
Pattern patternOf(const YAML::Node &V, const std::string &What) {
  std::string Text = V.as<std::string>();
  auto RE = std::make_shared<llvm::Regex>(Text);
  std::string Err;
  if (!RE->isValid(Err))
    throw CatalogError("bad pattern '" + Text + "' (" + What + "): " + Err);
  return RE;
}

Pattern pattern(const YAML::Node &N, const char *Key) {
  if (!N[Key])
    throw CatalogError(std::string("missing '") + Key + "'");
  return patternOf(N[Key], Key);
}

/// Loads \p Path and hands it to \p Read; problems become tool errors.
template <typename T, typename Fn>
std::optional<T> load(FileContext &Ctx, const char *Path, Fn Read) {
  std::optional<T> Out;
  readModel(Ctx, Path, [&](const YAML::Node &M) { Out = Read(M); });
  return Out;
}

} // namespace

std::optional<PackageManagers> loadPackageManagers(FileContext &Ctx) {
  return load<PackageManagers>(Ctx, "models/package-managers.yaml", [](const YAML::Node &M) {
    PackageManagers P;
    P.Prefixes = strings(M["command_prefixes"]);
    for (const YAML::Node &S : M["system"]) {
      SystemManager SM;
      SM.Name = S["name"].as<std::string>();
      SM.Commands = strings(S["commands"]);
      SM.Install = strings(S["install"]);
      SM.Refresh = strings(S["refresh"]);
      SM.Upgrade = strings(S["upgrade"]);
      SM.OptionsWithValue = strings(S["options_with_value"]);
      SM.SnapshotOptions = strings(S["snapshot_options"]);
      SM.SnapshotHosts = strings(S["snapshot_hosts"]);
      SM.Pin = pattern(S, "pin_pattern");
      SM.Local = pattern(S, "local_pattern");
      P.System.push_back(std::move(SM));
    }
    const YAML::Node Pip = M["pip"];
    P.Pip.Command = pattern(Pip, "command_pattern");
    P.Pip.Interpreter = pattern(Pip, "interpreter_pattern");
    P.Pip.Wrappers = strings(Pip["wrappers"]);
    P.Pip.Install = strings(Pip["install"]);
    P.Pip.OptionsWithValue = strings(Pip["options_with_value"]);
    P.Pip.RequirementOptions = strings(Pip["requirement_options"]);
    P.Pip.EditableOptions = strings(Pip["editable_options"]);
    P.Pip.HashOptions = strings(Pip["hash_options"]);
    P.Pip.NoDepsOptions = strings(Pip["no_deps_options"]);
    for (const std::string &Name : strings(Pip["no_dependencies"]))
      P.Pip.NoDependencies.push_back(llvm::StringRef(Name).lower());
    P.Pip.Pin = pattern(Pip, "pin_pattern");
    P.Pip.FixedReference = pattern(Pip, "fixed_reference_pattern");
    P.Pip.Archive = pattern(Pip, "archive_pattern");
    P.Pip.LockedFile = pattern(Pip, "locked_file_pattern");
    P.Pip.HashLine = pattern(Pip, "hash_line_pattern");
    for (const YAML::Node &N : M["node"])
      P.Node.push_back({N["command"].as<std::string>(), strings(N["scopes"]), strings(N["install"]),
                        strings(N["frozen_options"]), N["advice"].as<std::string>()});
    P.NodeOptionsWithValue = strings(M["node_options_with_value"]);
    P.NodePin = pattern(M, "node_pin_pattern");
    P.Fetchers = strings(M["downloads"]["fetchers"]);
    P.Interpreters = strings(M["downloads"]["interpreters"]);
    P.RemoteSource = pattern(M["downloads"], "remote_source_pattern");
    return P;
  });
}

std::optional<BuildReproducibility> loadBuildReproducibility(FileContext &Ctx) {
  return load<BuildReproducibility>(
      Ctx, "models/build-reproducibility.yaml", [](const YAML::Node &M) {
        BuildReproducibility B;
        B.Digest = pattern(M["base_image"], "digest_pattern");
        B.NotExternal = strings(M["base_image"]["not_external"]);
        const YAML::Node S = M["source_date_epoch"];
        B.EpochVariables = strings(S["variables"]);
        B.WorkflowEvidence = strings(S["workflow_evidence"]);
        for (const YAML::Node &P : S["workflow_build_patterns"])
          B.WorkflowBuild.push_back(patternOf(P, "workflow_build_patterns"));
        for (const YAML::Node &P : S["workflow_dockerfile_patterns"])
          B.WorkflowDockerfile.push_back(patternOf(P, "workflow_dockerfile_patterns"));
        return B;
      });
}

} // namespace teetidy::repro
