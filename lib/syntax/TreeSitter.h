//===- TreeSitter.h - RAII wrappers over the tree-sitter C API --*- C++ -*-===//
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace teetidy {

/// The memory of one parse: every allocation tree-sitter makes while
/// Parser::parse runs, the tree's included. A tree is freed by dropping its
/// arena instead of by walking it (see TreeSitter.cpp).
class ParseArena;
struct ParseArenaDeleter {
  void operator()(ParseArena *A) const;
};

/// Frees the chunks of freed parse arenas that the calling thread keeps for
/// its next parses (a few megabytes at most).
void releaseParseMemory();

/// Parses with a grammar. Each parse runs a TSParser of its own, in the
/// parse's arena; a Parser only remembers the grammar (one per thread).
class Parser {
public:
  /// Sets the grammar; returns false if the runtime rejects its ABI.
  bool setLanguage(const TSLanguage *Lang);
  /// Parses \p Text into a tree that owns its memory (a ParseArena). Never
  /// fails on bad input (errors become ERROR nodes); returns null only when
  /// cancelled by the timeout (microseconds, 0 = none; a timeout is capped
  /// at two seconds and 20 microseconds a byte of \p Text) or without a
  /// grammar.
  class Tree parse(std::string_view Text, uint64_t TimeoutMicros = 0);
  /// Parses \p Text, a new version of \p OldText, from \p Old, the tree of
  /// \p OldText: the edit between the two (their common prefix and suffix
  /// are left alone) is applied to a copy of \p Old and tree-sitter reuses
  /// what it did not touch. \p Old stays as it was; the new tree keeps its
  /// memory alive. A fresh parse when \p Old is null.
  class Tree reparse(const class Tree &Old, std::string_view OldText, std::string_view Text,
                     uint64_t TimeoutMicros = 0);

private:
  const TSLanguage *Lang = nullptr;
};

/// Owns a TSTree; nodes obtained from it are valid while it lives. A tree
/// of a parse arena must not be edited or copied with the C API
/// (ts_tree_edit, ts_tree_copy) outside the arena: copy() and
/// Parser::reparse() do it inside.
class Tree {
public:
  Tree() = default;
  /// A tree from the default allocator, freed with ts_tree_delete.
  explicit Tree(TSTree *T) : T(T) {}
  Tree(TSTree *T, std::shared_ptr<ParseArena> Memory);
  Tree(Tree &&) noexcept;
  Tree &operator=(Tree &&) noexcept;
  ~Tree();

  explicit operator bool() const { return T != nullptr; }
  TSNode root() const { return ts_tree_root_node(T); }
  const TSTree *get() const { return T; }
  /// Bytes held by the tree's arena (0 for a tree without one), the arenas
  /// of the trees it was reparsed from included.
  size_t arenaBytes() const;
  /// A second handle on the same tree, sharing its memory (a tree of a
  /// parse arena only).
  Tree copy() const;
  /// How many reparses led to this tree from a fresh parse.
  unsigned generation() const;

private:
  friend class Parser;
  TSTree *T = nullptr;
  std::shared_ptr<ParseArena> Memory;
};

/// Owns a TSQuery compiled for one language.
class Query {
public:
  Query() = default;
  explicit Query(TSQuery *Q) : Q(Q) {}
  explicit operator bool() const { return Q != nullptr; }
  TSQuery *get() const { return Q.get(); }

private:
  struct Deleter {
    void operator()(TSQuery *X) const { ts_query_delete(X); }
  };
  std::unique_ptr<TSQuery, Deleter> Q;
};

/// Owns a TSQueryCursor (reusable across queries; not thread-safe).
class QueryCursor {
public:
  QueryCursor() : C(ts_query_cursor_new()) {}
  TSQueryCursor *get() const { return C.get(); }

private:
  struct Deleter {
    void operator()(TSQueryCursor *X) const { ts_query_cursor_delete(X); }
  };
  std::unique_ptr<TSQueryCursor, Deleter> C;
};

/// Text of \p N in \p Source (empty for null nodes).
std::string_view nodeText(TSNode N, std::string_view Source);
/// The node's type name, e.g. "call".
inline std::string_view nodeType(TSNode N) { return ts_node_type(N); }

/// The start of the first syntax error under \p Root (an ERROR or missing
/// node, found along the first children that contain one), or nullopt if
/// the tree has none. Iterative: deep trees cannot overflow the stack.
std::optional<uint32_t> firstSyntaxErrorOffset(TSNode Root);

} // namespace teetidy
