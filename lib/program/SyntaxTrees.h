//===- SyntaxTrees.h - Syntax trees handed to per-file checks ---*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/DenseMap.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace teetidy::program {

class TreeCache;

/// The syntax trees of a run's files: the trees the program build kept for
/// the per-file checks, and new parses for the others. Files are identified
/// by object (the run loads each once). Thread-safe.
class SyntaxTrees {
public:
  /// \p ParseTimeoutMicros bounds each new parse (0: none).
  explicit SyntaxTrees(uint64_t ParseTimeoutMicros = 60'000'000)
      : ParseTimeoutMicros(ParseTimeoutMicros) {}

  /// Keeps \p T as the tree of \p F until take() asks for it.
  void keep(const SourceFile &F, Tree T);
  /// The tree of \p F: the kept one (handed out once), else a new parse. A
  /// null Tree when \p F's language has no grammar or the parse ran out of
  /// its budget.
  Tree take(const SourceFile &F);
  /// Whether a tree of \p F is kept.
  bool holds(const SourceFile &F) const;
  uint64_t parseTimeoutMicros() const { return ParseTimeoutMicros; }
  /// New parses go through \p C (null: none), which keeps their trees for
  /// the next run.
  void setReparse(TreeCache *C) { Reparse = C; }

private:
  uint64_t ParseTimeoutMicros;
  TreeCache *Reparse = nullptr;
  mutable std::mutex Mutex;
  llvm::DenseMap<const SourceFile *, Tree> Kept;
};

/// Parses \p F with its language's grammar within \p TimeoutMicros (0: no
/// limit); a null Tree when it has no grammar or the parse was stopped.
Tree parseFile(const SourceFile &F, uint64_t TimeoutMicros);

/// The trees of some files kept from one build to the next (a language
/// server's open documents): the next parse of the same path starts from the
/// last tree, with tree-sitter's incremental parsing, so an edit costs what
/// it changes. Thread-safe.
class TreeCache {
public:
  /// Parses \p F, from the tree of its path's last parse when there is one.
  Tree parse(const SourceFile &F, uint64_t TimeoutMicros);
  /// Drops the trees of the paths \p Keep does not hold.
  void retain(const std::function<bool(const std::string &Path)> &Keep);
  /// Parses of the last build (since resetCount()) that started from a
  /// kept tree.
  size_t reparsed() const { return Reparsed; }
  void resetCount() { Reparsed = 0; }
  /// A reparse keeps the memory of the trees it started from; after this
  /// many in a row the file is parsed afresh.
  static constexpr unsigned MaxGeneration = 16;

private:
  struct Entry {
    std::string Text; ///< as parsed (see parseFile)
    Language Lang;
    Tree T;
  };
  std::mutex Mutex;
  std::map<std::string, Entry> Entries;
  std::atomic<size_t> Reparsed{0};
};

} // namespace teetidy::program
