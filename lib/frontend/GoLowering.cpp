#include "frontend/GoLowering.h"

#include "frontend/LowererBase.h"
#include "frontend/SyntaxWalk.h"
#include "source/Utf8.h"

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

// The node types the lowering tells apart; every other symbol is Other.
#define GO_SYMBOLS(X)                                                                              \
  X(ArgumentList, "argument_list")                                                                 \
  X(ArrayType, "array_type")                                                                       \
  X(AssignmentStatement, "assignment_statement")                                                   \
  X(BinaryExpression, "binary_expression")                                                         \
  X(BlankIdentifier, "blank_identifier")                                                           \
  X(Block, "block")                                                                                \
  X(Comment, "comment")                                                                            \
  X(CallExpression, "call_expression")                                                             \
  X(CommunicationCase, "communication_case")                                                       \
  X(CompositeLiteral, "composite_literal")                                                         \
  X(ConstDeclaration, "const_declaration")                                                         \
  X(ConstSpec, "const_spec")                                                                       \
  X(DefaultCase, "default_case")                                                                   \
  X(DeferStatement, "defer_statement")                                                             \
  X(Dot, "dot")                                                                                    \
  X(Error, "ERROR")                                                                                \
  X(EscapeSequence, "escape_sequence")                                                             \
  X(ExpressionCase, "expression_case")                                                             \
  X(ExpressionList, "expression_list")                                                             \
  X(ExpressionStatement, "expression_statement")                                                   \
  X(ExpressionSwitchStatement, "expression_switch_statement")                                      \
  X(False, "false")                                                                                \
  X(FieldDeclaration, "field_declaration")                                                         \
  X(FieldDeclarationList, "field_declaration_list")                                                \
  X(FieldIdentifier, "field_identifier")                                                           \
  X(FloatLiteral, "float_literal")                                                                 \
  X(ForClause, "for_clause")                                                                       \
  X(ForStatement, "for_statement")                                                                 \
  X(FuncLiteral, "func_literal")                                                                   \
  X(FunctionDeclaration, "function_declaration")                                                   \
  X(GenericType, "generic_type")                                                                   \
  X(GoStatement, "go_statement")                                                                   \
  X(Identifier, "identifier")                                                                      \
  X(IfStatement, "if_statement")                                                                   \
  X(ImaginaryLiteral, "imaginary_literal")                                                         \
  X(ImplicitLengthArrayType, "implicit_length_array_type")                                         \
  X(ImportDeclaration, "import_declaration")                                                       \
  X(ImportSpec, "import_spec")                                                                     \
  X(ImportSpecList, "import_spec_list")                                                            \
  X(IndexExpression, "index_expression")                                                           \
  X(IntLiteral, "int_literal")                                                                     \
  X(InterfaceType, "interface_type")                                                               \
  X(InterpretedStringLiteral, "interpreted_string_literal")                                        \
  X(InterpretedStringLiteralContent, "interpreted_string_literal_content")                         \
  X(Iota, "iota")                                                                                  \
  X(KeyedElement, "keyed_element")                                                                 \
  X(LabeledStatement, "labeled_statement")                                                         \
  X(LiteralElement, "literal_element")                                                             \
  X(LiteralValue, "literal_value")                                                                 \
  X(MapType, "map_type")                                                                           \
  X(MethodDeclaration, "method_declaration")                                                       \
  X(Nil, "nil")                                                                                    \
  X(PackageIdentifier, "package_identifier")                                                       \
  X(ParameterDeclaration, "parameter_declaration")                                                 \
  X(ParameterList, "parameter_list")                                                               \
  X(ParenthesizedExpression, "parenthesized_expression")                                           \
  X(PointerType, "pointer_type")                                                                   \
  X(QualifiedType, "qualified_type")                                                               \
  X(RangeClause, "range_clause")                                                                   \
  X(RawStringLiteral, "raw_string_literal")                                                        \
  X(RawStringLiteralContent, "raw_string_literal_content")                                         \
  X(ReceiveStatement, "receive_statement")                                                         \
  X(ReturnStatement, "return_statement")                                                           \
  X(RuneLiteral, "rune_literal")                                                                   \
  X(SelectStatement, "select_statement")                                                           \
  X(SelectorExpression, "selector_expression")                                                     \
  X(SendStatement, "send_statement")                                                               \
  X(ShortVarDeclaration, "short_var_declaration")                                                  \
  X(SliceExpression, "slice_expression")                                                           \
  X(SliceType, "slice_type")                                                                       \
  X(StructType, "struct_type")                                                                     \
  X(True, "true")                                                                                  \
  X(TypeAssertionExpression, "type_assertion_expression")                                          \
  X(TypeCase, "type_case")                                                                         \
  X(TypeConversionExpression, "type_conversion_expression")                                        \
  X(TypeDeclaration, "type_declaration")                                                           \
  X(TypeIdentifier, "type_identifier")                                                             \
  X(TypeSpec, "type_spec")                                                                         \
  X(TypeSwitchStatement, "type_switch_statement")                                                  \
  X(UnaryExpression, "unary_expression")                                                           \
  X(VarDeclaration, "var_declaration")                                                             \
  X(VarSpec, "var_spec")                                                                           \
  X(VarSpecList, "var_spec_list")                                                                  \
  X(VariadicArgument, "variadic_argument")                                                         \
  X(VariadicParameterDeclaration, "variadic_parameter_declaration")

enum class Sym : uint8_t {
  Other,
#define GO_ENUM(E, Name) E,
  GO_SYMBOLS(GO_ENUM)
#undef GO_ENUM
};

struct SymInfo {
  Sym Kind = Sym::Other;
  static SymInfo of(std::string_view Name) {
    static constexpr std::pair<std::string_view, Sym> Names[] = {
#define GO_NAME(E, Name) {Name, Sym::E},
        GO_SYMBOLS(GO_NAME)
#undef GO_NAME
    };
    return {walk::kindNamed(Name, Names)};
  }
};

// clang-format off
#define GO_FIELDS(X)                  \
  X(Alias, "alias")                   \
  X(Alternative, "alternative")       \
  X(Arguments, "arguments")           \
  X(Body, "body")                     \
  X(Channel, "channel")               \
  X(Communication, "communication")   \
  X(Condition, "condition")           \
  X(Consequence, "consequence")       \
  X(Field, "field")                   \
  X(Function, "function")             \
  X(Index, "index")                   \
  X(Initializer, "initializer")       \
  X(Key, "key")                       \
  X(Left, "left")                     \
  X(Name, "name")                     \
  X(Operand, "operand")               \
  X(Operator, "operator")             \
  X(Package, "package")               \
  X(Parameters, "parameters")         \
  X(Path, "path")                     \
  X(Receiver, "receiver")             \
  X(Result, "result")                 \
  X(Right, "right")                   \
  X(Tag, "tag")                       \
  X(Type, "type")                     \
  X(Update, "update")                 \
  X(Value, "value")
// clang-format on

struct Grammar {
  walk::SymbolTable<SymInfo> Syms;
  struct FieldIds {
#define GO_FIELD(F, Name) TSFieldId F = 0;
    GO_FIELDS(GO_FIELD)
#undef GO_FIELD
  } Fields;

  explicit Grammar(const TSLanguage *L) : Syms(L, SymInfo::of) {
#define GO_FIELD(F, Name) Fields.F = walk::fieldId(L, Name);
    GO_FIELDS(GO_FIELD)
#undef GO_FIELD
  }
};

const Grammar &grammarOf(TSNode N) { return walk::perLanguage<Grammar>(ts_tree_language(N.tree)); }

bool isNull(TSNode N) { return ts_node_is_null(N); }

using walk::AnyNamed;

/// Appends the character escape \p Esc (`\n`, `\x41`, `\u00e9`, `\101`).
void decodeGoEscape(std::string_view Esc, std::string &Out) {
  if (Esc.size() < 2) {
    Out += Esc;
    return;
  }
  auto Number = [&](size_t From, unsigned Base) {
    return walk::digitsValue(Esc.substr(From), Base);
  };
  switch (char C = Esc[1]) {
  case 'a':
    Out += '\a';
    return;
  case 'b':
    Out += '\b';
    return;
  case 'f':
    Out += '\f';
    return;
  case 'n':
    Out += '\n';
    return;
  case 'r':
    Out += '\r';
    return;
  case 't':
    Out += '\t';
    return;
  case 'v':
    Out += '\v';
    return;
  case 'x': // a byte
    Out += static_cast<char>(Number(2, 16) & 0xFF);
    return;
  case 'u':
  case 'U':
    appendUtf8(Out, Number(2, 16));
    return;
  default:
    if (C >= '0' && C <= '7')
      Out += static_cast<char>(Number(1, 8) & 0xFF);
    else
      Out += C; // \\ \' \"
    return;
  }
}

class Lowerer : public LowererBase<Lowerer, Grammar> {
  using Base = LowererBase<Lowerer, Grammar>;
  friend Base;

public:
  Lowerer(std::string_view Path, std::string_view Src, const LoweringOptions &Opts,
          const Grammar &Gram)
      : Base(Path, Src, Opts, Gram, 16) {}

