#include "tools/tee-tidy/Driver.h"

#include "diag/JsonReport.h"

#include "diag/NoLint.h"
#include "program/Program.h"
#include "source/Utf8.h"
#include "source/WorkingDirectory.h"

#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>

namespace teetidy {

namespace {

/// Whether a `Suppressions` entry of the configuration covers \p D.
bool suppressedByConfig(const std::vector<SuppressionRule> &Rules, const Diagnostic &D) {
  if (Rules.empty() || !D.Loc.valid())
    return false;
  llvm::SmallString<256> Path(D.Loc.File->path());
  makeAbsolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  for (const SuppressionRule &R : Rules)
    if (R.File == Path && GlobList(R.Checks).contains(D.CheckName) &&
        (!R.Line || R.Line == D.Loc.line()) &&
        (R.Fingerprint.empty() || R.Fingerprint == fingerprint(D)))
      return true;
  return false;
}

/// One file of the run as it goes through the stages: loaded, planned (its
/// configuration and check instances), checked.
/// Seconds since \p Start.
double secondsSince(std::chrono::steady_clock::time_point Start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
}

struct FileRun {
  const FileTask *Task = nullptr;
  const SourceFile *File = nullptr;
  /// Walked generated code (a very long line): skipped, and left out of the
  /// program.
  bool Minified = false;
  /// The file's configuration, and what its enabled checks need from the
  /// run: the program's model rules and the queries they run. The checks
  /// themselves are made again when the file is checked, so that only the
  /// files being checked hold check objects.
  std::optional<EffectiveConfig> Config;
  std::vector<program::ModelRules> Rules;
  std::vector<std::string> Queries;
  GlobList WarningsAsErrors;
  /// Whether findings held back (code no deployment runs) are reported.
  bool ReportUndeployed = false;

