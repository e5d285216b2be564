#include "program/Program.h"

#include "frontend/EcmaScriptLowering.h"
#include "frontend/EcmaScriptModules.h"
#include "frontend/GoLowering.h"
#include "frontend/GoModules.h"
#include "frontend/PythonLowering.h"
#include "frontend/PythonModules.h"
#include "frontend/RustLowering.h"
#include "frontend/RustModules.h"
#include "source/FileDiscovery.h"
#include "source/Language.h"
#include "syntax/QueryStore.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace teetidy::program {

namespace {

/// Where the models of \p Family live, under queries/models/.
llvm::StringRef modelDirectory(LanguageFamily Family) {
  switch (Family) {
  case LanguageFamily::Python:
    return "python";
  case LanguageFamily::EcmaScript:
    return "ecma";
  case LanguageFamily::Go:
    return "go";
  case LanguageFamily::Rust:
    return "rust";
  case LanguageFamily::C:
    return "c";
  }
  return "";
}

/// The models of \p Queries describe for \p Family, read once per
/// store (a few recent stores are kept), with what was wrong in them.
std::pair<std::shared_ptr<const dataflow::Models>, std::vector<ProgramProblem>>
storeModels(const QueryStore &Queries, LanguageFamily Family) {
  using Key = std::pair<uint64_t, LanguageFamily>;
  using Value = std::pair<std::shared_ptr<const dataflow::Models>, std::vector<ProgramProblem>>;
  static std::mutex Mutex;
  static std::map<Key, Value> Kept;
  Key K{Queries.serial(), Family};
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (auto It = Kept.find(K); It != Kept.end())
      return It->second;
  }
  llvm::StringRef Dir = modelDirectory(Family);
  auto Read = std::make_shared<dataflow::Models>();
  std::vector<ProgramProblem> Problems;
  std::string Prefix = ("models/" + Dir + "/").str();
  for (const std::string &F : Queries.files()) {
    llvm::StringRef Name(F);
    if (!Name.startswith(Prefix) || !Name.endswith(".yaml"))
      continue;
    if (auto Text = Queries.file(F))
      if (llvm::Error E = Read->addFile("queries/" + F, *Text))
        Problems.push_back(llvm::toString(std::move(E)));
  }
  Value V{std::move(Read), std::move(Problems)};
  std::lock_guard<std::mutex> Lock(Mutex);
  // Serials only grow: the smallest key is the oldest store.
  while (Kept.size() >= 8)
    Kept.erase(Kept.begin());
  Kept.emplace(K, V);
  return V;
}

/// The models of \p Family with \p Rules added. Without rules, the store's
/// models are shared (builds of one store copy nothing).
std::shared_ptr<const dataflow::Models> loadModels(const QueryStore &Queries, LanguageFamily Family,
                                                   const ModelRules &Rules,
                                                   std::vector<ProgramProblem> &Problems) {
  auto [Stored, Found] = storeModels(Queries, Family);
  Problems.insert(Problems.end(), Found.begin(), Found.end());
  if (Rules.empty())
    return Stored;
  auto Models = std::make_shared<dataflow::Models>(*Stored);
  for (const dataflow::ModelRule &R : Rules)
    Models->add(R, /*NamesAreFields=*/Family == LanguageFamily::EcmaScript);
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

/// The nearest file of one name (go.mod, Cargo.toml) in the directory of a
/// file or above it, read once per directory: its directory and text.
class Manifests {
public:
  using Found = std::optional<std::pair<std::string, std::string>>;
  Manifests(FileStore &Store, const char *Name, std::vector<ProgramProblem> &Problems)
      : Store(Store), Name(Name), Problems(Problems) {}

  const Found &forDirectory(std::string Dir) {
    std::vector<std::string> Walked;
    const Found *Result = &None;
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      if (auto It = ByDir.find(Dir); It != ByDir.end()) {
        Result = &It->second;
        break;
      }
      Walked.push_back(Dir);
      llvm::SmallString<256> P(Dir == "." ? "" : Dir);
      llvm::sys::path::append(P, Name);
      if (Store.isRegularFile(std::string(P))) {
        llvm::Expected<std::string> Text = readText(Store, std::string(P));
        if (Text) {
          Found &F = ByDir[Walked.back()];
          F.emplace(Dir, std::move(*Text));
          Walked.pop_back();
          Result = &F;
        } else {
          Problems.push_back(std::string(P) + ": cannot read: " + llvm::toString(Text.takeError()));
        }
        break;
      }
      if (Dir == "." || Dir.empty() || llvm::sys::path::parent_path(Dir) == Dir)
        break;
      std::string Up = llvm::sys::path::parent_path(Dir).str();
      Dir = Up.empty() ? "." : Up;
    }
    for (const std::string &W : Walked)
      ByDir[W] = *Result;
    return *Result;
  }

private:
  FileStore &Store;
  const char *Name;
  std::vector<ProgramProblem> &Problems;
  std::map<std::string, Found> ByDir;
  static inline const Found None;
};

