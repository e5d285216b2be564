#include "frontend/PythonLowering.h"

#include "frontend/LowererBase.h"
#include "frontend/SyntaxWalk.h"
#include "source/Utf8.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

// The node types and tokens the lowering tells apart. Each symbol of the
// grammar maps to the entry with its name (as comparing type names did), or
// to Other.
#define PY_SYMBOLS(X)                                                                              \
  X(AliasedImport, "aliased_import")                                                               \
  X(AsPattern, "as_pattern")                                                                       \
  X(Assignment, "assignment")                                                                      \
  X(AsyncToken, "async")                                                                           \
  X(Attribute, "attribute")                                                                        \
  X(AugmentedAssignment, "augmented_assignment")                                                   \
  X(Await, "await")                                                                                \
  X(BinaryOperator, "binary_operator")                                                             \
  X(Block, "block")                                                                                \
  X(BooleanOperator, "boolean_operator")                                                           \
  X(Call, "call")                                                                                  \
  X(CaseClause, "case_clause")                                                                     \
  X(ClassDefinition, "class_definition")                                                           \
  X(Comment, "comment")                                                                            \
  X(ComparisonOperator, "comparison_operator")                                                     \
  X(ConcatenatedString, "concatenated_string")                                                     \
  X(ConditionalExpression, "conditional_expression")                                               \
  X(DecoratedDefinition, "decorated_definition")                                                   \
  X(Decorator, "decorator")                                                                        \
  X(DefaultParameter, "default_parameter")                                                         \
  X(Dictionary, "dictionary")                                                                      \
  X(DictionarySplat, "dictionary_splat")                                                           \
  X(DictionarySplatPattern, "dictionary_splat_pattern")                                            \
  X(DottedName, "dotted_name")                                                                     \
  X(Ellipsis, "ellipsis")                                                                          \
  X(EscapeSequence, "escape_sequence")                                                             \
  X(ExpressionList, "expression_list")                                                             \
  X(ExpressionStatement, "expression_statement")                                                   \
  X(False, "false")                                                                                \
  X(Float, "float")                                                                                \
  X(ForStatement, "for_statement")                                                                 \
  X(FunctionDefinition, "function_definition")                                                     \
  X(FutureImportStatement, "future_import_statement")                                              \
  X(GlobalStatement, "global_statement")                                                           \
  X(Identifier, "identifier")                                                                      \
  X(ImportFromStatement, "import_from_statement")                                                  \
  X(ImportPrefix, "import_prefix")                                                                 \
  X(ImportStatement, "import_statement")                                                           \
  X(Integer, "integer")                                                                            \
  X(Interpolation, "interpolation")                                                                \
  X(KeywordArgument, "keyword_argument")                                                           \
  X(KeywordIdentifier, "keyword_identifier")                                                       \
  X(KeywordSeparator, "keyword_separator")                                                         \
  X(Lambda, "lambda")                                                                              \
  X(List, "list")                                                                                  \
  X(ListPattern, "list_pattern")                                                                   \
  X(ListSplat, "list_splat")                                                                       \
  X(ListSplatPattern, "list_splat_pattern")                                                        \
  X(NamedExpression, "named_expression")                                                           \
  X(None, "none")                                                                                  \
  X(Pair, "pair")                                                                                  \
  X(ParenthesizedExpression, "parenthesized_expression")                                           \
  X(PatternList, "pattern_list")                                                                   \
  X(RelativeImport, "relative_import")                                                             \
  X(ReturnStatement, "return_statement")                                                           \
  X(Set, "set")                                                                                    \
  X(String, "string")                                                                              \
  X(StringContent, "string_content")                                                               \
  X(Subscript, "subscript")                                                                        \
  X(True, "true")                                                                                  \
  X(Tuple, "tuple")                                                                                \
  X(TuplePattern, "tuple_pattern")                                                                 \
  X(TypeConversion, "type_conversion")                                                             \
  X(TypedDefaultParameter, "typed_default_parameter")                                              \
  X(TypedParameter, "typed_parameter")                                                             \
  X(WildcardImport, "wildcard_import")                                                             \
  X(WithClause, "with_clause")                                                                     \
  X(WithItem, "with_item")                                                                         \
  X(WithStatement, "with_statement")                                                               \
  X(Yield, "yield")

enum class Sym : uint8_t {
  Other,
#define PY_ENUM(E, Name) E,
  PY_SYMBOLS(PY_ENUM)
#undef PY_ENUM
};

/// What the lowering knows of a symbol, from its name.
struct SymInfo {
  Sym Kind = Sym::Other;
  bool Clause = false;     ///< the name contains "clause"
  bool Statement = false;  ///< the name contains "statement"
  bool Definition = false; ///< the name contains "definition"
  /// Not a comment, block, clause or statement: lowered as an expression.
  bool Expression = false;

