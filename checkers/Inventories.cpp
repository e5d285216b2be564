#include "checkers/Inventories.h"

#include "checkers/dstack/MountPaths.h"
#include "checkers/dstack/StorageCatalog.h"
#include "deploy/AppCompose.h"
#include "deploy/DeploymentsDoc.h"
#include "program/Program.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy {

namespace {

/// queries/models/contracts.yaml.
struct ContractCatalog {
  struct Known {
    std::string Name;
    std::vector<std::string> Context, Markers;
  };
  std::vector<Known> Contracts;
  std::vector<std::pair<std::string, std::string>> Selectors;
  std::vector<std::string> RpcCalls;
};

/// The identifier that ends \p Prefix (after spaces and quotes), and the
/// text before it.
std::pair<llvm::StringRef, llvm::StringRef> lastIdentifier(llvm::StringRef Prefix) {
  Prefix = Prefix.rtrim(" \t\"'`?!");
  size_t Begin = Prefix.size();
  while (Begin > 0 && (llvm::isAlnum(Prefix[Begin - 1]) || Prefix[Begin - 1] == '_' ||
                       Prefix[Begin - 1] == '.' || Prefix[Begin - 1] == '-'))
    --Begin;
  return {Prefix.drop_front(Begin), Prefix.take_front(Begin)};
}

/// The name an address is given on its line: the last identifier before
/// the `=` or `:` that precedes it (`KMS_ADDRESS=0x..`,
/// `"registry": "0x.."`, `address="0x.."`), the annotated name for
/// `name: str = "0x.."`; none for an argument (`f("0x..")`).
std::string nameBefore(llvm::StringRef Prefix) {
  Prefix = Prefix.rtrim(" \t\"'`");
  if (Prefix.empty() || !llvm::StringRef("=:").contains(Prefix.back()))
    return "";
  bool Assigned = Prefix.back() == '=';
  auto [Name, Before] = lastIdentifier(Prefix.drop_back());
  if (Assigned && Before.rtrim(" \t").endswith(":"))
    Name = lastIdentifier(Before.rtrim(" \t").drop_back()).first;
  return Name.str();
}

/// Offsets of `0x` + 40 hex digits not inside a longer run of letters or
/// digits.
std::vector<size_t> addressesIn(llvm::StringRef S) {
  std::vector<size_t> Out;
  for (size_t At = S.find("0x"); At != llvm::StringRef::npos; At = S.find("0x", At + 2)) {
    if (At > 0 && (llvm::isAlnum(S[At - 1]) || S[At - 1] == '_'))
      continue;
    size_t N = 0;
    while (At + 2 + N < S.size() && llvm::isHexDigit(S[At + 2 + N]))
      ++N;
    size_t End = At + 2 + N;
    // The zero address stands for "none", not for a contract.
    if (N == 40 && (End == S.size() || !(llvm::isAlnum(S[End]) || S[End] == '_')) &&
        S.slice(At + 2, End).find_first_not_of('0') != llvm::StringRef::npos)
      Out.push_back(At);
  }
  return Out;
}

/// Names of contract functions the text writes as human-readable ABI or
/// Solidity: `function name(`.
std::set<std::string> functionNames(llvm::StringRef S) {
  std::set<std::string> Out;
  for (size_t At = S.find("function "); At != llvm::StringRef::npos;
       At = S.find("function ", At + 9)) {
    if (At > 0 && (llvm::isAlnum(S[At - 1]) || S[At - 1] == '_'))
      continue;
    llvm::StringRef Rest = S.drop_front(At + 9).ltrim(" \t");
    size_t N = 0;
    while (N < Rest.size() && (llvm::isAlnum(Rest[N]) || Rest[N] == '_'))
      ++N;
    if (N > 0 && N < Rest.size() && Rest[N] == '(')
      Out.insert(Rest.take_front(N).str());
  }
  // JSON ABI entries: `{"name": "f", "type": "function", ...}` (quotes of
  // either kind, both keys before any nested object).
  for (size_t Open = S.find('{'); Open != llvm::StringRef::npos; Open = S.find('{', Open + 1)) {
    // Up to the next brace: the entry's own keys before any nested object.
    size_t Close = std::min(S.find_first_of("{}", Open + 1), S.size());
    llvm::StringRef Entry = S.slice(Open + 1, Close);
    if (!Entry.contains("function") || !Entry.contains("type"))
      continue;
    for (llvm::StringRef Key : {"\"name\"", "'name'"}) {
      size_t At = Entry.find(Key);
      if (At == llvm::StringRef::npos)
        continue;
      llvm::StringRef Rest = Entry.drop_front(At + Key.size()).ltrim(" \t");
      if (!Rest.consume_front(":"))
        continue;
      Rest = Rest.ltrim(" \t");
      if (Rest.empty() || (Rest.front() != '"' && Rest.front() != '\''))
        continue;
      char Quote = Rest.front();
      llvm::StringRef Name = Rest.drop_front().take_until([&](char C) { return C == Quote; });
      if (!Name.empty() && llvm::all_of(Name, [](char C) { return llvm::isAlnum(C) || C == '_'; }))
        Out.insert(Name.str());
    }
  }
  return Out;
}

/// URL literals (`http://`, `https://`, `ws://`, `wss://`) on the lines of
/// \p Text that name an RPC client call.
std::set<std::string> rpcUrls(llvm::StringRef Text, const ContractCatalog &Cat) {
  std::set<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    if (!llvm::any_of(Cat.RpcCalls, [&](const std::string &C) { return L.contains(C); }))
      continue;
    for (const char *Scheme : {"https://", "http://", "wss://", "ws://"})
      for (size_t At = L.find(Scheme); At != llvm::StringRef::npos; At = L.find(Scheme, At + 1)) {
        if (At > 0 && llvm::isAlnum(L[At - 1]))
          continue;
        Out.insert(L.drop_front(At)
                       .take_until([](char C) {
                         return C == '"' || C == '\'' || C == '`' || C == ' ' || C == ')' ||
                                C == ',';
                       })
                       .str());
      }
  }
  return Out;
}

