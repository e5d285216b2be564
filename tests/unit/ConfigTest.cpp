//===- ConfigTest.cpp - Tests for .tee-tidy configuration -----------------===//
#include "config/Config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace teetidy;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Parses \p Text, failing the test on error.
ConfigLayer parseOk(llvm::StringRef Text, llvm::StringRef Source = "cfg") {
  llvm::Expected<ConfigLayer> L = parseConfigLayer(Text, Source);
  if (!L) {
    ADD_FAILURE() << "unexpected error: " << llvm::toString(L.takeError()) << "\nfor:\n"
                  << Text.str();
    return {};
  }
  return std::move(*L);
}

/// What a failed parse reported.
struct ErrorDetails {
  ConfigLocation Where;
  std::string Text; ///< The bare message.
  std::string Full; ///< As printed by log().
};

/// Takes the ConfigError out of \p E (which must hold one).
template <typename T> ErrorDetails takeConfigError(llvm::Expected<T> E) {
  ErrorDetails Info;
  if (E) {
    ADD_FAILURE() << "expected an error";
    return Info;
  }
  llvm::handleAllErrors(
      E.takeError(),
      [&](const ConfigError &CE) {
        Info.Where = CE.where();
        Info.Text = CE.text();
        llvm::raw_string_ostream OS(Info.Full);
        CE.log(OS);
      },
      [&](const llvm::ErrorInfoBase &Other) {
        ADD_FAILURE() << "not a ConfigError: " << Other.message();
      });
  return Info;
}

/// Parses \p Text, expecting a ConfigError.
ErrorDetails parseErr(llvm::StringRef Text, llvm::StringRef Source = "cfg") {
  ErrorDetails Info = takeConfigError(parseConfigLayer(Text, Source));
  EXPECT_EQ(Info.Where.Source, Source.str());
  return Info;
}

/// A layer with only a Source and Checks, as the command line would build.
ConfigLayer layer(std::string Source, std::optional<std::string> Checks,
                  std::vector<std::pair<std::string, std::string>> Options = {}) {
  ConfigLayer L;
  L.Source = Source;
  L.Checks = std::move(Checks);
  L.ChecksWhere = {Source, 0, 0};
  for (auto &[K, V] : Options)
    L.CheckOptions.push_back({K, {V, {Source, 0, 0}}});
  return L;
}

std::vector<std::string> sources(const EffectiveConfig &C) {
  std::vector<std::string> Out;
  for (const ConfigLayer &L : C.layers())
    Out.push_back(L.Source);
  return Out;
}

//===----------------------------------------------------------------------===//
// Locations and errors
//===----------------------------------------------------------------------===//

TEST(ConfigLocationTest, Str) {
  EXPECT_EQ((ConfigLocation{"/p/.tee-tidy", 3, 7}).str(), "/p/.tee-tidy:3:7");
  EXPECT_EQ((ConfigLocation{"command-line option '-checks'", 0, 0}).str(),
            "command-line option '-checks'");
  EXPECT_EQ((ConfigLocation{"f", 2, 0}).str(), "f:2");
}

TEST(ConfigErrorTest, LogFormat) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  ConfigError({"/p/.tee-tidy", 2, 5}, "bad thing").log(OS);
  EXPECT_EQ(OS.str(), "/p/.tee-tidy:2:5: error: bad thing");

  std::string T;
  llvm::raw_string_ostream OS2(T);
  ConfigError({"command-line option '-config'", 0, 0}, "oops").log(OS2);
  EXPECT_EQ(OS2.str(), "command-line option '-config': error: oops");

  llvm::Error E = llvm::make_error<ConfigError>(ConfigLocation{"f", 1, 1}, "m");
  EXPECT_EQ(llvm::toString(std::move(E)), "f:1:1: error: m");

  llvm::Error E2 = llvm::make_error<ConfigError>(ConfigLocation{"f", 1, 1}, "m");
  EXPECT_EQ(llvm::errorToErrorCode(std::move(E2)),
            std::make_error_code(std::errc::invalid_argument));
}

//===----------------------------------------------------------------------===//
// parseConfigLayer: accepted input
//===----------------------------------------------------------------------===//

TEST(ParseConfigTest, EmptyDocumentsAreEmptyLayers) {
  for (llvm::StringRef Text : {"", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "~\n"}) {
    ConfigLayer L = parseOk(Text, "src");
    EXPECT_EQ(L.Source, "src") << Text.str();
    EXPECT_FALSE(L.Checks) << Text.str();
    EXPECT_FALSE(L.WarningsAsErrors) << Text.str();
    EXPECT_TRUE(L.CheckOptions.empty()) << Text.str();
    EXPECT_FALSE(L.InheritParentConfig) << Text.str();
    EXPECT_FALSE(L.UseColor) << Text.str();
  }
}

TEST(ParseConfigTest, AllKeys) {
  ConfigLayer L = parseOk("# comment\n"
                          "Checks: '-*,dstack-*'\n"
                          "WarningsAsErrors:   \"dstack-image-*\"\n"
                          "CheckOptions:\n"
                          "  dstack-a.Max: 10\n"
                          "  GlobalOpt:    'x y'\n"
                          "InheritParentConfig: true\n"
                          "UseColor: false\n",
                          "/r/.tee-tidy");
  EXPECT_EQ(L.Source, "/r/.tee-tidy");
  ASSERT_TRUE(L.Checks);
  EXPECT_EQ(*L.Checks, "-*,dstack-*");
  EXPECT_EQ(L.ChecksWhere.str(), "/r/.tee-tidy:2:9");
  ASSERT_TRUE(L.WarningsAsErrors);
  EXPECT_EQ(*L.WarningsAsErrors, "dstack-image-*");
  EXPECT_EQ(L.WarningsAsErrorsWhere.str(), "/r/.tee-tidy:3:21");
  ASSERT_EQ(L.CheckOptions.size(), 2u);
  EXPECT_EQ(L.CheckOptions[0].first, "dstack-a.Max");
  EXPECT_EQ(L.CheckOptions[0].second.Value, "10");
  EXPECT_EQ(L.CheckOptions[0].second.Where.str(), "/r/.tee-tidy:5:17");
  EXPECT_EQ(L.CheckOptions[1].first, "GlobalOpt");
  EXPECT_EQ(L.CheckOptions[1].second.Value, "x y");
  EXPECT_EQ(L.CheckOptions[1].second.Where.str(), "/r/.tee-tidy:6:17");
  EXPECT_EQ(L.InheritParentConfig, std::optional<bool>(true));
  EXPECT_EQ(L.UseColor, std::optional<bool>(false));
}

