#include "checkers/DataflowProgram.h"
#include "checkers/FileContext.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>

using namespace teetidy;

namespace {

class DataflowProgramTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("dataflow-program", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string write(const std::string &Name, const std::string &Text) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream Out(P, EC);
    Out << Text;
    return std::string(P);
  }
  llvm::SmallString<256> Dir;
};

TEST_F(DataflowProgramTest, KeepsTheTreesOfTheFirstFilesForTheirAnalysis) {
  const std::string A = "import os\nURL = os.environ['URL']\n";
  const std::string B = "def f(x):\n    return x\n";
  // Past the budget: parsed for the program, but its tree is not kept.
  std::string C = "# " + std::string(DataflowProgram::KeptTreeSourceBytes, 'x') + "\n";
  std::string PA = write("a.py", A), PB = write("b.py", B), PC = write("c.py", C);
  QueryStore Store;
  LoadOptions Load;
  Load.MaxFileSize = 0;
  std::unique_ptr<DataflowProgram> P = DataflowProgram::build({PA, PB, PC}, Store, {}, Load);
  ASSERT_NE(P->moduleOf(PC), nullptr);

  std::optional<Tree> TA = P->takeTree(PA, Language::Python, A);
  ASSERT_TRUE(TA && *TA);
  EXPECT_STREQ(ts_node_type(TA->root()), "module");
  EXPECT_EQ(ts_node_end_byte(TA->root()), A.size());
  EXPECT_FALSE(P->takeTree(PA, Language::Python, A)) << "each tree is handed out once";

  // Only for the text and language it was parsed from.
  EXPECT_FALSE(P->takeTree(PB, Language::Python, "def f(x):\n    return 1\n"));
  EXPECT_FALSE(P->takeTree(PB, Language::JavaScript, B));
  EXPECT_TRUE(P->takeTree(PB, Language::Python, B));

  EXPECT_FALSE(P->takeTree(PC, Language::Python, C));
  EXPECT_FALSE(P->takeTree(write("other.py", A), Language::Python, A));
}

TEST_F(DataflowProgramTest, FileAnalysisTakesTheTreeOfTheProgram) {
  std::string PA = write("a.py", "import os\nURL = os.getenv('URL')\n");
  QueryStore Store;
  AnalysisServices S(Store);
  S.setRunFiles({PA}, LoadOptions{});
  auto File = loadSourceFile(PA, Language::Python, LoadOptions{});
  ASSERT_TRUE(static_cast<bool>(File));
  EXPECT_FALSE(S.takeTree(**File)) << "no program is built yet";
  S.dataflowProgram({});
  std::optional<Tree> T = S.takeTree(**File);
  ASSERT_TRUE(T && *T);
  EXPECT_STREQ(ts_node_type(T->root()), "module");
  EXPECT_FALSE(S.takeTree(**File));
}

} // namespace
