// The project of a named file: where its root is, how the root is spelled,
// and the order and spelling of the tasks a run gets with its context.

#include "tools/tee-tidy/ProjectContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace teetidy;

namespace {

class ProjectContextTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-project", Dir));
    ASSERT_FALSE(llvm::sys::fs::current_path(Saved));
  }
  void TearDown() override {
    llvm::sys::fs::set_current_path(Saved);
    llvm::sys::fs::remove_directories(Dir);
  }
  std::string path(const std::string &Rel) const { return std::string(Dir) + "/" + Rel; }
  std::string write(const std::string &Rel, const std::string &Text = "") {
    std::string P = path(Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream(P, std::ios::binary) << Text;
    return P;
  }
  void cd(const std::string &Rel) {
    ASSERT_FALSE(llvm::sys::fs::set_current_path(Rel.empty() ? std::string(Dir) : path(Rel)));
  }
  /// The root of \p File, with the test directory as the home directory, so
  /// that nothing above it takes part.
  std::optional<std::string> root(const std::string &File) const {
    return projectRootOf(File, std::string(Dir));
  }
  static DiscoveryOptions discovery() {
    DiscoveryOptions Disc;
    Disc.IsCandidate = [](const std::string &P) { return languageForPath(P).has_value(); };
    return Disc;
  }
  static std::vector<std::string> paths(const std::vector<FileTask> &Tasks) {
    std::vector<std::string> Out;
    for (const FileTask &T : Tasks)
      Out.push_back((T.Context ? "context " : "") + T.Path);
    return Out;
  }

  llvm::SmallString<128> Dir, Saved;
};

TEST_F(ProjectContextTest, NearestMarkerIsTheRoot) {
  write("repo/.git/HEAD", "ref: refs/heads/main\n");
  write("repo/docker-compose.yml", "services: {}\n");
  write("repo/sub/.tee-tidy");
  std::string File = write("repo/sub/pkg/app.py");
  EXPECT_EQ(root(File), path("repo/sub"));
  cd("");
  EXPECT_EQ(root("repo/sub/pkg/app.py"), "repo/sub");
  EXPECT_EQ(root("repo/app.py"), "repo") << "the file need not exist";
  // A worktree or a submodule has a .git file.
  write("wt/.git", "gitdir: /elsewhere\n");
  write("wt/a/b/app.py");
  EXPECT_EQ(root("wt/a/b/app.py"), "wt");
}

TEST_F(ProjectContextTest, TopmostDeploymentDirectoryWithoutMarker) {
  write("p/docker-compose.yaml", "services: {}\n");
  write("p/svc/Dockerfile", "FROM x\n");
  write("p/svc/src/app.py");
  write("q/svc/deploy.Dockerfile", "FROM x\n");
  write("q/svc/src/app.py");
  write("r/app-compose.json", "{}\n");
  write("r/src/app.py");
  // A directory named like a deployment file is not one.
  write("s/Dockerfile/readme.txt");
  write("s/src/app.py");
  cd("");
  EXPECT_EQ(root("p/svc/src/app.py"), "p");
  EXPECT_EQ(root("q/svc/src/app.py"), "q/svc");
  EXPECT_EQ(root("r/src/app.py"), "r");
  EXPECT_EQ(root("s/src/app.py"), "s/src") << "its own directory";
  EXPECT_EQ(root("p/svc/src/../src/app.py"), "p/svc/src/../..");
}

TEST_F(ProjectContextTest, RootIsSpelledFromThePath) {
  write("p/.tee-tidy");
  write("p/a/b/app.py");
  cd("p/a/b");
  EXPECT_EQ(root("app.py"), "../..");
  EXPECT_EQ(root("./app.py"), "../..");
  EXPECT_EQ(root("../b/app.py"), "../..");
  cd("p");
  EXPECT_EQ(root("a/b/app.py"), "") << "the working directory, without a prefix";
  EXPECT_EQ(root("./a/b/app.py"), ".");
  EXPECT_EQ(root(path("p/a/b/app.py")), path("p"));
}

TEST_F(ProjectContextTest, HomeAndFileSystemRootAreNeverRoots) {
  // The test directory stands for the home directory.
  write(".tee-tidy");
  write("docker-compose.yml", "services: {}\n");
  write("app.py");
  write("p/a/app.py");
  cd("");
  EXPECT_EQ(root("app.py"), std::nullopt);
  EXPECT_EQ(root("p/a/app.py"), "p/a");
  EXPECT_EQ(projectRootOf("/app.py", ""), std::nullopt);
}

TEST_F(ProjectContextTest, TasksFollowTheWalkOfTheRoot) {
  write("p/.git/HEAD");
  write("p/docker-compose.yml", "services: {}\n");
  write("p/app/config.py");
  write("p/app/main.py");
  write("p/deploy/prod.yml", "services: {}\n");
  write("p/node_modules/x/index.js");
  write("p/zz/other.py");
  cd("");
  std::string Prod = path("p/deploy/prod.yml");
  std::vector<FileTask> Tasks = {{"p/app/main.py", std::nullopt, {}, true},
                                 {"p/zz/../app/config.py", std::nullopt, {}, true},
                                 {Prod, std::nullopt, {}, true},
                                 {"p/node_modules/x/index.js", std::nullopt, {}, true}};
  std::vector<FileTask> Out = withProjectContext(
      Tasks, {"p/app/main.py", "p/zz/../app/config.py", "p/node_modules/x/index.js"}, discovery(),
      std::string(Dir));
  // Named files keep their spelling where the walk finds them; the compose
  // file the configuration names takes the walk's; a named file the walk
  // skips comes last.
  EXPECT_EQ(paths(Out),
            (std::vector<std::string>{"p/zz/../app/config.py", "p/app/main.py", "p/deploy/prod.yml",
                                      "context p/docker-compose.yml", "context p/zz/other.py",
                                      "p/node_modules/x/index.js"}));
  EXPECT_TRUE(Out[2].Explicit);

  // Without named files, nothing is added.
  EXPECT_EQ(paths(withProjectContext(Tasks, {}, discovery(), std::string(Dir))).size(), 4u);
}

TEST_F(ProjectContextTest, WalkedTasksAndLinksAreOneTask) {
  write("p/.tee-tidy");
  write("p/a.py");
  write("p/lib/b.py");
  write("p/lib/c.py");
  ASSERT_FALSE(llvm::sys::fs::create_link(path("p/lib/c.py"), path("p/alias.py")));
  cd("p");
  // `tee-tidy lib/c.py lib/b.py`: the walk meets lib/c.py first through
  // the link, and a file walked from a named directory keeps its place.
  std::vector<FileTask> Tasks = {{"lib/c.py", std::nullopt, {}, true},
                                 {"./lib/b.py", std::nullopt, {}, false}};
  std::vector<FileTask> Out =
      withProjectContext(Tasks, {"lib/c.py"}, discovery(), std::string(Dir));
  EXPECT_EQ(paths(Out), (std::vector<std::string>{"context a.py", "lib/c.py", "./lib/b.py"}));
}

} // namespace