TEST(ParseConfigTest, ChecksListForm) {
  ConfigLayer L = parseOk("Checks:\n"
                          "  - '-*'\n"
                          "  - dstack-*\n"
                          "  - -dstack-foo\n"
                          "WarningsAsErrors: [a, b]\n");
  EXPECT_EQ(L.Checks, std::optional<std::string>("-*,dstack-*,-dstack-foo"));
  EXPECT_EQ(L.ChecksWhere.Line, 2u);
  EXPECT_EQ(L.ChecksWhere.Column, 3u);
  EXPECT_EQ(L.WarningsAsErrors, std::optional<std::string>("a,b"));

  ConfigLayer Empty = parseOk("Checks: []\n");
  EXPECT_EQ(Empty.Checks, std::optional<std::string>(""));
}

TEST(ParseConfigTest, BlockScalarChecks) {
  ConfigLayer L = parseOk("Checks: >\n  -*,\n  dstack-*\n");
  ASSERT_TRUE(L.Checks);
  EXPECT_TRUE(GlobList(*L.Checks).contains("dstack-x"));
  EXPECT_FALSE(GlobList(*L.Checks).contains("other"));

  ConfigLayer Lit = parseOk("Checks: |\n  -*\n  dstack-*\n");
  EXPECT_EQ(Lit.Checks, std::optional<std::string>("-*\ndstack-*\n"));
}

TEST(ParseConfigTest, EmptyValuesAreEmpty) {
  ConfigLayer L = parseOk("Checks:\nWarningsAsErrors: ''\nCheckOptions:\n");
  EXPECT_EQ(L.Checks, std::optional<std::string>(""));
  // An empty value is located at its key (the parser's mark would point at
  // the next line).
  EXPECT_EQ(L.ChecksWhere.str(), "cfg:1:1");
  EXPECT_EQ(L.WarningsAsErrors, std::optional<std::string>(""));
  EXPECT_TRUE(L.CheckOptions.empty());
}

TEST(ParseConfigTest, Json) {
  ConfigLayer L = parseOk(R"({"Checks": "a,-b", "WarningsAsErrors": ["x", "y"],
 "CheckOptions": {"a.Opt": "1", "a.Flag": true},
 "InheritParentConfig": false, "UseColor": true})");
  EXPECT_EQ(L.Checks, std::optional<std::string>("a,-b"));
  EXPECT_EQ(L.ChecksWhere.str(), "cfg:1:12");
  EXPECT_EQ(L.WarningsAsErrors, std::optional<std::string>("x,y"));
  ASSERT_EQ(L.CheckOptions.size(), 2u);
  EXPECT_EQ(L.CheckOptions[0].first, "a.Opt");
  EXPECT_EQ(L.CheckOptions[0].second.Value, "1");
  EXPECT_EQ(L.CheckOptions[0].second.Where.str(), "cfg:2:28");
  EXPECT_EQ(L.CheckOptions[1].second.Value, "true");
  EXPECT_EQ(L.InheritParentConfig, std::optional<bool>(false));
  EXPECT_EQ(L.UseColor, std::optional<bool>(true));
}

TEST(ParseConfigTest, CheckOptionsListForm) {
  ConfigLayer L = parseOk("CheckOptions:\n"
                          "  - key:   dstack-b.Second\n"
                          "    value: 'two'\n"
                          "  - value: 1\n"
                          "    key: dstack-a.First\n");
  ASSERT_EQ(L.CheckOptions.size(), 2u);
  // File order is kept.
  EXPECT_EQ(L.CheckOptions[0].first, "dstack-b.Second");
  EXPECT_EQ(L.CheckOptions[0].second.Value, "two");
  EXPECT_EQ(L.CheckOptions[0].second.Where.str(), "cfg:3:12");
  EXPECT_EQ(L.CheckOptions[1].first, "dstack-a.First");
  EXPECT_EQ(L.CheckOptions[1].second.Value, "1");
  EXPECT_EQ(L.CheckOptions[1].second.Where.str(), "cfg:4:12");

  ConfigLayer Flow = parseOk("CheckOptions: [{key: k.A, value: v}]\n");
  ASSERT_EQ(Flow.CheckOptions.size(), 1u);
  EXPECT_EQ(Flow.CheckOptions[0].first, "k.A");
  EXPECT_EQ(Flow.CheckOptions[0].second.Value, "v");

  EXPECT_TRUE(parseOk("CheckOptions: []\n").CheckOptions.empty());
  EXPECT_TRUE(parseOk("CheckOptions: {}\n").CheckOptions.empty());
}

TEST(ParseConfigTest, OptionValuesKeepTheirText) {
  ConfigLayer L = parseOk("CheckOptions:\n"
                          "  a.Int: 010\n"
                          "  a.Bool: yes\n"
                          "  a.Null: null\n"
                          "  a.Tilde: ~\n"
                          "  a.Empty:\n"
                          "  a.Quoted: 'null'\n"
                          "  a.Float: 1.50\n"
                          "  a.Spaces: '  x  '\n"
                          "  a.Block: |\n"
                          "    line1\n"
                          "    line2\n"
                          "  a.NullPrefix: nullable\n");
  std::map<std::string, std::string> Got;
  for (const auto &[K, V] : L.CheckOptions)
    Got[K] = V.Value;
  EXPECT_EQ(Got["a.Int"], "010");
  EXPECT_EQ(Got["a.Bool"], "yes");
  EXPECT_EQ(Got["a.Null"], "null");
  EXPECT_EQ(Got["a.Tilde"], "~");
  EXPECT_EQ(Got["a.Empty"], "");
  EXPECT_EQ(Got["a.Quoted"], "null");
  EXPECT_EQ(Got["a.Float"], "1.50");
  EXPECT_EQ(Got["a.Spaces"], "  x  ");
  EXPECT_EQ(Got["a.Block"], "line1\nline2\n");
  EXPECT_EQ(Got["a.NullPrefix"], "nullable");
  EXPECT_EQ(L.CheckOptions.size(), 10u);
  // The empty value is located at its key.
  EXPECT_EQ(L.CheckOptions[4].first, "a.Empty");
  EXPECT_EQ(L.CheckOptions[4].second.Where.str(), "cfg:6:3");

  ConfigLayer J = parseOk(R"({"CheckOptions": {"a.N": null, "b.M": 3}})");
  ASSERT_EQ(J.CheckOptions.size(), 2u);
  EXPECT_EQ(J.CheckOptions[0].second.Value, "null");
  EXPECT_EQ(J.CheckOptions[1].second.Value, "3");
}

