// TypeScript, TSX and JavaScript: parsing, lowering, module resolution
// through tsconfig.json paths and package.json exports, and the taint
// engine. One input is six files split at NUL bytes.
#include "ProgramInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const std::vector<std::string> Names = {"src/index.ts", "src/lib.js",
                                                 "src/view.tsx", "tsconfig.json",
                                                 "package.json", "node_modules/dep/package.json"};
  teetidy::fuzz::analyseProject(Names,
                                teetidy::fuzz::splitFiles(teetidy::fuzz::bytes(Data, Size), 6));
  return 0;
}
