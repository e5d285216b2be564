//===- Solver.h - Fixed point of functions over shared slots ----*- C++ -*-===//
//
// The engine's functions communicate through slots: a variable of one scope,
// an attribute of one class, a function's summary or the references flowing
// into its parameters. The solver analyses functions from a worklist until
// no slot changes, and knows nothing of the IR: functions are numbers and
// the caller analyses one when asked.
//
// Functions are re-analysed only when a slot they read has changed. An
// analysis records each slot it reads once; afterwards the function is
// added to the readers of the slots it had not read before. A change of a
// slot queues its readers, and the running function itself only when it
// read the slot earlier in the same analysis (a later read sees the new
// value anyway).
//
// A function runs again because some slot it read changed, and most of its
// statements did not read that slot. Each statement remembers the slots it
// read and when it was evaluated; it is evaluated again only if one of them
// changed since. Evaluation must be a function of the slots read, and its
// effects idempotent, so that skipping a statement whose slots did not
// change is exactly what evaluating it would have done. A skipped statement
// still counts its slots as read, so a later write to one of them in the
// same analysis runs the function again as before.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "dataflow/Values.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace teetidy::dataflow {

/// A shared cell of the analysis. Functions that read a slot are analysed
/// again when it changes.
struct Slot {
  Value V;
  /// Variables: bound in their scope (assigned, a parameter, an import).
  bool Declared = false;
  /// Functions that read the slot, kept by the solver.
  llvm::SmallVector<uint32_t, 2> Readers;
  /// Functions that wrote it or tried to (only when writes are tracked).
  llvm::SmallVector<uint32_t, 1> Writers;
};

/// Analyses numbered functions from a worklist until the slots they read
/// stop changing.
class Solver {
public:
  static constexpr uint32_t NoFn = ~0u;

  // --- Slots ---------------------------------------------------------------

  uint32_t newSlot() {
    Slots.emplace_back();
    Meta.emplace_back();
    return static_cast<uint32_t>(Slots.size() - 1);
  }
  /// Slot \p S; references stay valid as slots are added.
  Slot &slot(uint32_t S) { return Slots[S]; }
  uint32_t slots() const { return static_cast<uint32_t>(Slots.size()); }

  /// Records that the running function (and the open captures) read \p S.
  void read(uint32_t S) {
    if (!CaptureStarts.empty() && (CaptureStarts.size() > 1 || Meta[S].Mark != CaptureSerial)) {
      Meta[S].Mark = CaptureSerial;
      CaptureBuf.push_back(S);
    }
    if (Current == NoFn || Meta[S].ReadEpoch == Epoch)
      return;
    Meta[S].ReadEpoch = Epoch;
    Reads.push_back(S);
  }

  /// Records that \p S changed: its readers are queued, and the running
  /// function too if it read \p S earlier in this analysis.
  void touch(uint32_t S) {
    Meta[S].Changed = ++Clock;
    if (Meta[S].Watched) {
      Meta[S].Watched = 0;
      OnChange(S);
    }
    if (Meta[S].Named)
      OnNamed(S);
    if (Current != NoFn && Meta[S].ReadEpoch == Epoch)
      NeedRerun = true;
    for (uint32_t R : Slots[S].Readers)
      if (R != Current)
        queue(R);
  }

  /// Records that the running function writes \p S, or tries to: a write
  /// that changes nothing counts too. Only when writes are tracked.
  void wrote(uint32_t S) {
    if (!TrackWrites || Current == NoFn || Meta[S].WriteEpoch == Epoch)
      return;
    Meta[S].WriteEpoch = Epoch;
    Writes.push_back(S);
  }

  /// Calls the named hook at every change of \p S until unname().
  void name(uint32_t S) { Meta[S].Named = 1; }
  void unname(uint32_t S) { Meta[S].Named = 0; }
  void setNamedHook(std::function<void(uint32_t)> Hook) { OnNamed = std::move(Hook); }
  /// Calls the change hook at the next change of \p S (once).
  void watch(uint32_t S) { Meta[S].Watched = 1; }
  /// What runs when a watched slot changes, before its readers are queued.
  void setChangeHook(std::function<void(uint32_t)> Hook) { OnChange = std::move(Hook); }

  // --- Functions and the worklist ------------------------------------------

