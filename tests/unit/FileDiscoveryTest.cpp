//===- FileDiscoveryTest.cpp - Tests for walking paths into files ---------===//

#include "source/FileDiscovery.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

using namespace teetidy;
namespace stdfs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

/// Builds trees under a fresh temporary directory and removes it afterwards.
class FileDiscoveryTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("teetidy-discovery", Dir));
    Root = std::string(Dir.str());
  }

  void TearDown() override {
    std::error_code EC;
    for (const std::string &P : Locked)
      stdfs::permissions(P, stdfs::perms::owner_all, EC);
    if (!SavedCwd.empty())
      stdfs::current_path(SavedCwd, EC);
    stdfs::remove_all(Root, EC);
  }

  std::string path(std::string_view Rel) const { return Root + "/" + std::string(Rel); }

  void write(std::string_view Rel, std::string_view Content = "x = 1\n") {
    stdfs::path P = path(Rel);
    stdfs::create_directories(P.parent_path());
    std::ofstream Out(P, std::ios::binary);
    Out << Content;
  }

  void mkdir(std::string_view Rel) { stdfs::create_directories(path(Rel)); }

  void symlink(const std::string &Target, std::string_view Rel) {
    stdfs::path P = path(Rel);
    stdfs::create_directories(P.parent_path());
    stdfs::create_symlink(Target, P);
  }

  void lock(std::string_view Rel) {
    Locked.push_back(path(Rel));
    stdfs::permissions(path(Rel), stdfs::perms::none);
  }

  /// Makes the test directory the working directory until TearDown.
  void enterRoot() {
    SavedCwd = stdfs::current_path().string();
    stdfs::current_path(Root);
  }

  /// Options that take `.py`, `.js` and `.ts` files.
  static DiscoveryOptions opts() {
    DiscoveryOptions O;
    O.IsCandidate = [](const std::string &P) {
      std::string Ext = stdfs::path(P).extension().string();
      return Ext == ".py" || Ext == ".js" || Ext == ".mjs" || Ext == ".cjs" || Ext == ".ts";
    };
    return O;
  }

  DiscoveryResult walk(const DiscoveryOptions &O) const { return discoverFiles({Root}, O); }
  DiscoveryResult walk() const { return walk(opts()); }

  /// Result paths with the "<Root>/" prefix removed.
  Strings rel(const Strings &Paths) const {
    Strings Out;
    for (const std::string &P : Paths) {
      std::string Prefix = Root + "/";
      Out.push_back(P.compare(0, Prefix.size(), Prefix) == 0 ? P.substr(Prefix.size()) : P);
    }
    return Out;
  }
  Strings files(const DiscoveryResult &R) const { return rel(R.Files); }
  Strings skippedPaths(const DiscoveryResult &R) const {
    Strings Paths;
    for (const SkippedFile &S : R.Skipped)
      Paths.push_back(S.Path);
    return rel(Paths);
  }

  std::string Root;
  std::vector<std::string> Locked;
  std::string SavedCwd;
};

bool runningAsRoot() { return ::geteuid() == 0; }

//===----------------------------------------------------------------------===//
// Walking, order, candidates
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, WalksRecursivelyInSortedOrder) {
  for (const char *F : {"b.py", "a.py", "B.py", "c/d.py", "c/a.py", "z/y/x.py", "c0.py"})
    write(F);
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"B.py", "a.py", "b.py", "c/a.py", "c/d.py", "c0.py", "z/y/x.py"}));
  EXPECT_TRUE(R.Skipped.empty());
  EXPECT_TRUE(R.Errors.empty());
}

TEST_F(FileDiscoveryTest, ResultIsDeterministic) {
  for (int I = 0; I < 40; ++I)
    write("d" + std::to_string(I % 7) + "/f" + std::to_string(I) + ".py");
  DiscoveryResult First = walk();
  DiscoveryResult Second = walk();
  EXPECT_EQ(First.Files.size(), 40u);
  EXPECT_EQ(First.Files, Second.Files);
}

TEST_F(FileDiscoveryTest, NonCandidatesAreNeitherFilesNorSkipped) {
  write("a.py");
  write("README.md");
  write("data/big.bin", std::string(4096, 'x'));
  DiscoveryOptions O = opts();
  O.MaxFileSize = 100;
  DiscoveryResult R = walk(O);
  EXPECT_EQ(files(R), (Strings{"a.py"}));
  EXPECT_TRUE(R.Skipped.empty());
}

