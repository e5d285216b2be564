#include "syntax/Grammars.h"

extern "C" {
const TSLanguage *tree_sitter_python();
const TSLanguage *tree_sitter_javascript();
const TSLanguage *tree_sitter_typescript();
const TSLanguage *tree_sitter_tsx();
const TSLanguage *tree_sitter_go();
const TSLanguage *tree_sitter_rust();
}

namespace teetidy {

const TSLanguage *grammarFor(Language L) {
  switch (L) {
  case Language::Python:
    return tree_sitter_python();
  case Language::JavaScript:
    return tree_sitter_javascript();
  case Language::TypeScript:
    return tree_sitter_typescript();
  case Language::TSX:
    return tree_sitter_tsx();
  case Language::Go:
    return tree_sitter_go();
  case Language::Rust:
    return tree_sitter_rust();
  default:
    return nullptr;
  }
}

std::string checkGrammarAbi() {
  for (Language L : {Language::Python, Language::JavaScript, Language::TypeScript, Language::TSX,
                     Language::Go, Language::Rust}) {
    uint32_t V = ts_language_version(grammarFor(L));
    if (V < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || V > TREE_SITTER_LANGUAGE_VERSION)
      return "the " + std::string(languageName(L)) + " grammar has ABI " + std::to_string(V) +
             " but this tree-sitter runtime accepts " +
             std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + "-" +
             std::to_string(TREE_SITTER_LANGUAGE_VERSION) +
             "; rebuild with a grammar pinned in grammars/package.json";
  }
  return "";
}

std::string_view queryFolder(Language L) {
  switch (L) {
  case Language::Python:
    return "python";
  case Language::JavaScript:
  case Language::TypeScript:
  case Language::TSX:
    return "ecma";
  case Language::Go:
    return "go";
  case Language::Rust:
    return "rust";
  default:
    return "";
  }
}

} // namespace teetidy
