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

/// Deeper nesting than this is refused rather than risking the stack.
constexpr unsigned MaxDepth = 512;

std::string position(const SourceFile &F, size_t Offset) {
  return std::to_string(F.lineOf(Offset)) + ":" + std::to_string(F.columnOf(Offset));
}

/// Appends code point \p CP as UTF-8, every byte mapped to \p At.
void appendUtf8(JsonValue &V, uint32_t CP, size_t At) {
  size_t Before = V.Text.size();
  teetidy::appendUtf8(V.Text, CP);
  V.Offsets.insert(V.Offsets.end(), V.Text.size() - Before, At);
}

class JsonReader {
public:
  JsonReader(const SourceFile &F, std::vector<DeployIssue> &Issues)
      : F(F), Src(F.content()), Issues(Issues) {}

  std::optional<JsonValue> document() {
    skipSpace();
    if (Pos == Src.size()) {
      issue(Pos, "expected a JSON value, found the end of the file");
      return std::nullopt;
    }
    JsonValue Root;
    bool Ok = value(Root, 0);
    // Nothing understood at all: not JSON.
    if (!Ok && Root.Length == 0)
      return std::nullopt;
    if (Ok) {
      skipSpace();
      if (Pos < Src.size())
        issue(Pos, "unexpected text after the JSON value");
    }
    return Root;
  }

private:
  void issue(size_t At, std::string Msg) {
    Issues.push_back({{&F, std::min(At, Src.size())}, std::move(Msg)});
  }

  void skipSpace() {
    while (Pos < Src.size() &&
           (Src[Pos] == ' ' || Src[Pos] == '\t' || Src[Pos] == '\n' || Src[Pos] == '\r'))
      ++Pos;
  }

  std::string describeHere() const {
    if (Pos >= Src.size())
      return "the end of the file";
    unsigned char C = static_cast<unsigned char>(Src[Pos]);
    if (C < 0x20 || C >= 0x7F)
      return "byte 0x" + llvm::utohexstr(C, /*LowerCase=*/true);
    return "'" + std::string(1, Src[Pos]) + "'";
  }

  bool value(JsonValue &V, unsigned Depth) {
    V.Loc = {&F, Pos};
    size_t Start = Pos;
    bool Ok = valueBody(V, Depth);
    V.Length = Pos - Start;
    return Ok;
  }

  bool valueBody(JsonValue &V, unsigned Depth) {
    if (Pos >= Src.size()) {
      issue(Pos, "expected a JSON value, found the end of the file");
      return false;
    }
    char C = Src[Pos];
    if (C == '{' || C == '[') {
      if (Depth >= MaxDepth) {
        issue(Pos, "JSON nested more than " + std::to_string(MaxDepth) +
                       " levels deep; the rest was not read");
        return false;
      }
      return C == '{' ? object(V, Depth + 1) : array(V, Depth + 1);
    }
    if (C == '"') {
      V.K = JsonValue::Kind::String;
      return string(V);
    }
    if (C == '-' || (C >= '0' && C <= '9'))
      return number(V);
    for (auto [Word, Kind, B] : {std::tuple{"true", JsonValue::Kind::Bool, true},
                                 std::tuple{"false", JsonValue::Kind::Bool, false},
                                 std::tuple{"null", JsonValue::Kind::Null, false}}) {
      std::string_view W(Word);
      if (Src.substr(Pos, W.size()) == W) {
        V.K = Kind;
        V.Bool = B;
        Pos += W.size();
        return true;
      }
    }
    issue(Pos, "not valid JSON: expected a value, found " + describeHere());
    return false;
  }

