//===- ComposeFile.h - Docker Compose file model ----------------*- C++ -*-===//
//
// The parts of a Docker Compose file that matter for a dstack audit: per
// service image, build, environment, env files, volumes, privileges and
// ports, plus every `$` reference in the file with its location. Values are
// kept as written (not interpolated); YAML anchors, aliases and merge keys
// (`<<`) are resolved.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/DeployIssue.h"
#include "deploy/Interpolation.h"
#include "source/FileStore.h"
#include "source/SourceFile.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::deploy {

/// A scalar value of a compose file with its location and `$` references.
///
/// Loc is the first byte of the value's content: the first character of a
/// plain scalar, the byte after the opening quote of a quoted scalar, and the
/// first content byte of a block scalar (`|`, `>`). Length spans the content
/// in the file (the closing quote is not included).
struct ComposeScalar {
  /// The value after YAML unquoting and unescaping, before interpolation.
  std::string Text;
  /// First byte of the content in the file (see above).
  SourceLocation Loc;
  /// Bytes of the file the content spans.
  size_t Length = 0;
  /// Text split into references; offsets index Text.
  InterpolatedString Value;
  /// True when Text holds a malformed `${` (reported as an issue); Value then
  /// holds Text with no references.
  bool InterpolationFailed = false;
  /// File offset of each byte of Text plus one for its end; empty when Text
  /// is a verbatim copy of the file bytes at Loc.
  std::vector<size_t> Offsets;

  /// File offset of byte \p I of Text; Text.size() maps to the content end.
  size_t fileOffset(size_t I) const;
  /// Location of byte \p I of Text, e.g. of a VariableRef::Offset.
  SourceLocation locationOf(size_t I) const { return {Loc.File, fileOffset(I)}; }
  /// The part Text[Begin, End) as a scalar of its own, with its locations
  /// and its interpolation re-parsed.
  ComposeScalar slice(size_t Begin, size_t End = std::string::npos) const;
};

/// One variable of a service's `environment`.
struct EnvironmentEntry {
  /// How the entry is written.
  enum class Form {
    ListKeyValue, ///< `- K=V` (also `- K=` with an empty value)
    ListBare,     ///< `- K`: copied from the compose process environment
    MapValue,     ///< `K: V`
    MapNull,      ///< `K:` or `K: null`: copied from the process environment
  };
  /// Variable name as written.
  std::string Name;
  /// Which form the entry has.
  Form Kind = Form::MapValue;
  /// The value for ListKeyValue and MapValue; for `- K=V` it covers just V.
  std::optional<ComposeScalar> Value;
  /// Location of the name (the K of `- K=V`, or the mapping key).
  SourceLocation NameLoc;
};

/// One `env_file` entry.
struct EnvFileRef {
  /// Path as written.
  std::string Path;
  /// False for `{path: ..., required: false}`.
  bool Required = true;
  /// Location of the path value.
  SourceLocation Loc;
};

/// A service's `build`, either `build: ./dir` or the mapping form.
struct BuildSpec {
  /// `context` (or the string form's value).
  std::optional<ComposeScalar> Context;
  /// `dockerfile`.
  std::optional<ComposeScalar> Dockerfile;
  /// `dockerfile_inline`; its fileOffset() can feed parseDockerfile().
  std::optional<ComposeScalar> DockerfileInline;
  /// Location of the `build` value.
  SourceLocation Loc;
};

/// One entry of a service's `volumes`.
struct VolumeMount {
  /// Host path or volume name as written (empty for an anonymous volume).
  std::string Source;
  /// Path inside the container.
  std::string Target;
  /// Mounted read-only (`:ro` or `read_only: true`).
  bool ReadOnly = false;
  /// `bind`, `volume`, `tmpfs`, ... For the short syntax a source starting
  /// with `/`, `.`, `~` or `$` is a bind mount, any other a named volume.
  std::string Type;
  /// Location of the entry (the string, or the long syntax's mapping).
  SourceLocation Loc;
  /// Location and length in the file of Source (invalid when empty).
  SourceLocation SourceLoc;
  size_t SourceLength = 0;
  /// True for the long (mapping) syntax.
  bool LongSyntax = false;
};

/// A service's `extends`: `{service: x}` in the same file, or
/// `{file: other.yml, service: x}` (the file relative to the compose file).
/// The string form `extends: x` names a service of the same file.
struct ExtendsSpec {
  /// The base service's name.
  ComposeScalar Service;
  /// The file holding it; absent for the same file.
  std::optional<ComposeScalar> File;
  /// Location of the `extends` value.
  SourceLocation Loc;
};

