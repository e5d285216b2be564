//===- UndocumentedDeploymentCheck.h --------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

namespace teetidy::dstack {

/// `dstack-undocumented-deployment`: see docs/checks/dstack-undocumented-deployment.md.
class UndocumentedDeploymentCheck : public TeeTidyCheck {
public:
  UndocumentedDeploymentCheck(std::string Name, CheckOptionsView &Options)
      : TeeTidyCheck(std::move(Name), Options) {}
  bool appliesTo(Language L) const override { return L == Language::Yaml || L == Language::Json; }
  void check(FileContext &Ctx) override;
};

} // namespace teetidy::dstack