/// Marks the imports the program layer adds: a Go file imports every other
/// file of its package whole.
constexpr const char *PackageSibling = "\x01package";

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

std::optional<LoweringCache::Hit> LoweringCache::find(const std::string &Path,
                                                      std::string_view Content) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Entries.find(Path);
  if (It == Entries.end() || It->second.Content != Content)
    return std::nullopt;
  return Hit{It->second.Module, It->second.FirstSyntaxError};
}

void LoweringCache::store(const std::string &Path, Entry E) {
  ++Lowered;
  std::lock_guard<std::mutex> Lock(Mutex);
  Entries[Path] = std::move(E);
}

void LoweringCache::resolved(const std::string &Path, std::shared_ptr<const ir::Module> M) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (auto It = Entries.find(Path); It != Entries.end())
    It->second.Module = std::move(M);
}

std::unique_ptr<Program> Program::build(const std::vector<const SourceFile *> &Files,
                                        FileStore &Store, const QueryStore &Queries,
                                        const ProgramOptions &Opts, llvm::ThreadPool &Pool) {
  auto P = std::make_unique<Program>();
  static std::atomic<uint64_t> Serials{0};
  P->Serial = ++Serials;
  for (const SourceFile *F : Files)
    if (familyOf(F->language()) && P->Index.try_emplace(F, P->Files.size()).second)
      P->Files.push_back(F);

  // Parsing and lowering are per file, so they run in parallel. The trees a
  // per-file check will read are kept, in file order within the budget.
  size_t N = P->Files.size();
  static const auto Unparsed = std::make_shared<const ir::Module>();
  P->Modules.assign(N, Unparsed);
  P->Syntaxes.resize(N);
  /// Files this build lowered or whose imports it resolved anew.
  std::vector<uint8_t> Fresh(N, 0);
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
  std::mutex NativeLock;
  for (size_t I = 0; I < N; ++I)
    Pool.async([&, I] {
      const SourceFile &F = *P->Files[I];
      if (Opts.Cache)
        if (std::optional<LoweringCache::Hit> E = Opts.Cache->find(F.path(), F.content())) {
          P->Modules[I] = std::move(E->Module);
          P->Syntaxes[I] = E->FirstSyntaxError;
          if (Opts.Progress)
            Opts.Progress->step();
          return;
        }
      if (familyOf(F.language()) == LanguageFamily::C) {
        if (Opts.LowerNative) {
          frontend::ClangUnit U = Opts.LowerNative(F);
          if (U.Module) {
            P->Modules[I] = std::make_shared<ir::Module>(std::move(*U.Module));
            // Clang's own message says more than "syntax error" would.
            P->Syntaxes[I] = std::optional<uint32_t>();
            Fresh[I] = 1;
            if (U.FirstError) {
              std::lock_guard<std::mutex> Lock(NativeLock);
              P->Warnings.push_back(F.path() + ":" + std::to_string(F.lineOf(*U.FirstError)) + ":" +
                                    std::to_string(F.columnOf(*U.FirstError)) + ": clang: " +
                                    U.Message + " (the file's analysis may be incomplete)");
            }
          } else {
            std::lock_guard<std::mutex> Lock(NativeLock);
            P->Warnings.push_back(F.path() + ": not analysed: " + U.Message);
          }
        }
        if (Opts.Progress)
          Opts.Progress->step();
        return;
      }
      Tree T = Keep[I] && Opts.Reparse ? Opts.Reparse->parse(F, Opts.ParseTimeoutMicros)
                                       : parseFile(F, Opts.ParseTimeoutMicros);
      if (!T) {
        if (Opts.Progress)
          Opts.Progress->step();
        return;
      }
      auto M = std::make_shared<ir::Module>([&] {
        switch (*familyOf(F.language())) {
        case LanguageFamily::Python:
          return frontend::lowerPython(F.path(), F.content(), T.root());
        case LanguageFamily::Go:
          return frontend::lowerGo(F.path(), F.content(), T.root());
        case LanguageFamily::Rust:
          return frontend::lowerRust(F.path(), F.content(), T.root());
        case LanguageFamily::EcmaScript:
        case LanguageFamily::C: // lowered above, through Clang
          break;
        }
        return frontend::lowerEcmaScript(F.path(), F.content(), T.root());
      }());
      // Relative Python imports depend on the path alone: made absolute
      // once, here.
      if (F.language() == Language::Python)
        for (ir::Import &Imp : M->Imports)
          frontend::makeAbsolute(F.path(), Imp);
      P->Modules[I] = std::move(M);
      P->Syntaxes[I] = firstSyntaxErrorOffset(T.root());
      Fresh[I] = 1;
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
    ModelRules All;
    for (const ModelRules &Rules : Opts.Variants)
      All.insert(All.end(), Rules.begin(), Rules.end());
    std::shared_ptr<const dataflow::Models> Describing =
        loadModels(Queries, LanguageFamily::EcmaScript, All, Reported);
    Packages.dropModelled(*Describing);
    Packages.linkBuilds(Configs);
  }
  auto Exists = [&](const std::string &Path) { return Known.count(Path) > 0; };
  for (size_t I = 0; I < N; ++I) {
    if (familyOf(P->Files[I]->language()) != LanguageFamily::EcmaScript)
      continue;
    const frontend::TsConfig *Config = Configs.forFile(P->Files[I]->path());
    std::string Importer = frontend::normalizePath(P->Files[I]->path());
    // A module from the cache was resolved by an earlier build: it is
    // copied only if this build resolves it differently. Resolution starts
    // from the specifier as written (Written), which canonicalSpecifier()
    // may have replaced.
    const ir::Module &Old = *P->Modules[I];
    std::vector<std::pair<std::string, std::string>> Resolved; // (ResolvedPath, Module)
    bool Differs = false;
    for (const ir::Import &Imp : Old.Imports) {
      const std::string &Spec = Imp.Written.empty() ? Imp.Module : Imp.Written;
      std::string Path =
          frontend::resolveSpecifier(Importer, Spec, Exists, Config, &Packages.packages());
      std::string Module = Path.empty() ? frontend::canonicalSpecifier(Spec) : Spec;
      Differs |= Path != Imp.ResolvedPath || Module != Imp.Module || Imp.Written.empty();
      Resolved.emplace_back(std::move(Path), std::move(Module));
    }
    if (!Differs)
      continue;
    // A module this build lowered is its own; one from the cache is shared.
    std::shared_ptr<ir::Module> M = Fresh[I] ? std::const_pointer_cast<ir::Module>(P->Modules[I])
                                             : std::make_shared<ir::Module>(Old);
    for (size_t K = 0; K < M->Imports.size(); ++K) {
      ir::Import &Imp = M->Imports[K];
      if (Imp.Written.empty())
        Imp.Written = Imp.Module;
      Imp.ResolvedPath = std::move(Resolved[K].first);
      Imp.Module = std::move(Resolved[K].second);
    }
    P->Modules[I] = std::move(M);
    Fresh[I] = 1;
  }
  std::vector<std::vector<std::string>> Names(N);
  P->resolveNative(Store, Names, Fresh);
  if (Opts.Cache)
    for (size_t I = 0; I < N; ++I)
      if (Fresh[I] && P->Syntaxes[I]) {
        const SourceFile &F = *P->Files[I];
        if (Opts.Cache->find(F.path(), F.content()))
          Opts.Cache->resolved(F.path(), P->Modules[I]);
        else
          Opts.Cache->store(F.path(), {std::string(F.content()), P->Modules[I], *P->Syntaxes[I]});
      }
  // Python imports name dotted modules: relative ones are made absolute,
  // and each module gets the names it is imported by.
  for (size_t I = 0; I < N; ++I) {
    if (familyOf(P->Files[I]->language()) != LanguageFamily::Python)
      continue;
    Names[I] = frontend::pythonModuleNames(P->Files[I]->path());
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
    for (LanguageFamily Fam : AllFamilies) {
      // Every file is a module of each family's analysis, so that module
      // indices are file indices; the other family's files are empty
      // modules no import can name.
      static const ir::Module None;
      std::vector<dataflow::ProgramModule> Modules;
      std::vector<uint32_t> FileOf;
      for (uint32_t I = 0; I < N; ++I)
        if (familyOf(P->Files[I]->language()) == Fam) {
          std::string Path = Fam == LanguageFamily::Python
                                 ? P->Files[I]->path()
                                 : frontend::normalizePath(P->Files[I]->path());
          Modules.push_back({Path, P->Modules[I].get(), Names[I]});
          FileOf.push_back(I);
        } else {
          Modules.push_back({std::string(1, '\0') + P->Files[I]->path(), &None, {}});
        }
      if (FileOf.empty())
        continue;
      if (!Opts.Analyses) {
        std::vector<ProgramProblem> ModelProblems;
        std::shared_ptr<const dataflow::Models> Models =
            loadModels(Queries, Fam, Rules, ModelProblems);
        for (ProgramProblem &Problem : ModelProblems)
          AddProblem(std::move(Problem));
        dataflow::EngineOptions Engine;
        Engine.OnDemand = Opts.OnDemand.value_or(onDemandByDefault(Fam));
        T->Owned.push_back(
            std::make_unique<dataflow::Result>(dataflow::analyse(Modules, *Models, Engine)));
        T->Parts.push_back(T->Owned.back().get());
        continue;
      }
      AnalysisCache::Entry &E = Opts.Analyses->Entries[{Rules, static_cast<int>(Fam)}];
      AnalysisCache::Stats &Stats = Opts.Analyses->Last;
      std::vector<uint64_t> Prints(N, 0);
      for (uint32_t I : FileOf)
        Prints[I] = fingerprint(*P->Files[I], *P->Modules[I]);
      bool Same =
          E.Analysis && E.Updates < AnalysisCache::MaxUpdates && E.Paths.size() == Modules.size();
      for (size_t K = 0; Same && K < Modules.size(); ++K)
        Same = E.Paths[K] == Modules[K].Path && E.Names[K] == Modules[K].Names;
      if (Same) {
        // The kept analysis reads the modules of the build that made it,
        // which it keeps alive; the changed ones are replaced.
        std::vector<std::pair<uint32_t, const ir::Module *>> Changed;
        for (uint32_t K = 0; K < Modules.size(); ++K)
          if (Prints[K] != E.Fingerprints[K])
            Changed.emplace_back(K, Modules[K].Module);
        if (!Changed.empty()) {
          E.Analysis->update(Changed);
          for (const auto &C : Changed)
            E.Modules[C.first] = P->Modules[C.first];
          ++E.Updates;
        }
        E.Fingerprints = std::move(Prints);
        ++Stats.Updated;
        Stats.Started += Changed.empty() ? 0 : E.Analysis->lastStarted();
        Stats.Analyses += Changed.empty() ? 0 : E.Analysis->lastAnalyses();
      } else {
        E = AnalysisCache::Entry();
        std::shared_ptr<const dataflow::Models> Models =
            loadModels(Queries, Fam, Rules, E.ModelProblems);
        for (uint32_t K = 0; K < Modules.size(); ++K) {
          E.Modules.push_back(familyOf(P->Files[K]->language()) == Fam ? P->Modules[K] : nullptr);
          E.Paths.push_back(Modules[K].Path);
          E.Names.push_back(Modules[K].Names);
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
      T->Parts.push_back(&E.Analysis->view());
    }
    for (const dataflow::Result *R : T->Parts)
      for (const std::string &L : R->Limits)
        AddProblem(L);
  }
  return P;
}

void Program::resolveNative(FileStore &Store, std::vector<std::vector<std::string>> &Names,
                            std::vector<uint8_t> &Fresh) {
  size_t N = Files.size();
  std::vector<std::string> Path(N);
  for (size_t I = 0; I < N; ++I)
    if (std::optional<LanguageFamily> Fam = familyOf(Files[I]->language());
        Fam == LanguageFamily::Go || Fam == LanguageFamily::Rust)
      Path[I] = frontend::normalizePath(Files[I]->path());
  // The imports each file should have, from those its lowering made.
  std::vector<std::optional<std::vector<ir::Import>>> Wanted(N);
  auto Lowered = [&](size_t I) {
    std::vector<ir::Import> Out;
    for (const ir::Import &Imp : Modules[I]->Imports)
      if (Imp.Written != PackageSibling) {
        Out.push_back(Imp);
        if (!Imp.Written.empty()) { // rewritten by an earlier build
          Out.back().Module = Imp.Written;
          Out.back().Written.clear();
        }
      }
    return Out;
  };

  // Go: a package is a directory; its import path comes from the nearest
  // go.mod. Every file sees the names of the package's other files (test
  // files those of the package, not the other way round).
  auto Lookup = [&](Manifests &Found) -> frontend::ManifestLookup {
    return [&Found](const std::string &Dir) { return Found.forDirectory(Dir); };
  };
  Manifests GoMods(Store, "go.mod", Problems), Cargos(Store, "Cargo.toml", Problems);
  std::vector<uint32_t> GoFiles, RustFiles;
  std::vector<std::string> GoPaths, RustPaths;
  for (uint32_t I = 0; I < N; ++I) {
    std::optional<LanguageFamily> Fam = familyOf(Files[I]->language());
    if (Fam == LanguageFamily::Go) {
      GoFiles.push_back(I);
      GoPaths.push_back(Path[I]);
    } else if (Fam == LanguageFamily::Rust) {
      RustFiles.push_back(I);
      RustPaths.push_back(Path[I]);
    }
  }
  for (const frontend::GoPackage &Pkg : frontend::goPackages(GoPaths, Lookup(GoMods)))
    for (size_t K : Pkg.Files) {
      uint32_t I = GoFiles[K];
      if (!frontend::isGoTestFile(Path[I]))
        Names[I] = {Pkg.ImportPath};
      std::vector<ir::Import> W = Lowered(I);
      for (ir::Import &Sib : frontend::goSiblingImports(Pkg, K, GoPaths, PackageSibling))
        W.push_back(std::move(Sib));
      Wanted[I] = std::move(W);
    }

  // Rust: a crate is the directory of the nearest Cargo.toml; its files
  // under src/ are modules named by their path. `use` paths are made
  // absolute.
  frontend::RustLayout Crates = frontend::rustLayout(RustPaths, Lookup(Cargos));
  for (size_t K = 0; K < RustFiles.size(); ++K) {
    uint32_t I = RustFiles[K];
    if (Crates.Named[K])
      Names[I] = {Crates.Module[K]};
    std::vector<ir::Import> W = Lowered(I);
    frontend::makeRustImportsAbsolute(W, Crates, K);
    Wanted[I] = std::move(W);
  }

  // A module this build lowered is its own; one from an earlier build is
  // copied only when its imports are to change.
  auto Same = [](const ir::Import &A, const ir::Import &B) {
    return A.Module == B.Module && A.Name == B.Name && A.ResolvedPath == B.ResolvedPath &&
           A.Written == B.Written;
  };
  for (size_t I = 0; I < N; ++I) {
    if (!Wanted[I])
      continue;
    const std::vector<ir::Import> &Now = Modules[I]->Imports;
    if (Now.size() == Wanted[I]->size() &&
        std::equal(Now.begin(), Now.end(), Wanted[I]->begin(), Same))
      continue;
    std::shared_ptr<ir::Module> M = Fresh[I] ? std::const_pointer_cast<ir::Module>(Modules[I])
                                             : std::make_shared<ir::Module>(*Modules[I]);
    M->Imports = std::move(*Wanted[I]);
    Modules[I] = std::move(M);
    Fresh[I] = 1;
  }
}

void Program::linkImports(const std::vector<std::vector<std::string>> &Names) {
  size_t N = Files.size();
  Imports.assign(N, {});
  // ECMAScript imports the resolution named by path.
  std::unordered_map<std::string, uint32_t> ByPath;
  for (uint32_t I = 0; I < N; ++I)
    if (familyOf(Files[I]->language()) != LanguageFamily::Python)
      ByPath.emplace(frontend::normalizePath(Files[I]->path()), I);
  // A Python module name answers from the directory it is relative to: an
  // import reaches the files whose name it spells from a directory that
  // holds the importer (the script's or the project's directory on the
  // path).
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, std::string>>> ByName;
  // Go packages and Rust modules are named from their module or crate
  // root, whatever the importer.
  for (uint32_t I = 0; I < N; ++I) {
    llvm::StringRef Path = Files[I]->path();
    if (familyOf(Files[I]->language()) != LanguageFamily::Python) {
      for (const std::string &Name : Names[I])
        ByName[Name].emplace_back(I, std::string());
      continue;
    }
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
    std::optional<LanguageFamily> Fam = familyOf(Files[I]->language());
    llvm::StringRef Importer = Files[I]->path();
    for (const ir::Import &Imp : Modules[I]->Imports) {
      if (Fam != LanguageFamily::Python) {
        if (auto It = ByPath.find(Imp.ResolvedPath); It != ByPath.end())
          To.insert(It->second);
        // A Go package (all its files) or a Rust module, or the module
        // of a Rust item.
        if ((Fam == LanguageFamily::Go || Fam == LanguageFamily::Rust) && Imp.ResolvedPath.empty())
          for (const std::string &W :
               {Imp.Module, Imp.Name.empty() ? std::string() : Imp.Module + "." + Imp.Name})
            if (auto It = ByName.find(W); It != ByName.end())
              for (const auto &Named : It->second)
                To.insert(Named.first);
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
  return I && Syntaxes[*I] ? Modules[*I].get() : nullptr;
}

std::optional<std::optional<uint32_t>> Program::syntaxOf(const SourceFile &F) const {
  std::optional<uint32_t> I = indexOf(F);
  return I ? Syntaxes[*I] : std::nullopt;
}

std::vector<std::pair<size_t, std::string>> Program::limitsIn(const SourceFile &F) const {
  std::vector<std::pair<size_t, std::string>> Out;
  if (std::optional<uint32_t> I = indexOf(F))
    for (const ir::LoweringLimit &L : Modules[*I]->Limits)
      Out.emplace_back(L.Where.Begin, L.Message);
  return Out;
}

const Taint *Program::taint(const ModelRules &Rules) const {
  auto It = Analyses.find(Rules);
  return It == Analyses.end() ? nullptr : It->second.get();
}

std::vector<const dataflow::Finding *> Taint::findingsIn(const SourceFile &F) const {
  std::vector<const dataflow::Finding *> Out;
  std::optional<uint32_t> Index = P->indexOf(F);
  if (!Index)
    return Out;
  for (const dataflow::Result *R : Parts) {
    size_t Before = Out.size();
    for (const dataflow::Finding &X : R->Findings)
      if (X.Module == *Index && R->Sources[X.Source].Module != dataflow::NoModule)
        Out.push_back(&X);
    std::sort(Out.begin() + static_cast<std::ptrdiff_t>(Before), Out.end(),
              [](const dataflow::Finding *A, const dataflow::Finding *B) {
                return std::tie(A->Where.Begin, A->Source) < std::tie(B->Where.Begin, B->Source);
              });
  }
  return Out;
}

const dataflow::SourceInfo &Taint::source(const dataflow::Finding &F) const {
  for (const dataflow::Result *R : Parts)
    if (!R->Findings.empty() && &F >= &R->Findings.front() && &F <= &R->Findings.back())
      return R->Sources[F.Source];
  assert(false && "a finding of another taint analysis");
  return Parts.front()->Sources[F.Source];
}

std::vector<const dataflow::SourceInfo *> Taint::sourcesIn(const SourceFile &F) const {
  std::vector<const dataflow::SourceInfo *> Out;
  if (std::optional<uint32_t> Index = P->indexOf(F))
    for (const dataflow::Result *R : Parts)
      for (const dataflow::SourceInfo &S : R->Sources)
        if (S.Module == *Index)
          Out.push_back(&S);
  return Out;
}

std::vector<const dataflow::SourceInfo *> Taint::fallbacksIn(const SourceFile &F) const {
  std::vector<const dataflow::SourceInfo *> Out;
  if (std::optional<uint32_t> Index = P->indexOf(F))
    for (const dataflow::Result *R : Parts)
      for (const dataflow::SourceInfo &S : R->Sources)
        if (S.Module != dataflow::NoModule && S.Default && S.Default->Where.End != 0 &&
            S.Default->Module == *Index)
          Out.push_back(&S);
  return Out;
}

const dataflow::Result &Taint::result() const {
  std::lock_guard<std::mutex> Lock(MergeLock);
  if (Merged)
    return *Merged;
  Merged = std::make_unique<dataflow::Result>();
  for (const dataflow::Result *R : Parts) {
    std::vector<uint32_t> Index(R->Sources.size(), dataflow::NoModule);
    for (uint32_t S = 0; S < R->Sources.size(); ++S)
      if (R->Sources[S].Module != dataflow::NoModule) {
        Index[S] = static_cast<uint32_t>(Merged->Sources.size());
        Merged->Sources.push_back(R->Sources[S]);
      }
    for (const dataflow::Finding &F : R->Findings)
      if (Index[F.Source] != dataflow::NoModule) {
        Merged->Findings.push_back(F);
        Merged->Findings.back().Source = Index[F.Source];
      }
    Merged->Limits.insert(Merged->Limits.end(), R->Limits.begin(), R->Limits.end());
    Merged->Rounds = std::max(Merged->Rounds, R->Rounds);
    Merged->Analyses += R->Analyses;
    Merged->Analysed += R->Analysed;
  }
  std::sort(Merged->Findings.begin(), Merged->Findings.end(),
            [](const dataflow::Finding &A, const dataflow::Finding &B) {
              return std::tie(A.Module, A.Where.Begin, A.Source) <
                     std::tie(B.Module, B.Where.Begin, B.Source);
            });
  return *Merged;
}

} // namespace teetidy::program
