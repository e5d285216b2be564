#include "frontend/PythonLowering.h"

#include <cstring>
#include <unordered_map>
#include <string>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NoNode;
using ir::NodeKind;

std::string_view type(TSNode N) { return ts_node_type(N); }

/// Child \p Name of \p N. Field ids are looked up once per name: the lookup
/// by name compares it with every field name of the grammar.
TSNode field(TSNode N, const char *Name) {
  thread_local std::unordered_map<const char *, TSFieldId> Ids;
  TSFieldId &Id = Ids[Name];
  if (!Id)
    Id = ts_language_field_id_for_name(ts_tree_language(N.tree), Name,
                                       static_cast<uint32_t>(std::strlen(Name)));
  return ts_node_child_by_field_id(N, Id);
}

bool isNull(TSNode N) { return ts_node_is_null(N); }

/// The named children of a node, for range-for: one cursor walk, no
/// allocation (indexing children one by one costs time proportional to the
/// index in tree-sitter).
class NamedChildren {
public:
  explicit NamedChildren(TSNode N) : Cursor(ts_tree_cursor_new(N)) {}
  ~NamedChildren() { ts_tree_cursor_delete(&Cursor); }
  NamedChildren(const NamedChildren &) = delete;
  NamedChildren &operator=(const NamedChildren &) = delete;

  class Iterator {
  public:
    Iterator(TSTreeCursor *C, bool Done) : C(C), Done(Done) { skipUnnamed(); }
    TSNode operator*() const { return ts_tree_cursor_current_node(C); }
    Iterator &operator++() {
      Done = !ts_tree_cursor_goto_next_sibling(C);
      skipUnnamed();
      return *this;
    }
    bool operator!=(const Iterator &O) const { return Done != O.Done; }

  private:
    void skipUnnamed() {
      while (!Done && !ts_node_is_named(ts_tree_cursor_current_node(C)))
        Done = !ts_tree_cursor_goto_next_sibling(C);
    }
    TSTreeCursor *C;
    bool Done;
  };
  Iterator begin() { return Iterator(&Cursor, !ts_tree_cursor_goto_first_child(&Cursor)); }
  Iterator end() { return Iterator(&Cursor, true); }

private:
  TSTreeCursor Cursor;
};

NamedChildren namedChildren(TSNode N) { return NamedChildren(N); }