/// The RPC endpoints file \p F connects to: URL literals of RPC client
/// calls, then the variables of flows that reach one in it, with their
/// verdicts.
std::vector<std::string> rpcEndpoints(const SourceFile &F, const ContractCatalog &Cat,
                                      const std::vector<FlowRecord> &Flows) {
  std::set<std::string> Urls = rpcUrls(F.content(), Cat);
  std::vector<std::string> Out(Urls.begin(), Urls.end());
  std::set<std::string> FromFlows;
  for (const FlowRecord &Fl : Flows)
    if (Fl.SinkLoc.valid() && Fl.SinkLoc.File == &F &&
        llvm::any_of(Cat.RpcCalls,
                     [&](const std::string &C) { return llvm::StringRef(Fl.Sink).contains(C); }))
      FromFlows.insert(Fl.Variable + ": " + Fl.VerdictText);
  Out.insert(Out.end(), FromFlows.begin(), FromFlows.end());
  return Out;
}

void contracts(AnalysisServices &Services, const ContractCatalog &Cat,
               const std::vector<FlowRecord> &Flows, Inventories &Out) {
  const deploy::Deployment *Deploy = Services.deployment();
  std::vector<std::pair<std::string, Language>> Files;
  std::set<std::string> Seen;
  for (const std::string &P : Services.runFiles())
    if (std::optional<Language> L = languageForPath(P); L && Seen.insert(FileStore::key(P)).second)
      Files.emplace_back(P, *L);
  // The .env beside each deployment file: what docker compose reads for
  // interpolation, outside compose_hash.
  if (Deploy)
    for (const deploy::DeploymentUnit &U : Deploy->units()) {
      std::string Env = (llvm::sys::path::parent_path(U.Path) + "/.env").str();
      if (Services.files().isRegularFile(Env) && Seen.insert(FileStore::key(Env)).second)
        Files.emplace_back(Env, Language::Text);
    }
  for (const auto &[Path, Lang] : Files) {
    auto Loaded = Services.files().load(Path, Lang);
    if (!Loaded) {
      llvm::consumeError(Loaded.takeError());
      continue;
    }
    const SourceFile &F = **Loaded;
    llvm::StringRef Text = F.content();
    std::vector<size_t> At = addressesIn(Text);
    if (At.empty())
      continue;
    std::string Pinning;
    if (Lang == Language::Text)
      Pinning = "env-file";
    else if (familyOf(Lang))
      Pinning = "code";
    else if (Deploy && ((Lang == Language::Yaml && Deploy->composeOf(F)) ||
                        (Lang == Language::Json && Deploy->appComposeOf(F))))
      Pinning = "compose";
    else
      Pinning = "other";
    std::set<std::string> Calls = functionNames(Text);
    for (const auto &[Selector, Function] : Cat.Selectors)
      if (Text.contains(Selector))
        Calls.insert(Function);
    std::vector<std::pair<std::string, std::vector<std::string>>> FileMarkers;
    for (const ContractCatalog::Known &K : Cat.Contracts) {
      std::vector<std::string> Found;
      for (const std::string &M : K.Markers)
        if (Text.contains(M))
          Found.push_back(M);
      if (!Found.empty())
        FileMarkers.emplace_back(K.Name, std::move(Found));
    }
    std::vector<std::string> Endpoints = rpcEndpoints(F, Cat, Flows);
    for (size_t Offset : At) {
      ContractAddress A;
      A.Address = Text.substr(Offset, 42).str();
      A.Loc = {&F, Offset};
      size_t LineStart = Text.rfind('\n', Offset);
      LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
      A.Name = nameBefore(Text.slice(LineStart, Offset));
      A.Pinning = Pinning;
      std::string LowerName = llvm::StringRef(A.Name).lower();
      for (const ContractCatalog::Known &K : Cat.Contracts)
        for (const std::string &C : K.Context)
          if (A.Recognised.empty() && !LowerName.empty() &&
              LowerName.find(C) != std::string::npos) {
            A.Recognised = K.Name;
            A.Markers = {"its name '" + A.Name + "'"};
          }
      if (A.Recognised.empty() && FileMarkers.size() == 1) {
        A.Recognised = FileMarkers.front().first;
        A.Markers = FileMarkers.front().second;
      }
      A.Calls.assign(Calls.begin(), Calls.end());
      A.Endpoints = Endpoints;
      Out.Contracts.push_back(std::move(A));
    }
  }
}