  static SymInfo of(std::string_view Name) {
    static constexpr std::pair<std::string_view, Sym> Names[] = {
#define PY_NAME(E, Name) {Name, Sym::E},
        PY_SYMBOLS(PY_NAME)
#undef PY_NAME
    };
    SymInfo I;
    for (auto [N, K] : Names)
      if (N == Name)
        I.Kind = K;
    I.Clause = Name.find("clause") != std::string_view::npos;
    I.Statement = Name.find("statement") != std::string_view::npos;
    I.Definition = Name.find("definition") != std::string_view::npos;
    I.Expression = Name != "comment" && !I.Statement && Name != "block" && !I.Clause &&
                   Name != "pass_statement";
    return I;
  }
};

// clang-format off
#define PY_FIELDS(X)              \
  X(Alias, "alias")               \
  X(Arguments, "arguments")       \
  X(Attribute, "attribute")       \
  X(Body, "body")                 \
  X(Definition, "definition")     \
  X(Expression, "expression")     \
  X(Function, "function")         \
  X(Key, "key")                   \
  X(Left, "left")                 \
  X(ModuleName, "module_name")    \
  X(Name, "name")                 \
  X(Object, "object")             \
  X(Operator, "operator")         \
  X(Parameters, "parameters")     \
  X(Right, "right")               \
  X(Subscript, "subscript")       \
  X(Superclasses, "superclasses") \
  X(Type, "type")                 \
  X(Value, "value")
// clang-format on

/// Symbol info and field ids of a Python grammar.
struct Grammar {
  walk::SymbolTable<SymInfo> Syms;
  struct FieldIds {
#define PY_FIELD(F, Name) TSFieldId F = 0;
    PY_FIELDS(PY_FIELD)
#undef PY_FIELD
  } Fields;

  explicit Grammar(const TSLanguage *L) : Syms(L, SymInfo::of) {
#define PY_FIELD(F, Name) Fields.F = walk::fieldId(L, Name);
    PY_FIELDS(PY_FIELD)
#undef PY_FIELD
  }
};

const Grammar &grammarOf(TSNode N) { return walk::perLanguage<Grammar>(ts_tree_language(N.tree)); }

bool isNull(TSNode N) { return ts_node_is_null(N); }

using walk::AnyNamed;

/// Decodes one escape sequence (`\n`, `\x41`, `\u00e9`, ...).
void decodeEscape(std::string_view Esc, std::string &Out) {
  if (Esc.size() < 2) {
    Out += Esc;
    return;
  }
  char C = Esc[1];
  auto Hex = [&](size_t From) { return walk::digitsValue(Esc.substr(From), 16); };
  switch (C) {
  case 'n':
    Out += '\n';
    return;
  case 't':
    Out += '\t';
    return;
  case 'r':
    Out += '\r';
    return;
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7': {
    uint32_t V = 0;
    for (size_t I = 1; I < Esc.size(); ++I)
      V = V * 8 + static_cast<uint32_t>(Esc[I] - '0');
    appendUtf8(Out, V);
    return;
  }
  case 'x':
  case 'u':
  case 'U':
    appendUtf8(Out, Hex(2));
    return;
  case '\n':
    return; // line continuation inside a string
  default:
    Out += C; // \\ \' \" and unknown escapes keep the character
    return;
  }
}

/// Raw strings do not decode escapes; the prefix is the text before the quote.
bool isRawString(TSNode String, std::string_view Source) {
  std::string_view Text = Source.substr(ts_node_start_byte(String),
                                        ts_node_end_byte(String) - ts_node_start_byte(String));
  for (char C : Text) {
    if (C == '\'' || C == '"')
      break;
    if (C == 'r' || C == 'R')
      return true;
  }
  return false;
}

/// Appends string_content \p Content, whose escape_sequence children are
/// decoded unless \p Raw.
void appendContent(TSNode Content, bool Raw, std::string_view Source, walk::CursorPool &Pool,
                   std::string &Out) {
  uint32_t Pos = ts_node_start_byte(Content);
  for (TSNode E : walk::Children(Pool, Content, AnyNamed{})) {
    Out += Source.substr(Pos, ts_node_start_byte(E) - Pos);
    std::string_view Esc =
        Source.substr(ts_node_start_byte(E), ts_node_end_byte(E) - ts_node_start_byte(E));
    if (Raw)
      Out += Esc;
    else
      decodeEscape(Esc, Out);
    Pos = ts_node_end_byte(E);
  }
  Out += Source.substr(Pos, ts_node_end_byte(Content) - Pos);
}

