// Go lowering: each construct the dataflow engine relies on, checked through
// the IR's textual dump.

#include "frontend/GoLowering.h"
#include "syntax/Grammars.h"
#include "syntax/TreeSitter.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

std::string lower(const std::string &Src, unsigned MaxDepth = 400) {
  Parser P;
  EXPECT_TRUE(P.setLanguage(grammarFor(Language::Go)));
  Tree T = P.parse(Src);
  frontend::LoweringOptions Opts;
  Opts.MaxDepth = MaxDepth;
  return ir::dump(frontend::lowerGo("main.go", Src, T.root(), Opts));
}

bool has(const std::string &Dump, const std::string &Line) {
  return Dump.find(Line) != std::string::npos;
}

TEST(GoLowering, ImportsBindPackageNames) {
  std::string D = lower("package main\n"
                        "import (\n"
                        "  \"net/http\"\n"
                        "  h \"net/http/httputil\"\n"
                        "  . \"strings\"\n"
                        "  _ \"github.com/lib/pq\"\n"
                        "  \"github.com/redis/go-redis/v9\"\n"
                        "  \"gopkg.in/yaml.v3\"\n"
                        ")\n"
                        "import \"os\"\n");
  EXPECT_TRUE(has(D, "import net/http as http\n")) << D;
  EXPECT_TRUE(has(D, "import net/http/httputil as h\n")) << D;
  EXPECT_TRUE(has(D, "import strings : *\n")) << D;
  EXPECT_FALSE(has(D, "lib/pq")) << D;
  EXPECT_TRUE(has(D, "import github.com/redis/go-redis/v9 as redis\n")) << D;
  EXPECT_TRUE(has(D, "import gopkg.in/yaml.v3 as yaml\n")) << D;
  EXPECT_TRUE(has(D, "import os as os\n")) << D;
}

TEST(GoLowering, PackageNames) {
  EXPECT_EQ(frontend::goPackageName("net/http"), "http");
  EXPECT_EQ(frontend::goPackageName("github.com/go-sql-driver/mysql"), "mysql");
  EXPECT_EQ(frontend::goPackageName("github.com/jackc/pgx/v5"), "pgx");
  EXPECT_EQ(frontend::goPackageName("github.com/nats-io/nats.go"), "nats");
  EXPECT_EQ(frontend::goPackageName("github.com/ethereum/go-ethereum/ethclient"), "ethclient");
  EXPECT_EQ(frontend::goPackageName("github.com/sashabaranov/go-openai"), "openai");
  EXPECT_EQ(frontend::goPackageName("github.com/caarlos0/env/v11"), "env");
  EXPECT_EQ(frontend::goPackageName("github.com/kelseyhightower/envconfig"), "envconfig");
}

TEST(GoLowering, EnvironmentReadsAndDeclarations) {
  std::string D = lower("package main\n"
                        "import \"os\"\n"
                        "var Upstream = os.Getenv(\"UPSTREAM_URL\")\n"
                        "var (\n"
                        "  a, b = 1, \"x\"\n"
                        "  unset string\n"
                        ")\n"
                        "const Default = `http://raw\\n`\n"
                        "func main() {\n"
                        "  v, ok := os.LookupEnv(\"KEY\")\n"
                        "  url := \"http://\" + os.Getenv(\"HOST\")\n"
                        "  url += \"/v1\"\n"
                        "  _ = ok\n"
                        "  x, _ := f()\n"
                        "}\n");
  EXPECT_TRUE(has(D, "  Upstream = (call (attr:Getenv (name:os)) (lit:'UPSTREAM_URL'))\n")) << D;
  EXPECT_TRUE(has(D, "  a = (lit:1)\n")) << D;
  EXPECT_TRUE(has(D, "  b = (lit:'x')\n")) << D;
  EXPECT_FALSE(has(D, "unset")) << D;
  EXPECT_TRUE(has(D, "  Default = (lit:'http://raw\\n')\n")) << D;
  EXPECT_TRUE(has(D, "  (v, ok) = (call (attr:LookupEnv (name:os)) (lit:'KEY'))\n")) << D;
  EXPECT_TRUE(
      has(D, "  url = (build:+ (lit:'http://') (call (attr:Getenv (name:os)) (lit:'HOST')))\n"))
      << D;
  EXPECT_TRUE(has(D, "  url = (build (name:url) (lit:'/v1'))\n")) << D;
  EXPECT_FALSE(has(D, "  _ =")) << D;
  EXPECT_TRUE(has(D, "  (x, _) = (call (name:f))\n")) << D;
}

