//===- Inventory.h - What an audit lists beside the findings -----*- C++ -*-===//
//
// The inventories of a run, as plain data for the audit report, JSON and
// SARIF: the on-chain contracts the app relies on, the deployments its
// documentation lists against those computed, and where data persists.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "source/SourceFile.h"

#include <string>
#include <vector>

namespace teetidy {

/// A contract address (`0x` and 40 hex digits) written in a file of the run.
struct ContractAddress {
  std::string Address; ///< as written
  SourceLocation Loc;
  /// The name it is given on its line (`KMS_CONTRACT_ADDRESS`, `registry`);
  /// empty when none.
  std::string Name;
  /// Who fixes it: "code", "compose" (a compose file or
  /// app-compose.json), "env-file" (an unmeasured `.env`), "other" (another
  /// file of the run, such as a JSON configuration).
  std::string Pinning;
  /// The dstack governance contract it is taken for ("DstackApp",
  /// "DstackKms"), with the markers that say so; empty when none.
  std::string Recognised;
  std::vector<std::string> Markers;
  /// Contract functions the file names: human-readable ABI fragments
  /// (`function addComposeHash(bytes32)`) and the known selectors.
  std::vector<std::string> Calls;
  /// The RPC endpoints its file connects to: URL literals of RPC client
  /// calls ("https://mainnet.base.org"), and variables that reach one, with
  /// their verdict ("RPC_URL: operator-controlled (RPC_URL)").
  std::vector<std::string> Endpoints;
};

/// A contract address the code takes from configuration
/// (dstack-configurable-contract's flows).
struct ConfigurableContract {
  std::string Variable, Source, Sink;
  SourceLocation SourceLoc, SinkLoc;
  std::string ComposePath, Service;
  std::string Verdict;     ///< "operator", "open", "pinned", "unknown"
  std::string VerdictText; ///< "operator-controlled (KMS_ADDRESS)"
  /// The RPC endpoints of the sink's file (as ContractAddress::Endpoints).
  std::vector<std::string> Endpoints;
};

/// One mount of one service, and what keeps its data.
struct MountRecord {
  std::string ComposePath, Service;
  std::string Type; ///< "bind", "volume", "tmpfs", ...
  std::string Source, Target;
  bool ReadOnly = false;
  /// "encrypted-disk", "memory", "host-shared", "cvm", "remote", "unknown"
  std::string Backing;
  std::string BackingText; ///< the backing in words
  std::string Because;     ///< "named volume 'data' of type 'nfs'"
  SourceLocation Loc;
};

/// A database, cache, queue or object store the code connects to through
/// a configured address (dstack-configurable-endpoint's flows of sinks
/// with a store category).
struct StoreRecord {
  std::string Store; ///< "database", "cache", "object-store", "queue"
  std::string Sink, Variable;
  SourceLocation SinkLoc;
  std::string ComposePath, Service;
  std::string Verdict, VerdictText;
};

/// User data the code writes to a store or a file: a data sink of the
/// models that request input, a model's output or a key reaches.
struct DataWriteRecord {
  std::string Store;  ///< "database", "cache", "object-store", "queue", "file"
  std::string What;   ///< "request input", "model output", "key"
  std::string Source; ///< "request input 'body' of the handler 'chat'"
  SourceLocation SourceLoc;
  std::string Sink;   ///< "Pool.query(...)"
  std::string Target; ///< the key, statement or file path, when a literal gives it
  SourceLocation SinkLoc;
  /// Files: the mount the path lies under ("app:/data"), and what keeps it
  /// (a MountRecord::Backing); empty when no mount holds the path.
  std::string Mount, MountBacking;
};

/// One deployment a documentation file lists, as read.
struct DocumentedDeployment {
  std::string Document; ///< the file listing it
  std::string AppId, ComposeHash;
  std::vector<std::string> Digests; ///< `sha256:<64 hex>`
  std::string Name;                 ///< the row's or item's label, if any
  SourceLocation Loc;
};

/// A deployment of the run compared with the documentation.
struct DeploymentComparison {
  std::string Manifest; ///< path of the app-compose.json (or compose file)
  std::string Document; ///< the documentation compared with; empty if none
  std::string ComposeHash, AppId;
  /// "documented", "undocumented", "no-document"
  std::string Status;
  /// Image digests of its compose file, each with "documented" or
  /// "undocumented".
  std::vector<std::pair<std::string, std::string>> Digests;
};

struct Inventories {
  std::vector<ContractAddress> Contracts;
  std::vector<ConfigurableContract> ConfigurableContracts;
  /// The documentation files read, what they list, and the comparison of
  /// each deployment of the run.
  std::vector<std::string> DeploymentsDocs;
  std::vector<DocumentedDeployment> Documented;
  std::vector<DeploymentComparison> Deployments;
  std::vector<MountRecord> Mounts;
  std::vector<StoreRecord> Stores;
  std::vector<DataWriteRecord> Writes;
};

} // namespace teetidy
