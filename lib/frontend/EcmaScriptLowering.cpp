#include "frontend/EcmaScriptLowering.h"

#include "frontend/LowererBase.h"
#include "frontend/SyntaxWalk.h"
#include "source/Utf8.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

// The node types and tokens the lowering tells apart. Each symbol of a
// grammar maps to the entry with its name (anonymous tokens and named nodes
// alike, as comparing type names did), or to Other.
#define ECMA_SYMBOLS(X)                                                                            \
  X(AbstractClassDeclaration, "abstract_class_declaration")                                        \
  X(AccessibilityModifier, "accessibility_modifier")                                               \
  X(AmbientDeclaration, "ambient_declaration")                                                     \
  X(Arguments, "arguments")                                                                        \
  X(Array, "array")                                                                                \
  X(ArrayPattern, "array_pattern")                                                                 \
  X(ArrowFunction, "arrow_function")                                                               \
  X(AsExpression, "as_expression")                                                                 \
  X(AssignmentExpression, "assignment_expression")                                                 \
  X(AssignmentPattern, "assignment_pattern")                                                       \
  X(AsyncToken, "async")                                                                           \
  X(AugmentedAssignmentExpression, "augmented_assignment_expression")                              \
  X(AwaitExpression, "await_expression")                                                           \
  X(BinaryExpression, "binary_expression")                                                         \
  X(BreakStatement, "break_statement")                                                             \
  X(CallExpression, "call_expression")                                                             \
  X(CatchClause, "catch_clause")                                                                   \
  X(Class, "class")                                                                                \
  X(ClassDeclaration, "class_declaration")                                                         \
  X(ClassHeritage, "class_heritage")                                                               \
  X(ClassStaticBlock, "class_static_block")                                                        \
  X(Comment, "comment")                                                                            \
  X(ComputedPropertyName, "computed_property_name")                                                \
  X(ContinueStatement, "continue_statement")                                                       \
  X(DebuggerStatement, "debugger_statement")                                                       \
  X(Decorator, "decorator")                                                                        \
  X(DefaultToken, "default")                                                                       \
  X(DoStatement, "do_statement")                                                                   \
  X(ElseClause, "else_clause")                                                                     \
  X(EmptyStatement, "empty_statement")                                                             \
  X(EnumAssignment, "enum_assignment")                                                             \
  X(EnumDeclaration, "enum_declaration")                                                           \
  X(EqualsToken, "=")                                                                              \
  X(Error, "ERROR")                                                                                \
  X(ExportClause, "export_clause")                                                                 \
  X(ExportSpecifier, "export_specifier")                                                           \
  X(ExportStatement, "export_statement")                                                           \
  X(ExpressionStatement, "expression_statement")                                                   \
  X(ExtendsClause, "extends_clause")                                                               \
  X(False, "false")                                                                                \
  X(FieldDefinition, "field_definition")                                                           \
  X(FinallyClause, "finally_clause")                                                               \
  X(ForInStatement, "for_in_statement")                                                            \
  X(ForStatement, "for_statement")                                                                 \
  X(Function, "function")                                                                          \
  X(FunctionDeclaration, "function_declaration")                                                   \
  X(FunctionExpression, "function_expression")                                                     \
  X(FunctionSignature, "function_signature")                                                       \
  X(GeneratorFunction, "generator_function")                                                       \
  X(GeneratorFunctionDeclaration, "generator_function_declaration")                                \
  X(GetToken, "get")                                                                               \
  X(HashBangLine, "hash_bang_line")                                                                \
  X(HtmlComment, "html_comment")                                                                   \
  X(Identifier, "identifier")                                                                      \
  X(IfStatement, "if_statement")                                                                   \
  X(Import, "import")                                                                              \
  X(ImportAlias, "import_alias")                                                                   \
  X(ImportClause, "import_clause")                                                                 \
  X(ImportRequireClause, "import_require_clause")                                                  \
  X(ImportSpecifier, "import_specifier")                                                           \
  X(ImportStatement, "import_statement")                                                           \
  X(InstantiationExpression, "instantiation_expression")                                           \
  X(InterfaceDeclaration, "interface_declaration")                                                 \
  X(InternalModule, "internal_module")                                                             \
  X(JsxAttribute, "jsx_attribute")                                                                 \
  X(JsxElement, "jsx_element")                                                                     \
  X(JsxExpression, "jsx_expression")                                                               \
  X(JsxOpeningElement, "jsx_opening_element")                                                      \
  X(JsxSelfClosingElement, "jsx_self_closing_element")                                             \
  X(LabeledStatement, "labeled_statement")                                                         \
  X(LexicalDeclaration, "lexical_declaration")                                                     \
  X(MemberExpression, "member_expression")                                                         \
  X(MetaProperty, "meta_property")                                                                 \
  X(MethodDefinition, "method_definition")                                                         \
  X(Module, "module")                                                                              \
  X(NamedImports, "named_imports")                                                                 \
  X(NamespaceExport, "namespace_export")                                                           \
  X(NamespaceImport, "namespace_import")                                                           \
  X(NamespaceToken, "namespace")                                                                   \
  X(NestedIdentifier, "nested_identifier")                                                         \
  X(NewExpression, "new_expression")                                                               \
  X(NonNullExpression, "non_null_expression")                                                      \
  X(Null, "null")                                                                                  \
  X(Number, "number")                                                                              \
  X(Object, "object")                                                                              \
  X(ObjectAssignmentPattern, "object_assignment_pattern")                                          \
  X(ObjectPattern, "object_pattern")                                                               \
  X(OptionalParameter, "optional_parameter")                                                       \
  X(OverrideModifier, "override_modifier")                                                         \
  X(Pair, "pair")                                                                                  \
  X(PairPattern, "pair_pattern")                                                                   \
  X(ParenthesizedExpression, "parenthesized_expression")                                           \
  X(PrivatePropertyIdentifier, "private_property_identifier")                                      \
  X(PropertyIdentifier, "property_identifier")                                                     \
  X(PublicFieldDefinition, "public_field_definition")                                              \
  X(ReadonlyToken, "readonly")                                                                     \
  X(Regex, "regex")                                                                                \
  X(RequiredParameter, "required_parameter")                                                       \
  X(RestPattern, "rest_pattern")                                                                   \
  X(ReturnStatement, "return_statement")                                                           \
  X(SatisfiesExpression, "satisfies_expression")                                                   \
  X(SequenceExpression, "sequence_expression")                                                     \
  X(ShorthandPropertyIdentifier, "shorthand_property_identifier")                                  \
  X(ShorthandPropertyIdentifierPattern, "shorthand_property_identifier_pattern")                   \
  X(SpreadElement, "spread_element")                                                               \
  X(StatementBlock, "statement_block")                                                             \
  X(StatementIdentifier, "statement_identifier")                                                   \
  X(StaticToken, "static")                                                                         \
  X(String, "string")                                                                              \
  X(SubscriptExpression, "subscript_expression")                                                   \
  X(Super, "super")                                                                                \
  X(SwitchStatement, "switch_statement")                                                           \
  X(TemplateString, "template_string")                                                             \
  X(TemplateSubstitution, "template_substitution")                                                 \
  X(TernaryExpression, "ternary_expression")                                                       \
  X(This, "this")                                                                                  \
  X(ThrowStatement, "throw_statement")                                                             \
  X(True, "true")                                                                                  \
  X(TryStatement, "try_statement")                                                                 \
  X(TypeAliasDeclaration, "type_alias_declaration")                                                \
  X(TypeAnnotation, "type_annotation")                                                             \
  X(TypeAssertion, "type_assertion")                                                               \
  X(UnaryExpression, "unary_expression")                                                           \
  X(Undefined, "undefined")                                                                        \
  X(UpdateExpression, "update_expression")                                                         \
  X(VariableDeclaration, "variable_declaration")                                                   \
  X(VariableDeclarator, "variable_declarator")                                                     \
  X(WhileStatement, "while_statement")                                                             \
  X(WithStatement, "with_statement")                                                               \
  X(YieldExpression, "yield_expression")

enum class Sym : uint8_t {
  Other,
#define ECMA_ENUM(E, Name) E,
  ECMA_SYMBOLS(ECMA_ENUM)
#undef ECMA_ENUM
};

/// TypeScript type syntax: it has no runtime value and is never lowered.
bool isTypeNode(std::string_view T) {
  if (T == "type_assertion")
    return false; // `<T>x` is an expression
  auto EndsWith = [&](std::string_view S) {
    return T.size() >= S.size() && T.substr(T.size() - S.size()) == S;
  };
  return T.find("type") != std::string_view::npos || EndsWith("_annotation") || T == "asserts" ||
         T == "constraint" || T == "implements_clause";
}

/// What the lowering knows of a symbol, from its name.
struct SymInfo {
  Sym Kind = Sym::Other;
  bool Type = false;        ///< isTypeNode
  bool Statement = false;   ///< the name contains "statement"
  bool Declaration = false; ///< the name contains "declaration"

  static SymInfo of(std::string_view Name) {
    static constexpr std::pair<std::string_view, Sym> Names[] = {
#define ECMA_NAME(E, Name) {Name, Sym::E},
        ECMA_SYMBOLS(ECMA_NAME)
#undef ECMA_NAME
    };
    SymInfo I;
    for (auto [N, K] : Names)
      if (N == Name)
        I.Kind = K;
    I.Type = isTypeNode(Name);
    I.Statement = Name.find("statement") != std::string_view::npos;
    I.Declaration = Name.find("declaration") != std::string_view::npos;
    return I;
  }
};

