#include "deploy/Dockerfile.h"

#include <gtest/gtest.h>

#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

/// A file and what parseDockerfile made of it.
struct Parsed {
  std::unique_ptr<SourceFile> File;
  DockerfileParseResult R;

  const DockerfileModel &model() const { return R.Model; }
  const DockerInstruction &inst(size_t I) const { return R.Model.Instructions.at(I); }
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
};

Parsed parse(std::string Text) {
  Parsed P;
  P.File = std::make_unique<SourceFile>("Dockerfile", std::move(Text), Language::Dockerfile);
  P.R = parseDockerfile(*P.File);
  return P;
}

Parsed parseClean(std::string Text) {
  Parsed P = parse(std::move(Text));
  EXPECT_TRUE(P.R.Issues.empty()) << P.issues();
  return P;
}

//===----------------------------------------------------------------------===//
// Lines, comments, continuations, directives
//===----------------------------------------------------------------------===//

TEST(Dockerfile, InstructionsAndComments) {
  Parsed P = parseClean("# a comment\n"
                        "\n"
                        "from alpine:3.19\n"
                        "  # indented comment\n"
                        "  run   echo hi   \n"
                        "CMD [\"app\"]\n");
  EXPECT_EQ(P.model().File, P.File.get());
  ASSERT_EQ(P.model().Instructions.size(), 3u);
  const DockerInstruction &From = P.inst(0);
  EXPECT_EQ(From.Keyword, "FROM");
  EXPECT_EQ(From.Arguments, "alpine:3.19");
  EXPECT_EQ(From.Loc.Offset, P.at("from"));
  EXPECT_EQ(From.FirstLine, 3u);
  EXPECT_EQ(From.LastLine, 3u);
  EXPECT_EQ(From.fileOffset(0), P.at("alpine"));
  const DockerInstruction &Run = P.inst(1);
  EXPECT_EQ(Run.Keyword, "RUN");
  EXPECT_EQ(Run.Arguments, "echo hi");
  EXPECT_EQ(Run.Loc.Offset, P.at("run"));
  EXPECT_EQ(Run.Loc.column(), 3u);
  EXPECT_EQ(Run.fileOffset(5), P.at("hi"));
  EXPECT_EQ(Run.fileOffset(Run.Arguments.size()), P.at("hi") + 2);
  EXPECT_EQ(P.inst(2).Arguments, "[\"app\"]");
  EXPECT_TRUE(P.model().Directives.empty());
  EXPECT_EQ(P.model().Escape, '\\');
}

TEST(Dockerfile, ContinuationsJoinLinesAndSkipComments) {
  Parsed P = parseClean("FROM debian\n"
                        "RUN apt-get update && \\\n"
                        "    # a comment inside the instruction\n"
                        "\n"
                        "    apt-get install -y curl \\   \n"
                        "  && rm -rf /var/lib/apt/lists/*\n"
                        "USER app\n");
  ASSERT_EQ(P.model().Instructions.size(), 3u);
  const DockerInstruction &Run = P.inst(1);
  EXPECT_EQ(Run.Arguments, "apt-get update &&     apt-get install -y curl   "
                           "&& rm -rf /var/lib/apt/lists/*");
  EXPECT_EQ(Run.FirstLine, 2u);
  EXPECT_EQ(Run.LastLine, 6u);
  size_t Install = Run.Arguments.find("apt-get install");
  EXPECT_EQ(Run.fileOffset(Install), P.at("apt-get install"));
  EXPECT_EQ(Run.locationOf(Install).line(), 5u);
  size_t Rm = Run.Arguments.find("rm -rf");
  EXPECT_EQ(Run.fileOffset(Rm), P.at("rm -rf"));
  EXPECT_EQ(Run.fileOffset(0), P.at("apt-get update"));
  EXPECT_EQ(P.inst(2).Keyword, "USER");
  EXPECT_EQ(P.inst(2).FirstLine, 7u);
}

