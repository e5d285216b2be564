#include "checkers/attestation/UnboundSigningKeyCheck.h"

#include "checkers/FileContext.h"
#include "program/Program.h"

#include "llvm/ADT/StringExtras.h"

#include <map>

namespace teetidy::attestation {

namespace {

constexpr const char *ModelPath = "models/attestation-keys.yaml";

/// A name without case, `_` and `-`: `signing_address` = `signingAddress`.
std::string folded(std::string_view Name) {
  std::string Out;
  for (char C : Name)
    if (C != '_' && C != '-')
      Out += llvm::toLower(C);
  return Out;
}

/// Whether \p Name is one of \p Folded (words already folded).
bool inFolded(const std::set<std::string> &Folded, std::string_view Name) {
  return Folded.count(folded(Name)) != 0;
}

/// Names of functions, in any module of the program, that return a key
/// field of a response (`return resp.json()["signing_address"]`).
std::set<std::string> keyReturningFunctions(const program::Program &P, const FoldedKeyWords &M) {
  std::set<std::string> Out;
  for (const SourceFile *File : P.files()) {
    const ir::Module *Mod = P.module(*File);
    if (!Mod)
      continue;
    for (const ir::Function &F : Mod->Functions)
      for (ir::NodeId R : F.Returns) {
        if (R == ir::NoNode)
          continue;
        const ir::Node &N = Mod->node(R);
        bool Key = false;
        if (N.Kind == ir::NodeKind::Attribute)
          Key = inFolded(M.KeyFields, N.Text);
        else if (N.Kind == ir::NodeKind::Subscript && N.Operands.size() > 1 &&
                 N.Operands[1] != ir::NoNode && Mod->node(N.Operands[1]).isString())
          Key = inFolded(M.KeyFields, Mod->node(N.Operands[1]).Text);
        else if (N.Kind == ir::NodeKind::Call && !N.Args.empty() && N.Args[0].Value != ir::NoNode &&
                 !N.Operands.empty() && N.Operands[0] != ir::NoNode &&
                 Mod->node(N.Operands[0]).Text == "get" && Mod->node(N.Args[0].Value).isString())
          Key = inFolded(M.KeyFields, Mod->node(N.Args[0].Value).Text);
        if (Key && F.Name != "<module>")
          Out.insert(F.Name);
      }
  }
  return Out;
}

class KeyScan {
public:
  KeyScan(const Syntax &S, const FoldedKeyWords &M, TSNode F,
          const std::set<std::string> &Returning, std::string_view Src)
      : S(S), M(M), F(F), Body(Syntax::field(F, "body")), Returning(Returning), Src(Src) {}

  /// The key field \p V reads, or "". \p Deep also looks through the
  /// arguments and receivers of calls (`to_checksum_address(r["key"])`);
  /// callers that visit every node themselves pass false.
  std::string keyRead(TSNode V, bool Deep = true) const {
    V = S.strip(V);
    std::string_view T = Syntax::type(V);
    if (T == "subscript" || T == "subscript_expression") {
      TSNode Key = Syntax::field(V, T == "subscript" ? "subscript" : "index");
      TSNode Object = Syntax::field(V, T == "subscript" ? "value" : "object");
      if (auto Name = stringLiteralValue(Key, Src);
          Name && inFolded(M.KeyFields, *Name) && fromResponse(Object))
        return *Name;
      return {};
    }
    if (T == "attribute" || T == "member_expression") {
      std::string Name = S.lastName(V);
      return inFolded(M.KeyFields, Name) && fromResponse(Syntax::field(V, "object")) ? Name : "";
    }
    if (!S.isCall(V))
      return {};
    TSNode Callee = S.callee(V);
    std::string Last = S.lastName(Callee);
    std::vector<TSNode> Args = Syntax::named(Syntax::field(V, "arguments"));
    if (Last == "get" && !Args.empty())
      if (auto Name = stringLiteralValue(Args.front(), Src);
          Name && inFolded(M.KeyFields, *Name) && fromResponse(Syntax::field(Callee, "object")))
        return *Name;
    if (Returning.count(Last))
      return Last + "()";
    if (!Deep)
      return {};
    // `to_checksum_address(r["signing_address"])`, `r["key"].lower()`
    for (TSNode A : Args)
      if (std::string K = keyRead(A); !K.empty())
        return K;
    std::string_view CT = Syntax::type(Callee);
    if (CT == "attribute" || CT == "member_expression")
      return keyRead(Syntax::field(Callee, "object"));
    return {};
  }

