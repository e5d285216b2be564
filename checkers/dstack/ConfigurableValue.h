//===- ConfigurableValue.h - Shared logic of the configurable-* checks -*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/Deployment.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace teetidy {
class FileContext;
}

namespace teetidy::dstack {

/// Who decides a source's variables in one service that runs a file.
struct ServiceVerdict {
  std::string ComposePath, Service;
  deploy::EnvVerdict V;
};

/// The verdicts of the services that may run \p Path (or of
/// \p AssumedServices) for source \p S, the worst for users first; empty
/// when no compose file is among the analysed files.
std::vector<ServiceVerdict> serviceVerdicts(FileContext &Ctx, const std::string &Path,
                                            const dataflow::SourceInfo &S,
                                            const std::vector<std::string> &AssumedServices);

/// Reports dataflow findings of one sink kind ("endpoint" or "model") in the
/// file being checked, with the deployment's verdict for the variables and
/// the path as notes.
class ConfigurableValueCheck : public TeeTidyCheck {
public:
  ConfigurableValueCheck(std::string Name, CheckOptionsView &Options, dataflow::SinkKind Kind);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::optional<program::ModelRules> programRules() const override { return Rules; }

private:
  dataflow::SinkKind SinkKind;
  /// ExtraSinks and ExtraSources, sorted.
  program::ModelRules Rules;
  std::vector<std::string> AssumedServices;
  bool IgnoreTestCode;
};

} // namespace teetidy::dstack
