// Compose YAML with interpolation: parsing, `extends` within the file,
// merging with an override and every reference the values hold.
#include "FuzzInput.h"

#include "deploy/ComposeFile.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view In = fuzz::bytes(Data, Size);
  // The interpolation parser on its own, over the first line.
  std::string_view Line = In.substr(0, In.find('\n'));
  std::string Error;
  size_t ErrorOffset = 0;
  if (auto S = deploy::parseInterpolation(Line, &Error, &ErrorOffset))
    (void)S->variableNames();
  else if (ErrorOffset > Line.size())
    __builtin_trap();

  SourceFile F("docker-compose.yml", std::string(In), Language::Yaml);
  deploy::ComposeParseResult R = deploy::parseCompose(F);
  for (const deploy::DeployIssue &I : R.Issues)
    if (I.Loc.File && I.Loc.Offset > Size)
      __builtin_trap(); // an issue points past the file
  if (!R.Compose)
    return 0;
  deploy::ComposeParseResult Resolved = deploy::resolveExtends(*R.Compose);
  const deploy::ComposeFile &C = Resolved.Compose ? *Resolved.Compose : *R.Compose;
  deploy::ComposeFile Merged = deploy::mergeCompose({&*R.Compose, &C});
  size_t Names = 0;
  for (const deploy::ComposeService &S : Merged.Services)
    for (const deploy::ComposeScalar &P : S.Ports)
      Names += P.Value.variableNames().size() + P.locationOf(P.Text.size()).Offset;
  for (const deploy::ComposeFile::RefSite &Site : R.Compose->References)
    if (Site.Loc.File == &F && Site.Loc.Offset > Size)
      __builtin_trap();
  return Names == static_cast<size_t>(-1);
}
