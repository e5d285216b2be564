#include "diag/Diagnostic.h"

#include <tuple>

namespace teetidy {

bool diagnosticLess(const Diagnostic &A, const Diagnostic &B) {
  const std::string Empty;
  const std::string &PA = A.Loc.File ? A.Loc.File->path() : Empty;
  const std::string &PB = B.Loc.File ? B.Loc.File->path() : Empty;
  return std::tie(PA, A.Loc.Offset, A.CheckName, A.Message) <
         std::tie(PB, B.Loc.Offset, B.CheckName, B.Message);
}

} // namespace teetidy