  /// Whether the object a key field is read from is named for an
  /// attestation response, or holds one (`report = fetch(...).json()`).
  bool fromResponse(TSNode Object) const {
    if (hasWord(M.ResponseWords, S.text(Object)))
      return true;
    auto It = Values.find(std::string(S.text(S.strip(Object))));
    return It != Values.end() && hasWord(M.ResponseWords, S.text(It->second));
  }

  /// Whether \p N holds a key variable or reads a key field.
  bool mentionsKey(TSNode N) const {
    return holds(N, KeyMemo, [&](TSNode X) {
      return (Syntax::type(X) == "identifier" && Keys.count(std::string(S.text(X)))) ||
             !keyRead(X, /*Deep=*/false).empty();
    });
  }

  bool mentionsReportData(TSNode N) const {
    return holds(N, ReportDataMemo, [&](TSNode X) {
      if (ts_node_named_child_count(X) != 0)
        return false; // a leaf: a name, a property, a string's text
      std::string Text = folded(S.text(X));
      for (const std::string &R : M.ReportDataFields)
        if (Text.find(R) != std::string::npos)
          return true;
      return false;
    });
  }

  /// Whether \p Root or a node under it, outside nested functions and
  /// classes, satisfies \p Own; answers for every node visited are kept in
  /// \p Memo, so asking again about nested expressions costs nothing.
  template <typename Pred>
  bool holds(TSNode Root, std::map<const void *, bool> &Memo, const Pred &Own) const {
    std::vector<std::pair<TSNode, bool>> Stack{{Root, false}};
    while (!Stack.empty()) {
      auto [N, Expanded] = Stack.back();
      if (Memo.count(N.id)) {
        Stack.pop_back();
        continue;
      }
      if (!Expanded && Own(N)) {
        Memo[N.id] = true;
        Stack.pop_back();
        continue;
      }
      std::vector<TSNode> Children;
      for (TSNode C : Syntax::named(N))
        if (!S.isFunction(C) && !S.isClass(C))
          Children.push_back(C);
      if (!Expanded) {
        Stack.back().second = true;
        for (TSNode C : Children)
          Stack.push_back({C, false});
        continue;
      }
      bool Any = false;
      for (TSNode C : Children)
        Any |= Memo[C.id];
      Memo[N.id] = Any;
      Stack.pop_back();
    }
    return Memo[Root.id];
  }

  /// Variables holding a key (read, copied or derived from one), with where
  /// the field is read.
  void collectKeys() {
    S.walk(Body, [&](TSNode N) {
      auto [Name, Value] = Syntax::assignment(N);
      if (!ts_node_is_null(Name) && !ts_node_is_null(Value))
        Values.emplace(S.text(Name), Value);
      return true;
    });
    for (bool Grew = true; Grew;) {
      Grew = false;
      S.walk(Body, [&](TSNode N) {
        auto [Name, Value] = Syntax::assignment(N);
        if (ts_node_is_null(Name) || ts_node_is_null(Value))
          return true;
        // `const { signing_address } = await res.json()`
        if (Syntax::type(Name) == "object_pattern") {
          if (!hasWord(M.ResponseWords, S.text(Value)))
            return true;
          for (TSNode P : Syntax::named(Name))
            if (Syntax::type(P) == "shorthand_property_identifier_pattern" &&
                inFolded(M.KeyFields, S.text(P)) && Keys.emplace(S.text(P), P).second) {
              KeyMemo.clear();
              Grew = true;
            }
          return true;
        }
        if (Syntax::type(Name) != "identifier" || Keys.count(std::string(S.text(Name))))
          return true;
        if (mentionsReportData(Value))
          return true;
        if (!keyRead(Value).empty() || mentionsKey(Value)) {
          Keys.emplace(S.text(Name), S.strip(Value));
          KeyMemo.clear();
          Grew = true;
        }
        return true;
      });
    }
  }

  /// Whether the function compares a key (or a value made from one) with
  /// report_data, or hands both to a check.
  bool bound() const {
    bool Found = false;
    S.walk(Body, [&](TSNode N) {
      if (Found)
        return false;
      bool Compares = !S.comparison(N).first.empty();
      bool Call = S.isCall(N);
      if ((Compares || Call) && mentionsReportData(N) && mentionsKey(N))
        Found = true;
      // `verify_report_data(quote, addr)`: a check given the key and, as
      // another argument, the quote or report.
      if (Call && !M.TrustCalls.count(S.lastName(S.callee(N)))) {
        bool Key = false, Quote = false;
        for (TSNode A : Syntax::named(Syntax::field(N, "arguments"))) {
          if (mentionsKey(A))
            Key = true;
          else if (hasWord(M.QuoteVerifierWords, S.text(A)))
            Quote = true;
        }
        Found |= Key && Quote;
      }
      return !Found;
    });
    return Found;
  }

