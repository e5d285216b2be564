#include "checkers/CheckRegistry.h"

#include <algorithm>

namespace teetidy {

std::vector<const CheckInfo *> CheckRegistry::all() const {
  std::vector<const CheckInfo *> Out;
  for (const CheckInfo &C : Checks)
    Out.push_back(&C);
  std::sort(Out.begin(), Out.end(),
            [](const CheckInfo *A, const CheckInfo *B) { return A->Name < B->Name; });
  return Out;
}

const CheckInfo *CheckRegistry::find(const std::string &Name) const {
  for (const CheckInfo &C : Checks)
    if (C.Name == Name)
      return &C;
  return nullptr;
}

std::vector<std::string> CheckRegistry::names() const {
  std::vector<std::string> Out;
  for (const CheckInfo *C : all())
    Out.push_back(C->Name);
  return Out;
}

std::map<std::string, std::string> CheckRegistry::optionDefaults() const {
  std::map<std::string, std::string> Out;
  for (const CheckInfo &C : Checks) {
    CheckOptionsView View(C.Name, nullptr);
    C.Create(View);
    Out.insert(View.defaults().begin(), View.defaults().end());
  }
  return Out;
}

void CheckRegistry::setCwe(const std::string &Name, std::string Cwe) {
  for (CheckInfo &C : Checks)
    if (C.Name == Name)
      C.Cwe = std::move(Cwe);
}

const CheckRegistry &builtinChecks() {
  static const CheckRegistry Registry = [] {
    CheckRegistry R;
    addAttestationModule(R);
    addSecretsModule(R);
    addReproModule(R);
    addDstackModule(R);
    // The weakness each check finds (each page says so too).
    static const std::pair<const char *, const char *> Cwes[] = {
        {"attestation-dev-fallback", "CWE-489"},
        {"attestation-mismatch-accepted", "CWE-345"},
        {"attestation-tls-verification-disabled", "CWE-295"},
        {"attestation-unbound-signing-key", "CWE-345"},
        {"dstack-configurable-contract", "CWE-15"},
        {"dstack-configurable-endpoint", "CWE-15"},
        {"dstack-configurable-model", "CWE-15"},
        {"dstack-image-from-env", "CWE-15"},
        {"dstack-image-not-pinned", "CWE-494"},
        {"dstack-implicit-environment", "CWE-15"},
        {"dstack-operator-controlled-flag", "CWE-15"},
        {"dstack-privileged-service", "CWE-250"},
        {"dstack-sensitive-mount", "CWE-668"},
        {"dstack-unmeasured-code", "CWE-494"},
        {"dstack-undocumented-deployment", "CWE-1059"},
        {"dstack-unencrypted-persistence", "CWE-922"},
        {"dstack-unmeasured-env-file", "CWE-15"},
        {"repro-unlocked-dependencies", "CWE-494"},
        {"repro-unpinned-apt", "CWE-494"},
        {"repro-unpinned-base-image", "CWE-494"},
        {"secrets-hardcoded-fallback", "CWE-798"}};
    for (const auto &[Name, Cwe] : Cwes)
      R.setCwe(Name, Cwe);
    return R;
  }();
  return Registry;
}

} // namespace teetidy
