#include "checkers/attestation/TlsVerificationDisabledCheck.h"

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <iterator>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::attestation {

namespace {
constexpr const char *CatalogPath = "models/tls-environment.yaml";
constexpr const char *Consequence =
    "whoever controls the network path, the host operator included, can impersonate the remote "
    "service";

std::string_view nodeText(TSNode N, std::string_view Src) {
  return Src.substr(ts_node_start_byte(N), ts_node_end_byte(N) - ts_node_start_byte(N));
}
bool isKind(TSNode N, const char *Kind) {
  return !ts_node_is_null(N) && std::string_view(ts_node_type(N)) == Kind;
}
/// The node under \p N, unwrapping `(x)`, `&x` and one-element lists.
TSNode unwrap(TSNode N) {
  while (!ts_node_is_null(N) &&
         (isKind(N, "parenthesized_expression") || isKind(N, "unary_expression") ||
          isKind(N, "expression_list") || isKind(N, "literal_element")) &&
         ts_node_named_child_count(N) == 1)
    N = ts_node_named_child(N, 0);
  return N;
}

/// Go: whether the `InsecureSkipVerify: true` element \p Element configures a
/// connection that is used only to read the peer's certificate — `tls.Dialer{Config:
/// &tls.Config{...}}` or `tls.Dial(..., &tls.Config{...})` in a function whose
/// connection is only closed, handshaken and asked for its ConnectionState(). Such
/// a probe sends nothing over the unverified channel.
bool goCertificateProbe(TSNode Element, std::string_view Src) {
  // The config literal and what holds it.
  TSNode Config = ts_node_parent(ts_node_parent(Element)); // literal_value, composite_literal
  if (!isKind(Config, "composite_literal"))
    return false;
  TSNode Holder = ts_node_parent(Config);
  while (isKind(Holder, "unary_expression") || isKind(Holder, "literal_element"))
    Holder = ts_node_parent(Holder);
  // `tls.Dialer{Config: ...}` assigned to a variable, or a call's argument.
  std::string_view Dialer;
  TSNode DialCall{};
  if (isKind(Holder, "keyed_element")) {
    TSNode Literal = ts_node_parent(ts_node_parent(Holder));
    TSNode Type = isKind(Literal, "composite_literal")
                      ? ts_node_child_by_field_name(Literal, "type", 4)
                      : TSNode{};
    if (ts_node_is_null(Type) || nodeText(Type, Src) != "tls.Dialer")
      return false;
    TSNode Decl = ts_node_parent(Literal);
    while (isKind(Decl, "unary_expression") || isKind(Decl, "expression_list"))
      Decl = ts_node_parent(Decl);
    if (!isKind(Decl, "short_var_declaration") && !isKind(Decl, "assignment_statement"))
      return false;
    TSNode Left = unwrap(ts_node_child_by_field_name(Decl, "left", 4));
    if (!isKind(Left, "identifier"))
      return false;
    Dialer = nodeText(Left, Src);
  } else if (isKind(Holder, "argument_list")) {
    DialCall = ts_node_parent(Holder);
    TSNode Callee = ts_node_child_by_field_name(DialCall, "function", 8);
    std::string_view C = ts_node_is_null(Callee) ? std::string_view() : nodeText(Callee, Src);
    if (C != "tls.Dial" && C != "tls.DialWithDialer" && C != "tls.Client")
      return false;
  } else {
    return false;
  }
  // The enclosing function.
  TSNode Body = Config;
  while (!ts_node_is_null(Body) && !isKind(Body, "function_declaration") &&
         !isKind(Body, "method_declaration") && !isKind(Body, "func_literal"))
    Body = ts_node_parent(Body);
  if (ts_node_is_null(Body))
    return false;
  // The connection: `conn, err := dialer.DialContext(...)` / `:= tls.Dial(...)`.
  std::string Conn;
  std::vector<TSNode> Work{Body};
  while (!Work.empty()) {
    TSNode N = Work.back();
    Work.pop_back();
    if (isKind(N, "short_var_declaration") || isKind(N, "assignment_statement")) {
      TSNode Right = unwrap(ts_node_child_by_field_name(N, "right", 5));
      bool Dials = false;
      if (isKind(Right, "call_expression")) {
        if (!ts_node_is_null(DialCall))
          Dials = ts_node_eq(Right, DialCall);
        else if (TSNode F = ts_node_child_by_field_name(Right, "function", 8);
                 isKind(F, "selector_expression")) {
          TSNode Operand = ts_node_child_by_field_name(F, "operand", 7);
          std::string_view Method = nodeText(ts_node_child_by_field_name(F, "field", 5), Src);
          Dials = nodeText(Operand, Src) == Dialer && (Method == "Dial" || Method == "DialContext");
        }
      }
      if (Dials) {
        TSNode Left = ts_node_child_by_field_name(N, "left", 4);
        TSNode First = ts_node_named_child_count(Left) ? ts_node_named_child(Left, 0) : TSNode{};
        if (!isKind(First, "identifier") || !Conn.empty())
          return false;
        Conn = nodeText(First, Src);
      }
    }
    for (uint32_t I = ts_node_named_child_count(N); I-- > 0;)
      Work.push_back(ts_node_named_child(N, I));
  }
  if (Conn.empty() || Conn == "_")
    return false;
  // Every other use of the connection reads its state or closes it.
  static constexpr std::string_view Allowed[] = {
      "Close",       "ConnectionState", "Handshake", "HandshakeContext",
      "SetDeadline", "RemoteAddr",      "LocalAddr"};
  Work = {Body};
  bool ReadsState = false;
  while (!Work.empty()) {
    TSNode N = Work.back();
    Work.pop_back();
    for (uint32_t I = ts_node_named_child_count(N); I-- > 0;)
      Work.push_back(ts_node_named_child(N, I));
    if (!isKind(N, "identifier") || nodeText(N, Src) != Conn)
      continue;
    TSNode P = ts_node_parent(N);
    if (isKind(P, "expression_list") && isKind(ts_node_parent(P), "short_var_declaration") &&
        ts_node_eq(ts_node_named_child(P, 0), N))
      continue; // the declaration itself
    if (isKind(P, "binary_expression"))
      continue; // `conn == nil`
    if (isKind(P, "type_assertion_expression"))
      P = ts_node_parent(P); // `conn.(*tls.Conn).ConnectionState()`
    if (isKind(P, "parenthesized_expression"))
      P = ts_node_parent(P);
    if (!isKind(P, "selector_expression"))
      return false;
    std::string_view Method = nodeText(ts_node_child_by_field_name(P, "field", 5), Src);
    if (std::find(std::begin(Allowed), std::end(Allowed), Method) == std::end(Allowed))
      return false;
    ReadsState |= Method == "ConnectionState";
  }
  return ReadsState;
}
} // namespace

TlsVerificationDisabledCheck::TlsVerificationDisabledCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), ExtraVariables(options().getList("ExtraVariables", "")),
      CheckBuildCommands(options().getBool("CheckBuildCommands", true)) {}

