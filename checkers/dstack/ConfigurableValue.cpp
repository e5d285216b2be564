#include "checkers/dstack/ConfigurableValue.h"

#include "checkers/FileContext.h"
#include "deploy/Deployment.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace teetidy::dstack {

using deploy::EnvVerdict;
using deploy::EnvVerdictKind;

ConfigurableValueCheck::ConfigurableValueCheck(std::string N, CheckOptionsView &Opts,
                                               dataflow::SinkKind Kind)
    : TeeTidyCheck(std::move(N), Opts), SinkKind(Kind) {
  auto Add = [&](const char *Option, dataflow::ModelRule::RuleKind Rule) {
    for (const std::string &Spec : options().getList(Option, "")) {
      auto R = dataflow::parseModelRule(Spec, Rule, SinkKind);
      if (R)
        Rules.push_back(std::move(*R));
      else
        options().invalid(Option, llvm::toString(R.takeError()));
    }
  };
  Add("ExtraSinks", dataflow::ModelRule::Sink);
  Add("ExtraSources", dataflow::ModelRule::Source);
  std::sort(Rules.begin(), Rules.end());
  Rules.erase(std::unique(Rules.begin(), Rules.end()), Rules.end());
  AssumedServices = options().getList("Services", "");
  IgnoreTestCode = options().getBool("IgnoreTestCode", false);
}

bool ConfigurableValueCheck::appliesTo(Language L) const { return familyOf(L).has_value(); }

namespace {} // namespace

namespace {

/// The worse of two verdicts for the user: operator > unset > default-only > pinned.
int rank(EnvVerdictKind K) {
  switch (K) {
  case EnvVerdictKind::OperatorControlled:
    return 3;
  case EnvVerdictKind::Unset:
    return 2;
  case EnvVerdictKind::DefaultOnly:
    return 1;
  case EnvVerdictKind::Pinned:
    return 0;
  }
  return 0;
}

/// The verdict for a source answering to any of \p Vars: the operator wins
/// if it can set any of them; otherwise a pinned one decides.
EnvVerdict verdictFor(const deploy::ComposeService &S, const std::vector<std::string> &Vars,
                      bool CaseInsensitive, const deploy::EnvironmentSource &Env) {
  std::optional<EnvVerdict> Best;
  auto Consider = [&](EnvVerdict V) {
    auto Order = [](EnvVerdictKind K) {
      // Among the aliases: operator control first, then a pin.
      switch (K) {
      case EnvVerdictKind::OperatorControlled:
        return 3;
      case EnvVerdictKind::Pinned:
        return 2;
      case EnvVerdictKind::DefaultOnly:
        return 1;
      case EnvVerdictKind::Unset:
        return 0;
      }
      return 0;
    };
    if (!Best || Order(V.Kind) > Order(Best->Kind))
      Best = std::move(V);
  };
  for (const std::string &Var : Vars) {
    std::vector<std::string> Names{Var};
    if (CaseInsensitive)
      for (const deploy::EnvironmentEntry &E : S.Environment)
        if (llvm::StringRef(E.Name).equals_insensitive(Var) && E.Name != Var)
          Names.push_back(E.Name);
    for (const std::string &Name : Names)
      Consider(deploy::classifyEnv(S, Name, Env));
  }
  return Best ? *Best : EnvVerdict{};
}

std::string quoteDefault(const std::optional<dataflow::Fallback> &D) {
  if (!D)
    return "";
  if (D->K == dataflow::Fallback::Computed)
    return " (a computed default)";
  return D->Text.empty() ? "" : " ('" + D->Text + "')";
}

} // namespace

