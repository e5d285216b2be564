#include "checkers/attestation/DevFallbackCheck.h"

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"
#include "checkers/attestation/CodeShape.h"
#include "checkers/dstack/ConfigurableValue.h"
#include "program/Program.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringExtras.h"

#include <optional>

namespace teetidy::attestation {

namespace {

constexpr const char *ModelPath = "models/attestation-fallback.yaml";

/// A development switch on the way to a fallback: the environment variables
/// its condition reads, and on which side of it the fallback lies.
struct Gate {
  TSNode Condition;
  bool Side = true;
  std::vector<std::string> Variables{};
};

/// A place that hands back fabricated attestation data or a known key.
struct Fallback {
  TSNode Value;
  std::string What;
  /// Reached when obtaining the quote or key fails (a handler, an error
  /// result), rather than only behind a switch.
  bool OnFailure = false;
  TSNode FailureAt{};
  std::vector<Gate> Gates{};
};

class FallbackScan {
public:
  FallbackScan(const Syntax &S, const FallbackWords &M, TSNode F, std::string_view Src)
      : Src(Src), S(S), M(M), F(F), Body(Syntax::field(F, "body")) {}

  /// Whether the function obtains quotes, keys or attestation, or is named
  /// for it.
  bool attestationCode() {
    if (ts_node_is_null(Body))
      return false;
    if (hasWord(M.AttestationNameWords, S.functionName(F)))
      return true;
    // A call's name and a path are written in the body's text: most
    // functions hold none and are not walked.
    std::string_view Text = S.text(Body);
    auto In = [&](const std::string &W) { return Text.find(W) != std::string_view::npos; };
    if (!llvm::any_of(M.AttestationCalls, In) && !llvm::any_of(M.AttestationPaths, In))
      return false;
    if (S.callsAny(Body, M.AttestationCalls))
      return true;
    bool Found = false;
    S.walk(Body, [&](TSNode N) {
      if (Syntax::type(N) == "string")
        for (const std::string &P : M.AttestationPaths)
          Found |= S.text(N).find(P) != std::string_view::npos;
      return !Found;
    });
    return Found;
  }

  std::vector<Fallback> fallbacks() {
    collectResults();
    std::vector<Fallback> Out;
    S.walk(Body, [&](TSNode N) {
      std::string_view T = Syntax::type(N);
      TSNode Value{};
      if (T == "return_statement") {
        std::vector<TSNode> V = Syntax::named(N);
        if (!V.empty())
          Value = V.front();
      } else if (T == "assignment" || T == "assignment_expression") {
        Value = Syntax::field(N, "right");
      } else if (T == "variable_declarator") {
        Value = Syntax::field(N, "value");
      }
      if (ts_node_is_null(Value))
        return true;
      std::string What = fabricated(Value);
      if (What.empty())
        return true;
      Fallback Fb{S.strip(Value), What};
      if (place(N, Fb))
        Out.push_back(std::move(Fb));
      return false;
    });
    return Out;
  }

  /// The variables of a condition that read the environment.
  std::vector<std::string> envReads(TSNode Cond) const {
    std::vector<std::string> Out;
    auto Visit = [&](TSNode N) {
      if (std::optional<std::string> V = envRead(N))
        if (!llvm::is_contained(Out, *V))
          Out.push_back(*V);
    };
    Visit(Cond);
    S.walk(Cond, [&](TSNode N) {
      Visit(N);
      return true;
    });
    return Out;
  }

