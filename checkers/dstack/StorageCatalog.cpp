#include "checkers/dstack/StorageCatalog.h"

#include "checkers/dstack/MountPaths.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::dstack {

const char *backingName(Backing B) {
  switch (B) {
  case Backing::HostShared:
    return "host-shared";
  case Backing::EncryptedDisk:
    return "encrypted-disk";
  case Backing::Memory:
    return "memory";
  case Backing::Cvm:
    return "cvm";
  case Backing::Remote:
    return "remote";
  case Backing::Socket:
    return "socket";
  case Backing::Unknown:
    return "unknown";
  }
  return "unknown";
}

const char *backingText(Backing B) {
  switch (B) {
  case Backing::HostShared:
    return "the folder the host shares with the CVM: the host reads it";
  case Backing::EncryptedDisk:
    return "the CVM's encrypted data disk";
  case Backing::Memory:
    return "the CVM's encrypted memory (lost at reboot)";
  case Backing::Cvm:
    return "the CVM's own file system, not the data disk";
  case Backing::Remote:
    return "another machine, outside the CVM: its operator reads it";
  case Backing::Socket:
    return "a socket: nothing is kept there";
  case Backing::Unknown:
    return "decided at deploy time (the path comes from a variable)";
  }
  return "";
}

Backing StorageCatalog::backingOf(const std::string &Path) const {
  const PathRule *Best = nullptr;
  for (const PathRule &R : Paths)
    if ((Path == R.Path || (R.Below && isAtOrBelow(Path, R.Path))) &&
        (!Best || R.Path.size() > Best->Path.size()))
      Best = &R;
  return Best ? Best->Kind : Backing::Unknown;
}

std::shared_ptr<const StorageCatalog> storageCatalog(AnalysisServices &Services,
                                                     std::string *Error) {
  auto Read = [](const YAML::Node &Model, CatalogReader &R) {
    StorageCatalog C;
    for (const YAML::Node &P : Model["paths"]) {
      StorageCatalog::PathRule Rule;
      Rule.Path = normalise(R.string(P["path"], "path"));
      Rule.Below = R.boolean(P["below"], "below").value_or(false);
      std::string Kind = R.string(P["backing"], "backing");
      for (Backing B : {Backing::HostShared, Backing::EncryptedDisk, Backing::Memory, Backing::Cvm})
        if (Kind == backingName(B))
          Rule.Kind = B;
      if (Rule.Kind == Backing::Unknown)
        R.fail(P["backing"], "backing must be host-shared, encrypted-disk, memory or cvm");
      C.Paths.push_back(std::move(Rule));
    }
    C.RemoteVolumeTypes = R.strings(Model["remote_volume_types"], "remote_volume_types");
    return C;
  };
  auto Built = Services.catalog<StorageCatalog>("models/storage.yaml", Read);
  if (!Built) {
    if (Error)
      *Error = llvm::toString(Built.takeError());
    return nullptr;
  }
  return *Built;
}

MountBacking backingOf(const StorageCatalog &C, const deploy::ComposeFile &F,
                       const deploy::VolumeMount &M) {
  MountBacking Out;
  if (M.Type == "tmpfs") {
    Out.Kind = Backing::Memory;
    Out.Because = "tmpfs";
    return Out;
  }
  if (M.Type == "bind") {
    std::string Via;
    if (std::optional<std::string> P = hostPath(M.Source, Via)) {
      Out.CvmPath = *P;
      // A socket (the guest agent's, Docker's) passes requests, not files.
      Out.Kind = llvm::StringRef(*P).endswith(".sock") ? Backing::Socket : C.backingOf(*P);
      Out.Because = "bind mount of '" + *P + "'";
    } else {
      Out.Because = "bind mount of '" + M.Source + "'";
    }
    return Out;
  }
  if (M.Type != "volume")
    return Out;
  Out.Kind = Backing::EncryptedDisk;
  Out.Because = M.Source.empty() ? "anonymous volume" : "named volume '" + M.Source + "'";
  const deploy::VolumeDefinition *V = M.Source.empty() ? nullptr : F.findVolume(M.Source);
  if (!V)
    return Out;
  if (V->Driver && V->Driver->Text != "local") {
    Out.Kind = Backing::Remote;
    Out.Because += " with driver '" + V->Driver->Text + "'";
    Out.DeclLoc = V->Driver->Loc;
    return Out;
  }
  if (const deploy::ComposeScalar *Type = V->option("type")) {
    for (const std::string &T : C.RemoteVolumeTypes)
      if (llvm::StringRef(Type->Text).equals_insensitive(T)) {
        Out.Kind = Backing::Remote;
        Out.Because += " of type '" + Type->Text + "'";
        Out.DeclLoc = Type->Loc;
        return Out;
      }
  }
  // `driver_opts: {type: none, o: bind, device: /path}` binds a CVM path.
  const deploy::ComposeScalar *O = V->option("o");
  const deploy::ComposeScalar *Device = V->option("device");
  if (O && Device && llvm::is_contained(llvm::split(O->Text, ','), "bind")) {
    std::string Via;
    if (std::optional<std::string> P = hostPath(Device->Text, Via)) {
      Out.CvmPath = *P;
      Out.Kind = C.backingOf(*P);
      Out.Because += " bound to '" + *P + "'";
    } else {
      Out.Kind = Backing::Unknown;
      Out.Because += " bound to '" + Device->Text + "'";
    }
    Out.DeclLoc = Device->Loc;
  }
  return Out;
}

} // namespace teetidy::dstack
