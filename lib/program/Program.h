//===- Program.h - The source files of a run, analysed together -*- C++ -*-===//
//
// The whole-program pass of a run. The driver builds it once, eagerly, from
// the files it loaded: every Python, TypeScript, JavaScript, Go and Rust file is parsed
// and lowered (in parallel, under the run's thread pool), imports are
// resolved among the run's files, and the taint engine runs once per
// language family and per set of model rules the enabled checks ask for.
// Per-file checks then read the results and the syntax trees it kept.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "dataflow/Engine.h"
#include "dataflow/Models.h"
#include "diag/Progress.h"
#include "frontend/ClangLowering.h"
#include "ir/IR.h"
#include "program/SyntaxTrees.h"
#include "source/FileStore.h"
#include "source/Language.h"
#include "source/SourceFile.h"

#include "llvm/ADT/DenseMap.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class ThreadPool;
}

namespace teetidy {
class QueryStore;
}

namespace teetidy::program {

/// Model rules a check adds to the models under queries/models/ (from its
/// options), sorted; checks that read the program with equal rules share one
/// taint analysis.
using ModelRules = std::vector<dataflow::ModelRule>;

/// The taint analysis of the program under one set of model rules.
class Taint {
public:
  /// Findings and sources of both families, merged and sorted; Module fields
  /// index the program's files. Made when first asked for: the checks ask
  /// per file.
  const dataflow::Result &result() const;
  /// Findings whose sink is in \p F, in position order.
  std::vector<const dataflow::Finding *> findingsIn(const SourceFile &F) const;
  /// The source of \p F, one of findingsIn()'s.
  const dataflow::SourceInfo &source(const dataflow::Finding &F) const;
  /// Sources read in \p F (environment reads, settings fields, schema
  /// keys), whether or not they reach a sink.
  std::vector<const dataflow::SourceInfo *> sourcesIn(const SourceFile &F) const;
  /// Sources whose fallback is written in \p F, wherever they are read
  /// (`K = read("K")` in one file, `K or "d"` in another).
  std::vector<const dataflow::SourceInfo *> fallbacksIn(const SourceFile &F) const;

private:
  friend class Program;
  const class Program *P = nullptr;
  /// Each family's result (module indices are file indices; findings in no
  /// order; sources whose Module is dataflow::NoModule are gone), owned here
  /// or, for a kept analysis, by the AnalysisCache, which must not update it
  /// while this program is read.
  std::vector<const dataflow::Result *> Parts;
  std::vector<std::unique_ptr<dataflow::Result>> Owned;
  mutable std::mutex MergeLock;
  mutable std::unique_ptr<dataflow::Result> Merged;
};

/// Lowered modules kept from one build to the next (a language server's
/// runs): a file whose path and bytes are unchanged is neither parsed nor
/// lowered again, and its module, with imports resolved as in the last
/// build, is shared rather than copied. Thread-safe.
class LoweringCache {
public:
  struct Entry {
    std::string Content;
    std::shared_ptr<const ir::Module> Module;
    std::optional<uint32_t> FirstSyntaxError;
  };
  struct Hit {
    std::shared_ptr<const ir::Module> Module;
    std::optional<uint32_t> FirstSyntaxError;
  };
  /// The module of \p Path when its content is \p Content.
  std::optional<Hit> find(const std::string &Path, std::string_view Content) const;
  /// Stores a module lowered by this build.
  void store(const std::string &Path, Entry E);
  /// Replaces the module of \p Path (same content) with one whose imports
  /// this build resolved differently.
  void resolved(const std::string &Path, std::shared_ptr<const ir::Module> M);
  /// Files the last build parsed and lowered (not taken from the cache).
  size_t lowered() const { return Lowered; }
  void resetCount() { Lowered = 0; }

private:
  mutable std::mutex Mutex;
  std::map<std::string, Entry> Entries;
  std::atomic<size_t> Lowered{0};
};

/// A problem of the program as a whole (an unusable tsconfig.json, a bad
/// model file, an engine limit), as "path:line:col: message" or a message.
using ProgramProblem = std::string;

/// Taint analyses kept from one build to the next (a language server's
/// runs): when the next build has the same files, only the modules whose
/// content or import resolution changed are analysed again, with what they
/// affect (dataflow::IncrementalAnalysis). Not thread-safe: one build at a
/// time.
class AnalysisCache {
public:
  /// How the last build got each of its analyses: solved anew, or updated
  /// from a kept one (with the functions the update started from).
  struct Stats {
    unsigned Solved = 0, Updated = 0;
    size_t Started = 0, Analyses = 0;
  };
  const Stats &lastBuild() const { return Last; }
  /// After this many updates an analysis is solved anew, which drops what
  /// the updates left behind (slots and paths of replaced modules).
  static constexpr unsigned MaxUpdates = 100;

private:
  friend class Program;
  struct Entry {
    std::unique_ptr<dataflow::IncrementalAnalysis> Analysis;
    /// The IR the analysis reads, per module of its program.
    std::vector<std::shared_ptr<const ir::Module>> Modules;
    std::vector<uint64_t> Fingerprints;
    std::vector<std::string> Paths;
    std::vector<std::vector<std::string>> Names;
    std::vector<ProgramProblem> ModelProblems;
    unsigned Updates = 0;
  };
  std::map<std::pair<ModelRules, int>, Entry> Entries;
  Stats Last;
};

struct ProgramOptions {
  /// Each distinct set of rules gets its taint analysis (taint()).
  std::vector<ModelRules> Variants;
  /// Whether a per-file check will read the syntax tree of \p F: such trees
  /// are kept in \p Trees (in file order, up to KeptTreeBytes of their
  /// source) instead of being parsed again. Null: none is kept.
  std::function<bool(const SourceFile &F)> KeepTree;
  SyntaxTrees *Trees = nullptr;
  size_t KeptTreeBytes = 4u << 20;
  /// What each kept tree costs besides its source: a tree takes about 16
  /// times its source, and at least its parse arena's first chunk (16 KiB),
  /// so that an empty file is not free to keep.
  static constexpr size_t KeptTreeOverhead = 1024;
  /// Budget per parse (1 minute); a file past it is not lowered.
  uint64_t ParseTimeoutMicros = 60'000'000;
  /// Told the build's phases and the files parsed (null: nobody).
  ProgressSink *Progress = nullptr;
  /// Lowered modules of earlier builds (null: none kept).
  LoweringCache *Cache = nullptr;
  /// Taint analyses of earlier builds (null: each build solves anew).
  AnalysisCache *Analyses = nullptr;
  /// Parses and lowers a C or C++ file through Clang with its compile
  /// command (null: C and C++ files are not analysed).
  std::function<frontend::ClangUnit(const SourceFile &F)> LowerNative;
  /// Trees of earlier builds: the files whose trees are kept (KeepTree)
  /// are parsed from their last tree (null: parsed afresh).
  TreeCache *Reparse = nullptr;
  /// Whether a taint analysis solved anew analyses only the functions
  /// a source can reach (kept ones, Analyses, analyse every function);
  /// unset, as onDemandByDefault() says for each language family.
  std::optional<bool> OnDemand;
};

/// Go and Rust programs are solved on demand: most of a module tree there
/// is library code no source reaches. Python and ECMAScript programs reach
/// most of their functions anyway, and the scan that decides costs more
/// than it saves (docs/performance.md).
inline bool onDemandByDefault(LanguageFamily F) {
  return F == LanguageFamily::Go || F == LanguageFamily::Rust;
}

/// Every Python, TypeScript, JavaScript, Go and Rust file of the run, parsed,
/// lowered, resolved and run through the taint engine. The language families
/// are analysed apart (each with its models: queries/models/python/, ecma/,
/// go/ and rust/), since no value crosses from one to the other; their
/// results are merged, with module indices naming the program's files.
class Program {
public:
  /// Builds the program from the script files among \p Files (others are
  /// ignored), parsing and lowering on \p Pool. Configuration files the
  /// resolution consults (tsconfig.json, package.json) are read through
  /// \p Store; models come from \p Models (queries/models/<family>/).
  static std::unique_ptr<Program> build(const std::vector<const SourceFile *> &Files,
                                        FileStore &Store, const QueryStore &Models,
                                        const ProgramOptions &Opts, llvm::ThreadPool &Pool);