TEST(ParseConfigTest, BooleanSpellings) {
  for (const char *T : {"true", "True", "TRUE", "!!bool true"})
    EXPECT_EQ(parseOk(std::string("UseColor: ") + T).UseColor, std::optional<bool>(true)) << T;
  for (const char *F : {"false", "False", "FALSE"})
    EXPECT_EQ(parseOk(std::string("InheritParentConfig: ") + F).InheritParentConfig,
              std::optional<bool>(false))
        << F;
}

//===----------------------------------------------------------------------===//
// parseConfigLayer: rejected input
//===----------------------------------------------------------------------===//

TEST(ParseConfigErrorTest, UnknownKeyWithSuggestion) {
  ErrorDetails E = parseErr("Checks: a\nChekcs: b\n", "/p/.tee-tidy");
  EXPECT_EQ(E.Text, "unknown key 'Chekcs'; did you mean 'Checks'?");
  EXPECT_EQ(E.Where.Line, 2u);
  EXPECT_EQ(E.Where.Column, 1u);
  EXPECT_EQ(E.Full, "/p/.tee-tidy:2:1: error: unknown key 'Chekcs'; did you mean "
                    "'Checks'?");

  EXPECT_EQ(parseErr("checks: a").Text, "unknown key 'checks'; did you mean 'Checks'?");
  EXPECT_EQ(parseErr("  UseColour: true").Text,
            "unknown key 'UseColour'; did you mean 'UseColor'?");
  EXPECT_EQ(parseErr("WarningAsErrors: ''").Text,
            "unknown key 'WarningAsErrors'; did you mean 'WarningsAsErrors'?");
  EXPECT_EQ(parseErr("InheritParentConfigs: true").Text,
            "unknown key 'InheritParentConfigs'; did you mean "
            "'InheritParentConfig'?");
  // clang-tidy keys we do not support get no far-fetched suggestion.
  EXPECT_EQ(parseErr("SystemHeaders: true").Text, "unknown key 'SystemHeaders'");
  EXPECT_EQ(
      parseErr("HeaderFilterRegex: '('").Text.rfind("invalid value for 'HeaderFilterRegex'", 0),
      0u);
  ErrorDetails Nested = parseErr("CheckOptions:\n  - key: a.B\n    vlaue: 1\n");
  EXPECT_EQ(Nested.Text, "unknown key 'vlaue' in a 'CheckOptions' entry; did "
                         "you mean 'value'?");
  EXPECT_EQ(Nested.Where.str(), "cfg:3:5");
}

TEST(ParseConfigErrorTest, WrongTypes) {
  ErrorDetails E = parseErr("Checks: {a: 1}\n");
  EXPECT_EQ(E.Text, "invalid value for 'Checks': expected a string or a list "
                    "of strings, got a map");
  EXPECT_EQ(E.Where.str(), "cfg:1:9");

  E = parseErr("WarningsAsErrors:\n  - a\n  - [b]\n");
  EXPECT_EQ(E.Text, "invalid entry in 'WarningsAsErrors': expected a string, got a list");
  EXPECT_EQ(E.Where.str(), "cfg:3:5");

  E = parseErr("Checks:\n  - a\n  -\n");
  EXPECT_THAT(E.Text, HasSubstr("expected a string, got nothing"));

  E = parseErr("Checks: ~\n");
  EXPECT_EQ(E.Text, "invalid value for 'Checks': expected a string or a list "
                    "of strings, got null");

  E = parseErr("InheritParentConfig: maybe\n");
  EXPECT_EQ(E.Text, "invalid value for 'InheritParentConfig': expected a "
                    "boolean (true or false), got 'maybe'");
  EXPECT_EQ(E.Where.str(), "cfg:1:22");

  E = parseErr("UseColor: 'true'\n");
  EXPECT_THAT(E.Text, HasSubstr("expected a boolean"));
  EXPECT_THAT(E.Text, HasSubstr("quoted string 'true'"));
  EXPECT_THAT(parseErr("UseColor: [true]").Text,
              HasSubstr("expected a boolean (true or false), got a list"));
  EXPECT_THAT(parseErr("UseColor:").Text,
              HasSubstr("expected a boolean (true or false), got nothing"));
  EXPECT_THAT(parseErr("UseColor: 1").Text, HasSubstr("got '1'"));
  EXPECT_THAT(parseErr("UseColor: yes").Text, HasSubstr("got 'yes'"));

  E = parseErr("CheckOptions: 5\n");
  EXPECT_EQ(E.Text, "invalid value for 'CheckOptions': expected a map of "
                    "option names to values or a list of {key, value} "
                    "entries, got '5'");
  EXPECT_THAT(parseErr("CheckOptions: null").Text, HasSubstr("got null"));

  E = parseErr("CheckOptions:\n  - a.B\n");
  EXPECT_EQ(E.Text, "invalid entry in 'CheckOptions': expected a map with "
                    "'key' and 'value', got 'a.B'");
  EXPECT_EQ(E.Where.str(), "cfg:2:5");

  E = parseErr("CheckOptions:\n  a.B: [1, 2]\n");
  EXPECT_EQ(E.Text, "invalid value for option 'a.B': expected a scalar, got a list");
  EXPECT_EQ(E.Where.str(), "cfg:2:8");
  EXPECT_THAT(parseErr("CheckOptions:\n  a.B: {x: 1}\n").Text,
              HasSubstr("expected a scalar, got a map"));
  EXPECT_THAT(parseErr("CheckOptions:\n  - key: a.B\n    value: {x: 1}\n").Text,
              HasSubstr("invalid value for option 'a.B': expected a scalar, got a map"));
  EXPECT_THAT(parseErr("CheckOptions:\n  - key: [a]\n    value: 1\n").Text,
              HasSubstr("invalid 'key' in a 'CheckOptions' entry"));
  EXPECT_EQ(parseErr("CheckOptions:\n  - key: a.B\n").Text,
            "missing 'value' in a 'CheckOptions' entry");
  EXPECT_EQ(parseErr("CheckOptions:\n  - value: 1\n").Text,
            "missing 'key' in a 'CheckOptions' entry");
  EXPECT_EQ(parseErr("CheckOptions:\n  '': 1\n").Text, "empty option name in 'CheckOptions'");
  EXPECT_THAT(parseErr("CheckOptions:\n  [a]: 1\n").Text,
              HasSubstr("expected a string key in 'CheckOptions'"));
}

