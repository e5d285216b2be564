#include "report/AuditReport.h"

#include "deploy/AppCompose.h"
#include "deploy/DeploymentsDoc.h"
#include "source/FileStore.h"
#include "source/Utf8.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <map>
#include <set>

namespace teetidy::report {

namespace {

//===--- The document model --------------------------------------------===//

/// A picture of flows: nodes with a style class, and edges.
struct Graph {
  struct Node {
    std::string Id, Label, Class;
  };
  std::vector<Node> Nodes;
  std::vector<std::pair<std::string, std::string>> Edges;
  std::map<std::string, size_t> Index;

  /// The node called \p Key, added with \p Label and \p Class the first time.
  std::string node(const std::string &Key, const std::string &Label, const std::string &Class) {
    auto [It, New] = Index.try_emplace(Key, Nodes.size());
    if (New)
      Nodes.push_back({"n" + std::to_string(Nodes.size()), Label, Class});
    return Nodes[It->second].Id;
  }
  void edge(const std::string &From, const std::string &To) {
    if (std::find(Edges.begin(), Edges.end(), std::make_pair(From, To)) == Edges.end())
      Edges.emplace_back(From, To);
  }
};

/// Style classes of graph nodes: what each stands for and its colours.
struct NodeStyle {
  const char *Class, *Meaning, *Fill, *Stroke;
};
const NodeStyle Styles[] = {
    {"variable", "environment variable or setting", "#e8eaf6", "#3f51b5"},
    {"operator", "the operator sets it", "#f8d7da", "#b71c1c"},
    {"open", "not pinned: a default applies, the operator can add it", "#fff3cd", "#b26a00"},
    {"pinned", "pinned by the measured compose file", "#d4edda", "#1b5e20"},
    {"unknown", "no deployment decides", "#eeeeee", "#616161"},
    {"code", "where the code reads it", "#ffffff", "#455a64"},
    {"sink", "where the value is used", "#e3f2fd", "#0d47a1"},
};

struct Block {
  enum Kind { Heading, Paragraph, Table, List, Picture } K = Paragraph;
  int Level = 2;
  /// Heading and paragraph text; `code` spans are written with backticks.
  std::string Text;
  std::vector<std::string> Header;
  std::vector<std::vector<std::string>> Rows;
  std::vector<std::string> Items;
  Graph G;
};

struct Document {
  std::string Title;
  std::vector<Block> Blocks;
  void heading(int Level, std::string Text) {
    Block B;
    B.K = Block::Heading;
    B.Level = Level;
    B.Text = std::move(Text);
    Blocks.push_back(std::move(B));
  }
  void para(std::string Text) {
    Block B;
    B.Text = std::move(Text);
    Blocks.push_back(std::move(B));
  }
  void table(std::vector<std::string> Header, std::vector<std::vector<std::string>> Rows) {
    Block B;
    B.K = Block::Table;
    B.Header = std::move(Header);
    B.Rows = std::move(Rows);
    Blocks.push_back(std::move(B));
  }
  void list(std::vector<std::string> Items) {
    Block B;
    B.K = Block::List;
    B.Items = std::move(Items);
    Blocks.push_back(std::move(B));
  }
  void picture(Graph G) {
    Block B;
    B.K = Block::Picture;
    B.G = std::move(G);
    Blocks.push_back(std::move(B));
  }
};

/// \p S as a code span: backticks inside would end it, so they go.
std::string code(llvm::StringRef S) {
  std::string T = S.str();
  llvm::erase_if(T, [](char C) { return C == '`' || C == '\n' || C == '\r'; });
  return "`" + T + "`";
}

//===--- Facts ---------------------------------------------------------===//

class Builder {
public:
  explicit Builder(const ReportInput &In) : In(In) {}
  Document build();

private:
  std::string rel(llvm::StringRef Path) const {
    if (Path.empty())
      return "";
    llvm::SmallString<256> Abs(Path);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    llvm::StringRef A = Abs;
    llvm::StringRef Root = In.Root;
    if (!Root.empty() && A.startswith(Root) && (A.size() == Root.size() || A[Root.size()] == '/'))
      return A.size() == Root.size() ? "." : A.drop_front(Root.size() + 1).str();
    return A.str();
  }
  /// path:line; in the compose file a manifest embeds as one JSON string
  /// line, with the line of that YAML.
  std::string where(SourceLocation L) const {
    if (!L.valid())
      return "";
    std::string W = rel(L.File->path()) + ":" + std::to_string(L.line());
    llvm::StringRef Line = L.File->lineText(L.line());
    if (L.File->language() == Language::Json && Line.size() > 120) {
      llvm::StringRef Before = Line.take_front(L.column() - 1);
      if (Before.contains("\"docker_compose_file\"")) {
        size_t Breaks = 0;
        for (size_t At = Before.find("\\n"); At != llvm::StringRef::npos;
             At = Before.find("\\n", At + 2))
          ++Breaks;
        W += " (docker_compose_file line " + std::to_string(Breaks + 1) + ")";
      }
    }
    return W;
  }
  /// The source line at \p L, trimmed. In a JSON string that holds YAML
  /// (the compose file of an app-compose.json), the YAML line: the text
  /// between the escaped line breaks around \p L.
  static std::string lineAt(SourceLocation L) {
    if (!L.valid())
      return "";
    llvm::StringRef Line = L.File->lineText(L.line());
    size_t Col = L.column() - 1;
    if (L.File->language() == Language::Json && Line.size() > 120 && Col < Line.size()) {
      size_t Begin = Line.take_front(Col).rfind("\\n");
      Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 2;
      size_t End = std::min(Line.find("\\n", Col), Line.size());
      std::string Yaml;
      llvm::StringRef Part = Line.slice(Begin, End);
      for (size_t I = 0; I < Part.size(); ++I) {
        if (Part[I] == '\\' && I + 1 < Part.size() && (Part[I + 1] == '"' || Part[I + 1] == '\\'))
          ++I;
        Yaml += Part[I];
      }
      return llvm::StringRef(Yaml).trim().str();
    }
    return Line.trim().str();
  }
  bool sameFile(llvm::StringRef A, llvm::StringRef B) const {
    return FileStore::key(A.str()) == FileStore::key(B.str());
  }

