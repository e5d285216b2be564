//===- GitIgnore.cpp - .gitignore pattern matching ------------------------===//
//
// The glob matcher follows git's wildmatch with WM_PATHNAME: it works on the
// raw pattern and backtracks only at stars. Two early-exit results keep the
// backtracking polynomial: AbortAll (the text ran out, so no later start of
// any enclosing star can succeed) and AbortToDoubleStar (a single `*` hit a
// `/`, so only an enclosing `**` can still help).
//
//===----------------------------------------------------------------------===//

#include "source/GitIgnore.h"

#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace teetidy {
namespace {

enum class GlobResult { Match, NoMatch, AbortAll, AbortToDoubleStar };

/// Tests \p C against the POSIX class \p Name (`alpha`, `digit`, ...).
/// Returns nullopt for an unknown class name.
std::optional<bool> matchCharClass(std::string_view Name, unsigned char C) {
  if (Name == "alnum")
    return std::isalnum(C) != 0;
  if (Name == "alpha")
    return std::isalpha(C) != 0;
  if (Name == "blank")
    return C == ' ' || C == '\t';
  if (Name == "cntrl")
    return std::iscntrl(C) != 0;
  if (Name == "digit")
    return std::isdigit(C) != 0;
  if (Name == "graph")
    return std::isgraph(C) != 0;
  if (Name == "lower")
    return std::islower(C) != 0;
  if (Name == "print")
    return std::isprint(C) != 0;
  if (Name == "punct")
    return std::ispunct(C) != 0;
  if (Name == "space")
    return std::isspace(C) != 0;
  if (Name == "upper")
    return std::isupper(C) != 0;
  if (Name == "xdigit")
    return std::isxdigit(C) != 0;
  return std::nullopt;
}

/// Tests \p C against the bracket expression whose `[` is at Glob[Pos] and
/// leaves Pos at its closing `]`. Returns nullopt when the expression is
/// malformed (unterminated, unknown class), which git treats as "never
/// matches". `/` is never matched.
std::optional<bool> matchBracket(std::string_view Glob, size_t &Pos, char C) {
  const auto UC = static_cast<unsigned char>(C);
  size_t I = Pos + 1;
  bool Negated = false;
  if (I < Glob.size() && (Glob[I] == '!' || Glob[I] == '^')) {
    Negated = true;
    ++I;
  }
  bool Matched = false;
  for (bool First = true;; First = false) {
    if (I >= Glob.size())
      return std::nullopt;
    char Ch = Glob[I];
    if (Ch == ']' && !First)
      break;
    if (Ch == '[' && I + 1 < Glob.size() && Glob[I + 1] == ':') {
      size_t Close = Glob.find(']', I + 2);
      if (Close == std::string_view::npos)
        return std::nullopt;
      if (Close >= I + 3 && Glob[Close - 1] == ':') {
        std::optional<bool> InClass = matchCharClass(Glob.substr(I + 2, Close - 1 - (I + 2)), UC);
        if (!InClass)
          return std::nullopt;
        Matched |= *InClass;
        I = Close + 1;
        continue;
      }
      // No `:]` before the next `]`: the `[` is an ordinary member.
    }
    if (Ch == '\\') {
      if (++I >= Glob.size())
        return std::nullopt;
      Ch = Glob[I];
    }
    // A range `lo-hi`, unless the `-` is the last member before `]`.
    if (I + 2 < Glob.size() && Glob[I + 1] == '-' && Glob[I + 2] != ']') {
      I += 2;
      char Hi = Glob[I];
      if (Hi == '\\') {
        if (++I >= Glob.size())
          return std::nullopt;
        Hi = Glob[I];
      }
      if (static_cast<unsigned char>(Ch) <= UC && UC <= static_cast<unsigned char>(Hi))
        Matched = true;
    } else if (Ch == C) {
      Matched = true;
    }
    ++I;
  }
  Pos = I;
  return Matched != Negated && C != '/';
}

/// Memo of matchFrom results keyed by (glob position, path position), which
/// bounds the work at O(|Glob| * |Path|) however many stars the glob has.
struct GlobMemo {
  size_t Width;
  std::vector<signed char> Results;
  GlobMemo(size_t GlobSize, size_t PathSize)
      : Width(PathSize + 1), Results((GlobSize + 1) * (PathSize + 1), -1) {}
};

GlobResult matchFrom(std::string_view Glob, size_t P, std::string_view Path, size_t T,
                     GlobMemo &Memo);

/// Matches Glob[P...] against Path[T...].
GlobResult matchUncached(std::string_view Glob, size_t P, std::string_view Path, size_t T,
                         GlobMemo &Memo) {
  for (; P < Glob.size(); ++P, ++T) {
    char PC = Glob[P];
    if (T == Path.size() && PC != '*')
      return GlobResult::AbortAll;
    switch (PC) {
    case '\\':
      // A trailing backslash never matches.
      if (++P == Glob.size())
        return GlobResult::AbortAll;
      if (Glob[P] != Path[T])
        return GlobResult::NoMatch;
      break;
    case '?':
      if (Path[T] == '/')
        return GlobResult::NoMatch;
      break;
    case '[': {
      std::optional<bool> M = matchBracket(Glob, P, Path[T]);
      if (!M)
        return GlobResult::AbortAll;
      if (!*M)
        return GlobResult::NoMatch;
      break;
    }
    case '*': {
      size_t Start = P;
      while (P + 1 < Glob.size() && Glob[P + 1] == '*')
        ++P;
      ++P; // First pattern character after the stars.
      // `**` crosses `/` only as a whole path component.
      bool Double = false;
      if (P - Start > 1) {
        bool AtStart = Start == 0 || Glob[Start - 1] == '/';
        bool AtEnd = P == Glob.size() || Glob[P] == '/' ||
                     (Glob[P] == '\\' && P + 1 < Glob.size() && Glob[P + 1] == '/');
        Double = AtStart && AtEnd;
        // `**/` also matches zero directories.
        if (Double && P < Glob.size() && Glob[P] == '/' &&
            matchFrom(Glob, P + 1, Path, T, Memo) == GlobResult::Match)
          return GlobResult::Match;
      }
      if (P == Glob.size()) {
        if (Double || Path.find('/', T) == std::string_view::npos)
          return GlobResult::Match;
        return GlobResult::NoMatch;
      }
      if (!Double && Glob[P] == '/') {
        // `*/`: the star must stop at the next `/`; the loop consumes both.
        size_t Slash = Path.find('/', T);
        if (Slash == std::string_view::npos)
          return GlobResult::NoMatch;
        T = Slash;
        break;
      }
      char Next = Glob[P];
      bool NextIsLiteral = Next != '\\' && Next != '?' && Next != '[' && Next != '*';
      for (; T < Path.size(); ++T) {
        if (!NextIsLiteral || Path[T] == Next) {
          GlobResult R = matchFrom(Glob, P, Path, T, Memo);
          if (R != GlobResult::NoMatch && (!Double || R != GlobResult::AbortToDoubleStar))
            return R;
        }
        if (!Double && Path[T] == '/')
          return GlobResult::AbortToDoubleStar;
      }
      return GlobResult::AbortAll;
    }
    default:
      if (PC != Path[T])
        return GlobResult::NoMatch;
      break;
    }
  }
  return T == Path.size() ? GlobResult::Match : GlobResult::NoMatch;
}

GlobResult matchFrom(std::string_view Glob, size_t P, std::string_view Path, size_t T,
                     GlobMemo &Memo) {
  signed char &Slot = Memo.Results[P * Memo.Width + T];
  if (Slot < 0)
    Slot = static_cast<signed char>(matchUncached(Glob, P, Path, T, Memo));
  return static_cast<GlobResult>(Slot);
}

} // namespace

