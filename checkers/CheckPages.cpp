#include "checkers/CheckPages.h"

#include "syntax/EmbeddedFiles.h"

#include "llvm/ADT/StringRef.h"

namespace teetidy {

std::string_view checkPage(std::string_view Check) {
  std::string Name = std::string(Check) + ".md";
  for (const EmbeddedFile &F : embeddedCheckPages())
    if (F.Path == Name)
      return F.Contents;
  return {};
}

std::string checkDescriptionMarkdown(std::string_view Check) {
  llvm::StringRef Page(checkPage(Check).data(), checkPage(Check).size());
  size_t Start = Page.find("\n## What it reports\n");
  if (Start == llvm::StringRef::npos)
    return "";
  llvm::StringRef Rest = Page.drop_front(Start + 20);
  size_t End = Rest.find("\n## ");
  return Rest.take_front(End).trim().str();
}

std::string markdownToText(std::string_view Markdown) {
  std::string Out;
  llvm::StringRef Rest(Markdown.data(), Markdown.size());
  bool InFence = false;
  while (!Rest.empty()) {
    auto [Line, Tail] = Rest.split('\n');
    Rest = Tail;
    llvm::StringRef T = Line.trim();
    if (T.startswith("```")) {
      InFence = !InFence;
      continue;
    }
    if (T.empty()) {
      if (!Out.empty() && Out.back() != '\n')
        Out += '\n';
      continue;
    }
    bool Item = !InFence && (T.startswith("- ") || T.startswith("* "));
    if (InFence || Item) {
      if (!Out.empty() && Out.back() != '\n')
        Out += '\n';
    } else if (!Out.empty() && Out.back() != '\n') {
      Out += ' ';
    }
    // Inline markup: `code`, **strong**, [text](target).
    for (size_t I = 0; I < T.size(); ++I) {
      char C = T[I];
      if (InFence) {
        Out += C;
        continue;
      }
      if (C == '`' || (C == '*' && I + 1 < T.size() && T[I + 1] == '*')) {
        if (C == '*')
          ++I;
        continue;
      }
      if (C == ']' && I + 1 < T.size() && T[I + 1] == '(') {
        size_t Close = T.find(')', I + 2);
        if (Close != llvm::StringRef::npos) {
          I = Close;
          continue;
        }
      }
      if (C == '[' && T.find("](", I) != llvm::StringRef::npos)
        continue;
      Out += C;
    }
    if (InFence)
      Out += '\n';
  }
  while (!Out.empty() && Out.back() == '\n')
    Out.pop_back();
  return Out;
}

std::string checkHelpUri(std::string_view Check) {
  return std::string(TEETIDY_DOCS_URL) + "/" + std::string(Check) + ".md";
}

} // namespace teetidy
