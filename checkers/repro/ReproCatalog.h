//===- ReproCatalog.h - Data of the repro checks ----------------*- C++ -*-===//
//
// The catalogs under queries/models/ read by the repro-* checks:
// package-managers.yaml (command shapes, pin patterns, snapshot hosts) and
// build-reproducibility.yaml (digest pattern, SOURCE_DATE_EPOCH evidence).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "checkers/Catalog.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy {
class FileContext;
}

namespace teetidy::repro {

bool contains(const std::vector<std::string> &List, std::string_view S);
/// "'a', 'b', 'c'" for a message; beyond six names, "and N more".
std::string joinQuoted(const std::vector<std::string> &Names);

/// A system package manager (apt, apk).
struct SystemManager {
  std::string Name;
  std::vector<std::string> Commands, Install, Refresh, Upgrade, OptionsWithValue, SnapshotOptions,
      SnapshotHosts;
  Pattern Pin, Local;
};

struct PipCatalog {
  Pattern Command, Interpreter;
  std::vector<std::string> Wrappers, Install, OptionsWithValue, RequirementOptions, EditableOptions,
      HashOptions, NoDepsOptions, NoDependencies;
  Pattern Pin, FixedReference, Archive, LockedFile, HashLine;
};

struct NodeManager {
  std::string Command;
  /// Words that may come before the subcommand (`yarn global add`).
  std::vector<std::string> Scopes;
  std::vector<std::string> Install, FrozenOptions;
  std::string Advice;
};

struct PackageManagers {
  std::vector<std::string> Prefixes;
  std::vector<SystemManager> System;
  PipCatalog Pip;
  std::vector<NodeManager> Node;
  std::vector<std::string> NodeOptionsWithValue;
  Pattern NodePin;
  std::vector<std::string> Fetchers, Interpreters;
  Pattern RemoteSource;
  std::string Git;
  std::vector<std::string> GitClone, GitPinSubcommands;
  Pattern GitCommit;
};

struct BuildReproducibility {
  Pattern Digest;
  std::vector<std::string> NotExternal;
  std::vector<std::string> EpochVariables, WorkflowEvidence;
  std::vector<Pattern> WorkflowBuild, WorkflowDockerfile;
};

/// The run's catalog of queries/models/package-managers.yaml; on a problem
/// records a tool error on \p Ctx and returns null.
std::shared_ptr<const PackageManagers> loadPackageManagers(FileContext &Ctx);
/// The run's catalog of queries/models/build-reproducibility.yaml, likewise.
std::shared_ptr<const BuildReproducibility> loadBuildReproducibility(FileContext &Ctx);

} // namespace teetidy::repro
