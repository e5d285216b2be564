#include "checkers/dstack/ImageNotPinnedCheck.h"

#include "checkers/FileContext.h"

#include <algorithm>
#include <cctype>

namespace teetidy::dstack {

namespace {

constexpr const char *Mutable =
    "the registry, or the registry mirror the host configures, can serve other code under it "
    "without changing compose_hash";

bool isSha256Digest(std::string_view D) {
  if (D.substr(0, 7) != "sha256:" || D.size() != 7 + 64)
    return false;
  return std::all_of(D.begin() + 7, D.end(),
                     [](char C) { return (C >= '0' && C <= '9') || (C >= 'a' && C <= 'f'); });
}

/// The tag of an image reference without a digest, or empty when none is
/// written (a `:` before the last `/` belongs to a registry port).
std::string_view tagOf(std::string_view Ref) {
  size_t Colon = Ref.rfind(':');
  size_t Slash = Ref.rfind('/');
  if (Colon == std::string_view::npos || (Slash != std::string_view::npos && Colon < Slash))
    return {};
  return Ref.substr(Colon + 1);
}

/// Whether a build context is fetched from the network at build time.
bool isRemoteContext(std::string_view C) {
  for (std::string_view Prefix : {"http://", "https://", "git://", "git@", "ssh://", "github.com/",
                                  "gitlab.com/", "bitbucket.org/"})
    if (C.substr(0, Prefix.size()) == Prefix)
      return true;
  size_t Hash = C.find('#');
  std::string_view Repo = C.substr(0, Hash);
  return Repo.size() > 4 && Repo.substr(Repo.size() - 4) == ".git";
}

std::string lower(std::string_view S) {
  std::string L(S);
  std::transform(L.begin(), L.end(), L.begin(),
                 [](unsigned char C) { return static_cast<char>(std::tolower(C)); });
  return L;
}

} // namespace

ImageNotPinnedCheck::ImageNotPinnedCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), CheckBuild(options().getBool("CheckBuild", true)) {}

bool ImageNotPinnedCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

void ImageNotPinnedCheck::check(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  for (const deploy::ComposeService &S : Compose->Services) {
    if (S.Image)
      checkImage(Ctx, S);
    if (S.Build && CheckBuild)
      checkBuild(Ctx, S);
  }
}

void ImageNotPinnedCheck::checkImage(FileContext &Ctx, const deploy::ComposeService &S) {
  const deploy::ComposeScalar &Image = *S.Image;
  // Interpolated references are dstack-image-from-env's.
  if (Image.InterpolationFailed || !Image.Value.isLiteral())
    return;
  std::string Full = Image.Value.literalValue();
  if (Full.empty())
    return;
  std::string Ref = shortened(Full);
  std::string Who = "service '" + S.Name + "' ";
  size_t At = Full.find('@');
  if (At != std::string::npos) {
    std::string_view Digest = std::string_view(Full).substr(At + 1);
    if (isSha256Digest(Digest))
      return;
    diag(Ctx, Image.Loc, Image.Length,
         Who + "pins image '" + Ref + "' with '" + shortened(Digest) +
             "', which is not a sha256 digest of 64 lower-case hex digits")
        .explain(std::string("so the reference is not pinned: ") + Mutable);
    return;
  }
  std::string_view Tag = tagOf(Full);
  Diagnostic &D =
      diag(Ctx, Image.Loc, Image.Length,
           Tag.empty() ? Who + "uses image '" + Ref +
                             "' without a tag or digest, which means the mutable tag 'latest'"
                       : Who + "uses image '" + Ref + "' by its mutable tag '" + shortened(Tag) +
                             "' instead of a digest");
  D.explain(Mutable);
  if (S.PullPolicy && lower(S.PullPolicy->Text) == "always")
    D.explain("with pull_policy: always the tag is resolved again at every boot");
  D.explain("pin it as '" + Ref + "@sha256:<digest>'");
}

void ImageNotPinnedCheck::checkBuild(FileContext &Ctx, const deploy::ComposeService &S) {
  const deploy::BuildSpec &B = *S.Build;
  std::string Who = "service '" + S.Name + "' ";
  constexpr const char *AtBoot = " inside the CVM at every boot";
  constexpr const char *Unpinned =
      "dstack runs 'docker compose up --build': base images, packages and sources fetched during "
      "the build are not covered by compose_hash, so the running code is not the code attested";
  if (B.DockerfileInline) {
    diag(Ctx, B.Loc, 0, Who + "is built from an inline Dockerfile (dockerfile_inline)" + AtBoot)
        .explain(Unpinned);
    return;
  }
  if (B.Context && isRemoteContext(B.Context->Text)) {
    diag(Ctx, B.Context->Loc, B.Context->Length,
         Who + "is built from the remote context '" + B.Context->Text + "', fetched" + AtBoot)
        .explain("whoever controls that repository or URL decides the code")
        .explain(Unpinned);
    return;
  }
  std::string From = B.Context ? " from context '" + B.Context->Text + "'" : "";
  SourceLocation Loc = B.Context ? B.Context->Loc : B.Loc;
  size_t Length = B.Context ? B.Context->Length : 0;
  diag(Ctx, Loc, Length, Who + "is built" + From + AtBoot).explain(Unpinned);
}

} // namespace teetidy::dstack
