//===- Grammars.h - The compiled-in tree-sitter grammars --------*- C++ -*-===//
#pragma once

#include "source/Language.h"

#include <tree_sitter/api.h>

#include <string>

namespace teetidy {

/// The grammar for \p L, or null for languages without one (YAML, JSON,
/// Dockerfile are read by our own loaders).
const TSLanguage *grammarFor(Language L);

/// Checks that every compiled-in grammar's ABI is one this tree-sitter runtime
/// accepts. Returns "" when all are fine, else a message naming the grammar.
std::string checkGrammarAbi();

/// The folder holding a language's queries under queries/ ("python", "ecma").
std::string_view queryFolder(Language L);

} // namespace teetidy
