//===- PathTableTest.cpp - Tests for the shared hops of dataflow paths ----===//
#include "dataflow/PathTable.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace teetidy;
using namespace teetidy::dataflow;

namespace {

/// The messages of the path ending at \p End, first hop first.
std::vector<std::string> messages(const PathTable &T, uint32_t End) {
  std::vector<std::string> Out;
  for (const PathStep &S : T.steps(End))
    Out.push_back(S.Message);
  return Out;
}

TEST(PathTableTest, SameHopIsOneIndex) {
  PathTable T(40);
  uint32_t A = T.hop(NoPath, 0, {1, 5}, "value read from os.getenv('URL')");
  uint32_t B = T.hop(A, 0, {10, 13}, "assigned to 'url'");
  EXPECT_EQ(T.hop(NoPath, 0, {1, 5}, "value read from os.getenv('URL')"), A);
  EXPECT_EQ(T.hop(A, 0, {10, 13}, T.msg({"assigned to '", "url", "'"})), B);
  EXPECT_EQ(T.size(), 2u);
  // Any field differing makes another hop.
  EXPECT_NE(T.hop(A, 0, {10, 13}, "assigned to 'uri'"), B);
  EXPECT_NE(T.hop(A, 1, {10, 13}, "assigned to 'url'"), B);
  EXPECT_NE(T.hop(A, 0, {10, 14}, "assigned to 'url'"), B);
  EXPECT_NE(T.hop(B, 0, {10, 13}, "assigned to 'url'"), B);
  EXPECT_NE(T.hop(A, 0, {10, 13}, "assigned to 'url'", /*ParamRoot=*/true), B);
  EXPECT_EQ(T.size(), 7u);
}

TEST(PathTableTest, MessageIsCopied) {
  PathTable T(40);
  std::string Msg = "assigned to 'a'";
  uint32_t P = T.hop(NoPath, 0, {0, 1}, Msg);
  Msg = "assigned to 'b'";
  T.msg({"reused ", "buffer"});
  EXPECT_EQ(T[P].Message, "assigned to 'a'");
}

TEST(PathTableTest, LongPathsKeepTheirFirstHops) {
  PathTable T(3);
  uint32_t P = NoPath;
  std::vector<uint32_t> Hops;
  for (unsigned I = 0; I < 5; ++I) {
    P = T.hop(P, 0, {I, I + 1}, "hop " + std::to_string(I));
    Hops.push_back(P);
  }
  EXPECT_EQ(Hops[3], Hops[2]);
  EXPECT_EQ(Hops[4], Hops[2]);
  EXPECT_EQ(T[P].Length, 3u);
  EXPECT_EQ(messages(T, P), (std::vector<std::string>{"hop 0", "hop 1", "hop 2"}));
}

TEST(PathTableTest, StepsRunFromSourceToSink) {
  PathTable T(40);
  uint32_t A = T.hop(NoPath, 2, {1, 5}, "value read from os.getenv('URL')");
  uint32_t B = T.hop(A, 2, {10, 13}, "assigned to 'url'");
  uint32_t C = T.hop(B, 3, {20, 23}, "reaches OpenAI(base_url=...)");
  std::vector<PathStep> Steps = T.steps(C);
  ASSERT_EQ(Steps.size(), 3u);
  EXPECT_EQ(Steps[0].Message, "value read from os.getenv('URL')");
  EXPECT_EQ(Steps[0].Module, 2u);
  EXPECT_EQ(Steps[0].Where.Begin, 1u);
  EXPECT_EQ(Steps[1].Message, "assigned to 'url'");
  EXPECT_EQ(Steps[2].Message, "reaches OpenAI(base_url=...)");
  EXPECT_EQ(Steps[2].Module, 3u);
  EXPECT_EQ(Steps[2].Where.End, 23u);
  EXPECT_TRUE(T.steps(NoPath).empty());
}

TEST(PathTableTest, GraftReplacesTheParameterByTheArgumentsPath) {
  PathTable T(40);
  // In the callee: a path from its parameter to its return value.
  uint32_t Param = T.hop(NoPath, 1, {0, 1}, "parameter 'u' of 'f'", /*ParamRoot=*/true);
  uint32_t Inner = T.hop(Param, 1, {5, 6}, "assigned to 'v'");
  uint32_t Ret = T.hop(Inner, 1, {7, 8}, "returned from 'f'");
  // In the caller: a source passed as that parameter.
  uint32_t Source = T.hop(NoPath, 0, {1, 2}, "value read from os.getenv('URL')");
  uint32_t Passed = T.hop(Source, 0, {3, 4}, "passed to 'f' as parameter 'u'");
  uint32_t G = T.graft(Ret, Passed);
  EXPECT_EQ(messages(T, G), (std::vector<std::string>{"value read from os.getenv('URL')",
                                                      "passed to 'f' as parameter 'u'",
                                                      "assigned to 'v'", "returned from 'f'"}));
  EXPECT_EQ(T[G].Module, 1u);
  size_t Size = T.size();
  EXPECT_EQ(T.graft(Ret, Passed), G);
  EXPECT_EQ(T.size(), Size);
  // The callee's path itself is unchanged.
  EXPECT_EQ(messages(T, Ret), (std::vector<std::string>{"parameter 'u' of 'f'", "assigned to 'v'",
                                                        "returned from 'f'"}));
}

TEST(PathTableTest, TaggedHopBuildsItsMessageOnce) {
  PathTable T(40);
  uint32_t Source = T.hop(NoPath, 0, {1, 2}, "value read from os.getenv('URL')");
  unsigned Built = 0;
  auto Make = [&] {
    ++Built;
    return std::string("returned by 'f'");
  };
  uint32_t A = T.taggedHop(Source, 0, {5, 9}, 2, 7, 0, Make);
  uint32_t B = T.taggedHop(Source, 0, {5, 9}, 2, 7, 0, Make);
  EXPECT_EQ(A, B);
  EXPECT_EQ(Built, 1u);
  EXPECT_EQ(T[A].Message, "returned by 'f'");
  EXPECT_EQ(T[A].Parent, Source);
  // Another tag builds its message; the same message is the same hop.
  EXPECT_EQ(T.taggedHop(Source, 0, {5, 9}, 2, 8, 0, Make), A);
  EXPECT_EQ(Built, 2u);
  EXPECT_EQ(T.hop(Source, 0, {5, 9}, "returned by 'f'"), A);
}

} // namespace
