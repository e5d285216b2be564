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

const CheckRegistry &builtinChecks() {
  static const CheckRegistry Registry = [] {
    CheckRegistry R;
    addAttestationModule(R);
    addSecretsModule(R);
    addReproModule(R);
    addDstackModule(R);
    return R;
  }();
  return Registry;
}

} // namespace teetidy
