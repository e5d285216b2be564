//===- TlsVerificationDisabledCheck.h ---------------------------*- C++ -*-===//
#pragma once

#include "checkers/TeeTidyCheck.h"

#include "llvm/Support/Regex.h"

#include <memory>

namespace teetidy::attestation {

/// Finds TLS certificate verification turned off: client options in Python
/// and JS/TS (shapes in queries/<lang>/attestation-tls-verification-disabled.scm),
/// and disabling environment settings or commands in code, compose files and
/// Dockerfiles (catalog in queries/models/tls-environment.yaml).
class TlsVerificationDisabledCheck : public TeeTidyCheck {
public:
  TlsVerificationDisabledCheck(std::string Name, CheckOptionsView &Options);
  bool appliesTo(Language L) const override;
  void check(FileContext &Ctx) override;
  std::vector<std::string> queries() const override {
    return {"attestation-tls-verification-disabled"};
  }

  /// One disabling environment variable from the catalog.
  struct Variable {
    std::string Name;
    std::vector<std::string> Values; ///< Lower-case; "*" = any non-empty.
    std::string Effect;
  };
  /// One disabling shell command shape from the catalog.
  struct Command {
    std::shared_ptr<const llvm::Regex> Pattern;
    std::string Effect;
  };
  /// One disabling call shape of C and C++ libraries (read on the IR that
  /// Clang's AST was lowered to): a call of Callee (a function) or of
  /// Method (a method of any object) whose argument ValuePosition is written
  /// as one of Values, when the argument SelectorPosition (if any) names one
  /// of Selectors.
  struct Call {
    std::vector<std::string> Callees, Methods;
    std::optional<unsigned> SelectorPosition;
    std::vector<std::string> Selectors;
    unsigned ValuePosition = 0;
    std::vector<std::string> Values;
    std::string Effect, Fix;
  };
  /// What models/tls-environment.yaml lists, read once per run.
  struct Catalog {
    std::vector<Variable> Variables;
    std::vector<Command> Commands;
    std::vector<Call> Calls;
  };
  /// C and C++ files are read from the dataflow program's IR (the other
  /// languages from their syntax trees).
  std::optional<program::ModelRules> programRules(Language L) const override {
    if (familyOf(L) == LanguageFamily::C)
      return program::ModelRules{};
    return std::nullopt;
  }

private:
  bool loadCatalog(FileContext &Ctx);
  const Variable *findVariable(std::string_view Name) const;
  static bool disables(const Variable &V, std::string_view Value);
  void checkCode(FileContext &Ctx);
  void checkCompose(FileContext &Ctx);
  void checkDockerfile(FileContext &Ctx);
  void checkNative(FileContext &Ctx);
  void checkCommand(FileContext &Ctx, std::string_view Text,
                    const std::function<size_t(size_t)> &ToFileOffset);

  std::vector<std::string> ExtraVariables; ///< Option: more NAME=value pairs.
  bool CheckBuildCommands;                 ///< Option: look at RUN commands.
  bool Loaded = false;
  std::shared_ptr<const Catalog> Shared; ///< null when the model is unusable
  std::vector<Variable> Extra;           ///< from ExtraVariables
};

} // namespace teetidy::attestation
