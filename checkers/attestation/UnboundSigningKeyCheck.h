//===- UnboundSigningKeyCheck.h ---------------------------------*- C++ -*-===//
#pragma once

#include "checkers/attestation/CodeShape.h"

#include <mutex>
#include <set>
#include <string>

namespace teetidy::attestation {

/// What models/attestation-keys.yaml lists.
struct KeyWords {
  std::set<std::string> KeyFields, ResponseWords, ReportDataFields, RecoverCalls, TrustCalls,
      QuoteVerifierWords, StoredWords;
};

/// The model with its field names (KeyFields, ReportDataFields) folded
/// once: without case, `_` and `-`.
struct FoldedKeyWords : KeyWords {
  explicit FoldedKeyWords(const KeyWords &M);
};

/// Finds a key or address read from an attestation response and trusted —
/// compared with a recovered signer, given to a verification or encryption
/// call, stored as verified, or returned by a function that verified the
/// quote — where nothing
/// in that function compares it (or a value made from it) with the quote's
/// report_data. Keys returned by functions of other modules are followed by
/// the function's name.
class UnboundSigningKeyCheck : public FunctionCheck<KeyWords> {
public:
  UnboundSigningKeyCheck(std::string Name, CheckOptionsView &Options);
  ~UnboundSigningKeyCheck() override;
  /// The program tells which functions, in any module, return a key field.
  std::optional<program::ModelRules> programRules(Language) const override {
    return program::ModelRules{};
  }

protected:
  void checkFunction(FileContext &Ctx, const Syntax &S, const KeyWords &M, TSNode F) override;

private:
  /// The functions of \p P that return a key field, found once per program.
  const std::set<std::string> &keyReturning(const program::Program *P, const KeyWords &M);

  std::mutex ReturningLock;
  /// The program (Program::serial()) Returning was found in.
  uint64_t ReturningOf = 0;
  std::set<std::string> Returning;
  std::unique_ptr<FoldedKeyWords> Folded;
};

} // namespace teetidy::attestation
