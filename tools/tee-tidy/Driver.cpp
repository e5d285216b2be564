#include "tools/tee-tidy/Driver.h"

#include "diag/NoLint.h"

#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <set>

namespace teetidy {

namespace {

/// What one file's analysis produced, merged into AnalysisResult in order.
struct FileOutcome {
  std::unique_ptr<SourceFile> File;
  std::vector<Diagnostic> Diags;
  unsigned Suppressed = 0;
  std::vector<std::string> ConfigErrors, InputErrors, ToolErrors;
  std::optional<std::string> SyntaxError, EncodingWarning;
  std::optional<SkippedFile> Skipped;
};

size_t longestLine(std::string_view Text) {
  size_t Longest = 0;
  while (!Text.empty()) {
    size_t End = std::min(Text.find('\n'), Text.size());
    Longest = std::max(Longest, End);
    Text.remove_prefix(std::min(End + 1, Text.size()));
  }
  return Longest;
}

std::string where(const SourceFile &F, size_t Offset) {
  return F.path() + ":" + std::to_string(F.lineOf(Offset)) + ":" +
         std::to_string(F.columnOf(Offset));
}

FileOutcome analyseOne(const FileTask &Task, ConfigProvider &Configs, AnalysisServices &Services,
                       const RunSettings &Settings) {
  FileOutcome Out;
  std::optional<Language> Lang = Task.Lang ? Task.Lang : languageForPath(Task.Path);
  if (!Lang) {
    Out.InputErrors.push_back("'" + Task.Path +
                              "' is not a file tee-tidy can analyse (unknown "
                              "language; use --lang= in a compile_commands.json entry)");
    return Out;
  }
  auto Loaded = loadSourceFile(Task.Path, *Lang, Settings.Load);
  if (!Loaded) {
    std::string Msg;
    bool Skippable = false;
    LoadFailure Kind = LoadFailure::Unreadable;
    llvm::handleAllErrors(Loaded.takeError(), [&](const LoadError &E) {
      Msg = llvm::toString(llvm::make_error<LoadError>(E));
      Kind = E.kind();
      Skippable = E.kind() == LoadFailure::Binary || E.kind() == LoadFailure::TooLarge;
    });
    if (Task.Explicit || !Skippable)
      Out.InputErrors.push_back(Msg);
    else
      Out.Skipped = SkippedFile{
          Task.Path, Kind == LoadFailure::TooLarge ? SkipReason::TooLarge : SkipReason::Unreadable,
          Msg};
    return Out;
  }
  // Walked JavaScript with a very long line is generated (minified, bundled)
  // code, which nobody audits line by line; named files are always analysed.
  if (!Task.Explicit && Settings.MinifiedLineLength &&
      (*Lang == Language::JavaScript || *Lang == Language::TypeScript)) {
    size_t Longest = longestLine((*Loaded)->content());
    if (Longest >= Settings.MinifiedLineLength) {
      Out.Skipped = SkippedFile{Task.Path, SkipReason::Minified,
                                "a line of " + std::to_string(Longest) + " bytes"};
      return Out;
    }
  }
  Out.File = std::move(*Loaded);
  const SourceFile &F = *Out.File;
  if (size_t Bad = F.firstInvalidUtf8(); Bad != std::string_view::npos)
    Out.EncodingWarning = where(F, Bad) + ": not valid UTF-8; analysed as bytes";

  auto Config = Configs.configFor(Task.Path, Task.ExtraLayers);
  if (!Config) {
    Out.ConfigErrors.push_back(llvm::toString(Config.takeError()));
    return Out;
  }

  FileContext Ctx(F, Services);
  GlobList WarningsAsErrors = Config->warningsAsErrorsGlobs();
  for (const CheckInfo *Info : enabledChecks(builtinChecks(), *Config)) {
    CheckOptionsView Options(Info->Name, &*Config);
    std::unique_ptr<TeeTidyCheck> Check = Info->Create(Options);
    for (const ConfigIssue &I : Options.errors())
      Out.ConfigErrors.push_back(I.Where.str() + ": error: " + I.Message);
    if (Check->appliesTo(F.language()))
      Check->check(Ctx);
  }
  // Deployment files are always read, so their syntax problems are reported
  // whichever checks run.
  Ctx.compose();
  Ctx.dockerfile();
  if (hasGrammar(F.language()) && Ctx.hasSyntaxErrors())
    if (auto Loc = Ctx.firstSyntaxError())
      Out.SyntaxError = where(F, Loc->Offset) + ": syntax error; the rest of the file was analysed";
  Out.ToolErrors = std::move(Ctx.toolErrors());

  NoLintDirectives NoLint(F);
  std::vector<Diagnostic> All = std::move(Ctx.diagnostics());
  for (Diagnostic &E : NoLint.errors())
    All.push_back(std::move(E));
  for (Diagnostic &D : All) {
    if (NoLint.suppresses(D)) {
      ++Out.Suppressed;
      continue;
    }
    if (D.Level == Severity::Warning && WarningsAsErrors.contains(D.CheckName))
      D.PromotedToError = true;
    Out.Diags.push_back(std::move(D));
  }
  return Out;
}

} // namespace

std::vector<const CheckInfo *> enabledChecks(const CheckRegistry &Registry,
                                             const EffectiveConfig &Config) {
  GlobList Globs = Config.checkGlobs();
  std::vector<const CheckInfo *> Out;
  for (const CheckInfo *C : Registry.all())
    if (Globs.contains(C->Name))
      Out.push_back(C);
  return Out;
}

AnalysisResult analyse(const std::vector<FileTask> &Tasks, ConfigProvider &Configs,
                       AnalysisServices &Services, const RunSettings &Settings) {
  std::vector<FileOutcome> Outcomes(Tasks.size());
  // Checks see every deployment file of the run together (allowed_envs,
  // which service runs which code).
  std::vector<std::string> Paths;
  for (const FileTask &T : Tasks)
    Paths.push_back(T.Path);
  Services.setExtraComposeFiles(Settings.ExtraComposeFiles);
  Services.setDeployment(
      deploy::Deployment::build(Paths, Settings.Load, Settings.ExtraComposeFiles));
  // The dataflow program reads the run's sources together; generated
  // JavaScript the per-file analysis skips (below) is left out of it too.
  std::vector<std::string> SourcePaths;
  for (const FileTask &T : Tasks) {
    auto Lang = languageForPath(T.Path);
    if (!T.Explicit && Settings.MinifiedLineLength && Lang &&
        (*Lang == Language::JavaScript || *Lang == Language::TypeScript))
      if (auto Buf = llvm::MemoryBuffer::getFile(T.Path);
          Buf && longestLine((*Buf)->getBuffer()) >= Settings.MinifiedLineLength)
        continue;
    SourcePaths.push_back(T.Path);
  }
  Services.setRunFiles(SourcePaths, Settings.Load);
  {
    llvm::ThreadPool Pool(llvm::hardware_concurrency(Settings.Jobs));
    for (size_t I = 0; I < Tasks.size(); ++I)
      Pool.async([&, I] { Outcomes[I] = analyseOne(Tasks[I], Configs, Services, Settings); });
    Pool.wait();
  }
  AnalysisResult R;
  std::set<std::string> SeenConfigErrors, SeenToolErrors;
  for (FileOutcome &O : Outcomes) {
    for (std::string &E : O.ConfigErrors)
      if (SeenConfigErrors.insert(E).second)
        R.ConfigErrors.push_back(std::move(E));
    for (std::string &E : O.ToolErrors)
      if (SeenToolErrors.insert(E).second)
        R.ToolErrors.push_back(std::move(E));
    for (std::string &E : O.InputErrors)
      R.InputErrors.push_back(std::move(E));
    if (O.Skipped)
      R.Skipped.push_back(std::move(*O.Skipped));
    if (O.SyntaxError)
      R.SyntaxErrors.push_back(std::move(*O.SyntaxError));
    if (O.EncodingWarning)
      R.EncodingWarnings.push_back(std::move(*O.EncodingWarning));
    R.SuppressedByNoLint += O.Suppressed;
    for (Diagnostic &D : O.Diags)
      R.Diagnostics.push_back(std::move(D));
    if (O.File) {
      ++R.FilesAnalysed;
      R.Files.push_back(std::move(O.File));
    }
  }
  std::stable_sort(R.Diagnostics.begin(), R.Diagnostics.end(), diagnosticLess);
  // The same finding reached twice (two query patterns, the same file named
  // twice) is reported once.
  auto Same = [](const Diagnostic &A, const Diagnostic &B) {
    return A.Loc.File == B.Loc.File && A.Loc.Offset == B.Loc.Offset && A.CheckName == B.CheckName &&
           A.Message == B.Message;
  };
  R.Diagnostics.erase(std::unique(R.Diagnostics.begin(), R.Diagnostics.end(), Same),
                      R.Diagnostics.end());
  return R;
}

llvm::Expected<std::pair<std::vector<ConfigLayer>, std::optional<Language>>>
parseEntryFlags(const std::vector<std::string> &Args, const std::string &EntryName,
                std::vector<std::string> &Unknown) {
  std::vector<ConfigLayer> Layers;
  std::optional<Language> Lang;
  for (const std::string &A : Args) {
    llvm::StringRef Arg(A);
    llvm::StringRef Flag = Arg.ltrim('-');
    auto [Name, Value] = Flag.split('=');
    bool HasValue = Flag.contains('=');
    if (Name == "checks" && HasValue) {
      ConfigLayer L;
      L.Source = "command-line option '-checks' in " + EntryName;
      L.Checks = Value.str();
      Layers.push_back(std::move(L));
    } else if (Name == "warnings-as-errors" && HasValue) {
      ConfigLayer L;
      L.Source = "command-line option '-warnings-as-errors' in " + EntryName;
      L.WarningsAsErrors = Value.str();
      Layers.push_back(std::move(L));
    } else if (Name == "config" && HasValue) {
      auto L = parseConfigLayer(Value, "command-line option '-config' in " + EntryName);
      if (!L)
        return L.takeError();
      Layers.push_back(std::move(*L));
    } else if (Name == "lang" && HasValue) {
      Lang = languageFromName(Value);
      if (!Lang)
        return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: unknown language '%s'",
                                       EntryName.c_str(), Value.str().c_str());
    } else {
      Unknown.push_back(A);
    }
  }
  return std::make_pair(std::move(Layers), Lang);
}

