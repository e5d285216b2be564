//===- CodeMap.h - Which attested service runs which source file -*- C++ -*-===//
//
// For every source file of a run: the services that run it, chosen by the
// strongest evidence the deployment gives (Evidence), or why no deployment
// runs it (test code, no deployment file at all, no service's evidence
// reaches it). Built once per run, after the program, because a service
// runs what its entry points import.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/Deployment.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace teetidy::deploy {

/// Source files each source file imports (resolved among the run's files).
using ImportGraph = std::map<const SourceFile *, std::vector<const SourceFile *>>;

/// Why no service is taken to run a file.
enum class HoldReason {
  None,
  /// Tests and their fixtures.
  TestCode,
  /// No compose file or app-compose.json among the analysed files.
  NoDeployment,
  /// Deployments exist, and no service's evidence reaches the file.
  NotRun,
};

/// "test code", "no deployment file", "not run by any service".
const char *holdReasonName(HoldReason R);

/// One step of the evidence that a service runs a file.
struct EvidenceStep {
  std::string What;
  SourceLocation Loc;
};

struct Runner {
  /// Index into Deployment::units().
  size_t Unit = 0;
  const ServiceCode *Code = nullptr;
  Evidence Level = Evidence::None;
  /// Most direct first: how the service gets or starts the file.
  std::vector<EvidenceStep> Why;
};

struct FileRunners {
  /// The services with the strongest evidence, in unit and service order.
  std::vector<Runner> Runners;
  HoldReason Held = HoldReason::None;
  /// Why it is held back, in one clause.
  std::string HeldWhy;
};

class CodeMap {
public:
  /// Weighs the evidence of \p D for each of \p Sources. Shell scripts that
  /// commands name are read through \p Store.
  static std::unique_ptr<CodeMap> build(const Deployment &D,
                                        const std::vector<const SourceFile *> &Sources,
                                        const ImportGraph &Imports, FileStore &Store);

  /// The runners of \p F; a file that was not among the sources is held
  /// back as not run.
  const FileRunners &of(const SourceFile &F) const;
  /// The deployments, why each compose file counts or not, their services
  /// and the files each runs (for --verbose).
  void describe(llvm::raw_ostream &OS) const;

private:
  const Deployment *D = nullptr;
  std::map<const SourceFile *, FileRunners> ByFile;
  FileRunners NotAmongSources;
};

} // namespace teetidy::deploy
