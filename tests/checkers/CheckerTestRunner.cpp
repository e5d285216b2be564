//===- CheckerTestRunner.cpp - Annotated check inputs ----------------------===//
//
// Every file under tests/checkers/<check-id>/ is one test. Expectation
// comments in the file say what must be reported (see tests/checkers/README.md):
//
//   code  # CHECK-MESSAGES: warning: <text> [<check>]     this line
//   # CHECK-MESSAGES: :7: error: <text> [<check>]          next code line, col 7
//   # CHECK-NOTES: note: <text>                            a note on that line
//   # ok: <check>                                          must stay silent
//   # todo: warning: <text> [<check>]                      known gap
//   # CHECK-CONFIG: {CheckOptions: {x.y: z}}               extra configuration
//   # --- path: pkg/a.py ---                               starts a virtual file
//
// Only the check named by the folder runs (plus the always-on tee-tidy-*
// diagnostics). Any diagnostic nobody expected fails the test, so a file
// without expectations must be clean.
//
//===----------------------------------------------------------------------===//

#include "tools/tee-tidy/Driver.h"

#include "source/Language.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

using namespace teetidy;

namespace {

struct Expectation {
  enum Kind { Message, Note, Ok, Todo } K;
  std::string File; ///< Virtual file path.
  unsigned Line = 0;
  unsigned Column = 0; ///< 0 = any.
  std::string Level;   ///< warning / error / note
  std::string Text;
  std::string Check;
  unsigned AnnotationLine = 0;
  bool Matched = false;
};

struct VirtualFile {
  std::string Path;
  std::vector<std::string> Lines;
  /// Line numbers of Lines in the input file (1-based).
  std::vector<unsigned> InputLines;
};

struct TestInput {
  std::string CheckId;
  std::vector<VirtualFile> Files;
  std::vector<Expectation> Expectations;
  std::vector<std::string> ConfigTexts;
};

const std::regex VirtualFileRe(R"(---\s*path:\s*(\S+)\s*---)");
// An annotation may end a comment (`*/`) or, in JSON, a string (`",`).
const std::regex MessageRe(
    R"(CHECK-MESSAGES:\s*(?::(\d+):\s*)?(warning|error|remark):\s*(.*?)\s*\[([a-z0-9-]+)\]\s*(?:\*/|",?)?\s*$)");
const std::regex NoteRe(R"(CHECK-NOTES:\s*(?::(\d+):\s*)?note:\s*(.*?)\s*(?:\*/|",?)?\s*$)");
const std::regex OkRe(R"(\bok:\s*([a-z0-9-]+))");
const std::regex
    TodoRe(R"(\btodo:\s*(warning|error):\s*(.*?)\s*\[([a-z0-9-]+)\]\s*(?:\*/|",?)?\s*$)");
const std::regex ConfigRe(R"(CHECK-CONFIG:\s*(.*?)\s*(?:\*/)?\s*$)");

/// Whether a line holds nothing but a comment (so an annotation on it is
/// about the next code line). JSON has no comments: a member whose key
/// starts with `//` (`"//1": "CHECK-MESSAGES: ..."`) stands in for one.
bool commentOnly(const std::string &Line) {
  size_t P = Line.find_first_not_of(" \t");
  if (P == std::string::npos)
    return true;
  return Line.compare(P, 1, "#") == 0 || Line.compare(P, 2, "//") == 0 ||
         Line.compare(P, 3, "\"//") == 0 || Line.compare(P, 2, "/*") == 0 ||
         Line.compare(P, 1, "*") == 0;
}

bool hasAnnotation(const std::string &Line) {
  return Line.find("CHECK-MESSAGES:") != std::string::npos ||
         Line.find("CHECK-NOTES:") != std::string::npos ||
         Line.find("CHECK-CONFIG:") != std::string::npos || std::regex_search(Line, OkRe) ||
         std::regex_search(Line, TodoRe);
}

