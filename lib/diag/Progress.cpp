#include "diag/Progress.h"

namespace teetidy {

void TerminalProgress::phase(const std::string &Phase, size_t Files) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Name = Phase;
  Total = Files;
  Done = 0;
  draw();
}

void TerminalProgress::step() {
  ++Done;
  // A step that finds another drawing skips its own redraw.
  std::unique_lock<std::mutex> Lock(Mutex, std::try_to_lock);
  if (!Lock || std::chrono::steady_clock::now() - LastDraw < Interval)
    return;
  draw();
}

void TerminalProgress::draw() {
  OS << "\r\x1b[Ktee-tidy: " << Name;
  if (Total)
    OS << ' ' << std::min<size_t>(Done, Total) << '/' << Total << (Total == 1 ? " file" : " files");
  OS.flush();
  Shown = true;
  LastDraw = std::chrono::steady_clock::now();
}

void TerminalProgress::finish() {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Shown)
    OS << "\r\x1b[K";
  OS.flush();
  Shown = false;
}

} // namespace teetidy
