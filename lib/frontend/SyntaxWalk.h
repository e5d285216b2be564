//===- SyntaxWalk.h - Fast tree-sitter access for the lowerings -*- C++ -*-===//
//
// Helpers shared by the lowerings (internal to lib/frontend):
//  - SymbolTable: what a lowering needs to know about each symbol of a
//    grammar, computed once from the symbol's name, so that nodes are told
//    apart by ts_node_symbol instead of comparing type names. Symbol ids
//    differ between grammars (TypeScript, TSX and JavaScript too), so the
//    tables are built per TSLanguage (perLanguage).
//  - CursorPool and Children: child walks that reuse tree cursors; a new
//    cursor allocates its stack, and indexing children one by one costs
//    time proportional to the index in tree-sitter (but the first child by
//    index is cheaper than a cursor walk).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend::walk {

/// One T per grammar, constructed from the TSLanguage on first use and kept
/// for the life of the process. Thread-safe; meant to be called once per
/// lowered file, not per node.
template <class T> const T &perLanguage(const TSLanguage *L) {
  static std::mutex Mu;
  static std::vector<std::pair<const TSLanguage *, std::unique_ptr<T>>> Cache;
  std::lock_guard<std::mutex> Lock(Mu);
  for (auto &[Lang, Value] : Cache)
    if (Lang == L)
      return *Value;
  Cache.emplace_back(L, std::make_unique<T>(L));
  return *Cache.back().second;
}

/// The field id of \p Name in \p L, 0 if the grammar has no such field.
inline TSFieldId fieldId(const TSLanguage *L, const char *Name) {
  return ts_language_field_id_for_name(L, Name, static_cast<uint32_t>(std::strlen(Name)));
}

/// Info for every symbol of a grammar, from Classify(name). ts_node_symbol
/// gives the public symbol, which has the node's type name.
template <class Info> class SymbolTable {
public:
  template <class Classify> SymbolTable(const TSLanguage *L, Classify F) {
    uint32_t Count = ts_language_symbol_count(L);
    Table.reserve(Count);
    for (uint32_t S = 0; S < Count; ++S) {
      const char *Name = ts_language_symbol_name(L, static_cast<TSSymbol>(S));
      Table.push_back(F(std::string_view(Name ? Name : "")));
    }
    Error = F(std::string_view("ERROR"));
  }
  const Info &operator[](TSSymbol S) const {
    return S < Table.size() ? Table[S] : Error; // ERROR is symbol 0xFFFF
  }

private:
  std::vector<Info> Table;
  Info Error;
};

/// Tree cursors for reuse within one lowering (not thread-safe).
class CursorPool {
public:
  CursorPool() = default;
  CursorPool(const CursorPool &) = delete;
  CursorPool &operator=(const CursorPool &) = delete;
  ~CursorPool() {
    for (TSTreeCursor &C : Free)
      ts_tree_cursor_delete(&C);
  }
  /// A cursor at \p N; give it back when done.
  TSTreeCursor take(TSNode N) {
    if (Free.empty())
      return ts_tree_cursor_new(N);
    TSTreeCursor C = Free.back();
    Free.pop_back();
    ts_tree_cursor_reset(&C, N);
    return C;
  }
  void give(TSTreeCursor C) { Free.push_back(C); }

private:
  std::vector<TSTreeCursor> Free;
};

/// The kind \p Table gives the symbol name \p Name (the lowerings' tables
/// of the node types they tell apart), else the kind's zero value (Other).
template <class KindT, size_t N>
KindT kindNamed(std::string_view Name, const std::pair<std::string_view, KindT> (&Table)[N]) {
  for (const auto &[TableName, K] : Table)
    if (TableName == Name)
      return K;
  return KindT{};
}

/// The value of the digits in \p Digits in base \p Base (at most 16);
/// other characters (`{`, `}`, `_` in `\u{1_F600}`) are skipped.
inline uint32_t digitsValue(std::string_view Digits, unsigned Base) {
  uint32_t V = 0;
  for (char H : Digits) {
    unsigned D = H >= '0' && H <= '9'   ? static_cast<unsigned>(H - '0')
                 : H >= 'a' && H <= 'f' ? static_cast<unsigned>(H - 'a' + 10)
                 : H >= 'A' && H <= 'F' ? static_cast<unsigned>(H - 'A' + 10)
                                        : Base;
    if (D < Base)
      V = V * Base + D;
  }
  return V;
}

/// Keeps every named child (comments included).
struct AnyNamed {
  static constexpr bool NamedOnly = true;
  bool operator()(TSNode) const { return true; }
};

