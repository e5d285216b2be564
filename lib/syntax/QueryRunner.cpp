#include "syntax/QueryRunner.h"

#include <algorithm>
#include <cstdint>
#include <set>

namespace teetidy {

TSNode QueryMatch::capture(std::string_view Name) const {
  uint32_t Id = Query->captureId(Name);
  for (const TSQueryCapture &C : Captures)
    if (C.index == Id)
      return C.node;
  return TSNode{};
}

std::vector<TSNode> QueryMatch::captures(std::string_view Name) const {
  std::vector<TSNode> Out;
  uint32_t Id = Query->captureId(Name);
  for (const TSQueryCapture &C : Captures)
    if (C.index == Id)
      Out.push_back(C.node);
  return Out;
}

std::string_view QueryMatch::property(std::string_view Key) const {
  const auto &Props = Query->properties(Pattern);
  auto It = Props.find(std::string(Key));
  return It == Props.end() ? std::string_view() : std::string_view(It->second);
}

bool predicateHolds(const QueryPredicate &P, const TSQueryCapture *Captures, uint32_t CaptureCount,
                    std::string_view Source) {
  using K = QueryPredicate::Kind;
  auto TextOf = [&](uint32_t Id, std::vector<std::string_view> &Out) {
    for (uint32_t I = 0; I < CaptureCount; ++I)
      if (Captures[I].index == Id)
        Out.push_back(nodeText(Captures[I].node, Source));
  };
  std::vector<std::string_view> Texts;
  TextOf(P.Capture, Texts);
  // A capture that matched nothing (optional or quantified) passes, as in
  // tree-sitter's own CLI.
  std::vector<std::string_view> Others;
  if (P.OtherCapture)
    TextOf(*P.OtherCapture, Others);
  for (std::string_view T : Texts) {
    bool Ok = true;
    switch (P.Op) {
    case K::Eq:
    case K::NotEq: {
      bool Equal;
      if (P.OtherCapture)
        Equal = !Others.empty() && std::all_of(Others.begin(), Others.end(),
                                               [&](std::string_view O) { return O == T; });
      else
        Equal = T == P.Values[0];
      Ok = (P.Op == K::Eq) == Equal;
      break;
    }
    case K::Match:
    case K::NotMatch:
      Ok = (P.Op == K::Match) == P.Pattern->match(llvm::StringRef(T.data(), T.size()));
      break;
    case K::AnyOf:
    case K::NotAnyOf: {
      bool Found = std::find(P.Values.begin(), P.Values.end(), T) != P.Values.end();
      Ok = (P.Op == K::AnyOf) == Found;
      break;
    }
    }
    if (!Ok)
      return false;
  }
  return true;
}

std::optional<QueryRanges> shallowRanges(TSNode Root, uint32_t MaxDepth) {
  if (ts_node_is_null(Root))
    return std::nullopt;
  QueryRanges Out;
  uint32_t From = ts_node_start_byte(Root);
  bool Cut = false;
  TSTreeCursor C = ts_tree_cursor_new(Root);
  uint32_t Depth = 0;
  for (;;) {
    TSNode N = ts_tree_cursor_current_node(&C);
    if (Depth >= MaxDepth && ts_node_child_count(N) > 0) {
      // Skip the subtree: the range so far ends where it starts.
      uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
      if (!Cut)
        Out.FirstCut = B;
      Cut = true;
      if (B > From)
        Out.Ranges.emplace_back(From, B);
      From = std::max(From, E);
    } else if (ts_tree_cursor_goto_first_child(&C)) {
      ++Depth;
      continue;
    }
    // Next sibling, else up until one has a next sibling.
    while (!ts_tree_cursor_goto_next_sibling(&C)) {
      if (Depth == 0 || !ts_tree_cursor_goto_parent(&C)) {
        ts_tree_cursor_delete(&C);
        if (!Cut)
          return std::nullopt;
        if (ts_node_end_byte(Root) > From)
          Out.Ranges.emplace_back(From, ts_node_end_byte(Root));
        return Out;
      }
      --Depth;
    }
  }
}

bool runQuery(const CompiledQuery &Q, TSNode Root, std::string_view Source,
              llvm::function_ref<void(const QueryMatch &)> OnMatch, const QueryRanges *Ranges) {
  QueryCursor Cursor;
  TSQueryMatch M;
  QueryMatch Match;
  Match.Query = &Q;
  bool Complete = true;
  // A node that spans several ranges (an ancestor of a skipped subtree) can
  // be matched from each of them.
  std::set<std::vector<uint32_t>> Seen;
  auto Run = [&](uint32_t Begin, uint32_t End) {
    ts_query_cursor_set_byte_range(Cursor.get(), Begin, End);
    ts_query_cursor_exec(Cursor.get(), Q.get(), Root);
    while (ts_query_cursor_next_match(Cursor.get(), &M)) {
      bool Holds = true;
      for (const QueryPredicate &P : Q.predicates(M.pattern_index))
        if (!predicateHolds(P, M.captures, M.capture_count, Source)) {
          Holds = false;
          break;
        }
      if (!Holds)
        continue;
      if (Ranges) {
        std::vector<uint32_t> Key{M.pattern_index};
        for (uint32_t I = 0; I < M.capture_count; ++I)
          Key.insert(Key.end(),
                     {M.captures[I].index, ts_node_start_byte(M.captures[I].node),
                      ts_node_end_byte(M.captures[I].node), ts_node_symbol(M.captures[I].node)});
        if (!Seen.insert(std::move(Key)).second)
          continue;
      }
      Match.Pattern = M.pattern_index;
      Match.Captures.assign(M.captures, M.captures + M.capture_count);
      OnMatch(Match);
    }
    Complete = Complete && !ts_query_cursor_did_exceed_match_limit(Cursor.get());
  };
  if (!Ranges)
    Run(0, UINT32_MAX);
  else
    for (const auto &[Begin, End] : Ranges->Ranges)
      Run(Begin, End);
  return Complete;
}

} // namespace teetidy
