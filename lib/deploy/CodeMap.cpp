#include "deploy/CodeMap.h"

#include "source/FileDiscovery.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <deque>
#include <set>

namespace teetidy::deploy {

const char *holdReasonName(HoldReason R) {
  switch (R) {
  case HoldReason::None:
    return "run";
  case HoldReason::TestCode:
    return "test code";
  case HoldReason::NoDeployment:
    return "no deployment file";
  case HoldReason::NotRun:
    return "not run by any service";
  }
  return "run";
}

namespace {

/// How many nested scripts a command is followed through.
constexpr unsigned MaxScriptDepth = 3;

bool isShellScript(llvm::StringRef Path) { return Path.endswith(".sh") || Path.endswith(".bash"); }

/// Path components of \p Name, without `.` and empty parts.
std::vector<std::string> components(llvm::StringRef Name) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Name.split(Parts, '/', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (P != ".")
      Out.push_back(P.str());
  return Out;
}

/// The relative paths an entry point may name, longest first: a container
/// path (`/app/api/main.py`) is matched by its trailing components.
std::vector<std::string> suffixes(const EntryPoint &E) {
  std::vector<std::string> Out;
  if (E.IsModule) {
    std::string P = E.Name;
    std::replace(P.begin(), P.end(), '.', '/');
    for (const char *Ext : {".py", "/__init__.py", "/__main__.py"})
      Out.push_back(P + Ext);
    return Out;
  }
  std::vector<std::string> C = components(E.Name);
  for (size_t K = 0; K < C.size(); ++K) {
    std::string S;
    for (size_t I = K; I < C.size(); ++I)
      S += (S.empty() ? "" : "/") + C[I];
    Out.push_back(S);
  }
  return Out;
}

/// \p Abs relative to the working directory when it lies under it, as the
/// paths of the analysed files are shown.
std::string displayPath(const std::string &Abs) {
  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd) && isWithin(Abs, Cwd) && Abs.size() > Cwd.size())
    return llvm::StringRef(Abs).drop_front(Cwd.size()).ltrim('/').str();
  return Abs;
}

bool endsWithPath(llvm::StringRef Path, llvm::StringRef Suffix) {
  return Path.endswith(Suffix) &&
         (Path.size() == Suffix.size() || Path[Path.size() - Suffix.size() - 1] == '/');
}

struct Reach {
  Evidence Level = Evidence::None;
  std::vector<EvidenceStep> Why;
};

class Builder {
public:
  Builder(const Deployment &D, const std::vector<const SourceFile *> &Sources,
          const ImportGraph &Imports, FileStore &Store)
      : D(D), Sources(Sources), Imports(Imports), Store(Store) {
    for (const SourceFile *F : Sources)
      Abs.emplace(F, FileStore::key(F->path()));
  }

  /// The files each service runs through its entry points and what they
  /// import, with the evidence chain.
  void followEntries() {
    for (const ServiceCode &SC : D.code()) {
      if (D.units()[SC.Unit].DescribedBy)
        continue;
      std::map<const SourceFile *, Reach> &Runs = ByEntry[&SC];
      std::deque<const SourceFile *> Queue;
      std::vector<EntryPoint> Pending = SC.Entries;
      std::set<std::string> ScriptsSeen;
      for (unsigned Depth = 0; !Pending.empty() && Depth <= MaxScriptDepth; ++Depth) {
        std::vector<EntryPoint> Next;
        for (const EntryPoint &E : Pending) {
          if (!E.IsModule && isShellScript(E.Name)) {
            readScript(SC, E, ScriptsSeen, Next);
            continue;
          }
          for (const SourceFile *F : resolve(SC, E)) {
            Reach &R = Runs[F];
            if (R.Level >= E.Level)
              continue;
            R.Level = E.Level;
            R.Why = {{"service '" + SC.Service + "' runs this file: " + E.Why + " starts '" +
                          E.Name + "'",
                      E.Loc}};
            Queue.push_back(F);
          }
        }
        Pending = std::move(Next);
      }
      // What the entry points import runs too.
      while (!Queue.empty()) {
        const SourceFile *F = Queue.front();
        Queue.pop_front();
        auto It = Imports.find(F);
        if (It == Imports.end())
          continue;
        Reach From = Runs[F];
        for (const SourceFile *To : It->second) {
          Reach &R = Runs[To];
          if (R.Level >= From.Level)
            continue;
          R.Level = From.Level;
          R.Why = From.Why;
          R.Why.push_back(
              {"which imports it" +
                   (R.Why.size() == 1 ? std::string() : " through " + D.shown(Abs[F], SC.Unit)),
               SourceLocation{}});
          Queue.push_back(To);
        }
      }
    }
  }

