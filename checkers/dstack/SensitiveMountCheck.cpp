#include "checkers/dstack/SensitiveMountCheck.h"

#include "checkers/FileContext.h"
#include "checkers/dstack/MountPaths.h"

#include <algorithm>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::dstack {

namespace {

constexpr const char *CatalogPath = "models/sensitive-mounts.yaml";

} // namespace

SensitiveMountCheck::SensitiveMountCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts), ExtraPaths(options().getList("ExtraPaths", "")) {}

bool SensitiveMountCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

bool SensitiveMountCheck::loadCatalog(FileContext &Ctx) {
  if (Loaded)
    return !LoadFailed;
  Loaded = true;
  auto Read = [](const YAML::Node &Model, CatalogReader &R) {
    std::vector<Sensitive> Out;
    for (const YAML::Node &M : Model["mounts"]) {
      Sensitive S;
      S.Path = normalise(R.string(M["path"], "path"));
      S.Below = R.boolean(M["below"], "below").value_or(false);
      S.Socket = R.boolean(M["socket"], "socket").value_or(false);
      S.Remark = R.string(M["level"], "level", /*Required=*/false) == "remark";
      S.What = R.string(M["what"], "what");
      S.Why = R.string(M["why"], "why");
      Out.push_back(std::move(S));
    }
    return Out;
  };
  auto Built = Ctx.services().catalog<std::vector<Sensitive>>(CatalogPath, Read);
  if (!Built) {
    Ctx.toolError(llvm::toString(Built.takeError()));
    LoadFailed = true;
    return false;
  }
  Catalog = **Built;
  for (const std::string &P : ExtraPaths)
    Catalog.push_back({normalise(P), false, false, false, "'" + normalise(P) + "'",
                       "it is listed in the ExtraPaths option as sensitive"});
  return true;
}

const SensitiveMountCheck::Sensitive *SensitiveMountCheck::match(const std::string &Path) const {
  for (const Sensitive &S : Catalog)
    if (Path == S.Path)
      return &S;
  for (const Sensitive &S : Catalog)
    if (S.Below && Path.size() > S.Path.size() && Path.compare(0, S.Path.size(), S.Path) == 0 &&
        Path[S.Path.size()] == '/')
      return &S;
  return nullptr;
}

void SensitiveMountCheck::reportVariableSource(FileContext &Ctx, const std::string &Service,
                                               const deploy::VolumeMount &V) {
  auto Parsed = deploy::parseInterpolation(V.Source);
  if (!Parsed || Parsed->Refs.empty() || Parsed->Refs.front().Offset != 0 || !V.SourceLoc.valid())
    return;
  const deploy::VariableRef &R = Parsed->Refs.front();
  diag(Ctx, V.SourceLoc, std::min(R.Length, V.SourceLength),
       "service '" + Service + "' takes the host path of its bind mount" +
           (V.Target.empty() ? "" : " at '" + V.Target + "'") + " from variable '" + R.Name +
           "' (" + V.Source + ")")
      .explain("whoever sets the variable (the operator, through encrypted env) can mount any CVM "
               "path there, / and /dstack/.host-shared included");
}

void SensitiveMountCheck::check(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose || !loadCatalog(Ctx))
    return;
  for (const deploy::ComposeService &S : Compose->Services) {
    for (const deploy::VolumeMount &V : S.Volumes) {
      if (V.Type != "bind" || V.Source.empty())
        continue;
      std::string Via;
      std::optional<std::string> Host = hostPath(V.Source, Via);
      const Sensitive *Hit = Host ? match(*Host) : nullptr;
      if (!Hit) {
        reportVariableSource(Ctx, S.Name, V);
        continue;
      }
      std::string Message = "service '" + S.Name + "' mounts " + Hit->What + " ('" + *Host + "'";
      if (!Via.empty())
        Message += ", the default of " + Via;
      else if (V.Source[0] != '/')
        Message += ", as '" + V.Source + "' relative to the project directory /dstack";
      Message += ")";
      if (!V.Target.empty())
        Message += " at '" + V.Target + "'";
      if (V.ReadOnly && !Hit->Remark)
        Message += " read-only";
      SourceLocation Loc = V.SourceLoc.valid() ? V.SourceLoc : V.Loc;
      size_t Length = V.SourceLoc.valid() ? V.SourceLength : 0;
      Diagnostic &D =
          diag(Ctx, Loc, Length, Message, Hit->Remark ? Severity::Remark : Severity::Warning)
              .explain(Hit->Why);
      if (V.ReadOnly && !Hit->Remark)
        D.explain(Hit->Socket ? "read-only does not help, a socket still accepts connections"
                              : "read-only does not help, reading is enough");
    }
  }
}

} // namespace teetidy::dstack
