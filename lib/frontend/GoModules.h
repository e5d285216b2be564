//===- GoModules.h - How Go files find each other ---------------*- C++ -*-===//
#pragma once

#include "ir/IR.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

/// The module path a go.mod file declares (`module example.com/app`), or
/// nullopt when it declares none.
std::optional<std::string> goModulePath(std::string_view GoMod);

/// The import path of the package in directory \p Dir, in the module whose
/// go.mod sits in \p ModuleDir with path \p ModulePath (both directories
/// normalised, \p Dir within \p ModuleDir).
std::string goImportPath(std::string_view ModulePath, std::string_view ModuleDir,
                         std::string_view Dir);

/// Whether \p Path names a Go test file (`x_test.go`), which is compiled
/// only into the package's tests.
bool isGoTestFile(std::string_view Path);

/// The nearest manifest (go.mod, Cargo.toml) at or above a directory: its
/// directory and text, or nullopt.
using ManifestLookup =
    std::function<std::optional<std::pair<std::string, std::string>>(const std::string &Dir)>;

/// The Go packages among files: the files of each directory, and the import
/// path they answer to (from the nearest go.mod; the directory itself when
/// there is none).
struct GoPackage {
  std::string ImportPath;
  std::vector<size_t> Files; ///< indices into the paths given
};

/// Groups the Go files at normalised \p Paths into packages by directory,
/// in path order.
std::vector<GoPackage> goPackages(const std::vector<std::string> &Paths,
                                  const ManifestLookup &GoModFor);

/// The imports file \p File of package \p P gets besides its own, whole
/// files by path, so that each file reaches the names of the package's
/// others (a test file those of every file, the others not those of test
/// files): the package's first non-test file imports the other non-test
/// files and they import it; a test file imports every other file. Each is
/// marked with \p Marker in Written.
std::vector<ir::Import> goSiblingImports(const GoPackage &P, size_t File,
                                         const std::vector<std::string> &Paths,
                                         const std::string &Marker);

} // namespace teetidy::frontend
