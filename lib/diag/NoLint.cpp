#include "diag/NoLint.h"

#include <algorithm>

namespace teetidy {

namespace {

constexpr std::string_view Word = "NOLINT";

/// Offsets where comments start on each line, for the file's comment syntax.
/// A comment marker inside a string literal is not excluded; like clang-tidy,
/// matching is textual.
bool inComment(std::string_view LineText, size_t Pos, CommentSyntax Syn) {
  std::string_view Before = LineText.substr(0, Pos);
  if (Syn.Hash && Before.find('#') != std::string_view::npos)
    return true;
  if (Syn.DoubleSlash && Before.find("//") != std::string_view::npos)
    return true;
  if (Syn.Block && Before.find("/*") != std::string_view::npos)
    return true;
  return false;
}

} // namespace

NoLintDirectives::NoLintDirectives(const SourceFile &F) {
  CommentSyntax Syn = commentSyntax(F.language());
  struct Open {
    unsigned Line;
    size_t Offset;
    std::optional<std::string> Args;
  };
  std::vector<Open> Stack;
  // A `/* ... */` comment spanning lines makes the inner lines comments too.
  bool InBlock = false;
  for (unsigned L = 1, N = F.lineCount(); L <= N; ++L) {
    std::string_view Text = F.lineText(L);
    bool StartsInBlock = InBlock;
    if (Syn.Block) {
      for (size_t P = 0; P + 1 < Text.size(); ++P) {
        if (!InBlock && Text.substr(P, 2) == "/*") {
          InBlock = true;
          ++P;
        } else if (InBlock && Text.substr(P, 2) == "*/") {
          InBlock = false;
          ++P;
        }
      }
    }
    for (size_t Pos = Text.find(Word); Pos != std::string_view::npos;
         Pos = Text.find(Word, Pos + 1)) {
      if (!StartsInBlock && !inComment(Text, Pos, Syn))
        continue;
      std::string_view Rest = Text.substr(Pos + Word.size());
      Directive D{Directive::Line, L, F.lineStart(L) + Pos, std::nullopt};
      size_t Skip = 0;
      if (Rest.substr(0, 8) == "NEXTLINE") {
        D.K = Directive::NextLine;
        Skip = 8;
      } else if (Rest.substr(0, 5) == "BEGIN") {
        D.K = Directive::Begin;
        Skip = 5;
      } else if (Rest.substr(0, 3) == "END") {
        D.K = Directive::End;
        Skip = 3;
      }
      Rest.remove_prefix(Skip);
      if (!Rest.empty() && Rest.front() == '(') {
        size_t Close = Rest.find(')');
        if (Close != std::string_view::npos)
          D.Args = std::string(Rest.substr(1, Close - 1));
      }
      Pos += Word.size() + Skip;
      switch (D.K) {
      case Directive::Line:
      case Directive::NextLine:
        Directives.push_back(D);
        break;
      case Directive::Begin:
        Stack.push_back({L, D.Offset, D.Args});
        break;
      case Directive::End: {
        // Pair with the closest open BEGIN carrying identical arguments.
        auto It = std::find_if(Stack.rbegin(), Stack.rend(),
                               [&](const Open &O) { return O.Args == D.Args; });
        if (It == Stack.rend()) {
          Diagnostic E;
          E.CheckName = "tee-tidy-nolint";
          E.Level = Severity::Error;
          E.Loc = {&F, D.Offset};
          E.Message = "unmatched 'NOLINTEND' comment without a previous "
                      "'NOLINTBEGIN' comment";
          Errors.push_back(std::move(E));
          break;
        }
        Regions.push_back({It->Line, L, It->Args});
        Stack.erase(std::next(It).base());
        break;
      }
      }
    }
  }
  for (const Open &O : Stack) {
    Diagnostic E;
    E.CheckName = "tee-tidy-nolint";
    E.Level = Severity::Error;
    E.Loc = {&F, O.Offset};
    E.Message = "unmatched 'NOLINTBEGIN' comment without a subsequent "
                "'NOLINTEND' comment";
    Errors.push_back(std::move(E));
  }
}

bool NoLintDirectives::covers(const std::optional<std::string> &Args, const std::string &Check) {
  if (!Args)
    return true;
  // Negative globs are ignored inside NOLINT lists.
  return GlobList(*Args, /*KeepNegative=*/false).contains(Check);
}

bool NoLintDirectives::lineSuppresses(unsigned Line, const std::string &Check) const {
  for (const Directive &D : Directives) {
    unsigned Target = D.K == Directive::NextLine ? D.LineNo + 1 : D.LineNo;
    if (Target == Line && covers(D.Args, Check))
      return true;
  }
  for (const Region &R : Regions)
    if (R.First <= Line && Line <= R.Last && covers(R.Args, Check))
      return true;
  return false;
}

bool NoLintDirectives::suppresses(const Diagnostic &D) const {
  if (!D.Loc.File || D.CheckName == "tee-tidy-nolint")
    return false;
  if (lineSuppresses(D.Loc.line(), D.CheckName))
    return true;
  if (D.StatementFirstLine && lineSuppresses(D.StatementFirstLine, D.CheckName))
    return true;
  if (D.StatementLastLine && lineSuppresses(D.StatementLastLine, D.CheckName))
    return true;
  return false;
}

std::vector<Diagnostic> NoLintDirectives::errors() const { return Errors; }

} // namespace teetidy
