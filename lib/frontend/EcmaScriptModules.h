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
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

/// What resolution needs from a tsconfig.json (or jsconfig.json).
struct TsConfig {
  /// The directory holding the file ("" for the current one).
  std::string Dir;
  /// compilerOptions.baseUrl joined to the directory of the file that set
  /// it and normalised ("." when that is the current directory); "" when
  /// unset.
  std::string BaseUrl;
  /// compilerOptions.paths: pattern (at most one `*`) to its targets, as
  /// written. Targets are relative to BaseUrl, or to PathsDir without one.
  /// Sorted by pattern (JSON objects keep no order; matching picks the
  /// longest prefix, so order only settles ties).
  std::vector<std::pair<std::string, std::vector<std::string>>> Paths;
  /// Whether compilerOptions.paths is set, and the directory of the file
  /// that set it (Dir, or that of a config it extends).
  bool HasPaths = false;
  std::string PathsDir;
  /// compilerOptions.outDir and rootDir, each joined to the directory of the
  /// file that set it and normalised; "" when unset.
  std::string OutDir, RootDir;
  /// `extends` as written: the configs this one builds on, in order.
  std::vector<std::string> Extends;
  /// Configs named by `extends` that could not be used (loadTsConfig), each
  /// message naming the extending file.
  std::vector<std::string> Problems;
};

/// Reads the tsconfig.json at \p Path with contents \p Text: JSON with `//`
/// and `/* */` comments and trailing commas. Only the file's own options
/// count (loadTsConfig follows `extends`). Fails with a message naming
/// \p Path on malformed JSON or on an extends, baseUrl or paths of the
/// wrong shape.
llvm::Expected<TsConfig> parseTsConfig(std::string_view Path, std::string_view Text);

/// Reads the tsconfig.json at \p Path through \p Read, and the configs its
/// `extends` names, as tsc does: a relative name is a file (`.json` may be
/// left out), any other a file of a package under the nearest
/// `node_modules` directories (`pkg/tsconfig.json` for a bare package). Each
/// base is read with its own bases; a later base's baseUrl, paths, outDir and
/// rootDir replace an earlier one's, and the file's own replace them all. Relative values
/// keep the directory of the file that wrote them. \p Exists tells whether
/// a regular file is there. Fails as parseTsConfig does for \p Path itself;
/// a base that is missing, unreadable, malformed or leads back to a file of
/// the chain is left out and described in Problems.
llvm::Expected<TsConfig>
loadTsConfig(const std::string &Path,
             const std::function<llvm::Expected<std::string>(const std::string &)> &Read,
             const std::function<bool(const std::string &)> &Exists);

/// What resolution needs from the package.json of a package of the analysed
/// tree (a workspace package, imported by its name from its neighbours).
struct PackageInfo {
  std::string Name;
  /// The directory holding package.json ("" for the current one).
  std::string Dir;
  /// `main` (else `module`), as written; "" when neither is set.
  std::string Main;
  /// `exports`: subpath ("." or "./x", at most one `*`) to its targets in the
  /// order they are tried: a condition object gives "types", "import",
  /// "module", "require", "node", "default", then the rest by name. Sorted by
  /// subpath. Empty when package.json has no exports.
  std::vector<std::pair<std::string, std::vector<std::string>>> Exports;
  /// Where the package's build output comes from, for exports and main that
  /// name built files absent from the tree: the outDir of the tsconfig that
  /// governs the package, and the directories its sources may be under
  /// (rootDir if set; else the config's `src` directory, then the config's
  /// own directory). Set by the program layer; OutDir "" when unknown.
  std::string OutDir;
  std::vector<std::string> SourceDirs;
};

/// Reads the package.json at \p Path with contents \p Text. Fails with a
/// message naming \p Path on malformed JSON or on a name, main, module or
/// exports of the wrong shape. A package.json without a name has Name "".
llvm::Expected<PackageInfo> parsePackageJson(std::string_view Path, std::string_view Text);

/// Workspace packages by name.
using PackageMap = std::map<std::string, PackageInfo>;

/// The file \p Specifier names when imported from \p ImporterPath, or "" if
/// it names none of the files \p Exists accepts (which should be true for
/// regular files only). Relative specifiers (`./x`, `../x`) resolve against
/// the importer's directory; other specifiers through \p Config's paths
/// aliases, then its baseUrl, then as a package of \p Packages (its exports
/// when it has them; else `main`, then `index`, for the package itself and
/// the subpath under its directory otherwise); other package names
/// ("openai") stay unresolved. A package file under the package's OutDir
/// that is not in the tree is looked for under its SourceDirs instead
/// (`dist/index.js` and `dist/index.d.ts` find `src/index.ts`).
/// Each candidate is tried as written, with the extensions .ts .tsx .js .jsx
/// .mjs .cjs, and as a directory holding index.<ext>; a `.js` specifier also
/// finds the `.ts`/`.tsx` source it is compiled from (`.jsx` to `.tsx`,
/// `.mjs` to `.mts`, `.cjs` to `.cts`). Declaration files (.d.ts) are never
/// the result. The result is
/// normalised lexically (no `.` or `..` parts left, except leading `..` of
/// a relative path that climbs above its start).
std::string resolveSpecifier(const std::string &ImporterPath, const std::string &Specifier,
                             const std::function<bool(const std::string &)> &Exists,
                             const TsConfig *Config, const PackageMap *Packages = nullptr);

/// \p Path with `.` and `..` parts and repeated slashes removed lexically.
std::string normalizePath(std::string_view Path);

/// A specifier that names no file of the program, as the models name its
/// package: Node's built-in modules answer to `node:http` and `http` alike.
std::string canonicalSpecifier(const std::string &Specifier);

} // namespace teetidy::frontend