  FileRunners weigh(const SourceFile &F) {
    FileRunners Out;
    const std::string &Path = Abs[&F];
    llvm::StringRef Rel(Path);
    if (isWithin(Rel, D.root()) && Rel.size() > D.root().size())
      Rel = Rel.drop_front(D.root().size());
    if (isTestCode(Rel)) {
      Out.Held = HoldReason::TestCode;
      Out.HeldWhy = "it is test code";
      return Out;
    }
    if (D.empty()) {
      Out.Held = HoldReason::NoDeployment;
      Out.HeldWhy = "no compose file or app-compose.json is among the analysed files";
      return Out;
    }
    // The units that govern the file: their scope holds it, or a service of
    // theirs has evidence of running it.
    struct Candidate {
      size_t Unit;
      const ServiceCode *Code;
      Reach R;
      bool OnlyScope = false;
    };
    std::vector<Candidate> All;
    std::set<size_t> Governing;
    for (const ServiceCode &SC : D.code()) {
      const DeploymentUnit &U = D.units()[SC.Unit];
      if (U.DescribedBy)
        continue;
      Candidate C{SC.Unit, &SC, reach(SC, F, Path), false};
      bool InScope = isWithin(Path, U.Scope);
      if (C.R.Level == Evidence::None && InScope && !D.describesCode(SC.Unit) && canRun(SC, F)) {
        C.R.Level = Evidence::Weak;
        C.OnlyScope = true;
        C.R.Why = {{"service '" + SC.Service +
                        "' may run this file: " + llvm::sys::path::filename(U.Path).str() +
                        " does not say which code its services run",
                    SC.Compose ? SC.Compose->NameLoc : SourceLocation{}}};
      }
      if (InScope || C.R.Level != Evidence::None)
        Governing.insert(SC.Unit);
      All.push_back(std::move(C));
    }
    // A dstack deployment governing the file sets the others aside.
    bool Dstack = llvm::any_of(
        Governing, [&](size_t U) { return D.units()[U].Kind == DeploymentKind::Dstack; });
    Evidence Best = Evidence::None;
    for (const Candidate &C : All)
      if (Governing.count(C.Unit) && (!Dstack || D.units()[C.Unit].Kind == DeploymentKind::Dstack))
        Best = std::max(Best, C.R.Level);
    if (Best == Evidence::None) {
      Out.Held = HoldReason::NotRun;
      Out.HeldWhy = "no service of the deployments runs it";
      return Out;
    }
    // Among services that are candidates only because their deployment's
    // scope holds the file, the innermost deployment decides.
    size_t Deepest = 0;
    for (const Candidate &C : All)
      if (C.R.Level == Best && C.OnlyScope)
        Deepest = std::max(Deepest, D.units()[C.Unit].Scope.size());
    for (Candidate &C : All) {
      if (!Governing.count(C.Unit) || C.R.Level != Best ||
          (Dstack && D.units()[C.Unit].Kind != DeploymentKind::Dstack) ||
          (C.OnlyScope && D.units()[C.Unit].Scope.size() < Deepest))
        continue;
      Out.Runners.push_back({C.Unit, C.Code, C.R.Level, std::move(C.R.Why)});
    }
    return Out;
  }

private:
  /// Whether service \p SC can run \p F at all: its image runs code of
  /// \p F's language family.
  bool canRun(const ServiceCode &SC, const SourceFile &F) const {
    if (SC.RunsNoCode)
      return false;
    std::optional<LanguageFamily> Fam = familyOf(F.language());
    if (!SC.Families || !Fam)
      return true;
    return SC.Families->count(familyName(*Fam)) > 0;
  }

