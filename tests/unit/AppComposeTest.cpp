#include "deploy/AppCompose.h"

#include <gtest/gtest.h>

#include <memory>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

struct Json {
  std::unique_ptr<SourceFile> File;
  JsonParseResult R;
  explicit Json(std::string Text)
      : File(std::make_unique<SourceFile>("t.json", std::move(Text), Language::Json)),
        R(parseJson(*File)) {}
  std::string issues() const {
    std::string Out;
    for (const DeployIssue &I : R.Issues)
      Out += std::to_string(I.Loc.line()) + ":" + std::to_string(I.Loc.column()) + ": " +
             I.Message + "\n";
    return Out;
  }
};

struct Manifest {
  std::unique_ptr<SourceFile> File;
  AppComposeParseResult R;
  explicit Manifest(std::string Text)
      : File(std::make_unique<SourceFile>("app-compose.json", std::move(Text), Language::Json)),
        R(parseAppCompose(*File)) {}
  const AppComposeManifest &m() const { return *R.Manifest; }
  size_t at(std::string_view Needle) const {
    size_t P = File->content().find(Needle);
    EXPECT_NE(P, std::string_view::npos) << Needle;
    return P;
  }
  std::string issues() const {
    std::string Out;
    for (const DeployIssue &I : R.Issues)
      Out += std::to_string(I.Loc.line()) + ":" + std::to_string(I.Loc.column()) + ": " +
             I.Message + "\n";
    return Out;
  }
};

TEST(JsonReader, ValuesAndPositions) {
  Json J("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": {\"c\": \"x\"}\n}");
  ASSERT_TRUE(J.R.Root);
  EXPECT_EQ(J.issues(), "");
  const JsonValue &Root = *J.R.Root;
  ASSERT_EQ(Root.K, JsonValue::Kind::Object);
  const JsonValue *A = Root.find("a");
  ASSERT_TRUE(A);
  ASSERT_EQ(A->Items.size(), 5u);
  EXPECT_EQ(A->Items[1].Text, "-2.5e3");
  EXPECT_EQ(A->Items[1].Loc.Offset, J.File->content().find("-2.5"));
  EXPECT_TRUE(A->Items[2].Bool);
  EXPECT_EQ(A->Items[4].K, JsonValue::Kind::Null);
  EXPECT_EQ(A->Loc.line(), 2u);
  EXPECT_EQ(A->Loc.column(), 8u);
  const JsonValue *C = Root.find("b")->find("c");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Text, "x");
  EXPECT_EQ(C->Loc.line(), 3u);
  EXPECT_EQ(C->Loc.column(), 14u);
  EXPECT_EQ(C->Length, 3u);
}

TEST(JsonReader, EscapesMapToTheirBackslash) {
  //                 0123 4 5 67 8 9 0 1 2 34567890123
  Json J(R"(["a\n\"\\\u00e9b"])");
  ASSERT_TRUE(J.R.Root);
  EXPECT_EQ(J.issues(), "");
  const JsonValue &S = J.R.Root->Items.at(0);
  EXPECT_EQ(S.Text, "a\n\"\\\xC3\xA9"
                    "b");
  // a at 2, \n at 3, \" at 5, \\ at 7, \u00e9 at 9 (two bytes), b at 15.
  std::vector<size_t> Want = {2, 3, 5, 7, 9, 9, 15, 16};
  EXPECT_EQ(S.Offsets, Want);
  EXPECT_EQ(S.fileOffset(6), 15u);
  EXPECT_EQ(S.fileOffset(S.Text.size()), 16u); // the closing quote
}

TEST(JsonReader, SurrogatePairs) {
  Json J(R"(["\ud83d\ude00!", "\ud800x", "\udc00"])");
  ASSERT_TRUE(J.R.Root);
  const auto &Items = J.R.Root->Items;
  ASSERT_EQ(Items.size(), 3u);
  EXPECT_EQ(Items[0].Text, "\xF0\x9F\x98\x80!"); // U+1F600
  EXPECT_EQ(Items[0].Offsets[0], 2u);
  EXPECT_EQ(Items[0].Offsets[3], 2u);
  EXPECT_EQ(Items[0].Offsets[4], 14u);
  // Lone surrogates decode as U+FFFD and are reported.
  EXPECT_EQ(Items[1].Text, "\xEF\xBF\xBDx");
  EXPECT_EQ(Items[2].Text, "\xEF\xBF\xBD");
  EXPECT_EQ(J.issues(), "1:20: lone UTF-16 surrogate '\\ud800' in a string; decoded as U+FFFD\n"
                        "1:31: lone UTF-16 surrogate '\\udc00' in a string; decoded as U+FFFD\n");
}

