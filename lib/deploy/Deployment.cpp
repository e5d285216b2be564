#include "deploy/Deployment.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
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

std::string absolute(llvm::StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

std::string parentDir(std::string_view Path) {
  return llvm::sys::path::parent_path(absolute(llvm::StringRef(Path.data(), Path.size()))).str();
}

/// \p Child is \p Dir itself or lies under it.
bool within(llvm::StringRef Child, llvm::StringRef Dir) {
  if (!Child.startswith(Dir))
    return false;
  return Child.size() == Dir.size() || Dir.endswith("/") || Child[Dir.size()] == '/';
}

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

bool isComposeFile(const SourceFile &F, const std::set<std::string> &ExtraCompose) {
  return F.language() == Language::Yaml &&
         (isComposeFileName(F.path()) || ExtraCompose.count(absolute(F.path())));
}

std::shared_ptr<const Deployment> Deployment::build(const std::vector<std::string> &Paths,
                                                    FileStore &Store,
                                                    const std::set<std::string> &ExtraCompose) {
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
  return build(Files, Store, ExtraCompose);
}

std::shared_ptr<const Deployment> Deployment::build(const std::vector<const SourceFile *> &Files,
                                                    FileStore &Store,
                                                    const std::set<std::string> &ExtraCompose) {
  auto D = std::make_shared<Deployment>();
  D->Cache = std::make_unique<ComposeCache>(Store);
  std::set<std::string> Seen;
  for (const SourceFile *F : Files) {
    bool IsCompose = isComposeFile(*F, ExtraCompose);
    bool IsManifest = F->language() == Language::Json;
    bool IsDocker = F->language() == Language::Dockerfile;
    if ((!IsCompose && !IsManifest && !IsDocker) || !Seen.insert(absolute(F->path())).second)
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
    D->Units.push_back({Path, Model, D->manifestFor(Path)});
  }
  for (const auto &M : D->Manifests)
    if (M->Manifest && M->Manifest->Compose)
      D->Units.push_back({M->Manifest->File->path(), &*M->Manifest->Compose, &*M->Manifest});

  // Code: build contexts, and the COPY / ADD sources of their Dockerfiles.
  for (const DeploymentUnit &U : D->Units) {
    std::string Dir = parentDir(U.Path);
    for (const ComposeService &S : U.Compose->Services) {
      if (!S.Build)
        continue;
      ServiceCode SC{S.Name, U.Path, {}};
      std::string Context = S.Build->Context ? S.Build->Context->Text : ".";
      if (Context.find("://") != std::string::npos || llvm::StringRef(Context).startswith("git@")) {
        D->Code.push_back(std::move(SC)); // a remote context: no local code
        continue;
      }
      llvm::SmallString<256> Ctx(Context);
      if (!llvm::sys::path::is_absolute(Ctx))
        Ctx = Dir + "/" + Context;
      std::string CtxAbs = absolute(Ctx);
      std::string DockerfilePath =
          CtxAbs + "/" + (S.Build->Dockerfile ? S.Build->Dockerfile->Text : "Dockerfile");
      DockerfilePath = absolute(DockerfilePath);
      const DockerfileModel *Model = nullptr;
      for (const auto &DF : D->Dockerfiles)
        if (DF->Model.File && absolute(DF->Model.File->path()) == DockerfilePath)
          Model = &DF->Model;
      SC.Dockerfile = Model;
      bool Copied = false;
      if (Model)
        for (const DockerInstruction &I : Model->Instructions) {
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
            // Globs: keep the directory part before the first wildcard.
            size_t Star = Src.find_first_of("*?[");
            if (Star != llvm::StringRef::npos)
              Src = llvm::sys::path::parent_path(Src.substr(0, Star + 1));
            SC.SourcePaths.push_back(absolute(CtxAbs + "/" + Src.str()));
            Copied = true;
          }
        }
      if (!Copied)
        SC.SourcePaths.push_back(CtxAbs);
      D->Code.push_back(std::move(SC));
    }
  }
  return D;
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

std::vector<std::string> Deployment::servicesFor(std::string_view Path) const {
  std::string Abs = absolute(llvm::StringRef(Path.data(), Path.size()));
  std::vector<std::string> Out;
  for (const ServiceCode &C : Code)
    for (const std::string &S : C.SourcePaths)
      if (within(Abs, S)) {
        if (std::find(Out.begin(), Out.end(), C.Service) == Out.end())
          Out.push_back(C.Service);
        break;
      }
  if (!Out.empty())
    return Out;
  for (const DeploymentUnit &U : Units)
    for (const ComposeService &S : U.Compose->Services)
      if (std::find(Out.begin(), Out.end(), S.Name) == Out.end())
        Out.push_back(S.Name);
  return Out;
}

} // namespace teetidy::deploy
