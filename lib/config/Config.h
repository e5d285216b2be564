//===- Config.h - .tee-tidy files, layering and discovery -------*- C++ -*-===//
#pragma once

#include "diag/GlobList.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace teetidy {

/// Where a configuration value came from: a file position, or a named source
/// such as "command-line option '-checks'" (then Line/Column are 0).
struct ConfigLocation {
  std::string Source;
  unsigned Line = 0;
  unsigned Column = 0;
  /// "path:line:col" for files, the source name otherwise.
  std::string str() const;
};

/// One option value with its origin, so typed getters can point at it.
struct OptionValue {
  std::string Value;
  ConfigLocation Where;
};

/// One layer of configuration: the binary's defaults, a .tee-tidy file,
/// --config/--config-file, or command-line flags. Unset fields are nullopt.
/// One entry of `Suppressions`: findings it keeps out of the output, for
/// files that cannot hold a NOLINT comment (an app-compose.json).
struct SuppressionRule {
  std::string Checks;      ///< a glob list of check names
  std::string File;        ///< absolute, resolved against the config file
  unsigned Line = 0;       ///< 0: any line
  std::string Fingerprint; ///< empty: any finding (see the JSON output)
  std::string Reason;      ///< why, for whoever reads the configuration
};

struct ConfigLayer {
  /// Name used by --explain-config: "tee-tidy binary",
  /// "command-line option '-checks'", or the config file's path.
  std::string Source;
  std::optional<std::string> Checks; ///< Comma-joined, list form flattened.
  ConfigLocation ChecksWhere;
  std::optional<std::string> WarningsAsErrors;
  ConfigLocation WarningsAsErrorsWhere;
  /// `<check>.<Option>` (or a global option name) -> value, in file order.
  std::vector<std::pair<std::string, OptionValue>> CheckOptions;
  std::optional<bool> InheritParentConfig;
  std::optional<bool> UseColor;
  /// `HeaderFilterRegex`: only diagnostics in files whose path matches are
  /// shown (an extended regular expression, searched in the path).
  std::optional<std::string> HeaderFilterRegex;
  /// `Suppressions`, in file order.
  std::vector<SuppressionRule> Suppressions;
  /// `ComposeFiles`: YAML files to read as compose files whatever their
  /// names, made absolute against the config file's directory.
  std::vector<std::string> ComposeFiles;
};

/// A configuration problem with a position: bad YAML, an unknown key, a value
/// of the wrong type. Printed as "path:line:col: error: message".
class ConfigError : public llvm::ErrorInfo<ConfigError> {
public:
  static char ID;
  ConfigError(ConfigLocation Loc, std::string Msg)
      : Where(std::move(Loc)), Message(std::move(Msg)) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;
  const ConfigLocation &where() const { return Where; }
  /// The bare message, without location. (ErrorInfoBase::message() is the
  /// full "path:line:col: error: message" text printed by log().)
  const std::string &text() const { return Message; }

private:
  ConfigLocation Where;
  std::string Message;
};

/// Parses YAML (or JSON) config text. Accepted keys: Checks (string or list),
/// WarningsAsErrors (string or list), CheckOptions (map, or list of
/// {key, value}), InheritParentConfig (bool), UseColor (bool), HeaderFilterRegex
/// (string), ComposeFiles (list). Anything else
/// is a ConfigError with a "did you mean" suggestion when one is close.
/// \p SourceName is used in locations and as the layer's Source.
llvm::Expected<ConfigLayer> parseConfigLayer(llvm::StringRef Text, llvm::StringRef SourceName);

/// The layers that apply to one file, lowest priority first.
class EffectiveConfig {
public:
  EffectiveConfig() = default;
  explicit EffectiveConfig(std::vector<ConfigLayer> Ls) : Layers(std::move(Ls)) {}

  const std::vector<ConfigLayer> &layers() const { return Layers; }

  /// All Checks strings joined in layer order (later globs win).
  std::string checks() const;
  std::string warningsAsErrors() const;
  GlobList checkGlobs() const { return GlobList(checks()); }
  GlobList warningsAsErrorsGlobs() const { return GlobList(warningsAsErrors()); }
  bool useColor(bool Default) const;
  /// Every layer's Suppressions.
  std::vector<SuppressionRule> suppressions() const;
  /// The highest layer's HeaderFilterRegex, if any sets one.
  std::optional<std::string> headerFilter() const;
  /// Every layer's ComposeFiles (absolute paths), without repeats.
  std::vector<std::string> composeFiles() const;

  /// The value of `<check>.<Option>` (or a global key), highest layer wins.
  std::optional<OptionValue> option(llvm::StringRef Key) const;
  /// Every option key set by any layer, with the winning value.
  std::map<std::string, OptionValue> options() const;

  /// Source of the layer whose glob last enabled \p Check ("" if disabled).
  std::string explainCheck(llvm::StringRef Check) const;

  /// The effective configuration as YAML (Checks, WarningsAsErrors,
  /// CheckOptions sorted by key), with \p Defaults filling options no layer
  /// sets. The shape parseConfigLayer reads back.
  std::string dumpYaml(const std::map<std::string, std::string> &Defaults) const;

private:
  std::vector<ConfigLayer> Layers;
};

/// Finds `.tee-tidy` files from a file's directory upward (closest wins;
/// `InheritParentConfig: true` layers it over the next one up), and places
/// them between the binary defaults and the command-line layers. With an
/// explicit layer (--config / --config-file) discovery is off. Parsed files
/// and per-directory results are cached; safe to call from several threads.
class ConfigProvider {
public:
  ConfigProvider(ConfigLayer Defaults, std::vector<ConfigLayer> CommandLine,
                 std::optional<ConfigLayer> Explicit = std::nullopt);
  ~ConfigProvider();

  /// Configuration for \p FilePath, plus \p ExtraLayers (for example flags
  /// from a compile_commands.json entry) on top of everything else.
  llvm::Expected<EffectiveConfig> configFor(llvm::StringRef FilePath,
                                            const std::vector<ConfigLayer> &ExtraLayers = {});

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

/// A problem found by --verify-config.
struct ConfigIssue {
  ConfigLocation Where;
  std::string Message; ///< Includes "; did you mean '...'?" when close.
};

/// Checks that every glob in Checks/WarningsAsErrors matches at least one
/// known check, and that every CheckOptions key names a known check and one
/// of its options (\p KnownOptions holds "check.Option" strings; keys without
/// a dot are global and accepted).
std::vector<ConfigIssue> verifyConfig(const EffectiveConfig &Config,
                                      const std::vector<std::string> &KnownChecks,
                                      const std::vector<std::string> &KnownOptions);

/// The closest candidate by edit distance, or "" if none is close enough.
std::string closestMatch(llvm::StringRef Word, const std::vector<std::string> &Candidates);

} // namespace teetidy
