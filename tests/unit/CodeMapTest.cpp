// Which compose files are deployments, and which service runs which file:
// the evidence CodeMap weighs, on small projects written to disk.
#include "deploy/CodeMap.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

/// Rules like the shipped catalog's, small enough to read here.
DeploymentRules rules() {
  DeploymentRules R;
  R.DeploymentWords = {"phala", "dstack", "prod", "deploy"};
  R.DevelopmentWords = {"dev", "local", "test", "tests"};
  R.Sockets = {"/var/run/dstack.sock", "/var/run/tappd.sock"};
  R.DeploymentDirectories = {"deploy", "docker"};
  R.GenericDirectories = {"app", "src"};
  auto Kind = [](std::string Name, std::set<std::string> Runs, const char *Pattern,
                 std::set<std::string> Words) {
    ImageKind K;
    K.Kind = std::move(Name);
    K.Runs = std::move(Runs);
    K.Repositories.push_back(
        std::make_shared<llvm::Regex>(std::string("^(") + Pattern + ")$", llvm::Regex::IgnoreCase));
    K.RuntimeWords = std::move(Words);
    return K;
  };
  R.Images.push_back(Kind("a database", {}, "postgres|redis", {}));
  R.Images.push_back(Kind("a Python image", {"python"}, "python", {"python", "python3", "pip"}));
  R.Images.push_back(Kind("a Node image", {"ecmascript"}, "node", {"node", "npm"}));
  return R;
}

class CodeMapTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("codemap", Dir)); }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string path(const std::string &Rel) const { return std::string(Dir) + "/" + Rel; }
  void write(const std::string &Rel, const std::string &Text) {
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path(Rel)));
    std::ofstream(path(Rel), std::ios::binary) << Text;
    Written.push_back(Rel);
  }
  /// Builds the deployment and the code map over everything written;
  /// \p Imports are (importer, imported) pairs of relative paths.
  void build(std::vector<std::pair<std::string, std::string>> Imports = {},
             std::set<std::string> ExtraCompose = {}) {
    std::vector<const SourceFile *> Files;
    for (const std::string &Rel : Written) {
      std::optional<Language> L = languageForPath(path(Rel));
      if (!L)
        continue;
      auto F = Store.load(path(Rel), *L);
      ASSERT_TRUE(static_cast<bool>(F)) << Rel;
      Files.push_back(*F);
      if (familyOf(*L))
        Sources.push_back(*F);
    }
    std::set<std::string> Extra;
    for (const std::string &E : ExtraCompose)
      Extra.insert(path(E));
    D = Deployment::build(Files, Store, Extra, rules());
    ImportGraph Graph;
    for (const auto &[From, To] : Imports)
      Graph[file(From)].push_back(file(To));
    Map = CodeMap::build(*D, Sources, Graph, Store);
  }
  const SourceFile *file(const std::string &Rel) {
    for (const SourceFile *F : Sources)
      if (F->path() == path(Rel))
        return F;
    ADD_FAILURE() << Rel;
    return nullptr;
  }
  const FileRunners &of(const std::string &Rel) { return Map->of(*file(Rel)); }
  /// "service@compose-file-name level" of each runner of \p Rel.
  std::vector<std::string> runners(const std::string &Rel) {
    std::vector<std::string> Out;
    for (const Runner &R : of(Rel).Runners)
      Out.push_back(R.Code->Service + "@" +
                    llvm::sys::path::filename(D->units()[R.Unit].Path).str() + " " +
                    evidenceName(R.Level));
    return Out;
  }
  std::string why(const std::string &Rel) {
    const FileRunners &R = of(Rel);
    std::string Out;
    for (const Runner &X : R.Runners)
      for (const EvidenceStep &S : X.Why)
        Out += S.What + "\n";
    return Out;
  }
  const DeploymentUnit &unit(const std::string &Rel) {
    for (const DeploymentUnit &U : D->units())
      if (U.Path == path(Rel))
        return U;
    ADD_FAILURE() << Rel;
    return D->units().front();
  }

  llvm::SmallString<128> Dir;
  std::vector<std::string> Written;
  FileStore Store;
  std::vector<const SourceFile *> Sources;
  std::shared_ptr<const Deployment> D;
  std::unique_ptr<CodeMap> Map;
};

using Strings = std::vector<std::string>;

