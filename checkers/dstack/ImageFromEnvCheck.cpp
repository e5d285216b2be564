#include "checkers/dstack/ImageFromEnvCheck.h"

#include "checkers/FileContext.h"

namespace teetidy::dstack {

ImageFromEnvCheck::ImageFromEnvCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool ImageFromEnvCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

void ImageFromEnvCheck::check(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  using Form = deploy::VariableRef::Form;
  for (const deploy::ComposeService &S : Compose->Services) {
    if (!S.Image)
      continue;
    const deploy::ComposeScalar &Image = *S.Image;
    for (const deploy::VariableRef &R : Image.Value.Refs) {
      std::string Written = Image.Text.substr(R.Offset, R.Length);
      std::string Message = "service '" + S.Name + "' takes its image '" + Image.Text +
                            "' from variable '" + R.Name + "' (" + Written + ")";
      if (R.Kind == Form::DefaultIfUnsetOrEmpty || R.Kind == Form::DefaultIfUnset)
        Message += ", defaulting to '" + R.Argument + "'";
      SourceLocation Loc = Image.locationOf(R.Offset);
      size_t End = Image.fileOffset(R.Offset + R.Length);
      diag(Ctx, Loc, End > Loc.Offset ? End - Loc.Offset : 0, Message)
          .explain("whoever sets the variable (the operator, through encrypted env or the CVM "
                   "environment) picks the code that runs, and compose_hash stays the same");
    }
  }
}

} // namespace teetidy::dstack