TEST(Dockerfile, KeywordAloneOnAContinuedLine) {
  Parsed P = parseClean("FROM a\n"
                        "RUN \\\n"
                        "  echo one\n"
                        "EXPOSE\n");
  EXPECT_EQ(P.inst(1).Keyword, "RUN");
  EXPECT_EQ(P.inst(1).Arguments, "echo one");
  EXPECT_EQ(P.inst(1).fileOffset(0), P.at("echo one"));
  EXPECT_EQ(P.inst(2).Keyword, "EXPOSE");
  EXPECT_EQ(P.inst(2).Arguments, "");
  EXPECT_EQ(P.inst(2).fileOffset(0), P.at("EXPOSE") + 6);
}

TEST(Dockerfile, EscapeDirectiveChangesTheContinuationCharacter) {
  Parsed P = parseClean("# escape=`\n"
                        "FROM mcr.microsoft.com/windows/servercore\n"
                        "COPY testfile.txt c:\\\n"
                        "RUN dir c:\\ `\n"
                        "    /s\n");
  EXPECT_EQ(P.model().Escape, '`');
  ASSERT_EQ(P.model().Directives.size(), 1u);
  EXPECT_EQ(P.model().Directives[0].first, "escape");
  EXPECT_EQ(P.model().Directives[0].second, "`");
  ASSERT_EQ(P.model().Instructions.size(), 3u);
  EXPECT_EQ(P.inst(1).Arguments, "testfile.txt c:\\"); // not a continuation
  EXPECT_EQ(P.inst(2).Arguments, "dir c:\\     /s");
  EXPECT_EQ(P.inst(2).LastLine, 5u);
}

TEST(Dockerfile, DirectivesOnlyAtTheTop) {
  Parsed P = parseClean("# syntax=docker/dockerfile:1.7\n"
                        "#CHECK = skip=JSONArgsRecommended;error=true\n"
                        "# escape=\\\n"
                        "# not a directive\n"
                        "# escape=`\n"
                        "FROM a\n"
                        "# syntax=late\n"
                        "RUN x \\\n"
                        "  y\n");
  ASSERT_EQ(P.model().Directives.size(), 3u);
  EXPECT_EQ(P.model().Directives[0],
            std::make_pair(std::string("syntax"), std::string("docker/dockerfile:1.7")));
  EXPECT_EQ(P.model().Directives[1].first, "check");
  EXPECT_EQ(P.model().Directives[1].second, "skip=JSONArgsRecommended;error=true");
  EXPECT_EQ(P.model().Directives[2].first, "escape");
  EXPECT_EQ(P.model().Escape, '\\'); // the later `escape=`` is a comment
  EXPECT_EQ(P.inst(1).Arguments, "x   y");
}

TEST(Dockerfile, BlankLineEndsDirectives) {
  Parsed P = parseClean("\n# escape=`\nFROM a\nRUN b \\\n c\n");
  EXPECT_TRUE(P.model().Directives.empty());
  EXPECT_EQ(P.model().Escape, '\\');
  EXPECT_EQ(P.inst(1).Arguments, "b  c");
}

TEST(Dockerfile, DirectiveProblems) {
  Parsed P = parse("# escape=x\n"
                   "# syntax=a\n"
                   "# syntax=b\n"
                   "FROM a\n");
  ASSERT_EQ(P.R.Issues.size(), 2u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("escape"));
  EXPECT_NE(P.R.Issues[0].Message.find("escape"), std::string::npos);
  EXPECT_EQ(P.R.Issues[1].Loc.line(), 3u);
  ASSERT_EQ(P.model().Directives.size(), 1u);
  EXPECT_EQ(P.model().Directives[0].second, "a");
  EXPECT_EQ(P.model().Escape, '\\');
}

