#include "checkers/dstack/UnencryptedPersistenceCheck.h"

#include "checkers/FileContext.h"
#include "checkers/dstack/ConfigurableValue.h"
#include "checkers/dstack/MountPaths.h"
#include "checkers/dstack/StorageCatalog.h"
#include "program/Program.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <set>

namespace teetidy::dstack {

namespace {

/// Adds a note for each place where the program's dataflow sees user data
/// written that \p Keep selects (the first five; the last says how many
/// more), naming what is written there.
template <typename Pred>
void addWriteNotes(Diagnostic &D, const program::Program &P, const program::Taint &T, Pred Keep) {
  const dataflow::Result &R = T.result();
  struct Place {
    const dataflow::Finding *At;
    std::vector<std::string> What;
  };
  std::vector<Place> Places;
  for (const dataflow::Finding &X : R.Findings) {
    if (X.SinkKind != dataflow::SinkKind::Data || !Keep(X) || !R.Sources[X.Source].isUserData())
      continue;
    auto It = std::find_if(Places.begin(), Places.end(), [&](const Place &Pl) {
      return Pl.At->Module == X.Module && Pl.At->Where.Begin == X.Where.Begin;
    });
    if (It == Places.end())
      It = Places.insert(Places.end(), {&X, {}});
    const std::string &W = R.Sources[X.Source].What;
    if (std::find(It->What.begin(), It->What.end(), W) == It->What.end())
      It->What.push_back(W);
  }
  for (size_t I = 0; I < Places.size() && I < 5; ++I) {
    const dataflow::Finding &X = *Places[I].At;
    std::vector<std::string> &W = Places[I].What;
    std::string List =
        W.size() == 1 ? W[0] : llvm::join(W.begin(), W.end() - 1, ", ") + " and " + W.back();
    std::string Msg = List + (W.size() == 1 ? " is" : " are") + " written here";
    if (I == 4 && Places.size() > 5)
      Msg += " (and at " + std::to_string(Places.size() - 5) + " more places)";
    D.Notes.push_back(
        {Msg, SourceLocation{&P.file(X.Module), X.Where.Begin}, X.Where.End - X.Where.Begin});
  }
}

} // namespace

UnencryptedPersistenceCheck::UnencryptedPersistenceCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), AssumedServices(options().getList("Services", "")),
      IgnoreTestCode(options().getBool("IgnoreTestCode", false)) {}

bool UnencryptedPersistenceCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json || familyOf(L).has_value();
}

std::optional<program::ModelRules> UnencryptedPersistenceCheck::programRules(Language L) const {
  if (L == Language::Yaml || L == Language::Json)
    return std::nullopt;
  return program::ModelRules{};
}

void UnencryptedPersistenceCheck::check(FileContext &Ctx) {
  if (Ctx.language() == Language::Yaml || Ctx.language() == Language::Json)
    checkMounts(Ctx);
  else
    checkStores(Ctx);
}

void UnencryptedPersistenceCheck::checkMounts(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  std::string Error;
  std::shared_ptr<const StorageCatalog> Catalog = storageCatalog(Ctx.services(), &Error);
  if (!Catalog) {
    Ctx.toolError(Error);
    return;
  }
  for (const deploy::ComposeService &S : Compose->Services)
    for (const deploy::VolumeMount &M : S.Volumes) {
      if (M.ReadOnly)
        continue; // nothing the service writes lands there
      MountBacking B = backingOf(*Catalog, *Compose, M);
      if (B.Kind != Backing::HostShared && B.Kind != Backing::Remote)
        continue;
      std::string At = M.Target.empty() ? "" : " at '" + M.Target + "'";
      Diagnostic &D = B.Kind == Backing::HostShared
                          ? diag(Ctx, M.Loc, 0,
                                 "service '" + S.Name + "' writes" + At + " into '" + B.CvmPath +
                                     "', which the host shares with the CVM (" + B.Because + ")")
                          : diag(Ctx, M.Loc, 0,
                                 "service '" + S.Name + "' keeps the data" + At +
                                     " outside the CVM (" + B.Because + ")");
      D.explain(B.Kind == Backing::HostShared
                    ? "the host reads what is written there in the clear: user data, keys and "
                      "model outputs leave the TEE"
                    : "the volume is not on the CVM's encrypted data disk: whoever runs that "
                      "storage reads what is written there");
      if (B.DeclLoc.valid())
        D.Notes.push_back({"the volume is declared here", B.DeclLoc, 0});
      if (const program::Program *P = Ctx.services().program())
        if (const program::Taint *T = P->taint({}))
          addWriteNotes(D, *P, *T, [&](const dataflow::Finding &X) {
            return X.Store == "file" && holdsPath(M.Target, X.Target);
          });
      D.explain("use a named volume (kept on the encrypted data disk), or encrypt the data in "
                "the CVM with a key from the dstack guest agent before it leaves");
    }
}

void UnencryptedPersistenceCheck::checkStores(FileContext &Ctx) {
  if (IgnoreTestCode && isTestCode(Ctx.file().path()))
    return;
  const program::Program *Program = Ctx.services().program();
  const program::Taint *Taint = Program ? Program->taint({}) : nullptr;
  if (!Taint)
    return;
  std::set<std::pair<uint32_t, std::string>> Seen;
  for (const dataflow::Finding *F : Taint->findingsIn(Ctx.file())) {
    if (F->Store.empty() || F->SinkKind == dataflow::SinkKind::Data)
      continue;
    const dataflow::SourceInfo &S = Taint->source(*F);
    if (!S.isConfiguration())
      continue;
    std::string Vars = S.variablesText();
    if (!Seen.insert({F->Where.Begin, Vars}).second)
      continue;
    FileVerdicts FV = serviceVerdicts(Ctx, S, AssumedServices);
    // Only a store the operator picks: a pinned or unset address keeps the
    // data where the attested configuration says.
    if (FV.Verdicts.empty() ||
        FV.Verdicts.front().V.Kind != deploy::EnvVerdictKind::OperatorControlled)
      continue;
    const ServiceVerdict &W = FV.Verdicts.front();
    std::string Kind = F->Store == "object-store" ? "object store" : F->Store;
    Diagnostic &D = diagInStatement(
        Ctx, F->Where.Begin, F->Where.End,
        "data kept in the " + Kind + " of " + F->Display + " goes where " + serviceName(Ctx, W) +
            " lets the operator point it (" + llvm::join(W.V.OperatorNames, ", ") + ")",
        Severity::Warning);
    D.explain("the operator can run the " + Kind +
              " outside the CVM and read what the service keeps there");
    D.explain("pin the address in the measured compose file, and encrypt what leaves the CVM");
    addPathNotes(D, *Program, F->Path);
    addWriteNotes(D, *Program, *Taint, [&](const dataflow::Finding &X) {
      return X.Store == F->Store && X.Module == F->Module;
    });
    addVerdictNotes(D, FV, &W);
  }
}

} // namespace teetidy::dstack
