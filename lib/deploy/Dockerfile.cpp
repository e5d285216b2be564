//===- Dockerfile.cpp - Dockerfile model ----------------------------------===//
//
// A line-based reader following BuildKit's Dockerfile parser: directives only
// before anything else, `#` comment lines (also inside a continued
// instruction, where empty lines are skipped too), the escape character at a
// line end continues the instruction, and RUN/COPY/ADD take heredocs whose
// bodies follow the logical line.
//
//===----------------------------------------------------------------------===//

#include "deploy/Dockerfile.h"

#include <algorithm>
#include <map>
#include <optional>

namespace teetidy::deploy {

size_t DockerInstruction::fileOffset(size_t ArgOffset) const {
  if (Segments.empty())
    return Loc.Offset;
  auto It =
      std::upper_bound(Segments.begin(), Segments.end(), ArgOffset,
                       [](size_t A, const std::pair<size_t, size_t> &S) { return A < S.first; });
  if (It == Segments.begin())
    return Segments.front().second;
  --It;
  return It->second + (ArgOffset - It->first);
}

namespace {

bool isSpace(char C) { return C == ' ' || C == '\t'; }
bool isDigit(char C) { return C >= '0' && C <= '9'; }
bool isAlpha(char C) { return (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z'); }
bool isNameStart(char C) { return isAlpha(C) || C == '_'; }
bool isNameChar(char C) { return isNameStart(C) || isDigit(C); }

std::string toLower(std::string_view S) {
  std::string Out(S);
  for (char &C : Out)
    if (C >= 'A' && C <= 'Z')
      C = static_cast<char>(C - 'A' + 'a');
  return Out;
}

std::string toUpper(std::string_view S) {
  std::string Out(S);
  for (char &C : Out)
    if (C >= 'a' && C <= 'z')
      C = static_cast<char>(C - 'a' + 'A');
  return Out;
}

bool isKnownKeyword(std::string_view K) {
  static constexpr std::string_view Known[] = {
      "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
      "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
      "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};
  return std::find(std::begin(Known), std::end(Known), K) != std::end(Known);
}

/// A physical line: [Begin, End) without its terminator.
struct Line {
  size_t Begin, End;
};

std::vector<Line> splitLines(std::string_view Text, size_t Start) {
  std::vector<Line> Lines;
  size_t B = Start;
  while (B < Text.size()) {
    size_t NL = Text.find('\n', B);
    size_t E = NL == std::string_view::npos ? Text.size() : NL;
    size_t ContentEnd = E > B && Text[E - 1] == '\r' ? E - 1 : E;
    Lines.push_back({B, ContentEnd});
    B = NL == std::string_view::npos ? Text.size() : NL + 1;
  }
  return Lines;
}

/// Text assembled from pieces of the input, remembering where each piece
/// came from as (offset in Text, input offset) runs.
struct MappedText {
  std::string Text;
  std::vector<std::pair<size_t, size_t>> Runs;

  void append(std::string_view Input, size_t Begin, size_t End) {
    if (End <= Begin)
      return;
    Runs.push_back({Text.size(), Begin});
    Text.append(Input.substr(Begin, End - Begin));
  }
  size_t inputOffset(size_t I) const {
    auto It =
        std::upper_bound(Runs.begin(), Runs.end(), I,
                         [](size_t A, const std::pair<size_t, size_t> &R) { return A < R.first; });
    if (It == Runs.begin())
      return Runs.empty() ? 0 : Runs.front().second;
    --It;
    return It->second + (I - It->first);
  }
  /// Keeps Text[Begin, End), adjusting the runs.
  void trim(size_t Begin, size_t End) {
    std::vector<std::pair<size_t, size_t>> Kept;
    for (size_t I = 0; I < Runs.size(); ++I) {
      size_t RunBegin = Runs[I].first;
      size_t RunEnd = I + 1 < Runs.size() ? Runs[I + 1].first : Text.size();
      size_t B = std::max(RunBegin, Begin), E = std::min(RunEnd, End);
      if (B < E)
        Kept.push_back({B - Begin, Runs[I].second + (B - RunBegin)});
    }
    Runs = std::move(Kept);
    Text = Text.substr(Begin, End - Begin);
  }
};

/// A whitespace-separated word of an instruction, quotes respected;
/// [Begin, End) indexes the string it was split from.
struct Word {
  std::string_view Raw;
  size_t Begin, End;
};

std::vector<Word> splitWords(std::string_view S, char Escape) {
  std::vector<Word> Words;
  size_t I = 0;
  while (I < S.size()) {
    while (I < S.size() && isSpace(S[I]))
      ++I;
    if (I >= S.size())
      break;
    size_t Begin = I;
    while (I < S.size() && !isSpace(S[I])) {
      char C = S[I];
      if (C == Escape) {
        I = std::min(I + 2, S.size());
      } else if (C == '\'' || C == '"') {
        ++I;
        while (I < S.size() && S[I] != C) {
          if (C == '"' && S[I] == Escape)
            ++I;
          ++I;
        }
        I = std::min(I + 1, S.size());
      } else {
        ++I;
      }
    }
    Words.push_back({S.substr(Begin, I - Begin), Begin, I});
  }
  return Words;
}

using VarMap = std::map<std::string, std::string>;

/// One word's `$` expansion and its bounds: references nest at most
/// MaxNesting deep, and a result stops at MaxBytes (an ARG defined from
/// another twice over doubles with each level). Hitting one is recorded, so
/// the reader reports it.
struct Expansion {
  static constexpr unsigned MaxNesting = 32;
  static constexpr size_t MaxBytes = 64 << 10;
  const VarMap &Vars;
  unsigned Depth = 0;
  bool TooDeep = false, TooLarge = false;
};

std::string processWord(std::string_view Raw, char Escape, Expansion *X);

/// Expands the `$` reference at Raw[I] and moves \p I past it.
std::string expandReference(std::string_view Raw, size_t &I, char Escape, Expansion &X) {
  auto Lookup = [&X](const std::string &Name) -> const std::string * {
    auto It = X.Vars.find(Name);
    return It == X.Vars.end() ? nullptr : &It->second;
  };
  size_t Start = I;
  if (I + 1 < Raw.size() && isNameStart(Raw[I + 1])) {
    size_t E = I + 1;
    while (E < Raw.size() && isNameChar(Raw[E]))
      ++E;
    const std::string *V = Lookup(std::string(Raw.substr(I + 1, E - I - 1)));
    I = E;
    return V ? *V : std::string();
  }
  if (I + 1 >= Raw.size() || Raw[I + 1] != '{') {
    ++I;
    return "$";
  }
  size_t P = I + 2;
  while (P < Raw.size() && isNameChar(Raw[P]))
    ++P;
  std::string Name(Raw.substr(I + 2, P - I - 2));
  // Find the matching `}`.
  size_t Depth = 1, K = P;
  while (K < Raw.size()) {
    if (Raw[K] == Escape) {
      K += 2;
      continue;
    }
    if (Raw[K] == '$' && K + 1 < Raw.size() && Raw[K + 1] == '{') {
      ++Depth;
      K += 2;
      continue;
    }
    if (Raw[K] == '}' && --Depth == 0)
      break;
    ++K;
  }
  if (K >= Raw.size()) {
    I = Raw.size(); // unterminated: keep the text
    return std::string(Raw.substr(Start));
  }
  I = K + 1;
  const std::string *V = Lookup(Name);
  if (P == K)
    return V ? *V : std::string();
  bool Colon = Raw[P] == ':';
  char Op = Colon && P + 1 < K ? Raw[P + 1] : Raw[P];
  size_t ArgBegin = P + (Colon ? 2 : 1);
  std::string_view Arg = ArgBegin <= K ? Raw.substr(ArgBegin, K - ArgBegin) : std::string_view();
  bool Usable = V && (!Colon || !V->empty());
  bool Nests = (Op == '-' && !Usable) || (Op == '+' && Usable);
  if (Nests && X.Depth >= Expansion::MaxNesting) {
    X.TooDeep = true;
    return std::string();
  }
  struct Nest {
    Expansion &X;
    explicit Nest(Expansion &E) : X(E) { ++X.Depth; }
    ~Nest() { --X.Depth; }
  };
  switch (Op) {
  case '-': {
    if (Usable)
      return *V;
    Nest N(X);
    return processWord(Arg, Escape, &X);
  }
  case '+': {
    if (!Usable)
      return std::string();
    Nest N(X);
    return processWord(Arg, Escape, &X);
  }
  default:
    // `?` fails the build when unset; `#`, `%`, `/` edits are not modelled
    // and give the plain value.
    return V ? *V : std::string();
  }
}

/// Removes quotes and escapes from a word. With \p Vars, `$` references are
/// expanded within its bounds; without, they are kept and an escaped `$`
/// keeps its escape.
std::string processWord(std::string_view Raw, char Escape, Expansion *Vars) {
  std::string Out;
  bool InSingle = false, InDouble = false;
  size_t I = 0;
  while (I < Raw.size()) {
    char C = Raw[I];
    if (InSingle) {
      if (C == '\'')
        InSingle = false;
      else
        Out += C;
      ++I;
      continue;
    }
    if (C == Escape && I + 1 < Raw.size()) {
      char Next = Raw[I + 1];
      if (InDouble && Next != '"' && Next != '$' && Next != Escape) {
        Out += C; // a backslash before other characters stays in "..."
        ++I;
        continue;
      }
      if (Next == '$' && !Vars)
        Out += C;
      Out += Next;
      I += 2;
      continue;
    }
    if (C == '\'' && !InDouble) {
      InSingle = true;
      ++I;
      continue;
    }
    if (C == '"') {
      InDouble = !InDouble;
      ++I;
      continue;
    }
    if (C == '$' && Vars) {
      Out += expandReference(Raw, I, Escape, *Vars);
      if (Out.size() > Expansion::MaxBytes) {
        Out.resize(Expansion::MaxBytes);
        Vars->TooLarge = true;
        return Out;
      }
      continue;
    }
    Out += C;
    ++I;
  }
  return Out;
}

/// A `<<WORD` heredoc marker in an instruction's arguments.
struct HeredocMarker {
  std::string Delimiter;
  bool StripTabs;
  size_t ArgOffset; ///< where the `<<` is
};

/// Finds heredoc markers as BuildKit does: a word starting with optional
/// digits and `<<`, optionally `-`, then the delimiter (possibly quoted).
std::vector<HeredocMarker> findHeredocs(std::string_view Args, char Escape) {
  std::vector<HeredocMarker> Markers;
  size_t I = 0;
  char Quote = 0;
  while (I < Args.size()) {
    char C = Args[I];
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      else if (Quote == '"' && C == Escape)
        ++I;
      ++I;
      continue;
    }
    if (C == Escape) {
      I += 2;
      continue;
    }
    if (C == '\'' || C == '"') {
      Quote = C;
      ++I;
      continue;
    }
    if (C != '<' || I + 2 >= Args.size() || Args[I + 1] != '<' || Args[I + 2] == '<') {
      ++I;
      continue;
    }
    size_t WordStart = I;
    while (WordStart > 0 && isDigit(Args[WordStart - 1]))
      --WordStart;
    if (WordStart > 0 && !isSpace(Args[WordStart - 1])) {
      I += 2;
      continue;
    }
    size_t P = I + 2;
    bool StripTabs = Args[P] == '-';
    if (StripTabs)
      ++P;
    std::string Delimiter;
    if (P < Args.size() && (Args[P] == '"' || Args[P] == '\'')) {
      size_t Close = Args.find(Args[P], P + 1);
      if (Close == std::string_view::npos) {
        I = P;
        continue;
      }
      Delimiter = std::string(Args.substr(P + 1, Close - P - 1));
      P = Close + 1;
    } else {
      size_t B = P;
      while (P < Args.size() && !isSpace(Args[P]) &&
             std::string_view("<>|&;()").find(Args[P]) == std::string_view::npos)
        ++P;
      Delimiter = std::string(Args.substr(B, P - B));
    }
    if (!Delimiter.empty())
      Markers.push_back({Delimiter, StripTabs, I});
    I = std::max(P, I + 2);
  }
  return Markers;
}

class DockerfileReader {
public:
  DockerfileReader(const SourceFile &F, std::string_view Input,
                   std::function<size_t(size_t)> Mapper)
      : File(F), Text(Input), MapOffset(std::move(Mapper)) {
    Model.File = &File;
  }

  DockerfileParseResult run();

private:
  SourceLocation at(size_t TextOffset) const {
    return {&File, MapOffset(std::min(TextOffset, Text.size()))};
  }
  /// \p Raw with the global ARGs expanded; \p What names it when a bound
  /// is hit, which is reported at \p Loc.
  std::string expand(std::string_view Raw, SourceLocation Loc, const std::string &What) {
    Expansion X{GlobalArgs};
    std::string Out = processWord(Raw, Model.Escape, &X);
    if (X.TooDeep)
      issue(Loc, What + " nests variable references more than " +
                     std::to_string(Expansion::MaxNesting) +
                     " levels deep; the deeper ones are not expanded");
    if (X.TooLarge)
      issue(Loc, What + " expands to more than " + std::to_string(Expansion::MaxBytes >> 10) +
                     " KiB; the rest is not used");
    return Out;
  }

  void issue(SourceLocation Loc, std::string Message) {
    Issues.push_back({Loc, std::move(Message)});
  }
  std::string_view lineText(size_t L) const {
    return Text.substr(Lines[L].Begin, Lines[L].End - Lines[L].Begin);
  }
  bool isBlankLine(size_t L) const {
    std::string_view T = lineText(L);
    return std::all_of(T.begin(), T.end(), isSpace);
  }
  bool isCommentLine(size_t L) const {
    std::string_view T = lineText(L);
    size_t P = 0;
    while (P < T.size() && isSpace(T[P]))
      ++P;
    return P < T.size() && T[P] == '#';
  }

  size_t readDirectives();
  void readInstruction(size_t &L);
  void setArguments(DockerInstruction &I, MappedText &Logical, size_t ArgBegin) const;
  void readHeredocs(DockerInstruction &I, size_t &L);
  void readFlags(DockerInstruction &I) const;
  void interpret(size_t Index);
  void readEnv(const DockerInstruction &I);
  void readArg(const DockerInstruction &I);
  void readFrom(const DockerInstruction &I, size_t Index);
  SourceLocation valueLoc(const DockerInstruction &I, size_t ValueOffset,
                          std::string_view RawValue) const;

  const SourceFile &File;
  std::string_view Text;
  std::function<size_t(size_t)> MapOffset;
  std::vector<Line> Lines;
  DockerfileModel Model;
  std::vector<DeployIssue> Issues;
  /// Defaults of the ARGs declared before the first FROM, expanded.
  VarMap GlobalArgs;
};

size_t DockerfileReader::readDirectives() {
  size_t L = 0;
  for (; L < Lines.size(); ++L) {
    std::string_view T = lineText(L);
    size_t P = 0;
    while (P < T.size() && isSpace(T[P]))
      ++P;
    if (P >= T.size() || T[P] != '#')
      break;
    ++P;
    while (P < T.size() && isSpace(T[P]))
      ++P;
    size_t KeyBegin = P;
    if (P >= T.size() || !isAlpha(T[P]))
      break;
    while (P < T.size() && (isAlpha(T[P]) || isDigit(T[P])))
      ++P;
    std::string Key = toLower(T.substr(KeyBegin, P - KeyBegin));
    while (P < T.size() && isSpace(T[P]))
      ++P;
    if (P >= T.size() || T[P] != '=')
      break;
    ++P;
    while (P < T.size() && isSpace(T[P]))
      ++P;
    size_t ValueBegin = P, ValueEnd = T.size();
    while (ValueEnd > ValueBegin && isSpace(T[ValueEnd - 1]))
      --ValueEnd;
    if (ValueBegin == ValueEnd || (Key != "syntax" && Key != "escape" && Key != "check"))
      break; // an ordinary comment ends the directives
    std::string Value(T.substr(ValueBegin, ValueEnd - ValueBegin));
    SourceLocation Loc = at(Lines[L].Begin + KeyBegin);
    bool Repeated = std::any_of(Model.Directives.begin(), Model.Directives.end(),
                                [&Key](const auto &D) { return D.first == Key; });
    if (Repeated) {
      issue(Loc, "parser directive '" + Key + "' is given more than once");
      continue;
    }
    if (Key == "escape") {
      if (Value != "\\" && Value != "`") {
        issue(Loc,
              "invalid escape directive '" + Value + "': the escape character must be '\\' or '`'");
        continue;
      }
      Model.Escape = Value[0];
    }
    Model.Directives.emplace_back(Key, std::move(Value));
  }
  return L;
}

void DockerfileReader::setArguments(DockerInstruction &I, MappedText &Logical,
                                    size_t ArgBegin) const {
  size_t End = Logical.Text.size();
  while (End > ArgBegin && isSpace(Logical.Text[End - 1]))
    --End;
  size_t EmptyAt = Logical.inputOffset(ArgBegin);
  Logical.trim(ArgBegin, End);
  I.Arguments = std::move(Logical.Text);
  // Re-split the runs wherever the offset mapper is not contiguous.
  for (size_t R = 0; R < Logical.Runs.size(); ++R) {
    size_t RunEnd = R + 1 < Logical.Runs.size() ? Logical.Runs[R + 1].first : I.Arguments.size();
    for (size_t A = Logical.Runs[R].first; A < RunEnd; ++A) {
      size_t F = MapOffset(Logical.Runs[R].second + (A - Logical.Runs[R].first));
      if (I.Segments.empty() || A == Logical.Runs[R].first ||
          I.Segments.back().second + (A - I.Segments.back().first) != F)
        I.Segments.push_back({A, F});
    }
  }
  if (I.Segments.empty())
    I.Segments.push_back({0, MapOffset(std::min(EmptyAt, Text.size()))});
}

void DockerfileReader::readFlags(DockerInstruction &I) const {
  std::vector<Word> Words = splitWords(I.Arguments, Model.Escape);
  I.OperandsOffset = I.Arguments.size();
  for (const Word &W : Words) {
    if (W.Raw.substr(0, 2) != "--" || W.Raw.size() == 2) {
      I.OperandsOffset = W.Begin;
      break;
    }
    std::string_view Flag = W.Raw.substr(2);
    size_t Eq = Flag.find('=');
    std::string Name(Flag.substr(0, Eq));
    std::string Value = Eq == std::string_view::npos
                            ? std::string()
                            : processWord(Flag.substr(Eq + 1), Model.Escape, nullptr);
    I.Flags.emplace_back(std::move(Name), std::move(Value));
  }
}

void DockerfileReader::readHeredocs(DockerInstruction &I, size_t &L) {
  if (I.Keyword != "RUN" && I.Keyword != "COPY" && I.Keyword != "ADD")
    return;
  for (const HeredocMarker &M : findHeredocs(I.Arguments, Model.Escape)) {
    size_t BodyLine = L + 1;
    std::string Body;
    bool Terminated = false;
    size_t Cur = BodyLine;
    for (; Cur < Lines.size(); ++Cur) {
      std::string_view T = lineText(Cur);
      if (M.StripTabs)
        while (!T.empty() && T.front() == '\t')
          T.remove_prefix(1);
      if (T == M.Delimiter) {
        Terminated = true;
        break;
      }
      Body.append(T);
      Body += '\n';
    }
    I.Heredocs.push_back(std::move(Body));
    I.HeredocLocs.push_back(at(BodyLine < Lines.size() ? Lines[BodyLine].Begin : Text.size()));
    if (!Terminated) {
      issue(I.locationOf(M.ArgOffset),
            "unterminated heredoc: no line '" + M.Delimiter + "' ends it");
      L = Lines.size() - 1;
      return;
    }
    L = Cur;
  }
}

void DockerfileReader::readInstruction(size_t &L) {
  DockerInstruction I;
  I.FirstLine = static_cast<unsigned>(L + 1);
  MappedText Logical;
  const char Escape = Model.Escape;

  // The first line without its indentation, then continuation lines as they
  // are (BuildKit keeps their leading whitespace).
  size_t Begin = Lines[L].Begin;
  while (Begin < Lines[L].End && isSpace(Text[Begin]))
    ++Begin;
  for (;;) {
    size_t End = Lines[L].End;
    size_t Trimmed = End;
    while (Trimmed > Begin && isSpace(Text[Trimmed - 1]))
      --Trimmed;
    bool Continued = Trimmed > Begin && Text[Trimmed - 1] == Escape;
    Logical.append(Text, Begin, Continued ? Trimmed - 1 : End);
    if (!Continued)
      break;
    size_t EscapeAt = Trimmed - 1;
    size_t Next = L + 1;
    while (Next < Lines.size() && (isBlankLine(Next) || isCommentLine(Next)))
      ++Next;
    if (Next >= Lines.size()) {
      issue(at(EscapeAt), "line continuation at the end of the file");
      L = Lines.size() - 1;
      break;
    }
    L = Next;
    Begin = Lines[L].Begin;
  }

  // The keyword runs up to the first whitespace.
  size_t KwEnd = 0;
  while (KwEnd < Logical.Text.size() && !isSpace(Logical.Text[KwEnd]))
    ++KwEnd;
  I.Keyword = toUpper(std::string_view(Logical.Text).substr(0, KwEnd));
  I.Loc = at(Logical.inputOffset(0));
  size_t ArgBegin = KwEnd;
  while (ArgBegin < Logical.Text.size() && isSpace(Logical.Text[ArgBegin]))
    ++ArgBegin;
  setArguments(I, Logical, ArgBegin);
  readFlags(I);
  readHeredocs(I, L);
  I.LastLine = static_cast<unsigned>(L + 1);
  Model.Instructions.push_back(std::move(I));
}

SourceLocation DockerfileReader::valueLoc(const DockerInstruction &I, size_t ValueOffset,
                                          std::string_view RawValue) const {
  if (!RawValue.empty() && (RawValue[0] == '"' || RawValue[0] == '\''))
    ++ValueOffset;
  return I.locationOf(ValueOffset);
}

void DockerfileReader::readEnv(const DockerInstruction &I) {
  std::string_view Ops = I.operands();
  std::vector<Word> Words = splitWords(Ops, Model.Escape);
  int Stage = static_cast<int>(Model.Stages.size()) - 1;
  if (Words.empty()) {
    issue(I.Loc, "ENV requires at least one NAME=VALUE");
    return;
  }
  size_t FirstEq = Words[0].Raw.find('=');
  bool KeyValueForm =
      FirstEq != std::string_view::npos &&
      Words[0].Raw.substr(0, FirstEq).find_first_of("\"'") == std::string_view::npos;
  if (!KeyValueForm) {
    // Legacy `ENV NAME value with spaces`.
    KeyValue KV;
    KV.Key = std::string(Words[0].Raw);
    KV.KeyLoc = I.locationOf(I.OperandsOffset + Words[0].Begin);
    KV.Stage = Stage;
    if (Words.size() < 2) {
      issue(KV.KeyLoc, "ENV " + KV.Key + " needs a value");
      return;
    }
    std::string_view Raw = Ops.substr(Words[1].Begin);
    KV.Value = processWord(Raw, Model.Escape, nullptr);
    KV.ValueLoc = valueLoc(I, I.OperandsOffset + Words[1].Begin, Raw);
    Model.Env.push_back(std::move(KV));
    return;
  }
  for (const Word &W : Words) {
    size_t Eq = W.Raw.find('=');
    SourceLocation KeyLoc = I.locationOf(I.OperandsOffset + W.Begin);
    if (Eq == std::string_view::npos || Eq == 0) {
      issue(KeyLoc, "ENV expects NAME=VALUE, not '" + std::string(W.Raw) + "'");
      continue;
    }
    std::string_view Raw = W.Raw.substr(Eq + 1);
    KeyValue KV;
    KV.Key = std::string(W.Raw.substr(0, Eq));
    KV.Value = processWord(Raw, Model.Escape, nullptr);
    KV.KeyLoc = KeyLoc;
    KV.ValueLoc = valueLoc(I, I.OperandsOffset + W.Begin + Eq + 1, Raw);
    KV.Stage = Stage;
    Model.Env.push_back(std::move(KV));
  }
}

void DockerfileReader::readArg(const DockerInstruction &I) {
  std::string_view Ops = I.operands();
  std::vector<Word> Words = splitWords(Ops, Model.Escape);
  if (Words.empty())
    issue(I.Loc, "ARG requires a name");
  for (const Word &W : Words) {
    size_t Eq = W.Raw.find('=');
    KeyValue KV;
    KV.Key = std::string(W.Raw.substr(0, Eq));
    KV.KeyLoc = I.locationOf(I.OperandsOffset + W.Begin);
    KV.Stage = static_cast<int>(Model.Stages.size()) - 1;
    if (KV.Key.empty()) {
      issue(KV.KeyLoc, "ARG expects NAME[=VALUE], not '" + std::string(W.Raw) + "'");
      continue;
    }
    if (Eq == std::string_view::npos) {
      KV.HasValue = false;
    } else {
      std::string_view Raw = W.Raw.substr(Eq + 1);
      KV.Value = processWord(Raw, Model.Escape, nullptr);
      KV.ValueLoc = valueLoc(I, I.OperandsOffset + W.Begin + Eq + 1, Raw);
      if (Model.Stages.empty())
        GlobalArgs[KV.Key] = expand(Raw, KV.ValueLoc, "ARG " + KV.Key);
    }
    Model.Args.push_back(std::move(KV));
  }
}

void DockerfileReader::readFrom(const DockerInstruction &I, size_t Index) {
  DockerStage S;
  S.Instruction = Index;
  S.Loc = I.Loc;
  for (const auto &[Name, Value] : I.Flags)
    if (Name == "platform")
      S.Platform = Value;
  std::string_view Ops = I.operands();
  std::vector<Word> Words = splitWords(Ops, Model.Escape);
  if (Words.empty()) {
    issue(I.Loc, "FROM requires a base image");
  } else {
    S.BaseImage = std::string(Words[0].Raw);
    S.Loc = I.locationOf(I.OperandsOffset + Words[0].Begin);
    S.ExpandedBaseImage = expand(Words[0].Raw, S.Loc, "the base image");
    bool HasAs = Words.size() == 3 && toLower(Words[1].Raw) == "as";
    if (HasAs)
      S.Name = std::string(Words[2].Raw);
    else if (Words.size() > 1)
      issue(I.locationOf(I.OperandsOffset + Words[1].Begin), "FROM expects 'IMAGE [AS NAME]'");
    std::string Base = toLower(S.ExpandedBaseImage);
    S.FromEarlierStage =
        std::any_of(Model.Stages.begin(), Model.Stages.end(), [&Base](const DockerStage &P) {
          return !P.Name.empty() && toLower(P.Name) == Base;
        });
  }
  Model.Stages.push_back(std::move(S));
}

void DockerfileReader::interpret(size_t Index) {
  const DockerInstruction &I = Model.Instructions[Index];
  if (!isKnownKeyword(I.Keyword)) {
    issue(I.Loc, "unknown instruction '" + I.Keyword + "'");
    return;
  }
  if (I.Keyword == "FROM") {
    readFrom(I, Index);
    return;
  }
  if (I.Keyword == "ARG") {
    readArg(I);
    return;
  }
  if (Model.Stages.empty())
    issue(I.Loc, I.Keyword + " before the first FROM");
  if (I.Keyword == "ENV")
    readEnv(I);
}

DockerfileParseResult DockerfileReader::run() {
  size_t Start = Text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  Lines = splitLines(Text, Start);
  size_t L = readDirectives();
  for (; L < Lines.size(); ++L) {
    if (isBlankLine(L) || isCommentLine(L))
      continue;
    readInstruction(L);
    interpret(Model.Instructions.size() - 1);
  }
  return {std::move(Model), std::move(Issues)};
}

} // namespace

DockerfileParseResult parseDockerfile(const SourceFile &File) {
  return parseDockerfile(File, File.content(), [](size_t Offset) { return Offset; });
}

DockerfileParseResult parseDockerfile(const SourceFile &File, std::string_view Text,
                                      std::function<size_t(size_t TextOffset)> MapToFileOffset) {
  return DockerfileReader(File, Text, std::move(MapToFileOffset)).run();
}

} // namespace teetidy::deploy