/// Appends pythonStringValue(String) to \p Out. With \p StopAtInterpolation,
/// returns false as soon as an interpolation is met in String or in a
/// `string` part of a concatenation (Out is then incomplete).
bool stringValue(TSNode String, std::string_view Source, const Grammar &G, walk::CursorPool &Pool,
                 std::string &Out, bool StopAtInterpolation) {
  auto Kind = [&](TSNode N) { return G.Syms[ts_node_symbol(N)].Kind; };
  auto One = [&](TSNode S, bool Check) {
    bool Raw = isRawString(S, Source);
    for (TSNode P : walk::Children(Pool, S, AnyNamed{})) {
      Sym T = Kind(P);
      if (T == Sym::StringContent) {
        appendContent(P, Raw, Source, Pool, Out);
      } else if (T == Sym::EscapeSequence) {
        std::string_view Esc =
            Source.substr(ts_node_start_byte(P), ts_node_end_byte(P) - ts_node_start_byte(P));
        if (Raw)
          Out += Esc;
        else
          decodeEscape(Esc, Out);
      } else if (Check && T == Sym::Interpolation) {
        return false;
      }
    }
    return true;
  };
  if (Kind(String) != Sym::ConcatenatedString)
    return One(String, StopAtInterpolation);
  for (TSNode Part : walk::Children(Pool, String, AnyNamed{}))
    if (!One(Part, StopAtInterpolation && Kind(Part) == Sym::String))
      return false;
  return true;
}

class Lowerer : public LowererBase<Lowerer, Grammar> {
  using Base = LowererBase<Lowerer, Grammar>;
  friend Base;

public:
  Lowerer(std::string_view Path, std::string_view Src, const LoweringOptions &Opts,
          const Grammar &Gram)
      // About one node per 20 bytes of source.
      : Base(Path, Src, Opts, Gram, 16) {}

private:
  /// The named children, comments included.
  auto named(TSNode N) { return walk::Children<AnyNamed>(Pool, N, AnyNamed{}); }

  // --- Building the module ----------------------------------------------

  using Base::add;
  using Base::stringLiteral;

  void returned(uint32_t F, NodeId N) { fn(F).Returns.push_back(N); }

  // --- Statements -------------------------------------------------------

