#include "deploy/Deployment.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;
using VK = EnvVerdictKind;

namespace {

/// A manifest plus a compose file read on their own.
struct Project {
  std::unique_ptr<SourceFile> ManifestFile, ComposeYaml;
  AppComposeParseResult M;
  ComposeParseResult C;
  Project(std::string Manifest, std::string Compose)
      : ManifestFile(
            std::make_unique<SourceFile>("app-compose.json", std::move(Manifest), Language::Json)),
        ComposeYaml(
            std::make_unique<SourceFile>("docker-compose.yml", std::move(Compose), Language::Yaml)),
        M(parseAppCompose(*ManifestFile)), C(parseCompose(*ComposeYaml)) {
    EXPECT_TRUE(M.Manifest);
    EXPECT_TRUE(C.Compose);
  }
  EnvVerdict verdict(std::string_view Service, std::string_view Var, bool WithManifest = true) {
    const ComposeService *S = C.Compose->findService(Service);
    EXPECT_TRUE(S) << Service;
    return classifyEnv(*S, Var, EnvironmentSource{WithManifest ? &*M.Manifest : nullptr});
  }
  size_t inCompose(std::string_view Needle) const {
    size_t P = ComposeYaml->content().find(Needle);
    EXPECT_NE(P, std::string_view::npos) << Needle;
    return P;
  }
  size_t inManifest(std::string_view Needle) const {
    size_t P = ManifestFile->content().find(Needle);
    EXPECT_NE(P, std::string_view::npos) << Needle;
    return P;
  }
};

const char *Manifest = R"({
  "allowed_envs": ["ALLOWED", "BARE_OK", "MAP_OK", "INNER"],
  "pre_launch_script": "set -e\nexport FROM_SCRIPT=$(cat /dstack/user_config)\nexport FIXED=prod; export BARE_EXPORT\n"
})";

const char *Compose = R"(services:
  api:
    image: x@sha256:0000000000000000000000000000000000000000000000000000000000000000
    environment:
      - LIST_LITERAL=one
      - LIST_EMPTY=
      - LIST_REF=${ALLOWED}
      - LIST_DEFAULT=${NOT_ALLOWED:-fallback}
      - LIST_PLAIN_MISSING=a-${NOT_ALLOWED}-b
      - NESTED=${NOT_ALLOWED:-${INNER}}
      - BARE_OK
      - BARE_MISSING
      - SCRIPT=${FROM_SCRIPT}
      - FIXED_SCRIPT=${FIXED}
      - BARE_EXPORT=${BARE_EXPORT}
      - ESCAPED=$${ALLOWED}
  worker:
    image: x@sha256:0000000000000000000000000000000000000000000000000000000000000000
    env_file: .env
    environment:
      MAP_LITERAL: "2"
      MAP_REF: "${ALLOWED}"
      MAP_OK:
      MAP_MISSING: null
)";

TEST(EnvVerdict, InterpolatedValuesAreAlwaysSet) {
  // Compose sets an interpolated variable whatever the operator does (an
  // unset name expands to ""); literal text or `${X:?}` keeps it non-empty.
  Project S(Manifest, R"(services:
  api:
    image: x@sha256:0000000000000000000000000000000000000000000000000000000000000000
    environment:
      - PLAIN=${ALLOWED}
      - REQUIRED=${ALLOWED:?needed}
      - SET_ONLY=${ALLOWED?needed}
      - PREFIXED=v-${ALLOWED}
      - SUFFIXED=${ALLOWED}/v1
      - BARE_OK
)");
  EnvVerdict Plain = S.verdict("api", "PLAIN");
  EXPECT_TRUE(Plain.AlwaysSet);
  EXPECT_FALSE(Plain.NeverEmpty);
  EXPECT_TRUE(S.verdict("api", "REQUIRED").NeverEmpty);
  EXPECT_FALSE(S.verdict("api", "SET_ONLY").NeverEmpty);
  EXPECT_TRUE(S.verdict("api", "PREFIXED").NeverEmpty);
  EXPECT_TRUE(S.verdict("api", "SUFFIXED").NeverEmpty);
  // A pass-through is missing when the operator omits it.
  EnvVerdict Bare = S.verdict("api", "BARE_OK");
  EXPECT_EQ(Bare.Kind, EnvVerdictKind::OperatorControlled);
  EXPECT_FALSE(Bare.AlwaysSet);
}

