//===- ImageNotPinnedCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/ComposeFile.h"

namespace teetidy::dstack {

/// A service image is referenced by tag instead of by digest, or built inside the CVM from unpinned
/// inputs.
class ImageNotPinnedCheck : public TeeTidyCheck {
public:
  ImageNotPinnedCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  void checkImage(FileContext &Ctx, const deploy::ComposeService &S);
  void checkBuild(FileContext &Ctx, const deploy::ComposeService &S);

  bool CheckBuild;
};

} // namespace teetidy::dstack
