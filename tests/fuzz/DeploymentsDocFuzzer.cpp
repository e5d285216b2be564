// DEPLOYMENTS.md: tables, key: value groups, digests, and the comparison
// helpers the check and the inventory call on what was read.
#include "FuzzInput.h"

#include "deploy/DeploymentsDoc.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  SourceFile F("DEPLOYMENTS.md", std::string(fuzz::bytes(Data, Size)), Language::Text);
  deploy::DeploymentsDoc Doc = deploy::parseDeploymentsDoc(F);
  for (const deploy::DocumentedEntry &E : Doc.Entries) {
    (void)Doc.documentsHash(E.ComposeHash);
    for (const std::string &D : E.Digests)
      if (!Doc.documentsDigest(D))
        __builtin_trap(); // an entry's digest is one of the file's
    (void)E.Loc.line();
  }
  (void)deploy::imageDigest(std::string(fuzz::bytes(Data, Size)));
  return 0;
}