TEST(ParseConfigErrorTest, TopLevelMustBeAMap) {
  ErrorDetails E = parseErr("- Checks\n");
  EXPECT_EQ(E.Text, "expected a map of configuration keys at the top level, "
                    "got a list");
  EXPECT_EQ(E.Where.str(), "cfg:1:1");
  EXPECT_THAT(parseErr("just text\n").Text, HasSubstr("got 'just text'"));
  EXPECT_THAT(parseErr("[a]: 1\n").Text, HasSubstr("expected a string key, got a list"));
  E = parseErr("Checks: a\n---\nChecks: b\n");
  EXPECT_EQ(E.Text, "expected a single YAML document");
  EXPECT_EQ(E.Where.Line, 3u);
  // A parser stuck at one document (yaml-cpp, found by config_fuzzer) ends.
  EXPECT_THAT(
      parseErr(std::string("!!st, linNULL ana\x1b line i\x97\xc5\x8b\xdf of\x1b\n\x7f# c", 37))
          .Text,
      HasSubstr("expected a map"));
}

TEST(ParseConfigErrorTest, InvalidYamlHasPosition) {
  ErrorDetails E = parseErr("Checks: [a,\n  b: {", "/p/.tee-tidy");
  EXPECT_THAT(E.Text, StartsWith("invalid YAML: "));
  EXPECT_EQ(E.Where.Line, 2u);
  EXPECT_EQ(E.Where.Column, 1u);
  EXPECT_THAT(E.Full, StartsWith("/p/.tee-tidy:2:1: error: invalid YAML: "));

  E = parseErr("Checks: 'abc");
  EXPECT_EQ(E.Text, "invalid YAML: illegal EOF in scalar");
  EXPECT_EQ(E.Where.str(), "cfg:1:13");

  E = parseErr("Checks: a\n  UseColor: true\n");
  EXPECT_EQ(E.Text, "invalid YAML: illegal map value");
  EXPECT_EQ(E.Where.str(), "cfg:2:11");

  E = parseErr("\n{\"Checks\": \"a\"");
  EXPECT_EQ(E.Text, "invalid YAML: end of map flow not found");
  EXPECT_EQ(E.Where.str(), "cfg:2:1");
  // Trailing text after a JSON document reads as a second document.
  E = parseErr("{\"Checks\": \"a\"} x");
  EXPECT_EQ(E.Text, "expected a single YAML document");
  EXPECT_EQ(E.Where.str(), "cfg:1:17");
}

TEST(ParseConfigErrorTest, DuplicateKeys) {
  ErrorDetails E = parseErr("Checks: a\nUseColor: true\nChecks: b\n");
  EXPECT_EQ(E.Text, "duplicate key 'Checks' (first defined at line 1)");
  EXPECT_EQ(E.Where.str(), "cfg:3:1");

  E = parseErr(R"({"UseColor": true, "UseColor": false})");
  EXPECT_THAT(E.Text, HasSubstr("duplicate key 'UseColor'"));

  E = parseErr("CheckOptions:\n  a.B: 1\n  a.C: 2\n  a.B: 3\n");
  EXPECT_EQ(E.Text, "duplicate key 'a.B' in 'CheckOptions' (first defined at line 2)");
  EXPECT_EQ(E.Where.str(), "cfg:4:3");

  E = parseErr("CheckOptions:\n"
               "  - key: a.B\n"
               "    value: 1\n"
               "  - key: a.B\n"
               "    value: 2\n");
  EXPECT_EQ(E.Text, "duplicate key 'a.B' in 'CheckOptions' (first defined at line 2)");
  EXPECT_EQ(E.Where.str(), "cfg:4:10");

  E = parseErr("CheckOptions:\n  - key: a.B\n    key: a.C\n    value: 1\n");
  EXPECT_EQ(E.Text, "duplicate key 'key' in a 'CheckOptions' entry (first "
                    "defined at line 2)");
  EXPECT_EQ(E.Where.str(), "cfg:3:5");
}

//===----------------------------------------------------------------------===//
// EffectiveConfig
//===----------------------------------------------------------------------===//

TEST(EffectiveConfigTest, ChecksJoinInLayerOrder) {
  ConfigLayer NoChecks;
  NoChecks.Source = "none";
  EffectiveConfig C({layer("tee-tidy binary", "-*,dstack-*"), NoChecks, layer("file", "  "),
                     layer("cli", "-dstack-foo")});
  EXPECT_EQ(C.checks(), "-*,dstack-*,-dstack-foo");
  EXPECT_TRUE(C.checkGlobs().contains("dstack-bar"));
  EXPECT_FALSE(C.checkGlobs().contains("dstack-foo"));
  EXPECT_EQ(C.warningsAsErrors(), "");

  ConfigLayer W1, W2;
  W1.WarningsAsErrors = "a";
  W2.WarningsAsErrors = "-a,b";
  EffectiveConfig W({W1, W2});
  EXPECT_EQ(W.warningsAsErrors(), "a,-a,b");
  EXPECT_FALSE(W.warningsAsErrorsGlobs().contains("a"));
  EXPECT_TRUE(W.warningsAsErrorsGlobs().contains("b"));
  EXPECT_EQ(EffectiveConfig().checks(), "");
}

TEST(EffectiveConfigTest, OptionsHighestLayerWins) {
  EffectiveConfig C({layer("defaults", {}, {{"a.X", "1"}, {"a.Y", "1"}}),
                     layer("file", {}, {{"a.X", "2"}}), layer("cli", {}, {{"a.Z", "3"}})});
  ASSERT_TRUE(C.option("a.X"));
  EXPECT_EQ(C.option("a.X")->Value, "2");
  EXPECT_EQ(C.option("a.X")->Where.Source, "file");
  EXPECT_EQ(C.option("a.Y")->Value, "1");
  EXPECT_EQ(C.option("a.Z")->Value, "3");
  EXPECT_FALSE(C.option("a.Missing"));

  std::map<std::string, OptionValue> All = C.options();
  ASSERT_EQ(All.size(), 3u);
  EXPECT_EQ(All["a.X"].Value, "2");
  EXPECT_EQ(All["a.X"].Where.Source, "file");
  EXPECT_EQ(All["a.Y"].Where.Source, "defaults");
  EXPECT_EQ(All["a.Z"].Value, "3");
}

TEST(EffectiveConfigTest, UseColor) {
  ConfigLayer On, Off, Unset;
  On.UseColor = true;
  Off.UseColor = false;
  EXPECT_TRUE(EffectiveConfig({Unset}).useColor(true));
  EXPECT_FALSE(EffectiveConfig({Unset}).useColor(false));
  EXPECT_FALSE(EffectiveConfig({On, Off, Unset}).useColor(true));
  EXPECT_TRUE(EffectiveConfig({Off, On, Unset}).useColor(false));
}