TEST(JsonReader, RawUtf8IsCopied) {
  Json J("{\"k\": \"h\xC3\xA9llo\"}");
  ASSERT_TRUE(J.R.Root);
  const JsonValue *K = J.R.Root->find("k");
  EXPECT_EQ(K->Text, "h\xC3\xA9llo");
  EXPECT_EQ(K->Offsets[2], 9u);
}

TEST(JsonReader, DuplicateKeys) {
  Json J("{\"a\": 1,\n \"a\": 2}");
  ASSERT_TRUE(J.R.Root);
  EXPECT_EQ(J.issues(), "2:2: duplicate key 'a' (first at 1:2); dstack refuses the "
                        "file, other tools keep either value\n");
  EXPECT_EQ(J.R.Root->find("a")->Text, "2");
  EXPECT_EQ(J.R.Root->Members.size(), 2u);
}

TEST(JsonReader, NotJson) {
  Json Yaml("services:\n  a: {}\n");
  EXPECT_FALSE(Yaml.R.Root);
  EXPECT_EQ(Yaml.issues(), "1:1: not valid JSON: expected a value, found 's'\n");
  Json Empty("  \n");
  EXPECT_FALSE(Empty.R.Root);
  EXPECT_EQ(Empty.issues(), "2:1: expected a JSON value, found the end of the file\n");
}

TEST(JsonReader, SyntaxErrorsKeepWhatWasRead) {
  Json J("{\"a\": 1,\n \"b\": [1, 2\n");
  ASSERT_TRUE(J.R.Root);
  EXPECT_EQ(J.R.Root->find("a")->Text, "1");
  ASSERT_TRUE(J.R.Root->find("b"));
  EXPECT_EQ(J.R.Root->find("b")->Items.size(), 2u);
  EXPECT_EQ(J.issues(), "3:1: not valid JSON: expected ',' or ']' after an array item "
                        "(the array starts at 2:7), found the end of the file\n");
  for (const char *Bad : {"[01]", "[1.]", "[\"a\\x\"]", "[\"a\nb\"]", "{\"a\" 1}", "[1] 2",
                          "{a: 1}", "[\"\\u12\"]", "\"abc"}) {
    Json B(Bad);
    EXPECT_FALSE(B.R.Issues.empty()) << Bad;
  }
}

TEST(JsonReader, DeepNestingIsRefused) {
  Json J(std::string(100000, '['));
  EXPECT_NE(J.issues().find("nested more than 512 levels"), std::string::npos);
}

TEST(AppCompose, ReadsEveryField) {
  Manifest M(R"({
  "manifest_version": "3", "name": "app", "runner": "docker-compose",
  "docker_compose_file": "services: {}\n", "bash_script": "echo b",
  "pre_launch_script": "echo p", "init_script": ["a", "b"],
  "docker_config": {"registry": "r"}, "kms_enabled": false, "gateway_enabled": false,
  "tproxy_enabled": true, "features": ["kms"], "local_key_provider_enabled": true,
  "key_provider_id": "abcd", "allowed_envs": ["A", "B"],
  "public_logs": true, "public_sysinfo": true, "no_instance_id": true,
  "storage_fs": "ext4", "swap_size": 1073741824, "port_policy": {"restrict_mode": true},
  "event_log_version": 2, "requirements": {"os_version": "0.5"},
  "snapshotter": "stargz", "verity_volumes": [], "launch_token_hash": "h",
  "default_gateway_domain": "d.example", "allowed_env": ["typo"]
})");
  ASSERT_TRUE(M.R.Manifest) << M.issues();
  EXPECT_EQ(M.issues(), "");
  const AppComposeManifest &A = M.m();
  EXPECT_EQ(A.ManifestVersion->Value, "3");
  EXPECT_FALSE(A.ManifestVersion->IsNumber);
  EXPECT_EQ(A.Name->Value, "app");
  EXPECT_EQ(A.Name->Loc.Offset, M.at("\"app\""));
  EXPECT_EQ(A.Runner->Value, "docker-compose");
  EXPECT_EQ(A.BashScript->Value, "echo b");
  EXPECT_EQ(A.PreLaunchScript->Value, "echo p");
  ASSERT_TRUE(A.InitScript);
  EXPECT_TRUE(A.InitScript->IsArray);
  EXPECT_EQ(A.InitScript->Items.size(), 2u);
  ASSERT_TRUE(A.DockerConfig);
  EXPECT_EQ(A.DockerConfig->find("registry")->Text, "r");
  EXPECT_TRUE(A.gatewayEnabled()); // tproxy_enabled ORs in
  EXPECT_TRUE(A.kmsEnabled());     // features: ["kms"]
  EXPECT_TRUE(A.LocalKeyProviderEnabled->Value);
  EXPECT_EQ(A.KeyProviderId->Value, "abcd");
  EXPECT_TRUE(A.allows("B"));
  EXPECT_FALSE(A.allows("C"));
  EXPECT_TRUE(A.publicLogs());
  EXPECT_TRUE(A.publicSysinfo());
  EXPECT_TRUE(A.publicTcbinfo()); // default
  EXPECT_TRUE(A.secureTime());    // default
  EXPECT_TRUE(A.noInstanceId());
  EXPECT_EQ(A.StorageFs->Value, "ext4");
  EXPECT_EQ(A.SwapSize->Value, "1073741824");
  EXPECT_TRUE(A.SwapSize->IsNumber);
  EXPECT_TRUE(A.PortPolicy);
  EXPECT_EQ(A.EventLogVersion->Value, "2");
  EXPECT_TRUE(A.Requirements);
  EXPECT_EQ(A.Snapshotter->Value, "stargz");
  EXPECT_TRUE(A.VerityVolumes);
  EXPECT_EQ(A.LaunchTokenHash->Value, "h");
  EXPECT_EQ(A.DefaultGatewayDomain->Value, "d.example");
  ASSERT_EQ(A.UnknownKeys.size(), 1u);
  EXPECT_EQ(A.UnknownKeys[0].first, "allowed_env");
  EXPECT_EQ(A.UnknownKeys[0].second.Offset, M.at("\"allowed_env\""));
  ASSERT_TRUE(A.Compose);
  // features "kms" beats local_key_provider_enabled.
  EffectiveKeyProvider KP = A.keyProvider();
  EXPECT_EQ(KP.Kind, KeyProviderKind::Kms);
  EXPECT_EQ(KP.Source, "features");
}

