//===- Solver.cpp - Fixed point of functions over shared slots ------------===//
#include "dataflow/Solver.h"

#include <algorithm>

namespace teetidy::dataflow {

void Solver::setFunctions(std::vector<uint32_t> Ranks) {
  Rank = std::move(Ranks);
  Queued.assign(Rank.size(), 0);
  Functions.resize(Rank.size());
}

size_t Solver::run(size_t Budget, llvm::function_ref<void(uint32_t)> Analyse) {
  size_t Done = 0;
  while (!Worklist.empty() && Done < Budget) {
    uint32_t Fn = Worklist.top().second;
    Worklist.pop();
    Queued[Fn] = 0;
    Current = Fn;
    ++Epoch;
    NeedRerun = false;
    MemosNext.clear();
    MemoReadsNext.clear();
    Unit = 0;
    Analyse(Fn);
    FunctionDeps &D = Functions[Fn];
    // Copied rather than swapped: the scratch vectors keep their capacity.
    D.Memos.assign(MemosNext.begin(), MemosNext.end());
    D.MemoReads.assign(MemoReadsNext.begin(), MemoReadsNext.end());
    registerReads(D);
    if (NeedRerun)
      queue(Fn);
    Current = NoFn;
    ++Done;
  }
  return Done;
}

void Solver::registerReads(FunctionDeps &D) {
  // Usually an analysis reads what the previous one read.
  bool AllKnown = true;
  for (uint32_t R : Reads)
    if (!std::binary_search(D.Registered.begin(), D.Registered.end(), R)) {
      AllKnown = false;
      break;
    }
  if (AllKnown) {
    Reads.clear();
    return;
  }
  std::sort(Reads.begin(), Reads.end());
  if (D.Registered.empty()) { // the first analysis
    for (uint32_t R : Reads)
      Slots[R].Readers.push_back(Current);
    D.Registered.assign(Reads.begin(), Reads.end());
    Reads.clear();
    return;
  }
  std::vector<uint32_t> &Merged = MergeScratch;
  Merged.clear();
  size_t I = 0, J = 0;
  while (I < D.Registered.size() || J < Reads.size()) {
    if (J == Reads.size() || (I < D.Registered.size() && D.Registered[I] < Reads[J])) {
      Merged.push_back(D.Registered[I++]);
    } else if (I < D.Registered.size() && D.Registered[I] == Reads[J]) {
      Merged.push_back(D.Registered[I++]);
      ++J;
    } else {
      Slots[Reads[J]].Readers.push_back(Current);
      Merged.push_back(Reads[J++]);
    }
  }
  D.Registered.assign(Merged.begin(), Merged.end());
  Reads.clear();
}

std::vector<uint32_t> Solver::endCapture() {
  size_t Start = CaptureStarts.back();
  CaptureStarts.pop_back();
  std::vector<uint32_t> Got(CaptureBuf.begin() + static_cast<std::ptrdiff_t>(Start),
                            CaptureBuf.end());
  if (CaptureStarts.empty())
    CaptureBuf.clear();
  std::sort(Got.begin(), Got.end());
  Got.erase(std::unique(Got.begin(), Got.end()), Got.end());
  return Got;
}

} // namespace teetidy::dataflow