  std::string stringValue(TSNode S) {
    std::string Out;
    if (kind(S) == Sym::RawStringLiteral) {
      std::string_view V = view(S);
      if (V.size() >= 2)
        V = V.substr(1, V.size() - 2);
      for (char C : V)
        if (C != '\r') // carriage returns are dropped from raw strings
          Out += C;
      return Out;
    }
    for (TSNode P : walk::Children<AnyNamed>(Pool, S, AnyNamed{})) {
      if (kind(P) == Sym::EscapeSequence)
        decodeGoEscape(view(P), Out);
      else
        Out += view(P);
    }
    return Out;
  }

private:
  auto named(TSNode N) { return walk::Children<AnyNamed>(Pool, N, AnyNamed{}); }

  using Base::add;
  using Base::stringLiteral;

  /// Classes by name (a type and the methods of its receivers meet here).
  std::map<std::string, uint32_t, std::less<>> ClassByName;
  /// Classes of the types this file declares.
  std::set<uint32_t> Declared;
  /// Each function's named results, for bare returns.
  std::map<uint32_t, std::vector<std::pair<std::string, ir::Range>>> NamedResults;

  // --- Declarations -----------------------------------------------------

  /// A class made only for the methods of a type another file declares is
  /// marked so, for the engine to join it to that type.
  void finish() {
    for (uint32_t C = 0; C < M.Classes.size(); ++C)
      M.Classes[C].DeclaredElsewhere = !Declared.count(C);
  }

