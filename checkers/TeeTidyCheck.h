//===- TeeTidyCheck.h - Base class of every check ---------------*- C++ -*-===//
#pragma once

#include "config/Config.h"
#include "diag/Diagnostic.h"
#include "source/Language.h"

#include <map>
#include <string>
#include <vector>

namespace teetidy {

class FileContext;

/// Reads `<check>.<Option>` values with typed getters. Every getter records
/// its default (for --dump-config and --verify-config); a value of the wrong
/// type is reported as a configuration error at the value's location and the
/// default is used.
class CheckOptionsView {
public:
  CheckOptionsView(std::string CheckName, const EffectiveConfig *Config)
      : CheckName(std::move(CheckName)), Config(Config) {}

  std::string get(const std::string &Option, const std::string &Default);
  bool getBool(const std::string &Option, bool Default);
  int64_t getInt(const std::string &Option, int64_t Default);
  /// A `;`- or `,`-separated list; blanks trimmed, empty entries dropped.
  std::vector<std::string> getList(const std::string &Option, const std::string &Default);

  /// "check.Option" -> default, for every option read so far.
  const std::map<std::string, std::string> &defaults() const { return Defaults; }
  /// Values that did not have the expected type.
  const std::vector<ConfigIssue> &errors() const { return Errors; }

private:
  std::optional<OptionValue> lookup(const std::string &Option, const std::string &Default);
  std::string CheckName;
  const EffectiveConfig *Config;
  std::map<std::string, std::string> Defaults;
  std::vector<ConfigIssue> Errors;
};

/// One check: a name `module-check`, the languages it reads, and a method
/// that inspects one file and reports diagnostics through the FileContext.
/// A check is constructed for one effective configuration and reads its
/// options in its constructor.
class TeeTidyCheck {
public:
  TeeTidyCheck(std::string Name, CheckOptionsView &Options)
      : Name(std::move(Name)), Options(Options) {}
  virtual ~TeeTidyCheck() = default;
  TeeTidyCheck(const TeeTidyCheck &) = delete;
  TeeTidyCheck &operator=(const TeeTidyCheck &) = delete;

  const std::string &name() const { return Name; }
  /// Whether this check wants files of language \p L.
  virtual bool appliesTo(Language L) const = 0;
  /// Inspects one file.
  virtual void check(FileContext &Ctx) = 0;

protected:
  CheckOptionsView &options() { return Options; }

private:
  std::string Name;
  CheckOptionsView &Options;
};

} // namespace teetidy
