#include "deploy/Deployment.h"

#include "source/FileDiscovery.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace teetidy::deploy {

const char *envVerdictName(EnvVerdictKind K) {
  switch (K) {
  case EnvVerdictKind::Pinned:
    return "pinned";
  case EnvVerdictKind::OperatorControlled:
    return "operator-controlled";
  case EnvVerdictKind::DefaultOnly:
    return "default-only";
  case EnvVerdictKind::Unset:
    return "unset";
  }
  return "unset";
}

namespace {

bool isNameStart(char C) { return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_'; }
bool isNameChar(char C) { return isNameStart(C) || (C >= '0' && C <= '9'); }

bool hasDefault(const VariableRef &R) {
  return R.Kind == VariableRef::Form::DefaultIfUnsetOrEmpty ||
         R.Kind == VariableRef::Form::DefaultIfUnset;
}

std::string absolute(llvm::StringRef P) { return FileStore::key(P); }

std::string parentDir(std::string_view Path) {
  return llvm::sys::path::parent_path(absolute(llvm::StringRef(Path.data(), Path.size()))).str();
}

bool within(llvm::StringRef Child, llvm::StringRef Dir) { return isWithin(Child, Dir); }

} // namespace

std::vector<ScriptExport> scriptExports(const ManifestString &Script) {
  std::vector<ScriptExport> Out;
  std::string_view T = Script.Value;
  size_t Pos = 0;
  while ((Pos = T.find("export", Pos)) != std::string_view::npos) {
    size_t Start = Pos;
    Pos += 6;
    // `export` must start a command: line start or after ; & | ( or spaces.
    size_t B = Start;
    while (B > 0 && (T[B - 1] == ' ' || T[B - 1] == '\t'))
      --B;
    if (B > 0 && std::string_view("\n;&|(").find(T[B - 1]) == std::string_view::npos)
      continue;
    if (Pos >= T.size() || (T[Pos] != ' ' && T[Pos] != '\t'))
      continue;
    // Every NAME or NAME=value word after it, up to the end of the command.
    while (Pos < T.size() && T[Pos] != '\n' && T[Pos] != ';' && T[Pos] != '&' && T[Pos] != '|') {
      while (Pos < T.size() && (T[Pos] == ' ' || T[Pos] == '\t'))
        ++Pos;
      if (Pos < T.size() && T[Pos] == '-') { // export -n, -p
        while (Pos < T.size() && T[Pos] != ' ' && T[Pos] != '\n')
          ++Pos;
        continue;
      }
      if (Pos >= T.size() || !isNameStart(T[Pos]))
        break;
      size_t NameStart = Pos;
      while (Pos < T.size() && isNameChar(T[Pos]))
        ++Pos;
      Out.push_back(
          {std::string(T.substr(NameStart, Pos - NameStart)), Script.locationOf(NameStart), true});
      if (Pos < T.size() && T[Pos] == '=') {
        // Skip the value: a quoted string or a word.
        size_t ValueStart = ++Pos;
        if (Pos < T.size() && (T[Pos] == '"' || T[Pos] == '\'')) {
          char Q = T[Pos++];
          while (Pos < T.size() && T[Pos] != Q)
            Pos += (T[Pos] == '\\' && Q == '"') ? 2 : 1;
          ++Pos;
        }
        while (Pos < T.size() && T[Pos] != ' ' && T[Pos] != '\t' && T[Pos] != '\n' && T[Pos] != ';')
          ++Pos;
        std::string_view Value = T.substr(ValueStart, std::min(Pos, T.size()) - ValueStart);
        Out.back().Dynamic = Value.find_first_of("$`") != std::string_view::npos;
      }
    }
  }
  return Out;
}

bool EnvironmentSource::operatorSets(std::string_view Name, std::vector<EnvEvidence> *Why) const {
  if (!Manifest)
    return true;
  if (Manifest->AllowedEnvs)
    for (const ManifestString &I : Manifest->AllowedEnvs->Items)
      if (I.Value == Name) {
        if (Why)
          Why->push_back({I.Loc, "'" + I.Value + "' is listed in allowed_envs"});
        return true;
      }
  if (Manifest->PreLaunchScript)
    for (const ScriptExport &X : scriptExports(*Manifest->PreLaunchScript))
      if (X.Name == Name && X.Dynamic) {
        if (Why)
          Why->push_back(
              {X.Loc, "pre_launch_script exports '" + X.Name + "' with a computed value"});
        return true;
      }
  return false;
}

EnvVerdict classifyEnv(const ComposeService &S, std::string_view Var,
                       const EnvironmentSource &Env) {
  EnvVerdict V;
  std::string Name(Var);
  const EnvironmentEntry *E = S.findEnv(Var);
  if (!E) {
    if (!S.EnvFiles.empty()) {
      V.Kind = EnvVerdictKind::OperatorControlled;
      for (const EnvFileRef &F : S.EnvFiles)
        V.Because.push_back({F.Loc, "env_file '" + F.Path +
                                        "' may set it; its contents are not "
                                        "measured"});
      V.OperatorNames.push_back(Name);
    }
    return V;
  }
  if (E->Kind == EnvironmentEntry::Form::ListBare || E->Kind == EnvironmentEntry::Form::MapNull) {
    std::vector<EnvEvidence> Why;
    V.Because.push_back({E->NameLoc, "'" + Name +
                                         "' is passed through from the "
                                         "compose process environment"});
    if (Env.operatorSets(Var, &Why)) {
      V.Kind = EnvVerdictKind::OperatorControlled;
      V.OperatorNames.push_back(Name);
      V.Because.insert(V.Because.end(), Why.begin(), Why.end());
    } else {
      // Missing from allowed_envs: nothing puts it in the environment.
      V.Kind = EnvVerdictKind::Unset;
    }
    return V;
  }
  if (!E->Value || E->Value->InterpolationFailed || E->Value->Value.isLiteral()) {
    V.Kind = EnvVerdictKind::Pinned;
    V.Value = E->Value ? E->Value->Value.literalValue() : std::string();
    V.Because.push_back(
        {E->Value ? E->Value->Loc : E->NameLoc, "'" + Name + "' is set to a literal"});
    return V;
  }
  // Interpolated: operator-controlled if any name the result depends on is
  // one the operator sets.
  const ComposeScalar &Val = *E->Value;
  std::string Applied;
  size_t Literal = 0;
  std::vector<EnvEvidence> OperatorWhy, DefaultWhy;
  for (const VariableRef &R : Val.Value.Refs) {
    Applied += Val.Value.Raw.substr(Literal, R.Offset - Literal);
    Literal = R.Offset + R.Length;
    SourceLocation RefLoc = Val.locationOf(R.Offset);
    std::vector<EnvEvidence> Why;
    if (Env.operatorSets(R.Name, &Why)) {
      V.OperatorNames.push_back(R.Name);
      OperatorWhy.push_back({RefLoc, "interpolates '" + R.Name + "'"});
      OperatorWhy.insert(OperatorWhy.end(), Why.begin(), Why.end());
      continue;
    }
    bool NestedOperator = false;
    for (const VariableRef &N : R.Nested) {
      std::vector<EnvEvidence> NWhy;
      if (Env.operatorSets(N.Name, &NWhy)) {
        NestedOperator = true;
        V.OperatorNames.push_back(N.Name);
        OperatorWhy.push_back({Val.locationOf(N.Offset), "interpolates '" + N.Name + "'"});
        OperatorWhy.insert(OperatorWhy.end(), NWhy.begin(), NWhy.end());
      }
    }
    if (NestedOperator)
      continue;
    std::string Default = hasDefault(R) ? R.Argument : std::string();
    Applied += Default;
    DefaultWhy.push_back(
        {RefLoc, "'" + R.Name + "' is not in allowed_envs, so " +
                     (hasDefault(R) ? "the default '" + Default + "' applies"
                                    : std::string("it expands to an empty string"))});
  }
  Applied += Val.Value.Raw.substr(std::min(Literal, Val.Value.Raw.size()));
  V.AlwaysSet = true;
  size_t Text = 0;
  for (const VariableRef &R : Val.Value.Refs) {
    V.NeverEmpty |= R.Kind == VariableRef::Form::ErrorIfUnsetOrEmpty || R.Offset > Text;
    Text = R.Offset + R.Length;
  }
  V.NeverEmpty |= Text < Val.Value.Raw.size();
  if (!V.OperatorNames.empty()) {
    V.Kind = EnvVerdictKind::OperatorControlled;
    V.Because.push_back({E->NameLoc, "'" + Name + "' is interpolated"});
    V.Because.insert(V.Because.end(), OperatorWhy.begin(), OperatorWhy.end());
    return V;
  }
  V.Kind = EnvVerdictKind::DefaultOnly;
  // `$$` in the literal parts stands for one `$`.
  for (size_t P = 0; (P = Applied.find("$$", P)) != std::string::npos; ++P)
    Applied.erase(P, 1);
  V.Value = Applied;
  V.Because = std::move(DefaultWhy);
  return V;
}

// --- Deployment -------------------------------------------------------------

const char *deploymentKindName(DeploymentKind K) {
  switch (K) {
  case DeploymentKind::Dstack:
    return "dstack deployment";
  case DeploymentKind::Plain:
    return "compose file";
  case DeploymentKind::Development:
    return "development compose file";
  }
  return "compose file";
}

const char *evidenceName(Evidence E) {
  switch (E) {
  case Evidence::None:
    return "none";
  case Evidence::Weak:
    return "weak";
  case Evidence::Name:
    return "name";
  case Evidence::Strong:
    return "strong";
  }
  return "none";
}

bool isComposeFile(const SourceFile &F, const std::set<std::string> &ExtraCompose) {
  return F.language() == Language::Yaml &&
         (isComposeFileName(F.path()) || ExtraCompose.count(absolute(F.path())));
}

namespace {

/// The words of a command: a JSON array's strings, or a shell line split at
/// blanks and operators with quotes removed.
std::vector<std::string> commandWords(std::string_view Text) {
  std::vector<std::string> Out;
  llvm::StringRef T = llvm::StringRef(Text.data(), Text.size()).trim();
  if (T.startswith("[")) {
    for (size_t I = 0; I < T.size(); ++I) {
      if (T[I] != '"')
        continue;
      std::string W;
      for (++I; I < T.size() && T[I] != '"'; ++I)
        W += T[I] == '\\' && I + 1 < T.size() ? T[++I] : T[I];
      Out.push_back(std::move(W));
    }
    return Out;
  }
  std::string W;
  char Quote = 0;
  auto Flush = [&] {
    if (!W.empty())
      Out.push_back(std::move(W));
    W.clear();
  };
  for (char C : T) {
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      else
        W += C;
    } else if (C == '"' || C == '\'') {
      Quote = C;
    } else if (std::string_view(" \t\r\n;&|()<>`").find(C) != std::string_view::npos) {
      Flush();
    } else {
      W += C;
    }
  }
  Flush();
  return Out;
}

bool isScriptPath(llvm::StringRef W) {
  for (const char *Ext :
       {".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".sh", ".bash"})
    if (W.endswith(Ext) && W.size() > llvm::StringRef(Ext).size())
      return true;
  return false;
}

bool isDottedName(llvm::StringRef S) {
  if (S.empty() || S.front() == '.' || S.back() == '.' ||
      std::isdigit(static_cast<unsigned char>(S.front())))
    return false;
  return llvm::all_of(S, [](char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.';
  });
}

/// The families \p Word (a program, `/usr/bin/python3.11`) is the runtime
/// of.
std::optional<std::string> runtimeFamily(llvm::StringRef Word, const DeploymentRules &Rules) {
  llvm::StringRef Base = llvm::sys::path::filename(Word);
  if (auto F = Rules.familyOfRuntimeWord(Base.str()))
    return F;
  // python3.11 -> python3 -> python
  llvm::StringRef Trimmed = Base.rtrim("0123456789.");
  if (Trimmed != Base && !Trimmed.empty()) {
    if (auto F = Rules.familyOfRuntimeWord(Trimmed.str()))
      return F;
  }
  return std::nullopt;
}

/// The name a Dockerfile gives the image it builds: `x` of `Dockerfile.x`
/// or `x.Dockerfile`; empty otherwise.
std::string dockerfileSuffix(llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  if (Name.startswith_insensitive("dockerfile.") && Name.size() > 11)
    return Name.drop_front(11).lower();
  if (Name.endswith_insensitive(".dockerfile") && Name.size() > 11)
    return Name.drop_back(11).lower();
  return "";
}

/// The stage whose base image the image of \p Model is built on: the last
/// stage, or the stage it is built from, followed back.
const DockerStage *finalBase(const DockerfileModel &Model) {
  if (Model.Stages.empty())
    return nullptr;
  const DockerStage *S = &Model.Stages.back();
  for (size_t Guard = 0; S->FromEarlierStage && Guard < Model.Stages.size(); ++Guard) {
    const DockerStage *Next = nullptr;
    for (const DockerStage &E : Model.Stages) {
      if (&E == S)
        break;
      if (llvm::StringRef(E.Name).equals_insensitive(S->ExpandedBaseImage))
        Next = &E;
    }
    if (!Next)
      return nullptr;
    S = Next;
  }
  return S->FromEarlierStage ? nullptr : S;
}

} // namespace

void commandEntries(std::string_view Text, const DeploymentRules &Rules, Evidence Level,
                    const std::string &Why, SourceLocation Loc, std::vector<EntryPoint> &Entries,
                    std::set<std::string> &Runtimes) {
  std::vector<std::string> Words = commandWords(Text);
  for (size_t I = 0; I < Words.size(); ++I) {
    llvm::StringRef W = Words[I];
    // `sh -c "cd /app && python main.py"`: a quoted command line.
    if (W.find_first_of(" \t\n") != llvm::StringRef::npos && W.size() < Text.size()) {
      commandEntries(W, Rules, Level, Why, Loc, Entries, Runtimes);
      continue;
    }
    if (auto F = runtimeFamily(W, Rules))
      Runtimes.insert(*F);
    if (W.contains('$') || W.startswith("-")) {
      if (W == "-m" && I + 1 < Words.size() && isDottedName(Words[I + 1]))
        Entries.push_back({Words[++I], true, Level, Why, Loc});
      continue;
    }
    if (isScriptPath(W)) {
      Entries.push_back({W.str(), false, Level, Why, Loc});
      continue;
    }
    // `uvicorn app.main:app`, `gunicorn pkg.wsgi:application`
    auto [Module, Attr] = W.split(':');
    if (!Attr.empty() && isDottedName(Module) && isDottedName(Attr) && !Attr.contains('.'))
      Entries.push_back({Module.str(), true, Level, Why, Loc});
  }
}

std::shared_ptr<const Deployment> Deployment::build(const std::vector<std::string> &Paths,
                                                    FileStore &Store,
                                                    const std::set<std::string> &ExtraCompose,
                                                    const DeploymentRules &Rules) {
  std::vector<const SourceFile *> Files;
  for (const std::string &P : Paths) {
    std::optional<Language> Lang = languageForPath(P);
    if (!Lang)
      continue;
    if (auto F = Store.load(P, *Lang))
      Files.push_back(*F);
    else
      llvm::consumeError(F.takeError()); // reported where the file is analysed
  }
  return build(Files, Store, ExtraCompose, Rules);
}

std::shared_ptr<const Deployment> Deployment::build(const std::vector<const SourceFile *> &Files,
                                                    FileStore &Store,
                                                    const std::set<std::string> &ExtraCompose,
                                                    const DeploymentRules &Rules) {
  auto D = std::make_shared<Deployment>();
  D->Rules = Rules;
  D->Cache = std::make_unique<ComposeCache>(Store);
  std::set<std::string> Seen;
  for (const SourceFile *F : Files) {
    // The root: the deepest directory every file lies under.
    std::string Dir = parentDir(F->path());
    if (D->Root.empty() && Seen.empty())
      D->Root = Dir;
    while (!D->Root.empty() && !within(Dir, D->Root))
      D->Root = llvm::sys::path::parent_path(D->Root).str();
    bool IsCompose = isComposeFile(*F, ExtraCompose);
    bool IsManifest = F->language() == Language::Json;
    bool IsDocker = F->language() == Language::Dockerfile;
    if (!Seen.insert(absolute(F->path())).second || (!IsCompose && !IsManifest && !IsDocker))
      continue;
    if (IsCompose) {
      D->Composes.push_back(&D->Cache->parse(*F));
      D->ByFile.try_emplace(F, Parsed{Parsed::Compose, D->Composes.size() - 1});
    } else if (IsManifest) {
      D->Manifests.push_back(std::make_unique<AppComposeParseResult>(parseAppCompose(*F)));
      D->ByFile.try_emplace(F, Parsed{Parsed::Manifest, D->Manifests.size() - 1});
    } else {
      D->Dockerfiles.push_back(std::make_unique<DockerfileParseResult>(parseDockerfile(*F)));
      D->ByFile.try_emplace(F, Parsed{Parsed::Dockerfile, D->Dockerfiles.size() - 1});
    }
  }
  // Standalone compose files are read as `docker compose` reads them: with
  // `extends` resolved and the default override file merged on top. An
  // override file is part of its base's unit, not a unit of its own.
  std::set<std::string> Overrides;
  for (const ComposeParseResult *C : D->Composes)
    if (C->Compose)
      for (const std::string &O : defaultOverrideCandidates(C->Compose->File->path()))
        if (Store.exists(O)) {
          Overrides.insert(absolute(O));
          break;
        }
  for (const ComposeParseResult *C : D->Composes) {
    if (!C->Compose)
      continue;
    const std::string &Path = C->Compose->File->path();
    if (Overrides.count(absolute(Path)))
      continue;
    const ComposeFile *Model = &*C->Compose;
    if (auto Project = ComposeProject::load({Path}, *D->Cache); Project && Project->merged()) {
      Model = Project->merged();
      D->Projects.push_back(std::move(Project));
    }
    DeploymentUnit U;
    U.Path = Path;
    U.Compose = Model;
    U.Manifest = D->manifestFor(Path);
    D->Units.push_back(std::move(U));
  }
  for (const auto &M : D->Manifests)
    if (M->Manifest && M->Manifest->Compose) {
      DeploymentUnit U;
      U.Path = M->Manifest->File->path();
      U.Compose = &*M->Manifest->Compose;
      U.Manifest = &*M->Manifest;
      D->Units.push_back(std::move(U));
    }

  D->classifyUnits(ExtraCompose);
  D->collectCode(Store);
  return D;
}

void Deployment::classifyUnits(const std::set<std::string> &ExtraCompose) {
  for (size_t I = 0; I < Units.size(); ++I) {
    DeploymentUnit &U = Units[I];
    std::string Abs = absolute(U.Path);
    std::string Dir = parentDir(Abs);
    llvm::StringRef DirName = llvm::sys::path::filename(Dir);
    U.Scope = Dir;
    if (Dir != Root && within(Dir, Root) && Rules.DeploymentDirectories.count(DirName.lower()))
      U.Scope = llvm::sys::path::parent_path(Dir).str();
    std::string Name = llvm::sys::path::filename(U.Path).str();
    auto Says = [](const std::vector<std::string> &Words,
                   const std::set<std::string> &Set) -> std::optional<std::string> {
      for (const std::string &W : Words)
        if (Set.count(W))
          return W;
      return std::nullopt;
    };
    std::vector<std::string> NameWords = nameWords(llvm::sys::path::stem(Name));
    std::optional<std::string> Word;
    if (llvm::StringRef(U.Path).endswith(".json")) {
      U.Kind = DeploymentKind::Dstack;
      U.KindReason = "it is embedded in " + Name;
    } else if (U.Manifest) {
      U.Kind = DeploymentKind::Dstack;
      U.KindReason = llvm::sys::path::filename(U.Manifest->File->path()).str() +
                     " beside it lists its allowed_envs";
    } else if (ExtraCompose.count(Abs)) {
      U.Kind = DeploymentKind::Dstack;
      U.KindReason = "it is named by --compose or ComposeFiles";
    } else if ((Word = Says(NameWords, Rules.DevelopmentWords))) {
      U.Kind = DeploymentKind::Development;
      U.KindReason = "its name says '" + *Word + "'";
    } else {
      for (const ComposeService &S : U.Compose->Services)
        for (const VolumeMount &V : S.Volumes)
          for (const std::string &Socket : Rules.Sockets)
            if (U.KindReason.empty() && llvm::StringRef(V.Source).startswith(Socket)) {
              U.Kind = DeploymentKind::Dstack;
              U.KindReason = "service '" + S.Name + "' mounts " + V.Source;
            }
      if (U.KindReason.empty() && (Word = Says(NameWords, Rules.DeploymentWords))) {
        U.Kind = DeploymentKind::Dstack;
        U.KindReason = "its name says '" + *Word + "'";
      }
      // The directories below the root, deepest first.
      for (std::string At = Dir; U.KindReason.empty() && At != Root && within(At, Root);
           At = llvm::sys::path::parent_path(At).str()) {
        std::string Component = llvm::sys::path::filename(At).str();
        std::vector<std::string> Words = nameWords(Component);
        if ((Word = Says(Words, Rules.DevelopmentWords)))
          U.Kind = DeploymentKind::Development;
        else if ((Word = Says(Words, Rules.DeploymentWords)))
          U.Kind = DeploymentKind::Dstack;
        if (Word)
          U.KindReason = "its directory '" + Component + "' says '" + *Word + "'";
      }
      if (U.KindReason.empty())
        U.KindReason = "nothing marks it as deployed or as for development";
    }
  }
  // A standalone compose file in the tree of a manifest that embeds a
  // compose file is that deployment's source, not another deployment.
  for (size_t I = 0; I < Units.size(); ++I) {
    if (llvm::StringRef(Units[I].Path).endswith(".json"))
      continue;
    std::string Dir = parentDir(Units[I].Path);
    for (size_t M = 0; M < Units.size(); ++M)
      if (llvm::StringRef(Units[M].Path).endswith(".json") &&
          within(Dir, parentDir(Units[M].Path))) {
        Units[I].DescribedBy = M;
        break;
      }
  }
}

bool CodeSource::covers(llvm::StringRef File) const {
  if (!isWithin(File, Path))
    return false;
  if (!Glob)
    return true;
  // The file, or a directory above it, matches (`COPY src/* ./`).
  for (llvm::StringRef At = File; At.size() > Path.size(); At = llvm::sys::path::parent_path(At))
    if (Glob->Compiled.match(At))
      return true;
  return false;
}

void Deployment::collectCode(FileStore &Store) {
  auto DockerfileAt = [&](const std::string &Abs) -> const DockerfileModel * {
    for (const auto &DF : Dockerfiles)
      if (DF->Model.File && absolute(DF->Model.File->path()) == Abs)
        return &DF->Model;
    return nullptr;
  };
  // What a Dockerfile gives the service it builds: COPY / ADD sources,
  // CMD / ENTRYPOINT, the runtimes its commands call and its final base.
  auto FromDockerfile = [&](ServiceCode &SC, const DockerfileModel &Model,
                            const std::string &Context, Evidence Level, const std::string &Scope) {
    std::string Name = shown(absolute(Model.File->path()), SC.Unit);
    bool Copied = false;
    std::set<std::string> Runtimes;
    for (const DockerInstruction &I : Model.Instructions) {
      if (I.Keyword == "RUN" || I.Keyword == "CMD" || I.Keyword == "ENTRYPOINT") {
        std::vector<EntryPoint> Entries;
        size_t Before = SC.Entries.size();
        commandEntries(I.operands(), Rules, Level, "the " + I.Keyword + " of " + Name, I.Loc,
                       I.Keyword == "RUN" ? Entries : SC.Entries, Runtimes);
        for (size_t E = Before; E < SC.Entries.size(); ++E)
          SC.Entries[E].From = &Model;
        continue;
      }
      if (I.Keyword != "COPY" && I.Keyword != "ADD")
        continue;
      if (std::any_of(I.Flags.begin(), I.Flags.end(),
                      [](const auto &F) { return F.first == "from"; }))
        continue; // from another stage or image
      llvm::SmallVector<llvm::StringRef, 4> Words;
      llvm::StringRef(I.operands()).split(Words, ' ', -1, /*KeepEmpty=*/false);
      if (Words.size() < 2 || Words.front().startswith("["))
        continue;
      for (size_t W = 0; W + 1 < Words.size(); ++W) {
        llvm::StringRef Src = Words[W].trim("\"'");
        if (Src.contains("://"))
          continue;
        // Globs: the directory part before the first wildcard, and the
        // pattern that selects within it.
        llvm::StringRef Dir = Src;
        size_t Star = Src.find_first_of("*?[");
        if (Star != llvm::StringRef::npos)
          Dir = llvm::sys::path::parent_path(Src.substr(0, Star + 1));
        std::string Base = Context;
        // A Dockerfile nobody builds may be built from the project's root.
        if (!Scope.empty() && !Store.exists(absolute(Context + "/" + Dir.str())) &&
            Store.exists(absolute(Scope + "/" + Dir.str())))
          Base = Scope;
        CodeSource CS{absolute(Base + "/" + Dir.str()), Level,
                      Name + " copies '" + Src.str() + "' into its image", I.Loc, &Model};
        if (Star != llvm::StringRef::npos) {
          auto G = std::make_shared<CodeSource::Pattern>();
          G->Text = CS.Path + "/" + Src.substr(Dir.empty() ? 0 : Dir.size() + 1).str();
          if (auto Compiled = llvm::GlobPattern::create(G->Text)) {
            G->Compiled = std::move(*Compiled);
            CS.Glob = std::move(G);
          } else {
            llvm::consumeError(Compiled.takeError()); // copies the whole directory
          }
        }
        SC.Sources.push_back(std::move(CS));
        Copied = true;
      }
    }
    if (!Copied)
      SC.Sources.push_back(
          {absolute(Context), Level,
           Name + " builds its image from '" + shown(absolute(Context), SC.Unit) + "'",
           SourceLocation{Model.File, 0}, &Model});
    // The final stage's base decides what the image runs.
    if (const DockerStage *Base = finalBase(Model))
      if (const ImageKind *K = Rules.imageKind(Base->ExpandedBaseImage)) {
        if (!SC.Families)
          SC.Families.emplace();
        SC.Families->insert(K->Runs.begin(), K->Runs.end());
      }
    if (SC.Families)
      SC.Families->insert(Runtimes.begin(), Runtimes.end());
  };

  std::set<std::string> Built;
  for (size_t UI = 0; UI < Units.size(); ++UI) {
    const DeploymentUnit &U = Units[UI];
    std::string Dir = parentDir(U.Path);
    for (const ComposeService &S : U.Compose->Services) {
      ServiceCode SC;
      SC.Service = S.Name;
      SC.ComposePath = U.Path;
      SC.Unit = UI;
      SC.Compose = &S;
      SC.Names.push_back({S.Name, Evidence::Name});
      if (S.ContainerName && S.ContainerName->Value.isLiteral())
        SC.Names.push_back({S.ContainerName->Text, Evidence::Name});
      std::set<std::string> Runtimes;
      bool StockImage = false;
      if (S.Image && S.Image->Value.isLiteral()) {
        std::string Repo = imageRepository(S.Image->Text);
        if (!Repo.empty())
          SC.Names.push_back({llvm::sys::path::filename(Repo).str(), Evidence::Name});
        if (const ImageKind *K = Rules.imageKind(S.Image->Text)) {
          SC.Families.emplace(K->Runs.begin(), K->Runs.end());
          StockImage = K->Runs.empty();
          SC.StockKind = K->Kind;
        }
      }
      if (S.WorkingDir && S.WorkingDir->Value.isLiteral()) {
        std::string Base =
            llvm::sys::path::filename(llvm::StringRef(S.WorkingDir->Text).rtrim('/')).str();
        if (!Base.empty() && !Rules.GenericDirectories.count(llvm::StringRef(Base).lower()))
          SC.Names.push_back({Base, Evidence::Strong});
      }
      for (const ComposeScalar &C : S.Entrypoint)
        commandEntries(C.Text, Rules, Evidence::Strong, "its entrypoint", C.Loc, SC.Entries,
                       Runtimes);
      for (const ComposeScalar &C : S.Command)
        commandEntries(C.Text, Rules, Evidence::Strong, "its command", C.Loc, SC.Entries, Runtimes);
      for (const VolumeMount &V : S.Volumes) {
        llvm::StringRef Src(V.Source);
        if (V.Type != "bind" || !(Src.startswith(".") || Src.startswith("/")) ||
            Src.contains('$') ||
            llvm::any_of(Rules.Sockets, [&](const std::string &P) { return Src.startswith(P); }))
          continue;
        std::string Path = absolute(Src.startswith("/") ? Src.str() : Dir + "/" + Src.str());
        if (Path == "/" || !within(Path, Root))
          continue; // the host's or the CVM's files, not the project's
        SC.Sources.push_back({Path, Evidence::Strong, "it mounts '" + V.Source + "'", V.Loc});
      }
      if (S.Build) {
        std::string Context = S.Build->Context ? S.Build->Context->Text : ".";
        if (Context.find("://") == std::string::npos &&
            !llvm::StringRef(Context).startswith("git@")) {
          llvm::SmallString<256> Ctx(Context);
          if (!llvm::sys::path::is_absolute(Ctx))
            Ctx = Dir + "/" + Context;
          std::string CtxAbs = absolute(Ctx);
          std::string DockerfilePath = absolute(
              CtxAbs + "/" + (S.Build->Dockerfile ? S.Build->Dockerfile->Text : "Dockerfile"));
          Built.insert(DockerfilePath);
          SC.Dockerfile = DockerfileAt(DockerfilePath);
          if (std::string Suffix = dockerfileSuffix(DockerfilePath); !Suffix.empty())
            SC.Names.push_back({Suffix, Evidence::Name});
          if (SC.Dockerfile)
            FromDockerfile(SC, *SC.Dockerfile, CtxAbs, Evidence::Strong, "");
          else
            SC.Sources.push_back({CtxAbs, Evidence::Strong,
                                  "its build context is '" + Context + "'",
                                  S.Build->Context ? S.Build->Context->Loc : S.Build->Loc});
        }
      } else {
        SC.Prebuilt = S.Image.has_value();
      }
      if (SC.Families)
        SC.Families->insert(Runtimes.begin(), Runtimes.end());
      SC.RunsNoCode = StockImage && (!SC.Families || SC.Families->empty()) && SC.Entries.empty();
      Code.push_back(std::move(SC));
    }
  }

  // A prebuilt image named like a service another compose file of the
  // same scope builds is that build.
  std::set<const ServiceCode *> Twinned;
  for (ServiceCode &SC : Code) {
    if (!SC.Prebuilt || SC.RunsNoCode)
      continue;
    for (const ServiceCode &Other : Code)
      if (&Other != &SC && Other.Service == SC.Service && Other.Dockerfile &&
          Units[Other.Unit].Scope == Units[SC.Unit].Scope) {
        std::string From = shown(absolute(Other.ComposePath), SC.Unit) +
                           " builds its image (service '" + Other.Service + "'), and ";
        for (const CodeSource &Src : Other.Sources)
          SC.Sources.push_back(
              {Src.Path, Evidence::Name, From + Src.Why, Src.Loc, Src.From, Src.Glob});
        for (const EntryPoint &E : Other.Entries)
          SC.Entries.push_back({E.Name, E.IsModule, Evidence::Name, From + E.Why, E.Loc, E.From});
        if (!SC.Families && Other.Families)
          SC.Families = Other.Families;
        SC.Dockerfile = Other.Dockerfile;
        Twinned.insert(&SC);
        break;
      }
  }

  // A Dockerfile no service builds is taken to build the prebuilt images of
  // the deployment whose scope holds it (the deepest one): those whose
  // names match its name or directory, else every one that can run code.
  std::set<const ServiceCode *> Guessed;
  for (const auto &DF : Dockerfiles) {
    if (!DF->Model.File)
      continue;
    std::string Abs = absolute(DF->Model.File->path());
    if (Built.count(Abs))
      continue;
    Unbuilt.push_back(&DF->Model);
    std::string DfDir = parentDir(Abs);
    std::optional<size_t> Owner;
    for (size_t UI = 0; UI < Units.size(); ++UI)
      if (!Units[UI].DescribedBy && within(DfDir, Units[UI].Scope) &&
          (!Owner || Units[UI].Scope.size() > Units[*Owner].Scope.size()))
        Owner = UI;
    if (!Owner)
      continue;
    std::vector<std::string> DfNames;
    if (std::string Suffix = dockerfileSuffix(Abs); !Suffix.empty())
      DfNames.push_back(Suffix);
    for (std::string At = DfDir; At != Units[*Owner].Scope && within(At, Units[*Owner].Scope);
         At = llvm::sys::path::parent_path(At).str())
      DfNames.push_back(llvm::sys::path::filename(At).str());
    std::vector<ServiceCode *> Candidates, Matching;
    for (ServiceCode &SC : Code) {
      if (Units[SC.Unit].Scope != Units[*Owner].Scope || Units[SC.Unit].DescribedBy ||
          !SC.Prebuilt || SC.RunsNoCode || Twinned.count(&SC))
        continue;
      Candidates.push_back(&SC);
      for (const auto &Name : SC.Names)
        if (llvm::any_of(DfNames,
                         [&](const std::string &N) { return namesMatch(Name.first, N); })) {
          Matching.push_back(&SC);
          break;
        }
    }
    bool Named = !Matching.empty();
    for (ServiceCode *SC : Named ? Matching : Candidates) {
      // The image's own kind wins over a Dockerfile's; the families of
      // several Dockerfiles taken to build it add up (unknown stays
      // unknown).
      bool ImageKnown = Rules.imageKind(SC->Compose->Image->Text) != nullptr;
      bool FirstGuess = Guessed.insert(SC).second;
      std::optional<std::set<std::string>> Before = SC->Families;
      SC->Families.reset();
      size_t First = SC->Sources.size(), FirstEntry = SC->Entries.size();
      FromDockerfile(*SC, DF->Model, DfDir, Named ? Evidence::Name : Evidence::Weak,
                     Units[*Owner].Scope);
      std::string Link =
          shown(Abs, SC->Unit) + " is taken to build its image '" + SC->Compose->Image->Text +
          "' (" + (Named ? "their names match" : "no service builds that Dockerfile") + "), and ";
      for (size_t I = First; I < SC->Sources.size(); ++I)
        SC->Sources[I].Why = Link + SC->Sources[I].Why;
      for (size_t I = FirstEntry; I < SC->Entries.size(); ++I)
        SC->Entries[I].Why = Link + SC->Entries[I].Why;
      if (ImageKnown)
        SC->Families = Before;
      else if (!FirstGuess && (!Before || !SC->Families))
        SC->Families.reset();
      else if (!FirstGuess)
        SC->Families->insert(Before->begin(), Before->end());
      if (Named || Candidates.size() == 1)
        SC->Dockerfile = &DF->Model;
    }
  }
}

std::string Deployment::shown(const std::string &Abs, size_t Unit) const {
  llvm::StringRef R(Abs);
  llvm::StringRef Scope(Units[Unit].Scope);
  if (R == Scope)
    return ".";
  if (within(R, Scope))
    return R.drop_front(Scope.size()).ltrim('/').str();
  return relative(Abs);
}

std::string Deployment::relative(const std::string &Abs) const {
  llvm::StringRef R(Abs);
  if (within(R, Root) && R.size() > Root.size())
    return R.drop_front(Root.size()).ltrim('/').str();
  return Abs;
}

bool Deployment::describesCode(size_t U) const {
  for (const ServiceCode &SC : Code)
    if (SC.Unit == U && (!SC.Sources.empty() || !SC.Entries.empty()))
      return true;
  for (const ServiceCode &SC : Code)
    if (SC.Unit == U &&
        llvm::any_of(SC.Names, [](const auto &N) { return N.second == Evidence::Strong; }))
      return true;
  return false;
}

std::optional<std::string> Deployment::setAside(std::string_view Path) const {
  std::string Abs = absolute(llvm::StringRef(Path.data(), Path.size()));
  for (const DeploymentUnit &U : Units) {
    if (absolute(U.Path) != Abs || U.Kind == DeploymentKind::Dstack || U.DescribedBy)
      continue;
    for (const DeploymentUnit &Other : Units)
      if (&Other != &U && Other.Kind == DeploymentKind::Dstack && !Other.DescribedBy &&
          within(U.Scope, Other.Scope)) {
        return shown(absolute(Other.Path), static_cast<size_t>(&U - Units.data())) +
               " is the dstack deployment of this code (" + Other.KindReason + "), and this " +
               deploymentKindName(U.Kind) + " is not (" + U.KindReason + ")";
      }
  }
  return std::nullopt;
}

const AppComposeManifest *Deployment::manifestFor(std::string_view Path) const {
  std::string Dir = parentDir(Path);
  for (const auto &M : Manifests)
    if (M->Manifest && parentDir(M->Manifest->File->path()) == Dir)
      return &*M->Manifest;
  return nullptr;
}

const ComposeParseResult *Deployment::composeOf(const SourceFile &F) const {
  auto It = ByFile.find(&F);
  return It != ByFile.end() && It->second.Kind == Parsed::Compose ? Composes[It->second.Index]
                                                                  : nullptr;
}

const AppComposeParseResult *Deployment::appComposeOf(const SourceFile &F) const {
  auto It = ByFile.find(&F);
  return It != ByFile.end() && It->second.Kind == Parsed::Manifest
             ? Manifests[It->second.Index].get()
             : nullptr;
}

const DockerfileParseResult *Deployment::dockerfileOf(const SourceFile &F) const {
  auto It = ByFile.find(&F);
  return It != ByFile.end() && It->second.Kind == Parsed::Dockerfile
             ? Dockerfiles[It->second.Index].get()
             : nullptr;
}

const ServiceCode *Deployment::codeOf(std::string_view ComposePath,
                                      std::string_view Service) const {
  std::string Abs = absolute(llvm::StringRef(ComposePath.data(), ComposePath.size()));
  for (const ServiceCode &C : Code)
    if (C.Service == Service && absolute(C.ComposePath) == Abs)
      return &C;
  return nullptr;
}

} // namespace teetidy::deploy
