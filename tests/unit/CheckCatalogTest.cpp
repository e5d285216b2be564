// Every registered check has its doc page and annotated inputs; every doc page
// and input folder names a registered check.

#include "checkers/CheckPages.h"
#include "checkers/CheckRegistry.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace teetidy;

namespace {

std::string src(const std::string &Rel) { return std::string(TEETIDY_SOURCE_DIR) + "/" + Rel; }

std::set<std::string> entries(const std::string &Dir, bool Directories) {
  std::set<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::sys::fs::is_directory(It->path()) == Directories)
      Out.insert(llvm::sys::path::filename(It->path()).str());
  return Out;
}

TEST(CheckCatalog, NamesFollowModuleCheckConvention) {
  const std::regex Name("^(attestation|dstack|repro|secrets)-[a-z0-9]+(-[a-z0-9]+)*$");
  ASSERT_FALSE(builtinChecks().all().empty());
  for (const CheckInfo *C : builtinChecks().all()) {
    EXPECT_TRUE(std::regex_match(C->Name, Name)) << C->Name;
    EXPECT_FALSE(C->Summary.empty()) << C->Name;
  }
}

TEST(CheckCatalog, EveryCheckHasDocPageAndInputs) {
  for (const CheckInfo *C : builtinChecks().all()) {
    EXPECT_TRUE(llvm::sys::fs::exists(src("docs/checks/" + C->Name + ".md")))
        << C->Name << " has no docs/checks/" << C->Name << ".md";
    EXPECT_FALSE(entries(src("tests/checkers/" + C->Name), false).empty())
        << C->Name << " has no annotated inputs in tests/checkers/" << C->Name << "/";
  }
}

TEST(CheckCatalog, DocPagesNameTheCweOfTheirCheck) {
  for (const CheckInfo *C : builtinChecks().all()) {
    auto Page = llvm::MemoryBuffer::getFile(src("docs/checks/" + C->Name + ".md"));
    ASSERT_TRUE(static_cast<bool>(Page)) << C->Name;
    std::string Text = (*Page)->getBuffer().str();
    if (C->Cwe.empty()) {
      EXPECT_NE(Text.find("\nCWE: none fits"), std::string::npos) << C->Name;
      continue;
    }
    EXPECT_EQ(C->Cwe.rfind("CWE-", 0), 0u) << C->Name;
    EXPECT_NE(Text.find("\nCWE: [" + C->Cwe + "](https://cwe.mitre.org/data/definitions/" +
                        C->Cwe.substr(4) + ".html)"),
              std::string::npos)
        << "docs/checks/" << C->Name << ".md does not name " << C->Cwe;
  }
}

TEST(CheckCatalog, EveryDocPageAndInputFolderNamesACheck) {
  for (const std::string &Page : entries(src("docs/checks"), false)) {
    llvm::StringRef P(Page);
    ASSERT_TRUE(P.endswith(".md")) << Page;
    EXPECT_NE(builtinChecks().find(P.drop_back(3).str()), nullptr)
        << "docs/checks/" << Page << " names no registered check";
  }
  for (const std::string &Dir : entries(src("tests/checkers"), true))
    EXPECT_NE(builtinChecks().find(Dir), nullptr)
        << "tests/checkers/" << Dir << " names no registered check";
}

TEST(CheckCatalog, DocPagesDocumentEveryOption) {
  for (const auto &[Key, Default] : builtinChecks().optionDefaults()) {
    std::string Check = Key.substr(0, Key.rfind('.'));
    std::string Option = Key.substr(Key.rfind('.') + 1);
    auto Buf = llvm::MemoryBuffer::getFile(src("docs/checks/" + Check + ".md"));
    ASSERT_TRUE(static_cast<bool>(Buf)) << Check;
    EXPECT_NE((*Buf)->getBuffer().find(Option), llvm::StringRef::npos)
        << "docs/checks/" << Check << ".md does not document option " << Option;
  }
}

TEST(CheckCatalog, ChecksReadFilesOnlyThroughTheRun) {
  // Every file a check consults comes from the run's FileStore (read once,
  // with the run's limits), and input errors come from the driver.
  const std::regex Disk(
      R"(MemoryBuffer::getFile|sys::fs::(exists|is_regular_file|status|directory_iterator)|std::ifstream|fopen\(|"tee-tidy-input-error")");
  std::vector<std::string> Files;
  for (const std::string &Dir : {std::string("checkers")})
    for (const std::string &Module : entries(src(Dir), true))
      for (const std::string &F : entries(src(Dir + "/" + Module), false))
        Files.push_back(src(Dir + "/" + Module + "/" + F));
  ASSERT_GT(Files.size(), 20u);
  for (const std::string &F : Files) {
    auto Buf = llvm::MemoryBuffer::getFile(F);
    ASSERT_TRUE(static_cast<bool>(Buf)) << F;
    std::string Text = (*Buf)->getBuffer().str();
    std::smatch M;
    EXPECT_FALSE(std::regex_search(Text, M, Disk)) << F << " uses " << M.str();
  }
}

} // namespace

TEST(CheckPages, TheBinaryCarriesEachPageAndItsDescription) {
  for (const CheckInfo *C : builtinChecks().all()) {
    auto Page = llvm::MemoryBuffer::getFile(src("docs/checks/" + C->Name + ".md"));
    ASSERT_TRUE(static_cast<bool>(Page)) << C->Name;
    EXPECT_EQ(std::string(checkPage(C->Name)), (*Page)->getBuffer().str())
        << C->Name << ": the build is stale";
    std::string Description = checkDescriptionMarkdown(C->Name);
    EXPECT_FALSE(Description.empty()) << C->Name << " has no section 'What it reports'";
    EXPECT_EQ(Description.find("\n## "), std::string::npos) << C->Name;
    EXPECT_NE((*Page)->getBuffer().find(Description), llvm::StringRef::npos) << C->Name;
    std::string Uri = checkHelpUri(C->Name);
    EXPECT_NE(Uri.find("://"), std::string::npos) << Uri;
    EXPECT_TRUE(llvm::StringRef(Uri).endswith("/" + C->Name + ".md")) << Uri;
  }
  EXPECT_TRUE(checkPage("no-such-check").empty());
  EXPECT_TRUE(checkDescriptionMarkdown("no-such-check").empty());
}

TEST(CheckPages, MarkdownToText) {
  EXPECT_EQ(markdownToText("A value read from `os.getenv` flows\ninto the **destination**.\n\n"
                           "- Python: [pydantic](https://docs.pydantic.dev) fields;\n"
                           "- TypeScript: `process.env`.\n\nLast."),
            "A value read from os.getenv flows into the destination.\n"
            "- Python: pydantic fields;\n- TypeScript: process.env.\nLast.");
  EXPECT_EQ(markdownToText("Before:\n\n```yaml\nkey: `x`\n```\nafter"), "Before:\nkey: `x`\nafter");
}
