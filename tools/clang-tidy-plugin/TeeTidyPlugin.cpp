//===- TeeTidyPlugin.cpp - tee-tidy's checks inside clang-tidy ------------===//
//
// A clang-tidy module (`--load=TeeTidyPlugin.so`) whose checks carry
// tee-tidy's names and run tee-tidy's analysis on the translation unit
// clang-tidy parsed: its main file, lowered from Clang's AST, joins the files
// of its project (deployment files found from its directory upwards, as a
// file named on tee-tidy's command line), so messages, levels and notes are
// tee-tidy's.
//
//===----------------------------------------------------------------------===//
#include "config/Config.h"
#include "frontend/ClangLowering.h"
#include "source/FileDiscovery.h"
#include "syntax/QueryStore.h"
#include "tools/tee-tidy/Driver.h"
#include "tools/tee-tidy/ProjectContext.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <string>
#include <vector>

namespace teetidy::plugin {
namespace {

using namespace clang;
using namespace clang::ast_matchers;
using clang::tidy::ClangTidyCheck;
using clang::tidy::ClangTidyContext;

/// tee-tidy's checks that read C and C++ code.
constexpr const char *CheckNames[] = {"dstack-configurable-endpoint", "secrets-hardcoded-fallback",
                                      "attestation-tls-verification-disabled"};

/// tee-tidy's run over the current translation unit's project, made by the
/// first of the plugin's checks to ask and shared by the others.
struct UnitAnalysis {
  const ASTContext *Ctx = nullptr;
  std::string Path;
  AnalysisResult R;
  /// The run's own problems (a broken .tee-tidy) are reported once.
  bool ProblemsReported = false;
};

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

UnitAnalysis &analyseUnit(ASTContext &Ctx, const std::string &Path, const ClangTidyContext &Tidy) {
  static std::unique_ptr<UnitAnalysis> Last;
  if (Last && Last->Ctx == &Ctx && Last->Path == Path)
    return *Last;
  Last = std::make_unique<UnitAnalysis>();
  Last->Ctx = &Ctx;
  Last->Path = Path;

  std::string Checks = "-*";
  for (const char *Name : CheckNames)
    if (Tidy.isCheckEnabled(Name))
      Checks += std::string(",") + Name;
  // clang-tidy's --checks decide, over the .tee-tidy files (whose options
  // apply), as tee-tidy's own --checks would.
  ConfigLayer Defaults, Enabled;
  Defaults.Source = "TeeTidyPlugin.so";
  Defaults.Checks = "-*";
  Enabled.Source = "clang-tidy's --checks";
  Enabled.Checks = Checks;
  ConfigProvider Configs(Defaults, {Enabled});
  QueryStore Queries;

  // The main file is lowered from this AST; the compile command only marks
  // it as a file to analyse.
  FileTask Main{Path, std::nullopt, {}, true};
  Main.Compile = frontend::CompileCommand{"", {"clang-tidy"}};
  DiscoveryOptions Disc;
  Disc.IsCandidate = [](const std::string &P) { return languageForPath(P).has_value(); };
  llvm::SmallString<256> Home;
  if (llvm::sys::path::home_directory(Home))
    Home = absolutePath(Home);
  std::vector<FileTask> Tasks = withProjectContext({Main}, {Path}, Disc, std::string(Home));

  RunSettings Settings;
  Settings.Jobs = 1; // run-clang-tidy runs one process per file
  // Compose files the configuration names (`ComposeFiles`) join the
  // deployment model, as they do for tee-tidy.
  if (llvm::Expected<EffectiveConfig> Cfg = Configs.configFor(Path)) {
    for (const std::string &C : Cfg->composeFiles()) {
      Settings.ExtraComposeFiles.insert(absolutePath(C));
      bool Known = false;
      for (const FileTask &T : Tasks)
        Known |= absolutePath(T.Path) == absolutePath(C);
      if (!Known) {
        FileTask Compose{C, std::nullopt, {}, false};
        Compose.Context = true;
        Tasks.push_back(std::move(Compose));
      }
    }
  } else {
    llvm::consumeError(Cfg.takeError()); // the run reports it
  }
  Settings.LowerNative = [&](const SourceFile &F) {
    if (absolutePath(F.path()) != absolutePath(Path))
      return frontend::ClangUnit{std::nullopt, std::nullopt, "not this translation unit"};
    return frontend::ClangUnit{frontend::lowerClangAST(Ctx, F.path()), std::nullopt, ""};
  };
  Last->R = analyse(Tasks, Configs, Queries, Settings);
  return *Last;
}

/// One of tee-tidy's checks: reports what the shared run found in the main
/// file under its name.
class EngineCheck : public ClangTidyCheck {
public:
  EngineCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Tidy(*Context), Name(Name.str()) {}

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("unit"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    SourceManager &SM = *Result.SourceManager;
    FileID MainID = SM.getMainFileID();
    const FileEntry *MainFile = SM.getFileEntryForID(MainID);
    if (!MainFile)
      return;
    std::string Path = MainFile->getName().str();
    UnitAnalysis &A = analyseUnit(*Result.Context, Path, Tidy);
    std::string Abs = absolutePath(Path);
    if (!A.ProblemsReported) {
      // What stopped or weakened the run is said, never swallowed.
      A.ProblemsReported = true;
      clang::SourceLocation Start = SM.getLocForStartOfFile(MainID);
      for (const auto *List : {&A.R.ConfigErrors, &A.R.ToolErrors, &A.R.InputErrors})
        for (const std::string &P : *List)
          diag(Start, "tee-tidy: %0", DiagnosticIDs::Error) << P;
      for (const std::string &W : A.R.Warnings)
        diag(Start, "tee-tidy: %0", DiagnosticIDs::Warning) << W;
    }
    for (const Diagnostic &D : A.R.Diagnostics) {
      if (D.CheckName != Name || !D.Loc.File || absolutePath(D.Loc.File->path()) != Abs)
        continue;
      clang::SourceLocation At = locationIn(SM, MainID, D.Loc.Offset);
      DiagnosticIDs::Level Level = D.Level == Severity::Error || D.PromotedToError
                                       ? DiagnosticIDs::Error
                                   : D.Level == Severity::Remark ? DiagnosticIDs::Remark
                                                                 : DiagnosticIDs::Warning;
      {
        auto Builder = diag(At, "%0", Level) << D.Message;
        for (const Replacement &R : D.Fixes)
          if (R.File && absolutePath(R.File->path()) == Abs)
            Builder << FixItHint::CreateReplacement(
                CharSourceRange::getCharRange(locationIn(SM, MainID, R.Offset),
                                              locationIn(SM, MainID, R.Offset + R.Length)),
                R.Text);
      }
      for (const DiagnosticNote &N : D.Notes)
        diag(noteLocation(SM, MainID, Abs, N), "%0", DiagnosticIDs::Note) << N.Message;
    }
  }

private:
  const ClangTidyContext &Tidy;
  std::string Name;