  /// Lowers the statements under \p Block into function \p F.
  void block(TSNode Block, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Block);
    for (TSNode S : named(Block))
      statement(S, F);
  }

  /// The decorators of a decorated_definition, lowered in \p F.
  std::vector<NodeId> decorators(TSNode S, uint32_t F) {
    std::vector<NodeId> Out;
    for (TSNode D : named(S))
      if (kind(D) == Sym::Decorator && ts_node_named_child_count(D))
        Out.push_back(expr(ts_node_named_child(D, 0), F));
    return Out;
  }

  void statement(TSNode S, uint32_t F) {
    switch (kind(S)) {
    case Sym::GlobalStatement:
      // `global x`: assignments to x in this function bind the module's x.
      if (F != 0)
        for (TSNode N : named(S))
          if (kind(N) == Sym::Identifier)
            fn(F).ModuleNames.push_back(std::string(text(N)));
      return;
    case Sym::ExpressionStatement:
      for (TSNode E : named(S)) {
        Sym ET = kind(E);
        if (ET == Sym::Assignment || ET == Sym::AugmentedAssignment)
          assignment(E, F);
        else
          evaluated(F, expr(E, F));
      }
      return;
    case Sym::ReturnStatement:
      for (TSNode R : named(S))
        returned(F, expr(R, F));
      return;
    case Sym::FunctionDefinition:
      function(S, F, {});
      return;
    case Sym::ClassDefinition:
      classDef(S, F, {});
      return;
    case Sym::DecoratedDefinition: {
      std::vector<NodeId> Decorators = decorators(S, F);
      TSNode Def = field(S, Fld.Definition);
      if (isNull(Def))
        return;
      Sym DK = kind(Def);
      if (DK == Sym::FunctionDefinition)
        function(Def, F, std::move(Decorators));
      else if (DK == Sym::ClassDefinition)
        classDef(Def, F, std::move(Decorators));
      return;
    }
    case Sym::ImportStatement:
      importStatement(S, F);
      return;
    case Sym::ImportFromStatement:
    case Sym::FutureImportStatement:
      importFrom(S, F);
      return;
    case Sym::ForStatement: {
      ir::Assignment A;
      A.Lhs = target(field(S, Fld.Left), F);
      A.Value = expr(field(S, Fld.Right), F);
      A.Iteration = true;
      fn(F).Assignments.push_back(std::move(A));
      bodies(S, F);
      return;
    }
    case Sym::WithStatement:
      withStatement(S, F);
      return;
    default:
      // if / while / try / match and friends: conditions are evaluated,
      // nested blocks are lowered into the same function.
      for (TSNode Child : named(S)) {
        const SymInfo &C = info(Child);
        if (C.Kind == Sym::Block || C.Clause)
          statementContainer(Child, F);
        else if (C.Expression)
          evaluated(F, expr(Child, F));
        else if (C.Statement || C.Definition)
          statement(Child, F);
      }
      return;
    }
  }

  /// A block, or a clause (`else:`, `except E as e:`) holding one.
  void statementContainer(TSNode N, uint32_t F) {
    if (kind(N) == Sym::Block)
      return block(N, F);
    DepthGuard G(*this);
    if (!G.ok())
      return limit(N);
    for (TSNode Child : named(N)) {
      const SymInfo &C = info(Child);
      if (C.Kind == Sym::Block || C.Clause)
        statementContainer(Child, F);
      else if (C.Statement || C.Definition)
        statement(Child, F);
      else if (C.Expression)
        evaluated(F, expr(Child, F));
    }
  }

  void bodies(TSNode S, uint32_t F) {
    for (TSNode Child : named(S)) {
      const SymInfo &C = info(Child);
      if (C.Kind == Sym::WithClause)
        continue; // its items were lowered as bindings
      if (C.Kind == Sym::Block || C.Clause)
        statementContainer(Child, F);
    }
  }

  void assignment(TSNode A, uint32_t F) {
    TSNode Left = field(A, Fld.Left), Right = field(A, Fld.Right), Type = field(A, Fld.Type);
    ir::Assignment Out;
    Out.Lhs = target(Left, F);
    if (!isNull(Type))
      Out.Annotation = text(Type);
    if (isNull(Right)) {
      // `x: int` declares without a value; keep it for class fields.
      fn(F).Assignments.push_back(std::move(Out));
      return;
    }
    if (kind(Right) == Sym::Assignment) {
      // Chained `a = b = v`: lower the inner one, then a = b's value.
      assignment(Right, F);
      TSNode InnerLeft = field(Right, Fld.Left);
      Out.Value = expr(InnerLeft, F);
    } else {
      Out.Value = expr(Right, F);
    }
    if (kind(A) == Sym::AugmentedAssignment) {
      // `x += v` is `x = x + v`.
      NodeId Old = expr(Left, F);
      Out.Value = add(NodeKind::StringBuild, A, {}, {Old, Out.Value});
    }
    fn(F).Assignments.push_back(std::move(Out));
  }

  ir::Target target(TSNode N, uint32_t F) {
    ir::Target T;
    if (isNull(N))
      return T;
    T.Where = range(N);
    switch (kind(N)) {
    case Sym::Identifier:
      T.K = ir::Target::Name;
      T.Text = text(N);
      break;
    case Sym::Attribute:
      T.K = ir::Target::Attribute;
      T.Object = expr(field(N, Fld.Object), F);
      T.Text = text(field(N, Fld.Attribute));
      break;
    case Sym::Subscript:
      T.K = ir::Target::Subscript;
      T.Object = expr(field(N, Fld.Value), F);
      T.Key = expr(field(N, Fld.Subscript), F);
      break;
    case Sym::PatternList:
    case Sym::TuplePattern:
    case Sym::ListPattern:
    case Sym::ExpressionList:
    case Sym::Tuple:
    case Sym::List: {
      T.K = ir::Target::Tuple;
      DepthGuard G(*this);
      if (!G.ok()) {
        limit(N);
        return T;
      }
      for (TSNode E : named(N)) {
        Sym EK = kind(E);
        if (EK == Sym::ListSplatPattern || EK == Sym::ListSplat) {
          T.StarredIndex = static_cast<int>(T.Elements.size());
          if (ts_node_named_child_count(E))
            E = ts_node_named_child(E, 0);
        }
        T.Elements.push_back(target(E, F));
      }
      break;
    }
    case Sym::ParenthesizedExpression:
      if (ts_node_named_child_count(N))
        return target(ts_node_named_child(N, 0), F);
      [[fallthrough]];
    default:
      T.K = ir::Target::Name;
      T.Text = text(N);
      break;
    }
    return T;
  }

  void withStatement(TSNode S, uint32_t F) {
    for (TSNode Clause : named(S)) {
      if (kind(Clause) != Sym::WithClause)
        continue;
      for (TSNode Item : named(Clause)) {
        if (kind(Item) != Sym::WithItem)
          continue;
        TSNode Value = field(Item, Fld.Value);
        if (isNull(Value))
          continue;
        if (kind(Value) == Sym::AsPattern) {
          TSNode Alias = field(Value, Fld.Alias);
          TSNode Inner = ts_node_named_child(Value, 0);
          ir::Assignment A;
          A.Value = expr(Inner, F);
          if (!isNull(Alias) && ts_node_named_child_count(Alias))
            A.Lhs = target(ts_node_named_child(Alias, 0), F);
          else if (!isNull(Alias))
            A.Lhs = target(Alias, F);
          fn(F).Assignments.push_back(std::move(A));
        } else {
          evaluated(F, expr(Value, F));
        }
      }
    }
    bodies(S, F);
  }

  void function(TSNode Def, uint32_t Parent, std::vector<NodeId> Decorators, int Class = -1) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Def);
    ir::Function Fn;
    TSNode Name = field(Def, Fld.Name);
    Fn.Name = isNull(Name) ? "<anonymous>" : text(Name);
    Fn.NameWhere = isNull(Name) ? range(Def) : range(Name);
    Fn.Where = range(Def);
    Fn.Parent = Parent == 0 && Class < 0 ? -1 : static_cast<int>(Parent);
    Fn.Class = Class;
    Fn.Decorators = std::move(Decorators);
    Fn.IsAsync = ts_node_child_count(Def) && kind(ts_node_child(Def, 0)) == Sym::AsyncToken;
    if (Class >= 0) {
      Fn.IsConstructor = Fn.Name == "__init__";
      for (NodeId D : Fn.Decorators) {
        const ir::Node &Dec = M.Nodes[D];
        bool Named = Dec.Kind == NodeKind::Name || Dec.Kind == NodeKind::Attribute;
        Fn.IsStatic |= Dec.Kind == NodeKind::Name && Dec.Text == "staticmethod";
        // `@property`, `@functools.cached_property`: runs when read.
        Fn.IsGetter |= Named && (Dec.Text == "property" || Dec.Text == "cached_property");
      }
    }
    std::string Prefix;
    if (Class >= 0)
      Prefix = M.Classes[static_cast<size_t>(Class)].Name + ".";
    else if (Parent != 0)
      Prefix = fn(Parent).QualifiedName + ".";
    Fn.QualifiedName = Prefix + Fn.Name;
    M.Functions.push_back(std::move(Fn));
    uint32_t Index = static_cast<uint32_t>(M.Functions.size() - 1);
    if (Class >= 0)
      M.Classes[static_cast<size_t>(Class)].Methods.push_back(Index);
    parameters(field(Def, Fld.Parameters), Index);
    TSNode Body = field(Def, Fld.Body);
    if (!isNull(Body))
      block(Body, Index);
    if (Class < 0) {
      // `def f` binds f in the enclosing scope.
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = fn(Index).Name;
      A.Lhs.Where = fn(Index).NameWhere;
      A.Value = ref(NodeKind::Function, fn(Index).NameWhere, fn(Index).Name, Index);
      fn(Parent).Assignments.push_back(std::move(A));
    }
  }

  void parameters(TSNode Params, uint32_t F) {
    if (isNull(Params))
      return;
    bool KeywordOnly = false;
    for (TSNode P : named(Params)) {
      ir::Parameter Out;
      Out.Where = range(P);
      Out.KeywordOnly = KeywordOnly;
      switch (kind(P)) {
      case Sym::Identifier:
        Out.Name = text(P);
        break;
      case Sym::TypedParameter: {
        TSNode Inner = ts_node_named_child(P, 0);
        Sym IK = kind(Inner);
        if (IK == Sym::ListSplatPattern)
          Out.Star = KeywordOnly = true;
        else if (IK == Sym::DictionarySplatPattern)
          Out.DoubleStar = true;
        if (IK != Sym::Identifier && ts_node_named_child_count(Inner))
          Inner = ts_node_named_child(Inner, 0);
        Out.Name = text(Inner);
        if (TSNode Ty = field(P, Fld.Type); !isNull(Ty))
          Out.Annotation = text(Ty);
        break;
      }
      case Sym::DefaultParameter:
      case Sym::TypedDefaultParameter:
        Out.Name = text(field(P, Fld.Name));
        Out.Default = expr(field(P, Fld.Value), F);
        if (TSNode Ty = field(P, Fld.Type); !isNull(Ty))
          Out.Annotation = text(Ty);
        break;
      case Sym::ListSplatPattern:
        Out.Star = KeywordOnly = true;
        if (ts_node_named_child_count(P))
          Out.Name = text(ts_node_named_child(P, 0));
        break;
      case Sym::DictionarySplatPattern:
        Out.DoubleStar = true;
        if (ts_node_named_child_count(P))
          Out.Name = text(ts_node_named_child(P, 0));
        break;
      case Sym::KeywordSeparator:
        KeywordOnly = true;
        continue;
      default:
        continue; // positional_separator, comments
      }
      fn(F).Params.push_back(std::move(Out));
    }
  }

  void classDef(TSNode Def, uint32_t Scope, std::vector<NodeId> Decorators, int ParentClass = -1) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Def);
    ir::ClassDef C;
    TSNode Name = field(Def, Fld.Name);
    C.Name = isNull(Name) ? "<anonymous>" : text(Name);
    C.Where = range(Def);
    C.NameWhere = isNull(Name) ? range(Def) : range(Name);
    C.Parent = ParentClass;
    (void)Decorators; // class decorators do not move values
    // The body is a pseudo-function holding field declarations.
    ir::Function Body;
    Body.Name = "<class-body>";
    Body.QualifiedName = C.Name + ".<class-body>";
    Body.IsClassBody = true;
    Body.Where = range(Def);
    Body.Parent = static_cast<int>(Scope);
    M.Functions.push_back(std::move(Body));
    C.Body = static_cast<uint32_t>(M.Functions.size() - 1);
    M.Classes.push_back(std::move(C));
    int Index = static_cast<int>(M.Classes.size() - 1);
    fn(M.Classes[static_cast<size_t>(Index)].Body).Class = Index;
    if (ParentClass >= 0)
      M.Classes[static_cast<size_t>(ParentClass)].NestedClasses.push_back(
          static_cast<uint32_t>(Index));

    if (TSNode Supers = field(Def, Fld.Superclasses); !isNull(Supers)) {
      for (TSNode S : named(Supers)) {
        Sym SK = kind(S);
        if (SK == Sym::KeywordArgument) {
          ir::Argument A;
          A.Keyword = text(field(S, Fld.Name));
          A.Value = expr(field(S, Fld.Value), Scope);
          M.Classes[static_cast<size_t>(Index)].Keywords.push_back(std::move(A));
        } else if (SK != Sym::Comment) {
          NodeId B = expr(S, Scope);
          M.Classes[static_cast<size_t>(Index)].Bases.push_back(B);
        }
      }
    }
    TSNode BodyNode = field(Def, Fld.Body);
    if (!isNull(BodyNode)) {
      uint32_t BodyFn = M.Classes[static_cast<size_t>(Index)].Body;
      for (TSNode S : named(BodyNode)) {
        Sym T = kind(S);
        TSNode Def2 = S;
        std::vector<NodeId> Decos;
        if (T == Sym::DecoratedDefinition) {
          Decos = decorators(S, BodyFn);
          Def2 = field(S, Fld.Definition);
          if (isNull(Def2))
            continue;
          T = kind(Def2);
        }
        if (T == Sym::FunctionDefinition)
          function(Def2, BodyFn, std::move(Decos), Index);
        else if (T == Sym::ClassDefinition)
          classDef(Def2, BodyFn, std::move(Decos), Index);
        else
          statement(S, BodyFn);
      }
    }
    if (ParentClass < 0) {
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = M.Classes[static_cast<size_t>(Index)].Name;
      A.Lhs.Where = M.Classes[static_cast<size_t>(Index)].NameWhere;
      const ir::ClassDef &K = M.Classes[static_cast<size_t>(Index)];
      A.Value = ref(NodeKind::Class, K.NameWhere, K.Name, static_cast<uint32_t>(Index));
      fn(Scope).Assignments.push_back(std::move(A));
    }
  }

  void importStatement(TSNode S, uint32_t F) {
    for (TSNode N : named(S)) {
      ir::Import Imp;
      Imp.Scope = F;
      Imp.Where = range(N);
      Sym K = kind(N);
      if (K == Sym::AliasedImport) {
        Imp.Module = text(field(N, Fld.Name));
        Imp.Alias = text(field(N, Fld.Alias));
      } else if (K == Sym::DottedName) {
        Imp.Module = text(N);
        Imp.BindsFirstComponent = true; // `import a.b` binds a
      } else {
        continue;
      }
      M.Imports.push_back(std::move(Imp));
    }
  }

  void importFrom(TSNode S, uint32_t F) {
    std::string Module;
    unsigned Level = 0;
    TSNode ModNode = field(S, Fld.ModuleName);
    if (!isNull(ModNode)) {
      if (kind(ModNode) == Sym::RelativeImport) {
        for (TSNode P : named(ModNode)) {
          Sym K = kind(P);
          if (K == Sym::ImportPrefix)
            Level = ts_node_end_byte(P) - ts_node_start_byte(P);
          else if (K == Sym::DottedName)
            Module = text(P);
        }
      } else {
        Module = text(ModNode);
      }
    } else if (kind(S) == Sym::FutureImportStatement) {
      Module = "__future__";
    }
    for (TSNode N : named(S)) {
      if (ts_node_eq(N, ModNode))
        continue;
      ir::Import Imp;
      Imp.Module = Module;
      Imp.Level = Level;
      Imp.Scope = F;
      Imp.Where = range(N);
      Sym K = kind(N);
      if (K == Sym::WildcardImport) {
        Imp.Name = ir::AllNames;
      } else if (K == Sym::AliasedImport) {
        Imp.Name = text(field(N, Fld.Name));
        Imp.Alias = text(field(N, Fld.Alias));
      } else if (K == Sym::DottedName) {
        Imp.Name = text(N);
      } else {
        continue;
      }
      M.Imports.push_back(std::move(Imp));
    }
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
    Sym T = kind(N);
    switch (T) {
    case Sym::Identifier:
    case Sym::KeywordIdentifier:
      return add(NodeKind::Name, N, view(N));
    case Sym::String:
    case Sym::ConcatenatedString:
      return stringExpr(N, F);
    case Sym::True:
    case Sym::False: {
      NodeId L = add(NodeKind::Literal, N, view(N));
      M.Nodes[L].Op = kind(N) == Sym::True ? ir::Op::True : ir::Op::False;
      return L;
    }
    case Sym::None: {
      NodeId L = add(NodeKind::Literal, N, view(N));
      M.Nodes[L].Op = ir::Op::NoValue;
      return L;
    }
    case Sym::Integer:
    case Sym::Float:
    case Sym::Ellipsis:
      return add(NodeKind::Literal, N, view(N));
    case Sym::Attribute: {
      NodeId Obj = expr(field(N, Fld.Object), F);
      return add(NodeKind::Attribute, N, view(field(N, Fld.Attribute)), {Obj});
    }
    case Sym::Subscript: {
      NodeId Obj = expr(field(N, Fld.Value), F);
      NodeId Key = expr(field(N, Fld.Subscript), F);
      return add(NodeKind::Subscript, N, {}, {Obj, Key});
    }
    case Sym::Call:
      return call(N, F);
    case Sym::BinaryOperator: {
      std::string_view Op = view(field(N, Fld.Operator));
      if (Op == "+") {
        // `a + b + c + ...` nests to the left as deep as it is long (a
        // long SQL string); it is one string built from its terms.
        std::vector<TSNode> Terms;
        TSNode Left = N;
        while (kind(Left) == Sym::BinaryOperator && view(field(Left, Fld.Operator)) == "+") {
          Terms.push_back(field(Left, Fld.Right));
          Left = field(Left, Fld.Left);
        }
        ir::NodeList Parts = {expr(Left, F)};
        for (auto It = Terms.rbegin(); It != Terms.rend(); ++It)
          Parts.push_back(expr(*It, F));
        return add(NodeKind::StringBuild, N, Op, std::move(Parts));
      }
      NodeId L = expr(field(N, Fld.Left), F), R = expr(field(N, Fld.Right), F);
      // `+` and `%` build strings; other arithmetic yields numbers that no
      // longer carry a destination.
      return add(Op == "+" || Op == "%" ? NodeKind::StringBuild : NodeKind::Unknown, N, Op, {L, R});
    }
    case Sym::BooleanOperator: {
      NodeId L = expr(field(N, Fld.Left), F), R = expr(field(N, Fld.Right), F);
      // `a or b` and `a and b` both evaluate to one of their operands; in
      // `a or b`, b stands in for a missing a.
      std::string_view Op = view(field(N, Fld.Operator));
      NodeId C = add(NodeKind::Choice, N, Op, {L, R});
      if (Op == "or")
        M.Nodes[C].Op = ir::Op::Fallback;
      return C;
    }
    case Sym::ConditionalExpression: {
      if (ts_node_named_child_count(N) != 3)
        break;
      NodeId A = expr(ts_node_named_child(N, 0), F);
      NodeId Cond = expr(ts_node_named_child(N, 1), F);
      NodeId B = expr(ts_node_named_child(N, 2), F);
      fn(F).Evaluated.push_back(Cond);
      NodeId C = add(NodeKind::Choice, N, "if", {A, B});
      M.Nodes[C].Op = ir::Op::Conditional;
      return C;
    }
    case Sym::Await:
    case Sym::ParenthesizedExpression:
    case Sym::TypeConversion: {
      if (ts_node_named_child_count(N) == 0)
        return add(NodeKind::Unknown, N);
      NodeId Inner = expr(ts_node_named_child(N, 0), F);
      return add(NodeKind::PassThrough, N, ts_node_type(N), {Inner});
    }
    case Sym::NamedExpression: {
      NodeId V = expr(field(N, Fld.Value), F);
      ir::Assignment A;
      A.Lhs = target(field(N, Fld.Name), F);
      A.Value = V;
      fn(F).Assignments.push_back(std::move(A));
      return add(NodeKind::PassThrough, N, "walrus", {V});
    }
    case Sym::Dictionary:
      return dictionary(N, F);
    case Sym::List:
    case Sym::Tuple:
    case Sym::Set:
    case Sym::ExpressionList: {
      ir::Node C;
      C.Kind = NodeKind::Container;
      C.Where = range(N);
      C.Text = ts_node_type(N);
      C.Args.reserve(ts_node_named_child_count(N));
      for (TSNode E : named(N)) {
        Sym EK = kind(E);
        if (EK == Sym::Comment)
          continue;
        ir::Argument A;
        if (EK == Sym::ListSplat && ts_node_named_child_count(E)) {
          A.Spread = true;
          E = ts_node_named_child(E, 0);
        }
        A.Value = expr(E, F);
        C.Args.push_back(std::move(A));
      }
      return add(std::move(C));
    }
    case Sym::Lambda: {
      ir::Function Fn;
      Fn.Name = "<lambda>";
      Fn.QualifiedName = fn(F).QualifiedName + ".<lambda>";
      Fn.Where = Fn.NameWhere = range(N);
      Fn.Parent = static_cast<int>(F);
      M.Functions.push_back(std::move(Fn));
      uint32_t Index = static_cast<uint32_t>(M.Functions.size() - 1);
      parameters(field(N, Fld.Parameters), Index);
      NodeId Body = expr(field(N, Fld.Body), Index);
      fn(Index).Returns.push_back(Body);
      return ref(NodeKind::Function, range(N), "<lambda>", Index);
    }
    case Sym::Yield:
      if (ts_node_named_child_count(N)) {
        NodeId V = expr(ts_node_named_child(N, 0), F);
        fn(F).Returns.push_back(V);
        return add(NodeKind::Unknown, N, "yield", {V});
      }
      return add(NodeKind::Unknown, N, "yield");
    default:
      break;
    }
    // Comparisons, unary operators, comprehensions, slices...: lower the
    // children so calls inside them are seen; the result is opaque.
    ir::NodeList Ops;
    for (TSNode C : named(N)) {
      if (kind(C) != Sym::Comment)
        Ops.push_back(expr(C, F));
    }
    NodeId U = add(NodeKind::Unknown, N, ts_node_type(N), std::move(Ops));
    if (kind(N) == Sym::ComparisonOperator)
      M.Nodes[U].Op = ir::Op::Comparison;
    return U;
  }

  NodeId stringExpr(TSNode N, uint32_t F) {
    // Most strings have no interpolation: one walk finds it out and gives
    // the value.
    if (std::string Value; stringValue(N, Source, Gram, Pool, Value, true))
      return stringLiteral(N, std::move(Value));
    // f-strings become a StringBuild of literal parts and interpolations.
    std::vector<TSNode> Strings;
    if (kind(N) == Sym::ConcatenatedString) {
      for (TSNode Part : named(N))
        if (kind(Part) == Sym::String)
          Strings.push_back(Part);
    } else {
      Strings.push_back(N);
    }
    ir::NodeList Parts;
    for (TSNode S : Strings) {
      bool Raw = isRawString(S, Source);
      std::string Pending;
      TSNode PendingAt = S;
      auto Flush = [&] {
        if (Pending.empty())
          return;
        Parts.push_back(stringLiteral(PendingAt, Pending));
        Pending.clear();
      };
      for (TSNode P : named(S)) {
        Sym PT = kind(P);
        if (PT == Sym::StringContent) {
          if (Pending.empty())
            PendingAt = P;
          appendContent(P, Raw, Source, Pool, Pending);
        } else if (PT == Sym::EscapeSequence) {
          decodeEscape(view(P), Pending);
        } else if (PT == Sym::Interpolation) {
          Flush();
          TSNode E = field(P, Fld.Expression);
          if (isNull(E) && ts_node_named_child_count(P))
            E = ts_node_named_child(P, 0);
          if (!isNull(E))
            Parts.push_back(expr(E, F));
        }
      }
      Flush();
    }
    return add(NodeKind::StringBuild, N, "f-string", std::move(Parts));
  }

  NodeId call(TSNode N, uint32_t F) {
    // `super()` and `super(C, self)`: the base class, on the same object.
    TSNode Callee = field(N, Fld.Function);
    if (!isNull(Callee) && kind(Callee) == Sym::Identifier && view(Callee) == "super") {
      NodeId S = add(NodeKind::Name, N, "super");
      M.Nodes[S].Op = ir::Op::Super;
      return S;
    }
    ir::Node C;
    C.Kind = NodeKind::Call;
    C.Where = range(N);
    C.Operands.push_back(expr(field(N, Fld.Function), F));
    TSNode Args = field(N, Fld.Arguments);
    if (!isNull(Args)) {
      C.Args.reserve(ts_node_named_child_count(Args));
      for (TSNode A : named(Args)) {
        Sym T = kind(A);
        if (T == Sym::Comment)
          continue;
        ir::Argument Arg;
        if (T == Sym::KeywordArgument) {
          Arg.Keyword = text(field(A, Fld.Name));
          Arg.Value = expr(field(A, Fld.Value), F);
        } else if (T == Sym::ListSplat) {
          Arg.Spread = true;
          Arg.Value = ts_node_named_child_count(A) ? expr(ts_node_named_child(A, 0), F) : NoNode;
        } else if (T == Sym::DictionarySplat) {
          Arg.KeywordSpread = true;
          Arg.Value = ts_node_named_child_count(A) ? expr(ts_node_named_child(A, 0), F) : NoNode;
        } else {
          Arg.Value = expr(A, F); // positional, or a generator expression
        }
        C.Args.push_back(std::move(Arg));
      }
    }
    return add(std::move(C));
  }

  NodeId dictionary(TSNode N, uint32_t F) {
    ir::Node C;
    C.Kind = NodeKind::Container;
    C.Where = range(N);
    C.Text = "dict";
    C.Op = ir::Op::Mapping;
    C.Args.reserve(ts_node_named_child_count(N));
    for (TSNode P : named(N)) {
      ir::Argument A;
      Sym K = kind(P);
      if (K == Sym::Pair) {
        TSNode Key = field(P, Fld.Key);
        if (!isNull(Key) && kind(Key) == Sym::String) {
          stringValue(Key, Source, Gram, Pool, A.Keyword, false);
          A.StringLiteral = true;
        } else {
          evaluated(F, expr(Key, F));
        }
        A.Value = expr(field(P, Fld.Value), F);
      } else if (K == Sym::DictionarySplat && ts_node_named_child_count(P)) {
        A.KeywordSpread = true;
        A.Value = expr(ts_node_named_child(P, 0), F);
      } else {
        continue;
      }
      C.Args.push_back(std::move(A));
    }
    return add(std::move(C));
  }
};

} // namespace

std::string pythonStringValue(TSNode String, std::string_view Source) {
  walk::CursorPool Pool;
  std::string Out;
  stringValue(String, Source, grammarOf(String), Pool, Out, false);
  return Out;
}

ir::Module lowerPython(std::string_view Path, std::string_view Source, TSNode Root,
                       const LoweringOptions &Opts) {
  return Lowerer(Path, Source, Opts, grammarOf(Root)).run(Root);
}

} // namespace teetidy::frontend
