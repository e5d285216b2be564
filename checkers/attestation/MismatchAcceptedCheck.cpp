#include "checkers/attestation/MismatchAcceptedCheck.h"

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <cstring>
#include <functional>

namespace teetidy::attestation {

namespace {

constexpr const char *ModelPath = "models/attestation-verification.yaml";
constexpr const char *Consequence =
    "a quote, key or image that fails the check is still reported as verified, so the "
    "attestation proves nothing to whoever relies on this result";

/// Node kinds and texts of one syntax tree, Python or ECMAScript.
class Syntax {
public:
  Syntax(std::string_view Source, bool Python) : Src(Source), Py(Python) {}

  bool python() const { return Py; }
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
    if (ts_node_is_null(N))
      return Out;
    for (uint32_t I = 0, E = ts_node_named_child_count(N); I < E; ++I)
      Out.push_back(ts_node_named_child(N, I));
    return Out;
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
    std::vector<TSNode> Stack = named(Root);
    while (!Stack.empty()) {
      TSNode N = Stack.back();
      Stack.pop_back();
      if (isFunction(N) || isClass(N) || !Visit(N))
        continue;
      for (TSNode C : named(N))
        Stack.push_back(C);
    }
  }

private:
  std::string_view Src;
  bool Py;
};

bool hasWord(const std::set<std::string> &Set, llvm::StringRef Text) {
  for (const std::string &W : identifierWords(Text))
    if (Set.count(W))
      return true;
  return false;
}

/// One function whose result is a verification outcome.
class FunctionScan {
public:
  FunctionScan(const Syntax &S, const MismatchAcceptedCheck::Model &M, TSNode F)
      : S(S), M(M), F(F), Body(Syntax::field(F, "body")) {}

  /// Whether the function's result is a verification outcome: it returns
  /// a boolean, a verdict field or variable, or a value from a function
  /// named for verification.
  bool decides() const {
    if (ts_node_is_null(Body))
      return false;
    bool Named = hasWord(M.VerifierWords, S.functionName(F));
    bool Decides = false;
    // An arrow function with an expression body returns it.
    if (S.type(Body) != "statement_block" && S.type(Body) != "block")
      return Named || verdictShaped(Body);
    S.walk(Body, [&](TSNode N) {
      if (S.type(N) != "return_statement")
        return !Decides;
      std::vector<TSNode> V = Syntax::named(N);
      if (!V.empty() && !S.isNoValue(V.front()) && (Named || verdictShaped(V.front())))
        Decides = true;
      return false;
    });
    return Decides;
  }

  /// A value that states a verdict: a boolean, a comparison, a negation, a
  /// dict or object with a verdict key, a call with a verdict keyword, a
  /// variable named for a verdict.
  bool verdictShaped(TSNode V) const {
    V = S.strip(V);
    std::string_view T = Syntax::type(V);
    if (T == "true" || T == "false" || T == "boolean_operator" || T == "not_operator" ||
        T == "comparison_operator")
      return true;
    if (T == "binary_expression") {
      std::string_view Op = S.text(Syntax::field(V, "operator"));
      return Op == "==" || Op == "!=" || Op == "===" || Op == "!==" || Op == "&&" || Op == "||";
    }
    if (T == "unary_expression")
      return S.text(Syntax::field(V, "operator")) == "!";
    if (T == "dictionary" || T == "object") {
      for (TSNode P : Syntax::named(V))
        if (Syntax::type(P) == "pair" && hasWord(M.VerdictWords, S.text(Syntax::field(P, "key"))))
          return true;
      return false;
    }
    if (S.isCall(V)) {
      for (TSNode A : Syntax::named(Syntax::field(V, "arguments")))
        if (Syntax::type(A) == "keyword_argument" &&
            hasWord(M.VerdictWords, S.text(Syntax::field(A, "name"))))
          return true;
      return false;
    }
    if (T == "identifier" || T == "attribute" || T == "member_expression")
      return hasWord(M.VerdictWords, S.lastName(V));
    return false;
  }