TEST(AppCompose, KeyProviderPrecedence) {
  Manifest Explicit(R"({"key_provider": "tpm", "kms_enabled": true})");
  EXPECT_EQ(Explicit.m().keyProvider().Kind, KeyProviderKind::Tpm);
  EXPECT_EQ(Explicit.m().keyProvider().Source, "key_provider");
  Manifest Kms(R"({"kms_enabled": true, "local_key_provider_enabled": true})");
  EXPECT_EQ(Kms.m().keyProvider().Kind, KeyProviderKind::Kms);
  EXPECT_EQ(Kms.m().keyProvider().Loc.Offset, Kms.at("true"));
  Manifest Local(R"({"kms_enabled": false, "local_key_provider_enabled": true})");
  EXPECT_EQ(Local.m().keyProvider().Kind, KeyProviderKind::Local);
  Manifest None(R"({"name": "x"})");
  EXPECT_EQ(None.m().keyProvider().Kind, KeyProviderKind::None);
  EXPECT_FALSE(None.m().keyProvider().Loc.valid());
  Manifest Odd(R"({"key_provider": "sgx"})");
  EXPECT_EQ(Odd.m().keyProvider().Kind, KeyProviderKind::Unknown);
  EXPECT_EQ(Odd.m().keyProvider().Name, "sgx");
  Manifest Defaults(R"({"public_tcbinfo": false, "secure_time": false})");
  EXPECT_FALSE(Defaults.m().publicTcbinfo());
  EXPECT_FALSE(Defaults.m().secureTime());
}

TEST(AppCompose, InitScriptStringForm) {
  Manifest M(R"({"init_script": "echo hi", "manifest_version": 2})");
  ASSERT_TRUE(M.m().InitScript);
  EXPECT_FALSE(M.m().InitScript->IsArray);
  EXPECT_EQ(M.m().InitScript->Items.at(0).Value, "echo hi");
  EXPECT_TRUE(M.m().ManifestVersion->IsNumber);
}

TEST(AppCompose, WrongTypesAreIssues) {
  Manifest M("{\n\"allowed_envs\": 3,\n\"public_logs\": \"yes\",\n\"name\": [\"a\"],\n"
             "\"features\": [\"kms\", 1],\n\"port_policy\": [],\n\"secure_time\": null\n}");
  ASSERT_TRUE(M.R.Manifest);
  EXPECT_EQ(M.issues(), "2:17: 'allowed_envs' should be an array of strings, found a number\n"
                        "3:16: 'public_logs' should be true or false, found a string\n"
                        "4:9: 'name' should be a string, found an array\n"
                        "5:21: 'features' items should be strings, found a number\n"
                        "6:16: 'port_policy' should be an object, found an array\n");
  EXPECT_FALSE(M.m().AllowedEnvs);
  EXPECT_FALSE(M.m().publicLogs());
  EXPECT_TRUE(M.m().Features->contains("kms"));
  EXPECT_TRUE(M.m().secureTime()); // null = absent
}

