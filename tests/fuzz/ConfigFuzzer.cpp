// `.tee-tidy` configuration files: parsing, the effective configuration
// built from them, --verify-config and the YAML dump read back.
#include "FuzzInput.h"

#include "config/Config.h"

#include "llvm/Support/Error.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::Expected<ConfigLayer> Layer = parseConfigLayer(fuzz::bytes(Data, Size), ".tee-tidy");
  if (!Layer) {
    llvm::consumeError(Layer.takeError());
    return 0;
  }
  EffectiveConfig Config({*Layer});
  (void)Config.checkGlobs();
  (void)Config.warningsAsErrorsGlobs();
  (void)Config.explainCheck("dstack-configurable-endpoint");
  (void)verifyConfig(Config, {"dstack-configurable-endpoint", "secrets-hardcoded-fallback"},
                     {"dstack-configurable-endpoint.ReportUndeployed"});
  // What the configuration dumps reads back.
  std::string Dump = Config.dumpYaml({});
  llvm::Expected<ConfigLayer> Again = parseConfigLayer(Dump, "dump");
  if (!Again) {
    std::string Why = llvm::toString(Again.takeError());
    fprintf(stderr, "the dump does not read back: %s\n%s", Why.c_str(), Dump.c_str());
    __builtin_trap();
  }
  // The same checks are enabled and promoted (the dump may respell globs).
  EffectiveConfig Back({*Again});
  for (const char *Check : {"dstack-configurable-endpoint", "secrets-hardcoded-fallback",
                            "repro-unpinned-apt", "attestation-dev-fallback", "x"})
    if (Back.checkGlobs().contains(Check) != Config.checkGlobs().contains(Check) ||
        Back.warningsAsErrorsGlobs().contains(Check) !=
            Config.warningsAsErrorsGlobs().contains(Check)) {
      fprintf(stderr, "the dump reads back otherwise for %s: '%s' for '%s'\n%s", Check,
              Back.checks().c_str(), Config.checks().c_str(), Dump.c_str());
      __builtin_trap();
    }
  return 0;
}
