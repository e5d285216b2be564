// Python: parsing, lowering to the IR, import resolution between modules
// and the taint engine. One input is four modules split at NUL bytes.
#include "ProgramInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const std::vector<std::string> Names = {"app.py", "settings.py", "pkg/__init__.py",
                                                 "pkg/client.py"};
  teetidy::fuzz::analyseProject(Names,
                                teetidy::fuzz::splitFiles(teetidy::fuzz::bytes(Data, Size), 4));
  return 0;
}