  /// How a mismatch branch goes on: "" when it fails (raises, returns a
  /// failure, exits) or does anything else that may record or act on the
  /// mismatch (an assignment, a call that does not only log, a nested
  /// statement), else what it does instead.
  std::string accepts(TSNode If, const std::vector<TSNode> &Branch) const {
    bool Logs = false, Continues = false, Succeeds = false;
    for (TSNode N : Branch) {
      std::string_view T = Syntax::type(N);
      if (T == "pass_statement" || T == "empty_statement")
        continue;
      if (T == "continue_statement") {
        // Skipping the rest of the loop body fails the item, unless
        // nothing follows the check.
        if (!ts_node_is_null(ts_node_next_named_sibling(If)))
          return {};
        Continues = true;
        continue;
      }
      if (T == "return_statement") {
        std::vector<TSNode> V = Syntax::named(N);
        if (V.empty() || !returnsSuccess(V.front()))
          return {};
        Succeeds = true;
        continue;
      }
      if (T != "expression_statement")
        return {};
      std::vector<TSNode> E = Syntax::named(N);
      if (E.size() != 1)
        return {};
      TSNode X = S.strip(E.front());
      std::string_view XT = Syntax::type(X);
      if (S.isCall(X)) {
        std::string Last = S.lastName(S.callee(X));
        if (!M.LogCalls.count(Last))
          return {}; // exits, records the failure, or may raise
        Logs = true;
        continue;
      }
      if (XT == "string" || XT == "template_string")
        continue; // a docstring-like note
      return {};
    }
    if (Succeeds)
      return "returns success";
    if (Logs)
      return "only logs it";
    if (Continues)
      return "only moves on to the next item";
    return "does nothing";
  }

  /// `True`, or a verdict dict or object whose verdict is true.
  bool returnsSuccess(TSNode V) const {
    V = S.strip(V);
    if (S.isTrue(V))
      return true;
    std::string_view T = Syntax::type(V);
    if (T == "dictionary" || T == "object")
      for (TSNode P : Syntax::named(V))
        if (Syntax::type(P) == "pair" && hasWord(M.VerdictWords, S.text(Syntax::field(P, "key"))) &&
            S.isTrue(Syntax::field(P, "value")))
          return true;
    return false;
  }

  /// Whether an operand is a value a verification compares: named for a
  /// hash, signature, measurement or report, and not a presence or length
  /// test.
  bool compared(TSNode Operand) const {
    Operand = S.strip(Operand);
    if (S.isNoValue(Operand) || S.isNumber(Operand))
      return false;
    std::string_view T = Syntax::type(Operand);
    if (S.isCall(Operand) && S.lastName(S.callee(Operand)) == "len")
      return false;
    if ((T == "member_expression" || T == "attribute") && S.lastName(Operand) == "length")
      return false;
    return hasWord(M.ComparedWords, S.text(Operand));
  }

  /// The first test of a remote verifier's HTTP status (`resp.ok`,
  /// `r.status_code == 200`, `r.raise_for_status()`) in a function that
  /// never reads that response's body; a null node when there is none.
  TSNode statusOnlyVerdict() const {
    bool Remote = hasWord(M.RemoteVerifierWords, S.functionName(F));
    std::set<std::string> Responses;
    // Responses: names assigned the result of an HTTP call.
    S.walk(Body, [&](TSNode N) {
      std::string_view T = Syntax::type(N);
      TSNode Name{}, Value{};
      if (T == "assignment" || T == "assignment_expression") {
        Name = Syntax::field(N, "left");
        Value = Syntax::field(N, "right");
      } else if (T == "variable_declarator") {
        Name = Syntax::field(N, "name");
        Value = Syntax::field(N, "value");
      }
      if (ts_node_is_null(Name) || ts_node_is_null(Value))
        return true;
      Value = S.strip(Value);
      if (Syntax::type(Name) != "identifier" || !S.isCall(Value) ||
          !M.HttpCalls.count(S.lastName(S.callee(Value))))
        return true;
      Responses.insert(std::string(S.text(Name)));
      Remote |= hasWord(M.RemoteVerifierWords, S.text(Syntax::field(Value, "arguments")));
      return true;
    });
    if (!Remote || Responses.empty())
      return TSNode{};
    TSNode First{};
    std::set<std::string> Read;
    S.walk(Body, [&](TSNode N) {
      std::string_view T = Syntax::type(N);
      if (T != "attribute" && T != "member_expression")
        return true;
      std::string Object = S.objectName(N);
      if (!Responses.count(Object))
        return true;
      std::string Member = S.lastName(N);
      if (M.BodyReads.count(Member))
        Read.insert(Object);
      else if (M.StatusReads.count(Member) && ts_node_is_null(First))
        First = N;
      return true;
    });
    if (ts_node_is_null(First) || Read.count(S.objectName(First)))
      return TSNode{};
    return First;
  }

  const Syntax &S;
  const MismatchAcceptedCheck::Model &M;
  TSNode F, Body;
};

std::string shortText(std::string_view T) {
  std::string Out(T.substr(0, T.find('\n')));
  if (Out.size() > 60)
    Out = Out.substr(0, 57) + "...";
  return Out;
}

} // namespace

MismatchAcceptedCheck::MismatchAcceptedCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), IgnoreTestCode(options().getBool("IgnoreTestCode", true)) {}

