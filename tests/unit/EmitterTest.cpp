#include "diag/FixesEmitter.h"
#include "diag/Progress.h"
#include "diag/TextEmitter.h"

#include "clang/Tooling/DiagnosticsYaml.h"

#include "llvm/Support/YAMLTraits.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

Diagnostic sample(const SourceFile &F) {
  Diagnostic D;
  D.CheckName = "attestation-tls-verification-disabled";
  D.Message = "TLS certificate verification is disabled";
  D.Loc = {&F, F.offsetOf(2, 14)};
  D.Length = 12;
  D.Fixes.push_back({&F, F.offsetOf(2, 21), 5, "True"});
  D.Notes.push_back({"client created here", {&F, F.offsetOf(1, 1)}, 0});
  return D;
}

const char *Text = "import requests\nrequests.get(u, verify=False)\n";

TEST(TextEmitter, ClangTidyLayout) {
  SourceFile F("app/client.py", Text, Language::Python);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(sample(F));
  EXPECT_EQ(OS.str(), "app/client.py:2:14: warning: TLS certificate verification is disabled "
                      "[attestation-tls-verification-disabled]\n"
                      "requests.get(u, verify=False)\n"
                      "             ^~~~~~~~~~~~\n"
                      "                    True\n"
                      "app/client.py:1:1: note: client created here\n"
                      "import requests\n"
                      "^\n");
}

TEST(TextEmitter, PromotedWarningIsAnErrorWithTag) {
  SourceFile F("a.py", Text, Language::Python);
  Diagnostic D = sample(F);
  D.Fixes.clear();
  D.Notes.clear();
  D.PromotedToError = true;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  EXPECT_NE(OS.str().find("a.py:2:14: error: TLS certificate verification is disabled "
                          "[attestation-tls-verification-disabled,-warnings-as-errors]\n"),
            std::string::npos);
}

TEST(TextEmitter, RemarksPrintAsRemarks) {
  SourceFile F("docker-compose.yml", "x: 1\n", Language::Yaml);
  Diagnostic D;
  D.CheckName = "dstack-sensitive-mount";
  D.Message = "in the TCB";
  D.Loc = {&F, 0};
  D.Level = Severity::Remark;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  EXPECT_EQ(OS.str(), "docker-compose.yml:1:1: remark: in the TCB [dstack-sensitive-mount]\n"
                      "x: 1\n^\n");
}

TEST(TextEmitter, CaretCountsCodePointsAndKeepsTabs) {
  SourceFile F("a.py", "\tx = 'é' + y\n", Language::Python);
  Diagnostic D;
  D.CheckName = "a-b";
  D.Message = "m";
  D.Loc = {&F, F.content().find('y')};
  D.Length = 1;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  EXPECT_EQ(OS.str(), "a.py:1:13: warning: m [a-b]\n\tx = 'é' + y\n\t          ^\n");
}

TEST(ExportFixes, ReadsBackThroughClangsYamlTraits) {
  SourceFile F("/tmp/proj/app.py", Text, Language::Python);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  ASSERT_FALSE(static_cast<bool>(writeExportFixes(OS, {sample(F)}, "/tmp/proj/app.py")));
  EXPECT_NE(OS.str().find("MainSourceFile:  '/tmp/proj/app.py'"), std::string::npos) << Out;
  EXPECT_NE(OS.str().find("DiagnosticName:  attestation-tls-verification-disabled"),
            std::string::npos)
      << Out;

  clang::tooling::TranslationUnitDiagnostics TUD;
  llvm::yaml::Input In(OS.str());
  In >> TUD;
  ASSERT_FALSE(In.error());
  ASSERT_EQ(TUD.Diagnostics.size(), 1u);
  const auto &D = TUD.Diagnostics[0];
  EXPECT_EQ(D.DiagnosticName, "attestation-tls-verification-disabled");
  EXPECT_EQ(D.Message.FilePath, "/tmp/proj/app.py");
  EXPECT_EQ(D.Message.FileOffset, F.offsetOf(2, 14));
  EXPECT_EQ(D.DiagLevel, clang::tooling::Diagnostic::Warning);
  ASSERT_EQ(D.Message.Fix.count("/tmp/proj/app.py"), 1u);
  const auto &Reps = D.Message.Fix.lookup("/tmp/proj/app.py");
  ASSERT_EQ(Reps.size(), 1u);
  EXPECT_EQ(Reps.begin()->getOffset(), F.offsetOf(2, 21));
  EXPECT_EQ(Reps.begin()->getLength(), 5u);
  EXPECT_EQ(Reps.begin()->getReplacementText(), "True");
  ASSERT_EQ(D.Notes.size(), 1u);
  EXPECT_EQ(D.Notes[0].Message, "client created here");
}

} // namespace

