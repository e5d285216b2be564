#include "deploy/DeploymentRules.h"

#include "llvm/ADT/StringRef.h"

#include <cctype>

namespace teetidy::deploy {

std::vector<std::string> nameWords(std::string_view Text) {
  std::vector<std::string> Out;
  std::string W;
  for (char C : Text) {
    if (C == '-' || C == '_' || C == '.' || C == '/' || C == '\\') {
      if (!W.empty())
        Out.push_back(std::move(W));
      W.clear();
    } else {
      W += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
    }
  }
  if (!W.empty())
    Out.push_back(std::move(W));
  return Out;
}

bool namesMatch(std::string_view Key, std::string_view Dir) {
  std::vector<std::string> A = nameWords(Key), B = nameWords(Dir);
  if (A.empty() || B.empty())
    return false;
  if (A.size() > B.size())
    std::swap(A, B);
  size_t Letters = 0;
  for (size_t I = 0; I < A.size(); ++I) {
    if (A[I] != B[I])
      return false;
    Letters += A[I].size();
  }
  return Letters >= 3;
}

std::string imageRepository(std::string_view Reference) {
  llvm::StringRef R(Reference.data(), Reference.size());
  R = R.trim();
  R = R.split('@').first; // digest
  // A registry host is a first component with a dot or a port, or localhost.
  auto [First, Rest] = R.split('/');
  if (!Rest.empty() && (First.contains('.') || First.contains(':') || First == "localhost"))
    R = Rest;
  // The tag follows the last `:` after the last `/`.
  size_t Slash = R.rfind('/');
  size_t Colon = R.rfind(':');
  if (Colon != llvm::StringRef::npos && (Slash == llvm::StringRef::npos || Colon > Slash))
    R = R.take_front(Colon);
  R.consume_front("library/");
  return R.lower();
}

const ImageKind *DeploymentRules::imageKind(std::string_view Reference) const {
  std::string Repo = imageRepository(Reference);
  if (Repo.empty() || Repo.find('$') != std::string::npos)
    return nullptr;
  for (const ImageKind &K : Images)
    for (const auto &P : K.Repositories)
      if (P && P->match(Repo))
        return &K;
  return nullptr;
}

std::optional<std::string> DeploymentRules::familyOfRuntimeWord(std::string_view Word) const {
  std::string W(Word);
  for (const ImageKind &K : Images)
    if (K.RuntimeWords.count(W) && !K.Runs.empty())
      return *K.Runs.begin();
  return std::nullopt;
}

const char *familyName(LanguageFamily F) {
  switch (F) {
  case LanguageFamily::Python:
    return "python";
  case LanguageFamily::EcmaScript:
    return "ecmascript";
  case LanguageFamily::Go:
    return "go";
  case LanguageFamily::Rust:
    return "rust";
  case LanguageFamily::C:
    return "c";
  }
  return "";
}

} // namespace teetidy::deploy