bool matchPathGlob(std::string_view Glob, std::string_view Path) {
  GlobMemo Memo(Glob.size(), Path.size());
  return matchFrom(Glob, 0, Path, 0, Memo) == GlobResult::Match;
}

GitIgnore::GitIgnore(std::string_view Content, std::string Base) : BaseDir(std::move(Base)) {
  constexpr std::string_view Bom = "\xEF\xBB\xBF";
  if (Content.substr(0, Bom.size()) == Bom)
    Content.remove_prefix(Bom.size());
  while (!Content.empty()) {
    size_t Newline = Content.find('\n');
    std::string_view Line = Content.substr(0, Newline);
    Content.remove_prefix(Newline == std::string_view::npos ? Content.size() : Newline + 1);
    if (!Line.empty() && Line.back() == '\r')
      Line.remove_suffix(1);

    // Trailing spaces go, unless escaped with a backslash.
    size_t TrailingSpace = std::string_view::npos;
    for (size_t I = 0; I < Line.size(); ++I) {
      if (Line[I] == ' ') {
        if (TrailingSpace == std::string_view::npos)
          TrailingSpace = I;
        continue;
      }
      TrailingSpace = std::string_view::npos;
      if (Line[I] == '\\')
        ++I;
    }
    if (TrailingSpace != std::string_view::npos)
      Line = Line.substr(0, TrailingSpace);

    if (Line.empty() || Line.front() == '#')
      continue;
    Pattern Pat;
    if (Line.front() == '!') {
      Pat.Negated = true;
      Line.remove_prefix(1);
    }
    if (!Line.empty() && Line.back() == '/') {
      Pat.DirectoryOnly = true;
      Line.remove_suffix(1);
    }
    Pat.Anchored = Line.find('/') != std::string_view::npos;
    if (!Line.empty() && Line.front() == '/')
      Line.remove_prefix(1);
    if (Line.empty())
      continue;
    Pat.Glob = std::string(Line);
    Patterns.push_back(std::move(Pat));
  }
}

GitIgnore::Match GitIgnore::match(std::string_view RelPath, bool IsDirectory) const {
  std::string_view Sub = RelPath;
  if (!BaseDir.empty()) {
    if (RelPath.size() <= BaseDir.size() || RelPath.substr(0, BaseDir.size()) != BaseDir ||
        RelPath[BaseDir.size()] != '/')
      return Match::None;
    Sub.remove_prefix(BaseDir.size() + 1);
  }
  std::string_view Basename = Sub;
  if (size_t Slash = Sub.rfind('/'); Slash != std::string_view::npos)
    Basename.remove_prefix(Slash + 1);

  for (auto It = Patterns.rbegin(), End = Patterns.rend(); It != End; ++It) {
    if (It->DirectoryOnly && !IsDirectory)
      continue;
    if (matchPathGlob(It->Glob, It->Anchored ? Sub : Basename))
      return It->Negated ? Match::Included : Match::Ignored;
  }
  return Match::None;
}

} // namespace teetidy