TEST_F(CodeMapTest, KindsOfComposeFiles) {
  write("a/docker-compose.yml", "services:\n  x:\n    image: x\n");
  write("a/app-compose.json", R"({"allowed_envs": []})");
  write("b/docker-compose.dev.yml", "services:\n  x:\n    image: x\n");
  write("c/docker-compose.yml", "services:\n  x:\n    image: x\n    volumes:\n"
                                "      - /var/run/dstack.sock:/var/run/dstack.sock\n");
  write("d/phala-compose.yaml", "services:\n  x:\n    image: x\n");
  write("e/docker-compose.yml", "services:\n  x:\n    image: x\n");
  write("prod/local/docker-compose.yml", "services:\n  x:\n    image: x\n");
  write("f/stack.yml", "services:\n  x:\n    image: x\n");
  build({}, {"f/stack.yml"});
  EXPECT_EQ(unit("a/docker-compose.yml").Kind, DeploymentKind::Dstack);
  EXPECT_EQ(unit("a/docker-compose.yml").KindReason,
            "app-compose.json beside it lists its allowed_envs");
  EXPECT_EQ(unit("b/docker-compose.dev.yml").Kind, DeploymentKind::Development);
  EXPECT_EQ(unit("b/docker-compose.dev.yml").KindReason, "its name says 'dev'");
  EXPECT_EQ(unit("c/docker-compose.yml").Kind, DeploymentKind::Dstack);
  EXPECT_EQ(unit("c/docker-compose.yml").KindReason, "service 'x' mounts /var/run/dstack.sock");
  EXPECT_EQ(unit("d/phala-compose.yaml").Kind, DeploymentKind::Dstack);
  EXPECT_EQ(unit("e/docker-compose.yml").Kind, DeploymentKind::Plain);
  // The deepest directory decides.
  EXPECT_EQ(unit("prod/local/docker-compose.yml").Kind, DeploymentKind::Development);
  EXPECT_EQ(unit("prod/local/docker-compose.yml").KindReason, "its directory 'local' says 'local'");
  EXPECT_EQ(unit("f/stack.yml").Kind, DeploymentKind::Dstack);
}

TEST_F(CodeMapTest, ComposeInADeploymentDirectoryGovernsTheProject) {
  write("deploy/docker-compose.yml", "services:\n  api:\n    image: org/api\n");
  write("service/main.py", "x = 1\n");
  build();
  EXPECT_EQ(unit("deploy/docker-compose.yml").Scope, std::string(Dir));
  EXPECT_EQ(runners("service/main.py"), Strings{"api@docker-compose.yml weak"});
}

TEST_F(CodeMapTest, EvidenceRanksBuildOverNameOverNothing) {
  write("docker-compose.yml", "services:\n"
                              "  api:\n    build: ./api\n"
                              "  worker:\n    image: org/worker:1\n"
                              "  db:\n    image: postgres:16\n");
  write("api/main.py", "x = 1\n");
  write("worker/job.py", "x = 1\n");
  write("tools/seed.py", "x = 1\n");
  build();
  EXPECT_EQ(runners("api/main.py"), Strings{"api@docker-compose.yml strong"});
  EXPECT_NE(why("api/main.py").find("its build context is './api'"), std::string::npos);
  EXPECT_EQ(runners("worker/job.py"), Strings{"worker@docker-compose.yml name"});
  EXPECT_NE(why("worker/job.py").find("the name 'worker' matches directory 'worker'"),
            std::string::npos);
  // The deployment says which code its services run, and none runs this.
  EXPECT_TRUE(runners("tools/seed.py").empty());
  EXPECT_EQ(of("tools/seed.py").Held, HoldReason::NotRun);
}

TEST_F(CodeMapTest, WithoutEvidenceEveryServiceThatRunsCodeIsACandidate) {
  write("docker-compose.yml", "services:\n"
                              "  app:\n    image: org/app:1\n"
                              "  cache:\n    image: redis:7\n"
                              "  web:\n    image: node:20\n");
  write("main.py", "x = 1\n");
  write("index.js", "x = 1\n");
  build();
  // Redis runs no code; a Node image runs no Python.
  EXPECT_EQ(runners("main.py"), Strings{"app@docker-compose.yml weak"});
  EXPECT_EQ(runners("index.js"),
            (Strings{"app@docker-compose.yml weak", "web@docker-compose.yml weak"}));
}

