//===- SyntaxTrees.h - Syntax trees handed to per-file checks ---*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <mutex>

namespace teetidy::program {

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

private:
  uint64_t ParseTimeoutMicros;
  mutable std::mutex Mutex;
  llvm::DenseMap<const SourceFile *, Tree> Kept;
};

/// Parses \p F with its language's grammar within \p TimeoutMicros (0: no
/// limit); a null Tree when it has no grammar or the parse was stopped.
Tree parseFile(const SourceFile &F, uint64_t TimeoutMicros);

} // namespace teetidy::program
