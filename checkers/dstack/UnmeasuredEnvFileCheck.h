//===- UnmeasuredEnvFileCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

namespace teetidy::dstack {

/// A service reads an env_file, whose contents are not covered by compose_hash.
class UnmeasuredEnvFileCheck : public TeeTidyCheck {
public:
  UnmeasuredEnvFileCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
};

} // namespace teetidy::dstack
