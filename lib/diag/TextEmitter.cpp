#include "diag/TextEmitter.h"

#include "source/Utf8.h"

#include <algorithm>

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
/// The part of a long source line that is shown: at most MaxShownBytes,
/// starting a little before the column of interest, cut at code point
/// boundaries and marked with "..." where text is left out. A minified or
/// one-line file would otherwise be printed whole for every diagnostic in it.
struct LineWindow {
  static constexpr size_t MaxShownBytes = 160, Lead = 60;
  std::string_view Text; ///< the whole line
  size_t Begin = 0, End = 0;

  LineWindow(std::string_view Line, size_t Col) : Text(Line), End(Line.size()) {
    if (Line.size() <= MaxShownBytes)
      return;
    Begin = Col > Lead ? std::min(Col - Lead, Line.size()) : 0;
    while (Begin > 0 && (static_cast<unsigned char>(Line[Begin]) & 0xC0) == 0x80)
      --Begin;
    End = std::min(Line.size(), Begin + MaxShownBytes);
    while (End < Line.size() && (static_cast<unsigned char>(Line[End]) & 0xC0) == 0x80)
      ++End;
  }
  std::string_view prefix() const { return Begin ? "..." : ""; }
  std::string_view shown() const { return Text.substr(Begin, End - Begin); }
  std::string_view suffix() const { return End < Text.size() ? "..." : ""; }
  /// Padding that puts a mark under byte column \p Col (0-based) of the line.
  std::string padTo(size_t Col) const {
    Col = std::clamp(Col, Begin, End);
    return padFor(prefix()) + padFor(Text.substr(Begin, Col - Begin));
  }
};

} // namespace

void TextEmitter::emitLine(SourceLocation Loc, size_t, std::string_view Level,
                           llvm::raw_ostream::Colors LevelColor, const std::string &Message,
                           std::string_view Tag) {
  if (UseColor)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (Loc.valid())
    OS << displayPath(Loc.File->path()) << ':' << Loc.line() << ':' << Loc.column() << ": ";
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
  LineWindow W(Text, Col);
  // Control characters of the source (an escape sequence in a string) are
  // shown as '?': they would act on the terminal, and they keep the caret
  // column.
  std::string Shown(W.shown());
  for (char &C : Shown)
    if ((static_cast<unsigned char>(C) < 0x20 && C != '\t') || C == 0x7f)
      C = '?';
  OS << W.prefix() << Shown << W.suffix() << '\n';
  std::string Pad = W.padTo(Col);
  size_t From = std::clamp(Col, W.Begin, W.End);
  size_t Span = Length ? std::min(Length, W.End - From) : 0;
  std::string Underline = padFor(Text.substr(From, Span));
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

void TextEmitter::emit(const Diagnostic &D, std::optional<bool> FixApplied) {
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
    LineWindow W(D.Loc.File->lineText(D.Loc.line()), D.Loc.column() - 1);
    size_t FixCol = D.Fixes[0].File->columnOf(D.Fixes[0].Offset) - 1;
    if (UseColor)
      OS.changeColor(llvm::raw_ostream::GREEN, true);
    OS << W.padTo(FixCol) << *FixText << '\n';
    if (UseColor)
      OS.resetColor();
  } else {
    emitSnippet(D.Loc, D.Length, FixText);
  }
  if (FixApplied && !D.Fixes.empty()) {
    const Replacement &First = D.Fixes.front();
    SourceLocation At = First.File ? SourceLocation{First.File, First.Offset} : D.Loc;
    emitLine(At, 0, "note", llvm::raw_ostream::BLACK,
             *FixApplied ? "FIX-IT applied suggested code changes"
                         : "FIX-IT detected conflicting code changes",
             "");
    emitSnippet(At, 0, nullptr);
  }
  for (const DiagnosticNote &N : D.Notes) {
    emitLine(N.Loc, N.Length, "note", llvm::raw_ostream::BLACK, N.Message, "");
    emitSnippet(N.Loc, N.Length, nullptr);
  }
}

} // namespace teetidy
