//===- CheckRegistry.h - Names, descriptions and factories of checks -*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace teetidy {

/// What --list-checks, SARIF rules and docs know about a check.
struct CheckInfo {
  std::string Name;
  std::string Module;
  std::string Summary; ///< One sentence, no trailing period.
  Severity DefaultLevel = Severity::Warning;
  /// The weakness it finds, "CWE-295"; empty when none fits.
  std::string Cwe;
  std::function<std::unique_ptr<TeeTidyCheck>(CheckOptionsView &)> Create;
};

/// Every check the binary knows, in registration order (sorted on demand).
/// Modules register explicitly (builtinChecks() in CheckRegistry.cpp calls
/// each add<Module>Module()); nothing self-registers.
class CheckRegistry {
public:
  template <typename CheckT>
  void add(std::string Name, std::string Summary, Severity Level = Severity::Warning) {
    std::string Module = Name.substr(0, Name.find('-'));
    std::string Copy = Name;
    Checks.push_back(
        {std::move(Name), std::move(Module), std::move(Summary), Level, "",
         [Copy](CheckOptionsView &Opts) { return std::make_unique<CheckT>(Copy, Opts); }});
  }
  /// All checks sorted by name.
  std::vector<const CheckInfo *> all() const;
  const CheckInfo *find(const std::string &Name) const;
  std::vector<std::string> names() const;

  /// Every "check.Option" the checks read, with its default (instantiates
  /// each check with no configuration).
  std::map<std::string, std::string> optionDefaults() const;

  /// Sets the CWE of check \p Name.
  void setCwe(const std::string &Name, std::string Cwe);

private:
  std::vector<CheckInfo> Checks;
};

/// The registry with every module's checks.
const CheckRegistry &builtinChecks();

/// Modules (one function each, in checkers/<module>/<Module>Module.cpp).
void addAttestationModule(CheckRegistry &R);
void addSecretsModule(CheckRegistry &R);
void addReproModule(CheckRegistry &R);
void addDstackModule(CheckRegistry &R);

} // namespace teetidy
