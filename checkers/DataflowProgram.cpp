#include "checkers/DataflowProgram.h"

#include "frontend/EcmaScriptLowering.h"
#include "frontend/EcmaScriptModules.h"
#include "frontend/PythonLowering.h"
#include "source/Language.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_set>

namespace teetidy {

namespace {

/// Parse budget per file, as for single-file analysis (1 minute).
constexpr uint64_t ParseTimeoutMicros = 60'000'000;

enum class Family { Python, EcmaScript };

std::optional<Family> familyOf(Language L) {
  switch (L) {
  case Language::Python:
    return Family::Python;
  case Language::TypeScript:
  case Language::TSX:
  case Language::JavaScript:
    return Family::EcmaScript;
  default:
    return std::nullopt;
  }
}

/// `callee:argument` -> a one-rule model file text. The argument is a
/// position, a keyword (Python) or a field of the first argument's object
/// (ECMAScript: `Client:baseUrl` is `new Client({ baseUrl })`), or
/// `position.field` in either.
llvm::Error addExtras(dataflow::Models &M, const std::vector<std::string> &Specs, const char *What,
                      const char *Kind, bool Ecma) {
  for (const std::string &Spec : Specs) {
    llvm::StringRef S(Spec);
    auto [Callee, Arg] = S.rsplit(':');
    if (Callee.empty() || Arg.empty() || Callee == S)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s entry '%s' is not 'callee:argument'", What, Spec.c_str());
    unsigned Pos = 0;
    auto [First, Field] = Arg.split('.');
    std::string ArgSpec;
    if (!First.getAsInteger(10, Pos))
      ArgSpec = "{position: " + std::to_string(Pos) +
                (Field.empty() ? std::string() : ", field: '" + Field.str() + "'") + "}";
    else if (Ecma && std::string(Kind) != "source")
      ArgSpec = "{position: 0, field: '" + Arg.str() + "'}";
    else
      ArgSpec = "{keyword: " + Arg.str() + "}";
    std::string Text;
    if (std::string(Kind) == "source")
      Text = "sources:\n  - callee: ['" + Callee.str() + "']\n    name: " + ArgSpec + "\n";
    else
      Text = "library: check options\nsinks:\n  - callee: ['" + Callee.str() +
             "']\n    kind: " + Kind + "\n    destination: " + ArgSpec + "\n";
    if (llvm::Error E = M.addFile(What, Text))
      return E;
  }
  return llvm::Error::success();
}

/// The models under queries/models/<Dir>/ plus the check options' extras.
dataflow::Models loadModels(QueryStore &Queries, llvm::StringRef Dir, const ModelExtras &Extras,
                            std::vector<std::string> &Problems) {
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
  for (auto [Specs, What, Kind] : {std::make_tuple(&Extras.EndpointSinks, "ExtraSinks", "endpoint"),
                                   std::make_tuple(&Extras.ModelSinks, "ExtraModelSinks", "model"),
                                   std::make_tuple(&Extras.Sources, "ExtraSources", "source")})
    if (llvm::Error E = addExtras(Models, *Specs, What, Kind, Dir == "ecma"))
      Problems.push_back(llvm::toString(std::move(E)));
  return Models;
}

/// The contents of \p File.
llvm::Expected<std::string> readText(const std::string &File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return llvm::errorCodeToError(Buf.getError());
  return (*Buf)->getBuffer().str();
}

/// The nearest tsconfig.json (or jsconfig.json) above each ECMAScript file,
/// read once per directory.
class TsConfigs {
public:
  explicit TsConfigs(std::vector<std::string> &Problems) : Problems(Problems) {}

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
      Dir = llvm::sys::path::parent_path(Dir);
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
      if (!llvm::sys::fs::is_regular_file(P))
        continue;
      auto IsFile = [](const std::string &File) { return llvm::sys::fs::is_regular_file(File); };
      auto Config = frontend::loadTsConfig(std::string(P), readText, IsFile);
      if (!Config) {
        Problems.push_back(llvm::toString(Config.takeError()));
        return nullptr;
      }
      for (std::string &Problem : Config->Problems)
        Problems.push_back(std::move(Problem));
      Owned.push_back(std::make_unique<frontend::TsConfig>(std::move(*Config)));
      return Owned.back().get();
    }
    return std::nullopt;
  }

  std::vector<std::string> &Problems;
  std::map<std::string, const frontend::TsConfig *> ByDir;
  std::vector<std::unique_ptr<frontend::TsConfig>> Owned;
};

