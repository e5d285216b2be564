//===- OperatorControlledFlagCheck.h ----------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include <map>
#include <string>
#include <vector>

namespace teetidy::deploy {
struct ComposeFile;
struct AppComposeManifest;
} // namespace teetidy::deploy

namespace teetidy::dstack {

/// A behaviour switch such as DEV_MODE or NODE_TLS_REJECT_UNAUTHORIZED can be
/// set by the operator: a compose `environment` entry whose value comes from
/// allowed_envs, a bare pass-through, or an env_file, and allowed_envs items
/// naming such a switch. The switch names come from the Flags option
/// (default: queries/models/operator-flags.yaml).
class OperatorControlledFlagCheck : public TeeTidyCheck {
public:
  OperatorControlledFlagCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;

  /// Whether \p Name matches \p Pattern (`*` = any run; case-insensitive).
  static bool matches(std::string_view Pattern, std::string_view Name);

private:
  /// The flag pattern \p Name matches, or null.
  const std::string *flagFor(std::string_view Name) const;
  std::string effectOf(const std::string &Pattern) const;
  void checkCompose(FileContext &Ctx, const deploy::ComposeFile &Compose,
                    const deploy::AppComposeManifest *Manifest);

  std::vector<std::string> Flags;             ///< Option: switch names.
  std::map<std::string, std::string> Effects; ///< From the model, by pattern.
};

} // namespace teetidy::dstack
