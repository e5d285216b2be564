#include "diag/GlobList.h"

namespace teetidy {

namespace {
std::string_view trim(std::string_view S) {
  while (!S.empty() && (S.front() == ' ' || S.front() == '\t' || S.front() == '\r'))
    S.remove_prefix(1);
  while (!S.empty() && (S.back() == ' ' || S.back() == '\t' || S.back() == '\r'))
    S.remove_suffix(1);
  return S;
}
} // namespace

std::vector<std::string> splitGlobs(std::string_view Globs) {
  std::vector<std::string> Out;
  size_t Start = 0;
  for (size_t I = 0; I <= Globs.size(); ++I) {
    if (I == Globs.size() || Globs[I] == ',' || Globs[I] == '\n') {
      std::string_view Part = trim(Globs.substr(Start, I - Start));
      if (!Part.empty())
        Out.emplace_back(Part);
      Start = I + 1;
    }
  }
  return Out;
}

GlobList::GlobList(std::string_view Globs, bool KeepNegative) {
  for (const std::string &G : splitGlobs(Globs)) {
    bool Positive = G.front() != '-';
    std::string_view Pattern = Positive ? std::string_view(G) : trim(std::string_view(G).substr(1));
    if (Pattern.empty() || (!Positive && !KeepNegative))
      continue;
    Items.push_back({Positive, std::string(Pattern)});
  }
}

bool GlobList::matchGlob(std::string_view Glob, std::string_view Name) {
  // Iterative wildcard match with backtracking to the last '*'.
  size_t G = 0, N = 0, StarG = std::string_view::npos, StarN = 0;
  while (N < Name.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      StarG = G++;
      StarN = N;
    } else if (G < Glob.size() && Glob[G] == Name[N]) {
      ++G;
      ++N;
    } else if (StarG != std::string_view::npos) {
      G = StarG + 1;
      N = ++StarN;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

bool GlobList::contains(std::string_view Name) const {
  for (auto It = Items.rbegin(); It != Items.rend(); ++It)
    if (matchGlob(It->Glob, Name))
      return It->Positive;
  return false;
}

} // namespace teetidy