  /// Tells programs apart over a process's life (an address may be reused).
  uint64_t serial() const { return Serial; }
  /// The files of the program; module indices of results index this.
  const std::vector<const SourceFile *> &files() const { return Files; }
  const SourceFile &file(uint32_t Module) const { return *Files[Module]; }
  /// The lowered module of \p F, or null when \p F is not part of the
  /// program or its parse was stopped.
  const ir::Module *module(const SourceFile &F) const;
  /// Whether the build parsed \p F completely, and where its first syntax
  /// error is (nullopt inside: none).
  std::optional<std::optional<uint32_t>> syntaxOf(const SourceFile &F) const;
  /// Lowering limits of \p F (deep nesting): offset, message.
  std::vector<std::pair<size_t, std::string>> limitsIn(const SourceFile &F) const;
  /// The taint analysis under \p Rules, which must be one of the variants
  /// the program was built with; null otherwise.
  const Taint *taint(const ModelRules &Rules) const;
  /// Problems of the whole program, each once.
  const std::vector<ProgramProblem> &problems() const { return Problems; }
  /// What the program lost without failing (a tsconfig.json whose base
  /// cannot be found, so its aliases are unknown), each once.
  const std::vector<ProgramProblem> &warnings() const { return Warnings; }

  /// The module index of \p F, when it is part of the program.
  std::optional<uint32_t> indexOf(const SourceFile &F) const;
  /// The program's files \p F imports: ECMAScript imports as resolved,
  /// Python imports by module name (the module, its packages, and a
  /// submodule imported by name) from a directory that holds \p F.
  std::vector<const SourceFile *> importsOf(const SourceFile &F) const;

private:
  /// Go packages and Rust crates: the names each Go and Rust file is
  /// imported by (into \p Names), and their imports made absolute, with a
  /// Go file importing the other files of its package. A module whose
  /// imports change is copied unless \p Fresh says this build made it.
  void resolveNative(FileStore &Store, std::vector<std::vector<std::string>> &Names,
                     std::vector<uint8_t> &Fresh);
  void linkImports(const std::vector<std::vector<std::string>> &Names);

  uint64_t Serial = 0;
  std::vector<const SourceFile *> Files;
  llvm::DenseMap<const SourceFile *, uint32_t> Index;
  /// Per file (an empty module when it was not parsed); shared with the
  /// caches.
  std::vector<std::shared_ptr<const ir::Module>> Modules;
  /// Per file: parsed, and the offset of its first syntax error.
  std::vector<std::optional<std::optional<uint32_t>>> Syntaxes;
  std::map<ModelRules, std::unique_ptr<Taint>> Analyses;
  std::vector<ProgramProblem> Problems, Warnings;
  /// Per file: the indices of the files it imports.
  std::vector<std::vector<uint32_t>> Imports;
};

} // namespace teetidy::program
