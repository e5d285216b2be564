//===- GitIgnoreTest.cpp - Tests for .gitignore matching ------------------===//

#include "source/GitIgnore.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

using namespace teetidy;

namespace {

using M = GitIgnore::Match;

//===----------------------------------------------------------------------===//
// matchPathGlob
//===----------------------------------------------------------------------===//

TEST(MatchPathGlobTest, Literals) {
  EXPECT_TRUE(matchPathGlob("foo", "foo"));
  EXPECT_TRUE(matchPathGlob("a/b/c.py", "a/b/c.py"));
  EXPECT_FALSE(matchPathGlob("foo", "foobar"));
  EXPECT_FALSE(matchPathGlob("foo", "fo"));
  EXPECT_FALSE(matchPathGlob("foo", "Foo")); // Case-sensitive, like git.
  EXPECT_TRUE(matchPathGlob("", ""));
  EXPECT_FALSE(matchPathGlob("", "a"));
}

TEST(MatchPathGlobTest, StarStaysInsideOneComponent) {
  EXPECT_TRUE(matchPathGlob("*", "foo"));
  EXPECT_TRUE(matchPathGlob("*", ""));
  EXPECT_FALSE(matchPathGlob("*", "a/b"));
  EXPECT_TRUE(matchPathGlob("*.py", "main.py"));
  EXPECT_TRUE(matchPathGlob("*.py", ".py"));
  EXPECT_FALSE(matchPathGlob("*.py", "app/main.py"));
  EXPECT_TRUE(matchPathGlob("app/*.py", "app/main.py"));
  EXPECT_FALSE(matchPathGlob("app/*.py", "app/sub/main.py"));
  EXPECT_TRUE(matchPathGlob("*/main.py", "app/main.py"));
  EXPECT_FALSE(matchPathGlob("*/main.py", "a/b/main.py"));
  EXPECT_TRUE(matchPathGlob("a*b*c", "aXbYc"));
  EXPECT_TRUE(matchPathGlob("a*b*c", "abc"));
  EXPECT_FALSE(matchPathGlob("a*b*c", "aXb/c"));
  EXPECT_TRUE(matchPathGlob("*a*", "banana"));
}

TEST(MatchPathGlobTest, QuestionMark) {
  EXPECT_TRUE(matchPathGlob("?.py", "a.py"));
  EXPECT_FALSE(matchPathGlob("?.py", "ab.py"));
  EXPECT_FALSE(matchPathGlob("?.py", ".py"));
  EXPECT_FALSE(matchPathGlob("a?b", "a/b"));
}

TEST(MatchPathGlobTest, BracketExpressions) {
  EXPECT_TRUE(matchPathGlob("[abc].py", "b.py"));
  EXPECT_FALSE(matchPathGlob("[abc].py", "d.py"));
  EXPECT_TRUE(matchPathGlob("file[0-9]", "file7"));
  EXPECT_FALSE(matchPathGlob("file[0-9]", "filex"));
  EXPECT_TRUE(matchPathGlob("[a-cx-z]", "y"));
  EXPECT_FALSE(matchPathGlob("[a-cx-z]", "m"));
  EXPECT_TRUE(matchPathGlob("[!a]", "b"));
  EXPECT_FALSE(matchPathGlob("[!a]", "a"));
  EXPECT_TRUE(matchPathGlob("[^a]", "b"));
  EXPECT_FALSE(matchPathGlob("[^a]", "a"));
  // `]` first is a member; `-` last is a member.
  EXPECT_TRUE(matchPathGlob("[]a]", "]"));
  EXPECT_TRUE(matchPathGlob("[!]a]", "b"));
  EXPECT_FALSE(matchPathGlob("[!]a]", "]"));
  EXPECT_TRUE(matchPathGlob("[a-]", "-"));
  // Escapes inside brackets.
  EXPECT_TRUE(matchPathGlob("[\\]]", "]"));
  EXPECT_TRUE(matchPathGlob("[\\!]", "!"));
  // POSIX classes.
  EXPECT_TRUE(matchPathGlob("[[:digit:]]x", "5x"));
  EXPECT_FALSE(matchPathGlob("[[:digit:]]x", "ax"));
  EXPECT_TRUE(matchPathGlob("[[:upper:][:digit:]]", "Q"));
  EXPECT_TRUE(matchPathGlob("[![:alpha:]]", "_"));
  // A class never matches `/`, even negated.
  EXPECT_FALSE(matchPathGlob("a[!b]c", "a/c"));
  EXPECT_FALSE(matchPathGlob("a[/]c", "a/c"));
}

TEST(MatchPathGlobTest, MalformedBracketsNeverMatch) {
  EXPECT_FALSE(matchPathGlob("[abc", "[abc"));
  EXPECT_FALSE(matchPathGlob("[abc", "a"));
  EXPECT_FALSE(matchPathGlob("[[:nosuchclass:]]", "a"));
  EXPECT_FALSE(matchPathGlob("*[", "x["));
}

TEST(MatchPathGlobTest, Escapes) {
  EXPECT_TRUE(matchPathGlob("\\*", "*"));
  EXPECT_FALSE(matchPathGlob("\\*", "a"));
  EXPECT_TRUE(matchPathGlob("\\?", "?"));
  EXPECT_TRUE(matchPathGlob("\\[a]", "[a]"));
  EXPECT_TRUE(matchPathGlob("a\\ ", "a "));
  EXPECT_TRUE(matchPathGlob("\\a", "a"));
  // A trailing backslash escapes nothing and never matches.
  EXPECT_FALSE(matchPathGlob("a\\", "a"));
  EXPECT_FALSE(matchPathGlob("a\\", "a\\"));
}

TEST(MatchPathGlobTest, LeadingDoubleStar) {
  EXPECT_TRUE(matchPathGlob("**/foo", "foo"));
  EXPECT_TRUE(matchPathGlob("**/foo", "a/foo"));
  EXPECT_TRUE(matchPathGlob("**/foo", "a/b/c/foo"));
  EXPECT_FALSE(matchPathGlob("**/foo", "a/xfoo"));
  EXPECT_FALSE(matchPathGlob("**/foo", "foo/bar"));
  EXPECT_TRUE(matchPathGlob("**/foo/bar", "x/foo/bar"));
  EXPECT_TRUE(matchPathGlob("**/foo/bar", "foo/bar"));
  EXPECT_TRUE(matchPathGlob("**/*.py", "a/b/c.py"));
}

TEST(MatchPathGlobTest, TrailingDoubleStar) {
  EXPECT_TRUE(matchPathGlob("abc/**", "abc/x"));
  EXPECT_TRUE(matchPathGlob("abc/**", "abc/x/y/z"));
  EXPECT_FALSE(matchPathGlob("abc/**", "abc"));
  EXPECT_FALSE(matchPathGlob("abc/**", "abcd/x"));
  EXPECT_TRUE(matchPathGlob("**", "anything/at/all"));
  EXPECT_TRUE(matchPathGlob("**", ""));
}

TEST(MatchPathGlobTest, MiddleDoubleStar) {
  EXPECT_TRUE(matchPathGlob("a/**/b", "a/b"));
  EXPECT_TRUE(matchPathGlob("a/**/b", "a/x/b"));
  EXPECT_TRUE(matchPathGlob("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(matchPathGlob("a/**/b", "a/xb"));
  EXPECT_FALSE(matchPathGlob("a/**/b", "ab"));
  EXPECT_FALSE(matchPathGlob("a/**/b", "x/a/b"));
  EXPECT_TRUE(matchPathGlob("a/**/b/**/c", "a/1/b/2/3/c"));
  EXPECT_TRUE(matchPathGlob("a/**/*.py", "a/b/c/d.py"));
  EXPECT_FALSE(matchPathGlob("a/**/*.py", "a/b/c/d.js"));
}

TEST(MatchPathGlobTest, DoubleStarNotAWholeComponentIsAStar) {
  EXPECT_TRUE(matchPathGlob("a**b", "aXYb"));
  EXPECT_FALSE(matchPathGlob("a**b", "a/b"));
  EXPECT_FALSE(matchPathGlob("a**/b", "a/x/b"));
  EXPECT_TRUE(matchPathGlob("a**/b", "axx/b"));
  EXPECT_FALSE(matchPathGlob("**a", "x/a"));
  EXPECT_TRUE(matchPathGlob("**a", "xa"));
  EXPECT_TRUE(matchPathGlob("a/***", "a/x/y")); // Runs of stars collapse.
}

TEST(MatchPathGlobTest, PathologicalPatternsStayFast) {
  std::string Glob, Path;
  for (int I = 0; I < 30; ++I)
    Glob += "*a";
  Glob += "*b";
  Path.assign(200, 'a');
  EXPECT_FALSE(matchPathGlob(Glob, Path));
  std::string Deep;
  for (int I = 0; I < 30; ++I)
    Deep += "**/a/";
  Deep += "b";
  std::string DeepPath;
  for (int I = 0; I < 100; ++I)
    DeepPath += "a/";
  DeepPath += "c";
  EXPECT_FALSE(matchPathGlob(Deep, DeepPath));
}

/// The documented semantics by naive backtracking, for cross-checking.
/// \p AfterSlash: the glob position starts a path component.
bool referenceMatch(std::string_view G, std::string_view S, bool AfterSlash) {
  if (G.empty())
    return S.empty();
  if (G[0] == '*') {
    size_t Stars = std::min(G.find_first_not_of('*'), G.size());
    std::string_view Rest = G.substr(Stars);
    bool Double = Stars >= 2 && AfterSlash && (Rest.empty() || Rest[0] == '/');
    if (Double && Rest.empty())
      return true;
    if (Double) {
      // `**/`: zero or more leading directories.
      std::string_view After = Rest.substr(1);
      if (referenceMatch(After, S, true))
        return true;
      for (size_t I = 0; I < S.size(); ++I)
        if (S[I] == '/' && referenceMatch(After, S.substr(I + 1), true))
          return true;
      return false;
    }
    for (size_t I = 0; I <= S.size(); ++I) {
      if (referenceMatch(Rest, S.substr(I), false))
        return true;
      if (I < S.size() && S[I] == '/')
        break;
    }
    return false;
  }
  if (S.empty())
    return false;
  if (G[0] == '?')
    return S[0] != '/' && referenceMatch(G.substr(1), S.substr(1), false);
  return G[0] == S[0] && referenceMatch(G.substr(1), S.substr(1), G[0] == '/');
}

TEST(MatchPathGlobTest, AgreesWithNaiveReferenceOnRandomInputs) {
  std::mt19937 Rng(12345);
  const std::string GlobAlphabet = "ab/*?";
  const std::string PathAlphabet = "ab/";
  auto randomString = [&](const std::string &Alphabet, size_t MaxLen) {
    std::string S(Rng() % (MaxLen + 1), ' ');
    for (char &C : S)
      C = Alphabet[Rng() % Alphabet.size()];
    return S;
  };
  int Matches = 0;
  for (int I = 0; I < 30000; ++I) {
    std::string Glob = randomString(GlobAlphabet, 9);
    std::string Path = randomString(PathAlphabet, 9);
    bool Expected = referenceMatch(Glob, Path, true);
    Matches += Expected;
    ASSERT_EQ(matchPathGlob(Glob, Path), Expected) << "glob '" << Glob << "' path '" << Path << "'";
  }
  EXPECT_GT(Matches, 100); // The inputs exercise the matching side too.
}

//===----------------------------------------------------------------------===//
// GitIgnore
//===----------------------------------------------------------------------===//

TEST(GitIgnoreTest, EmptyMatchesNothing) {
  GitIgnore Empty;
  EXPECT_EQ(Empty.match("a.py", false), M::None);
  GitIgnore Blank("\n\n   \n", "");
  EXPECT_EQ(Blank.match("a.py", false), M::None);
}

TEST(GitIgnoreTest, CommentsAndBlankLines) {
  GitIgnore G("# a comment\n\n*.log\n  # not a comment: leading space\n", "");
  EXPECT_EQ(G.match("x.log", false), M::Ignored);
  EXPECT_EQ(G.match("# a comment", false), M::None);
  EXPECT_EQ(G.match("  # not a comment: leading space", false), M::Ignored);
}

TEST(GitIgnoreTest, EscapedHashAndBang) {
  GitIgnore G("\\#notes\n\\!important\n", "");
  EXPECT_EQ(G.match("#notes", false), M::Ignored);
  EXPECT_EQ(G.match("!important", false), M::Ignored);
  EXPECT_EQ(G.match("important", false), M::None);
}

TEST(GitIgnoreTest, TrailingSpaces) {
  GitIgnore G("trimmed   \nkept\\ \nkept2\\  \n", "");
  EXPECT_EQ(G.match("trimmed", false), M::Ignored);
  EXPECT_EQ(G.match("trimmed   ", false), M::None);
  EXPECT_EQ(G.match("kept ", false), M::Ignored);
  EXPECT_EQ(G.match("kept", false), M::None);
  // Only the unescaped spaces after the escaped one go.
  EXPECT_EQ(G.match("kept2 ", false), M::Ignored);
}

TEST(GitIgnoreTest, CrLfAndBom) {
  GitIgnore G("\xEF\xBB\xBF*.tmp\r\nbuild/\r\n", "");
  EXPECT_EQ(G.match("a.tmp", false), M::Ignored);
  EXPECT_EQ(G.match("build", true), M::Ignored);
}

TEST(GitIgnoreTest, NegationLastMatchWins) {
  GitIgnore G("*.log\n!keep.log\n", "");
  EXPECT_EQ(G.match("debug.log", false), M::Ignored);
  EXPECT_EQ(G.match("keep.log", false), M::Included);
  EXPECT_EQ(G.match("sub/keep.log", false), M::Included);

  GitIgnore Reversed("!keep.log\n*.log\n", "");
  EXPECT_EQ(Reversed.match("keep.log", false), M::Ignored);

  GitIgnore Again("*.log\n!keep.log\nkeep.log\n", "");
  EXPECT_EQ(Again.match("keep.log", false), M::Ignored);
}

TEST(GitIgnoreTest, NegationAloneWithoutMatchIsNone) {
  GitIgnore G("!keep.log\n", "");
  EXPECT_EQ(G.match("keep.log", false), M::Included);
  EXPECT_EQ(G.match("other.log", false), M::None);
  GitIgnore Bare("!\n", ""); // An empty negation is no pattern.
  EXPECT_EQ(Bare.match("x", false), M::None);
}

TEST(GitIgnoreTest, TrailingSlashMatchesDirectoriesOnly) {
  GitIgnore G("out/\n", "");
  EXPECT_EQ(G.match("out", true), M::Ignored);
  EXPECT_EQ(G.match("out", false), M::None);
  // Without another slash it is not anchored: any depth.
  EXPECT_EQ(G.match("a/b/out", true), M::Ignored);
  EXPECT_EQ(G.match("a/b/out", false), M::None);
}

TEST(GitIgnoreTest, NoSlashMatchesBasenameAtAnyDepth) {
  GitIgnore G("secret.py\n*.pyc\n", "");
  EXPECT_EQ(G.match("secret.py", false), M::Ignored);
  EXPECT_EQ(G.match("a/b/secret.py", false), M::Ignored);
  EXPECT_EQ(G.match("a/b/c.pyc", false), M::Ignored);
  EXPECT_EQ(G.match("secret.py.bak", false), M::None);
  // Directories match too when the pattern has no trailing slash.
  EXPECT_EQ(G.match("x/secret.py", true), M::Ignored);
}

TEST(GitIgnoreTest, LeadingSlashAnchors) {
  GitIgnore G("/todo.txt\n", "");
  EXPECT_EQ(G.match("todo.txt", false), M::Ignored);
  EXPECT_EQ(G.match("sub/todo.txt", false), M::None);
}

TEST(GitIgnoreTest, MiddleSlashAnchors) {
  GitIgnore G("doc/*.txt\n", "");
  EXPECT_EQ(G.match("doc/notes.txt", false), M::Ignored);
  EXPECT_EQ(G.match("doc/server/arch.txt", false), M::None);
  EXPECT_EQ(G.match("x/doc/notes.txt", false), M::None);
}

TEST(GitIgnoreTest, AnchoredDirectoryOnly) {
  GitIgnore G("/build/\nfrontend/dist/\n", "");
  EXPECT_EQ(G.match("build", true), M::Ignored);
  EXPECT_EQ(G.match("build", false), M::None);
  EXPECT_EQ(G.match("src/build", true), M::None);
  EXPECT_EQ(G.match("frontend/dist", true), M::Ignored);
  EXPECT_EQ(G.match("x/frontend/dist", true), M::None);
}

TEST(GitIgnoreTest, DoubleStarForms) {
  GitIgnore G("**/logs\n**/cache/*.bin\nabc/**\na/**/b\n", "");
  EXPECT_EQ(G.match("logs", true), M::Ignored);
  EXPECT_EQ(G.match("x/y/logs", true), M::Ignored);
  EXPECT_EQ(G.match("cache/a.bin", false), M::Ignored);
  EXPECT_EQ(G.match("x/cache/a.bin", false), M::Ignored);
  EXPECT_EQ(G.match("x/cache/y/a.bin", false), M::None);
  EXPECT_EQ(G.match("abc/x/y", false), M::Ignored);
  EXPECT_EQ(G.match("abc", true), M::None);
  EXPECT_EQ(G.match("a/b", false), M::Ignored);
  EXPECT_EQ(G.match("a/x/y/b", false), M::Ignored);
  EXPECT_EQ(G.match("q/a/b", false), M::None);
}

TEST(GitIgnoreTest, BracketsAndQuestionMarks) {
  GitIgnore G("file[0-9].txt\nlog?.txt\n[!a]*.tmp\n", "");
  EXPECT_EQ(G.match("file3.txt", false), M::Ignored);
  EXPECT_EQ(G.match("fileX.txt", false), M::None);
  EXPECT_EQ(G.match("log1.txt", false), M::Ignored);
  EXPECT_EQ(G.match("log12.txt", false), M::None);
  EXPECT_EQ(G.match("b.tmp", false), M::Ignored);
  EXPECT_EQ(G.match("a.tmp", false), M::None);
}

TEST(GitIgnoreTest, BaseDirRestrictsToSubtree) {
  GitIgnore G("*.gen.py\n/local.py\nsub/x.py\n", "pkg/inner");
  EXPECT_EQ(G.match("pkg/inner/a.gen.py", false), M::Ignored);
  EXPECT_EQ(G.match("pkg/inner/deep/a.gen.py", false), M::Ignored);
  EXPECT_EQ(G.match("pkg/a.gen.py", false), M::None);
  EXPECT_EQ(G.match("pkg/innerx/a.gen.py", false), M::None);
  EXPECT_EQ(G.match("pkg/inner", true), M::None);
  // Anchored patterns are relative to the .gitignore's directory.
  EXPECT_EQ(G.match("pkg/inner/local.py", false), M::Ignored);
  EXPECT_EQ(G.match("pkg/inner/deep/local.py", false), M::None);
  EXPECT_EQ(G.match("local.py", false), M::None);
  EXPECT_EQ(G.match("pkg/inner/sub/x.py", false), M::Ignored);
  EXPECT_EQ(G.match("sub/x.py", false), M::None);
}

TEST(GitIgnoreTest, DirectoryPatternDoesNotMatchContentsByItself) {
  // Pruning the directory is the walker's job; match() judges one path.
  GitIgnore G("build/\n", "");
  EXPECT_EQ(G.match("build", true), M::Ignored);
  EXPECT_EQ(G.match("build/a.py", false), M::None);
}

} // namespace