TEST(Dockerfile, CrLfAndByteOrderMark) {
  Parsed P = parseClean("\xEF\xBB\xBF# syntax=x\r\n"
                        "FROM a\r\n"
                        "RUN one \\\r\n"
                        "  two\r\n");
  ASSERT_EQ(P.model().Directives.size(), 1u);
  EXPECT_EQ(P.model().Directives[0].second, "x");
  ASSERT_EQ(P.model().Instructions.size(), 2u);
  EXPECT_EQ(P.inst(1).Arguments, "one   two");
  EXPECT_EQ(P.inst(1).fileOffset(P.inst(1).Arguments.find("two")), P.at("two"));
}

//===----------------------------------------------------------------------===//
// Heredocs
//===----------------------------------------------------------------------===//

TEST(Dockerfile, Heredocs) {
  Parsed P = parseClean("FROM alpine\n"
                        "RUN <<EOF\n"
                        "set -e\n"
                        "echo $SECRET # not a comment\n"
                        "EOF\n"
                        "RUN <<-\"END\" bash\n"
                        "\t\techo tabbed\n"
                        "\tEND\n"
                        "COPY <<a.txt <<'b.txt' /dest/\n"
                        "alpha\n"
                        "a.txt\n"
                        "beta\n"
                        "b.txt\n"
                        "RUN echo \"<<NOT\" && cat <<< word && x=1<<2\n"
                        "ENV A=<<B\n"
                        "USER app\n");
  ASSERT_EQ(P.model().Instructions.size(), 7u);
  const DockerInstruction &R1 = P.inst(1);
  EXPECT_EQ(R1.Arguments, "<<EOF");
  ASSERT_EQ(R1.Heredocs.size(), 1u);
  EXPECT_EQ(R1.Heredocs[0], "set -e\necho $SECRET # not a comment\n");
  ASSERT_EQ(R1.HeredocLocs.size(), 1u);
  EXPECT_EQ(R1.HeredocLocs[0].Offset, P.at("set -e"));
  EXPECT_EQ(R1.FirstLine, 2u);
  EXPECT_EQ(R1.LastLine, 5u);

  const DockerInstruction &R2 = P.inst(2);
  EXPECT_EQ(R2.Arguments, "<<-\"END\" bash");
  ASSERT_EQ(R2.Heredocs.size(), 1u);
  EXPECT_EQ(R2.Heredocs[0], "echo tabbed\n");
  EXPECT_EQ(R2.LastLine, 8u);

  const DockerInstruction &Copy = P.inst(3);
  EXPECT_EQ(Copy.Keyword, "COPY");
  ASSERT_EQ(Copy.Heredocs.size(), 2u);
  EXPECT_EQ(Copy.Heredocs[0], "alpha\n");
  EXPECT_EQ(Copy.Heredocs[1], "beta\n");
  EXPECT_EQ(Copy.HeredocLocs[1].Offset, P.at("beta"));
  EXPECT_EQ(Copy.LastLine, 13u);

  EXPECT_TRUE(P.inst(4).Heredocs.empty()) << P.inst(4).Arguments;
  EXPECT_EQ(P.inst(5).Keyword, "ENV");
  EXPECT_TRUE(P.inst(5).Heredocs.empty());
  EXPECT_EQ(P.inst(6).Keyword, "USER");
  EXPECT_EQ(P.inst(6).FirstLine, 16u);
}

TEST(Dockerfile, EmptyHeredocAndHeredocAfterContinuation) {
  Parsed P = parseClean("FROM a\n"
                        "RUN cat <<EOF \\\n"
                        "  > /out\n"
                        "EOF\n"
                        "RUN ok\n");
  ASSERT_EQ(P.model().Instructions.size(), 3u);
  EXPECT_EQ(P.inst(1).Arguments, "cat <<EOF   > /out");
  ASSERT_EQ(P.inst(1).Heredocs.size(), 1u);
  EXPECT_EQ(P.inst(1).Heredocs[0], "");
  EXPECT_EQ(P.inst(2).Arguments, "ok");
}

