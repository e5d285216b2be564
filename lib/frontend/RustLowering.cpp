#include "frontend/RustLowering.h"

#include "frontend/LowererBase.h"
#include "frontend/SyntaxWalk.h"
#include "source/Utf8.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

#define RS_SYMBOLS(X)                                                                              \
  X(Arguments, "arguments")                                                                        \
  X(ArrayExpression, "array_expression")                                                           \
  X(AssignmentExpression, "assignment_expression")                                                 \
  X(AsyncBlock, "async_block")                                                                     \
  X(AttributeItem, "attribute_item")                                                               \
  X(AwaitExpression, "await_expression")                                                           \
  X(BaseFieldInitializer, "base_field_initializer")                                                \
  X(BinaryExpression, "binary_expression")                                                         \
  X(Block, "block")                                                                                \
  X(BlockComment, "block_comment")                                                                 \
  X(BooleanLiteral, "boolean_literal")                                                             \
  X(CallExpression, "call_expression")                                                             \
  X(CapturedPattern, "captured_pattern")                                                           \
  X(CharLiteral, "char_literal")                                                                   \
  X(ClosureExpression, "closure_expression")                                                       \
  X(ClosureParameters, "closure_parameters")                                                       \
  X(CompoundAssignmentExpr, "compound_assignment_expr")                                            \
  X(ConstBlock, "const_block")                                                                     \
  X(ConstItem, "const_item")                                                                       \
  X(Crate, "crate")                                                                                \
  X(DeclarationList, "declaration_list")                                                           \
  X(ElseClause, "else_clause")                                                                     \
  X(Error, "ERROR")                                                                                \
  X(EscapeSequence, "escape_sequence")                                                             \
  X(ExpressionStatement, "expression_statement")                                                   \
  X(FieldDeclaration, "field_declaration")                                                         \
  X(FieldDeclarationList, "field_declaration_list")                                                \
  X(FieldExpression, "field_expression")                                                           \
  X(FieldIdentifier, "field_identifier")                                                           \
  X(FieldInitializer, "field_initializer")                                                         \
  X(FieldInitializerList, "field_initializer_list")                                                \
  X(FieldPattern, "field_pattern")                                                                 \
  X(FloatLiteral, "float_literal")                                                                 \
  X(ForExpression, "for_expression")                                                               \
  X(FunctionItem, "function_item")                                                                 \
  X(FunctionModifiers, "function_modifiers")                                                       \
  X(GenericFunction, "generic_function")                                                           \
  X(GenericType, "generic_type")                                                                   \
  X(GenericTypeWithTurbofish, "generic_type_with_turbofish")                                       \
  X(Identifier, "identifier")                                                                      \
  X(IfExpression, "if_expression")                                                                 \
  X(ImplItem, "impl_item")                                                                         \
  X(IndexExpression, "index_expression")                                                           \
  X(IntegerLiteral, "integer_literal")                                                             \
  X(LetChain, "let_chain")                                                                         \
  X(LetCondition, "let_condition")                                                                 \
  X(LetDeclaration, "let_declaration")                                                             \
  X(LineComment, "line_comment")                                                                   \
  X(LoopExpression, "loop_expression")                                                             \
  X(MacroInvocation, "macro_invocation")                                                           \
  X(MatchArm, "match_arm")                                                                         \
  X(MatchBlock, "match_block")                                                                     \
  X(MatchExpression, "match_expression")                                                           \
  X(MatchPattern, "match_pattern")                                                                 \
  X(ModItem, "mod_item")                                                                           \
  X(MutPattern, "mut_pattern")                                                                     \
  X(OrderedFieldDeclarationList, "ordered_field_declaration_list")                                 \
  X(OrPattern, "or_pattern")                                                                       \
  X(Parameter, "parameter")                                                                        \
  X(Parameters, "parameters")                                                                      \
  X(ParenthesizedExpression, "parenthesized_expression")                                           \
  X(RawStringLiteral, "raw_string_literal")                                                        \
  X(ReferenceExpression, "reference_expression")                                                   \
  X(ReferencePattern, "reference_pattern")                                                         \
  X(RefPattern, "ref_pattern")                                                                     \
  X(ReturnExpression, "return_expression")                                                         \
  X(ScopedIdentifier, "scoped_identifier")                                                         \
  X(ScopedTypeIdentifier, "scoped_type_identifier")                                                \
  X(ScopedUseList, "scoped_use_list")                                                              \
  X(Self, "self")                                                                                  \
  X(SelfParameter, "self_parameter")                                                               \
  X(ShorthandFieldIdentifier, "shorthand_field_identifier")                                        \
  X(ShorthandFieldInitializer, "shorthand_field_initializer")                                      \
  X(SlicePattern, "slice_pattern")                                                                 \
  X(StaticItem, "static_item")                                                                     \
  X(StringContent, "string_content")                                                               \
  X(StringLiteral, "string_literal")                                                               \
  X(StructExpression, "struct_expression")                                                         \
  X(StructItem, "struct_item")                                                                     \
  X(StructPattern, "struct_pattern")                                                               \
  X(Super, "super")                                                                                \
  X(TokenTree, "token_tree")                                                                       \
  X(TraitItem, "trait_item")                                                                       \
  X(TryExpression, "try_expression")                                                               \
  X(TupleExpression, "tuple_expression")                                                           \
  X(TuplePattern, "tuple_pattern")                                                                 \
  X(TupleStructPattern, "tuple_struct_pattern")                                                    \
  X(TypeCastExpression, "type_cast_expression")                                                    \
  X(TypeIdentifier, "type_identifier")                                                             \
  X(UnaryExpression, "unary_expression")                                                           \
  X(UnitExpression, "unit_expression")                                                             \
  X(UnsafeBlock, "unsafe_block")                                                                   \
  X(UseAsClause, "use_as_clause")                                                                  \
  X(UseDeclaration, "use_declaration")                                                             \
  X(UseList, "use_list")                                                                           \
  X(UseWildcard, "use_wildcard")                                                                   \
  X(WhileExpression, "while_expression")

enum class Sym : uint8_t {
  Other,
#define RS_ENUM(E, Name) E,
  RS_SYMBOLS(RS_ENUM)
#undef RS_ENUM
};

struct SymInfo {
  Sym Kind = Sym::Other;
  static SymInfo of(std::string_view Name) {
    static constexpr std::pair<std::string_view, Sym> Names[] = {
#define RS_NAME(E, Name) {Name, Sym::E},
        RS_SYMBOLS(RS_NAME)
#undef RS_NAME
    };
    return {walk::kindNamed(Name, Names)};
  }
};

// clang-format off
#define RS_FIELDS(X)                \
  X(Alias, "alias")                 \
  X(Alternative, "alternative")     \
  X(Argument, "argument")           \
  X(Arguments, "arguments")         \
  X(Body, "body")                   \
  X(Condition, "condition")         \
  X(Consequence, "consequence")     \
  X(Field, "field")                 \
  X(Function, "function")           \
  X(Left, "left")                   \
  X(List, "list")                   \
  X(Macro, "macro")                 \
  X(Name, "name")                   \
  X(Operator, "operator")           \
  X(Parameters, "parameters")       \
  X(Path, "path")                   \
  X(Pattern, "pattern")             \
  X(ReturnType, "return_type")      \
  X(Right, "right")                 \
  X(Trait, "trait")                 \
  X(Type, "type")                   \
  X(TypeArguments, "type_arguments") \
  X(Value, "value")
// clang-format on

struct Grammar {
  walk::SymbolTable<SymInfo> Syms;
  struct FieldIds {
#define RS_FIELD(F, Name) TSFieldId F = 0;
    RS_FIELDS(RS_FIELD)
#undef RS_FIELD
  } Fields;

  explicit Grammar(const TSLanguage *L) : Syms(L, SymInfo::of) {
#define RS_FIELD(F, Name) Fields.F = walk::fieldId(L, Name);
    RS_FIELDS(RS_FIELD)
#undef RS_FIELD
  }
};

