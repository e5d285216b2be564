// A whole run through the driver: each file is read from the file system
// once, and the number of threads does not change the output.

#include "diag/TextEmitter.h"
#include "source/FileDiscovery.h"
#include "syntax/QueryStore.h"
#include "tools/tee-tidy/Driver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <mutex>

#include <sys/stat.h>
#include <unistd.h>

using namespace teetidy;

namespace {

/// The real file system, counting the files opened for reading.
class CountingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  CountingFileSystem() : ProxyFileSystem(llvm::vfs::getRealFileSystem()) {}
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    llvm::SmallString<256> P;
    Path.toVector(P);
    llvm::sys::fs::make_absolute(P);
    llvm::sys::path::remove_dots(P, true);
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      ++Opened[std::string(P)];
    }
    return ProxyFileSystem::openFileForRead(Path);
  }
  std::map<std::string, unsigned> opened() {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Opened;
  }

private:
  std::mutex Mutex;
  std::map<std::string, unsigned> Opened;
};

class RunTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-run", Dir)); }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string write(const std::string &Rel, const std::string &Text) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream(std::string(P), std::ios::binary) << Text;
    return std::string(P);
  }
  /// The run's output as the text emitter prints it.
  static std::string text(const AnalysisResult &R) {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    TextEmitter E(OS, false);
    for (const Diagnostic &D : R.Diagnostics)
      E.emit(D);
    for (const std::string &E2 : R.ToolErrors)
      OS << "tool error: " << E2 << "\n";
    for (const std::string &E2 : R.InputErrors)
      OS << "input error: " << E2 << "\n";
    for (const std::string &S : R.SyntaxErrors)
      OS << S << "\n";
    OS.flush();
    return Out;
  }
  static AnalysisResult run(const std::vector<std::string> &Roots, unsigned Jobs,
                            llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = nullptr) {
    DiscoveryOptions Disc;
    Disc.IsCandidate = [](const std::string &P) { return languageForPath(P).has_value(); };
    std::vector<FileTask> Tasks;
    for (std::string &F : discoverFiles(Roots, Disc).Files)
      Tasks.push_back({std::move(F), std::nullopt, {}, false});
    ConfigLayer Defaults;
    Defaults.Source = "test";
    Defaults.Checks = "*";
    ConfigProvider Configs(Defaults, {}, ConfigLayer{});
    QueryStore Queries;
    RunSettings Settings;
    Settings.Jobs = Jobs;
    Settings.FS = std::move(FS);
    return analyse(Tasks, Configs, Queries, Settings);
  }
  llvm::SmallString<128> Dir;
};

TEST_F(RunTest, EachFileIsReadOnce) {
  // Every kind of file a run reads: sources of both families, the configs
  // module resolution consults, compose files with `extends` and an
  // override, a manifest, a Dockerfile with a requirements file, and a CI
  // workflow.
  std::vector<std::string> Sources = {
      write("app/settings.py", "import os\nURL = os.environ.get('LLM_URL', 'http://x')\n"),
      write("app/main.py", "import httpx\nfrom app.settings import URL\n"
                           "httpx.get(URL, verify=False)\nKEY = os.getenv('API_KEY', 'dev-key')\n"),
      write("web/src/config.ts", "export const base = process.env.BASE ?? 'https://a.example';\n"),
      write("web/src/main.ts", "import { base } from '@/config';\nfetch(base);\n"),
      write("docker-compose.yml", "services:\n  api:\n    extends: {file: base.yml, service: b}\n"
                                  "    build: .\n    environment:\n      - LLM_URL=${LLM_URL}\n"),
      write("docker-compose.override.yml", "services:\n  api:\n    image: api:1\n"),
      write("base.yml", "services:\n  b:\n    privileged: true\n"),
      write("app-compose.json", R"({"allowed_envs": ["LLM_URL"], "docker_compose_file": )"
                                R"("services:\n  api:\n    build: .\n"})"),
      write("Dockerfile", "FROM python:3.12\nCOPY . /app\nRUN pip install -r requirements.txt\n"),
      write(".github/workflows/build.yml",
            "jobs:\n  b:\n    steps:\n      - run: docker build .\n"),
  };
  std::vector<std::string> Consulted = {
      write("web/tsconfig.json",
            R"({"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}})"),
      write("web/package.json", R"({"name": "web"})"),
      write("requirements.txt", "httpx==0.27.0\n"),
  };
  llvm::IntrusiveRefCntPtr<CountingFileSystem> FS(new CountingFileSystem);
  AnalysisResult R = run({std::string(Dir)}, 4, FS);
  EXPECT_TRUE(R.ToolErrors.empty()) << R.ToolErrors.front();
  EXPECT_FALSE(R.Diagnostics.empty());
  std::map<std::string, unsigned> Opened = FS->opened();
  for (const auto &[Path, Count] : Opened)
    EXPECT_EQ(Count, 1u) << Path << " was read " << Count << " times";
  for (const std::vector<std::string> *List : {&Sources, &Consulted})
    for (const std::string &P : *List)
      EXPECT_EQ(Opened.count(P), 1u) << P << " was not read through the run's file system";
}

