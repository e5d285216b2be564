//===- ConfigurableValue.h - Shared logic of the configurable-* checks -*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "checkers/DataflowProgram.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// Reports dataflow findings of one sink kind ("endpoint" or "model") in the
/// file being checked, with the deployment's verdict for the variables and
/// the path as notes.
class ConfigurableValueCheck : public TeeTidyCheck {
public:
  ConfigurableValueCheck(std::string Name, CheckOptionsView &Options, std::string SinkKind);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  std::string SinkKind;
  ModelExtras Extras;
  std::vector<std::string> AssumedServices;
  bool IgnoreTestCode;
};

} // namespace teetidy::dstack
