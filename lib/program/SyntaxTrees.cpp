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
  return P.parse(F.content(), TimeoutMicros);
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