  std::vector<Diagnostic> Diags;
  std::vector<FlowRecord> Flows;
  unsigned Suppressed = 0, ConfigSuppressed = 0;
  /// With profiling: seconds spent in each check on this file.
  std::vector<std::pair<std::string, double>> CheckSeconds;
  /// The findings a NOLINT comment or the configuration suppresses.
  std::vector<Diagnostic> NoLinted;
  std::map<std::string, unsigned> HeldBack;
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
  return displayPath(F.path()) + ":" + std::to_string(F.lineOf(Offset)) + ":" +
         std::to_string(F.columnOf(Offset));
}

/// Stage 1: loads the file once, through the run's store.
void load(FileRun &Run, FileStore &Store, const RunSettings &Settings) {
  const FileTask &Task = *Run.Task;
  std::optional<Language> Lang = Task.Lang ? Task.Lang : languageForPath(Task.Path);
  if (!Lang) {
    Run.InputErrors.push_back("'" + Task.Path +
                              "' is not a file tee-tidy can analyse (unknown "
                              "language; use --lang= in a compile_commands.json entry)");
    return;
  }
  if (familyOf(*Lang) == LanguageFamily::C && !Task.Compile) {
    std::string Msg = "'" + Task.Path +
                      "' has no compile command: list it in compile_commands.json (-p) or give "
                      "compiler arguments after '--'";
    if (Task.Explicit)
      Run.InputErrors.push_back(std::move(Msg));
    else
      Run.Skipped = SkippedFile{Task.Path, SkipReason::NoCompileCommand, std::move(Msg)};
    return;
  }
  auto Loaded = Store.load(Task.Path, *Lang);
  if (!Loaded) {
    std::string Msg;
    bool Skippable = false;
    LoadFailure Kind = LoadFailure::Unreadable;
    llvm::handleAllErrors(Loaded.takeError(), [&](const LoadError &E) {
      Msg = llvm::toString(llvm::make_error<LoadError>(E));
      Kind = E.kind();
      Skippable = E.kind() == LoadFailure::Binary || E.kind() == LoadFailure::TooLarge ||
                  E.kind() == LoadFailure::Unreadable;
    });
    if (Task.Explicit || !Skippable)
      Run.InputErrors.push_back(Msg);
    else
      Run.Skipped = SkippedFile{Task.Path,
                                Kind == LoadFailure::TooLarge ? SkipReason::TooLarge
                                : Kind == LoadFailure::Binary ? SkipReason::Binary
                                                              : SkipReason::Unreadable,
                                Msg};
    return;
  }
  const SourceFile &F = **Loaded;
  // Walked JavaScript with a very long line is generated (minified, bundled)
  // code, which nobody audits line by line; named files are always analysed.
  if (!Task.Explicit && Settings.MinifiedLineLength &&
      (*Lang == Language::JavaScript || *Lang == Language::TypeScript)) {
    size_t Longest = longestLine(F.content());
    if (Longest >= Settings.MinifiedLineLength) {
      Run.Minified = true;
      Run.Skipped = SkippedFile{Task.Path, SkipReason::Minified,
                                "a line of " + std::to_string(Longest) + " bytes"};
      return;
    }
  }
  Run.File = &F;
  if (size_t Bad = F.firstInvalidUtf8(); Bad != std::string_view::npos)
    Run.EncodingWarning = where(F, Bad) + ": warning: not valid UTF-8; analysed as bytes";
}

/// The checks \p Config enables for \p F, each constructed with it (and
/// with its option view, which it refers to).
struct FileChecks {
  std::vector<std::unique_ptr<CheckOptionsView>> Views;
  std::vector<std::unique_ptr<TeeTidyCheck>> Checks; ///< those that apply to F
};
FileChecks makeChecks(const SourceFile &F, const EffectiveConfig &Config,
                      std::vector<std::string> *ConfigErrors) {
  FileChecks Out;
  for (const CheckInfo *Info : enabledChecks(builtinChecks(), Config)) {
    Out.Views.push_back(std::make_unique<CheckOptionsView>(Info->Name, &Config));
    std::unique_ptr<TeeTidyCheck> Check = Info->Create(*Out.Views.back());
    if (ConfigErrors)
      for (const ConfigIssue &I : Out.Views.back()->errors())
        ConfigErrors->push_back(I.Where.str() + ": error: " + I.Message);
    if (Check->appliesTo(F.language()))
      Out.Checks.push_back(std::move(Check));
  }
  return Out;
}

/// What plan() takes from a file's checks: it depends on the file's
/// configuration and language only, so a run makes the checks once for each
/// (making them for each file was an eighth of a run over many small files).
class CheckPlans {
public:
  struct Plan {
    std::vector<program::ModelRules> Rules;
    std::vector<std::string> Queries;
    std::vector<std::string> Errors;
  };
  const Plan &get(const SourceFile &F, const EffectiveConfig &Config) {
    std::string Key(languageName(F.language()));
    for (const ConfigLayer &L : Config.layers()) {
      Key += '\0' + L.Source + '\0' + L.Checks.value_or("\x01");
      for (const auto &[Name, V] : L.CheckOptions)
        Key += '\0' + Name + '=' + V.Value + '@' + V.Where.str();
    }
    std::lock_guard<std::mutex> Lock(Mutex);
    auto [It, New] = Plans.try_emplace(std::move(Key));
    if (New) {
      FileChecks Checks = makeChecks(F, Config, &It->second.Errors);
      for (const auto &Check : Checks.Checks) {
        if (std::optional<program::ModelRules> Rules = Check->programRules(F.language()))
          It->second.Rules.push_back(std::move(*Rules));
        for (std::string &Q : Check->queries())
          It->second.Queries.push_back(std::move(Q));
      }
    }
    return It->second;
  }

private:
  std::mutex Mutex;
  std::map<std::string, Plan> Plans; // nodes stay put: references stay valid
};

/// Stage 2: the file's configuration, and what its enabled checks need
/// from the run.
void plan(FileRun &Run, ConfigProvider &Configs, CheckPlans &Plans) {
  if (!Run.File)
    return;
  auto Config = Configs.configFor(Run.Task->Path, Run.Task->ExtraLayers);
  if (!Config) {
    Run.ConfigErrors.push_back(llvm::toString(Config.takeError()));
    return;
  }
  Run.Config = std::move(*Config);
  Run.WarningsAsErrors = Run.Config->warningsAsErrorsGlobs();
  CheckOptionsView Global("", &*Run.Config);
  Run.ReportUndeployed = Global.getBool("ReportUndeployed", false);
  for (const ConfigIssue &I : Global.errors())
    Run.ConfigErrors.push_back(I.Where.str() + ": error: " + I.Message);
  const CheckPlans::Plan &P = Plans.get(*Run.File, *Run.Config);
  Run.ConfigErrors.insert(Run.ConfigErrors.end(), P.Errors.begin(), P.Errors.end());
  Run.Rules.insert(Run.Rules.end(), P.Rules.begin(), P.Rules.end());
  Run.Queries.insert(Run.Queries.end(), P.Queries.begin(), P.Queries.end());
}

/// Whether a query of one of \p Run's checks may match its file, so that
/// the file's analysis will read its tree.
bool readsTree(const FileRun &Run, QueryStore &Queries) {
  for (const std::string &Name : Run.Queries) {
    llvm::Expected<const CompiledQuery *> Q = Queries.query(Run.File->language(), Name);
    if (!Q) {
      llvm::consumeError(Q.takeError()); // reported by the check that runs it
      continue;
    }
    if (*Q && (*Q)->mayMatch(Run.File->content()))
      return true;
  }
  return false;
}

Diagnostic inputError(SourceLocation Loc, std::string Message) {
  Diagnostic D;
  D.CheckName = "tee-tidy-input-error";
  D.Message = std::move(Message);
  D.Level = Severity::Error;
  D.Loc = Loc;
  return D;
}

/// NOLINT comments in the compose YAML an app-compose.json embeds: the JSON
/// string holds no comment of its own, the YAML it carries can. A finding
/// in the string is looked up at its position in the decoded YAML.
class EmbeddedComposeNoLint {
public:
  EmbeddedComposeNoLint(const SourceFile &Json, const deploy::ManifestString &Yaml)
      : Json(Json), Yaml(Yaml), Decoded(Json.path(), Yaml.Value, Language::Yaml),
        Directives(Decoded) {}