// clang-format off
#define ECMA_FIELDS(X)          \
  X(Alias, "alias")             \
  X(Alternative, "alternative") \
  X(Argument, "argument")       \
  X(Arguments, "arguments")     \
  X(Body, "body")               \
  X(Condition, "condition")     \
  X(Consequence, "consequence") \
  X(Constructor, "constructor") \
  X(Declaration, "declaration") \
  X(Decorator, "decorator")     \
  X(Function, "function")       \
  X(Index, "index")             \
  X(Key, "key")                 \
  X(Label, "label")             \
  X(Left, "left")               \
  X(Name, "name")               \
  X(Object, "object")           \
  X(Operator, "operator")       \
  X(Parameter, "parameter")     \
  X(Parameters, "parameters")   \
  X(Pattern, "pattern")         \
  X(Property, "property")       \
  X(Right, "right")             \
  X(Source, "source")           \
  X(Type, "type")               \
  X(Value, "value")
// clang-format on

/// Symbol info and field ids of one grammar (TypeScript, TSX or JavaScript).
struct Grammar {
  walk::SymbolTable<SymInfo> Syms;
  struct FieldIds {
#define ECMA_FIELD(F, Name) TSFieldId F = 0;
    ECMA_FIELDS(ECMA_FIELD)
#undef ECMA_FIELD
  } Fields;

  explicit Grammar(const TSLanguage *L) : Syms(L, SymInfo::of) {
#define ECMA_FIELD(F, Name) Fields.F = walk::fieldId(L, Name);
    ECMA_FIELDS(ECMA_FIELD)
#undef ECMA_FIELD
  }
};

const Grammar &grammarOf(TSNode N) { return walk::perLanguage<Grammar>(ts_tree_language(N.tree)); }

bool isNull(TSNode N) { return ts_node_is_null(N); }

bool isFunctionExpression(Sym K) {
  return K == Sym::ArrowFunction || K == Sym::FunctionExpression || K == Sym::GeneratorFunction ||
         K == Sym::Function;
}

/// Parses \p Digits (all of it) as hexadecimal; false if empty or not hex.
bool parseHex(std::string_view Digits, uint32_t &V) {
  if (Digits.empty() || Digits.size() > 8)
    return false;
  V = 0;
  for (char H : Digits) {
    uint32_t D;
    if (H >= '0' && H <= '9')
      D = static_cast<uint32_t>(H - '0');
    else if (H >= 'a' && H <= 'f')
      D = static_cast<uint32_t>(H - 'a' + 10);
    else if (H >= 'A' && H <= 'F')
      D = static_cast<uint32_t>(H - 'A' + 10);
    else
      return false;
    V = V * 16 + D;
  }
  return true;
}

/// Decodes the text of a string literal or template chunk (without its
/// quotes) into UTF-8. Malformed escapes keep their character.
void decodeEcma(std::string_view Raw, std::string &Out) {
  size_t I = 0;
  while (I < Raw.size()) {
    char C = Raw[I];
    if (C != '\\' || I + 1 == Raw.size()) {
      Out += C;
      ++I;
      continue;
    }
    char E = Raw[I + 1];
    I += 2;
    uint32_t V = 0;
    switch (E) {
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    case 'r':
      Out += '\r';
      break;
    case 'b':
      Out += '\b';
      break;
    case 'f':
      Out += '\f';
      break;
    case 'v':
      Out += '\v';
      break;
    case '\r': // line continuation, CRLF or CR
      if (I < Raw.size() && Raw[I] == '\n')
        ++I;
      break;
    case '\n':
      break;
    case 'x':
      if (I + 2 <= Raw.size() && parseHex(Raw.substr(I, 2), V)) {
        appendUtf8(Out, V);
        I += 2;
      } else {
        Out += 'x';
      }
      break;
    case 'u':
      if (I < Raw.size() && Raw[I] == '{') {
        size_t Close = Raw.find('}', I);
        if (Close != std::string_view::npos && parseHex(Raw.substr(I + 1, Close - I - 1), V)) {
          appendUtf8(Out, V);
          I = Close + 1;
        } else {
          Out += 'u';
        }
      } else if (I + 4 <= Raw.size() && parseHex(Raw.substr(I, 4), V)) {
        I += 4;
        uint32_t Low = 0;
        // `\uD83D\uDE00`: a surrogate pair spells one code point.
        if (V >= 0xD800 && V <= 0xDBFF && Raw.substr(I, 2) == "\\u" && I + 6 <= Raw.size() &&
            parseHex(Raw.substr(I + 2, 4), Low) && Low >= 0xDC00 && Low <= 0xDFFF) {
          V = 0x10000 + ((V - 0xD800) << 10) + (Low - 0xDC00);
          I += 6;
        }
        appendUtf8(Out, V);
      } else {
        Out += 'u';
      }
      break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      // `\0`, and legacy octal escapes of up to three digits (at most 0377).
      V = static_cast<uint32_t>(E - '0');
      size_t MaxMore = E <= '3' ? 2 : 1;
      for (size_t K = 0; K < MaxMore && I < Raw.size() && Raw[I] >= '0' && Raw[I] <= '7'; ++K, ++I)
        V = V * 8 + static_cast<uint32_t>(Raw[I] - '0');
      appendUtf8(Out, V);
      break;
    }
    default:
      // U+2028 and U+2029 continue a line like a newline does.
      if (E == '\xE2' && (Raw.substr(I, 2) == "\x80\xA8" || Raw.substr(I, 2) == "\x80\xA9")) {
        I += 2;
        break;
      }
      Out += E; // \\ \' \" \` \$ and unknown escapes keep the character
      break;
    }
  }
}

/// Keeps named children other than comments.
struct NamedNoComment {
  static constexpr bool NamedOnly = true;
  const Grammar *G;
  bool operator()(TSNode C) const {
    Sym K = G->Syms[ts_node_symbol(C)].Kind;
    return K != Sym::Comment && K != Sym::HtmlComment;
  }
};

/// Keeps named children other than `comment` (html_comment stays).
struct NamedNoLineComment {
  static constexpr bool NamedOnly = true;
  const Grammar *G;
  bool operator()(TSNode C) const { return G->Syms[ts_node_symbol(C)].Kind != Sym::Comment; }
};

/// Keeps every child, anonymous tokens included.
struct AnyChild {
  bool operator()(TSNode) const { return true; }
};

/// ecmaStringValue with the grammar's tables and a cursor pool at hand.
std::string stringValue(TSNode String, std::string_view Source, const Grammar &G,
                        walk::CursorPool &Pool) {
  std::string Out;
  uint32_t Begin = ts_node_start_byte(String), End = ts_node_end_byte(String);
  if (End <= Begin || End > Source.size())
    return Out;
  std::string_view Text = Source.substr(Begin, End - Begin);
  if (G.Syms[ts_node_symbol(String)].Kind == Sym::TemplateString) {
    // Chunks between substitutions; the substitutions are left out.
    uint32_t Pos = Begin + 1, Stop = End;
    if (Stop > Pos && Source[Stop - 1] == '`')
      --Stop;
    for (TSNode C : walk::Children(Pool, String, NamedNoComment{&G})) {
      if (G.Syms[ts_node_symbol(C)].Kind != Sym::TemplateSubstitution)
        continue;
      if (ts_node_start_byte(C) > Pos)
        decodeEcma(Source.substr(Pos, ts_node_start_byte(C) - Pos), Out);
      Pos = ts_node_end_byte(C);
    }
    if (Stop > Pos)
      decodeEcma(Source.substr(Pos, Stop - Pos), Out);
    return Out;
  }
  char Quote = Text[0];
  if (Quote == '\'' || Quote == '"') {
    Text.remove_prefix(1);
    if (!Text.empty() && Text.back() == Quote)
      Text.remove_suffix(1); // a string cut short by an error has no end quote
  }
  decodeEcma(Text, Out);
  return Out;
}

/// A name hint for an anonymous function or class: what it is bound to.
struct Hint {
  std::string Name;
  ir::Range Where;
};

class Lowerer : public LowererBase<Lowerer, Grammar> {
  using Base = LowererBase<Lowerer, Grammar>;
  friend Base;

public:
  Lowerer(std::string_view Path, std::string_view Src, const LoweringOptions &Opts,
          const Grammar &Gram)
      // About one node per 15 bytes of source.
      : Base(Path, Src, Opts, Gram, 12) {}

private:
  /// True if a child's field \p Field is \p Id (a field the grammar has).
  static bool is(TSFieldId Field, TSFieldId Id) { return Id && Field == Id; }

  /// Named children, comments left out.
  auto named(TSNode N) { return walk::Children<NamedNoComment>(Pool, N, NamedNoComment{&Gram}); }
  /// Named children other than `comment`, with their fields.
  auto fielded(TSNode N) {
    return walk::Children<NamedNoLineComment, true>(Pool, N, NamedNoLineComment{&Gram});
  }
  /// All children, anonymous tokens included, with their fields.
  auto all(TSNode N) { return walk::Children<AnyChild, true>(Pool, N, AnyChild{}); }

  /// The first named child that is not a comment, or a null node.
  TSNode firstNamed(TSNode N) {
    for (TSNode C : named(N))
      return C;
    return TSNode{};
  }