  void scope(Document &D);
  void deployment(Document &D, const deploy::DeploymentUnit &U, size_t Index);
  void trustModel(Document &D, const deploy::DeploymentUnit &U);
  void findings(Document &D);
  void inventories(Document &D);
  Graph picture(const std::vector<const FlowRecord *> &Flows) const;
  std::vector<const FlowRecord *> flowsOf(const deploy::DeploymentUnit &U) const;
  std::string fixFor(const Diagnostic &Diag) const;

  const ReportInput &In;
};

std::string imageStatus(const deploy::ComposeService &S) {
  if (!S.Image)
    return S.Build ? "built in the CVM (not pinned)" : "no image";
  llvm::StringRef Image = S.Image->Text;
  if (Image.contains('$'))
    return "chosen by interpolation";
  if (!deploy::imageDigest(Image.str()).empty())
    return "pinned by digest";
  return "mutable tag";
}

void Builder::scope(Document &D) {
  D.heading(2, "Scope");
  std::vector<std::vector<std::string>> Rows;
  Rows.push_back({"Repository", In.Repository.empty() ? "(unnamed)" : code(In.Repository)});
  if (!In.Origin.empty())
    Rows.push_back({"Origin", code(In.Origin)});
  Rows.push_back({"Commit", In.Commit.empty() ? "(no git checkout)" : code(In.Commit)});
  unsigned Files = 0;
  std::vector<std::string> Langs;
  for (const auto &[Lang, N] : In.Languages) {
    Files += N;
    Langs.push_back(Lang + " (" + std::to_string(N) + ")");
  }
  Rows.push_back({"Files analysed", std::to_string(Files) + ": " + llvm::join(Langs, ", ")});
  if (In.Skipped)
    Rows.push_back({"Files skipped", std::to_string(In.Skipped)});
  Rows.push_back({"Tool", code("tee-tidy " + In.ToolVersion)});
  std::vector<std::string> Checks;
  for (const std::string &C : In.Checks)
    Checks.push_back(code(C));
  Rows.push_back(
      {"Checks run", std::to_string(In.Checks.size()) + ": " + llvm::join(Checks, ", ")});
  D.table({"Item", "Value"}, std::move(Rows));
}

std::vector<const FlowRecord *> Builder::flowsOf(const deploy::DeploymentUnit &U) const {
  std::vector<const FlowRecord *> Out;
  for (const FlowRecord *F : In.Flows)
    if (!F->ComposePath.empty() && sameFile(F->ComposePath, U.Path))
      Out.push_back(F);
  return Out;
}

Graph Builder::picture(const std::vector<const FlowRecord *> &Flows) const {
  Graph G;
  for (const FlowRecord *F : Flows) {
    std::string Var = G.node("var:" + F->Variable, F->Variable, "variable");
    std::string Verdict = G.node(
        "verdict:" + F->ComposePath + "\n" + F->Service + "\n" + F->Variable,
        (F->Service.empty() ? std::string() : "service " + F->Service + ": ") + F->VerdictText,
        flowVerdictName(F->Verdict));
    std::string Read = G.node("read:" + where(F->SourceLoc) + "\n" + F->Source,
                              F->Source + "\n" + where(F->SourceLoc), "code");
    std::string Sink = G.node("sink:" + where(F->SinkLoc) + "\n" + F->Sink,
                              F->Sink + "\n" + where(F->SinkLoc), "sink");
    G.edge(Var, Verdict);
    G.edge(Verdict, Read);
    G.edge(Read, Sink);
  }
  return G;
}

void Builder::trustModel(Document &D, const deploy::DeploymentUnit &U) {
  if (!U.Compose)
    return;
  D.heading(4, "Trust model");
  D.para("What the operator decides without changing the attested configuration, and what "
         "the measured files pin.");
  deploy::EnvironmentSource Env = In.Deployment->environmentFor(U.Path);
  std::vector<std::vector<std::string>> Rows;
  for (const deploy::ComposeService &S : U.Compose->Services) {
    std::string Svc = code(S.Name);
    std::string Status = imageStatus(S);
    if (S.Image)
      Rows.push_back({Svc, "image " + code(S.Image->Text),
                      Status == "pinned by digest" ? "pinned" : "operator (" + Status + ")",
                      where(S.Image->Loc)});
    else if (S.Build)
      Rows.push_back(
          {Svc,
           "image built from " + code(S.Build->Context ? S.Build->Context->Text : std::string(".")),
           "operator (base images and packages fetched at boot)", where(S.Build->Loc)});
    std::set<std::string> Seen;
    for (const deploy::EnvironmentEntry &E : S.Environment) {
      if (!Seen.insert(E.Name).second)
        continue;
      deploy::EnvVerdict V = deploy::classifyEnv(S, E.Name, Env);
      std::string Who;
      switch (V.Kind) {
      case deploy::EnvVerdictKind::Pinned:
        Who = "pinned";
        break;
      case deploy::EnvVerdictKind::OperatorControlled:
        Who = "operator (" + llvm::join(V.OperatorNames, ", ") + ")";
        break;
      case deploy::EnvVerdictKind::DefaultOnly:
        Who = "pinned to its default " + code(V.Value);
        break;
      case deploy::EnvVerdictKind::Unset:
        Who = "not set";
        break;
      }
      Rows.push_back({Svc, "variable " + code(E.Name), Who,
                      where(V.Because.empty() ? E.Value ? E.Value->Loc : SourceLocation{}
                                              : V.Because.front().Loc)});
    }
    for (const deploy::EnvFileRef &F : S.EnvFiles)
      Rows.push_back({Svc, "env_file " + code(F.Path), "operator (not measured)", where(F.Loc)});
    for (const deploy::VolumeMount &M : S.Volumes) {
      std::string What = "mount " + code((M.Source.empty() ? "" : M.Source + ":") + M.Target);
      std::string Who = M.Type == "bind"     ? "host path: the operator decides its contents"
                        : M.Type == "volume" ? "named volume on the CVM's encrypted disk"
                                             : M.Type;
      if (llvm::StringRef(M.Source).contains("dstack.sock") ||
          llvm::StringRef(M.Source).contains("tappd.sock"))
        Who = "guest agent socket: key derivation and quotes";
      // A volume its declaration keeps on another machine (the inventory says).
      if (In.Inventory)
        for (const MountRecord &R : In.Inventory->Mounts)
          if (R.Loc.File == M.Loc.File && R.Loc.Offset == M.Loc.Offset && R.Backing == "remote")
            Who = "network volume (" + R.Because +
                  "): whoever runs that storage decides "
                  "its contents";
      Rows.push_back({Svc, What + (M.ReadOnly ? " (read-only)" : ""), Who, where(M.Loc)});
    }
  }
  if (U.Manifest && U.Manifest->AllowedEnvs)
    for (const deploy::ManifestString &E : U.Manifest->AllowedEnvs->Items)
      Rows.push_back({"(all)", "allowed env " + code(E.Value),
                      "operator (encrypted env, not measured)", where(E.Loc)});
  if (Rows.empty()) {
    D.para("The compose file declares no services.");
    return;
  }
  D.table({"Service", "What", "Who decides", "Where"}, std::move(Rows));
}

void Builder::deployment(Document &D, const deploy::DeploymentUnit &U, size_t Index) {
  D.heading(3, "Deployment " + std::to_string(Index) + ": " + code(rel(U.Path)));
  std::vector<std::vector<std::string>> Facts;
  Facts.push_back({"Kind", std::string(deploy::deploymentKindName(U.Kind)) +
                               (U.KindReason.empty() ? "" : " (" + U.KindReason + ")")});
  if (const deploy::AppComposeManifest *M = U.Manifest) {
    std::string Hash = deploy::sha256Hex(M->File->content());
    Facts.push_back({"Manifest", code(rel(M->File->path()))});
    Facts.push_back({"compose_hash", code(Hash)});
    Facts.push_back({"app_id (without on-chain KMS)", code(deploy::defaultAppId(Hash))});
    deploy::EffectiveKeyProvider KP = M->keyProvider();
    Facts.push_back(
        {"Key provider",
         code(KP.Name) + (KP.Source.empty() ? " (nothing set)" : " (from " + KP.Source + ")")});
    auto Flag = [](bool B) { return B ? std::string("true") : std::string("false"); };
    Facts.push_back({"public_logs / public_sysinfo / public_tcbinfo",
                     Flag(M->publicLogs()) + " / " + Flag(M->publicSysinfo()) + " / " +
                         Flag(M->publicTcbinfo())});
    std::vector<std::string> Scripts;
    if (M->PreLaunchScript && !M->PreLaunchScript->Value.empty())
      Scripts.push_back("pre_launch_script");
    if (M->BashScript && !M->BashScript->Value.empty())
      Scripts.push_back("bash_script");
    if (M->InitScript && !M->InitScript->Items.empty())
      Scripts.push_back("init_script");
    Facts.push_back({"Scripts", Scripts.empty() ? "none" : llvm::join(Scripts, ", ")});
  } else {
    Facts.push_back({"Manifest", "no app-compose.json: every interpolated variable counts as "
                                 "operator-controlled"});
  }
  D.table({"Fact", "Value"}, std::move(Facts));

  if (U.Compose && !U.Compose->Services.empty()) {
    D.heading(4, "Services");
    std::vector<std::vector<std::string>> Rows;
    for (const deploy::ComposeService &S : U.Compose->Services)
      Rows.push_back(
          {code(S.Name), S.Image ? code(S.Image->Text) : "(none)", imageStatus(S),
           S.Build ? "build " + code(S.Build->Context ? S.Build->Context->Text : std::string("."))
                   : ""});
    D.table({"Service", "Image", "Digest status", "Build"}, std::move(Rows));
  }

  std::vector<const FlowRecord *> Flows = flowsOf(U);
  if (U.Manifest) {
    D.heading(4, "allowed_envs");
    if (!U.Manifest->AllowedEnvs || U.Manifest->AllowedEnvs->Items.empty()) {
      D.para("None: the operator sets no variable.");
    } else {
      std::vector<std::vector<std::string>> Rows;
      for (const deploy::ManifestString &E : U.Manifest->AllowedEnvs->Items) {
        std::vector<std::string> Uses;
        if (U.Compose)
          for (const deploy::ComposeService &S : U.Compose->Services)
            for (const deploy::EnvironmentEntry &Entry : S.Environment) {
              bool Refers = Entry.Name == E.Value && !Entry.Value;
              if (Entry.Value)
                Refers |= llvm::is_contained(Entry.Value->Value.variableNames(), E.Value);
              if (Refers)
                Uses.push_back(code(S.Name + ": " + Entry.Name));
            }
        std::set<std::string> Reaches;
        for (const FlowRecord *F : Flows)
          if (llvm::is_contained(llvm::split(F->Variable, '/'), E.Value))
            Reaches.insert(F->Sink + " at " + where(F->SinkLoc));
        std::vector<std::string> R(Reaches.begin(), Reaches.end());
        for (std::string &S : R)
          S = code(S);
        Rows.push_back({code(E.Value), Uses.empty() ? "no service" : llvm::join(Uses, ", "),
                        R.empty() ? "no flow found in the analysed code" : llvm::join(R, "; ")});
      }
      D.table({"Variable", "Set in", "Reaches in code"}, std::move(Rows));
    }
  }
  trustModel(D, U);
  D.heading(4, "Data flow");
  if (Flows.empty()) {
    D.para("No flow from a setting of this deployment to a network destination or model was "
           "found in the analysed code.");
  } else {
    D.para("From each variable, through the deployment's verdict for the service that runs "
           "the code, to where the code reads it and the call it reaches.");
    D.picture(picture(Flows));
  }
}

void Builder::inventories(Document &D) {
  if (!In.Inventory)
    return;
  const Inventories &Inv = *In.Inventory;
  D.heading(2, "Inventories");

  D.heading(3, "On-chain contracts");
  D.para("Contract addresses written in the analysed files, who fixes each, and what the "
         "file says of it; then the addresses the code takes from configuration.");
  static const std::map<std::string, std::string> Pinning = {
      {"code", "literal in the code (in the image)"},
      {"compose", "literal in the compose file"},
      {"env-file", "operator (.env, not measured)"},
      {"other", "literal in a file of the repository"}};
  if (Inv.Contracts.empty()) {
    D.para("No contract address (`0x` and 40 hex digits) in the analysed files.");
  } else {
    std::vector<std::vector<std::string>> Rows;
    for (const ContractAddress &A : Inv.Contracts) {
      std::string Known =
          A.Recognised.empty() ? "" : A.Recognised + " (" + llvm::join(A.Markers, ", ") + ")";
      std::vector<std::string> Calls;
      for (const std::string &C : A.Calls)
        Calls.push_back(code(C));
      std::vector<std::string> Endpoints;
      for (const std::string &E : A.Endpoints)
        Endpoints.push_back(code(E));
      auto P = Pinning.find(A.Pinning);
      Rows.push_back({code(A.Address), A.Name.empty() ? "" : code(A.Name),
                      P == Pinning.end() ? A.Pinning : P->second, Known, llvm::join(Calls, ", "),
                      llvm::join(Endpoints, ", "), where(A.Loc)});
    }
    D.table({"Address", "Named", "Who fixes it", "Taken for", "Calls named in the file",
             "RPC endpoints of the file", "Where"},
            std::move(Rows));
  }
  if (!Inv.ConfigurableContracts.empty()) {
    std::vector<std::vector<std::string>> Rows;
    for (const ConfigurableContract &C : Inv.ConfigurableContracts) {
      std::vector<std::string> Endpoints;
      for (const std::string &E : C.Endpoints)
        Endpoints.push_back(code(E));
      Rows.push_back({code(C.Variable), code(C.Sink),
                      (C.Service.empty() ? std::string() : "service " + code(C.Service) + ": ") +
                          C.VerdictText,
                      llvm::join(Endpoints, ", "), where(C.SinkLoc)});
    }
    D.table({"Address from", "Contract call", "Who decides", "RPC endpoints of the file", "Where"},
            std::move(Rows));
  }

  D.heading(3, "Documented deployments");
  if (Inv.DeploymentsDocs.empty()) {
    D.para("No `DEPLOYMENTS.md` beside or above the deployment files (nor a `--deployments` "
           "file): nothing documents which app ids, compose hashes and image digests users "
           "should expect.");
  } else {
    std::vector<std::string> Docs;
    for (const std::string &P : Inv.DeploymentsDocs)
      Docs.push_back(code(rel(P)));
    D.para("Read from " + llvm::join(Docs, ", ") + ": " + std::to_string(Inv.Documented.size()) +
           " documented deployment" + (Inv.Documented.size() == 1 ? "" : "s") + ".");
    if (!Inv.Documented.empty()) {
      std::vector<std::vector<std::string>> Rows;
      for (const DocumentedDeployment &E : Inv.Documented)
        Rows.push_back({E.Name, E.AppId.empty() ? "" : code(E.AppId),
                        E.ComposeHash.empty() ? "" : code(E.ComposeHash),
                        std::to_string(E.Digests.size()), where(E.Loc)});
      D.table({"Entry", "app_id", "compose_hash", "Digests", "Where"}, std::move(Rows));
    }
  }
  if (!Inv.Deployments.empty()) {
    static const std::map<std::string, std::string> Status = {
        {"documented", "documented"},
        {"undocumented", "**not documented**"},
        {"no-document", "no documentation to compare with"},
        {"hashes-not-documented", "the documentation lists no compose hash"},
        {"digests-not-documented", "the documentation lists no digest"},
        {"no-manifest", "no app-compose.json: no compose_hash"}};
    auto Say = [&](const std::string &S) {
      auto It = Status.find(S);
      return It == Status.end() ? S : It->second;
    };
    std::vector<std::vector<std::string>> Rows;
    for (const DeploymentComparison &C : Inv.Deployments) {
      std::vector<std::string> Digests;
      for (const auto &[Digest, St] : C.Digests)
        Digests.push_back(code(Digest.substr(0, 19) + "...") + " " + Say(St));
      Rows.push_back({code(rel(C.Manifest)), C.ComposeHash.empty() ? "" : code(C.ComposeHash),
                      Say(C.Status), Digests.empty() ? "none pinned" : llvm::join(Digests, "; ")});
    }
    D.table({"Deployment", "compose_hash", "In the documentation", "Image digests"},
            std::move(Rows));
  }

  D.heading(3, "Storage");
  D.para("Where each service's mounts keep their data, and the stores the code connects to "
         "through a configured address.");
  if (Inv.Mounts.empty()) {
    D.para("No service mounts a volume.");
  } else {
    std::vector<std::vector<std::string>> Rows;
    for (const MountRecord &M : Inv.Mounts) {
      std::string Backing = M.BackingText;
      if (M.Backing == "host-shared" || M.Backing == "remote")
        Backing = "**" + Backing + "**";
      Rows.push_back({code(M.Service), M.Type,
                      code((M.Source.empty() ? "" : M.Source + ":") + M.Target) +
                          (M.ReadOnly ? " (read-only)" : ""),
                      Backing, where(M.Loc)});
    }
    D.table({"Service", "Kind", "Mount", "Kept on", "Where"}, std::move(Rows));
  }
  if (Inv.Stores.empty()) {
    D.para("No database, cache, queue or object store connection from a configured address "
           "was found in the analysed code.");
  } else {
    std::vector<std::vector<std::string>> Rows;
    for (const StoreRecord &S : Inv.Stores)
      Rows.push_back({S.Service.empty() ? "" : code(S.Service), S.Store, code(S.Sink),
                      code(S.Variable), S.VerdictText, where(S.SinkLoc)});
    D.table({"Service", "Store", "Connection", "Address from", "Who decides", "Where"},
            std::move(Rows));
  }
  D.para("What the code writes there: request input, model outputs and keys that the dataflow "
         "follows into a store or a file.");
  if (Inv.Writes.empty()) {
    D.para("The dataflow found no user data written to a store or a file.");
  } else {
    std::vector<std::vector<std::string>> Rows;
    for (const DataWriteRecord &W : Inv.Writes) {
      std::string Into = W.Store;
      if (!W.Target.empty())
        Into += " " + code(shortened(W.Target, 45));
      if (!W.Mount.empty())
        Into += " (mount " + code(W.Mount) +
                (W.MountBacking == "host-shared" || W.MountBacking == "remote"
                     ? ", **" + W.MountBacking + "**"
                     : ", " + W.MountBacking) +
                ")";
      Rows.push_back({W.What, Into, code(W.Sink), where(W.SinkLoc), where(W.SourceLoc)});
    }
    D.table({"Data", "Kept in", "Call", "Where", "From"}, std::move(Rows));
  }
}

std::string Builder::fixFor(const Diagnostic &Diag) const {
  const std::string &C = Diag.CheckName;
  // The deployment line the finding rests on: a located note in a compose
  // file or manifest, else the finding itself when it is in one.
  SourceLocation Compose;
  for (const DiagnosticNote &N : Diag.Notes)
    if (N.Loc.valid() &&
        (N.Loc.File->language() == Language::Yaml || N.Loc.File->language() == Language::Json)) {
      Compose = N.Loc;
      break;
    }
  bool InDeploymentFile = Diag.Loc.valid() && (Diag.Loc.File->language() == Language::Yaml ||
                                               Diag.Loc.File->language() == Language::Json ||
                                               Diag.Loc.File->language() == Language::Dockerfile);
  std::string Fix;
  if (C == "dstack-configurable-endpoint" || C == "dstack-configurable-model" ||
      C == "dstack-configurable-contract" || C == "dstack-operator-controlled-flag") {
    std::string Var;
    for (const FlowRecord *F : In.Flows)
      if (F->Check == C && F->SinkLoc.File == Diag.Loc.File &&
          F->SinkLoc.Offset == Diag.Loc.Offset) {
        Var = F->Variable.substr(0, F->Variable.find('/'));
        break;
      }
    // Else the name the allowed_envs evidence quotes.
    for (const DiagnosticNote &N : Diag.Notes) {
      llvm::StringRef M = N.Message;
      if (Var.empty() && M.startswith("'") && M.endswith("' is listed in allowed_envs"))
        Var = M.drop_front().split('\'').first.str();
    }
    // A finding on an allowed_envs item names it.
    if (Var.empty() && InDeploymentFile && Diag.Loc.File->language() == Language::Json) {
      llvm::StringRef Item = llvm::StringRef(lineAt(Diag.Loc)).rtrim(',');
      if (Item.size() > 2 && Item.startswith("\"") && Item.endswith("\""))
        Var = Item.drop_front().drop_back().str();
    }
    Fix = "Pin the value in the measured compose file: in the service's `environment:` write " +
          code("- " + (Var.empty() ? std::string("NAME") : Var) + "=<the intended value>") +
          " as a literal, and remove the name from `allowed_envs`";
    if (Compose.valid())
      Fix += "; the line to change is " + code(lineAt(Compose)) + " at " + where(Compose);
    return Fix + ".";
  }
  if (C == "dstack-image-not-pinned" || C == "repro-unpinned-base-image" ||
      C == "dstack-image-from-env") {
    std::string Line = InDeploymentFile ? lineAt(Diag.Loc) : "";
    llvm::StringRef L(Line);
    if (!L.startswith("FROM ") && !L.startswith("image:") && !L.startswith("- image:"))
      Line.clear();
    if (C == "dstack-image-not-pinned" && Line.empty())
      return "Build the image outside the CVM (in CI, reproducibly), publish it, and name it by "
             "digest in `image: repository@sha256:<digest>` instead of building at boot.";
    Fix = "Pin the image by digest, `repository:tag@sha256:<digest>` (the digest from "
          "`docker buildx imagetools inspect repository:tag`)";
    if (!Line.empty())
      Fix += "; change " + code(Line) + " to " + code(Line + "@sha256:<digest>") +
             (C == "dstack-image-from-env" ? ", written as a literal, not interpolated" : "");
    return Fix + ".";
  }
  static const std::map<std::string, std::string> Advice = {
      {"attestation-dev-fallback",
       "Remove the development or mock path from attestation and key code, or make it fail "
       "closed when the deployment does not pin the mode."},
      {"attestation-mismatch-accepted",
       "Abort on a failed verification instead of logging it and going on."},
      {"attestation-tls-verification-disabled",
       "Verify certificates (the default), or pin the peer's certificate or an attested key."},
      {"attestation-unbound-signing-key",
       "Check that the TDX quote's report_data commits to the signing key before trusting it."},
      {"dstack-implicit-environment",
       "Set the variable the library reads implicitly to a literal in the compose file, or pass "
       "the value explicitly in code."},
      {"dstack-privileged-service",
       "Drop the privilege (privileged, host namespaces, added capabilities, devices) or justify "
       "it in the audit."},
      {"dstack-sensitive-mount",
       "Mount only what the service needs; keep the guest agent socket in services that must "
       "derive keys or quotes."},
      {"dstack-unmeasured-code",
       "Ship the code in the measured image instead of fetching or building it at run time, or "
       "pin what is fetched by digest and check it."},
      {"dstack-unmeasured-env-file",
       "Move the values the code depends on into `environment:` literals; keep only secrets in "
       "the encrypted environment."},
      {"repro-missing-source-date-epoch",
       "Set `SOURCE_DATE_EPOCH` (ARG or ENV) and build with rewrite-timestamp so rebuilds give "
       "the same image."},
      {"repro-unlocked-dependencies",
       "Install from a lockfile with hashes (`npm ci`, `pip install --require-hashes`, "
       "`uv sync --frozen`)."},
      {"repro-unpinned-apt", "Pin package versions and a snapshot mirror "
                             "(snapshot.debian.org) for apt installs."},
      {"secrets-hardcoded-fallback",
       "Fail when the secret is missing instead of falling back to a literal."},
  };
  auto It = Advice.find(C);
  Fix = It != Advice.end() ? It->second : "See the check's page.";
  for (const Replacement &R : Diag.Fixes)
    if (R.File) {
      Fix += " Suggested change at " + where({R.File, R.Offset}) + ": " +
             code(R.File->content().substr(R.Offset, R.Length)) + " to " + code(R.Text) + ".";
      break;
    }
  return Fix;
}

void Builder::findings(Document &D) {
  D.heading(2, "Findings");
  if (In.Findings.empty()) {
    D.para("No finding.");
  } else {
    std::map<std::string, std::pair<unsigned, unsigned>> ByCheck; // errors, warnings
    unsigned Errors = 0, Warnings = 0, Remarks = 0;
    for (const Diagnostic *F : In.Findings) {
      bool Error = F->Level == Severity::Error || F->PromotedToError;
      bool Remark = !Error && F->Level == Severity::Remark;
      (Error ? ++ByCheck[F->CheckName].first : ++ByCheck[F->CheckName].second);
      (Error ? ++Errors : Remark ? ++Remarks : ++Warnings);
    }
    D.table({"Severity", "Findings"}, {{"error", std::to_string(Errors)},
                                       {"warning", std::to_string(Warnings)},
                                       {"remark", std::to_string(Remarks)}});
    std::vector<std::vector<std::string>> Rows;
    for (const auto &[Check, N] : ByCheck) {
      auto Cwe = In.Cwes.find(Check);
      Rows.push_back({code(Check), Cwe == In.Cwes.end() ? "" : Cwe->second, std::to_string(N.first),
                      std::to_string(N.second)});
    }
    D.table({"Check", "CWE", "Errors", "Warnings and remarks"}, std::move(Rows));
  }
  if (In.Suppressed || In.HeldBack)
    D.para(std::to_string(In.Suppressed) +
           " suppressed (NOLINT, configuration, filters or "
           "baseline) and " +
           std::to_string(In.HeldBack) +
           " held back in code or compose files no deployment runs; they are not listed.");
  size_t N = 0;
  for (const Diagnostic *F : In.Findings) {
    bool Error = F->Level == Severity::Error || F->PromotedToError;
    D.heading(3, std::to_string(++N) + ". " +
                     (Error                          ? "Error"
                      : F->Level == Severity::Remark ? "Remark"
                                                     : "Warning") +
                     ": " + F->Message);
    std::vector<std::string> Facts = {
        "Check: " + code(F->CheckName) +
            (In.Cwes.count(F->CheckName) ? " (" + In.Cwes.at(F->CheckName) + ")" : ""),
        "At: " + code(where(F->Loc))};
    for (const DiagnosticNote &Note : F->Notes)
      if (!Note.Loc.valid())
        Facts.push_back("Why: " + Note.Message);
    D.list(std::move(Facts));
    std::vector<std::string> Path;
    for (const DiagnosticNote &Note : F->Notes)
      if (Note.Loc.valid())
        Path.push_back(code(where(Note.Loc)) + " " + Note.Message);
    if (!Path.empty()) {
      D.para("Path and evidence, in order:");
      D.list(std::move(Path));
    }
    D.para("Fix: " + fixFor(*F));
  }
}

Document Builder::build() {
  Document D;
  D.Title =
      "Audit report: " + (In.Repository.empty() ? std::string("tee-tidy run") : In.Repository);
  scope(D);
  D.heading(2, "Deployments");
  size_t Index = 0;
  if (In.Deployment)
    for (const deploy::DeploymentUnit &U : In.Deployment->units()) {
      if (U.DescribedBy)
        continue; // its manifest's unit describes it
      deployment(D, U, ++Index);
    }
  if (!Index)
    D.para("No compose file or app-compose.json was found: nothing says what the operator "
           "controls.");
  std::vector<const FlowRecord *> Loose;
  for (const FlowRecord *F : In.Flows)
    if (F->ComposePath.empty())
      Loose.push_back(F);
  if (!Loose.empty()) {
    D.heading(3, "Flows no deployment decides");
    D.picture(picture(Loose));
  }
  inventories(D);
  findings(D);
  D.heading(2, "Legend");
  std::vector<std::vector<std::string>> Rows;
  for (const NodeStyle &S : Styles)
    Rows.push_back({S.Class, S.Meaning});
  D.table({"Node", "Meaning"}, std::move(Rows));
  return D;
}

//===--- Markdown ------------------------------------------------------===//

std::string cellMd(llvm::StringRef S) {
  std::string Out;
  for (char C : S)
    Out += C == '|' ? std::string("\\|") : C == '\n' ? std::string("<br>") : std::string(1, C);
  return Out;
}

/// A Mermaid label: quoted, with what would end it escaped.
std::string mermaidLabel(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"')
      Out += "#quot;";
    else if (C == '\n')
      Out += "<br>";
    else if (C == '<')
      Out += "#lt;";
    else if (C == '>')
      Out += "#gt;";
    else
      Out += C;
  }
  return Out + "\"";
}

std::string mermaid(const Graph &G) {
  std::string Out = "```mermaid\nflowchart LR\n";
  for (const Graph::Node &N : G.Nodes)
    Out += "  " + N.Id + "[" + mermaidLabel(N.Label) + "]\n";
  for (const auto &[From, To] : G.Edges)
    Out += "  " + From + " --> " + To + "\n";
  for (const NodeStyle &S : Styles) {
    std::vector<std::string> Ids;
    for (const Graph::Node &N : G.Nodes)
      if (N.Class == S.Class)
        Ids.push_back(N.Id);
    if (Ids.empty())
      continue;
    Out += std::string("  classDef ") + S.Class + " fill:" + S.Fill + ",stroke:" + S.Stroke + "\n";
    Out += "  class " + llvm::join(Ids, ",") + " " + S.Class + "\n";
  }
  return Out + "```\n";
}

std::string renderMarkdown(const Document &D) {
  std::string Out = "# " + D.Title + "\n";
  for (const Block &B : D.Blocks) {
    Out += "\n";
    switch (B.K) {
    case Block::Heading:
      Out += std::string(B.Level, '#') + " " + B.Text + "\n";
      break;
    case Block::Paragraph:
      Out += B.Text + "\n";
      break;
    case Block::List:
      for (const std::string &I : B.Items)
        Out += "- " + I + "\n";
      break;
    case Block::Table: {
      auto Row = [&](const std::vector<std::string> &Cells) {
        Out += "|";
        for (const std::string &C : Cells)
          Out += " " + cellMd(C) + " |";
        Out += "\n";
      };
      Row(B.Header);
      Out += "|";
      for (size_t I = 0; I < B.Header.size(); ++I)
        Out += "---|";
      Out += "\n";
      for (const auto &R : B.Rows)
        Row(R);
      break;
    }
    case Block::Picture:
      Out += mermaid(B.G);
      break;
    }
  }
  return Out;
}

//===--- HTML ----------------------------------------------------------===//

std::string escapeHtml(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// Text with `code` spans as HTML.
std::string inlineHtml(llvm::StringRef S) {
  std::string Out;
  bool InCode = false;
  size_t Start = 0;
  for (size_t I = 0; I <= S.size(); ++I) {
    if (I < S.size() && S[I] != '`')
      continue;
    Out += escapeHtml(S.slice(Start, I));
    if (I < S.size())
      Out += InCode ? "</code>" : "<code>";
    InCode = !InCode;
    Start = I + 1;
  }
  if (!InCode) // an unpaired backtick opened a span
    Out += "</code>";
  return Out;
}

std::string dotQuote(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (C == '\n') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out + "\"";
}

std::string dot(const Graph &G) {
  std::string Out = "digraph flows {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", "
                    "fontname=\"Helvetica\", fontsize=10];\n";
  for (const Graph::Node &N : G.Nodes) {
    const NodeStyle *S = &Styles[0];
    for (const NodeStyle &Each : Styles)
      if (N.Class == Each.Class)
        S = &Each;
    Out += "  " + N.Id + " [label=" + dotQuote(N.Label) + ", fillcolor=\"" + S->Fill +
           "\", color=\"" + S->Stroke + "\", class=\"" + N.Class + "\"];\n";
  }
  for (const auto &[From, To] : G.Edges)
    Out += "  " + From + " -> " + To + ";\n";
  return Out + "}\n";
}

/// The SVG without the XML prolog and DOCTYPE, to inline in HTML.
std::string inlineSvg(llvm::StringRef Svg) {
  size_t At = Svg.find("<svg");
  return At == llvm::StringRef::npos ? Svg.str() : Svg.drop_front(At).str();
}

llvm::Expected<std::string> renderHtml(const Document &D, const DotRenderer &Render) {
  std::string Out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      escapeHtml(D.Title) +
      "</title>\n<style>\n"
      "body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
      "line-height:1.45}\n"
      "table{border-collapse:collapse;margin:0.5rem 0}\n"
      "th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left;"
      "vertical-align:top}\n"
      "th{background:#f4f4f4}\ncode{background:#f6f8fa;padding:0 0.2rem}\n"
      "figure.flows{overflow-x:auto;margin:0.5rem 0}\n"
      "figure.flows svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n"
      "<h1>" +
      escapeHtml(D.Title) + "</h1>\n";
  for (const Block &B : D.Blocks) {
    switch (B.K) {
    case Block::Heading: {
      std::string H = "h" + std::to_string(std::min(B.Level, 6));
      Out += "<" + H + ">" + inlineHtml(B.Text) + "</" + H + ">\n";
      break;
    }
    case Block::Paragraph:
      Out += "<p>" + inlineHtml(B.Text) + "</p>\n";
      break;
    case Block::List:
      Out += "<ul>\n";
      for (const std::string &I : B.Items)
        Out += "<li>" + inlineHtml(I) + "</li>\n";
      Out += "</ul>\n";
      break;
    case Block::Table:
      Out += "<table>\n<thead><tr>";
      for (const std::string &H : B.Header)
        Out += "<th>" + inlineHtml(H) + "</th>";
      Out += "</tr></thead>\n<tbody>\n";
      for (const auto &R : B.Rows) {
        Out += "<tr>";
        for (const std::string &C : R)
          Out += "<td>" + inlineHtml(C) + "</td>";
        Out += "</tr>\n";
      }
      Out += "</tbody>\n</table>\n";
      break;
    case Block::Picture: {
      llvm::Expected<std::string> Svg = Render(dot(B.G));
      if (!Svg)
        return Svg.takeError();
      Out += "<figure class=\"flows\">\n" + inlineSvg(*Svg) + "</figure>\n";
      break;
    }
    }
  }
  return Out + "</body>\n</html>\n";
}

/// The first line of \p Path, trimmed; empty when it cannot be read.
std::string firstLine(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  if (!B)
    return "";
  return llvm::StringRef((*B)->getBuffer()).split('\n').first.trim().str();
}

} // namespace

GitFacts readGitFacts(const std::string &Dir) {
  GitFacts Facts;
  llvm::SmallString<256> At(Dir);
  llvm::sys::fs::make_absolute(At);
  llvm::sys::path::remove_dots(At, true);
  std::string GitDir;
  for (llvm::StringRef D = At; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::is_directory(Git)) {
      GitDir = std::string(Git);
    } else if (llvm::sys::fs::is_regular_file(Git)) {
      // A worktree or submodule: "gitdir: <path>".
      std::string Line = firstLine(std::string(Git));
      llvm::StringRef L(Line);
      if (!L.consume_front("gitdir:"))
        continue;
      llvm::SmallString<256> Target(L.trim());
      if (!llvm::sys::path::is_absolute(Target)) {
        llvm::SmallString<256> Base(D);
        llvm::sys::path::append(Base, Target);
        Target = Base;
      }
      GitDir = std::string(Target);
    } else {
      continue;
    }
    Facts.TopLevel = D.str();
    break;
  }
  if (GitDir.empty())
    return Facts;
  std::string Head = firstLine(GitDir + "/HEAD");
  llvm::StringRef H(Head);
  if (H.consume_front("ref:")) {
    std::string Ref = H.trim().str();
    // A linked worktree keeps its refs in the common directory.
    std::string Common = GitDir;
    if (std::string C = firstLine(GitDir + "/commondir"); !C.empty())
      Common = llvm::sys::path::is_absolute(C) ? C : GitDir + "/" + C;
    Facts.Commit = firstLine(GitDir + "/" + Ref);
    if (Facts.Commit.empty())
      Facts.Commit = firstLine(Common + "/" + Ref);
    if (Facts.Commit.empty())
      if (auto Packed = llvm::MemoryBuffer::getFile(Common + "/packed-refs")) {
        llvm::SmallVector<llvm::StringRef, 32> Lines;
        (*Packed)->getBuffer().split(Lines, '\n');
        for (llvm::StringRef L : Lines) {
          auto [Hash, Name] = L.split(' ');
          if (Name.trim() == Ref)
            Facts.Commit = Hash.str();
        }
      }
    GitDir = Common;
  } else {
    Facts.Commit = Head;
  }
  if (auto Config = llvm::MemoryBuffer::getFile(GitDir + "/config")) {
    llvm::SmallVector<llvm::StringRef, 32> Lines;
    (*Config)->getBuffer().split(Lines, '\n');
    bool InOrigin = false;
    for (llvm::StringRef L : Lines) {
      L = L.trim();
      if (L.startswith("["))
        InOrigin = L == "[remote \"origin\"]";
      else if (InOrigin && L.startswith("url")) {
        auto [Key, Value] = L.split('=');
        if (Key.trim() == "url")
          Facts.Origin = Value.trim().str();
      }
    }
  }
  return Facts;
}

