//===- ConfigurableContractCheck.h ---------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/dstack/ConfigurableValue.h"

namespace teetidy::dstack {

/// `dstack-configurable-contract`: see docs/checks/dstack-configurable-contract.md.
class ConfigurableContractCheck : public ConfigurableValueCheck {
public:
  ConfigurableContractCheck(std::string Name, CheckOptionsView &Options)
      : ConfigurableValueCheck(std::move(Name), Options, dataflow::SinkKind::Contract) {}
};

} // namespace teetidy::dstack
