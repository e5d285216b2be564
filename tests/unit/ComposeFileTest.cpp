#include "deploy/ComposeFile.h"
#include "deploy/Dockerfile.h"

#include <gtest/gtest.h>

#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;
using Form = EnvironmentEntry::Form;

namespace {

/// A file and what parseCompose made of it (the file must outlive the result).
struct Parsed {
  std::unique_ptr<SourceFile> File;
  ComposeParseResult R;

  const ComposeFile &compose() const { return *R.Compose; }
  const ComposeService &service(std::string_view Name) const {
    const ComposeService *S = R.Compose->findService(Name);
    EXPECT_NE(S, nullptr) << Name;
    return *S;
  }
  /// Offset of the \p Nth occurrence (0-based) of \p Needle in the file.
  size_t at(std::string_view Needle, unsigned Nth = 0) const {
    std::string_view C = File->content();
    size_t Pos = C.find(Needle);
    while (Nth-- && Pos != std::string_view::npos)
      Pos = C.find(Needle, Pos + 1);
    EXPECT_NE(Pos, std::string_view::npos) << Needle;
    return Pos;
  }
  std::string issues() const {
    std::string Out;
    for (const DeployIssue &I : R.Issues)
      Out += std::to_string(I.Loc.line()) + ":" + std::to_string(I.Loc.column()) + ": " +
             I.Message + "\n";
    return Out;
  }
  /// The issue whose message contains \p Text, or null.
  const DeployIssue *issue(std::string_view Text) const {
    for (const DeployIssue &I : R.Issues)
      if (I.Message.find(Text) != std::string::npos)
        return &I;
    return nullptr;
  }
};

Parsed parse(std::string Text) {
  Parsed P;
  P.File = std::make_unique<SourceFile>("docker-compose.yml", std::move(Text), Language::Yaml);
  P.R = parseCompose(*P.File);
  return P;
}

/// Parses and expects a model with no issues.
Parsed parseClean(std::string Text) {
  Parsed P = parse(std::move(Text));
  EXPECT_TRUE(P.R.Compose.has_value());
  EXPECT_TRUE(P.R.Issues.empty()) << P.issues();
  return P;
}

//===----------------------------------------------------------------------===//
// Scalars and their locations
//===----------------------------------------------------------------------===//

TEST(ComposeFile, ScalarSettingsAndLocations) {
  Parsed P = parseClean("services:\n"
                        "  api:\n"
                        "    image: ghcr.io/acme/api:1.2\n"
                        "    pull_policy: always\n"
                        "    network_mode: host\n"
                        "    pid: \"host\"\n"
                        "    privileged: true\n"
                        "    restart: always\n");
  ASSERT_EQ(P.compose().Services.size(), 1u);
  const ComposeService &S = P.service("api");
  EXPECT_EQ(S.NameLoc.Offset, P.at("api"));
  EXPECT_EQ(S.NameLoc.line(), 2u);
  EXPECT_EQ(S.NameLoc.column(), 3u);
  ASSERT_TRUE(S.Image);
  EXPECT_EQ(S.Image->Text, "ghcr.io/acme/api:1.2");
  EXPECT_EQ(S.Image->Loc.Offset, P.at("ghcr.io"));
  EXPECT_EQ(S.Image->Loc.File, P.File.get());
  EXPECT_EQ(S.Image->Length, S.Image->Text.size());
  EXPECT_TRUE(S.Image->Offsets.empty());
  EXPECT_TRUE(S.Image->Value.isLiteral());
  ASSERT_TRUE(S.PullPolicy && S.NetworkMode && S.Pid && S.Privileged && S.Restart);
  EXPECT_EQ(S.PullPolicy->Text, "always");
  EXPECT_EQ(S.NetworkMode->Text, "host");
  // A quoted scalar's location is the byte after its opening quote.
  EXPECT_EQ(S.Pid->Text, "host");
  EXPECT_EQ(S.Pid->Loc.Offset, P.at("\"host\"") + 1);
  EXPECT_EQ(S.Pid->Length, 4u);
  EXPECT_EQ(S.Privileged->Text, "true");
  EXPECT_EQ(S.Restart->Text, "always");
  EXPECT_EQ(S.Restart->Loc.line(), 8u);
}

TEST(ComposeFile, AbsentAndNullSettingsStayEmpty) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    image:\n"
                        "    environment:\n"
                        "  b:\n");
  ASSERT_EQ(P.compose().Services.size(), 2u);
  EXPECT_FALSE(P.service("a").Image);
  EXPECT_TRUE(P.service("a").Environment.empty());
  EXPECT_FALSE(P.service("b").Build);
  EXPECT_EQ(P.compose().findService("missing"), nullptr);
}

TEST(ComposeFile, QuotedAndEscapedScalarsMapBackToTheFile) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    command:\n"
                        "      - \"tab\\there ${X}\"\n"
                        "      - 'it''s ${Y}'\n"
                        "      - \"\\u00e9 ${Z}\"\n");
  const ComposeService &S = P.service("a");
  ASSERT_EQ(S.Command.size(), 3u);
  EXPECT_FALSE(S.CommandIsString);

  const ComposeScalar &Tab = S.Command[0];
  EXPECT_EQ(Tab.Text, "tab\there ${X}");
  EXPECT_EQ(Tab.Loc.Offset, P.at("tab"));
  ASSERT_EQ(Tab.Value.Refs.size(), 1u);
  EXPECT_EQ(Tab.locationOf(Tab.Value.Refs[0].Offset).Offset, P.at("${X}"));
  EXPECT_EQ(Tab.fileOffset(3), P.at("\\there")); // the escape's backslash
  EXPECT_EQ(Tab.Loc.Offset + Tab.Length, P.at("${X}\"") + 4);

  const ComposeScalar &Quote = S.Command[1];
  EXPECT_EQ(Quote.Text, "it's ${Y}");
  EXPECT_EQ(Quote.locationOf(Quote.Value.Refs[0].Offset).Offset, P.at("${Y}"));

  const ComposeScalar &Unicode = S.Command[2];
  EXPECT_EQ(Unicode.Text, "\xC3\xA9 ${Z}");
  EXPECT_EQ(Unicode.fileOffset(0), P.at("\\u00e9"));
  EXPECT_EQ(Unicode.fileOffset(1), P.at("\\u00e9"));
  EXPECT_EQ(Unicode.locationOf(Unicode.Value.Refs[0].Offset).Offset, P.at("${Z}"));
}