std::string markdownReport(const ReportInput &In) { return renderMarkdown(Builder(In).build()); }

llvm::Expected<std::string> htmlReport(const ReportInput &In, const DotRenderer &Render) {
  return renderHtml(Builder(In).build(), Render);
}

DotRenderer graphvizRenderer() {
  return [](const std::string &Dot) -> llvm::Expected<std::string> {
    auto Program = llvm::sys::findProgramByName("dot");
    if (!Program)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the HTML report needs Graphviz's 'dot' on PATH (Debian "
                                     "package graphviz)");
    llvm::SmallString<128> In, Out;
    if (llvm::sys::fs::createTemporaryFile("tee-tidy-flows", "dot", In) ||
        llvm::sys::fs::createTemporaryFile("tee-tidy-flows", "svg", Out))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot create a temporary file for Graphviz");
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(In, EC);
      OS << Dot;
    }
    llvm::Optional<llvm::StringRef> Redirects[] = {llvm::StringRef(In), llvm::StringRef(Out),
                                                   llvm::StringRef("")};
    std::string Message;
    int Rc = llvm::sys::ExecuteAndWait(*Program, {*Program, "-Tsvg"}, llvm::None, Redirects,
                                       /*SecondsToWait=*/120, 0, &Message);
    auto Svg = llvm::MemoryBuffer::getFile(Out);
    llvm::sys::fs::remove(In);
    llvm::sys::fs::remove(Out);
    if (Rc != 0 || !Svg)
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "Graphviz's dot failed%s%s",
                                     Message.empty() ? "" : ": ", Message.c_str());
    return (*Svg)->getBuffer().str();
  };
}

} // namespace teetidy::report