TestInput readInput(const std::string &CheckId, const std::string &Path) {
  TestInput In;
  In.CheckId = CheckId;
  std::ifstream S(Path);
  std::string Line;
  std::vector<std::string> All;
  while (std::getline(S, Line))
    All.push_back(Line);
  // Split into virtual files; without markers the input is one file.
  std::string Base = llvm::sys::path::filename(Path).str();
  for (size_t N = 0; N < All.size(); ++N) {
    const std::string &L = All[N];
    std::smatch M;
    if (std::regex_search(L, M, VirtualFileRe)) {
      In.Files.push_back({M[1].str(), {}, {}});
      continue;
    }
    if (In.Files.empty())
      In.Files.push_back({Base, {}, {}});
    In.Files.back().Lines.push_back(L);
    In.Files.back().InputLines.push_back(static_cast<unsigned>(N + 1));
  }
  // Collect expectations per virtual file.
  for (const VirtualFile &F : In.Files) {
    for (size_t I = 0; I < F.Lines.size(); ++I) {
      const std::string &L = F.Lines[I];
      if (!hasAnnotation(L))
        continue;
      unsigned Target = static_cast<unsigned>(I + 1);
      if (commentOnly(L)) {
        size_t J = I + 1;
        while (J < F.Lines.size() && commentOnly(F.Lines[J]) && hasAnnotation(F.Lines[J]))
          ++J;
        Target = static_cast<unsigned>(J + 1);
      }
      std::smatch M;
      Expectation E;
      E.File = F.Path;
      E.Line = Target;
      E.AnnotationLine = F.InputLines[I];
      if (std::regex_search(L, M, ConfigRe)) {
        In.ConfigTexts.push_back(M[1].str());
      } else if (std::regex_search(L, M, MessageRe)) {
        E.K = Expectation::Message;
        E.Column = M[1].matched ? static_cast<unsigned>(std::stoul(M[1].str())) : 0;
        E.Level = M[2].str();
        E.Text = M[3].str();
        E.Check = M[4].str();
        In.Expectations.push_back(E);
      } else if (std::regex_search(L, M, NoteRe)) {
        E.K = Expectation::Note;
        E.Column = M[1].matched ? static_cast<unsigned>(std::stoul(M[1].str())) : 0;
        E.Level = "note";
        E.Text = M[2].str();
        In.Expectations.push_back(E);
      } else if (std::regex_search(L, M, TodoRe)) {
        E.K = Expectation::Todo;
        E.Level = M[1].str();
        E.Text = M[2].str();
        E.Check = M[3].str();
        In.Expectations.push_back(E);
      } else if (std::regex_search(L, M, OkRe)) {
        E.K = Expectation::Ok;
        E.Check = M[1].str();
        In.Expectations.push_back(E);
      } else {
        ADD_FAILURE() << Path << ":" << I + 1 << ": malformed annotation: " << L;
      }
    }
  }
  return In;
}

std::string levelName(const Diagnostic &D) {
  if (D.Level == Severity::Error || D.PromotedToError)
    return "error";
  if (D.Level == Severity::Remark)
    return "remark";
  return "warning";
}

