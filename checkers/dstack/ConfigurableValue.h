//===- ConfigurableValue.h - Shared logic of the configurable-* checks -*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/CodeMap.h"
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
  /// Why the service is taken to run the file; null for services the
  /// `Services` option names.
  const deploy::Runner *Runner = nullptr;
};

/// The services that run a file, with their verdicts for one source.
struct FileVerdicts {
  /// The worst for users first; empty when no deployment is known.
  std::vector<ServiceVerdict> Verdicts;
  /// Set when no deployment runs the file: findings that depend on the
  /// verdict are held back.
  deploy::HoldReason Held = deploy::HoldReason::None;
  std::string HeldWhy;
};

/// The verdicts of the services that run the file being checked (or of
/// \p AssumedServices, which are never held back) for source \p S.
FileVerdicts serviceVerdicts(FileContext &Ctx, const dataflow::SourceInfo &S,
                             const std::vector<std::string> &AssumedServices);

/// "docker-compose.yml service 'api'", with the compose file's path from
/// the root when its name alone is ambiguous.
std::string serviceName(FileContext &Ctx, const ServiceVerdict &V);

/// Adds the steps of a dataflow path (source to sink) to \p D as notes.
void addPathNotes(Diagnostic &D, const program::Program &P,
                  const std::vector<dataflow::PathStep> &Path);

/// Adds to \p D what the verdict of \p Deciding (else the worst one) rests
/// on: the evidence that the service runs the file, then the compose entries
/// and allowed_envs items; or, for a held-back finding, why.
void addVerdictNotes(Diagnostic &D, const FileVerdicts &FV,
                     const ServiceVerdict *Deciding = nullptr);

/// Reports dataflow findings of one sink kind ("endpoint" or "model") in the
/// file being checked, with the deployment's verdict for the variables and
/// the path as notes: one finding per variable and deciding service in a
/// file, at its first sink, the other sinks as notes.
class ConfigurableValueCheck : public TeeTidyCheck {
public:
  ConfigurableValueCheck(std::string Name, CheckOptionsView &Options, dataflow::SinkKind Kind);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::optional<program::ModelRules> programRules(Language) const override { return Rules; }

private:
  /// Records the flow of \p F with each service's verdict (FileContext::flows).
  void recordFlows(FileContext &Ctx, const program::Program &P, const dataflow::SourceInfo &S,
                   const dataflow::Finding &F, const FileVerdicts &FV) const;

  dataflow::SinkKind SinkKind;
  /// ExtraSinks and ExtraSources, sorted.
  program::ModelRules Rules;
  std::vector<std::string> AssumedServices;
  bool IgnoreTestCode;
  bool ReportEverySink;
  /// Also report values the deployment leaves to the code default or
  /// interpolates only from names the operator cannot set.
  bool ReportUnset;
};

} // namespace teetidy::dstack
