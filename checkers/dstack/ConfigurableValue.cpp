#include "checkers/dstack/ConfigurableValue.h"

#include "checkers/FileContext.h"
#include "deploy/Deployment.h"
#include "source/FileDiscovery.h"
#include "source/FileStore.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
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
  ReportEverySink = options().getBool("ReportEverySink", false);
  ReportUnset = options().getBool("ReportUnset", false);
}

bool ConfigurableValueCheck::appliesTo(Language L) const { return familyOf(L).has_value(); }

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

/// The verdict for a source answering to any of \p Vars (or to every
/// variable, \p AnyVariable): the operator wins if it can set any of them;
/// otherwise a pinned one decides.
EnvVerdict verdictFor(const deploy::ComposeService &S, const std::vector<std::string> &Vars,
                      bool CaseInsensitive, bool AnyVariable,
                      const deploy::EnvironmentSource &Env) {
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
  if (AnyVariable) {
    // The whole environment: whatever the service passes in, and what an
    // env_file may add under any name.
    for (const deploy::EnvironmentEntry &E : S.Environment)
      Consider(deploy::classifyEnv(S, E.Name, Env));
    if (!S.EnvFiles.empty()) {
      EnvVerdict V = deploy::classifyEnv(S, "", Env);
      V.OperatorNames = {"env_file"};
      Consider(std::move(V));
    }
    return Best ? *Best : EnvVerdict{};
  }
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

/// Whether the code gives no usable default: none at all, or a null
/// literal (`None`, `null`, `undefined`).
bool noDefault(const std::optional<dataflow::Fallback> &D) {
  return !D || D->K == dataflow::Fallback::NoValue;
}

std::string quoteDefault(const std::optional<dataflow::Fallback> &D) {
  if (!D)
    return "";
  if (D->K == dataflow::Fallback::Computed)
    return " (a computed default)";
  return D->Text.empty() ? "" : " ('" + D->Text + "')";
}

} // namespace

FileVerdicts serviceVerdicts(FileContext &Ctx, const dataflow::SourceInfo &S,
                             const std::vector<std::string> &AssumedServices) {
  FileVerdicts Out;
  const deploy::Deployment *Deploy = Ctx.services().deployment();
  if (!Deploy)
    return Out;
  auto Add = [&](size_t UnitIndex, const deploy::ComposeService &Svc,
                 const deploy::Runner *Runner) {
    const deploy::DeploymentUnit &U = Deploy->units()[UnitIndex];
    Out.Verdicts.push_back({U.Path, Svc.Name,
                            verdictFor(Svc, S.Variables, S.CaseInsensitive, S.AnyVariable,
                                       Deploy->environmentFor(U.Path)),
                            Runner});
  };
  if (!AssumedServices.empty()) {
    for (size_t I = 0; I < Deploy->units().size(); ++I) {
      const deploy::DeploymentUnit &U = Deploy->units()[I];
      if (U.DescribedBy)
        continue;
      for (const deploy::ComposeService &Svc : U.Compose->Services)
        if (std::find(AssumedServices.begin(), AssumedServices.end(), Svc.Name) !=
            AssumedServices.end())
          Add(I, Svc, nullptr);
    }
  } else if (const deploy::CodeMap *Map = Ctx.services().codeMap()) {
    const deploy::FileRunners &R = Map->of(Ctx.file());
    Out.Held = R.Held;
    Out.HeldWhy = R.HeldWhy;
    for (const deploy::Runner &Run : R.Runners)
      Add(Run.Unit, *Run.Code->Compose, &Run);
  }
  std::stable_sort(Out.Verdicts.begin(), Out.Verdicts.end(),
                   [](const ServiceVerdict &A, const ServiceVerdict &B) {
                     return rank(A.V.Kind) > rank(B.V.Kind);
                   });
  return Out;
}

std::string serviceName(FileContext &Ctx, const ServiceVerdict &V) {
  std::string Name = llvm::sys::path::filename(V.ComposePath).str();
  if (const deploy::Deployment *D = Ctx.services().deployment()) {
    // The name alone, unless another file of that name governs the same
    // code (a scope that holds or lies in this one's).
    std::string Key = FileStore::key(V.ComposePath);
    const deploy::DeploymentUnit *Own = nullptr;
    for (const deploy::DeploymentUnit &U : D->units())
      if (FileStore::key(U.Path) == Key)
        Own = &U;
    for (const deploy::DeploymentUnit &U : D->units())
      if (Own && llvm::sys::path::filename(U.Path) == Name && FileStore::key(U.Path) != Key &&
          (isWithin(U.Scope, Own->Scope) || isWithin(Own->Scope, U.Scope))) {
        Name = D->shown(Key, static_cast<size_t>(Own - D->units().data()));
        break;
      }
  }
  return Name + " service '" + V.Service + "'";
}

