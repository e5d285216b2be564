// Running the tee-tidy executable from end-to-end tests: a fresh directory
// per test, files written into it, and runs with their exit code and output.
#pragma once

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace teetidy::e2e {

struct Result {
  int Exit = -1;
  std::string Out, Err;
};

inline std::string readAll(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  return B ? (*B)->getBuffer().str() : std::string();
}

/// \p S as one shell word.
inline std::string quote(const std::string &S) {
  std::string Q = "'";
  for (char C : S)
    Q += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Q + "'";
}

/// A test with a directory of its own that runs tee-tidy.
class ToolTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-e2e", Dir)); }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string path(const std::string &Rel) const { return std::string(Dir) + "/" + Rel; }

  std::string write(const std::string &Rel, const std::string &Content) {
    std::string P = path(Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::ofstream(P, std::ios::binary) << Content;
    return P;
  }

  /// Runs tee-tidy with \p Args (shell words) in directory \p Cwd (default:
  /// the test's directory); a run longer than two minutes fails.
  Result run(const std::string &Args, const std::string &Cwd = "") {
    return shell(quote(binary()) + " " + Args, Cwd);
  }

  /// The tee-tidy executable under test.
  static std::string binary() { return std::string(TEETIDY_BINARY_DIR) + "/tee-tidy"; }

  /// Runs shell command \p Command in \p Cwd (default: the test's
  /// directory), with the limits of run().
  Result shell(const std::string &Command, const std::string &Cwd = "") {
    std::string OutFile = std::string(Dir) + "/.stdout", ErrFile = std::string(Dir) + "/.stderr";
    std::string Cmd = "cd " + quote(Cwd.empty() ? std::string(Dir) : Cwd) + " && " + Command;
    // ExecuteAndWait opens redirect targets without truncating them.
    llvm::sys::fs::remove(OutFile);
    llvm::sys::fs::remove(ErrFile);
    llvm::Optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(OutFile),
                                                   llvm::StringRef(ErrFile)};
    Result R;
    R.Exit = llvm::sys::ExecuteAndWait("/bin/sh", {"/bin/sh", "-c", Cmd}, llvm::None, Redirects,
                                       /*SecondsToWait=*/120);
    R.Out = readAll(OutFile);
    R.Err = readAll(ErrFile);
    return R;
  }

  llvm::SmallString<128> Dir;
};

} // namespace teetidy::e2e