/// A child and the field it is stored under (0 for none).
struct FieldedChild {
  TSFieldId Field;
  TSNode Node;
};

/// The children of a node that satisfy Keep(TSNode), for range-for, without
/// allocation. With WithField the elements are FieldedChild, else TSNode.
/// A Keep with `static constexpr bool NamedOnly = true` is asked about named
/// children only. One walk with a pooled cursor, which stops after the last
/// child (named child with NamedOnly) that ts_node_child_count
/// (ts_node_named_child_count) announces, so trailing tokens are not
/// visited. Without WithField, a node with at most MaxIndexed such children
/// is read by index, without a cursor (see indexed()). Only one iteration
/// per range object.
template <class Keep, bool WithField = false> class Children {
  static constexpr bool NamedOnly = [] {
    if constexpr (requires { Keep::NamedOnly; })
      return Keep::NamedOnly;
    else
      return false;
  }();

public:
  Children(CursorPool &Pool, TSNode N, Keep K) : Pool(Pool), Parent(N), K(std::move(K)) {}
  ~Children() {
    if (Walking)
      Pool.give(Cursor);
  }
  Children(const Children &) = delete;
  Children &operator=(const Children &) = delete;

  class Iterator {
  public:
    Iterator(Children *R, bool Done) : R(R), Done(Done) {}
    auto operator*() const {
      if constexpr (WithField)
        return FieldedChild{ts_tree_cursor_current_field_id(&R->Cursor), R->Current};
      else
        return R->Current;
    }
    Iterator &operator++() {
      Done = !R->next();
      return *this;
    }
    bool operator!=(const Iterator &O) const { return Done != O.Done; }

  private:
    Children *R;
    bool Done;
  };

  Iterator begin() { return Iterator(this, !first()); }
  Iterator end() { return Iterator(this, true); }

private:
  CursorPool &Pool;
  TSNode Parent;
  Keep K;
  TSNode Current{};
  TSTreeCursor Cursor{};
  uint32_t Left = 0;    // children still to visit (named ones with NamedOnly)
  bool Walking = false; // Cursor is taken from Pool

  /// Moves to the first kept child; false if there is none.
  bool first() {
    Left = NamedOnly ? ts_node_named_child_count(Parent) : ts_node_child_count(Parent);
    if (Left == 0)
      return false;
    if constexpr (!WithField) {
      if (Left <= MaxIndexed) {
        Count = Left;
        Index = 0;
        return indexed();
      }
    }
    Cursor = Pool.take(Parent);
    Walking = true;
    return ts_tree_cursor_goto_first_child(&Cursor) && visit();
  }
  /// Moves to the next kept child; false at the end.
  bool next() {
    if constexpr (!WithField)
      if (Count)
        return indexed();
    return Walking && Left && ts_tree_cursor_goto_next_sibling(&Cursor) && visit();
  }
  /// A few children are read by index. Reaching child i takes i + 1 steps
  /// of tree-sitter's child iterator, which are cheaper than cursor steps:
  /// up to three children, the indexed reads execute fewer instructions
  /// than a cursor walk (callgrind, lowering the standard library: 2.2 %
  /// fewer in all with a limit of 3, fewer saved with 6).
  static constexpr uint32_t MaxIndexed = 3;
  uint32_t Index = 0, Count = 0;
  bool indexed() {
    while (Index < Count) {
      Current = NamedOnly ? ts_node_named_child(Parent, Index) : ts_node_child(Parent, Index);
      ++Index;
      if (K(Current))
        return true;
    }
    return false;
  }
  /// From the cursor's child, moves to the first kept one; false if none.
  bool visit() {
    for (;;) {
      Current = ts_tree_cursor_current_node(&Cursor);
      if (!NamedOnly || ts_node_is_named(Current)) {
        --Left;
        if (K(Current))
          return true;
      }
      if (!Left || !ts_tree_cursor_goto_next_sibling(&Cursor))
        return false;
    }
  }
};

/// Calls \p Visit on every node under \p Root (itself first), in document
/// order, without recursion; \p Visit returns false to stop the walk.
template <typename Fn> void preorder(TSNode Root, Fn &&Visit) {
  TSTreeCursor C = ts_tree_cursor_new(Root);
  for (;;) {
    if (!Visit(ts_tree_cursor_current_node(&C)))
      break;
    if (ts_tree_cursor_goto_first_child(&C))
      continue;
    bool More = false;
    while (!(More = ts_tree_cursor_goto_next_sibling(&C)))
      if (!ts_tree_cursor_goto_parent(&C))
        break;
    if (!More)
      break;
  }
  ts_tree_cursor_delete(&C);
}

} // namespace teetidy::frontend::walk