TEST(GoLowering, StringEscapes) {
  std::string D = lower("package p\n"
                        "var s = \"a\\tb\\x41\\u00e9\\101\\\"\"\n");
  EXPECT_TRUE(has(D, "  s = (lit:'a\tbA\xc3\xa9"
                     "A\"')\n"))
      << D;
}

TEST(GoLowering, FunctionsMethodsAndResults) {
  std::string D = lower("package p\n"
                        "func get(url string, opts ...Option) (body string, err error) {\n"
                        "  body = fetch(url)\n"
                        "  return\n"
                        "}\n"
                        "func pair() (string, error) { return \"a\", nil }\n"
                        "func (c *Client) Send(ctx context.Context, b []byte) error {\n"
                        "  return c.http.Do(req)\n"
                        "}\n"
                        "func (Client) Name() string { return \"c\" }\n"
                        "func init() { setup() }\n");
  EXPECT_TRUE(has(D, "def get(url, *opts)\n")) << D;
  EXPECT_TRUE(has(D, "  return (container (name:body) (name:err))\n")) << D;
  EXPECT_TRUE(has(D, "def pair()\n  return (container (lit:'a') (lit:nil))\n")) << D;
  EXPECT_TRUE(has(D, "class Client()\n")) << D;
  EXPECT_TRUE(has(D, "def Client.Send(c, ctx, b)\n")) << D;
  EXPECT_TRUE(has(D, "  return (call (attr:Do (attr:http (name:c))) (name:req))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.Name(<receiver>0)\n")) << D;
  EXPECT_TRUE(has(D, "  get = (function:get)\n")) << D;
  // init runs when the package loads; it binds no name.
  EXPECT_TRUE(has(D, "  eval (call (function:init))\n")) << D;
  EXPECT_FALSE(has(D, "  init = ")) << D;
  // A type declared in another file is not bound here.
  EXPECT_FALSE(has(D, "  Client = (class")) << D;
}

TEST(GoLowering, EnvironmentTagsOfCaarlosEnv) {
  std::string D = lower("package p\n"
                        "type Settings struct {\n"
                        "  RPC string `env:\"RPC_URL,required\"`\n"
                        "  Key string `json:\"key\" env:\"SIGNING_KEY\" envDefault:\"dev\"`\n"
                        "  Other string\n"
                        "}\n"
                        "type Plain struct { Name string `json:\"name\"` }\n"
                        "func f() { var s Settings; var n int; use(s, n) }\n");
  EXPECT_TRUE(has(D, "class Settings((name:struct-tags.env))\n")) << D;
  EXPECT_TRUE(has(D, "class Plain()\n")) << D;
  EXPECT_TRUE(has(D, " = (call (name:struct-tags.field) alias=(lit:'RPC_URL'))\n")) << D;
  EXPECT_TRUE(has(D, " = (call (name:struct-tags.field) (lit:'dev') alias=(lit:'SIGNING_KEY'))\n"))
      << D;
  EXPECT_FALSE(has(D, "  Other:")) << D; // untagged: not read
  // The zero value of a struct type is an instance; of a basic type, nothing.
  EXPECT_TRUE(has(D, "  s: Settings = (call (name:Settings))\n")) << D;
  EXPECT_FALSE(has(D, "  n")) << D;
}

