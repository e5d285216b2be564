// Compiles every query file against the pinned grammars, and tests the query
// runner's predicate evaluation (the tree-sitter C API does not apply them).

#include "source/Language.h"
#include "syntax/Grammars.h"
#include "syntax/QueryRunner.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace teetidy;

namespace {

std::vector<Language> languagesForFolder(llvm::StringRef Folder) {
  if (Folder == "python")
    return {Language::Python};
  if (Folder == "ecma")
    return {Language::JavaScript, Language::TypeScript, Language::TSX};
  if (auto L = languageFromName(Folder))
    return {*L};
  return {};
}

TEST(QueryFiles, EveryQueryCompilesForItsLanguages) {
  QueryStore Embedded;
  unsigned Compiled = 0;
  for (const std::string &Path : Embedded.files()) {
    llvm::StringRef P(Path);
    if (!P.endswith(".scm"))
      continue;
    auto [Folder, File] = P.split('/');
    std::vector<Language> Langs = languagesForFolder(Folder);
    ASSERT_FALSE(Langs.empty()) << "queries/" << Path << ": folder names no language";
    for (Language L : Langs) {
      auto Q = Embedded.query(L, File.drop_back(4));
      ASSERT_TRUE(static_cast<bool>(Q)) << llvm::toString(Q.takeError());
      ASSERT_NE(*Q, nullptr) << Path;
      ++Compiled;
    }
  }
  EXPECT_GT(Compiled, 0u) << "no query was compiled";
}

TEST(QueryFiles, PublicCapturesAreRegistered) {
  auto Readme = llvm::MemoryBuffer::getFile(std::string(TEETIDY_SOURCE_DIR) + "/queries/README.md");
  ASSERT_TRUE(static_cast<bool>(Readme));
  std::set<std::string> Registered;
  const std::regex Row(R"(^\| `@([a-z.]+)` \|)");
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  (*Readme)->getBuffer().split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    std::smatch M;
    std::string Line = L.str();
    if (std::regex_search(Line, M, Row))
      Registered.insert(M[1].str());
  }
  ASSERT_FALSE(Registered.empty()) << "no capture table in queries/README.md";
  QueryStore Embedded;
  const std::regex Capture(R"(@([A-Za-z_][\w.-]*[\w-]))");
  for (const std::string &Path : Embedded.files()) {
    if (!llvm::StringRef(Path).endswith(".scm"))
      continue;
    auto Text = Embedded.file(Path);
    ASSERT_TRUE(Text.has_value()) << Path;
    std::string Body;
    // Comments may mention captures in prose; only code lines count.
    for (llvm::StringRef L : llvm::split(*Text, '\n'))
      if (!L.ltrim().startswith(";"))
        Body += L.str() + "\n";
    for (std::sregex_iterator It(Body.begin(), Body.end(), Capture), End; It != End; ++It) {
      std::string Name = (*It)[1].str();
      if (Name[0] == '_')
        continue;
      EXPECT_TRUE(Registered.count(Name))
          << "queries/" << Path << ": capture @" << Name
          << " is not in the table of queries/README.md (private captures start with _)";
    }
  }
}

TEST(QueryFiles, EmbeddedCopiesMatchTheSourceTree) {
  QueryStore Embedded;
  QueryStore Disk(std::string(TEETIDY_SOURCE_DIR) + "/queries");
  EXPECT_EQ(Embedded.files(), Disk.files());
  for (const std::string &F : Embedded.files())
    EXPECT_EQ(Embedded.file(F), Disk.file(F)) << F << " differs; rebuild";
}

TEST(QueryCompile, ErrorsCarryFileLineColumn) {
  auto Q = compileQuery(grammarFor(Language::Python), "(call)\n\n  (no_such_node) @x",
                        "queries/python/x.scm");
  ASSERT_FALSE(static_cast<bool>(Q));
  std::string Msg = llvm::toString(Q.takeError());
  EXPECT_EQ(Msg, "queries/python/x.scm:3:4: unknown node type 'no_such_node'");
}

