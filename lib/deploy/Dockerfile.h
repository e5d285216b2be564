//===- Dockerfile.h - Dockerfile model --------------------------*- C++ -*-===//
//
// A Dockerfile split into parser directives, logical instructions (line
// continuations joined, comment lines dropped, heredoc bodies collected),
// build stages, and ENV / ARG definitions, each mapped back to the file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/DeployIssue.h"
#include "source/SourceFile.h"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::deploy {

/// One instruction: a logical line plus its heredoc bodies.
struct DockerInstruction {
  /// The instruction keyword, upper-cased (`RUN`).
  std::string Keyword;
  /// Everything after the keyword on the logical line: continuations and
  /// comment lines removed, outer whitespace trimmed, flags included.
  std::string Arguments;
  /// Heredoc bodies in marker order; each line keeps its `\n`, the
  /// terminator line is excluded, `<<-` strips leading tabs.
  std::vector<std::string> Heredocs;
  /// Location of the first body byte of each heredoc (parallel to Heredocs).
  std::vector<SourceLocation> HeredocLocs;
  /// Leading `--name=value` options (`--name` alone gives an empty value),
  /// names without the dashes, values unquoted.
  std::vector<std::pair<std::string, std::string>> Flags;
  /// Offset in Arguments where the operands after the flags begin.
  size_t OperandsOffset = 0;
  /// Location of the keyword.
  SourceLocation Loc;
  /// 1-based first and last physical line (heredoc bodies included).
  unsigned FirstLine = 0, LastLine = 0;
  /// Runs of Arguments that are contiguous in the file, as (offset in
  /// Arguments, file offset), sorted; used by fileOffset().
  std::vector<std::pair<size_t, size_t>> Segments;

  /// File offset of byte \p ArgOffset of Arguments (Arguments.size() maps
  /// just past the last byte).
  size_t fileOffset(size_t ArgOffset) const;
  /// Location of byte \p ArgOffset of Arguments.
  SourceLocation locationOf(size_t ArgOffset) const { return {Loc.File, fileOffset(ArgOffset)}; }
  /// Arguments after the flags.
  std::string_view operands() const { return std::string_view(Arguments).substr(OperandsOffset); }
};

/// One `K=V` of ENV or ARG (ARG may lack the value).
struct KeyValue {
  /// Name as written.
  std::string Key;
  /// Value with quotes and escapes removed; variables are not expanded.
  std::string Value;
  /// Location of the key, and of the value's first byte (after an opening
  /// quote); ValueLoc is invalid when there is no value.
  SourceLocation KeyLoc, ValueLoc;
  /// False for `ARG NAME` without a default.
  bool HasValue = true;
  /// Index into DockerfileModel::Stages; -1 for an ARG before the first FROM.
  int Stage = -1;
};

/// One build stage, opened by FROM.
struct DockerStage {
  /// The base image operand as written (`python:${PY}-slim`).
  std::string BaseImage;
  /// BaseImage unquoted, with the defaults of ARGs declared before the first
  /// FROM expanded (unset variables expand to nothing).
  std::string ExpandedBaseImage;
  /// The `AS name`, as written; empty when unnamed.
  std::string Name;
  /// `--platform` value, as written.
  std::string Platform;
  /// True when the base is an earlier stage's name (case-insensitive).
  bool FromEarlierStage = false;
  /// Location of the base image operand (of the keyword for an empty FROM).
  SourceLocation Loc;
  /// Index of the FROM into DockerfileModel::Instructions.
  size_t Instruction = 0;
};

/// A parsed Dockerfile.
struct DockerfileModel {
  /// The file the locations point into.
  const SourceFile *File = nullptr;
  /// Parser directives from the top (`syntax`, `escape`, `check`), keys
  /// lower-cased, in file order.
  std::vector<std::pair<std::string, std::string>> Directives;
  /// The escape character (`\` unless `# escape=` changed it).
  char Escape = '\\';
  /// Instructions in file order, unknown keywords included.
  std::vector<DockerInstruction> Instructions;
  /// Stages in file order.
  std::vector<DockerStage> Stages;
  /// Every ENV definition and every ARG declaration, in file order.
  std::vector<KeyValue> Env, Args;
};

/// A model plus the problems met while building it. The model always holds
/// whatever could be read.
struct DockerfileParseResult {
  DockerfileModel Model;
  std::vector<DeployIssue> Issues;
};

/// Reads \p File as a Dockerfile.
DockerfileParseResult parseDockerfile(const SourceFile &File);

/// Reads Dockerfile \p Text embedded in \p File (e.g. a compose
/// `dockerfile_inline` value); \p MapToFileOffset maps a byte offset in
/// \p Text to a byte offset in \p File and every location goes through it.
DockerfileParseResult parseDockerfile(const SourceFile &File, std::string_view Text,
                                      std::function<size_t(size_t TextOffset)> MapToFileOffset);

} // namespace teetidy::deploy
