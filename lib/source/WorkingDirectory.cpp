#include "source/WorkingDirectory.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <climits>
#include <mutex>
#include <string>
#include <unistd.h>

namespace teetidy {

std::error_code makeAbsolute(llvm::SmallVectorImpl<char> &Path) {
  if (llvm::sys::path::is_absolute(Path))
    return {};
  char Buffer[PATH_MAX];
  const char *Physical = ::getcwd(Buffer, sizeof Buffer);
  if (!Physical)
    return llvm::sys::fs::make_absolute(Path);
  static std::mutex Mutex;
  static std::string KeptPhysical, KeptDirectory;
  std::string Directory;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (KeptPhysical == Physical)
      Directory = KeptDirectory;
  }
  if (Directory.empty()) {
    llvm::SmallString<256> Current;
    if (llvm::sys::fs::current_path(Current))
      return llvm::sys::fs::make_absolute(Path);
    Directory = std::string(Current);
    std::lock_guard<std::mutex> Lock(Mutex);
    KeptPhysical = Physical;
    KeptDirectory = Directory;
  }
  llvm::sys::fs::make_absolute(Directory, Path);
  return {};
}

} // namespace teetidy
