#include "tools/tee-tidy/ComposeHashCommand.h"

#include "deploy/AppCompose.h"
#include "deploy/EventLog.h"
#include "deploy/TcbInfo.h"
#include "diag/Diagnostic.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace teetidy {

using deploy::isSha256Hex;
using deploy::normaliseHex;
using deploy::printIssues;

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

/// Prints the RTMR3 events of \p Tcb and checks them; returns whether they
/// hold.
/// The tcb_info file \p Path, read and checked for shape.
std::optional<deploy::TcbInfo> readTcbInfo(const std::string &Path, uint64_t MaxSize,
                                           llvm::raw_ostream &Err,
                                           std::vector<std::unique_ptr<SourceFile>> &Keep) {
  auto Bytes = readBytes(Path, MaxSize, Err);
  if (!Bytes)
    return std::nullopt;
  return deploy::parseTcbInfo(Path, std::move(*Bytes), Err, Keep);
}

bool checkEventLog(const deploy::TcbInfo &Tcb, const std::string &Path, bool NoInstanceId,
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
  std::optional<deploy::TcbInfo> Tcb;
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