/// The workspace packages of the run: the nearest package.json above each
/// ECMAScript file, read once per directory, by package name (the first
/// file in path order wins a name two packages claim).
class Workspace {
public:
  explicit Workspace(std::vector<std::string> &Problems) : Problems(Problems) {}

  void addFile(const std::string &Path) {
    llvm::SmallString<256> Dir(Path);
    llvm::sys::path::remove_filename(Dir);
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      std::string Key(Dir.empty() ? "." : Dir.str());
      if (!Seen.insert(Key).second)
        return; // this directory and those above it are read already
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, "package.json");
      if (llvm::sys::fs::is_regular_file(P)) {
        read(std::string(P));
        return;
      }
      if (Dir.empty() || llvm::sys::path::parent_path(Dir) == Dir)
        return;
      Dir = llvm::sys::path::parent_path(Dir);
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
    llvm::Expected<std::string> Text = readText(Path);
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

  std::vector<std::string> &Problems;
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

} // namespace

std::unique_ptr<DataflowProgram> DataflowProgram::build(const std::vector<std::string> &Paths,
                                                        QueryStore &Queries,
                                                        const ModelExtras &Extras,
                                                        const LoadOptions &Load) {
  auto P = std::make_unique<DataflowProgram>();
  for (const std::string &Path : Paths) {
    auto L = languageForPath(Path);
    if (!L || !familyOf(*L) || P->ByPath.count(Path))
      continue;
    // Files that cannot be loaded are reported by their own analysis.
    auto Loaded = loadSourceFile(Path, *L, Load);
    if (!Loaded) {
      llvm::consumeError(Loaded.takeError());
      continue;
    }
    P->ByPath.emplace(Path, static_cast<uint32_t>(P->Files.size()));
    P->Files.push_back(std::move(*Loaded));
  }
  // Parsing and lowering are per file, so they run in parallel.
  P->Modules.resize(P->Files.size());
  P->Trees.resize(P->Files.size());
  P->Syntaxes.resize(P->Files.size());
  // Keep the trees that the files' own analysis will ask for: those of
  // files some query of their language may match (the rest are not parsed
  // again; see FileContext::forEachMatch).
  std::vector<std::string> QueryNames;
  for (const std::string &F : Queries.files())
    if (llvm::StringRef(F).endswith(".scm"))
      QueryNames.push_back(llvm::sys::path::stem(F).str());
  std::sort(QueryNames.begin(), QueryNames.end());
  QueryNames.erase(std::unique(QueryNames.begin(), QueryNames.end()), QueryNames.end());
  auto Queried = [&](const SourceFile &F) {
    for (const std::string &Name : QueryNames) {
      llvm::Expected<const CompiledQuery *> Q = Queries.query(F.language(), Name);
      if (!Q) {
        llvm::consumeError(Q.takeError()); // reported by the check that runs it
        continue;
      }
      if (*Q && (*Q)->mayMatch(F.content()))
        return true;
    }
    return false;
  };
  std::vector<uint8_t> Keep(P->Files.size(), 0);
  for (size_t I = 0, Bytes = 0; I < P->Files.size(); ++I) {
    size_t Size = P->Files[I]->content().size();
    if (Bytes + Size <= KeptTreeSourceBytes && Queried(*P->Files[I])) {
      Bytes += Size;
      Keep[I] = 1;
    }
  }
  {
    llvm::ThreadPool Pool(llvm::hardware_concurrency());
    for (size_t I = 0; I < P->Files.size(); ++I)
      Pool.async([&, I] {
        const SourceFile &F = *P->Files[I];
        Parser Par;
        if (!Par.setLanguage(grammarFor(F.language())))
          return;
        Tree T = Par.parse(F.content(), ParseTimeoutMicros);
        if (!T)
          return;
        P->Modules[I] = F.language() == Language::Python
                            ? frontend::lowerPython(F.path(), F.content(), T.root())
                            : frontend::lowerEcmaScript(F.path(), F.content(), T.root());
        P->Syntaxes[I] = Syntax{firstSyntaxErrorOffset(T.root())};
        if (Keep[I])
          P->Trees[I] = std::move(T);
      });
    Pool.wait();
  }

  // ECMAScript imports name files: resolve them among the run's files.
  std::unordered_set<std::string> Known;
  std::vector<std::string> EcmaPaths;
  for (const auto &F : P->Files)
    if (familyOf(F->language()) == Family::EcmaScript) {
      Known.insert(frontend::normalizePath(F->path()));
      EcmaPaths.push_back(F->path());
    }
  TsConfigs Configs(P->Problems);
  Workspace Packages(P->Problems);
  std::sort(EcmaPaths.begin(), EcmaPaths.end());
  for (const std::string &Path : EcmaPaths)
    Packages.addFile(Path);
  std::optional<dataflow::Models> EcmaModels;
  if (!EcmaPaths.empty()) {
    EcmaModels = loadModels(Queries, "ecma", Extras, P->Problems);
    Packages.dropModelled(*EcmaModels);
    Packages.linkBuilds(Configs);
  }
  auto Exists = [&](const std::string &Path) { return Known.count(Path) > 0; };
  for (size_t I = 0; I < P->Files.size(); ++I) {
    if (familyOf(P->Files[I]->language()) != Family::EcmaScript)
      continue;
    const frontend::TsConfig *Config = Configs.forFile(P->Files[I]->path());
    std::string Importer = frontend::normalizePath(P->Files[I]->path());
    for (ir::Import &Imp : P->Modules[I].Imports)
      Imp.ResolvedPath =
          frontend::resolveSpecifier(Importer, Imp.Module, Exists, Config, &Packages.packages());
  }

  for (Family Fam : {Family::Python, Family::EcmaScript}) {
    std::vector<dataflow::ProgramModule> Program;
    std::vector<uint32_t> FileOf;
    for (uint32_t I = 0; I < P->Files.size(); ++I)
      if (familyOf(P->Files[I]->language()) == Fam) {
        std::string Path = Fam == Family::EcmaScript ? frontend::normalizePath(P->Files[I]->path())
                                                     : P->Files[I]->path();
        Program.push_back({Path, &P->Modules[I]});
        FileOf.push_back(I);
      }
    if (Program.empty())
      continue;
    dataflow::Models Models = Fam == Family::EcmaScript
                                  ? std::move(*EcmaModels)
                                  : loadModels(Queries, "python", Extras, P->Problems);
    mergeResult(P->R, dataflow::analyse(Program, Models), FileOf);
  }
  std::sort(P->R.Findings.begin(), P->R.Findings.end(),
            [](const dataflow::Finding &A, const dataflow::Finding &B) {
              return std::tie(A.Module, A.Where.Begin, A.Source) <
                     std::tie(B.Module, B.Where.Begin, B.Source);
            });
  for (const std::string &L : P->R.Limits)
    P->Problems.push_back(L);
  return P;
}

