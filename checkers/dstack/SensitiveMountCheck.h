//===- SensitiveMountCheck.h ---------------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"
#include "deploy/ComposeFile.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// A volume exposes the Docker socket, the host root, /dstack or /etc, or the dstack guest socket,
/// to a container.
class SensitiveMountCheck : public TeeTidyCheck {
public:
  SensitiveMountCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

private:
  /// One entry of queries/models/sensitive-mounts.yaml.
  struct Sensitive {
    std::string Path;
    bool Below = false;
    bool Socket = false;
    bool Remark = false;
    std::string What, Why;
  };
  bool loadCatalog(FileContext &Ctx);
  const Sensitive *match(const std::string &Path) const;
  /// Reports a bind source that starts with a variable reference.
  void reportVariableSource(FileContext &Ctx, const std::string &Service,
                            const deploy::VolumeMount &V);

  std::vector<std::string> ExtraPaths;
  std::vector<Sensitive> Catalog;
  bool Loaded = false, LoadFailed = false;
};

} // namespace teetidy::dstack
