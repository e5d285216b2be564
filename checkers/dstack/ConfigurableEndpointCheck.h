//===- ConfigurableEndpointCheck.h ------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/dstack/ConfigurableValue.h"

namespace teetidy::dstack {

/// `dstack-configurable-endpoint`: see docs/checks/dstack-configurable-endpoint.md.
class ConfigurableEndpointCheck : public ConfigurableValueCheck {
public:
  ConfigurableEndpointCheck(std::string Name, CheckOptionsView &Options)
      : ConfigurableValueCheck(std::move(Name), Options, dataflow::SinkKind::Endpoint) {}
};

} // namespace teetidy::dstack