TEST(ComposeFile, FoldedAndBlockScalarsMapBackToTheFile) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    entrypoint: one two\n"
                        "      three ${W}\n"
                        "    command: |\n"
                        "      echo start\n"
                        "      echo ${SECRET}\n"
                        "    image: >-\n"
                        "      repo/img:${TAG}\n");
  const ComposeService &S = P.service("a");
  ASSERT_EQ(S.Entrypoint.size(), 1u);
  EXPECT_TRUE(S.EntrypointIsString);
  const ComposeScalar &E = S.Entrypoint[0];
  EXPECT_EQ(E.Text, "one two three ${W}");
  EXPECT_EQ(E.Loc.Offset, P.at("one"));
  EXPECT_EQ(E.locationOf(E.Value.Refs[0].Offset).Offset, P.at("${W}"));
  EXPECT_EQ(E.fileOffset(E.Text.find("three")), P.at("three"));

  ASSERT_EQ(S.Command.size(), 1u);
  EXPECT_TRUE(S.CommandIsString);
  const ComposeScalar &C = S.Command[0];
  EXPECT_EQ(C.Text, "echo start\necho ${SECRET}\n");
  EXPECT_EQ(C.Loc.Offset, P.at("echo start"));
  ASSERT_EQ(C.Value.Refs.size(), 1u);
  SourceLocation Ref = C.locationOf(C.Value.Refs[0].Offset);
  EXPECT_EQ(Ref.Offset, P.at("${SECRET}"));
  EXPECT_EQ(Ref.line(), 7u);
  EXPECT_EQ(Ref.column(), 12u);

  ASSERT_TRUE(S.Image);
  EXPECT_EQ(S.Image->Text, "repo/img:${TAG}");
  EXPECT_EQ(S.Image->Loc.Offset, P.at("repo/img"));
  EXPECT_EQ(S.Image->Length, S.Image->Text.size());
}

TEST(ComposeFile, AnchoredScalarLocationSkipsTheAnchor) {
  Parsed P = parseClean("x-img: &img !!str registry/app:1\n"
                        "services:\n"
                        "  a:\n"
                        "    image: *img\n");
  const ComposeService &S = P.service("a");
  ASSERT_TRUE(S.Image);
  EXPECT_EQ(S.Image->Text, "registry/app:1");
  EXPECT_EQ(S.Image->Loc.Offset, P.at("registry/app"));
}

TEST(ComposeFile, NonAsciiBytesBeforeAValueKeepOffsetsExact) {
  Parsed P = parseClean("x-note: \"café ☕ ünïcode\"\n"
                        "services:\n"
                        "  é-svc:\n"
                        "    command: [\"é€\", \"${AFTER}\"]\n"
                        "    environment:\n"
                        "      LABEL: \"ñ\"  # é\n"
                        "      URL: ${BASE_URL}\n");
  const ComposeService &S = P.service("é-svc");
  EXPECT_EQ(S.NameLoc.Offset, P.at("é-svc"));
  ASSERT_EQ(S.Command.size(), 2u);
  EXPECT_EQ(S.Command[1].Loc.Offset, P.at("${AFTER}"));
  // Columns count bytes: `    command: ["é€", "` is 24 bytes.
  EXPECT_EQ(S.Command[1].Loc.column(), 25u);
  const EnvironmentEntry *Url = S.findEnv("URL");
  ASSERT_NE(Url, nullptr);
  ASSERT_TRUE(Url->Value);
  EXPECT_EQ(Url->Value->Loc.Offset, P.at("${BASE_URL}"));
  EXPECT_EQ(Url->Value->Loc.line(), 7u);
  EXPECT_EQ(Url->Value->Loc.column(), 12u);
  ASSERT_EQ(P.compose().References.size(), 2u);
  EXPECT_EQ(P.compose().References[0].Loc.Offset, P.at("${AFTER}"));
  EXPECT_EQ(P.compose().References[1].Loc.Offset, P.at("${BASE_URL}"));
}

TEST(ComposeFile, CrLfAndByteOrderMarkKeepOffsetsExact) {
  Parsed P = parseClean("\xEF\xBB\xBFservices:\r\n"
                        "  a:\r\n"
                        "    image: é/x\r\n"
                        "    environment:\r\n"
                        "      - K=${V}\r\n");
  const ComposeService &S = P.service("a");
  EXPECT_EQ(S.NameLoc.Offset, P.at("a:"));
  ASSERT_TRUE(S.Image);
  EXPECT_EQ(S.Image->Loc.Offset, P.at("é/x"));
  EXPECT_EQ(S.Image->Text, "é/x");
  ASSERT_EQ(S.Environment.size(), 1u);
  EXPECT_EQ(S.Environment[0].Value->Loc.Offset, P.at("${V}"));
  ASSERT_EQ(P.compose().References.size(), 1u);
  EXPECT_EQ(P.compose().References[0].Loc.Offset, P.at("${V}"));
}

TEST(ComposeFile, SliceKeepsLocationsAndReparses) {
  Parsed P = parseClean("services:\n  a:\n    image: \"r\\\\x:${T}\"\n");
  const ComposeScalar &I = *P.service("a").Image;
  EXPECT_EQ(I.Text, "r\\x:${T}");
  EXPECT_FALSE(I.Offsets.empty()); // the escape makes it non-contiguous
  ComposeScalar Tag = I.slice(I.Text.find(':') + 1);
  EXPECT_EQ(Tag.Text, "${T}");
  EXPECT_EQ(Tag.Loc.Offset, P.at("${T}"));
  EXPECT_EQ(Tag.Length, 4u);
  ASSERT_EQ(Tag.Value.Refs.size(), 1u);
  EXPECT_EQ(Tag.Value.Refs[0].Offset, 0u);
  EXPECT_TRUE(Tag.Offsets.empty());
}

//===----------------------------------------------------------------------===//
// environment
//===----------------------------------------------------------------------===//

