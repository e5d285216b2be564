//===- CodeShape.h - Functions, branches and calls in syntax trees -*- C++ -*-===//
//
// What the attestation checks read from a Python or ECMAScript tree-sitter
// tree: functions and their names, branches and their conditions,
// comparisons, calls and returns, with each language's node kinds.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"
#include "checkers/TeeTidyCheck.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::attestation {

/// Node kinds and texts of one syntax tree, Python or ECMAScript.
class Syntax {
public:
  Syntax(std::string_view Source, bool Python) : Src(Source), Py(Python) {}

  static std::string_view type(TSNode N) {
    return ts_node_is_null(N) ? std::string_view() : std::string_view(ts_node_type(N));
  }
  std::string_view text(TSNode N) const {
    if (ts_node_is_null(N))
      return {};
    return Src.substr(ts_node_start_byte(N), ts_node_end_byte(N) - ts_node_start_byte(N));
  }
  static TSNode field(TSNode N, const char *Name) {
    return ts_node_is_null(N)
               ? N
               : ts_node_child_by_field_name(N, Name, static_cast<uint32_t>(strlen(Name)));
  }
  static std::vector<TSNode> named(TSNode N) {
    std::vector<TSNode> Out;
    if (ts_node_is_null(N) || ts_node_child_count(N) == 0)
      return Out;
    TSTreeCursor C = ts_tree_cursor_new(N);
    appendNamed(C, N, Out);
    ts_tree_cursor_delete(&C);
    return Out;
  }
  /// Appends the named children of \p N to \p Out, with cursor \p C (reset
  /// to \p N): one pass, where ts_node_named_child(N, I) walks from the
  /// first child each time.
  static void appendNamed(TSTreeCursor &C, TSNode N, std::vector<TSNode> &Out) {
    ts_tree_cursor_reset(&C, N);
    if (ts_tree_cursor_goto_first_child(&C))
      do {
        TSNode X = ts_tree_cursor_current_node(&C);
        if (ts_node_is_named(X))
          Out.push_back(X);
      } while (ts_tree_cursor_goto_next_sibling(&C));
  }

  bool isFunction(TSNode N) const {
    std::string_view T = type(N);
    if (Py)
      return T == "function_definition";
    return T == "function_declaration" || T == "function_expression" || T == "arrow_function" ||
           T == "method_definition" || T == "generator_function" ||
           T == "generator_function_declaration" || T == "function";
  }
  bool isClass(TSNode N) const {
    std::string_view T = type(N);
    return T == "class_definition" || T == "class_declaration" || T == "class";
  }

  /// `(x)`, `await x`: x.
  TSNode strip(TSNode N) const {
    while (!ts_node_is_null(N)) {
      std::string_view T = type(N);
      if (T == "parenthesized_expression" || T == "await" || T == "await_expression" ||
          T == "non_null_expression") {
        std::vector<TSNode> C = named(N);
        if (C.size() != 1)
          break;
        N = C.front();
        continue;
      }
      break;
    }
    return N;
  }

  /// The target and value of `x = v` (Python), `x = v` and `const x = v`
  /// (ECMAScript); null nodes for anything else.
  static std::pair<TSNode, TSNode> assignment(TSNode N) {
    std::string_view T = type(N);
    if (T == "assignment" || T == "assignment_expression")
      return {field(N, "left"), field(N, "right")};
    if (T == "variable_declarator")
      return {field(N, "name"), field(N, "value")};
    return {TSNode{}, TSNode{}};
  }

  /// The targets in \p Body (outside nested functions), as written, assigned
  /// the result of a call whose callee's last name is in \p Callees (`x =
  /// await f(...)`, `self.x = f()`; plain names only when \p NamesOnly);
  /// \p Seen, when given, sees each such call.
  std::set<std::string>
  assignedFromCalls(TSNode Body, const std::set<std::string> &Callees, bool NamesOnly = false,
                    const std::function<void(TSNode Call)> &Seen = nullptr) const {
    std::set<std::string> Out;
    walk(Body, [&](TSNode N) {
      auto [Name, Value] = assignment(N);
      Value = strip(Value);
      if (!ts_node_is_null(Name) && (!NamesOnly || type(Name) == "identifier") && isCall(Value) &&
          Callees.count(lastName(callee(Value)))) {
        Out.insert(std::string(text(Name)));
        if (Seen)
          Seen(Value);
      }
      return true;
    });
    return Out;
  }

