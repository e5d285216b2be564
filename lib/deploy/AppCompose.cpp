#include "deploy/AppCompose.h"

#include "source/Utf8.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace teetidy::deploy {

namespace {

// --- Manifest fields ------------------------------------------------------

class ManifestReader {
public:
  ManifestReader(AppComposeManifest &M, std::vector<DeployIssue> &Issues) : M(M), Issues(Issues) {}

  void wrongType(const JsonMember &Mem, const char *Expected) {
    Issues.push_back({Mem.Value.Loc, "'" + Mem.Key + "' should be " + Expected + ", found " +
                                         jsonKindName(Mem.Value.K)});
  }

  static ManifestString str(const JsonValue &V) {
    ManifestString S;
    S.Value = V.Text;
    S.Loc = V.Loc;
    S.Offsets = V.Offsets;
    S.IsNumber = V.K == JsonValue::Kind::Number;
    return S;
  }

  void string(const JsonMember &Mem, std::optional<ManifestString> &Out, bool AllowNumber = false) {
    if (Mem.Value.isString() || (AllowNumber && Mem.Value.K == JsonValue::Kind::Number))
      Out = str(Mem.Value);
    else if (Mem.Value.K != JsonValue::Kind::Null)
      wrongType(Mem, AllowNumber ? "a string or a number" : "a string");
  }

  void boolean(const JsonMember &Mem, std::optional<ManifestBool> &Out) {
    if (Mem.Value.K == JsonValue::Kind::Bool)
      Out = ManifestBool{Mem.Value.Bool, Mem.Value.Loc};
    else if (Mem.Value.K != JsonValue::Kind::Null)
      wrongType(Mem, "true or false");
  }

  void list(const JsonMember &Mem, std::optional<ManifestStringList> &Out,
            bool AllowString = false) {
    const JsonValue &V = Mem.Value;
    if (AllowString && V.isString()) {
      Out = ManifestStringList{{str(V)}, V.Loc, false};
      return;
    }
    if (V.K == JsonValue::Kind::Null)
      return;
    if (V.K != JsonValue::Kind::Array) {
      wrongType(Mem, AllowString ? "a string or an array of strings" : "an array of strings");
      return;
    }
    ManifestStringList L;
    L.Loc = V.Loc;
    for (const JsonValue &I : V.Items) {
      if (I.isString())
        L.Items.push_back(str(I));
      else
        Issues.push_back(
            {I.Loc, "'" + Mem.Key + "' items should be strings, found " + jsonKindName(I.K)});
    }
    Out = std::move(L);
  }

  void json(const JsonMember &Mem, std::optional<JsonValue> &Out, JsonValue::Kind K) {
    if (Mem.Value.K == K)
      Out = Mem.Value;
    else if (Mem.Value.K != JsonValue::Kind::Null)
      wrongType(Mem, jsonKindName(K));
  }

  void member(const JsonMember &Mem) {
    const std::string &K = Mem.Key;
    using JK = JsonValue::Kind;
    if (K == "manifest_version")
      string(Mem, M.ManifestVersion, true);
    else if (K == "name")
      string(Mem, M.Name);
    else if (K == "runner")
      string(Mem, M.Runner);
    else if (K == "docker_compose_file")
      string(Mem, M.DockerComposeFile);
    else if (K == "bash_script")
      string(Mem, M.BashScript);
    else if (K == "pre_launch_script")
      string(Mem, M.PreLaunchScript);
    else if (K == "init_script")
      list(Mem, M.InitScript, true);
    else if (K == "docker_config")
      json(Mem, M.DockerConfig, JK::Object);
    else if (K == "kms_enabled")
      boolean(Mem, M.KmsEnabled);
    else if (K == "gateway_enabled")
      boolean(Mem, M.GatewayEnabled);
    else if (K == "tproxy_enabled")
      boolean(Mem, M.TproxyEnabled);
    else if (K == "features")
      list(Mem, M.Features);
    else if (K == "local_key_provider_enabled")
      boolean(Mem, M.LocalKeyProviderEnabled);
    else if (K == "key_provider")
      string(Mem, M.KeyProvider);
    else if (K == "key_provider_id")
      string(Mem, M.KeyProviderId);
    else if (K == "allowed_envs")
      list(Mem, M.AllowedEnvs);
    else if (K == "public_logs")
      boolean(Mem, M.PublicLogs);
    else if (K == "public_sysinfo")
      boolean(Mem, M.PublicSysinfo);
    else if (K == "public_tcbinfo")
      boolean(Mem, M.PublicTcbinfo);
    else if (K == "no_instance_id")
      boolean(Mem, M.NoInstanceId);
    else if (K == "secure_time")
      boolean(Mem, M.SecureTime);
    else if (K == "storage_fs")
      string(Mem, M.StorageFs);
    else if (K == "swap_size")
      string(Mem, M.SwapSize, true);
    else if (K == "port_policy")
      json(Mem, M.PortPolicy, JK::Object);
    else if (K == "event_log_version")
      string(Mem, M.EventLogVersion, true);
    else if (K == "requirements")
      json(Mem, M.Requirements, JK::Object);
    else if (K == "snapshotter")
      string(Mem, M.Snapshotter);
    else if (K == "verity_volumes")
      json(Mem, M.VerityVolumes, JK::Array);
    else if (K == "launch_token_hash")
      string(Mem, M.LaunchTokenHash);
    else if (K == "default_gateway_domain")
      string(Mem, M.DefaultGatewayDomain);
    else
      M.UnknownKeys.emplace_back(K, Mem.KeyLoc);
  }

private:
  AppComposeManifest &M;
  std::vector<DeployIssue> &Issues;
};

} // namespace