  /// The variable \p N reads from the environment: `os.getenv("K")`,
  /// `os.environ.get("K")`, `os.environ["K"]`, `process.env.K`,
  /// `process.env["K"]`, `import.meta.env.K`, `Bun.env.K`.
  std::optional<std::string> envRead(TSNode N) const {
    N = S.strip(N);
    std::string_view T = Syntax::type(N);
    auto IsEnvObject = [&](TSNode O) {
      std::string_view X = S.text(S.strip(O));
      return X == "os.environ" || X == "environ" || X == "process.env" || X == "import.meta.env" ||
             X == "Bun.env";
    };
    if (S.isCall(N)) {
      std::string_view Callee = S.text(S.callee(N));
      if (Callee == "os.getenv" || Callee == "getenv" || Callee == "os.environ.get" ||
          Callee == "environ.get" || Callee == "Deno.env.get") {
        std::vector<TSNode> Args = Syntax::named(Syntax::field(N, "arguments"));
        if (!Args.empty())
          if (auto V = stringLiteralValue(Args.front(), Src))
            return *V;
      }
      return std::nullopt;
    }
    if (T == "subscript" || T == "subscript_expression") {
      TSNode Object = Syntax::field(N, T == "subscript" ? "value" : "object");
      TSNode Key = Syntax::field(N, T == "subscript" ? "subscript" : "index");
      if (IsEnvObject(Object))
        if (auto V = stringLiteralValue(Key, Src))
          return *V;
      return std::nullopt;
    }
    if (T == "member_expression" && IsEnvObject(Syntax::field(N, "object")))
      return std::string(S.text(Syntax::field(N, "property")));
    return std::nullopt;
  }

  /// Whether \p Cond switches to development behaviour or tests whether
  /// the TEE is there.
  bool isSwitch(TSNode Cond) const {
    for (const std::string &V : envReads(Cond))
      if (M.SwitchVariables.count(V) || hasWord(M.SwitchWords, V))
        return true;
    return hasWord(M.SwitchWords, S.text(Cond)) || hasWord(M.AvailabilityWords, S.text(Cond));
  }

  std::string_view Src;

private:
  /// Names assigned the result of an attestation call: a condition that
  /// tests one tests whether the call failed.
  void collectResults() { Results = S.assignedFromCalls(Body, M.AttestationCalls); }

  /// Finds what leads from the function to \p N: handlers of a try whose
  /// body obtains attestation, error tests of an attestation result, and
  /// development switches. False when nothing of that kind leads there.
  bool place(TSNode N, Fallback &Fb) const {
    TSNode Child = N;
    for (TSNode A = ts_node_parent(N); !ts_node_is_null(A) && !ts_node_eq(A, F);
         Child = A, A = ts_node_parent(A)) {
      std::string_view T = Syntax::type(A);
      if (T == "except_clause" || T == "catch_clause") {
        TSNode Try = ts_node_parent(A);
        if (!ts_node_is_null(Try) && S.callsAny(Syntax::field(Try, "body"), M.AttestationCalls)) {
          Fb.OnFailure = true;
          Fb.FailureAt = A;
        }
        continue;
      }
      if (T != "if_statement" && T != "elif_clause")
        continue;
      TSNode Cond = Syntax::field(A, "condition");
      if (ts_node_eq(Child, Cond))
        continue;
      bool Side = !(Syntax::type(Child) == "else_clause" || Syntax::type(Child) == "elif_clause");
      if (Syntax::type(Child) == "elif_clause")
        continue; // the elif's own condition decides
      if (testsResult(Cond)) {
        Fb.OnFailure = true;
        Fb.FailureAt = Cond;
        continue;
      }
      if (isSwitch(Cond))
        Fb.Gates.push_back({Cond, Side, envReads(Cond)});
    }
    return Fb.OnFailure || !Fb.Gates.empty();
  }

  /// Whether a condition tests the result of an attestation call.
  bool testsResult(TSNode Cond) const {
    bool Found = false;
    auto Visit = [&](TSNode N) {
      std::string_view T = Syntax::type(N);
      if ((T == "identifier" || T == "attribute" || T == "member_expression") &&
          Results.count(std::string(S.text(N))))
        Found = true;
    };
    Visit(Cond);
    S.walk(Cond, [&](TSNode N) {
      Visit(N);
      return !Found;
    });
    return Found;
  }

