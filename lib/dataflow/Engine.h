//===- Engine.h - Taint from configuration into sinks, across files -*- C++ -*-===//
//
// The engine runs over the lowered modules of one program. Values carry
// facts (which configuration sources reach them, each with the path it took)
// and references (which module, function, class, instance or external name
// they denote, so calls and attributes resolve). Functions get summaries:
// which parameters reach the return value, which reach sinks and which are
// stored in object fields. Summaries and shared state (module globals, object
// fields, the references flowing into parameters) are iterated to a fixed
// point over a worklist, recursion included.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "dataflow/Models.h"
#include "ir/IR.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace teetidy::dataflow {

/// The value a source takes when its variable is missing, as the code writes
/// it.
struct Fallback {
  enum Kind : uint8_t {
    String,  ///< a string literal; Text is its value
    Literal, ///< another literal (a number, `True`); Text as written
    NoValue, ///< a literal that stands for no value (`None`, `null`); Text as written
    Computed ///< an expression whose value is not known; Text is empty
  } K = Computed;
  std::string Text;
  /// Where it is written (empty when unknown), in module Module: a fallback
  /// written at a use may lie in another module than its source.
  ir::Range Where;
  uint32_t Module = 0;
  /// It also stands in for a variable set to the empty string (`read("K")
  /// or "d"`); a default argument, `??`, a destructuring or settings
  /// default applies only when the variable is not set.
  bool WhenEmpty = false;
  bool isString() const { return K == String; }
};

/// One configuration read (an environment lookup or a settings field), or
/// one value that code run as such must not take: content downloaded at run
/// time, a file written at run time, input of the request being served, or a
/// literal argument of an image or command sink.
struct SourceInfo {
  enum Kind {
    Environment,
    SettingsField,
    Fetched,
    Written,
    Request,
    Literal,
    Produced
  } K = Environment;
  /// Whether the deployment's environment decides it.
  bool isConfiguration() const { return K == Environment || K == SettingsField; }
  /// Whether it is user data: request input, a model's output, a key.
  bool isUserData() const { return K == Request || K == Produced; }
  /// Request and Produced: "request input", "model output" or "key".
  std::string What;
  /// The environment variable names it answers to (a settings field may
  /// have several: aliases, alias lists).
  std::vector<std::string> Variables;
  /// Matching names ignores case (a settings class whose models say so).
  bool CaseInsensitive = false;
  /// The whole environment (`os.Environ()`): any variable the process
  /// receives; Variables is empty.
  bool AnyVariable = false;
  /// The variables for messages: "A/B", or "any environment variable".
  std::string variablesText() const;
  /// The value used when the variable is missing, if the code gives one. A
  /// fallback written at the use (`read("K") or "d"`, `ENV.K ?? "d"`,
  /// `const { K = "d" } = ENV`) counts too.
  std::optional<Fallback> Default;
  /// Settings fields: the field's type annotation as written ("Secret").
  std::string Annotation;
  /// e.g. "read('LLM_URL')", "field 'llm_url' of settings class 'Settings'"
  /// or "what get(...) downloads".
  std::string Description;
  /// Fetched and Written: the address or the content comes from parameters
  /// of a function that no code of the program calls, so nothing analysed
  /// downloads or writes it.
  bool Unreached = false;
  /// Fetched: the address, when a string literal gives it.
  std::string Address;
  /// Where it is read, or where its settings field is declared (a field of
  /// a base class in another module is declared there); for Fetched, the
  /// whole fetching call; for Literal, the literal.
  uint32_t Module = 0;
  ir::Range Where;
};

/// One hop of a finding's path.
struct PathStep {
  uint32_t Module = 0;
  ir::Range Where;
  std::string Message;
};

