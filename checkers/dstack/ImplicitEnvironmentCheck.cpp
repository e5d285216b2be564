#include "checkers/dstack/ImplicitEnvironmentCheck.h"

#include "checkers/FileContext.h"
#include "deploy/CodeMap.h"
#include "deploy/Deployment.h"
#include "deploy/DeploymentRules.h"
#include "program/Program.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <optional>

namespace teetidy::dstack {

namespace {

constexpr const char *ModelPath = "models/implicit-environment.yaml";
using Catalog = std::vector<ImplicitEnvironmentCheck::Variable>;

Catalog readCatalog(const YAML::Node &Model, CatalogReader &R) {
  Catalog Out;
  for (const YAML::Node &N : Model["variables"])
    Out.push_back({R.string(N["name"], "name"), R.string(N["effect"], "effect"),
                   R.strings(N["readers"], "readers"), R.strings(N["clients"], "clients"),
                   R.strings(N["explicit"], "explicit")});
  return Out;
}

/// Who reads a variable for a service, and the place in its code that
/// shows it (no file when the image alone shows it).
struct Reason {
  std::string Who;
  std::string Note;
  SourceLocation Loc;
  size_t Length = 0;
};

/// The language family a reader names (by the deployment rules' names), if
/// it names one.
std::optional<LanguageFamily> familyNamed(llvm::StringRef Reader) {
  for (LanguageFamily F : {LanguageFamily::Python, LanguageFamily::EcmaScript})
    if (Reader == deploy::familyName(F))
      return F;
  return std::nullopt;
}

/// Whether module \p M imports \p Module (or a submodule of it).
bool imports(const ir::Module &M, llvm::StringRef Module) {
  return std::any_of(M.Imports.begin(), M.Imports.end(), [&](const ir::Import &I) {
    llvm::StringRef Name(I.Module);
    return Name == Module || Name.startswith(Module.str() + ".") ||
           Name.startswith(Module.str() + "/");
  });
}

/// The first construction in \p M of one of \p V's clients that gives none
/// of its explicit values (a keyword, or a field of an options object).
const ir::Node *implicitConstruction(const ir::Module &M,
                                     const ImplicitEnvironmentCheck::Variable &V) {
  auto Named = [](const std::vector<std::string> &List, const std::string &S) {
    return std::find(List.begin(), List.end(), S) != List.end();
  };
  for (const ir::Node &N : M.Nodes) {
    if (N.Kind != ir::NodeKind::Call || N.Operands.empty() || N.Operands[0] == ir::NoNode)
      continue;
    const ir::Node &Callee = M.node(N.Operands[0]);
    if ((Callee.Kind != ir::NodeKind::Name && Callee.Kind != ir::NodeKind::Attribute) ||
        !Named(V.Clients, Callee.Text))
      continue;
    bool Explicit = false;
    for (const ir::Argument &A : N.Args) {
      // `**options`, `...options`: what they hold is not known.
      Explicit |= A.Spread || A.KeywordSpread || Named(V.Explicit, A.Keyword);
      if (A.Value != ir::NoNode && M.node(A.Value).Kind == ir::NodeKind::Container)
        for (const ir::Argument &F : M.node(A.Value).Args)
          Explicit |= F.Spread || F.KeywordSpread || Named(V.Explicit, F.Keyword);
    }
    if (!Explicit)
      return &N;
  }
  return nullptr;
}

/// Why service \p SC reads \p V, or nothing when none of its code does.
std::optional<Reason> readerFor(FileContext &Ctx, const deploy::ServiceCode *SC,
                                const ImplicitEnvironmentCheck::Variable &V) {
  const program::Program *P = Ctx.services().program();
  const deploy::CodeMap *Map = Ctx.services().codeMap();
  // The source files the service runs, by the code map's evidence.
  std::vector<const SourceFile *> Runs;
  if (SC && P && Map)
    for (const SourceFile *F : P->files())
      for (const deploy::Runner &R : Map->of(*F).Runners)
        if (R.Code == SC) {
          Runs.push_back(F);
          break;
        }
  for (const std::string &Reader : V.Readers) {
    llvm::StringRef Rd(Reader);
    if (Rd == "any")
      return Reason{"every process of the service", "", {}, 0};
    if (std::optional<LanguageFamily> Fam = familyNamed(Rd)) {
      const char *Runtime = *Fam == LanguageFamily::Python ? "Python" : "Node.js";
      for (const SourceFile *F : Runs)
        if (familyOf(F->language()) == Fam)
          return Reason{
              Runtime, "the service runs this file with " + std::string(Runtime), {F, 0}, 0};
      if (Runs.empty() && SC && SC->Families && SC->Families->count(Reader))
        return Reason{Runtime, "", {}, 0};
      continue;
    }
    if (Rd.consume_front("library:"))
      for (const SourceFile *F : Runs) {
        const ir::Module *M = P->module(*F);
        if (!M || !imports(*M, Rd))
          continue;
        if (V.Clients.empty())
          return Reason{
              "the " + Rd.str() + " library", "the service's code imports it here", {F, 0}, 0};
        if (const ir::Node *N = implicitConstruction(*M, V))
          return Reason{"the " + Rd.str() + " SDK",
                        "the service builds " + M->node(N->Operands[0]).Text +
                            "(...) here without an explicit " + V.Explicit.front() +
                            ", so the SDK reads the variable",
                        {F, N->Where.Begin},
                        N->Where.End - N->Where.Begin};
      }
  }
  return std::nullopt;
}

} // namespace

ImplicitEnvironmentCheck::ImplicitEnvironmentCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool ImplicitEnvironmentCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

void ImplicitEnvironmentCheck::check(FileContext &Ctx) {
  auto Vars = Ctx.services().catalog<Catalog>(ModelPath, readCatalog);
  if (!Vars) {
    Ctx.toolError(llvm::toString(Vars.takeError()));
    return;
  }
  const deploy::ComposeFile *Compose = Ctx.compose();
  const deploy::Deployment *D = Ctx.services().deployment();
  if (!Compose || !D)
    return;
  const deploy::AppComposeManifest *Manifest =
      Ctx.language() == Language::Json ? Ctx.appCompose() : D->manifestFor(Ctx.file().path());
  deploy::EnvironmentSource Env{Manifest};
  for (const deploy::ComposeService &S : Compose->Services) {
    const deploy::ServiceCode *SC = D->codeOf(Compose->File->path(), S.Name);
    for (const deploy::EnvironmentEntry &E : S.Environment) {
      if (S.findEnv(E.Name) != &E)
        continue; // overridden by a later entry
      auto V = std::find_if((*Vars)->begin(), (*Vars)->end(),
                            [&](const Variable &X) { return X.Name == E.Name; });
      if (V == (*Vars)->end())
        continue;
      deploy::EnvVerdict Verdict = deploy::classifyEnv(S, E.Name, Env);
      if (Verdict.Kind != deploy::EnvVerdictKind::OperatorControlled)
        continue;
      std::optional<Reason> Why = readerFor(Ctx, SC, *V);
      if (!Why)
        continue;
      Diagnostic &Diag = diag(Ctx, E.NameLoc, E.Name.size(),
                              "service '" + S.Name + "' lets the operator set " + E.Name +
                                  ", which " + Why->Who + " reads");
      Diag.explain(V->Effect);
      Diag.explain("the compose hash does not fix its value; pin it to a literal or remove it");
      if (Why->Loc.File)
        Diag.Notes.push_back({Why->Note, Why->Loc, Why->Length});
      for (size_t I = 1; I < Verdict.Because.size(); ++I)
        Diag.Notes.push_back({Verdict.Because[I].What, Verdict.Because[I].Loc, 0});
    }
  }
}

} // namespace teetidy::dstack
