//===- AppCompose.h - dstack app-compose.json model -------------*- C++ -*-===//
//
// The dstack manifest, read with the positioned JSON reader (source/Json.h):
// every documented field with its location, unknown keys, the embedded
// docker_compose_file parsed as compose YAML, and the compose hash.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/ComposeFile.h"
#include "deploy/DeployIssue.h"
#include "source/Json.h"
#include "source/SourceFile.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::deploy {

/// The JSON reader's values, under their deployment names.
using teetidy::jsonKindName;
using teetidy::JsonMember;
using teetidy::JsonValue;

/// A parsed JSON document. On a syntax error Root holds what was read before
/// it (containers cut short), and the error is an issue.
struct JsonParseResult {
  std::optional<JsonValue> Root;
  std::vector<DeployIssue> Issues;
};

/// Reads \p File as JSON (RFC 8259). Duplicate keys are reported, with what
/// dstack makes of them.
JsonParseResult parseJson(const SourceFile &File);

/// A string field of the manifest.
struct ManifestString {
  std::string Value;
  /// The value's opening quote (or first byte of a number).
  SourceLocation Loc;
  /// Decoded byte -> file offset, as JsonValue::Offsets.
  std::vector<size_t> Offsets;
  /// True when written as a JSON number (manifest_version, swap_size, ...).
  bool IsNumber = false;
  SourceLocation locationOf(size_t I) const;
};

/// A boolean field of the manifest.
struct ManifestBool {
  bool Value = false;
  SourceLocation Loc;
};

/// A list-of-strings field.
struct ManifestStringList {
  std::vector<ManifestString> Items;
  /// The `[` (or the single string for init_script's string form).
  SourceLocation Loc;
  /// False for init_script written as one string.
  bool IsArray = true;
  bool contains(std::string_view S) const;
};

/// Key provider selection per dstack's `AppCompose::key_provider()`.
enum class KeyProviderKind { None, Kms, Local, Tpm, Unknown };

struct EffectiveKeyProvider {
  KeyProviderKind Kind = KeyProviderKind::None;
  /// `none`, `kms`, `local`, `tpm`, or the unknown value as written.
  std::string Name;
  /// The field that decided (invalid when nothing was set).
  SourceLocation Loc;
  /// Which field decided, e.g. "key_provider", "kms_enabled", "features".
  std::string Source;
};

/// A dstack `app-compose.json`.
struct AppComposeManifest {
  const SourceFile *File = nullptr;
  /// The whole document.
  JsonValue Root;

  std::optional<ManifestString> ManifestVersion, Name, Runner, DockerComposeFile, BashScript,
      PreLaunchScript, KeyProvider, KeyProviderId, StorageFs, SwapSize, EventLogVersion,
      Snapshotter, LaunchTokenHash, DefaultGatewayDomain;
  std::optional<ManifestStringList> InitScript, Features, AllowedEnvs;
  std::optional<ManifestBool> KmsEnabled, GatewayEnabled, TproxyEnabled, LocalKeyProviderEnabled,
      PublicLogs, PublicSysinfo, PublicTcbinfo, NoInstanceId, SecureTime;
  /// Object / array fields, kept as JSON.
  std::optional<JsonValue> DockerConfig, PortPolicy, Requirements, VerityVolumes;
  /// Keys dstack does not know (serde ignores them; they still change the
  /// hash), with their key locations.
  std::vector<std::pair<std::string, SourceLocation>> UnknownKeys;
  /// The embedded docker_compose_file, when it parsed.
  std::optional<ComposeFile> Compose;

  /// Defaults applied: public_tcbinfo and secure_time default to true.
  bool publicLogs() const { return PublicLogs && PublicLogs->Value; }
  bool publicSysinfo() const { return PublicSysinfo && PublicSysinfo->Value; }
  bool publicTcbinfo() const { return !PublicTcbinfo || PublicTcbinfo->Value; }
  bool secureTime() const { return !SecureTime || SecureTime->Value; }
  bool noInstanceId() const { return NoInstanceId && NoInstanceId->Value; }
  /// gateway_enabled OR tproxy_enabled OR features has "tproxy-net".
  bool gatewayEnabled() const;
  /// kms_enabled OR features has "kms".
  bool kmsEnabled() const;
  /// key_provider > kms_enabled (or features "kms") > local_key_provider_enabled > none.
  EffectiveKeyProvider keyProvider() const;
  /// Whether \p Env is listed in allowed_envs.
  bool allows(std::string_view Env) const { return AllowedEnvs && AllowedEnvs->contains(Env); }
};

/// Outcome of reading a manifest. Manifest is absent only when the file is
/// not JSON at all or its top level is not an object.
struct AppComposeParseResult {
  std::optional<AppComposeManifest> Manifest;
  /// False when the file is not valid JSON (the manifest, if any, holds what
  /// was read before the error).
  bool ValidJson = true;
  /// JSON, type and embedded-YAML problems, in file order.
  std::vector<DeployIssue> Issues;
};

/// Reads \p File as an app-compose.json.
AppComposeParseResult parseAppCompose(const SourceFile &File);

/// True for file names that hold a dstack manifest (`app-compose*.json`,
/// `app_compose*.json`).
bool isAppComposeFileName(std::string_view Path);

/// Lower-case hex SHA-256 of \p Bytes.
std::string sha256Hex(std::string_view Bytes);

/// The app_id dstack uses without on-chain KMS: the first 20 bytes of the
/// compose hash, as 40 hex characters.
std::string defaultAppId(std::string_view ComposeHashHex);

} // namespace teetidy::deploy
