//===- MissingSourceDateEpochCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/Dockerfile.h"

namespace teetidy::repro {

/// A Dockerfile's build sets no SOURCE_DATE_EPOCH, so image timestamps are not reproducible.
class MissingSourceDateEpochCheck : public TeeTidyCheck {
public:
  MissingSourceDateEpochCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One Dockerfile: the file itself, or an inline one of a compose file.
  void checkModel(FileContext &Ctx, const deploy::DockerfileModel &Model);
};

} // namespace teetidy::repro