TEST(ComposeFile, EnvironmentListForms) {
  Parsed P = parseClean("services:\n"
                        "  api:\n"
                        "    environment:\n"
                        "      - OPENAI_API_KEY=${OPENAI_API_KEY}\n"
                        "      - PASSTHROUGH\n"
                        "      - EMPTY=\n"
                        "      - \"QUOTED=a=b ${X:-d}\"\n"
                        "      - DEBUG=1\n"
                        "      - DEBUG=0\n");
  const auto &Env = P.service("api").Environment;
  ASSERT_EQ(Env.size(), 6u);

  EXPECT_EQ(Env[0].Name, "OPENAI_API_KEY");
  EXPECT_EQ(Env[0].Kind, Form::ListKeyValue);
  EXPECT_EQ(Env[0].NameLoc.Offset, P.at("OPENAI_API_KEY="));
  ASSERT_TRUE(Env[0].Value);
  EXPECT_EQ(Env[0].Value->Text, "${OPENAI_API_KEY}");
  EXPECT_EQ(Env[0].Value->Loc.Offset, P.at("${OPENAI_API_KEY}"));
  EXPECT_EQ(Env[0].Value->Length, 17u);
  ASSERT_EQ(Env[0].Value->Value.Refs.size(), 1u);
  EXPECT_EQ(Env[0].Value->Value.Refs[0].Offset, 0u);

  EXPECT_EQ(Env[1].Name, "PASSTHROUGH");
  EXPECT_EQ(Env[1].Kind, Form::ListBare);
  EXPECT_FALSE(Env[1].Value);
  EXPECT_EQ(Env[1].NameLoc.Offset, P.at("PASSTHROUGH"));

  EXPECT_EQ(Env[2].Name, "EMPTY");
  EXPECT_EQ(Env[2].Kind, Form::ListKeyValue);
  ASSERT_TRUE(Env[2].Value);
  EXPECT_EQ(Env[2].Value->Text, "");
  EXPECT_EQ(Env[2].Value->Loc.Offset, P.at("EMPTY=") + 6);
  EXPECT_EQ(Env[2].Value->Length, 0u);

  EXPECT_EQ(Env[3].Name, "QUOTED");
  EXPECT_EQ(Env[3].NameLoc.Offset, P.at("QUOTED"));
  EXPECT_EQ(Env[3].Value->Text, "a=b ${X:-d}");
  EXPECT_EQ(Env[3].Value->Loc.Offset, P.at("a=b"));
  ASSERT_EQ(Env[3].Value->Value.Refs.size(), 1u);
  EXPECT_EQ(Env[3].Value->Value.Refs[0].Kind, VariableRef::Form::DefaultIfUnsetOrEmpty);
  EXPECT_EQ(Env[3].Value->locationOf(Env[3].Value->Value.Refs[0].Offset).Offset, P.at("${X:-d}"));

  const EnvironmentEntry *Debug = P.service("api").findEnv("DEBUG");
  ASSERT_NE(Debug, nullptr);
  EXPECT_EQ(Debug->Value->Text, "0"); // the last one wins
  EXPECT_EQ(P.service("api").findEnv("NOPE"), nullptr);
}

TEST(ComposeFile, EnvironmentMapForms) {
  Parsed P = parseClean("services:\n"
                        "  api:\n"
                        "    environment:\n"
                        "      URL: ${BASE_URL}/v1\n"
                        "      BARE:\n"
                        "      NULLED: null\n"
                        "      TILDE: ~\n"
                        "      EMPTY: \"\"\n"
                        "      PORT: 8080\n"
                        "      FLAG: false\n"
                        "      QUOTED: 'x ${Q}'\n");
  const auto &Env = P.service("api").Environment;
  ASSERT_EQ(Env.size(), 8u);
  EXPECT_EQ(Env[0].Name, "URL");
  EXPECT_EQ(Env[0].Kind, Form::MapValue);
  EXPECT_EQ(Env[0].NameLoc.Offset, P.at("URL"));
  EXPECT_EQ(Env[0].Value->Text, "${BASE_URL}/v1");
  EXPECT_EQ(Env[0].Value->Loc.Offset, P.at("${BASE_URL}"));
  for (size_t I : {1u, 2u, 3u}) {
    EXPECT_EQ(Env[I].Kind, Form::MapNull) << Env[I].Name;
    EXPECT_FALSE(Env[I].Value);
  }
  EXPECT_EQ(Env[4].Kind, Form::MapValue);
  EXPECT_EQ(Env[4].Value->Text, "");
  EXPECT_EQ(Env[4].Value->Loc.Offset, P.at("\"\"") + 1);
  EXPECT_EQ(Env[5].Value->Text, "8080");
  EXPECT_EQ(Env[6].Value->Text, "false");
  EXPECT_EQ(Env[7].Value->Loc.Offset, P.at("x ${Q}"));
  EXPECT_EQ(Env[7].NameLoc.line(), 11u);
}

TEST(ComposeFile, EnvironmentWrongTypesAreReportedAndSkipped) {
  Parsed P = parse("services:\n"
                   "  a:\n"
                   "    environment: 5\n"
                   "    image: ok\n"
                   "  b:\n"
                   "    environment:\n"
                   "      - [nested]\n"
                   "      - GOOD=1\n"
                   "  c:\n"
                   "    environment:\n"
                   "      LIST: [1, 2]\n"
                   "      FINE: yes\n");
  ASSERT_TRUE(P.R.Compose);
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("5"));
  EXPECT_NE(P.R.Issues[0].Message.find("services.a.environment"), std::string::npos)
      << P.R.Issues[0].Message;
  EXPECT_NE(P.R.Issues[0].Message.find("not a scalar"), std::string::npos);
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("[nested]"));
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("[1, 2]"));
  EXPECT_EQ(P.service("a").Image->Text, "ok");
  ASSERT_EQ(P.service("b").Environment.size(), 1u);
  EXPECT_EQ(P.service("b").Environment[0].Name, "GOOD");
  ASSERT_EQ(P.service("c").Environment.size(), 1u);
  EXPECT_EQ(P.service("c").Environment[0].Name, "FINE");
}

//===----------------------------------------------------------------------===//
// env_file, build, volumes, ports, lists
//===----------------------------------------------------------------------===//

TEST(ComposeFile, EnvFileForms) {
  Parsed P = parseClean("services:\n"
                        "  one:\n"
                        "    env_file: .env\n"
                        "  list:\n"
                        "    env_file:\n"
                        "      - ./a.env\n"
                        "      - /dstack/.host-shared/.decrypted-env\n"
                        "  maps:\n"
                        "    env_file:\n"
                        "      - path: ./opt.env\n"
                        "        required: false\n"
                        "      - path: ./req.env\n"
                        "        required: true\n"
                        "      - path: ./default.env\n");
  const auto &One = P.service("one").EnvFiles;
  ASSERT_EQ(One.size(), 1u);
  EXPECT_EQ(One[0].Path, ".env");
  EXPECT_TRUE(One[0].Required);
  EXPECT_EQ(One[0].Loc.Offset, P.at(".env"));

  const auto &List = P.service("list").EnvFiles;
  ASSERT_EQ(List.size(), 2u);
  EXPECT_EQ(List[1].Path, "/dstack/.host-shared/.decrypted-env");
  EXPECT_EQ(List[1].Loc.Offset, P.at("/dstack"));

  const auto &Maps = P.service("maps").EnvFiles;
  ASSERT_EQ(Maps.size(), 3u);
  EXPECT_EQ(Maps[0].Path, "./opt.env");
  EXPECT_FALSE(Maps[0].Required);
  EXPECT_EQ(Maps[0].Loc.Offset, P.at("./opt.env"));
  EXPECT_TRUE(Maps[1].Required);
  EXPECT_TRUE(Maps[2].Required);
}

