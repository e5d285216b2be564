//===- UnencryptedPersistenceCheck.h --------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// `dstack-unencrypted-persistence`: see docs/checks/dstack-unencrypted-persistence.md.
class UnencryptedPersistenceCheck : public TeeTidyCheck {
public:
  UnencryptedPersistenceCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::optional<program::ModelRules> programRules(Language L) const override;

private:
  void checkMounts(FileContext &Ctx);
  void checkStores(FileContext &Ctx);

  std::vector<std::string> AssumedServices;
  bool IgnoreTestCode;
};

} // namespace teetidy::dstack