TEST(QueryCompile, RejectsUnknownPredicateAndBadRegex) {
  auto Unknown = compileQuery(grammarFor(Language::Python),
                              "((identifier) @x (#frobnicate? @x \"a\"))", "t.scm");
  ASSERT_FALSE(static_cast<bool>(Unknown));
  EXPECT_NE(llvm::toString(Unknown.takeError()).find("unknown predicate '#frobnicate?'"),
            std::string::npos);
  auto BadRegex =
      compileQuery(grammarFor(Language::Python), "((identifier) @x (#match? @x \"(\"))", "t.scm");
  ASSERT_FALSE(static_cast<bool>(BadRegex));
  EXPECT_NE(llvm::toString(BadRegex.takeError()).find("invalid regular expression"),
            std::string::npos);
}

/// Texts of every @x capture of \p Query over \p Source (Python).
std::vector<std::string> run(const std::string &QueryText, const std::string &Source,
                             std::string *Property = nullptr) {
  auto Q = compileQuery(grammarFor(Language::Python), QueryText, "t.scm");
  EXPECT_TRUE(static_cast<bool>(Q)) << llvm::toString(Q.takeError());
  if (!Q)
    return {};
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  Tree T = P.parse(Source);
  std::vector<std::string> Out;
  runQuery(**Q, T.root(), Source, [&](const QueryMatch &M) {
    Out.emplace_back(nodeText(M.capture("x"), Source));
    if (Property)
      *Property = std::string(M.property("message"));
  });
  return Out;
}

const char *Names = "alpha = 1\nbeta = 2\nalphabet = 3\n";

TEST(QueryPredicates, Eq) {
  EXPECT_EQ(run("((identifier) @x (#eq? @x \"beta\"))", Names), std::vector<std::string>{"beta"});
  EXPECT_EQ(run("((identifier) @x (#not-eq? @x \"beta\"))", Names),
            (std::vector<std::string>{"alpha", "alphabet"}));
}

TEST(QueryPredicates, EqBetweenCaptures) {
  std::string Src = "a = a\nb = c\n";
  EXPECT_EQ(run("((assignment left: (identifier) @x right: (identifier) @y) (#eq? @x @y))", Src),
            std::vector<std::string>{"a"});
  EXPECT_EQ(
      run("((assignment left: (identifier) @x right: (identifier) @y) (#not-eq? @x @y))", Src),
      std::vector<std::string>{"b"});
}

TEST(QueryPredicates, Match) {
  EXPECT_EQ(run("((identifier) @x (#match? @x \"^alpha\"))", Names),
            (std::vector<std::string>{"alpha", "alphabet"}));
  EXPECT_EQ(run("((identifier) @x (#not-match? @x \"^alpha\"))", Names),
            std::vector<std::string>{"beta"});
}

TEST(QueryPredicates, AnyOf) {
  EXPECT_EQ(run("((identifier) @x (#any-of? @x \"beta\" \"alphabet\"))", Names),
            (std::vector<std::string>{"beta", "alphabet"}));
  EXPECT_EQ(run("((identifier) @x (#not-any-of? @x \"beta\" \"alphabet\"))", Names),
            std::vector<std::string>{"alpha"});
}

TEST(QueryPredicates, SetPropertiesArePerPattern) {
  std::string Msg;
  EXPECT_EQ(run("((identifier) @x (#eq? @x \"beta\") (#set! message \"found beta\"))", Names, &Msg),
            std::vector<std::string>{"beta"});
  EXPECT_EQ(Msg, "found beta");
}

std::unique_ptr<CompiledQuery> compiled(const std::string &Text) {
  auto Q = compileQuery(grammarFor(Language::Python), Text, "t.scm");
  EXPECT_TRUE(static_cast<bool>(Q)) << llvm::toString(Q.takeError());
  return Q ? std::move(*Q) : nullptr;
}

