#include "program/Program.h"

#include "frontend/EcmaScriptLowering.h"
#include "frontend/EcmaScriptModules.h"
#include "frontend/PythonLowering.h"
#include "frontend/PythonModules.h"
#include "source/FileDiscovery.h"
#include "source/Language.h"
#include "syntax/QueryStore.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace teetidy::program {

namespace {

/// The models under queries/models/<Dir>/ plus \p Rules.
dataflow::Models loadModels(const QueryStore &Queries, LanguageFamily Family,
                            const ModelRules &Rules, std::vector<ProgramProblem> &Problems) {
  llvm::StringRef Dir = Family == LanguageFamily::Python ? "python" : "ecma";
  dataflow::Models Models;
  std::string Prefix = ("models/" + Dir + "/").str();
  for (const std::string &F : Queries.files()) {
    llvm::StringRef Name(F);
    if (!Name.startswith(Prefix) || !Name.endswith(".yaml"))
      continue;
    if (auto Text = Queries.file(F))
      if (llvm::Error E = Models.addFile("queries/" + F, *Text))
        Problems.push_back(llvm::toString(std::move(E)));
  }
  for (const dataflow::ModelRule &R : Rules)
    Models.add(R, /*NamesAreFields=*/Family == LanguageFamily::EcmaScript);
  return Models;
}

/// The contents of the file at \p Path, read through \p Store.
llvm::Expected<std::string> readText(FileStore &Store, const std::string &Path) {
  auto F = Store.load(Path, Language::Json);
  if (!F)
    return F.takeError();
  return std::string((*F)->content());
}

/// The nearest tsconfig.json (or jsconfig.json) above each ECMAScript file,
/// read once per directory.
class TsConfigs {
public:
  TsConfigs(FileStore &Store, std::vector<ProgramProblem> &Problems,
            std::vector<ProgramProblem> &Warnings)
      : Store(Store), Problems(Problems), Warnings(Warnings) {}

  const frontend::TsConfig *forFile(const std::string &Path) {
    llvm::SmallString<256> Dir(Path);
    llvm::sys::path::remove_filename(Dir);
    std::vector<std::string> Walked;
    const frontend::TsConfig *Found = nullptr;
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      std::string Key(Dir.empty() ? "." : Dir.str());
      if (auto It = ByDir.find(Key); It != ByDir.end()) {
        Found = It->second;
        break;
      }
      Walked.push_back(Key);
      // A config here that cannot be used still applies: the aliases of a
      // config further up may mean something else (its problem is reported).
      if (std::optional<const frontend::TsConfig *> Here = read(Key)) {
        Found = *Here;
        break;
      }
      if (Dir.empty() || llvm::sys::path::parent_path(Dir) == Dir)
        break;
      Dir = llvm::sys::path::parent_path(Dir).str(); // a copy: Dir cannot take a view of itself
    }
    for (const std::string &W : Walked)
      ByDir[W] = Found;
    return Found;
  }

private:
  /// The config in \p Dir; nullptr when there is one that cannot be used,
  /// nullopt when there is none.
  std::optional<const frontend::TsConfig *> read(const std::string &Dir) {
    for (const char *Name : {"tsconfig.json", "jsconfig.json"}) {
      llvm::SmallString<256> P(Dir == "." ? "" : Dir);
      llvm::sys::path::append(P, Name);
      if (!Store.isRegularFile(std::string(P)))
        continue;
      auto Read = [this](const std::string &File) { return readText(Store, File); };
      auto IsFile = [this](const std::string &File) { return Store.isRegularFile(File); };
      auto Config = frontend::loadTsConfig(std::string(P), Read, IsFile);
      if (!Config) {
        Problems.push_back(llvm::toString(Config.takeError()));
        return nullptr;
      }
      // A base config that is missing or circular loses its options (path
      // aliases among them), not the run.
      for (std::string &Problem : Config->Problems)
        Warnings.push_back(std::move(Problem));
      Owned.push_back(std::make_unique<frontend::TsConfig>(std::move(*Config)));
      return Owned.back().get();
    }
    return std::nullopt;
  }