  /// True if \p N has the anonymous token \p Word as a direct child (`static`,
  /// `async`, `default`, `type`...). Keywords used as names are named nodes.
  bool hasToken(TSNode N, Sym Word) {
    for (walk::FieldedChild C : all(N))
      if (!ts_node_is_named(C.Node) && kind(C.Node) == Word)
        return true;
    return false;
  }

  /// What one walk over all children of a declaration finds.
  struct Scan {
    /// Children under the repeating field `decorator` (not reachable
    /// through ts_node_child_by_field_id), in order.
    std::vector<TSNode> Decorators;
    /// Anonymous tokens among the children (see hasToken).
    bool Async = false, Static = false, Default = false, Namespace = false, Equals = false,
         Readonly = false, Get = false;
    /// A named accessibility_modifier or override_modifier child.
    bool Modifier = false;
  };
  Scan scan(TSNode N) {
    Scan Out;
    for (walk::FieldedChild C : all(N)) {
      if (Fld.Decorator && C.Field == Fld.Decorator)
        Out.Decorators.push_back(C.Node);
      Sym K = kind(C.Node);
      if (ts_node_is_named(C.Node)) {
        Out.Modifier |= K == Sym::AccessibilityModifier || K == Sym::OverrideModifier;
        continue;
      }
      switch (K) {
      case Sym::AsyncToken:
        Out.Async = true;
        break;
      case Sym::StaticToken:
        Out.Static = true;
        break;
      case Sym::GetToken:
        Out.Get = true;
        break;
      case Sym::DefaultToken:
        Out.Default = true;
        break;
      case Sym::NamespaceToken:
        Out.Namespace = true;
        break;
      case Sym::EqualsToken:
        Out.Equals = true;
        break;
      case Sym::ReadonlyToken:
        Out.Readonly = true;
        break;
      default:
        break;
      }
    }
    return Out;
  }

  /// The operand of a wrapper (`(x)`, `x as T`, `<T>x`, `x!`, `await x`): its
  /// first named child that is not type syntax.
  TSNode innerOf(TSNode N) {
    for (TSNode C : named(N))
      if (!info(C).Type)
        return C;
    return TSNode{};
  }

  std::string stringValue(TSNode String) {
    return frontend::stringValue(String, Source, Gram, Pool);
  }

  // --- Building the module ----------------------------------------------

  using Base::add;
  using Base::stringLiteral;

  // Lowering an expression may add functions and classes, so a reference
  // into M.Functions must not be taken before its argument is lowered.
  void evaluate(uint32_t F, NodeId E) { fn(F).Evaluated.push_back(E); }
  void addReturn(uint32_t F, NodeId E) { fn(F).Returns.push_back(E); }

  /// `Name = Value` in function \p F.
  void bind(uint32_t F, std::string Name, ir::Range Where, NodeId Value) {
    ir::Assignment A;
    A.Lhs.K = ir::Target::Name;
    A.Lhs.Text = std::move(Name);
    A.Lhs.Where = Where;
    A.Value = Value;
    fn(F).Assignments.push_back(std::move(A));
  }

  std::string anonymousName(std::string_view Kind, TSNode N) const {
    return "<" + std::string(Kind) + "@" + std::to_string(ts_node_start_point(N).row + 1) + ">";
  }

  /// The type written in a `type_annotation` (`: string` gives "string").
  std::string typeText(TSNode Annotation) {
    if (kind(Annotation) == Sym::TypeAnnotation)
      if (TSNode T = firstNamed(Annotation); !isNull(T))
        return text(T);
    return text(Annotation);
  }

  /// The name of a property key, member or enum member: identifiers and
  /// numbers as written, strings decoded. A computed key (`[k]`) is
  /// evaluated in \p F and gives "". \p IsString tells a string key.
  std::string propertyName(TSNode Key, uint32_t F, bool *IsString = nullptr) {
    if (isNull(Key))
      return {};
    Sym T = kind(Key);
    if (T == Sym::String) {
      if (IsString)
        *IsString = true;
      return stringValue(Key);
    }
    if (T == Sym::ComputedPropertyName) {
      if (TSNode E = innerOf(Key); !isNull(E))
        evaluate(F, expr(E, F));
      return {};
    }
    return text(Key);
  }

  /// A method's name: computed ones (`[Symbol.iterator]`) as written.
  std::string memberName(TSNode Key, uint32_t F) {
    std::string Name = propertyName(Key, F);
    return Name.empty() && !isNull(Key) ? text(Key) : Name;
  }

  // --- Statements -------------------------------------------------------

  /// Lowers the statements under \p Block into function \p F.
  void block(TSNode Block, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Block);
    for (TSNode S : named(Block))
      statement(S, F);
  }

  void statement(TSNode S, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(S);
    const SymInfo &I = info(S);
    switch (I.Kind) {
    case Sym::ExpressionStatement:
    case Sym::ThrowStatement:
      for (TSNode E : named(S))
        expressionStatement(E, F);
      return;
    case Sym::LexicalDeclaration:
    case Sym::VariableDeclaration:
      for (TSNode D : named(S))
        if (kind(D) == Sym::VariableDeclarator)
          declarator(D, F);
      return;
    case Sym::VariableDeclarator:
      declarator(S, F); // inside an ERROR node
      return;
    case Sym::ReturnStatement:
      for (TSNode R : named(S))
        addReturn(F, expr(R, F));
      return;
    case Sym::StatementBlock:
    case Sym::ElseClause:
    case Sym::FinallyClause:
    case Sym::CatchClause:
    case Sym::Error: {
      // The catch parameter binds the thrown value, which is not modelled.
      TSNode Parameter = field(S, Fld.Parameter);
      for (TSNode C : named(S))
        if (!ts_node_eq(C, Parameter))
          statement(C, F);
      return;
    }
    case Sym::IfStatement:
    case Sym::WhileStatement:
    case Sym::DoStatement:
    case Sym::WithStatement:
    case Sym::LabeledStatement:
    case Sym::TryStatement:
      for (auto [Field, C] : fielded(S)) {
        if (is(Field, Fld.Condition) || is(Field, Fld.Object))
          expressionStatement(C, F);
        else if (!is(Field, Fld.Label))
          statement(C, F);
      }
      return;
    case Sym::ForStatement:
      forStatement(S, F);
      return;
    case Sym::ForInStatement: {
      ir::Assignment A;
      A.Lhs = target(field(S, Fld.Left), F);
      A.Value = expr(field(S, Fld.Right), F);
      A.Iteration = true;
      fn(F).Assignments.push_back(std::move(A));
      if (TSNode Body = field(S, Fld.Body); !isNull(Body))
        statement(Body, F);
      return;
    }
    case Sym::SwitchStatement:
      expressionStatement(field(S, Fld.Value), F);
      if (TSNode Body = field(S, Fld.Body); !isNull(Body))
        for (TSNode Case : named(Body))
          for (auto [Field, C] : fielded(Case)) {
            if (is(Field, Fld.Value))
              expressionStatement(C, F);
            else
              statement(C, F);
          }
      return;
    case Sym::FunctionDeclaration:
    case Sym::GeneratorFunctionDeclaration:
      functionDeclaration(S, F);
      return;
    case Sym::ClassDeclaration:
    case Sym::AbstractClassDeclaration:
      classDeclaration(S, F);
      return;
    case Sym::ImportStatement:
      importStatement(S, F);
      return;
    case Sym::ExportStatement:
      exportStatement(S, F);
      return;
    case Sym::ImportAlias: {
      // `import x = N.M;`
      TSNode C[2];
      size_t Count = 0;
      for (TSNode Child : named(S)) {
        if (Count < 2)
          C[Count] = Child;
        ++Count;
      }
      if (Count == 2)
        bind(F, text(C[0]), range(C[0]), expr(C[1], F));
      return;
    }
    case Sym::EnumDeclaration:
      enumDeclaration(S, F);
      return;
    case Sym::InternalModule:
    case Sym::Module:
      namespaceBody(S, F);
      return;
    case Sym::AmbientDeclaration:
    case Sym::InterfaceDeclaration:
    case Sym::TypeAliasDeclaration:
    case Sym::FunctionSignature:
    case Sym::BreakStatement:
    case Sym::ContinueStatement:
    case Sym::DebuggerStatement:
    case Sym::EmptyStatement:
    case Sym::HashBangLine:
      // No runtime value (`declare`, types, overload signatures) or no data.
      return;
    default:
      if (I.Type)
        return;
      if (I.Statement || I.Declaration) {
        for (TSNode C : named(S))
          statement(C, F); // a statement we do not know: lower its parts
      } else {
        expressionStatement(S, F); // an expression inside an ERROR node
      }
      return;
    }
  }

  /// An expression whose value is dropped: assignments are recorded, other
  /// expressions are evaluated for their effects.
  void expressionStatement(TSNode E, uint32_t F) {
    if (isNull(E))
      return;
    DepthGuard G(*this);
    if (!G.ok())
      return limit(E);
    switch (kind(E)) {
    case Sym::AssignmentExpression:
    case Sym::AugmentedAssignmentExpression:
      assignment(E, F);
      return;
    case Sym::SequenceExpression:
      for (TSNode C : named(E))
        expressionStatement(C, F);
      return;
    case Sym::ParenthesizedExpression:
      expressionStatement(innerOf(E), F);
      return;
    case Sym::InternalModule:
    case Sym::Module:
      namespaceBody(E, F);
      return;
    case Sym::EmptyStatement:
      return; // `for (;;)` leaves its parts empty
    default:
      evaluate(F, expr(E, F));
      return;
    }
  }

  void forStatement(TSNode S, uint32_t F) {
    for (auto [Field, C] : fielded(S)) {
      Sym T = kind(C);
      if (T == Sym::LexicalDeclaration || T == Sym::VariableDeclaration || is(Field, Fld.Body))
        statement(C, F);
      else
        expressionStatement(C, F); // initializer, condition, increment
    }
  }

  void namespaceBody(TSNode N, uint32_t F) {
    if (TSNode Body = field(N, Fld.Body); !isNull(Body))
      block(Body, F);
  }

  void declarator(TSNode D, uint32_t F) {
    TSNode Name = field(D, Fld.Name), Value = field(D, Fld.Value);
    if (!isNull(Name) && isNull(Value) && kind(Name) == Sym::Identifier)
      BareDeclarations.emplace_back(F, text(Name));
    if (isNull(Name) || isNull(Value))
      return; // `let x;` binds no value
    if (requireImport(Name, Value, F))
      return;
    ir::Assignment A;
    A.Lhs = target(Name, F);
    if (TSNode Type = field(D, Fld.Type); !isNull(Type))
      A.Annotation = typeText(Type);
    Hint H;
    if (kind(Name) == Sym::Identifier)
      H = {text(Name), range(Name)};
    A.Value = valueExpr(Value, F, H);
    fn(F).Assignments.push_back(std::move(A));
  }

  /// `const x = require("m")` and `const { a, b: c } = require("m")` are
  /// imports binding those names; `require("m")` elsewhere is read through
  /// a synthetic import (see call()).
  bool requireImport(TSNode Name, TSNode Value, uint32_t F) {
    std::optional<std::string> Required = requiredModule(Value);
    if (!Required)
      return false;
    std::string Module = std::move(*Required);
    std::vector<ir::Import> Out;
    auto Add = [&](std::string ImportName, std::string Alias, TSNode At) {
      ir::Import I;
      I.Module = Module;
      I.Name = std::move(ImportName);
      if (Alias != I.Name)
        I.Alias = std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      Out.push_back(std::move(I));
    };
    Sym NameKind = kind(Name);
    if (NameKind == Sym::Identifier) {
      Add("", text(Name), Name);
    } else if (NameKind == Sym::ObjectPattern) {
      for (TSNode P : named(Name)) {
        Sym T = kind(P);
        if (T == Sym::ShorthandPropertyIdentifierPattern) {
          Add(text(P), text(P), P);
          continue;
        }
        TSNode Key = field(P, Fld.Key), Val = field(P, Fld.Value);
        if (T != Sym::PairPattern || isNull(Key) || isNull(Val) || kind(Val) != Sym::Identifier ||
            (kind(Key) != Sym::PropertyIdentifier && kind(Key) != Sym::String))
          return false; // defaults, rest, nesting: an ordinary assignment
        Add(propertyName(Key, F), text(Val), P);
      }
    } else {
      return false;
    }
    for (ir::Import &I : Out)
      M.Imports.push_back(std::move(I));
    return true;
  }

  /// Assignments that rebind a name (`x = v`) rather than declare it, by
  /// function and index; and `let x;` declarations, which assign nothing.
  std::vector<std::pair<uint32_t, size_t>> Rebinds;
  std::vector<std::pair<uint32_t, std::string>> BareDeclarations;

  static void namesOf(const ir::Target &T, std::vector<std::string> &Out) {
    if (T.K == ir::Target::Name)
      Out.push_back(T.Text);
    for (const ir::Target &E : T.Elements)
      namesOf(E, Out);
  }

