//===- TcbInfo.h - A CVM's tcb_info, as dstack reports it -------*- C++ -*-===//
//
// The tcb_info JSON of a running CVM (the guest agent's Info response or the
// tcb_info object itself): the app_compose it booted with, its compose_hash,
// RTMR3 and the event log.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/DeployIssue.h"
#include "deploy/EventLog.h"
#include "source/SourceFile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace teetidy::deploy {

/// What a tcb_info says.
struct TcbInfo {
  std::string AppCompose;
  std::string ComposeHash;
  /// The event log, when the tcb_info has one, and its read problems.
  std::optional<std::vector<EventLogEntry>> EventLog;
  std::vector<std::string> EventLogProblems;
  std::optional<std::string> Rtmr3;
  /// app_id and instance_id of an Info response.
  std::optional<std::string> AppId, InstanceId;
};

/// Reads tcb_info JSON \p Bytes (named \p Path in messages): the tcb_info
/// object itself, or an Info response whose `tcb_info` is an object or a JSON
/// string. Problems go to \p Err as `path:line:col: error:` lines; the files
/// the result points into are kept in \p Keep.
std::optional<TcbInfo> parseTcbInfo(const std::string &Path, std::string Bytes,
                                    llvm::raw_ostream &Err,
                                    std::vector<std::unique_ptr<SourceFile>> &Keep);

/// A hex digest as written by tools: lower-cased, without a `0x` prefix.
std::string normaliseHex(llvm::StringRef H);
bool isSha256Hex(llvm::StringRef H);

/// Prints \p Issues as `path:line:col: error: message` lines.
void printIssues(const std::vector<DeployIssue> &Issues, llvm::raw_ostream &Err);

} // namespace teetidy::deploy