  bool number(JsonValue &V) {
    size_t Start = Pos;
    auto Digits = [&] {
      size_t B = Pos;
      while (Pos < Src.size() && Src[Pos] >= '0' && Src[Pos] <= '9')
        ++Pos;
      return Pos - B;
    };
    if (Src[Pos] == '-')
      ++Pos;
    size_t IntStart = Pos;
    size_t N = Digits();
    bool Ok = N > 0 && !(N > 1 && Src[IntStart] == '0');
    if (Ok && Pos < Src.size() && Src[Pos] == '.') {
      ++Pos;
      Ok = Digits() > 0;
    }
    if (Ok && Pos < Src.size() && (Src[Pos] == 'e' || Src[Pos] == 'E')) {
      ++Pos;
      if (Pos < Src.size() && (Src[Pos] == '+' || Src[Pos] == '-'))
        ++Pos;
      Ok = Digits() > 0;
    }
    if (!Ok) {
      issue(Start, "not valid JSON: malformed number");
      return false;
    }
    V.K = JsonValue::Kind::Number;
    V.Text = std::string(Src.substr(Start, Pos - Start));
    return true;
  }

  /// Reads 4 hex digits at Pos; false if they are not there.
  bool hex4(uint32_t &Out) {
    if (Pos + 4 > Src.size())
      return false;
    Out = 0;
    for (size_t I = 0; I < 4; ++I) {
      char C = Src[Pos + I];
      unsigned D;
      if (C >= '0' && C <= '9')
        D = static_cast<unsigned>(C - '0');
      else if (C >= 'a' && C <= 'f')
        D = static_cast<unsigned>(C - 'a' + 10);
      else if (C >= 'A' && C <= 'F')
        D = static_cast<unsigned>(C - 'A' + 10);
      else
        return false;
      Out = Out * 16 + D;
    }
    Pos += 4;
    return true;
  }

  /// Reads a string at Pos (the opening quote) into V.Text / V.Offsets.
  bool string(JsonValue &V) {
    size_t Open = Pos++;
    while (true) {
      if (Pos >= Src.size()) {
        issue(Open, "not valid JSON: unterminated string");
        V.Offsets.push_back(Pos);
        return false;
      }
      char C = Src[Pos];
      if (C == '"') {
        V.Offsets.push_back(Pos);
        ++Pos;
        return true;
      }
      if (static_cast<unsigned char>(C) < 0x20) {
        issue(Pos, "not valid JSON: control character in a string (write it "
                   "as an escape such as \\n)");
        V.Offsets.push_back(Pos);
        return false;
      }
      if (C != '\\') {
        V.Text.push_back(C);
        V.Offsets.push_back(Pos++);
        continue;
      }
      size_t Esc = Pos++;
      if (Pos >= Src.size()) {
        issue(Open, "not valid JSON: unterminated string");
        V.Offsets.push_back(Pos);
        return false;
      }
      char E = Src[Pos++];
      char Simple = 0;
      switch (E) {
      case '"':
        Simple = '"';
        break;
      case '\\':
        Simple = '\\';
        break;
      case '/':
        Simple = '/';
        break;
      case 'b':
        Simple = '\b';
        break;
      case 'f':
        Simple = '\f';
        break;
      case 'n':
        Simple = '\n';
        break;
      case 'r':
        Simple = '\r';
        break;
      case 't':
        Simple = '\t';
        break;
      case 'u':
        break;
      default:
        issue(Esc, std::string("not valid JSON: unknown escape '\\") + E + "'");
        V.Offsets.push_back(Esc);
        return false;
      }
      if (Simple) {
        V.Text.push_back(Simple);
        V.Offsets.push_back(Esc);
        continue;
      }
      uint32_t CP;
      if (!hex4(CP)) {
        issue(Esc, "not valid JSON: '\\u' needs four hex digits");
        V.Offsets.push_back(Esc);
        return false;
      }
      if (CP >= 0xD800 && CP <= 0xDBFF) {
        // A high surrogate must be followed by an escaped low surrogate.
        size_t Save = Pos;
        uint32_t Low = 0;
        if (Src.substr(Pos, 2) == "\\u" && (Pos += 2, hex4(Low)) && Low >= 0xDC00 &&
            Low <= 0xDFFF) {
          CP = 0x10000 + ((CP - 0xD800) << 10) + (Low - 0xDC00);
        } else {
          Pos = Save;
          issue(Esc, "lone UTF-16 surrogate '\\u" + llvm::utohexstr(CP, true) +
                         "' in a string; decoded as U+FFFD");
          CP = 0xFFFD;
        }
      } else if (CP >= 0xDC00 && CP <= 0xDFFF) {
        issue(Esc, "lone UTF-16 surrogate '\\u" + llvm::utohexstr(CP, true) +
                       "' in a string; decoded as U+FFFD");
        CP = 0xFFFD;
      }
      appendUtf8(V, CP, Esc);
    }
  }

