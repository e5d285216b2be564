#include "checkers/repro/UnpinnedBaseImageCheck.h"

#include "checkers/FileContext.h"
#include "checkers/repro/ReproCatalog.h"

#include "llvm/ADT/StringRef.h"

namespace teetidy::repro {

UnpinnedBaseImageCheck::UnpinnedBaseImageCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool UnpinnedBaseImageCheck::appliesTo(Language L) const {
  return L == Language::Dockerfile || L == Language::Yaml || L == Language::Json;
}

void UnpinnedBaseImageCheck::check(FileContext &Ctx) {
  // A Dockerfile, or the inline Dockerfiles of a compose file.
  for (const deploy::DockerfileModel *Model : Ctx.dockerfiles())
    checkModel(Ctx, *Model);
}

void UnpinnedBaseImageCheck::checkModel(FileContext &Ctx, const deploy::DockerfileModel &TheModel) {
  const deploy::DockerfileModel *Model = &TheModel;
  if (Model->Stages.empty())
    return;
  auto Catalog = loadBuildReproducibility(Ctx);
  if (!Catalog)
    return;
  for (const deploy::DockerStage &S : Model->Stages) {
    if (S.FromEarlierStage || S.BaseImage.empty())
      continue;
    const std::string &Image = S.ExpandedBaseImage;
    bool NotExternal = false;
    for (const std::string &Name : Catalog->NotExternal)
      NotExternal |= llvm::StringRef(Image).equals_insensitive(Name);
    if (NotExternal || matches(Catalog->Digest, Image))
      continue;
    std::string Message;
    if (Image.empty())
      Message = "base image '" + shortened(S.BaseImage) +
                "' comes from a build argument without a default";
    else if (Image != S.BaseImage && S.BaseImage.find('$') != std::string::npos)
      Message = "base image '" + shortened(Image) + "' (from '" + shortened(S.BaseImage) +
                "') is not pinned by digest";
    else
      Message = "base image '" + shortened(Image) + "' is not pinned by digest";
    Diagnostic &D = diag(Ctx, S.Loc, S.BaseImage.size(), std::move(Message));
    if (Image.empty())
      D.explain("whoever runs the build chooses it");
    D.explain("a tag can be moved to other content, so the image cannot be rebuilt from this "
              "source and compared with the one the attested compose file names")
        .explain("pin it as '<image>@sha256:<digest>'");
  }
}

} // namespace teetidy::repro