  static clang::SourceLocation locationIn(SourceManager &SM, FileID File, size_t Offset) {
    size_t Size = SM.getBufferData(File).size();
    return SM.getComposedLoc(File, static_cast<unsigned>(std::min(Offset, Size)));
  }

  /// Where note \p N points: in the main file, in another file (a compose
  /// file, a Dockerfile) the source manager opens, or nowhere.
  static clang::SourceLocation noteLocation(SourceManager &SM, FileID MainID,
                                            const std::string &Abs, const DiagnosticNote &N) {
    if (!N.Loc.File)
      return {};
    if (absolutePath(N.Loc.File->path()) == Abs)
      return locationIn(SM, MainID, N.Loc.Offset);
    auto Entry = SM.getFileManager().getFile(N.Loc.File->path());
    if (!Entry)
      return {};
    FileID Other = SM.getOrCreateFileID(*Entry, SrcMgr::C_User);
    return locationIn(SM, Other, N.Loc.Offset);
  }
};

class TeeTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    for (const char *Name : CheckNames)
      Factories.registerCheckFactory(Name, [](llvm::StringRef N, ClangTidyContext *Context) {
        return std::make_unique<EngineCheck>(N, Context);
      });
  }
};

} // namespace

static clang::tidy::ClangTidyModuleRegistry::Add<TeeTidyModule>
    Registered("tee-tidy-module", "tee-tidy's dstack checks for C and C++.");

} // namespace teetidy::plugin
