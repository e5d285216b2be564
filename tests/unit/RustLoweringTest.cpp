// Rust lowering: each construct the dataflow engine relies on, checked
// through the IR's textual dump.

#include "frontend/RustLowering.h"
#include "syntax/Grammars.h"
#include "syntax/TreeSitter.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

std::string lower(const std::string &Src, unsigned MaxDepth = 400) {
  Parser P;
  EXPECT_TRUE(P.setLanguage(grammarFor(Language::Rust)));
  Tree T = P.parse(Src);
  frontend::LoweringOptions Opts;
  Opts.MaxDepth = MaxDepth;
  return ir::dump(frontend::lowerRust("main.rs", Src, T.root(), Opts));
}

bool has(const std::string &Dump, const std::string &Line) {
  return Dump.find(Line) != std::string::npos;
}

TEST(RustLowering, UseTrees) {
  std::string D = lower("use std::env;\n"
                        "use std::env::var as get_var;\n"
                        "use reqwest::{Client, header::{self, HeaderMap}};\n"
                        "use serde;\n"
                        "use crate::config::*;\n"
                        "use std::io::Read as _;\n");
  EXPECT_TRUE(has(D, "import std : env as env\n")) << D;
  EXPECT_TRUE(has(D, "import std.env : var as get_var\n")) << D;
  EXPECT_TRUE(has(D, "import reqwest : Client as Client\n")) << D;
  EXPECT_TRUE(has(D, "import reqwest : header as header\n")) << D;
  EXPECT_TRUE(has(D, "import reqwest.header : HeaderMap as HeaderMap\n")) << D;
  EXPECT_TRUE(has(D, "import serde as serde\n")) << D;
  EXPECT_TRUE(has(D, "import crate.config : *\n")) << D;
  EXPECT_FALSE(has(D, "Read")) << D;
}

TEST(RustLowering, ClapArgumentsFromTheEnvironment) {
  std::string D = lower("#[derive(Parser)]\n"
                        "struct Args {\n"
                        "    /// The RPC endpoint.\n"
                        "    #[arg(long, env = \"RPC_URL\", default_value = \"https://x,y\")]\n"
                        "    rpc: String,\n"
                        "    #[clap(env)]\n"
                        "    key_file: String,\n"
                        "    #[arg(long)]\n"
                        "    verbose: bool,\n"
                        "}\n"
                        "#[derive(Debug)]\n"
                        "struct Plain { #[serde(rename = \"x\")] url: String }\n");
  EXPECT_TRUE(has(D, "class Args((name:clap-env))\n")) << D;
  EXPECT_TRUE(has(D, "  rpc: String = (call (name:clap-env.field) (lit:'https://x,y') "
                     "alias=(lit:'RPC_URL'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  key_file: String = (call (name:clap-env.field) alias=(lit:'KEY_FILE'))\n"))
      << D;
  EXPECT_FALSE(has(D, "  verbose:")) << D; // the command line's, not the environment's
  EXPECT_TRUE(has(D, "class Plain()\n")) << D;
  EXPECT_TRUE(has(D, "  url: String = -\n")) << D;
}

TEST(RustLowering, DiscardedLetsAreStillEvaluated) {
  std::string D = lower("fn main() { let _ = send(url); let _x = keep(url); }\n");
  EXPECT_TRUE(has(D, "  eval (call (name:send) (name:url))\n")) << D;
  EXPECT_TRUE(has(D, "  _x = (call (name:keep) (name:url))\n")) << D;
}

