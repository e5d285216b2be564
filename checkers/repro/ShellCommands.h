//===- ShellCommands.h - Simple commands of Dockerfile RUN scripts -*- C++ -*-===//
//
// Splits the shell text a RUN instruction executes (shell form, exec form,
// heredoc bodies, `sh -c` scripts) into simple commands of unquoted words,
// each word mapped back to a file offset. This is a lexer, not a shell:
// variables are not expanded, and `$(...)`, backquotes and `<(...)` stay
// inside the word that holds them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/Dockerfile.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::repro {

/// One word of a command, quotes and escapes removed.
struct ShellWord {
  std::string Text;
  /// File offset of the word's first byte, and its length as written.
  size_t Offset = 0;
  size_t Length = 0;
};

/// One simple command: the words between two control operators.
struct ShellCommand {
  std::vector<ShellWord> Words;
  /// The previous command's output is piped into this one (`a | b`).
  bool PipedInto = false;
};

/// Maps a byte offset of the lexed text to a file offset.
using OffsetMap = std::function<size_t(size_t)>;

/// Lexes \p Script (already free of Dockerfile line continuations, though
/// `\`-newline is also accepted) into simple commands.
std::vector<ShellCommand> splitShell(std::string_view Script, const OffsetMap &ToFile);

/// Every simple command RUN instruction \p I executes, in order: its shell
/// form or exec form, and the bodies of heredocs fed to a shell. Commands of
/// `sh -c '<script>'` are added after the `sh` command itself.
std::vector<ShellCommand> runCommands(const deploy::DockerInstruction &I);

/// The operands of \p I (after its flags) as words: the strings of an exec
/// form, or the quote-aware words of the shell form.
std::vector<ShellWord> operandWords(const deploy::DockerInstruction &I);

/// \p Word without a leading directory (`/usr/bin/apt-get` -> `apt-get`).
std::string_view commandName(std::string_view Word);

/// Index of the first word after leading `NAME=value` assignments and the
/// wrapper commands in \p Prefixes (with their options and, for `env`,
/// assignments); Words.size() when nothing is left.
size_t commandStart(const ShellCommand &C, const std::vector<std::string> &Prefixes);

} // namespace teetidy::repro
