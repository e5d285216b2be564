//===- EcmaScriptLowering.h - JS/TS syntax trees to ir::Module --*- C++ -*-===//
//
// One lowering serves the tree-sitter-javascript (JS, JSX, MJS, CJS),
// tree-sitter-typescript and tree-sitter-tsx grammars: they share their node
// type names, and TypeScript-only syntax is either unwrapped (`x as T`, `x!`)
// or skipped (interfaces, type aliases, `declare`).
//
// Conventions beyond those documented in ir/IR.h:
//  - Anonymous functions and classes are named after what they are bound to
//    (`const f = () => {}` is "f", `{ k: function () {} }` is "k",
//    `export default () => {}` is "default"), else "<arrow@LINE>",
//    "<function@LINE>" or "<class@LINE>" with a 1-based line.
//  - A function's Parent is the function it is written in (0 at top level);
//    a method's Parent is its class body ("<class-body>"), as in the Python
//    lowering. Non-static methods (constructors, getters and setters
//    included) take a synthetic first parameter `this`.
//  - A destructured parameter at source position N (TypeScript `this: T`
//    parameters are dropped and not counted) is a parameter named
//    `<paramN>` plus an assignment from it to the pattern.
//  - Class fields are assignments in the class body; a field without a
//    value (`x: string;`) is kept with no value, as in the Python lowering.
//  - Array patterns keep only the elements present, in order: holes
//    (`[a, , b]`) leave no element.
//  - Side-effect-only imports (`import "m"`) record nothing.
//  - `enum E { A = 1, B }` assigns E an object Container of its members;
//    members without an initialiser get their implied number when known.
//  - Namespaces (`namespace N { ... }`) are lowered into the enclosing
//    function: their bindings become plain names there.
//  - A template literal without substitutions is a string Literal.
//  - CommonJS at module level: `module.exports = v` assigns "default",
//    `exports.x = v` and `module.exports.x = v` assign "x", and
//    `module.exports = { a, b: v }` also assigns a and b. Inside functions
//    these stay attribute assignments.
//  - `require("m")` outside `const x = require("m")` and
//    `const { a } = require("m")` (`require("pg").Pool`,
//    `require("dotenv").config()`) is a Name "<require m>", bound by an
//    import of the whole module m under that name in the enclosing
//    function.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/Lowering.h"
#include "ir/IR.h"

#include <tree_sitter/api.h>

#include <string>
#include <string_view>

namespace teetidy::frontend {

/// Lowers the tree \p Root of \p Source, parsed by the JavaScript, TypeScript
/// or TSX grammar. Never fails: ERROR nodes are lowered as far as they have
/// recognisable children.
ir::Module lowerEcmaScript(std::string_view Path, std::string_view Source, TSNode Root,
                           const LoweringOptions &Opts = {});

/// The value of a `string` or `template_string` node with escapes decoded
/// into UTF-8. Substitutions of template strings are left out.
std::string ecmaStringValue(TSNode String, std::string_view Source);

} // namespace teetidy::frontend