std::vector<std::pair<std::string, std::string>> allInputs() {
  std::vector<std::pair<std::string, std::string>> Out;
  std::string Root = std::string(TEETIDY_SOURCE_DIR) + "/tests/checkers";
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator D(Root, EC), End; D != End && !EC; D.increment(EC)) {
    if (!llvm::sys::fs::is_directory(D->path()))
      continue;
    std::string Check = llvm::sys::path::filename(D->path()).str();
    std::error_code EC2;
    for (llvm::sys::fs::directory_iterator F(D->path(), EC2), E2; F != E2 && !EC2; F.increment(EC2))
      if (llvm::sys::fs::is_regular_file(F->path()))
        Out.emplace_back(Check, F->path());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

/// C and C++ inputs again, through clang-tidy-14 with the plugin loaded:
/// the same findings (message, level, line, column) as tee-tidy's, and no
/// others. Notes are tee-tidy's too; they are compared in-process above.
void checkThroughClangTidy(const TestInput &In, const std::string &Path, const std::string &Dir) {
#ifndef TEETIDY_CLANG_TIDY_PLUGIN
  // A sanitizer build has no plugin (it could not load into clang-tidy).
  (void)In, (void)Path, (void)Dir;
#else
  // The input's CHECK-CONFIG becomes the project's .tee-tidy, which the
  // plugin reads as tee-tidy does.
  if (!In.ConfigTexts.empty()) {
    std::ofstream Config(Dir + "/.tee-tidy");
    Config << In.ConfigTexts.front() << '\n';
  }
  static const std::regex Line(
      R"(^(.+?):(\d+):(\d+): (warning|error|remark): (.*) \[([a-z0-9,-]+)\]$)");
  for (const VirtualFile &F : In.Files) {
    std::optional<Language> Lang = languageForPath(F.Path);
    if (!Lang || familyOf(*Lang) != LanguageFamily::C)
      continue;
    std::string File = Dir + "/" + F.Path;
    llvm::SmallString<128> Out;
    ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("clang-tidy", "txt", Out));
    std::vector<llvm::StringRef> Args = {TEETIDY_CLANG_TIDY, "--load=" TEETIDY_CLANG_TIDY_PLUGIN,
                                         "--quiet"};
    std::string Checks = "--checks=-*," + In.CheckId;
    std::string Include = "-I" + Dir + "/include";
    Args.insert(Args.end(),
                {Checks, File, "--", *Lang == Language::C ? "-std=c17" : "-std=c++17", Include});
    llvm::Optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(Out),
                                                   llvm::StringRef("")};
    std::string Error;
    int Rc =
        llvm::sys::ExecuteAndWait(TEETIDY_CLANG_TIDY, Args, llvm::None, Redirects, 300, 0, &Error);
    ASSERT_GE(Rc, 0) << "clang-tidy did not run: " << Error;
    std::ifstream S{std::string(Out)};
    std::vector<bool> Matched(In.Expectations.size(), false);
    for (std::string L; std::getline(S, L);) {
      std::smatch M;
      if (!std::regex_match(L, M, Line) || M[1].str() != File)
        continue;
      unsigned LineNo = static_cast<unsigned>(std::stoul(M[2].str()));
      unsigned Col = static_cast<unsigned>(std::stoul(M[3].str()));
      bool Found = false;
      for (size_t I = 0; I < In.Expectations.size() && !Found; ++I) {
        const Expectation &E = In.Expectations[I];
        if (E.K != Expectation::Message || Matched[I] || E.File != F.Path || E.Line != LineNo ||
            (E.Column && E.Column != Col) || E.Level != M[4].str() || E.Check != M[6].str() ||
            M[5].str().find(E.Text) == std::string::npos)
          continue;
        Matched[I] = Found = true;
      }
      if (!Found)
        ADD_FAILURE() << Path
                      << ": clang-tidy with the plugin reports what tee-tidy does not: " << L;
    }
    llvm::sys::fs::remove(Out);
    for (size_t I = 0; I < In.Expectations.size(); ++I) {
      const Expectation &E = In.Expectations[I];
      if (E.K == Expectation::Message && E.File == F.Path && !Matched[I])
        ADD_FAILURE() << Path << ":" << E.AnnotationLine
                      << ": clang-tidy with the plugin does not report " << E.Level << " at "
                      << E.File << ":" << E.Line << ": " << E.Text << " [" << E.Check << "]";
    }
  }
#endif
}

