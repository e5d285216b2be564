#include "source/FileStore.h"
#include "source/WorkingDirectory.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace teetidy {

FileStore::FileStore(LoadOptions L, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> F)
    : Load(L), FS(F ? std::move(F) : llvm::vfs::getRealFileSystem()) {}

std::string FileStore::key(llvm::StringRef Path) {
  llvm::SmallString<256> S(Path);
  makeAbsolute(S);
  llvm::sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

llvm::Expected<const SourceFile *> FileStore::load(const std::string &Path, Language Lang) {
  std::string Key = key(Path);
  Entry *E;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    std::unique_ptr<Entry> &Slot = Files[{std::move(Key), Lang}];
    if (!Slot)
      Slot = std::make_unique<Entry>();
    E = Slot.get();
  }
  if (!E->KeptFile)
    std::call_once(E->Loaded, [&] {
      // The status first: a change while reading shows as a change later.
      llvm::ErrorOr<llvm::vfs::Status> S = FS->status(Path);
      auto Loaded = loadSourceFile(Path, Lang, Load, FS.get(), S ? &*S : nullptr);
      if (Loaded) {
        E->File = std::move(*Loaded);
        if (S) {
          E->Size = S->getSize();
          E->Modified = S->getLastModificationTime();
        }
      } else
        llvm::handleAllErrors(Loaded.takeError(), [&](const LoadError &Err) {
          E->Failure = Err.kind();
          E->Detail = Err.detail();
        });
    });
  if (E->File)
    return E->File.get();
  return llvm::make_error<LoadError>(Path, E->Failure, E->Detail);
}

void FileStore::keepFrom(const FileStore &Earlier,
                         const std::function<bool(const std::string &)> &MayKeep) {
  std::vector<std::pair<std::pair<std::string, Language>, const Entry *>> Loaded;
  {
    std::lock_guard<std::mutex> Lock(Earlier.Mutex);
    for (const auto &[Key, E] : Earlier.Files)
      if (E->File && MayKeep(Key.first))
        Loaded.emplace_back(Key, E.get());
  }
  for (const auto &[Key, E] : Loaded) {
    // Entries of a store are never removed: E lives as long as Earlier.
    llvm::ErrorOr<llvm::vfs::Status> S = FS->status(Key.first);
    if (!S || !S->isRegularFile() || S->getSize() != E->Size ||
        S->getLastModificationTime() != E->Modified)
      continue;
    auto Mine = std::make_unique<Entry>();
    Mine->KeptFile = true;
    Mine->File = E->File;
    Mine->Size = E->Size;
    Mine->Modified = E->Modified;
    std::lock_guard<std::mutex> Lock(Mutex);
    auto [It, New] = Files.emplace(Key, std::move(Mine));
    Kept += New;
  }
}

bool FileStore::isRegularFile(const std::string &Path) {
  llvm::ErrorOr<llvm::vfs::Status> S = FS->status(Path);
  return S && S->isRegularFile();
}

bool FileStore::exists(const std::string &Path) { return FS->exists(Path); }

std::vector<std::string> FileStore::list(const std::string &Dir) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS->dir_begin(Dir, EC), End; !EC && It != End;
       It.increment(EC))
    Out.push_back(It->path().str());
  std::sort(Out.begin(), Out.end());
  return Out;
}

} // namespace teetidy