public:
  /// A name that a function assigns without declaring it, and that no
  /// enclosing function declares, is the module's variable (a module
  /// `let` set in one function and read in another).
  void finish() {
    std::vector<std::set<std::string>> Declared(M.Functions.size());
    std::set<std::pair<uint32_t, size_t>> IsRebind(Rebinds.begin(), Rebinds.end());
    std::vector<std::string> Names;
    for (uint32_t F = 0; F < M.Functions.size(); ++F) {
      const ir::Function &Fn = M.Functions[F];
      for (size_t I = 0; I < Fn.Assignments.size(); ++I)
        if (!IsRebind.count({F, I})) {
          Names.clear();
          namesOf(Fn.Assignments[I].Lhs, Names);
          Declared[F].insert(Names.begin(), Names.end());
        }
      for (const ir::Parameter &P : Fn.Params)
        Declared[F].insert(P.Name);
    }
    for (const ir::Import &I : M.Imports)
      if (I.Scope < Declared.size())
        Declared[I.Scope].insert(I.boundName());
    for (const auto &[F, Name] : BareDeclarations)
      Declared[F].insert(Name);
    for (const auto &[F, I] : Rebinds) {
      ir::Function &Fn = M.Functions[F];
      if (F == 0 || Fn.IsClassBody)
        continue;
      Names.clear();
      namesOf(Fn.Assignments[I].Lhs, Names);
      for (const std::string &Name : Names) {
        bool Local = false;
        for (int P = static_cast<int>(F); P > 0 && !Local; P = M.Functions[P].Parent)
          Local = Declared[static_cast<uint32_t>(P)].count(Name) > 0;
        if (!Local &&
            std::find(Fn.ModuleNames.begin(), Fn.ModuleNames.end(), Name) == Fn.ModuleNames.end())
          Fn.ModuleNames.push_back(Name);
      }
    }
  }

