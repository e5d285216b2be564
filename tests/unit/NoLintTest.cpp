#include "diag/NoLint.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

/// Whether a warning of \p Check on \p Line of \p Text is suppressed.
bool suppressed(const std::string &Text, unsigned Line, const std::string &Check,
                Language L = Language::Python, unsigned StmtFirst = 0, unsigned StmtLast = 0) {
  SourceFile F("t", Text, L);
  NoLintDirectives N(F);
  Diagnostic D;
  D.CheckName = Check;
  D.Loc = {&F, F.lineStart(Line)};
  D.StatementFirstLine = StmtFirst;
  D.StatementLastLine = StmtLast;
  return N.suppresses(D);
}

std::vector<std::string> errors(const std::string &Text, Language L = Language::Python) {
  SourceFile F("t", Text, L);
  std::vector<std::string> Out;
  for (const Diagnostic &D : NoLintDirectives(F).errors())
    Out.push_back(std::to_string(D.Loc.line()) + ":" + std::to_string(D.Loc.column()) + " " +
                  D.Message + " [" + D.CheckName + "]");
  return Out;
}

TEST(NoLint, SameLine) {
  EXPECT_TRUE(suppressed("x = 1  # NOLINT\n", 1, "a-b"));
  EXPECT_FALSE(suppressed("x = 1\n# NOLINT\n", 1, "a-b"));
  EXPECT_TRUE(suppressed("x = 1  # NOLINT: reason given\n", 1, "a-b"));
}

TEST(NoLint, CheckGlobs) {
  EXPECT_TRUE(suppressed("x  # NOLINT(a-b)\n", 1, "a-b"));
  EXPECT_FALSE(suppressed("x  # NOLINT(a-c)\n", 1, "a-b"));
  EXPECT_TRUE(suppressed("x  # NOLINT(z-q, a-*)\n", 1, "a-b"));
  // Negative globs are ignored inside the list.
  EXPECT_FALSE(suppressed("x  # NOLINT(-a-b)\n", 1, "a-b"));
  // A space before '(' makes it a bare NOLINT.
  EXPECT_TRUE(suppressed("x  # NOLINT (a-c)\n", 1, "a-b"));
}

TEST(NoLint, NextLine) {
  EXPECT_TRUE(suppressed("# NOLINTNEXTLINE\nx = 1\n", 2, "a-b"));
  EXPECT_FALSE(suppressed("# NOLINTNEXTLINE\n\nx = 1\n", 3, "a-b"));
  EXPECT_TRUE(suppressed("# NOLINTNEXTLINE(a-*)\nx = 1\n", 2, "a-b"));
  EXPECT_FALSE(suppressed("# NOLINTNEXTLINE(c-*)\nx = 1\n", 2, "a-b"));
}

TEST(NoLint, BeginEndRegion) {
  std::string T = "a\n# NOLINTBEGIN(a-b)\nb\nc\n# NOLINTEND(a-b)\nd\n";
  EXPECT_FALSE(suppressed(T, 1, "a-b"));
  EXPECT_TRUE(suppressed(T, 3, "a-b"));
  EXPECT_TRUE(suppressed(T, 4, "a-b"));
  EXPECT_FALSE(suppressed(T, 4, "a-c"));
  EXPECT_FALSE(suppressed(T, 6, "a-b"));
  EXPECT_TRUE(errors(T).empty());
}

TEST(NoLint, UnmatchedBeginAndEndAreErrorsAndSuppressNothing) {
  std::string Begin = "# NOLINTBEGIN\nx\n";
  EXPECT_FALSE(suppressed(Begin, 2, "a-b"));
  EXPECT_EQ(errors(Begin),
            std::vector<std::string>{"1:3 unmatched 'NOLINTBEGIN' comment without a subsequent "
                                     "'NOLINTEND' comment [tee-tidy-nolint]"});
  EXPECT_EQ(errors("x\n# NOLINTEND\n"),
            std::vector<std::string>{"2:3 unmatched 'NOLINTEND' comment without a previous "
                                     "'NOLINTBEGIN' comment [tee-tidy-nolint]"});
  // Arguments must be identical to pair up.
  EXPECT_EQ(errors("# NOLINTBEGIN(a-b)\n# NOLINTEND(a-c)\n").size(), 2u);
}

TEST(NoLint, OnlyInComments) {
  EXPECT_FALSE(suppressed("NOLINT = 1\n", 1, "a-b"));
  EXPECT_FALSE(suppressed("x = 1 // NOLINT\n", 1, "a-b", Language::Python));
  EXPECT_TRUE(suppressed("x = 1 // NOLINT\n", 1, "a-b", Language::TypeScript));
  EXPECT_TRUE(suppressed("x = 1 /* NOLINT */\n", 1, "a-b", Language::JavaScript));
  // Inside a block comment the directive applies to the line after it.
  EXPECT_FALSE(suppressed("/*\n NOLINTNEXTLINE\n */\nx\n", 4, "a-b", Language::TSX));
  EXPECT_TRUE(suppressed("/* NOLINTNEXTLINE */\nx\n", 2, "a-b", Language::TSX));
  EXPECT_TRUE(suppressed("  KEY: v  # NOLINT\n", 1, "a-b", Language::Yaml));
  EXPECT_TRUE(suppressed("# NOLINTNEXTLINE\nENV A=0\n", 2, "a-b", Language::Dockerfile));
}

TEST(NoLint, StatementFirstOrLastLineCoversTheStatement) {
  std::string T = "call(  # NOLINT\n  a,\n  b)\n";
  EXPECT_TRUE(suppressed(T, 2, "a-b", Language::Python, 1, 3));
  EXPECT_FALSE(suppressed(T, 2, "a-b", Language::Python, 0, 0));
  std::string Last = "call(\n  a,\n  b)  # NOLINT\n";
  EXPECT_TRUE(suppressed(Last, 2, "a-b", Language::Python, 1, 3));
  std::string Next = "# NOLINTNEXTLINE\ncall(\n  a)\n";
  EXPECT_TRUE(suppressed(Next, 3, "a-b", Language::Python, 2, 3));
}

} // namespace