TEST(AppCompose, NotAnObject) {
  Manifest Arr("[1]");
  EXPECT_FALSE(Arr.R.Manifest);
  EXPECT_EQ(Arr.issues(), "1:1: app-compose.json should hold an object, found an array\n");
  Manifest Yaml("name: x\n");
  EXPECT_FALSE(Yaml.R.Manifest);
  EXPECT_EQ(Yaml.R.Issues.size(), 1u);
}

TEST(AppCompose, DuplicateKeyLastWins) {
  Manifest M("{\"name\": \"a\", \"name\": \"b\"}");
  EXPECT_EQ(M.m().Name->Value, "b");
  EXPECT_NE(M.issues().find("duplicate key 'name'"), std::string::npos);
}

TEST(AppCompose, EmbeddedComposeMapsToJsonBytes) {
  Manifest M(
      "{\n  \"docker_compose_file\": \"services:\\n  api:\\n    image: \\\"nginx\\u003a1\\\"\\n"
      "    environment:\\n      - K=${V}\\n      - T=\\u00e9${W}\\n\"\n}\n");
  ASSERT_TRUE(M.R.Manifest) << M.issues();
  EXPECT_EQ(M.issues(), "");
  ASSERT_TRUE(M.m().Compose);
  const ComposeService *S = M.m().Compose->findService("api");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->NameLoc.Offset, M.at("api"));
  ASSERT_TRUE(S->Image);
  EXPECT_EQ(S->Image->Text, "nginx:1");
  // The value starts after the YAML quote, written as \" in JSON: its
  // first byte is the n after it.
  EXPECT_EQ(S->Image->Loc.Offset, M.at("nginx"));
  // ':' came from \u003a and maps to that escape's backslash.
  EXPECT_EQ(S->Image->fileOffset(5), M.at("\\u003a"));
  const EnvironmentEntry *K = S->findEnv("K");
  ASSERT_TRUE(K && K->Value);
  EXPECT_EQ(K->NameLoc.Offset, M.at("K=$"));
  ASSERT_EQ(K->Value->Value.Refs.size(), 1u);
  EXPECT_EQ(K->Value->locationOf(K->Value->Value.Refs[0].Offset).Offset, M.at("${V}"));
  // After a multi-byte escape the offsets still line up.
  const EnvironmentEntry *T = S->findEnv("T");
  ASSERT_TRUE(T && T->Value);
  EXPECT_EQ(T->Value->locationOf(T->Value->Value.Refs[0].Offset).Offset, M.at("${W}"));
  EXPECT_EQ(T->Value->Loc.Offset, M.at("\\u00e9"));
  EXPECT_EQ(T->Value->Loc.column(),
            static_cast<unsigned>(M.at("\\u00e9") - M.File->lineStart(2) + 1));
}

TEST(AppCompose, EmbeddedYamlErrorsPointIntoTheJson) {
  Manifest M("{\"docker_compose_file\": \"services:\\n  a: [1\\n\"}");
  ASSERT_TRUE(M.R.Manifest);
  EXPECT_FALSE(M.m().Compose);
  ASSERT_FALSE(M.R.Issues.empty());
  EXPECT_NE(M.R.Issues[0].Message.find("in docker_compose_file: "), std::string::npos);
  EXPECT_GE(M.R.Issues[0].Loc.Offset, M.at("services"));
  EXPECT_LE(M.R.Issues[0].Loc.Offset, M.File->content().size());
}

TEST(AppCompose, Hashes) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(defaultAppId(sha256Hex("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a3");
  EXPECT_EQ(defaultAppId(sha256Hex("abc")).size(), 40u);
  // Digests with zero bytes keep two digits per byte.
  EXPECT_EQ(sha256Hex("hello world\n"),
            "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
  for (const char *S : {"", "a", "abc", "0", "tee-tidy"})
    EXPECT_EQ(sha256Hex(S).size(), 64u) << S;
}

TEST(AppCompose, FileNames) {
  EXPECT_TRUE(isAppComposeFileName("deploy/app-compose.json"));
  EXPECT_TRUE(isAppComposeFileName("App_Compose.prod.JSON"));
  EXPECT_FALSE(isAppComposeFileName("package.json"));
  EXPECT_FALSE(isAppComposeFileName("app-compose.yaml"));
}

} // namespace
