//===- StorageCatalog.h - Where a CVM keeps written data -----------*- C++ -*-===//
#pragma once

#include "checkers/FileContext.h"
#include "deploy/ComposeFile.h"

#include <memory>
#include <string>
#include <vector>

namespace teetidy::dstack {

/// What keeps data written to a CVM path (queries/models/storage.yaml).
enum class Backing { HostShared, EncryptedDisk, Memory, Cvm, Remote, Socket, Unknown };
/// "host-shared", "encrypted-disk", "memory", "cvm", "remote", "socket",
/// "unknown".
const char *backingName(Backing B);
/// The backing in words, for messages and the report.
const char *backingText(Backing B);

struct StorageCatalog {
  struct PathRule {
    std::string Path;
    bool Below = false;
    Backing Kind = Backing::Unknown;
  };
  std::vector<PathRule> Paths;
  std::vector<std::string> RemoteVolumeTypes;

  /// The backing of normalised CVM path \p Path: the longest rule that
  /// matches.
  Backing backingOf(const std::string &Path) const;
};

/// The catalog, read once per run; null after a tool error on \p Ctx.
std::shared_ptr<const StorageCatalog> storageCatalog(AnalysisServices &Services,
                                                     std::string *Error);

/// Where one mount of a service keeps its data.
struct MountBacking {
  Backing Kind = Backing::Unknown;
  /// The CVM path of a bind (or of a named volume bound to a device), else
  /// empty.
  std::string CvmPath;
  /// What decided: "named volume 'data'", "driver_opts type 'nfs'", ...
  std::string Because;
  /// Where the deciding declaration is (a volume's driver or type), if not
  /// the mount itself.
  SourceLocation DeclLoc;
};
MountBacking backingOf(const StorageCatalog &C, const deploy::ComposeFile &F,
                       const deploy::VolumeMount &M);

} // namespace teetidy::dstack