  /// The strongest evidence that \p SC runs \p F.
  Reach reach(const ServiceCode &SC, const SourceFile &F, const std::string &Path) {
    Reach Best;
    auto Consider = [&](Evidence L, std::vector<EvidenceStep> Why) {
      if (L > Best.Level) {
        Best.Level = L;
        Best.Why = std::move(Why);
      }
    };
    // Named by a command (or imported from a file that is): this holds
    // whatever the image is.
    auto It = ByEntry.find(&SC);
    if (It != ByEntry.end()) {
      auto R = It->second.find(&F);
      if (R != It->second.end())
        Consider(R->second.Level, R->second.Why);
    }
    if (!canRun(SC, F))
      return Best;
    for (const CodeSource &S : SC.Sources)
      if (S.covers(Path))
        Consider(S.Level, {{"service '" + SC.Service + "' holds this file: " + S.Why, S.Loc}});
    const DeploymentUnit &U = D.units()[SC.Unit];
    if (isWithin(Path, U.Scope))
      for (const auto &[Key, Level] : SC.Names)
        for (std::string At = llvm::sys::path::parent_path(Path).str();
             At.size() > U.Scope.size() && isWithin(At, U.Scope);
             At = llvm::sys::path::parent_path(At).str()) {
          std::string Dir = llvm::sys::path::filename(At).str();
          if (Best.Level < Level && namesMatch(Key, Dir))
            Consider(Level, {{"service '" + SC.Service + "' is taken to run this file: the name '" +
                                  Key + "' matches directory '" + D.shown(At, SC.Unit) + "'",
                              SC.Compose ? SC.Compose->NameLoc : SourceLocation{}}});
        }
    return Best;
  }

  /// The source files entry point \p E of \p SC names: those whose path
  /// ends with the longest of its suffixes that any file has, preferring
  /// files the service holds, then files of its deployment's scope.
  std::vector<const SourceFile *> resolve(const ServiceCode &SC, const EntryPoint &E) {
    const DeploymentUnit &U = D.units()[SC.Unit];
    std::vector<std::string> Dirs = holding(SC, E);
    for (const std::string &Suffix : suffixes(E)) {
      std::vector<const SourceFile *> Held, InScope;
      for (const SourceFile *F : Sources) {
        const std::string &P = Abs[F];
        if (!endsWithPath(P, Suffix))
          continue;
        if (llvm::any_of(Dirs, [&](const std::string &Dir) { return isWithin(P, Dir); }))
          Held.push_back(F);
        else if (isWithin(P, U.Scope))
          InScope.push_back(F);
      }
      if (!Held.empty())
        return Held;
      // A Dockerfile's command names a file of its image; a compose
      // command may name any file of the project.
      if (!InScope.empty() && (Dirs.empty() || !E.From))
        return InScope;
    }
    return {};
  }

  /// Where the file entry point \p E names lies: what the Dockerfile whose
  /// command names it copies, or everything the service holds; empty when
  /// nothing is known (then the deployment's scope).
  static std::vector<std::string> holding(const ServiceCode &SC, const EntryPoint &E) {
    std::vector<std::string> Dirs;
    for (const CodeSource &S : SC.Sources)
      if (!E.From || S.From == E.From)
        Dirs.push_back(S.Path);
    return Dirs;
  }

  /// Reads the shell script entry point \p E names and adds the entry
  /// points its commands name to \p Next.
  void readScript(const ServiceCode &SC, const EntryPoint &E, std::set<std::string> &Seen,
                  std::vector<EntryPoint> &Next) {
    const DeploymentUnit &U = D.units()[SC.Unit];
    std::vector<std::string> Dirs = holding(SC, E);
    if (Dirs.empty() || !E.From) {
      Dirs.push_back(llvm::sys::path::parent_path(FileStore::key(U.Path)).str());
      Dirs.push_back(U.Scope);
    }
    for (const std::string &Suffix : suffixes(E))
      for (const std::string &Dir : Dirs) {
        std::string Path = FileStore::key(Dir + "/" + Suffix);
        if (!isWithin(Path, D.root()) || !Store.isRegularFile(Path))
          continue;
        if (!Seen.insert(Path).second)
          return;
        auto Script = Store.load(displayPath(Path), Language::Text);
        if (!Script) {
          llvm::consumeError(Script.takeError());
          return;
        }
        std::string Name = D.shown(Path, SC.Unit);
        std::set<std::string> Runtimes;
        std::string_view Text = (*Script)->content();
        size_t Line = 0;
        while (Line < Text.size()) {
          size_t End = std::min(Text.find('\n', Line), Text.size());
          std::string_view L = Text.substr(Line, End - Line);
          size_t Hash = L.find('#');
          if (Hash != std::string_view::npos && (Hash == 0 || L[Hash - 1] == ' '))
            L = L.substr(0, Hash);
          size_t Before = Next.size();
          commandEntries(L, D.rules(), E.Level, E.Why + " starts '" + E.Name + "', and " + Name,
                         SourceLocation{*Script, Line}, Next, Runtimes);
          for (size_t I = Before; I < Next.size(); ++I)
            Next[I].From = E.From;
          Line = End + 1;
        }
        return;
      }
  }

