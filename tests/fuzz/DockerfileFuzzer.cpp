// Dockerfiles: directives, line continuations, heredocs, ARG/ENV expansion
// in FROM, and the same text embedded in a compose file's
// dockerfile_inline (locations mapped through an offset function).
#include "FuzzInput.h"

#include "deploy/Dockerfile.h"

using namespace teetidy;

namespace {

void checkLocations(const deploy::DockerfileParseResult &R, size_t Size) {
  for (const deploy::DeployIssue &I : R.Issues)
    if (I.Loc.File && I.Loc.Offset > Size)
      __builtin_trap();
  for (const deploy::DockerStage &S : R.Model.Stages)
    if (S.Instruction >= R.Model.Instructions.size())
      __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Text(fuzz::bytes(Data, Size));
  SourceFile F("Dockerfile", Text, Language::Dockerfile);
  checkLocations(deploy::parseDockerfile(F), Size);
  // As inline text shifted by one byte inside a larger file.
  SourceFile Host("docker-compose.yml", " " + Text, Language::Yaml);
  checkLocations(deploy::parseDockerfile(Host, Text, [](size_t O) { return O + 1; }), Size + 1);
  return 0;
}
