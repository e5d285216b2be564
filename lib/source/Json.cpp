#include "source/Json.h"

#include "source/Utf8.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace teetidy {

namespace {

/// Deeper nesting than this is refused rather than risking the stack.
constexpr unsigned MaxDepth = 512;

std::string position(const SourceFile &F, size_t Offset) {
  return std::to_string(F.lineOf(Offset)) + ":" + std::to_string(F.columnOf(Offset));
}

/// Appends code point \p CP as UTF-8, every byte mapped to \p At.
void appendUtf8(JsonValue &V, uint32_t CP, size_t At) {
  size_t Before = V.Text.size();
  teetidy::appendUtf8(V.Text, CP);
  V.Offsets.insert(V.Offsets.end(), V.Text.size() - Before, At);
}

class JsonReader {
public:
  JsonReader(const SourceFile &F, std::vector<JsonIssue> &Issues)
      : F(F), Src(F.content()), Issues(Issues) {}

  std::optional<JsonValue> document() {
    skipSpace();
    if (Pos == Src.size()) {
      issue(Pos, "expected a JSON value, found the end of the file");
      return std::nullopt;
    }
    JsonValue Root;
    bool Ok = value(Root, 0);
    // Nothing understood at all: not JSON.
    if (!Ok && Root.Length == 0)
      return std::nullopt;
    if (Ok) {
      skipSpace();
      if (Pos < Src.size())
        issue(Pos, "unexpected text after the JSON value");
    }
    return Root;
  }

private:
  void issue(size_t At, std::string Msg, bool DuplicateKey = false) {
    Issues.push_back({{&F, std::min(At, Src.size())}, std::move(Msg), DuplicateKey});
  }

  void skipSpace() {
    while (Pos < Src.size() &&
           (Src[Pos] == ' ' || Src[Pos] == '\t' || Src[Pos] == '\n' || Src[Pos] == '\r'))
      ++Pos;
  }

  std::string describeHere() const {
    if (Pos >= Src.size())
      return "the end of the file";
    unsigned char C = static_cast<unsigned char>(Src[Pos]);
    if (C < 0x20 || C >= 0x7F)
      return "byte 0x" + llvm::utohexstr(C, /*LowerCase=*/true);
    return "'" + std::string(1, Src[Pos]) + "'";
  }

  bool value(JsonValue &V, unsigned Depth) {
    V.Loc = {&F, Pos};
    size_t Start = Pos;
    bool Ok = valueBody(V, Depth);
    V.Length = Pos - Start;
    return Ok;
  }

  bool valueBody(JsonValue &V, unsigned Depth) {
    if (Pos >= Src.size()) {
      issue(Pos, "expected a JSON value, found the end of the file");
      return false;
    }
    char C = Src[Pos];
    if (C == '{' || C == '[') {
      if (Depth >= MaxDepth) {
        issue(Pos, "JSON nested more than " + std::to_string(MaxDepth) +
                       " levels deep; the rest was not read");
        return false;
      }
      return C == '{' ? object(V, Depth + 1) : array(V, Depth + 1);
    }
    if (C == '"') {
      V.K = JsonValue::Kind::String;
      return string(V);
    }
    if (C == '-' || (C >= '0' && C <= '9'))
      return number(V);
    for (auto [Word, Kind, B] : {std::tuple{"true", JsonValue::Kind::Bool, true},
                                 std::tuple{"false", JsonValue::Kind::Bool, false},
                                 std::tuple{"null", JsonValue::Kind::Null, false}}) {
      std::string_view W(Word);
      if (Src.substr(Pos, W.size()) == W) {
        V.K = Kind;
        V.Bool = B;
        Pos += W.size();
        return true;
      }
    }
    issue(Pos, "not valid JSON: expected a value, found " + describeHere());
    return false;
  }