  /// Sets the functions to solve for, numbered 0 to Ranks.size() - 1, and
  /// the order the worklist takes them in: lowest rank first. Called once,
  /// before any function is queued.
  void setFunctions(std::vector<uint32_t> Ranks);
  void queue(uint32_t Fn) {
    if (!Queued[Fn]) {
      Queued[Fn] = 1;
      Worklist.push({Rank[Fn], Fn});
    }
  }
  /// Makes \p Fn, if it was never analysed, come just before \p Caller,
  /// which reads what it returns: a chain of calls written callers first
  /// (or a cycle) is then settled callees first, in one pass rather than
  /// one pass per link.
  void promote(uint32_t Fn, uint32_t Caller) {
    if (Analysed[Fn] || Retired[Fn] || Rank[Caller] == 0 || Rank[Caller] - 1 >= Rank[Fn])
      return;
    Rank[Fn] = Rank[Caller] - 1;
    if (Queued[Fn]) // the entry with the old rank is skipped when it comes up
      Worklist.push({Rank[Fn], Fn});
  }
  /// Analyses queued functions with \p Analyse until none is queued or
  /// \p Budget analyses have run; returns how many ran.
  size_t run(size_t Budget, llvm::function_ref<void(uint32_t)> Analyse);
  /// No function is queued: the slots are at a fixed point.
  bool converged() const { return Worklist.empty(); }
  /// Identifies the running analysis: it changes with each one.
  uint32_t epoch() const { return Epoch; }
  /// The function being analysed, or NoFn.
  uint32_t current() const { return Current; }

  // --- Incremental solving -------------------------------------------------
  //
  // A solved system can take a change of some functions: the caller resets
  // every slot those functions (and the functions that read what they
  // wrote) wrote, makes them forget their statement memos, and queues them
  // together with the other writers of the reset slots.

  /// Records the writers of each slot (wrote()), which incremental solving
  /// needs; set before the first analysis.
  void trackWrites() { TrackWrites = true; }
  /// Adds \p Count functions, numbered from the current count, taken after
  /// every function there is.
  void addFunctions(size_t Count);
  size_t functions() const { return Rank.size(); }
  /// The slots \p Fn wrote (or tried to) in any analysis, sorted.
  const std::vector<uint32_t> &writesOf(uint32_t Fn) const { return Functions[Fn].Written; }
  /// Makes \p Fn evaluate every statement at its next analysis.
  void forgetMemos(uint32_t Fn) {
    Functions[Fn].Memos.clear();
    Functions[Fn].MemoReads.clear();
  }
  /// Removes \p Fn for good: it is never queued again, and no slot lists it.
  void retire(uint32_t Fn);
  /// Remembers the present value of slots [\p Begin, \p End) as their
  /// initial value, which reset() restores.
  void keepInitial(uint32_t Begin, uint32_t End);
  /// Gives \p S back its initial value and counts that as a change (its
  /// readers are not queued: the caller queues what must run).
  void reset(uint32_t S);

  // --- Captures ------------------------------------------------------------

  /// Starts recording the slots read, until the matching endCapture().
  /// Captures nest.
  void beginCapture() {
    if (CaptureStarts.empty())
      ++CaptureSerial;
    CaptureStarts.push_back(CaptureBuf.size());
  }
  /// Ends the innermost capture: its slots, sorted and each once. They stay
  /// recorded for the enclosing capture.
  std::vector<uint32_t> endCapture();

  // --- Statements ----------------------------------------------------------

  /// Runs \p Body, the running function's next statement, unless none of
  /// the slots it read when it last ran has changed since.
  template <typename Body> void statement(Body &&Run);

private:
  /// What the worklist and the statement memos ask of a slot, apart from
  /// its value and in one place: each access is one cache line, not four.
  struct SlotMeta {
    uint32_t ReadEpoch = 0;  ///< the analysis (Epoch) that last read it
    uint32_t Changed = 0;    ///< the Clock at its last change
    uint32_t Mark = 0;       ///< the capture (CaptureSerial) that last held it
    uint32_t WriteEpoch = 0; ///< the analysis that last wrote it
    uint8_t Watched = 0;     ///< call OnChange when it changes
    uint8_t Named = 0;       ///< call OnNamed when it changes
    uint8_t InitiallyDeclared = 0;
  };
  /// Per statement of a function's last analysis: the clock when it was
  /// evaluated and the slots it read (MemoReads[Begin, Begin + Count)).
  struct Memo {
    uint32_t At, Begin, Count;
  };
  /// What the solver keeps of a function between its analyses.
  struct FunctionDeps {
    /// Slots whose Readers list this function, sorted.
    std::vector<uint32_t> Registered;
    /// Slots whose Writers list this function, sorted.
    std::vector<uint32_t> Written;
    std::vector<Memo> Memos;
    std::vector<uint32_t> MemoReads;
  };

