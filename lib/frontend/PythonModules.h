//===- PythonModules.h - How Python files import each other -----*- C++ -*-===//
#pragma once

#include "ir/IR.h"

#include <string>
#include <vector>

namespace teetidy::frontend {

/// Dotted module names a Python file can be imported as: relative to each
/// ancestor directory, shortest first ("app/api/main.py" -> "main",
/// "api.main", "app.api.main"); `__init__.py` names its package. Path parts
/// that are not identifiers end the list.
std::vector<std::string> pythonModuleNames(const std::string &Path);

/// Makes the relative import \p I of the file at \p ImporterPath absolute
/// (`from ..x import y` in app/api/main.py imports from app.x): its Module
/// becomes the dotted name and its Level 0. Absolute imports are kept.
void makeAbsolute(const std::string &ImporterPath, ir::Import &I);

} // namespace teetidy::frontend
