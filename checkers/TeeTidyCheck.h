//===- TeeTidyCheck.h - Base class of every check ---------------*- C++ -*-===//
#pragma once

#include "config/Config.h"
#include "diag/Diagnostic.h"
#include "program/Program.h"
#include "source/Language.h"

#include <tree_sitter/api.h>

#include <map>
#include <string>
#include <vector>

namespace teetidy {

class FileContext;

/// Reads `<check>.<Option>` values (global `<Option>` ones for an empty
/// check name) with typed getters. Every getter records
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
  /// Records that the value of \p Option is unusable, at the value's
  /// location.
  void invalid(const std::string &Option, const std::string &Message);

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
/// that inspects one file and reports diagnostics through diag(). A check is
/// constructed for one file's effective configuration and reads its options
/// in its constructor.
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
  /// The queries (queries/<language>/<name>.scm) check() runs through
  /// FileContext::forEachMatch. The program build keeps the syntax trees of
  /// the files one of them may match, so they are not parsed twice.
  virtual std::vector<std::string> queries() const { return {}; }
  /// The model rules this check reads the dataflow program with (from its
  /// options) for files of language \p L; nullopt when it does not read the
  /// program for them. The driver builds
  /// the program, with a taint analysis per distinct set of rules, only
  /// when some enabled check asks.
  virtual std::optional<program::ModelRules> programRules(Language) const { return std::nullopt; }

protected:
  CheckOptionsView &options() { return Options; }
  /// Reports a finding of this check; \p Length bytes are underlined.
  Diagnostic &diag(FileContext &Ctx, SourceLocation Loc, size_t Length, std::string Message,
                   Severity Level = Severity::Warning);
  /// Reports at node \p N (its first line underlined); a NOLINT on the first
  /// or last line of the enclosing statement applies.
  Diagnostic &diag(FileContext &Ctx, TSNode N, std::string Message,
                   Severity Level = Severity::Warning);
  /// Reports at the byte range [\p Begin, \p End) of the file; a NOLINT on the
  /// first or last line of the statement holding it applies (the file is
  /// parsed for that only when it has a grammar).
  Diagnostic &diagInStatement(FileContext &Ctx, size_t Begin, size_t End, std::string Message,
                              Severity Level = Severity::Warning);

private:
  std::string Name;
  CheckOptionsView &Options;
};

} // namespace teetidy