TEST(GoLowering, ViperKeysBecomeTheVariablesViperReads) {
  std::string D = lower("package main\n"
                        "import (\n  \"strings\"\n  cfg \"github.com/spf13/viper\"\n)\n"
                        "func main() {\n"
                        "  a := cfg.GetString(\"llm.base_url\")\n"
                        "  v := cfg.New()\n"
                        "  b := v.GetString(\"hook\")\n"
                        "  c := cfg.GetInt(\"port\")\n"
                        "  e := v.GetString(\"other\")\n"
                        "  d := other.GetString(\"llm.base_url\")\n"
                        "  use(a, b, c, d, e)\n"
                        "}\n"
                        "func init() {\n"
                        "  cfg.SetEnvPrefix(\"app\")\n"
                        "  cfg.SetEnvKeyReplacer(strings.NewReplacer(\".\", \"_\"))\n"
                        "  cfg.AutomaticEnv()\n"
                        "  cfg.SetDefault(\"llm.base_url\", \"https://llm.example.com\")\n"
                        "  cfg.SetDefault(\"port\", 8080)\n"
                        "  v.BindEnv(\"hook\", \"HOOK_URL\")\n"
                        "}\n");
  EXPECT_TRUE(has(D, "  a = (call (attr:GetString (name:cfg)) (lit:'APP_LLM_BASE_URL') "
                     "(lit:'https://llm.example.com'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  b = (call (attr:GetString (name:v)) (lit:'HOOK_URL'))\n")) << D;
  EXPECT_TRUE(has(D, "  c = (call (attr:GetInt (name:cfg)) (lit:'APP_PORT') (lit:'8080'))\n")) << D;
  // viper.New() is an instance of its own: the global set-up is not its.
  EXPECT_TRUE(has(D, "  e = (call (attr:GetString (name:v)) (unknown))\n")) << D;
  // Not viper: the call is left as written.
  EXPECT_TRUE(has(D, "  d = (call (attr:GetString (name:other)) (lit:'llm.base_url'))\n")) << D;
}

TEST(GoLowering, ViperWithoutTheEnvironmentNamesNoVariable) {
  std::string D = lower("package main\n"
                        "import \"github.com/spf13/viper\"\n"
                        "func main() { a := viper.GetString(\"url\"); use(a) }\n");
  EXPECT_TRUE(has(D, "  a = (call (attr:GetString (name:viper)) (unknown))\n")) << D;
}

TEST(GoLowering, StructTagValues) {
  EXPECT_EQ(frontend::goTagValue("env:\"A\" envDefault:\"x y\"", "envDefault"), "x y");
  EXPECT_EQ(frontend::goTagValue("json:\"a,omitempty\" env:\"B\"", "env"), "B");
  EXPECT_EQ(frontend::goTagValue("env:\"A\"", "envconfig"), std::nullopt);
  EXPECT_EQ(frontend::goTagValue("env:\"a\\\"b\"", "env"), "a\"b");
  EXPECT_EQ(frontend::goTagValue("broken env:\"A\"", "env"), std::nullopt);
}

TEST(GoLowering, StructsAndCompositeLiterals) {
  std::string D = lower("package p\n"
                        "type Config struct {\n"
                        "  BaseURL string `envconfig:\"BASE_URL\" default:\"http://x\"`\n"
                        "  A, B int\n"
                        "  *Embedded\n"
                        "  http.Client\n"
                        "}\n"
                        "type Doer interface { Do() }\n"
                        "type ID string\n"
                        "func build(u string) {\n"
                        "  c := &Config{BaseURL: u, A: 1}\n"
                        "  t := &tls.Config{InsecureSkipVerify: true}\n"
                        "  m := map[string]string{\"k\": u}\n"
                        "  s := []string{u, \"x\"}\n"
                        "  n := new(Config)\n"
                        "}\n");
  // envconfig tags: a settings base, and every exported field read under
  // its tag or its name.
  EXPECT_TRUE(has(D, "class Config((name:Embedded), (attr:Client (name:http)), "
                     "(name:struct-tags.envconfig))\n"))
      << D;
  EXPECT_TRUE(has(D, "class Doer()\n")) << D;
  EXPECT_FALSE(has(D, "class ID")) << D;
  EXPECT_TRUE(has(D, "  BaseURL: string `envconfig:\"BASE_URL\" default:\"http://x\"` = "
                     "(call (name:struct-tags.field) (lit:'http://x') alias=(lit:'BASE_URL'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  A: int = (call (name:struct-tags.field) alias=(lit:'A'))\n")) << D;
  EXPECT_TRUE(has(D, "def Config.<init>(<self>, BaseURL, A, B, Embedded, Client) constructor\n"))
      << D;
  EXPECT_TRUE(has(D, "  (name:<self>).BaseURL = (name:BaseURL)\n")) << D;
  EXPECT_TRUE(has(D, "  Config = (class:Config)\n")) << D;
  EXPECT_TRUE(has(D, "  c = (pass:& (call (name:Config) BaseURL=(name:u) A=(lit:1)))\n")) << D;
  EXPECT_TRUE(
      has(D, "  t = (pass:& (call (attr:Config (name:tls)) InsecureSkipVerify=(lit:true)))\n"))
      << D;
  EXPECT_TRUE(has(D, "  m = (container k=(name:u))\n")) << D;
  EXPECT_TRUE(has(D, "  s = (container (name:u) (lit:'x'))\n")) << D;
  EXPECT_TRUE(has(D, "  n = (call (name:Config))\n")) << D;
}

