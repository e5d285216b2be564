//===- ComposeHashCommand.h - tee-tidy --compose-hash -----------*- C++ -*-===//
#pragma once

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace teetidy {

struct ComposeHashRequest {
  /// app-compose.json to hash and summarise (may be empty with TcbInfo).
  std::string File;
  /// --expect-compose-hash: the hash FILE (or the tcb_info's app_compose)
  /// must have; empty for none.
  std::string ExpectHash;
  /// --tcb-info: a saved tcb_info JSON (or a guest-agent Info response
  /// holding it) whose app_compose and compose_hash must agree.
  std::string TcbInfo;
  /// Files larger than this are refused (0: no limit); files that are not
  /// regular (a FIFO, /dev/zero) always are.
  uint64_t MaxFileSize = 1u << 20;
};

/// Prints the compose hash, the default app_id and a summary of the
/// manifest to \p Out; problems go to \p Err. Returns 0 when everything
/// agrees, 1 on a hash mismatch or a manifest problem, 2 when an input
/// cannot be read or is not JSON.
int runComposeHash(const ComposeHashRequest &Request, llvm::raw_ostream &Out,
                   llvm::raw_ostream &Err);

} // namespace teetidy
