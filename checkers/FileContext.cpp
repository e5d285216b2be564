#include "checkers/FileContext.h"

#include "syntax/Grammars.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <string_view>

namespace teetidy {

namespace {
/// Parent node types whose children are statements.
bool isStatementContainer(std::string_view Type) {
  return Type == "module" || Type == "block" || Type == "program" || Type == "statement_block" ||
         Type == "class_body" || Type == "switch_body" || Type == "switch_case" ||
         Type == "switch_default" || Type == "export_statement";
}

/// Parsing a file this large or slow is given up, with a message (1 minute).
constexpr uint64_t ParseTimeoutMicros = 60'000'000;
} // namespace

llvm::Expected<std::shared_ptr<const YAML::Node>> AnalysisServices::model(const std::string &Path) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (auto It = Models.find(Path); It != Models.end())
    return It->second;
  auto Text = Queries.file(Path);
  if (!Text)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "queries/%s: model file not found", Path.c_str());
  try {
    auto Node = std::make_shared<const YAML::Node>(YAML::Load(*Text));
    Models.emplace(Path, Node);
    return Node;
  } catch (const YAML::Exception &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "queries/%s:%d:%d: %s",
                                   Path.c_str(), E.mark.line + 1, E.mark.column + 1, E.msg.c_str());
  }
}

bool AnalysisServices::isComposeFile(const std::string &Path) const {
  if (deploy::isComposeFileName(Path))
    return true;
  if (ExtraCompose.empty())
    return false;
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return ExtraCompose.count(std::string(Abs)) > 0;
}

const DataflowProgram &AnalysisServices::dataflowProgram(const ModelExtras &Extras) {
  std::lock_guard<std::mutex> Lock(ProgramMutex);
  std::unique_ptr<DataflowProgram> &P = Programs[Extras];
  if (!P)
    P = DataflowProgram::build(RunFiles, Queries, Extras, RunLoad);
  return *P;
}

std::optional<DataflowProgram::Syntax> AnalysisServices::syntaxOf(const SourceFile &F) {
  std::lock_guard<std::mutex> Lock(ProgramMutex);
  for (auto &[Extras, P] : Programs)
    if (P)
      if (std::optional<DataflowProgram::Syntax> S =
              P->syntaxOf(F.path(), F.language(), F.content()))
        return S;
  return std::nullopt;
}

std::optional<Tree> AnalysisServices::takeTree(const SourceFile &F) {
  std::lock_guard<std::mutex> Lock(ProgramMutex);
  for (auto &[Extras, P] : Programs)
    if (P)
      if (std::optional<Tree> T = P->takeTree(F.path(), F.language(), F.content()))
        return T;
  return std::nullopt;
}

FileContext::FileContext(const SourceFile &F, AnalysisServices &S) : File(F), Services(S) {}
FileContext::~FileContext() = default;

TSNode FileContext::root() {
  if (!SyntaxTree) {
    // The dataflow program may have parsed this file already.
    if (std::optional<Tree> Kept = Services.takeTree(File)) {
      SyntaxTree = std::move(Kept);
      return SyntaxTree->root();
    }
    SyntaxTree.emplace();
    if (const TSLanguage *Lang = grammarFor(File.language())) {
      // Parsers are cheap to create; one per file keeps threads independent.
      Parser P;
      if (P.setLanguage(Lang)) {
        *SyntaxTree = P.parse(File.content(), ParseTimeoutMicros);
        if (!*SyntaxTree)
          toolError(File.path() + ": parsing took too long and was stopped; "
                                  "the file was not analysed");
      }
    }
  }
  return *SyntaxTree ? SyntaxTree->root() : TSNode{};
}

bool FileContext::hasSyntaxErrors() { return firstSyntaxError().has_value(); }

std::optional<SourceLocation> FileContext::firstSyntaxError() {
  // Without a tree of its own, the file need not be parsed for this: the
  // dataflow program recorded it.
  if (!SyntaxTree)
    if (std::optional<DataflowProgram::Syntax> S = Services.syntaxOf(File))
      return S->FirstError ? std::optional(loc(*S->FirstError)) : std::nullopt;
  std::optional<uint32_t> Offset = firstSyntaxErrorOffset(root());
  return Offset ? std::optional(loc(*Offset)) : std::nullopt;
}

void FileContext::forEachMatch(std::string_view Name,
                               llvm::function_ref<void(const QueryMatch &)> OnMatch) {
  auto Q = Services.queries().query(File.language(), Name);
  if (!Q) {
    toolError(llvm::toString(Q.takeError()));
    return;
  }
  // A file the query cannot match is not even parsed for it.
  if (!*Q || !(*Q)->mayMatch(File.content()))
    return;
  TSNode R = root();
  if (ts_node_is_null(R))
    return;
  if (!runQuery(**Q, R, File.content(), OnMatch))
    toolError(File.path() + ": query '" + std::string(Name) +
              "' hit tree-sitter's match limit; results may be incomplete");
}

const deploy::ComposeFile *FileContext::compose() {
  if (File.language() == Language::Json) {
    const deploy::AppComposeManifest *M = appCompose();
    return M && M->Compose ? &*M->Compose : nullptr;
  }
  if (File.language() != Language::Yaml || !Services.isComposeFile(File.path()))
    return nullptr;
  if (!Compose) {
    Compose = deploy::parseCompose(File);
    for (const deploy::DeployIssue &I : Compose->Issues)
      report("tee-tidy-input-error", I.Loc, 0, I.Message, Severity::Error);
  }
  return Compose->Compose ? &*Compose->Compose : nullptr;
}

const deploy::AppComposeManifest *FileContext::appCompose() {
  if (File.language() != Language::Json)
    return nullptr;
  if (!AppComposeResult) {
    AppComposeResult = deploy::parseAppCompose(File);
    for (const deploy::DeployIssue &I : AppComposeResult->Issues)
      report("tee-tidy-input-error", I.Loc, 0, I.Message, Severity::Error);
  }
  return AppComposeResult->Manifest ? &*AppComposeResult->Manifest : nullptr;
}

const deploy::DockerfileModel *FileContext::dockerfile() {
  if (File.language() != Language::Dockerfile)
    return nullptr;
  if (!Docker) {
    Docker = deploy::parseDockerfile(File);
    for (const deploy::DeployIssue &I : Docker->Issues)
      report("tee-tidy-input-error", I.Loc, 0, I.Message, Severity::Error);
  }
  return &Docker->Model;
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

Diagnostic &FileContext::report(const std::string &Check, TSNode N, std::string Message,
                                Severity Level) {
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  // Underline only the first line of a multi-line node.
  std::string_view Text = File.content().substr(B, E - B);
  size_t Len = std::min<size_t>(Text.find('\n'), Text.size());
  Diagnostic &D = report(Check, loc(N), Len, std::move(Message), Level);
  TSNode S = enclosingStatement(N);
  D.StatementFirstLine = ts_node_start_point(S).row + 1;
  D.StatementLastLine = ts_node_end_point(S).row + 1;
  return D;
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

} // namespace teetidy