namespace {

TEST(TextEmitter, LongLinesShowAWindowAroundTheCaret) {
  // A one-line file of 1 MB: each diagnostic in it once printed the whole
  // line (a 1 MB app-compose.json with many findings printed gigabytes).
  std::string Line = std::string(500000, 'a') + "éverify=False" + std::string(500000, 'b');
  SourceFile F("big.py", Line + "\n", Language::Python);
  Diagnostic D;
  D.CheckName = "c";
  D.Message = "m";
  size_t At = Line.find("verify");
  D.Loc = {&F, At};
  D.Length = 12;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  OS.flush();
  std::vector<std::string> Lines;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  llvm::StringRef(Out).split(Parts, '\n', -1, false);
  ASSERT_EQ(Parts.size(), 3u) << Out.substr(0, 400);
  llvm::StringRef Shown = Parts[1], Marks = Parts[2];
  EXPECT_LE(Shown.size(), 200u);
  EXPECT_TRUE(Shown.startswith("...") && Shown.endswith("..."));
  EXPECT_NE(Shown.find("éverify=False"), llvm::StringRef::npos);
  // The caret stands under `verify` (é is one column).
  size_t Caret = Marks.find('^');
  std::string Before = Shown.substr(0, Shown.find("verify")).str();
  size_t Columns = 0;
  for (char C : Before)
    Columns += (static_cast<unsigned char>(C) & 0xC0) != 0x80;
  EXPECT_EQ(Caret, Columns);
  EXPECT_EQ(Marks.trim(), "^" + std::string(11, '~'));
}

TEST(TextEmitter, ShortLinesArePrintedWhole) {
  std::string Line(150, 'x');
  SourceFile F("a.py", Line + "\n", Language::Python);
  Diagnostic D;
  D.CheckName = "c";
  D.Message = "m";
  D.Loc = {&F, 140};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  EXPECT_NE(OS.str().find("\n" + Line + "\n" + std::string(140, ' ') + "^\n"), std::string::npos);
}

} // namespace

namespace {

TEST(Diagnostic, ShortenedQuotesLongValuesByTheirStart) {
  EXPECT_EQ(shortened("short"), "short");
  std::string Long = std::string(199, 'a') + "é" + std::string(100, 'b');
  std::string S = shortened(Long);
  EXPECT_EQ(S, std::string(199, 'a') + "...") << "not cut inside a code point";
  EXPECT_EQ(shortened(std::string(300, 'x'), 10), "xxxxxxxxxx...");
}

} // namespace