  FileStore &Store;
  std::vector<ProgramProblem> &Problems, &Warnings;
  std::map<std::string, const frontend::TsConfig *> ByDir;
  std::vector<std::unique_ptr<frontend::TsConfig>> Owned;
};

/// The workspace packages of the run: the nearest package.json above each
/// ECMAScript file, read once per directory, by package name (the first
/// file in path order wins a name two packages claim).
class Workspace {
public:
  Workspace(FileStore &Store, std::vector<ProgramProblem> &Problems)
      : Store(Store), Problems(Problems) {}

  void addFile(const std::string &Path) {
    llvm::SmallString<256> Dir(Path);
    llvm::sys::path::remove_filename(Dir);
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      std::string Key(Dir.empty() ? "." : Dir.str());
      if (!Seen.insert(Key).second)
        return; // this directory and those above it are read already
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, "package.json");
      if (Store.isRegularFile(std::string(P))) {
        read(std::string(P));
        return;
      }
      if (Dir.empty() || llvm::sys::path::parent_path(Dir) == Dir)
        return;
      Dir = llvm::sys::path::parent_path(Dir).str(); // a copy: Dir cannot take a view of itself
    }
  }
  const frontend::PackageMap &packages() const { return Packages; }
  /// Tells each package where its build output comes from: the outDir and
  /// rootDir of the tsconfig that governs its directory.
  void linkBuilds(TsConfigs &Configs) {
    for (auto &[Name, P] : Packages) {
      const frontend::TsConfig *C =
          Configs.forFile(P.Dir.empty() ? "package.json" : P.Dir + "/package.json");
      if (!C || C->OutDir.empty())
        continue;
      P.OutDir = C->OutDir;
      if (!C->RootDir.empty())
        P.SourceDirs = {C->RootDir};
      else
        P.SourceDirs = {frontend::normalizePath(C->Dir.empty() ? "src" : C->Dir + "/src"), C->Dir};
    }
  }
  /// Leaves out the packages \p Models describe: a library with models is
  /// read through them, not through its code.
  void dropModelled(const dataflow::Models &Models) {
    for (auto It = Packages.begin(); It != Packages.end();)
      It = Models.describes(It->first) ? Packages.erase(It) : std::next(It);
  }

private:
  void read(const std::string &Path) {
    llvm::Expected<std::string> Text = readText(Store, Path);
    if (!Text) {
      Problems.push_back(Path + ": cannot read: " + llvm::toString(Text.takeError()));
      return;
    }
    auto Info = frontend::parsePackageJson(Path, *Text);
    if (!Info) {
      Problems.push_back(llvm::toString(Info.takeError()));
      return;
    }
    if (!Info->Name.empty())
      Packages.emplace(Info->Name, std::move(*Info));
  }

  FileStore &Store;
  std::vector<ProgramProblem> &Problems;
  std::set<std::string> Seen;
  frontend::PackageMap Packages;
};

/// Appends \p Part (one family's result, whose module indices are positions
/// in \p Files) to \p Into, with module indices made file indices.
void mergeResult(dataflow::Result &Into, dataflow::Result Part,
                 const std::vector<uint32_t> &Files) {
  uint32_t SourceBase = static_cast<uint32_t>(Into.Sources.size());
  for (dataflow::SourceInfo &S : Part.Sources) {
    S.Module = Files[S.Module];
    if (S.Default)
      S.Default->Module = Files[S.Default->Module];
    Into.Sources.push_back(std::move(S));
  }
  for (dataflow::Finding &F : Part.Findings) {
    F.Module = Files[F.Module];
    F.Source += SourceBase;
    for (dataflow::PathStep &Step : F.Path)
      Step.Module = Files[Step.Module];
    Into.Findings.push_back(std::move(F));
  }
  for (std::string &L : Part.Limits)
    Into.Limits.push_back(std::move(L));
  Into.Rounds = std::max(Into.Rounds, Part.Rounds);
  Into.Analyses += Part.Analyses;
}

