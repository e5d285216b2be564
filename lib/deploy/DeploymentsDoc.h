//===- DeploymentsDoc.h - Deployments a project documents ---------*- C++ -*-===//
//
// Reads the app ids, compose hashes and image digests a project writes in a
// `DEPLOYMENTS.md` (or another Markdown file): table rows, and groups of
// `key: value` lines under headings or in list items. See
// docs/checks/dstack-undocumented-deployment.md for the shapes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "source/SourceFile.h"

#include <set>
#include <string>
#include <vector>

namespace teetidy::deploy {

struct DocumentedEntry {
  /// The app id in lower-case hex without `0x` (40 digits); empty if none.
  std::string AppId;
  /// The compose hash in lower-case hex (64 digits); empty if none.
  std::string ComposeHash;
  /// `sha256:<64 lower-case hex>` digests of the entry.
  std::vector<std::string> Digests;
  /// The row's first cell, or the heading above the group.
  std::string Label;
  SourceLocation Loc;
};

struct DeploymentsDoc {
  std::vector<DocumentedEntry> Entries;
  /// Every digest the file writes, inside entries or not.
  std::set<std::string> AllDigests;

  /// Whether any entry gives a compose hash (else hashes are not compared).
  bool listsHashes() const;
  bool documentsHash(const std::string &Hash) const;
  bool documentsDigest(const std::string &Digest) const { return AllDigests.count(Digest) != 0; }
};

/// Reads \p File (Markdown).
DeploymentsDoc parseDeploymentsDoc(const SourceFile &File);

/// The `sha256:<hex>` digest of an image reference (`name@sha256:...`),
/// lower-case; empty when the reference has none.
std::string imageDigest(const std::string &Image);

} // namespace teetidy::deploy
