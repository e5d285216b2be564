#include "frontend/EcmaScriptLowering.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace teetidy::frontend {

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

std::string_view type(TSNode N) { return ts_node_type(N); }

TSNode field(TSNode N, const char *Name) {
  return ts_node_child_by_field_name(N, Name,
                                     static_cast<uint32_t>(std::strlen(Name)));
}

bool isNull(TSNode N) { return ts_node_is_null(N); }

/// The named children of \p N, comments left out. One cursor walk: indexing
/// children one by one costs time proportional to the index in tree-sitter.
std::vector<TSNode> namedChildren(TSNode N) {
  std::vector<TSNode> Out;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      TSNode Child = ts_tree_cursor_current_node(&C);
      if (ts_node_is_named(Child) && type(Child) != "comment" &&
          type(Child) != "html_comment")
        Out.push_back(Child);
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

/// The named children of \p N stored under field \p Name (fields that repeat,
/// like `decorator`, are not reachable through ts_node_child_by_field_name).
std::vector<TSNode> fieldChildren(TSNode N, std::string_view Name) {
  std::vector<TSNode> Out;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      const char *F = ts_tree_cursor_current_field_name(&C);
      if (F && Name == F)
        Out.push_back(ts_tree_cursor_current_node(&C));
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

/// Named children with the field each is stored under ("" for none).
std::vector<std::pair<std::string_view, TSNode>> fieldedChildren(TSNode N) {
  std::vector<std::pair<std::string_view, TSNode>> Out;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      TSNode Child = ts_tree_cursor_current_node(&C);
      const char *F = ts_tree_cursor_current_field_name(&C);
      if (ts_node_is_named(Child) && type(Child) != "comment")
        Out.emplace_back(F ? std::string_view(F) : std::string_view(), Child);
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

/// True if \p N has the anonymous token \p Word as a direct child (`static`,
/// `async`, `default`, `type`...). Keywords used as names are named nodes.
bool hasToken(TSNode N, std::string_view Word) {
  bool Found = false;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      TSNode Child = ts_tree_cursor_current_node(&C);
      if (!ts_node_is_named(Child) && type(Child) == Word) {
        Found = true;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Found;
}

/// TypeScript type syntax: it has no runtime value and is never lowered.
bool isTypeNode(std::string_view T) {
  if (T == "type_assertion")
    return false; // `<T>x` is an expression
  auto EndsWith = [&](std::string_view S) {
    return T.size() >= S.size() && T.substr(T.size() - S.size()) == S;
  };
  return T.find("type") != std::string_view::npos || EndsWith("_annotation") ||
         T == "asserts" || T == "constraint" || T == "implements_clause";
}

bool isFunctionExpression(std::string_view T) {
  return T == "arrow_function" || T == "function_expression" ||
         T == "generator_function" || T == "function";
}

/// The operand of a wrapper (`(x)`, `x as T`, `<T>x`, `x!`, `await x`): its
/// first named child that is not type syntax.
TSNode innerOf(TSNode N) {
  for (TSNode C : namedChildren(N))
    if (!isTypeNode(type(C)))
      return C;
  return TSNode{};
}

void appendUtf8(std::string &Out, uint32_t CP) {
  if ((CP >= 0xD800 && CP <= 0xDFFF) || CP > 0x10FFFF)
    CP = 0xFFFD; // a lone surrogate has no UTF-8 form
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
    case 'n': Out += '\n'; break;
    case 't': Out += '\t'; break;
    case 'r': Out += '\r'; break;
    case 'b': Out += '\b'; break;
    case 'f': Out += '\f'; break;
    case 'v': Out += '\v'; break;
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
        if (Close != std::string_view::npos &&
            parseHex(Raw.substr(I + 1, Close - I - 1), V)) {
          appendUtf8(Out, V);
          I = Close + 1;
        } else {
          Out += 'u';
        }
      } else if (I + 4 <= Raw.size() && parseHex(Raw.substr(I, 4), V)) {
        I += 4;
        uint32_t Low = 0;
        // `\uD83D\uDE00`: a surrogate pair spells one code point.
        if (V >= 0xD800 && V <= 0xDBFF && Raw.substr(I, 2) == "\\u" &&
            I + 6 <= Raw.size() && parseHex(Raw.substr(I + 2, 4), Low) &&
            Low >= 0xDC00 && Low <= 0xDFFF) {
          V = 0x10000 + ((V - 0xD800) << 10) + (Low - 0xDC00);
          I += 6;
        }
        appendUtf8(Out, V);
      } else {
        Out += 'u';
      }
      break;
    case '0': case '1': case '2': case '3':
    case '4': case '5': case '6': case '7': {
      // `\0`, and legacy octal escapes of up to three digits (at most 0377).
      V = static_cast<uint32_t>(E - '0');
      size_t MaxMore = E <= '3' ? 2 : 1;
      for (size_t K = 0; K < MaxMore && I < Raw.size() && Raw[I] >= '0' &&
                         Raw[I] <= '7';
           ++K, ++I)
        V = V * 8 + static_cast<uint32_t>(Raw[I] - '0');
      appendUtf8(Out, V);
      break;
    }
    default:
      // U+2028 and U+2029 continue a line like a newline does.
      if (E == '\xE2' && (Raw.substr(I, 2) == "\x80\xA8" ||
                          Raw.substr(I, 2) == "\x80\xA9")) {
        I += 2;
        break;
      }
      Out += E; // \\ \' \" \` \$ and unknown escapes keep the character
      break;
    }
  }
}

/// A name hint for an anonymous function or class: what it is bound to.
struct Hint {
  std::string Name;
  ir::Range Where;
};

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
    if (isNull(N))
      return {};
    return std::string(Source.substr(ts_node_start_byte(N),
                                     ts_node_end_byte(N) - ts_node_start_byte(N)));
  }

  NodeId add(ir::Node N) {
    M.Nodes.push_back(std::move(N));
    return static_cast<NodeId>(M.Nodes.size() - 1);
  }
  NodeId add(NodeKind K, ir::Range Where, std::string Text = {},
             std::vector<NodeId> Operands = {}) {
    ir::Node N;
    N.Kind = K;
    N.Where = Where;
    N.Text = std::move(Text);
    N.Operands = std::move(Operands);
    return add(std::move(N));
  }
  NodeId add(NodeKind K, TSNode At, std::string Text = {},
             std::vector<NodeId> Operands = {}) {
    return add(K, range(At), std::move(Text), std::move(Operands));
  }
  NodeId stringLiteral(ir::Range Where, std::string Value) {
    NodeId Id = add(NodeKind::Literal, Where, std::move(Value));
    M.Nodes[Id].IsString = true;
    return Id;
  }

  ir::Function &fn(uint32_t F) { return M.Functions[F]; }

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
    return "<" + std::string(Kind) + "@" +
           std::to_string(ts_node_start_point(N).row + 1) + ">";
  }

  /// The type written in a `type_annotation` (`: string` gives "string").
  std::string typeText(TSNode Annotation) const {
    if (type(Annotation) == "type_annotation") {
      std::vector<TSNode> Types = namedChildren(Annotation);
      if (!Types.empty())
        return text(Types.front());
    }
    return text(Annotation);
  }

  /// The name of a property key, member or enum member: identifiers and
  /// numbers as written, strings decoded. A computed key (`[k]`) is
  /// evaluated in \p F and gives "". \p IsString tells a string key.
  std::string propertyName(TSNode Key, uint32_t F, bool *IsString = nullptr) {
    if (isNull(Key))
      return {};
    std::string_view T = type(Key);
    if (T == "string") {
      if (IsString)
        *IsString = true;
      return ecmaStringValue(Key, Source);
    }
    if (T == "computed_property_name") {
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
    for (TSNode S : namedChildren(Block))
      statement(S, F);
  }

  void statement(TSNode S, uint32_t F) {
    DepthGuard G(*this);
    if (!G.ok())
      return limit(S);
    std::string_view T = type(S);
    if (T == "expression_statement") {
      for (TSNode E : namedChildren(S))
        expressionStatement(E, F);
    } else if (T == "lexical_declaration" || T == "variable_declaration") {
      for (TSNode D : namedChildren(S))
        if (type(D) == "variable_declarator")
          declarator(D, F);
    } else if (T == "variable_declarator") {
      declarator(S, F); // inside an ERROR node
    } else if (T == "return_statement") {
      for (TSNode R : namedChildren(S))
        addReturn(F, expr(R, F));
    } else if (T == "throw_statement") {
      for (TSNode E : namedChildren(S))
        expressionStatement(E, F);
    } else if (T == "statement_block" || T == "else_clause" ||
               T == "finally_clause" || T == "catch_clause" ||
               T == "ERROR") {
      // The catch parameter binds the thrown value, which is not modelled.
      for (TSNode C : namedChildren(S))
        if (!ts_node_eq(C, field(S, "parameter")))
          statement(C, F);
    } else if (T == "if_statement" || T == "while_statement" ||
               T == "do_statement" || T == "with_statement" ||
               T == "labeled_statement" || T == "try_statement") {
      for (auto [Field, C] : fieldedChildren(S)) {
        if (Field == "condition" || Field == "object")
          expressionStatement(C, F);
        else if (Field != "label")
          statement(C, F);
      }
    } else if (T == "for_statement") {
      forStatement(S, F);
    } else if (T == "for_in_statement") {
      ir::Assignment A;
      A.Lhs = target(field(S, "left"), F);
      A.Value = expr(field(S, "right"), F);
      A.Iteration = true;
      fn(F).Assignments.push_back(std::move(A));
      if (TSNode Body = field(S, "body"); !isNull(Body))
        statement(Body, F);
    } else if (T == "switch_statement") {
      expressionStatement(field(S, "value"), F);
      if (TSNode Body = field(S, "body"); !isNull(Body))
        for (TSNode Case : namedChildren(Body))
          for (auto [Field, C] : fieldedChildren(Case)) {
            if (Field == "value")
              expressionStatement(C, F);
            else
              statement(C, F);
          }
    } else if (T == "function_declaration" ||
               T == "generator_function_declaration") {
      functionDeclaration(S, F);
    } else if (T == "class_declaration" ||
               T == "abstract_class_declaration") {
      classDeclaration(S, F);
    } else if (T == "import_statement") {
      importStatement(S, F);
    } else if (T == "export_statement") {
      exportStatement(S, F);
    } else if (T == "import_alias") {
      // `import x = N.M;`
      std::vector<TSNode> C = namedChildren(S);
      if (C.size() == 2)
        bind(F, text(C[0]), range(C[0]), expr(C[1], F));
    } else if (T == "enum_declaration") {
      enumDeclaration(S, F);
    } else if (T == "internal_module" || T == "module") {
      namespaceBody(S, F);
    } else if (T == "ambient_declaration" || T == "interface_declaration" ||
               T == "type_alias_declaration" || T == "function_signature" ||
               T == "break_statement" || T == "continue_statement" ||
               T == "debugger_statement" || T == "empty_statement" ||
               T == "hash_bang_line" || isTypeNode(T)) {
      // No runtime value (`declare`, types, overload signatures) or no data.
    } else if (T.find("statement") != std::string_view::npos ||
               T.find("declaration") != std::string_view::npos) {
      for (TSNode C : namedChildren(S))
        statement(C, F); // a statement we do not know: lower its parts
    } else {
      expressionStatement(S, F); // an expression inside an ERROR node
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
    std::string_view T = type(E);
    if (T == "assignment_expression" ||
        T == "augmented_assignment_expression") {
      assignment(E, F);
    } else if (T == "sequence_expression") {
      for (TSNode C : namedChildren(E))
        expressionStatement(C, F);
    } else if (T == "parenthesized_expression") {
      expressionStatement(innerOf(E), F);
    } else if (T == "internal_module" || T == "module") {
      namespaceBody(E, F);
    } else if (T == "empty_statement") {
      // `for (;;)` leaves its parts empty
    } else {
      evaluate(F, expr(E, F));
    }
  }

  void forStatement(TSNode S, uint32_t F) {
    for (auto [Field, C] : fieldedChildren(S)) {
      std::string_view T = type(C);
      if (T == "lexical_declaration" || T == "variable_declaration" ||
          Field == "body")
        statement(C, F);
      else
        expressionStatement(C, F); // initializer, condition, increment
    }
  }

  void namespaceBody(TSNode N, uint32_t F) {
    if (TSNode Body = field(N, "body"); !isNull(Body))
      block(Body, F);
  }

  void declarator(TSNode D, uint32_t F) {
    TSNode Name = field(D, "name"), Value = field(D, "value");
    if (isNull(Name) || isNull(Value))
      return; // `let x;` binds no value
    if (requireImport(Name, Value, F))
      return;
    ir::Assignment A;
    A.Lhs = target(Name, F);
    if (TSNode Type = field(D, "type"); !isNull(Type))
      A.Annotation = typeText(Type);
    Hint H;
    if (type(Name) == "identifier")
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
    if (type(Name) == "identifier") {
      Add("", text(Name), Name);
    } else if (type(Name) == "object_pattern") {
      for (TSNode P : namedChildren(Name)) {
        std::string_view T = type(P);
        if (T == "shorthand_property_identifier_pattern") {
          Add(text(P), text(P), P);
          continue;
        }
        TSNode Key = field(P, "key"), Val = field(P, "value");
        if (T != "pair_pattern" || isNull(Key) || isNull(Val) ||
            type(Val) != "identifier" ||
            (type(Key) != "property_identifier" && type(Key) != "string"))
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

  /// Lowers `left = right` or `left op= right`; returns the assigned value.
  NodeId assignment(TSNode A, uint32_t F) {
    TSNode Left = field(A, "left"), Right = field(A, "right");
    ir::Assignment Out;
    Out.Lhs = target(Left, F);
    if (type(A) == "augmented_assignment_expression") {
      // `x op= v` is `x = x op v`.
      std::string Op = text(field(A, "operator"));
      if (!Op.empty())
        Op.pop_back();
      NodeId Old = expr(Left, F), New = expr(Right, F);
      NodeKind K = binaryKind(Op);
      Out.Value = add(K, A, std::move(Op), {Old, New});
    } else {
      Hint H;
      if (Out.Lhs.K == ir::Target::Name || Out.Lhs.K == ir::Target::Attribute)
        H = {Out.Lhs.Text, Out.Lhs.Where};
      Out.Value = valueExpr(Right, F, H);
    }
    NodeId Value = Out.Value;
    bool ModuleExports = F == 0 && Out.Lhs.K == ir::Target::Name &&
                         Out.Lhs.Text == "default" &&
                         type(Left) == "member_expression";
    fn(F).Assignments.push_back(std::move(Out));
    if (ModuleExports && Value != NoNode)
      exportObjectMembers(Value);
    return Value;
  }

  /// `module.exports = { a, b: f }` also exports a and b by name, so that
  /// `const { a } = require("./m")` finds them.
  void exportObjectMembers(NodeId Value) {
    const ir::Node &N = M.Nodes[Value];
    if (N.Kind != NodeKind::Container || N.Text != "object")
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
    if (type(N) != "member_expression")
      return false;
    TSNode Obj = field(N, "object");
    return !isNull(Obj) && type(Obj) == "identifier" && text(Obj) == "module" &&
           text(field(N, "property")) == "exports";
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
    std::string_view Ty = type(N);
    if (Ty == "member_expression") {
      TSNode Obj = field(N, "object");
      std::string Prop = text(field(N, "property"));
      // CommonJS exports at module level bind module names.
      if (F == 0 && isModuleExports(N)) {
        T.Text = "default";
      } else if (F == 0 && !isNull(Obj) &&
                 ((type(Obj) == "identifier" && text(Obj) == "exports") ||
                  isModuleExports(Obj))) {
        T.Text = Prop;
      } else {
        T.K = ir::Target::Attribute;
        T.Object = expr(Obj, F);
        T.Text = Prop;
      }
    } else if (Ty == "subscript_expression") {
      T.K = ir::Target::Subscript;
      T.Object = expr(field(N, "object"), F);
      T.Key = expr(field(N, "index"), F);
    } else if (Ty == "object_pattern" || Ty == "array_pattern") {
      return pattern(N, F);
    } else if (Ty == "assignment_pattern" || Ty == "object_assignment_pattern") {
      TSNode Left = field(N, "left");
      T = target(Left, F);
      T.Default = expr(field(N, "right"), F);
      if (!isNull(Left) && type(Left) == "shorthand_property_identifier_pattern")
        T.Property = text(Left);
    } else if (Ty == "parenthesized_expression" || Ty == "non_null_expression" ||
               Ty == "as_expression" || Ty == "satisfies_expression" ||
               Ty == "type_assertion") {
      return target(innerOf(N), F);
    } else {
      // identifier, shorthand_property_identifier_pattern, undefined, ...
      T.Text = text(N);
    }
    return T;
  }

  /// Object and array destructuring. Object elements carry the property they
  /// read; array holes leave no element.
  ir::Target pattern(TSNode N, uint32_t F) {
    ir::Target T;
    T.K = ir::Target::Tuple;
    T.Where = range(N);
    for (TSNode E : namedChildren(N)) {
      std::string_view Ty = type(E);
      ir::Target El;
      if (Ty == "rest_pattern") {
        T.StarredIndex = static_cast<int>(T.Elements.size());
        El = target(innerOf(E), F);
      } else if (Ty == "pair_pattern") {
        std::string Property = propertyName(field(E, "key"), F);
        El = target(field(E, "value"), F);
        El.Property = std::move(Property);
      } else if (Ty == "shorthand_property_identifier_pattern") {
        El = target(E, F);
        El.Property = El.Text;
      } else {
        El = target(E, F); // positional, or `{ a = d }`
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
    if (P.Name == "<class-body>" && P.Class >= 0)
      return M.Classes[static_cast<size_t>(P.Class)].Name + "." + Name;
    return P.QualifiedName + "." + Name;
  }

  uint32_t newFunction(TSNode Def, uint32_t Parent, std::string Name,
                       ir::Range NameWhere, int Class = -1) {
    ir::Function Fn;
    Fn.QualifiedName = qualify(Parent, Class, Name);
    Fn.Name = std::move(Name);
    Fn.Where = range(Def);
    Fn.NameWhere = NameWhere;
    Fn.Parent = static_cast<int>(Parent);
    Fn.Class = Class;
    Fn.IsAsync = hasToken(Def, "async");
    M.Functions.push_back(std::move(Fn));
    return static_cast<uint32_t>(M.Functions.size() - 1);
  }

  NodeId functionRef(uint32_t Index, ir::Range Where) {
    ir::Node Ref;
    Ref.Kind = NodeKind::Function;
    Ref.Where = Where;
    Ref.Text = fn(Index).Name;
    Ref.Index = Index;
    return add(std::move(Ref));
  }

  /// Parameters and body of \p Def into function \p F.
  void functionBody(TSNode Def, uint32_t F, bool Constructor = false) {
    if (TSNode Params = field(Def, "parameters"); !isNull(Params)) {
      parameters(Params, F, Constructor);
    } else if (TSNode P = field(Def, "parameter"); !isNull(P)) {
      ir::Parameter Out; // `x => ...`
      Out.Name = text(P);
      Out.Where = range(P);
      fn(F).Params.push_back(std::move(Out));
    }
    TSNode Body = field(Def, "body");
    if (isNull(Body))
      return;
    if (type(Body) == "statement_block")
      block(Body, F);
    else
      addReturn(F, expr(Body, F)); // `x => value`
  }

  void parameters(TSNode Params, uint32_t F, bool Constructor) {
    unsigned Position = 0;
    uint32_t Outer = static_cast<uint32_t>(std::max(0, fn(F).Parent));
    for (TSNode P : namedChildren(Params)) {
      std::string_view T = type(P);
      TSNode Pattern = P, Default{}, Type{};
      bool Property = false;
      if (T == "required_parameter" || T == "optional_parameter") {
        Pattern = field(P, "pattern");
        if (isNull(Pattern))
          Pattern = field(P, "name");
        Default = field(P, "value");
        Type = field(P, "type");
        for (TSNode D : fieldChildren(P, "decorator"))
          if (TSNode E = innerOf(D); !isNull(E))
            evaluate(Outer, expr(E, Outer));
        // `private x`, `readonly x`: a TypeScript parameter property.
        for (TSNode C : namedChildren(P))
          Property |= type(C) == "accessibility_modifier" ||
                      type(C) == "override_modifier";
        Property |= hasToken(P, "readonly");
      } else if (T == "assignment_pattern") {
        Pattern = field(P, "left");
        Default = field(P, "right");
      }
      if (isNull(Pattern) || type(Pattern) == "this")
        continue; // `this: T` only types the receiver
      ir::Parameter Out;
      Out.Where = range(P);
      if (type(Pattern) == "rest_pattern") {
        Out.Star = true;
        Pattern = innerOf(Pattern);
        if (isNull(Pattern))
          continue;
      }
      if (!isNull(Default))
        Out.Default = expr(Default, F);
      if (!isNull(Type))
        Out.Annotation = typeText(Type);
      if (type(Pattern) == "identifier") {
        Out.Name = text(Pattern);
      } else {
        // A destructured parameter: `<paramN>`, unpacked at function start.
        Out.Name = "<param" + std::to_string(Position) + ">";
        ir::Assignment A;
        A.Lhs = target(Pattern, F);
        A.Value = add(NodeKind::Name, Pattern, Out.Name);
        fn(F).Assignments.push_back(std::move(A));
      }
      if (Property && Constructor && type(Pattern) == "identifier") {
        // `constructor(private url: string)` stores url on the instance.
        ir::Assignment A;
        A.Lhs.K = ir::Target::Attribute;
        A.Lhs.Object = add(NodeKind::Name, Pattern, "this");
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
    TSNode Name = field(S, "name");
    std::string FnName = isNull(Name) ? anonymousName("function", S) : text(Name);
    ir::Range NameWhere = isNull(Name) ? range(S) : range(Name);
    uint32_t Index = newFunction(S, F, FnName, NameWhere);
    functionBody(S, Index);
    bind(F, FnName, NameWhere, functionRef(Index, NameWhere));
  }

  /// Arrow functions and function expressions as values.
  NodeId functionExpression(TSNode N, uint32_t F, const Hint &H) {
    TSNode Name = field(N, "name");
    std::string FnName;
    ir::Range NameWhere = range(N);
    if (!isNull(Name)) {
      FnName = text(Name);
      NameWhere = range(Name);
    } else if (!H.Name.empty()) {
      FnName = H.Name;
      NameWhere = H.Where;
    } else {
      FnName = anonymousName(type(N) == "arrow_function" ? "arrow" : "function", N);
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
    std::string_view T = type(N);
    if (!isFunctionExpression(T) && T != "class")
      return expr(N, F);
    DepthGuard G(*this);
    if (!G.ok()) {
      limit(N);
      return add(NodeKind::Unknown, N);
    }
    if (T == "class")
      return classRef(classDef(N, F, H), range(N));
    return functionExpression(N, F, H);
  }

  NodeId decorator(TSNode D, uint32_t F) {
    TSNode E = innerOf(D);
    return isNull(E) ? NoNode : expr(E, F);
  }

  NodeId classRef(uint32_t Index, ir::Range Where) {
    ir::Node Ref;
    Ref.Kind = NodeKind::Class;
    Ref.Where = Where;
    Ref.Text = M.Classes[Index].Name;
    Ref.Index = Index;
    return add(std::move(Ref));
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
    for (TSNode D : fieldChildren(Def, "decorator"))
      if (NodeId E = decorator(D, Scope); E != NoNode)
        fn(Scope).Evaluated.push_back(E);
    ir::ClassDef C;
    TSNode Name = field(Def, "name");
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

    for (TSNode Heritage : namedChildren(Def)) {
      if (type(Heritage) != "class_heritage")
        continue;
      for (TSNode Clause : namedChildren(Heritage)) {
        std::string_view T = type(Clause);
        std::vector<TSNode> Bases;
        if (T == "extends_clause")
          Bases = fieldChildren(Clause, "value");
        else if (!isTypeNode(T))
          Bases.push_back(Clause); // JavaScript: the expression itself
        for (TSNode B : Bases) {
          NodeId Base = expr(B, Scope);
          M.Classes[Index].Bases.push_back(Base);
        }
      }
    }
    if (TSNode BodyNode = field(Def, "body"); !isNull(BodyNode))
      classBody(BodyNode, Index, BodyFn);
    return Index;
  }

  void classBody(TSNode BodyNode, uint32_t Class, uint32_t BodyFn) {
    // TypeScript puts member decorators before the member in the body.
    std::vector<NodeId> Pending;
    for (TSNode Member : namedChildren(BodyNode)) {
      std::string_view T = type(Member);
      if (T == "decorator") {
        if (NodeId E = decorator(Member, BodyFn); E != NoNode)
          Pending.push_back(E);
        continue;
      }
      std::vector<NodeId> Decorators = std::move(Pending);
      Pending.clear();
      for (TSNode D : fieldChildren(Member, "decorator"))
        if (NodeId E = decorator(D, BodyFn); E != NoNode)
          Decorators.push_back(E);
      if (T == "method_definition") {
        method(Member, Class, BodyFn, std::move(Decorators));
        continue;
      }
      // Field decorators run with the class body.
      for (NodeId D : Decorators)
        fn(BodyFn).Evaluated.push_back(D);
      if (T == "public_field_definition" || T == "field_definition") {
        classField(Member, BodyFn);
      } else if (T == "class_static_block") {
        if (TSNode B = field(Member, "body"); !isNull(B))
          block(B, BodyFn);
      }
      // Signatures (abstract, overloads, index) have no runtime value.
    }
  }

  void method(TSNode Def, uint32_t Class, uint32_t BodyFn,
              std::vector<NodeId> Decorators) {
    TSNode NameNode = field(Def, "name");
    std::string Name = memberName(NameNode, BodyFn);
    ir::Range NameWhere = isNull(NameNode) ? range(Def) : range(NameNode);
    bool Static = hasToken(Def, "static");
    uint32_t Index =
        newFunction(Def, BodyFn, Name, NameWhere, static_cast<int>(Class));
    ir::Function &Fn = fn(Index);
    Fn.IsStatic = Static;
    Fn.IsConstructor = !Static && Name == "constructor";
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
    TSNode NameNode = field(Field, "name");
    if (isNull(NameNode))
      NameNode = field(Field, "property");
    if (isNull(NameNode))
      return;
    ir::Assignment A;
    A.Lhs.K = ir::Target::Name;
    A.Lhs.Text = memberName(NameNode, BodyFn);
    A.Lhs.Where = range(NameNode);
    if (TSNode Type = field(Field, "type"); !isNull(Type))
      A.Annotation = typeText(Type);
    // A field without a value is kept as a declaration, as in Python.
    if (TSNode Value = field(Field, "value"); !isNull(Value))
      A.Value = valueExpr(Value, BodyFn, {A.Lhs.Text, A.Lhs.Where});
    fn(BodyFn).Assignments.push_back(std::move(A));
  }

  void enumDeclaration(TSNode S, uint32_t F) {
    TSNode Name = field(S, "name"), Body = field(S, "body");
    if (isNull(Name) || isNull(Body))
      return;
    ir::Node C;
    C.Kind = NodeKind::Container;
    C.Text = "object";
    C.Where = range(Body);
    // Members without an initialiser count on from the previous number.
    long Next = 0;
    bool Known = true;
    for (TSNode Member : namedChildren(Body)) {
      ir::Argument A;
      if (type(Member) == "enum_assignment") {
        TSNode Value = field(Member, "value");
        A.Keyword = propertyName(field(Member, "name"), F);
        A.Value = expr(Value, F);
        std::string Digits = text(Value);
        long V = 0;
        auto [End, Err] =
            std::from_chars(Digits.data(), Digits.data() + Digits.size(), V);
        Known = !isNull(Value) && type(Value) == "number" &&
                Err == std::errc() && End == Digits.data() + Digits.size();
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

  void importStatement(TSNode S, uint32_t F) {
    if (hasToken(S, "type") || hasToken(S, "typeof"))
      return; // `import type ...` has no runtime binding
    TSNode Source = field(S, "source");
    std::string Module = isNull(Source) ? "" : ecmaStringValue(Source, this->Source);
    auto Add = [&](std::string Name, std::string Alias, TSNode At) {
      ir::Import I;
      I.Module = Module;
      I.Name = std::move(Name);
      I.Alias = std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      M.Imports.push_back(std::move(I));
    };
    for (TSNode C : namedChildren(S)) {
      if (type(C) == "import_require_clause") {
        // `import fs = require("fs")`
        TSNode Src = field(C, "source");
        std::vector<TSNode> Id = namedChildren(C);
        if (!isNull(Src) && !Id.empty() && type(Id[0]) == "identifier") {
          Module = ecmaStringValue(Src, this->Source);
          Add("", text(Id[0]), C);
        }
        continue;
      }
      if (type(C) != "import_clause")
        continue;
      for (TSNode B : namedChildren(C)) {
        std::string_view T = type(B);
        if (T == "identifier") {
          Add("default", text(B), B);
        } else if (T == "namespace_import") {
          if (TSNode Id = innerOf(B); !isNull(Id))
            Add("", text(Id), B);
        } else if (T == "named_imports") {
          for (TSNode Spec : namedChildren(B)) {
            if (type(Spec) != "import_specifier" || hasToken(Spec, "type"))
              continue;
            TSNode Alias = field(Spec, "alias");
            Add(propertyName(field(Spec, "name"), F),
                isNull(Alias) ? "" : propertyName(Alias, F), Spec);
          }
        }
      }
    }
    // `import "m"` binds nothing and is not recorded.
  }

  void exportStatement(TSNode S, uint32_t F) {
    if (hasToken(S, "type") || hasToken(S, "namespace"))
      return; // `export type {...}`, `export as namespace N`
    for (TSNode D : fieldChildren(S, "decorator"))
      if (NodeId E = decorator(D, F); E != NoNode)
        fn(F).Evaluated.push_back(E);
    bool Default = hasToken(S, "default");
    if (TSNode Decl = field(S, "declaration"); !isNull(Decl)) {
      statement(Decl, F);
      // `export default function f() {}` also binds default = f.
      TSNode Name = field(Decl, "name");
      if (Default && !isNull(Name))
        bind(F, "default", range(Name), add(NodeKind::Name, Name, text(Name)));
      return;
    }
    if (TSNode Value = field(S, "value"); !isNull(Value)) {
      bind(F, "default", range(Value), valueExpr(Value, F, {"default", range(Value)}));
      return;
    }
    TSNode Source = field(S, "source");
    std::string Module = isNull(Source) ? "" : ecmaStringValue(Source, this->Source);
    auto Reexport = [&](std::string Name, std::string Alias, TSNode At) {
      ir::Import I;
      I.Module = Module;
      I.Name = std::move(Name);
      I.Alias = std::move(Alias);
      I.Scope = F;
      I.Where = range(At);
      M.Imports.push_back(std::move(I));
    };
    if (hasToken(S, "=")) {
      // TypeScript `export = x`
      std::vector<TSNode> Value = namedChildren(S);
      if (!Value.empty())
        bind(F, "default", range(Value.back()), expr(Value.back(), F));
      return;
    }
    bool Clause = false;
    for (TSNode C : namedChildren(S)) {
      std::string_view T = type(C);
      if (T == "export_clause") {
        Clause = true;
        for (TSNode Spec : namedChildren(C)) {
          if (type(Spec) != "export_specifier" || hasToken(Spec, "type"))
            continue;
          std::string Name = propertyName(field(Spec, "name"), F);
          TSNode AliasNode = field(Spec, "alias");
          std::string Alias = isNull(AliasNode) ? "" : propertyName(AliasNode, F);
          if (Alias == Name)
            Alias.clear();
          if (!isNull(Source))
            Reexport(Name, Alias, Spec); // `export { a as b } from "m"`
          else if (!Alias.empty())
            bind(F, Alias, range(AliasNode), add(NodeKind::Name, field(Spec, "name"), Name));
        }
      } else if (T == "namespace_export" && !isNull(Source)) {
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
    std::string_view T = type(N);
    if (T == "identifier" || T == "property_identifier" ||
        T == "shorthand_property_identifier" ||
        T == "private_property_identifier" || T == "statement_identifier") {
      std::string Name = text(N);
      if (Name == "undefined")
        return add(NodeKind::Literal, N, std::move(Name));
      return add(NodeKind::Name, N, std::move(Name));
    }
    if (T == "this" || T == "super" || T == "import")
      return add(NodeKind::Name, N, std::string(T));
    if (T == "string")
      return stringLiteral(range(N), ecmaStringValue(N, Source));
    if (T == "number" || T == "true" || T == "false" || T == "null" ||
        T == "undefined" || T == "regex")
      return add(NodeKind::Literal, N, text(N));
    if (T == "template_string")
      return templateString(N, F);
    if (T == "member_expression" || T == "nested_identifier") {
      NodeId Obj = expr(field(N, "object"), F);
      return add(NodeKind::Attribute, N, text(field(N, "property")), {Obj});
    }
    if (T == "subscript_expression") {
      NodeId Obj = expr(field(N, "object"), F);
      NodeId Key = expr(field(N, "index"), F);
      return add(NodeKind::Subscript, N, {}, {Obj, Key});
    }
    if (T == "meta_property") {
      // `import.meta` and `new.target` read a property of a keyword.
      std::vector<TSNode> Words;
      TSTreeCursor C = ts_tree_cursor_new(N);
      if (ts_tree_cursor_goto_first_child(&C)) {
        do
          Words.push_back(ts_tree_cursor_current_node(&C));
        while (ts_tree_cursor_goto_next_sibling(&C));
      }
      ts_tree_cursor_delete(&C);
      if (Words.size() != 3)
        return add(NodeKind::Unknown, N, std::string(T));
      NodeId Obj = add(NodeKind::Name, Words[0], text(Words[0]));
      return add(NodeKind::Attribute, N, text(Words[2]), {Obj});
    }
    if (T == "call_expression" || T == "new_expression")
      return call(N, F);
    if (T == "binary_expression")
      return binary(N, F);
    if (T == "ternary_expression") {
      expressionStatement(field(N, "condition"), F);
      NodeId A = expr(field(N, "consequence"), F);
      NodeId B = expr(field(N, "alternative"), F);
      return add(NodeKind::Choice, N, "?:", {A, B});
    }
    if (T == "unary_expression") {
      std::string Op = text(field(N, "operator"));
      NodeId Arg = expr(field(N, "argument"), F);
      if (Op == "void") {
        // `void x` is undefined; x is still evaluated.
        fn(F).Evaluated.push_back(Arg);
        return add(NodeKind::Unknown, N, std::move(Op));
      }
      return add(NodeKind::Unknown, N, std::move(Op), {Arg});
    }
    if (T == "update_expression")
      return add(NodeKind::Unknown, N, std::string(T),
                 {expr(field(N, "argument"), F)});
    if (const char *Pass = passThroughName(T)) {
      TSNode Inner = innerOf(N);
      if (isNull(Inner))
        return add(NodeKind::Unknown, N);
      return add(NodeKind::PassThrough, N, Pass, {expr(Inner, F)});
    }
    if (T == "sequence_expression") {
      // `(a, b)` is b; a is evaluated.
      std::vector<TSNode> Parts = namedChildren(N);
      if (Parts.empty())
        return add(NodeKind::Unknown, N);
      for (size_t I = 0; I + 1 < Parts.size(); ++I)
        expressionStatement(Parts[I], F);
      return expr(Parts.back(), F);
    }
    if (T == "assignment_expression" || T == "augmented_assignment_expression") {
      NodeId V = assignment(N, F);
      return V == NoNode ? add(NodeKind::Unknown, N) : V;
    }
    if (T == "object")
      return object(N, F);
    if (T == "array")
      return array(N, F);
    if (isFunctionExpression(T))
      return functionExpression(N, F, {});
    if (T == "class")
      return classRef(classDef(N, F, {}), range(N));
    if (T == "yield_expression") {
      TSNode Inner = innerOf(N);
      if (isNull(Inner))
        return add(NodeKind::Unknown, N, "yield");
      NodeId V = expr(Inner, F);
      fn(F).Returns.push_back(V);
      return add(NodeKind::Unknown, N, "yield", {V});
    }
    if (T == "jsx_element" || T == "jsx_self_closing_element") {
      std::vector<NodeId> Ops;
      jsxParts(N, F, Ops);
      return add(NodeKind::Unknown, N, "jsx", std::move(Ops));
    }
    if (T == "internal_module" || T == "module") {
      namespaceBody(N, F);
      return add(NodeKind::Unknown, N);
    }
    if (isTypeNode(T))
      return add(NodeKind::Unknown, N);
    if (T.find("statement") != std::string_view::npos ||
        T.find("declaration") != std::string_view::npos ||
        T == "variable_declarator") {
      statement(N, F); // inside an ERROR node
      return add(NodeKind::Unknown, N);
    }
    // ERROR nodes and anything unknown: lower the children so calls inside
    // them are seen; the result is opaque.
    std::vector<NodeId> Ops;
    for (TSNode C : namedChildren(N))
      Ops.push_back(expr(C, F));
    return add(NodeKind::Unknown, N, std::string(T), std::move(Ops));
  }

  static const char *passThroughName(std::string_view T) {
    if (T == "await_expression")
      return "await";
    if (T == "parenthesized_expression")
      return "paren";
    if (T == "as_expression")
      return "as";
    if (T == "satisfies_expression")
      return "satisfies";
    if (T == "non_null_expression")
      return "!";
    if (T == "type_assertion")
      return "type-assertion";
    if (T == "instantiation_expression")
      return "instantiation";
    return nullptr;
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

  NodeId binary(TSNode N, uint32_t F) {
    std::string Op = text(field(N, "operator"));
    NodeId L = expr(field(N, "left"), F), R = expr(field(N, "right"), F);
    NodeKind K = binaryKind(Op);
    return add(K, N, std::move(Op), {L, R});
  }

  NodeId templateString(TSNode N, uint32_t F) {
    std::vector<TSNode> Subs;
    for (TSNode C : namedChildren(N))
      if (type(C) == "template_substitution")
        Subs.push_back(C);
    if (Subs.empty())
      return stringLiteral(range(N), ecmaStringValue(N, Source));
    // Literal chunks between the substitutions, decoded from the source.
    std::vector<NodeId> Parts;
    uint32_t Pos = ts_node_start_byte(N) + 1, End = ts_node_end_byte(N);
    if (End > Pos && Source[End - 1] == '`')
      --End;
    auto Chunk = [&](uint32_t From, uint32_t To) {
      if (To <= From)
        return;
      std::string Value;
      decodeEcma(Source.substr(From, To - From), Value);
      if (!Value.empty())
        Parts.push_back(stringLiteral({From, To}, std::move(Value)));
    };
    for (TSNode S : Subs) {
      Chunk(Pos, ts_node_start_byte(S));
      if (TSNode E = innerOf(S); !isNull(E))
        Parts.push_back(expr(E, F));
      Pos = ts_node_end_byte(S);
    }
    Chunk(Pos, End);
    return add(NodeKind::StringBuild, N, "template", std::move(Parts));
  }

  /// Call arguments or array elements; `...xs` is a spread.
  void elements(TSNode List, uint32_t F, std::vector<ir::Argument> &Out) {
    for (TSNode E : namedChildren(List)) {
      ir::Argument A;
      if (type(E) == "spread_element") {
        A.Spread = true;
        E = innerOf(E);
      }
      A.Value = isNull(E) ? add(NodeKind::Unknown, List) : expr(E, F);
      Out.push_back(std::move(A));
    }
  }

  /// The module of `require("m")`: a call of the identifier `require` with
  /// one string argument; nothing for any other node.
  std::optional<std::string> requiredModule(TSNode Call) const {
    if (type(Call) != "call_expression")
      return std::nullopt;
    TSNode Callee = field(Call, "function"), Args = field(Call, "arguments");
    if (isNull(Callee) || type(Callee) != "identifier" || text(Callee) != "require" ||
        isNull(Args) || type(Args) != "arguments")
      return std::nullopt;
    std::vector<TSNode> A = namedChildren(Args);
    if (A.size() != 1 || type(A[0]) != "string")
      return std::nullopt;
    return ecmaStringValue(A[0], Source);
  }

  /// `f(...)`, `f?.(...)`, `new X(...)`, `new X`, and tagged templates.
  NodeId call(TSNode N, uint32_t F) {
    if (std::optional<std::string> Module = requiredModule(N)) {
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
      return add(NodeKind::Name, N, std::move(Bound));
    }
    ir::Node C;
    C.Kind = NodeKind::Call;
    C.Where = range(N);
    bool New = type(N) == "new_expression";
    C.Operands.push_back(expr(field(N, New ? "constructor" : "function"), F));
    if (TSNode Args = field(N, "arguments"); !isNull(Args)) {
      if (type(Args) == "template_string") {
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
    for (TSNode P : namedChildren(N)) {
      std::string_view T = type(P);
      ir::Argument A;
      if (T == "pair") {
        TSNode Key = field(P, "key");
        A.Keyword = propertyName(Key, F, &A.StringLiteral);
        A.Value = valueExpr(field(P, "value"), F, {A.Keyword, range(Key)});
      } else if (T == "shorthand_property_identifier") {
        A.Keyword = text(P);
        A.Value = add(NodeKind::Name, P, text(P));
      } else if (T == "method_definition") {
        // `m() {}`, `get g() {}`: functions without a receiver parameter.
        TSNode Key = field(P, "name");
        A.Keyword = propertyName(Key, F);
        std::string Name = memberName(Key, F);
        uint32_t Index = newFunction(P, F, std::move(Name),
                                     isNull(Key) ? range(P) : range(Key));
        functionBody(P, Index);
        A.Value = functionRef(Index, range(P));
      } else if (T == "spread_element") {
        A.Spread = true;
        TSNode E = innerOf(P);
        A.Value = isNull(E) ? add(NodeKind::Unknown, P) : expr(E, F);
      } else {
        evaluate(F, expr(P, F)); // ERROR inside the literal
        continue;
      }
      if (A.Value == NoNode)
        A.Value = add(NodeKind::Unknown, P);
      C.Args.push_back(std::move(A));
    }
    return add(std::move(C));
  }

  /// The expressions embedded in a JSX element, its attributes and children:
  /// each is evaluated in \p F and becomes an operand of the element.
  void jsxParts(TSNode N, uint32_t F, std::vector<NodeId> &Ops) {
    for (TSNode C : namedChildren(N)) {
      std::string_view T = type(C);
      if (T == "jsx_opening_element" || T == "jsx_attribute") {
        jsxParts(C, F, Ops);
      } else if (T == "jsx_expression") {
        TSNode E = innerOf(C);
        if (!isNull(E) && type(E) == "spread_element")
          E = innerOf(E);
        if (isNull(E))
          continue; // `{}` or `{/* comment */}`
        NodeId Id = expr(E, F);
        fn(F).Evaluated.push_back(Id);
        Ops.push_back(Id);
      } else if (T == "jsx_element" || T == "jsx_self_closing_element") {
        Ops.push_back(expr(C, F));
      }
    }
  }
};

} // namespace

std::string ecmaStringValue(TSNode String, std::string_view Source) {
  std::string Out;
  uint32_t Begin = ts_node_start_byte(String), End = ts_node_end_byte(String);
  if (End <= Begin || End > Source.size())
    return Out;
  std::string_view Text = Source.substr(Begin, End - Begin);
  if (type(String) == "template_string") {
    // Chunks between substitutions; the substitutions are left out.
    uint32_t Pos = Begin + 1, Stop = End;
    if (Stop > Pos && Source[Stop - 1] == '`')
      --Stop;
    for (TSNode C : namedChildren(String)) {
      if (type(C) != "template_substitution")
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

ir::Module lowerEcmaScript(std::string_view Path, std::string_view Source,
                           TSNode Root, const LoweringOptions &Opts) {
  return Lowerer(Path, Source, Opts).run(Root);
}

} // namespace teetidy::frontend