TEST_F(FileDiscoveryTest, WithoutCandidateFilterEveryFileIsTaken) {
  write("a.py");
  write("notes.txt");
  DiscoveryOptions O;
  DiscoveryResult R = walk(O);
  EXPECT_EQ(files(R), (Strings{"a.py", "notes.txt"}));
}

TEST_F(FileDiscoveryTest, EmptyDirectoryGivesNothing) {
  DiscoveryResult R = walk();
  EXPECT_TRUE(R.Files.empty());
  EXPECT_TRUE(R.Skipped.empty());
  EXPECT_TRUE(R.Errors.empty());
}

TEST_F(FileDiscoveryTest, DeepTreeDoesNotBreak) {
  std::string Dir;
  for (int I = 0; I < 60; ++I)
    Dir += "d/";
  write(Dir + "leaf.py");
  for (int I = 0; I < 500; ++I)
    write("wide/f" + std::to_string(I) + ".py");
  DiscoveryResult R = walk();
  EXPECT_EQ(R.Files.size(), 501u);
  EXPECT_EQ(rel({R.Files.front()}), (Strings{Dir + "leaf.py"}));
}

//===----------------------------------------------------------------------===//
// Skip directories
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, SkipDirectoriesAreNeverEntered) {
  for (const char *F :
       {"node_modules/pkg/index.js", ".git/hooks/x.py", "build/out.py", "dist/app.js",
        "vendor/lib.py", "__pycache__/m.py", ".venv/lib/site.py", "src/build/gen.py", "src/ok.py"})
    write(F);
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"src/ok.py"}));
  EXPECT_TRUE(R.Skipped.empty());
}

TEST_F(FileDiscoveryTest, CustomSkipDirectoriesReplaceTheDefaults) {
  write("gen/a.py");
  write("build/b.py");
  DiscoveryOptions O = opts();
  O.SkipDirectories = {"gen"};
  EXPECT_EQ(files(walk(O)), (Strings{"build/b.py"}));
}

TEST_F(FileDiscoveryTest, SkipDirectoryNamedOnCommandLineIsWalked) {
  write("build/x.py");
  DiscoveryResult R = discoverFiles({path("build")}, opts());
  EXPECT_EQ(files(R), (Strings{"build/x.py"}));
}

//===----------------------------------------------------------------------===//
// .gitignore
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, RootGitIgnoreIsHonoured) {
  write(".gitignore", "# generated\n*.gen.py\n/secret.py\nout/\n");
  for (const char *F : {"a.gen.py", "sub/b.gen.py", "secret.py", "sub/secret.py", "out/x.py",
                        "sub/out/y.py", "keep.py", "out.py"})
    write(F);
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"keep.py", "out.py", "sub/secret.py"}));
  EXPECT_TRUE(R.Skipped.empty());
}

TEST_F(FileDiscoveryTest, NestedGitIgnoreAppliesToItsSubtreeAndWins) {
  write(".gitignore", "*_test.py\n");
  write("sub/.gitignore", "!keep_test.py\n/local.py\n");
  for (const char *F :
       {"a_test.py", "keep_test.py", "local.py", "sub/keep_test.py", "sub/x_test.py",
        "sub/local.py", "sub/deep/local.py", "sub/deep/keep_test.py", "other/keep_test.py"})
    write(F);
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"local.py", "sub/deep/keep_test.py", "sub/deep/local.py",
                               "sub/keep_test.py"}));
}

TEST_F(FileDiscoveryTest, DeeperGitIgnoreCanIgnoreWhatRootReincludes) {
  write(".gitignore", "*.py\n!*.keep.py\n");
  write("a/.gitignore", "b.keep.py\n");
  write("a.keep.py");
  write("a/b.keep.py");
  write("a/c.keep.py");
  // Entries sort by name, so directory "a" comes before "a.keep.py".
  EXPECT_EQ(files(walk()), (Strings{"a/c.keep.py", "a.keep.py"}));
}