TEST(Dockerfile, UnterminatedHeredoc) {
  Parsed P = parse("FROM a\n"
                   "RUN python3 - <<PY\n"
                   "print('hi')\n"
                   "FROM b\n");
  ASSERT_EQ(P.R.Issues.size(), 1u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("<<PY"));
  EXPECT_NE(P.R.Issues[0].Message.find("'PY'"), std::string::npos);
  ASSERT_EQ(P.model().Instructions.size(), 2u);
  EXPECT_EQ(P.inst(1).Heredocs.at(0), "print('hi')\nFROM b\n");
  EXPECT_EQ(P.inst(1).LastLine, 4u);
  EXPECT_EQ(P.model().Stages.size(), 1u);
}

//===----------------------------------------------------------------------===//
// Flags, ENV, ARG
//===----------------------------------------------------------------------===//

TEST(Dockerfile, Flags) {
  Parsed P = parseClean("FROM a AS builder\n"
                        "FROM b\n"
                        "COPY --from=builder --chown=app:app --link /src /dst\n"
                        "ADD --checksum=sha256:abc https://x/y.tgz /y\n"
                        "RUN --mount=type=secret,id=tok,target=\"/run/t\" make\n");
  const DockerInstruction &Copy = P.inst(2);
  ASSERT_EQ(Copy.Flags.size(), 3u);
  EXPECT_EQ(Copy.Flags[0], std::make_pair(std::string("from"), std::string("builder")));
  EXPECT_EQ(Copy.Flags[1].second, "app:app");
  EXPECT_EQ(Copy.Flags[2].first, "link");
  EXPECT_EQ(Copy.Flags[2].second, "");
  EXPECT_EQ(Copy.operands(), "/src /dst");
  EXPECT_EQ(Copy.fileOffset(Copy.OperandsOffset), P.at("/src"));
  EXPECT_EQ(P.inst(3).Flags.at(0).second, "sha256:abc");
  EXPECT_EQ(P.inst(3).operands(), "https://x/y.tgz /y");
  EXPECT_EQ(P.inst(4).Flags.at(0).second, "type=secret,id=tok,target=/run/t");
  EXPECT_EQ(P.inst(4).operands(), "make");
}

TEST(Dockerfile, EnvForms) {
  Parsed P = parseClean("FROM a\n"
                        "ENV A=1 B=\"two words\" C=x\\ y D='$NOT' E=$HOME/bin\n"
                        "ENV LEGACY value with  spaces\n"
                        "ENV Q=\"a\\\"b\" R=\\$S EMPTY=\n");
  const auto &Env = P.model().Env;
  ASSERT_EQ(Env.size(), 9u);
  EXPECT_EQ(Env[0].Key, "A");
  EXPECT_EQ(Env[0].Value, "1");
  EXPECT_EQ(Env[0].KeyLoc.Offset, P.at("A=1"));
  EXPECT_EQ(Env[0].ValueLoc.Offset, P.at("A=1") + 2);
  EXPECT_EQ(Env[0].Stage, 0);
  EXPECT_EQ(Env[1].Key, "B");
  EXPECT_EQ(Env[1].Value, "two words");
  EXPECT_EQ(Env[1].ValueLoc.Offset, P.at("two words"));
  EXPECT_EQ(Env[2].Value, "x y");
  EXPECT_EQ(Env[3].Value, "$NOT");
  EXPECT_EQ(Env[4].Value, "$HOME/bin"); // not expanded
  EXPECT_EQ(Env[4].ValueLoc.Offset, P.at("$HOME"));
  EXPECT_EQ(Env[5].Key, "LEGACY");
  EXPECT_EQ(Env[5].Value, "value with  spaces");
  EXPECT_EQ(Env[5].KeyLoc.Offset, P.at("LEGACY"));
  EXPECT_EQ(Env[5].ValueLoc.Offset, P.at("value with"));
  EXPECT_EQ(Env[6].Value, "a\"b");
  EXPECT_EQ(Env[7].Value, "\\$S"); // an escaped `$` stays escaped
  EXPECT_EQ(Env[8].Key, "EMPTY");
  EXPECT_EQ(Env[8].Value, "");
  EXPECT_TRUE(Env[8].HasValue);
}