TEST(EffectiveConfigTest, ExplainCheck) {
  EffectiveConfig C(
      {layer("tee-tidy binary", "-*,dstack-*"), layer("/r/.tee-tidy", "-dstack-foo*,dstack-other"),
       layer("command-line option '-checks'", "dstack-foo-bar"), layer("unset", std::nullopt)});
  EXPECT_EQ(C.explainCheck("dstack-x"), "tee-tidy binary");
  EXPECT_EQ(C.explainCheck("dstack-other"), "/r/.tee-tidy");
  EXPECT_EQ(C.explainCheck("dstack-foo-bar"), "command-line option '-checks'");
  EXPECT_EQ(C.explainCheck("dstack-foo-baz"), "");
  EXPECT_EQ(C.explainCheck("unrelated"), "");
  EXPECT_EQ(EffectiveConfig().explainCheck("dstack-x"), "");
  // The same check enabled by two layers: the later one decides.
  EffectiveConfig Twice({layer("a", "x"), layer("b", "y,x,-z")});
  EXPECT_EQ(Twice.explainCheck("x"), "b");
}

TEST(EffectiveConfigTest, DumpYamlExact) {
  EffectiveConfig C({layer("defaults", "-*,dstack-*", {{"check-a.Opt", "v1"}}),
                     layer("file", "-dstack-b", {{"check-a.Opt", "it's"}})});
  EXPECT_EQ(C.dumpYaml({{"check-z.Default", "d"}, {"check-a.Opt", "dflt"}}),
            "---\n"
            "Checks:          '-*,dstack-*,-dstack-b'\n"
            "WarningsAsErrors: ''\n"
            "CheckOptions:\n"
            "  check-a.Opt:     'it''s'\n"
            "  check-z.Default: 'd'\n"
            "...\n");

  EXPECT_EQ(EffectiveConfig().dumpYaml({}), "---\n"
                                            "Checks:          ''\n"
                                            "WarningsAsErrors: ''\n"
                                            "CheckOptions:    {}\n"
                                            "...\n");

  ConfigLayer Color = layer("cli", "a\n b,\n");
  Color.UseColor = true;
  Color.WarningsAsErrors = "x";
  EXPECT_EQ(EffectiveConfig({Color}).dumpYaml({}), "---\n"
                                                   "Checks:          'a,b'\n"
                                                   "WarningsAsErrors: 'x'\n"
                                                   "CheckOptions:    {}\n"
                                                   "UseColor:        true\n"
                                                   "...\n");
}

TEST(EffectiveConfigTest, DumpYamlRoundTrips) {
  std::vector<std::pair<std::string, std::string>> Tricky = {
      {"a.Quote", "it's \"quoted\""},
      {"a.Newline", "line1\nline2\n"},
      {"a.Tab", "a\tb"},
      {"a.Backslash", "C:\\path\\"},
      {"a.Spaces", "  lead and trail  "},
      {"a.Null", "null"},
      {"a.Empty", ""},
      {"a.Colon", "key: value # not a comment"},
      {"a.Unicode", "caf\xc3\xa9"},
      {"a.Control", std::string("x\x01y")},
      {"weird key: #1", "w"},
      {"null", "n"},
      {"-dash", "d"},
      // Past YAML's 1024-character bound on implicit keys (found by the
      // config fuzzer).
      {"a." + std::string(1100, 'k'), "long"},
      {"a.\x7f" + std::string(1100, 'q'), "long and quoted"},
  };
  EffectiveConfig C({layer("file", "-*,dstack-*,-dstack-it's", Tricky)});
  std::string Yaml = C.dumpYaml({{"b.Default", "x"}});
  ConfigLayer Back = parseOk(Yaml, "dump");
  EXPECT_EQ(Back.Checks, std::optional<std::string>(C.checks())) << Yaml;
  EXPECT_EQ(Back.WarningsAsErrors, std::optional<std::string>("")) << Yaml;
  std::map<std::string, std::string> Got;
  for (const auto &[K, V] : Back.CheckOptions)
    Got[K] = V.Value;
  std::map<std::string, std::string> Want(Tricky.begin(), Tricky.end());
  Want["b.Default"] = "x";
  EXPECT_EQ(Got, Want) << Yaml;
  // Dumping the parsed dump gives the same text.
  EXPECT_EQ(EffectiveConfig({Back}).dumpYaml({}), Yaml);
}

//===----------------------------------------------------------------------===//
// ConfigProvider
//===----------------------------------------------------------------------===//

/// A fresh temporary directory tree, removed afterwards.
class ConfigProviderTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tee-tidy-config", Dir));
    // Resolve symlinks (e.g. a symlinked /tmp) so paths compare exactly.
    llvm::SmallString<128> Real;
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
  }
  void TearDown() override {
    if (!Root.empty()) {
      // Make everything readable again before removing it.
      for (const std::string &P : Chmodded)
        llvm::sys::fs::setPermissions(P, llvm::sys::fs::all_all);
      llvm::sys::fs::remove_directories(Root);
    }
  }

  /// Writes \p Content to Root/\p Rel, creating directories.
  std::string write(llvm::StringRef Rel, llvm::StringRef Content) {
    std::string Path = path(Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
    std::ofstream(Path) << Content.str();
    return Path;
  }
  std::string path(llvm::StringRef Rel) const { return Root + "/" + Rel.str(); }

  /// configFor, failing the test on error.
  EffectiveConfig get(ConfigProvider &P, llvm::StringRef Rel,
                      const std::vector<ConfigLayer> &Extra = {}) {
    llvm::Expected<EffectiveConfig> C = P.configFor(path(Rel), Extra);
    if (!C) {
      ADD_FAILURE() << llvm::toString(C.takeError());
      return {};
    }
    return std::move(*C);
  }

  std::string Root;
  std::vector<std::string> Chmodded;
};

ConfigLayer defaults() { return layer("tee-tidy binary", "-*,dstack-*"); }
std::vector<ConfigLayer> commandLine() { return {layer("command-line option '-checks'", "cli")}; }