void addPathNotes(Diagnostic &D, const program::Program &P,
                  const std::vector<dataflow::PathStep> &Path) {
  for (const dataflow::PathStep &Step : Path)
    D.Notes.push_back({Step.Message, SourceLocation{&P.file(Step.Module), Step.Where.Begin},
                       Step.Where.End - Step.Where.Begin});
}

void addVerdictNotes(Diagnostic &D, const FileVerdicts &FV, const ServiceVerdict *Deciding) {
  if (FV.Held != deploy::HoldReason::None) {
    D.HeldBack = deploy::holdReasonName(FV.Held);
    D.HeldBackWhy = FV.HeldWhy;
    return;
  }
  if (FV.Verdicts.empty())
    return;
  const ServiceVerdict &W = Deciding ? *Deciding : FV.Verdicts.front();
  if (W.Runner && !W.Runner->Why.empty()) {
    std::string Evidence;
    for (const deploy::EvidenceStep &S : W.Runner->Why)
      Evidence += (Evidence.empty() ? "" : ", ") + S.What;
    D.Notes.push_back({Evidence, W.Runner->Why.front().Loc, 0});
  }
  for (const deploy::EnvEvidence &E : W.V.Because)
    D.Notes.push_back({E.What, E.Loc, 0});
}

void ConfigurableValueCheck::recordFlows(FileContext &Ctx, const program::Program &P,
                                         const dataflow::SourceInfo &S, const dataflow::Finding &F,
                                         const FileVerdicts &FV) const {
  FlowRecord R;
  R.Check = name();
  R.Variable = S.variablesText();
  R.Source = S.Description;
  R.SourceLoc = {&P.file(S.Module), S.Where.Begin};
  R.Sink = F.Display;
  R.SinkLoc = {&Ctx.file(), F.Where.Begin};
  R.Store = F.Store;
  if (FV.Verdicts.empty()) {
    R.Verdict = FlowVerdict::Unknown;
    R.VerdictText = FV.Held != deploy::HoldReason::None
                        ? std::string("held back: ") + deploy::holdReasonName(FV.Held)
                        : "no service of the analysed deployments sets it";
    R.Reported = FV.Held == deploy::HoldReason::None;
    Ctx.flows().push_back(std::move(R));
    return;
  }
  for (const ServiceVerdict &V : FV.Verdicts) {
    FlowRecord Each = R;
    Each.ComposePath = V.ComposePath;
    Each.Service = V.Service;
    switch (V.V.Kind) {
    case EnvVerdictKind::OperatorControlled:
      Each.Verdict = FlowVerdict::Operator;
      Each.VerdictText = "operator-controlled (" + llvm::join(V.V.OperatorNames, ", ") + ")";
      Each.Reported = true;
      break;
    case EnvVerdictKind::Pinned:
      Each.Verdict = FlowVerdict::Pinned;
      Each.VerdictText = "pinned to '" + shortened(V.V.Value, 60) + "'";
      break;
    case EnvVerdictKind::DefaultOnly:
      Each.Verdict = FlowVerdict::Open;
      Each.VerdictText = "only the default '" + shortened(V.V.Value, 60) + "' applies";
      Each.Reported = ReportUnset;
      break;
    case EnvVerdictKind::Unset:
      Each.Verdict = FlowVerdict::Open;
      Each.VerdictText = noDefault(S.Default)
                             ? "not set, no code default"
                             : "not set; the code default" + quoteDefault(S.Default) + " applies";
      Each.Reported = ReportUnset;
      break;
    }
    Ctx.flows().push_back(std::move(Each));
  }
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
  // The finding of each variable and deciding service, by index into the
  // file's diagnostics: its later sinks become notes.
  std::map<std::pair<std::string, std::string>, size_t> First;
  for (const dataflow::Finding *F : Taint->findingsIn(Ctx.file())) {
    if (F->SinkKind != SinkKind)
      continue;
    const dataflow::SourceInfo &S = Taint->source(*F);
    if (!S.isConfiguration())
      continue; // downloaded content is no setting of the deployment
    std::string Vars = S.variablesText();
    if (!Reported.insert({F->Where.Begin, Vars}).second)
      continue;

    FileVerdicts FV = serviceVerdicts(Ctx, S, AssumedServices);
    recordFlows(Ctx, *Program, S, *F, FV);
    if (!FV.Verdicts.empty()) {
      EnvVerdictKind Worst = FV.Verdicts.front().V.Kind;
      // The attested configuration fixes the value unless the operator
      // sets it: pinned, left to the code default, or interpolated only
      // from names the operator cannot set.
      if (Worst == EnvVerdictKind::Pinned ||
          (!ReportUnset &&
           (Worst == EnvVerdictKind::Unset || Worst == EnvVerdictKind::DefaultOnly)))
        continue;
    }

    std::pair<std::string, std::string> Key{Vars, FV.Verdicts.empty()
                                                      ? std::string()
                                                      : FV.Verdicts.front().ComposePath + '\0' +
                                                            FV.Verdicts.front().Service};
    if (!ReportEverySink)
      if (auto It = First.find(Key); It != First.end()) {
        Ctx.diagnostics()[It->second].Notes.push_back({"also reaches " + F->Display + " here",
                                                       SourceLocation{&Ctx.file(), F->Where.Begin},
                                                       F->Where.End - F->Where.Begin});
        continue;
      }

    std::string What = Vars + " reaches " + F->Display;
    // The finding, with the verdict of the worst service; what it allows
    // and the other services checked follow as notes.
    std::vector<std::string> Why;
    Severity Level = Severity::Warning;
    if (FV.Held == deploy::HoldReason::NotRun) {
      What += " and no service of the analysed deployments runs this file";
    } else if (FV.Held == deploy::HoldReason::TestCode) {
      What += " in test code, which no deployment runs";
    } else if (FV.Verdicts.empty()) {
      What += " and no docker-compose service among the analysed files sets it";
      Why.push_back(noDefault(S.Default)
                        ? "there is no default in the code, and nothing in the attested "
                          "configuration stops the operator from setting it"
                        : "the code default" + quoteDefault(S.Default) +
                              " decides, and nothing in the attested configuration stops a "
                              "change");
    } else {
      const ServiceVerdict &W = FV.Verdicts.front();
      std::string Where = serviceName(Ctx, W);
      switch (W.V.Kind) {
      case EnvVerdictKind::OperatorControlled:
        Level = Severity::Error;
        What += " and " + Where + " lets the operator set it (" +
                llvm::join(W.V.OperatorNames, ", ") + ")";
        Why.push_back(SinkKind == dataflow::SinkKind::Model
                          ? "the operator can swap the model that sees user data"
                      : SinkKind == dataflow::SinkKind::Contract
                          ? "the operator can point the app at a contract they control"
                          : "the operator can redirect user data");
        break;
      case EnvVerdictKind::Unset:
        What += " and " + Where + " does not set it";
        Why.push_back(noDefault(S.Default)
                          ? "there is no default in the code; the operator can add the "
                            "variable without a code change"
                          : "the code default" + quoteDefault(S.Default) +
                                " decides, and the operator can add the variable without a "
                                "code change");
        break;
      case EnvVerdictKind::DefaultOnly:
        What += " and " + Where + " interpolates it only from names missing from allowed_envs";
        Why.push_back("only '" + W.V.Value + "' applies; adding a name to allowed_envs reopens it");
        break;
      case EnvVerdictKind::Pinned:
        break;
      }
      if (FV.Verdicts.size() > 1)
        Why.push_back(std::to_string(FV.Verdicts.size() - 1) + " more service" +
                      (FV.Verdicts.size() > 2 ? "s" : "") + " checked");
    }
    // NOLINT on the first or last line of the statement holding the sink.
    Diagnostic &D = diagInStatement(Ctx, F->Where.Begin, F->Where.End, What, Level);
    First.emplace(Key, Ctx.diagnostics().size() - 1);
    for (std::string &W : Why)
      D.explain(std::move(W));
    addPathNotes(D, *Program, F->Path);
    addVerdictNotes(D, FV);
  }
}

} // namespace teetidy::dstack
