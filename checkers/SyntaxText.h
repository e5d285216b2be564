//===- SyntaxText.h - Literal values of syntax nodes ------------*- C++ -*-===//
#pragma once

#include "syntax/QueryRunner.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy {

/// The value of a constant node: a string literal without interpolation
/// (Python or JS/TS, prefixes and quotes removed, simple escapes decoded), a
/// number, `true`/`false`/`True`/`False`, or a property name. Nullopt for
/// anything computed (f-strings with fields, templates with substitutions,
/// names of variables).
std::optional<std::string> stringLiteralValue(TSNode N, std::string_view Source);

/// Replaces `{capture}` in \p Template with the first line of that capture's
/// text (shortened to 60 bytes).
std::string expandCaptures(std::string_view Template, const QueryMatch &M, std::string_view Source);

/// The lower-case words of an identifier or text: split at anything not a
/// letter or digit and at camelCase boundaries (`signingAddress`,
/// `HTTPHeader`, `JWT_SECRET`).
std::vector<std::string> identifierWords(llvm::StringRef Name);

} // namespace teetidy
