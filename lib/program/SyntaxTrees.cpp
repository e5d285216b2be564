#include "program/SyntaxTrees.h"

#include "syntax/Grammars.h"

namespace teetidy::program {

Tree parseFile(const SourceFile &F, uint64_t TimeoutMicros) {
  const TSLanguage *Lang = grammarFor(F.language());
  if (!Lang)
    return Tree();
  // Parsers are cheap to make; one per parse keeps threads independent.
  Parser P;
  if (!P.setLanguage(Lang))
    return Tree();
  // Python reads a lone CR as a line break (universal newlines); the grammar
  // does not. A copy with LF in its place has the same offsets.
  std::string_view Text = F.content();
  if (F.language() == Language::Python) {
    size_t CR = Text.find('\r');
    while (CR != std::string_view::npos && CR + 1 < Text.size() && Text[CR + 1] == '\n')
      CR = Text.find('\r', CR + 1);
    if (CR != std::string_view::npos) {
      std::string Copy(Text);
      for (size_t I = CR; I < Copy.size(); ++I)
        if (Copy[I] == '\r' && (I + 1 == Copy.size() || Copy[I + 1] != '\n'))
          Copy[I] = '\n';
      return P.parse(Copy, TimeoutMicros);
    }
  }
  return P.parse(Text, TimeoutMicros);
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
  return parseFile(F, ParseTimeoutMicros);
}

bool SyntaxTrees::holds(const SourceFile &F) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Kept.count(&F) > 0;
}

} // namespace teetidy::program