TEST(ComposeFile, EnvFileProblems) {
  Parsed P = parse("services:\n"
                   "  a:\n"
                   "    env_file:\n"
                   "      - required: false\n"
                   "      - path: ./x.env\n"
                   "        required: maybe\n"
                   "      - [bad]\n"
                   "  b:\n"
                   "    env_file: {path: x}\n");
  ASSERT_TRUE(P.R.Compose);
  EXPECT_EQ(P.R.Issues.size(), 4u) << P.issues();
  const DeployIssue *NoPath = P.issue("has no 'path'");
  ASSERT_NE(NoPath, nullptr) << P.issues();
  EXPECT_EQ(NoPath->Loc.Offset, P.at("required: false"));
  const DeployIssue *Maybe = P.issue("'maybe'");
  ASSERT_NE(Maybe, nullptr) << P.issues();
  EXPECT_EQ(Maybe->Loc.Offset, P.at("maybe"));
  ASSERT_NE(P.issue("services.b.env_file' must be a string or a list"), nullptr) << P.issues();
  // The entry with a bad `required` is still read, as required.
  ASSERT_EQ(P.service("a").EnvFiles.size(), 1u);
  EXPECT_EQ(P.service("a").EnvFiles[0].Path, "./x.env");
  EXPECT_TRUE(P.service("a").EnvFiles[0].Required);
}

TEST(ComposeFile, BuildForms) {
  Parsed P = parseClean("services:\n"
                        "  short:\n"
                        "    build: ./app\n"
                        "  long:\n"
                        "    build:\n"
                        "      context: https://github.com/acme/app.git#main\n"
                        "      dockerfile: docker/Dockerfile.prod\n"
                        "  inline:\n"
                        "    build:\n"
                        "      context: .\n"
                        "      dockerfile_inline: |\n"
                        "        FROM alpine:${ALPINE}\n"
                        "        RUN echo hi\n");
  const BuildSpec &Short = *P.service("short").Build;
  ASSERT_TRUE(Short.Context);
  EXPECT_EQ(Short.Context->Text, "./app");
  EXPECT_EQ(Short.Loc.Offset, P.at("./app"));
  EXPECT_FALSE(Short.Dockerfile);

  const BuildSpec &Long = *P.service("long").Build;
  EXPECT_EQ(Long.Context->Text, "https://github.com/acme/app.git#main");
  EXPECT_EQ(Long.Dockerfile->Text, "docker/Dockerfile.prod");
  EXPECT_EQ(Long.Dockerfile->Loc.Offset, P.at("docker/"));
  EXPECT_FALSE(Long.DockerfileInline);

  const BuildSpec &Inline = *P.service("inline").Build;
  ASSERT_TRUE(Inline.DockerfileInline);
  const ComposeScalar &Text = *Inline.DockerfileInline;
  EXPECT_EQ(Text.Text, "FROM alpine:${ALPINE}\nRUN echo hi\n");
  EXPECT_EQ(Text.Loc.Offset, P.at("FROM alpine"));

  // The inline Dockerfile can be parsed with locations in the compose file.
  DockerfileParseResult D =
      parseDockerfile(*P.File, Text.Text, [&Text](size_t I) { return Text.fileOffset(I); });
  EXPECT_TRUE(D.Issues.empty());
  ASSERT_EQ(D.Model.Instructions.size(), 2u);
  EXPECT_EQ(D.Model.Instructions[1].Loc.Offset, P.at("RUN echo"));
  EXPECT_EQ(D.Model.Instructions[1].locationOf(0).Offset, P.at("echo hi"));
  ASSERT_EQ(D.Model.Stages.size(), 1u);
  EXPECT_EQ(D.Model.Stages[0].Loc.Offset, P.at("alpine:"));
  EXPECT_EQ(D.Model.Stages[0].Loc.line(), 12u);
}

TEST(ComposeFile, BuildWrongType) {
  Parsed P = parse("services:\n  a:\n    build: [x]\n    image: y\n");
  ASSERT_EQ(P.R.Issues.size(), 1u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("[x]"));
  EXPECT_FALSE(P.service("a").Build);
  EXPECT_TRUE(P.service("a").Image);
}

TEST(ComposeFile, VolumeShortSyntax) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    volumes:\n"
                        "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
                        "      - ./data:/data\n"
                        "      - named:/srv:rw,z\n"
                        "      - /anonymous\n"
                        "      - ${DATA_DIR:-./d}:/data:z,ro\n"
                        "      - ~/cfg:/cfg\n");
  const auto &V = P.service("a").Volumes;
  ASSERT_EQ(V.size(), 6u);
  EXPECT_EQ(V[0].Source, "/var/run/docker.sock");
  EXPECT_EQ(V[0].Target, "/var/run/docker.sock");
  EXPECT_TRUE(V[0].ReadOnly);
  EXPECT_EQ(V[0].Type, "bind");
  EXPECT_FALSE(V[0].LongSyntax);
  EXPECT_EQ(V[0].Loc.Offset, P.at("/var/run"));

  EXPECT_EQ(V[1].Source, "./data");
  EXPECT_EQ(V[1].Target, "/data");
  EXPECT_FALSE(V[1].ReadOnly);
  EXPECT_EQ(V[1].Type, "bind");

  EXPECT_EQ(V[2].Source, "named");
  EXPECT_EQ(V[2].Type, "volume");
  EXPECT_FALSE(V[2].ReadOnly);

  EXPECT_EQ(V[3].Source, "");
  EXPECT_EQ(V[3].Target, "/anonymous");
  EXPECT_EQ(V[3].Type, "volume");

  // The `:` inside ${...} does not split the entry.
  EXPECT_EQ(V[4].Source, "${DATA_DIR:-./d}");
  EXPECT_EQ(V[4].Target, "/data");
  EXPECT_TRUE(V[4].ReadOnly);
  EXPECT_EQ(V[4].Type, "bind");

  EXPECT_EQ(V[5].Source, "~/cfg");
  EXPECT_EQ(V[5].Type, "bind");
}

TEST(ComposeFile, VolumeLongSyntax) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    volumes:\n"
                        "      - type: bind\n"
                        "        source: /dstack\n"
                        "        target: /host-dstack\n"
                        "        read_only: true\n"
                        "      - type: volume\n"
                        "        source: cache\n"
                        "        target: /cache\n"
                        "      - source: /etc\n"
                        "        target: /etc-host\n");
  const auto &V = P.service("a").Volumes;
  ASSERT_EQ(V.size(), 3u);
  EXPECT_TRUE(V[0].LongSyntax);
  EXPECT_EQ(V[0].Type, "bind");
  EXPECT_EQ(V[0].Source, "/dstack");
  EXPECT_EQ(V[0].Target, "/host-dstack");
  EXPECT_TRUE(V[0].ReadOnly);
  EXPECT_EQ(V[0].Loc.Offset, P.at("type: bind"));
  EXPECT_EQ(V[1].Type, "volume");
  EXPECT_FALSE(V[1].ReadOnly);
  EXPECT_EQ(V[2].Type, "bind"); // inferred from the path
}