TEST(Dockerfile, EnvProblems) {
  Parsed P = parse("FROM a\n"
                   "ENV ONLYNAME\n"
                   "ENV A=1 stray\n"
                   "ENV\n");
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("ONLYNAME"));
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("stray"));
  EXPECT_EQ(P.R.Issues[2].Loc.line(), 4u);
  ASSERT_EQ(P.model().Env.size(), 1u);
  EXPECT_EQ(P.model().Env[0].Key, "A");
}

TEST(Dockerfile, ArgForms) {
  Parsed P = parseClean("ARG VERSION=1.2\n"
                        "ARG TOKEN\n"
                        "FROM a\n"
                        "ARG X=\"q v\" Y\n");
  const auto &Args = P.model().Args;
  ASSERT_EQ(Args.size(), 4u);
  EXPECT_EQ(Args[0].Key, "VERSION");
  EXPECT_EQ(Args[0].Value, "1.2");
  EXPECT_TRUE(Args[0].HasValue);
  EXPECT_EQ(Args[0].Stage, -1);
  EXPECT_EQ(Args[0].KeyLoc.Offset, P.at("VERSION"));
  EXPECT_EQ(Args[0].ValueLoc.Offset, P.at("1.2"));
  EXPECT_EQ(Args[1].Key, "TOKEN");
  EXPECT_FALSE(Args[1].HasValue);
  EXPECT_FALSE(Args[1].ValueLoc.valid());
  EXPECT_EQ(Args[2].Key, "X");
  EXPECT_EQ(Args[2].Value, "q v");
  EXPECT_EQ(Args[2].Stage, 0);
  EXPECT_EQ(Args[3].Key, "Y");
  EXPECT_FALSE(Args[3].HasValue);
  EXPECT_EQ(Args[3].KeyLoc.Offset, P.at("Y\n"));
}

//===----------------------------------------------------------------------===//
// FROM and stages
//===----------------------------------------------------------------------===//

TEST(Dockerfile, FromExpandsGlobalArgs) {
  Parsed P = parseClean("ARG REGISTRY=docker.io\n"
                        "ARG PY=3.12\n"
                        "ARG IMAGE=${REGISTRY}/library/python\n"
                        "ARG UNSET\n"
                        "FROM --platform=$BUILDPLATFORM ${IMAGE}:${PY}-slim AS build\n"
                        "ARG PY=9.9\n"
                        "FROM $REGISTRY/x:${UNSET:-fallback}${UNSET}${PY:+-set}\n"
                        "FROM \"quoted/img:${PY}\" as final\n");
  const auto &St = P.model().Stages;
  ASSERT_EQ(St.size(), 3u);
  EXPECT_EQ(St[0].BaseImage, "${IMAGE}:${PY}-slim");
  EXPECT_EQ(St[0].ExpandedBaseImage, "docker.io/library/python:3.12-slim");
  EXPECT_EQ(St[0].Name, "build");
  EXPECT_EQ(St[0].Platform, "$BUILDPLATFORM");
  EXPECT_EQ(St[0].Loc.Offset, P.at("${IMAGE}"));
  EXPECT_EQ(St[0].Instruction, 4u);
  EXPECT_FALSE(St[0].FromEarlierStage);
  // Stage-local ARGs do not change FROM expansion.
  EXPECT_EQ(St[1].ExpandedBaseImage, "docker.io/x:fallback-set");
  EXPECT_EQ(St[1].Name, "");
  EXPECT_EQ(St[2].BaseImage, "\"quoted/img:${PY}\"");
  EXPECT_EQ(St[2].ExpandedBaseImage, "quoted/img:3.12");
  EXPECT_EQ(St[2].Name, "final");
}