TEST(RustLowering, EnvironmentReadsAndFallbacks) {
  std::string D = lower(
      "fn main() {\n"
      "    let url = std::env::var(\"UPSTREAM_URL\").unwrap_or(\"http://dev\".to_string());\n"
      "    let key = env::var(\"KEY\").unwrap_or_else(|_| \"dev-key\".into());\n"
      "    let base = match env::var(\"BASE\") { Ok(v) => v, Err(_) => String::from(\"x\") };\n"
      "    let full = format!(\"{}/v1/{path}\", base);\n"
      "    let mut s = String::new();\n"
      "    s += &url;\n"
      "    if let Ok(h) = env::var(\"HOOK\") { send(&h); }\n"
      "}\n");
  // `unwrap_or` and `unwrap_or_else` with a literal are fallbacks; a
  // literal converted to a String is the literal.
  EXPECT_TRUE(has(D, "  url = (choice (call (attr:var (attr:env (name:std))) "
                     "(lit:'UPSTREAM_URL')) (lit:'http://dev'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  key = (choice (call (attr:var (name:env)) (lit:'KEY')) (lit:'dev-key'))\n"))
      << D;
  EXPECT_FALSE(has(D, "<closure>")) << D;
  EXPECT_TRUE(has(D, "  v = (call (attr:var (name:env)) (lit:'BASE'))\n")) << D;
  EXPECT_TRUE(has(D, "  base = (choice (name:v) (lit:'x'))\n")) << D;
  EXPECT_TRUE(has(D, "  full = (build:format! (lit:'{}/v1/{path}') (name:base))\n")) << D;
  EXPECT_TRUE(has(D, "  s = (build (name:s) (pass:& (name:url)))\n")) << D;
  EXPECT_TRUE(has(D, "  h = (call (attr:var (name:env)) (lit:'HOOK'))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:send) (pass:& (name:h)))\n")) << D;
}

TEST(RustLowering, StructsImplsAndMethods) {
  std::string D = lower("pub struct Client { base: String, http: reqwest::Client }\n"
                        "struct Url(String);\n"
                        "impl Client {\n"
                        "    pub fn new(base: String) -> Self {\n"
                        "        Client { base, http: reqwest::Client::new() }\n"
                        "    }\n"
                        "    pub async fn send(&self, body: &str) -> Result<String> {\n"
                        "        let r = self.http.post(&self.base).body(body).send().await?;\n"
                        "        Ok(r.text().await?)\n"
                        "    }\n"
                        "}\n"
                        "impl Default for Client {\n"
                        "    fn default() -> Self { Self::new(DEFAULT.into()) }\n"
                        "}\n"
                        "const DEFAULT: &str = \"http://api.example\";\n"
                        "fn make(c: Client) -> Client { Client { ..c } }\n");
  EXPECT_TRUE(has(D, "class Client()\n")) << D;
  EXPECT_TRUE(has(D, "class Url()\n")) << D;
  EXPECT_TRUE(has(D, "  base: String = -\n  http: reqwest::Client = -\n")) << D;
  EXPECT_TRUE(has(D, "def Client.<init>(self, base, http) constructor\n")) << D;
  EXPECT_TRUE(has(D, "def Url.<init>(self, 0) constructor\n")) << D;
  EXPECT_TRUE(has(D, "  Client = (class:Client)\n")) << D;
  EXPECT_TRUE(has(D, "def Client.new(base) static\n  return (call (name:Client) base=(name:base) "
                     "http=(call (attr:new (attr:Client (name:reqwest)))))\n"))
      << D;
  EXPECT_TRUE(has(D, "def Client.send(self, body) async\n")) << D;
  EXPECT_TRUE(has(D, "  r = (pass (pass (call (attr:send (call (attr:body (call (attr:post "
                     "(attr:http (name:self))) (pass:& (attr:base (name:self))))) "
                     "(name:body))))))\n"))
      << D;
  EXPECT_TRUE(has(D, "  return (call (name:Ok) (pass (pass (call (attr:text (name:r))))))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.default() static\n  return (call (attr:new (name:Client)) "
                     "(call (attr:into (name:DEFAULT))))\n"))
      << D;
  EXPECT_TRUE(has(D, "  DEFAULT: &str = (lit:'http://api.example')\n")) << D;
  EXPECT_TRUE(has(D, "  return (call (name:Client) **(name:c))\n")) << D;
}

