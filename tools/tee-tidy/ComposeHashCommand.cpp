#include "tools/tee-tidy/ComposeHashCommand.h"

#include "deploy/AppCompose.h"
#include "deploy/EventLog.h"
#include "diag/Diagnostic.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace teetidy {

namespace {

enum { ExitOk = 0, ExitMismatch = 1, ExitInput = 2 };

/// The raw bytes of the regular file \p Path, or an error message.
std::optional<std::string> readBytes(const std::string &Path, uint64_t MaxSize,
                                     llvm::raw_ostream &Err) {
  LoadOptions Load;
  Load.MaxFileSize = MaxSize;
  auto File = loadSourceFile(Path, Language::Json, Load);
  if (!File) {
    Err << "error: " << llvm::toString(File.takeError()) << "\n";
    return std::nullopt;
  }
  return std::string((*File)->content());
}

void printIssues(const std::vector<deploy::DeployIssue> &Issues, llvm::raw_ostream &Err) {
  for (const deploy::DeployIssue &I : Issues)
    Err << I.Loc.File->path() << ":" << I.Loc.line() << ":" << I.Loc.column()
        << ": error: " << I.Message << "\n";
}

/// A hex digest as written by tools: lower-cased, without a `0x` prefix.
std::string normaliseHex(llvm::StringRef H) {
  H = H.trim();
  if (H.startswith_insensitive("0x"))
    H = H.drop_front(2);
  return H.lower();
}

bool isSha256Hex(llvm::StringRef H) {
  return H.size() == 64 && llvm::all_of(H, [](char C) { return llvm::isHexDigit(C); });
}

std::string imageState(llvm::StringRef Image) {
  if (Image.contains("${") || Image.contains('$'))
    return "chosen by interpolation";
  size_t At = Image.rfind("@sha256:");
  if (At != llvm::StringRef::npos && isSha256Hex(Image.substr(At + 8)))
    return "pinned by @sha256 digest";
  return "not pinned: a tag";
}

const char *yesNo(bool B) { return B ? "true" : "false"; }

void printSummary(const deploy::AppComposeManifest &M, llvm::raw_ostream &Out) {
  auto Str = [](const std::optional<deploy::ManifestString> &S) {
    return S ? S->Value : std::string("(not set)");
  };
  Out << "name: " << Str(M.Name) << "\n";
  Out << "manifest_version: " << Str(M.ManifestVersion)
      << (M.ManifestVersion && !M.ManifestVersion->IsNumber ? " (string)" : "") << "\n";
  Out << "runner: " << Str(M.Runner) << "\n";
  deploy::EffectiveKeyProvider KP = M.keyProvider();
  Out << "key provider: " << KP.Name
      << (KP.Source.empty() ? " (nothing set)" : " (from " + KP.Source + ")") << "\n";
  Out << "key_provider_id: "
      << (M.KeyProviderId && !M.KeyProviderId->Value.empty() ? M.KeyProviderId->Value
                                                             : "(empty: not pinned)")
      << "\n";
  Out << "allowed_envs:";
  if (!M.AllowedEnvs || M.AllowedEnvs->Items.empty())
    Out << " (none)";
  else
    for (const deploy::ManifestString &E : M.AllowedEnvs->Items)
      Out << " " << shortened(E.Value);
  Out << "\n";
  Out << "public_logs: " << yesNo(M.publicLogs())
      << ", public_sysinfo: " << yesNo(M.publicSysinfo())
      << ", public_tcbinfo: " << yesNo(M.publicTcbinfo()) << (M.PublicTcbinfo ? "" : " (default)")
      << "\n";
  Out << "gateway_enabled: " << yesNo(M.gatewayEnabled())
      << ", secure_time: " << yesNo(M.secureTime()) << (M.SecureTime ? "" : " (default)")
      << ", no_instance_id: " << yesNo(M.noInstanceId()) << "\n";
  Out << "scripts:";
  bool Any = false;
  auto Script = [&](const char *Name, const std::optional<deploy::ManifestString> &S) {
    if (S && !S->Value.empty()) {
      Out << (Any ? ", " : " ") << Name << " (" << S->Value.size() << " bytes)";
      Any = true;
    }
  };
  Script("pre_launch_script", M.PreLaunchScript);
  Script("bash_script", M.BashScript);
  if (M.InitScript && !M.InitScript->Items.empty()) {
    Out << (Any ? ", " : " ") << "init_script (" << M.InitScript->Items.size()
        << (M.InitScript->Items.size() == 1 ? " script)" : " scripts)");
    Any = true;
  }
  Out << (Any ? "" : " (none)") << "\n";
  if (!M.UnknownKeys.empty()) {
    Out << "unknown keys (still hashed):";
    for (const auto &[Key, Loc] : M.UnknownKeys)
      Out << " " << shortened(Key);
    Out << "\n";
  }
  Out << "services:";
  if (!M.Compose || M.Compose->Services.empty()) {
    Out << " (none)\n";
    return;
  }
  Out << "\n";
  for (const deploy::ComposeService &S : M.Compose->Services) {
    Out << "  " << shortened(S.Name) << ": ";
    if (S.Image)
      Out << "image " << shortened(S.Image->Text) << " (" << imageState(S.Image->Text) << ")";
    else
      Out << "no image";
    if (S.Build)
      Out << ", built in the CVM from "
          << shortened(S.Build->Context ? S.Build->Context->Text : std::string("."));
    Out << "\n";
  }
}

/// Reads a tcb_info JSON: the tcb_info object itself, or an Info response
/// whose `tcb_info` is an object or a JSON string.
struct TcbInfo {
  std::string AppCompose;
  std::string ComposeHash;
  /// The event log, when the tcb_info has one, and its read problems.
  std::optional<std::vector<deploy::EventLogEntry>> EventLog;
  std::vector<std::string> EventLogProblems;
  std::optional<std::string> Rtmr3;
  /// app_id and instance_id of an Info response.
  std::optional<std::string> AppId, InstanceId;
};

std::optional<TcbInfo> readTcbInfo(const std::string &Path, uint64_t MaxSize,
                                   llvm::raw_ostream &Err,
                                   std::vector<std::unique_ptr<SourceFile>> &Keep) {
  auto Bytes = readBytes(Path, MaxSize, Err);
  if (!Bytes)
    return std::nullopt;
  Keep.push_back(std::make_unique<SourceFile>(Path, std::move(*Bytes), Language::Json));
  deploy::JsonParseResult J = deploy::parseJson(*Keep.back());
  if (!J.Issues.empty() || !J.Root || J.Root->K != deploy::JsonValue::Kind::Object) {
    printIssues(J.Issues, Err);
    if (J.Issues.empty())
      Err << Path << ": error: a tcb_info file should hold a JSON object\n";
    return std::nullopt;
  }
  const deploy::JsonValue *Obj = &*J.Root;
  std::optional<deploy::JsonParseResult> Inner;
  if (const deploy::JsonValue *T = Obj->find("tcb_info")) {
    if (T->isString()) {
      // The guest agent's Info response holds tcb_info as a JSON string.
      Keep.push_back(
          std::make_unique<SourceFile>(Path + " (tcb_info string)", T->Text, Language::Json));
      Inner = deploy::parseJson(*Keep.back());
      if (!Inner->Issues.empty() || !Inner->Root ||
          Inner->Root->K != deploy::JsonValue::Kind::Object) {
        printIssues(Inner->Issues, Err);
        Err << Path << ":" << T->Loc.line() << ":" << T->Loc.column()
            << ": error: 'tcb_info' is not a JSON object\n";
        return std::nullopt;
      }
      Obj = &*Inner->Root;
    } else if (T->K == deploy::JsonValue::Kind::Object) {
      Obj = T;
    }
  }
  const deploy::JsonValue *AC = Obj->find("app_compose");
  const deploy::JsonValue *CH = Obj->find("compose_hash");
  if (!CH)
    CH = J.Root->find("compose_hash");
  if (!AC || !AC->isString() || !CH || !CH->isString()) {
    Err << Path << ": error: expected string fields 'app_compose' and 'compose_hash' "
        << "in the tcb_info\n";
    return std::nullopt;
  }
  if (!isSha256Hex(normaliseHex(CH->Text))) {
    Err << Path << ":" << CH->Loc.line() << ":" << CH->Loc.column()
        << ": error: 'compose_hash' is not a 64-digit hex SHA-256\n";
    return std::nullopt;
  }
  TcbInfo Info{AC->Text, normaliseHex(CH->Text), {}, {}, {}, {}, {}};
  if (const deploy::JsonValue *Log = Obj->find("event_log"))
    Info.EventLog = deploy::readEventLog(*Log, Info.EventLogProblems);
  auto Text = [&](const deploy::JsonValue *In, std::string_view Key) -> std::optional<std::string> {
    const deploy::JsonValue *V = In ? In->find(Key) : nullptr;
    if (V && V->isString())
      return normaliseHex(V->Text);
    return std::nullopt;
  };
  Info.Rtmr3 = Text(Obj, "rtmr3");
  Info.AppId = Text(&*J.Root, "app_id");
  Info.InstanceId = Text(&*J.Root, "instance_id");
  return Info;
}

/// Prints the RTMR3 events of \p Tcb and checks them; returns whether they
/// hold.
bool checkEventLog(const TcbInfo &Tcb, const std::string &Path, bool NoInstanceId,
                   llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  if (!Tcb.EventLog) {
    Err << Path << ": warning: the tcb_info has no event_log: the compose-hash event is not "
        << "checked and RTMR3 is not replayed\n";
    return true;
  }
  bool Ok = true;
  for (const std::string &P : Tcb.EventLogProblems) {
    Err << Path << ": error: " << P << "\n";
    Ok = false;
  }
  std::vector<std::string> Required = {"app-id", "compose-hash"};
  if (!NoInstanceId)
    Required.push_back("instance-id");
  deploy::EventLogVerdict V =
      deploy::verifyRtmr3(*Tcb.EventLog, Tcb.Rtmr3, Tcb.ComposeHash, Required);
  Out << "event log: " << V.Events.size() << " RTMR3 events\n";
  for (const auto &[E, Version] : V.Events) {
    Out << "  " << shortened(E->Name) << ": ";
    if (E->PayloadHex.size() <= 96)
      Out << (E->PayloadHex.empty() ? "(empty payload)" : E->PayloadHex);
    else
      Out << E->PayloadHex.size() / 2 << " bytes of payload";
    Out << (Version ? " (digest version " + std::to_string(Version) + " verified)"
                    : " (digest does not match)")
        << "\n";
  }
  Out << "RTMR3 replayed from the payloads: " << V.ReplayedRtmr3
      << (!Tcb.Rtmr3                      ? " (the tcb_info has no rtmr3 to compare)"
          : *Tcb.Rtmr3 == V.ReplayedRtmr3 ? " (matches the tcb_info)"
                                          : "")
      << "\n";
  for (const std::string &E : V.Errors) {
    Err << Path << ": error: " << E << "\n";
    Ok = false;
  }
  // An Info response names the app and the instance: the events must agree.
  auto Agree = [&](const char *Event, const std::optional<std::string> &Stated, const char *Key) {
    if (!Stated)
      return;
    for (const auto &[E, Version] : V.Events)
      if (E->Name == Event && E->PayloadHex != *Stated) {
        Err << Path << ": error: RTMR3 event '" << Event << "' has payload "
            << shortened(E->PayloadHex) << " but the response's " << Key << " is "
            << shortened(*Stated) << "\n";
        Ok = false;
      }
  };
  Agree("app-id", Tcb.AppId, "app_id");
  Agree("instance-id", Tcb.InstanceId, "instance_id");
  return Ok;
}

} // namespace

