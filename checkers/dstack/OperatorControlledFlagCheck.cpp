#include "checkers/dstack/OperatorControlledFlagCheck.h"

#include "checkers/FileContext.h"
#include "deploy/Deployment.h"
#include "syntax/EmbeddedFiles.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::dstack {

namespace {
constexpr std::string_view ModelPath = "models/operator-flags.yaml";
constexpr const char *Consequence = "the compose hash does not fix its value";

/// Pattern -> effect, in file order.
using FlagList = std::vector<std::pair<std::string, std::string>>;

FlagList readFlags(const YAML::Node &Model, CatalogReader &R) {
  FlagList Out;
  for (const YAML::Node &N : Model["flags"])
    Out.emplace_back(R.string(N["name"], "name"), R.string(N["effect"], "effect", false));
  return Out;
}

/// The Flags option's default: the names of the model built into the binary.
/// It is needed before any run exists (--dump-config), so it is read once
/// per process; a broken copy (the build's tests cover it) leaves it empty,
/// and the run's catalog reports the problem.
const std::string &defaultFlags() {
  static const std::string Joined = [] {
    std::string Out;
    for (const EmbeddedFile &F : embeddedDataFiles())
      if (F.Path == ModelPath) {
        FlagList Flags;
        llvm::Error E =
            readCatalog(std::string(ModelPath), std::string(F.Contents),
                        [&](const YAML::Node &M, CatalogReader &R) { Flags = readFlags(M, R); });
        if (E) {
          llvm::consumeError(std::move(E));
          Flags.clear();
        }
        for (const auto &[Name, Effect] : Flags)
          Out += (Out.empty() ? "" : ";") + Name;
      }
    return Out;
  }();
  return Joined;
}
} // namespace

OperatorControlledFlagCheck::OperatorControlledFlagCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), Flags(options().getList("Flags", defaultFlags())) {}

bool OperatorControlledFlagCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