TEST_F(ConfigProviderTest, ClosestFileWins) {
  write(".tee-tidy", "Checks: root\n");
  write("a/.tee-tidy", "Checks: a\nCheckOptions: {x.O: a}\n");
  write("a/b/c/file.yaml", "");
  ConfigProvider P(defaults(), commandLine());
  EffectiveConfig C = get(P, "a/b/c/file.yaml", {layer("extra", "extra")});
  EXPECT_EQ(sources(C), (std::vector<std::string>{"tee-tidy binary", path("a/.tee-tidy"),
                                                  "command-line option '-checks'", "extra"}));
  EXPECT_EQ(C.checks(), "-*,dstack-*,a,cli,extra");
  EXPECT_EQ(C.option("x.O")->Where.str(), path("a/.tee-tidy") + ":2:21");

  // A file beside the root config gets the root one. The file itself need
  // not exist.
  EffectiveConfig R = get(P, "other/missing.yaml");
  ASSERT_EQ(R.layers().size(), 3u);
  EXPECT_EQ(R.layers()[1].Source, path(".tee-tidy"));
  EXPECT_EQ(R.checks(), "-*,dstack-*,root,cli");
}

TEST_F(ConfigProviderTest, NoConfigFileInTree) {
  write("a/file.yaml", "");
  ConfigProvider P(defaults(), commandLine());
  EffectiveConfig C = get(P, "a/file.yaml");
  // Nothing under Root; whatever lies above Root is outside the test's
  // control, so only the ends are checked.
  ASSERT_GE(C.layers().size(), 2u);
  EXPECT_EQ(C.layers().front().Source, "tee-tidy binary");
  EXPECT_EQ(C.layers().back().Source, "command-line option '-checks'");
  for (const ConfigLayer &L : C.layers())
    EXPECT_EQ(llvm::StringRef(L.Source).find(Root), llvm::StringRef::npos);
}

TEST_F(ConfigProviderTest, InheritParentConfigLayers) {
  write(".tee-tidy", "Checks: root\nCheckOptions: {x.O: root, x.P: root}\n");
  write("a/.tee-tidy", "Checks: a\nInheritParentConfig: true\n"
                       "CheckOptions: {x.O: a}\n");
  write("a/b/.tee-tidy", "InheritParentConfig: true\nChecks: b\n");
  ConfigProvider P(defaults(), commandLine());
  EffectiveConfig C = get(P, "a/b/f.yaml");
  EXPECT_EQ(sources(C),
            (std::vector<std::string>{"tee-tidy binary", path(".tee-tidy"), path("a/.tee-tidy"),
                                      path("a/b/.tee-tidy"), "command-line option '-checks'"}));
  EXPECT_EQ(C.checks(), "-*,dstack-*,root,a,b,cli");
  EXPECT_EQ(C.option("x.O")->Value, "a");
  EXPECT_EQ(C.option("x.P")->Value, "root");
  EXPECT_EQ(C.explainCheck("b"), path("a/b/.tee-tidy"));

  // From a/ only root and a apply.
  EXPECT_EQ(get(P, "a/f.yaml").checks(), "-*,dstack-*,root,a,cli");
}

TEST_F(ConfigProviderTest, InheritStopsAtNonInheritingFile) {
  write(".tee-tidy", "Checks: root\n");
  write("a/.tee-tidy", "Checks: a\nInheritParentConfig: false\n");
  write("a/b/c/.tee-tidy", "Checks: c\nInheritParentConfig: true\n");
  ConfigProvider P(defaults(), {});
  EffectiveConfig C = get(P, "a/b/c/d/f.yaml");
  EXPECT_EQ(sources(C), (std::vector<std::string>{"tee-tidy binary", path("a/.tee-tidy"),
                                                  path("a/b/c/.tee-tidy")}));
}

TEST_F(ConfigProviderTest, DotDotIsNormalised) {
  write(".tee-tidy", "Checks: root\n");
  write("a/.tee-tidy", "Checks: a\n");
  ConfigProvider P(defaults(), {});
  EXPECT_EQ(get(P, "a/../f.yaml").checks(), "-*,dstack-*,root");
  EXPECT_EQ(get(P, "x/./../a/./f.yaml").checks(), "-*,dstack-*,a");
}

TEST_F(ConfigProviderTest, ExplicitDisablesDiscovery) {
  write(".tee-tidy", "Checks: root\n");
  write("a/.tee-tidy", "this: [is broken");
  ConfigLayer Explicit = layer("command-line option '-config'", "explicit");
  Explicit.InheritParentConfig = true;
  ConfigProvider P(defaults(), commandLine(), Explicit);
  EffectiveConfig C = get(P, "a/f.yaml", {layer("extra", "e")});
  EXPECT_EQ(sources(C),
            (std::vector<std::string>{"tee-tidy binary", "command-line option '-config'",
                                      "command-line option '-checks'", "extra"}));
  EXPECT_EQ(C.checks(), "-*,dstack-*,explicit,cli,e");
}

TEST_F(ConfigProviderTest, ErrorsInDiscoveredFiles) {
  write(".tee-tidy", "Checks: root\nChekcs: x\n");
  write("a/.tee-tidy", "Checks: a\n");
  write("b/.tee-tidy", "Checks: b\nInheritParentConfig: true\n");
  write("c/.tee-tidy", "Checks: [c\n");
  ConfigProvider P(defaults(), {});

  // a/ does not inherit, so the broken root file is never read.
  EXPECT_EQ(get(P, "a/f.yaml").checks(), "-*,dstack-*,a");

  ErrorDetails E = takeConfigError(P.configFor(path("b/f.yaml")));
  EXPECT_EQ(E.Where.str(), path(".tee-tidy") + ":2:1");
  EXPECT_EQ(E.Text, "unknown key 'Chekcs'; did you mean 'Checks'?");

  E = takeConfigError(P.configFor(path("c/f.yaml")));
  EXPECT_EQ(E.Where.Source, path("c/.tee-tidy"));
  EXPECT_THAT(E.Text, StartsWith("invalid YAML: "));
  EXPECT_GT(E.Where.Line, 0u);

  // Errors are reported again (from the cache) on later calls.
  E = takeConfigError(P.configFor(path("c/other.yaml")));
  EXPECT_EQ(E.Where.Source, path("c/.tee-tidy"));
  EXPECT_THAT(E.Text, StartsWith("invalid YAML: "));
}

TEST_F(ConfigProviderTest, ConfigThatIsADirectory) {
  write(".tee-tidy", "Checks: root\n");
  ASSERT_FALSE(llvm::sys::fs::create_directories(path("a/.tee-tidy")));
  ConfigProvider P(defaults(), {});
  ErrorDetails E = takeConfigError(P.configFor(path("a/f.yaml")));
  EXPECT_EQ(E.Where.Source, path("a/.tee-tidy"));
  EXPECT_EQ(E.Where.Line, 0u);
  EXPECT_EQ(E.Full, path("a/.tee-tidy") + ": error: config file is a directory");
}

