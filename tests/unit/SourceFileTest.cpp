#include "source/SourceFile.h"
#include "source/Language.h"
#include "source/Utf8.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace teetidy;

namespace {

TEST(SourceFile, LineAndColumnAreOneBasedBytes) {
  SourceFile F("a.py", "ab\ncdé\n\nx", Language::Python);
  EXPECT_EQ(F.lineCount(), 4u);
  EXPECT_EQ(F.lineOf(0), 1u);
  EXPECT_EQ(F.columnOf(1), 2u);
  EXPECT_EQ(F.lineOf(3), 2u);
  EXPECT_EQ(F.columnOf(3), 1u);
  EXPECT_EQ(F.lineText(2), "cdé");
  EXPECT_EQ(F.lineText(3), "");
  EXPECT_EQ(F.lineText(4), "x");
  EXPECT_EQ(F.offsetOf(4, 1), F.content().size() - 1);
  EXPECT_EQ(F.lineOf(F.content().size()), 4u);
}

TEST(SourceFile, CrLfLinesDropTheTerminator) {
  SourceFile F("a.py", "a\r\nb\r\n", Language::Python);
  EXPECT_EQ(F.lineText(1), "a");
  EXPECT_EQ(F.lineOf(3), 2u);
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(findInvalidUtf8("plain"), std::string_view::npos);
  EXPECT_EQ(findInvalidUtf8("h\xc3\xa9llo"), std::string_view::npos);
  EXPECT_EQ(findInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(findInvalidUtf8("a\xc3"), 1u);        // truncated sequence
  EXPECT_EQ(findInvalidUtf8("\xc0\x80"), 0u);     // overlong
  EXPECT_EQ(findInvalidUtf8("\xed\xa0\x80"), 0u); // surrogate
  EXPECT_EQ(findInvalidUtf8("\xf0\x9f\x98\x80"), std::string_view::npos);
}

TEST(Language, ByNameAndExtension) {
  EXPECT_EQ(languageForPath("a/b.py"), Language::Python);
  EXPECT_EQ(languageForPath("x.pyi"), Language::Python);
  EXPECT_EQ(languageForPath("x.mts"), Language::TypeScript);
  EXPECT_EQ(languageForPath("x.cts"), Language::TypeScript);
  EXPECT_EQ(languageForPath("x.tsx"), Language::TSX);
  EXPECT_EQ(languageForPath("x.jsx"), Language::JavaScript);
  EXPECT_EQ(languageForPath("x.mjs"), Language::JavaScript);
  EXPECT_EQ(languageForPath("x.cjs"), Language::JavaScript);
  EXPECT_EQ(languageForPath("docker-compose.yml"), Language::Yaml);
  EXPECT_EQ(languageForPath("svc/Dockerfile"), Language::Dockerfile);
  EXPECT_EQ(languageForPath("Dockerfile.prod"), Language::Dockerfile);
  EXPECT_EQ(languageForPath("api.Dockerfile"), Language::Dockerfile);
  EXPECT_EQ(languageForPath("app-compose.json"), Language::Json);
  EXPECT_EQ(languageForPath("package.json"), std::nullopt);
  EXPECT_EQ(languageForPath("README.md"), std::nullopt);
  EXPECT_EQ(languageForPath("Makefile"), std::nullopt);
}

class LoadTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-load", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string write(const std::string &Name, const std::string &Content) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    std::ofstream(std::string(P), std::ios::binary) << Content;
    return std::string(P);
  }
  LoadFailure failure(const std::string &Path, LoadOptions Opts = {}) {
    auto F = loadSourceFile(Path, Language::Python, Opts);
    EXPECT_FALSE(static_cast<bool>(F));
    LoadFailure K = LoadFailure::Unreadable;
    llvm::handleAllErrors(F.takeError(), [&](const LoadError &E) { K = E.kind(); });
    return K;
  }
  llvm::SmallString<128> Dir;
};

TEST_F(LoadTest, ReadsText) {
  auto F = loadSourceFile(write("a.py", "x = 1\n"), Language::Python, {});
  ASSERT_TRUE(static_cast<bool>(F));
  EXPECT_EQ((*F)->content(), "x = 1\n");
}

TEST_F(LoadTest, InvalidUtf8IsLoadedAndRecorded) {
  auto F = loadSourceFile(write("a.py", "x = '\xff'\n"), Language::Python, {});
  ASSERT_TRUE(static_cast<bool>(F));
  EXPECT_EQ((*F)->firstInvalidUtf8(), 5u);
}

TEST_F(LoadTest, RefusesMissingBinaryLargeAndDirectories) {
  EXPECT_EQ(failure(std::string(Dir) + "/nope.py"), LoadFailure::NotFound);
  EXPECT_EQ(failure(write("b.py", std::string("a\0b", 3))), LoadFailure::Binary);
  LoadOptions Small;
  Small.MaxFileSize = 4;
  EXPECT_EQ(failure(write("c.py", "0123456789"), Small), LoadFailure::TooLarge);
  EXPECT_EQ(failure(std::string(Dir)), LoadFailure::IsDirectory);
}

} // namespace

namespace {

TEST(Utf8, AppendEncodesAndReplacesWhatHasNoEncoding) {
  std::string Out;
  for (uint32_t CP : {0x41u, 0xE9u, 0x20ACu, 0x1F600u})
    teetidy::appendUtf8(Out, CP);
  EXPECT_EQ(Out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  EXPECT_EQ(teetidy::findInvalidUtf8(Out), std::string_view::npos);
  std::string Bad;
  teetidy::appendUtf8(Bad, 0xD800);   // a lone surrogate
  teetidy::appendUtf8(Bad, 0x110000); // past the last code point
  EXPECT_EQ(Bad, "\xef\xbf\xbd\xef\xbf\xbd");
}

} // namespace

TEST(DisplayPath, EscapesWhatCouldBreakALineOrReachTheTerminal) {
  EXPECT_EQ(teetidy::displayPath("src/app.py"), "src/app.py");
  EXPECT_EQ(teetidy::displayPath("caf\xC3\xA9/a.py"), "caf\xC3\xA9/a.py");
  EXPECT_EQ(teetidy::displayPath("a\nb\x1b[31m.py"), "a\\x0ab\\x1b[31m.py");
  EXPECT_EQ(teetidy::displayPath("x\\y\x7f"), "x\\\\y\\x7f");
  EXPECT_EQ(teetidy::displayPath("bad\xff\xfe.py"), "bad\\xff\\xfe.py");
}
