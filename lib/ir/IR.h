//===- IR.h - Language-neutral program model for dataflow -------*- C++ -*-===//
//
// A module is lowered to expressions (a flat node table), assignments between
// targets and expressions, and the functions, classes and imports that hold
// them. The model is flow-insensitive inside a function: it records what can
// flow where, not in which order. Every node keeps its byte range so a
// finding can walk its path through the source.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace teetidy::ir {

/// A byte range in the module's file.
struct Range {
  uint32_t Begin = 0, End = 0;
};

/// Index into Module::Nodes.
using NodeId = uint32_t;
using NodeList = llvm::SmallVector<NodeId, 2>;
inline constexpr NodeId NoNode = ~NodeId(0);

enum class NodeKind : uint8_t {
  Literal,     ///< Text: a string's decoded value, or the literal as written.
  Name,        ///< A read of variable Text.
  Attribute,   ///< Operands[0].Text
  Subscript,   ///< Operands[0][Operands[1]]
  Call,        ///< Operands[0] is the callee; arguments in Args.
  StringBuild, ///< f-string, `+`, `%`, template literal: Operands are the parts.
  Choice,      ///< `a or b`, `x if c else y`, `a ?? b`: any operand may flow.
  PassThrough, ///< `await x`, `(x)`, `x!`, `x as T`: Operands[0] flows.
  Container,   ///< dict / list / tuple / object literal: elements in Args.
  Function,    ///< A function (def or lambda) as a value; Index names it.
  Class,       ///< A class definition as a value; Index names it.
  Unknown,     ///< Anything else (arithmetic, comparisons); Operands still flow.
};

/// What a node of a generic kind means, set by the lowering. The engine
/// reads meaning from this, never from the spelling the node's Text keeps
/// for dumps and messages.
enum class Op : uint8_t {
  None,
  // Literal
  String,  ///< a string; Text is its decoded value
  True,    ///< `True`, `true`
  False,   ///< `False`, `false`
  NoValue, ///< `None`, `null`, `undefined`: stands for no value
  // Choice
  Fallback,        ///< `a or b`, `a || b`: b stands in when a is missing, empty or false
  NullishFallback, ///< `a ?? b`: b stands in when a is missing (null or undefined)
  Conditional,     ///< `x if c else y`, `c ? x : y`
  // Container
  Mapping, ///< a dict literal: its entries are read by key (`d["k"]`)
  Object,  ///< an object literal: its entries are its properties too (`o.k`)
  // Unknown
  Comparison, ///< `==`, `!=`, `===`, `!==`, a Python comparison
  // Name
  Receiver, ///< `this`: the object the enclosing method was called on
  Super,    ///< `super`, Python's `super()`: the base class, on the same object
};

/// The name a module's default export is bound to (`export default`,
/// CommonJS `module.exports`), and the Import::Name of a default import.
inline constexpr const char *DefaultExport = "default";
/// The Import::Name of `from m import *` and `export * from 'm'`.
inline constexpr const char *AllNames = "*";

/// A call argument or a container element. Keyword is the keyword argument
/// name, or the constant key of a dict/object entry; empty for positional.
struct Argument {
  std::string Keyword;
  NodeId Value = NoNode;
  bool Spread = false;        ///< `*args` / `...xs`
  bool KeywordSpread = false; ///< `**kwargs`
  bool StringLiteral = false; ///< Literal: the node was a string.
};

struct Node {
  // Members ordered so that none is padded (96 bytes; 104 otherwise).
  NodeKind Kind = NodeKind::Unknown;
  ir::Op Op = ir::Op::None;
  /// Function: index into Module::Functions; Class: into Module::Classes.
  uint32_t Index = 0;
  Range Where;
  std::string Text;
  /// Inline for the usual one or two: no allocation per node.
  NodeList Operands;
  std::vector<Argument> Args;

  bool is(ir::Op O) const { return Op == O; }
  bool isString() const { return Kind == NodeKind::Literal && Op == ir::Op::String; }

  // SmallVector's move is not declared noexcept, which would make the node
  // table copy every node when it grows.
  Node() = default;
  Node(const Node &) = default;
  Node(Node &&) noexcept = default;
  Node &operator=(const Node &) = default;
  Node &operator=(Node &&) noexcept = default;
};
static_assert(std::is_nothrow_move_constructible_v<Node>);
static_assert(sizeof(void *) != 8 || sizeof(Node) == 96);

