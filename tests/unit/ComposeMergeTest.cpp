// mergeCompose(), resolveExtends(), ComposeProject and the service settings
// they depend on (extends, devices, security_opt, volume source locations).

#include "deploy/ComposeFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

/// Compose files kept alive together, parsed from text.
class Files {
public:
  const ComposeFile &add(const std::string &Path, std::string Text) {
    Sources.push_back(std::make_unique<SourceFile>(Path, std::move(Text), Language::Yaml));
    Results.push_back(std::make_unique<ComposeParseResult>(parseCompose(*Sources.back())));
    EXPECT_TRUE(Results.back()->Issues.empty())
        << Path << ": " << Results.back()->Issues[0].Message;
    EXPECT_TRUE(Results.back()->Compose.has_value()) << Path;
    ByPath[Path] = &*Results.back()->Compose;
    return *Results.back()->Compose;
  }
  /// Offset of \p Needle in the file at \p Path.
  size_t at(const std::string &Path, std::string_view Needle) const {
    for (const auto &S : Sources)
      if (S->path() == Path) {
        size_t Pos = S->content().find(Needle);
        EXPECT_NE(Pos, std::string_view::npos) << Needle;
        return Pos;
      }
    ADD_FAILURE() << "no file " << Path;
    return 0;
  }
  const SourceFile *file(const std::string &Path) const {
    for (const auto &S : Sources)
      if (S->path() == Path)
        return S.get();
    return nullptr;
  }
  ComposeFileLoader loader() {
    return [this](const std::string &Path) -> llvm::Expected<const ComposeFile *> {
      Requested.push_back(Path);
      auto It = ByPath.find(Path);
      if (It == ByPath.end())
        return llvm::createStringError(llvm::inconvertibleErrorCode(), "no such file");
      return It->second;
    };
  }
  std::vector<std::string> Requested;

private:
  std::vector<std::unique_ptr<SourceFile>> Sources;
  std::vector<std::unique_ptr<ComposeParseResult>> Results;
  std::map<std::string, const ComposeFile *> ByPath;
};

const ComposeService &service(const ComposeFile &F, std::string_view Name) {
  const ComposeService *S = F.findService(Name);
  EXPECT_NE(S, nullptr) << Name;
  static const ComposeService None;
  return S ? *S : None;
}

std::string envValue(const ComposeService &S, std::string_view Name) {
  const EnvironmentEntry *E = S.findEnv(Name);
  return E && E->Value ? E->Value->Text : "<unset>";
}

TEST(ComposeModel, ReadsExtendsDevicesAndSecurityOpt) {
  Files F;
  const ComposeFile &C =
      F.add("/p/docker-compose.yml", "services:\n"
                                     "  a:\n"
                                     "    extends: {file: common.yml, service: base}\n"
                                     "    devices: [\"/dev/mem:/dev/mem\"]\n"
                                     "    security_opt:\n"
                                     "      - seccomp=unconfined\n"
                                     "  b:\n"
                                     "    extends: a\n"
                                     "    volumes:\n"
                                     "      - /etc:/host-etc:ro\n"
                                     "      - type: bind\n"
                                     "        source: \"/var/run/docker.sock\"\n"
                                     "        target: /s\n");
  const ComposeService &A = service(C, "a");
  ASSERT_TRUE(A.Extends);
  EXPECT_EQ(A.Extends->Service.Text, "base");
  ASSERT_TRUE(A.Extends->File);
  EXPECT_EQ(A.Extends->File->Text, "common.yml");
  EXPECT_EQ(A.Extends->File->Loc.Offset, F.at("/p/docker-compose.yml", "common.yml"));
  ASSERT_EQ(A.Devices.size(), 1u);
  EXPECT_EQ(A.Devices[0].Text, "/dev/mem:/dev/mem");
  ASSERT_EQ(A.SecurityOpt.size(), 1u);
  EXPECT_EQ(A.SecurityOpt[0].Text, "seccomp=unconfined");

  const ComposeService &B = service(C, "b");
  ASSERT_TRUE(B.Extends);
  EXPECT_EQ(B.Extends->Service.Text, "a");
  EXPECT_FALSE(B.Extends->File);
  ASSERT_EQ(B.Volumes.size(), 2u);
  EXPECT_EQ(B.Volumes[0].SourceLoc.Offset, F.at("/p/docker-compose.yml", "/etc:"));
  EXPECT_EQ(B.Volumes[0].SourceLength, 4u);
  EXPECT_EQ(B.Volumes[1].SourceLoc.Offset, F.at("/p/docker-compose.yml", "/var/run/docker.sock"));
  EXPECT_EQ(B.Volumes[1].SourceLength, std::string("/var/run/docker.sock").size());
}

