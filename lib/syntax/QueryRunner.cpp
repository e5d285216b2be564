#include "syntax/QueryRunner.h"

#include <algorithm>

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

bool runQuery(const CompiledQuery &Q, TSNode Root, std::string_view Source,
              llvm::function_ref<void(const QueryMatch &)> OnMatch) {
  QueryCursor Cursor;
  ts_query_cursor_exec(Cursor.get(), Q.get(), Root);
  TSQueryMatch M;
  QueryMatch Match;
  Match.Query = &Q;
  while (ts_query_cursor_next_match(Cursor.get(), &M)) {
    bool Holds = true;
    for (const QueryPredicate &P : Q.predicates(M.pattern_index))
      if (!predicateHolds(P, M.captures, M.capture_count, Source)) {
        Holds = false;
        break;
      }
    if (!Holds)
      continue;
    Match.Pattern = M.pattern_index;
    Match.Captures.assign(M.captures, M.captures + M.capture_count);
    OnMatch(Match);
  }
  return !ts_query_cursor_did_exceed_match_limit(Cursor.get());
}

} // namespace teetidy