TEST(Dockerfile, StageReferences) {
  Parsed P = parseClean("FROM golang:1.22 AS Builder\n"
                        "RUN go build\n"
                        "FROM builder\n"
                        "FROM BUILDER AS again\n"
                        "FROM scratch\n"
                        "COPY --from=builder /app /app\n"
                        "FROM again\n"
                        "FROM later\n"
                        "FROM x AS later\n");
  const auto &St = P.model().Stages;
  ASSERT_EQ(St.size(), 7u);
  EXPECT_FALSE(St[0].FromEarlierStage);
  EXPECT_EQ(St[0].Name, "Builder");
  EXPECT_TRUE(St[1].FromEarlierStage);
  EXPECT_TRUE(St[2].FromEarlierStage);
  EXPECT_FALSE(St[3].FromEarlierStage);
  EXPECT_TRUE(St[4].FromEarlierStage);
  EXPECT_FALSE(St[5].FromEarlierStage); // only earlier stages count
  EXPECT_EQ(P.inst(5).Flags.at(0).second, "builder");
}

TEST(Dockerfile, FromProblems) {
  Parsed P = parse("FROM\n"
                   "FROM a AS\n"
                   "FROM b extra words here\n");
  ASSERT_EQ(P.R.Issues.size(), 3u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, 0u);
  EXPECT_NE(P.R.Issues[0].Message.find("base image"), std::string::npos);
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("AS"));
  EXPECT_EQ(P.R.Issues[2].Loc.Offset, P.at("extra"));
  ASSERT_EQ(P.model().Stages.size(), 3u);
  EXPECT_EQ(P.model().Stages[0].BaseImage, "");
  EXPECT_EQ(P.model().Stages[0].Loc.Offset, 0u);
  EXPECT_EQ(P.model().Stages[2].BaseImage, "b");
}

//===----------------------------------------------------------------------===//
// Other issues and embedded text
//===----------------------------------------------------------------------===//

TEST(Dockerfile, UnknownInstructionAndInstructionBeforeFrom) {
  Parsed P = parse("RUN early\n"
                   "FROM a\n"
                   "RUNN typo\n"
                   "run fine\n");
  ASSERT_EQ(P.R.Issues.size(), 2u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, 0u);
  EXPECT_NE(P.R.Issues[0].Message.find("before the first FROM"), std::string::npos);
  EXPECT_EQ(P.R.Issues[1].Loc.Offset, P.at("RUNN"));
  EXPECT_EQ(P.R.Issues[1].Message, "unknown instruction 'RUNN'");
  ASSERT_EQ(P.model().Instructions.size(), 4u);
  EXPECT_EQ(P.inst(3).Keyword, "RUN");
}

TEST(Dockerfile, ContinuationAtEndOfFile) {
  Parsed P = parse("FROM a\n"
                   "RUN echo \\\n"
                   "  more \\\n"
                   "# trailing comment\n"
                   "\n");
  ASSERT_EQ(P.R.Issues.size(), 1u) << P.issues();
  EXPECT_EQ(P.R.Issues[0].Loc.Offset, P.at("\\", 1));
  EXPECT_EQ(P.R.Issues[0].Loc.line(), 3u);
  ASSERT_EQ(P.model().Instructions.size(), 2u);
  EXPECT_EQ(P.inst(1).Arguments, "echo   more");

  Parsed NoNewline = parse("FROM a\nRUN x \\");
  ASSERT_EQ(NoNewline.R.Issues.size(), 1u);
  EXPECT_EQ(NoNewline.R.Issues[0].Loc.Offset, NoNewline.at("\\"));
}

TEST(Dockerfile, EmptyFile) {
  Parsed P = parseClean("");
  EXPECT_TRUE(P.model().Instructions.empty());
  Parsed Comments = parseClean("# only\n\n# comments\n");
  EXPECT_TRUE(Comments.model().Instructions.empty());
}

