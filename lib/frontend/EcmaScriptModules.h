//===- EcmaScriptModules.h - Resolving JS/TS import specifiers --*- C++ -*-===//
//
// The program layer maps `import ... from "<specifier>"` to a file of the
// program (ir::Import::ResolvedPath). Resolution is lexical: paths are joined
// and normalised as strings, and the file system is only asked whether a
// candidate file exists.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <llvm/Support/Error.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

/// What resolution needs from a tsconfig.json (or jsconfig.json).
struct TsConfig {
  /// The directory holding the file ("" for the current one).
  std::string Dir;
  /// compilerOptions.baseUrl joined to Dir and normalised ("." when that is
  /// the current directory); "" when unset.
  std::string BaseUrl;
  /// compilerOptions.paths: pattern (at most one `*`) to its targets, as
  /// written. Targets are relative to BaseUrl, or to Dir without one. Sorted
  /// by pattern (JSON objects keep no order; matching picks the longest
  /// prefix, so order only settles ties).
  std::vector<std::pair<std::string, std::vector<std::string>>> Paths;
};

/// Reads the tsconfig.json at \p Path with contents \p Text: JSON with `//`
/// and `/* */` comments and trailing commas. `extends` is not followed: only
/// the file's own compilerOptions count. Fails with a message naming \p Path
/// on malformed JSON or on a baseUrl or paths of the wrong shape.
llvm::Expected<TsConfig> parseTsConfig(std::string_view Path,
                                       std::string_view Text);

/// The file \p Specifier names when imported from \p ImporterPath, or "" if
/// it names none of the files \p Exists accepts (which should be true for
/// regular files only). Relative specifiers (`./x`, `../x`) resolve against
/// the importer's directory; other specifiers through \p Config's paths
/// aliases, then its baseUrl; bare package names ("openai") stay unresolved.
/// Each candidate is tried as written, with the extensions .ts .tsx .js .jsx
/// .mjs .cjs, and as a directory holding index.<ext>; a `.js` specifier also
/// finds the `.ts`/`.tsx` source it is compiled from (`.jsx` to `.tsx`,
/// `.mjs` to `.mts`, `.cjs` to `.cts`). Declaration files (.d.ts) are never
/// the result. package.json `main`/`exports` are not read. The result is
/// normalised lexically (no `.` or `..` parts left, except leading `..` of
/// a relative path that climbs above its start).
std::string resolveSpecifier(const std::string &ImporterPath,
                             const std::string &Specifier,
                             const std::function<bool(const std::string &)> &Exists,
                             const TsConfig *Config);

/// \p Path with `.` and `..` parts and repeated slashes removed lexically.
std::string normalizePath(std::string_view Path);

} // namespace teetidy::frontend
