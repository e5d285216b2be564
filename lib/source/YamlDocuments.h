//===- YamlDocuments.h - The first document of a YAML stream ----*- C++ -*-===//
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace teetidy {

struct YamlDocuments {
  /// The first document (a null node when there is none).
  YAML::Node First;
  /// The first value of a second document that holds more than null.
  std::optional<YAML::Mark> Second;
};

/// Reads the first document of \p Text and looks for a second one.
/// YAML::LoadAll is not used: on some malformed inputs yaml-cpp 0.7 reports a
/// new document at the same place for ever, and LoadAll collects them until
/// memory runs out. Throws what YAML::Load throws.
YamlDocuments loadYamlDocuments(const std::string &Text);

} // namespace teetidy