TEST(EnvVerdict, ListForms) {
  Project S(Manifest, Compose);
  EnvVerdict L = S.verdict("api", "LIST_LITERAL");
  EXPECT_EQ(L.Kind, VK::Pinned);
  EXPECT_EQ(L.Value, "one");
  ASSERT_FALSE(L.Because.empty());
  EXPECT_EQ(L.Because[0].Loc.Offset, S.inCompose("one"));

  EnvVerdict E = S.verdict("api", "LIST_EMPTY");
  EXPECT_EQ(E.Kind, VK::Pinned);
  EXPECT_EQ(E.Value, "");

  EnvVerdict R = S.verdict("api", "LIST_REF");
  EXPECT_EQ(R.Kind, VK::OperatorControlled);
  EXPECT_EQ(R.OperatorNames, std::vector<std::string>{"ALLOWED"});
  ASSERT_EQ(R.Because.size(), 3u);
  EXPECT_EQ(R.Because[0].Loc.Offset, S.inCompose("LIST_REF"));
  EXPECT_EQ(R.Because[1].Loc.Offset, S.inCompose("${ALLOWED}"));
  EXPECT_EQ(R.Because[2].Loc.File, S.ManifestFile.get());
  EXPECT_EQ(R.Because[2].Loc.Offset, S.inManifest("\"ALLOWED\""));

  EnvVerdict B = S.verdict("api", "BARE_OK");
  EXPECT_EQ(B.Kind, VK::OperatorControlled);
  EXPECT_EQ(B.Because[0].Loc.Offset, S.inCompose("BARE_OK"));
  EXPECT_EQ(B.Because[1].Loc.Offset, S.inManifest("\"BARE_OK\""));

  EnvVerdict M = S.verdict("api", "BARE_MISSING");
  EXPECT_EQ(M.Kind, VK::Unset);
  EXPECT_EQ(M.Because.at(0).Loc.Offset, S.inCompose("BARE_MISSING"));
}

TEST(EnvVerdict, MapForms) {
  Project S(Manifest, Compose);
  EnvVerdict L = S.verdict("worker", "MAP_LITERAL");
  EXPECT_EQ(L.Kind, VK::Pinned);
  EXPECT_EQ(L.Value, "2");
  EXPECT_EQ(S.verdict("worker", "MAP_REF").Kind, VK::OperatorControlled);
  EnvVerdict N = S.verdict("worker", "MAP_OK");
  EXPECT_EQ(N.Kind, VK::OperatorControlled);
  EXPECT_EQ(N.OperatorNames, std::vector<std::string>{"MAP_OK"});
  EXPECT_EQ(S.verdict("worker", "MAP_MISSING").Kind, VK::Unset);
}

TEST(EnvVerdict, DefaultOnly) {
  Project S(Manifest, Compose);
  EnvVerdict D = S.verdict("api", "LIST_DEFAULT");
  EXPECT_EQ(D.Kind, VK::DefaultOnly);
  EXPECT_EQ(D.Value, "fallback");
  ASSERT_EQ(D.Because.size(), 1u);
  EXPECT_EQ(D.Because[0].Loc.Offset, S.inCompose("${NOT_ALLOWED:-fallback}"));
  EXPECT_NE(D.Because[0].What.find("the default 'fallback' applies"), std::string::npos);

  EnvVerdict P = S.verdict("api", "LIST_PLAIN_MISSING");
  EXPECT_EQ(P.Kind, VK::DefaultOnly);
  EXPECT_EQ(P.Value, "a--b");
  EXPECT_NE(P.Because[0].What.find("empty string"), std::string::npos);

  // A literal `$$` is no reference at all.
  EnvVerdict X = S.verdict("api", "ESCAPED");
  EXPECT_EQ(X.Kind, VK::Pinned);
  EXPECT_EQ(X.Value, "${ALLOWED}");
}

TEST(EnvVerdict, NestedDefaultFromAllowedName) {
  Project S(Manifest, Compose);
  EnvVerdict N = S.verdict("api", "NESTED");
  EXPECT_EQ(N.Kind, VK::OperatorControlled);
  EXPECT_EQ(N.OperatorNames, std::vector<std::string>{"INNER"});
}

TEST(EnvVerdict, PreLaunchScriptExports) {
  Project S(Manifest, Compose);
  EnvVerdict V = S.verdict("api", "SCRIPT");
  EXPECT_EQ(V.Kind, VK::OperatorControlled);
  EXPECT_EQ(V.Because.back().Loc.Offset, S.inManifest("FROM_SCRIPT"));
  // A literal export is as fixed as the (measured) script.
  EXPECT_EQ(S.verdict("api", "FIXED_SCRIPT").Kind, VK::DefaultOnly);
  // `export NAME` without a value passes on whatever the name held.
  EXPECT_EQ(S.verdict("api", "BARE_EXPORT").Kind, VK::OperatorControlled);

  std::vector<ScriptExport> X = scriptExports(*S.M.Manifest->PreLaunchScript);
  ASSERT_EQ(X.size(), 3u);
  EXPECT_EQ(X[0].Name, "FROM_SCRIPT");
  EXPECT_TRUE(X[0].Dynamic);
  EXPECT_EQ(X[1].Name, "FIXED");
  EXPECT_FALSE(X[1].Dynamic);
  EXPECT_EQ(X[2].Name, "BARE_EXPORT");
  EXPECT_TRUE(X[2].Dynamic);
}

