//===- Deployment.h - What the operator controls, and what runs where -*- C++ -*-===//
//
// The deployment files of a project (compose files, app-compose.json
// manifests, Dockerfiles) read together: which compose files are dstack
// deployments, what code each service holds and runs (the evidence CodeMap
// weighs per file), and, for a service and an environment variable, who
// decides its value (EnvVerdict), with the locations that justify it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/AppCompose.h"
#include "deploy/ComposeFile.h"
#include "deploy/DeploymentRules.h"
#include "deploy/Dockerfile.h"

#include "llvm/Support/GlobPattern.h"

#include <map>
#include <memory>
#include <optional>
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
  /// The compose file sets the variable whatever the operator does (an
  /// interpolated value: an unset name expands to an empty string), so the
  /// process never sees it missing, only empty.
  bool AlwaysSet = false;
  /// It cannot be empty either: the value has literal text, or a
  /// `${NAME:?message}` that stops the deployment when NAME is empty.
  bool NeverEmpty = false;
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

/// What a compose file is to the project.
enum class DeploymentKind {
  /// Deployed in a dstack CVM: embedded in or beside an app-compose.json,
  /// named by --compose, mounting the guest agent's socket, or named so.
  Dstack,
  /// Nothing says what it is for.
  Plain,
  /// For local development, tests or CI (by its name or directory).
  Development,
};

const char *deploymentKindName(DeploymentKind K);

/// One compose file of the project (standalone, or embedded in a manifest).
struct DeploymentUnit {
  /// The compose file's path (the manifest's path for an embedded one).
  std::string Path;
  const ComposeFile *Compose = nullptr;
  /// The manifest deploying it: the one embedding it, or an app-compose
  /// JSON in the same directory; null when none is known.
  const AppComposeManifest *Manifest = nullptr;
  DeploymentKind Kind = DeploymentKind::Plain;
  /// Why it has its kind ("embedded in app-compose.json", "its name says
  /// 'dev'").
  std::string KindReason;
  /// The directory whose code it governs (absolute): its own, or the one
  /// above a directory that only holds deployment files.
  std::string Scope;
  /// For a standalone compose file that a manifest's embedded compose file
  /// describes again (in the manifest's directory tree): the index of that
  /// manifest's unit. Such a unit decides no verdict.
  std::optional<size_t> DescribedBy;
};

/// How strongly a piece of evidence ties a service to code.
enum class Evidence : uint8_t {
  None = 0,
  /// The deployment says nothing about any service's code: every service
  /// that can run the file is a candidate; or a Dockerfile no service builds
  /// is taken to build a service's image, with nothing naming which.
  Weak = 1,
  /// A name matches: the service, container or image name, or the name of
  /// a Dockerfile taken to build the image, matches a directory on the
  /// file's path or the Dockerfile's.
  Name = 2,
  /// The service's build context or Dockerfile `COPY`/`ADD`, its command or
  /// entrypoint, its working directory, or a volume it mounts.
  Strong = 3,
};

const char *evidenceName(Evidence E);

/// Code a service holds: a directory or file of the project.
struct CodeSource {
  /// Absolute, normalised.
  std::string Path;
  Evidence Level = Evidence::Strong;
  /// How the service gets it ("build context './api'", "COPY src in
  /// api/Dockerfile", "volume './src'").
  std::string Why;
  SourceLocation Loc;
  /// The Dockerfile that copies it; null for a build context or volume.
  const DockerfileModel *From = nullptr;
  /// For a wildcard source (`COPY src/*.py ./`), the absolute pattern: only
  /// what matches it, or lies under what matches it, is copied.
  struct Pattern {
    /// The pattern's text, which the compiled pattern refers to.
    std::string Text;
    llvm::GlobPattern Compiled;
  };
  std::shared_ptr<const Pattern> Glob{};

  /// Whether the service gets the file at absolute path \p File this way.
  bool covers(llvm::StringRef File) const;
};

