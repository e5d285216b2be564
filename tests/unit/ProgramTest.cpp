// The whole-program pass: which trees it keeps for the per-file checks,
// what it records of each file, and one taint analysis per set of rules.

#include "program/Program.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <gtest/gtest.h>

#include <string>

using namespace teetidy;
using namespace teetidy::program;

namespace {

/// A run's files held in memory, read through a store over an in-memory
/// file system.
class ProgramTest : public ::testing::Test {
protected:
  const SourceFile &add(const std::string &Name, const std::string &Text) {
    std::string Path = "/project/" + Name;
    FS->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
    auto F = Store.load(Path, *languageForPath(Path));
    EXPECT_TRUE(static_cast<bool>(F));
    Files.push_back(*F);
    return **F;
  }
  void addConfig(const std::string &Name, const std::string &Text) {
    FS->addFile("/project/" + Name, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
  }
  std::unique_ptr<Program> build(ProgramOptions Opts) {
    llvm::ThreadPool Pool(llvm::hardware_concurrency(2));
    return Program::build(Files, Store, Queries, Opts, Pool);
  }

  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS{new llvm::vfs::InMemoryFileSystem};
  FileStore Store{LoadOptions{0}, FS};
  QueryStore Queries{std::string(TEETIDY_SOURCE_DIR) + "/queries"};
  std::vector<const SourceFile *> Files;
};

TEST_F(ProgramTest, KeepsTheTreesTheChecksWillReadWithinTheBudget) {
  const SourceFile &A = add("a.py", "import os\nURL = os.environ['URL']\n");
  const SourceFile &Plain = add("plain.py", "def f(x):\n    return x\n");
  const SourceFile &Big = add("big.py", "# " + std::string(100, 'x') + "\n");
  const SourceFile &B = add("b.py", "import requests\nrequests.get(URL)\n");
  SyntaxTrees Trees;
  ProgramOptions Opts;
  Opts.Trees = &Trees;
  Opts.KeepTree = [&](const SourceFile &F) { return &F != &Plain; };
  // a.py fits, big.py does not; b.py, later in file order, fits again.
  Opts.KeptTreeBytes =
      A.content().size() + B.content().size() + 2 * ProgramOptions::KeptTreeOverhead;
  std::unique_ptr<Program> P = build(Opts);
  EXPECT_TRUE(Trees.holds(A));
  EXPECT_FALSE(Trees.holds(Plain)) << "no check reads its tree";
  EXPECT_FALSE(Trees.holds(Big)) << "past the budget";
  EXPECT_TRUE(Trees.holds(B));
  ASSERT_NE(P->module(Big), nullptr) << "parsed and lowered all the same";

  Tree T = Trees.take(A);
  ASSERT_TRUE(T);
  EXPECT_STREQ(ts_node_type(T.root()), "module");
  EXPECT_EQ(ts_node_end_byte(T.root()), A.content().size());
  EXPECT_FALSE(Trees.holds(A)) << "each kept tree is handed out once";
  // Asking again parses anew.
  Tree Again = Trees.take(A);
  ASSERT_TRUE(Again);
  EXPECT_NE(Again.get(), T.get());
}

TEST_F(ProgramTest, EmptyFilesAreNotFreeToKeep) {
  std::vector<const SourceFile *> Empty;
  for (int I = 0; I < 10; ++I)
    Empty.push_back(&add("e" + std::to_string(I) + ".py", ""));
  SyntaxTrees Trees;
  ProgramOptions Opts;
  Opts.Trees = &Trees;
  Opts.KeepTree = [](const SourceFile &) { return true; };
  Opts.KeptTreeBytes = 3 * ProgramOptions::KeptTreeOverhead;
  std::unique_ptr<Program> P = build(Opts);
  unsigned Kept = 0;
  for (const SourceFile *F : Empty)
    Kept += Trees.holds(*F);
  EXPECT_EQ(Kept, 3u);
}

TEST_F(ProgramTest, RecordsEachFilesFirstSyntaxErrorAndLimits) {
  const SourceFile &Good = add("good.py", "x = 1\n");
  const SourceFile &Bad = add("bad.py", "x = 1\ndef broken(:\n    pass\n");
  const SourceFile &Deep =
      add("deep.py", "x = " + std::string(500, '[') + std::string(500, ']') + "\n");
  std::unique_ptr<Program> P = build({});
  ASSERT_TRUE(P->syntaxOf(Good));
  EXPECT_FALSE(*P->syntaxOf(Good));
  ASSERT_TRUE(P->syntaxOf(Bad) && *P->syntaxOf(Bad));
  EXPECT_EQ(**P->syntaxOf(Bad), 17u); // the `:` that should follow a parameter
  SourceFile Other("/project/other.py", "x = 1\n", Language::Python);
  EXPECT_FALSE(P->syntaxOf(Other)) << "not a file of the program";
  EXPECT_EQ(P->module(Other), nullptr);
  ASSERT_EQ(P->limitsIn(Deep).size(), 1u);
  EXPECT_TRUE(P->limitsIn(Good).empty());
}

TEST_F(ProgramTest, OneTaintAnalysisPerSetOfRules) {
  const SourceFile &App = add("app.py", "import os\nimport mylib\n"
                                        "mylib.Client(base=os.environ['URL'])\n");
  dataflow::ModelRule Sink = *dataflow::parseModelRule(
      "mylib.Client:base", dataflow::ModelRule::Sink, dataflow::SinkKind::Endpoint);
  ProgramOptions Opts;
  Opts.Variants = {{}, {Sink}};
  std::unique_ptr<Program> P = build(Opts);
  ASSERT_NE(P->taint({}), nullptr);
  ASSERT_NE(P->taint({Sink}), nullptr);
  EXPECT_TRUE(P->taint({})->findingsIn(App).empty());
  ASSERT_EQ(P->taint({Sink})->findingsIn(App).size(), 1u);
  EXPECT_EQ(P->taint({Sink})->findingsIn(App)[0]->Display, "Client(base=...)");
  EXPECT_EQ(P->taint({Sink})->sourcesIn(App).size(), 1u);
  dataflow::ModelRule Other = Sink;
  Other.Name = "url";
  EXPECT_EQ(P->taint({Other}), nullptr) << "not among the variants built";
}

TEST_F(ProgramTest, NamedArgumentsOfRulesAreFieldsInEcmaScript) {
  const SourceFile &App =
      add("app.ts", "import { Client } from 'mylib';\nnew Client({ base: process.env.URL });\n");
  dataflow::ModelRule Sink = *dataflow::parseModelRule(
      "mylib.Client:base", dataflow::ModelRule::Sink, dataflow::SinkKind::Endpoint);
  ProgramOptions Opts;
  Opts.Variants = {{Sink}};
  std::unique_ptr<Program> P = build(Opts);
  ASSERT_EQ(P->taint({Sink})->findingsIn(App).size(), 1u);
}

TEST_F(ProgramTest, ConfigurationFilesAreReadThroughTheStore) {
  addConfig("tsconfig.json",
            R"({"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}})");
  const SourceFile &Cfg = add("src/config.ts", "export const URL = process.env.URL;\n");
  const SourceFile &Main = add("src/main.ts", "import { URL } from '@/config';\nfetch(URL);\n");
  ProgramOptions Opts;
  Opts.Variants = {{}};
  std::unique_ptr<Program> P = build(Opts);
  EXPECT_TRUE(P->problems().empty()) << P->problems().front();
  std::vector<const dataflow::Finding *> F = P->taint({})->findingsIn(Main);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(&P->file(F[0]->Path.front().Module), &Cfg);
}

TEST(ModelRule, ParsesTheOptionForm) {
  auto Keyword = dataflow::parseModelRule("a.Client:base_url", dataflow::ModelRule::Sink);
  ASSERT_TRUE(static_cast<bool>(Keyword));
  EXPECT_EQ(Keyword->Callee, "a.Client");
  EXPECT_EQ(Keyword->Name, "base_url");
  EXPECT_FALSE(Keyword->Position);
  auto Field = dataflow::parseModelRule("a.post:1.endpoint", dataflow::ModelRule::Sink);
  ASSERT_TRUE(static_cast<bool>(Field));
  EXPECT_EQ(Field->Position, 1u);
  EXPECT_EQ(Field->Field, "endpoint");
  for (const char *Bad : {"nocolon", ":0", "callee:"}) {
    auto R = dataflow::parseModelRule(Bad, dataflow::ModelRule::Source);
    ASSERT_FALSE(static_cast<bool>(R)) << Bad;
    EXPECT_NE(llvm::toString(R.takeError()).find("callee:argument"), std::string::npos);
  }
}

} // namespace
