//===- RustLowering.h - Rust syntax tree to ir::Module ----------*- C++ -*-===//
#pragma once

#include "frontend/Lowering.h"
#include "ir/IR.h"

#include <tree_sitter/api.h>

#include <string>
#include <string_view>

namespace teetidy::frontend {

/// Lowers the tree-sitter-rust tree \p Root of \p Source, one file of a
/// crate. Never fails: ERROR nodes are lowered as far as they have
/// recognisable children.
///
/// How Rust maps onto the IR:
///  - paths are written with dots: `use std::env;` imports `env` from the
///    module "std", `std::env::var` is the attribute chain std.env.var, so
///    an external function is named like `std.env.var` in the models;
///  - a struct is a class whose body declares its fields, with a
///    constructor `<init>` taking them, so that `T { f: v }` is a call of
///    the class with keywords (`..base` is a keyword spread); the functions
///    of `impl T` and `impl Trait for T` are its methods, taking `self` as
///    their first parameter, the others static;
///  - blocks, `if` and `match` are expressions: their value is the choice
///    of the values their branches end with; patterns (`let Ok(v) = e`,
///    match arms, `if let`, `for`) bind their names from the matched value;
///  - `x?`, `x.await`, `&x`, `*x` and `x as T` pass x through; `format!`
///    and `concat!` build strings from their arguments, other macros are
///    calls of `name!` with the names and literals of their token trees.
ir::Module lowerRust(std::string_view Path, std::string_view Source, TSNode Root,
                     const LoweringOptions &Opts = {});

} // namespace teetidy::frontend
