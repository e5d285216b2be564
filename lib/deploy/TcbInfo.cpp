#include "deploy/TcbInfo.h"

#include "deploy/AppCompose.h"

#include "llvm/ADT/StringExtras.h"

namespace teetidy::deploy {

void printIssues(const std::vector<DeployIssue> &Issues, llvm::raw_ostream &Err) {
  for (const DeployIssue &I : Issues)
    Err << I.Loc.File->path() << ":" << I.Loc.line() << ":" << I.Loc.column()
        << ": error: " << I.Message << "\n";
}

std::string normaliseHex(llvm::StringRef H) {
  H = H.trim();
  if (H.startswith_insensitive("0x"))
    H = H.drop_front(2);
  return H.lower();
}

bool isSha256Hex(llvm::StringRef H) {
  return H.size() == 64 && llvm::all_of(H, [](char C) { return llvm::isHexDigit(C); });
}

std::optional<TcbInfo> parseTcbInfo(const std::string &Path, std::string Bytes,
                                    llvm::raw_ostream &Err,
                                    std::vector<std::unique_ptr<SourceFile>> &Keep) {
  Keep.push_back(std::make_unique<SourceFile>(Path, std::move(Bytes), Language::Json));
  JsonParseResult J = parseJson(*Keep.back());
  if (!J.Issues.empty() || !J.Root || J.Root->K != JsonValue::Kind::Object) {
    printIssues(J.Issues, Err);
    if (J.Issues.empty())
      Err << Path << ": error: a tcb_info file should hold a JSON object\n";
    return std::nullopt;
  }
  const JsonValue *Obj = &*J.Root;
  std::optional<JsonParseResult> Inner;
  if (const JsonValue *T = Obj->find("tcb_info")) {
    if (T->isString()) {
      // The guest agent's Info response holds tcb_info as a JSON string.
      Keep.push_back(
          std::make_unique<SourceFile>(Path + " (tcb_info string)", T->Text, Language::Json));
      Inner = parseJson(*Keep.back());
      if (!Inner->Issues.empty() || !Inner->Root || Inner->Root->K != JsonValue::Kind::Object) {
        printIssues(Inner->Issues, Err);
        Err << Path << ":" << T->Loc.line() << ":" << T->Loc.column()
            << ": error: 'tcb_info' is not a JSON object\n";
        return std::nullopt;
      }
      Obj = &*Inner->Root;
    } else if (T->K == JsonValue::Kind::Object) {
      Obj = T;
    }
  }
  const JsonValue *AC = Obj->find("app_compose");
  const JsonValue *CH = Obj->find("compose_hash");
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
  if (const JsonValue *Log = Obj->find("event_log"))
    Info.EventLog = readEventLog(*Log, Info.EventLogProblems);
  auto Text = [&](const JsonValue *In, std::string_view Key) -> std::optional<std::string> {
    const JsonValue *V = In ? In->find(Key) : nullptr;
    if (V && V->isString())
      return normaliseHex(V->Text);
    return std::nullopt;
  };
  Info.Rtmr3 = Text(Obj, "rtmr3");
  Info.AppId = Text(&*J.Root, "app_id");
  Info.InstanceId = Text(&*J.Root, "instance_id");
  return Info;
}

} // namespace teetidy::deploy