  /// What \p V fabricates: "" when it is not attestation data or a key
  /// everyone can know.
  std::string fabricated(TSNode V) const {
    V = S.strip(V);
    std::string_view T = Syntax::type(V);
    if (T == "string") {
      auto Text = stringLiteralValue(V, Src);
      if (!Text || Text->empty())
        return {};
      if (hasWord(M.FabricatedWords, *Text))
        return "a fabricated value ('" + shortened(*Text) + "')";
      size_t Hex = 0;
      for (char C : *Text)
        Hex += llvm::isHexDigit(C);
      return Hex >= 32 && Hex * 10 >= Text->size() * 9 ? "a literal quote or key" : "";
    }
    if (T == "dictionary" || T == "object") {
      for (TSNode P : Syntax::named(V)) {
        if (Syntax::type(P) != "pair")
          continue;
        std::string_view Key = S.text(Syntax::field(P, "key"));
        TSNode Val = S.strip(Syntax::field(P, "value"));
        if (hasWord(M.FabricatedWords, Key) && !S.isNoValue(Val) && Syntax::type(Val) != "false")
          return "mock attestation data";
        if (Syntax::type(Val) == "string")
          if (auto Text = stringLiteralValue(Val, Src); Text && hasWord(M.FabricatedWords, *Text))
            return "mock attestation data";
      }
      return {};
    }
    // `MOCK_QUOTE`, `mockKey()`: a key when the name says so.
    auto Named = [&](const std::string &Name) -> std::string {
      if (!hasWord(M.FabricatedWords, Name))
        return {};
      std::vector<std::string> W = identifierWords(Name);
      return llvm::is_contained(W, "key") || llvm::is_contained(W, "keys")
                 ? "a mock key"
                 : "mock attestation data";
    };
    if (T == "identifier" || T == "attribute" || T == "member_expression")
      return Named(S.lastName(V));
    if (T == "new_expression") {
      TSNode Ctor = Syntax::field(V, "constructor");
      return hasWord(M.FabricatedWords, S.text(Ctor)) ? "a mock client" : "";
    }
    if (S.isCall(V)) {
      TSNode Callee = S.callee(V);
      std::string Last = S.lastName(Callee);
      if (M.RandomKeyCalls.count(Last) || M.RandomKeyCalls.count(std::string(S.text(Callee))))
        return "a random key";
      if (derivedFromLiterals(V))
        return "a key derived from a literal";
      return Named(Last);
    }
    return {};
  }

  /// A derivation call whose inputs are all literals (`sha256(b"dev")`,
  /// `keccak256(toBytes("seed")).hex()`).
  bool derivedFromLiterals(TSNode Call) const {
    Call = S.strip(Call);
    if (!S.isCall(Call))
      return false;
    TSNode Callee = S.callee(Call);
    std::vector<TSNode> Args = Syntax::named(Syntax::field(Call, "arguments"));
    // `.hexdigest()` and `.hex()` of a derived value.
    std::string_view CT = Syntax::type(Callee);
    if (Args.empty() && (CT == "attribute" || CT == "member_expression"))
      return derivedFromLiterals(Syntax::field(Callee, "object"));
    if (!M.DerivationCalls.count(S.lastName(Callee)) || Args.empty())
      return false;
    bool SawString = false;
    for (TSNode A : Args)
      if (!literalOnly(A, SawString))
        return false;
    return SawString;
  }

  /// Whether \p N is built from literals only (calls of literals count:
  /// `toBytes("seed")`); sets \p SawString when a string is among them.
  bool literalOnly(TSNode N, bool &SawString) const {
    N = S.strip(N);
    std::string_view T = Syntax::type(N);
    if (T == "string" || T == "template_string") {
      SawString = true;
      // A template with substitutions holds names.
      for (TSNode C : Syntax::named(N))
        if (Syntax::type(C) == "template_substitution" || Syntax::type(C) == "interpolation")
          return false;
      return true;
    }
    if (T == "integer" || T == "float" || T == "number" || T == "true" || T == "false")
      return true;
    if (T == "identifier" || T == "attribute" || T == "member_expression" || T == "subscript" ||
        T == "subscript_expression" || T == "this" || T == "self")
      return false;
    if (S.isCall(N)) {
      for (TSNode A : Syntax::named(Syntax::field(N, "arguments")))
        if (!literalOnly(A, SawString))
          return false;
      return true;
    }
    for (TSNode C : Syntax::named(N))
      if (!literalOnly(C, SawString))
        return false;
    return true;
  }