TEST_F(CodeMapTest, RuntimeFamilyExcludesCopiedCodeUnlessInstalled) {
  write("docker-compose.yml", "services:\n"
                              "  ui:\n    build: ./ui\n"
                              "  tool:\n    build: ./tool\n");
  write("ui/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"server.js\"]\n");
  write("ui/server.js", "x = 1\n");
  write("ui/scripts/gen.py", "x = 1\n");
  write("tool/Dockerfile", "FROM node:20\nRUN apt-get install -y python3\nCOPY . .\n");
  write("tool/run.py", "x = 1\n");
  build();
  EXPECT_EQ(runners("ui/server.js"), Strings{"ui@docker-compose.yml strong"});
  EXPECT_EQ(of("ui/scripts/gen.py").Held, HoldReason::NotRun);
  EXPECT_EQ(runners("tool/run.py"), Strings{"tool@docker-compose.yml strong"});
}

TEST_F(CodeMapTest, CommandsScriptsAndImportsTieFilesToAService) {
  write("docker-compose.yml", "services:\n"
                              "  agent:\n    image: ubuntu:22.04\n"
                              "    command: bash -c \"cd /app && exec bash /app/run.sh\"\n"
                              "    volumes:\n      - ./data:/data\n");
  write("run.sh", "#!/bin/sh\nset -e\npip install -r requirements.txt\n"
                  "exec python3 server/main.py # start\n");
  write("server/main.py", "from lib.helpers import h\n");
  write("lib/helpers.py", "def h(): pass\n");
  write("lib/unused.py", "x = 1\n");
  write("data/seed.py", "x = 1\n");
  build({{"server/main.py", "lib/helpers.py"}});
  EXPECT_EQ(runners("server/main.py"), Strings{"agent@docker-compose.yml strong"});
  EXPECT_EQ(why("server/main.py"),
            "service 'agent' runs this file: its command starts '/app/run.sh', "
            "and run.sh starts 'server/main.py'\n");
  EXPECT_EQ(runners("lib/helpers.py"), Strings{"agent@docker-compose.yml strong"});
  EXPECT_NE(why("lib/helpers.py").find("which imports it"), std::string::npos);
  EXPECT_EQ(of("lib/unused.py").Held, HoldReason::NotRun);
  // A mounted directory is the service's too.
  EXPECT_EQ(runners("data/seed.py"), Strings{"agent@docker-compose.yml strong"});
}

TEST_F(CodeMapTest, ADockerfileNoServiceBuildsBuildsThePrebuiltImages) {
  write("docker-compose.yml", "services:\n"
                              "  app:\n    image: org/app:1\n"
                              "  mirror:\n    image: org/webserver:2\n"
                              "  db:\n    image: postgres:16\n");
  write("Dockerfile", "FROM python:3.12\nCOPY main.py .\nCMD [\"python\", \"main.py\"]\n");
  write("main.py", "x = 1\n");
  write("mirror-server/Dockerfile", "FROM python:3.12\nCOPY server.py .\n");
  write("mirror-server/server.py", "x = 1\n");
  write("notes/draft.py", "x = 1\n");
  build();
  // Nothing names which image the root Dockerfile builds: both could be.
  EXPECT_EQ(runners("main.py"),
            (Strings{"app@docker-compose.yml weak", "mirror@docker-compose.yml weak"}));
  // The directory's name matches the service's.
  EXPECT_EQ(runners("mirror-server/server.py"), Strings{"mirror@docker-compose.yml name"});
  EXPECT_EQ(of("notes/draft.py").Held, HoldReason::NotRun);
}

TEST_F(CodeMapTest, ADevelopmentComposeDecidesNothingBesideTheDeployment) {
  write("docker-compose.phala.yml", "services:\n  app:\n    image: org/app:1\n");
  write("docker-compose.dev.yml", "services:\n  app-dev:\n    build: .\n");
  write("main.py", "x = 1\n");
  build();
  EXPECT_EQ(runners("main.py"), Strings{"app@docker-compose.phala.yml weak"});
  ASSERT_TRUE(D->setAside(path("docker-compose.dev.yml")));
  EXPECT_EQ(*D->setAside(path("docker-compose.dev.yml")),
            "docker-compose.phala.yml is the dstack deployment of this code (its name says "
            "'phala'), and this development compose file is not (its name says 'dev')");
  EXPECT_FALSE(D->setAside(path("docker-compose.phala.yml")));
}

