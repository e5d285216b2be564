// The taint engine knows no library, framework or runtime: what it knows of
// them comes from the model files and from the lowering's typed IR. This test
// reads the engine's sources and fails on a string literal that names one,
// or on a comment that names a well-known one.

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string src(const std::string &Rel) { return std::string(TEETIDY_SOURCE_DIR) + "/" + Rel; }

std::vector<std::string> filesIn(const std::string &Dir, const std::vector<std::string> &Exts) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    for (const std::string &E : Exts)
      if (llvm::StringRef(It->path()).endswith(E))
        Out.push_back(It->path());
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::string read(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  return B ? (*B)->getBuffer().str() : std::string();
}

/// The string literals of C++ source \p Text, comments left out.
std::vector<std::string> stringLiterals(const std::string &Text) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text.compare(I, 2, "//") == 0) {
      I = Text.find('\n', I);
      if (I == std::string::npos)
        break;
    } else if (Text.compare(I, 2, "/*") == 0) {
      I = Text.find("*/", I);
      if (I == std::string::npos)
        break;
      ++I;
    } else if (Text[I] == '\'') {
      // A character literal ('"' among them).
      size_t End = Text.find('\'', I + (Text[I + 1] == '\\' ? 3 : 2));
      I = End == std::string::npos ? Text.size() : End;
    } else if (Text[I] == '"' && (I == 0 || Text[I - 1] != '<')) {
      std::string Lit;
      size_t J = I + 1;
      for (; J < Text.size() && Text[J] != '"'; ++J) {
        if (Text[J] == '\\' && J + 1 < Text.size())
          ++J;
        Lit += Text[J];
      }
      Out.push_back(Lit);
      I = J;
    }
  }
  return Out;
}

/// Every name the models give (callees, objects, bases, methods), and the
/// first component of each: the libraries and frameworks the engine must
/// learn from the models only.
std::set<std::string> modelNames(std::set<std::string> &Keys) {
  std::set<std::string> Out;
  std::regex Name(R"([A-Za-z_$@][A-Za-z0-9_$./@-]*)");
  for (const char *Family : {"python", "ecma"})
    for (const std::string &F : filesIn(src("queries/models/") + Family, {".yaml"})) {
      std::string Text = read(F);
      std::istringstream Lines(Text);
      for (std::string L; std::getline(Lines, L);) {
        size_t Colon = L.find(':');
        if (L.find('#') == 0 || Colon == std::string::npos)
          continue;
        Keys.insert(llvm::StringRef(L.substr(0, Colon)).ltrim(" -").str());
        // Values after a key: `callee: [a.b, c]`, `bases: [...]`.
        std::string Values = L.substr(Colon + 1);
        for (std::sregex_iterator It(Values.begin(), Values.end(), Name), End; It != End; ++It) {
          std::string N = It->str();
          if (N.size() < 3 || N.find('{') != std::string::npos)
            continue;
          Out.insert(N);
          Out.insert(N.substr(0, N.find_first_of("./")));
        }
      }
    }
  // Words of the model format itself are not names.
  for (const char *Word :
       {"position", "keyword",   "field",    "endpoint", "model",    "code",    "image",
        "command",  "variables", "value",    "facts",    "call",     "result",  "default",
        "name",     "names",     "contract", "store",    "database", "cache",   "object-store",
        "object",   "queue",     "data",     "file",     "key",      "request", "output"})
    Out.erase(Word);
  return Out;
}

/// Runtime globals, keywords and framework words the lowering or the models
/// stand for.
const std::set<std::string> RuntimeWords = {"this",
                                            "super",
                                            "self",
                                            "globalThis",
                                            "window",
                                            "global",
                                            "process",
                                            "require",
                                            "module",
                                            "exports",
                                            "__init__",
                                            "__init__.py",
                                            ".py",
                                            ".pyi",
                                            "node:",
                                            "property",
                                            "cached_property",
                                            "model_config",
                                            "Config",
                                            "env_prefix",
                                            "case_sensitive",
                                            "ClassVar",
                                            "SecretStr",
                                            "SecretBytes",
                                            "alias",
                                            "validation_alias",
                                            "env",
                                            "dict",
                                            "object",
                                            "or",
                                            "||",
                                            "??",
                                            "if",
                                            "?:",
                                            "True",
                                            "get",
                                            "format",
                                            "<class-body>",
                                            "<expression>",
                                            "default",
                                            "*"};

