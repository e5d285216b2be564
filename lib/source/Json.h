//===- Json.h - A JSON reader that keeps positions --------------*- C++ -*-===//
//
// RFC 8259 JSON read into values that remember where they are: decoded
// strings map every byte back to the file, through escapes. Used for
// app-compose.json, tcb_info dumps, tsconfig.json and package.json.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "source/SourceFile.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy {

struct JsonMember;

/// One JSON value and where it is.
struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind K = Kind::Null;
  /// First byte of the value (the opening quote of a string).
  SourceLocation Loc;
  /// Bytes of the file the value spans (quotes and brackets included).
  size_t Length = 0;
  bool Bool = false;
  /// The decoded string, or a number as written.
  std::string Text;
  /// For strings: the file offset of each byte of Text, plus one entry for
  /// the end (the closing quote). A byte decoded from an escape maps to the
  /// escape's backslash.
  std::vector<size_t> Offsets;
  /// Array items.
  std::vector<JsonValue> Items;
  /// Object members in file order; a repeated key appears each time.
  std::vector<JsonMember> Members;

  bool isString() const { return K == Kind::String; }
  /// The last member called \p Key, or null.
  const JsonValue *find(std::string_view Key) const;
  /// File offset of byte \p I of Text (strings only; Text.size() is the end).
  size_t fileOffset(size_t I) const;
  SourceLocation locationOf(size_t I) const { return {Loc.File, fileOffset(I)}; }
};

struct JsonMember {
  std::string Key;
  /// Location of the key's opening quote.
  SourceLocation KeyLoc;
  JsonValue Value;
};

/// A problem found while reading; reading stops at a syntax error.
struct JsonIssue {
  SourceLocation Loc;
  std::string Message;
  /// A repeated key (reading went on; the last value wins in find()).
  bool DuplicateKey = false;
};

/// A parsed JSON document. On a syntax error Root holds what was read before
/// it (containers cut short).
struct JsonDocument {
  std::optional<JsonValue> Root;
  std::vector<JsonIssue> Issues;
};

/// Reads \p File as JSON. Nesting deeper than 512 levels is an issue, not
/// a risk to the stack.
JsonDocument readJson(const SourceFile &File);

/// Name of a JSON kind for messages ("a number", "an array", ...).
const char *jsonKindName(JsonValue::Kind K);

} // namespace teetidy