std::optional<DataflowProgram::Syntax>
DataflowProgram::syntaxOf(const std::string &Path, Language Lang, std::string_view Content) const {
  std::optional<uint32_t> I = indexOf(Path);
  if (!I || Files[*I]->language() != Lang || Files[*I]->content() != Content)
    return std::nullopt;
  return Syntaxes[*I];
}

std::optional<Tree> DataflowProgram::takeTree(const std::string &Path, Language Lang,
                                              std::string_view Content) {
  std::optional<uint32_t> I = indexOf(Path);
  if (!I)
    return std::nullopt;
  std::lock_guard<std::mutex> Lock(TreesMutex);
  std::optional<Tree> &T = Trees[*I];
  if (!T || Files[*I]->language() != Lang || Files[*I]->content() != Content)
    return std::nullopt;
  std::optional<Tree> Out = std::move(T);
  T.reset();
  return Out;
}

const ir::Module *DataflowProgram::moduleOf(const std::string &Path) const {
  auto I = indexOf(Path);
  return I ? &Modules[*I] : nullptr;
}

namespace {

/// The items of \p All whose Module is the file \p Index.
template <typename T>
std::vector<const T *> inModule(const std::vector<T> &All, std::optional<uint32_t> Index) {
  std::vector<const T *> Out;
  if (Index)
    for (const T &X : All)
      if (X.Module == *Index)
        Out.push_back(&X);
  return Out;
}

} // namespace

std::optional<uint32_t> DataflowProgram::indexOf(const std::string &Path) const {
  auto It = ByPath.find(Path);
  return It == ByPath.end() ? std::nullopt : std::optional<uint32_t>(It->second);
}

std::vector<const dataflow::Finding *> DataflowProgram::findingsIn(const std::string &Path) const {
  return inModule(R.Findings, indexOf(Path));
}

std::vector<const dataflow::SourceInfo *>
DataflowProgram::sourcesIn(const std::string &Path) const {
  return inModule(R.Sources, indexOf(Path));
}

std::vector<std::pair<size_t, std::string>>
DataflowProgram::limitsIn(const std::string &Path) const {
  std::vector<std::pair<size_t, std::string>> Out;
  if (auto I = indexOf(Path))
    for (const ir::LoweringLimit &L : Modules[*I].Limits)
      Out.emplace_back(L.Where.Begin, L.Message);
  return Out;
}

} // namespace teetidy
