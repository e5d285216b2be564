//===- UnpinnedAptCheck.h ---------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/Dockerfile.h"

namespace teetidy::repro {

/// apt-get or apk installs packages without a snapshot source or pinned versions.
class UnpinnedAptCheck : public TeeTidyCheck {
public:
  UnpinnedAptCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One Dockerfile: the file itself, or an inline one of a compose file.
  void checkModel(FileContext &Ctx, const deploy::DockerfileModel &Model);
  /// Also report package-index refreshes and fully pinned installs that do
  /// not use a snapshot (their dependencies still come from a live mirror).
  bool RequireSnapshot;
};

} // namespace teetidy::repro