TEST(ComposeModel, ExtendsWithoutServiceIsAnIssue) {
  SourceFile File("docker-compose.yml", "services:\n  a:\n    extends: {file: x.yml}\n",
                  Language::Yaml);
  ComposeParseResult R = parseCompose(File);
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_EQ(R.Issues[0].Message, "'services.a.extends' has no 'service'");
  EXPECT_FALSE(R.Compose->Services[0].Extends);
}

TEST(ComposeMerge, FollowsComposeMergeRules) {
  Files F;
  const ComposeFile &Base =
      F.add("/p/docker-compose.yml", "services:\n"
                                     "  api:\n"
                                     "    image: api:1\n"
                                     "    privileged: false\n"
                                     "    environment:\n"
                                     "      - A=base\n"
                                     "      - B=base\n"
                                     "    volumes:\n"
                                     "      - data:/data\n"
                                     "      - ./conf:/conf:ro\n"
                                     "    ports: [\"8080:80\", \"9000:9000\"]\n"
                                     "    cap_add: [NET_BIND_SERVICE]\n"
                                     "    env_file: a.env\n"
                                     "    command: [run, base]\n"
                                     "  db:\n"
                                     "    image: db:1\n");
  const ComposeFile &Over = F.add("/p/docker-compose.override.yml",
                                  "services:\n"
                                  "  api:\n"
                                  "    image: api:2\n"
                                  "    environment:\n"
                                  "      B: over\n"
                                  "      C: new\n"
                                  "    volumes:\n"
                                  "      - /etc:/conf\n"
                                  "    ports: [\"8080:80/tcp\", \"127.0.0.1:7000:7000\"]\n"
                                  "    cap_add: [SYS_ADMIN, NET_BIND_SERVICE]\n"
                                  "    env_file: [b.env]\n"
                                  "    command: serve\n"
                                  "  extra:\n"
                                  "    image: extra:1\n");
  ComposeFile M = mergeCompose({&Base, nullptr, &Over});
  ASSERT_EQ(M.Services.size(), 3u);
  EXPECT_EQ(M.Services[0].Name, "api");
  EXPECT_EQ(M.Services[1].Name, "db");
  EXPECT_EQ(M.Services[2].Name, "extra");
  EXPECT_EQ(M.File, F.file("/p/docker-compose.yml"));

  const ComposeService &Api = M.Services[0];
  // The service stays where it was first declared; each value where written.
  EXPECT_EQ(Api.NameLoc.File, F.file("/p/docker-compose.yml"));
  ASSERT_TRUE(Api.Image);
  EXPECT_EQ(Api.Image->Text, "api:2");
  EXPECT_EQ(Api.Image->Loc.File, F.file("/p/docker-compose.override.yml"));
  EXPECT_EQ(Api.Image->Loc.Offset, F.at("/p/docker-compose.override.yml", "api:2"));
  ASSERT_TRUE(Api.Privileged);
  EXPECT_EQ(Api.Privileged->Loc.File, F.file("/p/docker-compose.yml"));

  EXPECT_EQ(envValue(Api, "A"), "base");
  EXPECT_EQ(envValue(Api, "B"), "over");
  EXPECT_EQ(envValue(Api, "C"), "new");
  EXPECT_EQ(Api.Environment.size(), 3u);
  EXPECT_EQ(Api.findEnv("B")->Value->Loc.File, F.file("/p/docker-compose.override.yml"));

  ASSERT_EQ(Api.Volumes.size(), 2u);
  EXPECT_EQ(Api.Volumes[0].Target, "/data");
  EXPECT_EQ(Api.Volumes[1].Target, "/conf");
  EXPECT_EQ(Api.Volumes[1].Source, "/etc");
  EXPECT_FALSE(Api.Volumes[1].ReadOnly);
  EXPECT_EQ(Api.Volumes[1].SourceLoc.File, F.file("/p/docker-compose.override.yml"));

  // 8080:80 and 8080:80/tcp are the same port.
  ASSERT_EQ(Api.Ports.size(), 3u);
  EXPECT_EQ(Api.Ports[0].Text, "8080:80/tcp");
  EXPECT_EQ(Api.Ports[1].Text, "9000:9000");
  EXPECT_EQ(Api.Ports[2].Text, "127.0.0.1:7000:7000");

  ASSERT_EQ(Api.CapAdd.size(), 2u);
  EXPECT_EQ(Api.CapAdd[0].Text, "NET_BIND_SERVICE");
  EXPECT_EQ(Api.CapAdd[1].Text, "SYS_ADMIN");
  ASSERT_EQ(Api.EnvFiles.size(), 2u);
  EXPECT_EQ(Api.EnvFiles[0].Path, "a.env");
  EXPECT_EQ(Api.EnvFiles[1].Path, "b.env");

  ASSERT_EQ(Api.Command.size(), 1u);
  EXPECT_EQ(Api.Command[0].Text, "serve");
  EXPECT_TRUE(Api.CommandIsString);
}