struct Finding {
  dataflow::SinkKind SinkKind = dataflow::SinkKind::Endpoint;
  std::string Callee;  ///< qualified, e.g. "llm.Client"
  std::string Display; ///< e.g. "Client(base_url=...)"
  std::string Library;
  std::string Store; ///< the sink's `store:` category, if any
  /// Data sinks: where the data goes (a file's path, a key) when a string
  /// literal gives it.
  std::string Target;
  uint32_t Module = 0;
  ir::Range Where;            ///< the destination argument
  ir::Range CallWhere;        ///< the whole call
  uint32_t Source = 0;        ///< index into Result::Sources
  std::vector<PathStep> Path; ///< from the source to the sink
};

struct EngineOptions {
  /// Analyses of each function (on average) before giving up on a fixed
  /// point; a function is analysed again only when something it read changed.
  unsigned MaxRounds = 40;
  /// Hops kept per path; longer paths keep their first hops.
  unsigned MaxPathLength = 40;
  /// Keep what IncrementalAnalysis::update() needs (who wrote each slot,
  /// who reported each finding); costs time and memory.
  bool Incremental = false;
  /// Analyse only the functions a source, a model's name or a request can
  /// reach (docs/design.md, "Functions analysed on demand"); without it,
  /// every function. Incremental analysis analyses every function.
  bool OnDemand = false;
};

struct Result {
  /// Every source read by the program, and every field of every settings
  /// class, whether or not it reaches a sink.
  std::vector<SourceInfo> Sources;
  std::vector<Finding> Findings;
  /// Limits hit (no fixed point within MaxRounds, ...), as messages.
  std::vector<std::string> Limits;
  /// Analyses per function until the fixed point, rounded up (benchmarks).
  unsigned Rounds = 0;
  /// Function analyses run in all (benchmarks).
  size_t Analyses = 0;
  /// Functions analysed at least once (benchmarks).
  size_t Analysed = 0;
};

/// The Module of a source that no longer exists (an incremental update's
/// view keeps its place).
constexpr uint32_t NoModule = ~0u;

/// One module of the program, with what imports name it by.
struct ProgramModule {
  /// Where the module's file is: imports that the program layer resolved to
  /// a file name it (ir::Import::ResolvedPath).
  std::string Path;
  const ir::Module *Module = nullptr;
  /// The dotted names other modules import it by (`app.settings`), best
  /// last; when several modules answer to a name, the importer's nearest
  /// wins. Empty for modules imported by path only.
  std::vector<std::string> Names;
};

/// Analyses \p Program. Findings are sorted by module and position.
Result analyse(const std::vector<ProgramModule> &Program, const Models &M,
               const EngineOptions &Opts = {});

class Engine;

/// An analysis kept after its solve, which takes changed modules and solves
/// again from what they change only (a language server's edits). The result
/// is that of a new analysis of the changed program, up to the paths chosen
/// when several lead to a finding and the order of sources.
class IncrementalAnalysis {
public:
  /// Solves \p Program (whose IR must outlive the analysis or the update
  /// that replaces it).
  IncrementalAnalysis(std::vector<ProgramModule> Program, std::shared_ptr<const Models> M,
                      EngineOptions Opts = {});
  ~IncrementalAnalysis();
  IncrementalAnalysis(const IncrementalAnalysis &) = delete;
  IncrementalAnalysis &operator=(const IncrementalAnalysis &) = delete;

  /// Module I of \p Changed (an index into program()) has the IR
  /// Changed[I].second now; its path and names are unchanged.
  void update(const std::vector<std::pair<uint32_t, const ir::Module *>> &Changed);
  /// The result of the last solve as the engine keeps it, valid until the
  /// next update: findings in no order, and sources that are gone in place,
  /// with Module NoModule.
  const Result &view() const;
  const std::vector<ProgramModule> &program() const { return Program; }
  /// Function analyses of the last solve, and the functions it started from
  /// (all of them for the first).
  size_t lastAnalyses() const;
  size_t lastStarted() const;

private:
  std::vector<ProgramModule> Program;
  std::shared_ptr<const Models> M;
  EngineOptions Opts;
  std::unique_ptr<Engine> E;
};

} // namespace teetidy::dataflow
