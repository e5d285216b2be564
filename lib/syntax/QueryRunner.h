//===- QueryRunner.h - Run a query and apply its predicates -----*- C++ -*-===//
#pragma once

#include "syntax/QueryStore.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <string_view>
#include <vector>

namespace teetidy {

/// One match whose predicates all hold.
struct QueryMatch {
  const CompiledQuery *Query = nullptr;
  uint32_t Pattern = 0;
  std::vector<TSQueryCapture> Captures;

  /// The first node captured as \p Name, or a null node.
  TSNode capture(std::string_view Name) const;
  /// Every node captured as \p Name.
  std::vector<TSNode> captures(std::string_view Name) const;
  /// A `#set!` property of the matched pattern, or "".
  std::string_view property(std::string_view Key) const;
};

/// Syntax nesting past which queries do not look: tree-sitter's query
/// cursor keeps states for every open ancestor, so a match over code nested
/// N deep costs O(N^2) (`f(f(...))` 10,000 deep took 20 s).
constexpr uint32_t MaxQueryDepth = 1000;

/// The parts of a tree queries run over when some of it is nested deeper
/// than a bound: byte ranges in order, which skip each subtree rooted at that
/// depth.
struct QueryRanges {
  std::vector<std::pair<uint32_t, uint32_t>> Ranges;
  /// Where the first skipped subtree starts.
  uint32_t FirstCut = 0;
};

/// The ranges of \p Root above depth \p MaxDepth; nullopt when no node is
/// that deep (queries then run over the whole tree). One walk of the tree,
/// iterative.
std::optional<QueryRanges> shallowRanges(TSNode Root, uint32_t MaxDepth = MaxQueryDepth);

/// Runs \p Q over \p Root and calls \p OnMatch for each match that satisfies
/// the pattern's predicates (`#eq?`, `#not-eq?`, `#match?`, `#not-match?`,
/// `#any-of?`, `#not-any-of?`; with several nodes for a capture, all must
/// satisfy). Returns false if tree-sitter's match limit was exceeded, so the
/// caller can report that results may be incomplete. Callers that have yet
/// to parse the file ask CompiledQuery::mayMatch first.
/// With \p Ranges, only matches inside them are found (each once).
bool runQuery(const CompiledQuery &Q, TSNode Root, std::string_view Source,
              llvm::function_ref<void(const QueryMatch &)> OnMatch,
              const QueryRanges *Ranges = nullptr);

/// Whether one predicate holds for a match (exposed for tests).
bool predicateHolds(const QueryPredicate &P, const TSQueryCapture *Captures, uint32_t CaptureCount,
                    std::string_view Source);

} // namespace teetidy