/// Appends the UTF-8 encoding of \p CP.
void appendUtf8(std::string &Out, uint32_t CP) {
  if (CP < 0x80) {
    Out += static_cast<char>(CP);
  } else if (CP < 0x800) {
    Out += static_cast<char>(0xC0 | (CP >> 6));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else if (CP < 0x10000) {
    Out += static_cast<char>(0xE0 | (CP >> 12));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else {
    Out += static_cast<char>(0xF0 | (CP >> 18));
    Out += static_cast<char>(0x80 | ((CP >> 12) & 0x3F));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  }
}

/// Decodes one escape sequence (`\n`, `\x41`, `\u00e9`, ...).
void decodeEscape(std::string_view Esc, std::string &Out) {
  if (Esc.size() < 2) {
    Out += Esc;
    return;
  }
  char C = Esc[1];
  auto Hex = [&](size_t From) -> uint32_t {
    uint32_t V = 0;
    for (size_t I = From; I < Esc.size(); ++I) {
      char H = Esc[I];
      uint32_t D = H >= '0' && H <= '9'   ? static_cast<uint32_t>(H - '0')
                   : H >= 'a' && H <= 'f' ? static_cast<uint32_t>(H - 'a' + 10)
                   : H >= 'A' && H <= 'F' ? static_cast<uint32_t>(H - 'A' + 10)
                                          : 0;
      V = V * 16 + D;
    }
    return V;
  };
  switch (C) {
  case 'n': Out += '\n'; return;
  case 't': Out += '\t'; return;
  case 'r': Out += '\r'; return;
  case '0': case '1': case '2': case '3': case '4': case '5': case '6':
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
                                        ts_node_end_byte(String) -
                                            ts_node_start_byte(String));
  for (char C : Text) {
    if (C == '\'' || C == '"')
      break;
    if (C == 'r' || C == 'R')
      return true;
  }
  return false;
}

class Lowerer {
public:
  Lowerer(std::string_view Path, std::string_view Src,
          const LoweringOptions &Opts)
      : Source(Src), Opts(Opts) {
    M.Path = std::string(Path);
  }

  ir::Module run(TSNode Root) {
    ir::Function Top;
    Top.Name = Top.QualifiedName = "<module>";
    Top.Where = range(Root);
    M.Functions.push_back(std::move(Top));
    block(Root, 0);
    return std::move(M);
  }

private:
  std::string_view Source;
  const LoweringOptions &Opts;
  ir::Module M;
  unsigned Depth = 0;
  bool LimitReported = false;

  /// RAII depth counter; `ok()` is false past the limit.
  struct DepthGuard {
    Lowerer &L;
    explicit DepthGuard(Lowerer &Low) : L(Low) { ++L.Depth; }
    ~DepthGuard() { --L.Depth; }
    bool ok() const { return L.Depth <= L.Opts.MaxDepth; }
  };

  void limit(TSNode N) {
    if (LimitReported)
      return;
    LimitReported = true;
    M.Limits.push_back(
        {range(N), "code nested more than " + std::to_string(Opts.MaxDepth) +
                       " levels deep was not analysed"});
  }

  ir::Range range(TSNode N) const {
    return {ts_node_start_byte(N), ts_node_end_byte(N)};
  }
  std::string text(TSNode N) const {
    return std::string(Source.substr(ts_node_start_byte(N),
                                     ts_node_end_byte(N) - ts_node_start_byte(N)));
  }

  NodeId add(ir::Node N) {
    M.Nodes.push_back(std::move(N));
    return static_cast<NodeId>(M.Nodes.size() - 1);
  }
  NodeId add(NodeKind K, TSNode At, std::string Text = {},
             std::vector<NodeId> Operands = {}) {
    ir::Node N;
    N.Kind = K;
    N.Where = range(At);
    N.Text = std::move(Text);
    N.Operands = std::move(Operands);
    return add(std::move(N));
  }

  ir::Function &fn(uint32_t F) { return M.Functions[F]; }
  // Lowering an expression may add functions (lambdas) and so move
  // M.Functions: lower first, then take the function.
  void evaluated(uint32_t F, NodeId N) { fn(F).Evaluated.push_back(N); }
  void returned(uint32_t F, NodeId N) { fn(F).Returns.push_back(N); }

  // --- Statements -------------------------------------------------------

  /// Lowers the statements under \p Block into function \p F.
  void block(TSNode Block, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Block);
    for (TSNode S : namedChildren(Block))
      statement(S, F);
  }

  void statement(TSNode S, uint32_t F) {
    std::string_view T = type(S);
    if (T == "expression_statement") {
      for (TSNode E : namedChildren(S)) {
        std::string_view ET = type(E);
        if (ET == "assignment" || ET == "augmented_assignment")
          assignment(E, F);
        else
          evaluated(F, expr(E, F));
      }
    } else if (T == "return_statement") {
      for (TSNode R : namedChildren(S))
        returned(F, expr(R, F));
    } else if (T == "function_definition") {
      function(S, F, {});
    } else if (T == "class_definition") {
      classDef(S, F, {});
    } else if (T == "decorated_definition") {
      std::vector<NodeId> Decorators;
      for (TSNode D : namedChildren(S)) {
        if (type(D) == "decorator" && ts_node_named_child_count(D))
          Decorators.push_back(expr(ts_node_named_child(D, 0), F));
      }
      TSNode Def = field(S, "definition");
      if (isNull(Def))
        return;
      if (type(Def) == "function_definition")
        function(Def, F, std::move(Decorators));
      else if (type(Def) == "class_definition")
        classDef(Def, F, std::move(Decorators));
    } else if (T == "import_statement") {
      importStatement(S, F);
    } else if (T == "import_from_statement" || T == "future_import_statement") {
      importFrom(S, F);
    } else if (T == "for_statement") {
      ir::Assignment A;
      A.Lhs = target(field(S, "left"), F);
      A.Value = expr(field(S, "right"), F);
      A.Iteration = true;
      fn(F).Assignments.push_back(std::move(A));
      bodies(S, F);
    } else if (T == "with_statement") {
      withStatement(S, F);
    } else {
      // if / while / try / match and friends: conditions are evaluated,
      // nested blocks are lowered into the same function.
      for (TSNode Child : namedChildren(S)) {
        std::string_view CT = type(Child);
        if (CT == "block" || CT.find("clause") != std::string_view::npos ||
            CT == "case_clause")
          statementContainer(Child, F);
        else if (isExpression(Child))
          evaluated(F, expr(Child, F));
        else if (CT.find("statement") != std::string_view::npos ||
                 CT.find("definition") != std::string_view::npos)
          statement(Child, F);
      }
    }
  }

  /// A block, or a clause (`else:`, `except E as e:`) holding one.
  void statementContainer(TSNode N, uint32_t F) {
    if (type(N) == "block")
      return block(N, F);
    DepthGuard G(*this);
    if (!G.ok())
      return limit(N);
    for (TSNode Child : namedChildren(N)) {
      std::string_view CT = type(Child);
      if (CT == "block" || CT.find("clause") != std::string_view::npos)
        statementContainer(Child, F);
      else if (CT.find("statement") != std::string_view::npos ||
               CT.find("definition") != std::string_view::npos)
        statement(Child, F);
      else if (isExpression(Child))
        evaluated(F, expr(Child, F));
    }
  }

  void bodies(TSNode S, uint32_t F) {
    for (TSNode Child : namedChildren(S)) {
      std::string_view CT = type(Child);
      if (CT == "with_clause")
        continue; // its items were lowered as bindings
      if (CT == "block" || CT.find("clause") != std::string_view::npos)
        statementContainer(Child, F);
    }
  }

  static bool isExpression(TSNode N) {
    std::string_view T = type(N);
    return T != "comment" && T.find("statement") == std::string_view::npos &&
           T != "block" && T.find("clause") == std::string_view::npos &&
           T != "pass_statement";
  }

  void assignment(TSNode A, uint32_t F) {
    TSNode Left = field(A, "left"), Right = field(A, "right"),
           Type = field(A, "type");
    ir::Assignment Out;
    Out.Lhs = target(Left, F);
    if (!isNull(Type))
      Out.Annotation = text(Type);
    if (isNull(Right)) {
      // `x: int` declares without a value; keep it for class fields.
      fn(F).Assignments.push_back(std::move(Out));
      return;
    }
    if (type(Right) == "assignment") {
      // Chained `a = b = v`: lower the inner one, then a = b's value.
      assignment(Right, F);
      TSNode InnerLeft = field(Right, "left");
      Out.Value = expr(InnerLeft, F);
    } else {
      Out.Value = expr(Right, F);
    }
    if (type(A) == "augmented_assignment") {
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
    std::string_view Ty = type(N);
    if (Ty == "identifier") {
      T.K = ir::Target::Name;
      T.Text = text(N);
    } else if (Ty == "attribute") {
      T.K = ir::Target::Attribute;
      T.Object = expr(field(N, "object"), F);
      T.Text = text(field(N, "attribute"));
    } else if (Ty == "subscript") {
      T.K = ir::Target::Subscript;
      T.Object = expr(field(N, "value"), F);
      T.Key = expr(field(N, "subscript"), F);
    } else if (Ty == "pattern_list" || Ty == "tuple_pattern" ||
               Ty == "list_pattern" || Ty == "expression_list" ||
               Ty == "tuple" || Ty == "list") {
      T.K = ir::Target::Tuple;
      DepthGuard G(*this);
      if (!G.ok()) {
        limit(N);
        return T;
      }
      for (TSNode E : namedChildren(N)) {
        if (type(E) == "list_splat_pattern" || type(E) == "list_splat") {
          T.StarredIndex = static_cast<int>(T.Elements.size());
          if (ts_node_named_child_count(E))
            E = ts_node_named_child(E, 0);
        }
        T.Elements.push_back(target(E, F));
      }
    } else if (Ty == "parenthesized_expression" && ts_node_named_child_count(N)) {
      return target(ts_node_named_child(N, 0), F);
    } else {
      T.K = ir::Target::Name;
      T.Text = text(N);
    }
    return T;
  }

  void withStatement(TSNode S, uint32_t F) {
    for (TSNode Clause : namedChildren(S)) {
      if (type(Clause) != "with_clause")
        continue;
      for (TSNode Item : namedChildren(Clause)) {
        if (type(Item) != "with_item")
          continue;
        TSNode Value = field(Item, "value");
        if (isNull(Value))
          continue;
        if (type(Value) == "as_pattern") {
          TSNode Alias = field(Value, "alias");
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

  void function(TSNode Def, uint32_t Parent, std::vector<NodeId> Decorators,
                int Class = -1) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Def);
    ir::Function Fn;
    TSNode Name = field(Def, "name");
    Fn.Name = isNull(Name) ? "<anonymous>" : text(Name);
    Fn.NameWhere = isNull(Name) ? range(Def) : range(Name);
    Fn.Where = range(Def);
    Fn.Parent = Parent == 0 && Class < 0 ? -1 : static_cast<int>(Parent);
    Fn.Class = Class;
    Fn.Decorators = std::move(Decorators);
    Fn.IsAsync = ts_node_child_count(Def) &&
                 type(ts_node_child(Def, 0)) == "async";
    if (Class >= 0) {
      Fn.IsConstructor = Fn.Name == "__init__";
      for (NodeId D : Fn.Decorators)
        Fn.IsStatic |= M.Nodes[D].Kind == NodeKind::Name &&
                       M.Nodes[D].Text == "staticmethod";
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
    parameters(field(Def, "parameters"), Index);
    TSNode Body = field(Def, "body");
    if (!isNull(Body))
      block(Body, Index);
    if (Class < 0) {
      // `def f` binds f in the enclosing scope.
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = fn(Index).Name;
      A.Lhs.Where = fn(Index).NameWhere;
      ir::Node Ref;
      Ref.Kind = NodeKind::Function;
      Ref.Where = fn(Index).NameWhere;
      Ref.Text = fn(Index).Name;
      Ref.Index = Index;
      A.Value = add(std::move(Ref));
      fn(Parent).Assignments.push_back(std::move(A));
    }
  }

  void parameters(TSNode Params, uint32_t F) {
    if (isNull(Params))
      return;
    bool KeywordOnly = false;
    for (TSNode P : namedChildren(Params)) {
      std::string_view T = type(P);
      ir::Parameter Out;
      Out.Where = range(P);
      Out.KeywordOnly = KeywordOnly;
      if (T == "identifier") {
        Out.Name = text(P);
      } else if (T == "typed_parameter") {
        TSNode Inner = ts_node_named_child(P, 0);
        if (type(Inner) == "list_splat_pattern")
          Out.Star = KeywordOnly = true;
        else if (type(Inner) == "dictionary_splat_pattern")
          Out.DoubleStar = true;
        if (type(Inner) != "identifier" && ts_node_named_child_count(Inner))
          Inner = ts_node_named_child(Inner, 0);
        Out.Name = text(Inner);
        if (TSNode Ty = field(P, "type"); !isNull(Ty))
          Out.Annotation = text(Ty);
      } else if (T == "default_parameter" || T == "typed_default_parameter") {
        Out.Name = text(field(P, "name"));
        Out.Default = expr(field(P, "value"), F);
        if (TSNode Ty = field(P, "type"); !isNull(Ty))
          Out.Annotation = text(Ty);
      } else if (T == "list_splat_pattern") {
        Out.Star = KeywordOnly = true;
        if (ts_node_named_child_count(P))
          Out.Name = text(ts_node_named_child(P, 0));
      } else if (T == "dictionary_splat_pattern") {
        Out.DoubleStar = true;
        if (ts_node_named_child_count(P))
          Out.Name = text(ts_node_named_child(P, 0));
      } else if (T == "keyword_separator") {
        KeywordOnly = true;
        continue;
      } else {
        continue; // positional_separator, comments
      }
      fn(F).Params.push_back(std::move(Out));
    }
  }

  void classDef(TSNode Def, uint32_t Scope, std::vector<NodeId> Decorators,
                int ParentClass = -1) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(Def);
    ir::ClassDef C;
    TSNode Name = field(Def, "name");
    C.Name = isNull(Name) ? "<anonymous>" : text(Name);
    C.Where = range(Def);
    C.NameWhere = isNull(Name) ? range(Def) : range(Name);
    C.Parent = ParentClass;
    (void)Decorators; // class decorators do not move values
    // The body is a pseudo-function holding field declarations.
    ir::Function Body;
    Body.Name = "<class-body>";
    Body.QualifiedName = C.Name + ".<class-body>";
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

    if (TSNode Supers = field(Def, "superclasses"); !isNull(Supers)) {
      for (TSNode S : namedChildren(Supers)) {
        if (type(S) == "keyword_argument") {
          ir::Argument A;
          A.Keyword = text(field(S, "name"));
          A.Value = expr(field(S, "value"), Scope);
          M.Classes[static_cast<size_t>(Index)].Keywords.push_back(std::move(A));
        } else if (type(S) != "comment") {
          NodeId B = expr(S, Scope);
          M.Classes[static_cast<size_t>(Index)].Bases.push_back(B);
        }
      }
    }
    TSNode BodyNode = field(Def, "body");
    if (!isNull(BodyNode)) {
      uint32_t BodyFn = M.Classes[static_cast<size_t>(Index)].Body;
      for (TSNode S : namedChildren(BodyNode)) {
        std::string_view T = type(S);
        TSNode Def2 = S;
        std::vector<NodeId> Decos;
        if (T == "decorated_definition") {
          for (TSNode Deco : namedChildren(S)) {
            if (type(Deco) == "decorator" && ts_node_named_child_count(Deco))
              Decos.push_back(expr(ts_node_named_child(Deco, 0), BodyFn));
          }
          Def2 = field(S, "definition");
          if (isNull(Def2))
            continue;
          T = type(Def2);
        }
        if (T == "function_definition")
          function(Def2, BodyFn, std::move(Decos), Index);
        else if (T == "class_definition")
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
      ir::Node Ref;
      Ref.Kind = NodeKind::Class;
      Ref.Where = M.Classes[static_cast<size_t>(Index)].NameWhere;
      Ref.Text = M.Classes[static_cast<size_t>(Index)].Name;
      Ref.Index = static_cast<uint32_t>(Index);
      A.Value = add(std::move(Ref));
      fn(Scope).Assignments.push_back(std::move(A));
    }
  }

  void importStatement(TSNode S, uint32_t F) {
    for (TSNode N : namedChildren(S)) {
      ir::Import Imp;
      Imp.Scope = F;
      Imp.Where = range(N);
      if (type(N) == "aliased_import") {
        Imp.Module = text(field(N, "name"));
        Imp.Alias = text(field(N, "alias"));
      } else if (type(N) == "dotted_name") {
        Imp.Module = text(N);
      } else {
        continue;
      }
      M.Imports.push_back(std::move(Imp));
    }
  }

  void importFrom(TSNode S, uint32_t F) {
    std::string Module;
    unsigned Level = 0;
    TSNode ModNode = field(S, "module_name");
    if (!isNull(ModNode)) {
      if (type(ModNode) == "relative_import") {
        for (TSNode P : namedChildren(ModNode)) {
          if (type(P) == "import_prefix")
            Level = ts_node_end_byte(P) - ts_node_start_byte(P);
          else if (type(P) == "dotted_name")
            Module = text(P);
        }
      } else {
        Module = text(ModNode);
      }
    } else if (type(S) == "future_import_statement") {
      Module = "__future__";
    }
    for (TSNode N : namedChildren(S)) {
      if (ts_node_eq(N, ModNode))
        continue;
      ir::Import Imp;
      Imp.Module = Module;
      Imp.Level = Level;
      Imp.Scope = F;
      Imp.Where = range(N);
      if (type(N) == "wildcard_import") {
        Imp.Name = "*";
      } else if (type(N) == "aliased_import") {
        Imp.Name = text(field(N, "name"));
        Imp.Alias = text(field(N, "alias"));
      } else if (type(N) == "dotted_name") {
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
    std::string_view T = type(N);
    if (T == "identifier" || T == "keyword_identifier")
      return add(NodeKind::Name, N, text(N));
    if (T == "string" || T == "concatenated_string")
      return stringExpr(N, F);
    if (T == "integer" || T == "float" || T == "true" || T == "false" ||
        T == "none" || T == "ellipsis")
      return add(NodeKind::Literal, N, text(N));
    if (T == "attribute") {
      NodeId Obj = expr(field(N, "object"), F);
      return add(NodeKind::Attribute, N, text(field(N, "attribute")), {Obj});
    }
    if (T == "subscript") {
      NodeId Obj = expr(field(N, "value"), F);
      NodeId Key = expr(field(N, "subscript"), F);
      return add(NodeKind::Subscript, N, {}, {Obj, Key});
    }
    if (T == "call")
      return call(N, F);
    if (T == "binary_operator") {
      NodeId L = expr(field(N, "left"), F), R = expr(field(N, "right"), F);
      std::string Op = text(field(N, "operator"));
      // `+` and `%` build strings; other arithmetic yields numbers that no
      // longer carry a destination.
      return add(Op == "+" || Op == "%" ? NodeKind::StringBuild
                                        : NodeKind::Unknown,
                 N, Op, {L, R});
    }
    if (T == "boolean_operator") {
      NodeId L = expr(field(N, "left"), F), R = expr(field(N, "right"), F);
      // `a or b` and `a and b` both evaluate to one of their operands.
      return add(NodeKind::Choice, N, text(field(N, "operator")), {L, R});
    }
    if (T == "conditional_expression" && ts_node_named_child_count(N) == 3) {
      NodeId A = expr(ts_node_named_child(N, 0), F);
      NodeId Cond = expr(ts_node_named_child(N, 1), F);
      NodeId B = expr(ts_node_named_child(N, 2), F);
      fn(F).Evaluated.push_back(Cond);
      return add(NodeKind::Choice, N, "if", {A, B});
    }
    if (T == "await" || T == "parenthesized_expression" ||
        T == "type_conversion") {
      if (ts_node_named_child_count(N) == 0)
        return add(NodeKind::Unknown, N);
      NodeId Inner = expr(ts_node_named_child(N, 0), F);
      return add(NodeKind::PassThrough, N, std::string(T), {Inner});
    }
    if (T == "named_expression") {
      NodeId V = expr(field(N, "value"), F);
      ir::Assignment A;
      A.Lhs = target(field(N, "name"), F);
      A.Value = V;
      fn(F).Assignments.push_back(std::move(A));
      return add(NodeKind::PassThrough, N, "walrus", {V});
    }
    if (T == "dictionary")
      return dictionary(N, F);
    if (T == "list" || T == "tuple" || T == "set" || T == "expression_list") {
      ir::Node C;
      C.Kind = NodeKind::Container;
      C.Where = range(N);
      C.Text = std::string(T);
      for (TSNode E : namedChildren(N)) {
        if (type(E) == "comment")
          continue;
        ir::Argument A;
        if (type(E) == "list_splat" && ts_node_named_child_count(E)) {
          A.Spread = true;
          E = ts_node_named_child(E, 0);
        }
        A.Value = expr(E, F);
        C.Args.push_back(std::move(A));
      }
      return add(std::move(C));
    }
    if (T == "lambda") {
      ir::Function Fn;
      Fn.Name = "<lambda>";
      Fn.QualifiedName = fn(F).QualifiedName + ".<lambda>";
      Fn.Where = Fn.NameWhere = range(N);
      Fn.Parent = static_cast<int>(F);
      M.Functions.push_back(std::move(Fn));
      uint32_t Index = static_cast<uint32_t>(M.Functions.size() - 1);
      parameters(field(N, "parameters"), Index);
      NodeId Body = expr(field(N, "body"), Index);
      fn(Index).Returns.push_back(Body);
      ir::Node Ref;
      Ref.Kind = NodeKind::Function;
      Ref.Where = range(N);
      Ref.Text = "<lambda>";
      Ref.Index = Index;
      return add(std::move(Ref));
    }
    if (T == "yield") {
      if (ts_node_named_child_count(N)) {
        NodeId V = expr(ts_node_named_child(N, 0), F);
        fn(F).Returns.push_back(V);
        return add(NodeKind::Unknown, N, "yield", {V});
      }
      return add(NodeKind::Unknown, N, "yield");
    }
    // Comparisons, unary operators, comprehensions, slices...: lower the
    // children so calls inside them are seen; the result is opaque.
    std::vector<NodeId> Ops;
    for (TSNode C : namedChildren(N)) {
      if (type(C) != "comment")
        Ops.push_back(expr(C, F));
    }
    return add(NodeKind::Unknown, N, std::string(T), std::move(Ops));
  }

  NodeId stringExpr(TSNode N, uint32_t F) {
    // f-strings become a StringBuild of literal parts and interpolations.
    std::vector<TSNode> Strings;
    if (type(N) == "concatenated_string") {
      for (TSNode Part : namedChildren(N))
        if (type(Part) == "string")
          Strings.push_back(Part);
    } else {
      Strings.push_back(N);
    }
    bool HasInterpolation = false;
    for (TSNode S : Strings)
      for (TSNode Part : namedChildren(S))
        if (type(Part) == "interpolation")
          HasInterpolation = true;
    if (!HasInterpolation) {
      NodeId Id = add(NodeKind::Literal, N, pythonStringValue(N, Source));
      M.Nodes[Id].IsString = true;
      return Id;
    }
    std::vector<NodeId> Parts;
    for (TSNode S : Strings) {
      bool Raw = isRawString(S, Source);
      std::string Pending;
      TSNode PendingAt = S;
      auto Flush = [&] {
        if (Pending.empty())
          return;
        NodeId L = add(NodeKind::Literal, PendingAt, Pending);
        M.Nodes[L].IsString = true;
        Parts.push_back(L);
        Pending.clear();
      };
      for (TSNode P : namedChildren(S)) {
        std::string_view PT = type(P);
        if (PT == "string_content") {
          if (Pending.empty())
            PendingAt = P;
          appendContent(P, Raw, Pending);
        } else if (PT == "escape_sequence") {
          decodeEscape(text(P), Pending);
        } else if (PT == "interpolation") {
          Flush();
          TSNode E = field(P, "expression");
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

  /// string_content may contain escape_sequence children of its own.
  void appendContent(TSNode Content, bool Raw, std::string &Out) const {
    uint32_t Pos = ts_node_start_byte(Content);
    for (TSNode E : namedChildren(Content)) {
      Out += Source.substr(Pos, ts_node_start_byte(E) - Pos);
      std::string Esc = text(E);
      if (Raw)
        Out += Esc;
      else
        decodeEscape(Esc, Out);
      Pos = ts_node_end_byte(E);
    }
    Out += Source.substr(Pos, ts_node_end_byte(Content) - Pos);
  }

  NodeId call(TSNode N, uint32_t F) {
    ir::Node C;
    C.Kind = NodeKind::Call;
    C.Where = range(N);
    C.Operands.push_back(expr(field(N, "function"), F));
    TSNode Args = field(N, "arguments");
    if (!isNull(Args)) {
      for (TSNode A : namedChildren(Args)) {
        std::string_view T = type(A);
        if (T == "comment")
          continue;
        ir::Argument Arg;
        if (T == "keyword_argument") {
          Arg.Keyword = text(field(A, "name"));
          Arg.Value = expr(field(A, "value"), F);
        } else if (T == "list_splat") {
          Arg.Spread = true;
          Arg.Value = ts_node_named_child_count(A)
                          ? expr(ts_node_named_child(A, 0), F)
                          : NoNode;
        } else if (T == "dictionary_splat") {
          Arg.KeywordSpread = true;
          Arg.Value = ts_node_named_child_count(A)
                          ? expr(ts_node_named_child(A, 0), F)
                          : NoNode;
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
    for (TSNode P : namedChildren(N)) {
      ir::Argument A;
      if (type(P) == "pair") {
        TSNode Key = field(P, "key");
        if (!isNull(Key) && type(Key) == "string") {
          A.Keyword = pythonStringValue(Key, Source);
          A.StringLiteral = true;
        } else {
          evaluated(F, expr(Key, F));
        }
        A.Value = expr(field(P, "value"), F);
      } else if (type(P) == "dictionary_splat" && ts_node_named_child_count(P)) {
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
  std::string Out;
  auto One = [&](TSNode S) {
    bool Raw = isRawString(S, Source);
    for (TSNode P : namedChildren(S)) {
      std::string_view T = ts_node_type(P);
      std::string_view Text = Source.substr(
          ts_node_start_byte(P), ts_node_end_byte(P) - ts_node_start_byte(P));
      if (T == "string_content") {
        uint32_t Pos = ts_node_start_byte(P);
        for (TSNode E : namedChildren(P)) {
          Out += Source.substr(Pos, ts_node_start_byte(E) - Pos);
          std::string_view Esc = Source.substr(
              ts_node_start_byte(E), ts_node_end_byte(E) - ts_node_start_byte(E));
          if (Raw)
            Out += Esc;
          else
            decodeEscape(Esc, Out);
          Pos = ts_node_end_byte(E);
        }
        Out += Source.substr(Pos, ts_node_end_byte(P) - Pos);
      } else if (T == "escape_sequence") {
        if (Raw)
          Out += Text;
        else
          decodeEscape(Text, Out);
      }
    }
  };
  if (std::string_view(ts_node_type(String)) == "concatenated_string") {
    for (TSNode Part : namedChildren(String))
      One(Part);
  } else {
    One(String);
  }
  return Out;
}

ir::Module lowerPython(std::string_view Path, std::string_view Source,
                       TSNode Root, const LoweringOptions &Opts) {
  return Lowerer(Path, Source, Opts).run(Root);
}

} // namespace teetidy::frontend
