//===- RustModules.h - How Rust files name each other -----------*- C++ -*-===//
#pragma once

#include "frontend/GoModules.h"
#include "ir/IR.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::frontend {

/// The name a Cargo.toml gives its library or package (`[lib] name`, else
/// `[package] name`), with `-` written `_` as in paths; nullopt for a
/// workspace manifest without a package.
std::optional<std::string> cargoCrateName(std::string_view CargoToml);

/// The dotted module path of the file \p Path in the crate \p Crate whose
/// Cargo.toml sits in \p CrateDir (normalised paths): `src/main.rs`,
/// `src/lib.rs` and `src/bin/x.rs` are the crate itself, `src/a/b.rs` and
/// `src/a/b/mod.rs` are `Crate.a.b`. nullopt for files outside `src/`
/// (tests, examples, build scripts), which are crates of their own.
std::optional<std::string> rustModuleName(std::string_view Crate, std::string_view CrateDir,
                                          std::string_view Path);

/// Makes a `use` path of module \p Self (dotted, in crate \p Crate) absolute:
/// a leading `crate` becomes the crate's name, `self` the module, each
/// `super` the parent; \p IsModule says whether a dotted name is a module of
/// the program, for paths that start with a child module (`use config::X`
/// beside `mod config;`). Other paths (external crates, `std`) are kept.
std::string rustAbsolutePath(const std::string &Path, const std::string &Crate,
                             const std::string &Self,
                             const std::function<bool(const std::string &)> &IsModule);

/// The Rust files of a program placed in their crates: per file, its crate's
/// name, its module (the crate itself for files outside `src/`) and whether
/// that module is named (files under `src/` are).
struct RustLayout {
  std::vector<std::string> Crate, Module;
  std::vector<bool> Named;
  std::set<std::string> Modules; ///< every named module
};

/// Places the Rust files at normalised \p Paths by the nearest Cargo.toml
/// (a file with none is in a crate named `crate` rooted at the top).
RustLayout rustLayout(const std::vector<std::string> &Paths, const ManifestLookup &CargoFor);

/// Makes the `use` paths of \p Imports, those of file \p File of \p L,
/// absolute; a rewritten import keeps what was written in Written.
void makeRustImportsAbsolute(std::vector<ir::Import> &Imports, const RustLayout &L, size_t File);

} // namespace teetidy::frontend
