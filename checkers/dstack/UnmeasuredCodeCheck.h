//===- UnmeasuredCodeCheck.h ------------------------------------*- C++ -*-===//
#pragma once

#include "checkers/Catalog.h"
#include "checkers/TeeTidyCheck.h"

#include <string>
#include <vector>

namespace teetidy::dstack {

/// Code or images that run but are not fixed by the attested configuration:
/// text downloaded or read from configuration and run as code, containers
/// started through an API or a command from an image that is not a digest,
/// and installers or downloads run by the application or by a service's
/// command at start. Sinks are the `code`, `image` and `command` kinds of
/// queries/models/<language>/sinks-code.yaml; commands are judged by
/// queries/models/runtime-code.yaml.
class UnmeasuredCodeCheck : public TeeTidyCheck {
public:
  UnmeasuredCodeCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::optional<program::ModelRules> programRules(Language) const override {
    return program::ModelRules{};
  }

  /// One kind of command that fetches code (the catalog's `fetchers`).
  struct Fetcher {
    std::string Name;
    std::vector<std::string> Commands, Subcommands;
    /// A word that fixes what is fetched; null: nothing does.
    Pattern Pinned;
  };
  struct Catalog {
    std::vector<Fetcher> Fetchers;
    std::vector<std::string> ModuleRunners, Downloaders, Interpreters, Shells;
    Pattern ImageDigest;
  };

private:
  void checkCode(FileContext &Ctx, const Catalog &Cat);
  void checkCompose(FileContext &Ctx, const Catalog &Cat);
  bool IgnoreTestCode;
};

} // namespace teetidy::dstack
