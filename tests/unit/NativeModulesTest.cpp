// How Go packages and Rust modules are named from go.mod, Cargo.toml and
// paths.
#include "frontend/GoModules.h"
#include "frontend/RustModules.h"

#include <gtest/gtest.h>

#include <set>

using namespace teetidy::frontend;

namespace {

TEST(GoModules, ModulePathOfGoMod) {
  EXPECT_EQ(goModulePath("module github.com/acme/oracle\n\ngo 1.22\n"), "github.com/acme/oracle");
  EXPECT_EQ(goModulePath("// comment\nmodule \"example.com/q\" // trailing\n"), "example.com/q");
  EXPECT_EQ(goModulePath("go 1.22\nrequire x v1\n"), std::nullopt);
  EXPECT_EQ(goModulePath("modules x\n"), std::nullopt);
  EXPECT_EQ(goModulePath("module\n"), std::nullopt);
}

TEST(GoModules, ImportPathOfADirectory) {
  EXPECT_EQ(goImportPath("github.com/acme/oracle", "svc", "svc/internal/config"),
            "github.com/acme/oracle/internal/config");
  EXPECT_EQ(goImportPath("github.com/acme/oracle", "svc", "svc"), "github.com/acme/oracle");
  EXPECT_EQ(goImportPath("m", ".", "cmd/x"), "m/cmd/x");
  EXPECT_EQ(goImportPath("m", ".", "."), "m");
  EXPECT_EQ(goImportPath("std", "/usr/share/go/src", "/usr/share/go/src/net/http"), "net/http");
  EXPECT_TRUE(isGoTestFile("pkg/a_test.go"));
  EXPECT_FALSE(isGoTestFile("pkg/latest.go"));
}

TEST(RustModules, CrateNames) {
  EXPECT_EQ(cargoCrateName("[package]\nname = \"tee-gateway\"\nversion = \"0.1.0\"\n"),
            "tee_gateway");
  EXPECT_EQ(cargoCrateName("[package]\nname = \"app\"\n[lib]\nname = \"core_lib\"\n"), "core_lib");
  EXPECT_EQ(cargoCrateName("[dependencies]\nname = \"x\"\n"), std::nullopt);
  EXPECT_EQ(cargoCrateName("[workspace]\nmembers = [\"a\"]\n"), std::nullopt);
}

TEST(RustModules, ModuleNamesFromPaths) {
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/main.rs"), "gw");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/lib.rs"), "gw");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/bin/tool.rs"), "gw");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/config.rs"), "gw.config");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/config/mod.rs"), "gw.config");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/src/config/chain.rs"), "gw.config.chain");
  EXPECT_EQ(rustModuleName("gw", ".", "src/a.rs"), "gw.a");
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/tests/smoke.rs"), std::nullopt);
  EXPECT_EQ(rustModuleName("gw", "svc", "svc/build.rs"), std::nullopt);
  EXPECT_EQ(rustModuleName("gw", "svc", "other/src/a.rs"), std::nullopt);
}

TEST(RustModules, UsePathsMadeAbsolute) {
  std::set<std::string> Modules = {"gw", "gw.config", "gw.config.chain", "gw.upstream"};
  auto IsModule = [&](const std::string &M) { return Modules.count(M) > 0; };
  EXPECT_EQ(rustAbsolutePath("crate.config", "gw", "gw.upstream", IsModule), "gw.config");
  EXPECT_EQ(rustAbsolutePath("crate", "gw", "gw.upstream", IsModule), "gw");
  EXPECT_EQ(rustAbsolutePath("self.chain", "gw", "gw.config", IsModule), "gw.config.chain");
  EXPECT_EQ(rustAbsolutePath("super.config", "gw", "gw.upstream", IsModule), "gw.config");
  EXPECT_EQ(rustAbsolutePath("super.super", "gw", "gw.config.chain", IsModule), "gw");
  EXPECT_EQ(rustAbsolutePath("super", "gw", "gw", IsModule), "gw"); // no parent above the root
  // A child module named first (`use config::X` beside `mod config;`).
  EXPECT_EQ(rustAbsolutePath("config", "gw", "gw", IsModule), "gw.config");
  // Other crates and the standard library are kept.
  EXPECT_EQ(rustAbsolutePath("std.env", "gw", "gw.config", IsModule), "std.env");
  EXPECT_EQ(rustAbsolutePath("reqwest", "gw", "gw", IsModule), "reqwest");
}

} // namespace
