// JavaScript / TypeScript / TSX lowering: each construct the dataflow engine
// relies on, checked through the IR's textual dump; then import specifier
// resolution and tsconfig.json parsing.

#include "frontend/EcmaScriptLowering.h"
#include "frontend/EcmaScriptModules.h"
#include "syntax/Grammars.h"
#include "syntax/TreeSitter.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace teetidy;

namespace {

ir::Module lowerModule(const std::string &Src, Language L = Language::TypeScript,
                       unsigned MaxDepth = 400) {
  Parser P;
  EXPECT_TRUE(P.setLanguage(grammarFor(L)));
  Tree T = P.parse(Src);
  frontend::LoweringOptions Opts;
  Opts.MaxDepth = MaxDepth;
  return frontend::lowerEcmaScript("m.ts", Src, T.root(), Opts);
}

std::string lower(const std::string &Src, Language L = Language::TypeScript,
                  unsigned MaxDepth = 400) {
  return ir::dump(lowerModule(Src, L, MaxDepth));
}

bool has(const std::string &Dump, const std::string &Line) {
  return Dump.find(Line) != std::string::npos;
}

const ir::Function *function(const ir::Module &M, const std::string &Qualified) {
  for (const ir::Function &F : M.Functions)
    if (F.QualifiedName == Qualified)
      return &F;
  return nullptr;
}

std::string slice(const std::string &Src, ir::Range R) {
  return Src.substr(R.Begin, R.End - R.Begin);
}

const Language AllGrammars[] = {Language::TypeScript, Language::TSX, Language::JavaScript};

TEST(EcmaScriptLowering, SharedSyntaxLowersAlikeInEveryGrammar) {
  std::string Src = "const URL = process.env.LLM_URL ?? 'http://x';\n"
                    "let key = process.env['KEY'] || def, both = a && b;\n"
                    "var pick = ok ? first : second;\n"
                    "const full = `${base}/v1/${path}`;\n"
                    "const plus = base + '/chat';\n"
                    "let later;\n"
                    "fetch(full, { method: 'POST', body });\n";
  std::string First;
  for (Language L : AllGrammars) {
    std::string D = lower(Src, L);
    EXPECT_TRUE(has(D, "def <module>()\n")) << D;
    EXPECT_TRUE(has(D, "  URL = (choice:?? (attr:LLM_URL (attr:env (name:process))) "
                       "(lit:'http://x'))\n"))
        << D;
    EXPECT_TRUE(has(D, "  key = (choice:|| (subscript (attr:env (name:process)) "
                       "(lit:'KEY')) (name:def))\n"))
        << D;
    EXPECT_TRUE(has(D, "  both = (choice:&& (name:a) (name:b))\n")) << D;
    EXPECT_TRUE(has(D, "  pick = (choice:?: (name:first) (name:second))\n")) << D;
    EXPECT_TRUE(has(D, "  eval (name:ok)\n")) << D; // the condition
    EXPECT_TRUE(has(D, "  full = (build:template (name:base) (lit:'/v1/') (name:path))\n")) << D;
    EXPECT_TRUE(has(D, "  plus = (build:+ (name:base) (lit:'/chat'))\n")) << D;
    EXPECT_FALSE(has(D, "later")) << D; // no initialiser, no assignment
    EXPECT_TRUE(has(D, "  eval (call (name:fetch) (name:full) "
                       "(container method=(lit:'POST') body=(name:body)))\n"))
        << D;
    if (First.empty())
      First = D;
    EXPECT_EQ(D, First);
  }
}

TEST(EcmaScriptLowering, CommentsBetweenChildrenChangeNothing) {
  // Comments are named children wherever they stand; every child walk skips
  // them, including the walks that stop after the last named child.
  std::string Plain = "import { a as b } from 'm';\n"
                      "const x = f(1, b), y = [x, ...z];\n"
                      "class C extends D { @dec m(p = 1) { return p + x; } }\n"
                      "if (x) { y(); } else { z(); }\n"
                      "for (let i = 0; i < n; i++) { g(i); }\n"
                      "switch (x) { case 1: h(); break; default: k(); }\n"
                      "export default { k: x, m() { return `t${x}u`; } };\n";
  std::string Commented =
      "/* c */ import /* c */ { /* c */ a /* c */ as b } from 'm'; // c\n"
      "const x /* c */ = f(/* c */ 1, /* c */ b /* c */), y = [x, /* c */ ...z];\n"
      "class C /* c */ extends D { /* c */ @dec /* c */ m(/* c */ p = 1) "
      "{ /* c */ return p /* c */ + x; } }\n"
      "if (/* c */ x) /* c */ { y(); } /* c */ else { z(); }\n"
      "for (/* c */ let i = 0; /* c */ i < n; /* c */ i++) /* c */ { g(i); }\n"
      "switch (/* c */ x) { /* c */ case 1: /* c */ h(); break; default: /* c */ k(); }\n"
      "export default { /* c */ k: x /* c */, m() { /* c */ return `t${/* c */ x}u`; } };\n";
  for (Language L : AllGrammars) {
    std::string D = lower(Plain, L);
    EXPECT_TRUE(has(D, "  x = (call (name:f) (lit:1) (name:b))\n")) << D;
    EXPECT_TRUE(has(D, "def C.m(this, p=(lit:1)) @(name:dec)\n")) << D;
    EXPECT_TRUE(has(D, "  return (build:template (lit:'t') (name:x) (lit:'u'))\n")) << D;
    EXPECT_EQ(lower(Commented, L), D);
  }
}

TEST(EcmaScriptLowering, StringEscapesDecodeToUtf8) {
  std::string Src = "a = 'n\\n t\\t q\\' dq\\\" bs\\\\ x\\x41 u\\u00e9 "
                    "b\\u{1F600} p\\uD83D\\uDE00 z\\0 o\\101 k\\q c\\\nd';\n"
                    "b = \"\\r\\b\\f\\v\";\n"
                    "c = `t\\n\\`${x}\\u0041\\$`;\n"
                    "d = `plain\\ttemplate`;\n";
  for (Language L : AllGrammars) {
    ir::Module M = lowerModule(Src, L);
    std::vector<std::string> Strings;
    for (const ir::Node &N : M.Nodes)
      if (N.isString())
        Strings.push_back(N.Text);
    ASSERT_EQ(Strings.size(), 5u) << ir::dump(M);
    EXPECT_EQ(Strings[0], "n\n t\t q' dq\" bs\\ xA u\xC3\xA9 b\xF0\x9F\x98\x80 "
                          "p\xF0\x9F\x98\x80 z" +
                              std::string(1, '\0') + " oA kq cd");
    EXPECT_EQ(Strings[1], "\r\b\f\v");
    EXPECT_EQ(Strings[2], "t\n`");
    EXPECT_EQ(Strings[3], "A$");
    EXPECT_EQ(Strings[4], "plain\ttemplate"); // no substitution: a Literal
  }
  // ecmaStringValue on nodes directly: template substitutions are left out.
  std::string Tpl = "x = `a${b}c`;";
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::JavaScript)));
  Tree T = P.parse(Tpl);
  TSNode Assign = ts_node_named_child(ts_node_named_child(T.root(), 0), 0);
  TSNode Right = ts_node_child_by_field_name(Assign, "right", 5);
  EXPECT_EQ(frontend::ecmaStringValue(Right, Tpl), "ac");
}

TEST(EcmaScriptLowering, CallsMembersAndOptionalChains) {
  std::string D = lower("a?.b?.[c]?.(d);\n"
                        "obj.m(1, ...rest);\n"
                        "const c1 = new OpenAI({ apiKey: key });\n"
                        "const c2 = new X;\n"
                        "const r = tag`q=${v}`;\n"
                        "const mod = await import('./m');\n"
                        "const notImport = require(name);\n"
                        "const ext = require('m').sub;\n");
  EXPECT_TRUE(has(D, "  eval (call (subscript (attr:b (name:a)) (name:c)) (name:d))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (attr:m (name:obj)) (lit:1) *(name:rest))\n")) << D;
  EXPECT_TRUE(has(D, "  c1 = (call (name:OpenAI) (container apiKey=(name:key)))\n")) << D;
  EXPECT_TRUE(has(D, "  c2 = (call (name:X))\n")) << D;
  EXPECT_TRUE(has(D, "  r = (call (name:tag) (build:template (lit:'q=') (name:v)))\n")) << D;
  EXPECT_TRUE(has(D, "  mod = (pass:await (call (name:import) (lit:'./m')))\n")) << D;
  EXPECT_TRUE(has(D, "  notImport = (call (name:require) (name:name))\n")) << D;
  // require('m') as a value reads a synthetic import of m.
  EXPECT_TRUE(has(D, "  ext = (attr:sub (name:<require m>))\n")) << D;
  EXPECT_TRUE(has(D, "import m as <require m>\n")) << D;
  EXPECT_FALSE(has(D, "import ./m")) << D; // dynamic import() stays a call
}

