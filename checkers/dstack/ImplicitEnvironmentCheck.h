//===- ImplicitEnvironmentCheck.h -------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// A variable that a runtime, the dynamic loader or a library reads without
/// the code naming it (LD_PRELOAD, NODE_EXTRA_CA_CERTS, HTTPS_PROXY,
/// OPENAI_BASE_URL, ...) is one the operator can set, for a service whose
/// code such a reader runs. The catalog is queries/models/implicit-environment.yaml.
class ImplicitEnvironmentCheck : public TeeTidyCheck {
public:
  ImplicitEnvironmentCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  /// The program says what the service's code imports and how it builds
  /// its clients.
  std::optional<program::ModelRules> programRules(Language) const override {
    return program::ModelRules{};
  }

  /// One variable of the catalog.
  struct Variable {
    std::string Name, Effect;
    std::vector<std::string> Readers, Clients, Explicit;
  };
};

} // namespace teetidy::dstack
