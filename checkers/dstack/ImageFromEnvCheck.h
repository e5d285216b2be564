//===- ImageFromEnvCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

namespace teetidy::dstack {

/// A service image reference comes from interpolation, so the operator picks the code that runs.
class ImageFromEnvCheck : public TeeTidyCheck {
public:
  ImageFromEnvCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
};

} // namespace teetidy::dstack
