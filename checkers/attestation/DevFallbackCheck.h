//===- DevFallbackCheck.h ---------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/attestation/CodeShape.h"

#include <set>
#include <string>

namespace teetidy::attestation {

/// What models/attestation-fallback.yaml lists.
struct FallbackWords {
  std::set<std::string> AttestationCalls, AttestationPaths, AttestationNameWords, SwitchWords,
      SwitchVariables, AvailabilityWords, FabricatedWords, RandomKeyCalls, DerivationCalls;
};

/// Finds code that obtains quotes, keys or attestation and, on a failure or
/// behind a development switch, hands back fabricated attestation data or a
/// key everyone can know (a literal, one derived from a literal, a random
/// one) instead of failing. The deployment decides the level: a switch the
/// attested compose pins to its production value is silent.
class DevFallbackCheck : public FunctionCheck<FallbackWords> {
public:
  DevFallbackCheck(std::string Name, CheckOptionsView &Options);
  /// The program tells whether anything calls a fallback's function.
  std::optional<program::ModelRules> programRules(Language) const override {
    return program::ModelRules{};
  }

protected:
  void checkFunction(FileContext &Ctx, const Syntax &S, const FallbackWords &M, TSNode F) override;
};

} // namespace teetidy::attestation
