//===- Interpolation.cpp - Compose variable interpolation -----------------===//
//
// Splits a string into Docker Compose `$` references. The grammar follows
// Compose: `$$` is a literal dollar, `$NAME` and `${NAME}` are plain
// references, `${NAME<op>ARG}` with op one of `:-` `-` `:?` `?` `:+` `+`
// takes an argument that may itself hold references, and a `$` followed by
// anything else is literal. Inside braces everything must be well-formed.
//
//===----------------------------------------------------------------------===//

#include "deploy/Interpolation.h"

namespace teetidy::deploy {

namespace {

bool isNameStart(char C) { return (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z') || C == '_'; }

bool isNameChar(char C) { return isNameStart(C) || (C >= '0' && C <= '9'); }

/// Recursive-descent parser over one input string. All offsets it records are
/// offsets into that string, nested references included.
class InterpolationParser {
public:
  explicit InterpolationParser(std::string_view Input) : Text(Input) {}

  /// Collects references from \p Pos up to the end (or, with \p InBraces, up
  /// to the `}` closing the enclosing reference, left at \p Pos). Returns
  /// false on a malformed reference, or when \p InBraces and no `}` follows.
  bool parseSequence(size_t &Pos, bool InBraces, std::vector<VariableRef> &Out) {
    while (Pos < Text.size()) {
      char C = Text[Pos];
      if (InBraces && C == '}')
        return true;
      if (C != '$') {
        ++Pos;
        continue;
      }
      char Next = Pos + 1 < Text.size() ? Text[Pos + 1] : '\0';
      if (Next == '$') {
        Pos += 2; // `$$` escape
        continue;
      }
      if (Next == '{' || isNameStart(Next)) {
        VariableRef Ref;
        if (!parseReference(Pos, Ref))
          return false;
        Out.push_back(std::move(Ref));
        continue;
      }
      ++Pos; // a lone `$` is literal
    }
    return !InBraces;
  }

  /// Parses the reference starting at the `$` at \p Pos and moves past it.
  bool parseReference(size_t &Pos, VariableRef &Ref) {
    size_t Start = Pos;
    if (Depth >= MaxInterpolationNesting)
      return fail(Start, "interpolation nested more than " +
                             std::to_string(MaxInterpolationNesting) + " levels deep");
    Ref.Offset = Start;
    if (Text[Pos + 1] != '{') {
      size_t End = Pos + 1;
      while (End < Text.size() && isNameChar(Text[End]))
        ++End;
      Ref.Name = std::string(Text.substr(Pos + 1, End - Pos - 1));
      Ref.Length = End - Start;
      Pos = End;
      return true;
    }

    size_t P = Pos + 2;
    if (P >= Text.size())
      return unterminated(Start);
    if (!isNameStart(Text[P])) {
      if (Text[P] == '}')
        return fail(P, "missing variable name in '${}'");
      return invalidNameChar(P);
    }
    size_t NameBegin = P;
    while (P < Text.size() && isNameChar(Text[P]))
      ++P;
    Ref.Name = std::string(Text.substr(NameBegin, P - NameBegin));
    if (P >= Text.size())
      return unterminated(Start);

    if (Text[P] == '}') {
      Ref.Length = P + 1 - Start;
      Pos = P + 1;
      return true;
    }

    size_t OpLength = 1;
    char Op = Text[P];
    bool Colon = Op == ':';
    if (Colon) {
      if (P + 1 >= Text.size())
        return unterminated(Start);
      Op = Text[P + 1];
      OpLength = 2;
    }
    switch (Op) {
    case '-':
      Ref.Kind =
          Colon ? VariableRef::Form::DefaultIfUnsetOrEmpty : VariableRef::Form::DefaultIfUnset;
      break;
    case '?':
      Ref.Kind = Colon ? VariableRef::Form::ErrorIfUnsetOrEmpty : VariableRef::Form::ErrorIfUnset;
      break;
    case '+':
      Ref.Kind =
          Colon ? VariableRef::Form::AlternateIfSetNonEmpty : VariableRef::Form::AlternateIfSet;
      break;
    default:
      return invalidNameChar(P);
    }

    size_t ArgBegin = P + OpLength;
    size_t ArgEnd = ArgBegin;
    ++Depth;
    bool Closed = parseSequence(ArgEnd, /*InBraces=*/true, Ref.Nested);
    --Depth;
    if (!Closed)
      return Error.empty() ? unterminated(Start) : false;
    Ref.Argument = std::string(Text.substr(ArgBegin, ArgEnd - ArgBegin));
    Ref.Length = ArgEnd + 1 - Start;
    Pos = ArgEnd + 1;
    return true;
  }

  std::string Error;
  size_t ErrorOffset = 0;

private:
  bool fail(size_t Offset, std::string Message) {
    Error = std::move(Message);
    ErrorOffset = Offset;
    return false;
  }

  bool unterminated(size_t Start) { return fail(Start, "unterminated '${': missing '}'"); }

  bool invalidNameChar(size_t Offset) {
    char C = Text[Offset];
    if (C >= 0x21 && C <= 0x7E)
      return fail(Offset, std::string("invalid character '") + C + "' in variable name");
    return fail(Offset, "invalid character in variable name");
  }

  std::string_view Text;
  unsigned Depth = 0; ///< references open around the current position
};

void collectNames(const std::vector<VariableRef> &Refs, std::vector<std::string> &Out) {
  for (const VariableRef &Ref : Refs) {
    Out.push_back(Ref.Name);
    collectNames(Ref.Nested, Out);
  }
}

} // namespace

std::string InterpolatedString::literalValue() const {
  std::string Out;
  Out.reserve(Raw.size());
  for (size_t I = 0; I < Raw.size(); ++I) {
    Out += Raw[I];
    if (Raw[I] == '$' && I + 1 < Raw.size() && Raw[I + 1] == '$')
      ++I;
  }
  return Out;
}

std::vector<std::string> InterpolatedString::variableNames() const {
  std::vector<std::string> Names;
  collectNames(Refs, Names);
  return Names;
}

std::optional<InterpolatedString> parseInterpolation(std::string_view Text, std::string *Error,
                                                     size_t *ErrorOffset) {
  InterpolationParser Parser(Text);
  InterpolatedString Result;
  size_t Pos = 0;
  if (!Parser.parseSequence(Pos, /*InBraces=*/false, Result.Refs)) {
    if (Error)
      *Error = Parser.Error;
    if (ErrorOffset)
      *ErrorOffset = Parser.ErrorOffset;
    return std::nullopt;
  }
  Result.Raw = std::string(Text);
  return Result;
}

} // namespace teetidy::deploy