/// The left side of an assignment (or a `for`/`with ... as` binding).
struct Target {
  enum Kind : uint8_t {
    Name,      ///< variable Text
    Attribute, ///< Object.Text
    Subscript, ///< Object[Key]
    Tuple,     ///< destructuring into Elements
  } K = Name;
  std::string Text;
  NodeId Object = NoNode, Key = NoNode;
  std::vector<Target> Elements;
  /// In an object pattern (`{ a: t = d } = v`): the property read from the
  /// value for this element ("a"); empty for positional elements.
  std::string Property;
  /// The element's default (`= d`), used when the property is missing.
  NodeId Default = NoNode;
  /// Position in a Tuple of a starred element, or -1.
  int StarredIndex = -1;
  Range Where;
};

/// `Target = Value` (also augmented assignment, walrus, `for t in v`,
/// `with v as t`). Iteration: the target receives the elements of Value.
struct Assignment {
  Target Lhs;
  NodeId Value = NoNode;
  bool Iteration = false;
  /// Annotation of an annotated assignment (`x: T = v`), as written.
  std::string Annotation;
};

struct Parameter {
  std::string Name;
  NodeId Default = NoNode;
  std::string Annotation;
  bool Star = false, DoubleStar = false, KeywordOnly = false;
  Range Where;
};

struct Function {
  std::string Name;          ///< "<module>" for the top level
  std::string QualifiedName; ///< Class.method, outer.inner
  std::vector<Parameter> Params;
  std::vector<Assignment> Assignments;
  std::vector<NodeId> Returns;   ///< returned (or yielded) expressions
  std::vector<NodeId> Evaluated; ///< expression statements, conditions, ...
  std::vector<NodeId> Decorators;
  int Class = -1;  ///< index into Module::Classes for methods
  int Parent = -1; ///< enclosing function, -1 for the module body
  bool IsAsync = false;
  /// Runs when the class is instantiated (`__init__`, `constructor`).
  bool IsConstructor = false;
  /// A method without a receiver (`@staticmethod`, `static m()`); other
  /// methods take the instance as their first parameter.
  bool IsStatic = false;
  /// Runs when the attribute is read (`get x()`, `@property`).
  bool IsGetter = false;
  /// The body of a class (field declarations): not a scope for the
  /// class's methods.
  bool IsClassBody = false;
  /// A method of an object literal: the literal's node, which `this` is
  /// in the method (NoNode for other functions).
  NodeId ThisObject = NoNode;
  /// Names whose assignments in this function bind the module's variables
  /// (Python `global x`).
  std::vector<std::string> ModuleNames;
  Range Where;
  Range NameWhere;
};

struct ClassDef {
  std::string Name;
  std::vector<NodeId> Bases;      ///< superclass expressions
  std::vector<Argument> Keywords; ///< `class C(Base, metaclass=M)` keywords
  std::vector<uint32_t> Methods;  ///< indices into Module::Functions
  /// The class body (field declarations with defaults, `model_config = ...`,
  /// nested `class Config`), lowered as a function of its own.
  uint32_t Body = 0;
  std::vector<uint32_t> NestedClasses;
  int Parent = -1; ///< enclosing class for nested classes
  /// Methods of a type declared in another file of the same package (Go):
  /// the engine joins them to the classes of that name in the files this
  /// module star-imports by path.
  bool DeclaredElsewhere = false;
  Range Where;
  Range NameWhere;
};

/// `import a.b as c` (Module "a.b", Name "", Alias "c") or
/// `from .x import y as z` (Module "x", Level 1, Name "y", Alias "z").
/// ECMAScript specifiers are kept as written (Module "./x", "openai");
/// `import d from 'm'` has Name "default", `import * as ns` and `require`
/// have Name "".
struct Import {
  std::string Module;
  std::string Name; ///< empty for `import m`; "*" for `from m import *`
  std::string Alias;
  unsigned Level = 0;
  /// `import a.b` binds `a`, the module's first component (Python).
  bool BindsFirstComponent = false;
  /// The file the import names, when the program layer resolved it (ECMAScript
  /// relative and path-alias specifiers); the engine then binds by path.
  std::string ResolvedPath;
  /// The specifier as written, once the program layer has rewritten Module
  /// (ECMAScript); empty before.
  std::string Written;

  /// The function whose scope the import binds into (0 = module level).
  uint32_t Scope = 0;
  Range Where;
  /// The name the import binds: Alias, else Name, else Module (its first
  /// component when BindsFirstComponent).
  std::string boundName() const;
};

/// A limit that stopped lowering part of a file (reported as a diagnostic).
struct LoweringLimit {
  Range Where;
  std::string Message;
};

struct Module {
  std::string Path;
  std::vector<Node> Nodes;
  /// Functions[0] is the module body.
  std::vector<Function> Functions;
  std::vector<ClassDef> Classes;
  std::vector<Import> Imports;
  std::vector<LoweringLimit> Limits;

  const Node &node(NodeId Id) const { return Nodes[Id]; }
};

/// A readable dump of \p M for tests and debugging, one item per line.
std::string dump(const Module &M);

} // namespace teetidy::ir
