#include "checkers/FileContext.h"

#include "syntax/Grammars.h"

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

std::vector<const deploy::DockerfileModel *> FileContext::dockerfiles() {
  if (const deploy::DockerfileModel *D = dockerfile())
    return {D};
  if (!InlineDockerfiles) {
    InlineDockerfiles.emplace();
    if (const deploy::ComposeFile *C = compose())
      for (const deploy::ComposeService &S : C->Services)
        if (S.Build && S.Build->DockerfileInline && S.Build->DockerfileInline->Loc.File == &File) {
          const deploy::ComposeScalar &Text = *S.Build->DockerfileInline;
          InlineDockerfiles->push_back(deploy::parseDockerfile(File, Text.Text, [&Text](size_t I) {
                                         return Text.fileOffset(I);
                                       }).Model);
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

} // namespace teetidy