void storage(AnalysisServices &Services, const dstack::StorageCatalog &Cat, Inventories &Out) {
  const deploy::Deployment *Deploy = Services.deployment();
  if (!Deploy)
    return;
  for (const deploy::DeploymentUnit &U : Deploy->units()) {
    if (!U.Compose || U.DescribedBy)
      continue;
    for (const deploy::ComposeService &S : U.Compose->Services)
      for (const deploy::VolumeMount &M : S.Volumes) {
        dstack::MountBacking B = dstack::backingOf(Cat, *U.Compose, M);
        MountRecord R;
        R.ComposePath = U.Path;
        R.Service = S.Name;
        R.Type = M.Type;
        R.Source = M.Source;
        R.Target = M.Target;
        R.ReadOnly = M.ReadOnly;
        R.Backing = dstack::backingName(B.Kind);
        R.BackingText = dstack::backingText(B.Kind);
        if (M.Type != "bind" && M.Type != "volume" && M.Type != "tmpfs") {
          R.Backing = "other";
          R.BackingText = "a '" + M.Type + "' mount";
        }
        R.Because = B.Because;
        R.Loc = M.Loc;
        Out.Mounts.push_back(std::move(R));
      }
  }
}

void deployments(AnalysisServices &Services, Inventories &Out) {
  const deploy::Deployment *Deploy = Services.deployment();
  if (!Deploy)
    return;
  std::set<std::string> Read;
  for (const deploy::DeploymentUnit &U : Deploy->units()) {
    if (U.DescribedBy || !U.Compose)
      continue;
    DeploymentComparison C;
    C.Manifest = U.Manifest ? U.Manifest->File->path() : U.Path;
    const AnalysisServices::DocumentedDeployments *Found = Services.deploymentsDocFor(C.Manifest);
    const deploy::DeploymentsDoc *Doc = Found ? &Found->Doc : nullptr;
    if (Found) {
      C.Document = Found->Path;
      if (Read.insert(Found->Path).second) {
        Out.DeploymentsDocs.push_back(Found->Path);
        for (const deploy::DocumentedEntry &E : Doc->Entries)
          Out.Documented.push_back(
              {Found->Path, E.AppId, E.ComposeHash, E.Digests, E.Label, E.Loc});
      }
    }
    if (U.Manifest) {
      C.ComposeHash = deploy::sha256Hex(U.Manifest->File->content());
      C.AppId = deploy::defaultAppId(C.ComposeHash);
      C.Status = !Doc                                ? "no-document"
                 : !Doc->listsHashes()               ? "hashes-not-documented"
                 : Doc->documentsHash(C.ComposeHash) ? "documented"
                                                     : "undocumented";
    } else {
      C.Status = Doc ? "no-manifest" : "no-document";
    }
    for (const deploy::ComposeService &S : U.Compose->Services)
      if (S.Image)
        if (std::string D = deploy::imageDigest(S.Image->Text); !D.empty())
          C.Digests.emplace_back(D, !Doc                      ? "no-document"
                                    : Doc->AllDigests.empty() ? "digests-not-documented"
                                    : Doc->documentsDigest(D) ? "documented"
                                                              : "undocumented");
    Out.Deployments.push_back(std::move(C));
  }
}

