// tcb_info dumps (the Info response or the object itself): the JSON, the
// nested tcb_info string, the event log, the RTMR3 replay and the embedded
// app_compose.
#include "FuzzInput.h"

#include "deploy/AppCompose.h"
#include "deploy/TcbInfo.h"

#include "llvm/Support/raw_ostream.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::vector<std::unique_ptr<SourceFile>> Keep;
  std::string Messages;
  llvm::raw_string_ostream Err(Messages);
  std::optional<deploy::TcbInfo> Info =
      deploy::parseTcbInfo("tcb_info.json", std::string(fuzz::bytes(Data, Size)), Err, Keep);
  if (!Info)
    return 0;
  if (Info->EventLog)
    (void)deploy::verifyRtmr3(*Info->EventLog, Info->Rtmr3, Info->ComposeHash,
                              {"compose-hash", "app-id"});
  SourceFile AppCompose("tcb_info.json (app_compose)", Info->AppCompose, Language::Json);
  (void)deploy::parseAppCompose(AppCompose);
  return 0;
}