TEST(RustLowering, TlsBuildersAndPatterns) {
  std::string D =
      lower("fn client(insecure: bool) -> reqwest::Client {\n"
            "    let (a, b) = pair();\n"
            "    let Config { url, ref token, .. } = load();\n"
            "    for (k, v) in std::env::vars() { log(k, v); }\n"
            "    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()\n"
            "}\n");
  EXPECT_TRUE(has(D, "  (a, b) = (call (name:pair))\n")) << D;
  EXPECT_TRUE(has(D, "  (url: url, token: token) = (call (name:load))\n")) << D;
  EXPECT_TRUE(has(D, "  (k, v) in (call (attr:vars (attr:env (name:std))))\n")) << D;
  EXPECT_TRUE(has(D, "  return (call (attr:unwrap (call (attr:build (call "
                     "(attr:danger_accept_invalid_certs (call (attr:builder (attr:Client "
                     "(name:reqwest))))) (lit:true))))))\n"))
      << D;
}

TEST(RustLowering, StringEscapes) {
  std::string D = lower("const S: &str = \"a\\tb\\x41\\u{e9}\\\"\";\n"
                        "const R: &str = r#\"raw \\n \"quoted\"\"#;\n");
  EXPECT_TRUE(has(D, "  S: &str = (lit:'a\tbA\xc3\xa9\"')\n")) << D;
  EXPECT_TRUE(has(D, "  R: &str = (lit:'raw \\n \"quoted\"')\n")) << D;
}

TEST(RustLowering, DeepNestingIsCutWithALimit) {
  std::string Src = "fn f() { let x = ";
  for (int I = 0; I < 600; ++I)
    Src += "g(";
  Src += "1";
  for (int I = 0; I < 600; ++I)
    Src += ")";
  Src += "; }\n";
  EXPECT_TRUE(has(lower(Src, 100), "limit "));
}

TEST(RustLowering, StructsReadFromTheEnvironmentAreSettings) {
  // The config crate with a separator: nested structs are read one level
  // down; the function's `Result<Self>` names the struct.
  std::string D = lower("#[derive(Deserialize)]\n"
                        "pub struct Config { pub near_ai: NearAiConfig, pub log_level: String }\n"
                        "#[derive(Deserialize)]\n"
                        "pub struct NearAiConfig {\n"
                        "    #[serde(rename = \"url\", default = \"default_url\")]\n"
                        "    pub base_url: String,\n"
                        "}\n"
                        "fn default_url() -> String { \"https://llm.example.com\".into() }\n"
                        "impl Config {\n"
                        "    pub fn load() -> anyhow::Result<Self> {\n"
                        "        let c = config::Config::builder()\n"
                        "            .add_source(config::Environment::with_prefix(\"app\")"
                        ".separator(\"__\"))\n"
                        "            .build()?;\n"
                        "        c.try_deserialize().map_err(Into::into)\n"
                        "    }\n"
                        "}\n");
  EXPECT_TRUE(has(D, "class Config((name:serde-env))\n")) << D;
  EXPECT_TRUE(has(D, "  near_ai: serde-env.nested = (call (name:NearAiConfig))\n")) << D;
  EXPECT_TRUE(
      has(D, "  log_level: String = (call (name:serde-env.field) alias=(lit:'APP__LOG_LEVEL'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  base_url: String = (call (name:serde-env.field) "
                     "(lit:'https://llm.example.com') alias=(lit:'APP__NEAR_AI__URL'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  return (call (attr:map_err (call (name:Config)))")) << D;

  // envy with a prefix and a turbofish; figment's Env provider.
  D = lower(
      "struct A { rpc_url: String }\n"
      "struct B { hook: String }\n"
      "struct Plain { x: String }\n"
      "fn a() -> A { envy::prefixed(\"APP_\").from_env::<A>().unwrap() }\n"
      "fn b() { let b: B = Figment::new().merge(Env::prefixed(\"svc_\")).extract().unwrap(); }\n"
      "fn c() -> Plain { serde_json::from_str(\"{}\").unwrap() }\n");
  EXPECT_TRUE(
      has(D, "  rpc_url: String = (call (name:serde-env.field) alias=(lit:'APP_RPC_URL'))\n"))
      << D;
  EXPECT_TRUE(has(D, "class Plain()\n")) << D;
  // `let b: B = ...extract()`: the annotation names the struct.
  EXPECT_TRUE(has(D, "  hook: String = (call (name:serde-env.field) alias=(lit:'SVC_HOOK'))\n"))
      << D;
}

} // namespace
