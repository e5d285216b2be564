//===- DeploymentRules.h - What marks deployments, and what images run -*- C++ -*-===//
//
// The data the deployment model decides with (queries/models/deployments.yaml):
// the words that mark a compose file as a dstack deployment or as one for
// development, the dstack sockets, the directories that only hold deployment
// files, and the kinds of images (stock services that run no application
// code, language runtimes).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "source/Language.h"

#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::deploy {

/// A kind of image, by repository.
struct ImageKind {
  /// For messages: "a database", "a Python image".
  std::string Kind;
  /// Language families its images run ("python", "ecmascript", or others
  /// such as "go"); empty: no application code at all.
  std::set<std::string> Runs;
  /// Whole-repository patterns (case-insensitive).
  std::vector<std::shared_ptr<const llvm::Regex>> Repositories;
  /// Programs that show this kind's runtime in a command.
  std::set<std::string> RuntimeWords;
};

struct DeploymentRules {
  std::set<std::string> DeploymentWords, DevelopmentWords;
  /// Host path prefixes of the dstack guest agent's sockets.
  std::vector<std::string> Sockets;
  /// Names of directories that only hold deployment files.
  std::set<std::string> DeploymentDirectories;
  /// Container directories too common to tie a service's working directory
  /// to a directory of the project (`/app`, `/src`).
  std::set<std::string> GenericDirectories;
  std::vector<ImageKind> Images;

  /// The kind of image \p Reference (`ghcr.io/org/app:1.0@sha256:...`), by
  /// its repository; null when no kind describes it.
  const ImageKind *imageKind(std::string_view Reference) const;
  /// The family whose runtime words hold \p Word (a program name), or
  /// nullopt.
  std::optional<std::string> familyOfRuntimeWord(std::string_view Word) const;
};

/// The repository of image reference \p Reference: registry host, `library/`,
/// tag and digest removed, lower-cased (`ghcr.io/org/app:1` -> `org/app`).
std::string imageRepository(std::string_view Reference);

/// The name of language family \p F in the rules ("python", "ecmascript").
const char *familyName(LanguageFamily F);

/// Lower-cased words of \p Text, split at `-`, `_`, `.`, `/` and `\`.
std::vector<std::string> nameWords(std::string_view Text);

/// Whether names \p A and \p B (a service and a directory) name the same
/// thing: equal words, or the words of one start the other's (`mirror` and
/// `mirror-server`), with at least three letters in common.
bool namesMatch(std::string_view A, std::string_view B);

} // namespace teetidy::deploy
