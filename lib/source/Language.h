//===- Language.h - Which language a file is written in --------*- C++ -*-===//
#pragma once

#include <optional>
#include <string_view>

namespace teetidy {

/// The languages and file kinds tee-tidy understands.
enum class Language {
  Python,
  TypeScript,
  TSX,
  JavaScript, ///< JS and JSX share one grammar.
  Go,
  Rust,
  C,    ///< analysed through Clang, with the file's compile command
  Cpp,  ///< C++, likewise
  Yaml, ///< docker-compose files and other YAML.
  Json, ///< app-compose.json, tsconfig.json, tcb_info dumps.
  Dockerfile,
  /// A file a check consults without analysing it (a requirements file);
  /// never given to a file by its name.
  Text,
};

/// Lower-case name used in messages and on the command line (`--lang=`).
std::string_view languageName(Language L);
std::optional<Language> languageFromName(std::string_view Name);

/// Maps a path to a language by file name and extension, or nullopt when the
/// file is not something tee-tidy analyses.
std::optional<Language> languageForPath(std::string_view Path);

/// True for the languages parsed by a tree-sitter grammar.
bool hasGrammar(Language L);

/// Languages analysed together: values flow between files of one family
/// (Python; JavaScript, TypeScript and TSX; Go; Rust; C and C++), never
/// across families.
enum class LanguageFamily { Python, EcmaScript, Go, Rust, C };
/// Every family, in the order their analyses run.
inline constexpr LanguageFamily AllFamilies[] = {LanguageFamily::Python, LanguageFamily::EcmaScript,
                                                 LanguageFamily::Go, LanguageFamily::Rust,
                                                 LanguageFamily::C};
/// The family of a source language; nullopt for deployment files.
std::optional<LanguageFamily> familyOf(Language L);

/// The comment syntax NOLINT directives are looked for in.
struct CommentSyntax {
  bool Hash = false;        ///< `# ...` to end of line
  bool DoubleSlash = false; ///< `// ...` to end of line
  bool Block = false;       ///< `/* ... */`
};
CommentSyntax commentSyntax(Language L);

} // namespace teetidy
