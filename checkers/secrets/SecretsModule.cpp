#include "checkers/CheckRegistry.h"
#include "checkers/secrets/HardcodedFallbackCheck.h"

namespace teetidy {

void addSecretsModule(CheckRegistry &R) {
  R.add<secrets::HardcodedFallbackCheck>(
      "secrets-hardcoded-fallback", "A secret read from the environment or settings falls back to "
                                    "a literal, or a private key is written in the code");
}

} // namespace teetidy