bool OperatorControlledFlagCheck::matches(std::string_view Pattern, std::string_view Name) {
  // Iterative glob match with backtracking to the last `*`.
  size_t P = 0, N = 0, Star = std::string_view::npos, Resume = 0;
  while (N < Name.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Resume = N;
    } else if (P < Pattern.size() && llvm::toLower(Pattern[P]) == llvm::toLower(Name[N])) {
      ++P;
      ++N;
    } else if (Star != std::string_view::npos) {
      P = Star + 1;
      N = ++Resume;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

const std::string *OperatorControlledFlagCheck::flagFor(std::string_view Name) const {
  for (const std::string &F : Flags)
    if (matches(F, Name))
      return &F;
  return nullptr;
}

std::string OperatorControlledFlagCheck::effectOf(const std::string &Pattern) const {
  auto It = Effects.find(Pattern);
  if (It == Effects.end() || It->second.empty())
    return "it is a behaviour switch (configured)";
  return It->second;
}

void OperatorControlledFlagCheck::check(FileContext &Ctx) {
  auto Catalog = Ctx.services().catalog<FlagList>(std::string(ModelPath), readFlags);
  if (!Catalog) {
    Ctx.toolError(llvm::toString(Catalog.takeError()));
    return;
  }
  Effects.clear();
  for (const auto &[Name, Effect] : **Catalog)
    Effects.emplace(Name, Effect);
  const deploy::AppComposeManifest *Manifest = nullptr;
  if (Ctx.language() == Language::Json) {
    Manifest = Ctx.appCompose();
    if (!Manifest)
      return;
    if (Manifest->AllowedEnvs)
      for (const deploy::ManifestString &I : Manifest->AllowedEnvs->Items)
        if (const std::string *F = flagFor(I.Value))
          diag(Ctx, I.Loc, I.Offsets.back() + 1 - I.Loc.Offset,
               "allowed_envs lets the operator set " + I.Value)
              .explain(effectOf(*F))
              .explain(Consequence);
  } else if (const deploy::Deployment *D = Ctx.services().deployment()) {
    Manifest = D->manifestFor(Ctx.file().path());
  }
  if (const deploy::ComposeFile *Compose = Ctx.compose())
    checkCompose(Ctx, *Compose, Manifest);
}

void OperatorControlledFlagCheck::checkCompose(FileContext &Ctx, const deploy::ComposeFile &Compose,
                                               const deploy::AppComposeManifest *Manifest) {
  deploy::EnvironmentSource Env{Manifest};
  std::string Setter = Manifest ? ""
                                : "no app-compose.json was found next to this file, so every "
                                  "interpolated variable counts as set by the operator";
  const deploy::Deployment *D = Ctx.services().deployment();
  for (const deploy::ComposeService &S : Compose.Services) {
    for (const deploy::EnvironmentEntry &E : S.Environment) {
      if (S.findEnv(E.Name) != &E)
        continue; // overridden by a later entry
      deploy::EnvVerdict V = deploy::classifyEnv(S, E.Name, Env);
      if (V.Kind != deploy::EnvVerdictKind::OperatorControlled)
        continue;
      const std::string *Flag = flagFor(E.Name);
      std::string Via;
      for (const std::string &O : V.OperatorNames)
        if (!Flag && (Flag = flagFor(O)))
          Via = O;
      if (!Flag)
        continue;
      bool PassThrough = E.Kind == deploy::EnvironmentEntry::Form::ListBare ||
                         E.Kind == deploy::EnvironmentEntry::Form::MapNull;
      std::string How;
      SourceLocation At = E.NameLoc;
      size_t Length = E.Name.size();
      if (PassThrough) {
        How = "passes " + E.Name +
              " through from the CVM environment, where the "
              "operator sets it";
      } else {
        const std::string &Operator = Via.empty() ? V.OperatorNames.front() : Via;
        How = "sets " + E.Name + " from operator-controlled variable '" + Operator + "'";
        for (const deploy::VariableRef &R : E.Value->Value.Refs)
          if (R.Name == Operator ||
              std::any_of(R.Nested.begin(), R.Nested.end(),
                          [&](const deploy::VariableRef &N) { return N.Name == Operator; })) {
            At = E.Value->locationOf(R.Offset);
            Length = E.Value->fileOffset(R.Offset + R.Length) - At.Offset;
            break;
          }
      }
      Diagnostic &Diag = diag(Ctx, At, Length, "service '" + S.Name + "' " + How)
                             .explain(effectOf(*Flag))
                             .explain(Consequence);
      if (!Setter.empty())
        Diag.explain(Setter);
      for (size_t I = 1; I < V.Because.size(); ++I)
        if (V.Because[I].What.find("allowed_envs") != std::string::npos ||
            V.Because[I].What.find("pre_launch_script") != std::string::npos)
          Diag.Notes.push_back({V.Because[I].What, V.Because[I].Loc, 0});
    }
    // env_file: switches the service's own Dockerfile sets with ENV (so the
    // image reads them) can be replaced by the unmeasured file, unless
    // `environment` sets them (it takes precedence over env_file).
    const deploy::ServiceCode *Code = D ? D->codeOf(Compose.File->path(), S.Name) : nullptr;
    if (S.EnvFiles.empty() || !Code || !Code->Dockerfile)
      continue;
    std::vector<const deploy::KeyValue *> Declared;
    for (const deploy::KeyValue &KV : Code->Dockerfile->Env)
      if (flagFor(KV.Key) && !S.findEnv(KV.Key) &&
          std::none_of(Declared.begin(), Declared.end(),
                       [&](const deploy::KeyValue *P) { return P->Key == KV.Key; }))
        Declared.push_back(&KV);
    if (Declared.empty())
      continue;
    std::string Names;
    for (const deploy::KeyValue *KV : Declared)
      Names += (Names.empty() ? "" : ", ") + KV->Key;
    const deploy::EnvFileRef &F = S.EnvFiles.front();
    Diagnostic &Diag = diag(Ctx, F.Loc, F.Path.size(),
                            "service '" + S.Name + "' reads env_file '" + F.Path +
                                "', whose unmeasured contents can set " + Names)
                           .explain(effectOf(*flagFor(Declared.front()->Key)))
                           .explain(Consequence);
    for (const deploy::KeyValue *KV : Declared)
      Diag.Notes.push_back({"the service's Dockerfile sets " + KV->Key, KV->KeyLoc, 0});
  }
}

} // namespace teetidy::dstack