TEST(QueryPrefilter, SkipsSourcesWithoutTheStringsAPatternNeeds) {
  auto Eq = compiled("((identifier) @x (#eq? @x \"beta\"))");
  EXPECT_TRUE(Eq->mayMatch(Names));
  EXPECT_FALSE(Eq->mayMatch("alpha = 1\n"));
  auto Any = compiled("((call function: (identifier) @x) (#any-of? @x \"get\" \"post\"))");
  EXPECT_TRUE(Any->mayMatch("post(1)\n"));
  EXPECT_FALSE(Any->mayMatch("put(1)\n"));
  // Every predicate of a pattern is needed; any one pattern is enough.
  auto Two =
      compiled("((call function: (attribute object: (identifier) @o attribute: (identifier) @x))"
               " (#eq? @o \"os\") (#eq? @x \"getenv\"))"
               "((identifier) @x (#eq? @x \"beta\"))");
  EXPECT_FALSE(Two->mayMatch("os.environ\n"));
  EXPECT_TRUE(Two->mayMatch("os.getenv\n"));
  EXPECT_TRUE(Two->mayMatch("beta\n"));
  EXPECT_EQ(run("((call function: (attribute object: (identifier) @o attribute: (identifier) @x))"
                " (#eq? @o \"os\") (#eq? @x \"getenv\"))",
                "os.getenv('A')\nos.environ.get('B')\n"),
            std::vector<std::string>{"getenv"});
  // Predicates that name no string a match must contain filter nothing.
  EXPECT_TRUE(compiled("((identifier) @x (#match? @x \"^b\"))")->mayMatch("alpha\n"));
  EXPECT_TRUE(compiled("((identifier) @x (#not-eq? @x \"beta\"))")->mayMatch("alpha\n"));
  EXPECT_TRUE(compiled("((identifier) @x)")->mayMatch("1\n"));
}

TEST(QueryPrefilter, CapturesThatMayBeAbsentRequireNothing) {
  // A predicate on a capture that matched nothing holds, so these match
  // sources without "needle", and the filter must let them through.
  const char *Optional = "((call function: (identifier) @x arguments: (argument_list "
                         "(identifier)? @y)) (#eq? @y \"needle\"))";
  EXPECT_EQ(run(Optional, "f()\n"), std::vector<std::string>{"f"});
  EXPECT_TRUE(compiled(Optional)->mayMatch("f()\n"));
  const char *Alternative = "([(identifier) @y (integer)] @x (#eq? @y \"needle\"))";
  EXPECT_EQ(run(Alternative, "1\n"), std::vector<std::string>{"1"});
  EXPECT_TRUE(compiled(Alternative)->mayMatch("1\n"));
}

TEST(Grammars, AbiIsAcceptedByTheRuntime) { EXPECT_EQ(checkGrammarAbi(), ""); }

TEST(Grammars, DeepNestingParsesWithoutCrashing) {
  std::string Src = "x = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n";
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  Tree T = P.parse(Src);
  ASSERT_TRUE(static_cast<bool>(T));
  EXPECT_FALSE(ts_node_is_null(T.root()));
}

} // namespace

TEST(QueryDepth, ShallowTreesRunWhole) {
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  Tree T = P.parse("f(g(x))\n");
  EXPECT_FALSE(shallowRanges(T.root(), 50).has_value());
}

TEST(QueryDepth, DeepSubtreesAreSkippedAndMatchesAroundThemFoundOnce) {
  // A keyword argument before and after an argument nested 3,000 calls deep,
  // and one inside it.
  std::string Deep;
  for (int I = 0; I < 3000; ++I)
    Deep += "f(";
  Deep += "h(inner=3)";
  Deep += std::string(3000, ')');
  std::string Source = "g(before=1, " + Deep + ", after=2)\nk(last=4)\n";
  auto Q = compileQuery(grammarFor(Language::Python), "(keyword_argument name: (identifier) @x)",
                        "t.scm");
  ASSERT_TRUE(static_cast<bool>(Q)) << llvm::toString(Q.takeError());
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  Tree T = P.parse(Source);
  std::optional<QueryRanges> R = shallowRanges(T.root(), 100);
  ASSERT_TRUE(R.has_value());
  EXPECT_GT(R->FirstCut, Source.find("f("));
  EXPECT_LT(R->FirstCut, Source.find("h("));
  EXPECT_EQ(R->Ranges.size(), 2u);
  std::vector<std::string> Found;
  runQuery(
      **Q, T.root(), Source,
      [&](const QueryMatch &M) { Found.emplace_back(nodeText(M.capture("x"), Source)); }, &*R);
  EXPECT_EQ(Found, (std::vector<std::string>{"before", "after", "last"}));
}
