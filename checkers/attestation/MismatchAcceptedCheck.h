//===- MismatchAcceptedCheck.h ----------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <memory>
#include <set>
#include <string>

namespace teetidy::attestation {

/// Finds verification code that decides "valid" although a check failed: a
/// hash, signature, measurement or report_data mismatch whose branch only
/// logs, a boolean verification result that is dropped, and an HTTP 2xx from
/// a remote verifier taken as success without reading its verdict; in
/// functions whose result is a verification outcome. Python, TypeScript and
/// JavaScript; the words and calls it knows are in
/// queries/models/attestation-verification.yaml.
class MismatchAcceptedCheck : public TeeTidyCheck {
public:
  MismatchAcceptedCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::vector<std::string> queries() const override { return {"attestation-mismatch-accepted"}; }

  /// What models/attestation-verification.yaml lists, read once per run.
  struct Model {
    std::set<std::string> ComparedWords, VerifierWords, VerdictWords, LogCalls, BooleanVerifiers,
        RemoteVerifierWords, HttpCalls, BodyReads, StatusReads;
  };

private:
  bool IgnoreTestCode;
  bool Loaded = false;
  std::shared_ptr<const Model> Shared; ///< null when the model is unusable
};

} // namespace teetidy::attestation
