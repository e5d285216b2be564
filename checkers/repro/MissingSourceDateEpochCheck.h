//===- MissingSourceDateEpochCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

namespace teetidy::repro {

/// A Dockerfile's build sets no SOURCE_DATE_EPOCH, so image timestamps are not reproducible.
class MissingSourceDateEpochCheck : public TeeTidyCheck {
public:
  MissingSourceDateEpochCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
};

} // namespace teetidy::repro