llvm::Expected<std::vector<FileTask>>
tasksFromCompilationDatabase(const std::string &Dir, const std::vector<std::string> &OnlyFiles,
                             std::vector<std::string> &Warnings) {
  llvm::SmallString<256> DbPath(Dir);
  if (!llvm::sys::fs::is_regular_file(DbPath))
    llvm::sys::path::append(DbPath, "compile_commands.json");
  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      DbPath, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot load compilation database '%s': %s", DbPath.c_str(),
                                   Err.c_str());
  std::vector<std::string> Wanted;
  for (const std::string &F : OnlyFiles) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    Wanted.push_back(std::string(Abs));
  }
  std::vector<FileTask> Tasks;
  for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
    if (C.CommandLine.empty())
      continue;
    llvm::StringRef Tool = llvm::sys::path::filename(C.CommandLine.front());
    if (Tool != "tee-tidy")
      continue; // Entries of compilers and other tools are not ours.
    llvm::SmallString<256> File(C.Filename);
    if (!llvm::sys::path::is_absolute(File)) {
      File = C.Directory;
      llvm::sys::path::append(File, C.Filename);
    }
    llvm::sys::path::remove_dots(File, true);
    if (!Wanted.empty() &&
        std::find(Wanted.begin(), Wanted.end(), std::string(File)) == Wanted.end())
      continue;
    std::vector<std::string> Args;
    for (size_t I = 1; I < C.CommandLine.size(); ++I)
      if (C.CommandLine[I] != C.Filename && C.CommandLine[I] != std::string(File))
        Args.push_back(C.CommandLine[I]);
    std::vector<std::string> Unknown;
    std::string EntryName = std::string(DbPath) + " entry for '" + C.Filename + "'";
    auto Parsed = parseEntryFlags(Args, EntryName, Unknown);
    if (!Parsed)
      return Parsed.takeError();
    for (const std::string &U : Unknown)
      Warnings.push_back("ignoring unknown argument '" + U + "' in " + EntryName);
    Tasks.push_back({std::string(File), Parsed->second, std::move(Parsed->first), true});
  }
  return Tasks;
}

} // namespace teetidy