private:
  /// Lowers `left = right` or `left op= right`; returns the assigned value.
  NodeId assignment(TSNode A, uint32_t F) {
    TSNode Left = field(A, Fld.Left), Right = field(A, Fld.Right);
    ir::Assignment Out;
    Out.Lhs = target(Left, F);
    if (kind(A) == Sym::AugmentedAssignmentExpression) {
      // `x op= v` is `x = x op v`.
      std::string Op = text(field(A, Fld.Operator));
      if (!Op.empty())
        Op.pop_back();
      NodeId Old = expr(Left, F), New = expr(Right, F);
      Out.Value = add(binaryKind(Op), A, Op, {Old, New});
      M.Nodes[Out.Value].Op = binaryOp(Op);
    } else {
      Hint H;
      if (Out.Lhs.K == ir::Target::Name || Out.Lhs.K == ir::Target::Attribute)
        H = {Out.Lhs.Text, Out.Lhs.Where};
      Out.Value = valueExpr(Right, F, H);
    }
    NodeId Value = Out.Value;
    bool ModuleExports = F == 0 && Out.Lhs.K == ir::Target::Name && Out.Lhs.Text == "default" &&
                         kind(Left) == Sym::MemberExpression;
    fn(F).Assignments.push_back(std::move(Out));
    Rebinds.emplace_back(F, fn(F).Assignments.size() - 1);
    if (ModuleExports && Value != NoNode)
      exportObjectMembers(Value);
    return Value;
  }

  /// `module.exports = { a, b: f }` also exports a and b by name, so that
  /// `const { a } = require("./m")` finds them.
  void exportObjectMembers(NodeId Value) {
    const ir::Node &N = M.Nodes[Value];
    if (N.Kind != NodeKind::Container || !N.is(ir::Op::Object))
      return;
    std::vector<std::pair<std::string, NodeId>> Members;
    for (const ir::Argument &A : N.Args)
      if (!A.Keyword.empty() && !A.Spread && A.Value != NoNode)
        Members.emplace_back(A.Keyword, A.Value);
    for (auto &[Name, V] : Members)
      bind(0, Name, M.Nodes[V].Where, V);
  }

  /// `module.exports`
  bool isModuleExports(TSNode N) const {
    if (kind(N) != Sym::MemberExpression)
      return false;
    TSNode Obj = field(N, Fld.Object);
    return !isNull(Obj) && kind(Obj) == Sym::Identifier && view(Obj) == "module" &&
           view(field(N, Fld.Property)) == "exports";
  }

  ir::Target target(TSNode N, uint32_t F) {
    ir::Target T;
    if (isNull(N))
      return T;
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return T;
    }
    T.Where = range(N);
    switch (kind(N)) {
    case Sym::MemberExpression: {
      TSNode Obj = field(N, Fld.Object);
      std::string Prop = text(field(N, Fld.Property));
      // CommonJS exports at module level bind module names.
      if (F == 0 && isModuleExports(N)) {
        T.Text = "default";
      } else if (F == 0 && !isNull(Obj) &&
                 ((kind(Obj) == Sym::Identifier && view(Obj) == "exports") ||
                  isModuleExports(Obj))) {
        T.Text = std::move(Prop);
      } else {
        T.K = ir::Target::Attribute;
        T.Object = expr(Obj, F);
        T.Text = std::move(Prop);
      }
      break;
    }
    case Sym::SubscriptExpression:
      T.K = ir::Target::Subscript;
      T.Object = expr(field(N, Fld.Object), F);
      T.Key = expr(field(N, Fld.Index), F);
      break;
    case Sym::ObjectPattern:
    case Sym::ArrayPattern:
      return pattern(N, F);
    case Sym::AssignmentPattern:
    case Sym::ObjectAssignmentPattern: {
      TSNode Left = field(N, Fld.Left);
      T = target(Left, F);
      T.Default = expr(field(N, Fld.Right), F);
      if (!isNull(Left) && kind(Left) == Sym::ShorthandPropertyIdentifierPattern)
        T.Property = text(Left);
      break;
    }
    case Sym::ParenthesizedExpression:
    case Sym::NonNullExpression:
    case Sym::AsExpression:
    case Sym::SatisfiesExpression:
    case Sym::TypeAssertion:
      return target(innerOf(N), F);
    default:
      // identifier, shorthand_property_identifier_pattern, undefined, ...
      T.Text = text(N);
      break;
    }
    return T;
  }

  /// Object and array destructuring. Object elements carry the property they
  /// read; array holes leave no element.
  ir::Target pattern(TSNode N, uint32_t F) {
    ir::Target T;
    T.K = ir::Target::Tuple;
    T.Where = range(N);
    for (TSNode E : named(N)) {
      ir::Target El;
      switch (kind(E)) {
      case Sym::RestPattern:
        T.StarredIndex = static_cast<int>(T.Elements.size());
        El = target(innerOf(E), F);
        break;
      case Sym::PairPattern: {
        std::string Property = propertyName(field(E, Fld.Key), F);
        El = target(field(E, Fld.Value), F);
        El.Property = std::move(Property);
        break;
      }
      case Sym::ShorthandPropertyIdentifierPattern:
        El = target(E, F);
        El.Property = El.Text;
        break;
      default:
        El = target(E, F); // positional, or `{ a = d }`
        break;
      }
      T.Elements.push_back(std::move(El));
    }
    return T;
  }

  // --- Functions and classes --------------------------------------------

  std::string qualify(uint32_t Parent, int Class, const std::string &Name) {
    if (Class >= 0)
      return M.Classes[static_cast<size_t>(Class)].Name + "." + Name;
    if (Parent == 0)
      return Name;
    const ir::Function &P = fn(Parent);
    if (P.IsClassBody && P.Class >= 0)
      return M.Classes[static_cast<size_t>(P.Class)].Name + "." + Name;
    return P.QualifiedName + "." + Name;
  }

  uint32_t newFunction(TSNode Def, uint32_t Parent, std::string Name, ir::Range NameWhere,
                       int Class = -1) {
    return newFunction(Def, Parent, std::move(Name), NameWhere, Class,
                       hasToken(Def, Sym::AsyncToken));
  }
  uint32_t newFunction(TSNode Def, uint32_t Parent, std::string Name, ir::Range NameWhere,
                       int Class, bool Async) {
    ir::Function Fn;
    Fn.QualifiedName = qualify(Parent, Class, Name);
    Fn.Name = std::move(Name);
    Fn.Where = range(Def);
    Fn.NameWhere = NameWhere;
    Fn.Parent = static_cast<int>(Parent);
    Fn.Class = Class;
    Fn.IsAsync = Async;
    M.Functions.push_back(std::move(Fn));
    return static_cast<uint32_t>(M.Functions.size() - 1);
  }

  NodeId functionRef(uint32_t Index, ir::Range Where) {
    NodeId Id = add(NodeKind::Function, Where, fn(Index).Name);
    M.Nodes[Id].Index = Index;
    return Id;
  }

  /// Parameters and body of \p Def into function \p F.
  void functionBody(TSNode Def, uint32_t F, bool Constructor = false) {
    if (TSNode Params = field(Def, Fld.Parameters); !isNull(Params)) {
      parameters(Params, F, Constructor);
    } else if (TSNode P = field(Def, Fld.Parameter); !isNull(P)) {
      ir::Parameter Out; // `x => ...`
      Out.Name = text(P);
      Out.Where = range(P);
      fn(F).Params.push_back(std::move(Out));
    }
    TSNode Body = field(Def, Fld.Body);
    if (isNull(Body))
      return;
    if (kind(Body) == Sym::StatementBlock)
      block(Body, F);
    else
      addReturn(F, expr(Body, F)); // `x => value`
  }

  void parameters(TSNode Params, uint32_t F, bool Constructor) {
    unsigned Position = 0;
    uint32_t Outer = static_cast<uint32_t>(std::max(0, fn(F).Parent));
    for (TSNode P : named(Params)) {
      Sym T = kind(P);
      TSNode Pattern = P, Default{}, Type{};
      bool Property = false;
      if (T == Sym::RequiredParameter || T == Sym::OptionalParameter) {
        Pattern = field(P, Fld.Pattern);
        if (isNull(Pattern))
          Pattern = field(P, Fld.Name);
        Default = field(P, Fld.Value);
        Type = field(P, Fld.Type);
        Scan Sc = scan(P);
        for (TSNode D : Sc.Decorators)
          if (TSNode E = innerOf(D); !isNull(E))
            evaluate(Outer, expr(E, Outer));
        // `private x`, `readonly x`: a TypeScript parameter property.
        Property = Sc.Modifier || Sc.Readonly;
      } else if (T == Sym::AssignmentPattern) {
        Pattern = field(P, Fld.Left);
        Default = field(P, Fld.Right);
      }
      if (isNull(Pattern) || kind(Pattern) == Sym::This)
        continue; // `this: T` only types the receiver
      ir::Parameter Out;
      Out.Where = range(P);
      if (kind(Pattern) == Sym::RestPattern) {
        Out.Star = true;
        Pattern = innerOf(Pattern);
        if (isNull(Pattern))
          continue;
      }
      if (!isNull(Default))
        Out.Default = expr(Default, F);
      if (!isNull(Type))
        Out.Annotation = typeText(Type);
      bool Identifier = kind(Pattern) == Sym::Identifier;
      if (Identifier) {
        Out.Name = text(Pattern);
      } else {
        // A destructured parameter: `<paramN>`, unpacked at function start.
        Out.Name = "<param" + std::to_string(Position) + ">";
        ir::Assignment A;
        A.Lhs = target(Pattern, F);
        A.Value = add(NodeKind::Name, Pattern, Out.Name);
        fn(F).Assignments.push_back(std::move(A));
      }
      if (Property && Constructor && Identifier) {
        // `constructor(private url: string)` stores url on the instance.
        ir::Assignment A;
        A.Lhs.K = ir::Target::Attribute;
        A.Lhs.Object = add(NodeKind::Name, Pattern, "this");
        M.Nodes[A.Lhs.Object].Op = ir::Op::Receiver;
        A.Lhs.Text = Out.Name;
        A.Lhs.Where = range(P);
        A.Value = add(NodeKind::Name, Pattern, Out.Name);
        fn(F).Assignments.push_back(std::move(A));
      }
      fn(F).Params.push_back(std::move(Out));
      ++Position;
    }
  }

  /// `function f() {}` binds f in \p F.
  void functionDeclaration(TSNode S, uint32_t F) {
    TSNode Name = field(S, Fld.Name);
    std::string FnName = isNull(Name) ? anonymousName("function", S) : text(Name);
    ir::Range NameWhere = isNull(Name) ? range(S) : range(Name);
    uint32_t Index = newFunction(S, F, FnName, NameWhere);
    functionBody(S, Index);
    bind(F, FnName, NameWhere, functionRef(Index, NameWhere));
  }

  /// Arrow functions and function expressions as values.
  NodeId functionExpression(TSNode N, uint32_t F, const Hint &H) {
    TSNode Name = field(N, Fld.Name);
    std::string FnName;
    ir::Range NameWhere = range(N);
    if (!isNull(Name)) {
      FnName = text(Name);
      NameWhere = range(Name);
    } else if (!H.Name.empty()) {
      FnName = H.Name;
      NameWhere = H.Where;
    } else {
      FnName = anonymousName(kind(N) == Sym::ArrowFunction ? "arrow" : "function", N);
    }
    uint32_t Index = newFunction(N, F, std::move(FnName), NameWhere);
    functionBody(N, Index);
    return functionRef(Index, range(N));
  }

  /// An expression bound to a name: anonymous functions and classes take
  /// the name from \p H.
  NodeId valueExpr(TSNode N, uint32_t F, const Hint &H) {
    if (isNull(N) || H.Name.empty())
      return expr(N, F);
    Sym T = kind(N);
    if (!isFunctionExpression(T) && T != Sym::Class)
      return expr(N, F);
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return add(NodeKind::Unknown, N);
    }
    if (T == Sym::Class)
      return classRef(classDef(N, F, H), range(N));
    return functionExpression(N, F, H);
  }

  NodeId decorator(TSNode D, uint32_t F) {
    TSNode E = innerOf(D);
    return isNull(E) ? NoNode : expr(E, F);
  }

  NodeId classRef(uint32_t Index, ir::Range Where) {
    NodeId Id = add(NodeKind::Class, Where, M.Classes[Index].Name);
    M.Nodes[Id].Index = Index;
    return Id;
  }

  void classDeclaration(TSNode S, uint32_t F) {
    uint32_t Index = classDef(S, F, {});
    ir::Range Where = M.Classes[Index].NameWhere;
    bind(F, M.Classes[Index].Name, Where, classRef(Index, Where));
  }

  /// A class declaration or expression in scope \p Scope; returns its index.
  uint32_t classDef(TSNode Def, uint32_t Scope, const Hint &H) {
    // Class decorators run in the enclosing scope; they do not move values
    // into the class, but calls inside them are seen.
    for (TSNode D : scan(Def).Decorators)
      if (NodeId E = decorator(D, Scope); E != NoNode)
        fn(Scope).Evaluated.push_back(E);
    ir::ClassDef C;
    TSNode Name = field(Def, Fld.Name);
    if (!isNull(Name)) {
      C.Name = text(Name);
      C.NameWhere = range(Name);
    } else if (!H.Name.empty()) {
      C.Name = H.Name;
      C.NameWhere = H.Where;
    } else {
      C.Name = anonymousName("class", Def);
      C.NameWhere = range(Def);
    }
    C.Where = range(Def);
    // The body is a pseudo-function holding the field initialisers.
    ir::Function Body;
    Body.Name = "<class-body>";
    Body.IsClassBody = true;
    Body.QualifiedName = C.Name + ".<class-body>";
    Body.Where = range(Def);
    Body.NameWhere = C.NameWhere;
    Body.Parent = static_cast<int>(Scope);
    M.Functions.push_back(std::move(Body));
    uint32_t BodyFn = static_cast<uint32_t>(M.Functions.size() - 1);
    C.Body = BodyFn;
    M.Classes.push_back(std::move(C));
    uint32_t Index = static_cast<uint32_t>(M.Classes.size() - 1);
    fn(BodyFn).Class = static_cast<int>(Index);

    for (TSNode Heritage : named(Def)) {
      if (kind(Heritage) != Sym::ClassHeritage)
        continue;
      for (TSNode Clause : named(Heritage)) {
        const SymInfo &T = info(Clause);
        if (T.Kind == Sym::ExtendsClause) {
          if (Fld.Value)
            for (walk::FieldedChild B : all(Clause))
              if (B.Field == Fld.Value) {
                NodeId Base = expr(B.Node, Scope);
                M.Classes[Index].Bases.push_back(Base);
              }
        } else if (!T.Type) {
          NodeId Base = expr(Clause, Scope); // JavaScript: the expression itself
          M.Classes[Index].Bases.push_back(Base);
        }
      }
    }
    if (TSNode BodyNode = field(Def, Fld.Body); !isNull(BodyNode))
      classBody(BodyNode, Index, BodyFn);
    return Index;
  }

  void classBody(TSNode BodyNode, uint32_t Class, uint32_t BodyFn) {
    // TypeScript puts member decorators before the member in the body.
    std::vector<NodeId> Pending;
    for (TSNode Member : named(BodyNode)) {
      Sym T = kind(Member);
      if (T == Sym::Decorator) {
        if (NodeId E = decorator(Member, BodyFn); E != NoNode)
          Pending.push_back(E);
        continue;
      }
      std::vector<NodeId> Decorators = std::move(Pending);
      Pending.clear();
      Scan Sc = scan(Member);
      for (TSNode D : Sc.Decorators)
        if (NodeId E = decorator(D, BodyFn); E != NoNode)
          Decorators.push_back(E);
      if (T == Sym::MethodDefinition) {
        method(Member, Sc, Class, BodyFn, std::move(Decorators));
        continue;
      }
      // Field decorators run with the class body.
      for (NodeId D : Decorators)
        fn(BodyFn).Evaluated.push_back(D);
      if (T == Sym::PublicFieldDefinition || T == Sym::FieldDefinition) {
        classField(Member, BodyFn);
      } else if (T == Sym::ClassStaticBlock) {
        if (TSNode B = field(Member, Fld.Body); !isNull(B))
          block(B, BodyFn);
      }
      // Signatures (abstract, overloads, index) have no runtime value.
    }
  }

  void method(TSNode Def, const Scan &Sc, uint32_t Class, uint32_t BodyFn,
              std::vector<NodeId> Decorators) {
    TSNode NameNode = field(Def, Fld.Name);
    std::string Name = memberName(NameNode, BodyFn);
    ir::Range NameWhere = isNull(NameNode) ? range(Def) : range(NameNode);
    bool Static = Sc.Static;
    uint32_t Index = newFunction(Def, BodyFn, Name, NameWhere, static_cast<int>(Class), Sc.Async);
    ir::Function &Fn = fn(Index);
    Fn.IsStatic = Static;
    Fn.IsConstructor = !Static && Name == "constructor";
    Fn.IsGetter = Sc.Get;
    Fn.Decorators = std::move(Decorators);
    if (!Static) {
      // The receiver, like Python's self.
      ir::Parameter This;
      This.Name = "this";
      This.Where = NameWhere;
      Fn.Params.push_back(std::move(This));
    }
    M.Classes[Class].Methods.push_back(Index);
    functionBody(Def, Index, fn(Index).IsConstructor);
  }

  /// `x = v`, `static y: T = v`, `#p = v`: an assignment in the class body.
  void classField(TSNode Field, uint32_t BodyFn) {
    TSNode NameNode = field(Field, Fld.Name);
    if (isNull(NameNode))
      NameNode = field(Field, Fld.Property);
    if (isNull(NameNode))
      return;
    ir::Assignment A;
    A.Lhs.K = ir::Target::Name;
    A.Lhs.Text = memberName(NameNode, BodyFn);
    A.Lhs.Where = range(NameNode);
    if (TSNode Type = field(Field, Fld.Type); !isNull(Type))
      A.Annotation = typeText(Type);
    // A field without a value is kept as a declaration, as in Python.
    if (TSNode Value = field(Field, Fld.Value); !isNull(Value))
      A.Value = valueExpr(Value, BodyFn, {A.Lhs.Text, A.Lhs.Where});
    fn(BodyFn).Assignments.push_back(std::move(A));
  }

  void enumDeclaration(TSNode S, uint32_t F) {
    TSNode Name = field(S, Fld.Name), Body = field(S, Fld.Body);
    if (isNull(Name) || isNull(Body))
      return;
    ir::Node C;
    C.Kind = NodeKind::Container;
    C.Text = "object";
    C.Op = ir::Op::Object;
    C.Where = range(Body);
    // Members without an initialiser count on from the previous number.
    long Next = 0;
    bool Known = true;
    for (TSNode Member : named(Body)) {
      ir::Argument A;
      if (kind(Member) == Sym::EnumAssignment) {
        TSNode Value = field(Member, Fld.Value);
        A.Keyword = propertyName(field(Member, Fld.Name), F);
        A.Value = expr(Value, F);
        std::string_view Digits = view(Value);
        long V = 0;
        auto [End, Err] = std::from_chars(Digits.data(), Digits.data() + Digits.size(), V);
        Known = !isNull(Value) && kind(Value) == Sym::Number && Err == std::errc() &&
                End == Digits.data() + Digits.size();
        Next = V + 1;
      } else {
        A.Keyword = propertyName(Member, F);
        A.Value = Known ? add(NodeKind::Literal, Member, std::to_string(Next++))
                        : add(NodeKind::Unknown, Member);
      }
      C.Args.push_back(std::move(A));
    }
    bind(F, text(Name), range(Name), add(std::move(C)));
  }

  // --- Modules ----------------------------------------------------------

  /// Type-only imports (`import type {T}`, `import {type T}`) are recorded
  /// as the others: they name the types of annotations (`c: Context`), and
  /// TypeScript rejects their use as values.
  void importStatement(TSNode S, uint32_t F) {
    TSNode Source = field(S, Fld.Source);
    std::string Module = isNull(Source) ? "" : stringValue(Source);
    auto Add = [&](std::string Name, std::string Alias, TSNode At) {
      ir::Import I;
      I.Module = Module;
      I.Name = std::move(Name);
      I.Alias = std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      M.Imports.push_back(std::move(I));
    };
    for (TSNode C : named(S)) {
      Sym CK = kind(C);
      if (CK == Sym::ImportRequireClause) {
        // `import fs = require("fs")`
        TSNode Src = field(C, Fld.Source);
        TSNode Id = firstNamed(C);
        if (!isNull(Src) && !isNull(Id) && kind(Id) == Sym::Identifier) {
          Module = stringValue(Src);
          Add("", text(Id), C);
        }
        continue;
      }
      if (CK != Sym::ImportClause)
        continue;
      for (TSNode B : named(C)) {
        Sym T = kind(B);
        if (T == Sym::Identifier) {
          Add("default", text(B), B);
        } else if (T == Sym::NamespaceImport) {
          if (TSNode Id = innerOf(B); !isNull(Id))
            Add("", text(Id), B);
        } else if (T == Sym::NamedImports) {
          for (TSNode Spec : named(B)) {
            if (kind(Spec) != Sym::ImportSpecifier)
              continue;
            TSNode Alias = field(Spec, Fld.Alias);
            Add(propertyName(field(Spec, Fld.Name), F), isNull(Alias) ? "" : propertyName(Alias, F),
                Spec);
          }
        }
      }
    }
    // `import "m"` binds nothing and is not recorded.
  }

  /// Type-only re-exports (`export type { T } from 'm'`) are recorded as
  /// imports are (see importStatement).
  void exportStatement(TSNode S, uint32_t F) {
    Scan Sc = scan(S);
    if (Sc.Namespace)
      return; // `export as namespace N`
    for (TSNode D : Sc.Decorators)
      if (NodeId E = decorator(D, F); E != NoNode)
        fn(F).Evaluated.push_back(E);
    bool Default = Sc.Default;
    if (TSNode Decl = field(S, Fld.Declaration); !isNull(Decl)) {
      statement(Decl, F);
      // `export default function f() {}` also binds default = f.
      TSNode Name = field(Decl, Fld.Name);
      if (Default && !isNull(Name))
        bind(F, "default", range(Name), add(NodeKind::Name, Name, view(Name)));
      return;
    }
    if (TSNode Value = field(S, Fld.Value); !isNull(Value)) {
      bind(F, "default", range(Value), valueExpr(Value, F, {"default", range(Value)}));
      return;
    }
    TSNode Source = field(S, Fld.Source);
    std::string Module = isNull(Source) ? "" : stringValue(Source);
    auto Reexport = [&](std::string Name, std::string Alias, TSNode At) {
      ir::Import I;
      I.Module = Module;
      I.Name = std::move(Name);
      I.Alias = std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      M.Imports.push_back(std::move(I));
    };
    if (Sc.Equals) {
      // TypeScript `export = x`
      TSNode Last{};
      for (TSNode C : named(S))
        Last = C;
      if (!isNull(Last))
        bind(F, "default", range(Last), expr(Last, F));
      return;
    }
    bool Clause = false;
    for (TSNode C : named(S)) {
      Sym T = kind(C);
      if (T == Sym::ExportClause) {
        Clause = true;
        for (TSNode Spec : named(C)) {
          if (kind(Spec) != Sym::ExportSpecifier)
            continue;
          std::string Name = propertyName(field(Spec, Fld.Name), F);
          TSNode AliasNode = field(Spec, Fld.Alias);
          std::string Alias = isNull(AliasNode) ? "" : propertyName(AliasNode, F);
          if (Alias == Name)
            Alias.clear();
          if (!isNull(Source))
            Reexport(Name, Alias, Spec); // `export { a as b } from "m"`
          else if (!Alias.empty())
            bind(F, Alias, range(AliasNode), add(NodeKind::Name, field(Spec, Fld.Name), Name));
        }
      } else if (T == Sym::NamespaceExport && !isNull(Source)) {
        Clause = true;
        if (TSNode Id = innerOf(C); !isNull(Id))
          Reexport("", propertyName(Id, F), C); // `export * as ns from "m"`
      }
    }
    if (!Clause && !isNull(Source))
      Reexport("*", "", S); // `export * from "m"`
  }

  // --- Expressions ------------------------------------------------------

  NodeId expr(TSNode N, uint32_t F) {
    if (isNull(N))
      return NoNode;
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return add(NodeKind::Unknown, N);
    }
    const SymInfo &I = info(N);
    switch (I.Kind) {
    case Sym::Identifier:
    case Sym::PropertyIdentifier:
    case Sym::ShorthandPropertyIdentifier:
    case Sym::PrivatePropertyIdentifier:
    case Sym::StatementIdentifier: {
      std::string_view Name = view(N);
      return add(Name == "undefined" ? NodeKind::Literal : NodeKind::Name, N, Name);
    }
    case Sym::This:
    case Sym::Super: {
      NodeId Self = add(NodeKind::Name, N, ts_node_type(N));
      M.Nodes[Self].Op = I.Kind == Sym::This ? ir::Op::Receiver : ir::Op::Super;
      return Self;
    }
    case Sym::Import:
      return add(NodeKind::Name, N, ts_node_type(N));
    case Sym::String:
      return stringLiteral(range(N), stringValue(N));
    case Sym::True:
    case Sym::False: {
      NodeId L = add(NodeKind::Literal, N, view(N));
      M.Nodes[L].Op = I.Kind == Sym::True ? ir::Op::True : ir::Op::False;
      return L;
    }
    case Sym::Null:
    case Sym::Undefined: {
      NodeId L = add(NodeKind::Literal, N, view(N));
      M.Nodes[L].Op = ir::Op::NoValue;
      return L;
    }
    case Sym::Number:
    case Sym::Regex:
      return add(NodeKind::Literal, N, view(N));
    case Sym::TemplateString:
      return templateString(N, F);
    case Sym::MemberExpression:
    case Sym::NestedIdentifier: {
      NodeId Obj = expr(field(N, Fld.Object), F);
      return add(NodeKind::Attribute, N, view(field(N, Fld.Property)), {Obj});
    }
    case Sym::SubscriptExpression: {
      NodeId Obj = expr(field(N, Fld.Object), F);
      NodeId Key = expr(field(N, Fld.Index), F);
      return add(NodeKind::Subscript, N, {}, {Obj, Key});
    }
    case Sym::MetaProperty: {
      // `import.meta` and `new.target` read a property of a keyword.
      TSNode Words[3];
      size_t Count = 0;
      for (walk::FieldedChild C : all(N)) {
        if (Count < 3)
          Words[Count] = C.Node;
        ++Count;
      }
      if (Count != 3)
        return add(NodeKind::Unknown, N, ts_node_type(N));
      NodeId Obj = add(NodeKind::Name, Words[0], view(Words[0]));
      return add(NodeKind::Attribute, N, view(Words[2]), {Obj});
    }
    case Sym::CallExpression:
    case Sym::NewExpression:
      return call(N, F);
    case Sym::BinaryExpression:
      return binary(N, F);
    case Sym::TernaryExpression: {
      expressionStatement(field(N, Fld.Condition), F);
      NodeId A = expr(field(N, Fld.Consequence), F);
      NodeId B = expr(field(N, Fld.Alternative), F);
      NodeId C = add(NodeKind::Choice, N, "?:", {A, B});
      M.Nodes[C].Op = ir::Op::Conditional;
      return C;
    }
    case Sym::UnaryExpression: {
      std::string Op = text(field(N, Fld.Operator));
      NodeId Arg = expr(field(N, Fld.Argument), F);
      if (Op == "void") {
        // `void x` is undefined; x is still evaluated.
        fn(F).Evaluated.push_back(Arg);
        return add(NodeKind::Unknown, N, Op);
      }
      return add(NodeKind::Unknown, N, Op, {Arg});
    }
    case Sym::UpdateExpression:
      return add(NodeKind::Unknown, N, ts_node_type(N), {expr(field(N, Fld.Argument), F)});
    case Sym::AwaitExpression:
    case Sym::ParenthesizedExpression:
    case Sym::AsExpression:
    case Sym::SatisfiesExpression:
    case Sym::NonNullExpression:
    case Sym::TypeAssertion:
    case Sym::InstantiationExpression: {
      TSNode Inner = innerOf(N);
      if (isNull(Inner))
        return add(NodeKind::Unknown, N);
      return add(NodeKind::PassThrough, N, passThroughName(I.Kind), {expr(Inner, F)});
    }
    case Sym::SequenceExpression: {
      // `(a, b)` is b; a is evaluated.
      TSNode Last{};
      for (TSNode Part : named(N)) {
        if (!isNull(Last))
          expressionStatement(Last, F);
        Last = Part;
      }
      if (isNull(Last))
        return add(NodeKind::Unknown, N);
      return expr(Last, F);
    }
    case Sym::AssignmentExpression:
    case Sym::AugmentedAssignmentExpression: {
      NodeId V = assignment(N, F);
      return V == NoNode ? add(NodeKind::Unknown, N) : V;
    }
    case Sym::Object:
      return object(N, F);
    case Sym::Array:
      return array(N, F);
    case Sym::ArrowFunction:
    case Sym::FunctionExpression:
    case Sym::GeneratorFunction:
    case Sym::Function:
      return functionExpression(N, F, {});
    case Sym::Class:
      return classRef(classDef(N, F, {}), range(N));
    case Sym::YieldExpression: {
      TSNode Inner = innerOf(N);
      if (isNull(Inner))
        return add(NodeKind::Unknown, N, "yield");
      NodeId V = expr(Inner, F);
      fn(F).Returns.push_back(V);
      return add(NodeKind::Unknown, N, "yield", {V});
    }
    case Sym::JsxElement:
    case Sym::JsxSelfClosingElement: {
      ir::NodeList Ops;
      jsxParts(N, F, Ops);
      return add(NodeKind::Unknown, N, "jsx", std::move(Ops));
    }
    case Sym::InternalModule:
    case Sym::Module:
      namespaceBody(N, F);
      return add(NodeKind::Unknown, N);
    default:
      break;
    }
    if (I.Type)
      return add(NodeKind::Unknown, N);
    if (I.Statement || I.Declaration || I.Kind == Sym::VariableDeclarator) {
      statement(N, F); // inside an ERROR node
      return add(NodeKind::Unknown, N);
    }
    // ERROR nodes and anything unknown: lower the children so calls inside
    // them are seen; the result is opaque.
    ir::NodeList Ops;
    for (TSNode C : named(N))
      Ops.push_back(expr(C, F));
    return add(NodeKind::Unknown, N, ts_node_type(N), std::move(Ops));
  }

  static const char *passThroughName(Sym K) {
    switch (K) {
    case Sym::AwaitExpression:
      return "await";
    case Sym::ParenthesizedExpression:
      return "paren";
    case Sym::AsExpression:
      return "as";
    case Sym::SatisfiesExpression:
      return "satisfies";
    case Sym::NonNullExpression:
      return "!";
    case Sym::TypeAssertion:
      return "type-assertion";
    case Sym::InstantiationExpression:
      return "instantiation";
    default:
      return nullptr;
    }
  }

  /// `+` builds strings; `??`, `||` and `&&` evaluate to one operand; other
  /// operators yield numbers or booleans that carry no destination.
  static NodeKind binaryKind(std::string_view Op) {
    if (Op == "+")
      return NodeKind::StringBuild;
    if (Op == "??" || Op == "||" || Op == "&&")
      return NodeKind::Choice;
    return NodeKind::Unknown;
  }

  /// What a binary operator means beyond its kind: `||` and `??` give a
  /// fallback (`??` only for a missing value), the equality operators
  /// compare.
  static ir::Op binaryOp(std::string_view Op) {
    if (Op == "??")
      return ir::Op::NullishFallback;
    if (Op == "||")
      return ir::Op::Fallback;
    if (Op == "==" || Op == "===" || Op == "!=" || Op == "!==")
      return ir::Op::Comparison;
    return ir::Op::None;
  }

  NodeId binary(TSNode N, uint32_t F) {
    std::string Op = text(field(N, Fld.Operator));
    if (Op == "+") {
      // `a + b + c + ...` nests to the left as deep as it is long (a long
      // SQL string); it is one string built from its terms, not nesting.
      std::vector<TSNode> Terms;
      TSNode Left = N;
      while (kind(Left) == Sym::BinaryExpression && view(field(Left, Fld.Operator)) == "+") {
        Terms.push_back(field(Left, Fld.Right));
        Left = field(Left, Fld.Left);
      }
      ir::NodeList Parts = {expr(Left, F)};
      for (auto It = Terms.rbegin(); It != Terms.rend(); ++It)
        Parts.push_back(expr(*It, F));
      NodeId B = add(NodeKind::StringBuild, N, Op, std::move(Parts));
      M.Nodes[B].Op = binaryOp(Op);
      return B;
    }
    NodeId L = expr(field(N, Fld.Left), F), R = expr(field(N, Fld.Right), F);
    NodeId B = add(binaryKind(Op), N, Op, {L, R});
    M.Nodes[B].Op = binaryOp(Op);
    return B;
  }

  NodeId templateString(TSNode N, uint32_t F) {
    // Literal chunks between the substitutions, decoded from the source.
    ir::NodeList Parts;
    uint32_t Pos = ts_node_start_byte(N) + 1, End = ts_node_end_byte(N);
    if (End > Pos && Source[End - 1] == '`')
      --End;
    auto Chunk = [&](uint32_t From, uint32_t To) {
      if (To <= From)
        return;
      std::string Value;
      decodeEcma(Source.substr(From, To - From), Value);
      if (!Value.empty())
        Parts.push_back(stringLiteral(ir::Range{From, To}, std::move(Value)));
    };
    bool Substitutions = false;
    for (TSNode S : named(N)) {
      if (kind(S) != Sym::TemplateSubstitution)
        continue;
      Substitutions = true;
      Chunk(Pos, ts_node_start_byte(S));
      if (TSNode E = innerOf(S); !isNull(E))
        Parts.push_back(expr(E, F));
      Pos = ts_node_end_byte(S);
    }
    if (!Substitutions)
      return stringLiteral(range(N), stringValue(N));
    Chunk(Pos, End);
    return add(NodeKind::StringBuild, N, "template", std::move(Parts));
  }

  /// Call arguments or array elements; `...xs` is a spread.
  void elements(TSNode List, uint32_t F, std::vector<ir::Argument> &Out) {
    Out.reserve(Out.size() + ts_node_named_child_count(List));
    for (TSNode E : named(List)) {
      ir::Argument A;
      if (kind(E) == Sym::SpreadElement) {
        A.Spread = true;
        E = innerOf(E);
      }
      A.Value = isNull(E) ? add(NodeKind::Unknown, List) : expr(E, F);
      Out.push_back(std::move(A));
    }
  }

  /// The module of `require("m")`: a call of the identifier `require` with
  /// one string argument; nothing for any other node.
  std::optional<std::string> requiredModule(TSNode Call) {
    if (kind(Call) != Sym::CallExpression)
      return std::nullopt;
    CallParts P = callParts(Call);
    return requiredModule(P.Callee, P.Args);
  }
  /// The callee and arguments of a call_expression. The last answer is kept:
  /// `const x = f()` asks once for requireImport, once to lower the call.
  struct CallParts {
    TSNode Callee, Args;
  };
  CallParts callParts(TSNode Call) {
    if (!ts_node_eq(Call, LastCall)) {
      LastCall = Call;
      LastCallParts = {field(Call, Fld.Function), field(Call, Fld.Arguments)};
    }
    return LastCallParts;
  }
  TSNode LastCall{};
  CallParts LastCallParts;

  /// requiredModule of a call_expression with these children.
  std::optional<std::string> requiredModule(TSNode Callee, TSNode Args) {
    if (isNull(Callee) || kind(Callee) != Sym::Identifier || view(Callee) != "require" ||
        isNull(Args) || kind(Args) != Sym::Arguments)
      return std::nullopt;
    TSNode Arg{};
    size_t Count = 0;
    for (TSNode A : named(Args)) {
      if (++Count > 1)
        break;
      Arg = A;
    }
    if (Count != 1 || kind(Arg) != Sym::String)
      return std::nullopt;
    return stringValue(Arg);
  }

  /// `f(...)`, `f?.(...)`, `new X(...)`, `new X`, and tagged templates.
  NodeId call(TSNode N, uint32_t F) {
    bool New = kind(N) == Sym::NewExpression;
    auto [Callee, Args] =
        New ? CallParts{field(N, Fld.Constructor), field(N, Fld.Arguments)} : callParts(N);
    std::optional<std::string> Module;
    if (!New)
      Module = requiredModule(Callee, Args);
    if (Module) {
      // `require("m")` used as a value (`require("pg").Pool`,
      // `require("dotenv").config()`): an import of m under a name no
      // identifier can take, read where the call stands.
      ir::Import I;
      I.Module = *Module;
      I.Alias = "<require " + *Module + ">";
      I.Scope = F;
      I.Where = range(N);
      std::string Bound = I.Alias;
      M.Imports.push_back(std::move(I));
      return add(NodeKind::Name, N, Bound);
    }
    ir::Node C;
    C.Kind = NodeKind::Call;
    C.Where = range(N);
    C.Operands.push_back(expr(Callee, F));
    if (!isNull(Args)) {
      if (kind(Args) == Sym::TemplateString) {
        ir::Argument A;
        A.Value = expr(Args, F); // tag`...`: the template is the argument
        C.Args.push_back(std::move(A));
      } else {
        elements(Args, F, C.Args);
      }
    }
    return add(std::move(C));
  }

  NodeId array(TSNode N, uint32_t F) {
    ir::Node C;
    C.Kind = NodeKind::Container;
    C.Where = range(N);
    C.Text = "array";
    elements(N, F, C.Args);
    return add(std::move(C));
  }

  NodeId object(TSNode N, uint32_t F) {
    ir::Node C;
    C.Kind = NodeKind::Container;
    C.Where = range(N);
    C.Text = "object";
    C.Op = ir::Op::Object;
    C.Args.reserve(ts_node_named_child_count(N));
    std::vector<uint32_t> Methods; // `this` in them is the literal
    for (TSNode P : named(N)) {
      ir::Argument A;
      switch (kind(P)) {
      case Sym::Pair: {
        TSNode Key = field(P, Fld.Key);
        A.Keyword = propertyName(Key, F, &A.StringLiteral);
        A.Value = valueExpr(field(P, Fld.Value), F, {A.Keyword, range(Key)});
        break;
      }
      case Sym::ShorthandPropertyIdentifier:
        A.Keyword = text(P);
        A.Value = add(NodeKind::Name, P, view(P));
        break;
      case Sym::MethodDefinition: {
        // `m() {}`, `get g() {}`: functions without a receiver parameter.
        TSNode Key = field(P, Fld.Name);
        A.Keyword = propertyName(Key, F);
        std::string Name = memberName(Key, F);
        uint32_t Index = newFunction(P, F, std::move(Name), isNull(Key) ? range(P) : range(Key));
        fn(Index).IsGetter = scan(P).Get;
        Methods.push_back(Index);
        functionBody(P, Index);
        A.Value = functionRef(Index, range(P));
        break;
      }
      case Sym::SpreadElement: {
        A.Spread = true;
        TSNode E = innerOf(P);
        A.Value = isNull(E) ? add(NodeKind::Unknown, P) : expr(E, F);
        break;
      }
      default:
        evaluate(F, expr(P, F)); // ERROR inside the literal
        continue;
      }
      if (A.Value == NoNode)
        A.Value = add(NodeKind::Unknown, P);
      C.Args.push_back(std::move(A));
    }
    NodeId Id = add(std::move(C));
    for (uint32_t M : Methods)
      fn(M).ThisObject = Id;
    return Id;
  }

  /// The expressions embedded in a JSX element, its attributes and children:
  /// each is evaluated in \p F and becomes an operand of the element.
  void jsxParts(TSNode N, uint32_t F, ir::NodeList &Ops) {
    for (TSNode C : named(N)) {
      switch (kind(C)) {
      case Sym::JsxOpeningElement:
      case Sym::JsxAttribute:
        jsxParts(C, F, Ops);
        break;
      case Sym::JsxExpression: {
        TSNode E = innerOf(C);
        if (!isNull(E) && kind(E) == Sym::SpreadElement)
          E = innerOf(E);
        if (isNull(E))
          break; // `{}` or `{/* comment */}`
        NodeId Id = expr(E, F);
        fn(F).Evaluated.push_back(Id);
        Ops.push_back(Id);
        break;
      }
      case Sym::JsxElement:
      case Sym::JsxSelfClosingElement:
        Ops.push_back(expr(C, F));
        break;
      default:
        break;
      }
    }
  }
};

} // namespace

std::string ecmaStringValue(TSNode String, std::string_view Source) {
  walk::CursorPool Pool;
  return stringValue(String, Source, grammarOf(String), Pool);
}

ir::Module lowerEcmaScript(std::string_view Path, std::string_view Source, TSNode Root,
                           const LoweringOptions &Opts) {
  return Lowerer(Path, Source, Opts, grammarOf(Root)).run(Root);
}

} // namespace teetidy::frontend