TEST(EnvVerdict, EnvFileAndUnset) {
  Project S(Manifest, Compose);
  EnvVerdict F = S.verdict("worker", "ANYTHING");
  EXPECT_EQ(F.Kind, VK::OperatorControlled);
  ASSERT_EQ(F.Because.size(), 1u);
  EXPECT_EQ(F.Because[0].Loc.Offset, S.inCompose(".env"));
  EnvVerdict U = S.verdict("api", "ANYTHING");
  EXPECT_EQ(U.Kind, VK::Unset);
  EXPECT_TRUE(U.Because.empty());
}

TEST(EnvVerdict, WithoutManifestEveryReferenceIsOperatorControlled) {
  Project S(Manifest, Compose);
  EXPECT_EQ(S.verdict("api", "LIST_DEFAULT", false).Kind, VK::OperatorControlled);
  EXPECT_EQ(S.verdict("api", "BARE_MISSING", false).Kind, VK::OperatorControlled);
  EXPECT_EQ(S.verdict("api", "LIST_LITERAL", false).Kind, VK::Pinned);
  EXPECT_EQ(S.verdict("api", "ANYTHING", false).Kind, VK::Unset);
}

class DeploymentFiles : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("deploy", Dir)); }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string write(const std::string &Rel, const std::string &Text) {
    std::string P = std::string(Dir) + "/" + Rel;
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream(P, std::ios::binary) << Text;
    Paths.push_back(P);
    return P;
  }
  llvm::SmallString<128> Dir;
  std::vector<std::string> Paths;
};

TEST_F(DeploymentFiles, ManifestBesideComposeAndCodeMap) {
  std::string ComposePath = write("docker-compose.yml", R"(services:
  api:
    build: ./api
    environment:
      - MODE=${MODE}
  web:
    build:
      context: web
      dockerfile: web.Dockerfile
  db:
    image: postgres@sha256:0000000000000000000000000000000000000000000000000000000000000000
)");
  write(
      "app-compose.json",
      R"({"allowed_envs": ["MODE"], "docker_compose_file": "services:\n  embedded:\n    build: ./api\n"})");
  write("api/Dockerfile", "FROM python:3\nCOPY src /app/src\nCOPY --from=build /out /out\n"
                          "ADD requirements.txt pyproject.toml /app/\n");
  write("web/web.Dockerfile", "FROM node:20\nCOPY . .\n");
  write("other/docker-compose.yml", "services:\n  lone:\n    image: x\n");
  write("api/src/main.py", "print(1)\n");

  FileStore Store;
  auto D = Deployment::build(Paths, Store);
  ASSERT_TRUE(D);
  EXPECT_EQ(D->units().size(), 3u); // two compose files, one embedded
  const AppComposeManifest *M = D->manifestFor(ComposePath);
  ASSERT_TRUE(M);
  EXPECT_TRUE(M->allows("MODE"));
  EXPECT_FALSE(D->manifestFor(std::string(Dir) + "/other/docker-compose.yml"));

  const DeploymentUnit *Main = nullptr;
  for (const DeploymentUnit &U : D->units())
    if (U.Path == ComposePath)
      Main = &U;
  ASSERT_TRUE(Main);
  EXPECT_EQ(Main->Manifest, M);
  EnvVerdict V =
      classifyEnv(*Main->Compose->findService("api"), "MODE", D->environmentFor(ComposePath));
  EXPECT_EQ(V.Kind, VK::OperatorControlled);

  const ServiceCode *Api = D->codeOf(ComposePath, "api");
  ASSERT_TRUE(Api);
  ASSERT_TRUE(Api->Dockerfile);
  std::vector<std::string> Want = {std::string(Dir) + "/api/src",
                                   std::string(Dir) + "/api/requirements.txt",
                                   std::string(Dir) + "/api/pyproject.toml"};
  std::vector<std::string> Got;
  for (const CodeSource &S : Api->Sources) {
    Got.push_back(S.Path);
    EXPECT_EQ(S.Level, Evidence::Strong);
  }
  EXPECT_EQ(Got, Want);
  const ServiceCode *Web = D->codeOf(ComposePath, "web");
  ASSERT_TRUE(Web);
  ASSERT_EQ(Web->Sources.size(), 1u);
  EXPECT_EQ(Web->Sources[0].Path, std::string(Dir) + "/web");
  const ServiceCode *Db = D->codeOf(ComposePath, "db");
  ASSERT_TRUE(Db);
  EXPECT_TRUE(Db->Sources.empty());
  EXPECT_TRUE(Db->Prebuilt);
}

TEST_F(DeploymentFiles, UnreadableAndOtherFilesAreIgnored) {
  write("main.py", "print(1)\n");
  Paths.push_back(std::string(Dir) + "/missing/docker-compose.yml");
  FileStore Store;
  auto D = Deployment::build(Paths, Store);
  EXPECT_TRUE(D->units().empty());
  EXPECT_TRUE(D->empty());
}

} // namespace
