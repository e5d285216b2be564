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

TEST_F(DataflowProgramTest, KeepsTheTreesThatTheFilesQueriesNeed) {
  // Each may match the TLS query (`environ`, `verify`), so its analysis
  // will ask for its tree.
  const std::string A = "import os\nURL = os.environ['URL']\n";
  const std::string B = "import requests\nrequests.get(URL, verify=False)\n";
  // No query can match: its analysis needs no tree.
  const std::string Plain = "def f(x):\n    return x\n";
  // Past the budget: parsed for the program, but its tree is not kept.
  std::string C = "# verify " + std::string(DataflowProgram::KeptTreeSourceBytes, 'x') + "\n";
  std::string PA = write("a.py", A), PB = write("b.py", B), PP = write("plain.py", Plain),
              PC = write("c.py", C);
  QueryStore Store;
  LoadOptions Load;
  Load.MaxFileSize = 0;
  std::unique_ptr<DataflowProgram> P = DataflowProgram::build({PA, PB, PP, PC}, Store, {}, Load);
  ASSERT_NE(P->moduleOf(PC), nullptr);

  std::optional<Tree> TA = P->takeTree(PA, Language::Python, A);
  ASSERT_TRUE(TA && *TA);
  EXPECT_STREQ(ts_node_type(TA->root()), "module");
  EXPECT_EQ(ts_node_end_byte(TA->root()), A.size());
  EXPECT_FALSE(P->takeTree(PA, Language::Python, A)) << "each tree is handed out once";

  // Only for the text and language it was parsed from.
  EXPECT_FALSE(P->takeTree(PB, Language::Python, "import requests\n"));
  EXPECT_FALSE(P->takeTree(PB, Language::JavaScript, B));
  EXPECT_TRUE(P->takeTree(PB, Language::Python, B));

  EXPECT_FALSE(P->takeTree(PP, Language::Python, Plain));
  EXPECT_FALSE(P->takeTree(PC, Language::Python, C));
  EXPECT_FALSE(P->takeTree(write("other.py", A), Language::Python, A));
}

TEST_F(DataflowProgramTest, RecordsWhereEachFileHasItsFirstSyntaxError) {
  const std::string Good = "x = 1\n", Bad = "x = 1\ndef broken(:\n    pass\n";
  std::string PG = write("good.py", Good), PB = write("bad.py", Bad);
  QueryStore Store;
  std::unique_ptr<DataflowProgram> P = DataflowProgram::build({PG, PB}, Store, {}, LoadOptions{});
  std::optional<DataflowProgram::Syntax> G = P->syntaxOf(PG, Language::Python, Good);
  ASSERT_TRUE(G);
  EXPECT_FALSE(G->FirstError);
  std::optional<DataflowProgram::Syntax> B = P->syntaxOf(PB, Language::Python, Bad);
  ASSERT_TRUE(B && B->FirstError);
  EXPECT_EQ(*B->FirstError, 17u); // the `:` that should follow a parameter
  EXPECT_FALSE(P->syntaxOf(PB, Language::Python, Good)) << "other text";
  EXPECT_FALSE(P->syntaxOf(write("other.py", Bad), Language::Python, Bad));
}

TEST_F(DataflowProgramTest, FileAnalysisTakesTheTreeOfTheProgram) {
  std::string PA = write("a.py", "import os\nURL = os.environ.get('URL')\n");
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