  void block(TSNode Block, uint32_t F) {
    if (!ViperScanned) { // the first block is the file
      ViperScanned = true;
      scanViper(Block);
      scanStructLoaders(Block);
    }
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Block);
    for (TSNode S : named(Block))
      statement(S, F);
  }

  void importSpec(TSNode Spec, uint32_t F) {
    TSNode Path = field(Spec, Fld.Path);
    if (isNull(Path))
      return;
    ir::Import I;
    I.Module = stringValue(Path);
    I.Scope = F;
    I.Where = range(Spec);
    TSNode Name = field(Spec, Fld.Name);
    if (!isNull(Name)) {
      Sym K = kind(Name);
      if (K == Sym::BlankIdentifier)
        return; // imported for its side effects
      if (K == Sym::Dot)
        I.Name = ir::AllNames;
      else
        I.Alias = text(Name);
    } else {
      I.Alias = goPackageName(I.Module);
    }
    M.Imports.push_back(std::move(I));
  }

  /// The class named \p Name, made on first mention (by its declaration or
  /// by a method's receiver).
  uint32_t classNamed(const std::string &Name, TSNode At) {
    if (auto It = ClassByName.find(Name); It != ClassByName.end())
      return It->second;
    uint32_t Index = newClass(Name, range(At), 0);
    ClassByName.emplace(Name, Index);
    return Index;
  }

  void typeSpec(TSNode Spec) {
    TSNode Name = field(Spec, Fld.Name), Type = field(Spec, Fld.Type);
    if (isNull(Name) || isNull(Type))
      return;
    Sym TK = kind(Type);
    if (TK != Sym::StructType && TK != Sym::InterfaceType)
      return; // named basic, slice, map and function types hold no fields
    uint32_t C = classNamed(text(Name), Name);
    M.Classes[C].Where = range(Spec);
    M.Classes[C].NameWhere = range(Name);
    // The type's name is bound in the package's scope (a class made for the
    // receivers of methods whose type is declared in another file is not).
    bindClass(C, range(Name));
    Declared.insert(C);
    if (TK == Sym::StructType)
      structFields(Type, C);
  }

  /// The fields of a struct: declared in the class body, bases for the
  /// embedded ones, and a constructor taking them for composite literals.
  void structFields(TSNode Struct, uint32_t C) {
    uint32_t BodyFn = M.Classes[C].Body;
    std::vector<std::pair<std::string, ir::Range>> Fields;
    /// Each named field's declaration in the body and tag.
    std::vector<std::pair<size_t, std::string>> Tagged;
    for (TSNode List : named(Struct)) {
      if (kind(List) != Sym::FieldDeclarationList)
        continue;
      for (TSNode D : named(List)) {
        if (kind(D) != Sym::FieldDeclaration)
          continue;
        TSNode Type = field(D, Fld.Type), Tag = field(D, Fld.Tag);
        std::string Annotation = text(Type);
        if (!isNull(Tag))
          Annotation += " " + text(Tag);
        bool Named = false;
        for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, D, AnyNamed{})) {
          if (Ch.Field != Fld.Name)
            continue;
          Named = true;
          ir::Assignment A;
          A.Lhs.K = ir::Target::Name;
          A.Lhs.Text = text(Ch.Node);
          A.Lhs.Where = range(Ch.Node);
          A.Annotation = Annotation;
          fn(BodyFn).Assignments.push_back(std::move(A));
          Tagged.push_back(
              {fn(BodyFn).Assignments.size() - 1, isNull(Tag) ? std::string() : stringValue(Tag)});
          Fields.push_back({text(Ch.Node), range(Ch.Node)});
        }
        if (!Named && !isNull(Type)) {
          // An embedded type: its fields and methods are promoted.
          NodeId B = typeExpr(Type);
          M.Classes[C].Bases.push_back(B);
          std::string_view Short = M.Nodes[B].Text;
          Fields.push_back({std::string(Short), range(Type)});
        }
      }
    }
    fieldConstructor(C, Fields, "<self>");
    environmentTags(C, Tagged);
  }

  /// A struct whose fields carry `env:"NAME"` tags (caarlos0/env) or
  /// `envconfig:"NAME"` ones (kelseyhightower/envconfig) is filled from the
  /// environment: it gets the base `struct-tags.env` or
  /// `struct-tags.envconfig`, which the models make a settings base, and
  /// each field it reads a maker call `struct-tags.field(default,
  /// alias="NAME")` as its value. caarlos0 reads tagged fields only;
  /// envconfig every exported field, by default under its name.
  void environmentTags(uint32_t C, const std::vector<std::pair<size_t, std::string>> &Tagged) {
    bool Env = false, EnvConfig = false;
    for (const auto &[Index, Tag] : Tagged) {
      Env |= goTagValue(Tag, "env").has_value();
      EnvConfig |= goTagValue(Tag, "envconfig").has_value();
    }
    if (!Env && !EnvConfig) {
      if (auto It = ViperStructs.find(M.Classes[C].Name); It != ViperStructs.end())
        viperFields(C, Tagged, Viper->Instances[It->second]);
      return;
    }
    const std::vector<ir::Assignment> &Body = fn(M.Classes[C].Body).Assignments;
    std::vector<EnvironmentField> Fields;
    std::string Prefix;
    if (auto It = LoaderPrefixes.find(M.Classes[C].Name); It != LoaderPrefixes.end())
      Prefix = It->second;
    for (const auto &[Index, Tag] : Tagged) {
      EnvironmentField F{Index, goTagValue(Tag, Env ? "env" : "envconfig"),
                         goTagValue(Tag, Env ? "envDefault" : "default")};
      if (F.Variable)
        *F.Variable = F.Variable->substr(0, F.Variable->find(','));
      if (F.Variable && F.Variable->empty())
        F.Variable.reset();
      const std::string &Field = Body[Index].Lhs.Text;
      if (!Env) {
        // envconfig sets every exported field, under the upper-cased
        // `PREFIX_KEY` (the key: the tag, or the field's name), and for a
        // tagged field falls back to the tag alone.
        if (Field.empty() || !std::isupper(static_cast<unsigned char>(Field[0]))) {
          F.Variable.reset();
        } else {
          bool HasTag = F.Variable.has_value();
          std::string Key = HasTag                                     ? *F.Variable
                            : goTagValue(Tag, "split_words") == "true" ? upperSnake(Field)
                                                                       : Field;
          F.Variable = asciiUpper(Prefix.empty() ? Key : Prefix + "_" + Key);
          if (HasTag && !Prefix.empty())
            F.Aliases.push_back(asciiUpper(Key));
        }
      } else if (F.Variable) {
        F.Variable = Prefix + *F.Variable; // caarlos0/env: Options.Prefix, as written
      }
      Fields.push_back(std::move(F));
    }
    environmentFields(C, Env ? "struct-tags.env" : "struct-tags.envconfig", "struct-tags.field",
                      Fields);
  }

  /// `RPCURL` -> `RPCURL`, `RpcUrl` -> `RPC_URL` (envconfig's split_words).
  static std::string upperSnake(const std::string &Name) {
    std::string Out;
    for (size_t I = 0; I < Name.size(); ++I) {
      unsigned char Ch = static_cast<unsigned char>(Name[I]);
      bool Upper = std::isupper(Ch);
      bool NextLower = I + 1 < Name.size() && std::islower(static_cast<unsigned char>(Name[I + 1]));
      bool PrevLower = I > 0 && std::islower(static_cast<unsigned char>(Name[I - 1]));
      if (I > 0 && Upper && (PrevLower || NextLower) && Out.back() != '_')
        Out += '_';
      Out += static_cast<char>(std::toupper(Ch));
    }
    return Out;
  }

  /// The name of the type a receiver or embedded field names (`*T`,
  /// `T[K]`, `pkg.T`).
  std::string typeName(TSNode T) {
    while (!isNull(T)) {
      switch (kind(T)) {
      case Sym::PointerType:
        T = ts_node_named_child(T, 0);
        continue;
      case Sym::GenericType:
        T = field(T, Fld.Type);
        continue;
      case Sym::QualifiedType:
        T = field(T, Fld.Name);
        continue;
      case Sym::TypeIdentifier:
      case Sym::Identifier:
        return text(T);
      default:
        return "";
      }
    }
    return "";
  }

  /// A type as a value: the class or package member it names.
  NodeId typeExpr(TSNode T) {
    if (isNull(T))
      return add(NodeKind::Unknown, ir::Range{});
    switch (kind(T)) {
    case Sym::PointerType:
    case Sym::ParenthesizedExpression:
      if (ts_node_named_child_count(T))
        return typeExpr(ts_node_named_child(T, 0));
      break;
    case Sym::GenericType:
      return typeExpr(field(T, Fld.Type));
    case Sym::QualifiedType: {
      TSNode Pkg = field(T, Fld.Package), Name = field(T, Fld.Name);
      NodeId P = add(NodeKind::Name, Pkg, view(Pkg));
      return add(NodeKind::Attribute, T, view(Name), {P});
    }
    case Sym::TypeIdentifier:
    case Sym::Identifier:
      return add(NodeKind::Name, T, view(T));
    default:
      break;
    }
    return add(NodeKind::Unknown, T);
  }

  /// A function or method declaration, or a function literal (\p Parent is
  /// its enclosing function); returns its index.
  uint32_t function(TSNode Def, uint32_t Parent, bool Literal) {
    ir::Function Fn;
    TSNode Name = field(Def, Fld.Name);
    Fn.Name = isNull(Name) ? "<func>" : text(Name);
    Fn.NameWhere = isNull(Name) ? range(Def) : range(Name);
    Fn.Where = range(Def);
    Fn.Parent = Literal ? static_cast<int>(Parent) : -1;
    int Class = -1;
    TSNode Receiver = field(Def, Fld.Receiver);
    if (!isNull(Receiver))
      for (TSNode P : named(Receiver))
        if (kind(P) == Sym::ParameterDeclaration)
          if (std::string T = typeName(field(P, Fld.Type)); !T.empty())
            Class = static_cast<int>(classNamed(T, field(P, Fld.Type)));
    Fn.Class = Class;
    Fn.QualifiedName = Class >= 0 ? M.Classes[static_cast<size_t>(Class)].Name + "." + Fn.Name
                       : Literal && Parent != 0 ? fn(Parent).QualifiedName + "." + Fn.Name
                                                : Fn.Name;
    M.Functions.push_back(std::move(Fn));
    uint32_t Index = static_cast<uint32_t>(M.Functions.size() - 1);
    if (Class >= 0) {
      M.Classes[static_cast<size_t>(Class)].Methods.push_back(Index);
      // The receiver is the first parameter; one without a name still
      // takes the place.
      parameters(Receiver, Index, /*IsReceiver=*/true);
    }
    parameters(field(Def, Fld.Parameters), Index, false);
    TSNode Result = field(Def, Fld.Result);
    if (!isNull(Result) && kind(Result) == Sym::ParameterList)
      for (TSNode P : named(Result))
        for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, P, AnyNamed{}))
          if (Ch.Field == Fld.Name)
            NamedResults[Index].push_back({text(Ch.Node), range(Ch.Node)});
    if (TSNode Body = field(Def, Fld.Body); !isNull(Body))
      block(Body, Index);
    if (!Literal && Class < 0) {
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = fn(Index).Name;
      A.Lhs.Where = fn(Index).NameWhere;
      A.Value = ref(NodeKind::Function, fn(Index).NameWhere, fn(Index).Name, Index);
      // `init` runs when the package loads (there may be several).
      if (fn(Index).Name == "init")
        evaluated(0, add(NodeKind::Call, fn(Index).NameWhere, {}, {A.Value}));
      else
        fn(0).Assignments.push_back(std::move(A));
    }
    return Index;
  }

  void parameters(TSNode List, uint32_t F, bool IsReceiver) {
    if (isNull(List))
      return;
    for (TSNode P : named(List)) {
      Sym K = kind(P);
      if (K != Sym::ParameterDeclaration && K != Sym::VariadicParameterDeclaration)
        continue;
      TSNode Type = field(P, Fld.Type);
      bool Named = false;
      for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, P, AnyNamed{})) {
        if (Ch.Field != Fld.Name)
          continue;
        Named = true;
        ir::Parameter Out;
        Out.Name = text(Ch.Node);
        Out.Where = range(Ch.Node);
        Out.Annotation = text(Type);
        Out.Star = K == Sym::VariadicParameterDeclaration;
        fn(F).Params.push_back(std::move(Out));
      }
      if (!Named) {
        ir::Parameter Out;
        Out.Name = (IsReceiver ? "<receiver>" : "<unnamed>") + std::to_string(fn(F).Params.size());
        Out.Where = range(P);
        Out.Annotation = text(Type);
        Out.Star = K == Sym::VariadicParameterDeclaration;
        fn(F).Params.push_back(std::move(Out));
      }
    }
  }

  /// `var`/`const` specs: names = values, pairwise or taken apart.
  void valueSpec(TSNode Spec, uint32_t F) {
    std::vector<TSNode> Names;
    TSNode Values{};
    for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, Spec, AnyNamed{})) {
      if (Ch.Field == Fld.Name)
        Names.push_back(Ch.Node);
      else if (Ch.Field == Fld.Value)
        Values = Ch.Node;
    }
    if (isNull(Values)) {
      // The zero value of a named struct type is an instance of it (`var c
      // Config` before `envconfig.Process("", &c)`); other zero values
      // carry nothing.
      TSNode Type = field(Spec, Fld.Type);
      if (isNull(Type) || (kind(Type) != Sym::TypeIdentifier && kind(Type) != Sym::QualifiedType) ||
          (kind(Type) == Sym::TypeIdentifier && predeclaredType(view(Type))))
        return;
      for (TSNode N : Names) {
        ir::Assignment A;
        A.Lhs = nameTarget(N);
        A.Value = add(NodeKind::Call, Type, {}, {typeExpr(Type)});
        A.Annotation = text(Type);
        fn(F).Assignments.push_back(std::move(A));
      }
      return;
    }
    std::vector<ir::Target> Targets;
    for (TSNode N : Names)
      Targets.push_back(nameTarget(N));
    assign(std::move(Targets), Values, F, std::string(view(field(Spec, Fld.Type))));
  }

  /// Whether the values of the const spec \p Spec are numbers alone:
  /// number and rune literals, `iota`, and operators and parentheses over
  /// them (`1 << iota`, `0x26`, `-(2 * 3)`). Read from the text. Such a
  /// package constant is not lowered: it holds nothing a source, sink or
  /// check reads, and Go's symbol tables (syscall numbers, error codes)
  /// hold tens of thousands of them.
  bool numericConstants(TSNode Spec) {
    TSNode Values{};
    for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, Spec, AnyNamed{}))
      if (Ch.Field == Fld.Value)
        Values = Ch.Node;
    if (isNull(Values))
      return false; // repeats the spec before it, which was lowered
    std::string_view T = view(Values);
    size_t I = 0, N = T.size();
    while (I < N) {
      char C = T[I];
      if (C == '/' && I + 1 < N && (T[I + 1] == '/' || T[I + 1] == '*'))
        return false; // a comment inside the values: rare, not worth reading
      if (std::string_view(" \t\r\n,()+-*/%<>&|^~!").find(C) != std::string_view::npos) {
        ++I;
      } else if (numberAt(T, I)) {
        I = numberEnd(T, I);
      } else if (C == '\'') {
        if ((I = runeEnd(T, I)) == std::string_view::npos)
          return false;
      } else if (T.substr(I, 4) == "iota" && (I + 4 == N || !wordChar(T[I + 4]))) {
        I += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  /// The field of a selector `x.f`, the commonest node with fields: the
  /// identifier its text ends with, read without walking its children (a
  /// field lookup steps through `x` and `.` to reach it). The token before
  /// the field is `.`, white space or a comment's closing `/`, none of which
  /// an identifier holds. A node with errors is looked up.
  std::string_view selectorField(TSNode Sel) {
    if (ts_node_has_error(Sel))
      return view(field(Sel, Fld.Field));
    std::string_view T = view(Sel);
    size_t I = T.size();
    auto Identifier = [](unsigned char C) {
      return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || (C >= '0' && C <= '9') ||
             C == '_' || C >= 0x80; // letters beyond ASCII are UTF-8
    };
    while (I > 0 && Identifier(static_cast<unsigned char>(T[I - 1])))
      --I;
    return T.substr(I);
  }

  /// Go's predeclared basic types, whose zero values carry nothing.
  static bool predeclaredType(std::string_view T) {
    static const std::set<std::string_view> Basic = {
        "bool", "string", "int",    "int8",    "int16",   "int32",     "int64",
        "uint", "uint8",  "uint16", "uint32",  "uint64",  "uintptr",   "byte",
        "rune", "error",  "any",    "float32", "float64", "complex64", "complex128"};
    return Basic.count(T) > 0;
  }

  ir::Target nameTarget(TSNode N) {
    ir::Target T;
    T.K = ir::Target::Name;
    T.Text = text(N);
    T.Where = range(N);
    return T;
  }

  /// `if v == "" { v = d }` (no else): v's fallback, lowered as
  /// `v = v || d` so that d is seen as the value v stands in for.
  bool emptyFallback(TSNode If, uint32_t F) {
    TSNode Cond = field(If, Fld.Condition), Body = field(If, Fld.Consequence);
    if (!isNull(field(If, Fld.Alternative)) || isNull(Cond) || isNull(Body) ||
        kind(Cond) != Sym::BinaryExpression || view(field(Cond, Fld.Operator)) != "==")
      return false;
    TSNode L = field(Cond, Fld.Left), R = field(Cond, Fld.Right);
    auto Empty = [&](TSNode N) { return !isNull(N) && (view(N) == "\"\"" || view(N) == "``"); };
    TSNode Var = Empty(R) ? L : Empty(L) ? R : TSNode{};
    if (isNull(Var))
      return false;
    std::vector<TSNode> Stmts;
    for (TSNode St : named(Body))
      if (kind(St) != Sym::Comment)
        Stmts.push_back(St);
    if (Stmts.size() != 1 || kind(Stmts[0]) != Sym::AssignmentStatement ||
        view(field(Stmts[0], Fld.Operator)) != "=")
      return false;
    TSNode Left = field(Stmts[0], Fld.Left), Right = field(Stmts[0], Fld.Right);
    if (isNull(Left) || isNull(Right) || ts_node_named_child_count(Left) != 1 ||
        ts_node_named_child_count(Right) != 1 || view(ts_node_named_child(Left, 0)) != view(Var))
      return false;
    ir::Assignment A;
    A.Lhs = target(ts_node_named_child(Left, 0), F);
    NodeId Old = targetValue(A.Lhs);
    A.Value = add(NodeKind::Choice, Stmts[0], {}, {Old, expr(ts_node_named_child(Right, 0), F)});
    M.Nodes[A.Value].Op = ir::Op::Fallback;
    fn(F).Assignments.push_back(std::move(A));
    return true;
  }

  /// Targets = the expressions of \p Values: pairwise when the counts
  /// agree, else one value (a call's results) taken apart.
  void assign(std::vector<ir::Target> Targets, TSNode Values, uint32_t F,
              const std::string &Annotation = {}, std::string_view Operator = "=") {
    std::vector<TSNode> Vs;
    if (kind(Values) == Sym::ExpressionList)
      for (TSNode V : named(Values))
        Vs.push_back(V);
    else
      Vs.push_back(Values);
    auto Push = [&](ir::Target T, NodeId V) {
      if (T.K == ir::Target::Name && T.Text == "_")
        return evaluated(F, V); // `_ = f(x)` still calls f
      if (Operator != "=" && Operator != ":=") {
        // `x += v` is `x = x + v`; other operators compute numbers.
        NodeId Old = targetValue(T);
        V = add(Operator == "+=" ? NodeKind::StringBuild : NodeKind::Unknown, M.Nodes[V].Where, {},
                {Old, V});
      }
      ir::Assignment A;
      A.Lhs = std::move(T);
      A.Value = V;
      A.Annotation = Annotation;
      fn(F).Assignments.push_back(std::move(A));
    };
    if (Targets.size() == Vs.size()) {
      std::vector<NodeId> Lowered;
      for (TSNode V : Vs)
        Lowered.push_back(expr(V, F));
      for (size_t I = 0; I < Targets.size(); ++I)
        Push(std::move(Targets[I]), Lowered[I]);
      return;
    }
    if (Vs.size() != 1 || Targets.empty())
      return;
    ir::Target Tuple;
    Tuple.K = ir::Target::Tuple;
    Tuple.Where = range(Values);
    Tuple.Elements = std::move(Targets);
    ir::Assignment A;
    A.Lhs = std::move(Tuple);
    A.Value = expr(Vs.front(), F);
    fn(F).Assignments.push_back(std::move(A));
  }

  NodeId targetValue(const ir::Target &T) {
    switch (T.K) {
    case ir::Target::Name:
      return add(NodeKind::Name, T.Where, T.Text);
    case ir::Target::Attribute:
      return add(NodeKind::Attribute, T.Where, T.Text, {T.Object});
    case ir::Target::Subscript:
      return add(NodeKind::Subscript, T.Where, {}, {T.Object, T.Key});
    case ir::Target::Tuple:
      break;
    }
    return add(NodeKind::Unknown, T.Where);
  }

  std::vector<ir::Target> targets(TSNode List, uint32_t F) {
    std::vector<ir::Target> Out;
    if (isNull(List))
      return Out;
    if (kind(List) != Sym::ExpressionList) {
      Out.push_back(target(List, F));
      return Out;
    }
    for (TSNode E : named(List))
      Out.push_back(target(E, F));
    return Out;
  }

  ir::Target target(TSNode N, uint32_t F) {
    ir::Target T;
    T.Where = range(N);
    switch (kind(N)) {
    case Sym::SelectorExpression:
      T.K = ir::Target::Attribute;
      T.Object = expr(field(N, Fld.Operand), F);
      T.Text = text(field(N, Fld.Field));
      return T;
    case Sym::IndexExpression:
      T.K = ir::Target::Subscript;
      T.Object = expr(field(N, Fld.Operand), F);
      T.Key = expr(field(N, Fld.Index), F);
      return T;
    case Sym::UnaryExpression: // `*p = v`
    case Sym::ParenthesizedExpression:
      if (TSNode Inner =
              isNull(field(N, Fld.Operand)) ? ts_node_named_child(N, 0) : field(N, Fld.Operand);
          !isNull(Inner))
        return target(Inner, F);
      break;
    default:
      break;
    }
    T.K = ir::Target::Name;
    T.Text = text(N);
    return T;
  }

  // --- Statements -------------------------------------------------------

  void statement(TSNode S, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(S);
    switch (kind(S)) {
    case Sym::ImportDeclaration:
      for (TSNode Ch : named(S)) {
        if (kind(Ch) == Sym::ImportSpec)
          importSpec(Ch, F);
        else if (kind(Ch) == Sym::ImportSpecList)
          for (TSNode Spec : named(Ch))
            if (kind(Spec) == Sym::ImportSpec)
              importSpec(Spec, F);
      }
      return;
    case Sym::FunctionDeclaration:
    case Sym::MethodDeclaration:
      function(S, F, false);
      return;
    case Sym::TypeDeclaration:
      for (TSNode Spec : named(S))
        if (kind(Spec) == Sym::TypeSpec)
          typeSpec(Spec);
      return;
    case Sym::VarDeclaration:
    case Sym::ConstDeclaration:
      for (TSNode Spec : named(S)) {
        Sym K = kind(Spec);
        if (K == Sym::ConstSpec && F == 0 && numericConstants(Spec))
          continue;
        if (K == Sym::VarSpec || K == Sym::ConstSpec)
          valueSpec(Spec, F);
        else if (K == Sym::VarSpecList)
          for (TSNode Inner : named(Spec))
            if (kind(Inner) == Sym::VarSpec)
              valueSpec(Inner, F);
      }
      return;
    case Sym::ShortVarDeclaration:
    case Sym::AssignmentStatement: {
      TSNode Left = field(S, Fld.Left), Right = field(S, Fld.Right);
      if (isNull(Left) || isNull(Right))
        return;
      TSNode Op = field(S, Fld.Operator);
      assign(targets(Left, F), Right, F, {}, isNull(Op) ? ":=" : view(Op));
      return;
    }
    case Sym::ReceiveStatement: { // `v, ok := <-ch` in a select
      TSNode Left = field(S, Fld.Left), Right = field(S, Fld.Right);
      if (isNull(Right))
        return;
      if (isNull(Left))
        evaluated(F, expr(Right, F));
      else
        assign(targets(Left, F), Right, F);
      return;
    }
    case Sym::SendStatement: { // `ch <- v`: v flows into ch
      TSNode Ch = field(S, Fld.Channel), V = field(S, Fld.Value);
      if (isNull(Ch) || isNull(V))
        return;
      ir::Assignment A;
      A.Lhs = target(Ch, F);
      A.Value = add(NodeKind::Choice, S, {}, {targetValue(A.Lhs), expr(V, F)});
      fn(F).Assignments.push_back(std::move(A));
      return;
    }
    case Sym::ExpressionStatement:
    case Sym::GoStatement:
    case Sym::DeferStatement:
      for (TSNode E : named(S))
        evaluated(F, expr(E, F));
      return;
    case Sym::ReturnStatement:
      returnStatement(S, F);
      return;
    case Sym::IfStatement:
      if (TSNode I = field(S, Fld.Initializer); !isNull(I))
        statement(I, F);
      if (TSNode C = field(S, Fld.Condition); !isNull(C))
        evaluated(F, expr(C, F));
      if (emptyFallback(S, F))
        return;
      if (TSNode B = field(S, Fld.Consequence); !isNull(B))
        block(B, F);
      if (TSNode A = field(S, Fld.Alternative); !isNull(A))
        statement(A, F);
      return;
    case Sym::ForStatement:
      for (TSNode Ch : named(S)) {
        switch (kind(Ch)) {
        case Sym::ForClause:
          for (TSNode Part : {field(Ch, Fld.Initializer), field(Ch, Fld.Update)})
            if (!isNull(Part))
              statement(Part, F);
          if (TSNode C = field(Ch, Fld.Condition); !isNull(C))
            evaluated(F, expr(C, F));
          break;
        case Sym::RangeClause: {
          // Keys and elements both come from what is ranged over.
          TSNode Left = field(Ch, Fld.Left), Right = field(Ch, Fld.Right);
          if (isNull(Right))
            break;
          NodeId Over = expr(Right, F);
          for (ir::Target &T : targets(Left, F)) {
            if (T.K == ir::Target::Name && T.Text == "_")
              continue;
            ir::Assignment A;
            A.Lhs = std::move(T);
            A.Value = Over;
            A.Iteration = true;
            fn(F).Assignments.push_back(std::move(A));
          }
          if (isNull(Left))
            evaluated(F, Over);
          break;
        }
        case Sym::Block:
          block(Ch, F);
          break;
        default:
          evaluated(F, expr(Ch, F)); // `for cond {`
          break;
        }
      }
      return;
    case Sym::ExpressionSwitchStatement:
    case Sym::TypeSwitchStatement:
    case Sym::SelectStatement:
      switchStatement(S, F);
      return;
    case Sym::Block:
      block(S, F);
      return;
    case Sym::LabeledStatement:
    case Sym::Error:
      for (TSNode Ch : named(S))
        statement(Ch, F);
      return;
    default:
      return; // package clause, inc/dec, break, continue, goto, comments
    }
  }

  void returnStatement(TSNode S, uint32_t F) {
    std::vector<NodeId> Values;
    for (TSNode List : named(S)) {
      if (kind(List) == Sym::ExpressionList)
        for (TSNode V : named(List))
          Values.push_back(expr(V, F));
      else
        Values.push_back(expr(List, F));
    }
    if (Values.empty())
      if (auto It = NamedResults.find(F); It != NamedResults.end())
        for (auto &[Name, Where] : It->second)
          Values.push_back(add(NodeKind::Name, Where, Name));
    if (Values.empty())
      return;
    if (Values.size() == 1) {
      fn(F).Returns.push_back(Values.front());
      return;
    }
    NodeId T = add(NodeKind::Container, S);
    for (NodeId V : Values)
      M.Nodes[T].Args.push_back({"", V});
    fn(F).Returns.push_back(T);
  }

  void switchStatement(TSNode S, uint32_t F) {
    if (TSNode I = field(S, Fld.Initializer); !isNull(I))
      statement(I, F);
    NodeId Value = NoNode;
    if (TSNode V = field(S, Fld.Value); !isNull(V)) {
      Value = expr(V, F);
      evaluated(F, Value);
    }
    // `switch v := x.(type)`: v is x in every case.
    if (TSNode Alias = field(S, Fld.Alias); !isNull(Alias) && Value != NoNode)
      for (ir::Target &T : targets(Alias, F)) {
        ir::Assignment A;
        A.Lhs = std::move(T);
        A.Value = Value;
        fn(F).Assignments.push_back(std::move(A));
      }
    for (TSNode Case : named(S)) {
      Sym K = kind(Case);
      if (K != Sym::ExpressionCase && K != Sym::TypeCase && K != Sym::DefaultCase &&
          K != Sym::CommunicationCase)
        continue;
      for (walk::FieldedChild Ch : walk::Children<AnyNamed, true>(Pool, Case, AnyNamed{})) {
        if (Ch.Field == Fld.Type)
          continue;
        if (Ch.Field == Fld.Value) {
          for (TSNode V : named(Ch.Node))
            evaluated(F, expr(V, F));
          continue;
        }
        statement(Ch.Node, F);
      }
    }
  }

  // --- Expressions ------------------------------------------------------

  NodeId expr(TSNode N, uint32_t F) {
    if (isNull(N))
      return add(NodeKind::Unknown, ir::Range{});
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return add(NodeKind::Unknown, N);
    }
    switch (kind(N)) {
    case Sym::Identifier:
      return add(NodeKind::Name, N, view(N));
    case Sym::InterpretedStringLiteral:
    case Sym::RawStringLiteral:
      return stringLiteral(N, stringValue(N));
    case Sym::True:
      return literal(N, ir::Op::True);
    case Sym::False:
      return literal(N, ir::Op::False);
    case Sym::Nil:
      return literal(N, ir::Op::NoValue);
    case Sym::IntLiteral:
    case Sym::FloatLiteral:
    case Sym::ImaginaryLiteral:
    case Sym::RuneLiteral:
    case Sym::Iota:
      return literal(N);
    case Sym::SelectorExpression: {
      NodeId O = expr(field(N, Fld.Operand), F);
      return add(NodeKind::Attribute, N, selectorField(N), {O});
    }
    case Sym::IndexExpression: {
      NodeId O = expr(field(N, Fld.Operand), F);
      NodeId I = expr(field(N, Fld.Index), F);
      return add(NodeKind::Subscript, N, {}, {O, I});
    }
    case Sym::CallExpression:
      return call(N, F);
    case Sym::CompositeLiteral:
      return composite(N, F);
    case Sym::FuncLiteral: {
      uint32_t Index = function(N, F, true);
      return ref(NodeKind::Function, range(N), fn(Index).Name, Index);
    }
    case Sym::BinaryExpression: {
      NodeId L = expr(field(N, Fld.Left), F);
      NodeId R = expr(field(N, Fld.Right), F);
      std::string_view Op = view(field(N, Fld.Operator));
      if (Op == "+")
        return add(NodeKind::StringBuild, N, "+", {L, R});
      NodeId U = add(NodeKind::Unknown, N, Op, {L, R});
      if (Op == "==" || Op == "!=" || Op == "<" || Op == "<=" || Op == ">" || Op == ">=")
        M.Nodes[U].Op = ir::Op::Comparison;
      return U;
    }
    case Sym::UnaryExpression: {
      NodeId O = expr(field(N, Fld.Operand), F);
      std::string_view Op = view(field(N, Fld.Operator));
      if (Op == "&" || Op == "*" || Op == "<-")
        return add(NodeKind::PassThrough, N, Op, {O});
      return add(NodeKind::Unknown, N, Op, {O});
    }
    case Sym::ParenthesizedExpression:
      if (ts_node_named_child_count(N))
        return add(NodeKind::PassThrough, N, {}, {expr(ts_node_named_child(N, 0), F)});
      break;
    case Sym::SliceExpression:
    case Sym::TypeAssertionExpression:
    case Sym::TypeConversionExpression:
      return add(NodeKind::PassThrough, N, {}, {expr(field(N, Fld.Operand), F)});
    case Sym::TypeIdentifier:
    case Sym::QualifiedType:
    case Sym::GenericType:
    case Sym::PointerType:
      return typeExpr(N);
    case Sym::LiteralValue: // an element of a composite literal, type elided
      return elements(N, F, NodeKind::Container);
    case Sym::LiteralElement:
      if (ts_node_named_child_count(N))
        return expr(ts_node_named_child(N, 0), F);
      break;
    default:
      break;
    }
    return add(NodeKind::Unknown, N);
  }

  NodeId call(TSNode N, uint32_t F) {
    TSNode Callee = field(N, Fld.Function), Args = field(N, Fld.Arguments);
    // `new(T)` makes a T.
    if (!isNull(Callee) && kind(Callee) == Sym::Identifier && view(Callee) == "new" &&
        !isNull(Args) && ts_node_named_child_count(Args) == 1)
      return add(NodeKind::Call, N, {}, {typeExpr(ts_node_named_child(Args, 0))});
    if (Viper)
      if (std::optional<NodeId> Read = viperRead(N, F))
        return *Read;
    NodeId C = expr(Callee, F);
    NodeId Out = add(NodeKind::Call, N, {}, {C});
    if (isNull(Args))
      return Out;
    std::vector<ir::Argument> Lowered;
    for (TSNode A : named(Args)) {
      ir::Argument Arg;
      if (kind(A) == Sym::VariadicArgument) {
        Arg.Spread = true;
        Arg.Value = ts_node_named_child_count(A) ? expr(ts_node_named_child(A, 0), F)
                                                 : add(NodeKind::Unknown, A);
      } else {
        Arg.Value = expr(A, F);
        Arg.StringLiteral = M.Nodes[Arg.Value].isString();
      }
      Lowered.push_back(std::move(Arg));
    }
    M.Nodes[Out].Args = std::move(Lowered);
    return Out;
  }

  // --- viper ------------------------------------------------------------

  /// How one viper instance reads the environment.
  struct ViperConfig {
    bool Automatic = false; ///< AutomaticEnv()
    std::string Prefix;     ///< SetEnvPrefix
    /// SetEnvKeyReplacer(strings.NewReplacer(old, new, ...)).
    std::vector<std::pair<std::string, std::string>> Replace;
    /// BindEnv: key -> variable ("" when viper derives it).
    std::map<std::string, std::string> Bound;
    /// SetDefault: key -> a literal value.
    std::map<std::string, std::string> Defaults;
  };
  /// How the file uses viper (github.com/spf13/viper): the names that hold
  /// an instance (the package's name and GetViper() values hold the global
  /// one, "", a viper.New() value its own) and each instance's set-up.
  struct ViperRules {
    std::map<std::string, std::string, std::less<>> Receivers;
    std::map<std::string, ViperConfig> Instances;
  };
  std::optional<ViperRules> Viper;
  bool ViperScanned = false;
  /// Structs viper's Unmarshal fills (by type name): the instance.
  std::map<std::string, std::string, std::less<>> ViperStructs;
  /// Unmarshal calls found by the scan: the instance, the value filled.
  std::vector<std::pair<std::string, TSNode>> ViperUnmarshals;

  /// The prefix a struct loader reads each struct type of this file with
  /// (by the type's name; the first call decides): envconfig's
  /// `Process("app", &v)` (keys become `APP_KEY`) or caarlos0/env's
  /// `ParseWithOptions(&v, env.Options{Prefix: "APP_"})` (prepended as is).
  std::map<std::string, std::string, std::less<>> LoaderPrefixes;

  /// The string value of key \p Key in a composite literal `T{Key: "v"}`.
  std::optional<std::string> literalField(TSNode Literal, std::string_view Key) {
    if (isNull(Literal) || kind(Literal) != Sym::CompositeLiteral)
      return std::nullopt;
    TSNode Body = field(Literal, Fld.Body);
    if (isNull(Body))
      return std::nullopt;
    for (TSNode E : named(Body)) {
      if (kind(E) != Sym::KeyedElement || ts_node_named_child_count(E) != 2)
        continue;
      TSNode K = ts_node_named_child(E, 0), V = ts_node_named_child(E, 1);
      if (kind(K) == Sym::LiteralElement && ts_node_named_child_count(K))
        K = ts_node_named_child(K, 0);
      if (kind(V) == Sym::LiteralElement && ts_node_named_child_count(V))
        V = ts_node_named_child(V, 0);
      if (view(K) == Key && isStringLiteral(V))
        return stringValue(V);
    }
    return std::nullopt;
  }

  /// Finds the file's struct loaders called with a literal prefix and the
  /// struct type of the variable they fill (`var c T`, `c := T{}`, `c :=
  /// &T{}`, or `&T{}` in the call): envconfig's Process / MustProcess and
  /// caarlos0/env's ParseWithOptions.
  void scanStructLoaders(TSNode Root) {
    static constexpr std::string_view Envconfig = "github.com/kelseyhightower/envconfig";
    static constexpr std::string_view Caarlos = "github.com/caarlos0/env";
    if (Source.find(Envconfig) == std::string_view::npos &&
        Source.find(Caarlos) == std::string_view::npos)
      return;
    std::set<std::string, std::less<>> EnvconfigNames, CaarlosNames;
    // The package name used, the prefix, the value filled.
    std::vector<std::tuple<std::string, std::string, TSNode>> Calls;
    walk::preorder(Root, [&](TSNode N) {
      Sym K = kind(N);
      if (K == Sym::ImportSpec) {
        TSNode Path = field(N, Fld.Path), Name = field(N, Fld.Name);
        if (!isStringLiteral(Path))
          return true;
        std::string P = stringValue(Path);
        bool IsCaarlos = P == Caarlos || P.starts_with(std::string(Caarlos) + "/v");
        if (P == Envconfig)
          EnvconfigNames.insert(isNull(Name) ? std::string("envconfig") : text(Name));
        else if (IsCaarlos)
          CaarlosNames.insert(isNull(Name) ? std::string("env") : text(Name));
      } else if (K == Sym::CallExpression) {
        TSNode Callee = field(N, Fld.Function), Args = field(N, Fld.Arguments);
        if (isNull(Callee) || kind(Callee) != Sym::SelectorExpression || isNull(Args) ||
            ts_node_named_child_count(Args) != 2)
          return true;
        TSNode Operand = field(Callee, Fld.Operand);
        std::string_view Method = view(field(Callee, Fld.Field));
        if (isNull(Operand) || kind(Operand) != Sym::Identifier)
          return true;
        TSNode A0 = ts_node_named_child(Args, 0), A1 = ts_node_named_child(Args, 1);
        if ((Method == "Process" || Method == "MustProcess") && isStringLiteral(A0))
          Calls.emplace_back(text(Operand), stringValue(A0), A1);
        else if (Method == "ParseWithOptions")
          if (std::optional<std::string> Prefix = literalField(A1, "Prefix"))
            Calls.emplace_back(text(Operand), *Prefix, A0);
      }
      return true;
    });
    if (Calls.empty())
      return;
    const auto &TypeOf = variableTypes(Root);
    for (const auto &[Package, Prefix, Value] : Calls) {
      if (!EnvconfigNames.count(Package) && !CaarlosNames.count(Package))
        continue;
      if (std::string Type = filledType(Value, TypeOf); !Type.empty() && !Prefix.empty())
        LoaderPrefixes.emplace(Type, Prefix);
    }
  }

  /// `T{...}` or `&T{...}`: T.
  std::string literalType(TSNode V) {
    if (!isNull(V) && kind(V) == Sym::UnaryExpression && view(field(V, Fld.Operator)) == "&")
      V = field(V, Fld.Operand);
    if (isNull(V) || kind(V) != Sym::CompositeLiteral)
      return {};
    TSNode T = field(V, Fld.Type);
    return !isNull(T) && kind(T) == Sym::TypeIdentifier ? text(T) : std::string();
  }
  /// An expression list of one expression: that expression.
  TSNode single(TSNode N) {
    if (!isNull(N) && kind(N) == Sym::ExpressionList && ts_node_named_child_count(N) == 1)
      return ts_node_named_child(N, 0);
    return N;
  }
  /// The struct type of each variable of the file declared as one (`var c
  /// T`, `c := T{}`, `c := &T{}`), by name: enough to tell which struct a
  /// library fills through `&c`. Read once, when a scan first needs it.
  std::optional<std::map<std::string, std::string, std::less<>>> VariableTypes;
  const std::map<std::string, std::string, std::less<>> &variableTypes(TSNode Root) {
    if (VariableTypes)
      return *VariableTypes;
    auto &TypeOf = VariableTypes.emplace();
    walk::preorder(Root, [&](TSNode N) {
      Sym K = kind(N);
      if (K == Sym::VarSpec) {
        TSNode Name = field(N, Fld.Name), Type = field(N, Fld.Type);
        if (isNull(Name))
          return true;
        if (!isNull(Type) && kind(Type) == Sym::TypeIdentifier)
          TypeOf[text(Name)] = text(Type);
        else if (std::string T = literalType(single(field(N, Fld.Value))); !T.empty())
          TypeOf[text(Name)] = T;
      } else if (K == Sym::ShortVarDeclaration) {
        TSNode Left = single(field(N, Fld.Left));
        if (std::string T = literalType(single(field(N, Fld.Right)));
            !isNull(Left) && kind(Left) == Sym::Identifier && !T.empty())
          TypeOf[text(Left)] = T;
      }
      return true;
    });
    return TypeOf;
  }
  /// The struct a library fills through \p Value (`&c`, `&T{}`, or `c`
  /// holding `&T{}`).
  std::string filledType(TSNode Value,
                         const std::map<std::string, std::string, std::less<>> &TypeOf) {
    if (std::string Type = literalType(Value); !Type.empty())
      return Type;
    if (!isNull(Value) && kind(Value) == Sym::UnaryExpression &&
        view(field(Value, Fld.Operator)) == "&")
      Value = field(Value, Fld.Operand);
    if (!isNull(Value) && kind(Value) == Sym::Identifier)
      if (auto It = TypeOf.find(view(Value)); It != TypeOf.end())
        return It->second;
    return {};
  }

  bool isStringLiteral(TSNode N) {
    return !isNull(N) &&
           (kind(N) == Sym::InterpretedStringLiteral || kind(N) == Sym::RawStringLiteral);
  }
  /// `R.Method` with R an identifier that holds a viper instance: the
  /// instance and Method.
  std::optional<std::pair<std::string, std::string>> viperMethod(TSNode Call) {
    TSNode Callee = field(Call, Fld.Function);
    if (isNull(Callee) || kind(Callee) != Sym::SelectorExpression)
      return std::nullopt;
    TSNode Operand = field(Callee, Fld.Operand), Method = field(Callee, Fld.Field);
    if (isNull(Operand) || isNull(Method) || kind(Operand) != Sym::Identifier)
      return std::nullopt;
    auto It = Viper->Receivers.find(view(Operand));
    if (It == Viper->Receivers.end())
      return std::nullopt;
    return std::make_pair(It->second, text(Method));
  }

  /// Reads the file's viper set-up: the import, variables from viper.New(),
  /// AutomaticEnv, SetEnvPrefix, SetEnvKeyReplacer, BindEnv and SetDefault
  /// with literal arguments, wherever they are in the file.
  void scanViper(TSNode Root) {
    if (Source.find("spf13/viper") == std::string_view::npos)
      return;
    Viper.emplace();
    walk::preorder(Root, [&](TSNode N) {
      scanViperNode(N);
      return true;
    });
    if (Viper->Receivers.empty()) {
      Viper.reset();
      return;
    }
    if (!ViperUnmarshals.empty()) {
      const auto &TypeOf = variableTypes(Root);
      for (const auto &[Instance, Value] : ViperUnmarshals)
        if (std::string Type = filledType(Value, TypeOf); !Type.empty())
          ViperStructs.emplace(Type, Instance);
    }
  }

  void scanViperNode(TSNode N) {
    Sym K = kind(N);
    if (K == Sym::ImportSpec) {
      TSNode Path = field(N, Fld.Path), Name = field(N, Fld.Name);
      if (isStringLiteral(Path) && stringValue(Path) == "github.com/spf13/viper") {
        if (isNull(Name))
          Viper->Receivers["viper"] = "";
        else if (kind(Name) == Sym::Identifier || kind(Name) == Sym::PackageIdentifier)
          Viper->Receivers[text(Name)] = "";
      }
      return;
    }
    if (Viper->Receivers.empty())
      return;
    if (K == Sym::ShortVarDeclaration || K == Sym::AssignmentStatement || K == Sym::VarSpec) {
      // v := viper.New()
      TSNode Left = field(N, K == Sym::VarSpec ? Fld.Name : Fld.Left);
      TSNode Right = field(N, K == Sym::VarSpec ? Fld.Value : Fld.Right);
      if (isNull(Left) || isNull(Right))
        return;
      if (kind(Left) == Sym::ExpressionList && ts_node_named_child_count(Left) == 1)
        Left = ts_node_named_child(Left, 0);
      if (kind(Right) == Sym::ExpressionList && ts_node_named_child_count(Right) == 1)
        Right = ts_node_named_child(Right, 0);
      if (kind(Left) == Sym::Identifier && kind(Right) == Sym::CallExpression)
        if (auto Made = viperMethod(Right); Made && Made->first.empty()) {
          if (Made->second == "New")
            Viper->Receivers[text(Left)] = text(Left);
          else if (Made->second == "GetViper")
            Viper->Receivers[text(Left)] = "";
        }
      return;
    }
    if (K != Sym::CallExpression)
      return;
    auto Called = viperMethod(N);
    TSNode Args = field(N, Fld.Arguments);
    if (!Called || isNull(Args))
      return;
    const std::string *Method = &Called->second;
    ViperConfig &Config = Viper->Instances[Called->first];
    std::vector<TSNode> A;
    for (TSNode Arg : named(Args))
      A.push_back(Arg);
    auto Literal = [&](size_t I) -> std::optional<std::string> {
      if (I >= A.size())
        return std::nullopt;
      if (isStringLiteral(A[I]))
        return stringValue(A[I]);
      Sym AK = kind(A[I]);
      if (AK == Sym::IntLiteral || AK == Sym::FloatLiteral || AK == Sym::True || AK == Sym::False)
        return text(A[I]);
      return std::nullopt;
    };
    if ((*Method == "Unmarshal" || *Method == "UnmarshalExact") && !A.empty()) {
      ViperUnmarshals.push_back({Called->first, A[0]});
    } else if (*Method == "AutomaticEnv") {
      Config.Automatic = true;
    } else if (*Method == "SetEnvPrefix" && A.size() == 1 && isStringLiteral(A[0])) {
      Config.Prefix = stringValue(A[0]);
    } else if (*Method == "SetEnvKeyReplacer" && A.size() == 1 &&
               kind(A[0]) == Sym::CallExpression) {
      TSNode Pairs = field(A[0], Fld.Arguments);
      std::vector<std::string> Strings;
      if (!isNull(Pairs))
        for (TSNode P : named(Pairs)) {
          if (!isStringLiteral(P))
            return;
          Strings.push_back(stringValue(P));
        }
      Config.Replace.clear();
      for (size_t I = 0; I + 1 < Strings.size(); I += 2)
        Config.Replace.emplace_back(Strings[I], Strings[I + 1]);
    } else if (*Method == "BindEnv" && !A.empty() && isStringLiteral(A[0])) {
      std::string Key = asciiLower(stringValue(A[0]));
      Config.Bound[Key] = A.size() > 1 && isStringLiteral(A[1]) ? stringValue(A[1]) : "";
    } else if (*Method == "SetDefault" && A.size() == 2 && isStringLiteral(A[0])) {
      if (std::optional<std::string> V = Literal(1))
        Config.Defaults[asciiLower(stringValue(A[0]))] = *V;
    }
  }

  /// A struct viper's Unmarshal fills: each field's key is its
  /// `mapstructure` tag or its name (viper matches keys without case); viper
  /// fills it from the environment only for keys it knows, those given a
  /// default or bound with BindEnv, under the variable it reads for them
  /// (see viperVariable). Fields of other keys come from configuration
  /// files, which the compose file does not name either, and are left out.
  void viperFields(uint32_t C, const std::vector<std::pair<size_t, std::string>> &Tagged,
                   const ViperConfig &Config) {
    const std::vector<ir::Assignment> &Body = fn(M.Classes[C].Body).Assignments;
    std::vector<EnvironmentField> Fields;
    bool Any = false;
    for (const auto &[Index, Tag] : Tagged) {
      EnvironmentField F{Index, std::nullopt, std::nullopt};
      std::string Key = goTagValue(Tag, "mapstructure").value_or("");
      Key = asciiLower(Key.substr(0, Key.find(',')));
      if (Key.empty())
        Key = asciiLower(Body[Index].Lhs.Text);
      bool Known = Config.Bound.count(Key) || Config.Defaults.count(Key);
      if (std::optional<std::string> V = viperVariable(Config, Key); V && Known) {
        F.Variable = std::move(V);
        if (auto D = Config.Defaults.find(Key); D != Config.Defaults.end())
          F.Default = D->second;
        Any = true;
      }
      Fields.push_back(std::move(F));
    }
    if (Any)
      environmentFields(C, "struct-tags.env", "struct-tags.field", Fields);
  }

  /// The variable viper reads for \p Key (lower case), if it reads one: a
  /// BindEnv name, or with AutomaticEnv (or a BindEnv of the key alone) the
  /// key upper-cased after the prefix and `_`; the key replacer applies to
  /// either.
  std::optional<std::string> viperVariable(const ViperConfig &Config,
                                           const std::string &Key) const {
    auto It = Config.Bound.find(Key);
    std::string Name;
    if (It != Config.Bound.end() && !It->second.empty())
      Name = It->second;
    else if (Config.Automatic || It != Config.Bound.end())
      Name = asciiUpper(Config.Prefix.empty() ? Key : Config.Prefix + "_" + Key);
    else
      return std::nullopt;
    // strings.Replacer: at each position, the first pair whose old string
    // starts there.
    std::string Out;
    for (size_t I = 0; I < Name.size();) {
      bool Replaced = false;
      for (const auto &[Old, New] : Config.Replace)
        if (!Old.empty() && Name.compare(I, Old.size(), Old) == 0) {
          Out += New;
          I += Old.size();
          Replaced = true;
          break;
        }
      if (!Replaced)
        Out += Name[I++];
    }
    return Out;
  }

  /// `viper.GetString("llm.url")` (or a getter of a viper.New() value): the
  /// key becomes the variable viper reads for it, and a SetDefault value a
  /// second argument, for the source models. A key viper does not read from
  /// the environment (no AutomaticEnv or BindEnv in the file) becomes an
  /// unknown value: the call then names no variable.
  std::optional<NodeId> viperRead(TSNode N, uint32_t F) {
    static const std::set<std::string, std::less<>> Getters = {"Get",
                                                               "GetBool",
                                                               "GetDuration",
                                                               "GetFloat64",
                                                               "GetInt",
                                                               "GetInt32",
                                                               "GetInt64",
                                                               "GetIntSlice",
                                                               "GetSizeInBytes",
                                                               "GetString",
                                                               "GetStringMap",
                                                               "GetStringMapString",
                                                               "GetStringSlice",
                                                               "GetTime",
                                                               "GetUint",
                                                               "GetUint16",
                                                               "GetUint32",
                                                               "GetUint64"};
    auto Called = viperMethod(N);
    TSNode Args = field(N, Fld.Arguments);
    if (!Called || !Getters.count(Called->second) || isNull(Args) ||
        ts_node_named_child_count(Args) != 1)
      return std::nullopt;
    const ViperConfig &Config = Viper->Instances[Called->first];
    TSNode Key = ts_node_named_child(Args, 0);
    if (!isStringLiteral(Key))
      return std::nullopt;
    std::string K = asciiLower(stringValue(Key));
    NodeId Out = add(NodeKind::Call, N, {}, {expr(field(N, Fld.Function), F)});
    std::vector<ir::Argument> Lowered(1);
    if (std::optional<std::string> Variable = viperVariable(Config, K)) {
      Lowered[0].Value = stringLiteral(Key, *Variable);
      Lowered[0].StringLiteral = true;
      if (auto D = Config.Defaults.find(K); D != Config.Defaults.end()) {
        Lowered.emplace_back();
        Lowered[1].Value = stringLiteral(Key, D->second);
        Lowered[1].StringLiteral = true;
      }
    } else {
      Lowered[0].Value = add(NodeKind::Unknown, Key);
    }
    M.Nodes[Out].Args = std::move(Lowered);
    return Out;
  }

  /// `T{...}`: a call of the struct type with its fields as keywords; a map
  /// literal is a mapping, a slice or array literal a container.
  NodeId composite(TSNode N, uint32_t F) {
    TSNode Type = field(N, Fld.Type), Body = field(N, Fld.Body);
    Sym TK = isNull(Type) ? Sym::Other : kind(Type);
    if (TK == Sym::MapType) {
      NodeId C = elements(Body, F, NodeKind::Container);
      M.Nodes[C].Op = ir::Op::Mapping;
      M.Nodes[C].Where = range(N);
      return C;
    }
    if (TK == Sym::SliceType || TK == Sym::ArrayType || TK == Sym::ImplicitLengthArrayType) {
      NodeId C = elements(Body, F, NodeKind::Container);
      M.Nodes[C].Where = range(N);
      return C;
    }
    NodeId T = typeExpr(Type);
    NodeId C = elements(Body, F, NodeKind::Call);
    M.Nodes[C].Operands.push_back(T);
    M.Nodes[C].Where = range(N);
    return C;
  }

  // Number and rune literals in text (numericConstants, numericData).
  static bool digit(char C) { return C >= '0' && C <= '9'; }
  static bool wordChar(char C) {
    return digit(C) || C == '_' || C == '.' || (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z');
  }
  /// Whether a number literal starts at \p I (`12`, `0x1F`, `.5`).
  static bool numberAt(std::string_view T, size_t I) {
    return digit(T[I]) || (T[I] == '.' && I + 1 < T.size() && digit(T[I + 1]));
  }
  /// The end of the number literal starting at \p I: digits, letters, `.`
  /// and `_`, and a sign right after an exponent (`1e-3`, `0x1p+2`).
  static size_t numberEnd(std::string_view T, size_t I) {
    bool Hex = T[I] == '0' && I + 1 < T.size() && (T[I + 1] == 'x' || T[I + 1] == 'X');
    char Exp1 = Hex ? 'p' : 'e', Exp2 = Hex ? 'P' : 'E';
    for (++I; I < T.size(); ++I)
      if (!wordChar(T[I]) &&
          !((T[I] == '+' || T[I] == '-') && (T[I - 1] == Exp1 || T[I - 1] == Exp2)))
        break;
    return I;
  }
  /// The end of the rune literal whose quote is at \p I, or npos when it
  /// is not closed on its line.
  static size_t runeEnd(std::string_view T, size_t I) {
    ++I;
    while (I < T.size() && T[I] != '\'' && T[I] != '\n')
      I += T[I] == '\\' ? 2 : 1;
    return I < T.size() && T[I] == '\'' ? I + 1 : std::string_view::npos;
  }

  /// Whether the literal_value \p Body holds numbers alone (tables of
  /// constants, nested ones included): nothing a source or a check reads.
  /// Read from the text, which is faster than walking the elements' nodes:
  /// number and rune literals, comments, `{ } , :` and white space are all
  /// such a body may hold. A sign only belongs to an exponent (`1e-3`,
  /// `0x1p+2`); anything else (a name, a string, an operator, `-1`) answers
  /// no, and so does nesting past 32 levels, left to the lowering's limit.
  static bool numericData(std::string_view T) {
    auto Space = [](char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\r'; };
    auto Delimiter = [&](char C) {
      return Space(C) || C == ',' || C == ':' || C == '}' || C == '/';
    };
    unsigned Depth = 0;
    size_t I = 0, N = T.size();
    while (I < N) {
      char C = T[I];
      if (Space(C) || C == ',' || C == ':') {
        ++I;
      } else if (C == '{') {
        if (++Depth > 33)
          return false;
        ++I;
      } else if (C == '}') {
        if (Depth-- == 0)
          return false;
        ++I;
      } else if (C == '/' && I + 1 < N && T[I + 1] == '/') {
        size_t End = T.find('\n', I);
        I = End == std::string_view::npos ? N : End;
      } else if (C == '/' && I + 1 < N && T[I + 1] == '*') {
        size_t End = T.find("*/", I + 2);
        if (End == std::string_view::npos)
          return false;
        I = End + 2;
      } else if (numberAt(T, I) || C == '\'') {
        I = C == '\'' ? runeEnd(T, I) : numberEnd(T, I);
        if (I == std::string_view::npos || (I < N && !Delimiter(T[I])))
          return false;
      } else {
        return false;
      }
    }
    return Depth == 0;
  }

  /// The elements of a literal_value as arguments of a node of kind \p K:
  /// `key: v` with a name or string key as keywords, others positional.
  NodeId elements(TSNode Body, uint32_t F, NodeKind K) {
    std::vector<ir::Argument> Args;
    if (K == NodeKind::Container && !isNull(Body) && numericData(view(Body)))
      return add(K, range(Body));
    if (!isNull(Body))
      for (TSNode E : named(Body)) {
        ir::Argument A;
        if (kind(E) == Sym::KeyedElement) {
          TSNode Key = field(E, Fld.Key), Value = field(E, Fld.Value);
          if (isNull(Key) && ts_node_named_child_count(E) == 2) {
            Key = ts_node_named_child(E, 0);
            Value = ts_node_named_child(E, 1);
          }
          TSNode KeyExpr =
              !isNull(Key) && kind(Key) == Sym::LiteralElement && ts_node_named_child_count(Key)
                  ? ts_node_named_child(Key, 0)
                  : Key;
          Sym KK = isNull(KeyExpr) ? Sym::Other : kind(KeyExpr);
          if (KK == Sym::Identifier || KK == Sym::FieldIdentifier)
            A.Keyword = text(KeyExpr);
          else if (isStringLiteral(KeyExpr))
            A.Keyword = stringValue(KeyExpr);
          A.Value = expr(Value, F);
        } else if (kind(E) == Sym::LiteralElement) {
          A.Value = expr(E, F);
        } else {
          continue; // comments
        }
        A.StringLiteral = A.Value != NoNode && M.Nodes[A.Value].isString();
        Args.push_back(std::move(A));
      }
    NodeId Out = add(K, isNull(Body) ? ir::Range{} : range(Body));
    M.Nodes[Out].Args = std::move(Args);
    return Out;
  }
};

} // namespace

ir::Module lowerGo(std::string_view Path, std::string_view Source, TSNode Root,
                   const LoweringOptions &Opts) {
  const Grammar &G = grammarOf(Root);
  return Lowerer(Path, Source, Opts, G).run(Root);
}

std::string goStringValue(TSNode String, std::string_view Source) {
  static const LoweringOptions Opts;
  return Lowerer("", Source, Opts, grammarOf(String)).stringValue(String);
}

std::optional<std::string> goTagValue(std::string_view Tag, std::string_view Key) {
  // key:"value" pairs separated by spaces; the value is a Go string.
  size_t I = 0;
  while (I < Tag.size()) {
    while (I < Tag.size() && Tag[I] == ' ')
      ++I;
    size_t KeyStart = I;
    while (I < Tag.size() && Tag[I] > ' ' && Tag[I] != ':' && Tag[I] != '"' && Tag[I] != 0x7f)
      ++I;
    if (I == KeyStart || I + 1 >= Tag.size() || Tag[I] != ':' || Tag[I + 1] != '"')
      return std::nullopt;
    std::string_view Name = Tag.substr(KeyStart, I - KeyStart);
    I += 2;
    std::string Value;
    while (I < Tag.size() && Tag[I] != '"') {
      if (Tag[I] == '\\' && I + 1 < Tag.size())
        ++I;
      Value += Tag[I++];
    }
    if (I >= Tag.size())
      return std::nullopt;
    ++I;
    if (Name == Key)
      return Value;
  }
  return std::nullopt;
}

std::string goPackageName(std::string_view ImportPath) {
  std::string_view P = ImportPath;
  while (!P.empty() && P.back() == '/')
    P.remove_suffix(1);
  auto Last = [](std::string_view S) {
    size_t Slash = S.find_last_of('/');
    return Slash == std::string_view::npos ? S : S.substr(Slash + 1);
  };
  auto IsVersion = [](std::string_view S) {
    if (S.size() < 2 || S[0] != 'v')
      return false;
    for (char C : S.substr(1))
      if (C < '0' || C > '9')
        return false;
    return true;
  };
  std::string_view Name = Last(P);
  if (IsVersion(Name) && P.size() > Name.size()) // .../redis/v9
    Name = Last(P.substr(0, P.size() - Name.size() - 1));
  if (size_t Dot = Name.find(".v");
      Dot != std::string_view::npos && IsVersion(Name.substr(Dot + 1)))
    Name = Name.substr(0, Dot); // gopkg.in/yaml.v3
  if (Name.size() > 3 && Name.substr(0, 3) == "go-")
    Name.remove_prefix(3);
  if (Name.size() > 3 &&
      (Name.substr(Name.size() - 3) == "-go" || Name.substr(Name.size() - 3) == ".go")) // nats.go
    Name.remove_suffix(3);
  std::string Out;
  for (char C : Name)
    if (C != '-' && C != '.')
      Out += C;
  return Out;
}

} // namespace teetidy::frontend
