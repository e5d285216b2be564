//===- Models.h - Sources, sinks and propagators as data --------*- C++ -*-===//
//
// Library knowledge for the taint engine, read from the YAML files under
// queries/models/<language>/: which calls read configuration (sources),
// which arguments of which calls are network destinations or model names
// (sinks), and which calls and string methods pass values through.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace teetidy::dataflow {

/// An argument by position and/or keyword (either may be absent).
struct ArgumentSpec {
  std::optional<unsigned> Position;
  std::string Keyword;
  bool empty() const { return !Position && Keyword.empty(); }
};

struct SourceModel {
  ArgumentSpec Name;    ///< the variable name argument
  ArgumentSpec Default; ///< the fallback value argument
};

struct SinkModel {
  std::string Kind;     ///< "endpoint" or "model"
  std::string Library;  ///< from the file's `library:`
  std::vector<ArgumentSpec> Destinations;
};

struct PropagatorModel {
  /// Argument positions that flow to the result; empty = all arguments.
  std::vector<unsigned> Arguments;
};

/// Every model of one language, keyed by qualified callee name.
struct Models {
  std::map<std::string, SourceModel> SourceCalls;
  std::set<std::string> SourceSubscripts;
  std::set<std::string> SettingsBases;
  std::set<std::string> SettingsFields;
  /// Callee -> sink kind -> model (rules for one callee and kind merge).
  std::map<std::string, std::map<std::string, SinkModel>> Sinks;
  std::map<std::string, PropagatorModel> Propagators;
  std::set<std::string> StringMethods;
  std::set<std::string> StringAttributes;
  std::set<std::string> DependencyInjectors;

  /// Adds one YAML model file. \p Name is used in error positions
  /// ("queries/models/python/sinks-httpx.yaml:3:5: ...").
  llvm::Error addFile(const std::string &Name, const std::string &Text);
};

/// Expands `{a,b}` groups: "x.{A,B}.get" -> x.A.get, x.B.get. Nested groups
/// are allowed.
std::vector<std::string> expandBraces(const std::string &Pattern);

} // namespace teetidy::dataflow
