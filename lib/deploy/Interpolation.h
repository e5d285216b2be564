//===- Interpolation.h - Compose variable interpolation ---------*- C++ -*-===//
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::deploy {

/// One `$VAR` / `${VAR...}` reference inside a compose string.
struct VariableRef {
  enum class Form {
    Plain,                  ///< $VAR or ${VAR}
    DefaultIfUnsetOrEmpty,  ///< ${VAR:-default}
    DefaultIfUnset,         ///< ${VAR-default}
    ErrorIfUnsetOrEmpty,    ///< ${VAR:?message}
    ErrorIfUnset,           ///< ${VAR?message}
    AlternateIfSetNonEmpty, ///< ${VAR:+alternate}
    AlternateIfSet,         ///< ${VAR+alternate}
  };
  std::string Name;
  Form Kind = Form::Plain;
  /// The raw text after the operator (may itself hold references).
  std::string Argument;
  /// References nested inside Argument (e.g. ${A:-${B}}), positions relative
  /// to the enclosing string.
  std::vector<VariableRef> Nested;
  /// Byte offset and length of the whole reference in the input string.
  size_t Offset = 0;
  size_t Length = 0;
};

/// A compose string split into its literal text and variable references.
struct InterpolatedString {
  std::string Raw;
  std::vector<VariableRef> Refs;
  /// True when the string holds no references (`$$` escapes are literal).
  bool isLiteral() const { return Refs.empty(); }
  /// The literal value with `$$` unescaped; only meaningful if isLiteral().
  std::string literalValue() const;
  /// Every variable name referenced, nested ones included, in order.
  std::vector<std::string> variableNames() const;
};

/// References nested deeper than this (`${A:-${B:-${C:-...}}}`) make the
/// string malformed: real files nest two or three levels, and the bound keeps
/// parsing and what is built from the result linear in the input.
inline constexpr unsigned MaxInterpolationNesting = 32;

/// Parses Compose interpolation. On malformed input (an unterminated `${`,
/// an invalid name, nesting past MaxInterpolationNesting) returns nullopt and
/// sets \p Error with the offset in \p ErrorOffset.
std::optional<InterpolatedString> parseInterpolation(std::string_view Text,
                                                     std::string *Error = nullptr,
                                                     size_t *ErrorOffset = nullptr);

} // namespace teetidy::deploy
