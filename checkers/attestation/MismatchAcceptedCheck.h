//===- MismatchAcceptedCheck.h ----------------------------------*- C++ -*-===//
#pragma once

#include "checkers/attestation/CodeShape.h"

#include <set>
#include <string>

namespace teetidy::attestation {

/// What models/attestation-verification.yaml lists.
struct VerificationWords {
  std::set<std::string> ComparedWords, VerifierWords, VerdictWords, LogCalls, BooleanVerifiers,
      RemoteVerifierWords, HttpCalls, BodyReads, StatusReads;
};

/// Finds verification code that decides "valid" although a check failed: a
/// hash, signature, measurement or report_data mismatch whose branch only
/// logs, a boolean verification result that is dropped, and an HTTP 2xx from
/// a remote verifier taken as success without reading its verdict; in
/// functions whose result is a verification outcome.
class MismatchAcceptedCheck : public FunctionCheck<VerificationWords> {
public:
  MismatchAcceptedCheck(std::string Name, CheckOptionsView &Options);

protected:
  void checkFunction(FileContext &Ctx, const Syntax &S, const VerificationWords &M,
                     TSNode F) override;
};

} // namespace teetidy::attestation