TEST(GoLowering, TablesOfNumbersAreOneNode) {
  std::string D = lower(
      "package p\n"
      "var table = [...]uint16{0x41, 2, 'a', 1.5, 3i, 7: 9}\n"
      "var ranges = []Range{{0x41, 0x5a, 1}, {0x61, 0x7a, 1}}\n"
      "var named = []string{\"a\", \"b\"}\n"
      "var mixed = []int{1, limit}\n"
      "var nested = [][]int{{1, 2}, {3, f()}}\n"
      "var point = Point{1, 2}\n"
      "var runes = []rune{',', '}', '\\'', '\\x41', 'é' /* f(x) */, // g()\n 0x1p-2, 1e+3, .5}\n"
      "var shifted = []int{1 << 2}\n"
      "var sum = []int{0x1e+2}\n"
      "var negative = []int{-1}\n"
      "var quoted = []string{\"12\"}\n");
  // Elements that are numbers alone, however nested, carry nothing a source
  // or a check reads: the literal is an empty container.
  EXPECT_TRUE(has(D, "  table = (container)\n")) << D;
  EXPECT_TRUE(has(D, "  ranges = (container)\n")) << D;
  // A string, a name or a call among them keeps every element.
  EXPECT_TRUE(has(D, "  named = (container (lit:'a') (lit:'b'))\n")) << D;
  EXPECT_TRUE(has(D, "  mixed = (container (lit:1) (name:limit))\n")) << D;
  EXPECT_TRUE(has(D, "  nested = (container (container) (container (lit:3) (call (name:f))))\n"))
      << D;
  // Runes holding punctuation, comments and exponents with signs are part
  // of such a table; an operator or a sign outside an exponent is not.
  EXPECT_TRUE(has(D, "  runes = (container)\n")) << D;
  EXPECT_FALSE(has(D, "  shifted = (container)\n")) << D;
  EXPECT_FALSE(has(D, "  sum = (container)\n")) << D;
  EXPECT_FALSE(has(D, "  negative = (container)\n")) << D;
  EXPECT_FALSE(has(D, "  quoted = (container)\n")) << D;
  // A struct's constructor still receives its fields.
  EXPECT_TRUE(has(D, "  point = (call (name:Point) (lit:1) (lit:2))\n")) << D;
}

TEST(GoLowering, PackageConstantsOfNumbersAreNotLowered) {
  std::string D = lower("package p\n"
                        "const (\n"
                        "  KindA Kind = iota\n"
                        "  KindB\n"
                        "  Shift = 1 << iota // flags\n"
                        "  Hex = 0x26\n"
                        "  Neg = -(2 * 3)\n"
                        "  R = '\\''\n"
                        "  F, G = 1.5e-3, 0x1p+2\n"
                        ")\n"
                        "const BaseURL = \"https://api.example\"\n"
                        "const Alias = Hex\n"
                        "const Size = unsafe.Sizeof(x)\n"
                        "const Mixed, Other = 1, \"two\"\n"
                        "const Commented = 1 + /* f() */ 2\n"
                        "var Counter = 0\n"
                        "func f() {\n"
                        "  const local = 3\n"
                        "  _ = local\n"
                        "}\n");
  // Numbers, iota and operators over them: nothing a source or a check
  // reads, so the package's symbol tables cost nothing.
  for (const char *Name : {"KindA", "KindB", "Shift", "Hex", "Neg", "R", "F", "G"})
    EXPECT_FALSE(has(D, std::string("  ") + Name + " = ")) << Name << "\n" << D;
  // A string, a name, a call or a comment among the values keeps the spec;
  // so does a variable (it can be assigned again) and a constant in a
  // function (it can hide a variable around it).
  EXPECT_TRUE(has(D, "  BaseURL = (lit:'https://api.example')\n")) << D;
  EXPECT_TRUE(has(D, "  Alias = (name:Hex)\n")) << D;
  EXPECT_TRUE(has(D, "  Size = ")) << D;
  EXPECT_TRUE(has(D, "  Mixed = ")) << D;
  EXPECT_TRUE(has(D, "  Commented = ")) << D;
  EXPECT_TRUE(has(D, "  Counter = (lit:0)\n")) << D;
  EXPECT_TRUE(has(D, "  local = (lit:3)\n")) << D;
}

