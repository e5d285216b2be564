//===- Deployment.h - What the operator controls, and what runs where -*- C++ -*-===//
//
// The deployment files of a project (compose files, app-compose.json
// manifests, Dockerfiles) read together, to answer two questions:
//  - for a service and an environment variable, who decides its value
//    (EnvVerdict), with the locations that justify the answer;
//  - which services may run a given source file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/AppCompose.h"
#include "deploy/ComposeFile.h"
#include "deploy/Dockerfile.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::deploy {

/// Who decides a variable's value inside a service's container.
enum class EnvVerdictKind {
  /// A literal in `environment`: fixed by the measured compose file.
  Pinned,
  /// The operator (whoever supplies encrypted env, or the host) decides:
  /// interpolation of a name in allowed_envs (or of any name when no
  /// app-compose.json is known), a bare pass-through, an env_file, or a
  /// variable exported by pre_launch_script.
  OperatorControlled,
  /// Interpolated only from names missing from allowed_envs, so only the
  /// written default (possibly empty) can apply.
  DefaultOnly,
  /// Not set by the deployment at all.
  Unset,
};

const char *envVerdictName(EnvVerdictKind K);

/// One location that justifies a verdict.
struct EnvEvidence {
  SourceLocation Loc;
  std::string What;
};

struct EnvVerdict {
  EnvVerdictKind Kind = EnvVerdictKind::Unset;
  /// Pinned: the literal value; DefaultOnly: the value that applies.
  std::string Value;
  /// The deciding locations, most direct first (the environment entry or
  /// env_file, then the reference, then the allowed_envs item or script).
  std::vector<EnvEvidence> Because;
  /// For OperatorControlled: the names the operator sets (the variable for
  /// a pass-through, the interpolated names otherwise).
  std::vector<std::string> OperatorNames;
};

/// One variable a pre_launch_script exports.
struct ScriptExport {
  std::string Name;
  /// Location of the name.
  SourceLocation Loc;
  /// The value is computed (holds `$` or a backquote) or not given
  /// (`export NAME`), so it can come from operator input; false for a
  /// literal such as `export MODE=prod`.
  bool Dynamic = true;
};

/// Variables a pre_launch_script exports (`export NAME=...`, `export NAME`),
/// in script order.
std::vector<ScriptExport> scriptExports(const ManifestString &Script);

/// Who sets the compose process environment. With Manifest null nothing is
/// known, so every interpolated name counts as operator-controlled.
struct EnvironmentSource {
  const AppComposeManifest *Manifest = nullptr;
  /// Whether the operator can set \p Name for interpolation; \p Why gets
  /// the allowed_envs item or the pre_launch_script export.
  bool operatorSets(std::string_view Name, std::vector<EnvEvidence> *Why = nullptr) const;
};

/// The verdict for variable \p Var of service \p S.
EnvVerdict classifyEnv(const ComposeService &S, std::string_view Var, const EnvironmentSource &Env);

/// One compose file of the project (standalone, or embedded in a manifest).
struct DeploymentUnit {
  /// The compose file's path (the manifest's path for an embedded one).
  std::string Path;
  const ComposeFile *Compose = nullptr;
  /// The manifest deploying it: the one embedding it, or an app-compose
  /// JSON in the same directory; null when none is known.
  const AppComposeManifest *Manifest = nullptr;
};

/// Where a service's code comes from.
struct ServiceCode {
  std::string Service;
  /// Path of the compose file (or manifest) declaring it.
  std::string ComposePath;
  /// Absolute, normalised source directories or files: build contexts and
  /// the Dockerfile's COPY / ADD sources.
  std::vector<std::string> SourcePaths;
  /// The Dockerfile that builds it, when it is among the project's files.
  const DockerfileModel *Dockerfile = nullptr;
};

/// Whether \p F is read as a compose file: YAML with a Compose name, or named
/// (absolute) in \p ExtraCompose.
bool isComposeFile(const SourceFile &F, const std::set<std::string> &ExtraCompose);

/// The deployment files of a project, read once.
class Deployment {
public:
  /// Reads every compose file, app-compose manifest and Dockerfile among
  /// \p Files (other files are ignored): compose files are YAML files with a
  /// Compose name or named (absolute) in \p ExtraCompose, manifests are the
  /// JSON files. Files they refer to (`extends`, default overrides) are read
  /// through \p Store, which must outlive the result.
  static std::shared_ptr<const Deployment> build(const std::vector<const SourceFile *> &Files,
                                                 FileStore &Store,
                                                 const std::set<std::string> &ExtraCompose = {});
  /// The same for \p Paths, loaded through \p Store (unreadable ones are
  /// skipped: their problems are reported when the file itself is analysed).
  static std::shared_ptr<const Deployment> build(const std::vector<std::string> &Paths,
                                                 FileStore &Store,
                                                 const std::set<std::string> &ExtraCompose = {});

  /// How \p F was read, when it is one of the deployment's files (each is
  /// parsed once; checks and the driver read these).
  const ComposeParseResult *composeOf(const SourceFile &F) const;
  const AppComposeParseResult *appComposeOf(const SourceFile &F) const;
  const DockerfileParseResult *dockerfileOf(const SourceFile &F) const;

  const std::vector<DeploymentUnit> &units() const { return Units; }
  const std::vector<ServiceCode> &code() const { return Code; }
  /// The code entry of service \p Service of the compose file (or manifest)
  /// at \p ComposePath, or null when it has no `build`.
  const ServiceCode *codeOf(std::string_view ComposePath, std::string_view Service) const;

  /// The manifest deploying the compose file at \p Path (an app-compose
  /// JSON in the same directory), or null.
  const AppComposeManifest *manifestFor(std::string_view Path) const;
  /// The environment source for the compose file at \p Path.
  EnvironmentSource environmentFor(std::string_view Path) const { return {manifestFor(Path)}; }
  /// Names of the services that may run the source file \p Path. When no
  /// service claims the file by build context or COPY / ADD, every service
  /// of the project is a candidate.
  std::vector<std::string> servicesFor(std::string_view Path) const;

private:
  /// Parses of compose files (with `extends` targets and overrides).
  std::unique_ptr<ComposeCache> Cache;
  std::vector<const ComposeParseResult *> Composes;
  /// Standalone compose files with `extends` and default overrides applied.
  std::vector<std::unique_ptr<ComposeProject>> Projects;
  std::vector<std::unique_ptr<AppComposeParseResult>> Manifests;
  std::vector<std::unique_ptr<DockerfileParseResult>> Dockerfiles;
  struct Parsed {
    enum Kind { Compose, Manifest, Dockerfile } Kind;
    size_t Index;
  };
  std::map<const SourceFile *, Parsed> ByFile;
  std::vector<DeploymentUnit> Units;
  std::vector<ServiceCode> Code;
};

} // namespace teetidy::deploy
