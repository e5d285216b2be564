//===- UnlockedDependenciesCheck.h ------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/Dockerfile.h"

#include <string>
#include <vector>

namespace teetidy::repro {

struct PackageManagers;
struct ShellCommand;

/// pip or npm installs dependencies without a lock file or hashes, or a download runs without a
/// checksum.
class UnlockedDependenciesCheck : public TeeTidyCheck {
public:
  UnlockedDependenciesCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One Dockerfile: the file itself, or an inline one of a compose file.
  void checkModel(FileContext &Ctx, const deploy::DockerfileModel &Model);
  void checkPip(FileContext &Ctx, const PackageManagers &P, const ShellCommand &C, size_t Start,
                size_t Args);
  void checkNode(FileContext &Ctx, const PackageManagers &P, const ShellCommand &C, size_t Start);
  void checkGitClones(FileContext &Ctx, const PackageManagers &P,
                      const std::vector<ShellCommand> &Commands);
  void checkPipedScripts(FileContext &Ctx, const PackageManagers &P,
                         const std::vector<ShellCommand> &Commands);
};

} // namespace teetidy::repro
