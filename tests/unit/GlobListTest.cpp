//===- GlobListTest.cpp - Tests for ordered glob lists --------------------===//
#include "diag/GlobList.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

TEST(GlobListTest, EmptyListContainsNothing) {
  GlobList Empty("");
  EXPECT_TRUE(Empty.empty());
  EXPECT_FALSE(Empty.contains("dstack-image-not-pinned"));
  EXPECT_FALSE(Empty.contains(""));
  EXPECT_TRUE(GlobList(" , ,\n,").empty());
  EXPECT_TRUE(GlobList().empty());
}

TEST(GlobListTest, ExactNames) {
  GlobList L("dstack-image-not-pinned");
  EXPECT_TRUE(L.contains("dstack-image-not-pinned"));
  EXPECT_FALSE(L.contains("dstack-image-not-pinned2"));
  EXPECT_FALSE(L.contains("dstack-image-not-pinne"));
  EXPECT_FALSE(L.contains("Dstack-image-not-pinned")); // Case-sensitive.
}

TEST(GlobListTest, Wildcards) {
  GlobList L("dstack-*");
  EXPECT_TRUE(L.contains("dstack-"));
  EXPECT_TRUE(L.contains("dstack-anything"));
  EXPECT_FALSE(L.contains("dstack"));
  EXPECT_FALSE(L.contains("xdstack-a"));

  EXPECT_TRUE(GlobList("*").contains(""));
  EXPECT_TRUE(GlobList("*").contains("any-check"));
  EXPECT_TRUE(GlobList("*-pinned").contains("dstack-image-not-pinned"));
  EXPECT_FALSE(GlobList("*-pinned").contains("dstack-image-not-pinned-x"));
  EXPECT_TRUE(GlobList("a*b*c").contains("abc"));
  EXPECT_TRUE(GlobList("a*b*c").contains("aXXbYYc"));
  EXPECT_FALSE(GlobList("a*b*c").contains("aXXbYY"));
  // '?' is not a wildcard.
  EXPECT_FALSE(GlobList("a?c").contains("abc"));
  EXPECT_TRUE(GlobList("a?c").contains("a?c"));
}

TEST(GlobListTest, MatchGlobBacktracks) {
  EXPECT_TRUE(GlobList::matchGlob("a*b", "aXbYb"));
  EXPECT_FALSE(GlobList::matchGlob("a*b", "aXbYbZ"));
  EXPECT_TRUE(GlobList::matchGlob("*a*a*", "banana"));
  EXPECT_TRUE(GlobList::matchGlob("**", ""));
  EXPECT_FALSE(GlobList::matchGlob("", "a"));
  EXPECT_TRUE(GlobList::matchGlob("", ""));
  EXPECT_TRUE(GlobList::matchGlob("*ab", "aab"));
}

TEST(GlobListTest, NegationAndLastMatchWins) {
  GlobList L("*,-dstack-foo");
  EXPECT_TRUE(L.contains("dstack-bar"));
  EXPECT_FALSE(L.contains("dstack-foo"));

  GlobList Reenable("-*,dstack-*,-dstack-foo-*,dstack-foo-bar");
  EXPECT_FALSE(Reenable.contains("other"));
  EXPECT_TRUE(Reenable.contains("dstack-x"));
  EXPECT_FALSE(Reenable.contains("dstack-foo-baz"));
  EXPECT_TRUE(Reenable.contains("dstack-foo-bar"));

  // Order matters: a later "-*" disables everything before it.
  EXPECT_FALSE(GlobList("dstack-*,-*").contains("dstack-x"));
  EXPECT_TRUE(GlobList("-*,dstack-*").contains("dstack-x"));
  // A negative-only list contains nothing.
  EXPECT_FALSE(GlobList("-dstack-foo").contains("dstack-bar"));
}

TEST(GlobListTest, WhitespaceAndNewlineSeparators) {
  GlobList L("  -* ,\n  dstack-* \r\n,\t-dstack-foo\n");
  ASSERT_EQ(L.items().size(), 3u);
  EXPECT_FALSE(L.items()[0].Positive);
  EXPECT_EQ(L.items()[0].Glob, "*");
  EXPECT_TRUE(L.items()[1].Positive);
  EXPECT_EQ(L.items()[1].Glob, "dstack-*");
  EXPECT_FALSE(L.items()[2].Positive);
  EXPECT_EQ(L.items()[2].Glob, "dstack-foo");
  EXPECT_TRUE(L.contains("dstack-bar"));
  EXPECT_FALSE(L.contains("dstack-foo"));

  // Newlines alone separate too, and blanks after '-' are trimmed.
  GlobList N("a\nb\n- c");
  ASSERT_EQ(N.items().size(), 3u);
  EXPECT_EQ(N.items()[2].Glob, "c");
  EXPECT_FALSE(N.items()[2].Positive);
}

TEST(GlobListTest, BareDashIsDropped) {
  GlobList L("a,-,- ,b");
  ASSERT_EQ(L.items().size(), 2u);
  EXPECT_EQ(L.items()[0].Glob, "a");
  EXPECT_EQ(L.items()[1].Glob, "b");
}

TEST(GlobListTest, KeepNegativeFalseDropsNegatives) {
  GlobList L("*,-dstack-foo", /*KeepNegative=*/false);
  ASSERT_EQ(L.items().size(), 1u);
  EXPECT_TRUE(L.contains("dstack-foo"));
  EXPECT_TRUE(GlobList("-*", false).empty());
}

TEST(GlobListTest, SplitGlobs) {
  EXPECT_EQ(splitGlobs(" a, -b ,\n c\r\n,,"), (std::vector<std::string>{"a", "-b", "c"}));
  EXPECT_TRUE(splitGlobs("").empty());
  EXPECT_TRUE(splitGlobs(" \n , \t").empty());
  // Inner blanks are kept: only commas and newlines separate.
  EXPECT_EQ(splitGlobs("a b"), (std::vector<std::string>{"a b"}));
}

} // namespace