/// The items of \p All whose Module is \p Index.
template <typename T>
std::vector<const T *> inModule(const std::vector<T> &All, std::optional<uint32_t> Index) {
  std::vector<const T *> Out;
  if (Index)
    for (const T &X : All)
      if (X.Module == *Index)
        Out.push_back(&X);
  return Out;
}

/// What the taint analysis reads of a module besides its IR's positions:
/// the file's bytes and how its imports were resolved.
uint64_t fingerprint(const SourceFile &F, const ir::Module &M) {
  uint64_t H = std::hash<std::string_view>()(F.content());
  for (const ir::Import &I : M.Imports)
    H = (H * 1000003u) ^ std::hash<std::string>()(I.Module) ^
        (std::hash<std::string>()(I.ResolvedPath) << 1);
  return H;
}

} // namespace

std::optional<LoweringCache::Entry> LoweringCache::find(const std::string &Path,
                                                        std::string_view Content) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Entries.find(Path);
  if (It == Entries.end() || It->second.Content != Content)
    return std::nullopt;
  return It->second;
}

void LoweringCache::store(const std::string &Path, Entry E) {
  ++Lowered;
  std::lock_guard<std::mutex> Lock(Mutex);
  Entries[Path] = std::move(E);
}

std::unique_ptr<Program> Program::build(const std::vector<const SourceFile *> &Files,
                                        FileStore &Store, const QueryStore &Queries,
                                        const ProgramOptions &Opts, llvm::ThreadPool &Pool) {
  auto P = std::make_unique<Program>();
  for (const SourceFile *F : Files)
    if (familyOf(F->language()) && P->Index.try_emplace(F, P->Files.size()).second)
      P->Files.push_back(F);

  // Parsing and lowering are per file, so they run in parallel. The trees a
  // per-file check will read are kept, in file order within the budget.
  size_t N = P->Files.size();
  P->Modules.resize(N);
  P->Syntaxes.resize(N);
  std::vector<uint8_t> Keep(N, 0);
  if (Opts.KeepTree && Opts.Trees)
    for (size_t I = 0, Bytes = 0; I < N; ++I) {
      size_t Size = P->Files[I]->content().size() + ProgramOptions::KeptTreeOverhead;
      if (Bytes + Size <= Opts.KeptTreeBytes && Opts.KeepTree(*P->Files[I])) {
        Bytes += Size;
        Keep[I] = 1;
      }
    }
  if (Opts.Progress)
    Opts.Progress->phase("parsing and lowering", N);
  for (size_t I = 0; I < N; ++I)
    Pool.async([&, I] {
      const SourceFile &F = *P->Files[I];
      if (Opts.Cache)
        if (std::optional<LoweringCache::Entry> E = Opts.Cache->find(F.path(), F.content())) {
          P->Modules[I] = std::move(E->Module);
          P->Syntaxes[I] = E->FirstSyntaxError;
          if (Opts.Progress)
            Opts.Progress->step();
          return;
        }
      Tree T = parseFile(F, Opts.ParseTimeoutMicros);
      if (!T) {
        if (Opts.Progress)
          Opts.Progress->step();
        return;
      }
      P->Modules[I] = F.language() == Language::Python
                          ? frontend::lowerPython(F.path(), F.content(), T.root())
                          : frontend::lowerEcmaScript(F.path(), F.content(), T.root());
      P->Syntaxes[I] = firstSyntaxErrorOffset(T.root());
      if (Opts.Cache)
        Opts.Cache->store(F.path(), {std::string(F.content()), P->Modules[I], *P->Syntaxes[I]});
      if (Keep[I])
        Opts.Trees->keep(F, std::move(T));
      if (Opts.Progress)
        Opts.Progress->step();
    });
  Pool.wait();

  // ECMAScript imports name files: resolve them among the run's files.
  std::unordered_set<std::string> Known;
  std::vector<std::string> EcmaPaths;
  for (const SourceFile *F : P->Files)
    if (familyOf(F->language()) == LanguageFamily::EcmaScript) {
      Known.insert(frontend::normalizePath(F->path()));
      EcmaPaths.push_back(F->path());
    }
  TsConfigs Configs(Store, P->Problems, P->Warnings);
  Workspace Packages(Store, P->Problems);
  std::sort(EcmaPaths.begin(), EcmaPaths.end());
  for (const std::string &Path : EcmaPaths)
    Packages.addFile(Path);
  if (!EcmaPaths.empty()) {
    // Packages the models (or the rules of some check's options) describe
    // are read through the models, not through their code.
    std::vector<ProgramProblem> Reported; // again when the engine loads them
    dataflow::Models Describing = loadModels(Queries, LanguageFamily::EcmaScript, {}, Reported);
    for (const ModelRules &Rules : Opts.Variants)
      for (const dataflow::ModelRule &R : Rules)
        Describing.add(R, /*NamesAreFields=*/true);
    Packages.dropModelled(Describing);
    Packages.linkBuilds(Configs);
  }
  auto Exists = [&](const std::string &Path) { return Known.count(Path) > 0; };
  for (size_t I = 0; I < N; ++I) {
    if (familyOf(P->Files[I]->language()) != LanguageFamily::EcmaScript)
      continue;
    const frontend::TsConfig *Config = Configs.forFile(P->Files[I]->path());
    std::string Importer = frontend::normalizePath(P->Files[I]->path());
    for (ir::Import &Imp : P->Modules[I].Imports) {
      Imp.ResolvedPath =
          frontend::resolveSpecifier(Importer, Imp.Module, Exists, Config, &Packages.packages());
      if (Imp.ResolvedPath.empty())
        Imp.Module = frontend::canonicalSpecifier(Imp.Module);
    }
  }
  // Python imports name dotted modules: relative ones are made absolute,
  // and each module gets the names it is imported by.
  std::vector<std::vector<std::string>> Names(N);
  for (size_t I = 0; I < N; ++I) {
    if (familyOf(P->Files[I]->language()) != LanguageFamily::Python)
      continue;
    Names[I] = frontend::pythonModuleNames(P->Files[I]->path());
    for (ir::Import &Imp : P->Modules[I].Imports)
      frontend::makeAbsolute(P->Files[I]->path(), Imp);
  }

  P->linkImports(Names);

  // The taint engine, per set of rules and per family.
  if (Opts.Progress)
    Opts.Progress->phase("dataflow", 0);
  std::set<ProgramProblem> Seen(P->Problems.begin(), P->Problems.end());
  auto AddProblem = [&](ProgramProblem Problem) {
    if (Seen.insert(Problem).second)
      P->Problems.push_back(std::move(Problem));
  };
  if (Opts.Analyses)
    Opts.Analyses->Last = {};
  for (const ModelRules &Rules : Opts.Variants) {
    std::unique_ptr<Taint> &T = P->Analyses[Rules];
    if (T)
      continue;
    T = std::make_unique<Taint>();
    T->P = P.get();
    for (LanguageFamily Fam : {LanguageFamily::Python, LanguageFamily::EcmaScript}) {
      std::vector<dataflow::ProgramModule> Modules;
      std::vector<uint32_t> FileOf;
      for (uint32_t I = 0; I < N; ++I)
        if (familyOf(P->Files[I]->language()) == Fam) {
          std::string Path = Fam == LanguageFamily::EcmaScript
                                 ? frontend::normalizePath(P->Files[I]->path())
                                 : P->Files[I]->path();
          Modules.push_back({Path, &P->Modules[I], Names[I]});
          FileOf.push_back(I);
        }
      if (Modules.empty())
        continue;
      if (!Opts.Analyses) {
        std::vector<ProgramProblem> ModelProblems;
        dataflow::Models Models = loadModels(Queries, Fam, Rules, ModelProblems);
        for (ProgramProblem &Problem : ModelProblems)
          AddProblem(std::move(Problem));
        mergeResult(T->R, dataflow::analyse(Modules, Models), FileOf);
        continue;
      }
      AnalysisCache::Entry &E = Opts.Analyses->Entries[{Rules, static_cast<int>(Fam)}];
      AnalysisCache::Stats &Stats = Opts.Analyses->Last;
      std::vector<uint64_t> Prints;
      for (uint32_t I : FileOf)
        Prints.push_back(fingerprint(*P->Files[I], P->Modules[I]));
      bool Same =
          E.Analysis && E.Updates < AnalysisCache::MaxUpdates && E.Paths.size() == Modules.size();
      for (size_t K = 0; Same && K < Modules.size(); ++K)
        Same = E.Paths[K] == Modules[K].Path && E.Names[K] == Modules[K].Names;
      if (Same) {
        // The kept analysis reads its own copies of the modules; the changed
        // ones are replaced.
        std::vector<std::pair<uint32_t, const ir::Module *>> Changed;
        std::vector<std::unique_ptr<ir::Module>> Fresh;
        for (uint32_t K = 0; K < Modules.size(); ++K)
          if (Prints[K] != E.Fingerprints[K]) {
            Fresh.push_back(std::make_unique<ir::Module>(*Modules[K].Module));
            Changed.emplace_back(K, Fresh.back().get());
          }
        if (!Changed.empty()) {
          E.Analysis->update(Changed);
          for (size_t C = 0; C < Changed.size(); ++C)
            E.Modules[Changed[C].first] = std::move(Fresh[C]);
          ++E.Updates;
        }
        E.Fingerprints = std::move(Prints);
        ++Stats.Updated;
        Stats.Started += Changed.empty() ? 0 : E.Analysis->lastStarted();
        Stats.Analyses += Changed.empty() ? 0 : E.Analysis->lastAnalyses();
      } else {
        E = AnalysisCache::Entry();
        dataflow::Models Models = loadModels(Queries, Fam, Rules, E.ModelProblems);
        for (dataflow::ProgramModule &PM : Modules) {
          E.Modules.push_back(std::make_unique<ir::Module>(*PM.Module));
          E.Paths.push_back(PM.Path);
          E.Names.push_back(PM.Names);
          PM.Module = E.Modules.back().get();
        }
        E.Fingerprints = std::move(Prints);
        E.Analysis =
            std::make_unique<dataflow::IncrementalAnalysis>(std::move(Modules), std::move(Models));
        ++Stats.Solved;
        Stats.Started += E.Analysis->lastStarted();
        Stats.Analyses += E.Analysis->lastAnalyses();
      }
      for (const ProgramProblem &Problem : E.ModelProblems)
        AddProblem(Problem);
      mergeResult(T->R, E.Analysis->result(), FileOf);
    }
    std::sort(T->R.Findings.begin(), T->R.Findings.end(),
              [](const dataflow::Finding &A, const dataflow::Finding &B) {
                return std::tie(A.Module, A.Where.Begin, A.Source) <
                       std::tie(B.Module, B.Where.Begin, B.Source);
              });
    for (const std::string &L : T->R.Limits)
      AddProblem(L);
  }
  return P;
}

