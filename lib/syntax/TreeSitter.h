//===- TreeSitter.h - RAII wrappers over the tree-sitter C API --*- C++ -*-===//
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace teetidy {

/// Owns a TSParser. Parsers are cheap but not thread-safe: one per thread.
class Parser {
public:
  Parser();
  /// Sets the grammar; returns false if the runtime rejects its ABI.
  bool setLanguage(const TSLanguage *Lang);
  /// Parses \p Text. Never fails on bad input (errors become ERROR nodes);
  /// returns null only when cancelled by the timeout (microseconds, 0 = none).
  class Tree parse(std::string_view Text, uint64_t TimeoutMicros = 0);

private:
  struct Deleter {
    void operator()(TSParser *P) const { ts_parser_delete(P); }
  };
  std::unique_ptr<TSParser, Deleter> P;
};

/// Owns a TSTree; nodes obtained from it are valid while it lives.
class Tree {
public:
  Tree() = default;
  explicit Tree(TSTree *T) : T(T) {}
  explicit operator bool() const { return T != nullptr; }
  TSNode root() const { return ts_tree_root_node(T.get()); }
  const TSTree *get() const { return T.get(); }

private:
  struct Deleter {
    void operator()(TSTree *X) const { ts_tree_delete(X); }
  };
  std::unique_ptr<TSTree, Deleter> T;
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