  /// Whether \p Root (outside nested functions) calls a function whose last
  /// name is in \p Callees.
  bool callsAny(TSNode Root, const std::set<std::string> &Callees) const {
    bool Found = false;
    walk(Root, [&](TSNode N) {
      Found |= isCall(N) && Callees.count(lastName(callee(N))) != 0;
      return !Found;
    });
    return Found;
  }

  bool isCall(TSNode N) const { return type(N) == (Py ? "call" : "call_expression"); }
  TSNode callee(TSNode Call) const { return field(Call, "function"); }
  /// The last component of a callee or name: `logger.warning` -> warning.
  std::string lastName(TSNode N) const {
    N = strip(N);
    std::string_view T = type(N);
    if (T == "attribute")
      return std::string(text(field(N, "attribute")));
    if (T == "member_expression")
      return std::string(text(field(N, "property")));
    if (T == "identifier" || T == "property_identifier")
      return std::string(text(N));
    return {};
  }
  /// The object a method is called on: `resp.json` -> resp.
  std::string objectName(TSNode N) const {
    N = strip(N);
    std::string_view T = type(N);
    if (T == "attribute")
      return std::string(text(strip(field(N, "object"))));
    if (T == "member_expression")
      return std::string(text(strip(field(N, "object"))));
    return {};
  }

  bool isTrue(TSNode N) const { return type(strip(N)) == "true"; }
  bool isNoValue(TSNode N) const {
    N = strip(N);
    std::string_view T = type(N);
    if (T == "none" || T == "null" || T == "undefined")
      return true;
    if (T == "string") {
      auto V = stringLiteralValue(N, Src);
      return V && V->empty();
    }
    return false;
  }
  bool isNumber(TSNode N) const {
    std::string_view T = type(strip(N));
    return T == "integer" || T == "float" || T == "number";
  }
  /// A comparison's operands and operator (`==`, `!=`, `===`, `!==`, `is`,
  /// ...); no operands when \p N is not a two-operand comparison.
  std::pair<std::vector<TSNode>, std::string> comparison(TSNode N) const {
    N = strip(N);
    std::vector<TSNode> Operands;
    std::string Op;
    if (Py && type(N) == "comparison_operator") {
      for (uint32_t I = 0, E = ts_node_child_count(N); I < E; ++I) {
        TSNode C = ts_node_child(N, I);
        if (ts_node_is_named(C))
          Operands.push_back(C);
        else
          Op += (Op.empty() ? "" : " ") + std::string(text(C));
      }
    } else if (!Py && type(N) == "binary_expression") {
      Operands = {field(N, "left"), field(N, "right")};
      Op = std::string(text(field(N, "operator")));
    }
    if (Operands.size() != 2)
      return {};
    return {Operands, Op};
  }
  /// `not x`, `!x`: x; else null.
  TSNode negated(TSNode N) const {
    N = strip(N);
    if (Py && type(N) == "not_operator")
      return field(N, "argument");
    if (!Py && type(N) == "unary_expression" && text(field(N, "operator")) == "!")
      return field(N, "argument");
    return TSNode{};
  }

  /// The statements of a block or of a single statement.
  std::vector<TSNode> statements(TSNode N) const {
    if (ts_node_is_null(N))
      return {};
    std::string_view T = type(N);
    if (T == "block" || T == "statement_block") {
      std::vector<TSNode> Out;
      for (TSNode C : named(N))
        if (type(C) != "comment")
          Out.push_back(C);
      return Out;
    }
    return {N};
  }
  /// The body of an else clause (not an elif).
  std::vector<TSNode> elseBody(TSNode If) const {
    TSNode Alt = field(If, "alternative");
    if (ts_node_is_null(Alt) || type(Alt) != "else_clause")
      return {};
    if (Py)
      return statements(field(Alt, "body"));
    std::vector<TSNode> C = named(Alt);
    if (C.size() == 1 && type(C.front()) == "if_statement")
      return {}; // else if
    return C.empty() ? std::vector<TSNode>{} : statements(C.front());
  }
  /// Whether an if statement's mismatch branch is written as an empty block.
  bool emptyBlock(TSNode N) const {
    return !ts_node_is_null(N) && type(N) == "statement_block" && statements(N).empty();
  }