  bool number(JsonValue &V) {
    size_t Start = Pos;
    auto Digits = [&] {
      size_t B = Pos;
      while (Pos < Src.size() && Src[Pos] >= '0' && Src[Pos] <= '9')
        ++Pos;
      return Pos - B;
    };
    if (Src[Pos] == '-')
      ++Pos;
    size_t IntStart = Pos;
    size_t N = Digits();
    bool Ok = N > 0 && !(N > 1 && Src[IntStart] == '0');
    if (Ok && Pos < Src.size() && Src[Pos] == '.') {
      ++Pos;
      Ok = Digits() > 0;
    }
    if (Ok && Pos < Src.size() && (Src[Pos] == 'e' || Src[Pos] == 'E')) {
      ++Pos;
      if (Pos < Src.size() && (Src[Pos] == '+' || Src[Pos] == '-'))
        ++Pos;
      Ok = Digits() > 0;
    }
    if (!Ok) {
      issue(Start, "not valid JSON: malformed number");
      return false;
    }
    V.K = JsonValue::Kind::Number;
    V.Text = std::string(Src.substr(Start, Pos - Start));
    return true;
  }

  /// Reads 4 hex digits at Pos; false if they are not there.
  bool hex4(uint32_t &Out) {
    if (Pos + 4 > Src.size())
      return false;
    Out = 0;
    for (size_t I = 0; I < 4; ++I) {
      char C = Src[Pos + I];
      unsigned D;
      if (C >= '0' && C <= '9')
        D = static_cast<unsigned>(C - '0');
      else if (C >= 'a' && C <= 'f')
        D = static_cast<unsigned>(C - 'a' + 10);
      else if (C >= 'A' && C <= 'F')
        D = static_cast<unsigned>(C - 'A' + 10);
      else
        return false;
      Out = Out * 16 + D;
    }
    Pos += 4;
    return true;
  }

  /// Reads a string at Pos (the opening quote) into V.Text / V.Offsets.
  bool string(JsonValue &V) {
    size_t Open = Pos++;
    while (true) {
      if (Pos >= Src.size()) {
        issue(Open, "not valid JSON: unterminated string");
        V.Offsets.push_back(Pos);
        return false;
      }
      char C = Src[Pos];
      if (C == '"') {
        V.Offsets.push_back(Pos);
        ++Pos;
        return true;
      }
      if (static_cast<unsigned char>(C) < 0x20) {
        issue(Pos, "not valid JSON: control character in a string (write it "
                   "as an escape such as \\n)");
        V.Offsets.push_back(Pos);
        return false;
      }
      if (C != '\\') {
        V.Text.push_back(C);
        V.Offsets.push_back(Pos++);
        continue;
      }
      size_t Esc = Pos++;
      if (Pos >= Src.size()) {
        issue(Open, "not valid JSON: unterminated string");
        V.Offsets.push_back(Pos);
        return false;
      }
      char E = Src[Pos++];
      char Simple = 0;
      switch (E) {
      case '"':
        Simple = '"';
        break;
      case '\\':
        Simple = '\\';
        break;
      case '/':
        Simple = '/';
        break;
      case 'b':
        Simple = '\b';
        break;
      case 'f':
        Simple = '\f';
        break;
      case 'n':
        Simple = '\n';
        break;
      case 'r':
        Simple = '\r';
        break;
      case 't':
        Simple = '\t';
        break;
      case 'u':
        break;
      default:
        issue(Esc, std::string("not valid JSON: unknown escape '\\") + E + "'");
        V.Offsets.push_back(Esc);
        return false;
      }
      if (Simple) {
        V.Text.push_back(Simple);
        V.Offsets.push_back(Esc);
        continue;
      }
      uint32_t CP;
      if (!hex4(CP)) {
        issue(Esc, "not valid JSON: '\\u' needs four hex digits");
        V.Offsets.push_back(Esc);
        return false;
      }
      if (CP >= 0xD800 && CP <= 0xDBFF) {
        // A high surrogate must be followed by an escaped low surrogate.
        size_t Save = Pos;
        uint32_t Low = 0;
        if (Src.substr(Pos, 2) == "\\u" && (Pos += 2, hex4(Low)) && Low >= 0xDC00 &&
            Low <= 0xDFFF) {
          CP = 0x10000 + ((CP - 0xD800) << 10) + (Low - 0xDC00);
        } else {
          Pos = Save;
          issue(Esc, "lone UTF-16 surrogate '\\u" + llvm::utohexstr(CP, true) +
                         "' in a string; decoded as U+FFFD");
          CP = 0xFFFD;
        }
      } else if (CP >= 0xDC00 && CP <= 0xDFFF) {
        issue(Esc, "lone UTF-16 surrogate '\\u" + llvm::utohexstr(CP, true) +
                       "' in a string; decoded as U+FFFD");
        CP = 0xFFFD;
      }
      appendUtf8(V, CP, Esc);
    }
  }