TEST(GoLowering, SelectorsNameTheirField) {
  std::string D = lower("package p\n"
                        "var a = cfg.\n\tBaseURL\n"
                        "var b = cfg. /* the key */ Key\n"
                        "var c = cfg.Größe\n"
                        "var d = x.y.z_9\n");
  EXPECT_TRUE(has(D, "  a = (attr:BaseURL (name:cfg))\n")) << D;
  EXPECT_TRUE(has(D, "  b = (attr:Key (name:cfg))\n")) << D;
  EXPECT_TRUE(has(D, "  c = (attr:Größe (name:cfg))\n")) << D;
  EXPECT_TRUE(has(D, "  d = (attr:z_9 (attr:y (name:x)))\n")) << D;
}

TEST(GoLowering, ControlFlowIsFlowInsensitive) {
  std::string D = lower("package p\n"
                        "func f(ch chan string, xs []string) string {\n"
                        "  if v := os.Getenv(\"A\"); v == \"\" {\n"
                        "    v = \"dev-secret\"\n"
                        "  } else if ok { g(v) }\n"
                        "  for i, x := range xs { use(i, x) }\n"
                        "  for k := 0; k < 3; k++ { }\n"
                        "  switch y := h(); y { case \"a\": z := y; _ = z\n default: }\n"
                        "  switch t := any(x).(type) { case string: use(t) }\n"
                        "  ch <- \"hello\"\n"
                        "  select { case m := <-ch: use(m) }\n"
                        "  go worker(ch)\n"
                        "  defer cleanup()\n"
                        "  fn := func(s string) string { return s + \"!\" }\n"
                        "  return <-ch\n"
                        "}\n");
  EXPECT_TRUE(has(D, "  v = (call (attr:Getenv (name:os)) (lit:'A'))\n")) << D;
  EXPECT_TRUE(has(D, "  v = (lit:'dev-secret')\n")) << D;
  EXPECT_TRUE(has(D, "  eval (unknown (name:v) (lit:''))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:g) (name:v))\n")) << D;
  EXPECT_TRUE(has(D, "  i in (name:xs)\n  x in (name:xs)\n")) << D;
  EXPECT_TRUE(has(D, "  k = (lit:0)\n")) << D;
  EXPECT_TRUE(has(D, "  z = (name:y)\n")) << D;
  EXPECT_TRUE(has(D, "  t = (call (name:any) (name:x))\n")) << D;
  EXPECT_TRUE(has(D, "  ch = (choice (name:ch) (lit:'hello'))\n")) << D;
  EXPECT_TRUE(has(D, "  m = (pass:<- (name:ch))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:worker) (name:ch))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:cleanup))\n")) << D;
  EXPECT_TRUE(has(D, "  fn = (function:<func>)\n")) << D;
  EXPECT_TRUE(has(D, "def f.<func>(s)\n  return (build:+ (name:s) (lit:'!'))\n")) << D;
  EXPECT_TRUE(has(D, "  return (pass:<- (name:ch))\n")) << D;
}

TEST(GoLowering, DeepNestingIsCutWithALimit) {
  std::string Src = "package p\nvar x = ";
  for (int I = 0; I < 600; ++I)
    Src += "f(";
  Src += "1";
  for (int I = 0; I < 600; ++I)
    Src += ")";
  Src += "\n";
  std::string D = lower(Src, 100);
  EXPECT_TRUE(has(D, "limit ")) << D.substr(0, 200);
}

TEST(GoLowering, BrokenCodeIsLoweredAsFarAsItGoes) {
  std::string D = lower("package p\n"
                        "func f() {\n"
                        "  u := os.Getenv(\"U\")\n"
                        "  http.Get(u\n"
                        "}\n");
  EXPECT_TRUE(has(D, "  u = (call (attr:Getenv (name:os)) (lit:'U'))\n")) << D;
}

} // namespace