/// One service under `services`.
struct ComposeService {
  /// The service's key.
  std::string Name;
  /// Location of the key.
  SourceLocation NameLoc;
  /// Scalar settings, absent when not written (or null).
  std::optional<ComposeScalar> Image, PullPolicy, NetworkMode, Pid, Privileged, Restart,
      ContainerName, WorkingDir;
  /// `build`, string or mapping form.
  std::optional<BuildSpec> Build;
  /// `environment` entries in file order (merged entries after explicit ones).
  std::vector<EnvironmentEntry> Environment;
  /// `env_file` entries.
  std::vector<EnvFileRef> EnvFiles;
  /// `volumes` entries.
  std::vector<VolumeMount> Volumes;
  /// `cap_add` entries.
  std::vector<ComposeScalar> CapAdd;
  /// `devices` entries (`/dev/x[:/dev/y[:rwm]]` as written).
  std::vector<ComposeScalar> Devices;
  /// `security_opt` entries (`seccomp:unconfined`, `apparmor=unconfined`...).
  std::vector<ComposeScalar> SecurityOpt;
  /// `extends` as written; empty in the result of resolveExtends().
  std::optional<ExtendsSpec> Extends;
  /// `ports` entries. A long-syntax mapping is rewritten to the short form
  /// `[host_ip:][published:]target[/protocol]` with Loc at the mapping, no
  /// Length, and every Offsets entry pointing at the mapping.
  std::vector<ComposeScalar> Ports;
  /// `command` / `entrypoint`: the list items, or one element for a string.
  std::vector<ComposeScalar> Command, Entrypoint;
  /// True when command / entrypoint was written as one string (shell form).
  bool CommandIsString = false, EntrypointIsString = false;

  /// The entry for variable \p Name (the last one if repeated), or null.
  const EnvironmentEntry *findEnv(std::string_view Name) const;
};

/// A volume declared under the top-level `volumes` (`volumes: {data: {driver:
/// local, driver_opts: {type: nfs, device: ...}}}`).
struct VolumeDefinition {
  std::string Name;
  /// Location of the volume's key.
  SourceLocation NameLoc;
  /// `driver` (absent: Docker's `local`).
  std::optional<ComposeScalar> Driver;
  /// `driver_opts` entries in file order (`type`, `device`, `o`).
  std::vector<std::pair<std::string, ComposeScalar>> DriverOpts;
  /// `external: true`: created outside this compose file.
  bool External = false;

  /// The `driver_opts` entry \p Key, or null.
  const ComposeScalar *option(std::string_view Key) const;
};

/// A parsed compose file, or several merged by mergeCompose(). Every value
/// keeps the location it was written at, so in a merged or extended model
/// locations can point into several files.
struct ComposeFile {
  /// The file the locations point into (the first file of a merge).
  const SourceFile *File = nullptr;
  /// Services in file order.
  std::vector<ComposeService> Services;
  /// Top-level `volumes` declarations, in file order.
  std::vector<VolumeDefinition> Volumes;
  /// Top-level `configs` / `secrets` with inline `content`, by name.
  std::vector<std::pair<std::string, ComposeScalar>> InlineContents;

  /// One `$` reference anywhere in the file's values.
  struct RefSite {
    /// The reference; offsets are relative to the scalar holding it.
    VariableRef Ref;
    /// Location of the reference's `$`.
    SourceLocation Loc;
    /// Where the value sits, e.g. `services.api.environment.URL` or
    /// `services.api.ports[0]`. Items of an `environment` list use the name.
    std::string Path;
    /// True for a reference inside another's argument (`${B}` in
    /// `${A:-${B}}`). Ref.Nested is empty: nested references are listed
    /// after the one holding them.
    bool Nested = false;
  };
  /// Every reference in file order; a value shared through an alias is
  /// listed once, at its anchor.
  std::vector<RefSite> References;

  /// The service called \p Name, or null.
  const ComposeService *findService(std::string_view Name) const;
  /// The top-level declaration of volume \p Name, or null.
  const VolumeDefinition *findVolume(std::string_view Name) const;
};

/// Outcome of reading a compose file. Compose is absent only when the YAML
/// could not be parsed at all; Issues lists everything that was wrong.
struct ComposeParseResult {
  std::optional<ComposeFile> Compose;
  std::vector<DeployIssue> Issues;
};

/// Reads \p File as compose YAML.
ComposeParseResult parseCompose(const SourceFile &File);

