#include "diag/TextEmitter.h"

namespace teetidy {

namespace {
/// Display width of a byte prefix: one column per code point, tabs kept.
std::string padFor(std::string_view Prefix) {
  std::string Pad;
  for (char C : Prefix) {
    if (C == '\t')
      Pad += '\t';
    else if ((static_cast<unsigned char>(C) & 0xC0) != 0x80)
      Pad += ' ';
  }
  return Pad;
}
} // namespace

void TextEmitter::emitLine(SourceLocation Loc, size_t, std::string_view Level,
                           llvm::raw_ostream::Colors LevelColor, const std::string &Message,
                           std::string_view Tag) {
  if (UseColor)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (Loc.valid())
    OS << Loc.File->path() << ':' << Loc.line() << ':' << Loc.column() << ": ";
  if (UseColor)
    OS.changeColor(LevelColor, true);
  OS << Level << ": ";
  if (UseColor)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  OS << Message;
  if (!Tag.empty())
    OS << " [" << Tag << ']';
  if (UseColor)
    OS.resetColor();
  OS << '\n';
}

void TextEmitter::emitSnippet(SourceLocation Loc, size_t Length, const std::string *FixText) {
  if (!Loc.valid())
    return;
  unsigned Line = Loc.line();
  std::string_view Text = Loc.File->lineText(Line);
  size_t Col = Loc.column() - 1;
  OS << Text << '\n';
  std::string_view Before = Text.substr(0, std::min(Col, Text.size()));
  std::string Pad = padFor(Before);
  size_t Span = Length ? std::min(Length, Text.size() > Col ? Text.size() - Col : 0) : 0;
  std::string Underline = padFor(Text.substr(std::min(Col, Text.size()), Span));
  std::string Marks = "^";
  if (Underline.size() > 1)
    Marks += std::string(Underline.size() - 1, '~');
  if (UseColor)
    OS.changeColor(llvm::raw_ostream::GREEN, true);
  OS << Pad << Marks << '\n';
  if (FixText) {
    OS << Pad << *FixText << '\n';
  }
  if (UseColor)
    OS.resetColor();
}

void TextEmitter::emit(const Diagnostic &D) {
  bool IsError = D.Level == Severity::Error || D.PromotedToError;
  std::string Tag = D.CheckName;
  if (D.PromotedToError)
    Tag += ",-warnings-as-errors";
  bool IsRemark = !IsError && D.Level == Severity::Remark;
  emitLine(D.Loc, D.Length,
           IsError    ? "error"
           : IsRemark ? "remark"
                      : "warning",
           IsError    ? llvm::raw_ostream::RED
           : IsRemark ? llvm::raw_ostream::BLUE
                      : llvm::raw_ostream::MAGENTA,
           D.Message, Tag);
  // A fix-it on the diagnostic's own line is shown under the caret.
  const std::string *FixText = nullptr;
  if (D.Fixes.size() == 1 && D.Fixes[0].File == D.Loc.File && D.Fixes[0].File &&
      D.Fixes[0].File->lineOf(D.Fixes[0].Offset) == D.Loc.line())
    FixText = &D.Fixes[0].Text;
  if (FixText && D.Fixes[0].Offset != D.Loc.Offset) {
    // Show the caret at the diagnostic and the fix text under what it replaces.
    emitSnippet(D.Loc, D.Length, nullptr);
    std::string_view Text = D.Loc.File->lineText(D.Loc.line());
    size_t FixCol = D.Fixes[0].File->columnOf(D.Fixes[0].Offset) - 1;
    if (UseColor)
      OS.changeColor(llvm::raw_ostream::GREEN, true);
    OS << padFor(Text.substr(0, std::min(FixCol, Text.size()))) << *FixText << '\n';
    if (UseColor)
      OS.resetColor();
  } else {
    emitSnippet(D.Loc, D.Length, FixText);
  }
  for (const DiagnosticNote &N : D.Notes) {
    emitLine(N.Loc, N.Length, "note", llvm::raw_ostream::BLACK, N.Message, "");
    emitSnippet(N.Loc, N.Length, nullptr);
  }
}

} // namespace teetidy