TEST(EcmaScriptLowering, ObjectAndArrayLiterals) {
  std::string D = lower("const o = { k: 1, 'quoted-key': 2, [dyn]: 3, short, 4: five,\n"
                        "  m() { return 1; }, get g() { return 2; }, ...spread };\n"
                        "const arr = [a, ...more, [b]];\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "  o = (container k=(lit:1) quoted-key=(lit:2) (lit:3) "
                     "short=(name:short) 4=(name:five) m=(function:m) g=(function:g) "
                     "*(name:spread))\n"))
      << D;
  EXPECT_TRUE(has(D, "  eval (name:dyn)\n")) << D;         // the computed key
  EXPECT_TRUE(has(D, "def m()\n  return (lit:1)\n")) << D; // no `this` parameter
  EXPECT_TRUE(has(D, "def g() getter\n  return (lit:2)\n")) << D;
  EXPECT_TRUE(has(D, "  arr = (container (name:a) *(name:more) (container (name:b)))\n")) << D;
  ir::Module M = lowerModule("o = { 'k': v, k2: w };");
  const ir::Node *Obj = nullptr;
  for (const ir::Node &N : M.Nodes)
    if (N.Kind == ir::NodeKind::Container)
      Obj = &N;
  ASSERT_TRUE(Obj);
  EXPECT_EQ(Obj->Text, "object");
  ASSERT_EQ(Obj->Args.size(), 2u);
  EXPECT_TRUE(Obj->Args[0].StringLiteral);
  EXPECT_FALSE(Obj->Args[1].StringLiteral);
}

TEST(EcmaScriptLowering, FunctionsParametersAndNames) {
  std::string Src =
      "export async function get(url: string, retries = 3, ...rest: any[]): Promise<T> {\n"
      "  const inner = () => url;\n"
      "  function helper(x?: number) { return x; }\n"
      "  return await fetch(url).then((r) => r.json());\n"
      "}\n"
      "const obj = { handler: async function () {} };\n"
      "setTimeout(function () { tick(); });\n"
      "const named = function impl() {};\n"
      "function* gen() { yield token; }\n";
  ir::Module M = lowerModule(Src);
  std::string D = ir::dump(M);
  EXPECT_TRUE(has(D, "def get(url, retries=(lit:3), *rest) async\n")) << D;
  EXPECT_TRUE(has(D, "  get = (function:get)\n")) << D;
  EXPECT_TRUE(has(D, "  inner = (function:inner)\n")) << D;
  EXPECT_TRUE(has(D, "def get.inner()\n  return (name:url)\n")) << D;
  EXPECT_TRUE(has(D, "def get.helper(x)\n  return (name:x)\n")) << D;
  EXPECT_TRUE(has(D, "  return (pass:await (call (attr:then (call (name:fetch) (name:url))) "
                     "(function:<arrow@4>)))\n"))
      << D;
  EXPECT_TRUE(has(D, "def get.<arrow@4>(r)\n  return (call (attr:json (name:r)))\n")) << D;
  EXPECT_TRUE(has(D, "def handler() async\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:setTimeout) (function:<function@7>))\n")) << D;
  EXPECT_TRUE(has(D, "def <function@7>()\n  eval (call (name:tick))\n")) << D;
  EXPECT_TRUE(has(D, "  named = (function:impl)\n")) << D;
  EXPECT_TRUE(has(D, "def gen()\n  return (name:token)\n")) << D;

  const ir::Function *Get = function(M, "get");
  ASSERT_TRUE(Get);
  EXPECT_EQ(Get->Parent, 0);
  EXPECT_EQ(slice(Src, Get->NameWhere), "get");
  EXPECT_EQ(Get->Params[0].Annotation, "string");
  EXPECT_EQ(Get->Params[2].Annotation, "any[]");
  EXPECT_TRUE(Get->Params[2].Star);
  const ir::Function *Inner = function(M, "get.inner");
  ASSERT_TRUE(Inner);
  EXPECT_EQ(Inner->Parent, Get - M.Functions.data());
  EXPECT_EQ(slice(Src, Inner->NameWhere), "inner");
  EXPECT_EQ(slice(Src, Inner->Where), "() => url");
  EXPECT_EQ(M.Functions[0].Parent, -1);
  EXPECT_EQ(M.Functions[0].Name, "<module>");
}