TEST(FixPlan, AFindingsReplacementsApplyTogetherOrNotAtAll) {
  SourceFile F("a.py", "abcdefghij\n", Language::Python);
  Diagnostic First, Overlapping, Disjoint, Beyond, Inserts, SameInsert;
  First.Fixes = {{&F, 2, 3, "X"}};                        // cde
  Overlapping.Fixes = {{&F, 0, 1, "Y"}, {&F, 4, 2, "Z"}}; // a, ef: ef overlaps cde
  Disjoint.Fixes = {{&F, 5, 1, "W"}};                     // f: after cde
  Beyond.Fixes = {{&F, 10, 5, "V"}};                      // past the end
  Inserts.Fixes = {{&F, 0, 0, "<"}};
  SameInsert.Fixes = {{&F, 0, 0, ">"}}; // a second insertion at one offset
  Diagnostic NoFix;
  FixPlan Plan =
      planFixes({&First, &Overlapping, &Disjoint, &Beyond, &Inserts, &SameInsert, &NoFix});
  EXPECT_EQ(Plan.Total, 6u);
  EXPECT_EQ(Plan.Applied, 3u);
  EXPECT_TRUE(Plan.Applies.at(&First));
  EXPECT_FALSE(Plan.Applies.at(&Overlapping)) << "its first replacement is not applied alone";
  EXPECT_TRUE(Plan.Applies.at(&Disjoint));
  EXPECT_FALSE(Plan.Applies.at(&Beyond));
  EXPECT_TRUE(Plan.Applies.at(&Inserts));
  EXPECT_FALSE(Plan.Applies.at(&SameInsert));
  EXPECT_EQ(Plan.Applies.count(&NoFix), 0u);
}

TEST(TextEmitter, FixNoteSaysWhetherTheFixWasApplied) {
  SourceFile F("app/client.py", Text, Language::Python);
  Diagnostic D = sample(F);
  D.Notes.clear();
  for (bool Applied : {true, false}) {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    TextEmitter(OS, false).emit(D, Applied);
    std::string Want = std::string("app/client.py:2:21: note: FIX-IT ") +
                       (Applied ? "applied suggested" : "detected conflicting") +
                       " code changes\nrequests.get(u, verify=False)\n                    ^\n";
    EXPECT_NE(OS.str().find(Want), std::string::npos) << OS.str();
  }
  std::string Plain;
  llvm::raw_string_ostream OS(Plain);
  TextEmitter(OS, false).emit(D);
  EXPECT_EQ(OS.str().find("FIX-IT"), std::string::npos);
}

TEST(TerminalProgress, RewritesOneLineAndTakesItAway) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TerminalProgress P(OS, std::chrono::milliseconds(0));
  P.phase("reading", 2);
  P.step();
  P.step();
  P.phase("dataflow", 0);
  P.finish();
  EXPECT_EQ(OS.str(), "\r\x1b[Ktee-tidy: reading 0/2 files"
                      "\r\x1b[Ktee-tidy: reading 1/2 files"
                      "\r\x1b[Ktee-tidy: reading 2/2 files"
                      "\r\x1b[Ktee-tidy: dataflow"
                      "\r\x1b[K");
  // Steps within the interval do not redraw; nothing shown, nothing erased.
  std::string Slow;
  llvm::raw_string_ostream SOS(Slow);
  TerminalProgress Q(SOS, std::chrono::hours(1));
  Q.phase("checking", 3);
  Q.step();
  Q.finish();
  EXPECT_EQ(SOS.str(), "\r\x1b[Ktee-tidy: checking 0/3 files\r\x1b[K");
  std::string None;
  llvm::raw_string_ostream NOS(None);
  TerminalProgress(NOS).finish();
  EXPECT_EQ(NOS.str(), "");
}

TEST(TextEmitter, NamesAndSourceCannotDriveTheTerminal) {
  SourceFile F("a\nb\x1b[2J.py", "x = '\x1b[31m'; requests.get(u, verify=False)\n",
               Language::Python);
  Diagnostic D;
  D.CheckName = "attestation-tls-verification-disabled";
  D.Message = "m";
  D.Loc = {&F, F.offsetOf(1, 33)};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  TextEmitter(OS, false).emit(D);
  EXPECT_EQ(OS.str(),
            "a\\x0ab\\x1b[2J.py:1:33: warning: m [attestation-tls-verification-disabled]\n"
            "x = '?[31m'; requests.get(u, verify=False)\n"
            "                                ^\n");
}
