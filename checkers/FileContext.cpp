#include "checkers/FileContext.h"

#include "llvm/Support/Path.h"

#include "syntax/Grammars.h"

#include <cctype>
#include <string_view>

namespace teetidy {

namespace {
/// Parent node types whose children are statements.
bool isStatementContainer(std::string_view Type) {
  return Type == "module" || Type == "block" || Type == "program" || Type == "statement_block" ||
         Type == "class_body" || Type == "switch_body" || Type == "switch_case" ||
         Type == "switch_default" || Type == "export_statement";
}
} // namespace

const AnalysisServices::DocumentedDeployments *
AnalysisServices::deploymentsDocFor(const std::string &Path) {
  std::vector<std::string> Candidates;
  if (!DeploymentsDocPath.empty()) {
    Candidates.push_back(DeploymentsDocPath);
  } else {
    std::string Root = Deploy ? Deploy->root() : "";
    std::string Dir = FileStore::key(llvm::sys::path::parent_path(FileStore::key(Path)));
    while (!Dir.empty()) {
      Candidates.push_back(Dir + "/DEPLOYMENTS.md");
      if (Root.empty() || Dir == Root || Dir.size() <= Root.size())
        break;
      Dir = llvm::sys::path::parent_path(Dir).str();
    }
  }
  std::lock_guard<std::mutex> Lock(DocsLock);
  for (const std::string &C : Candidates) {
    auto [It, New] = Docs.try_emplace(C);
    if (New && Files.isRegularFile(C)) {
      // A file that cannot be read counts as none; the driver checked an
      // explicit --deployments file.
      auto Loaded = Files.load(C, Language::Text);
      if (Loaded)
        It->second = std::make_unique<DocumentedDeployments>(
            DocumentedDeployments{C, deploy::parseDeploymentsDoc(**Loaded)});
      else
        warn(C + ": " + llvm::toString(Loaded.takeError()) +
             "; the deployments it documents are not compared");
    }
    if (It->second)
      return It->second.get();
  }
  return nullptr;
}

void AnalysisServices::warn(std::string Message) {
  std::lock_guard<std::mutex> Lock(WarningsLock);
  if (std::find(Warnings.begin(), Warnings.end(), Message) == Warnings.end())
    Warnings.push_back(std::move(Message));
}

std::vector<std::string> AnalysisServices::warnings() {
  std::lock_guard<std::mutex> Lock(WarningsLock);
  return Warnings;
}

FileContext::FileContext(const SourceFile &F, AnalysisServices &S) : File(F), Services(S) {}
FileContext::~FileContext() = default;

TSNode FileContext::root() {
  if (!SyntaxTree) {
    // The program build may have kept this file's tree.
    SyntaxTree = Services.trees().take(File);
    if (!*SyntaxTree && grammarFor(File.language()))
      toolError(File.path() + ": parsing took too long and was stopped; "
                              "the file was not analysed");
  }
  return *SyntaxTree ? SyntaxTree->root() : TSNode{};
}

std::optional<SourceLocation> FileContext::firstSyntaxError() {
  // Without a tree of its own, the file need not be parsed for this: the
  // program recorded it.
  if (!SyntaxTree)
    if (const program::Program *P = Services.program())
      if (std::optional<std::optional<uint32_t>> S = P->syntaxOf(File))
        return *S ? std::optional(loc(**S)) : std::nullopt;
  std::optional<uint32_t> Offset = firstSyntaxErrorOffset(root());
  return Offset ? std::optional(loc(*Offset)) : std::nullopt;
}

void FileContext::forEachMatch(std::string_view Name,
                               llvm::function_ref<void(const QueryMatch &)> OnMatch) {
  // The checks of a file that run the same query share its matches (the
  // function-reading checks all run `functions`).
  if (auto It = Matches.find(Name); It != Matches.end()) {
    for (const QueryMatch &M : It->second)
      OnMatch(M);
    return;
  }
  auto Q = Services.queries().query(File.language(), Name);
  if (!Q) {
    toolError(llvm::toString(Q.takeError()));
    return;
  }
  // A file the query cannot match is not even parsed for it.
  if (!*Q || !(*Q)->mayMatch(File.content())) {
    Matches.try_emplace(std::string(Name));
    return;
  }
  TSNode R = root();
  if (ts_node_is_null(R))
    return;
  if (!Shallow)
    Shallow = shallowRanges(R);
  std::vector<QueryMatch> Seen;
  auto Keep = [&](const QueryMatch &M) {
    Seen.push_back(M);
    OnMatch(M);
  };
  if (!runQuery(**Q, R, File.content(), Keep, *Shallow ? &**Shallow : nullptr))
    toolError(File.path() + ": query '" + std::string(Name) +
              "' hit tree-sitter's match limit; results may be incomplete");
  Matches.insert_or_assign(std::string(Name), std::move(Seen));
}

const deploy::ComposeFile *FileContext::compose() {
  const deploy::Deployment *D = Services.deployment();
  if (!D)
    return nullptr;
  if (const deploy::AppComposeManifest *M = appCompose())
    return M->Compose ? &*M->Compose : nullptr;
  const deploy::ComposeParseResult *R = D->composeOf(File);
  return R && R->Compose ? &*R->Compose : nullptr;
}

const deploy::AppComposeManifest *FileContext::appCompose() {
  const deploy::Deployment *D = Services.deployment();
  const deploy::AppComposeParseResult *R = D ? D->appComposeOf(File) : nullptr;
  return R && R->Manifest ? &*R->Manifest : nullptr;
}

const deploy::DockerfileModel *FileContext::dockerfile() {
  const deploy::Deployment *D = Services.deployment();
  const deploy::DockerfileParseResult *R = D ? D->dockerfileOf(File) : nullptr;
  return R ? &R->Model : nullptr;
}

namespace {

/// Whether \p Text's first instruction (after blank and comment lines) is
/// FROM.
bool startsWithFrom(llvm::StringRef Text) {
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    llvm::StringRef T = Line.trim();
    if (!T.empty() && !T.startswith("#"))
      return T.size() > 5 && T.take_front(5).equals_insensitive("FROM ");
    Text = Rest;
  }
  return false;
}

/// The bodies of the heredocs in shell text \p Script that write a file
/// named like a Dockerfile and hold one, as [begin, end) offsets.
std::vector<std::pair<size_t, size_t>> dockerfileHeredocs(llvm::StringRef Script) {
  std::vector<std::pair<size_t, size_t>> Out;
  for (size_t At = Script.find("<<"); At != llvm::StringRef::npos; At = Script.find("<<", At + 2)) {
    size_t LineBegin = Script.rfind('\n', At);
    LineBegin = LineBegin == llvm::StringRef::npos ? 0 : LineBegin + 1;
    size_t LineEnd = Script.find('\n', At);
    if (LineEnd == llvm::StringRef::npos)
      break;
    llvm::StringRef Line = Script.slice(LineBegin, LineEnd);
    if (!Line.contains("Dockerfile") && !Line.contains("dockerfile"))
      continue;
    llvm::StringRef Marker = Script.slice(At + 2, LineEnd).ltrim("-").ltrim();
    Marker = Marker.take_while([](char C) { return !std::isspace(static_cast<unsigned char>(C)); });
    Marker = Marker.trim("'\"");
    if (Marker.empty())
      continue;
    size_t Begin = LineEnd + 1, End = Begin;
    while (End < Script.size()) {
      size_t Next = Script.find('\n', End);
      llvm::StringRef L = Script.slice(End, Next == llvm::StringRef::npos ? Script.size() : Next);
      if (L.trim() == Marker)
        break;
      End = Next == llvm::StringRef::npos ? Script.size() : Next + 1;
    }
    if (startsWithFrom(Script.slice(Begin, End)))
      Out.emplace_back(Begin, End);
    At = End;
  }
  return Out;
}

} // namespace