  /// Adds the running function to the readers of the slots it read.
  void registerReads(FunctionDeps &D);
  /// Adds the running function to the writers of the slots it wrote.
  void registerWrites(FunctionDeps &D);

  // Slots.
  StableVector<Slot> Slots; ///< references stay valid as it grows
  std::vector<SlotMeta> Meta;
  std::function<void(uint32_t)> OnChange, OnNamed;
  /// Initial values other than empty, by slot.
  std::unordered_map<uint32_t, Value> Initial;
  bool TrackWrites = false;

  // Functions and the worklist. A change is followed through the program
  // in rank order, which the caller chooses to settle a value before its
  // readers far more often than first-in first-out does.
  std::priority_queue<std::pair<uint64_t, uint32_t>, std::vector<std::pair<uint64_t, uint32_t>>,
                      std::greater<>>
      Worklist;
  /// The callers' ranks, spaced by RankSpacing so that promote() can put
  /// a callee between them.
  static constexpr uint64_t RankSpacing = uint64_t(1) << 24;
  std::vector<uint64_t> Rank;
  std::vector<uint8_t> Queued;
  std::vector<uint8_t> Analysed;
  std::vector<uint8_t> Retired;
  std::vector<FunctionDeps> Functions;

  // The running analysis.
  uint32_t Current = NoFn;
  uint32_t Epoch = 0;
  std::vector<uint32_t> Reads;  ///< slots it read first, in order
  std::vector<uint32_t> Writes; ///< slots it wrote first (tracked writes)
  bool NeedRerun = false;
  std::vector<uint32_t> MergeScratch;

  // Captures record the slots read while they are open, innermost last,
  // in one buffer: a capture's range [start, end) includes the ranges of
  // the captures nested in it. The outermost (a statement) skips slots it
  // already holds.
  std::vector<uint32_t> CaptureBuf;
  std::vector<size_t> CaptureStarts;
  uint32_t CaptureSerial = 0;

  // Statement memos. The clock advances with every change of a slot and
  // every statement evaluation; the running analysis's memos are built in
  // the Next vectors.
  uint32_t Clock = 0;
  unsigned Unit = 0; ///< the running analysis's next statement
  std::vector<Memo> MemosNext;
  std::vector<uint32_t> MemoReadsNext;
};

template <typename Body> void Solver::statement(Body &&Run) {
  FunctionDeps &S = Functions[Current];
  unsigned K = Unit++;
  if (K < S.Memos.size()) {
    auto [At, Begin, Count] = S.Memos[K];
    bool Fresh = true;
    for (uint32_t I = Begin; I < Begin + Count && Fresh; ++I)
      Fresh = Meta[S.MemoReads[I]].Changed < At;
    if (Fresh) {
      uint32_t NewBegin = static_cast<uint32_t>(MemoReadsNext.size());
      // Read as in the analysis that recorded them: the function is
      // already among their readers.
      for (uint32_t I = Begin; I < Begin + Count; ++I)
        Meta[S.MemoReads[I]].ReadEpoch = Epoch;
      MemoReadsNext.insert(MemoReadsNext.end(), S.MemoReads.begin() + Begin,
                           S.MemoReads.begin() + Begin + Count);
      MemosNext.push_back({At, NewBegin, Count});
      return;
    }
  }
  uint32_t Start = ++Clock;
  beginCapture();
  Run();
  // The outermost capture holds each slot once already.
  CaptureStarts.pop_back();
  MemosNext.push_back({Start, static_cast<uint32_t>(MemoReadsNext.size()),
                       static_cast<uint32_t>(CaptureBuf.size())});
  MemoReadsNext.insert(MemoReadsNext.end(), CaptureBuf.begin(), CaptureBuf.end());
  CaptureBuf.clear();
}

} // namespace teetidy::dataflow
