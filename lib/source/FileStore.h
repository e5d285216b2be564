//===- FileStore.h - The files of one run, each read once -------*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace teetidy {

/// Every file a run reads: the analysed files and those the analysis consults
/// (tsconfig.json, package.json, `extends` targets of compose files,
/// requirement files, CI workflows). Each is read from the file system at
/// most once and then shared; a failure is remembered too. Thread-safe.
class FileStore {
public:
  explicit FileStore(LoadOptions Load = {},
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = nullptr);

  /// The file at \p Path read as \p Lang: loaded on the first request, the
  /// same object afterwards, owned by the store. An error is a LoadError.
  llvm::Expected<const SourceFile *> load(const std::string &Path, Language Lang);
  /// Whether \p Path names a regular file (a status query, not a read).
  bool isRegularFile(const std::string &Path);
  /// Whether anything exists at \p Path.
  bool exists(const std::string &Path);
  /// Paths of the entries of directory \p Dir, sorted; empty when \p Dir is
  /// not a readable directory.
  std::vector<std::string> list(const std::string &Dir);

  /// Takes over the files \p Earlier read that are still the same: \p MayKeep
  /// allows the key, and the file's size and modification time are those it
  /// had when \p Earlier read it. The others are read anew when asked for.
  /// Call before the first load.
  void keepFrom(const FileStore &Earlier, const std::function<bool(const std::string &)> &MayKeep);
  /// How many files keepFrom() took over.
  size_t kept() const { return Kept; }

  const LoadOptions &options() const { return Load; }
  /// The key a path is stored under: absolute, without `.` and `..` parts.
  /// A file named two ways is read once; it keeps the spelling of the first
  /// request.
  static std::string key(llvm::StringRef Path);
  llvm::vfs::FileSystem &fileSystem() { return *FS; }

private:
  struct Entry {
    std::once_flag Loaded;
    /// Taken over from an earlier store: Loaded is not consulted.
    bool KeptFile = false;
    std::shared_ptr<const SourceFile> File;
    /// The file's status when it was read.
    uint64_t Size = 0;
    llvm::sys::TimePoint<> Modified;
    LoadFailure Failure = LoadFailure::Unreadable;
    std::string Detail;
  };
  LoadOptions Load;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  mutable std::mutex Mutex;
  size_t Kept = 0;
  /// By key() and language; entries stay in place, and each is loaded
  /// outside the map's lock.
  std::map<std::pair<std::string, Language>, std::unique_ptr<Entry>> Files;
};

} // namespace teetidy
