//===- PathTable.cpp - Shared hops of the paths of facts ------------------===//
#include "dataflow/PathTable.h"

#include <algorithm>

namespace teetidy::dataflow {

uint32_t PathTable::newGraft(uint64_t Key, uint32_t Callee, uint32_t Base) {
  std::vector<uint32_t> Chain;
  for (uint32_t P = Callee; P != NoPath && !Paths[P].ParamRoot; P = Paths[P].Parent)
    Chain.push_back(P);
  uint32_t Cur = Base;
  for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
    PathNode N = Paths[*It];
    Cur = hop(Cur, N.Module, N.Where, N.Message);
  }
  Grafts.try_emplace(Key, Cur);
  return Cur;
}

std::vector<PathStep> PathTable::steps(uint32_t End) const {
  std::vector<PathStep> Steps;
  for (uint32_t P = End; P != NoPath; P = Paths[P].Parent)
    Steps.push_back({Paths[P].Module, Paths[P].Where, Paths[P].Message.str()});
  std::reverse(Steps.begin(), Steps.end());
  return Steps;
}

} // namespace teetidy::dataflow