TEST(ComposeFile, VolumeProblems) {
  Parsed P = parse("services:\n"
                   "  a:\n"
                   "    volumes: /x:/y\n"
                   "  b:\n"
                   "    volumes:\n"
                   "      - [x]\n"
                   "      - source: /s\n"
                   "        target: /t\n"
                   "        read_only: sometimes\n");
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("/x:/y"));
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("[x]"));
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("sometimes"));
  ASSERT_EQ(P.service("b").Volumes.size(), 1u);
  EXPECT_FALSE(P.service("b").Volumes[0].ReadOnly);
}

TEST(ComposeFile, PortsCapsAndCommands) {
  Parsed P = parseClean("services:\n"
                        "  a:\n"
                        "    ports:\n"
                        "      - \"8080:80\"\n"
                        "      - 127.0.0.1:9000:9000/tcp\n"
                        "      - target: 443\n"
                        "        published: ${HTTPS_PORT}\n"
                        "        host_ip: 0.0.0.0\n"
                        "        protocol: tcp\n"
                        "      - target: 53\n"
                        "    cap_add: [SYS_ADMIN, NET_ADMIN]\n"
                        "    command: [\"python\", \"-m\", \"app\"]\n"
                        "    entrypoint: /bin/sh -c 'exec app'\n");
  const ComposeService &S = P.service("a");
  ASSERT_EQ(S.Ports.size(), 4u);
  EXPECT_EQ(S.Ports[0].Text, "8080:80");
  EXPECT_EQ(S.Ports[0].Loc.Offset, P.at("8080"));
  EXPECT_EQ(S.Ports[1].Text, "127.0.0.1:9000:9000/tcp");
  EXPECT_EQ(S.Ports[2].Text, "0.0.0.0:${HTTPS_PORT}:443/tcp");
  EXPECT_EQ(S.Ports[2].Loc.Offset, P.at("target: 443"));
  EXPECT_EQ(S.Ports[2].Length, 0u);
  ASSERT_EQ(S.Ports[2].Value.Refs.size(), 1u);
  EXPECT_EQ(S.Ports[2].locationOf(5).Offset, P.at("target: 443"));
  EXPECT_EQ(S.Ports[3].Text, "53");
  ASSERT_EQ(S.CapAdd.size(), 2u);
  EXPECT_EQ(S.CapAdd[0].Text, "SYS_ADMIN");
  EXPECT_EQ(S.CapAdd[1].Loc.Offset, P.at("NET_ADMIN"));
  ASSERT_EQ(S.Command.size(), 3u);
  EXPECT_FALSE(S.CommandIsString);
  EXPECT_EQ(S.Command[2].Text, "app");
  ASSERT_EQ(S.Entrypoint.size(), 1u);
  EXPECT_TRUE(S.EntrypointIsString);
  EXPECT_EQ(S.Entrypoint[0].Text, "/bin/sh -c 'exec app'");
}

TEST(ComposeFile, ListWrongTypes) {
  Parsed P = parse("services:\n"
                   "  a:\n"
                   "    ports: {a: b}\n"
                   "    cap_add: ALL\n"
                   "    command: {x: 1}\n"
                   "    image: still-read\n");
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("{a: b}"));
  EXPECT_NE(P.R.Issues[0].Message.find("'services.a.ports' must be a list"), std::string::npos)
      << P.R.Issues[0].Message;
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("ALL"));
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("{x: 1}"));
  EXPECT_EQ(P.service("a").Image->Text, "still-read");
  EXPECT_TRUE(P.service("a").Ports.empty());
}

//===----------------------------------------------------------------------===//
// Anchors, merge keys, duplicates, wrong types, syntax errors
//===----------------------------------------------------------------------===//

TEST(ComposeFile, AnchorsAndAliases) {
  Parsed P = parseClean("x-env: &env\n"
                        "  - API_KEY=${API_KEY}\n"
                        "  - MODE\n"
                        "services:\n"
                        "  a:\n"
                        "    environment: *env\n"
                        "  b:\n"
                        "    environment: *env\n");
  for (const char *Name : {"a", "b"}) {
    const auto &Env = P.service(Name).Environment;
    ASSERT_EQ(Env.size(), 2u) << Name;
    EXPECT_EQ(Env[0].Name, "API_KEY");
    EXPECT_EQ(Env[0].Value->Loc.Offset, P.at("${API_KEY}"));
    EXPECT_EQ(Env[1].Kind, Form::ListBare);
  }
  // The shared value is listed once, at its anchor.
  ASSERT_EQ(P.compose().References.size(), 1u);
  EXPECT_EQ(P.compose().References[0].Path, "x-env[0]");
}

TEST(ComposeFile, MergeKeyExplicitKeysWin) {
  Parsed P = parseClean("x-base: &base\n"
                        "  image: base:1\n"
                        "  restart: always\n"
                        "  environment:\n"
                        "    A: from-base\n"
                        "services:\n"
                        "  api:\n"
                        "    <<: *base\n"
                        "    image: api:2\n");
  const ComposeService &S = P.service("api");
  ASSERT_TRUE(S.Image);
  EXPECT_EQ(S.Image->Text, "api:2");
  ASSERT_TRUE(S.Restart);
  EXPECT_EQ(S.Restart->Text, "always");
  EXPECT_EQ(S.Restart->Loc.Offset, P.at("always"));
  ASSERT_EQ(S.Environment.size(), 1u);
  EXPECT_EQ(S.Environment[0].Value->Text, "from-base");
}

TEST(ComposeFile, MergeKeyListEarlierMapsWin) {
  Parsed P = parseClean("x-a: &a {image: from-a, pid: host}\n"
                        "x-b: &b {image: from-b, restart: \"no\", pid: b}\n"
                        "x-env: &env {X: 1, Y: 2}\n"
                        "services:\n"
                        "  s:\n"
                        "    <<: [*a, *b]\n"
                        "    pid: explicit\n"
                        "    environment:\n"
                        "      <<: *env\n"
                        "      Y: override\n"
                        "      Z: 3\n");
  const ComposeService &S = P.service("s");
  EXPECT_EQ(S.Image->Text, "from-a");
  EXPECT_EQ(S.Restart->Text, "no");
  EXPECT_EQ(S.Pid->Text, "explicit");
  ASSERT_EQ(S.Environment.size(), 3u);
  EXPECT_EQ(S.findEnv("X")->Value->Text, "1");
  EXPECT_EQ(S.findEnv("Y")->Value->Text, "override");
  EXPECT_EQ(S.findEnv("Z")->Value->Text, "3");
  // Explicit entries come first, merged ones after.
  EXPECT_EQ(S.Environment[2].Name, "X");
}