TEST(EngineNeutrality, NoLibraryFrameworkOrRuntimeNameInTheEngine) {
  std::set<std::string> Keys;
  std::set<std::string> Models = modelNames(Keys);
  ASSERT_GT(Models.size(), 50u) << "the model files were not read";
  ASSERT_TRUE(Models.count("openai") && Models.count("pydantic_settings.BaseSettings"));
  std::vector<std::string> Files = filesIn(src("lib/dataflow"), {".cpp", ".h"});
  ASSERT_GE(Files.size(), 10u);
  for (const std::string &F : Files) {
    // The model reader spells the keys of the model format ("default").
    bool ModelReader = llvm::sys::path::filename(F) == "Models.cpp";
    for (const std::string &Lit : stringLiterals(read(F))) {
      EXPECT_FALSE(Models.count(Lit) && !(ModelReader && Keys.count(Lit)))
          << F << " names '" << Lit << "', which the models describe";
      if (!ModelReader) {
        EXPECT_FALSE(RuntimeWords.count(Lit)) << F << " names '" << Lit << "'";
      }
    }
  }
}

/// Names of libraries, frameworks and runtime globals that the engine's
/// comments once used as examples; comments use made-up names instead.
const char *const WellKnownNames[] = {
    "pydantic",       "BaseSettings", "SecretStr",   "SettingsConfigDict",
    "AliasChoices",   "model_config", "ClassVar",    "openai",
    "OpenAI",         "anthropic",    "axios",       "httpx",
    "aiohttp",        "requests.",    "urllib",      "dotenv",
    "litellm",        "langchain",    "process.env", "globalThis",
    "module.exports", "require(",     "CommonJS",    "getenv",
    "os.environ",     "fetch(",       "Python",      "ECMAScript",
    "JavaScript",     "TypeScript"};

/// Whether \p Text holds \p Name not inside a longer identifier.
bool mentions(const std::string &Text, llvm::StringRef Name) {
  auto Word = [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; };
  for (size_t At = Text.find(Name.str()); At != std::string::npos;
       At = Text.find(Name.str(), At + 1)) {
    size_t End = At + Name.size();
    bool Before = At > 0 && Word(Text[At - 1]) && Word(Name.front());
    bool After = End < Text.size() && Word(Text[End]) && Word(Name.back());
    if (!Before && !After)
      return true;
  }
  return false;
}

TEST(EngineNeutrality, CommentsUseMadeUpNames) {
  std::vector<std::string> Files = filesIn(src("lib/dataflow"), {".cpp", ".h"});
  ASSERT_GE(Files.size(), 10u);
  for (const std::string &F : Files) {
    std::string Text = read(F);
    ASSERT_FALSE(Text.empty()) << F;
    for (const char *Name : WellKnownNames)
      EXPECT_FALSE(mentions(Text, Name)) << F << " mentions " << Name;
  }
}

TEST(EngineNeutrality, MentionsAreWholeWords) {
  EXPECT_TRUE(mentions("a ClassVar[int]", "ClassVar"));
  EXPECT_FALSE(mentions("ClassVariableAnnotations", "ClassVar"));
  EXPECT_TRUE(mentions("x = process.env.K", "process.env"));
  EXPECT_TRUE(mentions("send(require(\"u\"))", "require("));
}

TEST(EngineNeutrality, TheScanSeesLiteralsAndSkipsComments) {
  std::vector<std::string> L =
      stringLiterals("// \"in a comment\"\nx = \"a\\\"b\"; /* \"no\" */ c = '\"'; y = \"this\";");
  EXPECT_EQ(L, (std::vector<std::string>{"a\"b", "this"}));
}

} // namespace
