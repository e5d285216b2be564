//===- ConfigurableModelCheck.h ------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/dstack/ConfigurableValue.h"

namespace teetidy::dstack {

/// `dstack-configurable-model`: see docs/checks/dstack-configurable-model.md.
class ConfigurableModelCheck : public ConfigurableValueCheck {
public:
  ConfigurableModelCheck(std::string Name, CheckOptionsView &Options)
      : ConfigurableValueCheck(std::move(Name), Options, dataflow::SinkKind::Model) {}
};

} // namespace teetidy::dstack