  bool array(JsonValue &V, unsigned Depth) {
    V.K = JsonValue::Kind::Array;
    size_t Open = Pos++;
    skipSpace();
    if (Pos < Src.size() && Src[Pos] == ']') {
      ++Pos;
      return true;
    }
    while (true) {
      skipSpace();
      JsonValue Item;
      bool Ok = value(Item, Depth);
      if (Ok || Item.Length)
        V.Items.push_back(std::move(Item));
      if (!Ok)
        return false;
      if (std::optional<bool> Closed = next(']', "an array item", "array", Open))
        return *Closed;
    }
  }

  /// After an item of the container opened at \p Open: nullopt on a comma
  /// (another item follows), true on \p Close, false (reported) otherwise.
  std::optional<bool> next(char Close, const char *Item, const char *Container, size_t Open) {
    skipSpace();
    if (Pos < Src.size() && (Src[Pos] == ',' || Src[Pos] == Close))
      return Src[Pos++] == ',' ? std::nullopt : std::optional<bool>(true);
    issue(Pos, std::string("not valid JSON: expected ',' or '") + Close + "' after " + Item +
                   " (the " + Container + " starts at " + position(F, Open) + "), found " +
                   describeHere());
    return false;
  }

  bool object(JsonValue &V, unsigned Depth) {
    V.K = JsonValue::Kind::Object;
    size_t Open = Pos++;
    std::map<std::string, size_t> Seen;
    skipSpace();
    if (Pos < Src.size() && Src[Pos] == '}') {
      ++Pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (Pos >= Src.size() || Src[Pos] != '"') {
        issue(Pos, "not valid JSON: expected a quoted key, found " + describeHere());
        return false;
      }
      JsonMember M;
      M.KeyLoc = {&F, Pos};
      JsonValue Key;
      if (!string(Key))
        return false;
      M.Key = std::move(Key.Text);
      skipSpace();
      if (Pos >= Src.size() || Src[Pos] != ':') {
        issue(Pos,
              "not valid JSON: expected ':' after key '" + M.Key + "', found " + describeHere());
        return false;
      }
      ++Pos;
      skipSpace();
      auto [It, New] = Seen.emplace(M.Key, M.KeyLoc.Offset);
      if (!New)
        issue(M.KeyLoc.Offset,
              "duplicate key '" + M.Key + "' (first at " + position(F, It->second) + ")",
              /*DuplicateKey=*/true);
      bool Ok = value(M.Value, Depth);
      if (Ok || M.Value.Length)
        V.Members.push_back(std::move(M));
      if (!Ok)
        return false;
      if (std::optional<bool> Closed = next('}', "a member", "object", Open))
        return *Closed;
    }
  }

  const SourceFile &F;
  std::string_view Src;
  std::vector<JsonIssue> &Issues;
  size_t Pos = 0;
};

} // namespace

const char *jsonKindName(JsonValue::Kind K) {
  switch (K) {
  case JsonValue::Kind::Null:
    return "null";
  case JsonValue::Kind::Bool:
    return "a boolean";
  case JsonValue::Kind::Number:
    return "a number";
  case JsonValue::Kind::String:
    return "a string";
  case JsonValue::Kind::Array:
    return "an array";
  case JsonValue::Kind::Object:
    return "an object";
  }
  return "a value";
}

const JsonValue *JsonValue::find(std::string_view Key) const {
  for (auto It = Members.rbegin(); It != Members.rend(); ++It)
    if (It->Key == Key)
      return &It->Value;
  return nullptr;
}

size_t JsonValue::fileOffset(size_t I) const {
  if (Offsets.empty())
    return Loc.Offset;
  return Offsets[std::min(I, Offsets.size() - 1)];
}

JsonDocument readJson(const SourceFile &File) {
  JsonDocument D;
  JsonReader Reader(File, D.Issues);
  D.Root = Reader.document();
  return D;
}

} // namespace teetidy