const Grammar &grammarOf(TSNode N) { return walk::perLanguage<Grammar>(ts_tree_language(N.tree)); }

bool isNull(TSNode N) { return ts_node_is_null(N); }

using walk::AnyNamed;

/// Appends the escape \p Esc (`\n`, `\x41`, `\u{e9}`).
void decodeRustEscape(std::string_view Esc, std::string &Out) {
  if (Esc.size() < 2) {
    Out += Esc;
    return;
  }
  auto Hex = [](std::string_view Digits) { return walk::digitsValue(Digits, 16); };
  switch (char C = Esc[1]) {
  case 'n':
    Out += '\n';
    return;
  case 'r':
    Out += '\r';
    return;
  case 't':
    Out += '\t';
    return;
  case '0':
    Out += '\0';
    return;
  case 'x':
    Out += static_cast<char>(Hex(Esc.substr(2)) & 0x7F);
    return;
  case 'u':
    appendUtf8(Out, Hex(Esc.substr(2)));
    return;
  case '\n':
    return; // a line continuation: the newline and leading blanks go
  default:
    Out += C;
    return;
  }
}

/// How a function reads a struct from the environment (envy, the config
/// crate, figment). At namespace scope: a nested class with member
/// initializers is not default-constructible to std::optional inside its
/// enclosing class with clang 14.
struct EnvRead {
  enum Kind { Envy, ConfigCrate, Figment } K = Envy;
  std::string Prefix, Separator;
  std::optional<std::string> PrefixSeparator;
  /// The type the function returns (`Self` resolved), for calls without a
  /// turbofish.
  std::string Returned;
  /// Calls inside `let c: T = ...;` (by start byte): T.
  std::map<uint32_t, std::string> Annotated;
};

class Lowerer : public LowererBase<Lowerer, Grammar> {
  using Base = LowererBase<Lowerer, Grammar>;
  friend Base;

public:
  Lowerer(std::string_view Path, std::string_view Src, const LoweringOptions &Opts,
          const Grammar &Gram)
      : Base(Path, Src, Opts, Gram, 16) {}

private:
  auto named(TSNode N) { return walk::Children<AnyNamed>(Pool, N, AnyNamed{}); }
  auto fielded(TSNode N) { return walk::Children<AnyNamed, true>(Pool, N, AnyNamed{}); }

  using Base::add;
  using Base::stringLiteral;

  std::map<std::string, uint32_t, std::less<>> ClassByName;
  /// `crate` and `super` where they start a path in an expression.
  std::set<std::string> PathRoots;

  /// Binds the path roots the file's expressions use to their modules.
  void finish() {
    std::set<uint32_t> Marked;
    for (const auto &[Type, Read] : Deserialized)
      if (auto It = ClassByName.find(Type); It != ClassByName.end())
        environmentStruct(It->second, Read, {}, Marked);
    for (const std::string &Root : PathRoots) {
      ir::Import I;
      I.Module = I.Alias = Root;
      M.Imports.push_back(std::move(I));
    }
  }

  NodeId unknown(TSNode At) { return add(NodeKind::Unknown, At); }
  /// What a statement-like expression (an assignment, a loop) evaluates to.
  NodeId noValue(TSNode At) {
    NodeId Id = add(NodeKind::Literal, At);
    M.Nodes[Id].Op = ir::Op::NoValue;
    return Id;
  }
  bool isComment(TSNode N) {
    Sym K = kind(N);
    return K == Sym::LineComment || K == Sym::BlockComment || K == Sym::AttributeItem;
  }

  std::string stringValue(TSNode S) {
    std::string Out;
    bool Raw = kind(S) == Sym::RawStringLiteral;
    for (TSNode P : named(S)) {
      if (kind(P) == Sym::EscapeSequence && !Raw) {
        decodeRustEscape(view(P), Out);
      } else if (kind(P) == Sym::StringContent) {
        Out += view(P);
      }
    }
    return Out;
  }

  // --- Items --------------------------------------------------------------

  /// The module body: items and statements (run() calls it with the root).
  void block(TSNode Body, uint32_t F) { (void)blockValue(Body, F); }

