#include "source/Language.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace teetidy {

namespace {
struct NamedLanguage {
  std::string_view Name;
  Language Lang;
};
constexpr std::array<NamedLanguage, 11> Names = {{
    {"python", Language::Python},
    {"typescript", Language::TypeScript},
    {"tsx", Language::TSX},
    {"javascript", Language::JavaScript},
    {"go", Language::Go},
    {"rust", Language::Rust},
    {"c", Language::C},
    {"c++", Language::Cpp},
    {"yaml", Language::Yaml},
    {"json", Language::Json},
    {"dockerfile", Language::Dockerfile},
}};

struct Extension {
  std::string_view Ext;
  Language Lang;
};
constexpr std::array<Extension, 21> Extensions = {{
    {".py", Language::Python},
    {".pyi", Language::Python},
    {".ts", Language::TypeScript},
    {".mts", Language::TypeScript},
    {".cts", Language::TypeScript},
    {".tsx", Language::TSX},
    {".js", Language::JavaScript},
    {".mjs", Language::JavaScript},
    {".cjs", Language::JavaScript},
    {".jsx", Language::JavaScript},
    {".go", Language::Go},
    {".rs", Language::Rust},
    {".c", Language::C},
    {".cc", Language::Cpp},
    {".cpp", Language::Cpp},
    {".cxx", Language::Cpp},
    {".c++", Language::Cpp},
    {".yml", Language::Yaml},
    {".yaml", Language::Yaml},
    {".json", Language::Json},
    {".dockerfile", Language::Dockerfile},
}};

std::string lower(std::string_view S) {
  std::string R(S);
  std::transform(R.begin(), R.end(), R.begin(), [](unsigned char C) { return std::tolower(C); });
  return R;
}
} // namespace

std::string_view languageName(Language L) {
  for (const auto &N : Names)
    if (N.Lang == L)
      return N.Name;
  return L == Language::Text ? "text" : "unknown";
}

std::optional<Language> languageFromName(std::string_view Name) {
  std::string L = lower(Name);
  for (const auto &N : Names)
    if (N.Name == L)
      return N.Lang;
  if (L == "py")
    return Language::Python;
  if (L == "ts")
    return Language::TypeScript;
  if (L == "js" || L == "jsx")
    return Language::JavaScript;
  if (L == "golang")
    return Language::Go;
  if (L == "rs")
    return Language::Rust;
  if (L == "cpp" || L == "cxx")
    return Language::Cpp;
  return std::nullopt;
}

std::optional<Language> languageForPath(std::string_view Path) {
  std::string_view Base = Path;
  if (auto Slash = Base.find_last_of('/'); Slash != std::string_view::npos)
    Base = Base.substr(Slash + 1);
  std::string Name = lower(Base);
  // Dockerfile, Dockerfile.prod, prod.Dockerfile (by extension below).
  if (Name == "dockerfile" || Name.rfind("dockerfile.", 0) == 0)
    return Language::Dockerfile;
  auto Dot = Name.find_last_of('.');
  if (Dot == std::string::npos)
    return std::nullopt;
  std::string_view Ext = std::string_view(Name).substr(Dot);
  // Only dstack manifests among JSON files; package.json and friends are data.
  if (Ext == ".json" && Name.find("app-compose") == std::string::npos &&
      Name.find("app_compose") == std::string::npos)
    return std::nullopt;
  for (const auto &E : Extensions)
    if (E.Ext == Ext)
      return E.Lang;
  return std::nullopt;
}

bool hasGrammar(Language L) {
  switch (L) {
  case Language::Python:
  case Language::TypeScript:
  case Language::TSX:
  case Language::JavaScript:
  case Language::Go:
  case Language::Rust:
    return true;
  default:
    return false;
  }
}

CommentSyntax commentSyntax(Language L) {
  switch (L) {
  case Language::Python:
  case Language::Yaml:
  case Language::Dockerfile:
    return {true, false, false};
  case Language::TypeScript:
  case Language::TSX:
  case Language::JavaScript:
  case Language::Go:
  case Language::Rust:
  case Language::C:
  case Language::Cpp:
    return {false, true, true};
  case Language::Json:
  case Language::Text:
    return {};
  }
  return {};
}

std::optional<LanguageFamily> familyOf(Language L) {
  switch (L) {
  case Language::Python:
    return LanguageFamily::Python;
  case Language::TypeScript:
  case Language::TSX:
  case Language::JavaScript:
    return LanguageFamily::EcmaScript;
  case Language::Go:
    return LanguageFamily::Go;
  case Language::Rust:
    return LanguageFamily::Rust;
  case Language::C:
  case Language::Cpp:
    return LanguageFamily::C;
  case Language::Yaml:
  case Language::Json:
  case Language::Dockerfile:
  case Language::Text:
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace teetidy