TEST_F(ConfigProviderTest, UnreadableConfig) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root can read any file";
  std::string F = write("a/.tee-tidy", "Checks: a\n");
  ASSERT_FALSE(llvm::sys::fs::setPermissions(F, llvm::sys::fs::no_perms));
  Chmodded.push_back(F);
  ConfigProvider P(defaults(), {});
  ErrorDetails E = takeConfigError(P.configFor(path("a/f.yaml")));
  EXPECT_EQ(E.Where.Source, F);
  EXPECT_THAT(E.Text, StartsWith("cannot read config file: "));
}

TEST_F(ConfigProviderTest, ResultsAreCached) {
  write("a/.tee-tidy", "Checks: first\n");
  ConfigProvider P(defaults(), {});
  EXPECT_EQ(get(P, "a/f.yaml").checks(), "-*,dstack-*,first");
  EXPECT_EQ(get(P, "a/b/f.yaml").checks(), "-*,dstack-*,first");
  write("a/.tee-tidy", "Checks: second\n");
  write("a/b/.tee-tidy", "Checks: new\n");
  // The parsed file is reused.
  EXPECT_EQ(get(P, "a/g.yaml").checks(), "-*,dstack-*,first");
  // So is the chain found for a/b, though a/b/.tee-tidy now exists.
  EXPECT_EQ(get(P, "a/b/g.yaml").checks(), "-*,dstack-*,first");
  // A directory not seen before is discovered, but reuses parsed parents.
  write("a/c/.tee-tidy", "Checks: c\nInheritParentConfig: true\n");
  EXPECT_EQ(get(P, "a/c/f.yaml").checks(), "-*,dstack-*,first,c");
  // A new provider sees the new content.
  ConfigProvider Fresh(defaults(), {});
  EXPECT_EQ(get(Fresh, "a/f.yaml").checks(), "-*,dstack-*,second");
}

TEST_F(ConfigProviderTest, ConcurrentCalls) {
  write(".tee-tidy", "Checks: root\n");
  for (int I = 0; I < 8; ++I)
    write("d" + std::to_string(I) + "/.tee-tidy",
          "InheritParentConfig: true\nChecks: d" + std::to_string(I) + "\n");
  ConfigProvider P(defaults(), commandLine());
  std::atomic<int> Failures{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T < 8; ++T) {
    Threads.emplace_back([&, T] {
      for (int I = 0; I < 200; ++I) {
        int D = (T + I) % 8;
        // Mostly new directories, so the caches grow while others read.
        std::string File = path("d" + std::to_string(D) + "/s" + std::to_string(T) + "-" +
                                std::to_string(I) + "/f.yaml");
        llvm::Expected<EffectiveConfig> C = P.configFor(File);
        if (!C) {
          llvm::consumeError(C.takeError());
          ++Failures;
        } else if (C->checks() != "-*,dstack-*,root,d" + std::to_string(D) + ",cli") {
          ++Failures;
        }
      }
    });
  }
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Failures.load(), 0);
}

//===----------------------------------------------------------------------===//
// verifyConfig and closestMatch
//===----------------------------------------------------------------------===//

const std::vector<std::string> KnownChecks = {"dstack-image-not-pinned", "dstack-port-exposed",
                                              "dstack-secret-in-env"};
const std::vector<std::string> KnownOptions = {"dstack-image-not-pinned.AllowLatest",
                                               "dstack-port-exposed.Ports"};

TEST(VerifyConfigTest, CleanConfigHasNoIssues) {
  ConfigLayer L = parseOk("Checks: '-*,dstack-*,-dstack-port-exposed'\n"
                          "WarningsAsErrors: 'dstack-image-*'\n"
                          "CheckOptions:\n"
                          "  dstack-image-not-pinned.AllowLatest: true\n"
                          "  GlobalOption: 1\n");
  EXPECT_TRUE(verifyConfig(EffectiveConfig({L}), KnownChecks, KnownOptions).empty());
}

TEST(VerifyConfigTest, UnknownChecksWithSuggestions) {
  ConfigLayer Defaults = layer("tee-tidy binary", "-*,dstack-*");
  ConfigLayer File = parseOk("CheckOptions: {}\n"
                             "Checks: '-dstack-imgae-not-pinned,dstack-nope-*,"
                             "totally-unrelated,-dstack-imgae-not-pinned'\n"
                             "WarningsAsErrors: [dstack-port-exposd]\n",
                             "/r/.tee-tidy");
  std::vector<ConfigIssue> Issues =
      verifyConfig(EffectiveConfig({Defaults, File}), KnownChecks, KnownOptions);
  ASSERT_EQ(Issues.size(), 4u);
  EXPECT_EQ(Issues[0].Message, "unknown check 'dstack-imgae-not-pinned'; did "
                               "you mean 'dstack-image-not-pinned'?");
  EXPECT_EQ(Issues[0].Where.str(), "/r/.tee-tidy:2:9");
  // Globs with '*' get no suggestion.
  EXPECT_EQ(Issues[1].Message, "unknown check 'dstack-nope-*'");
  ConfigLayer Star = layer("star", "dstack-port-exposd*");
  std::vector<ConfigIssue> StarIssues =
      verifyConfig(EffectiveConfig({Star}), KnownChecks, KnownOptions);
  ASSERT_EQ(StarIssues.size(), 1u);
  EXPECT_EQ(StarIssues[0].Message, "unknown check 'dstack-port-exposd*'");
  EXPECT_EQ(StarIssues[0].Where.str(), "star");
  EXPECT_EQ(Issues[2].Message, "unknown check 'totally-unrelated'");
  EXPECT_EQ(Issues[3].Message, "unknown check 'dstack-port-exposd'; did you "
                               "mean 'dstack-port-exposed'?");
  EXPECT_EQ(Issues[3].Where.str(), "/r/.tee-tidy:3:19");
}

TEST(VerifyConfigTest, UnknownOptions) {
  ConfigLayer File = parseOk("CheckOptions:\n"
                             "  dstack-image-not-pinned.AllowLatset: true\n"
                             "  dstack-nope.Ports: 1\n"
                             "  dstack-secret-in-env.Anything: 1\n"
                             "  dstack-port-exposed.Ports: 80\n"
                             "  NoDotIsGlobal: 1\n",
                             "/r/.tee-tidy");
  ConfigLayer Cli = layer("cli", std::nullopt, {{"dstack-port-exposed.Prts", "1"}});
  std::vector<ConfigIssue> Issues =
      verifyConfig(EffectiveConfig({File, Cli}), KnownChecks, KnownOptions);
  ASSERT_EQ(Issues.size(), 4u);
  EXPECT_EQ(Issues[0].Message, "unknown check option 'dstack-image-not-pinned.AllowLatset'; did "
                               "you mean 'dstack-image-not-pinned.AllowLatest'?");
  EXPECT_EQ(Issues[0].Where.str(), "/r/.tee-tidy:2:40");
  EXPECT_EQ(Issues[1].Message, "unknown check option 'dstack-nope.Ports'");
  EXPECT_EQ(Issues[1].Where.str(), "/r/.tee-tidy:3:22");
  EXPECT_EQ(Issues[2].Message, "unknown check option 'dstack-secret-in-env.Anything'");
  EXPECT_EQ(Issues[3].Message, "unknown check option "
                               "'dstack-port-exposed.Prts'; did you mean "
                               "'dstack-port-exposed.Ports'?");
  EXPECT_EQ(Issues[3].Where.str(), "cli");
}

