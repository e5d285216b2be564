//===- EmbeddedFiles.h - Data files compiled into the binary ----*- C++ -*-===//
#pragma once

#include <span>
#include <string_view>

namespace teetidy {

/// A file from queries/ embedded at build time; Path is relative to queries/.
struct EmbeddedFile {
  std::string_view Path;
  std::string_view Contents;
};

/// Every embedded query and model file, sorted by path.
std::span<const EmbeddedFile> embeddedDataFiles();

} // namespace teetidy