TEST_F(FileDiscoveryTest, FileInIgnoredDirectoryCannotBeReincluded) {
  write(".gitignore", "gen/\n!gen/keep.py\n!keep.py\n");
  write("gen/keep.py");
  write("gen/other.py");
  write("main.py");
  EXPECT_EQ(files(walk()), (Strings{"main.py"}));
}

TEST_F(FileDiscoveryTest, IgnoredDirectoryContentsViaDoubleStar) {
  write(".gitignore", "logs/**\n!logs/**/\n**/tmp\n");
  write("logs/a.py");
  write("logs/x/b.py");
  write("src/tmp/c.py");
  write("src/d.py");
  EXPECT_EQ(files(walk()), (Strings{"src/d.py"}));
}

TEST_F(FileDiscoveryTest, GitIgnoreCanBeTurnedOff) {
  write(".gitignore", "*.py\n");
  write(".git/info/exclude", "*.js\n");
  write("a.py");
  write("b.js");
  DiscoveryOptions O = opts();
  O.UseGitIgnore = false;
  EXPECT_EQ(files(walk(O)), (Strings{"a.py", "b.js"}));
}

TEST_F(FileDiscoveryTest, GitInfoExcludeHasLowestPrecedence) {
  write(".git/info/exclude", "# local\nexcluded.py\nscratch/\nback.py\n");
  write(".gitignore", "!back.py\n");
  write("excluded.py");
  write("back.py");
  write("scratch/s.py");
  write("sub/excluded.py");
  write("main.py");
  EXPECT_EQ(files(walk()), (Strings{"back.py", "main.py"}));
}

TEST_F(FileDiscoveryTest, GitIgnoreInsideWalkedSubdirectoryRoot) {
  // The walked root is a subdirectory: its own .gitignore patterns are
  // anchored to it.
  write("proj/.gitignore", "/top.py\n");
  write("proj/top.py");
  write("proj/sub/top.py");
  DiscoveryResult R = discoverFiles({path("proj")}, opts());
  EXPECT_EQ(files(R), (Strings{"proj/sub/top.py"}));
}

//===----------------------------------------------------------------------===//
// Include and exclude globs
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, ExcludeGlobsMatchPathOrBasename) {
  for (const char *F :
       {"a_pb2.py", "sub/b_pb2.py", "tests/fixtures/x.py", "tests/fixtures/deep/y.py", "tests/t.py",
        "generated/g.py", "sub/generated/h.py", "keep.py"})
    write(F);
  DiscoveryOptions O = opts();
  O.ExcludeGlobs = {"*_pb2.py", "tests/fixtures/**", "generated"};
  DiscoveryResult R = walk(O);
  EXPECT_EQ(files(R), (Strings{"keep.py", "tests/t.py"}));
  EXPECT_TRUE(R.Skipped.empty()); // Excluded by request: not reported.
}

TEST_F(FileDiscoveryTest, AnchoredExcludeGlobOnlyMatchesFromWalkedRoot) {
  write("legacy/a.py");
  write("src/legacy/b.py");
  DiscoveryOptions O = opts();
  O.ExcludeGlobs = {"/legacy"};
  EXPECT_EQ(files(walk(O)), (Strings{"src/legacy/b.py"}));
  O.ExcludeGlobs = {"src/legacy"};
  EXPECT_EQ(files(walk(O)), (Strings{"legacy/a.py"}));
}

TEST_F(FileDiscoveryTest, ExcludeGlobWithTrailingSlashMatchesDirectoriesOnly) {
  write("docs/a.py");
  write("src/docs");
  write("src/b.py");
  DiscoveryOptions O;
  O.ExcludeGlobs = {"docs/"};
  EXPECT_EQ(files(walk(O)), (Strings{"src/b.py", "src/docs"}));
}

TEST_F(FileDiscoveryTest, IncludeGlobsSelectFiles) {
  for (const char *F : {"a.py", "b.js", "src/c.py", "src/deep/d.ts", "test/e.py"})
    write(F);
  DiscoveryOptions O = opts();
  O.IncludeGlobs = {"*.py"};
  EXPECT_EQ(files(walk(O)), (Strings{"a.py", "src/c.py", "test/e.py"}));
  O.IncludeGlobs = {"src/**"};
  EXPECT_EQ(files(walk(O)), (Strings{"src/c.py", "src/deep/d.ts"}));
  O.IncludeGlobs = {"src/*", "b.js"};
  EXPECT_EQ(files(walk(O)), (Strings{"b.js", "src/c.py"}));
}

