#include "checkers/dstack/UndocumentedDeploymentCheck.h"

#include "checkers/FileContext.h"
#include "deploy/AppCompose.h"

#include "llvm/Support/Path.h"

namespace teetidy::dstack {

void UndocumentedDeploymentCheck::check(FileContext &Ctx) {
  const AnalysisServices::DocumentedDeployments *Found =
      Ctx.services().deploymentsDocFor(Ctx.file().path());
  if (!Found)
    return;
  const deploy::DeploymentsDoc *Doc = &Found->Doc;
  std::string DocName = llvm::sys::path::filename(Found->Path).str();
  const deploy::DocumentedEntry *FirstHash = nullptr;
  for (const deploy::DocumentedEntry &E : Doc->Entries)
    if (!E.ComposeHash.empty() && !FirstHash)
      FirstHash = &E;

  // The manifest's compose hash, when the document lists any.
  if (const deploy::AppComposeManifest *M = Ctx.appCompose(); M && FirstHash) {
    std::string Hash = deploy::sha256Hex(Ctx.file().content());
    std::string AppId = deploy::defaultAppId(Hash);
    // At the app's name: the hash covers the whole file.
    SourceLocation At = M->Name                ? M->Name->Loc
                        : M->DockerComposeFile ? M->DockerComposeFile->Loc
                                               : Ctx.loc(size_t(0));
    if (!Doc->documentsHash(Hash)) {
      const deploy::DocumentedEntry *SameApp = nullptr;
      for (const deploy::DocumentedEntry &E : Doc->Entries)
        if (E.AppId == AppId && !E.ComposeHash.empty())
          SameApp = &E;
      Diagnostic &D =
          SameApp ? diag(Ctx, At, 0,
                         "compose_hash " + Hash + " of this manifest (app id " + AppId +
                             ") does not match the " + SameApp->ComposeHash + " that " + DocName +
                             " lists for that app id")
                  : diag(Ctx, At, 0,
                         "compose_hash " + Hash + " of this manifest is not listed in " + DocName);
      D.explain("users check an attested compose hash against the documented ones: a "
                "deployment the documentation does not list cannot be told from an "
                "operator's own");
      const deploy::DocumentedEntry &Listed = SameApp ? *SameApp : *FirstHash;
      D.Notes.push_back(
          {SameApp ? "documented here" : "the compose hashes it lists start here", Listed.Loc, 0});
      D.explain("add the deployment (app id, compose hash, image digests) to " + DocName +
                " or deploy the documented manifest");
    }
  }

  // Image digests, when the document lists any.
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose || Doc->AllDigests.empty())
    return;
  for (const deploy::ComposeService &S : Compose->Services) {
    if (!S.Image)
      continue;
    std::string Digest = deploy::imageDigest(S.Image->Text);
    if (Digest.empty() || Doc->documentsDigest(Digest))
      continue;
    diag(Ctx, S.Image->Loc, S.Image->Length,
         "image digest " + Digest + " of service '" + S.Name + "' is not listed in " + DocName)
        .explain("the documentation names the images users can expect; an image it does not "
                 "list is code nobody reviewed against it");
  }
}

} // namespace teetidy::dstack
