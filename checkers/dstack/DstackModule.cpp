#include "checkers/CheckRegistry.h"
#include "checkers/dstack/ConfigurableContractCheck.h"
#include "checkers/dstack/ConfigurableEndpointCheck.h"
#include "checkers/dstack/ConfigurableModelCheck.h"
#include "checkers/dstack/ImageFromEnvCheck.h"
#include "checkers/dstack/ImageNotPinnedCheck.h"
#include "checkers/dstack/ImplicitEnvironmentCheck.h"
#include "checkers/dstack/OperatorControlledFlagCheck.h"
#include "checkers/dstack/PrivilegedServiceCheck.h"
#include "checkers/dstack/SensitiveMountCheck.h"
#include "checkers/dstack/UndocumentedDeploymentCheck.h"
#include "checkers/dstack/UnencryptedPersistenceCheck.h"
#include "checkers/dstack/UnmeasuredCodeCheck.h"
#include "checkers/dstack/UnmeasuredEnvFileCheck.h"

namespace teetidy {

void addDstackModule(CheckRegistry &R) {
  R.add<dstack::ConfigurableModelCheck>("dstack-configurable-model",
                                        "Configuration the attested deployment does not pin "
                                        "chooses the model of a TEE-protected inference call");
  R.add<dstack::ConfigurableEndpointCheck>("dstack-configurable-endpoint",
                                           "Configuration the attested deployment does not pin "
                                           "reaches a network destination that receives user data");
  R.add<dstack::ConfigurableContractCheck>(
      "dstack-configurable-contract",
      "Configuration the attested deployment does not pin chooses the address of an on-chain "
      "contract the code calls");
  R.add<dstack::ImplicitEnvironmentCheck>(
      "dstack-implicit-environment",
      "a variable a runtime, the loader or a library reads on its own (LD_PRELOAD, "
      "NODE_EXTRA_CA_CERTS, HTTPS_PROXY, OPENAI_BASE_URL) can be set by the operator");
  R.add<dstack::OperatorControlledFlagCheck>(
      "dstack-operator-controlled-flag", "A behaviour switch such as DEV_MODE or "
                                         "NODE_TLS_REJECT_UNAUTHORIZED can be set by the operator");
  R.add<dstack::UnmeasuredEnvFileCheck>(
      "dstack-unmeasured-env-file",
      "A service reads an env_file, whose contents are not covered by compose_hash");
  R.add<dstack::PrivilegedServiceCheck>("dstack-privileged-service",
                                        "A service runs privileged, with dangerous capabilities, "
                                        "or in the host's PID or network namespace");
  R.add<dstack::SensitiveMountCheck>("dstack-sensitive-mount",
                                     "A volume exposes the Docker socket, the host root, /dstack "
                                     "or /etc, or the dstack guest socket, to a container");
  R.add<dstack::UndocumentedDeploymentCheck>(
      "dstack-undocumented-deployment",
      "A deployment's compose hash or an image digest is not among those the project "
      "documents (DEPLOYMENTS.md)");
  R.add<dstack::UnencryptedPersistenceCheck>(
      "dstack-unencrypted-persistence",
      "A service writes where the host or another machine can read it: a bind mount of the "
      "host-shared folder, a network volume, or a store whose address the operator sets");
  R.add<dstack::UnmeasuredCodeCheck>(
      "dstack-unmeasured-code",
      "Code or an image that runs is chosen at run time (downloaded, read from configuration, "
      "installed at start), not fixed by the attested configuration");
  R.add<dstack::ImageFromEnvCheck>("dstack-image-from-env",
                                   "A service image reference comes from interpolation, so the "
                                   "operator picks the code that runs");
  R.add<dstack::ImageNotPinnedCheck>("dstack-image-not-pinned",
                                     "A service image is referenced by tag instead of by digest, "
                                     "or built inside the CVM from unpinned inputs");
}

} // namespace teetidy