TEST(ComposeMerge, MergesBuildFieldsAndKeepsReferences) {
  Files F;
  const ComposeFile &Base =
      F.add("/p/compose.yaml", "services:\n"
                               "  app:\n"
                               "    build: {context: ., dockerfile: Dockerfile}\n"
                               "    environment: [\"K=${K}\"]\n");
  const ComposeFile &Over =
      F.add("/p/compose.override.yaml", "services:\n"
                                        "  app:\n"
                                        "    build: {dockerfile: Dockerfile.prod}\n"
                                        "    image: ${IMAGE}\n");
  ComposeFile M = mergeCompose({&Base, &Over});
  const ComposeService &App = service(M, "app");
  ASSERT_TRUE(App.Build);
  EXPECT_EQ(App.Build->Context->Text, ".");
  EXPECT_EQ(App.Build->Dockerfile->Text, "Dockerfile.prod");
  ASSERT_EQ(M.References.size(), 2u);
  EXPECT_EQ(M.References[0].Ref.Name, "K");
  EXPECT_EQ(M.References[0].Loc.File, F.file("/p/compose.yaml"));
  EXPECT_EQ(M.References[1].Ref.Name, "IMAGE");
  EXPECT_EQ(M.References[1].Loc.File, F.file("/p/compose.override.yaml"));
}

TEST(ComposeExtends, SameFileChain) {
  Files F;
  const ComposeFile &C = F.add("/p/docker-compose.yml", "services:\n"
                                                        "  base:\n"
                                                        "    image: base:1\n"
                                                        "    privileged: true\n"
                                                        "    environment: {A: base, B: base}\n"
                                                        "  mid:\n"
                                                        "    extends: base\n"
                                                        "    environment: {B: mid}\n"
                                                        "  web:\n"
                                                        "    extends: {service: mid}\n"
                                                        "    image: web:1\n");
  ComposeParseResult R = resolveExtends(C);
  EXPECT_TRUE(R.Issues.empty()) << R.Issues[0].Message;
  const ComposeService &Web = service(*R.Compose, "web");
  EXPECT_FALSE(Web.Extends);
  EXPECT_EQ(Web.Image->Text, "web:1");
  ASSERT_TRUE(Web.Privileged);
  EXPECT_EQ(Web.Privileged->Loc.Offset, F.at("/p/docker-compose.yml", "true"));
  EXPECT_EQ(envValue(Web, "A"), "base");
  EXPECT_EQ(envValue(Web, "B"), "mid");
  EXPECT_EQ(Web.NameLoc.Offset, F.at("/p/docker-compose.yml", "web:\n"));
  // The base itself is unchanged.
  EXPECT_EQ(envValue(service(*R.Compose, "base"), "B"), "base");
}