  bool array(JsonValue &V, unsigned Depth) {
    V.K = JsonValue::Kind::Array;
    size_t Open = Pos++;
    skipSpace();
    if (Pos < Src.size() && Src[Pos] == ']') {
      ++Pos;
      return true;
    }
    while (true) {
      skipSpace();
      JsonValue Item;
      bool Ok = value(Item, Depth);
      if (Ok || Item.Length)
        V.Items.push_back(std::move(Item));
      if (!Ok)
        return false;
      skipSpace();
      if (Pos < Src.size() && Src[Pos] == ',') {
        ++Pos;
        continue;
      }
      if (Pos < Src.size() && Src[Pos] == ']') {
        ++Pos;
        return true;
      }
      issue(Pos, "not valid JSON: expected ',' or ']' after an array item (the "
                 "array starts at " +
                     position(F, Open) + "), found " + describeHere());
      return false;
    }
  }

  bool object(JsonValue &V, unsigned Depth) {
    V.K = JsonValue::Kind::Object;
    size_t Open = Pos++;
    std::map<std::string, size_t> Seen;
    skipSpace();
    if (Pos < Src.size() && Src[Pos] == '}') {
      ++Pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (Pos >= Src.size() || Src[Pos] != '"') {
        issue(Pos, "not valid JSON: expected a quoted key, found " + describeHere());
        return false;
      }
      JsonMember M;
      M.KeyLoc = {&F, Pos};
      JsonValue Key;
      if (!string(Key))
        return false;
      M.Key = std::move(Key.Text);
      skipSpace();
      if (Pos >= Src.size() || Src[Pos] != ':') {
        issue(Pos,
              "not valid JSON: expected ':' after key '" + M.Key + "', found " + describeHere());
        return false;
      }
      ++Pos;
      skipSpace();
      auto [It, New] = Seen.emplace(M.Key, M.KeyLoc.Offset);
      if (!New)
        issue(M.KeyLoc.Offset, "duplicate key '" + M.Key + "' (first at " +
                                   position(F, It->second) +
                                   "); dstack refuses the file, other tools keep "
                                   "either value");
      bool Ok = value(M.Value, Depth);
      if (Ok || M.Value.Length)
        V.Members.push_back(std::move(M));
      if (!Ok)
        return false;
      skipSpace();
      if (Pos < Src.size() && Src[Pos] == ',') {
        ++Pos;
        continue;
      }
      if (Pos < Src.size() && Src[Pos] == '}') {
        ++Pos;
        return true;
      }
      issue(Pos, "not valid JSON: expected ',' or '}' after a member (the "
                 "object starts at " +
                     position(F, Open) + "), found " + describeHere());
      return false;
    }
  }

  const SourceFile &F;
  std::string_view Src;
  std::vector<DeployIssue> &Issues;
  size_t Pos = 0;
};

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

const char *jsonKindName(JsonValue::Kind K) {
  switch (K) {
  case JsonValue::Kind::Null:
    return "null";
  case JsonValue::Kind::Bool:
    return "a boolean";
  case JsonValue::Kind::Number:
    return "a number";
  case JsonValue::Kind::String:
    return "a string";
  case JsonValue::Kind::Array:
    return "an array";
  case JsonValue::Kind::Object:
    return "an object";
  }
  return "a value";
}

const JsonValue *JsonValue::find(std::string_view Key) const {
  for (auto It = Members.rbegin(); It != Members.rend(); ++It)
    if (It->Key == Key)
      return &It->Value;
  return nullptr;
}

size_t JsonValue::fileOffset(size_t I) const {
  if (Offsets.empty())
    return Loc.Offset;
  return Offsets[std::min(I, Offsets.size() - 1)];
}

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
  JsonParseResult R;
  JsonReader Reader(File, R.Issues);
  R.Root = Reader.document();
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