/// A program or module a service's command names (`python app/main.py`,
/// `uvicorn app.main:app`, `-m app.worker`, `bash run.sh`).
struct EntryPoint {
  /// As written: a path, or a dotted module name.
  std::string Name;
  bool IsModule = false;
  Evidence Level = Evidence::Strong;
  /// How the service starts it ("its command", "the CMD of Dockerfile").
  std::string Why;
  SourceLocation Loc;
  /// The Dockerfile whose CMD or ENTRYPOINT names it (it names a file of
  /// that image); null for a compose command.
  const DockerfileModel *From = nullptr;
};

/// Where a service's code comes from.
struct ServiceCode {
  std::string Service;
  /// Path of the compose file (or manifest) declaring it.
  std::string ComposePath;
  /// Index of its unit in Deployment::units().
  size_t Unit = 0;
  const ComposeService *Compose = nullptr;
  /// Build contexts and their Dockerfiles' COPY / ADD sources, mounted
  /// volumes, and the COPY sources of a Dockerfile taken to build its image.
  std::vector<CodeSource> Sources;
  std::vector<EntryPoint> Entries;
  /// The Dockerfile that builds it, when it is among the project's files
  /// (for a prebuilt image: the one taken to build it, if only one is).
  const DockerfileModel *Dockerfile = nullptr;
  /// Names that tie it to directories: the service name, container name,
  /// image repository, working directory, Dockerfile suffix; with how
  /// strong each is.
  std::vector<std::pair<std::string, Evidence>> Names;
  /// The language families it can run ("python", "ecmascript", ...); nullopt
  /// when nothing is known (any).
  std::optional<std::set<std::string>> Families;
  /// Its image runs no application code (a stock database or proxy), and
  /// nothing it runs says otherwise; StockKind says what it is.
  bool RunsNoCode = false;
  std::string StockKind;
  /// Whether it has no build and a prebuilt image.
  bool Prebuilt = false;
};

/// Adds the entry points command \p Text names (a JSON array or a shell
/// line) to \p Entries, each with \p Level, \p Why and \p Loc, and the
/// language families of the runtimes it calls to \p Runtimes.
void commandEntries(std::string_view Text, const DeploymentRules &Rules, Evidence Level,
                    const std::string &Why, SourceLocation Loc, std::vector<EntryPoint> &Entries,
                    std::set<std::string> &Runtimes);

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
  /// \p Rules decide which compose files are deployments and what images
  /// run; with empty rules every compose file is a plain deployment.
  static std::shared_ptr<const Deployment> build(const std::vector<const SourceFile *> &Files,
                                                 FileStore &Store,
                                                 const std::set<std::string> &ExtraCompose = {},
                                                 const DeploymentRules &Rules = {});
  /// The same for \p Paths, loaded through \p Store (unreadable ones are
  /// skipped: their problems are reported when the file itself is analysed).
  static std::shared_ptr<const Deployment> build(const std::vector<std::string> &Paths,
                                                 FileStore &Store,
                                                 const std::set<std::string> &ExtraCompose = {},
                                                 const DeploymentRules &Rules = {});

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
  /// The Dockerfiles no service builds.
  const std::vector<const DockerfileModel *> &unbuiltDockerfiles() const { return Unbuilt; }
  /// The directory every analysed file lies under (absolute).
  const std::string &root() const { return Root; }
  /// Whether the project has a compose file or an app-compose.json with
  /// one.
  bool empty() const { return Units.empty(); }
  /// Whether unit \p U says anything about the code of its services.
  bool describesCode(size_t U) const;
  /// Whether the compose file at \p Path is a development or plain compose
  /// file beside a dstack deployment (one whose scope contains its own, or
  /// lies inside it), and so decides nothing; the reason when so.
  std::optional<std::string> setAside(std::string_view Path) const;
  const DeploymentRules &rules() const { return Rules; }

  /// \p Abs relative to root() when it lies under it, else \p Abs.
  std::string relative(const std::string &Abs) const;
  /// \p Abs as notes about unit \p Unit show it: relative to its scope
  /// (which does not depend on what else is analysed), else to root().
  std::string shown(const std::string &Abs, size_t Unit) const;

private:
  void classifyUnits(const std::set<std::string> &ExtraCompose);
  void collectCode(FileStore &Store);

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
  std::vector<const DockerfileModel *> Unbuilt;
  std::string Root;
  DeploymentRules Rules;
};

} // namespace teetidy::deploy