TEST(ComposeExtends, CyclesAndMissingServicesAreIssues) {
  Files F;
  const ComposeFile &C = F.add("/p/docker-compose.yml", "services:\n"
                                                        "  a:\n"
                                                        "    extends: b\n"
                                                        "    image: a:1\n"
                                                        "  b:\n"
                                                        "    extends: a\n"
                                                        "  self:\n"
                                                        "    extends: self\n"
                                                        "  lost:\n"
                                                        "    extends: {service: nowhere}\n"
                                                        "    image: lost:1\n");
  ComposeParseResult R = resolveExtends(C);
  std::vector<std::string> Messages;
  for (const DeployIssue &I : R.Issues)
    Messages.push_back(std::to_string(I.Loc.line()) + ": " + I.Message);
  EXPECT_EQ(Messages,
            (std::vector<std::string>{
                "6: service 'b' extends itself through a cycle: a -> b -> a",
                "3: service 'a' extends itself through a cycle: b -> a -> b",
                "8: service 'self' extends itself through a cycle: self -> self",
                "10: service 'lost' extends 'nowhere', which is not a service of this file",
            }));
  // Each keeps what it could resolve.
  EXPECT_EQ(service(*R.Compose, "lost").Image->Text, "lost:1");
  EXPECT_EQ(service(*R.Compose, "b").Image->Text, "a:1");
}

TEST(ComposeExtends, OtherFilesRelativeToTheirOwnDirectory) {
  Files F;
  F.add("/p/shared/common.yml", "services:\n"
                                "  base:\n"
                                "    extends: {file: ../more/root.yml, service: root}\n"
                                "    cap_add: [SYS_PTRACE]\n");
  F.add("/p/more/root.yml", "services:\n"
                            "  root:\n"
                            "    image: root:1\n"
                            "    pid: host\n");
  const ComposeFile &C =
      F.add("/p/docker-compose.yml", "services:\n"
                                     "  app:\n"
                                     "    extends:\n"
                                     "      file: ./shared/common.yml\n"
                                     "      service: base\n"
                                     "  broken:\n"
                                     "    extends: {file: missing.yml, service: x}\n");
  ComposeParseResult R = resolveExtends(C, F.loader());
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_EQ(R.Issues[0].Message,
            "service 'broken' extends 'x' from 'missing.yml', which cannot be read: no such file");
  EXPECT_EQ(R.Issues[0].Loc.Offset, F.at("/p/docker-compose.yml", "missing.yml"));
  EXPECT_EQ(F.Requested, (std::vector<std::string>{"/p/shared/common.yml", "/p/more/root.yml",
                                                   "/p/missing.yml"}));
  const ComposeService &App = service(*R.Compose, "app");
  ASSERT_TRUE(App.Pid);
  EXPECT_EQ(App.Pid->Text, "host");
  EXPECT_EQ(App.Pid->Loc.File, F.file("/p/more/root.yml"));
  ASSERT_EQ(App.CapAdd.size(), 1u);
  EXPECT_EQ(App.CapAdd[0].Loc.File, F.file("/p/shared/common.yml"));
  EXPECT_EQ(App.Image->Text, "root:1");
}

TEST(ComposeExtends, CycleAcrossFiles) {
  Files F;
  F.add("/p/other.yml", "services:\n  x:\n    extends: {file: docker-compose.yml, service: y}\n");
  const ComposeFile &C = F.add("/p/docker-compose.yml",
                               "services:\n  y:\n    extends: {file: other.yml, service: x}\n");
  ComposeParseResult R = resolveExtends(C, F.loader());
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_EQ(R.Issues[0].Message, "service 'x' extends itself through a cycle: y -> x -> y");
  EXPECT_EQ(R.Issues[0].Loc.File, F.file("/p/other.yml"));
}

TEST(ComposeExtends, WithoutLoaderOtherFilesAreIssues) {
  Files F;
  const ComposeFile &C =
      F.add("/p/docker-compose.yml", "services:\n  y:\n    extends: {file: o.yml, service: x}\n");
  ComposeParseResult R = resolveExtends(C);
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_NE(R.Issues[0].Message.find("cannot be read"), std::string::npos);
}

TEST(ComposeProjectTest, DefaultOverrideCandidates) {
  EXPECT_EQ(defaultOverrideCandidates("/a/docker-compose.yml"),
            (std::vector<std::string>{"/a/docker-compose.override.yml",
                                      "/a/docker-compose.override.yaml"}));
  EXPECT_EQ(defaultOverrideCandidates("compose.yaml"),
            (std::vector<std::string>{"compose.override.yaml", "compose.override.yml"}));
  EXPECT_TRUE(defaultOverrideCandidates("/a/docker-compose.override.yml").empty());
  EXPECT_TRUE(defaultOverrideCandidates("/a/docker-compose.prod.yml").empty());
  EXPECT_TRUE(defaultOverrideCandidates("/a/app-compose.json").empty());
}