bool MismatchAcceptedCheck::appliesTo(Language L) const { return familyOf(L).has_value(); }

void MismatchAcceptedCheck::check(FileContext &Ctx) {
  if (IgnoreTestCode && isTestCode(Ctx.file().path()))
    return;
  if (!Loaded) {
    Loaded = true;
    auto Read = [](const YAML::Node &Y, CatalogReader &R) {
      Model Out;
      auto Set = [&](const char *Key, std::set<std::string> &Into) {
        for (const std::string &S : R.strings(Y[Key], Key))
          Into.insert(S);
      };
      Set("compared_words", Out.ComparedWords);
      Set("verifier_words", Out.VerifierWords);
      Set("verdict_words", Out.VerdictWords);
      Set("log_calls", Out.LogCalls);
      Set("boolean_verifiers", Out.BooleanVerifiers);
      Set("remote_verifier_words", Out.RemoteVerifierWords);
      Set("http_calls", Out.HttpCalls);
      Set("body_reads", Out.BodyReads);
      Set("status_reads", Out.StatusReads);
      return Out;
    };
    auto Built = Ctx.services().catalog<Model>(ModelPath, Read);
    if (!Built)
      Ctx.toolError(llvm::toString(Built.takeError()));
    else
      Shared = std::move(*Built);
  }
  if (!Shared)
    return;
  const Model &M = *Shared;
  std::string_view Src = Ctx.file().content();
  Syntax S(Src, familyOf(Ctx.language()) == LanguageFamily::Python);

  Ctx.forEachMatch(name(), [&](const QueryMatch &Match) {
    TSNode F = Match.capture("function");
    if (ts_node_is_null(F))
      return;
    FunctionScan Scan(S, M, F);
    if (!Scan.decides())
      return;
    if (TSNode Status = Scan.statusOnlyVerdict(); !ts_node_is_null(Status))
      diag(Ctx, Status,
           "the remote verifier's HTTP status is taken as the verification result; the verdict "
           "in its response is never read")
          .explain("a verifier answers 200 with a body that says the quote is invalid, and an "
                   "error page or a proxy can answer 200 too; " +
                   std::string(Consequence))
          .explain("parse the response and require its verdict field to say valid");
    S.walk(Scan.Body, [&](TSNode N) {
      std::string_view T = Syntax::type(N);
      if (T == "if_statement") {
        TSNode Cond = Syntax::field(N, "condition");
        bool Negated = false;
        if (TSNode Inner = S.negated(Cond); !ts_node_is_null(Inner)) {
          Cond = Inner;
          Negated = true;
        }
        auto [Operands, Op] = S.comparison(Cond);
        bool Differ = Op == "!=" || Op == "!==";
        if (Operands.empty() || (!Differ && Op != "==" && Op != "==="))
          return true;
        if (!Scan.compared(Operands[0]) && !Scan.compared(Operands[1]))
          return true;
        if (S.isNoValue(Operands[0]) || S.isNoValue(Operands[1]))
          return true;
        TSNode Then = Syntax::field(N, "consequence");
        std::vector<TSNode> Branch = Differ != Negated ? S.statements(Then) : S.elseBody(N);
        if (Branch.empty() && !(Differ != Negated && S.emptyBlock(Then)))
          return true;
        std::string How = Scan.accepts(N, Branch);
        if (How.empty())
          return true;
        TSNode CmpNode = S.strip(Cond);
        Diagnostic &D = diag(Ctx, CmpNode,
                             "a mismatch of '" + shortText(S.text(Operands[0])) + "' and '" +
                                 shortText(S.text(Operands[1])) +
                                 "' does not fail the verification: its branch " + How);
        D.explain(Consequence);
        D.explain("raise, or return a failure, when they differ");
        if (!Branch.empty())
          D.Notes.push_back(
              {"on a mismatch this runs, and the function goes on to its verdict",
               Ctx.loc(Branch.front()),
               ts_node_end_byte(Branch.front()) - ts_node_start_byte(Branch.front())});
        return true;
      }
      if (T == "expression_statement") {
        std::vector<TSNode> E = Syntax::named(N);
        if (E.size() == 1 && S.isCall(S.strip(E.front()))) {
          TSNode Call = S.strip(E.front());
          TSNode Callee = S.callee(Call);
          std::string Whole(S.text(Callee));
          if (M.BooleanVerifiers.count(S.lastName(Callee)) || M.BooleanVerifiers.count(Whole))
            diag(Ctx, Call,
                 "the result of '" + shortText(Whole) +
                     "(...)' is discarded, so a failed check does not fail the verification")
                .explain(Consequence)
                .explain("use its result: compare the recovered signer, or fail when it is false");
        }
      }
      return true;
    });
  });
}

} // namespace teetidy::attestation