TEST_F(FileDiscoveryTest, IncludeAndExcludeCombine) {
  write("src/a.py");
  write("src/a_test.py");
  write("lib/b.py");
  DiscoveryOptions O = opts();
  O.IncludeGlobs = {"src/**"};
  O.ExcludeGlobs = {"*_test.py"};
  EXPECT_EQ(files(walk(O)), (Strings{"src/a.py"}));
}

TEST_F(FileDiscoveryTest, GlobsAreRelativeToTheWalkedRoot) {
  write("proj/src/a.py");
  write("proj/b.py");
  DiscoveryOptions O = opts();
  O.IncludeGlobs = {"src/*.py"};
  DiscoveryResult R = discoverFiles({path("proj")}, O);
  EXPECT_EQ(files(R), (Strings{"proj/src/a.py"}));
}

//===----------------------------------------------------------------------===//
// Size and minified skips
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, TooLargeFilesAreSkippedWithSizes) {
  write("big.py", std::string(1536, 'x'));
  write("exact.py", std::string(1024, 'x'));
  write("small.py", "x");
  DiscoveryOptions O = opts();
  O.MaxFileSize = 1024;
  DiscoveryResult R = walk(O);
  EXPECT_EQ(files(R), (Strings{"exact.py", "small.py"}));
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Path, path("big.py"));
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::TooLarge);
  EXPECT_EQ(R.Skipped[0].Detail, "1.5 KiB, limit 1 KiB");
}

TEST_F(FileDiscoveryTest, TooLargeDetailInMebibytes) {
  write("huge.py", std::string(3 << 19, 'x')); // 1.5 MiB
  DiscoveryResult R = walk();                  // Default limit: 1 MiB.
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::TooLarge);
  EXPECT_EQ(R.Skipped[0].Detail, "1.5 MiB, limit 1 MiB");
}

TEST_F(FileDiscoveryTest, TooLargeDetailInBytes) {
  write("a.py", std::string(600, 'x'));
  DiscoveryOptions O = opts();
  O.MaxFileSize = 512;
  DiscoveryResult R = walk(O);
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Detail, "600 bytes, limit 512 bytes");
}

TEST_F(FileDiscoveryTest, ZeroMaxFileSizeMeansUnlimited) {
  write("big.py", std::string(4096, 'x'));
  DiscoveryOptions O = opts();
  O.MaxFileSize = 0;
  DiscoveryResult R = walk(O);
  EXPECT_EQ(files(R), (Strings{"big.py"}));
  EXPECT_TRUE(R.Skipped.empty());
}

TEST_F(FileDiscoveryTest, MinifiedNamesAreSkipped) {
  for (const char *F : {"a.min.js", "b.min.mjs", "c.min.cjs", "d-min.js", "e.bundle.js",
                        "f.chunk.js", "G.Min.js", "app.js", "min.js", "admin.js"})
    write(F);
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"admin.js", "app.js", "min.js"}));
  EXPECT_EQ(skippedPaths(R), (Strings{"G.Min.js", "a.min.js", "b.min.mjs", "c.min.cjs", "d-min.js",
                                      "e.bundle.js", "f.chunk.js"}));
  for (const SkippedFile &S : R.Skipped)
    EXPECT_EQ(S.Reason, SkipReason::Minified) << S.Path;
  EXPECT_EQ(R.Skipped[1].Detail, "name matches *.min.js");
  EXPECT_EQ(R.Skipped[4].Detail, "name matches *-min.js");
  EXPECT_EQ(R.Skipped[5].Detail, "name matches *.bundle.js");
}