class ComposeProjectOnDisk : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("compose-project", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string write(const std::string &Rel, const std::string &Text) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream(std::string(P)) << Text;
    return std::string(P);
  }
  llvm::SmallString<128> Dir;
  FileStore Store;
  ComposeCache Cache{Store};
};

TEST_F(ComposeProjectOnDisk, LoadsDefaultOverrideAndExtends) {
  std::string Main =
      write("docker-compose.yml", "services:\n"
                                  "  app:\n"
                                  "    extends: {file: lib/base.yml, service: base}\n"
                                  "    image: app:1\n");
  write("lib/base.yml", "services:\n  base:\n    network_mode: host\n");
  std::string Over =
      write("docker-compose.override.yml",
            "services:\n  app:\n    image: app@sha256:" + std::string(64, 'a') + "\n");
  auto P = ComposeProject::load({Main}, Cache);
  EXPECT_TRUE(P->issues().empty()) << P->issues()[0].Message;
  EXPECT_EQ(P->paths(), (std::vector<std::string>{Main, Over}));
  ASSERT_NE(P->merged(), nullptr);
  const ComposeService &App = service(*P->merged(), "app");
  EXPECT_EQ(App.Image->Text, "app@sha256:" + std::string(64, 'a'));
  EXPECT_EQ(App.Image->Loc.File->path(), Over);
  ASSERT_TRUE(App.NetworkMode);
  EXPECT_NE(App.NetworkMode->Loc.File->path().find("base.yml"), std::string::npos);
}

TEST_F(ComposeProjectOnDisk, ExplicitListSkipsDefaultOverrideAndReportsUnreadable) {
  std::string Main = write("compose.yaml", "services:\n  a:\n    image: a:1\n");
  write("compose.override.yaml", "services:\n  a:\n    image: a:2\n");
  std::string Missing = std::string(Dir) + "/nope.yml";
  auto P = ComposeProject::load({Main, Missing}, Cache);
  ASSERT_EQ(P->issues().size(), 1u);
  EXPECT_EQ(P->issues()[0].Message.rfind(Missing + ": ", 0), 0u) << P->issues()[0].Message;
  EXPECT_EQ(P->paths(), std::vector<std::string>{Main});
  EXPECT_EQ(service(*P->merged(), "a").Image->Text, "a:1");

  auto Single = ComposeProject::load({Main}, Cache);
  EXPECT_EQ(service(*Single->merged(), "a").Image->Text, "a:2");
}

TEST_F(ComposeProjectOnDisk, NothingReadableGivesNoModel) {
  auto P = ComposeProject::load({std::string(Dir) + "/docker-compose.yml"}, Cache);
  EXPECT_EQ(P->merged(), nullptr);
  EXPECT_EQ(P->issues().size(), 1u);
}

} // namespace

TEST(ComposeMerge, VolumeDeclarationsAreReplacedByName) {
  Files F;
  const ComposeFile &Base = F.add("/p/docker-compose.yml", "volumes:\n"
                                                           "  data:\n"
                                                           "  logs:\n"
                                                           "    driver: local\n");
  const ComposeFile &Over =
      F.add("/p/docker-compose.override.yml", "volumes:\n"
                                              "  logs:\n"
                                              "    driver_opts: {type: nfs, device: \":/x\"}\n"
                                              "  extra:\n");
  ComposeFile M = mergeCompose({&Base, &Over});
  ASSERT_EQ(M.Volumes.size(), 3u);
  EXPECT_EQ(M.Volumes[0].Name, "data");
  EXPECT_EQ(M.Volumes[1].Name, "logs");
  EXPECT_FALSE(M.Volumes[1].Driver);
  ASSERT_NE(M.Volumes[1].option("type"), nullptr);
  EXPECT_EQ(M.Volumes[1].option("type")->Text, "nfs");
  EXPECT_EQ(M.Volumes[2].Name, "extra");
}
