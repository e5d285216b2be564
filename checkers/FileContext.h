//===- FileContext.h - What a check sees of a run and of one file -*- C++ -*-===//
#pragma once

#include "checkers/Catalog.h"
#include "deploy/AppCompose.h"
#include "deploy/CodeMap.h"
#include "deploy/ComposeFile.h"
#include "deploy/Deployment.h"
#include "deploy/DeploymentsDoc.h"
#include "deploy/Dockerfile.h"
#include "diag/DataFlow.h"
#include "diag/Diagnostic.h"
#include "program/Program.h"
#include "program/SyntaxTrees.h"
#include "source/FileStore.h"
#include "source/SourceFile.h"
#include "syntax/QueryRunner.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <typeinfo>
#include <vector>

namespace YAML {
class Node;
}

namespace teetidy {

class TeeTidyCheck;

/// What one run shares with the checks of every file: queries and catalogs,
/// the run's files, and the whole-program results the driver builds before
/// any check runs (the deployment model, the dataflow program, the syntax
/// trees it kept). Thread-safe.
class AnalysisServices {
public:
  AnalysisServices(QueryStore &Queries, FileStore &Files) : Queries(Queries), Files(Files) {}

  QueryStore &queries() { return Queries; }
  /// Every file the run reads goes through this store (checks read the
  /// files they consult, such as requirement files, through it).
  FileStore &files() { return Files; }

  /// The catalog \p Parse makes of the YAML model at queries/\p Path, made
  /// once per query store (checks are constructed for every file, and a
  /// language server runs again at each edit) and shared; a failure is
  /// remembered too. The error names `queries/<path>:line:col`.
  /// Catalogs are plain values: parsed YAML is never shared between
  /// threads (yaml-cpp nodes update shared bookkeeping even when read).
  template <typename T>
  llvm::Expected<std::shared_ptr<const T>>
  catalog(const std::string &Path,
          llvm::function_ref<T(const YAML::Node &, CatalogReader &)> Parse);

  /// The deployment files of the run read together; null before the driver
  /// set it.
  const deploy::Deployment *deployment() const { return Deploy.get(); }
  void setDeployment(std::shared_ptr<const deploy::Deployment> D) { Deploy = std::move(D); }
  /// The run's dataflow program; null when no enabled check reads it.
  const program::Program *program() const { return Prog.get(); }
  void setProgram(std::unique_ptr<const program::Program> P) { Prog = std::move(P); }
  /// Which service runs which source file; null before the driver set it.
  const deploy::CodeMap *codeMap() const { return Code.get(); }
  void setCodeMap(std::unique_ptr<const deploy::CodeMap> M) { Code = std::move(M); }
  /// Trees the program kept, and new parses for the other files.
  program::SyntaxTrees &trees() { return Trees; }
  /// YAML files to read as compose files whatever their names (absolute).
  void setExtraComposeFiles(std::set<std::string> Abs) { ExtraCompose = std::move(Abs); }
  const std::set<std::string> &extraComposeFiles() const { return ExtraCompose; }
  /// The file listing documented deployments (--deployments, absolute);
  /// empty: each deployment file's nearest DEPLOYMENTS.md (below).
  void setDeploymentsDoc(std::string Abs) { DeploymentsDocPath = std::move(Abs); }
  /// A documentation file and its parse.
  struct DocumentedDeployments {
    std::string Path; ///< absolute
    deploy::DeploymentsDoc Doc;
  };
  /// The documentation the deployment file at \p Path is compared with: the
  /// --deployments file, else the DEPLOYMENTS.md nearest above it (its own
  /// directory first, up to the deployment root); null when there is none.
  const DocumentedDeployments *deploymentsDocFor(const std::string &Path);
  /// Problems that lose part of what the run reports but not the run (a
  /// documentation file that cannot be read), each once, in order.
  void warn(std::string Message);
  std::vector<std::string> warnings();
  /// Paths of every file of the run (set by the driver before checks run).
  void setRunFiles(std::vector<std::string> Paths) { RunFiles = std::move(Paths); }
  const std::vector<std::string> &runFiles() const { return RunFiles; }

private:
  QueryStore &Queries;
  FileStore &Files;
  std::shared_ptr<const deploy::Deployment> Deploy;
  std::unique_ptr<const program::Program> Prog;
  std::unique_ptr<const deploy::CodeMap> Code;
  program::SyntaxTrees Trees;
  std::vector<std::string> RunFiles;
  std::set<std::string> ExtraCompose;
  std::string DeploymentsDocPath;
  std::mutex DocsLock, WarningsLock;
  std::vector<std::string> Warnings;
  /// Parsed documentation files by path; null for a directory's missing one.
  std::map<std::string, std::unique_ptr<DocumentedDeployments>> Docs;
};

namespace detail {
struct KeptCatalog {
  std::shared_ptr<const void> Value;
  std::string Error;
};
/// The catalog kept under \p Key for the query store \p Serial, made by
/// \p Make (under the cache's lock) the first time; the catalogs of the few
/// most recent stores are kept.
KeptCatalog keptCatalog(uint64_t Serial, const std::string &Key,
                        llvm::function_ref<KeptCatalog()> Make);
} // namespace detail

template <typename T>
llvm::Expected<std::shared_ptr<const T>>
AnalysisServices::catalog(const std::string &Path,
                          llvm::function_ref<T(const YAML::Node &, CatalogReader &)> Parse) {
  detail::KeptCatalog C =
      detail::keptCatalog(Queries.serial(), Path + '\0' + typeid(T).name(), [&] {
        detail::KeptCatalog Made;
        std::shared_ptr<T> Out;
        llvm::Error E = llvm::Error::success();
        if (std::optional<std::string> Text = Queries.file(Path))
          E = readCatalog(Path, *Text, [&](const YAML::Node &Model, CatalogReader &R) {
            Out = std::make_shared<T>(Parse(Model, R));
          });
        else
          E = llvm::createStringError(llvm::inconvertibleErrorCode(),
                                      "queries/%s: model file not found", Path.c_str());
        if (E)
          Made.Error = llvm::toString(std::move(E));
        else
          Made.Value = std::move(Out);
        return Made;
      });
  if (!C.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), C.Error);
  return std::static_pointer_cast<const T>(C.Value);
}