int runComposeHash(const ComposeHashRequest &Req, llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  std::string Expect;
  if (!Req.ExpectHash.empty()) {
    Expect = normaliseHex(Req.ExpectHash);
    if (!isSha256Hex(Expect)) {
      Err << "error: --expect-compose-hash needs 64 hex digits, got '" << Req.ExpectHash << "'\n";
      return ExitInput;
    }
  }
  std::vector<std::unique_ptr<SourceFile>> Keep;
  std::optional<TcbInfo> Tcb;
  if (!Req.TcbInfo.empty() && !(Tcb = readTcbInfo(Req.TcbInfo, Req.MaxFileSize, Err, Keep)))
    return ExitInput;

  // The manifest: FILE, else the tcb_info's app_compose.
  std::string Label;
  std::string Bytes;
  if (!Req.File.empty()) {
    auto B = readBytes(Req.File, Req.MaxFileSize, Err);
    if (!B)
      return ExitInput;
    Bytes = std::move(*B);
    Label = Req.File;
  } else if (Tcb) {
    Bytes = Tcb->AppCompose;
    Label = Req.TcbInfo + " (app_compose)";
  } else {
    Err << "error: --compose-hash needs an app-compose.json file\n";
    return ExitInput;
  }
  std::string Hash = deploy::sha256Hex(Bytes);
  Out << "file: " << Label << "\n";
  Out << "compose_hash: " << Hash << "\n";
  Out << "app_id (default, without on-chain KMS): " << deploy::defaultAppId(Hash) << "\n";

  Keep.push_back(std::make_unique<SourceFile>(Label, Bytes, Language::Json));
  deploy::AppComposeParseResult P = deploy::parseAppCompose(*Keep.back());
  // A file that is not JSON has no manifest to summarise: what the parser
  // recovered before the error is no statement of the file.
  if (P.Manifest && P.ValidJson)
    printSummary(*P.Manifest, Out);
  Out.flush();
  printIssues(P.Issues, Err);

  int Status = !P.Manifest || !P.ValidJson ? ExitInput : P.Issues.empty() ? ExitOk : ExitMismatch;
  if (Tcb) {
    std::string Raw = deploy::sha256Hex(Tcb->AppCompose);
    if (Raw != Tcb->ComposeHash) {
      Err << Req.TcbInfo << ": error: compose hash mismatch: sha256(app_compose) is " << Raw
          << " but compose_hash says " << Tcb->ComposeHash << "\n";
      Status = std::max<int>(Status, ExitMismatch);
    }
    if (!Req.File.empty() && Hash != Tcb->ComposeHash) {
      Err << Req.File << ": error: compose hash mismatch: the file hashes to " << Hash << " but "
          << Req.TcbInfo << " reports compose_hash " << Tcb->ComposeHash << "\n";
      Status = std::max<int>(Status, ExitMismatch);
    }
    if (!checkEventLog(*Tcb, Req.TcbInfo, P.Manifest && P.Manifest->noInstanceId(), Out, Err))
      Status = std::max<int>(Status, ExitMismatch);
    if (Status == ExitOk)
      Out << "tcb_info: app_compose and compose_hash agree"
          << (Req.File.empty() ? "" : " with the file")
          << (Tcb->EventLog ? ", and with the event log and RTMR3" : "") << "\n";
  }
  if (!Expect.empty()) {
    if (Hash != Expect) {
      Err << Label << ": error: compose hash mismatch: expected " << Expect << ", got " << Hash
          << "\n";
      Status = std::max<int>(Status, ExitMismatch);
    } else {
      Out << "expected compose hash: matches\n";
    }
  }
  return Status;
}

} // namespace teetidy
