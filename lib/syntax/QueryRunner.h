//===- QueryRunner.h - Run a query and apply its predicates -----*- C++ -*-===//
#pragma once

#include "syntax/QueryStore.h"

#include "llvm/ADT/STLFunctionalExtras.h"

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

/// Runs \p Q over \p Root and calls \p OnMatch for each match that satisfies
/// the pattern's predicates (`#eq?`, `#not-eq?`, `#match?`, `#not-match?`,
/// `#any-of?`, `#not-any-of?`; with several nodes for a capture, all must
/// satisfy). Returns false if tree-sitter's match limit was exceeded, so the
/// caller can report that results may be incomplete. Callers that have yet
/// to parse the file ask CompiledQuery::mayMatch first.
bool runQuery(const CompiledQuery &Q, TSNode Root, std::string_view Source,
              llvm::function_ref<void(const QueryMatch &)> OnMatch);

/// Whether one predicate holds for a match (exposed for tests).
bool predicateHolds(const QueryPredicate &P, const TSQueryCapture *Captures, uint32_t CaptureCount,
                    std::string_view Source);

} // namespace teetidy