TEST(EcmaScriptLowering, DestructuredParametersBindFromSyntheticNames) {
  std::string D = lower("function f(a, { baseURL, model = 'm', opts: { t } },\n"
                        "           [x, , y] = [], ...[z]) {}\n"
                        "const g = ({ k }) => k;\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "def f(a, <param1>, <param2>=(container), *<param3>)\n")) << D;
  EXPECT_TRUE(has(D, "  (baseURL: baseURL, model: model = (lit:'m'), opts: (t: t)) = "
                     "(name:<param1>)\n"))
      << D;
  EXPECT_TRUE(has(D, "  (x, y) = (name:<param2>)\n")) << D; // holes leave no element
  EXPECT_TRUE(has(D, "  (z) = (name:<param3>)\n")) << D;
  EXPECT_TRUE(has(D, "def g(<param0>)\n  (k: k) = (name:<param0>)\n  return (name:k)\n")) << D;
}

TEST(EcmaScriptLowering, ClassesMethodsAndFields) {
  std::string Src =
      "@Injectable()\n"
      "export class Client extends Base<T> implements Api {\n"
      "  private session = new Session();\n"
      "  static defaults: Opts = { retries: 1 };\n"
      "  #secret = process.env.SECRET;\n"
      "  declared?: string;\n"
      "  onClick = () => this.go();\n"
      "  constructor(private baseUrl: string, readonly model = 'gpt', plain: number) {\n"
      "    super(baseUrl);\n"
      "    this.url = baseUrl + '/v1';\n"
      "  }\n"
      "  @Get('/x') async fetch(path) { return super.fetch(this.url + path); }\n"
      "  static create() { return new Client('u'); }\n"
      "  get endpoint() { return this.url; }\n"
      "  set endpoint(v) { this.url = v; }\n"
      "  static { init(); }\n"
      "  abstractLike(): void;\n"
      "}\n";
  ir::Module M = lowerModule(Src);
  std::string D = ir::dump(M);
  EXPECT_TRUE(has(D, "class Client((name:Base))\n")) << D;
  EXPECT_TRUE(has(D, "  Client = (class:Client)\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:Injectable))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.<class-body>()\n"
                     "  session = (call (name:Session))\n"
                     "  defaults: Opts = (container retries=(lit:1))\n"
                     "  #secret = (attr:SECRET (attr:env (name:process)))\n"
                     "  declared: string = -\n"
                     "  onClick = (function:onClick)\n"
                     "  eval (call (name:init))\n"))
      << D;
  EXPECT_TRUE(has(D, "def Client.onClick()\n  return (call (attr:go (name:this)))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.constructor(this, baseUrl, model=(lit:'gpt'), plain) constructor\n"
                     "  (name:this).baseUrl = (name:baseUrl)\n"
                     "  (name:this).model = (name:model)\n"
                     "  (name:this).url = (build:+ (name:baseUrl) (lit:'/v1'))\n"
                     "  eval (call (name:super) (name:baseUrl))\n"))
      << D;
  EXPECT_TRUE(has(D, "def Client.fetch(this, path) async @(call (name:Get) (lit:'/x'))\n"
                     "  return (call (attr:fetch (name:super)) (build:+ (attr:url (name:this)) "
                     "(name:path)))\n"))
      << D;
  EXPECT_TRUE(has(D, "def Client.create() static\n  return (call (name:Client) (lit:'u'))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.endpoint(this) getter\n  return (attr:url (name:this))\n")) << D;
  EXPECT_TRUE(has(D, "def Client.endpoint(this, v)\n  (name:this).url = (name:v)\n")) << D;
  EXPECT_FALSE(has(D, "abstractLike")) << D;

  ASSERT_EQ(M.Classes.size(), 1u);
  const ir::ClassDef &C = M.Classes[0];
  EXPECT_EQ(slice(Src, C.NameWhere), "Client");
  EXPECT_EQ(M.Functions[C.Body].Name, "<class-body>");
  EXPECT_EQ(M.Functions[C.Body].Class, 0);
  EXPECT_EQ(M.Functions[C.Body].Parent, 0);
  std::set<std::string> Methods;
  for (uint32_t F : C.Methods) {
    const ir::Function &Fn = M.Functions[F];
    Methods.insert(Fn.Name);
    EXPECT_EQ(Fn.Class, 0);
    EXPECT_EQ(Fn.Parent, static_cast<int>(C.Body));
    EXPECT_EQ(Fn.IsStatic, Fn.Name == "create") << Fn.Name;
    EXPECT_EQ(Fn.IsConstructor, Fn.Name == "constructor") << Fn.Name;
    if (!Fn.IsStatic) {
      ASSERT_FALSE(Fn.Params.empty());
      EXPECT_EQ(Fn.Params[0].Name, "this");
      EXPECT_EQ(slice(Src, Fn.Params[0].Where), Fn.Name);
    }
  }
  EXPECT_EQ(Methods, (std::set<std::string>{"constructor", "fetch", "create", "endpoint"}));
  EXPECT_EQ(C.Methods.size(), 5u); // getter and setter both
}

TEST(EcmaScriptLowering, TypeScriptDecorators) {
  std::string D = lower("@Controller('x') export class S {\n"
                        "  constructor(@Inject(TOKEN) private readonly svc: Svc, @Opt() o?: O) {}\n"
                        "  @Post() @Auth(role) handle(@Body() body: Dto) {}\n"
                        "}\n");
  EXPECT_TRUE(has(D, "  S = (class:S)\n  eval (call (name:Controller) (lit:'x'))\n")) << D;
  // Parameter decorators run with the class body.
  EXPECT_TRUE(has(D, "def S.<class-body>()\n  eval (call (name:Inject) (name:TOKEN))\n"
                     "  eval (call (name:Opt))\n  eval (call (name:Body))\n"))
      << D;
  EXPECT_TRUE(has(D, "def S.constructor(this, svc, o) constructor\n"
                     "  (name:this).svc = (name:svc)\n"))
      << D;
  EXPECT_TRUE(has(D, "def S.handle(this, body) @(call (name:Post)) "
                     "@(call (name:Auth) (name:role))\n"))
      << D;
}

TEST(EcmaScriptLowering, JavaScriptClassesAndClassExpressions) {
  std::string D = lower("class A extends mixin(B) {\n"
                        "  @tracked count = 0;\n"
                        "  static #instances = [];\n"
                        "  @bound handle(e) { this.count++; }\n"
                        "  [Symbol.iterator]() {}\n"
                        "}\n"
                        "const Anon = class { m() {} };\n"
                        "register(class {});\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "class A((call (name:mixin) (name:B)))\n")) << D;
  EXPECT_TRUE(has(D, "def A.<class-body>()\n  count = (lit:0)\n  #instances = (container)\n"
                     "  eval (name:tracked)\n  eval (attr:iterator (name:Symbol))\n"))
      << D;
  EXPECT_TRUE(has(D, "def A.handle(this, e) @(name:bound)\n"
                     "  eval (unknown (attr:count (name:this)))\n"))
      << D;
  EXPECT_TRUE(has(D, "def A.[Symbol.iterator](this)\n")) << D;
  EXPECT_TRUE(has(D, "class Anon()\n")) << D;
  EXPECT_TRUE(has(D, "  Anon = (class:Anon)\n")) << D;
  EXPECT_TRUE(has(D, "def Anon.m(this)\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:register) (class:<class@8>))\n")) << D;
}

TEST(EcmaScriptLowering, DestructuringAssignments) {
  std::string D = lower("const { A, B = 'd', c: x, ...rest } = obj;\n"
                        "const { a: { b }, d: [e] } = nested;\n"
                        "const [p, , q = 1, ...r] = arr;\n"
                        "[m, n] = [n, m];\n"
                        "({ u, v } = w);\n"
                        "for (const [k, val] of Object.entries(o)) use(k);\n"
                        "for (key in o) {}\n");
  EXPECT_TRUE(has(D, "  (A: A, B: B = (lit:'d'), c: x, *rest) = (name:obj)\n")) << D;
  EXPECT_TRUE(has(D, "  (a: (b: b), d: (e)) = (name:nested)\n")) << D;
  EXPECT_TRUE(has(D, "  (p, q = (lit:1), *r) = (name:arr)\n")) << D;
  EXPECT_TRUE(has(D, "  (m, n) = (container (name:n) (name:m))\n")) << D;
  EXPECT_TRUE(has(D, "  (u: u, v: v) = (name:w)\n")) << D;
  EXPECT_TRUE(has(D, "  (k, val) in (call (attr:entries (name:Object)) (name:o))\n")) << D;
  EXPECT_TRUE(has(D, "  key in (name:o)\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:use) (name:k))\n")) << D;

  ir::Module M = lowerModule("const { A, ...rest } = obj;");
  const ir::Target &T = M.Functions[0].Assignments[0].Lhs;
  ASSERT_EQ(T.K, ir::Target::Tuple);
  ASSERT_EQ(T.Elements.size(), 2u);
  EXPECT_EQ(T.Elements[0].Property, "A");
  EXPECT_EQ(T.Elements[0].Text, "A");
  EXPECT_EQ(T.Elements[1].Property, "");
  EXPECT_EQ(T.StarredIndex, 1);
}

TEST(EcmaScriptLowering, AssignmentsAndTargets) {
  std::string D = lower("a = b = c;\n"
                        "x += '/path';\n"
                        "y ?\?= fallback;\n"
                        "n *= 2;\n"
                        "cfg.url = base;\n"
                        "cfg['key'] = k;\n"
                        "cfg[name] = v;\n"
                        "(window as any).token = t;\n"
                        "if ((match = re.exec(s))) {}\n"
                        "const h = (z = 1);\n");
  EXPECT_TRUE(has(D, "  b = (name:c)\n  a = (name:c)\n")) << D;
  EXPECT_TRUE(has(D, "  x = (build:+ (name:x) (lit:'/path'))\n")) << D;
  EXPECT_TRUE(has(D, "  y = (choice:?? (name:y) (name:fallback))\n")) << D;
  EXPECT_TRUE(has(D, "  n = (unknown (name:n) (lit:2))\n")) << D;
  EXPECT_TRUE(has(D, "  (name:cfg).url = (name:base)\n")) << D;
  EXPECT_TRUE(has(D, "  (name:cfg)[(lit:'key')] = (name:k)\n")) << D;
  EXPECT_TRUE(has(D, "  (name:cfg)[(name:name)] = (name:v)\n")) << D;
  EXPECT_TRUE(has(D, "  (pass:paren (pass:as (name:window))).token = (name:t)\n")) << D;
  EXPECT_TRUE(has(D, "  match = (call (attr:exec (name:re)) (name:s))\n")) << D;
  EXPECT_TRUE(has(D, "  z = (lit:1)\n  h = (pass:paren (lit:1))\n")) << D;
  EXPECT_FALSE(has(D, "eval")) << D; // assignment statements are not evaluated again
}

TEST(EcmaScriptLowering, ControlFlowStatements) {
  std::string D = lower("for (let i = 0, j = f(); i < n; i++) { g(i); }\n"
                        "for (;;) { break; }\n"
                        "do { h(); } while (cond());\n"
                        "switch (k) { case 'a': s1(); break; default: s2(); }\n"
                        "if (x) { t(); } else if (y) { e1(); } else { e2(); }\n"
                        "while (w) throw new Error(msg);\n"
                        "try { risky(); } catch (err) { log(err); } finally { done(); }\n"
                        "outer: { labelled(); }\n"
                        "{ { nested(); } }\n",
                        Language::JavaScript);
  for (const char *Line : {"  i = (lit:0)\n",
                           "  j = (call (name:f))\n",
                           "  eval (unknown (name:i) (name:n))\n",
                           "  eval (unknown (name:i))\n",
                           "  eval (call (name:g) (name:i))\n",
                           "  eval (call (name:h))\n",
                           "  eval (call (name:cond))\n",
                           "  eval (name:k)\n",
                           "  eval (lit:'a')\n",
                           "  eval (call (name:s1))\n",
                           "  eval (call (name:s2))\n",
                           "  eval (name:x)\n",
                           "  eval (call (name:t))\n",
                           "  eval (name:y)\n",
                           "  eval (call (name:e1))\n",
                           "  eval (call (name:e2))\n",
                           "  eval (name:w)\n",
                           "  eval (call (name:Error) (name:msg))\n",
                           "  eval (call (name:risky))\n",
                           "  eval (call (name:log) (name:err))\n",
                           "  eval (call (name:done))\n",
                           "  eval (call (name:labelled))\n",
                           "  eval (call (name:nested))\n"})
    EXPECT_TRUE(has(D, Line)) << Line << D;
  EXPECT_FALSE(has(D, "  err =")) << D; // the catch parameter binds nothing
}

TEST(EcmaScriptLowering, EsImports) {
  std::string Src = "import OpenAI from 'openai';\n"
                    "import { a, b as c, type T, 'quoted' as q } from './lib';\n"
                    "import * as ns from '../ns';\n"
                    "import d, { e } from \"m\";\n"
                    "import type { Only } from './types';\n"
                    "import './side-effect';\n"
                    "import fs = require('fs');\n"
                    "function f() { const lazy = require('lazy'); }\n";
  ir::Module M = lowerModule(Src);
  std::string D = ir::dump(M);
  // Type-only imports name the types of annotations.
  EXPECT_TRUE(has(D, "import openai : default as OpenAI\n"
                     "import ./lib : a\n"
                     "import ./lib : b as c\n"
                     "import ./lib : T\n"
                     "import ./lib : quoted as q\n"
                     "import ../ns as ns\n"
                     "import m : default as d\n"
                     "import m : e\n"
                     "import ./types : Only\n"
                     "import fs as fs\n"
                     "import lazy as lazy in f\n"))
      << D;
  EXPECT_FALSE(has(D, "side-effect")) << D;
  for (const ir::Import &I : M.Imports) {
    EXPECT_EQ(I.Scope, I.Module == "lazy" ? 1u : 0u) << I.Module;
    EXPECT_GT(I.Where.End, I.Where.Begin);
  }
  EXPECT_EQ(slice(Src, M.Imports[2].Where), "b as c");
  EXPECT_EQ(M.Imports[0].boundName(), "OpenAI");
  EXPECT_EQ(M.Imports[5].boundName(), "ns");
  EXPECT_EQ(M.Imports[3].boundName(), "T");
}

TEST(EcmaScriptLowering, EsExports) {
  std::string D = lower("export const x = 1;\n"
                        "export function f() {}\n"
                        "export class C {}\n"
                        "export default function g() {}\n"
                        "export { a as b, same, z as default };\n"
                        "export { r as s, t } from './re';\n"
                        "export * from './all';\n"
                        "export * as space from './space';\n"
                        "export type { Ty } from './types';\n"
                        "export { type Other as O } from './types';\n"
                        "export interface I { x: number }\n");
  // Type-only re-exports too: annotations name what they re-export.
  EXPECT_TRUE(has(D, "import ./re : r as s\nimport ./re : t\nimport ./all : *\n"
                     "import ./space as space\nimport ./types : Ty\nimport ./types : Other as O\n"))
      << D;
  EXPECT_TRUE(has(D, "  x = (lit:1)\n  f = (function:f)\n  C = (class:C)\n"
                     "  g = (function:g)\n  default = (name:g)\n"
                     "  b = (name:a)\n  default = (name:z)\n"))
      << D;
  EXPECT_FALSE(has(D, "same =")) << D;

  EXPECT_TRUE(
      has(lower("export default { url: base };"), "  default = (container url=(name:base))\n"));
  EXPECT_TRUE(has(lower("export default async () => {};"), "def default() async\n"));
  EXPECT_TRUE(has(lower("export default class { }"), "  default = (class:default)\n"));
  EXPECT_TRUE(has(lower("export = settings;"), "  default = (name:settings)\n"));
}

TEST(EcmaScriptLowering, CommonJsModules) {
  std::string D = lower("const OpenAI = require('openai');\n"
                        "const { a, b: c } = require('./lib');\n"
                        "var { x = 1 } = require('./defaults');\n"
                        "module.exports = { client, make: build };\n"
                        "module.exports.extra = 1;\n"
                        "exports.other = other;\n"
                        "function local() { exports.inner = 2; }\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "import openai as OpenAI\nimport ./lib : a\nimport ./lib : b as c\n")) << D;
  // With a default it stays an assignment, from the required module.
  EXPECT_TRUE(has(D, "import ./defaults as <require ./defaults>\n")) << D;
  EXPECT_TRUE(has(D, "  (x: x = (lit:1)) = (name:<require ./defaults>)\n")) << D;
  EXPECT_TRUE(has(D, "  default = (container client=(name:client) make=(name:build))\n"
                     "  client = (name:client)\n  make = (name:build)\n"))
      << D;
  EXPECT_TRUE(has(D, "  extra = (lit:1)\n  other = (name:other)\n")) << D;
  EXPECT_TRUE(has(D, "def local()\n  (name:exports).inner = (lit:2)\n")) << D;
}

TEST(EcmaScriptLowering, RequireAsAValue) {
  std::string Src = "const Pool = require('pg').Pool;\n"
                    "require('dotenv').config();\n"
                    "const ax = require('axios').default;\n"
                    "function f() { return require('./local').url; }\n"
                    "const dyn = require(name), two = require('a', 'b');\n";
  ir::Module M = lowerModule(Src, Language::JavaScript);
  std::string D = ir::dump(M);
  EXPECT_TRUE(has(D, "import pg as <require pg>\n"
                     "import dotenv as <require dotenv>\n"
                     "import axios as <require axios>\n"
                     "import ./local as <require ./local> in f\n"))
      << D;
  EXPECT_TRUE(has(D, "  Pool = (attr:Pool (name:<require pg>))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (attr:config (name:<require dotenv>)))\n")) << D;
  EXPECT_TRUE(has(D, "  ax = (attr:default (name:<require axios>))\n")) << D;
  EXPECT_TRUE(has(D, "  return (attr:url (name:<require ./local>))\n")) << D;
  // Not a require of one string: an ordinary call.
  EXPECT_TRUE(has(D, "  dyn = (call (name:require) (name:name))\n")) << D;
  EXPECT_TRUE(has(D, "  two = (call (name:require) (lit:'a') (lit:'b'))\n")) << D;
  ASSERT_EQ(M.Imports.size(), 4u);
  EXPECT_EQ(slice(Src, M.Imports[0].Where), "require('pg')");
  EXPECT_EQ(M.Imports[3].Scope, 1u);
}

TEST(EcmaScriptLowering, TypeScriptOnlySyntax) {
  std::string D = lower("interface Opts { url: string }\n"
                        "type Alias = string | number;\n"
                        "declare const injected: string;\n"
                        "declare module 'x' { export const y: number; }\n"
                        "enum Color { Red, Green = 5, Blue, Named = 'n', After }\n"
                        "namespace Config { export const url = env.URL; }\n"
                        "function over(a: string): void;\n"
                        "function over(a: any) {}\n"
                        "abstract class Shape { abstract area(): number; }\n"
                        "const v1 = value as string;\n"
                        "const v2 = value satisfies Opts;\n"
                        "const v3 = maybe!;\n"
                        "const v4 = <string>raw;\n"
                        "const v5 = make<Opts>;\n"
                        "let typed: Opts = load();\n");
  EXPECT_FALSE(has(D, "injected")) << D;
  EXPECT_FALSE(has(D, "Alias")) << D;
  EXPECT_TRUE(has(D, "  Color = (container Red=(lit:0) Green=(lit:5) Blue=(lit:6) "
                     "Named=(lit:'n') After=(unknown))\n"))
      << D;
  EXPECT_TRUE(has(D, "  url = (attr:URL (name:env))\n")) << D;
  EXPECT_TRUE(has(D, "  over = (function:over)\n")) << D;
  EXPECT_TRUE(has(D, "class Shape()\n")) << D;
  EXPECT_TRUE(has(D, "  v1 = (pass:as (name:value))\n")) << D;
  EXPECT_TRUE(has(D, "  v2 = (pass:satisfies (name:value))\n")) << D;
  EXPECT_TRUE(has(D, "  v3 = (pass:! (name:maybe))\n")) << D;
  EXPECT_TRUE(has(D, "  v4 = (pass:type-assertion (name:raw))\n")) << D;
  EXPECT_TRUE(has(D, "  v5 = (pass:instantiation (name:make))\n")) << D;
  EXPECT_TRUE(has(D, "  typed: Opts = (call (name:load))\n")) << D;
  EXPECT_FALSE(has(D, "def Shape.area")) << D;
  ir::Module M = lowerModule("function over(a: string): void;\nfunction over(a: any) {}\n");
  EXPECT_EQ(M.Functions.size(), 2u); // the signature is not a function
}

TEST(EcmaScriptLowering, JsxExpressionsAreEvaluated) {
  std::string Src = "const el = <Panel url={buildUrl(base)} title=\"t\" {...props}>\n"
                    "  {items.map((i) => <Item key={i.id} />)}\n"
                    "  <>{fragmentCall()}</>\n"
                    "</Panel>;\n"
                    "function App() { return <div onClick={() => send(token)} />; }\n";
  for (Language L : {Language::TSX, Language::JavaScript}) {
    std::string D = lower(Src, L);
    EXPECT_TRUE(has(D, "  el = (unknown (call (name:buildUrl) (name:base)) (name:props) "
                       "(call (attr:map (name:items)) (function:<arrow@2>)) "
                       "(unknown (call (name:fragmentCall))))\n"))
        << D;
    EXPECT_TRUE(has(D, "  eval (call (name:buildUrl) (name:base))\n")) << D;
    EXPECT_TRUE(has(D, "  eval (name:props)\n")) << D;
    EXPECT_TRUE(has(D, "  eval (call (name:fragmentCall))\n")) << D;
    EXPECT_TRUE(has(D, "def <arrow@2>(i)\n  return (unknown (attr:id (name:i)))\n"
                       "  eval (attr:id (name:i))\n"))
        << D;
    EXPECT_TRUE(has(D, "def App()\n  return (unknown (function:<arrow@5>))\n")) << D;
    EXPECT_TRUE(has(D, "def App.<arrow@5>()\n  return (call (name:send) (name:token))\n")) << D;
  }
}

TEST(EcmaScriptLowering, OperatorsAndLiterals) {
  std::string D = lower("const n = a * 2 - b;\n"
                        "const t = typeof x === 'string';\n"
                        "const u = undefined, nl = null, yes = true, re = /ab+c/gi;\n"
                        "const inc = i++;\n"
                        "const neg = !flag;\n"
                        "void send(data);\n"
                        "const isA = obj instanceof A, hasK = 'k' in obj;\n"
                        "const seq = (first(), second);\n"
                        "const meta = import.meta.env.VITE_URL;\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "  n = (unknown (unknown (name:a) (lit:2)) (name:b))\n")) << D;
  EXPECT_TRUE(has(D, "  t = (unknown (unknown (name:x)) (lit:'string'))\n")) << D;
  EXPECT_TRUE(has(D, "  u = (lit:undefined)\n  nl = (lit:null)\n  yes = (lit:true)\n"
                     "  re = (lit:/ab+c/gi)\n"))
      << D;
  EXPECT_TRUE(has(D, "  inc = (unknown (name:i))\n")) << D;
  EXPECT_TRUE(has(D, "  neg = (unknown (name:flag))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:send) (name:data))\n  eval (unknown)\n")) << D;
  EXPECT_TRUE(has(D, "  isA = (unknown (name:obj) (name:A))\n")) << D;
  EXPECT_TRUE(has(D, "  hasK = (unknown (lit:'k') (name:obj))\n")) << D;
  EXPECT_TRUE(has(D, "  seq = (pass:paren (name:second))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:first))\n")) << D;
  EXPECT_TRUE(has(D, "  meta = (attr:VITE_URL (attr:env (attr:meta (name:import))))\n")) << D;
}

TEST(EcmaScriptLowering, DeepNestingIsCutAndReported) {
  std::string Parens = "x = " + std::string(5000, '(') + "a" + std::string(5000, ')') + ";\n";
  std::string Sum = "y = a";
  for (int I = 0; I < 5000; ++I)
    Sum += "+a";
  Sum += ";\n";
  std::string Arrows = "const f = ";
  for (int I = 0; I < 5000; ++I)
    Arrows += "a => ";
  Arrows += "1;\n";
  std::string Blocks = std::string(5000, '{') + "g();" + std::string(5000, '}') + "\n";
  std::string Arrays = "z = " + std::string(5000, '[') + std::string(5000, ']') + ";\n";
  for (const std::string *Src : {&Parens, &Arrows, &Blocks, &Arrays}) {
    for (Language L : AllGrammars) {
      ir::Module M = lowerModule(*Src, L);
      ASSERT_EQ(M.Limits.size(), 1u) << Src->substr(0, 20);
      EXPECT_EQ(M.Limits[0].Message, "code nested more than 400 levels deep was not analysed");
    }
  }
  EXPECT_TRUE(has(lower(Parens, Language::TypeScript, 100),
                  ": code nested more than 100 levels deep was not analysed\n"));
  // A flat `+` chain is long, not deep: one string built from all its terms.
  for (Language L : AllGrammars) {
    ir::Module M = lowerModule(Sum, L);
    EXPECT_TRUE(M.Limits.empty()) << M.Limits.front().Message;
  }
  std::string D = lower(Sum);
  EXPECT_TRUE(has(D, "  y = (build:+ (name:a) (name:a) (name:a)")) << D.substr(0, 200);
  EXPECT_FALSE(has(D, "(build:+ (build:+")) << D.substr(0, 200);
  // Other operators still nest: a + (b * c) keeps its right operand.
  EXPECT_TRUE(has(lower("v = a + b * c + d;\n"),
                  "  v = (build:+ (name:a) (unknown (name:b) (name:c)) (name:d))\n"))
      << lower("v = a + b * c + d;\n");
}

TEST(EcmaScriptLowering, BrokenCodeIsLoweredAsFarAsItParses) {
  std::string D = lower("function broken( {\n  return 1;\n}\n"
                        "const URL = process.env.U;\n"
                        "class { x = \nfetch(URL);\n",
                        Language::JavaScript);
  EXPECT_TRUE(has(D, "(call (name:fetch) (name:URL))")) << D;
  EXPECT_TRUE(has(D, "(attr:U (attr:env (name:process)))")) << D;
  D = lower("const a = {b: ;\nconst KEY = process.env['K'];\nfoo(\nbar(KEY)\n");
  EXPECT_TRUE(has(D, "  KEY = (subscript (attr:env (name:process)) (lit:'K'))\n")) << D;
  EXPECT_TRUE(has(D, "(call (name:bar) (name:KEY))")) << D;
  // Garbage of every kind lowers without crashing.
  for (Language L : AllGrammars)
    for (const char *Src : {"}}}{{{", "class extends {", "import { from", "export default",
                            "const [a, ...] = ", "<div a={", "x = `${", "@dec", "enum {"})
      lower(Src, L);
}

// --- Import specifier resolution ------------------------------------------

struct Files {
  std::set<std::string> Set;
  std::function<bool(const std::string &)> exists() const {
    return [this](const std::string &P) { return Set.count(P) != 0; };
  }
};

TEST(EcmaScriptModules, NormalizesPathsLexically) {
  EXPECT_EQ(frontend::normalizePath("a/./b//c/../d"), "a/b/d");
  EXPECT_EQ(frontend::normalizePath("/x/../../y"), "/y");
  EXPECT_EQ(frontend::normalizePath("../a/../../b"), "../../b");
  EXPECT_EQ(frontend::normalizePath("./"), "");
}

TEST(EcmaScriptModules, RelativeSpecifiers) {
  Files F{{"src/app.ts", "src/lib/client.ts", "src/lib/index.ts", "src/util.js", "src/comp.tsx",
           "src/pure.mjs", "src/ts-source.ts", "shared/config.cts", "src/widgets/index.tsx",
           "src/only.d.ts", "src/data.json", "src/x.ts", "src/x/index.ts"}};
  auto R = [&](const std::string &Spec) {
    return frontend::resolveSpecifier("src/app.ts", Spec, F.exists(), nullptr);
  };
  EXPECT_EQ(R("./lib/client"), "src/lib/client.ts");
  EXPECT_EQ(R("./lib/client.ts"), "src/lib/client.ts");
  EXPECT_EQ(R("./lib"), "src/lib/index.ts");
  EXPECT_EQ(R("./lib/"), "src/lib/index.ts");
  EXPECT_EQ(R("./util"), "src/util.js");
  EXPECT_EQ(R("./comp"), "src/comp.tsx");
  EXPECT_EQ(R("./pure"), "src/pure.mjs");
  EXPECT_EQ(R("./ts-source.js"), "src/ts-source.ts"); // TS's .js convention
  EXPECT_EQ(R("./util.js"), "src/util.js");
  EXPECT_EQ(R("../shared/config.cjs"), "shared/config.cts");
  EXPECT_EQ(R("./widgets"), "src/widgets/index.tsx");
  EXPECT_EQ(R("./only"), ""); // declaration files are never the result
  EXPECT_EQ(R("./data.json"), "src/data.json");
  EXPECT_EQ(R("./x"), "src/x.ts"); // a file before a directory
  EXPECT_EQ(R("./lib/../x"), "src/x.ts");
  EXPECT_EQ(R("./missing"), "");
  EXPECT_EQ(R("openai"), ""); // bare package names stay unresolved
  EXPECT_EQ(R("@scope/pkg"), "");
  EXPECT_EQ(frontend::resolveSpecifier(
                "/repo/src/a/b.ts", "../lib/client",
                [](const std::string &P) { return P == "/repo/src/lib/client.ts"; }, nullptr),
            "/repo/src/lib/client.ts");
  EXPECT_EQ(frontend::resolveSpecifier("main.js", "./util", F.exists(), nullptr), "");
}

TEST(EcmaScriptModules, PathAliasesAndBaseUrl) {
  Files F{{"web/src/lib/api.ts", "web/src/components/Button.tsx", "web/src/env.ts",
           "web/types/api/index.ts", "web/vendor/special.js", "web/src/lib/deep/x.ts"}};
  llvm::Expected<frontend::TsConfig> C =
      frontend::parseTsConfig("web/tsconfig.json",
                              R"({"compilerOptions": {"baseUrl": "./src", "paths": {
           "@/*": ["./*"], "@lib/*": ["lib/*", "../types/*"], "@lib/deep/*": ["lib/deep/*"],
           "special": ["../vendor/special.js"], "~env": ["env"]}}})");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(C->Dir, "web");
  EXPECT_EQ(C->BaseUrl, "web/src");
  auto R = [&](const std::string &Spec) {
    return frontend::resolveSpecifier("web/src/pages/home.tsx", Spec, F.exists(), &*C);
  };
  EXPECT_EQ(R("@/lib/api"), "web/src/lib/api.ts");
  EXPECT_EQ(R("@/components/Button"), "web/src/components/Button.tsx");
  EXPECT_EQ(R("@lib/api"), "web/src/lib/api.ts");
  EXPECT_EQ(R("@lib/api.js"), "web/src/lib/api.ts");
  EXPECT_EQ(R("@lib/api"), "web/src/lib/api.ts");
  EXPECT_EQ(R("@lib/deep/x"), "web/src/lib/deep/x.ts"); // longest prefix wins
  EXPECT_EQ(R("@lib/api/missing"), "");
  EXPECT_EQ(R("special"), "web/vendor/special.js");
  EXPECT_EQ(R("~env"), "web/src/env.ts");
  EXPECT_EQ(R("lib/api"), "web/src/lib/api.ts"); // bare name under baseUrl
  EXPECT_EQ(R("openai"), "");
  EXPECT_EQ(R("../lib/api"), "web/src/lib/api.ts"); // relative: paths do not apply

  // The second target of a pattern is tried when the first is missing.
  Files G{{"web/types/api/index.ts"}};
  EXPECT_EQ(frontend::resolveSpecifier("web/src/a.ts", "@lib/api", G.exists(), &*C),
            "web/types/api/index.ts");

  // Without baseUrl, paths targets are relative to the tsconfig directory.
  llvm::Expected<frontend::TsConfig> NoBase = frontend::parseTsConfig(
      "tsconfig.json", R"({"compilerOptions": {"paths": {"#app/*": ["src/app/*"]}}})");
  ASSERT_TRUE(static_cast<bool>(NoBase));
  EXPECT_EQ(NoBase->BaseUrl, "");
  Files H{{"src/app/main.ts", "src/main.ts"}};
  EXPECT_EQ(frontend::resolveSpecifier("src/x.ts", "#app/main", H.exists(), &*NoBase),
            "src/app/main.ts");
  EXPECT_EQ(frontend::resolveSpecifier("src/x.ts", "src/main", H.exists(), &*NoBase), "");
}

TEST(EcmaScriptModules, TsConfigWithCommentsAndTrailingCommas) {
  llvm::Expected<frontend::TsConfig> C = frontend::parseTsConfig(
      "/repo/app/tsconfig.json",
      "{\n"
      "  // line comment\n"
      "  \"extends\": \"./base.json\", /* block\n comment */\n"
      "  \"compilerOptions\": {\n"
      "    \"baseUrl\": \".\",\n"
      "    \"paths\": { \"@/*\": [\"src/*\",], \"//not-a-comment/*\": [\"x/*\"], },\n"
      "    \"strict\": true,\n"
      "  },\n"
      "}\n");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(C->Dir, "/repo/app");
  EXPECT_EQ(C->BaseUrl, "/repo/app");
  ASSERT_EQ(C->Paths.size(), 2u);
  EXPECT_EQ(C->Paths[0].first, "//not-a-comment/*");
  EXPECT_EQ(C->Paths[1].first, "@/*");
  EXPECT_EQ(C->Paths[1].second, std::vector<std::string>{"src/*"});

  llvm::Expected<frontend::TsConfig> Empty =
      frontend::parseTsConfig("tsconfig.json", "{ \"include\": [\"src\"] }");
  ASSERT_TRUE(static_cast<bool>(Empty));
  EXPECT_EQ(Empty->Dir, "");
  EXPECT_EQ(Empty->BaseUrl, "");
  EXPECT_TRUE(Empty->Paths.empty());

  llvm::Expected<frontend::TsConfig> Here =
      frontend::parseTsConfig("tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \"./\" } }");
  ASSERT_TRUE(static_cast<bool>(Here));
  EXPECT_EQ(Here->BaseUrl, ".");
  Files F{{"lib/a.ts"}};
  EXPECT_EQ(frontend::resolveSpecifier("main.ts", "lib/a", F.exists(), &*Here), "lib/a.ts");
}

TEST(EcmaScriptModules, TsConfigErrorsAreClear) {
  auto Error = [](std::string_view Text) {
    llvm::Expected<frontend::TsConfig> C = frontend::parseTsConfig("web/tsconfig.json", Text);
    if (C)
      return std::string("no error");
    return llvm::toString(C.takeError());
  };
  EXPECT_EQ(Error("{ \"compilerOptions\": { \"baseUrl\": } }"),
            "web/tsconfig.json: invalid JSON: expected a value, found '}' (line 1, column 35)");
  // A repeated key is not an error: the last one counts.
  llvm::Expected<frontend::TsConfig> Twice = frontend::parseTsConfig(
      "tsconfig.json", R"({"compilerOptions": {"paths": {"@/*": ["a/*"], "@/*": ["b/*"]}}})");
  ASSERT_TRUE(bool(Twice)) << llvm::toString(Twice.takeError());
  ASSERT_EQ(Twice->Paths.size(), 1u);
  EXPECT_EQ(Twice->Paths[0].second, std::vector<std::string>{"b/*"});
  EXPECT_EQ(Error("{ /* open"), "web/tsconfig.json: unterminated /* comment");
  EXPECT_EQ(Error("[1, 2]"), "web/tsconfig.json: expected a JSON object at the top level");
  EXPECT_EQ(Error("{\"compilerOptions\": 3}"),
            "web/tsconfig.json: compilerOptions must be an object");
  EXPECT_EQ(Error("{\"compilerOptions\": {\"baseUrl\": 1}}"),
            "web/tsconfig.json: compilerOptions.baseUrl must be a string");
  EXPECT_EQ(Error("{\"compilerOptions\": {\"paths\": []}}"),
            "web/tsconfig.json: compilerOptions.paths must be an object");
  EXPECT_EQ(Error("{\"compilerOptions\": {\"paths\": {\"@/*\": \"src/*\"}}}"),
            "web/tsconfig.json: compilerOptions.paths[\"@/*\"] must be an array of strings");
  EXPECT_EQ(Error("{\"compilerOptions\": {\"paths\": {\"@/*\": [1]}}}"),
            "web/tsconfig.json: compilerOptions.paths[\"@/*\"] must be an array of strings");
  EXPECT_EQ(Error("{\"extends\": 1}"),
            "web/tsconfig.json: \"extends\" must be a string or an array of strings");
  EXPECT_EQ(Error("{\"extends\": [\"./a.json\", null]}"),
            "web/tsconfig.json: \"extends\" must be a string or an array of strings");
}

TEST(EcmaScriptModules, WorkspacePackagesResolveByName) {
  auto Parse = [](const char *Path, const char *Text) {
    llvm::Expected<frontend::PackageInfo> P = frontend::parsePackageJson(Path, Text);
    EXPECT_TRUE(static_cast<bool>(P)) << llvm::toString(P.takeError());
    return P ? *P : frontend::PackageInfo{};
  };
  frontend::PackageMap Packages;
  for (frontend::PackageInfo P :
       {Parse("packages/config/package.json",
              R"({"name": "@acme/config", "main": "./src/index.ts"})"),
        Parse("packages/llm/package.json",
              R"({"name": "@acme/llm", "main": "dist/index.js", "exports": {
                   ".": {"types": "./dist/index.d.ts", "import": "./src/index.ts"},
                   "./clients/*": "./src/clients/*.ts", "./internal/*": null}})"),
        Parse("packages/util/package.json", R"({"name": "util-lib", "exports": "./lib/main.js"})")})
    Packages.emplace(P.Name, P);
  Files F{{"packages/config/src/index.ts", "packages/config/src/urls.ts",
           "packages/llm/src/index.ts", "packages/llm/src/clients/openai.ts",
           "packages/llm/src/internal/key.ts", "packages/util/lib/main.ts", "web/src/x.ts"}};
  auto R = [&](const std::string &Spec) {
    return frontend::resolveSpecifier("web/src/app.ts", Spec, F.exists(), nullptr, &Packages);
  };
  EXPECT_EQ(R("@acme/config"), "packages/config/src/index.ts");         // main
  EXPECT_EQ(R("@acme/config/src/urls"), "packages/config/src/urls.ts"); // no exports: any file
  EXPECT_EQ(R("@acme/llm"), "packages/llm/src/index.ts");               // the .d.ts is skipped
  EXPECT_EQ(R("@acme/llm/clients/openai"), "packages/llm/src/clients/openai.ts");
  EXPECT_EQ(R("@acme/llm/internal/key"), "");            // excluded by null
  EXPECT_EQ(R("@acme/llm/src/index"), "");               // not exported
  EXPECT_EQ(R("util-lib"), "packages/util/lib/main.ts"); // .js names the .ts source
  EXPECT_EQ(R("@acme/other"), "");
  EXPECT_EQ(R("openai"), "");

  // A tsconfig alias wins over a package of the same name.
  llvm::Expected<frontend::TsConfig> C = frontend::parseTsConfig(
      "web/tsconfig.json", R"({"compilerOptions": {"paths": {"@acme/config": ["src/x.ts"]}}})");
  ASSERT_TRUE(static_cast<bool>(C));
  EXPECT_EQ(
      frontend::resolveSpecifier("web/src/app.ts", "@acme/config", F.exists(), &*C, &Packages),
      "web/src/x.ts");
}

TEST(EcmaScriptModules, PackageBuildOutputResolvesToItsSources) {
  llvm::Expected<frontend::PackageInfo> P = frontend::parsePackageJson(
      "packages/llm/package.json",
      R"({"name": "@acme/llm", "main": "./dist/cjs/index.cjs", "exports": {
           ".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"},
           "./clients/*": "./dist/clients/*.js", "./extra": "./dist/extra.mjs"}})");
  ASSERT_TRUE(static_cast<bool>(P)) << llvm::toString(P.takeError());
  P->OutDir = "packages/llm/dist";
  P->SourceDirs = {"packages/llm/src", "packages/llm"};
  frontend::PackageMap Packages{{P->Name, *P}};
  Files F{{"packages/llm/src/index.ts", "packages/llm/src/clients/openai.ts",
           "packages/llm/extra.mts"}};
  auto R = [&](const frontend::PackageMap &Ps, const std::string &Spec) {
    return frontend::resolveSpecifier("web/app.ts", Spec, F.exists(), nullptr, &Ps);
  };
  EXPECT_EQ(R(Packages, "@acme/llm"), "packages/llm/src/index.ts"); // from index.d.ts
  EXPECT_EQ(R(Packages, "@acme/llm/clients/openai"), "packages/llm/src/clients/openai.ts");
  EXPECT_EQ(R(Packages, "@acme/llm/extra"), "packages/llm/extra.mts"); // the second directory

  // rootDir names the one source directory.
  frontend::PackageMap Rooted = Packages;
  Rooted.begin()->second.SourceDirs = {"packages/llm/lib"};
  Files G{{"packages/llm/lib/index.ts", "packages/llm/src/index.ts"}};
  EXPECT_EQ(frontend::resolveSpecifier("web/app.ts", "@acme/llm", G.exists(), nullptr, &Rooted),
            "packages/llm/lib/index.ts");

  // Without exports, main is mapped the same way.
  frontend::PackageMap Main = Packages;
  Main.begin()->second.Exports.clear();
  Files H{{"packages/llm/src/cjs/index.cts"}};
  EXPECT_EQ(frontend::resolveSpecifier("web/app.ts", "@acme/llm", H.exists(), nullptr, &Main),
            "packages/llm/src/cjs/index.cts");

  // Files outside outDir, and packages whose outDir is unknown, are not mapped.
  frontend::PackageMap Unknown = Packages;
  Unknown.begin()->second.OutDir.clear();
  EXPECT_EQ(R(Unknown, "@acme/llm"), "");
  frontend::PackageMap Elsewhere = Packages;
  Elsewhere.begin()->second.OutDir = "packages/llm/build";
  EXPECT_EQ(R(Elsewhere, "@acme/llm"), "");
}

TEST(EcmaScriptModules, PackageJsonErrorsAreClear) {
  auto Error = [](std::string_view Text) {
    llvm::Expected<frontend::PackageInfo> P = frontend::parsePackageJson("a/package.json", Text);
    return P ? std::string("no error") : llvm::toString(P.takeError());
  };
  EXPECT_TRUE(has(Error("{"), "a/package.json: invalid JSON: "));
  EXPECT_EQ(Error("[]"), "a/package.json: expected a JSON object at the top level");
  EXPECT_EQ(Error(R"({"name": 1})"), "a/package.json: name must be a string");
  EXPECT_EQ(Error(R"({"exports": {".": "./a.js", "import": "./b.js"}})"),
            "a/package.json: exports mixes subpaths (\"./x\") and conditions");
  EXPECT_EQ(Error(R"({"exports": {"./a": 3}})"),
            "a/package.json: exports[\"./a\"] must be a string, an array, an object or null");
  llvm::Expected<frontend::PackageInfo> Unnamed =
      frontend::parsePackageJson("package.json", R"({"private": true})");
  ASSERT_TRUE(static_cast<bool>(Unnamed));
  EXPECT_EQ(Unnamed->Name, "");
  EXPECT_EQ(Unnamed->Dir, "");
}

/// tsconfig files in memory, for loadTsConfig.
struct Configs {
  std::map<std::string, std::string> Texts;
  llvm::Expected<frontend::TsConfig> load(const std::string &Path) const {
    return frontend::loadTsConfig(
        Path,
        [this](const std::string &P) -> llvm::Expected<std::string> {
          auto It = Texts.find(P);
          if (It == Texts.end())
            return llvm::createStringError(llvm::inconvertibleErrorCode(), "no such file");
          return It->second;
        },
        [this](const std::string &P) { return Texts.count(P) > 0; });
  }
};

TEST(EcmaScriptModules, TsConfigExtendsInheritsBaseUrlAndPaths) {
  Configs C{{
      {"tsconfig.base.json",
       R"({"compilerOptions": {"baseUrl": "packages", "paths": {"@cfg/*": ["config/src/*"]}}})"},
      {"web/tsconfig.json",
       R"({"extends": "../tsconfig.base", "compilerOptions": {"strict": true}})"},
      // Its own paths replace the inherited ones; the base's baseUrl stays.
      {"admin/tsconfig.json",
       R"({"extends": "../tsconfig.base.json", "compilerOptions": {"paths": {"@a/*": ["admin/*"]}}})"},
  }};
  llvm::Expected<frontend::TsConfig> Web = C.load("web/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(Web)) << llvm::toString(Web.takeError());
  EXPECT_TRUE(Web->Problems.empty());
  EXPECT_EQ(Web->Dir, "web");
  EXPECT_EQ(Web->BaseUrl, "packages"); // relative to the file that set it
  Files F{{"packages/config/src/env.ts", "packages/admin/x.ts"}};
  EXPECT_EQ(frontend::resolveSpecifier("web/main.ts", "@cfg/env", F.exists(), &*Web),
            "packages/config/src/env.ts");

  llvm::Expected<frontend::TsConfig> Admin = C.load("admin/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(Admin));
  EXPECT_EQ(frontend::resolveSpecifier("admin/main.ts", "@cfg/env", F.exists(), &*Admin), "");
  EXPECT_EQ(frontend::resolveSpecifier("admin/main.ts", "@a/x", F.exists(), &*Admin),
            "packages/admin/x.ts");
}

TEST(EcmaScriptModules, TsConfigOutDirAndRootDirAreInherited) {
  Configs C{{
      {"tsconfig.base.json", R"({"compilerOptions": {"outDir": "build", "rootDir": "."}})"},
      {"packages/a/tsconfig.json",
       R"({"extends": "../../tsconfig.base.json", "compilerOptions": {"outDir": "./dist"}})"},
      {"packages/b/tsconfig.json", R"({"compilerOptions": {"strict": true}})"},
  }};
  llvm::Expected<frontend::TsConfig> A = C.load("packages/a/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(A)) << llvm::toString(A.takeError());
  EXPECT_EQ(A->OutDir, "packages/a/dist"); // its own replaces the base's
  EXPECT_EQ(A->RootDir, ".");              // relative to the file that set it
  llvm::Expected<frontend::TsConfig> B = C.load("packages/b/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(B));
  EXPECT_EQ(B->OutDir, "");
  EXPECT_EQ(B->RootDir, "");

  llvm::Expected<frontend::TsConfig> Bad =
      frontend::parseTsConfig("web/tsconfig.json", R"({"compilerOptions": {"outDir": 1}})");
  ASSERT_FALSE(static_cast<bool>(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            "web/tsconfig.json: compilerOptions.outDir must be a string");
}

TEST(EcmaScriptModules, TsConfigExtendsKeepsTheDirectoryOfInheritedPaths) {
  // Without a baseUrl, paths targets are relative to the file that wrote
  // them; later bases replace earlier ones, and packages are found under
  // node_modules above the config.
  Configs C{{
      {"repo/configs/paths.json", R"({"compilerOptions": {"paths": {"#lib/*": ["../lib/*"]}}})"},
      {"repo/configs/other.json", R"({"compilerOptions": {"paths": {"#lib/*": ["../old/*"]}}})"},
      {"node_modules/@acme/tsconfig/tsconfig.json", R"({"compilerOptions": {"baseUrl": "."}})"},
      {"repo/app/tsconfig.json",
       R"({"extends": ["@acme/tsconfig", "../configs/other.json", "../configs/paths.json"]})"},
  }};
  llvm::Expected<frontend::TsConfig> App = C.load("repo/app/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(App)) << llvm::toString(App.takeError());
  EXPECT_TRUE(App->Problems.empty()) << App->Problems.front();
  EXPECT_EQ(App->BaseUrl, "node_modules/@acme/tsconfig");
  EXPECT_EQ(App->PathsDir, "repo/configs");
  Files F{{"repo/lib/env.ts", "repo/old/env.ts"}};
  // A baseUrl from any file of the chain roots the paths targets, as in tsc.
  EXPECT_EQ(frontend::resolveSpecifier("repo/app/main.ts", "#lib/env", F.exists(), &*App), "");
  App->BaseUrl.clear();
  EXPECT_EQ(frontend::resolveSpecifier("repo/app/main.ts", "#lib/env", F.exists(), &*App),
            "repo/lib/env.ts");
}

TEST(EcmaScriptModules, TsConfigExtendsProblemsAreReported) {
  Configs C{{
      {"a/tsconfig.json", R"({"extends": ["./missing", "@scope/preset", "../b/tsconfig.json",
                                          "./broken.json"],
                              "compilerOptions": {"paths": {"@/*": ["src/*"]}}})"},
      {"b/tsconfig.json", R"({"extends": "../a/tsconfig.json"})"},
      {"a/broken.json", R"({"compilerOptions": []})"},
  }};
  llvm::Expected<frontend::TsConfig> A = C.load("a/tsconfig.json");
  ASSERT_TRUE(static_cast<bool>(A)) << llvm::toString(A.takeError());
  EXPECT_EQ(A->Problems,
            (std::vector<std::string>{
                "a/tsconfig.json: \"extends\" names './missing', which cannot be found; its "
                "options are not inherited",
                "a/tsconfig.json: \"extends\" names '@scope/preset', which cannot be found; its "
                "options are not inherited",
                "b/tsconfig.json: \"extends\" names '../a/tsconfig.json', which forms a cycle; "
                "its options are not inherited",
                "a/tsconfig.json: \"extends\" names './broken.json', which is not usable: "
                "a/broken.json: compilerOptions must be an object; its options are not "
                "inherited"}));
  // What the file sets itself still applies.
  EXPECT_TRUE(A->HasPaths);
  EXPECT_EQ(A->PathsDir, "a");
}

TEST(EcmaScriptLowering, TypedKinds) {
  std::string Src =
      "const x = u ?? 'd';\nconst y = u || 'd';\nconst z = c ? 1 : 2;\n"
      "const w = u && v;\nconst t = false;\nconst o = { k: 1 };\nconst q = k === 'x';\n"
      "const n = null;\nconst un = undefined;\nconst zero = 0;\n"
      "class C extends B { m() { return super.m(this.k); } }\n";
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::TypeScript)));
  Tree T = P.parse(Src);
  ir::Module M = frontend::lowerEcmaScript("m.ts", Src, T.root());
  auto Value = [&](const std::string &Name) -> const ir::Node & {
    for (const ir::Assignment &A : M.Functions[0].Assignments)
      if (A.Lhs.Text == Name)
        return M.node(A.Value);
    ADD_FAILURE() << Name;
    return M.Nodes.front();
  };
  EXPECT_TRUE(Value("x").is(ir::Op::NullishFallback));
  EXPECT_TRUE(Value("y").is(ir::Op::Fallback));
  EXPECT_TRUE(Value("z").is(ir::Op::Conditional));
  EXPECT_TRUE(Value("w").is(ir::Op::None));
  EXPECT_TRUE(Value("t").is(ir::Op::False));
  EXPECT_TRUE(Value("n").is(ir::Op::NoValue));
  EXPECT_TRUE(Value("un").is(ir::Op::NoValue));
  EXPECT_TRUE(Value("zero").is(ir::Op::None));
  EXPECT_TRUE(Value("o").is(ir::Op::Object));
  EXPECT_TRUE(Value("q").is(ir::Op::Comparison));
  EXPECT_EQ(frontend::canonicalSpecifier("node:http"), "http");
  EXPECT_EQ(frontend::canonicalSpecifier("@scope/pkg"), "@scope/pkg");
  const ir::ClassDef &C = M.Classes.at(0);
  EXPECT_TRUE(M.Functions[C.Body].IsClassBody);
  bool SawSuper = false, SawThis = false;
  for (const ir::Node &N : M.Nodes) {
    SawSuper |= N.Kind == ir::NodeKind::Name && N.Text == "super" && N.is(ir::Op::Super);
    SawThis |= N.Kind == ir::NodeKind::Name && N.Text == "this" && N.is(ir::Op::Receiver);
  }
  EXPECT_TRUE(SawSuper);
  EXPECT_TRUE(SawThis);
}

} // namespace