  /// Results of signer recovery: their comparison with a key trusts it.
  std::set<std::string> recovered() const { return S.assignedFromCalls(Body, M.RecoverCalls); }

  /// Whether the function verifies a quote (`verify_quote(...)`).
  bool verifiesQuote() const {
    bool Found = false;
    S.walk(Body, [&](TSNode N) {
      if (S.isCall(N)) {
        std::vector<std::string> W = identifierWords(S.lastName(S.callee(N)));
        bool Verify = llvm::is_contained(W, "verify") || llvm::is_contained(W, "validate");
        if (Verify && hasWord(M.QuoteVerifierWords, S.lastName(S.callee(N))))
          Found = true;
      }
      return !Found;
    });
    return Found;
  }

  /// The first use that trusts a key, and what it is.
  std::pair<TSNode, std::string> trustingUse() const {
    std::set<std::string> Recovered = recovered();
    bool Verifies = verifiesQuote();
    std::pair<TSNode, std::string> Out{TSNode{}, ""};
    S.walk(Body, [&](TSNode N) {
      if (!ts_node_is_null(Out.first))
        return false;
      if (S.isCall(N)) {
        std::string Last = S.lastName(S.callee(N));
        if (M.TrustCalls.count(Last) && mentionsKey(Syntax::field(N, "arguments"))) {
          Out = {N, "is given to " + Last + "(...)"};
          return false;
        }
        // `load_pem_public_key(report["public_key"]).verify(sig, msg)`
        TSNode Receiver = Syntax::field(S.callee(N), "object");
        if (M.TrustCalls.count(Last) && !ts_node_is_null(Receiver) && mentionsKey(Receiver)) {
          Out = {N, "verifies a signature with " + Last + "(...)"};
          return false;
        }
      }
      // `self.verified_key = key`, `trusted["signer"] = addr`
      if (auto [Target, Value] = Syntax::assignment(N);
          !ts_node_is_null(Target) && !ts_node_is_null(Value) &&
          Syntax::type(Target) != "identifier" && hasWord(M.StoredWords, S.text(Target)) &&
          mentionsKey(Value)) {
        Out = {N, "is stored as " + std::string(S.text(Target))};
        return false;
      }
      auto [Operands, Op] = S.comparison(N);
      if (!Operands.empty() && (Op == "==" || Op == "!=" || Op == "===" || Op == "!==")) {
        for (int I = 0; I < 2; ++I) {
          TSNode Other = S.strip(Operands[1 - I]);
          bool FromRecovery =
              (S.isCall(Other) && M.RecoverCalls.count(S.lastName(S.callee(Other)))) ||
              Recovered.count(std::string(S.text(Other)));
          // `recovered.lower() == addr.lower()`
          if (!FromRecovery && S.isCall(Other)) {
            TSNode Obj = Syntax::field(S.callee(Other), "object");
            FromRecovery = !ts_node_is_null(Obj) && Recovered.count(std::string(S.text(Obj)));
          }
          if (FromRecovery && mentionsKey(Operands[I])) {
            Out = {N, "is compared with the signer a signature recovers"};
            return false;
          }
        }
      }
      if (Verifies && Syntax::type(N) == "return_statement") {
        std::vector<TSNode> V = Syntax::named(N);
        if (!V.empty() && mentionsKey(V.front())) {
          Out = {N, "is returned by a function that verified the quote, so its callers take it "
                    "as attested"};
          return false;
        }
      }
      return true;
    });
    return Out;
  }

  /// The key field read that \p N holds, following copies: the field and
  /// the read, or "" when none is found.
  std::pair<std::string, TSNode> origin(TSNode N, unsigned Depth = 0) const {
    if (ts_node_is_null(N) || Depth > 8)
      return {"", TSNode{}};
    if (std::string K = keyRead(N); !K.empty())
      return {K, S.strip(N)};
    std::pair<std::string, TSNode> Out{"", TSNode{}};
    auto Visit = [&](TSNode X) {
      if (!Out.first.empty())
        return;
      if (std::string K = keyRead(X, /*Deep=*/false); !K.empty()) {
        Out = {K, X};
        return;
      }
      if (Syntax::type(X) == "identifier")
        if (auto It = Keys.find(std::string(S.text(X))); It != Keys.end()) {
          if (Syntax::type(It->second) == "shorthand_property_identifier_pattern")
            Out = {std::string(S.text(It->second)), It->second};
          else if (!ts_node_eq(It->second, N))
            Out = origin(It->second, Depth + 1);
        }
    };
    S.walk(N, [&](TSNode X) {
      Visit(X);
      return Out.first.empty();
    });
    return Out;
  }

