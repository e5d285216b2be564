#include "program/SyntaxTrees.h"

#include "syntax/Grammars.h"

#include <optional>

namespace teetidy::program {

namespace {

/// The text the grammar of \p F parses: its content, except that Python
/// reads a lone CR as a line break (universal newlines) and the grammar does
/// not, so a copy (in \p Storage) has LF in its place, at the same offsets.
std::string_view parsedText(const SourceFile &F, std::string &Storage) {
  std::string_view Text = F.content();
  if (F.language() != Language::Python)
    return Text;
  size_t CR = Text.find('\r');
  while (CR != std::string_view::npos && CR + 1 < Text.size() && Text[CR + 1] == '\n')
    CR = Text.find('\r', CR + 1);
  if (CR == std::string_view::npos)
    return Text;
  Storage.assign(Text);
  for (size_t I = CR; I < Storage.size(); ++I)
    if (Storage[I] == '\r' && (I + 1 == Storage.size() || Storage[I + 1] != '\n'))
      Storage[I] = '\n';
  return Storage;
}

/// A parser of \p F's grammar (parsers are cheap to make; one per parse
/// keeps threads independent).
std::optional<Parser> parserFor(const SourceFile &F) {
  const TSLanguage *Lang = grammarFor(F.language());
  Parser P;
  if (!Lang || !P.setLanguage(Lang))
    return std::nullopt;
  return P;
}

} // namespace

Tree parseFile(const SourceFile &F, uint64_t TimeoutMicros) {
  std::optional<Parser> P = parserFor(F);
  if (!P)
    return Tree();
  std::string Storage;
  return P->parse(parsedText(F, Storage), TimeoutMicros);
}

Tree TreeCache::parse(const SourceFile &F, uint64_t TimeoutMicros) {
  std::optional<Parser> P = parserFor(F);
  if (!P)
    return Tree();
  std::string Storage;
  std::string_view Text = parsedText(F, Storage);
  Tree Old;
  std::string OldText;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Entries.find(F.path());
    if (It != Entries.end() && It->second.Lang == F.language() &&
        It->second.T.generation() < MaxGeneration) {
      Old = It->second.T.copy();
      OldText = It->second.Text;
    }
  }
  Tree T = Old ? P->reparse(Old, OldText, Text, TimeoutMicros) : P->parse(Text, TimeoutMicros);
  if (Old)
    ++Reparsed;
  std::lock_guard<std::mutex> Lock(Mutex);
  if (T)
    Entries[F.path()] = Entry{std::string(Text), F.language(), T.copy()};
  else
    Entries.erase(F.path());
  return T;
}

void TreeCache::retain(const std::function<bool(const std::string &Path)> &Keep) {
  std::lock_guard<std::mutex> Lock(Mutex);
  for (auto It = Entries.begin(); It != Entries.end();)
    It = Keep(It->first) ? std::next(It) : Entries.erase(It);
}

void SyntaxTrees::keep(const SourceFile &F, Tree T) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Kept[&F] = std::move(T);
}

Tree SyntaxTrees::take(const SourceFile &F) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (auto It = Kept.find(&F); It != Kept.end()) {
      Tree T = std::move(It->second);
      Kept.erase(It);
      return T;
    }
  }
  return Reparse ? Reparse->parse(F, ParseTimeoutMicros) : parseFile(F, ParseTimeoutMicros);
}

bool SyntaxTrees::holds(const SourceFile &F) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Kept.count(&F) > 0;
}

} // namespace teetidy::program
