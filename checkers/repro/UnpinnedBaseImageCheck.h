//===- UnpinnedBaseImageCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/Dockerfile.h"

namespace teetidy::repro {

/// A Dockerfile FROM names an external image without a sha256 digest.
class UnpinnedBaseImageCheck : public TeeTidyCheck {
public:
  UnpinnedBaseImageCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One Dockerfile: the file itself, or an inline one of a compose file.
  void checkModel(FileContext &Ctx, const deploy::DockerfileModel &Model);
};

} // namespace teetidy::repro
