#include "diag/Diagnostic.h"

#include <tuple>

namespace teetidy {

std::string shortened(std::string_view Value, size_t Max) {
  if (Value.size() <= Max)
    return std::string(Value);
  size_t End = Max;
  while (End > 0 && (static_cast<unsigned char>(Value[End]) & 0xC0) == 0x80)
    --End;
  return std::string(Value.substr(0, End)) + "...";
}

bool diagnosticLess(const Diagnostic &A, const Diagnostic &B) {
  const std::string Empty;
  const std::string &PA = A.Loc.File ? A.Loc.File->path() : Empty;
  const std::string &PB = B.Loc.File ? B.Loc.File->path() : Empty;
  return std::tie(PA, A.Loc.Offset, A.CheckName, A.Message) <
         std::tie(PB, B.Loc.Offset, B.CheckName, B.Message);
}

} // namespace teetidy
