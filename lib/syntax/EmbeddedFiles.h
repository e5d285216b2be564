//===- EmbeddedFiles.h - Data files compiled into the binary ----*- C++ -*-===//
#pragma once

#include <span>
#include <string_view>

namespace teetidy {

/// A file embedded at build time; Path is relative to its directory
/// (queries/, docs/checks/).
struct EmbeddedFile {
  std::string_view Path;
  std::string_view Contents;
};

/// Every embedded query and model file, sorted by path.
std::span<const EmbeddedFile> embeddedDataFiles();

/// Every check's page (docs/checks/<check>.md), by file name, sorted.
std::span<const EmbeddedFile> embeddedCheckPages();

} // namespace teetidy