TEST(LooksMinifiedByNameTest, Names) {
  EXPECT_TRUE(looksMinifiedByName("vendor/jquery.min.js"));
  EXPECT_TRUE(looksMinifiedByName("x.min.mjs"));
  EXPECT_TRUE(looksMinifiedByName("x.min.cjs"));
  EXPECT_TRUE(looksMinifiedByName("lib-min.js"));
  EXPECT_TRUE(looksMinifiedByName("main.bundle.js"));
  EXPECT_TRUE(looksMinifiedByName("static/123.chunk.js"));
  EXPECT_TRUE(looksMinifiedByName("APP.MIN.JS"));
  EXPECT_FALSE(looksMinifiedByName("main.js"));
  EXPECT_FALSE(looksMinifiedByName("admin.js"));
  EXPECT_FALSE(looksMinifiedByName("x.min.ts"));
  EXPECT_FALSE(looksMinifiedByName("x.min.js/real.py"));
  EXPECT_FALSE(looksMinifiedByName(""));
}

//===----------------------------------------------------------------------===//
// Paths named on the command line
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, NamedFileIsTakenEvenIfNotACandidate) {
  write("Makefile");
  write("notes.txt");
  DiscoveryResult R = discoverFiles({path("Makefile"), path("notes.txt")}, opts());
  EXPECT_EQ(files(R), (Strings{"Makefile", "notes.txt"}));
}

TEST_F(FileDiscoveryTest, NamedFileIsNotFilteredByIgnoreOrGlobs) {
  write(".gitignore", "ignored.py\n");
  write("ignored.py");
  write("app.min.js");
  DiscoveryOptions O = opts();
  O.ExcludeGlobs = {"*.py"};
  DiscoveryResult R = discoverFiles({path("ignored.py"), path("app.min.js")}, O);
  EXPECT_EQ(files(R), (Strings{"ignored.py", "app.min.js"}));
}

TEST_F(FileDiscoveryTest, NamedFileIsStillSizeChecked) {
  write("big.py", std::string(2048, 'x'));
  DiscoveryOptions O = opts();
  O.MaxFileSize = 1024;
  DiscoveryResult R = discoverFiles({path("big.py")}, O);
  EXPECT_TRUE(R.Files.empty());
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::TooLarge);
  EXPECT_EQ(R.Skipped[0].Detail, "2 KiB, limit 1 KiB");
}

TEST_F(FileDiscoveryTest, MissingPathIsAnErrorAndTheWalkContinues) {
  write("a.py");
  DiscoveryResult R = discoverFiles({path("nope"), path("a.py"), path("gone/x.py")}, opts());
  EXPECT_EQ(files(R), (Strings{"a.py"}));
  EXPECT_EQ(R.Errors, (Strings{"no such file or directory: '" + path("nope") + "'",
                               "no such file or directory: '" + path("gone/x.py") + "'"}));
}

TEST_F(FileDiscoveryTest, EmptyPathIsAnError) {
  DiscoveryResult R = discoverFiles({""}, opts());
  EXPECT_EQ(R.Errors, (Strings{"no such file or directory: ''"}));
}

TEST_F(FileDiscoveryTest, BrokenSymlinkOnCommandLineIsAnError) {
  symlink("missing.py", "dangling.py");
  DiscoveryResult R = discoverFiles({path("dangling.py")}, opts());
  EXPECT_TRUE(R.Files.empty());
  EXPECT_EQ(R.Errors, (Strings{"broken symbolic link: '" + path("dangling.py") + "'"}));
}

TEST_F(FileDiscoveryTest, FileUnderAFileIsAnError) {
  write("a.py");
  DiscoveryResult R = discoverFiles({path("a.py/b.py")}, opts());
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_NE(R.Errors[0].find(path("a.py/b.py")), std::string::npos);
}