std::vector<const deploy::DockerfileModel *> FileContext::dockerfiles() {
  if (const deploy::DockerfileModel *D = dockerfile())
    return {D};
  if (!InlineDockerfiles) {
    InlineDockerfiles.emplace();
    // Text[Begin, End) of a scalar of this file, read as a Dockerfile.
    auto Add = [&](const deploy::ComposeScalar &Text, size_t Begin, size_t End) {
      if (Text.Loc.File != &File)
        return;
      InlineDockerfiles->push_back(
          deploy::parseDockerfile(File, std::string_view(Text.Text).substr(Begin, End - Begin),
                                  [&Text, Begin](size_t I) { return Text.fileOffset(Begin + I); })
              .Model);
    };
    if (const deploy::ComposeFile *C = compose()) {
      for (const deploy::ComposeService &S : C->Services) {
        if (S.Build && S.Build->DockerfileInline)
          Add(*S.Build->DockerfileInline, 0, S.Build->DockerfileInline->Text.size());
        // `cat > Dockerfile <<EOF ... EOF` in a command or entrypoint.
        for (const auto *Part : {&S.Command, &S.Entrypoint})
          for (const deploy::ComposeScalar &Line : *Part)
            for (auto [Begin, End] : dockerfileHeredocs(Line.Text))
              Add(Line, Begin, End);
      }
      // A `configs`/`secrets` content that is a Dockerfile.
      for (const auto &[Name, Content] : C->InlineContents)
        if (startsWithFrom(Content.Text))
          Add(Content, 0, Content.Text.size());
    }
  }
  std::vector<const deploy::DockerfileModel *> Out;
  for (const deploy::DockerfileModel &M : *InlineDockerfiles)
    Out.push_back(&M);
  return Out;
}

Diagnostic &FileContext::report(const std::string &Check, SourceLocation Loc, size_t Length,
                                std::string Message, Severity Level) {
  Diagnostic D;
  D.CheckName = Check;
  D.Message = std::move(Message);
  D.Level = Level;
  D.Loc = Loc;
  D.Length = Length;
  Diags.push_back(std::move(D));
  return Diags.back();
}

TSNode enclosingStatement(TSNode N) {
  TSNode Cur = N;
  while (true) {
    TSNode Parent = ts_node_parent(Cur);
    if (ts_node_is_null(Parent) || isStatementContainer(ts_node_type(Parent)))
      return Cur;
    Cur = Parent;
  }
}

detail::KeptCatalog detail::keptCatalog(uint64_t Serial, const std::string &Key,
                                        llvm::function_ref<KeptCatalog()> Make) {
  static std::mutex Mutex;
  static std::map<std::pair<uint64_t, std::string>, KeptCatalog> Kept;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Kept.find({Serial, Key});
  if (It != Kept.end())
    return It->second;
  // Serials only grow: the smallest keys are the oldest stores.
  while (!Kept.empty() && Serial > Kept.begin()->first.first &&
         Serial - Kept.begin()->first.first >= 8)
    Kept.erase(Kept.begin());
  return Kept.emplace(std::make_pair(Serial, Key), Make()).first->second;
}

} // namespace teetidy
