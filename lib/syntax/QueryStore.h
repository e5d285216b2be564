//===- QueryStore.h - Compiled tree-sitter queries with predicates -*- C++ -*-===//
#pragma once

#include "source/Language.h"
#include "syntax/TreeSitter.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace teetidy {

/// One text predicate of a query pattern, evaluated by QueryRunner because
/// the tree-sitter C API only reports predicates, it never applies them.
struct QueryPredicate {
  enum class Kind { Eq, NotEq, Match, NotMatch, AnyOf, NotAnyOf };
  Kind Op;
  uint32_t Capture = 0;
  /// Eq/NotEq against another capture when set, else against Values[0].
  std::optional<uint32_t> OtherCapture;
  std::vector<std::string> Values;
  std::shared_ptr<llvm::Regex> Pattern; ///< For Match/NotMatch.
};

/// A query compiled for one grammar, with its predicates and `#set!`
/// properties parsed per pattern.
class CompiledQuery {
public:
  const TSQuery *get() const { return Q.get(); }
  /// The file it came from, relative to queries/ (for messages).
  const std::string &path() const { return Path; }
  uint32_t captureId(std::string_view Name) const;
  std::string_view captureName(uint32_t Id) const;
  const std::vector<QueryPredicate> &predicates(uint32_t Pattern) const {
    return Predicates[Pattern];
  }
  /// `(#set! key "value")` properties of a pattern.
  const std::map<std::string, std::string> &properties(uint32_t Pattern) const {
    return Properties[Pattern];
  }
  /// False when no pattern can match in \p Source: each has an `#eq?` or
  /// `#any-of?` on a capture it always makes whose strings \p Source does not
  /// contain (a capture's text is a slice of the source). A predicate on a
  /// capture that may be absent holds without it, so it requires nothing.
  bool mayMatch(std::string_view Source) const;

private:
  friend class QueryStore;
  friend llvm::Expected<std::unique_ptr<CompiledQuery>> compileQuery(const TSLanguage *,
                                                                     std::string_view, std::string);
  Query Q;
  std::string Path;
  std::vector<std::string> CaptureNames;
  std::vector<std::vector<QueryPredicate>> Predicates;
  std::vector<std::map<std::string, std::string>> Properties;
  /// Per pattern: groups of strings, one of each group must occur in the
  /// source for the pattern to match (see mayMatch).
  std::vector<std::vector<std::vector<std::string>>> Needs;
};

/// Compiles \p Text for \p Lang. Syntax errors, unknown node types or fields
/// and malformed predicates come back as "path:line:col: message".
llvm::Expected<std::unique_ptr<CompiledQuery>>
compileQuery(const TSLanguage *Lang, std::string_view Text, std::string Path);

/// Query and model files, from the binary (default) or a directory
/// (`--query-dir`), and the queries compiled from them, cached per
/// (language, name). Thread-safe.
class QueryStore {
public:
  /// Uses the embedded files.
  QueryStore();
  /// Reads files below \p Dir instead (same layout as queries/).
  explicit QueryStore(std::string Dir);

  /// The text of a data file such as "models/tls.yaml", or nullopt.
  std::optional<std::string> file(std::string_view RelPath) const;
  /// Every data file path (relative), sorted.
  std::vector<std::string> files() const;

  /// The query \p Name (e.g. "tls-verification") for \p L: the language's own
  /// `queries/<lang>/<Name>.scm` if present (an `; inherits: ecma` first line
  /// prepends the shared file), else `queries/<family>/<Name>.scm`. Returns
  /// null if no file exists; an Error if it does not compile.
  llvm::Expected<const CompiledQuery *> query(Language L, std::string_view Name);

  /// The query source text that query() would compile, or nullopt.
  std::optional<std::string> querySource(Language L, std::string_view Name,
                                         std::string *PathOut = nullptr) const;

  /// Tells stores apart over a process's life (an address may be reused):
  /// what is derived from a store's files can be kept under its serial.
  uint64_t serial() const { return Serial; }

private:
  std::optional<std::string> Dir;
  uint64_t Serial;
  std::mutex Mutex;
  std::map<std::pair<Language, std::string>, std::unique_ptr<CompiledQuery>> Cache;
};

} // namespace teetidy
