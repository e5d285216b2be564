//===- PrivilegedServiceCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// A service runs privileged, with dangerous capabilities, or in the host's PID or network
/// namespace.
class PrivilegedServiceCheck : public TeeTidyCheck {
public:
  PrivilegedServiceCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One catalogue entry of queries/models/container-privileges.yaml.
  struct Entry {
    std::string Value;
    bool Prefix = false;
    std::string Why;
  };
  bool loadCatalog(FileContext &Ctx);

  std::vector<std::string> ExtraCapabilities;
  std::vector<Entry> Capabilities, Devices, SecurityOpts;
  bool Loaded = false, LoadFailed = false;
};

} // namespace teetidy::dstack