TEST_F(FileDiscoveryTest, PathsKeepTheUsersSpelling) {
  write("proj/a.py");
  write("proj/sub/b.py");
  enterRoot();
  EXPECT_EQ(discoverFiles({"proj"}, opts()).Files, (Strings{"proj/a.py", "proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"./proj"}, opts()).Files, (Strings{"./proj/a.py", "./proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"proj/"}, opts()).Files, (Strings{"proj/a.py", "proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"proj//"}, opts()).Files, (Strings{"proj/a.py", "proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"."}, opts()).Files, (Strings{"./proj/a.py", "./proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"proj/../proj/a.py"}, opts()).Files, (Strings{"proj/../proj/a.py"}));
  EXPECT_EQ(discoverFiles({Root + "/proj"}, opts()).Files,
            (Strings{Root + "/proj/a.py", Root + "/proj/sub/b.py"}));
}

TEST_F(FileDiscoveryTest, NoDuplicates) {
  write("proj/a.py");
  write("proj/sub/b.py");
  enterRoot();
  // The same directory twice, under two spellings.
  EXPECT_EQ(discoverFiles({"proj", "./proj", "proj"}, opts()).Files,
            (Strings{"proj/a.py", "proj/sub/b.py"}));
  // A file named directly before its directory keeps its first position.
  EXPECT_EQ(discoverFiles({"proj/sub/b.py", "proj"}, opts()).Files,
            (Strings{"proj/sub/b.py", "proj/a.py"}));
  // ...and after it, it is not repeated.
  EXPECT_EQ(discoverFiles({"proj", "./proj/a.py", "proj/a.py"}, opts()).Files,
            (Strings{"proj/a.py", "proj/sub/b.py"}));
  // A subdirectory named after (or before) its parent.
  EXPECT_EQ(discoverFiles({"proj", "proj/sub"}, opts()).Files,
            (Strings{"proj/a.py", "proj/sub/b.py"}));
  EXPECT_EQ(discoverFiles({"proj/sub", "proj"}, opts()).Files,
            (Strings{"proj/sub/b.py", "proj/a.py"}));
}

TEST_F(FileDiscoveryTest, SkippedFileIsReportedOnce) {
  write("big.py", std::string(2048, 'x'));
  DiscoveryOptions O = opts();
  O.MaxFileSize = 1024;
  DiscoveryResult R = discoverFiles({Root, path("big.py"), Root}, O);
  EXPECT_EQ(R.Skipped.size(), 1u);
}

//===----------------------------------------------------------------------===//
// Symlinks and special files
//===----------------------------------------------------------------------===//

TEST_F(FileDiscoveryTest, SymlinkLoopIsReportedAndTerminates) {
  write("proj/a.py");
  write("proj/sub/b.py");
  symlink("..", "proj/sub/up");
  symlink(".", "proj/self");
  DiscoveryResult R = discoverFiles({path("proj")}, opts());
  EXPECT_EQ(files(R), (Strings{"proj/a.py", "proj/sub/b.py"}));
  EXPECT_EQ(skippedPaths(R), (Strings{"proj/self", "proj/sub/up"}));
  for (const SkippedFile &S : R.Skipped) {
    EXPECT_EQ(S.Reason, SkipReason::SymlinkLoop);
    EXPECT_EQ(S.Detail, "leads back to '" + path("proj") + "'");
  }
}

TEST_F(FileDiscoveryTest, SelfReferentialFileSymlinkIsALoop) {
  symlink("self.py", "self.py");
  write("ok.py");
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"ok.py"}));
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::SymlinkLoop);
}

TEST_F(FileDiscoveryTest, SymlinkedDirectoryOutsideTheTreeIsNotFollowed) {
  // A link to / once walked the whole file system, /proc included.
  write("outside/lib.py");
  write("proj/main.py");
  symlink("../outside", "proj/link");
  symlink("/", "proj/root");
  DiscoveryResult R = discoverFiles({path("proj")}, opts());
  EXPECT_EQ(files(R), (Strings{"proj/main.py"}));
  ASSERT_EQ(R.Skipped.size(), 2u);
  for (const SkippedFile &S : R.Skipped)
    EXPECT_EQ(S.Reason, SkipReason::OutsideTree) << S.Path;
  EXPECT_NE(R.Skipped[1].Detail.find("symbolic link to '/'"), std::string::npos)
      << R.Skipped[1].Detail;
}

TEST_F(FileDiscoveryTest, SymlinkedDirectoryInsideTheTreeIsFollowed) {
  write("proj/real/lib.py");
  symlink("real", "proj/alias");
  // Walked from the link only: the link is the way in.
  DiscoveryOptions O = opts();
  O.ExcludeGlobs = {"real/"};
  DiscoveryResult R = discoverFiles({path("proj")}, O);
  EXPECT_EQ(files(R), (Strings{"proj/alias/lib.py"}));
}

TEST_F(FileDiscoveryTest, TwoNamesForOneDirectoryAreWalkedOnce) {
  write("proj/a/x.py");
  symlink("a", "proj/b");
  DiscoveryResult R = discoverFiles({path("proj")}, opts());
  EXPECT_EQ(files(R), (Strings{"proj/a/x.py"}));
  EXPECT_TRUE(R.Skipped.empty());
}