void Program::linkImports(const std::vector<std::vector<std::string>> &Names) {
  size_t N = Files.size();
  Imports.assign(N, {});
  // ECMAScript imports the resolution named by path.
  std::unordered_map<std::string, uint32_t> ByPath;
  for (uint32_t I = 0; I < N; ++I)
    if (familyOf(Files[I]->language()) == LanguageFamily::EcmaScript)
      ByPath.emplace(frontend::normalizePath(Files[I]->path()), I);
  // A Python module name answers from the directory it is relative to: an
  // import reaches the files whose name it spells from a directory that
  // holds the importer (the script's or the project's directory on the
  // path).
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, std::string>>> ByName;
  for (uint32_t I = 0; I < N; ++I) {
    llvm::StringRef Path = Files[I]->path();
    bool Init = llvm::sys::path::stem(Path) == "__init__";
    for (const std::string &Name : Names[I]) {
      size_t Parts = llvm::count(Name, '.') + 1;
      std::string Root = llvm::sys::path::parent_path(Path).str();
      for (size_t K = Init ? Parts : Parts - 1; K > 0; --K)
        Root = llvm::sys::path::parent_path(Root).str();
      ByName[Name].emplace_back(I, std::move(Root));
    }
  }
  for (uint32_t I = 0; I < N; ++I) {
    std::set<uint32_t> To;
    bool Python = familyOf(Files[I]->language()) == LanguageFamily::Python;
    llvm::StringRef Importer = Files[I]->path();
    for (const ir::Import &Imp : Modules[I].Imports) {
      if (!Python) {
        if (auto It = ByPath.find(Imp.ResolvedPath); It != ByPath.end())
          To.insert(It->second);
        continue;
      }
      // The module, its packages, and a submodule imported by name.
      std::vector<std::string> Wanted;
      for (size_t Dot = Imp.Module.find('.'); Dot != std::string::npos;
           Dot = Imp.Module.find('.', Dot + 1))
        Wanted.push_back(Imp.Module.substr(0, Dot));
      Wanted.push_back(Imp.Module);
      if (!Imp.Name.empty() && Imp.Name != "*")
        Wanted.push_back(Imp.Module + "." + Imp.Name);
      for (const std::string &W : Wanted)
        if (auto It = ByName.find(W); It != ByName.end())
          for (const auto &[File, Root] : It->second)
            if (File != I && (Root.empty() || isWithin(Importer, Root)))
              To.insert(File);
    }
    for (uint32_t T : To)
      if (T != I)
        Imports[I].push_back(T);
  }
}