TEST_F(RunTest, ContextFilesFeedTheRunButAreNotReportedOn) {
  std::string Main = write("app/main.py", "import httpx\nfrom app.settings import URL\n"
                                          "httpx.get(URL, verify=False)\n");
  std::vector<std::string> Context = {
      write("app/settings.py", "import os\nURL = os.environ.get('LLM_URL', 'http://x')\n"),
      write("docker-compose.yml", "services:\n  api:\n    build: .\n    environment:\n"
                                  "      - LLM_URL=${LLM_URL}\n"),
      write("other/bad.py", "def f(:\n  x = '\xff'\nimport httpx\nhttpx.get(U, verify=False)\n"),
      write("other/.tee-tidy", "Cheks: x\n"),
  };
  std::vector<FileTask> Tasks = {{Main, std::nullopt, {}, true}};
  for (const std::string &C : Context) {
    Tasks.push_back({C, std::nullopt, {}, false});
    Tasks.back().Context = true;
  }
  ConfigLayer Defaults;
  Defaults.Source = "test";
  Defaults.Checks = "*";
  ConfigProvider Configs(Defaults, {}, std::nullopt);
  QueryStore Queries;
  AnalysisResult R = analyse(Tasks, Configs, Queries, RunSettings());
  std::string Out = text(R);
  EXPECT_NE(Out.find("error: LLM_URL reaches"), std::string::npos) << Out;
  EXPECT_NE(Out.find("settings.py:2:7: note: value read from"), std::string::npos) << Out;
  EXPECT_NE(Out.find("docker-compose.yml:5:17: note: interpolates 'LLM_URL'"), std::string::npos)
      << Out;
  for (const Diagnostic &D : R.Diagnostics)
    EXPECT_EQ(D.Loc.File->path(), Main) << D.CheckName;
  EXPECT_TRUE(R.ConfigErrors.empty());
  EXPECT_TRUE(R.SyntaxErrors.empty());
  EXPECT_TRUE(R.EncodingWarnings.empty());
  EXPECT_EQ(R.FilesAnalysed, 1u);
}

TEST_F(RunTest, OutputDoesNotDependOnTheNumberOfThreads) {
  std::string Src = TEETIDY_SOURCE_DIR;
  for (const char *Tree : {"examples", "tests/checkers"}) {
    std::string One = text(run({Src + "/" + Tree}, 1));
    std::string Eight = text(run({Src + "/" + Tree}, 8));
    EXPECT_FALSE(One.empty());
    EXPECT_EQ(One, Eight) << Tree;
  }
}

} // namespace

namespace {

TEST_F(RunTest, UnreadableWalkedFileIsSkippedAndTheRunGoesOn) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "permissions do not apply to root";
  std::string A = write("a.py", "import requests\nrequests.get(U, verify=False)\n");
  std::string B = write("b.py", "import requests\nrequests.get(U, verify=False)\n");
  ASSERT_EQ(::chmod(B.c_str(), 0), 0);
  // Walked between discovery and loading: a file that turns unreadable (or
  // that only the walk could stat) is skipped, not an input error.
  ConfigLayer Defaults;
  Defaults.Source = "test";
  Defaults.Checks = "*";
  ConfigProvider Configs(Defaults, {}, ConfigLayer{});
  QueryStore Queries;
  std::vector<FileTask> Tasks = {{A, std::nullopt, {}, false}, {B, std::nullopt, {}, false}};
  RunSettings Settings;
  AnalysisResult R = analyse(Tasks, Configs, Queries, Settings);
  ::chmod(B.c_str(), 0644);
  EXPECT_TRUE(R.InputErrors.empty()) << R.InputErrors.front();
  ASSERT_EQ(R.Skipped.size(), 1u);
  EXPECT_EQ(R.Skipped[0].Path, B);
  EXPECT_EQ(R.Skipped[0].Reason, SkipReason::Unreadable);
  EXPECT_NE(text(R).find("a.py:2:17: warning:"), std::string::npos) << text(R);
}

} // namespace