std::vector<ServiceVerdict> serviceVerdicts(FileContext &Ctx, const std::string &Path,
                                            const dataflow::SourceInfo &S,
                                            const std::vector<std::string> &AssumedServices) {
  std::vector<ServiceVerdict> Verdicts;
  const deploy::Deployment *Deploy = Ctx.services().deployment();
  if (!Deploy)
    return Verdicts;
  std::vector<std::string> Services =
      AssumedServices.empty() ? Deploy->servicesFor(Path) : AssumedServices;
  // Compose files embedded in an app-compose.json are the attested ones:
  // a standalone compose file in the manifest's directory tree is its
  // source, not another deployment, so it is not consulted. Other projects
  // of the run keep their own compose files.
  std::vector<std::string> ManifestDirs;
  for (const deploy::DeploymentUnit &U : Deploy->units())
    if (llvm::StringRef(U.Path).endswith(".json"))
      ManifestDirs.push_back(llvm::sys::path::parent_path(U.Path).str());
  auto Shadowed = [&](const std::string &ComposePath) {
    llvm::StringRef Dir = llvm::sys::path::parent_path(ComposePath);
    for (const std::string &M : ManifestDirs)
      if (M.empty() || Dir == M ||
          (Dir.startswith(M) && Dir.size() > M.size() &&
           llvm::sys::path::is_separator(Dir[M.size()])))
        return true;
    return false;
  };
  for (const deploy::DeploymentUnit &U : Deploy->units()) {
    if (!U.Compose || (!llvm::StringRef(U.Path).endswith(".json") && Shadowed(U.Path)))
      continue;
    for (const deploy::ComposeService &Svc : U.Compose->Services)
      if (std::find(Services.begin(), Services.end(), Svc.Name) != Services.end())
        Verdicts.push_back(
            {U.Path, Svc.Name,
             verdictFor(Svc, S.Variables, S.CaseInsensitive, Deploy->environmentFor(U.Path))});
  }
  std::stable_sort(Verdicts.begin(), Verdicts.end(),
                   [](const ServiceVerdict &A, const ServiceVerdict &B) {
                     return rank(A.V.Kind) > rank(B.V.Kind);
                   });
  return Verdicts;
}

void ConfigurableValueCheck::check(FileContext &Ctx) {
  const std::string &Path = Ctx.file().path();
  if (IgnoreTestCode && isTestCode(Path))
    return;
  const program::Program *Program = Ctx.services().program();
  const program::Taint *Taint = Program ? Program->taint(Rules) : nullptr;
  if (!Taint)
    return;

  std::set<std::pair<uint32_t, std::string>> Reported;
  for (const dataflow::Finding *F : Taint->findingsIn(Ctx.file())) {
    if (F->SinkKind != SinkKind)
      continue;
    const dataflow::SourceInfo &S = Taint->result().Sources[F->Source];
    std::string Vars = llvm::join(S.Variables, "/");
    if (!Reported.insert({F->Where.Begin, Vars}).second)
      continue;

    std::vector<ServiceVerdict> Verdicts = serviceVerdicts(Ctx, Path, S, AssumedServices);
    if (!Verdicts.empty() && Verdicts.front().V.Kind == EnvVerdictKind::Pinned)
      continue; // every service pins it

    std::string What = Vars + " reaches " + F->Display;
    // The finding, with the verdict of the worst service; what it allows
    // and the other services checked follow as notes.
    std::vector<std::string> Why;
    Severity Level = Severity::Warning;
    if (Verdicts.empty()) {
      What += " and no docker-compose service among the analysed files sets it";
      Why.push_back("the code default" + quoteDefault(S.Default) +
                    " decides, and nothing in the attested configuration stops a change");
    } else {
      const ServiceVerdict &W = Verdicts.front();
      std::string Where =
          llvm::sys::path::filename(W.ComposePath).str() + " service '" + W.Service + "'";
      switch (W.V.Kind) {
      case EnvVerdictKind::OperatorControlled:
        Level = Severity::Error;
        What += " and " + Where + " lets the operator set it (" +
                llvm::join(W.V.OperatorNames, ", ") + ")";
        Why.push_back(SinkKind == dataflow::SinkKind::Model
                          ? "the operator can swap the model that sees user data"
                          : "the operator can redirect user data");
        break;
      case EnvVerdictKind::Unset:
        What += " and " + Where + " does not set it";
        Why.push_back("the code default" + quoteDefault(S.Default) +
                      " decides, and the operator can add the variable without a code change");
        break;
      case EnvVerdictKind::DefaultOnly:
        What += " and " + Where + " interpolates it only from names missing from allowed_envs";
        Why.push_back("only '" + W.V.Value + "' applies; adding a name to allowed_envs reopens it");
        break;
      case EnvVerdictKind::Pinned:
        break;
      }
      if (Verdicts.size() > 1)
        Why.push_back(std::to_string(Verdicts.size() - 1) + " more service" +
                      (Verdicts.size() > 2 ? "s" : "") + " checked");
    }
    // NOLINT on the first or last line of the statement holding the sink.
    Diagnostic &D = diagInStatement(Ctx, F->Where.Begin, F->Where.End, What, Level);
    for (std::string &W : Why)
      D.explain(std::move(W));
    for (const dataflow::PathStep &Step : F->Path)
      D.Notes.push_back({Step.Message,
                         SourceLocation{&Program->file(Step.Module), Step.Where.Begin},
                         Step.Where.End - Step.Where.Begin});
    if (!Verdicts.empty())
      for (const deploy::EnvEvidence &E : Verdicts.front().V.Because)
        D.Notes.push_back({E.What, E.Loc, 0});
  }
}

} // namespace teetidy::dstack
