#include "checkers/repro/ShellCommands.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace teetidy::repro {

namespace {

constexpr std::array<std::string_view, 6> Shells = {"sh", "bash", "dash", "ash", "zsh", "ksh"};
/// Reserved words that may start a command without being its name.
constexpr std::array<std::string_view, 11> Reserved = {
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time"};

bool isShell(std::string_view Name) {
  return std::find(Shells.begin(), Shells.end(), Name) != Shells.end();
}

bool allDigits(std::string_view S) {
  return !S.empty() && std::all_of(S.begin(), S.end(), [](char C) {
    return std::isdigit(static_cast<unsigned char>(C)) != 0;
  });
}

class Lexer {
public:
  Lexer(std::string_view Text, const OffsetMap &ToFile) : Text(Text), ToFile(ToFile) {}

  std::vector<ShellCommand> run() {
    while (I < Text.size())
      step();
    endCommand(false);
    return Out;
  }

private:
  std::string_view Text;
  const OffsetMap &ToFile;
  size_t I = 0;
  std::vector<ShellCommand> Out;
  ShellCommand Cur;
  std::string Word;
  size_t WordBegin = 0;
  bool InWord = false;
  bool SkipNextWord = false; ///< the next word is a redirection target
  bool NextPiped = false;

  void startWord() {
    if (!InWord) {
      InWord = true;
      WordBegin = I;
    }
  }

  void endWord() {
    if (!InWord)
      return;
    InWord = false;
    if (SkipNextWord) {
      SkipNextWord = false;
      Word.clear();
      return;
    }
    size_t Begin = ToFile(WordBegin);
    size_t End = ToFile(I);
    Cur.Words.push_back({std::move(Word), Begin, End > Begin ? End - Begin : 0});
    Word.clear();
  }

  void endCommand(bool PipeNext) {
    endWord();
    SkipNextWord = false;
    if (!Cur.Words.empty()) {
      Cur.PipedInto = NextPiped;
      Out.push_back(std::move(Cur));
    }
    Cur = ShellCommand();
    NextPiped = PipeNext;
  }

  /// Appends a balanced `(...)` group starting at Text[I] == '(' verbatim.
  void readGroup() {
    int Depth = 0;
    char Quote = 0;
    while (I < Text.size()) {
      char C = Text[I];
      Word += C;
      ++I;
      if (Quote) {
        if (C == Quote)
          Quote = 0;
        else if (C == '\\' && Quote == '"' && I < Text.size())
          Word += Text[I++];
        continue;
      }
      if (C == '\'' || C == '"')
        Quote = C;
      else if (C == '\\' && I < Text.size())
        Word += Text[I++];
      else if (C == '(')
        ++Depth;
      else if (C == ')' && --Depth == 0)
        return;
    }
  }

  void redirection() {
    // A word made only of digits right before the operator is a descriptor.
    if (InWord && allDigits(Word) && !SkipNextWord) {
      InWord = false;
      Word.clear();
    } else {
      endWord();
    }
    char Op = Text[I++];
    while (I < Text.size() && (Text[I] == '>' || Text[I] == '<' || Text[I] == '|'))
      ++I;
    if (I < Text.size() && Text[I] == '&') {
      ++I;
      // `2>&1`, `>&-`: the descriptor is the target.
      if (I < Text.size() &&
          (std::isdigit(static_cast<unsigned char>(Text[I])) || Text[I] == '-')) {
        while (I < Text.size() &&
               (std::isdigit(static_cast<unsigned char>(Text[I])) || Text[I] == '-'))
          ++I;
        return;
      }
    }
    if (Op == '<' && I < Text.size() && Text[I] == '-')
      ++I; // `<<-EOF`
    SkipNextWord = true;
  }

  void step() {
    char C = Text[I];
    if (C == '\\') {
      if (I + 1 < Text.size() && Text[I + 1] == '\n') {
        I += 2;
        return;
      }
      startWord();
      if (I + 1 < Text.size())
        Word += Text[I + 1];
      I += 2;
      return;
    }
    if (C == '\'') {
      startWord();
      size_t Close = Text.find('\'', I + 1);
      if (Close == std::string_view::npos)
        Close = Text.size();
      Word.append(Text.substr(I + 1, Close - I - 1));
      I = std::min(Close + 1, Text.size());
      return;
    }
    if (C == '"') {
      startWord();
      ++I;
      while (I < Text.size() && Text[I] != '"') {
        if (Text[I] == '\\' && I + 1 < Text.size() &&
            std::string_view("\"\\$`\n").find(Text[I + 1]) != std::string_view::npos) {
          if (Text[I + 1] != '\n')
            Word += Text[I + 1];
          I += 2;
          continue;
        }
        Word += Text[I++];
      }
      ++I;
      return;
    }
    if (C == '`') {
      startWord();
      size_t Close = Text.find('`', I + 1);
      if (Close == std::string_view::npos)
        Close = Text.size() - 1;
      Word.append(Text.substr(I, Close - I + 1));
      I = Close + 1;
      return;
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '(') {
      startWord();
      Word += '$';
      ++I;
      readGroup();
      return;
    }
    if ((C == '<' || C == '>') && I + 1 < Text.size() && Text[I + 1] == '(') {
      endWord();
      startWord();
      Word += C;
      ++I;
      readGroup();
      return;
    }
    if (C == '#' && !InWord) {
      size_t End = Text.find('\n', I);
      I = End == std::string_view::npos ? Text.size() : End;
      return;
    }
    if (C == ' ' || C == '\t' || C == '\r') {
      endWord();
      ++I;
      return;
    }
    if (C == '\n' || C == ';' || C == '(' || C == ')') {
      endCommand(false);
      ++I;
      return;
    }
    if (C == '&') {
      if (I + 1 < Text.size() && Text[I + 1] == '>') {
        endWord();
        ++I;
        redirection();
        return;
      }
      endCommand(false);
      I += (I + 1 < Text.size() && Text[I + 1] == '&') ? 2 : 1;
      return;
    }
    if (C == '|') {
      bool Or = I + 1 < Text.size() && Text[I + 1] == '|';
      endCommand(!Or);
      I += (Or || (I + 1 < Text.size() && Text[I + 1] == '&')) ? 2 : 1;
      return;
    }
    if (C == '<' || C == '>') {
      redirection();
      return;
    }
    startWord();
    Word += C;
    ++I;
  }
};

/// Parses an exec-form `["a", "b"]` into words; nullopt when \p Ops is not a
/// JSON array of strings.
std::optional<ShellCommand> parseExecForm(std::string_view Ops, const OffsetMap &ToFile) {
  size_t I = 0;
  auto SkipSpace = [&] {
    while (I < Ops.size() && std::isspace(static_cast<unsigned char>(Ops[I])))
      ++I;
  };
  SkipSpace();
  if (I >= Ops.size() || Ops[I] != '[')
    return std::nullopt;
  ++I;
  ShellCommand C;
  SkipSpace();
  if (I < Ops.size() && Ops[I] == ']')
    return C;
  while (true) {
    SkipSpace();
    if (I >= Ops.size() || Ops[I] != '"')
      return std::nullopt;
    size_t Begin = I++;
    std::string Text;
    while (I < Ops.size() && Ops[I] != '"') {
      if (Ops[I] == '\\' && I + 1 < Ops.size()) {
        char E = Ops[I + 1];
        Text += E == 'n' ? '\n' : E == 't' ? '\t' : E;
        I += 2;
        continue;
      }
      Text += Ops[I++];
    }
    if (I >= Ops.size())
      return std::nullopt;
    ++I;
    size_t B = ToFile(Begin), E = ToFile(I);
    C.Words.push_back({std::move(Text), B, E > B ? E - B : 0});
    SkipSpace();
    if (I < Ops.size() && Ops[I] == ',') {
      ++I;
      continue;
    }
    if (I < Ops.size() && Ops[I] == ']')
      break;
    return std::nullopt;
  }
  ++I;
  SkipSpace();
  if (I != Ops.size())
    return std::nullopt;
  return C;
}

/// Index of the script word of `sh -c <script>`, or 0 when \p C is not one.
size_t shellScriptWord(const ShellCommand &C) {
  size_t S = commandStart(C, {});
  if (S >= C.Words.size() || !isShell(commandName(C.Words[S].Text)))
    return 0;
  for (size_t W = S + 1; W + 1 < C.Words.size(); ++W) {
    std::string_view T = C.Words[W].Text;
    if (T.size() < 2 || T[0] != '-' || T[1] == '-')
      return 0;
    if (T.find('c') != std::string_view::npos)
      return W + 1;
  }
  return 0;
}

/// Appends \p Cmds, each followed by the commands of its `sh -c` script.
void appendWithScripts(std::vector<ShellCommand> &Out, std::vector<ShellCommand> Cmds) {
  for (ShellCommand &C : Cmds) {
    size_t W = shellScriptWord(C);
    std::optional<ShellWord> Script;
    if (W)
      Script = C.Words[W];
    Out.push_back(std::move(C));
    if (!Script)
      continue;
    // The script's text is unquoted; offsets shift by one for a quoted word.
    size_t Shift = Script->Length > Script->Text.size() ? 1 : 0;
    size_t Base = Script->Offset + Shift, Limit = Script->Offset + Script->Length;
    OffsetMap Map = [Base, Limit](size_t O) { return std::min(Base + O, Limit); };
    appendWithScripts(Out, splitShell(Script->Text, Map));
  }
}

} // namespace

std::vector<ShellCommand> splitShell(std::string_view Script, const OffsetMap &ToFile) {
  return Lexer(Script, ToFile).run();
}

std::string_view commandName(std::string_view Word) {
  size_t Slash = Word.rfind('/');
  return Slash == std::string_view::npos ? Word : Word.substr(Slash + 1);
}

size_t commandStart(const ShellCommand &C, const std::vector<std::string> &Prefixes) {
  size_t I = 0;
  bool InEnv = false;
  while (I < C.Words.size()) {
    std::string_view T = C.Words[I].Text;
    size_t Eq = T.find('=');
    bool Assignment =
        Eq != std::string_view::npos && Eq > 0 &&
        std::all_of(T.begin(), T.begin() + static_cast<std::ptrdiff_t>(Eq), [](char Ch) {
          return std::isalnum(static_cast<unsigned char>(Ch)) || Ch == '_';
        });
    if (Assignment || (InEnv && !T.empty() && T[0] == '-') ||
        std::find(Reserved.begin(), Reserved.end(), T) != Reserved.end()) {
      ++I;
      continue;
    }
    std::string_view Name = commandName(T);
    if (std::find(Prefixes.begin(), Prefixes.end(), Name) != Prefixes.end()) {
      InEnv = true; // wrapper options (`sudo -E`, `env -i`) are skipped too
      ++I;
      continue;
    }
    break;
  }
  return I;
}

std::vector<ShellWord> operandWords(const deploy::DockerInstruction &I) {
  size_t Base = I.OperandsOffset;
  OffsetMap Map = [&I, Base](size_t O) { return I.fileOffset(Base + O); };
  if (auto Exec = parseExecForm(I.operands(), Map))
    return std::move(Exec->Words);
  std::vector<ShellWord> Out;
  for (ShellCommand &C : splitShell(I.operands(), Map))
    for (ShellWord &W : C.Words)
      Out.push_back(std::move(W));
  return Out;
}

std::vector<ShellCommand> runCommands(const deploy::DockerInstruction &I) {
  std::vector<ShellCommand> Out;
  if (I.Keyword != "RUN")
    return Out;
  std::string_view Ops = I.operands();
  size_t Base = I.OperandsOffset;
  OffsetMap Map = [&I, Base](size_t O) { return I.fileOffset(Base + O); };
  std::vector<ShellCommand> Main;
  if (auto Exec = parseExecForm(Ops, Map))
    Main.push_back(std::move(*Exec));
  else
    Main = splitShell(Ops, Map);

  // Heredoc bodies are scripts when RUN has no command of its own
  // (`RUN <<EOF`) or feeds them to a shell (`RUN bash <<EOF`).
  bool BodiesAreScripts = Main.empty();
  for (const ShellCommand &C : Main) {
    size_t S = commandStart(C, {});
    if (S < C.Words.size() && isShell(commandName(C.Words[S].Text)) && !shellScriptWord(C))
      BodiesAreScripts = true;
  }
  appendWithScripts(Out, std::move(Main));
  if (!BodiesAreScripts || !I.Loc.File)
    return Out;
  std::string_view File = I.Loc.File->content();
  for (size_t H = 0; H < I.Heredocs.size(); ++H) {
    const std::string &Body = I.Heredocs[H];
    // Body offset -> file offset; `<<-` removed leading tabs of each line.
    std::vector<size_t> ToFile(Body.size() + 1);
    size_t P = I.HeredocLocs[H].Offset;
    for (size_t B = 0; B <= Body.size(); ++B) {
      if ((B == 0 || Body[B - 1] == '\n') && (B == Body.size() || Body[B] != '\t'))
        while (P < File.size() && File[P] == '\t')
          ++P;
      ToFile[B] = std::min(P, File.size());
      if (B < Body.size()) {
        // A CRLF file keeps `\r` the body dropped.
        if (Body[B] == '\n' && P < File.size() && File[P] == '\r')
          ++P;
        ++P;
      }
    }
    OffsetMap HMap = [ToFile](size_t O) { return ToFile[std::min(O, ToFile.size() - 1)]; };
    appendWithScripts(Out, splitShell(Body, HMap));
  }
  return Out;
}

} // namespace teetidy::repro
