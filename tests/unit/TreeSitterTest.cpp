// Parser::parse parses into an arena per tree (lib/syntax/TreeSitter.cpp):
// its trees must be the trees tree-sitter builds with its own allocator,
// live as long as the Tree and no longer, and leave memory outside a parse
// to the C library.

#include "syntax/TreeSitter.h"
#include "syntax/Grammars.h"

#include <gtest/gtest.h>

#include <malloc.h>
#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

using namespace teetidy;

namespace {

/// The tree as an S-expression (ts_node_string allocates outside any
/// parse, so through the C library).
std::string sexp(TSNode N) {
  char *S = ts_node_string(N);
  std::string Out(S);
  std::free(S);
  return Out;
}

std::string stockSexp(Language L, const std::string &Text) {
  TSParser *P = ts_parser_new();
  EXPECT_TRUE(ts_parser_set_language(P, grammarFor(L)));
  Tree T(ts_parser_parse_string(P, nullptr, Text.data(), static_cast<uint32_t>(Text.size())));
  ts_parser_delete(P);
  EXPECT_EQ(T.arenaBytes(), 0u);
  return sexp(T.root());
}

std::string arenaSexp(Language L, const std::string &Text) {
  Parser P;
  EXPECT_TRUE(P.setLanguage(grammarFor(L)));
  Tree T = P.parse(Text);
  EXPECT_TRUE(T);
  EXPECT_GT(T.arenaBytes(), 0u);
  return sexp(T.root());
}

/// A Python list of \p N elements: its node's children array outgrows the
/// arena's small blocks and is reallocated as it grows.
std::string longList(int N) {
  std::string S = "x = [";
  for (int I = 0; I < N; ++I)
    S += std::to_string(I) + ", ";
  return S + "]\n";
}

size_t heapInUse() {
  struct mallinfo2 M = mallinfo2();
  return M.uordblks + M.hblkhd;
}

TEST(ParseArena, TreesAreTheTreesOfTheDefaultAllocator) {
  const std::pair<Language, std::string> Cases[] = {
      {Language::Python, "import os\n\ndef f(a, b=1):\n    return os.getenv('A', a) + b\n"},
      {Language::Python, "def broken(:\n  x = = 1\nclass C(\n  y = [1, 2\n"},
      // The external scanner's state (indents, string delimiters) lives in
      // the arena too.
      {Language::Python,
       "class A:\n    def f(self):\n        if a:\n            s = f\"{x!r:>{w}} {'y'}\"\n"
       "        return '''\n  doc\n'''\n\nb = 1\n"},
      {Language::Python, longList(3000)},
      {Language::Python, std::string(2000, '(') + "1" + std::string(2000, ')') + "\n"},
      {Language::JavaScript,
       "const u = process.env.URL ?? 'x';\nfetch(`${u}/a`, {method: 'POST'});\n"},
      {Language::TypeScript,
       "export class A { constructor(private u: string) {} get(): number { return 1 } }\n"},
      {Language::TSX, "export const C = () => <div a={1}>{items.map(i => <b key={i}/>)}</div>;\n"},
      {Language::Python, std::string("\x01\x02 )]} \xff\xfe garbage ((( \0 x", 25)},
  };
  for (const auto &[L, Text] : Cases)
    EXPECT_EQ(arenaSexp(L, Text), stockSexp(L, Text)) << Text.substr(0, 60);
}

TEST(ParseArena, TreeOutlivesItsParserAndMovesBetweenThreads) {
  std::unique_ptr<Tree> T;
  {
    Parser P;
    ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
    T = std::make_unique<Tree>(P.parse("a = 1\nb = a + 2\n"));
  }
  std::string Seen;
  std::thread([&] {
    Seen = sexp(T->root());
    Tree Moved = std::move(*T);
    EXPECT_FALSE(*T);
    EXPECT_TRUE(Moved);
  }).join();
  EXPECT_NE(Seen.find("assignment"), std::string::npos) << Seen;
}

TEST(ParseArena, MemoryGoesWithTheTree) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  std::string Text = longList(20000); // about 3 MB of arena per tree
  size_t PerTree = P.parse(Text).arenaBytes();
  ASSERT_GT(PerTree, 1u << 20);
  size_t Before = heapInUse();
  for (int I = 0; I < 40; ++I) {
    Tree T = P.parse(Text);
    ASSERT_TRUE(T);
  }
  size_t After = heapInUse();
  // Kept arenas would hold 40 * PerTree.
  EXPECT_LT(After, Before + 4 * PerTree) << "before " << Before << ", after " << After;
}

TEST(ParseArena, FreedBlocksAreReusedWithinAParse) {
  // Error recovery allocates and drops many blocks. This text takes about
  // 280 bytes of arena per byte with reuse (as much as tree-sitter's peak
  // with the C library's allocator), about 620 without.
  std::string Text;
  for (int I = 0; I < 4000; ++I)
    Text += "def f(:\n  x = = [1, (2, {3: ]\n";
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  Tree T = P.parse(Text);
  ASSERT_TRUE(T);
  EXPECT_LT(T.arenaBytes(), 400 * Text.size()) << Text.size() << " bytes of text";
}

TEST(ParseArena, CancelledParseGivesNoTree) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  Tree T = P.parse(longList(200000), /*TimeoutMicros=*/1);
  EXPECT_FALSE(T);
  // The parser is fine afterwards.
  EXPECT_TRUE(P.parse("a = 1\n"));
}

TEST(ParseArena, ParserWithoutGrammarGivesNoTree) {
  Parser P;
  EXPECT_FALSE(P.parse("a = 1\n"));
  EXPECT_FALSE(P.setLanguage(nullptr));
  EXPECT_FALSE(P.parse("a = 1\n"));
  for (Language L : {Language::Python, Language::JavaScript, Language::TypeScript, Language::TSX})
    EXPECT_TRUE(P.setLanguage(grammarFor(L)));
}

/// The process's virtual memory size, from /proc/self/status.
size_t virtualBytes() {
  std::ifstream Status("/proc/self/status");
  std::string Line;
  while (std::getline(Status, Line))
    if (Line.rfind("VmSize:", 0) == 0)
      return std::stoull(Line.substr(7)) * 1024;
  return 0;
}

/// Parses \p Text with 16 MiB of address space to spare; exits 0 (a tree)
/// or 3 (none) if tree-sitter returns.
[[noreturn]] void parseWithLittleMemory(const std::string &Text) {
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  rlimit L{};
  L.rlim_cur = L.rlim_max = virtualBytes() + (16u << 20);
  setrlimit(RLIMIT_AS, &L);
  Tree T = P.parse(Text);
  std::_Exit(T ? 0 : 3);
}

TEST(ParseArenaDeathTest, RunningOutOfMemoryExitsWithTheErrorCode) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer maps its shadow memory past any address-space limit";
#endif
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  std::string Text = longList(300000); // an arena of about 40 MB
  EXPECT_EXIT(parseWithLittleMemory(Text), testing::ExitedWithCode(2),
              "out of memory while parsing");
}

} // namespace
