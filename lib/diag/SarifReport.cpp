#include "diag/SarifReport.h"

#include "diag/InventoryJson.h"
#include "diag/JsonReport.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdio>
#include <map>

namespace teetidy {

namespace {

const char *levelOf(Severity S, bool Promoted = false) {
  if (S == Severity::Error || Promoted)
    return "error";
  return S == Severity::Warning ? "warning" : "note";
}

/// \p Path relative to \p Root when it lies there, as a URI reference.
std::string uriOf(llvm::StringRef Path, llvm::StringRef Root) {
  if (Path.startswith("./"))
    Path = Path.drop_front(2);
  else if (!Root.empty() && Path.startswith(Root) && Path.size() > Root.size() &&
           Path[Root.size()] == '/')
    Path = Path.drop_front(Root.size() + 1);
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || llvm::StringRef("-._~/").contains(static_cast<char>(C))) {
      Out += static_cast<char>(C);
    } else {
      char Hex[4];
      std::snprintf(Hex, sizeof Hex, "%%%02X", C);
      Out += Hex;
    }
  }
  return Out;
}

void physical(llvm::json::OStream &J, const SourceLocation &Loc, size_t Length,
              llvm::StringRef Root) {
  J.attributeObject("physicalLocation", [&] {
    J.attributeObject("artifactLocation", [&] {
      bool Relative = !llvm::StringRef(Loc.File->path()).startswith("/") ||
                      (!Root.empty() && llvm::StringRef(Loc.File->path()).startswith(Root));
      J.attribute("uri", uriOf(Loc.File->path(), Root));
      if (Relative)
        J.attribute("uriBaseId", "%SRCROOT%");
    });
    J.attributeObject("region", [&] {
      J.attribute("startLine", Loc.line());
      J.attribute("startColumn", Loc.column());
      // The underline, when it stays on the line.
      unsigned EndLine = Loc.File->lineOf(Loc.Offset + Length);
      if (Length && EndLine == Loc.line())
        J.attribute("endColumn", Loc.column() + static_cast<unsigned>(Length));
    });
  });
}

} // namespace

void writeSarifReport(llvm::raw_ostream &OS, const SarifReport &R) {
  std::map<std::string, size_t> RuleIndex;
  for (size_t I = 0; I < R.Rules.size(); ++I)
    RuleIndex.emplace(R.Rules[I].Id, I);
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "tee-tidy");
            J.attribute("version", R.ToolVersion);
            J.attribute("semanticVersion", R.ToolVersion);
            J.attributeArray("rules", [&] {
              for (const SarifRule &Rule : R.Rules)
                J.object([&] {
                  J.attribute("id", Rule.Id);
                  J.attributeObject("shortDescription",
                                    [&] { J.attribute("text", Rule.Summary + "."); });
                  if (!Rule.Description.empty())
                    J.attributeObject("fullDescription", [&] {
                      J.attribute("text", Rule.Description);
                      if (!Rule.DescriptionMarkdown.empty())
                        J.attribute("markdown", Rule.DescriptionMarkdown);
                    });
                  if (!Rule.HelpUri.empty())
                    J.attribute("helpUri", Rule.HelpUri);
                  J.attributeObject("defaultConfiguration",
                                    [&] { J.attribute("level", levelOf(Rule.DefaultLevel)); });
                  J.attributeObject("properties", [&] {
                    J.attributeArray("tags", [&] {
                      J.value("security");
                      if (!Rule.Cwe.empty())
                        J.value("external/cwe/" + llvm::StringRef(Rule.Cwe).lower());
                    });
                    if (!Rule.Cwe.empty())
                      J.attribute("cwe", Rule.Cwe);
                  });
                });
            });
          });
        });
        if (!R.Root.empty())
          J.attributeObject("originalUriBaseIds", [&] {
            J.attributeObject("%SRCROOT%", [&] {
              std::string Uri = "file://" + uriOf(R.Root, "");
              if (Uri.back() != '/')
                Uri += '/';
              J.attribute("uri", Uri);
            });
          });
        J.attribute("columnKind", "unicodeCodePoints");
        if (R.Inventory)
          J.attributeObject("properties", [&] {
            J.attributeBegin("inventories");
            writeInventories(J, *R.Inventory);
            J.attributeEnd();
          });
        J.attributeArray("invocations", [&] {
          J.object([&] {
            J.attribute("executionSuccessful", R.Errors.empty());
            J.attribute("exitCode", R.ExitCode);
            J.attributeArray("toolExecutionNotifications", [&] {
              for (const std::string &E : R.Errors)
                J.object([&] {
                  J.attribute("level", "error");
                  J.attributeObject("message", [&] { J.attribute("text", E); });
                });
            });
          });
        });
        std::vector<std::pair<const Diagnostic *, bool>> Results;
        for (const Diagnostic *D : R.Findings)
          Results.emplace_back(D, false);
        for (const Diagnostic *D : R.Suppressed)
          Results.emplace_back(D, true);
        J.attributeArray("results", [&] {
          for (const auto &[D, NoLinted] : Results)
            J.object([&] {
              J.attribute("ruleId", D->CheckName);
              if (auto It = RuleIndex.find(D->CheckName); It != RuleIndex.end())
                J.attribute("ruleIndex", static_cast<int64_t>(It->second));
              J.attribute("level", levelOf(D->Level, D->PromotedToError));
              // The message, then the notes without a place.
              std::string Text = D->Message;
              for (const DiagnosticNote &N : D->Notes)
                if (!N.Loc.valid())
                  Text += "\n" + N.Message;
              J.attributeObject("message", [&] { J.attribute("text", Text); });
              if (D->Loc.valid())
                J.attributeArray("locations", [&] {
                  J.object([&] { physical(J, D->Loc, D->Length, R.Root); });
                });
              std::vector<const DiagnosticNote *> Placed;
              for (const DiagnosticNote &N : D->Notes)
                if (N.Loc.valid())
                  Placed.push_back(&N);
              if (!Placed.empty()) {
                J.attributeArray("relatedLocations", [&] {
                  for (size_t I = 0; I < Placed.size(); ++I)
                    J.object([&] {
                      J.attribute("id", static_cast<int64_t>(I));
                      physical(J, Placed[I]->Loc, Placed[I]->Length, R.Root);
                      J.attributeObject("message",
                                        [&] { J.attribute("text", Placed[I]->Message); });
                    });
                });
                // The notes in order: the path from the source to the sink,
                // then the deployment evidence.
                J.attributeArray("codeFlows", [&] {
                  J.object([&] {
                    J.attributeArray("threadFlows", [&] {
                      J.object([&] {
                        J.attributeArray("locations", [&] {
                          for (const DiagnosticNote *N : Placed)
                            J.object([&] {
                              J.attributeObject("location", [&] {
                                physical(J, N->Loc, N->Length, R.Root);
                                J.attributeObject("message",
                                                  [&] { J.attribute("text", N->Message); });
                              });
                            });
                        });
                      });
                    });
                  });
                });
              }
              J.attributeObject("partialFingerprints",
                                [&] { J.attribute("teeTidyFinding/v1", fingerprint(*D)); });
              if (NoLinted)
                J.attributeArray("suppressions",
                                 [&] { J.object([&] { J.attribute("kind", "inSource"); }); });
            });
        });
      });
    });
  });
  OS << "\n";
}

} // namespace teetidy
