#include "checkers/attestation/MismatchAcceptedCheck.h"
#include "checkers/attestation/CodeShape.h"

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringRef.h"

#include <functional>

namespace teetidy::attestation {

namespace {

constexpr const char *ModelPath = "models/attestation-verification.yaml";
constexpr const char *Consequence =
    "a quote, key or image that fails the check is still reported as verified, so the "
    "attestation proves nothing to whoever relies on this result";

/// One function whose result is a verification outcome.
class FunctionScan {
public:
  FunctionScan(const Syntax &S, const VerificationWords &M, TSNode F)
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
    // Responses: names assigned the result of an HTTP call.
    std::set<std::string> Responses =
        S.assignedFromCalls(Body, M.HttpCalls, /*NamesOnly=*/true, [&](TSNode Call) {
          Remote |= hasWord(M.RemoteVerifierWords, S.text(Syntax::field(Call, "arguments")));
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
  const VerificationWords &M;
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
    : FunctionCheck(std::move(N), Opts, ModelPath,
                    {{"compared_words", &VerificationWords::ComparedWords},
                     {"verifier_words", &VerificationWords::VerifierWords},
                     {"verdict_words", &VerificationWords::VerdictWords},
                     {"log_calls", &VerificationWords::LogCalls},
                     {"boolean_verifiers", &VerificationWords::BooleanVerifiers},
                     {"remote_verifier_words", &VerificationWords::RemoteVerifierWords},
                     {"http_calls", &VerificationWords::HttpCalls},
                     {"body_reads", &VerificationWords::BodyReads},
                     {"status_reads", &VerificationWords::StatusReads}}) {}

void MismatchAcceptedCheck::checkFunction(FileContext &Ctx, const Syntax &S,
                                          const VerificationWords &M, TSNode F) {
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
        D.Notes.push_back({"on a mismatch this runs, and the function goes on to its verdict",
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
}

} // namespace teetidy::attestation
