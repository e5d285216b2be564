#include "source/FileStore.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

using MemoryFS = llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem>;

void add(const MemoryFS &FS, const std::string &Path, time_t Modified, const std::string &Text) {
  FS->addFile(Path, Modified, llvm::MemoryBuffer::getMemBufferCopy(Text));
}

std::string text(FileStore &S, const std::string &Path) {
  auto F = S.load(Path, Language::Python);
  if (!F) {
    llvm::consumeError(F.takeError());
    return "<error>";
  }
  return std::string((*F)->content());
}

TEST(FileStore, TakesOverTheFilesOfAnEarlierStoreThatAreTheSame) {
  MemoryFS Before(new llvm::vfs::InMemoryFileSystem);
  for (const char *Name : {"a", "b", "c", "d"})
    add(Before, std::string("/p/") + Name + ".py", 100, std::string(Name) + " = 1\n");
  auto Earlier = std::make_unique<FileStore>(LoadOptions{}, Before);
  for (const char *Name : {"a", "b", "c", "d"})
    EXPECT_EQ(text(*Earlier, std::string("/p/") + Name + ".py"), std::string(Name) + " = 1\n");

  MemoryFS After(new llvm::vfs::InMemoryFileSystem);
  add(After, "/p/a.py", 100, "a = 1\n"); // the same
  add(After, "/p/b.py", 200, "b = 2\n"); // written again: another modification time
  add(After, "/p/c.py", 100, "c = 2\n"); // same status, but the caller says it changed
  // d.py is gone.
  FileStore Now(LoadOptions{}, After);
  Now.keepFrom(*Earlier, [](const std::string &Key) { return Key != "/p/c.py"; });
  EXPECT_EQ(Now.kept(), 1u);
  EXPECT_EQ(*Now.load("/p/a.py", Language::Python), *Earlier->load("/p/a.py", Language::Python));
  EXPECT_EQ(text(Now, "/p/b.py"), "b = 2\n");
  EXPECT_EQ(text(Now, "/p/c.py"), "c = 2\n");
  EXPECT_EQ(text(Now, "/p/d.py"), "<error>");
  // A kept file outlives the store that read it.
  const SourceFile *A = *Now.load("/p/a.py", Language::Python);
  Earlier.reset();
  EXPECT_EQ(A->content(), "a = 1\n");
}

TEST(FileStore, ASizeChangeAtTheSameTimeIsAChange) {
  MemoryFS Before(new llvm::vfs::InMemoryFileSystem);
  add(Before, "/p/a.py", 100, "a = 1\n");
  FileStore Earlier(LoadOptions{}, Before);
  EXPECT_EQ(text(Earlier, "/p/a.py"), "a = 1\n");
  MemoryFS After(new llvm::vfs::InMemoryFileSystem);
  add(After, "/p/a.py", 100, "a = 12\n");
  FileStore Now(LoadOptions{}, After);
  Now.keepFrom(Earlier, [](const std::string &) { return true; });
  EXPECT_EQ(Now.kept(), 0u);
  EXPECT_EQ(text(Now, "/p/a.py"), "a = 12\n");
}

} // namespace