bool TlsVerificationDisabledCheck::appliesTo(Language) const {
  // Every language: app-compose.json is read for its embedded compose file.
  return true;
}

bool TlsVerificationDisabledCheck::loadCatalog(FileContext &Ctx) {
  if (Loaded)
    return Shared != nullptr;
  Loaded = true;
  auto Read = [](const YAML::Node &Model, CatalogReader &R) {
    Catalog Out;
    for (const YAML::Node &V : Model["variables"]) {
      Variable Var{R.string(V["name"], "name"), {}, R.string(V["effect"], "effect")};
      for (const std::string &Val : R.strings(V["values"], "values"))
        Var.Values.push_back(llvm::StringRef(Val).trim().lower());
      Out.Variables.push_back(std::move(Var));
    }
    for (const YAML::Node &C : Model["commands"])
      Out.Commands.push_back({R.pattern(C["pattern"], "pattern", llvm::Regex::IgnoreCase),
                              R.string(C["effect"], "effect")});
    auto Position = [&R](const YAML::Node &N) {
      unsigned P = 0;
      if (llvm::StringRef(R.string(N, "position")).getAsInteger(10, P))
        R.fail(N, "position must be a number");
      return P;
    };
    for (const YAML::Node &C : Model["calls"]) {
      Call Shape;
      Shape.Callees = R.strings(C["callee"], "callee");
      Shape.Methods = R.strings(C["method"], "method");
      if (Shape.Callees.empty() && Shape.Methods.empty())
        R.fail(C, "a call needs 'callee' or 'method'");
      if (const YAML::Node W = C["when"]) {
        Shape.SelectorPosition = Position(W["position"]);
        Shape.Selectors = R.strings(W["names"], "names");
      }
      Shape.ValuePosition = Position(C["value"]["position"]);
      Shape.Values = R.strings(C["value"]["values"], "values");
      Shape.Effect = R.string(C["effect"], "effect");
      Shape.Fix = R.string(C["fix"], "fix", /*Required=*/false);
      Out.Calls.push_back(std::move(Shape));
    }
    return Out;
  };
  // A problem is reported once: the driver merges equal tool errors.
  auto Built = Ctx.services().catalog<Catalog>(CatalogPath, Read);
  if (!Built) {
    Ctx.toolError(llvm::toString(Built.takeError()));
    return false;
  }
  Shared = std::move(*Built);
  // ExtraVariables entries are NAME=value (value "*" = any non-empty).
  for (const std::string &Entry : ExtraVariables) {
    auto [Name, Value] = llvm::StringRef(Entry).split('=');
    if (Name.trim().empty())
      continue;
    Extra.push_back({Name.trim().str(),
                     {Value.trim().empty() ? "*" : Value.trim().lower()},
                     "it turns off TLS certificate verification (configured)"});
  }
  return true;
}