TEST_F(CodeMapTest, WithoutADstackDeploymentEveryComposeFileCounts) {
  write("docker-compose.yml", "services:\n  app:\n    image: org/app:1\n");
  write("docker-compose.dev.yml", "services:\n  app-dev:\n    image: org/app:dev\n");
  write("main.py", "x = 1\n");
  build();
  EXPECT_EQ(runners("main.py"),
            (Strings{"app@docker-compose.yml weak", "app-dev@docker-compose.dev.yml weak"}));
  EXPECT_FALSE(D->setAside(path("docker-compose.dev.yml")));
}

TEST_F(CodeMapTest, EachAppOfATreeIsGovernedByItsOwnCompose) {
  write("one/docker-compose.yml", "services:\n  one:\n    image: org/one:1\n");
  write("one/main.py", "x = 1\n");
  write("two/docker-compose.yml", "services:\n  two:\n    image: org/two:1\n");
  write("two/main.py", "x = 1\n");
  write("docker-compose.yml", "services:\n  root:\n    image: org/root:1\n");
  write("root.py", "x = 1\n");
  build();
  EXPECT_EQ(runners("one/main.py"), Strings{"one@docker-compose.yml weak"});
  EXPECT_EQ(runners("two/main.py"), Strings{"two@docker-compose.yml weak"});
  EXPECT_EQ(runners("root.py"), Strings{"root@docker-compose.yml weak"});
}

TEST_F(CodeMapTest, TestCodeAndTreesWithoutDeploymentsAreHeldBack) {
  write("docker-compose.yml", "services:\n  app:\n    build: .\n");
  write("tests/test_api.py", "x = 1\n");
  write("app/api.test.ts", "x = 1\n");
  write("conftest.py", "x = 1\n");
  build();
  EXPECT_EQ(of("tests/test_api.py").Held, HoldReason::TestCode);
  EXPECT_EQ(of("app/api.test.ts").Held, HoldReason::TestCode);
  EXPECT_EQ(of("conftest.py").Held, HoldReason::TestCode);
}

TEST_F(CodeMapTest, NoDeploymentFileHoldsEverythingBack) {
  write("main.py", "x = 1\n");
  write("Dockerfile", "FROM python:3\nCOPY . .\n");
  build();
  EXPECT_EQ(of("main.py").Held, HoldReason::NoDeployment);
}

TEST_F(CodeMapTest, APrebuiltImageIsTheBuildOfTheSameServiceBeside) {
  write("docker/docker-compose.yaml", "services:\n  bot:\n    build:\n      context: ..\n"
                                      "      dockerfile: docker/Dockerfile\n");
  write("docker/phala-compose.yaml", "services:\n  bot:\n    image: org/bot:1\n");
  write("docker/Dockerfile", "FROM python:3.12\nCOPY bot bot\n");
  write("bot/main.py", "x = 1\n");
  write("web/app.ts", "x = 1\n");
  build();
  // The phala compose is the deployment; its prebuilt image is the build
  // the other compose file describes.
  EXPECT_EQ(runners("bot/main.py"), Strings{"bot@phala-compose.yaml name"});
  EXPECT_EQ(of("web/app.ts").Held, HoldReason::NotRun);
}

} // namespace

namespace {

TEST_F(CodeMapTest, WildcardCopyHoldsOnlyWhatMatches) {
  write("docker-compose.yml", "services:\n  api:\n    build: .\n");
  write("Dockerfile", "FROM python:3.12\n"
                      "COPY web/package*.json ./web/\n"
                      "COPY api/*.py ./api/\n"
                      "COPY libs/* ./libs/\n");
  write("web/server.py", "x = 1\n");
  write("api/main.py", "x = 1\n");
  write("libs/core/util.py", "x = 1\n");
  build();
  // `package*.json` copies no code from web/; `libs/*` copies libs/core.
  EXPECT_EQ(of("web/server.py").Held, HoldReason::NotRun);
  EXPECT_EQ(runners("api/main.py"), Strings{"api@docker-compose.yml strong"});
  EXPECT_NE(why("api/main.py").find("copies 'api/*.py'"), std::string::npos);
  EXPECT_EQ(runners("libs/core/util.py"), Strings{"api@docker-compose.yml strong"});
}

} // namespace