std::vector<const SourceFile *> Program::importsOf(const SourceFile &F) const {
  std::vector<const SourceFile *> Out;
  if (std::optional<uint32_t> I = indexOf(F))
    for (uint32_t T : Imports[*I])
      Out.push_back(Files[T]);
  return Out;
}

std::optional<uint32_t> Program::indexOf(const SourceFile &F) const {
  auto It = Index.find(&F);
  return It == Index.end() ? std::nullopt : std::optional<uint32_t>(It->second);
}

const ir::Module *Program::module(const SourceFile &F) const {
  std::optional<uint32_t> I = indexOf(F);
  return I && Syntaxes[*I] ? &Modules[*I] : nullptr;
}

std::optional<std::optional<uint32_t>> Program::syntaxOf(const SourceFile &F) const {
  std::optional<uint32_t> I = indexOf(F);
  return I ? Syntaxes[*I] : std::nullopt;
}

std::vector<std::pair<size_t, std::string>> Program::limitsIn(const SourceFile &F) const {
  std::vector<std::pair<size_t, std::string>> Out;
  if (std::optional<uint32_t> I = indexOf(F))
    for (const ir::LoweringLimit &L : Modules[*I].Limits)
      Out.emplace_back(L.Where.Begin, L.Message);
  return Out;
}

const Taint *Program::taint(const ModelRules &Rules) const {
  auto It = Analyses.find(Rules);
  return It == Analyses.end() ? nullptr : It->second.get();
}

std::vector<const dataflow::Finding *> Taint::findingsIn(const SourceFile &F) const {
  return inModule(R.Findings, P->indexOf(F));
}

std::vector<const dataflow::SourceInfo *> Taint::sourcesIn(const SourceFile &F) const {
  return inModule(R.Sources, P->indexOf(F));
}

std::vector<const dataflow::SourceInfo *> Taint::fallbacksIn(const SourceFile &F) const {
  std::vector<const dataflow::SourceInfo *> Out;
  if (std::optional<uint32_t> Index = P->indexOf(F))
    for (const dataflow::SourceInfo &S : R.Sources)
      if (S.Default && S.Default->Where.End != 0 && S.Default->Module == *Index)
        Out.push_back(&S);
  return Out;
}

} // namespace teetidy::program