const TlsVerificationDisabledCheck::Variable *
TlsVerificationDisabledCheck::findVariable(std::string_view Name) const {
  for (const std::vector<Variable> *List : {&Shared->Variables, &Extra})
    for (const Variable &V : *List)
      if (V.Name == Name)
        return &V;
  return nullptr;
}

bool TlsVerificationDisabledCheck::disables(const Variable &V, std::string_view Value) {
  std::string L = llvm::StringRef(Value.data(), Value.size()).trim().lower();
  for (const std::string &D : V.Values)
    if ((D == "*" && !L.empty()) || D == L)
      return true;
  return false;
}

void TlsVerificationDisabledCheck::check(FileContext &Ctx) {
  if (!loadCatalog(Ctx))
    return;
  switch (Ctx.language()) {
  case Language::Yaml:
  case Language::Json:
    checkCompose(Ctx);
    break;
  case Language::Dockerfile:
    checkDockerfile(Ctx);
    break;
  default:
    if (hasGrammar(Ctx.language()))
      checkCode(Ctx);
    else if (familyOf(Ctx.language()) == LanguageFamily::C)
      checkNative(Ctx);
    break;
  }
}

void TlsVerificationDisabledCheck::checkNative(FileContext &Ctx) {
  const program::Program *P = Ctx.services().program();
  const ir::Module *M = P ? P->module(Ctx.file()) : nullptr;
  if (!M)
    return;
  auto In = [](const std::vector<std::string> &L, const std::string &S) {
    return std::find(L.begin(), L.end(), S) != L.end();
  };
  for (const ir::Node &N : M->Nodes) {
    if (N.Kind != ir::NodeKind::Call || N.Operands.empty())
      continue;
    const ir::Node &Callee = M->node(N.Operands[0]);
    for (const Call &Shape : Shared->Calls) {
      bool Named = (Callee.Kind == ir::NodeKind::Name && In(Shape.Callees, Callee.Text)) ||
                   (Callee.Kind == ir::NodeKind::Attribute && In(Shape.Methods, Callee.Text));
      if (!Named || N.Args.size() <= Shape.ValuePosition)
        continue;
      if (Shape.SelectorPosition) {
        if (N.Args.size() <= *Shape.SelectorPosition)
          continue;
        const ir::Node &Sel = M->node(N.Args[*Shape.SelectorPosition].Value);
        if (Sel.Kind != ir::NodeKind::Name || !In(Shape.Selectors, Sel.Text))
          continue;
      }
      const ir::Node &Value = M->node(N.Args[Shape.ValuePosition].Value);
      if (Value.Kind != ir::NodeKind::Literal || !In(Shape.Values, Value.Text))
        continue;
      Diagnostic &D = diagInStatement(Ctx, Value.Where.Begin, Value.Where.End, Shape.Effect)
                          .explain(Consequence);
      if (!Shape.Fix.empty())
        D.Fixes.push_back(
            {&Ctx.file(), Value.Where.Begin, Value.Where.End - Value.Where.Begin, Shape.Fix});
    }
  }
}

void TlsVerificationDisabledCheck::checkCode(FileContext &Ctx) {
  std::string_view Src = Ctx.file().content();
  Ctx.forEachMatch(name(), [&](const QueryMatch &M) {
    TSNode Report = M.capture("report");
    if (ts_node_is_null(Report))
      return;
    TSNode EnvName = M.capture("env.name");
    if (!ts_node_is_null(EnvName)) {
      // An environment write: only catalogued variables and values count.
      auto Name = stringLiteralValue(EnvName, Src);
      auto Value = stringLiteralValue(M.capture("env.value"), Src);
      if (!Name || !Value)
        return;
      const Variable *V = findVariable(*Name);
      if (!V || !disables(*V, *Value))
        return;
      diag(Ctx, Report,
           "setting " + V->Name + "='" + *Value + "' turns off TLS certificate verification")
          .explain(V->Effect)
          .explain(Consequence);
      return;
    }
    if (Ctx.language() == Language::Go && isKind(Report, "keyed_element") &&
        goCertificateProbe(Report, Src))
      return;
    std::string Message = expandCaptures(M.property("message"), M, Src);
    Diagnostic &D = diag(Ctx, Report, Message).explain(Consequence);
    TSNode Fix = M.capture("fix");
    std::string_view FixText = M.property("fix");
    if (!ts_node_is_null(Fix) && !FixText.empty())
      D.Fixes.push_back({&Ctx.file(), ts_node_start_byte(Fix),
                         ts_node_end_byte(Fix) - ts_node_start_byte(Fix), std::string(FixText)});
  });
}

