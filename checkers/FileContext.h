//===- FileContext.h - What a check sees of one file ------------*- C++ -*-===//
#pragma once

#include "checkers/DataflowProgram.h"
#include "deploy/AppCompose.h"
#include "deploy/ComposeFile.h"
#include "deploy/Deployment.h"
#include "deploy/Dockerfile.h"
#include "diag/Diagnostic.h"
#include "source/SourceFile.h"
#include "syntax/QueryRunner.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace teetidy {

/// Shared, thread-safe services of one run: query and model files.
class AnalysisServices {
public:
  explicit AnalysisServices(QueryStore &Queries) : Queries(Queries) {}
  QueryStore &queries() { return Queries; }
  /// A YAML model file under queries/ (e.g. "models/tls-environment.yaml"),
  /// parsed once. An Error names file:line:col for bad YAML or a missing file.
  llvm::Expected<std::shared_ptr<const YAML::Node>> model(const std::string &Path);
  /// Held while a model is read: yaml-cpp nodes share bookkeeping that even
  /// const access and node assignment change, so one thread reads at a time.
  std::recursive_mutex &modelReadMutex() { return ModelReadMutex; }
  /// The object \p Build makes, made once per run under \p Key and shared
  /// (checks are constructed for every file; what they derive from the models
  /// is not). A null result is kept too.
  template <typename T>
  std::shared_ptr<const T> shared(const std::string &Key,
                                  const std::function<std::shared_ptr<const T>()> &Build) {
    std::lock_guard<std::mutex> Lock(SharedMutex);
    auto [It, New] = Shared.try_emplace(Key);
    if (New)
      It->second = Build();
    return std::static_pointer_cast<const T>(It->second);
  }
  /// The deployment files of the run read together (set by the driver
  /// before checks run); null when none was built.
  const deploy::Deployment *deployment() const { return Deploy.get(); }
  void setDeployment(std::shared_ptr<const deploy::Deployment> D) { Deploy = std::move(D); }
  /// YAML files to read as compose files whatever their names (absolute).
  void setExtraComposeFiles(std::set<std::string> Abs) { ExtraCompose = std::move(Abs); }
  /// Whether \p Path is read as a compose file: by its name, or named by
  /// --compose.
  bool isComposeFile(const std::string &Path) const;
  /// Every file of the run (set by the driver before checks run).
  void setRunFiles(std::vector<std::string> Paths, LoadOptions Load) {
    RunFiles = std::move(Paths);
    RunLoad = Load;
  }
  const std::vector<std::string> &runFiles() const { return RunFiles; }
  /// The run's Python, TypeScript and JavaScript files analysed together with \p Extras, built once
  /// per distinct Extras on first use; safe to call from several threads.
  const DataflowProgram &dataflowProgram(const ModelExtras &Extras);
  /// The syntax tree a dataflow program built for \p F kept (see
  /// DataflowProgram::takeTree), if any. Waits while a program is built.
  std::optional<Tree> takeTree(const SourceFile &F);
  /// Whether a dataflow program found syntax errors in \p F, and where the
  /// first is; nullopt when no program parsed it. Waits while one is built.
  std::optional<DataflowProgram::Syntax> syntaxOf(const SourceFile &F);

private:
  QueryStore &Queries;
  std::shared_ptr<const deploy::Deployment> Deploy;
  std::vector<std::string> RunFiles;
  std::set<std::string> ExtraCompose;
  LoadOptions RunLoad;
  std::mutex ProgramMutex;
  std::recursive_mutex ModelReadMutex;
  std::mutex SharedMutex;
  std::map<std::string, std::shared_ptr<const void>> Shared;
  std::map<ModelExtras, std::unique_ptr<DataflowProgram>> Programs;
  std::mutex Mutex;
  std::map<std::string, std::shared_ptr<const YAML::Node>> Models;
};

/// One file under analysis: its text, its syntax tree or deployment model
/// (built on first use), and the diagnostics checks report on it.
class FileContext {
public:
  FileContext(const SourceFile &File, AnalysisServices &Services);
  ~FileContext();

  const SourceFile &file() const { return File; }
  Language language() const { return File.language(); }
  AnalysisServices &services() { return Services; }

  /// Root of the tree-sitter tree (null node when the language has no grammar
  /// or parsing was cancelled).
  TSNode root();
  /// Whether the tree holds ERROR or MISSING nodes.
  bool hasSyntaxErrors();
  /// Location of the first syntax error, if any.
  std::optional<SourceLocation> firstSyntaxError();

  /// Runs query \p Name (see QueryStore::query) over the whole tree. A query
  /// file that does not compile is recorded as a tool error.
  void forEachMatch(std::string_view Name, llvm::function_ref<void(const QueryMatch &)> OnMatch);

  /// The compose model (for compose YAML, and the embedded
  /// docker_compose_file of an app-compose.json) and Dockerfile model, parsed
  /// once; null for other files. Their parse issues are reported as errors.
  const deploy::ComposeFile *compose();
  const deploy::DockerfileModel *dockerfile();
  /// The dstack manifest of an app-compose.json (Language::Json), parsed
  /// once; null for other files or when it is not a JSON object. Its issues
  /// are reported as errors.
  const deploy::AppComposeManifest *appCompose();

  SourceLocation loc(TSNode N) const { return {&File, ts_node_start_byte(N)}; }
  SourceLocation loc(size_t Offset) const { return {&File, Offset}; }

  /// Reports a finding. \p Length bytes are underlined.
  Diagnostic &report(const std::string &Check, SourceLocation Loc, size_t Length,
                     std::string Message, Severity Level = Severity::Warning);
  /// Reports at a node, and records the enclosing statement's lines so a
  /// NOLINT on its first or last line applies.
  Diagnostic &report(const std::string &Check, TSNode N, std::string Message,
                     Severity Level = Severity::Warning);

  /// Problems of the tool or its data (bad query file) met while checking.
  void toolError(std::string Message) { ToolErrors.push_back(std::move(Message)); }

  std::vector<Diagnostic> &diagnostics() { return Diags; }
  std::vector<std::string> &toolErrors() { return ToolErrors; }

private:
  const SourceFile &File;
  AnalysisServices &Services;
  std::optional<Tree> SyntaxTree;
  std::optional<deploy::ComposeParseResult> Compose;
  std::optional<deploy::DockerfileParseResult> Docker;
  std::optional<deploy::AppComposeParseResult> AppComposeResult;
  std::vector<Diagnostic> Diags;
  std::vector<std::string> ToolErrors;
};

/// The outermost node above \p N that still lies inside one statement (the
/// child of a block, module or class body); \p N itself if it has no parent.
TSNode enclosingStatement(TSNode N);

/// Reads the YAML model at queries/\p Path and hands it to \p Read. A missing
/// model, a YAML error or an std::runtime_error thrown by \p Read (a value
/// of the wrong shape) becomes a tool error naming the file; returns whether
/// it was read.
template <typename ReadFn> bool readModel(FileContext &Ctx, const std::string &Path, ReadFn Read) {
  auto Model = Ctx.services().model(Path);
  if (!Model) {
    Ctx.toolError(llvm::toString(Model.takeError()));
    return false;
  }
  std::lock_guard<std::recursive_mutex> Lock(Ctx.services().modelReadMutex());
  try {
    Read(**Model);
    return true;
  } catch (const YAML::Exception &E) {
    Ctx.toolError("queries/" + Path + ":" + std::to_string(E.mark.line + 1) + ": " + E.msg);
  } catch (const std::runtime_error &E) {
    Ctx.toolError("queries/" + Path + ": " + E.what());
  }
  return false;
}

} // namespace teetidy
