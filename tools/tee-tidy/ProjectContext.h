//===- ProjectContext.h - The projects of the named files --------*- C++ -*-===//
//
// A file named on the command line is analysed with the files of its
// project: they feed the deployment model and the dataflow program, and are
// neither checked nor reported.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tools/tee-tidy/Driver.h"

#include <optional>
#include <string>
#include <vector>

namespace teetidy {

/// The project root of the file \p Path:
/// - the nearest directory, from the file's own upwards, holding `.tee-tidy`
///   or `.git`;
/// - else the topmost one holding a deployment file (a compose file, an
///   app-compose manifest, a Dockerfile);
/// - else the file's own directory.
/// The search stops below the home directory \p Home and `/`: neither is
/// ever a root, and a file directly in one has none (std::nullopt).
///
/// The root is spelled from \p Path (its directory with trailing components
/// removed, or `..` appended), so that the files walked from it are spelled
/// as a run over that directory from the same working directory spells them;
/// "" is the working directory of a path without a directory part.
std::optional<std::string> projectRootOf(const std::string &Path, const std::string &Home);

/// \p Tasks in the context of their projects: the project roots of
/// \p NamedFiles are walked with \p Disc, and every file found that is not
/// one of \p Tasks joins them as a context task (`FileTask::Context`).
///
/// The result is in the order of the walk, each task where the walk finds
/// it, then the tasks the walk did not find, in their order: a file named
/// alone is analysed with the files of its root in the order a run over the
/// root has. A task the walk finds keeps its spelling, except an explicit
/// one that is not in \p NamedFiles (a compose file the configuration names,
/// by absolute path), which takes the walk's.
std::vector<FileTask> withProjectContext(std::vector<FileTask> Tasks,
                                         const std::vector<std::string> &NamedFiles,
                                         const DiscoveryOptions &Disc, const std::string &Home);

} // namespace teetidy
