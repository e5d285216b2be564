// Catalogs: made once per run from a YAML model, shared, with located
// errors and no exception leaving the loader.

#include "checkers/FileContext.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <gtest/gtest.h>

#include <fstream>

using namespace teetidy;

namespace {

struct Names {
  std::vector<std::string> List;
  Pattern Match;
};

Names readNames(const YAML::Node &M, CatalogReader &R) {
  Names N;
  N.List = R.strings(M["names"], "names");
  N.Match = R.pattern(M["pattern"], "pattern");
  return N;
}

class CatalogTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-catalog", Dir));
    llvm::sys::fs::create_directories(std::string(Dir) + "/models");
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  void write(const std::string &Rel, const std::string &Text) {
    std::ofstream(std::string(Dir) + "/" + Rel) << Text;
  }
  /// The catalog of \p Path, read by readNames; Reads counts the reads.
  llvm::Expected<std::shared_ptr<const Names>> names(AnalysisServices &S, const char *Path) {
    return S.catalog<Names>(Path, [&](const YAML::Node &M, CatalogReader &R) {
      ++Reads;
      return readNames(M, R);
    });
  }
  llvm::SmallString<128> Dir;
  int Reads = 0;
};

TEST_F(CatalogTest, MadeOncePerRunAndShared) {
  write("models/names.yaml", "names: [a, b]\npattern: '^x+$'\n");
  QueryStore Queries{std::string(Dir)};
  FileStore Files;
  AnalysisServices S(Queries, Files);
  auto A = names(S, "models/names.yaml");
  auto B = names(S, "models/names.yaml");
  ASSERT_TRUE(A && B);
  EXPECT_EQ(A->get(), B->get());
  EXPECT_EQ(Reads, 1);
  EXPECT_EQ((*A)->List, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(matches((*A)->Match, "xxx"));
  EXPECT_FALSE(matches((*A)->Match, "xy"));
}

TEST_F(CatalogTest, ProblemsAreLocatedAndRemembered) {
  write("models/bad-pattern.yaml", "names: [a]\npattern: '(('\n");
  write("models/bad-list.yaml", "names: {a: 1}\npattern: x\n");
  write("models/bad-yaml.yaml", "names: [a\n");
  QueryStore Queries{std::string(Dir)};
  FileStore Files;
  AnalysisServices S(Queries, Files);
  auto Error = [&](const char *Path) {
    auto C = names(S, Path);
    EXPECT_FALSE(static_cast<bool>(C)) << Path;
    return C ? std::string() : llvm::toString(C.takeError());
  };
  EXPECT_EQ(Error("models/bad-pattern.yaml")
                .rfind("queries/models/bad-pattern.yaml:2:10: bad "
                       "pattern '(('",
                       0),
            0u)
      << Error("models/bad-pattern.yaml");
  EXPECT_EQ(Error("models/bad-list.yaml"),
            "queries/models/bad-list.yaml:1:8: 'names' must be a list of strings");
  EXPECT_EQ(Error("models/bad-yaml.yaml").rfind("queries/models/bad-yaml.yaml:2:1: ", 0), 0u)
      << Error("models/bad-yaml.yaml");
  EXPECT_EQ(Error("models/missing.yaml"), "queries/models/missing.yaml: model file not found");
  int Before = Reads;
  Error("models/bad-pattern.yaml");
  EXPECT_EQ(Reads, Before) << "a failure is remembered";
}

} // namespace
