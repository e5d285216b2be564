//===- HardcodedFallbackCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace teetidy::secrets {

/// `secrets-hardcoded-fallback`: see docs/checks/secrets-hardcoded-fallback.md.
class HardcodedFallbackCheck : public TeeTidyCheck {
public:
  HardcodedFallbackCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::optional<program::ModelRules> programRules(Language) const override {
    return program::ModelRules{};
  }

  /// Whether \p Variable (`JWT_SECRET`, `apiKey`) names a secret: one of its
  /// words is a secret word and none is a word that names something else
  /// about the secret (`JWT_ALGORITHM`, `KEY_PATH`, `PUBLIC_KEY`).
  bool isSecretName(llvm::StringRef Variable) const;

private:
  /// Secrets written as literals in a compose file's `environment`.
  void checkCompose(FileContext &Ctx);

  std::vector<std::string> SecretWords, NotSecretWords, KeyFunctions;
  bool IgnoreTestCode;
};

/// A string that is a raw private key: 64 hex digits, with or without 0x.
bool looksLikePrivateKey(llvm::StringRef S);
/// A BIP-39-shaped mnemonic: 12, 15, 18, 21 or 24 lower-case words.
bool looksLikeMnemonic(llvm::StringRef S);
/// A PEM private key block.
bool looksLikePemPrivateKey(llvm::StringRef S);

} // namespace teetidy::secrets
