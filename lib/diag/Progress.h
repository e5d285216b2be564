//===- Progress.h - what a long run reports as it goes -----------*- C++ -*-===//
#pragma once

#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace teetidy {

/// Receives a run's progress: the phase it is in, and for a phase that
/// goes file by file, how many of its files are done. step() may be called
/// from any thread.
class ProgressSink {
public:
  virtual ~ProgressSink() = default;
  /// A new phase; \p Total is its number of files (0: not counted).
  virtual void phase(const std::string &Name, size_t Total) = 0;
  /// One file of the phase is done.
  virtual void step() = 0;
  /// The run is over: whatever was shown is taken away.
  virtual void finish() = 0;
};

/// One line on a terminal, rewritten in place ("\r", erase to end of line):
///   tee-tidy: parsing and lowering 120/348 files
/// Steps redraw it at most once per \p Interval; a new phase always does.
class TerminalProgress : public ProgressSink {
public:
  explicit TerminalProgress(llvm::raw_ostream &OS,
                            std::chrono::milliseconds Interval = std::chrono::milliseconds(100))
      : OS(OS), Interval(Interval) {}
  void phase(const std::string &Name, size_t Total) override;
  void step() override;
  void finish() override;

private:
  void draw(); ///< with Mutex held

  llvm::raw_ostream &OS;
  std::chrono::milliseconds Interval;
  std::mutex Mutex;
  std::string Name;
  size_t Total = 0;
  std::atomic<size_t> Done{0};
  std::chrono::steady_clock::time_point LastDraw;
  bool Shown = false;
};

} // namespace teetidy
