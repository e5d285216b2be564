// app-compose.json: the positioned JSON reader, the manifest's fields, the
// embedded compose file with its offsets mapped back through the JSON
// string's escapes, and the compose hash.
#include "FuzzInput.h"

#include "deploy/AppCompose.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  SourceFile F("app-compose.json", std::string(fuzz::bytes(Data, Size)), Language::Json);
  deploy::AppComposeParseResult R = deploy::parseAppCompose(F);
  for (const deploy::DeployIssue &I : R.Issues)
    if (I.Loc.File == &F && I.Loc.Offset > Size)
      __builtin_trap(); // a location past the file
  if (!R.Manifest)
    return 0;
  const deploy::AppComposeManifest &M = *R.Manifest;
  (void)M.keyProvider();
  (void)M.gatewayEnabled();
  if (M.Compose)
    for (const deploy::ComposeService &S : M.Compose->Services)
      if (S.Image && S.Image->Loc.File == &F &&
          S.Image->locationOf(S.Image->Text.size()).Offset > Size)
        __builtin_trap();
  return deploy::defaultAppId(deploy::sha256Hex(F.content())).empty();
}