TEST(ComposeFile, NestedMergeKeysAndServicesMerge) {
  Parsed P = parseClean("x-root: &root {image: root}\n"
                        "x-mid: &mid {<<: *root, pull_policy: always}\n"
                        "x-svc: &svc {c: {image: merged-service}}\n"
                        "services:\n"
                        "  <<: *svc\n"
                        "  s:\n"
                        "    <<: *mid\n");
  EXPECT_EQ(P.service("s").Image->Text, "root");
  EXPECT_EQ(P.service("s").PullPolicy->Text, "always");
  EXPECT_EQ(P.service("c").Image->Text, "merged-service");
}

TEST(ComposeFile, BadMergeValues) {
  Parsed P = parse("services:\n"
                   "  s:\n"
                   "    <<: just-a-string\n"
                   "    image: x\n"
                   "  t:\n"
                   "    <<: [{image: ok}, 5]\n");
  ASSERT_EQ(P.R.Issues.size(), 2u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("just-a-string"));
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("5]"));
  EXPECT_EQ(P.service("s").Image->Text, "x");
  EXPECT_EQ(P.service("t").Image->Text, "ok");
}

TEST(ComposeFile, RecursiveAliasesTerminate) {
  Parsed P = parse("x-loop: &loop {a: 1, self: *loop, <<: *loop}\n"
                   "x-list: &list [1, *list]\n"
                   "services:\n"
                   "  s:\n"
                   "    <<: *loop\n"
                   "    image: fine\n");
  ASSERT_TRUE(P.R.Compose);
  EXPECT_EQ(P.service("s").Image->Text, "fine");
  EXPECT_NE(P.issue("nest too deeply"), nullptr) << P.issues();
}

TEST(ComposeFile, DuplicateKeysInAnyMapping) {
  Parsed P = parse("services:\n"
                   "  api:\n"
                   "    image: first\n"
                   "    environment:\n"
                   "      A: 1\n"
                   "      A: 2\n"
                   "    image: second\n"
                   "  api:\n"
                   "    image: other\n"
                   "x-flow: {k: 1, k: 2}\n");
  ASSERT_TRUE(P.R.Compose);
  ASSERT_EQ(P.R.Issues.size(), 4u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("A: 2"));
  EXPECT_NE(P.R.Issues[0].Message.find("duplicate key 'A'"), std::string::npos);
  EXPECT_NE(P.R.Issues[0].Message.find("line 5"), std::string::npos) << P.R.Issues[0].Message;
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("image: second"));
  EXPECT_NE(P.R.Issues[1].Message.find("line 3"), std::string::npos);
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("api:", 1));
  EXPECT_EQ(P.R.Issues[3].Loc.Offset, P.at("k: 2"));
  // The first definition is the one kept.
  ASSERT_EQ(P.compose().Services.size(), 1u);
  EXPECT_EQ(P.service("api").Image->Text, "first");
  ASSERT_EQ(P.service("api").Environment.size(), 1u);
  EXPECT_EQ(P.service("api").Environment[0].Value->Text, "1");
}

TEST(ComposeFile, TopLevelWrongTypes) {
  Parsed Seq = parse("services: []\n");
  ASSERT_EQ(Seq.R.Issues.size(), 1u) << Seq.issues();
  EXPECT_EQ(Seq.R.Issues[0].Loc.Offset, Seq.at("[]"));
  EXPECT_EQ(Seq.R.Issues[0].Message, "'services' must be a mapping, not a list");
  EXPECT_TRUE(Seq.compose().Services.empty());

  Parsed Scalar = parse("just a string\n");
  ASSERT_TRUE(Scalar.R.Compose);
  ASSERT_EQ(Scalar.R.Issues.size(), 1u);
  EXPECT_NE(Scalar.R.Issues[0].Message.find("top level"), std::string::npos);

  Parsed Service = parse("services:\n  bad: 5\n  good:\n    image: g\n");
  ASSERT_EQ(Service.R.Issues.size(), 1u) << Service.issues();
  EXPECT_EQ(Service.R.Issues[0].Loc.Offset, Service.at("5"));
  ASSERT_EQ(Service.compose().Services.size(), 1u);
  EXPECT_EQ(Service.compose().Services[0].Name, "good");

  Parsed Empty = parseClean("");
  EXPECT_TRUE(Empty.compose().Services.empty());
  Parsed Comment = parseClean("# nothing\n");
  EXPECT_TRUE(Comment.compose().Services.empty());
}

TEST(ComposeFile, YamlSyntaxErrorPosition) {
  Parsed P = parse("services:\n"
                   "  é:\n"
                   "    image: a: b\n");
  EXPECT_FALSE(P.R.Compose);
  ASSERT_EQ(P.R.Issues.size(), 1u);
  EXPECT_NE(P.R.Issues[0].Message.find("YAML syntax error"), std::string::npos);
  EXPECT_EQ(P.R.Issues[0].Loc.File, P.File.get());
  EXPECT_EQ(P.R.Issues[0].Loc.line(), 3u);
  EXPECT_EQ(P.R.Issues[0].Loc.column(), 13u);
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at(": b"));

  Parsed Flow = parse("a: [1, 2\n");
  EXPECT_FALSE(Flow.R.Compose);
  ASSERT_EQ(Flow.R.Issues.size(), 1u);
  EXPECT_EQ(Flow.R.Issues[0].Loc.line(), 2u);

  Parsed Alias = parse("a: *missing\n");
  EXPECT_FALSE(Alias.R.Compose);
  ASSERT_EQ(Alias.R.Issues.size(), 1u);
  EXPECT_EQ(Alias.R.Issues[0].Loc.Offset, Alias.at("*missing"));
}

//===----------------------------------------------------------------------===//
// References and interpolation errors
//===----------------------------------------------------------------------===//

