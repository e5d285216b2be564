//===- DeployIssue.h - Problems found while reading deployment files -*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"

#include <string>

namespace teetidy::deploy {

/// A problem in a compose file, manifest or Dockerfile (bad YAML, wrong type,
/// duplicate key, unterminated heredoc). Reported as an error diagnostic at
/// Loc; reading goes on with whatever could be understood.
struct DeployIssue {
  SourceLocation Loc;
  std::string Message;
};

} // namespace teetidy::deploy