TEST(Dockerfile, EmbeddedTextLocationsGoThroughTheMapper) {
  const std::string Prefix = "dockerfile_inline: |\n  ";
  const std::string Text = "FROM python:${V}\nRUN <<EOF\nx\n";
  SourceFile File("compose.yaml", Prefix + Text, Language::Yaml);
  DockerfileParseResult R =
      parseDockerfile(File, Text, [&Prefix](size_t Offset) { return Offset + Prefix.size(); });
  std::string_view C = File.content();
  EXPECT_EQ(R.Model.File, &File);
  ASSERT_EQ(R.Model.Instructions.size(), 2u);
  EXPECT_EQ(R.Model.Instructions[0].Loc.Offset, C.find("FROM"));
  EXPECT_EQ(R.Model.Instructions[0].Loc.File, &File);
  EXPECT_EQ(R.Model.Instructions[0].fileOffset(0), C.find("python"));
  ASSERT_EQ(R.Model.Stages.size(), 1u);
  EXPECT_EQ(R.Model.Stages[0].Loc.Offset, C.find("python"));
  ASSERT_EQ(R.Issues.size(), 1u);
  EXPECT_EQ(R.Issues[0].Loc.Offset, C.find("<<EOF"));
  EXPECT_EQ(R.Issues[0].Loc.File, &File);
}

TEST(Dockerfile, NonContiguousMapperSplitsSegments) {
  // Each byte of the text sits at twice its offset in the file.
  const std::string Text = "FROM a\nRUN abc\n";
  std::string Spread;
  for (char Ch : Text)
    Spread += std::string{Ch, '.'};
  SourceFile File("x", Spread, Language::Dockerfile);
  DockerfileParseResult R = parseDockerfile(File, Text, [](size_t Offset) { return Offset * 2; });
  ASSERT_EQ(R.Model.Instructions.size(), 2u);
  const DockerInstruction &Run = R.Model.Instructions[1];
  EXPECT_EQ(Run.Arguments, "abc");
  EXPECT_EQ(Run.fileOffset(0), Text.find("abc") * 2);
  EXPECT_EQ(Run.fileOffset(2), (Text.find("abc") + 2) * 2);
}

} // namespace

namespace {

TEST(Dockerfile, DeepArgSubstitutionIsBounded) {
  unsigned Levels = 50000; // once a stack overflow in the expansion
  std::string Value;
  for (unsigned I = 0; I < Levels; ++I)
    Value += "${V:-";
  Value += "img" + std::string(Levels, '}');
  Parsed P = parse("ARG IMG=" + Value + "\nFROM $IMG\n");
  EXPECT_NE(P.issues().find("1:9: ARG IMG nests variable references more than 32 levels deep"),
            std::string::npos)
      << P.issues().substr(0, 300);
  ASSERT_EQ(P.R.Model.Stages.size(), 1u);
}

TEST(Dockerfile, ExpansionThatDoublesStopsAtItsLimit) {
  // Each ARG is its predecessor twice: 2^40 bytes if expanded whole.
  std::string Text = "ARG A0=xy\n";
  for (int I = 1; I <= 40; ++I)
    Text += "ARG A" + std::to_string(I) + "=${A" + std::to_string(I - 1) + "}${A" +
            std::to_string(I - 1) + "}\n";
  Text += "FROM img:${A40}\n";
  Parsed P = parse(Text);
  EXPECT_NE(P.issues().find("ARG A16 expands to more than 64 KiB; the rest is not used"),
            std::string::npos)
      << P.issues().substr(0, 300);
  ASSERT_EQ(P.R.Model.Stages.size(), 1u);
  EXPECT_LE(P.R.Model.Stages[0].ExpandedBaseImage.size(), size_t(64 << 10));
}

} // namespace