/// Reads compose YAML embedded in \p File (e.g. the `docker_compose_file`
/// string of app-compose.json). \p MapToFileOffset maps a byte offset in
/// \p YamlText to a byte offset in \p File; every location goes through it.
ComposeParseResult parseCompose(const SourceFile &File, std::string_view YamlText,
                                std::function<size_t(size_t YamlOffset)> MapToFileOffset);

/// Reads the compose file at \p Path (normalised); an error when it cannot be
/// read or parsed. Used by resolveExtends() for `extends: {file: ...}`.
using ComposeFileLoader =
    std::function<llvm::Expected<const ComposeFile *>(const std::string &Path)>;

/// \p F with `extends` applied to every service: each service is its base
/// service (itself extended first) merged with its own settings by
/// mergeService(). A `file` is resolved relative to the directory of the
/// compose file naming it and read through \p Load (same-file references
/// need no loader). Cycles, missing services and unreadable files are
/// reported as issues at the `extends` value; such a service keeps its own
/// settings.
ComposeParseResult resolveExtends(const ComposeFile &F, const ComposeFileLoader &Load = nullptr);

/// \p Over applied on top of \p Base following Compose's merge rules:
/// scalars, `build` fields, `command` and `entrypoint` are replaced;
/// `environment` is merged by name; `volumes` by target and `ports` by their
/// full mapping (a later entry replaces an earlier one); `env_file`,
/// `cap_add`, `devices` and `security_opt` are appended (exact repeats
/// dropped). The result is named and located like \p Over.
ComposeService mergeService(const ComposeService &Base, const ComposeService &Over);

/// Files merged in order (`docker compose -f a -f b`): services of later
/// files are merged into same-named earlier ones (mergeService()), new
/// services are appended; inline `configs`/`secrets` contents and top-level
/// volume declarations are replaced by name; references are concatenated. Null entries are skipped.
ComposeFile mergeCompose(const std::vector<const ComposeFile *> &Files);

/// The override files Compose loads by default after \p ComposePath when no
/// `-f` is given, in order of preference: for `docker-compose.yml` that is
/// `docker-compose.override.yml` then `docker-compose.override.yaml` beside
/// it, likewise for `compose.yaml`. Empty for any other file name
/// (including an override file itself).
std::vector<std::string> defaultOverrideCandidates(std::string_view ComposePath);

/// Compose files read through a FileStore and parsed once each, by
/// normalised absolute path. Thread-compatible (one thread at a time).
class ComposeCache {
public:
  explicit ComposeCache(FileStore &Store) : Store(Store) {}
  /// The parse of \p File, made now if it is not cached yet.
  const ComposeParseResult &parse(const SourceFile &File);
  /// The parse of the file at \p Path, read through the store on first
  /// use; an error when it cannot be read.
  llvm::Expected<const ComposeParseResult *> read(const std::string &Path);
  FileStore &store() { return Store; }

private:
  FileStore &Store;
  /// Null when the file could not be read (the message is kept).
  std::map<std::string, std::unique_ptr<ComposeParseResult>> Parsed;
  std::map<std::string, std::string> Unreadable;
};

/// Compose files combined as `docker compose` does.
class ComposeProject {
public:
  /// Reads \p Paths in order through \p Cache, resolves `extends` in each
  /// (reading the files it names) and merges them. With a single path, the
  /// first existing default override beside it (defaultOverrideCandidates())
  /// is added.
  static std::unique_ptr<ComposeProject> load(const std::vector<std::string> &Paths,
                                              ComposeCache &Cache);

  /// The combined model; null when no file could be parsed.
  const ComposeFile *merged() const { return Merged ? &*Merged : nullptr; }
  /// Paths of the files merged, in order (without files only read for
  /// `extends`).
  const std::vector<std::string> &paths() const { return Paths; }
  /// Problems of every file read, including unreadable ones.
  const std::vector<DeployIssue> &issues() const { return Issues; }

private:
  llvm::Expected<const ComposeFile *> read(const std::string &Path);

  ComposeCache *Cache = nullptr;
  std::vector<std::string> Paths;
  /// Files whose issues are already listed.
  std::set<std::string> Seen;
  std::vector<ComposeParseResult> Resolved;
  std::optional<ComposeFile> Merged;
  std::vector<DeployIssue> Issues;
};

/// True for YAML file names that say they hold a Compose file: the word
/// `compose` in the name, delimited by `-`, `_`, `.` or the name's ends
/// (`docker-compose.yml`, `compose.yaml`, `docker-compose.dev.yml`,
/// `phala-compose.yaml`; not `composer.yml`), case-insensitive.
bool isComposeFileName(std::string_view Path);

} // namespace teetidy::deploy