  static std::string shortened(const std::string &Text) {
    return Text.size() > 24 ? Text.substr(0, 21) + "..." : Text;
  }

  const Syntax &S;
  const FallbackWords &M;
  TSNode F, Body;
  std::set<std::string> Results;
};

/// Whether \p Cond, with environment variable \p Var set to \p Value, is
/// true; nullopt when that cannot be told from the condition's shape.
std::optional<bool> evaluate(const Syntax &S, const FallbackScan &Scan, TSNode Cond,
                             const std::string &Var, const std::string &Value) {
  Cond = S.strip(Cond);
  if (TSNode Inner = S.negated(Cond); !ts_node_is_null(Inner)) {
    std::optional<bool> V = evaluate(S, Scan, Inner, Var, Value);
    return V ? std::optional<bool>(!*V) : std::nullopt;
  }
  if (Scan.envRead(Cond) == Var)
    return !Value.empty();
  auto [Operands, Op] = S.comparison(Cond);
  if (Operands.empty())
    return std::nullopt;
  bool Equal = Op == "==" || Op == "===";
  bool Differ = Op == "!=" || Op == "!==";
  for (int I = 0; I < 2 && (Equal || Differ); ++I) {
    TSNode Read = S.strip(Operands[I]);
    bool Lower = false;
    // `os.getenv("K", "").lower()`, `process.env.K?.toLowerCase()`
    if (S.isCall(Read)) {
      std::string M = S.lastName(S.callee(Read));
      if (M == "lower" || M == "toLowerCase" || M == "strip" || M == "trim") {
        Lower = M == "lower" || M == "toLowerCase";
        TSNode Obj = Syntax::field(S.callee(Read), "object");
        if (!ts_node_is_null(Obj))
          Read = Obj;
      }
    }
    if (Scan.envRead(Read) != Var)
      continue;
    auto Lit = stringLiteralValue(Operands[1 - I], Scan.Src);
    if (!Lit)
      return std::nullopt;
    std::string Got = Lower ? llvm::StringRef(Value).lower() : Value;
    return (Got == *Lit) == Equal;
  }
  return std::nullopt;
}

/// Whether the program calls or exports the function, or a framework does
/// (a decorator).
bool reachable(const Syntax &S, const program::Program *P, TSNode F) {
  std::string Name = S.functionName(F);
  if (Name.empty() || Name == "main" || Name == "default" || !P)
    return true;
  for (TSNode A = ts_node_parent(F); !ts_node_is_null(A); A = ts_node_parent(A)) {
    std::string_view T = Syntax::type(A);
    if (T == "decorated_definition" || T == "export_statement")
      return true;
  }
  for (const SourceFile *File : P->files())
    if (const ir::Module *Mod = P->module(*File))
      for (const ir::Node &N : Mod->Nodes)
        if (N.Kind == ir::NodeKind::Call && !N.Operands.empty() && N.Operands[0] != ir::NoNode) {
          const ir::Node &C = Mod->node(N.Operands[0]);
          if ((C.Kind == ir::NodeKind::Name || C.Kind == ir::NodeKind::Attribute) && C.Text == Name)
            return true;
        }
  return false;
}

} // namespace

DevFallbackCheck::DevFallbackCheck(std::string N, CheckOptionsView &Opts)
    : FunctionCheck(std::move(N), Opts, ModelPath,
                    {{"attestation_calls", &FallbackWords::AttestationCalls},
                     {"attestation_paths", &FallbackWords::AttestationPaths},
                     {"attestation_name_words", &FallbackWords::AttestationNameWords},
                     {"switch_words", &FallbackWords::SwitchWords},
                     {"switch_variables", &FallbackWords::SwitchVariables},
                     {"availability_words", &FallbackWords::AvailabilityWords},
                     {"fabricated_words", &FallbackWords::FabricatedWords},
                     {"random_key_calls", &FallbackWords::RandomKeyCalls},
                     {"derivation_calls", &FallbackWords::DerivationCalls}}) {}

void DevFallbackCheck::checkFunction(FileContext &Ctx, const Syntax &S, const FallbackWords &M,
                                     TSNode F) {
  const program::Program *Program = Ctx.services().program();
  FallbackScan Scan(S, M, F, Ctx.file().content());
  if (!Scan.attestationCode())
    return;
  for (const Fallback &Fb : Scan.fallbacks()) {
    // The deployment's verdict for each variable of the switches.
    std::vector<std::pair<std::string, dstack::FileVerdicts>> Flags;
    bool Off = false;
    for (const Gate &G : Fb.Gates)
      for (const std::string &Var : G.Variables) {
        dataflow::SourceInfo Info;
        Info.Variables = {Var};
        dstack::FileVerdicts FV = dstack::serviceVerdicts(Ctx, Info, {});
        // Pinned everywhere to a value that keeps the fallback off.
        bool AllOff = !FV.Verdicts.empty();
        for (const dstack::ServiceVerdict &V : FV.Verdicts) {
          std::optional<bool> Holds = V.V.Kind == deploy::EnvVerdictKind::Pinned
                                          ? evaluate(S, Scan, G.Condition, Var, V.V.Value)
                                          : std::nullopt;
          AllOff &= Holds.has_value() && *Holds != G.Side;
        }
        Off |= AllOff;
        Flags.push_back({Var, std::move(FV)});
      }
    if (Off)
      continue;
    std::string Where =
        Fb.OnFailure
            ? "when obtaining the quote or key fails"
            : "behind the switch '" +
                  std::string(S.text(S.strip(Fb.Gates.front().Condition))).substr(0, 60) + "'";
    Severity Level = reachable(S, Program, F) ? Severity::Error : Severity::Remark;
    std::string Message = Where + ", this hands back " + Fb.What + " instead of failing";
    const dstack::FileVerdicts *Deciding = nullptr;
    for (const auto &[Var, FV] : Flags)
      if (!FV.Verdicts.empty()) {
        const dstack::ServiceVerdict &V = FV.Verdicts.front();
        std::string Service = dstack::serviceName(Ctx, V);
        switch (V.V.Kind) {
        case deploy::EnvVerdictKind::OperatorControlled:
          Message += ", and " + Service + " lets the operator set " + Var;
          break;
        case deploy::EnvVerdictKind::Pinned:
          Message += ", and " + Service + " pins " + Var + " to '" + V.V.Value + "'";
          break;
        default:
          Message += ", and " + Service + " does not pin " + Var;
          break;
        }
        Deciding = &FV;
        break;
      }
    Diagnostic &D = diag(Ctx, Fb.Value, Message, Level);
    D.explain("a caller goes on with data no TEE produced: a verifier that accepts it trusts "
              "a key or report the operator can know or forge");
    D.explain("fail instead (raise, return an error, answer 503), or refuse the switch unless "
              "the build is for development");
    if (Level == Severity::Remark)
      D.explain("no caller of this function was found");
    if (Fb.OnFailure && !ts_node_is_null(Fb.FailureAt))
      D.Notes.push_back({"the fallback runs from here", Ctx.loc(Fb.FailureAt),
                         ts_node_end_byte(Fb.FailureAt) - ts_node_start_byte(Fb.FailureAt)});
    for (const Gate &G : Fb.Gates)
      D.Notes.push_back({G.Side ? "it runs when this holds" : "it runs when this does not hold",
                         Ctx.loc(G.Condition),
                         ts_node_end_byte(G.Condition) - ts_node_start_byte(G.Condition)});
    if (Deciding)
      dstack::addVerdictNotes(D, *Deciding);
    else {
      dataflow::SourceInfo None;
      dstack::FileVerdicts FV = dstack::serviceVerdicts(Ctx, None, {});
      if (FV.Held != deploy::HoldReason::None)
        dstack::addVerdictNotes(D, FV);
    }
  }
}

} // namespace teetidy::attestation
