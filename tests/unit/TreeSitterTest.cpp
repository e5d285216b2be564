// Parser::parse parses into an arena per tree (lib/syntax/TreeSitter.cpp):
// its trees must be the trees tree-sitter builds with its own allocator,
// live as long as the Tree and no longer, and leave memory outside a parse
// to the C library.

#include "syntax/TreeSitter.h"
#include "syntax/Grammars.h"

#include <gtest/gtest.h>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

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
  releaseParseMemory();
  size_t Before = heapInUse();
  for (int I = 0; I < 40; ++I) {
    Tree T = P.parse(Text);
    ASSERT_TRUE(T);
  }
  releaseParseMemory();
  size_t After = heapInUse();
  // Kept arenas would hold 40 * PerTree.
  EXPECT_LT(After, Before + 4 * PerTree) << "before " << Before << ", after " << After;
}

TEST(ParseArena, ChunksOfFreedTreesServeTheNextParses) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer's allocator does not report to mallinfo2";
#endif
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  std::string Text = longList(3000); // a few hundred kilobytes of arena
  releaseParseMemory();
  size_t Empty = heapInUse();
  { Tree T = P.parse(Text); }
  size_t Kept = heapInUse();
  EXPECT_GT(Kept, Empty + (64u << 10)) << "the freed tree's chunks are kept";
  for (int I = 0; I < 20; ++I) {
    Tree T = P.parse(Text);
    ASSERT_TRUE(T);
  }
  EXPECT_LT(heapInUse(), Kept + (64u << 10)) << "later parses take the kept chunks";
  // Trees of many sizes: the thread keeps a bounded amount.
  for (int N = 100; N < 60000; N = N * 3 / 2) {
    Tree T = P.parse(longList(N));
    ASSERT_TRUE(T);
  }
  EXPECT_LT(heapInUse(), Empty + (17u << 20));
  releaseParseMemory();
  EXPECT_LT(heapInUse(), Empty + (64u << 10));
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

namespace {

/// Applies edits one after another, each reparsed from the tree of the text
/// before it: every tree must be the tree a fresh parse builds, and the
/// tree reparsed from must stay as it was.
void checkReparses(Language L, std::string Text,
                   const std::vector<std::tuple<size_t, size_t, std::string>> &Edits) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(L)));
  Tree T = P.parse(Text);
  ASSERT_TRUE(T);
  unsigned Generation = 0;
  for (const auto &[At, Erase, Insert] : Edits) {
    std::string New = Text;
    New.replace(std::min(At, New.size()), Erase, Insert);
    std::string Before = sexp(T.root());
    Tree Next = P.reparse(T, Text, New);
    ASSERT_TRUE(Next);
    EXPECT_EQ(sexp(Next.root()), stockSexp(L, New)) << New.substr(0, 80);
    EXPECT_EQ(sexp(T.root()), Before) << "the old tree changed";
    EXPECT_EQ(Next.generation(), ++Generation);
    // The old tree goes first: the new one keeps its memory.
    T = std::move(Next);
    Text = New;
  }
}

TEST(Reparse, EachEditGivesTheTreeOfAFreshParse) {
  std::string Py = "import os\n\ndef f(a, b=1):\n    url = os.getenv('A', a)\n"
                   "    return url + b\n\nclass C:\n    def g(self):\n        return 1\n";
  checkReparses(Language::Python, Py,
                {{Py.find("'A'"), 3, "'LLM_URL'"},     // a string changes
                 {0, 0, "\n\n"},                       // every position moves
                 {Py.find("class C"), 0, "x = [1,\n"}, // an error appears
                 {Py.find("class C") + 2, 8, ""},      // and goes
                 {Py.size(), 0, "\ndef h():\n    pass\n"},
                 {5, 40, ""}});
  std::string Ts = "import { a } from './a';\nexport function f(u: string) {\n"
                   "  return fetch(`${process.env.URL}/v1`, { method: 'POST' });\n}\n";
  checkReparses(Language::TypeScript, Ts,
                {{Ts.find("'POST'"), 6, "'GET'"},
                 {Ts.find("export"), 0, "const x: number = 1;\n"},
                 {Ts.find("return"), 6, "yield"},
                 {0, Ts.size() / 2, ""}});
}

TEST(ImportTypes, AreReadWhereTheGrammarStopsAtThem) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::TypeScript)));
  std::string Text = "type A = import('./x').T[];\n"
                     "function f(x: import(\"./y\").U<string>[]): typeof import('m') {\n"
                     "  return g<typeof import('n')>(x);\n}\nconst url = process.env.URL;\n";
  // The grammar alone fails on them.
  ASSERT_NE(stockSexp(Language::TypeScript, Text).find("ERROR"), std::string::npos);
  Tree T = P.parse(Text);
  ASSERT_TRUE(T);
  EXPECT_FALSE(ts_node_has_error(T.root())) << sexp(T.root());
  // Offsets are those of the text: the last statement is where it was.
  TSNode Last = ts_node_named_child(T.root(), ts_node_named_child_count(T.root()) - 1);
  EXPECT_EQ(ts_node_start_byte(Last), Text.find("const url"));
  // A reparse of such a tree is a fresh parse.
  std::string New = Text + "let y: import('./z').V[] = [];\n";
  Tree R = P.reparse(T, Text, New);
  EXPECT_FALSE(ts_node_has_error(R.root())) << sexp(R.root());
  EXPECT_EQ(R.generation(), 0u);
  // A dynamic import beside an error that it does not cause stays a call.
  std::string Dynamic = "const m = await import('./dyn');\nm.go(;\n";
  EXPECT_EQ(sexp(P.parse(Dynamic).root()), stockSexp(Language::TypeScript, Dynamic));
}

TEST(Reparse, LongChainsKeepTheirMemoryAndFreeItWithTheLastTree) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  std::string Text = longList(5000);
  releaseParseMemory();
  size_t Before = heapInUse();
  {
    Tree T = P.parse(Text);
    size_t Fresh = T.arenaBytes();
    for (int I = 0; I < 50; ++I) {
      std::string New = Text;
      New.insert(5 + (I * 37) % 1000, "1, ");
      T = P.reparse(T, Text, New);
      ASSERT_TRUE(T);
      Text = New;
    }
    EXPECT_EQ(sexp(T.root()), stockSexp(Language::Python, Text));
    EXPECT_EQ(T.generation(), 50u);
    // Each reparse holds its own arena and the ones before it.
    EXPECT_GT(T.arenaBytes(), Fresh);
  }
  releaseParseMemory();
  EXPECT_LT(heapInUse(), Before + (1u << 20));
}

TEST(Reparse, CopiesShareTheTree) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  std::string Text = "a = 1\n";
  Tree T = P.parse(Text);
  Tree C = T.copy();
  std::string S = sexp(C.root());
  T = Tree();
  EXPECT_EQ(sexp(C.root()), S);
  Tree Next = P.reparse(C, Text, "a = 2\nb = 3\n");
  EXPECT_EQ(sexp(Next.root()), stockSexp(Language::Python, "a = 2\nb = 3\n"));
}

} // namespace