/// User data reaching the data sinks of the program's taint analysis;
/// a file path under a mount names the mount.
void writes(AnalysisServices &Services, Inventories &Out) {
  const program::Program *P = Services.program();
  const program::Taint *T = P ? P->taint({}) : nullptr;
  if (!T)
    return;
  const dataflow::Result &R = T->result();
  for (const dataflow::Finding &F : R.Findings) {
    if (F.SinkKind != dataflow::SinkKind::Data)
      continue;
    const dataflow::SourceInfo &S = R.Sources[F.Source];
    if (!S.isUserData() || S.Module == dataflow::NoModule)
      continue;
    // One row per call and kind of data (a body and a header are both
    // request input).
    SourceLocation SinkLoc{&P->file(F.Module), F.Where.Begin};
    if (std::any_of(Out.Writes.begin(), Out.Writes.end(), [&](const DataWriteRecord &X) {
          return X.What == S.What && X.SinkLoc.File == SinkLoc.File &&
                 X.SinkLoc.Offset == SinkLoc.Offset;
        }))
      continue;
    DataWriteRecord W;
    W.Store = F.Store;
    W.What = S.What;
    W.Source = S.Description;
    W.SourceLoc = {&P->file(S.Module), S.Where.Begin};
    W.Sink = F.Display;
    W.Target = F.Target;
    W.SinkLoc = SinkLoc;
    if (F.Store == "file")
      for (const MountRecord &M : Out.Mounts)
        if (dstack::holdsPath(M.Target, F.Target)) {
          W.Mount = M.Service + ":" + M.Target;
          W.MountBacking = M.Backing;
          break;
        }
    Out.Writes.push_back(std::move(W));
  }
}

} // namespace

Inventories buildInventories(AnalysisServices &Services, const std::vector<FlowRecord> &Flows,
                             std::vector<std::string> &ToolErrors) {
  Inventories Out;
  auto ReadContracts = [](const YAML::Node &Model, CatalogReader &R) {
    ContractCatalog C;
    for (const YAML::Node &K : Model["contracts"])
      C.Contracts.push_back({R.string(K["name"], "name"), R.strings(K["context"], "context"),
                             R.strings(K["markers"], "markers")});
    for (const auto &S : Model["selectors"])
      C.Selectors.emplace_back(S.first.Scalar(), S.second.Scalar());
    C.RpcCalls = R.strings(Model["rpc_calls"], "rpc_calls");
    return C;
  };
  auto Cat = Services.catalog<ContractCatalog>("models/contracts.yaml", ReadContracts);
  if (Cat)
    contracts(Services, **Cat, Flows, Out);
  else
    ToolErrors.push_back(llvm::toString(Cat.takeError()));

  for (const FlowRecord &F : Flows) {
    if (F.Check == "dstack-configurable-contract")
      Out.ConfigurableContracts.push_back(
          {F.Variable, F.Source, F.Sink, F.SourceLoc, F.SinkLoc, F.ComposePath, F.Service,
           flowVerdictName(F.Verdict), F.VerdictText,
           Cat && F.SinkLoc.valid() ? rpcEndpoints(*F.SinkLoc.File, **Cat, Flows)
                                    : std::vector<std::string>()});
    else if (!F.Store.empty())
      Out.Stores.push_back({F.Store, F.Sink, F.Variable, F.SinkLoc, F.ComposePath, F.Service,
                            flowVerdictName(F.Verdict), F.VerdictText});
  }

  std::string Error;
  if (auto Storage = dstack::storageCatalog(Services, &Error))
    storage(Services, *Storage, Out);
  else
    ToolErrors.push_back(Error);
  writes(Services, Out);
  deployments(Services, Out);
  return Out;
}

} // namespace teetidy
