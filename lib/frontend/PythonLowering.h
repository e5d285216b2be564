//===- PythonLowering.h - Python syntax tree to ir::Module ------*- C++ -*-===//
#pragma once

#include "frontend/Lowering.h"
#include "ir/IR.h"

#include <tree_sitter/api.h>

#include <string_view>

namespace teetidy::frontend {

/// Lowers the tree-sitter-python tree \p Root of \p Source. Never fails:
/// ERROR nodes are lowered as far as they have recognisable children.
ir::Module lowerPython(std::string_view Path, std::string_view Source, TSNode Root,
                       const LoweringOptions &Opts = {});

/// The value of a Python string literal node (`string`, or
/// `concatenated_string`) with escapes decoded; prefixes (r, b, u) honoured.
/// Interpolations of f-strings are left out.
std::string pythonStringValue(TSNode String, std::string_view Source);

} // namespace teetidy::frontend