TEST(ComposeFile, ReferencesEverywhereWithPaths) {
  Parsed P = parseClean("services:\n"
                        "  api:\n"
                        "    image: ${IMAGE}\n"
                        "    environment:\n"
                        "      - URL=${BASE:-${FALLBACK}}\n"
                        "      - $$NOT_A_REF\n"
                        "    ports: [\"$PORT:80\"]\n"
                        "  db:\n"
                        "    environment:\n"
                        "      URL: $DB_URL\n"
                        "    labels:\n"
                        "      - x=${LABEL}\n"
                        "configs:\n"
                        "  c:\n"
                        "    content: ${CONTENT}\n");
  const auto &Refs = P.compose().References;
  ASSERT_EQ(Refs.size(), 7u);
  auto Check = [&](size_t I, std::string_view Name, std::string_view Path, std::string_view Needle,
                   bool Nested) {
    EXPECT_EQ(Refs[I].Ref.Name, Name) << I;
    EXPECT_EQ(Refs[I].Path, Path) << I;
    EXPECT_EQ(Refs[I].Loc.Offset, P.at(Needle)) << I;
    EXPECT_EQ(Refs[I].Loc.File, P.File.get());
    EXPECT_EQ(Refs[I].Nested, Nested) << I;
  };
  Check(0, "IMAGE", "services.api.image", "${IMAGE}", false);
  Check(1, "BASE", "services.api.environment.URL", "${BASE", false);
  Check(2, "FALLBACK", "services.api.environment.URL", "${FALLBACK}", true);
  Check(3, "PORT", "services.api.ports[0]", "$PORT", false);
  Check(4, "DB_URL", "services.db.environment.URL", "$DB_URL", false);
  Check(5, "LABEL", "services.db.labels[0]", "${LABEL}", false);
  Check(6, "CONTENT", "configs.c.content", "${CONTENT}", false);
  // The site of the outer reference does not repeat the nested one, which
  // has a site of its own.
  EXPECT_TRUE(Refs[1].Ref.Nested.empty());
  EXPECT_EQ(Refs[1].Ref.Kind, VariableRef::Form::DefaultIfUnsetOrEmpty);
}

TEST(ComposeFile, InterpolationErrorAtTheExactByte) {
  Parsed P = parse("x-note: \"é\"\n"
                   "services:\n"
                   "  api:\n"
                   "    image: \"repo:${TAG\"\n"
                   "    environment:\n"
                   "      - K=ok ${1BAD}\n"
                   "    command: |\n"
                   "      line one\n"
                   "      two ${}\n"
                   "    entrypoint: ${GOOD}\n");
  ASSERT_TRUE(P.R.Compose);
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("${TAG"));
  EXPECT_NE(P.R.Issues[0].Message.find("services.api.image"), std::string::npos)
      << P.R.Issues[0].Message;
  EXPECT_NE(P.R.Issues[0].Message.find("unterminated"), std::string::npos);
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("1BAD"));
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("${}") + 2);
  EXPECT_EQ(P.R.Issues[2].Loc.line(), 9u);
  // The broken values are still in the model, flagged.
  const ComposeService &S = P.service("api");
  EXPECT_TRUE(S.Image->InterpolationFailed);
  EXPECT_TRUE(S.Image->Value.Refs.empty());
  EXPECT_TRUE(S.Environment[0].Value->InterpolationFailed);
  EXPECT_FALSE(S.Entrypoint[0].InterpolationFailed);
  ASSERT_EQ(P.compose().References.size(), 1u);
  EXPECT_EQ(P.compose().References[0].Ref.Name, "GOOD");
}

TEST(ComposeFile, InlineConfigAndSecretContents) {
  Parsed P = parseClean("configs:\n"
                        "  nginx:\n"
                        "    content: |\n"
                        "      server { listen 80; }\n"
                        "  fromfile:\n"
                        "    file: ./x.conf\n"
                        "secrets:\n"
                        "  token:\n"
                        "    content: \"${TOKEN}\"\n");
  const auto &C = P.compose().InlineContents;
  ASSERT_EQ(C.size(), 2u);
  EXPECT_EQ(C[0].first, "nginx");
  EXPECT_EQ(C[0].second.Text, "server { listen 80; }\n");
  EXPECT_EQ(C[0].second.Loc.Offset, P.at("server"));
  EXPECT_EQ(C[1].first, "token");
  EXPECT_EQ(C[1].second.Value.variableNames(), std::vector<std::string>{"TOKEN"});
}

//===----------------------------------------------------------------------===//
// Embedded YAML and file names
//===----------------------------------------------------------------------===//

TEST(ComposeFile, EmbeddedYamlLocationsGoThroughTheMapper) {
  const std::string Prefix = "{\"docker_compose_file\": \"";
  const std::string Yaml = "services:\n"
                           "  app:\n"
                           "    image: ${IMG}\n"
                           "    environment:\n"
                           "      - KEY=${KEY}\n"
                           "    ports: {a: b}\n";
  SourceFile File("app-compose.json", Prefix + Yaml + "\"}", Language::Json);
  ComposeParseResult R =
      parseCompose(File, Yaml, [&Prefix](size_t Offset) { return Offset + Prefix.size(); });
  ASSERT_TRUE(R.Compose);
  std::string_view C = File.content();
  const ComposeService *S = R.Compose->findService("app");
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(S->NameLoc.File, &File);
  EXPECT_EQ(S->NameLoc.Offset, C.find("app"));
  EXPECT_EQ(S->Image->Loc.Offset, C.find("${IMG}"));
  EXPECT_EQ(S->Environment[0].NameLoc.Offset, C.find("KEY="));
  EXPECT_EQ(S->Environment[0].Value->Loc.Offset, C.find("${KEY}"));
  ASSERT_EQ(R.Compose->References.size(), 2u);
  EXPECT_EQ(R.Compose->References[1].Loc.Offset, C.find("${KEY}"));
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_EQ(R.Issues[0].Loc.Offset, C.find("{a: b}"));
  EXPECT_EQ(R.Issues[0].Loc.File, &File);
}

TEST(ComposeFile, EmbeddedYamlWithNonLinearMapper) {
  // Simulate JSON escaping: every YAML newline is the two bytes `\n` in the
  // file, so offsets after each line shift by one more byte.
  const std::string Yaml = "services:\n  a:\n    image: ${IMG}\n";
  std::string Json = "{\"y\": \"";
  std::vector<size_t> Map;
  for (char Ch : Yaml) {
    Map.push_back(Json.size());
    Json += Ch == '\n' ? std::string("\\n") : std::string(1, Ch);
  }
  Map.push_back(Json.size());
  Json += "\"}";
  SourceFile File("app-compose.json", Json, Language::Json);
  ComposeParseResult R = parseCompose(File, Yaml, [&Map](size_t Offset) { return Map[Offset]; });
  ASSERT_TRUE(R.Compose);
  EXPECT_TRUE(R.Issues.empty());
  const ComposeService &S = R.Compose->Services.at(0);
  EXPECT_EQ(S.NameLoc.Offset, Json.find("a:"));
  EXPECT_EQ(S.Image->Loc.Offset, Json.find("${IMG}"));
  EXPECT_EQ(S.Image->Length, 6u);

  // Syntax errors are mapped too.
  const std::string Bad = "a: [1,\n";
  SourceFile BadFile("x.json", "0123456789" + Bad, Language::Json);
  ComposeParseResult BadR = parseCompose(BadFile, Bad, [](size_t Offset) { return Offset + 10; });
  EXPECT_FALSE(BadR.Compose);
  ASSERT_EQ(BadR.Issues.size(), 1u);
  EXPECT_EQ(BadR.Issues[0].Loc.Offset, 10 + Bad.size());
}