  bool suppresses(const Diagnostic &D) const {
    std::optional<size_t> At = decodedOffset(D.Loc);
    if (!At)
      return false;
    Diagnostic InYaml;
    InYaml.CheckName = D.CheckName;
    InYaml.Loc = {&Decoded, *At};
    return Directives.suppresses(InYaml);
  }

  /// Unmatched NOLINTBEGIN/END, at their places in the JSON file.
  std::vector<Diagnostic> errors() const {
    std::vector<Diagnostic> Out = Directives.errors();
    for (Diagnostic &D : Out) {
      D.Loc = {&Json, Yaml.Offsets[std::min(D.Loc.Offset, Yaml.Offsets.size() - 1)]};
      D.Message = "in docker_compose_file: " + D.Message;
    }
    return Out;
  }

private:
  std::optional<size_t> decodedOffset(SourceLocation Loc) const {
    const std::vector<size_t> &O = Yaml.Offsets;
    if (Loc.File != &Json || O.empty() || Loc.Offset < O.front() || Loc.Offset > O.back())
      return std::nullopt;
    return static_cast<size_t>(std::lower_bound(O.begin(), O.end(), Loc.Offset) - O.begin());
  }

  const SourceFile &Json;
  const deploy::ManifestString &Yaml;
  SourceFile Decoded;
  NoLintDirectives Directives;
};

/// Stage 4: the file's checks, then what the driver reports of the file
/// itself (problems reading it as a deployment file, lowering limits, the
/// first syntax error), then NOLINT.
void check(FileRun &Run, AnalysisServices &Services, bool Profile) {
  if (!Run.File || !Run.Config)
    return;
  const SourceFile &F = *Run.File;
  // An empty source (an `__init__.py`) holds nothing to report: its checks
  // are not even made.
  if (F.content().empty() && familyOf(F.language()))
    return;
  FileContext Ctx(F, Services);
  FileChecks Checks = makeChecks(F, *Run.Config, nullptr);
  for (const auto &Check : Checks.Checks) {
    auto Start = std::chrono::steady_clock::now();
    Check->check(Ctx);
    if (Profile)
      Run.CheckSeconds.emplace_back(Check->name(), secondsSince(Start));
  }
  std::vector<Diagnostic> All = std::move(Ctx.diagnostics());
  Run.Flows = std::move(Ctx.flows());

  // A compose file beside the dstack deployment of the same code decides
  // nothing, and its own findings are held back.
  if (const deploy::Deployment *D = Services.deployment())
    if (D->composeOf(F))
      if (std::optional<std::string> Aside = D->setAside(F.path()))
        for (Diagnostic &Diag : All)
          if (Diag.HeldBack.empty()) {
            Diag.HeldBack = "compose file not deployed";
            Diag.HeldBackWhy = *Aside;
          }

  // Deployment files are always read, so their problems are reported
  // whichever checks run.
  if (const deploy::Deployment *D = Services.deployment()) {
    const std::vector<deploy::DeployIssue> *Issues = nullptr;
    if (const deploy::ComposeParseResult *C = D->composeOf(F))
      Issues = &C->Issues;
    else if (const deploy::AppComposeParseResult *M = D->appComposeOf(F))
      Issues = &M->Issues;
    else if (const deploy::DockerfileParseResult *DF = D->dockerfileOf(F))
      Issues = &DF->Issues;
    if (Issues)
      for (const deploy::DeployIssue &I : *Issues)
        All.push_back(inputError(I.Loc, I.Message));
  }
  bool LimitReported = false;
  if (const program::Program *P = Services.program())
    for (const auto &[Offset, Message] : P->limitsIn(F)) {
      All.push_back(inputError(Ctx.loc(Offset), Message));
      LimitReported = true;
    }
  // The lowering's bound usually comes first; a file nested deep in syntax
  // only (parentheses) is told here.
  if (std::optional<uint32_t> Cut = Ctx.queryDepthCut(); Cut && !LimitReported)
    All.push_back(inputError(Ctx.loc(*Cut), "code nested more than " +
                                                std::to_string(MaxQueryDepth) +
                                                " syntax levels deep was not checked"));
  if (hasGrammar(F.language()))
    if (std::optional<SourceLocation> Loc = Ctx.firstSyntaxError())
      Run.SyntaxError =
          where(F, Loc->Offset) + ": warning: syntax error; the rest of the file was analysed";
  Run.ToolErrors = std::move(Ctx.toolErrors());

  NoLintDirectives NoLint(F);
  for (Diagnostic &E : NoLint.errors())
    All.push_back(std::move(E));
  std::optional<EmbeddedComposeNoLint> EmbeddedNoLint;
  if (const deploy::Deployment *D = Services.deployment())
    if (const deploy::AppComposeParseResult *M = D->appComposeOf(F))
      if (M->Manifest && M->Manifest->DockerComposeFile &&
          !M->Manifest->DockerComposeFile->IsNumber) {
        EmbeddedNoLint.emplace(F, *M->Manifest->DockerComposeFile);
        for (Diagnostic &E : EmbeddedNoLint->errors())
          All.push_back(std::move(E));
      }
  const std::vector<SuppressionRule> Suppressions = Run.Config->suppressions();
  for (Diagnostic &D : All) {
    if (!D.HeldBack.empty()) {
      if (!Run.ReportUndeployed) {
        ++Run.HeldBack[D.HeldBack];
        continue;
      }
      D.explain("reported because ReportUndeployed is set: " + D.HeldBackWhy);
    }
    // What the finding allows and what to do come right after it; the
    // located notes (the path, the deployment evidence) follow in order.
    std::stable_partition(D.Notes.begin(), D.Notes.end(),
                          [](const DiagnosticNote &N) { return !N.Loc.valid(); });
    if (NoLint.suppresses(D) || (EmbeddedNoLint && EmbeddedNoLint->suppresses(D))) {
      ++Run.Suppressed;
      Run.NoLinted.push_back(std::move(D));
      continue;
    }
    if (suppressedByConfig(Suppressions, D)) {
      ++Run.ConfigSuppressed;
      Run.NoLinted.push_back(std::move(D));
      continue;
    }
    if (D.Level == Severity::Warning && Run.WarningsAsErrors.contains(D.CheckName))
      D.PromotedToError = true;
    Run.Diags.push_back(std::move(D));
  }
}

/// An app-compose.json embedding the compose file beside it describes one
/// deployment twice: a compose or image finding of both is reported once,
/// at the compose file, with the manifest's place as a note.
void mergeDescribedTwice(std::vector<Diagnostic> &Diags, const deploy::Deployment &D) {
  std::map<std::string, std::string> ManifestOf; // compose file -> manifest
  for (const deploy::DeploymentUnit &U : D.units())
    if (U.DescribedBy) {
      const std::string &M = D.units()[*U.DescribedBy].Path;
      if (llvm::sys::path::parent_path(FileStore::key(M)) ==
          llvm::sys::path::parent_path(FileStore::key(U.Path)))
        ManifestOf[FileStore::key(U.Path)] = FileStore::key(M);
    }
  if (ManifestOf.empty())
    return;
  std::vector<bool> Drop(Diags.size(), false);
  for (Diagnostic &C : Diags) {
    if (!C.Loc.File || llvm::StringRef(C.CheckName).startswith("tee-tidy"))
      continue;
    auto It = ManifestOf.find(FileStore::key(C.Loc.File->path()));
    if (It == ManifestOf.end())
      continue;
    for (size_t I = 0; I < Diags.size(); ++I) {
      const Diagnostic &M = Diags[I];
      if (!Drop[I] && M.Loc.File && M.CheckName == C.CheckName && M.Message == C.Message &&
          FileStore::key(M.Loc.File->path()) == It->second) {
        Drop[I] = true;
        C.Notes.push_back({llvm::sys::path::filename(It->second).str() +
                               " embeds this compose file and has the same finding here",
                           M.Loc, M.Length});
        break;
      }
    }
  }
  size_t Out = 0;
  for (size_t I = 0; I < Diags.size(); ++I)
    if (!Drop[I]) {
      if (Out != I)
        Diags[Out] = std::move(Diags[I]);
      ++Out;
    }
  Diags.resize(Out);
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
                       QueryStore &Queries, const RunSettings &Settings) {
  AnalysisResult R;
  R.Store = std::make_shared<FileStore>(Settings.Load, Settings.FS);
  if (Settings.EarlierFiles && Settings.MayKeep)
    R.Store->keepFrom(*Settings.EarlierFiles, Settings.MayKeep);
  R.Services = std::make_shared<AnalysisServices>(Queries, *R.Store);
  AnalysisServices &Services = *R.Services;
  llvm::ThreadPool Pool(llvm::hardware_concurrency(Settings.Jobs));
  std::vector<FileRun> Runs(Tasks.size());
  for (size_t I = 0; I < Tasks.size(); ++I)
    Runs[I].Task = &Tasks[I];

  auto PhaseStart = std::chrono::steady_clock::now();
  auto Phase = [&](const char *Name) {
    if (Settings.Profile)
      R.PhaseSeconds.emplace_back(Name, secondsSince(PhaseStart));
    PhaseStart = std::chrono::steady_clock::now();
  };
  ProgressSink *Progress = Settings.Progress;
  auto Announce = [&](const char *Name, size_t Files) {
    if (Progress)
      Progress->phase(Name, Files);
  };
  auto Step = [&] {
    if (Progress)
      Progress->step();
  };
  // Load and plan: each file is read once, through the store every later
  // stage reads from.
  Announce("reading", Runs.size());
  CheckPlans Plans;
  for (FileRun &Run : Runs)
    Pool.async([&] {
      load(Run, *R.Store, Settings);
      // The deployment files of the context are checked too, so that a
      // deployment described twice merges as in a run over the project;
      // their findings are then dropped.
      if (!Run.Task->Context || (Run.File && !familyOf(Run.File->language())))
        plan(Run, Configs, Plans);
      Step();
    });
  Pool.wait();
  Phase("load and plan");

  std::vector<std::string> RunPaths;
  std::vector<const SourceFile *> Loaded;
  for (const FileRun &Run : Runs) {
    if (!Run.Minified)
      RunPaths.push_back(Run.Task->Path);
    if (Run.File)
      Loaded.push_back(Run.File);
  }
  Services.setRunFiles(std::move(RunPaths));
  Services.setExtraComposeFiles(Settings.ExtraComposeFiles);
  Services.setDeploymentsDoc(Settings.DeploymentsDoc);

  // The deployment model: every deployment file of the run, read together,
  // with the rules that say which compose files are deployments.
  std::set<std::string> SeenToolErrors;
  auto AddToolError = [&](std::string E) {
    if (SeenToolErrors.insert(E).second)
      R.ToolErrors.push_back(std::move(E));
  };
  Announce("deployment model", 0);
  deploy::DeploymentRules NoRules;
  auto DeployRules =
      Services.catalog<deploy::DeploymentRules>(DeploymentRulesPath, readDeploymentRules);
  if (!DeployRules)
    AddToolError(llvm::toString(DeployRules.takeError()));
  Services.setDeployment(deploy::Deployment::build(Loaded, *R.Store, Settings.ExtraComposeFiles,
                                                   DeployRules ? **DeployRules : NoRules));
  Phase("deployment model");

  // The dataflow program, when some enabled check reads it: one taint
  // analysis per distinct set of model rules.
  program::ProgramOptions Opts;
  llvm::DenseMap<const SourceFile *, const FileRun *> RunOf;
  for (const FileRun &Run : Runs) {
    if (!Run.File)
      continue;
    RunOf.try_emplace(Run.File, &Run);
    for (const program::ModelRules &Rules : Run.Rules)
      if (std::find(Opts.Variants.begin(), Opts.Variants.end(), Rules) == Opts.Variants.end())
        Opts.Variants.push_back(Rules);
  }
  Services.trees().setReparse(Settings.Reparse);
  if (!Opts.Variants.empty()) {
    std::sort(Opts.Variants.begin(), Opts.Variants.end());
    Opts.Trees = &Services.trees();
    Opts.ParseTimeoutMicros = Services.trees().parseTimeoutMicros();
    Opts.KeepTree = [&](const SourceFile &F) {
      auto It = RunOf.find(&F);
      return It != RunOf.end() && readsTree(*It->second, Queries);
    };
    Opts.Progress = Progress;
    Opts.Cache = Settings.Cache;
    Opts.Analyses = Settings.Analyses;
    Opts.Reparse = Settings.Reparse;
    Opts.LowerNative = [&](const SourceFile &F) {
      if (Settings.LowerNative)
        return Settings.LowerNative(F);
      auto It = RunOf.find(&F);
      if (It == RunOf.end() || !It->second->Task->Compile)
        return frontend::ClangUnit{std::nullopt, std::nullopt, "no compile command"};
      return frontend::lowerTranslationUnit(F.path(), F.content(), *It->second->Task->Compile);
    };
    Services.setProgram(program::Program::build(Loaded, *R.Store, Queries, Opts, Pool));
  }
  Phase("dataflow program");

  // Which service runs which source file: the deployment's evidence, and
  // what the files its commands start import.
  Announce("code map", 0);
  {
    std::vector<const SourceFile *> Sources;
    deploy::ImportGraph Imports;
    const program::Program *P = Services.program();
    for (const SourceFile *F : Loaded)
      if (familyOf(F->language())) {
        Sources.push_back(F);
        if (P)
          Imports[F] = P->importsOf(*F);
      }
    Services.setCodeMap(deploy::CodeMap::build(*Services.deployment(), Sources, Imports, *R.Store));
  }
  Phase("code map");

  // The checks of each file.
  Announce("checking", Runs.size());
  for (FileRun &Run : Runs)
    Pool.async([&] {
      check(Run, Services, Settings.Profile);
      Step();
    });
  Pool.wait();
  Phase("checks");
  if (Progress)
    Progress->finish();

  std::set<std::string> SeenConfigErrors;
  if (const program::Program *P = Services.program()) {
    for (const std::string &E : P->problems())
      AddToolError(E);
    std::set<std::string> Seen;
    for (const std::string &W : P->warnings())
      if (Seen.insert(W).second)
        R.Warnings.push_back(W);
  }
  for (std::string &W : Services.warnings())
    R.Warnings.push_back(std::move(W));
  std::set<const SourceFile *> ContextFiles;
  for (FileRun &Run : Runs) {
    if (Run.Task->Context) {
      // Not reported on; findings kept until the merge below.
      if (Run.File)
        ContextFiles.insert(Run.File);
      for (Diagnostic &D : Run.Diags)
        R.Diagnostics.push_back(std::move(D));
      continue;
    }
    for (std::string &E : Run.ConfigErrors)
      if (SeenConfigErrors.insert(E).second)
        R.ConfigErrors.push_back(std::move(E));
    for (std::string &E : Run.ToolErrors)
      AddToolError(std::move(E));
    for (std::string &E : Run.InputErrors)
      R.InputErrors.push_back(std::move(E));
    if (Run.Skipped)
      R.Skipped.push_back(std::move(*Run.Skipped));
    if (Run.SyntaxError)
      R.SyntaxErrors.push_back(std::move(*Run.SyntaxError));
    if (Run.EncodingWarning)
      R.EncodingWarnings.push_back(std::move(*Run.EncodingWarning));
    for (const auto &[Name, Seconds] : Run.CheckSeconds)
      R.CheckSeconds[Name] += Seconds;
    R.SuppressedByNoLint += Run.Suppressed;
    R.SuppressedByConfig += Run.ConfigSuppressed;
    for (Diagnostic &D : Run.NoLinted)
      R.NoLinted.push_back(std::move(D));
    for (const auto &[Reason, N] : Run.HeldBack)
      R.HeldBack[Reason] += N;
    for (Diagnostic &D : Run.Diags)
      R.Diagnostics.push_back(std::move(D));
    for (FlowRecord &F : Run.Flows)
      R.Flows.push_back(std::move(F));
    if (Run.File)
      ++R.FilesAnalysed;
  }
  std::stable_sort(R.Diagnostics.begin(), R.Diagnostics.end(), diagnosticLess);
  std::stable_sort(R.NoLinted.begin(), R.NoLinted.end(), diagnosticLess);
  // The same finding reached twice (two query patterns, the same file named
  // twice) is reported once.
  auto Same = [](const Diagnostic &A, const Diagnostic &B) {
    return A.Loc.File == B.Loc.File && A.Loc.Offset == B.Loc.Offset && A.CheckName == B.CheckName &&
           A.Message == B.Message;
  };
  R.Diagnostics.erase(std::unique(R.Diagnostics.begin(), R.Diagnostics.end(), Same),
                      R.Diagnostics.end());
  mergeDescribedTwice(R.Diagnostics, *Services.deployment());
  llvm::erase_if(R.Diagnostics,
                 [&](const Diagnostic &D) { return ContextFiles.count(D.Loc.File); });
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

std::string findCompilationDatabase(const std::string &Path) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, true);
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Db(D);
    llvm::sys::path::append(Db, "compile_commands.json");
    if (llvm::sys::fs::is_regular_file(Db))
      return D.str();
  }
  return "";
}

llvm::Expected<std::vector<FileTask>>
tasksFromCompilationDatabase(const std::string &Dir, std::vector<std::string> &Warnings) {
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
  std::vector<FileTask> Tasks;
  for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
    if (C.CommandLine.empty())
      continue;
    llvm::StringRef Tool = llvm::sys::path::filename(C.CommandLine.front());
    llvm::SmallString<256> File(C.Filename);
    if (!llvm::sys::path::is_absolute(File)) {
      File = C.Directory;
      llvm::sys::path::append(File, C.Filename);
    }
    llvm::sys::path::remove_dots(File, true);
    if (Tool != "tee-tidy") {
      // A compiler's entry for a C or C++ file: analysed with its arguments.
      // Entries of other tools and languages are not ours.
      std::optional<Language> Lang = languageForPath(std::string_view(File.data(), File.size()));
      if (Lang && familyOf(*Lang) == LanguageFamily::C) {
        FileTask T{std::string(File), std::nullopt, {}, true};
        T.Compile = frontend::CompileCommand{C.Directory, C.CommandLine};
        Tasks.push_back(std::move(T));
      }
      continue;
    }
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
