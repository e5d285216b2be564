#include "checkers/CheckRegistry.h"
#include "checkers/repro/MissingSourceDateEpochCheck.h"
#include "checkers/repro/UnlockedDependenciesCheck.h"
#include "checkers/repro/UnpinnedAptCheck.h"
#include "checkers/repro/UnpinnedBaseImageCheck.h"

namespace teetidy {

void addReproModule(CheckRegistry &R) {
  R.add<repro::UnlockedDependenciesCheck>("repro-unlocked-dependencies",
                                          "pip or npm installs dependencies without a lock file or "
                                          "hashes, or a download runs without a checksum");
  R.add<repro::UnpinnedAptCheck>(
      "repro-unpinned-apt",
      "apt-get or apk installs packages without a snapshot source or pinned versions");
  R.add<repro::MissingSourceDateEpochCheck>(
      "repro-missing-source-date-epoch",
      "A Dockerfile's build sets no SOURCE_DATE_EPOCH, so image timestamps are not reproducible");
  R.add<repro::UnpinnedBaseImageCheck>(
      "repro-unpinned-base-image",
      "A Dockerfile FROM names an external image without a sha256 digest");
}

} // namespace teetidy
