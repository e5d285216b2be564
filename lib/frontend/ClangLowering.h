//===- ClangLowering.h - C and C++ through Clang to ir::Module --*- C++ -*-===//
//
// C and C++ files are parsed by Clang with their real compiler arguments
// (a compile_commands.json entry, or the arguments after `--`), and the
// declarations of the main file are lowered into the shared IR; the taint
// engine then reads them with the models of queries/models/c/.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/Lowering.h"
#include "ir/IR.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clang {
class ASTContext;
}

namespace teetidy::frontend {

/// How a C or C++ file is compiled: the compiler's command line (the
/// compiler first, the file among the arguments) and the directory it runs
/// in.
struct CompileCommand {
  std::string Directory;
  std::vector<std::string> Arguments;
};

/// What parsing and lowering one translation unit gave.
struct ClangUnit {
  /// Null when Clang could not run on the command line.
  std::optional<ir::Module> Module;
  /// The offset of the first error Clang reported in the main file; an
  /// error elsewhere (a missing header) is at offset 0.
  std::optional<uint32_t> FirstError;
  /// Why Clang did not run, or the first error's message.
  std::string Message;
};

/// Parses \p Path, whose bytes are \p Content (what the run read; the
/// file system is not consulted for it), with \p Command, and lowers it.
/// Thread-safe: each call has its own compiler instance.
ClangUnit lowerTranslationUnit(const std::string &Path, std::string_view Content,
                               const CompileCommand &Command, const LoweringOptions &Opts = {});

/// Lowers the declarations of the main file of \p Ctx (a translation unit
/// Clang parsed) as the module \p Path.
///
/// How C and C++ map onto the IR:
///  - Functions with bodies are functions; a class or struct of the main
///    file is a class whose methods take the object as their first
///    parameter, `this`; constructors' member initialisers assign fields.
///  - Names declared outside the main file are read as what they name:
///    `getenv`, `std.getenv`, `httplib.Client` (namespaces and classes as
///    attributes, inline namespaces left out), enumerators by their name.
///  - Constructions are calls of the class; copies and implicit
///    conversions pass their operand through; `a + b` on objects and
///    `os << x` build strings; `s += x` and `s.append(x)` add to s; the C
///    string functions that write into their first argument (`snprintf`,
///    `strcpy`, `strcat`, ...) assign it what the others carry.
///  - `a ?: b` is a fallback, `c ? a : b` a choice, `o.value_or(d)` on an
///    optional a fallback applying when o is empty; `if (!v) v = d;` (no
///    else) assigns `v ?: d`.
ir::Module lowerClangAST(clang::ASTContext &Ctx, std::string_view Path,
                         const LoweringOptions &Opts = {});

} // namespace teetidy::frontend