  /// The name a function is called by: its own, or the variable or
  /// property it is assigned to.
  std::string functionName(TSNode F) const {
    TSNode Name = field(F, "name");
    if (!ts_node_is_null(Name))
      return std::string(text(Name));
    TSNode P = ts_node_parent(F);
    if (ts_node_is_null(P))
      return {};
    std::string_view T = type(P);
    if (T == "variable_declarator")
      return std::string(text(field(P, "name")));
    if (T == "pair")
      return std::string(text(field(P, "key")));
    if (T == "assignment_expression")
      return lastName(field(P, "left"));
    return {};
  }

  /// Calls \p Visit for every node of \p Root's subtree that is not inside a
  /// nested function or class; \p Visit returns false to skip a subtree.
  void walk(TSNode Root, const std::function<bool(TSNode)> &Visit) const {
    if (ts_node_is_null(Root))
      return;
    // One cursor, reset at each node: no allocation per node.
    TSTreeCursor C = ts_tree_cursor_new(Root);
    std::vector<TSNode> Stack;
    appendNamed(C, Root, Stack);
    while (!Stack.empty()) {
      TSNode N = Stack.back();
      Stack.pop_back();
      if (isFunction(N) || isClass(N) || !Visit(N))
        continue;
      appendNamed(C, N, Stack);
    }
    ts_tree_cursor_delete(&C);
  }

private:
  std::string_view Src;
  bool Py;
};

/// Whether a word of \p Text (identifierWords) is in \p Set.
inline bool hasWord(const std::set<std::string> &Set, llvm::StringRef Text) {
  for (const std::string &W : identifierWords(Text))
    if (Set.count(W))
      return true;
  return false;
}

/// The word lists of a model file: each key names a list of words.
template <typename ModelT>
using WordListKeys = std::vector<std::pair<const char *, std::set<std::string> ModelT::*>>;

/// Reads the model at \p Path (a list of words under each of \p Keys) once
/// per run; null, with a tool error, when it cannot be used.
template <typename ModelT>
std::shared_ptr<const ModelT> wordModel(FileContext &Ctx, const char *Path,
                                        const WordListKeys<ModelT> &Keys) {
  auto Read = [&](const YAML::Node &Y, CatalogReader &R) {
    ModelT Out;
    for (const auto &[Key, Member] : Keys)
      for (const std::string &W : R.strings(Y[Key], Key))
        (Out.*Member).insert(W);
    return Out;
  };
  auto Built = Ctx.services().catalog<ModelT>(Path, Read);
  if (!Built) {
    Ctx.toolError(llvm::toString(Built.takeError()));
    return nullptr;
  }
  return std::move(*Built);
}

/// A check that reads Python and ECMAScript functions one at a time (each
/// `@function` match of the shared query `functions.scm`), with a word model
/// read once per run. Test code is skipped unless `IgnoreTestCode` is off.
template <typename ModelT> class FunctionCheck : public TeeTidyCheck {
public:
  FunctionCheck(std::string Name, CheckOptionsView &Opts, const char *ModelPath,
                WordListKeys<ModelT> Keys)
      : TeeTidyCheck(std::move(Name), Opts), ModelFile(ModelPath), Keys(std::move(Keys)),
        IgnoreTestCode(options().getBool("IgnoreTestCode", true)) {}

  /// Python and ECMAScript: the function shapes are read from their trees.
  bool appliesTo(Language L) const override {
    std::optional<LanguageFamily> F = familyOf(L);
    return F == LanguageFamily::Python || F == LanguageFamily::EcmaScript;
  }
  std::vector<std::string> queries() const override { return {"functions"}; }

  void check(FileContext &Ctx) override {
    if (IgnoreTestCode && isTestCode(Ctx.file().path()))
      return;
    if (!Loaded) {
      Loaded = true;
      Shared = wordModel<ModelT>(Ctx, ModelFile, Keys);
    }
    if (!Shared)
      return;
    Syntax S(Ctx.file().content(), familyOf(Ctx.language()) == LanguageFamily::Python);
    Ctx.forEachMatch("functions", [&](const QueryMatch &Match) {
      TSNode F = Match.capture("function");
      if (!ts_node_is_null(F))
        checkFunction(Ctx, S, *Shared, F);
    });
  }

protected:
  /// Reports what function \p F of the file holds.
  virtual void checkFunction(FileContext &Ctx, const Syntax &S, const ModelT &M, TSNode F) = 0;

private:
  const char *ModelFile;
  WordListKeys<ModelT> Keys;
  bool IgnoreTestCode;
  bool Loaded = false;
  std::shared_ptr<const ModelT> Shared; ///< null when the model is unusable
};

} // namespace teetidy::attestation