  const Deployment &D;
  const std::vector<const SourceFile *> &Sources;
  const ImportGraph &Imports;
  FileStore &Store;
  std::map<const SourceFile *, std::string> Abs;
  std::map<const ServiceCode *, std::map<const SourceFile *, Reach>> ByEntry;
};

} // namespace

std::unique_ptr<CodeMap> CodeMap::build(const Deployment &D,
                                        const std::vector<const SourceFile *> &Sources,
                                        const ImportGraph &Imports, FileStore &Store) {
  auto M = std::make_unique<CodeMap>();
  M->D = &D;
  M->NotAmongSources.Held = HoldReason::NotRun;
  M->NotAmongSources.HeldWhy = "it is not a source file of the run";
  Builder B(D, Sources, Imports, Store);
  B.followEntries();
  for (const SourceFile *F : Sources)
    M->ByFile.emplace(F, B.weigh(*F));
  return M;
}

const FileRunners &CodeMap::of(const SourceFile &F) const {
  auto It = ByFile.find(&F);
  return It == ByFile.end() ? NotAmongSources : It->second;
}

void CodeMap::describe(llvm::raw_ostream &OS) const {
  const Deployment &Dep = *D;
  if (Dep.empty()) {
    OS << "Deployments: none (no compose file or app-compose.json among the analysed files)\n";
    return;
  }
  OS << "Deployments:\n";
  for (size_t I = 0; I < Dep.units().size(); ++I) {
    const DeploymentUnit &U = Dep.units()[I];
    std::string Path = Dep.relative(FileStore::key(U.Path));
    OS << "  " << Path << ": ";
    if (U.DescribedBy)
      OS << "the source of " << Dep.relative(FileStore::key(Dep.units()[*U.DescribedBy].Path))
         << ", which embeds it\n";
    else if (std::optional<std::string> Aside = Dep.setAside(U.Path))
      OS << "decides nothing: " << *Aside << "\n";
    else
      OS << deploymentKindName(U.Kind) << " (" << U.KindReason << "), governs "
         << (U.Scope == Dep.root() ? std::string(".") : Dep.relative(U.Scope)) << "\n";
    for (const ServiceCode &SC : Dep.code()) {
      if (SC.Unit != I)
        continue;
      OS << "    service '" << SC.Service << "'";
      if (SC.RunsNoCode)
        OS << ": " << SC.StockKind << ", runs no application code";
      OS << "\n";
      for (const CodeSource &S : SC.Sources)
        OS << "      holds " << Dep.relative(S.Path) << " (" << evidenceName(S.Level)
           << "): " << S.Why << "\n";
      for (const EntryPoint &E : SC.Entries)
        OS << "      starts " << (E.IsModule ? "module " : "") << E.Name << " ("
           << evidenceName(E.Level) << "): " << E.Why << "\n";
      std::vector<std::string> Runs;
      for (const auto &[F, R] : ByFile)
        if (llvm::any_of(R.Runners, [&](const Runner &X) { return X.Code == &SC; }))
          Runs.push_back(Dep.relative(FileStore::key(F->path())));
      std::sort(Runs.begin(), Runs.end());
      for (const std::string &P : Runs)
        OS << "      runs " << P << "\n";
    }
  }
  std::vector<std::string> Held;
  for (const auto &[F, R] : ByFile)
    if (R.Held != HoldReason::None)
      Held.push_back(Dep.relative(FileStore::key(F->path())) + " (" + holdReasonName(R.Held) + ")");
  std::sort(Held.begin(), Held.end());
  if (!Held.empty()) {
    OS << "  Held back (no deployment runs them):\n";
    for (const std::string &H : Held)
      OS << "    " << H << "\n";
  }
}

} // namespace teetidy::deploy