SourceLocation ManifestString::locationOf(size_t I) const {
  if (Offsets.empty())
    return Loc;
  return {Loc.File, Offsets[std::min(I, Offsets.size() - 1)]};
}

bool ManifestStringList::contains(std::string_view S) const {
  return std::any_of(Items.begin(), Items.end(),
                     [&](const ManifestString &I) { return I.Value == S; });
}

JsonParseResult parseJson(const SourceFile &File) {
  JsonDocument D = readJson(File);
  JsonParseResult R;
  R.Root = std::move(D.Root);
  for (JsonIssue &I : D.Issues) {
    if (I.DuplicateKey)
      I.Message += "; dstack refuses the file, other tools keep either value";
    R.Issues.push_back({I.Loc, std::move(I.Message)});
  }
  return R;
}

bool AppComposeManifest::gatewayEnabled() const {
  return (GatewayEnabled && GatewayEnabled->Value) || (TproxyEnabled && TproxyEnabled->Value) ||
         (Features && Features->contains("tproxy-net"));
}

bool AppComposeManifest::kmsEnabled() const {
  return (KmsEnabled && KmsEnabled->Value) || (Features && Features->contains("kms"));
}

EffectiveKeyProvider AppComposeManifest::keyProvider() const {
  EffectiveKeyProvider P;
  if (KeyProvider) {
    P.Name = KeyProvider->Value;
    P.Loc = KeyProvider->Loc;
    P.Source = "key_provider";
    P.Kind = P.Name == "none"    ? KeyProviderKind::None
             : P.Name == "kms"   ? KeyProviderKind::Kms
             : P.Name == "local" ? KeyProviderKind::Local
             : P.Name == "tpm"   ? KeyProviderKind::Tpm
                                 : KeyProviderKind::Unknown;
    return P;
  }
  if (kmsEnabled()) {
    P.Kind = KeyProviderKind::Kms;
    P.Name = "kms";
    bool FromFlag = KmsEnabled && KmsEnabled->Value;
    P.Source = FromFlag ? "kms_enabled" : "features";
    P.Loc = FromFlag ? KmsEnabled->Loc : Features->Loc;
    return P;
  }
  if (LocalKeyProviderEnabled && LocalKeyProviderEnabled->Value) {
    P.Kind = KeyProviderKind::Local;
    P.Name = "local";
    P.Source = "local_key_provider_enabled";
    P.Loc = LocalKeyProviderEnabled->Loc;
    return P;
  }
  P.Name = "none";
  return P;
}

AppComposeParseResult parseAppCompose(const SourceFile &File) {
  AppComposeParseResult R;
  JsonParseResult J = parseJson(File);
  // Duplicate keys are legal JSON (reported, not a syntax error).
  R.ValidJson = llvm::none_of(J.Issues, [](const DeployIssue &I) {
    return llvm::StringRef(I.Message).startswith("not valid JSON");
  });
  R.Issues = std::move(J.Issues);
  if (!J.Root)
    return R;
  if (J.Root->K != JsonValue::Kind::Object) {
    R.Issues.push_back({J.Root->Loc, std::string("app-compose.json should hold an "
                                                 "object, found ") +
                                         jsonKindName(J.Root->K)});
    return R;
  }
  AppComposeManifest M;
  M.File = &File;
  M.Root = std::move(*J.Root);
  ManifestReader Reader(M, R.Issues);
  // The last of repeated keys wins in the model, as with jq.
  std::map<std::string, size_t> Last;
  for (size_t I = 0; I < M.Root.Members.size(); ++I)
    Last[M.Root.Members[I].Key] = I;
  for (size_t I = 0; I < M.Root.Members.size(); ++I)
    if (Last[M.Root.Members[I].Key] == I)
      Reader.member(M.Root.Members[I]);

  if (M.DockerComposeFile) {
    const ManifestString &Y = *M.DockerComposeFile;
    ComposeParseResult C = parseCompose(
        File, Y.Value, [&Y](size_t I) { return Y.Offsets[std::min(I, Y.Offsets.size() - 1)]; });
    for (DeployIssue &I : C.Issues)
      R.Issues.push_back({I.Loc, "in docker_compose_file: " + I.Message});
    M.Compose = std::move(C.Compose);
  }
  std::stable_sort(
      R.Issues.begin(), R.Issues.end(),
      [](const DeployIssue &A, const DeployIssue &B) { return A.Loc.Offset < B.Loc.Offset; });
  R.Manifest = std::move(M);
  return R;
}

bool isAppComposeFileName(std::string_view Path) {
  std::string Name =
      llvm::StringRef(llvm::sys::path::filename(llvm::StringRef(Path.data(), Path.size()))).lower();
  return llvm::StringRef(Name).endswith(".json") &&
         (Name.find("app-compose") != std::string::npos ||
          Name.find("app_compose") != std::string::npos);
}

std::string sha256Hex(std::string_view Bytes) {
  llvm::SHA256 H;
  H.update(llvm::StringRef(Bytes.data(), Bytes.size()));
  // Not utohexstr(B, true, 2): LLVM 14 writes a zero byte as "000".
  static constexpr char Digits[] = "0123456789abcdef";
  std::string Out;
  for (char C : H.final()) {
    auto B = static_cast<uint8_t>(C);
    Out += Digits[B >> 4];
    Out += Digits[B & 0xF];
  }
  return Out;
}

std::string defaultAppId(std::string_view ComposeHashHex) {
  return std::string(ComposeHashHex.substr(0, 40));
}

} // namespace teetidy::deploy