void TlsVerificationDisabledCheck::checkCompose(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  for (const deploy::ComposeService &S : Compose->Services) {
    for (const deploy::EnvironmentEntry &E : S.Environment) {
      const Variable *V = findVariable(E.Name);
      if (!V || !E.Value)
        continue;
      const deploy::ComposeScalar &Val = *E.Value;
      if (Val.Value.isLiteral()) {
        std::string Literal = Val.Value.literalValue();
        if (disables(*V, Literal))
          diag(Ctx, Val.Loc, Val.Length,
               "service '" + S.Name + "' sets " + V->Name + "='" + Literal +
                   "', which turns off TLS certificate verification")
              .explain(V->Effect)
              .explain(Consequence);
        continue;
      }
      // ${VAR:-0} / ${VAR-0}: the default applies whenever the variable is
      // not provided, which is the attested configuration's own choice.
      for (const deploy::VariableRef &R : Val.Value.Refs) {
        bool HasDefault = R.Kind == deploy::VariableRef::Form::DefaultIfUnsetOrEmpty ||
                          R.Kind == deploy::VariableRef::Form::DefaultIfUnset;
        if (HasDefault && R.Nested.empty() && disables(*V, R.Argument))
          diag(Ctx, Val.Loc, Val.Length,
               "service '" + S.Name + "' defaults " + V->Name + " to '" + R.Argument +
                   "', which turns off TLS certificate verification")
              .explain(V->Effect)
              .explain(Consequence);
      }
    }
    if (!CheckBuildCommands)
      continue;
    for (const std::vector<deploy::ComposeScalar> *Parts : {&S.Command, &S.Entrypoint})
      for (const deploy::ComposeScalar &Part : *Parts)
        checkCommand(Ctx, Part.Text, [&Part](size_t O) { return Part.fileOffset(O); });
  }
}

void TlsVerificationDisabledCheck::checkDockerfile(FileContext &Ctx) {
  const deploy::DockerfileModel *Model = Ctx.dockerfile();
  if (!Model)
    return;
  auto CheckPairs = [&](const std::vector<deploy::KeyValue> &Pairs, std::string_view Keyword) {
    for (const deploy::KeyValue &KV : Pairs) {
      const Variable *V = findVariable(KV.Key);
      if (!V || !disables(*V, KV.Value))
        continue;
      diag(Ctx, KV.ValueLoc, KV.Value.size(),
           std::string(Keyword) + " " + V->Name + "='" + KV.Value +
               "' turns off TLS certificate verification" +
               (Keyword == "ARG" ? " during the image build" : ""))
          .explain(V->Effect)
          .explain(Consequence);
    }
  };
  CheckPairs(Model->Env, "ENV");
  CheckPairs(Model->Args, "ARG");
  if (!CheckBuildCommands)
    return;
  for (const deploy::DockerInstruction &I : Model->Instructions) {
    if (I.Keyword != "RUN")
      continue;
    checkCommand(Ctx, I.Arguments, [&I](size_t O) { return I.fileOffset(O); });
  }
}

void TlsVerificationDisabledCheck::checkCommand(FileContext &Ctx, std::string_view Text,
                                                const std::function<size_t(size_t)> &ToFileOffset) {
  for (const Command &C : Shared->Commands) {
    llvm::SmallVector<llvm::StringRef, 4> Groups;
    llvm::StringRef T(Text.data(), Text.size());
    if (!C.Pattern->match(T, &Groups))
      continue;
    size_t Offset = static_cast<size_t>(Groups[0].data() - Text.data());
    // Skip leading separators the pattern consumed.
    while (Offset < Text.size() && (Text[Offset] == ' ' || Text[Offset] == ';' ||
                                    Text[Offset] == '&' || Text[Offset] == '|'))
      ++Offset;
    diag(Ctx, Ctx.loc(ToFileOffset(Offset)), 0, C.Effect).explain(Consequence);
  }
}

} // namespace teetidy::attestation
