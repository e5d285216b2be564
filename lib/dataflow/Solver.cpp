//===- Solver.cpp - Fixed point of functions over shared slots ------------===//
#include "dataflow/Solver.h"

#include <algorithm>
#include <iterator>

namespace teetidy::dataflow {

void Solver::setFunctions(std::vector<uint32_t> Ranks) {
  Rank.clear();
  for (uint32_t R : Ranks)
    Rank.push_back((uint64_t(R) + 1) * RankSpacing);
  Queued.assign(Rank.size(), 0);
  Analysed.assign(Rank.size(), 0);
  Retired.assign(Rank.size(), 0);
  Functions.resize(Rank.size());
}

size_t Solver::run(size_t Budget, llvm::function_ref<void(uint32_t)> Analyse) {
  size_t Done = 0;
  while (!Worklist.empty() && Done < Budget) {
    auto [At, Fn] = Worklist.top();
    Worklist.pop();
    if (Retired[Fn] || At != Rank[Fn])
      continue;
    Queued[Fn] = 0;
    Current = Fn;
    ++Epoch;
    NeedRerun = false;
    MemosNext.clear();
    MemoReadsNext.clear();
    Unit = 0;
    Analyse(Fn);
    Analysed[Fn] = 1;
    FunctionDeps &D = Functions[Fn];
    // Copied rather than swapped: the scratch vectors keep their capacity.
    D.Memos.assign(MemosNext.begin(), MemosNext.end());
    D.MemoReads.assign(MemoReadsNext.begin(), MemoReadsNext.end());
    registerReads(D);
    if (TrackWrites)
      registerWrites(D);
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

void Solver::registerWrites(FunctionDeps &D) {
  std::sort(Writes.begin(), Writes.end());
  std::vector<uint32_t> &Merged = MergeScratch;
  Merged.clear();
  std::set_union(D.Written.begin(), D.Written.end(), Writes.begin(), Writes.end(),
                 std::back_inserter(Merged));
  if (Merged.size() != D.Written.size()) {
    for (uint32_t S : Writes)
      if (!std::binary_search(D.Written.begin(), D.Written.end(), S))
        Slots[S].Writers.push_back(Current);
    D.Written.assign(Merged.begin(), Merged.end());
  }
  Writes.clear();
}

void Solver::addFunctions(size_t Count) {
  uint64_t Next = Rank.empty() ? 0 : *std::max_element(Rank.begin(), Rank.end());
  for (size_t I = 0; I < Count; ++I)
    Rank.push_back(Next += RankSpacing);
  Queued.resize(Rank.size(), 0);
  Analysed.resize(Rank.size(), 0);
  Retired.resize(Rank.size(), 0);
  Functions.resize(Rank.size());
}

void Solver::retire(uint32_t Fn) {
  FunctionDeps &D = Functions[Fn];
  auto Drop = [Fn](llvm::SmallVectorImpl<uint32_t> &List) {
    List.erase(std::remove(List.begin(), List.end(), Fn), List.end());
  };
  for (uint32_t S : D.Registered)
    Drop(Slots[S].Readers);
  for (uint32_t S : D.Written)
    Drop(Slots[S].Writers);
  D = FunctionDeps();
  // Never queued again, and skipped if it is in the worklist now.
  Queued[Fn] = 1;
  Retired[Fn] = 1;
}

void Solver::keepInitial(uint32_t Begin, uint32_t End) {
  for (uint32_t S = Begin; S < End; ++S) {
    Meta[S].InitiallyDeclared = Slots[S].Declared;
    if (!Slots[S].V.empty())
      Initial[S] = Slots[S].V;
  }
}

void Solver::reset(uint32_t S) {
  Slot &Sl = Slots[S];
  auto It = Initial.find(S);
  Sl.V = It != Initial.end() ? It->second : Value();
  Sl.Declared = Meta[S].InitiallyDeclared;
  Meta[S].Changed = ++Clock;
  if (Meta[S].Watched) {
    Meta[S].Watched = 0;
    OnChange(S);
  }
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