class CheckerInputTest : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(CheckerInputTest, MatchesAnnotations) {
  const auto &[CheckId, Path] = GetParam();
  TestInput In = readInput(CheckId, Path);
  ASSERT_FALSE(In.Files.empty());

  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-check", Dir));
  std::vector<FileTask> Tasks;
  for (const VirtualFile &F : In.Files) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, F.Path);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream OS(std::string(P), std::ios::binary);
    for (const std::string &L : F.Lines)
      OS << L << '\n';
    // Files no analysis reads (tsconfig.json, package.json) are there for
    // lookups only, as in a walked tree.
    std::optional<Language> Lang = languageForPath(std::string(P));
    if (!Lang)
      continue;
    FileTask T{std::string(P), std::nullopt, {}, true};
    // C and C++ files compile against the input's own headers (include/).
    if (familyOf(*Lang) == LanguageFamily::C)
      T.Compile = frontend::CompileCommand{std::string(Dir),
                                           {*Lang == Language::C ? "clang" : "clang++",
                                            *Lang == Language::C ? "-std=c17" : "-std=c++17",
                                            "-I" + std::string(Dir) + "/include", std::string(P)}};
    Tasks.push_back(std::move(T));
  }

  ConfigLayer Defaults;
  Defaults.Source = "test";
  Defaults.Checks = "-*," + CheckId;
  std::vector<ConfigLayer> Extra;
  for (const std::string &Text : In.ConfigTexts) {
    auto L = parseConfigLayer(Text, "CHECK-CONFIG");
    ASSERT_TRUE(static_cast<bool>(L)) << llvm::toString(L.takeError());
    Extra.push_back(std::move(*L));
  }
  ConfigProvider Configs(Defaults, Extra, ConfigLayer{});
  QueryStore Store(std::string(TEETIDY_SOURCE_DIR) + "/queries");
  RunSettings Settings;
  Settings.Jobs = 1;
  AnalysisResult R = analyse(Tasks, Configs, Store, Settings);
  for (const std::string &E : R.ToolErrors)
    ADD_FAILURE() << "tool error: " << E;
  for (const std::string &E : R.ConfigErrors)
    ADD_FAILURE() << "config error: " << E;
  for (const std::string &E : R.InputErrors)
    ADD_FAILURE() << "input error: " << E;

  auto VirtualPath = [&](const SourceFile *F) {
    return F ? F->path().substr(Dir.size() + 1) : std::string();
  };
  size_t Executed = 0;
  for (const Diagnostic &D : R.Diagnostics) {
    ++Executed;
    std::string File = VirtualPath(D.Loc.File);
    unsigned Line = D.Loc.line(), Col = D.Loc.column();
    bool Found = false;
    for (Expectation &E : In.Expectations) {
      if (E.File != File || E.Line != Line || E.Matched)
        continue;
      if (E.K == Expectation::Ok && E.Check == D.CheckName)
        ADD_FAILURE() << Path << ": " << File << ":" << Line
                      << ": line marked 'ok' reported: " << D.Message;
      if (E.K == Expectation::Todo && E.Check == D.CheckName &&
          D.Message.find(E.Text) != std::string::npos)
        ADD_FAILURE() << Path << ": " << File << ":" << Line
                      << ": a 'todo' is now reported; make it CHECK-MESSAGES: " << D.Message;
      if (E.K != Expectation::Message || E.Check != D.CheckName || E.Level != levelName(D) ||
          D.Message.find(E.Text) == std::string::npos || (E.Column && E.Column != Col))
        continue;
      E.Matched = Found = true;
      break;
    }
    if (!Found)
      ADD_FAILURE() << Path << ": unexpected diagnostic at " << File << ":" << Line << ":" << Col
                    << ": " << levelName(D) << ": " << D.Message << " [" << D.CheckName << "]";
    for (const DiagnosticNote &N : D.Notes) {
      // A note without a location (what the finding allows, the advice)
      // belongs to the diagnostic's line.
      SourceLocation At = N.Loc.valid() ? N.Loc : D.Loc;
      for (Expectation &E : In.Expectations)
        if (E.K == Expectation::Note && !E.Matched && E.File == VirtualPath(At.File) &&
            E.Line == At.line() && (!E.Column || E.Column == At.column()) &&
            N.Message.find(E.Text) != std::string::npos) {
          E.Matched = true;
          break;
        }
    }
  }
  for (const Expectation &E : In.Expectations)
    if ((E.K == Expectation::Message || E.K == Expectation::Note) && !E.Matched)
      ADD_FAILURE() << Path << ":" << E.AnnotationLine << ": expected " << E.Level
                    << " not reported at " << E.File << ":" << E.Line
                    << (E.Column ? ":" + std::to_string(E.Column) : "") << ": " << E.Text
                    << (E.Check.empty() ? "" : " [" + E.Check + "]");
  // An input with expectations must have produced something to compare.
  bool ExpectsAny = std::any_of(In.Expectations.begin(), In.Expectations.end(),
                                [](const Expectation &E) { return E.K == Expectation::Message; });
  EXPECT_TRUE(!ExpectsAny || Executed > 0) << Path << ": nothing was reported";
  checkThroughClangTidy(In, Path, std::string(Dir));
  llvm::sys::fs::remove_directories(Dir);
}

std::string testName(const ::testing::TestParamInfo<std::pair<std::string, std::string>> &I) {
  std::string Name = I.param.first + "_" + llvm::sys::path::filename(I.param.second).str();
  for (char &C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, CheckerInputTest, ::testing::ValuesIn(allInputs()), testName);

} // namespace
