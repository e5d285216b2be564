//===- FuzzInput.h - Shared helpers of the fuzz targets ---------*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::fuzz {

inline std::string_view bytes(const uint8_t *Data, size_t Size) {
  return {reinterpret_cast<const char *>(Data), Size};
}

/// Splits \p Input at NUL bytes into at most \p N parts: one input holds
/// several files (a NUL never occurs in a file the tool reads).
inline std::vector<std::string> splitFiles(std::string_view Input, size_t N) {
  std::vector<std::string> Parts;
  while (Parts.size() + 1 < N) {
    size_t Nul = Input.find('\0');
    if (Nul == std::string_view::npos)
      break;
    Parts.emplace_back(Input.substr(0, Nul));
    Input.remove_prefix(Nul + 1);
  }
  std::string Last(Input);
  // The last part keeps no NUL either: the file store would refuse it.
  for (char &C : Last)
    if (C == '\0')
      C = '\n';
  Parts.push_back(std::move(Last));
  Parts.resize(N);
  return Parts;
}

} // namespace teetidy::fuzz