  /// Lowers the statements of a block into \p F; returns the value of its
  /// tail expression (NoNode when it ends with a statement).
  NodeId blockValue(TSNode Body, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(Body);
      return NoNode;
    }
    NodeId Tail = NoNode;
    for (TSNode S : named(Body)) {
      Tail = NoNode;
      switch (kind(S)) {
      case Sym::ExpressionStatement:
        for (TSNode E : named(S))
          if (!isComment(E))
            evaluated(F, expr(E, F));
        break;
      case Sym::LetDeclaration:
      case Sym::UseDeclaration:
      case Sym::FunctionItem:
      case Sym::StructItem:
      case Sym::ImplItem:
      case Sym::TraitItem:
      case Sym::ConstItem:
      case Sym::StaticItem:
      case Sym::ModItem:
      case Sym::Error:
        item(S, F);
        break;
      default:
        if (!isComment(S) && !isNull(S) && ts_node_is_named(S))
          Tail = expr(S, F);
        break;
      }
    }
    return Tail;
  }

  void item(TSNode S, uint32_t F) {
    switch (kind(S)) {
    case Sym::LetDeclaration: {
      TSNode Value = field(S, Fld.Value), Pattern = field(S, Fld.Pattern);
      // `let _ = f(x);` binds nothing but still calls f.
      if (!isNull(Value) && !isNull(Pattern) && view(Pattern) == "_")
        evaluated(F, expr(Value, F));
      else if (!isNull(Value))
        bind(Pattern, expr(Value, F), F);
      if (TSNode Else = field(S, Fld.Alternative); !isNull(Else))
        evaluated(F, expr(Else, F));
      return;
    }
    case Sym::UseDeclaration:
      use(field(S, Fld.Argument), {}, F);
      return;
    case Sym::FunctionItem:
      function(S, F, -1);
      return;
    case Sym::StructItem:
      structItem(S);
      return;
    case Sym::ImplItem:
      implItem(S);
      return;
    case Sym::ConstItem:
    case Sym::StaticItem: {
      TSNode Name = field(S, Fld.Name), Value = field(S, Fld.Value);
      if (isNull(Name) || isNull(Value))
        return;
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = text(Name);
      A.Lhs.Where = range(Name);
      A.Value = expr(Value, F);
      A.Annotation = text(field(S, Fld.Type));
      fn(F).Assignments.push_back(std::move(A));
      return;
    }
    case Sym::ModItem:
      // An inline module (`mod m { ... }`): its items are lowered here. A
      // declaration of a file (`mod m;`) imports the submodule `self.m`,
      // which the program layer names from the crate.
      if (TSNode Body = field(S, Fld.Body); !isNull(Body)) {
        block(Body, F);
      } else if (TSNode Name = field(S, Fld.Name); !isNull(Name)) {
        ir::Import I;
        I.Module = "self." + text(Name);
        I.Alias = text(Name);
        I.Scope = F;
        I.Where = range(S);
        M.Imports.push_back(std::move(I));
      }
      return;
    case Sym::Error:
      block(S, F);
      return;
    default:
      return; // traits, enums, type aliases, macros: no values
    }
  }

  /// `use` trees: \p Prefix is the path so far, with dots.
  void use(TSNode N, const std::string &Prefix, uint32_t F) {
    if (isNull(N))
      return;
    auto Join = [](const std::string &A, std::string_view B) {
      return A.empty() ? std::string(B) : A + "." + std::string(B);
    };
    auto Add = [&](const std::string &Path, std::string Alias, TSNode At) {
      ir::Import I;
      size_t Dot = Path.rfind('.');
      I.Module = Dot == std::string::npos ? "" : Path.substr(0, Dot);
      I.Name = Dot == std::string::npos ? Path : Path.substr(Dot + 1);
      I.Alias = Alias.empty() ? I.Name : std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      if (I.Module.empty()) { // `use serde;` names the crate
        I.Module = I.Name;
        I.Name.clear();
      }
      M.Imports.push_back(std::move(I));
    };
    switch (kind(N)) {
    case Sym::Identifier:
    case Sym::ScopedIdentifier:
    case Sym::Crate:
    case Sym::Super:
      Add(Join(Prefix, dotted(N)), {}, N);
      return;
    case Sym::Self: // `use a::b::{self}` binds b
      if (!Prefix.empty())
        Add(Prefix, {}, N);
      return;
    case Sym::UseAsClause: {
      TSNode Path = field(N, Fld.Path), Alias = field(N, Fld.Alias);
      std::string Full = kind(Path) == Sym::Self ? Prefix : Join(Prefix, dotted(Path));
      if (!isNull(Alias) && view(Alias) != "_")
        Add(Full, text(Alias), N);
      return;
    }
    case Sym::UseWildcard: {
      ir::Import I;
      TSNode Path = ts_node_named_child_count(N) ? ts_node_named_child(N, 0) : TSNode{};
      I.Module = isNull(Path) ? Prefix : Join(Prefix, dotted(Path));
      I.Name = ir::AllNames;
      I.Scope = F;
      I.Where = range(N);
      M.Imports.push_back(std::move(I));
      return;
    }
    case Sym::ScopedUseList: {
      TSNode Path = field(N, Fld.Path);
      std::string Next = isNull(Path) ? Prefix : Join(Prefix, dotted(Path));
      use(field(N, Fld.List), Next, F);
      return;
    }
    case Sym::UseList:
      for (TSNode Ch : named(N))
        use(Ch, Prefix, F);
      return;
    default:
      return;
    }
  }

  /// A path with dots for `::` (`std::env::var` is "std.env.var").
  std::string dotted(TSNode N) {
    std::string Out;
    for (char C : view(N)) {
      if (C == ' ' || C == '\n' || C == '\t')
        continue;
      Out += C;
    }
    std::string Dots;
    for (size_t I = 0; I < Out.size(); ++I) {
      if (Out[I] == ':' && I + 1 < Out.size() && Out[I + 1] == ':') {
        Dots += '.';
        ++I;
      } else {
        Dots += Out[I];
      }
    }
    return Dots;
  }

  uint32_t classNamed(const std::string &Name, TSNode At) {
    if (auto It = ClassByName.find(Name); It != ClassByName.end())
      return It->second;
    uint32_t Index = newClass(Name, range(At), 0);
    ClassByName.emplace(Name, Index);
    return Index;
  }

  /// The name of the type \p T names (`Client`, `Client<T>`, `a::Client`).
  std::string typeName(TSNode T) {
    while (!isNull(T)) {
      switch (kind(T)) {
      case Sym::GenericType:
        T = field(T, Fld.Type);
        continue;
      case Sym::ScopedTypeIdentifier:
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

  void structItem(TSNode S) {
    TSNode Name = field(S, Fld.Name);
    if (isNull(Name))
      return;
    uint32_t C = classNamed(text(Name), Name);
    M.Classes[C].Where = range(S);
    M.Classes[C].NameWhere = range(Name);
    bindClass(C, range(Name));
    // Fields: named, or numbered for a tuple struct.
    std::vector<std::pair<std::string, ir::Range>> Fields;
    TSNode Body = field(S, Fld.Body);
    if (!isNull(Body) && kind(Body) == Sym::FieldDeclarationList) {
      // Each field's declaration in the body and what its clap attributes
      // say of the environment.
      std::vector<std::pair<size_t, std::optional<ClapEnv>>> Declared;
      std::optional<ClapEnv> Pending;
      std::string PendingRename, PendingDefault;
      bool PendingFlatten = false;
      for (TSNode D : named(Body)) {
        if (kind(D) == Sym::AttributeItem) {
          if (std::optional<ClapEnv> E = clapEnv(view(D)))
            Pending = std::move(E);
          if (std::optional<std::string> R = serdeValue(view(D), "rename"))
            PendingRename = std::move(*R);
          if (std::optional<std::string> R = serdeValue(view(D), "default"))
            PendingDefault = std::move(*R);
          PendingFlatten |= serdeFlag(view(D), "flatten");
          continue;
        }
        if (kind(D) != Sym::FieldDeclaration)
          continue;
        std::optional<ClapEnv> Env = std::move(Pending);
        Pending.reset();
        std::string Rename = std::move(PendingRename), DefaultFn = std::move(PendingDefault);
        bool Flatten = PendingFlatten;
        PendingRename.clear();
        PendingDefault.clear();
        PendingFlatten = false;
        TSNode FName = field(D, Fld.Name);
        if (isNull(FName))
          continue;
        StructFields[C].push_back({fn(M.Classes[C].Body).Assignments.size(),
                                   Rename.empty() ? text(FName) : Rename,
                                   fieldTypeName(field(D, Fld.Type)), DefaultFn, Flatten});
        ir::Assignment A;
        A.Lhs.K = ir::Target::Name;
        A.Lhs.Text = text(FName);
        A.Lhs.Where = range(FName);
        A.Annotation = text(field(D, Fld.Type));
        fn(M.Classes[C].Body).Assignments.push_back(std::move(A));
        Declared.push_back({fn(M.Classes[C].Body).Assignments.size() - 1, std::move(Env)});
        Fields.push_back({text(FName), range(FName)});
      }
      clapFields(C, Declared);
    } else if (!isNull(Body)) {
      for (walk::FieldedChild Ch : fielded(Body))
        if (Ch.Field == Fld.Type)
          Fields.push_back({std::to_string(Fields.size()), range(Ch.Node)});
    }
    fieldConstructor(C, Fields, "self");
  }

  /// What a clap attribute (`#[arg(long, env = "RPC_URL", default_value =
  /// "x")]`, `#[clap(env)]`) says of the environment: the variable (empty:
  /// the field's name in upper case) and the default.
  struct ClapEnv {
    std::string Name;
    std::optional<std::string> Default;
  };
  /// The items of an attribute `#[Head(a, key = "v", ...)]` whose head is
  /// one of \p Heads: each key with its value when that is a string literal
  /// (unquoted; none for a bare key or another expression).
  using AttributeItems = std::vector<std::pair<std::string, std::optional<std::string>>>;
  static std::optional<AttributeItems>
  attributeItems(std::string_view Attr, std::initializer_list<std::string_view> Heads) {
    size_t Open = Attr.find('(');
    if (Open == std::string_view::npos)
      return std::nullopt;
    std::string_view Head = Attr.substr(0, Open);
    while (!Head.empty() && (Head.front() == '#' || Head.front() == '[' || Head.front() == ' '))
      Head.remove_prefix(1);
    while (!Head.empty() && Head.back() == ' ')
      Head.remove_suffix(1);
    if (std::find(Heads.begin(), Heads.end(), Head) == Heads.end())
      return std::nullopt;
    // Items separated by commas outside strings and brackets.
    std::vector<std::string> Items(1);
    int Depth = 0;
    bool InString = false;
    for (size_t I = Open + 1; I < Attr.size(); ++I) {
      char Ch = Attr[I];
      if (InString) {
        if (Ch == '\\' && I + 1 < Attr.size())
          Items.back() += Attr[I++];
        else if (Ch == '"')
          InString = false;
        Items.back() += Ch;
        continue;
      }
      if (Ch == '"')
        InString = true;
      else if (Ch == '(' || Ch == '[')
        ++Depth;
      else if ((Ch == ')' || Ch == ']') && Depth-- == 0)
        break;
      else if (Ch == ',' && Depth == 0) {
        Items.emplace_back();
        continue;
      }
      Items.back() += Ch;
    }
    auto Trim = [](std::string_view X) {
      while (!X.empty() && std::isspace(static_cast<unsigned char>(X.front())))
        X.remove_prefix(1);
      while (!X.empty() && std::isspace(static_cast<unsigned char>(X.back())))
        X.remove_suffix(1);
      return X;
    };
    AttributeItems Out;
    for (const std::string &Item : Items) {
      std::string_view It = Trim(Item);
      size_t Eq = It.find('=');
      std::optional<std::string> Value;
      if (Eq != std::string_view::npos)
        if (std::string_view V = Trim(It.substr(Eq + 1));
            V.size() >= 2 && V.front() == '"' && V.back() == '"')
          Value = std::string(V.substr(1, V.size() - 2));
      Out.emplace_back(std::string(Trim(It.substr(0, Eq))), std::move(Value));
    }
    return Out;
  }

  static std::optional<ClapEnv> clapEnv(std::string_view Attr) {
    std::optional<AttributeItems> Items = attributeItems(Attr, {"arg", "clap", "structopt"});
    if (!Items)
      return std::nullopt;
    std::optional<ClapEnv> Out;
    std::optional<std::string> Default;
    for (const auto &[Key, Value] : *Items) {
      if (Key == "env") {
        Out.emplace();
        Out->Name = Value.value_or("");
      } else if (Key == "default_value" || Key == "default_value_t") {
        Default = Value;
      }
    }
    if (Out)
      Out->Default = std::move(Default);
    return Out;
  }

  // --- Structs deserialized from the environment -------------------------

  /// How a function reads a struct from the environment: envy
  /// (`envy::prefixed("APP_").from_env::<T>()`), the config crate
  /// (`Environment::with_prefix("APP").separator("__")` added to a builder,
  /// then `try_deserialize()`) or figment (`Env::prefixed("APP_").split("__")`
  /// merged, then `extract()`).
  std::optional<EnvRead> ActiveEnv;
  std::optional<bool> FileNamesEnvReaders;
  /// The structs read so (by name) and how.
  std::vector<std::pair<std::string, EnvRead>> Deserialized;
  /// Each struct's fields: declaration index, serde key, type name.
  struct StructField {
    size_t Declaration;
    std::string Key, Type;
    std::string DefaultFunction; ///< `#[serde(default = "f")]`
    bool Flatten = false;        ///< `#[serde(flatten)]`
  };
  std::map<uint32_t, std::vector<StructField>> StructFields;

  /// The value of \p Key in a `#[serde(...)]` attribute (`rename = "x"`,
  /// `default = "f"`).
  static std::optional<std::string> serdeValue(std::string_view Attr, std::string_view Key) {
    if (std::optional<AttributeItems> Items = attributeItems(Attr, {"serde"}))
      for (const auto &[K, Value] : *Items)
        if (K == Key && Value)
          return Value;
    return std::nullopt;
  }

  /// Whether a `#[serde(...)]` attribute has the bare item \p Key
  /// (`flatten`).
  static bool serdeFlag(std::string_view Attr, std::string_view Key) {
    if (std::optional<AttributeItems> Items = attributeItems(Attr, {"serde"}))
      for (const auto &[K, Value] : *Items)
        if (K == Key && !Value)
          return true;
    return false;
  }

  /// The struct a field's type names (`Option<T>` and `Box<T>` are T).
  std::string fieldTypeName(TSNode T) {
    std::string Name = typeName(T);
    if ((Name == "Option" || Name == "Box") && kind(T) == Sym::GenericType)
      if (TSNode Args = field(T, Fld.TypeArguments);
          !isNull(Args) && ts_node_named_child_count(Args))
        return typeName(ts_node_named_child(Args, 0));
    return Name;
  }

  /// The path a call's function names (`envy::from_env`), or for a method
  /// call its name after a dot (`.try_deserialize`).
  std::string callPath(TSNode Call) {
    TSNode Fn = field(Call, Fld.Function);
    if (!isNull(Fn) && kind(Fn) == Sym::GenericFunction)
      Fn = field(Fn, Fld.Function);
    if (isNull(Fn))
      return "";
    if (kind(Fn) == Sym::FieldExpression)
      return "." + text(field(Fn, Fld.Field));
    return text(Fn);
  }
  static bool pathEnds(const std::string &Path, std::string_view Tail) {
    return Path == Tail || (Path.size() > Tail.size() + 2 &&
                            Path.compare(Path.size() - Tail.size(), Tail.size(), Tail) == 0 &&
                            Path.compare(Path.size() - Tail.size() - 2, 2, "::") == 0);
  }
  /// The first argument of \p Call when it is a string literal.
  std::optional<std::string> firstString(TSNode Call) {
    TSNode Args = field(Call, Fld.Arguments);
    if (isNull(Args))
      return std::nullopt;
    for (TSNode A : named(Args)) {
      if (isComment(A))
        continue;
      if (kind(A) == Sym::StringLiteral)
        return stringValue(A);
      return std::nullopt;
    }
    return std::nullopt;
  }

  /// How the function \p Def (body \p Body, in the impl of class \p Class)
  /// reads a struct from the environment, if it does.
  std::optional<EnvRead> environmentRead(TSNode Def, TSNode Body, int Class) {
    static constexpr std::string_view Markers[] = {"envy::", "Environment::", "Env::"};
    auto Names = [](std::string_view Text) {
      return std::any_of(std::begin(Markers), std::end(Markers), [&](std::string_view M) {
        return Text.find(M) != std::string_view::npos;
      });
    };
    // Most files name none of them: one search of the file, not one per body.
    if (!FileNamesEnvReaders)
      FileNamesEnvReaders = Names(Source);
    if (!*FileNamesEnvReaders || !Names(view(Body)))
      return std::nullopt;
    std::optional<EnvRead> Out;
    std::optional<std::string> Separator, PrefixSeparator;
    std::map<uint32_t, std::string> Annotated;
    walk::preorder(Body, [&](TSNode N) {
      if (kind(N) == Sym::LetDeclaration) {
        TSNode Type = field(N, Fld.Type), Value = field(N, Fld.Value);
        if (std::string T = typeName(Type); !T.empty() && !isNull(Value))
          walk::preorder(Value, [&](TSNode V) {
            if (kind(V) == Sym::CallExpression)
              Annotated.emplace(ts_node_start_byte(V), T);
            return true;
          });
      }
      if (kind(N) == Sym::CallExpression) {
        std::string P = callPath(N);
        std::optional<std::string> Arg = firstString(N);
        auto Start = [&](EnvRead::Kind K, std::string Prefix) {
          if (!Out) {
            Out.emplace();
            Out->K = K;
            Out->Prefix = std::move(Prefix);
          }
        };
        if (pathEnds(P, "envy::from_env"))
          Start(EnvRead::Envy, "");
        else if (pathEnds(P, "envy::prefixed") && Arg)
          Start(EnvRead::Envy, *Arg);
        else if (pathEnds(P, "Environment::default") || pathEnds(P, "Environment::new"))
          Start(EnvRead::ConfigCrate, "");
        else if (pathEnds(P, "Environment::with_prefix") && Arg)
          Start(EnvRead::ConfigCrate, *Arg);
        else if (pathEnds(P, "Env::raw"))
          Start(EnvRead::Figment, "");
        else if (pathEnds(P, "Env::prefixed") && Arg)
          Start(EnvRead::Figment, *Arg);
        else if ((P == ".separator" || P == ".split") && Arg)
          Separator = *Arg;
        else if (P == ".prefix_separator" && Arg)
          PrefixSeparator = *Arg;
      }
      return true;
    });
    if (!Out)
      return std::nullopt;
    Out->Separator = Separator.value_or("");
    Out->PrefixSeparator = PrefixSeparator;
    Out->Annotated = std::move(Annotated);
    // `-> Result<Self>`, `-> anyhow::Result<Config>`: the first type that is
    // not a wrapper.
    TSNode Ret = field(Def, Fld.ReturnType);
    if (!isNull(Ret))
      walk::preorder(Ret, [&](TSNode N) {
        if (kind(N) != Sym::TypeIdentifier && view(N) != "Self")
          return true;
        std::string T = text(N);
        if (T == "Self" && Class >= 0)
          T = M.Classes[static_cast<size_t>(Class)].Name;
        if (T == "Result" || T == "Option" || T == "Box" || T == "Error" || T == "Self")
          return true;
        Out->Returned = T;
        return false;
      });
    return Out;
  }

  /// The call that makes the struct (`from_env`, `try_deserialize`,
  /// `extract`), in a function that reads one: an instance of the struct
  /// its turbofish or the function's result names.
  std::optional<NodeId> deserializedFromEnvironment(TSNode N) {
    std::string P = callPath(N);
    bool Makes = ActiveEnv->K == EnvRead::Envy ? (P == ".from_env" || pathEnds(P, "envy::from_env"))
                 : ActiveEnv->K == EnvRead::ConfigCrate ? P == ".try_deserialize"
                                                        : P == ".extract";
    if (!Makes)
      return std::nullopt;
    std::string Type = ActiveEnv->Returned;
    if (auto It = ActiveEnv->Annotated.find(ts_node_start_byte(N));
        It != ActiveEnv->Annotated.end())
      Type = It->second;
    if (TSNode Fn = field(N, Fld.Function); !isNull(Fn) && kind(Fn) == Sym::GenericFunction)
      if (TSNode Args = field(Fn, Fld.TypeArguments);
          !isNull(Args) && ts_node_named_child_count(Args))
        Type = typeName(ts_node_named_child(Args, 0));
    if (Type.empty())
      return std::nullopt;
    Deserialized.emplace_back(Type, *ActiveEnv);
    return add(NodeKind::Call, N, {}, {add(NodeKind::Name, N, Type)});
  }

  /// The free function of this file named \p Name, if there is one.
  const ir::Function *freeFunction(const std::string &Name) const {
    for (const ir::Function &Fn : M.Functions)
      if (!Name.empty() && Fn.Name == Name && Fn.Class < 0)
        return &Fn;
    return nullptr;
  }

  /// The variable \p Read gives the field at \p Path.
  static std::string environmentName(const EnvRead &Read, const std::vector<std::string> &Path) {
    std::string Joined;
    for (const std::string &P : Path)
      Joined += (Joined.empty() ? "" : Read.Separator) + P;
    std::string Name;
    if (Read.K == EnvRead::ConfigCrate && !Read.Prefix.empty())
      Name = Read.Prefix +
             Read.PrefixSeparator.value_or(Read.Separator.empty() ? "_" : Read.Separator) + Joined;
    else
      Name = Read.Prefix + Joined;
    return asciiUpper(std::move(Name));
  }

  /// Makes struct \p C, read by \p Read at \p Path, a settings class whose
  /// fields are those variables; a field whose type is another struct of
  /// this file is that struct, read one level down when the source splits
  /// names (a separator), or at this level when serde flattens it.
  void environmentStruct(uint32_t C, const EnvRead &Read, std::vector<std::string> Path,
                         std::set<uint32_t> &Marked) {
    auto Fields = StructFields.find(C);
    if (Fields == StructFields.end() || Path.size() > 8 || !Marked.insert(C).second)
      return;
    std::vector<EnvironmentField> Out;
    for (const StructField &F : Fields->second) {
      EnvironmentField E{F.Declaration, std::nullopt, std::nullopt};
      auto Nested = ClassByName.find(F.Type);
      if (Nested != ClassByName.end() && StructFields.count(Nested->second)) {
        // A flattened struct's fields are read at this level, under their own
        // names; another struct's one level down, when names are split.
        std::vector<std::string> Down = Path;
        if (!F.Flatten) {
          if (Read.Separator.empty() || Read.K == EnvRead::Envy)
            continue; // no variable names a nested field
          Down.push_back(F.Key);
        }
        environmentStruct(Nested->second, Read, Down, Marked);
        E.Nested = F.Type;
      } else {
        std::vector<std::string> Here = Path;
        Here.push_back(F.Key);
        E.Variable = environmentName(Read, Here);
        // `#[serde(default = "f")]`: f's literal, or else its value (what it
        // reads flows too).
        if (const ir::Function *D = freeFunction(F.DefaultFunction)) {
          if (D->Returns.size() == 1 && M.Nodes[D->Returns[0]].isString())
            E.Default = M.Nodes[D->Returns[0]].Text;
          else
            E.DefaultCall = F.DefaultFunction;
        }
      }
      Out.push_back(std::move(E));
    }
    environmentFields(C, "serde-env", "serde-env.field", Out);
  }

  /// A struct with clap `env` arguments is filled from the environment for
  /// those fields: it gets the base `clap-env`, which the models make a
  /// settings base, and each such field the value `clap-env.field(default,
  /// alias="NAME")`; its other fields come from the command line (part of the
  /// attested compose file) and are no settings fields.
  void clapFields(uint32_t C,
                  const std::vector<std::pair<size_t, std::optional<ClapEnv>>> &Declared) {
    if (std::none_of(Declared.begin(), Declared.end(), [](const auto &D) { return D.second; }))
      return;
    std::vector<EnvironmentField> Fields;
    for (const auto &[Index, Env] : Declared) {
      EnvironmentField F{Index, std::nullopt, std::nullopt};
      if (Env) {
        F.Variable = Env->Name;
        if (F.Variable->empty()) // `env` alone: the field's name in upper case
          F.Variable = asciiUpper(fn(M.Classes[C].Body).Assignments[Index].Lhs.Text);
        F.Default = Env->Default;
      }
      Fields.push_back(std::move(F));
    }
    environmentFields(C, "clap-env", "clap-env.field", Fields);
  }

  void implItem(TSNode S) {
    TSNode Type = field(S, Fld.Type), Body = field(S, Fld.Body);
    std::string Name = typeName(Type);
    if (Name.empty() || isNull(Body))
      return;
    int C = static_cast<int>(classNamed(Name, Type));
    for (TSNode D : named(Body))
      if (kind(D) == Sym::FunctionItem)
        function(D, 0, C);
  }

  uint32_t function(TSNode Def, uint32_t Parent, int Class) {
    ir::Function Fn;
    TSNode Name = field(Def, Fld.Name);
    Fn.Name = isNull(Name) ? "<closure>" : text(Name);
    Fn.NameWhere = isNull(Name) ? range(Def) : range(Name);
    Fn.Where = range(Def);
    Fn.Class = Class;
    bool Closure = kind(Def) == Sym::ClosureExpression;
    Fn.Parent = Closure || (Parent != 0 && Class < 0) ? static_cast<int>(Parent) : -1;
    Fn.QualifiedName = Class >= 0    ? M.Classes[static_cast<size_t>(Class)].Name + "." + Fn.Name
                       : Parent != 0 ? fn(Parent).QualifiedName + "." + Fn.Name
                                     : Fn.Name;
    for (TSNode Ch : named(Def))
      if (kind(Ch) == Sym::FunctionModifiers && view(Ch).find("async") != std::string_view::npos)
        Fn.IsAsync = true;
    M.Functions.push_back(std::move(Fn));
    uint32_t Index = static_cast<uint32_t>(M.Functions.size() - 1);
    if (Class >= 0)
      M.Classes[static_cast<size_t>(Class)].Methods.push_back(Index);
    bool HasSelf = parameters(field(Def, Fld.Parameters), Index);
    if (Class >= 0)
      fn(Index).IsStatic = !HasSelf;
    if (TSNode Body = field(Def, Fld.Body); !isNull(Body)) {
      std::optional<EnvRead> Outer = std::move(ActiveEnv);
      ActiveEnv = environmentRead(Def, Body, Class);
      NodeId V = kind(Body) == Sym::Block ? blockValue(Body, Index) : expr(Body, Index);
      if (V != NoNode)
        fn(Index).Returns.push_back(V);
      ActiveEnv = std::move(Outer);
    }
    if (!Closure && Class < 0) {
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = fn(Index).Name;
      A.Lhs.Where = fn(Index).NameWhere;
      A.Value = ref(NodeKind::Function, fn(Index).NameWhere, fn(Index).Name, Index);
      fn(Parent).Assignments.push_back(std::move(A));
    }
    return Index;
  }

  /// Returns whether the list has a `self` parameter.
  bool parameters(TSNode List, uint32_t F) {
    bool Self = false;
    if (isNull(List))
      return Self;
    if (kind(List) == Sym::ClosureParameters) {
      // `|_, x|`: a `_` is a token, not a named node, but takes its place.
      for (uint32_t I = 0, N = ts_node_child_count(List); I < N; ++I) {
        TSNode P = ts_node_child(List, I);
        if (!ts_node_is_named(P) && view(P) != "_")
          continue;
        ir::Parameter Out;
        Out.Where = range(P);
        Out.Name = view(P) == "_"              ? "_"
                   : kind(P) == Sym::Parameter ? patternName(field(P, Fld.Pattern))
                                               : patternName(P);
        if (Out.Name.empty())
          Out.Name = "<pattern>" + std::to_string(fn(F).Params.size());
        fn(F).Params.push_back(std::move(Out));
      }
      return Self;
    }
    for (TSNode P : named(List)) {
      ir::Parameter Out;
      Out.Where = range(P);
      switch (kind(P)) {
      case Sym::SelfParameter:
        Out.Name = "self";
        Self = true;
        break;
      case Sym::Parameter: {
        TSNode Pat = field(P, Fld.Pattern);
        Out.Name = patternName(Pat);
        Out.Annotation = text(field(P, Fld.Type));
        if (!isNull(Pat) && kind(Pat) == Sym::Self) {
          Out.Name = "self";
          Self = true;
        }
        break;
      }
      default:
        if (isComment(P))
          continue;
        // A closure parameter is a bare pattern.
        Out.Name = patternName(P);
        break;
      }
      bool Destructured = Out.Name.empty() && kind(P) == Sym::Parameter;
      if (Out.Name.empty())
        Out.Name = "<pattern>" + std::to_string(fn(F).Params.size());
      std::string Name = Out.Name;
      fn(F).Params.push_back(std::move(Out));
      // `Json(body): Json<T>`: the pattern's names are bound from the
      // parameter.
      if (Destructured) {
        TSNode Pat = field(P, Fld.Pattern);
        bind(Pat, add(NodeKind::Name, Pat, Name), F);
      }
    }
    return Self;
  }

  std::string patternName(TSNode P) {
    while (!isNull(P)) {
      switch (kind(P)) {
      case Sym::Identifier:
        return text(P);
      case Sym::MutPattern:
      case Sym::RefPattern:
      case Sym::ReferencePattern:
        P = ts_node_named_child(P, ts_node_named_child_count(P) - 1);
        continue;
      default:
        return "";
      }
    }
    return "";
  }

  // --- Patterns -----------------------------------------------------------

  /// Binds the names of pattern \p P to \p Value in \p F.
  void bind(TSNode P, NodeId Value, uint32_t F, bool Iteration = false) {
    if (isNull(P))
      return;
    ir::Target T = pattern(P);
    if (T.K == ir::Target::Name && (T.Text.empty() || T.Text == "_"))
      return;
    if (T.K == ir::Target::Tuple && T.Elements.empty())
      return;
    ir::Assignment A;
    A.Lhs = std::move(T);
    A.Value = Value;
    A.Iteration = Iteration;
    fn(F).Assignments.push_back(std::move(A));
  }

  ir::Target pattern(TSNode P) {
    ir::Target T;
    T.Where = range(P);
    DepthGuard G(*this);
    if (!G.ok())
      return T;
    switch (kind(P)) {
    case Sym::Identifier:
      T.K = ir::Target::Name;
      T.Text = text(P);
      return T;
    case Sym::MutPattern:
    case Sym::RefPattern:
    case Sym::ReferencePattern:
      if (uint32_t N = ts_node_named_child_count(P))
        return pattern(ts_node_named_child(P, N - 1));
      return T;
    case Sym::CapturedPattern: // `x @ Some(_)` binds x
    case Sym::MatchPattern:    // the pattern, then its guard
      if (ts_node_named_child_count(P))
        return pattern(ts_node_named_child(P, 0));
      return T;
    case Sym::TuplePattern:
    case Sym::TupleStructPattern:
    case Sym::SlicePattern:
      // `Ok(v)`, `Some(v)`, `(a, b)`: the elements, taken apart in order.
      T.K = ir::Target::Tuple;
      for (walk::FieldedChild Ch : fielded(P)) {
        if (Ch.Field == Fld.Type || isComment(Ch.Node))
          continue;
        T.Elements.push_back(pattern(Ch.Node));
      }
      // One element: the value itself (`Some(v)` binds what is inside).
      if (T.Elements.size() == 1 && kind(P) == Sym::TupleStructPattern) {
        ir::Target Inner = std::move(T.Elements.front());
        return Inner;
      }
      return T;
    case Sym::StructPattern:
      T.K = ir::Target::Tuple;
      for (TSNode FP : named(P)) {
        if (kind(FP) != Sym::FieldPattern)
          continue;
        TSNode Name = field(FP, Fld.Name), Inner = field(FP, Fld.Pattern);
        ir::Target E = isNull(Inner) ? pattern(Name) : pattern(Inner);
        if (!isNull(Name) && kind(Name) == Sym::ShorthandFieldIdentifier) {
          E.K = ir::Target::Name;
          E.Text = text(Name);
        }
        E.Property = text(Name);
        T.Elements.push_back(std::move(E));
      }
      return T;
    case Sym::OrPattern: // the names of the first alternative
      if (ts_node_named_child_count(P))
        return pattern(ts_node_named_child(P, 0));
      return T;
    default:
      T.K = ir::Target::Name; // literals, ranges, `_`: no name
      T.Text = "_";
      return T;
    }
  }

  // --- Expressions --------------------------------------------------------

  NodeId choiceOf(TSNode At, const std::vector<NodeId> &Values) {
    std::vector<NodeId> Real;
    for (NodeId V : Values)
      if (V != NoNode)
        Real.push_back(V);
    if (Real.empty())
      return unknown(At);
    if (Real.size() == 1)
      return Real.front();
    NodeId C = add(NodeKind::Choice, At);
    M.Nodes[C].Operands.assign(Real.begin(), Real.end());
    return C;
  }

  /// A condition: `let` patterns bind, the rest is evaluated.
  void condition(TSNode C, uint32_t F) {
    if (isNull(C))
      return;
    switch (kind(C)) {
    case Sym::LetCondition:
      bind(field(C, Fld.Pattern), expr(field(C, Fld.Value), F), F);
      return;
    case Sym::LetChain:
      for (TSNode Ch : named(C))
        condition(Ch, F);
      return;
    default:
      evaluated(F, expr(C, F));
      return;
    }
  }

  /// The arguments of a call that are not comments.
  std::vector<TSNode> callArguments(TSNode Call) {
    std::vector<TSNode> Out;
    if (TSNode A = field(Call, Fld.Arguments); !isNull(A))
      for (TSNode E : named(A))
        if (!isComment(E))
          Out.push_back(E);
    return Out;
  }

  /// The string literal a call converts to a String (`"x".to_string()`,
  /// `.into()`, `.to_owned()`, `String::from("x")`), or a null node.
  TSNode literalConversion(TSNode Call) {
    auto IsString = [&](TSNode X) {
      return !isNull(X) && (kind(X) == Sym::StringLiteral || kind(X) == Sym::RawStringLiteral);
    };
    if (kind(Call) != Sym::CallExpression)
      return {};
    TSNode Fn = field(Call, Fld.Function);
    std::vector<TSNode> Args = callArguments(Call);
    if (isNull(Fn))
      return {};
    if (kind(Fn) == Sym::ScopedIdentifier && view(Fn) == "String::from" && Args.size() == 1 &&
        IsString(Args[0]))
      return Args[0];
    if (kind(Fn) != Sym::FieldExpression || !Args.empty())
      return {};
    TSNode Recv = field(Fn, Fld.Value);
    std::string_view Method = view(field(Fn, Fld.Field));
    if ((Method == "to_string" || Method == "to_owned" || Method == "into") && IsString(Recv))
      return Recv;
    return {};
  }

  /// Calls that read as something simpler: a string literal converted to a
  /// String (`"x".to_string()`, `.into()`, `.to_owned()`, `String::from("x")`)
  /// is the literal, and `r.unwrap_or(d)` (or `unwrap_or_else(|_| d)` with a
  /// literal d) is r with the fallback d, as `r ?? d` would be.
  std::optional<NodeId> conversionOrFallback(TSNode Call, uint32_t F) {
    TSNode Fn = field(Call, Fld.Function);
    std::vector<TSNode> Args = callArguments(Call);
    auto IsString = [&](TSNode X) {
      return !isNull(X) && (kind(X) == Sym::StringLiteral || kind(X) == Sym::RawStringLiteral);
    };
    if (TSNode Lit = literalConversion(Call); !isNull(Lit))
      return expr(Lit, F);
    if (isNull(Fn) || kind(Fn) != Sym::FieldExpression)
      return std::nullopt;
    TSNode Recv = field(Fn, Fld.Value);
    std::string_view Method = view(field(Fn, Fld.Field));
    if (Args.size() != 1 || isNull(Recv))
      return std::nullopt;
    TSNode Default = Args[0];
    if (Method == "unwrap_or_else") {
      if (kind(Default) != Sym::ClosureExpression)
        return std::nullopt;
      Default = field(Default, Fld.Body);
      // `|_| "x".to_string()`: the literal, not a call of the closure.
      if (!isNull(Default) && kind(Default) == Sym::Block &&
          ts_node_named_child_count(Default) == 1)
        Default = ts_node_named_child(Default, 0);
      // Only a literal: the closure's names are not in scope here.
      if (isNull(Default) || !(IsString(Default) || !isNull(literalConversion(Default))))
        return std::nullopt;
    } else if (Method != "unwrap_or") {
      return std::nullopt;
    }
    NodeId R = expr(Recv, F);
    NodeId D = expr(Default, F);
    NodeId Out = add(NodeKind::Choice, Call, {}, {R, D});
    M.Nodes[Out].Op = ir::Op::NullishFallback;
    return Out;
  }

  NodeId expr(TSNode N, uint32_t F) {
    if (isNull(N))
      return add(NodeKind::Unknown, ir::Range{});
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return unknown(N);
    }
    switch (kind(N)) {
    case Sym::Self:
      return add(NodeKind::Name, N, view(N));
    case Sym::Crate:
    case Sym::Super:
      // `crate::m::f()`, `super::f()`: the root of a path within the crate,
      // imported as a module in finish().
      PathRoots.insert(std::string(view(N)));
      return add(NodeKind::Name, N, view(N));
    case Sym::StringLiteral:
    case Sym::RawStringLiteral:
      return stringLiteral(N, stringValue(N));
    case Sym::BooleanLiteral:
      return literal(N, view(N) == "true" ? ir::Op::True : ir::Op::False);
    case Sym::IntegerLiteral:
    case Sym::FloatLiteral:
    case Sym::CharLiteral:
      return literal(N);
    case Sym::UnitExpression:
      return literal(N, ir::Op::NoValue);
    case Sym::ScopedIdentifier:
    case Sym::ScopedTypeIdentifier: {
      TSNode Path = field(N, Fld.Path), Name = field(N, Fld.Name);
      if (isNull(Path))
        return add(NodeKind::Name, N, view(Name));
      NodeId P = expr(Path, F);
      return add(NodeKind::Attribute, N, view(Name), {P});
    }
    case Sym::GenericType:
    case Sym::GenericTypeWithTurbofish:
      return expr(field(N, Fld.Type), F);
    case Sym::GenericFunction:
      return expr(field(N, Fld.Function), F);
    case Sym::TypeIdentifier:
    case Sym::Identifier:
      if (view(N) == "Self")
        if (int C = enclosingClass(F); C >= 0) // `Self { .. }`, `Self::new()` in an impl
          return add(NodeKind::Name, N, M.Classes[static_cast<uint32_t>(C)].Name);
      return add(NodeKind::Name, N, view(N));
    case Sym::FieldExpression: {
      NodeId O = expr(field(N, Fld.Value), F);
      return add(NodeKind::Attribute, N, view(field(N, Fld.Field)), {O});
    }
    case Sym::IndexExpression:
      if (ts_node_named_child_count(N) == 2) {
        NodeId O = expr(ts_node_named_child(N, 0), F);
        NodeId I = expr(ts_node_named_child(N, 1), F);
        return add(NodeKind::Subscript, N, {}, {O, I});
      }
      break;
    case Sym::CallExpression: {
      if (std::optional<NodeId> Special = conversionOrFallback(N, F))
        return *Special;
      if (ActiveEnv)
        if (std::optional<NodeId> Made = deserializedFromEnvironment(N))
          return *Made;
      NodeId C = expr(field(N, Fld.Function), F);
      NodeId Out = add(NodeKind::Call, N, {}, {C});
      std::vector<ir::Argument> Args;
      if (TSNode A = field(N, Fld.Arguments); !isNull(A))
        for (TSNode E : named(A)) {
          if (isComment(E))
            continue;
          ir::Argument Arg;
          Arg.Value = expr(E, F);
          Arg.StringLiteral = M.Nodes[Arg.Value].isString();
          Args.push_back(std::move(Arg));
        }
      M.Nodes[Out].Args = std::move(Args);
      return Out;
    }
    case Sym::MacroInvocation:
      return macro(N, F);
    case Sym::StructExpression:
      return structExpression(N, F);
    case Sym::TupleExpression:
    case Sym::ArrayExpression: {
      std::vector<ir::Argument> Args;
      for (TSNode E : named(N))
        if (!isComment(E))
          Args.push_back({"", expr(E, F)});
      NodeId C = add(NodeKind::Container, N);
      M.Nodes[C].Args = std::move(Args);
      return C;
    }
    case Sym::ReferenceExpression:
      return add(NodeKind::PassThrough, N, "&", {expr(field(N, Fld.Value), F)});
    case Sym::TypeCastExpression:
      return add(NodeKind::PassThrough, N, "as", {expr(field(N, Fld.Value), F)});
    case Sym::TryExpression:
    case Sym::AwaitExpression:
    case Sym::ParenthesizedExpression:
      if (ts_node_named_child_count(N))
        return add(NodeKind::PassThrough, N, {}, {expr(ts_node_named_child(N, 0), F)});
      break;
    case Sym::UnaryExpression:
      if (ts_node_named_child_count(N)) {
        NodeId O = expr(ts_node_named_child(N, 0), F);
        if (view(N).substr(0, 1) == "*")
          return add(NodeKind::PassThrough, N, "*", {O});
        return add(NodeKind::Unknown, N, view(N).substr(0, 1), {O});
      }
      break;
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
    case Sym::AssignmentExpression:
    case Sym::CompoundAssignmentExpr: {
      TSNode Left = field(N, Fld.Left);
      NodeId V = expr(field(N, Fld.Right), F);
      if (kind(N) == Sym::CompoundAssignmentExpr) {
        std::string_view Op = view(field(N, Fld.Operator));
        NodeId Old = expr(Left, F);
        V = add(Op == "+=" ? NodeKind::StringBuild : NodeKind::Unknown, N, {}, {Old, V});
      }
      ir::Assignment A;
      A.Lhs = target(Left, F);
      A.Value = V;
      fn(F).Assignments.push_back(std::move(A));
      return noValue(N);
    }
    case Sym::Block:
    case Sym::UnsafeBlock:
    case Sym::AsyncBlock:
    case Sym::ConstBlock: {
      TSNode B = kind(N) == Sym::Block ? N : ts_node_named_child(N, 0);
      if (isNull(B))
        break;
      NodeId V = blockValue(B, F);
      return V == NoNode ? noValue(N) : V;
    }
    case Sym::IfExpression: {
      condition(field(N, Fld.Condition), F);
      std::vector<NodeId> Values;
      if (TSNode C = field(N, Fld.Consequence); !isNull(C))
        Values.push_back(blockValue(C, F));
      if (TSNode Else = field(N, Fld.Alternative); !isNull(Else))
        for (TSNode E : named(Else))
          if (!isComment(E))
            Values.push_back(expr(E, F));
      return choiceOf(N, Values);
    }
    case Sym::MatchExpression: {
      NodeId Value = expr(field(N, Fld.Value), F);
      evaluated(F, Value);
      std::vector<NodeId> Values;
      if (TSNode Arms = field(N, Fld.Body); !isNull(Arms))
        for (TSNode Arm : named(Arms)) {
          if (kind(Arm) != Sym::MatchArm)
            continue;
          TSNode Pat = field(Arm, Fld.Pattern);
          if (!isNull(Pat)) {
            bind(Pat, Value, F);
            if (TSNode Guard = field(Pat, Fld.Condition); !isNull(Guard))
              condition(Guard, F);
          }
          if (TSNode V = field(Arm, Fld.Value); !isNull(V))
            Values.push_back(expr(V, F));
        }
      return choiceOf(N, Values);
    }
    case Sym::ForExpression: {
      NodeId Over = expr(field(N, Fld.Value), F);
      bind(field(N, Fld.Pattern), Over, F, /*Iteration=*/true);
      if (TSNode B = field(N, Fld.Body); !isNull(B))
        blockValue(B, F);
      return noValue(N);
    }
    case Sym::WhileExpression:
      condition(field(N, Fld.Condition), F);
      if (TSNode B = field(N, Fld.Body); !isNull(B))
        blockValue(B, F);
      return noValue(N);
    case Sym::LoopExpression:
      if (TSNode B = field(N, Fld.Body); !isNull(B))
        blockValue(B, F);
      return unknown(N);
    case Sym::ReturnExpression:
      if (ts_node_named_child_count(N))
        fn(F).Returns.push_back(expr(ts_node_named_child(N, 0), F));
      return noValue(N);
    case Sym::ClosureExpression: {
      uint32_t Index = function(N, F, -1);
      return ref(NodeKind::Function, range(N), fn(Index).Name, Index);
    }
    default:
      break;
    }
    // Anything else (ranges, let chains in odd places): its parts flow.
    NodeId U = unknown(N);
    std::vector<NodeId> Parts;
    for (TSNode Ch : named(N))
      if (!isComment(Ch))
        Parts.push_back(expr(Ch, F));
    M.Nodes[U].Operands.assign(Parts.begin(), Parts.end());
    return U;
  }

  ir::Target target(TSNode N, uint32_t F) {
    ir::Target T;
    T.Where = range(N);
    switch (kind(N)) {
    case Sym::FieldExpression:
      T.K = ir::Target::Attribute;
      T.Object = expr(field(N, Fld.Value), F);
      T.Text = text(field(N, Fld.Field));
      return T;
    case Sym::IndexExpression:
      if (ts_node_named_child_count(N) == 2) {
        T.K = ir::Target::Subscript;
        T.Object = expr(ts_node_named_child(N, 0), F);
        T.Key = expr(ts_node_named_child(N, 1), F);
        return T;
      }
      break;
    case Sym::UnaryExpression: // `*r = v`
    case Sym::ParenthesizedExpression:
      if (ts_node_named_child_count(N))
        return target(ts_node_named_child(N, 0), F);
      break;
    default:
      break;
    }
    T.K = ir::Target::Name;
    T.Text = text(N);
    return T;
  }

  /// The class of the impl block function \p F (or a closure in it) is in,
  /// or -1.
  int enclosingClass(uint32_t F) {
    for (int I = static_cast<int>(F); I >= 0; I = M.Functions[static_cast<uint32_t>(I)].Parent)
      if (M.Functions[static_cast<uint32_t>(I)].Class >= 0)
        return M.Functions[static_cast<uint32_t>(I)].Class;
    return -1;
  }

  /// `T { f: v, g, ..base }`: a call of the struct type with keywords.
  NodeId structExpression(TSNode N, uint32_t F) {
    NodeId Type = expr(field(N, Fld.Name), F);
    std::vector<ir::Argument> Args;
    if (TSNode Body = field(N, Fld.Body); !isNull(Body))
      for (TSNode I : named(Body)) {
        ir::Argument A;
        switch (kind(I)) {
        case Sym::FieldInitializer:
          A.Keyword = text(field(I, Fld.Field));
          A.Value = expr(field(I, Fld.Value), F);
          break;
        case Sym::ShorthandFieldInitializer:
          if (!ts_node_named_child_count(I))
            continue;
          A.Keyword = text(ts_node_named_child(I, ts_node_named_child_count(I) - 1));
          A.Value = add(NodeKind::Name, I, A.Keyword);
          break;
        case Sym::BaseFieldInitializer:
          if (!ts_node_named_child_count(I))
            continue;
          A.KeywordSpread = true;
          A.Value = expr(ts_node_named_child(I, 0), F);
          break;
        default:
          continue;
        }
        A.StringLiteral = M.Nodes[A.Value].isString();
        Args.push_back(std::move(A));
      }
    NodeId C = add(NodeKind::Call, N, {}, {Type});
    M.Nodes[C].Args = std::move(Args);
    return C;
  }

  /// Macros: their token trees are not parsed, so the names and literals in
  /// them are what flows.
  NodeId macro(TSNode N, uint32_t F) {
    TSNode Name = field(N, Fld.Macro);
    std::string MacroName = isNull(Name) ? "" : dotted(Name);
    std::vector<NodeId> Parts;
    for (TSNode Ch : named(N))
      if (kind(Ch) == Sym::TokenTree)
        tokens(Ch, F, Parts);
    if (MacroName == "format" || MacroName == "concat" || MacroName == "format_args") {
      NodeId B = add(NodeKind::StringBuild, N, MacroName + "!");
      M.Nodes[B].Operands.assign(Parts.begin(), Parts.end());
      return B;
    }
    NodeId Callee = add(NodeKind::Name, isNull(Name) ? range(N) : range(Name), MacroName + "!");
    NodeId C = add(NodeKind::Call, N, {}, {Callee});
    for (NodeId P : Parts)
      M.Nodes[C].Args.push_back({"", P});
    return C;
  }

  /// The values a macro's tokens name: identifiers, `self`, field chains
  /// (`cfg.llm.url`) and string literals.
  void tokens(TSNode Tree, uint32_t F, std::vector<NodeId> &Out) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Tree);
    // Chain: the value the tokens so far name; Receiver: what it is a field
    // of, if anything (a method call `s.trim()` keeps its receiver's value).
    NodeId Chain = NoNode, Receiver = NoNode;
    bool AfterDot = false;
    auto Flush = [&] {
      if (Chain != NoNode)
        Out.push_back(Chain);
      Chain = Receiver = NoNode;
      AfterDot = false;
    };
    for (uint32_t I = 0, N = ts_node_child_count(Tree); I < N; ++I) {
      TSNode T = ts_node_child(Tree, I);
      if (!ts_node_is_named(T)) {
        if (Chain != NoNode && !AfterDot && view(T) == ".")
          AfterDot = true;
        else
          Flush();
        continue;
      }
      switch (kind(T)) {
      case Sym::TokenTree:
        if (Receiver != NoNode && view(T).substr(0, 1) == "(")
          Chain = Receiver; // a method call, not a field
        Flush();
        tokens(T, F, Out);
        break;
      case Sym::Identifier:
        if (AfterDot) {
          Receiver = Chain;
          Chain = add(NodeKind::Attribute, T, view(T), {Chain});
          AfterDot = false;
          break;
        }
        Flush();
        Chain = expr(T, F);
        break;
      case Sym::Self:
        Flush();
        Chain = expr(T, F);
        break;
      case Sym::StringLiteral:
      case Sym::RawStringLiteral:
        Flush();
        Out.push_back(expr(T, F));
        break;
      default:
        Flush();
        break;
      }
    }
    Flush();
  }
};

} // namespace

ir::Module lowerRust(std::string_view Path, std::string_view Source, TSNode Root,
                     const LoweringOptions &Opts) {
  const Grammar &G = grammarOf(Root);
  return Lowerer(Path, Source, Opts, G).run(Root);
}

} // namespace teetidy::frontend