TEST(VerifyConfigTest, OrderIsStable) {
  ConfigLayer A = layer("a", "zzz-unknown,aaa-unknown", {{"q.Q", "1"}});
  ConfigLayer B = layer("b", "mmm-unknown");
  EffectiveConfig C({A, B});
  std::vector<ConfigIssue> First = verifyConfig(C, KnownChecks, KnownOptions);
  std::vector<ConfigIssue> Second = verifyConfig(C, KnownChecks, KnownOptions);
  ASSERT_EQ(First.size(), 4u);
  for (size_t I = 0; I < First.size(); ++I) {
    EXPECT_EQ(First[I].Message, Second[I].Message);
    EXPECT_EQ(First[I].Where.str(), Second[I].Where.str());
  }
  // Layer order, then Checks in glob order, then options.
  EXPECT_EQ(First[0].Message, "unknown check 'zzz-unknown'");
  EXPECT_EQ(First[1].Message, "unknown check 'aaa-unknown'");
  EXPECT_EQ(First[2].Message, "unknown check option 'q.Q'");
  EXPECT_EQ(First[3].Message, "unknown check 'mmm-unknown'");
  EXPECT_EQ(First[3].Where.Source, "b");
}

TEST(ClosestMatchTest, Basics) {
  std::vector<std::string> Keys = {"Checks", "WarningsAsErrors", "CheckOptions",
                                   "InheritParentConfig", "UseColor"};
  EXPECT_EQ(closestMatch("Chekcs", Keys), "Checks");
  EXPECT_EQ(closestMatch("checks", Keys), "Checks");
  EXPECT_EQ(closestMatch("CHECKOPTIONS", Keys), "CheckOptions");
  EXPECT_EQ(closestMatch("CheckOption", Keys), "CheckOptions");
  EXPECT_EQ(closestMatch("usecolour", Keys), "UseColor");
  EXPECT_EQ(closestMatch("Foo", Keys), "");
  EXPECT_EQ(closestMatch("HeaderFilterRegex", Keys), "");
  EXPECT_EQ(closestMatch("Checks", {}), "");
  EXPECT_EQ(closestMatch("", Keys), "");
}

TEST(ClosestMatchTest, PicksTheClosest) {
  EXPECT_EQ(closestMatch("dstack-port-exposd", {"dstack-secret-in-env", "dstack-port-exposed"}),
            "dstack-port-exposed");
  EXPECT_EQ(closestMatch("abcdefgh", {"abcdefXY", "abcdefgX"}), "abcdefgX");
  // Ties go to the first candidate.
  EXPECT_EQ(closestMatch("abcd", {"abcX", "abcY"}), "abcX");
}

TEST(ClosestMatchTest, SwapsCountOnce) {
  EXPECT_EQ(closestMatch("vlaue", {"key", "value"}), "value");
  EXPECT_EQ(closestMatch("Chekcs", {"Checks"}), "Checks");
  // Two swaps in a five-letter word are too many.
  EXPECT_EQ(closestMatch("vlaeu", {"value"}), "");
  // One swap is one edit, fewer than the word's two letters.
  EXPECT_EQ(closestMatch("ab", {"ba"}), "ba");
}

TEST(ClosestMatchTest, Threshold) {
  // A third of the word's length (at least one edit) is accepted.
  EXPECT_EQ(closestMatch("abcdefghi", {"abcdefXYZ"}), "abcdefXYZ"); // 3 of 9
  EXPECT_EQ(closestMatch("abcdefghi", {"abcdeWXYZ"}), "");          // 4 of 9
  EXPECT_EQ(closestMatch("abcdef", {"abcdXY"}), "abcdXY");          // 2 of 6
  EXPECT_EQ(closestMatch("abcdef", {"abcXYZ"}), "");                // 3 of 6
  EXPECT_EQ(closestMatch("ab", {"aX"}), "aX");                      // 1 of 2
  EXPECT_EQ(closestMatch("ab", {"cd"}), "");                        // 2 of 2
  // Never as many edits as the word has letters.
  EXPECT_EQ(closestMatch("a", {"b"}), "");
  EXPECT_EQ(closestMatch("a", {"ab"}), "");
}

} // namespace

namespace {

TEST(ConfigComposeFiles, PathsAreMadeAbsoluteAgainstTheConfigFile) {
  auto L = teetidy::parseConfigLayer("ComposeFiles: [deploy/prod.yml, /abs/c.yml]\n",
                                     "command-line option '-config'");
  ASSERT_TRUE(static_cast<bool>(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->ComposeFiles.size(), 2u);
  EXPECT_TRUE(llvm::sys::path::is_absolute(L->ComposeFiles[0]));
  EXPECT_TRUE(llvm::StringRef(L->ComposeFiles[0]).endswith("/deploy/prod.yml"));
  EXPECT_EQ(L->ComposeFiles[1], "/abs/c.yml");
  auto Bad = teetidy::parseConfigLayer("ComposeFiles: [[x]]\n", "cfg");
  ASSERT_FALSE(static_cast<bool>(Bad));
  EXPECT_NE(
      llvm::toString(Bad.takeError()).find("cfg:1:16: error: invalid entry in 'ComposeFiles'"),
      std::string::npos);
}

} // namespace

TEST(ConfigDeepYaml, IsAnErrorSayingSo) {
  std::string Deep = "CheckOptions:";
  for (int I = 0; I < 600; ++I)
    Deep += "\n" + std::string(2 + 2 * I, ' ') + "k" + std::to_string(I) + ":";
  Deep += " 1\n";
  auto L = teetidy::parseConfigLayer(Deep, ".tee-tidy");
  ASSERT_FALSE(static_cast<bool>(L));
  std::string Message = llvm::toString(L.takeError());
  EXPECT_NE(Message.find("levels deep here, past what the YAML reader follows"), std::string::npos)
      << Message;
}