TEST_F(FileDiscoveryTest, SymlinkedFileIsFollowed) {
  write("outside/f.py");
  write("proj/real.py");
  symlink("../outside/f.py", "proj/link.py");
  symlink("real.py", "proj/same.py"); // Same file as real.py: once.
  DiscoveryResult R = discoverFiles({path("proj")}, opts());
  EXPECT_EQ(files(R), (Strings{"proj/link.py", "proj/real.py"}));
}

TEST_F(FileDiscoveryTest, BrokenSymlinkInTreeIsSkippedAsUnreadable) {
  symlink("missing.py", "dangling.py");
  symlink("missing.txt", "dangling.txt"); // Not a candidate: not ours.
  write("ok.py");
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"ok.py"}));
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Path, path("dangling.py"));
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::Unreadable);
  EXPECT_EQ(R.Skipped[0].Detail, "broken symbolic link to 'missing.py'");
}

TEST_F(FileDiscoveryTest, FifoIsNeverTakenAndNeverBlocks) {
  mkdir("p");
  ASSERT_EQ(::mkfifo(path("p/pipe.py").c_str(), 0600), 0);
  write("p/ok.py");
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"p/ok.py"}));
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::Unreadable);
  EXPECT_EQ(R.Skipped[0].Detail, "not a regular file");

  DiscoveryResult Named = discoverFiles({path("p/pipe.py")}, opts());
  EXPECT_TRUE(Named.Files.empty());
  EXPECT_EQ(Named.Errors,
            (Strings{"not a regular file or directory: '" + path("p/pipe.py") + "'"}));
}

TEST_F(FileDiscoveryTest, FifoNamedGitIgnoreIsNotRead) {
  ASSERT_EQ(::mkfifo(path(".gitignore").c_str(), 0600), 0);
  write("a.py");
  EXPECT_EQ(files(walk()), (Strings{"a.py"}));
}

TEST_F(FileDiscoveryTest, UnreadableDirectoryIsSkippedAndWalkContinues) {
  if (runningAsRoot())
    GTEST_SKIP() << "permissions do not apply to root";
  write("a.py");
  write("locked/secret.py");
  write("z/b.py");
  lock("locked");
  DiscoveryResult R = walk();
  EXPECT_EQ(files(R), (Strings{"a.py", "z/b.py"}));
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Path, path("locked"));
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::Unreadable);
  EXPECT_EQ(R.Skipped[0].Detail, "Permission denied");
}

TEST_F(FileDiscoveryTest, UnreadableRootDirectoryIsAnError) {
  if (runningAsRoot())
    GTEST_SKIP() << "permissions do not apply to root";
  write("locked/secret.py");
  lock("locked");
  DiscoveryResult R = discoverFiles({path("locked")}, opts());
  EXPECT_TRUE(R.Files.empty());
  EXPECT_EQ(R.Errors,
            (Strings{"cannot open directory '" + path("locked") + "': Permission denied"}));
}

TEST_F(FileDiscoveryTest, UnreadableGitIgnoreIgnoresNothing) {
  if (runningAsRoot())
    GTEST_SKIP() << "permissions do not apply to root";
  write(".gitignore", "*.py\n");
  write("a.py");
  lock(".gitignore");
  EXPECT_EQ(files(walk()), (Strings{"a.py"}));
}

} // namespace

namespace {

TEST(TestCode, ByDirectoryAndFileName) {
  for (const char *P :
       {"tests/a.py", "app/test/x.ts", "src/__tests__/a.js", "test_api.py", "pkg/api_test.py",
        "conftest.py", "web/a.test.ts", "web/b.spec.js", "pkg/fixtures/app.py",
        "src/__fixtures__/env.ts", "cmd/api/main_test.go", "crate/benches/load.rs"})
    EXPECT_TRUE(teetidy::isTestCode(P)) << P;
  for (const char *P : {"app/main.py", "src/testing.py", "latest/a.ts", "contest.py",
                        "app/fixture.py", "cmd/api/main.go", "pkg/attest/latest.go"})
    EXPECT_FALSE(teetidy::isTestCode(P)) << P;
}

} // namespace