/// One file under analysis: its text, its syntax tree and deployment model,
/// and the diagnostics its checks report.
class FileContext {
public:
  FileContext(const SourceFile &File, AnalysisServices &Services);
  ~FileContext();

  const SourceFile &file() const { return File; }
  Language language() const { return File.language(); }
  AnalysisServices &services() { return Services; }

  /// Root of the tree-sitter tree (null node when the language has no grammar
  /// or parsing was stopped).
  TSNode root();
  /// Location of the first syntax error, if any.
  std::optional<SourceLocation> firstSyntaxError();

  /// Runs query \p Name (see QueryStore::query) over the whole tree; a file
  /// the query cannot match is not parsed for it. The check must name the
  /// query in TeeTidyCheck::queries(). A query file that does not compile is
  /// recorded as a tool error.
  void forEachMatch(std::string_view Name, llvm::function_ref<void(const QueryMatch &)> OnMatch);
  /// Where queries stopped looking deeper (MaxQueryDepth), if they had to.
  std::optional<uint32_t> queryDepthCut() const {
    return Shallow && *Shallow ? std::optional((*Shallow)->FirstCut) : std::nullopt;
  }

  /// The compose model (for compose YAML, and the embedded
  /// docker_compose_file of an app-compose.json), the Dockerfile model and the
  /// dstack manifest, as the deployment read them; null for other files and
  /// for text that could not be read as one (the driver reports why).
  const deploy::ComposeFile *compose();
  const deploy::DockerfileModel *dockerfile();
  const deploy::AppComposeManifest *appCompose();
  /// The Dockerfiles written in this file: the Dockerfile model, or those a
  /// compose file holds: `dockerfile_inline` values, heredocs of a command or
  /// entrypoint that write a Dockerfile, and `configs`/`secrets` contents
  /// that are one (parsed once, their locations in this file).
  std::vector<const deploy::DockerfileModel *> dockerfiles();

  SourceLocation loc(TSNode N) const { return {&File, ts_node_start_byte(N)}; }
  SourceLocation loc(size_t Offset) const { return {&File, Offset}; }

  /// Problems of the tool or its data (a bad query or catalog) met while
  /// checking.
  void toolError(std::string Message) { ToolErrors.push_back(std::move(Message)); }

  std::vector<Diagnostic> &diagnostics() { return Diags; }
  std::vector<std::string> &toolErrors() { return ToolErrors; }
  /// The flows from deployment settings to sinks the checks judged in this
  /// file, reported or not (the audit report draws them).
  std::vector<FlowRecord> &flows() { return Flows; }

private:
  friend class TeeTidyCheck;
  /// Adds a finding of check \p Check (TeeTidyCheck::diag). \p Length bytes
  /// are underlined.
  Diagnostic &report(const std::string &Check, SourceLocation Loc, size_t Length,
                     std::string Message, Severity Level);

  const SourceFile &File;
  AnalysisServices &Services;
  std::optional<Tree> SyntaxTree;
  /// The ranges queries run over, once computed (nullopt inside: the whole
  /// tree).
  std::optional<std::optional<QueryRanges>> Shallow;
  /// The matches of each query run so far, by name.
  std::map<std::string, std::vector<QueryMatch>, std::less<>> Matches;
  std::vector<Diagnostic> Diags;
  std::optional<std::vector<deploy::DockerfileModel>> InlineDockerfiles;
  std::vector<std::string> ToolErrors;
  std::vector<FlowRecord> Flows;
};

/// The outermost node above \p N that still lies inside one statement (the
/// child of a block, module or class body); \p N itself if it has no parent.
TSNode enclosingStatement(TSNode N);

} // namespace teetidy