TEST(ComposeFile, ComposeFileNames) {
  for (std::string_view Yes :
       {"docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml",
        "docker-compose.prod.yml", "compose-dev.yaml", "deploy/phala/docker-compose.yml",
        "C:\\app\\Docker-Compose.YML", "docker/phala-compose.yaml", "app_compose.yml"})
    EXPECT_TRUE(isComposeFileName(Yes)) << Yes;
  for (std::string_view No :
       {"docker-compose.json", "app-compose.json", "config.yml", "compose/values.yaml",
        "composer.yml", "decompose.yaml", "compose.yml.bak", "docker-compose"})
    EXPECT_FALSE(isComposeFileName(No)) << No;
}

} // namespace

namespace {

TEST(ComposeFile, DeepInterpolationIsALocatedIssueNotACrash) {
  unsigned Levels = 20000; // 120 KB; once a stack overflow
  std::string Image;
  for (unsigned I = 0; I < Levels; ++I)
    Image += "${A:-";
  Image += "x" + std::string(Levels, '}');
  Parsed P = parse("services:\n  web:\n    image: \"" + Image + "\"\n");
  const DeployIssue *I = P.issue("nested more than 32 levels deep");
  ASSERT_NE(I, nullptr) << P.issues();
  EXPECT_EQ(I->Loc.line(), 3u);
  EXPECT_EQ(I->Loc.column(), 13u + 5 * 32);
}

TEST(ComposeFile, NestedReferencesAreListedOnceEach) {
  // Each reference site holds its reference alone: copies of whole nested
  // trees grew with the square of the nesting (gigabytes at 1,000 levels).
  std::string Value;
  for (unsigned I = 0; I < 32; ++I)
    Value += "${V" + std::to_string(I) + ":-";
  Value += "x" + std::string(32, '}');
  Parsed P = parseClean("services:\n  web:\n    environment:\n      K: \"" + Value + "\"\n");
  const auto &Refs = P.compose().References;
  ASSERT_EQ(Refs.size(), 32u);
  for (const auto &R : Refs)
    EXPECT_TRUE(R.Ref.Nested.empty());
}

} // namespace

namespace {

TEST(ComposeFile, DeepYamlSaysSoAndLaterDocumentsAreNamed) {
  std::string Deep = "services:\n  web:\n    labels:\n      x:";
  for (int I = 0; I < 600; ++I)
    Deep += "\n" + std::string(8 + 2 * I, ' ') + "k" + std::to_string(I) + ":";
  Deep += " 1\n";
  Parsed D = parse(Deep);
  EXPECT_FALSE(D.R.Compose);
  ASSERT_EQ(D.R.Issues.size(), 1u);
  EXPECT_NE(D.R.Issues[0].Message.find("levels deep here, past what the YAML reader follows"),
            std::string::npos)
      << D.R.Issues[0].Message;

  Parsed M = parse("services:\n  a:\n    image: x:1\n---\nservices:\n  b:\n    image: y:1\n");
  ASSERT_TRUE(M.R.Compose);
  EXPECT_NE(M.R.Compose->findService("a"), nullptr);
  ASSERT_EQ(M.R.Issues.size(), 1u);
  EXPECT_EQ(M.R.Issues[0].Message,
            "a second YAML document in this compose file: only the first is read");
  EXPECT_EQ(M.R.Issues[0].Loc.line(), 5u);
  // A trailing document marker with nothing after it is no second document.
  EXPECT_TRUE(parse("services:\n  a:\n    image: x:1\n---\n").R.Issues.empty());
  // yaml-cpp reports documents at one place for ever on this input (found by
  // compose_fuzzer): reading ends, in a bounded time and memory.
  Parsed Stuck =
      parse(std::string("!!st, linNULL ana\x1b line i\x97\xc5\x8b\xdf of\x1b\n\x7f# c", 37));
  EXPECT_FALSE(Stuck.R.Issues.empty());
}

} // namespace

//===----------------------------------------------------------------------===//
// Top-level volume declarations
//===----------------------------------------------------------------------===//

TEST(ComposeFile, VolumeDeclarationsKeepDriverAndOptions) {
  Parsed P = parseClean("services:\n"
                        "  app:\n"
                        "    image: x\n"
                        "volumes:\n"
                        "  data:\n"
                        "  uploads:\n"
                        "    driver: local\n"
                        "    driver_opts:\n"
                        "      type: nfs\n"
                        "      o: addr=10.0.0.5,rw\n"
                        "      device: \":/exports\"\n"
                        "  shared:\n"
                        "    external: true\n"
                        "  legacy:\n"
                        "    external:\n"
                        "      name: other\n");
  const ComposeFile &F = P.compose();
  ASSERT_EQ(F.Volumes.size(), 4u);
  const VolumeDefinition *Data = F.findVolume("data");
  ASSERT_NE(Data, nullptr);
  EXPECT_FALSE(Data->Driver);
  EXPECT_TRUE(Data->DriverOpts.empty());
  EXPECT_EQ(Data->NameLoc.Offset, P.at("data:"));
  const VolumeDefinition *Uploads = F.findVolume("uploads");
  ASSERT_NE(Uploads, nullptr);
  ASSERT_TRUE(Uploads->Driver);
  EXPECT_EQ(Uploads->Driver->Text, "local");
  ASSERT_NE(Uploads->option("type"), nullptr);
  EXPECT_EQ(Uploads->option("type")->Text, "nfs");
  EXPECT_EQ(Uploads->option("type")->Loc.Offset, P.at("nfs"));
  EXPECT_EQ(Uploads->option("device")->Text, ":/exports");
  EXPECT_EQ(Uploads->option("missing"), nullptr);
  EXPECT_TRUE(F.findVolume("shared")->External);
  EXPECT_TRUE(F.findVolume("legacy")->External);
  EXPECT_EQ(F.findVolume("nope"), nullptr);
}

TEST(ComposeFile, MalformedVolumeDeclarationsAreIssues) {
  Parsed P = parse("volumes:\n"
                   "  a: 3\n"
                   "  b:\n"
                   "    driver_opts: [x]\n"
                   "    external: maybe\n");
  ASSERT_TRUE(P.R.Compose);
  EXPECT_NE(P.issue("'volumes.a' must be a mapping"), nullptr) << P.issues();
  EXPECT_NE(P.issue("'volumes.b.driver_opts' must be a mapping"), nullptr) << P.issues();
  EXPECT_NE(P.issue("'volumes.b.external' must be true or false"), nullptr) << P.issues();
  ASSERT_EQ(P.compose().Volumes.size(), 1u);
  EXPECT_EQ(P.compose().Volumes.front().Name, "b");
}