  std::map<std::string, TSNode> Keys;

private:
  /// What each local name is assigned (the first assignment).
  std::map<std::string, TSNode> Values;
  /// Answers of mentionsKey and mentionsReportData, by node.
  mutable std::map<const void *, bool> KeyMemo, ReportDataMemo;
  const Syntax &S;
  const FoldedKeyWords &M;
  TSNode F, Body;
  const std::set<std::string> &Returning;
  std::string_view Src;
};

} // namespace

UnboundSigningKeyCheck::UnboundSigningKeyCheck(std::string N, CheckOptionsView &Opts)
    : FunctionCheck(std::move(N), Opts, ModelPath,
                    {{"key_fields", &KeyWords::KeyFields},
                     {"response_words", &KeyWords::ResponseWords},
                     {"report_data_fields", &KeyWords::ReportDataFields},
                     {"recover_calls", &KeyWords::RecoverCalls},
                     {"trust_calls", &KeyWords::TrustCalls},
                     {"quote_verifier_words", &KeyWords::QuoteVerifierWords},
                     {"stored_words", &KeyWords::StoredWords}}) {}

FoldedKeyWords::FoldedKeyWords(const KeyWords &M) : KeyWords(M) {
  for (std::set<std::string> *Set : {&KeyFields, &ReportDataFields}) {
    std::set<std::string> Folded;
    for (const std::string &W : *Set)
      Folded.insert(folded(W));
    *Set = std::move(Folded);
  }
}

UnboundSigningKeyCheck::~UnboundSigningKeyCheck() = default;

const std::set<std::string> &UnboundSigningKeyCheck::keyReturning(const program::Program *P,
                                                                  const KeyWords &M) {
  std::lock_guard<std::mutex> Lock(ReturningLock);
  if (!Folded)
    Folded = std::make_unique<FoldedKeyWords>(M);
  if (P && P->serial() != ReturningOf) {
    Returning = keyReturningFunctions(*P, *Folded);
    ReturningOf = P->serial();
  }
  return Returning;
}

void UnboundSigningKeyCheck::checkFunction(FileContext &Ctx, const Syntax &S, const KeyWords &M,
                                           TSNode F) {
  if (ts_node_is_null(Syntax::field(F, "body")))
    return;
  const std::set<std::string> &Ret = keyReturning(Ctx.services().program(), M);
  // Every trusting use needs a key, which needs a key field's name or a call
  // of a function returning one in the function's text: most functions have
  // neither, and are not scanned.
  std::string_view Text = S.text(F);
  std::string FoldedText = folded(Text);
  bool Mentions = llvm::any_of(Folded->KeyFields, [&](const std::string &K) {
    return FoldedText.find(K) != std::string::npos;
  });
  Mentions |= llvm::any_of(
      Ret, [&](const std::string &R) { return Text.find(R) != std::string_view::npos; });
  if (!Mentions)
    return;
  KeyScan Scan(S, *Folded, F, Ret, Ctx.file().content());
  Scan.collectKeys();
  auto [Use, How] = Scan.trustingUse();
  if (ts_node_is_null(Use) || Scan.bound())
    return;
  // The field the trusted key comes from, and where it is read.
  auto [Field, Read] = Scan.origin(Use);
  Field = Field.empty() ? "a key" : "'" + Field + "'";
  Diagnostic &D = diag(Ctx, Use,
                       Field + " from an attestation response " + How +
                           ", and nothing binds it to the quote's report_data");
  D.explain("whoever answers the request, the operator's proxy included, can send a key of "
            "their own next to a genuine quote: only report_data ties a key to the TEE that "
            "made the quote");
  D.explain("compare report_data (the padded address, or a hash of the key and a nonce) with "
            "the key before trusting it");
  if (!ts_node_is_null(Read))
    D.Notes.push_back({"the key is read from the response here", Ctx.loc(Read),
                       ts_node_end_byte(Read) - ts_node_start_byte(Read)});
}

} // namespace teetidy::attestation
