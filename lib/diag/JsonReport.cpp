#include "diag/JsonReport.h"

#include "diag/InventoryJson.h"

#include "llvm/Support/JSON.h"

#include <cctype>
#include <cstdio>

namespace teetidy {

namespace {

const char *levelName(const Diagnostic &D) {
  if (D.Level == Severity::Error || D.PromotedToError)
    return "error";
  return D.Level == Severity::Remark ? "remark" : "warning";
}

void location(llvm::json::OStream &J, SourceLocation Loc, size_t Length) {
  if (!Loc.valid())
    return;
  J.attribute("file", Loc.File->path());
  J.attribute("line", Loc.line());
  J.attribute("column", Loc.column());
  J.attribute("length", static_cast<int64_t>(Length));
}

void strings(llvm::json::OStream &J, llvm::StringRef Key, const std::vector<std::string> &L) {
  J.attributeArray(Key, [&] {
    for (const std::string &S : L)
      J.value(S);
  });
}

} // namespace

std::string fingerprint(const Diagnostic &D) {
  // FNV-1a over the parts, each ended by a zero byte.
  uint64_t H = 1469598103934665603ull;
  auto Add = [&](llvm::StringRef S) {
    for (char C : S)
      H = (H ^ static_cast<unsigned char>(C)) * 1099511628211ull;
    H = (H ^ 0u) * 1099511628211ull;
  };
  Add(D.CheckName);
  Add(D.Loc.valid() ? llvm::StringRef(D.Loc.File->path()) : "");
  Add(D.Message);
  std::string Line;
  if (D.Loc.valid())
    for (char C : D.Loc.File->lineText(D.Loc.line()))
      if (!std::isspace(static_cast<unsigned char>(C)))
        Line += C;
  Add(Line);
  char Hex[17];
  std::snprintf(Hex, sizeof Hex, "%016llx", static_cast<unsigned long long>(H));
  return Hex;
}

void writeJsonReport(llvm::raw_ostream &OS, const JsonReport &R) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("version", JsonReportVersion);
    J.attributeObject("tool", [&] {
      J.attribute("name", "tee-tidy");
      J.attribute("version", R.ToolVersion);
    });
    J.attributeArray("findings", [&] {
      for (const Diagnostic *D : R.Findings)
        J.object([&] {
          J.attribute("check", D->CheckName);
          if (auto It = R.Cwes.find(D->CheckName); It != R.Cwes.end())
            J.attribute("cwe", It->second);
          J.attribute("level", levelName(*D));
          J.attribute("message", D->Message);
          location(J, D->Loc, D->Length);
          J.attribute("fingerprint", fingerprint(*D));
          J.attributeArray("notes", [&] {
            for (const DiagnosticNote &N : D->Notes)
              J.object([&] {
                J.attribute("message", N.Message);
                location(J, N.Loc, N.Length);
              });
          });
        });
    });
    strings(J, "inputErrors", R.InputErrors);
    strings(J, "configErrors", R.ConfigErrors);
    strings(J, "toolErrors", R.ToolErrors);
    strings(J, "warnings", R.Warnings);
    J.attributeObject("statistics", [&] {
      J.attribute("warnings", R.Warning);
      J.attribute("errors", R.Error);
      J.attributeObject("suppressed", [&] {
        J.attribute("nolint", R.SuppressedNoLint);
        J.attribute("filter", R.SuppressedFilter);
        J.attribute("baseline", R.SuppressedBaseline);
      });
      J.attribute("heldBack", R.HeldBack);
      J.attribute("skippedFiles", R.Skipped);
    });
    if (R.Inventory) {
      J.attributeBegin("inventories");
      writeInventories(J, *R.Inventory);
      J.attributeEnd();
    }
  });
  OS << "\n";
}

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Text) {
  auto Bad = [](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s", Why.str().c_str());
  };
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return Bad("not JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Object *Root = V->getAsObject();
  llvm::Optional<int64_t> Version = Root ? Root->getInteger("version") : llvm::None;
  const llvm::json::Array *Findings = Root ? Root->getArray("findings") : nullptr;
  if (!Version || !Findings)
    return Bad("not a tee-tidy JSON report (no 'version' and 'findings')");
  if (*Version < 1 || *Version > JsonReportVersion)
    return Bad("report version " + llvm::Twine(*Version) + " is not one this tee-tidy reads");
  std::set<std::string> Out;
  for (const llvm::json::Value &F : *Findings) {
    const llvm::json::Object *O = F.getAsObject();
    llvm::Optional<llvm::StringRef> FP = O ? O->getString("fingerprint") : llvm::None;
    if (!FP)
      return Bad("a finding has no 'fingerprint'");
    Out.insert(FP->str());
  }
  return Out;
}

} // namespace teetidy
