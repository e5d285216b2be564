// Python lowering: each construct the dataflow engine relies on, checked
// through the IR's textual dump.

#include "frontend/PythonLowering.h"
#include "frontend/PythonModules.h"
#include "syntax/Grammars.h"
#include "syntax/TreeSitter.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

std::string lower(const std::string &Src, unsigned MaxDepth = 400) {
  Parser P;
  EXPECT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  Tree T = P.parse(Src);
  frontend::LoweringOptions Opts;
  Opts.MaxDepth = MaxDepth;
  return ir::dump(frontend::lowerPython("m.py", Src, T.root(), Opts));
}

bool has(const std::string &Dump, const std::string &Line) {
  return Dump.find(Line) != std::string::npos;
}

TEST(PythonLowering, EnvironmentReadsAndAssignments) {
  std::string D = lower("import os\n"
                        "URL = os.environ.get('LLM_URL', 'http://x')\n"
                        "KEY = os.environ['KEY']\n"
                        "a, *rest = b = os.getenv(\"A\")\n");
  EXPECT_TRUE(has(D, "import os\n")) << D;
  EXPECT_TRUE(has(D, "  URL = (call (attr:get (attr:environ (name:os))) (lit:'LLM_URL') "
                     "(lit:'http://x'))\n"))
      << D;
  EXPECT_TRUE(has(D, "  KEY = (subscript (attr:environ (name:os)) (lit:'KEY'))\n")) << D;
  EXPECT_TRUE(has(D, "  b = (call (attr:getenv (name:os)) (lit:'A'))\n")) << D;
  EXPECT_TRUE(has(D, "  (a, *rest) = (name:b)\n")) << D;
}

TEST(PythonLowering, StringBuilding) {
  std::string D = lower("u = f\"{base}/v1/{path!r}\"\n"
                        "v = base + '/chat'\n"
                        "w = '%s/x' % base\n"
                        "x = r'\\n' 'a\\tb'\n"
                        "y = base or 'http://d'\n"
                        "z = base if ok else other\n");
  EXPECT_TRUE(has(D, "  u = (build:f-string (name:base) (lit:'/v1/') (name:path))\n")) << D;
  EXPECT_TRUE(has(D, "  v = (build:+ (name:base) (lit:'/chat'))\n")) << D;
  EXPECT_TRUE(has(D, "  w = (build:% (lit:'%s/x') (name:base))\n")) << D;
  EXPECT_TRUE(has(D, "  x = (lit:'\\na\tb')\n")) << D;
  EXPECT_TRUE(has(D, "  y = (choice:or (name:base) (lit:'http://d'))\n")) << D;
  EXPECT_TRUE(has(D, "  z = (choice:if (name:base) (name:other))\n")) << D;
}

TEST(PythonLowering, FunctionsParametersAndReturns) {
  std::string D = lower("@lru_cache\n"
                        "def get(a, b=1, *args, c: str = 'x', **kw) -> str:\n"
                        "    if a:\n"
                        "        return a\n"
                        "    for i in items:\n"
                        "        t = i\n"
                        "    return await fetch(b)\n"
                        "async def h():\n"
                        "    with httpx.Client(base_url=u) as c:\n"
                        "        c.get('/p')\n");
  EXPECT_TRUE(has(D, "def get(a, b=(lit:1), *args, c=(lit:'x'), **kw) @(name:lru_cache)\n")) << D;
  EXPECT_TRUE(has(D, "  return (name:a)\n")) << D;
  EXPECT_TRUE(has(D, "  i in (name:items)\n")) << D;
  EXPECT_TRUE(has(D, "  return (pass:await (call (name:fetch) (name:b)))\n")) << D;
  EXPECT_TRUE(has(D, "  get = (function:get)\n")) << D;
  EXPECT_TRUE(has(D, "def h() async\n")) << D;
  EXPECT_TRUE(has(D, "  c = (call (attr:Client (name:httpx)) base_url=(name:u))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (attr:get (name:c)) (lit:'/p'))\n")) << D;
  // The with item is a binding only, not evaluated a second time.
  EXPECT_EQ(D.find("eval (unknown (unknown (call (attr:Client"), std::string::npos) << D;
}

TEST(PythonLowering, ClassesMethodsAndFields) {
  std::string D = lower("class Settings(BaseSettings):\n"
                        "    model_config = SettingsConfigDict(env_prefix='APP_')\n"
                        "    llm_url: str = 'http://llm'\n"
                        "    token: str\n"
                        "    class Config:\n"
                        "        env_prefix = 'X_'\n"
                        "    def __init__(self, s):\n"
                        "        self.session = requests.Session()\n"
                        "        self.url = s.llm_url\n");
  EXPECT_TRUE(has(D, "class Settings((name:BaseSettings))\n")) << D;
  EXPECT_TRUE(has(D, "class Config()\n")) << D;
  EXPECT_TRUE(has(D, "def Settings.<class-body>()\n  model_config = (call "
                     "(name:SettingsConfigDict) env_prefix=(lit:'APP_'))\n"
                     "  llm_url: str = (lit:'http://llm')\n  token: str = -\n"))
      << D;
  EXPECT_TRUE(has(D, "def Settings.__init__(self, s) constructor\n"
                     "  (name:self).session = (call (attr:Session (name:requests)))\n"
                     "  (name:self).url = (attr:llm_url (name:s))\n"))
      << D;
  EXPECT_TRUE(has(D, "  Settings = (class:Settings)\n")) << D;
}

TEST(PythonLowering, Imports) {
  std::string D = lower("import a.b as c, d.e\n"
                        "from ..pkg.mod import x as y, z\n"
                        "from . import sibling\n"
                        "from m import *\n"
                        "def f():\n"
                        "    from os import getenv\n");
  EXPECT_TRUE(has(D, "import a.b as c\nimport d.e\n")) << D;
  EXPECT_TRUE(has(D, "import ..pkg.mod : x as y\nimport ..pkg.mod : z\n")) << D;
  EXPECT_TRUE(has(D, "import . : sibling\n")) << D;
  EXPECT_TRUE(has(D, "import m : *\n")) << D;
  EXPECT_TRUE(has(D, "import os : getenv in f\n")) << D;
}

TEST(PythonLowering, ContainersAndWalrus) {
  std::string D = lower("cfg = {'url': base, **extra}\n"
                        "if (n := os.getenv('N')):\n"
                        "    pass\n"
                        "l = [a, *b]\n");
  EXPECT_TRUE(has(D, "  cfg = (container url=(name:base) **(name:extra))\n")) << D;
  EXPECT_TRUE(has(D, "  n = (call (attr:getenv (name:os)) (lit:'N'))\n")) << D;
  EXPECT_TRUE(has(D, "  l = (container (name:a) *(name:b))\n")) << D;
}

TEST(PythonLowering, DeepNestingIsCutAndReported) {
  std::string Src = "x = " + std::string(3000, '(') + "1" + std::string(3000, ')') + "\n";
  std::string D = lower(Src, 200);
  EXPECT_TRUE(has(D, ": code nested more than 200 levels deep was not analysed\n"))
      << D.substr(D.size() > 300 ? D.size() - 300 : 0);
  // Default limit: still bounded, no crash.
  EXPECT_TRUE(has(lower(Src), "was not analysed"));
  // A flat `+` chain (a long SQL string) is long, not deep.
  std::string Sum = "q = 'select'";
  for (int I = 0; I < 3000; ++I)
    Sum += " + 'c" + std::to_string(I) + "'";
  D = lower(Sum + "\n");
  EXPECT_FALSE(has(D, "was not analysed")) << D.substr(0, 200);
  EXPECT_TRUE(has(D, "  q = (build:+ (lit:'select') (lit:'c0') (lit:'c1')")) << D.substr(0, 200);
  EXPECT_TRUE(has(lower("v = a + b * c + d\n"),
                  "  v = (build:+ (name:a) (unknown (name:b) (name:c)) (name:d))\n"))
      << lower("v = a + b * c + d\n");
}

TEST(PythonLowering, BrokenCodeIsLoweredAsFarAsItParses) {
  std::string D = lower("def broken(:\n    pass\nURL = os.getenv('U')\n");
  EXPECT_TRUE(has(D, "URL = (call (attr:getenv (name:os)) (lit:'U'))")) << D;
}

TEST(PythonLowering, CommentsBetweenChildrenChangeNothing) {
  // Comments are named children wherever they stand; the lowering skips them.
  std::string Plain = "import os\n"
                      "@dec\n"
                      "def f(a, b=1):\n"
                      "    x = g(a, b)\n"
                      "    return [x, a]\n"
                      "class C(Base):\n"
                      "    y = {'k': 1}\n"
                      "    if y:\n"
                      "        pass\n"
                      "    else:\n"
                      "        z(y)\n";
  std::string Commented = "import os  # c\n"
                          "@dec  # c\n"
                          "def f(a,  # c\n"
                          "      b=1):  # c\n"
                          "    # c\n"
                          "    x = g(a,  # c\n"
                          "          b)\n"
                          "    return [x,  # c\n"
                          "            a]\n"
                          "class C(  # c\n"
                          "    Base):\n"
                          "    # c\n"
                          "    y = {'k': 1,  # c\n"
                          "         }\n"
                          "    if y:  # c\n"
                          "        pass\n"
                          "    # c\n"
                          "    else:\n"
                          "        z(y)  # c\n";
  std::string D = lower(Plain);
  EXPECT_TRUE(has(D, "  x = (call (name:g) (name:a) (name:b))\n")) << D;
  EXPECT_TRUE(has(D, "  y = (container k=(lit:1))\n")) << D;
  EXPECT_TRUE(has(D, "  eval (call (name:z) (name:y))\n")) << D;
  EXPECT_EQ(lower(Commented), D);
}

TEST(PythonModules, NamesByAncestorDirectory) {
  using Strings = std::vector<std::string>;
  EXPECT_EQ(frontend::pythonModuleNames("app/api/main.py"),
            (Strings{"main", "api.main", "app.api.main"}));
  EXPECT_EQ(frontend::pythonModuleNames("/tmp/x-y/pkg/__init__.py"), (Strings{"pkg"}));
  EXPECT_EQ(frontend::pythonModuleNames("./a/./b.pyi"), (Strings{"b", "a.b"}));
}

TEST(PythonModules, RelativeImportsBecomeAbsolute) {
  auto Absolute = [](const std::string &Importer, unsigned Level, const std::string &Module) {
    ir::Import I;
    I.Module = Module;
    I.Level = Level;
    frontend::makeAbsolute(Importer, I);
    EXPECT_EQ(I.Level, 0u);
    return I.Module;
  };
  EXPECT_EQ(Absolute("app/api/main.py", 1, "models"), "app.api.models");
  EXPECT_EQ(Absolute("app/api/main.py", 2, "core"), "app.core");
  EXPECT_EQ(Absolute("app/api/main.py", 1, ""), "app.api");
  EXPECT_EQ(Absolute("app/api/__init__.py", 1, "models"), "app.api.models");
  EXPECT_EQ(Absolute("main.py", 1, "x"), "x"); // no package: the name as written
}

TEST(PythonLowering, TypedKinds) {
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  std::string Src = "import a.b\nimport c.d as e\nx = u or 'd'\ny = u and v\nz = 1 if c else 2\n"
                    "t = True\nd = {'k': 1}\nok = k == 'x'\nn = None\nzero = 0\n"
                    "class C(B):\n    @property\n    def p(self):\n        return super().p\n";
  Tree T = P.parse(Src);
  ir::Module M = frontend::lowerPython("m.py", Src, T.root());
  ASSERT_EQ(M.Imports.size(), 2u);
  EXPECT_TRUE(M.Imports[0].BindsFirstComponent);
  EXPECT_EQ(M.Imports[0].boundName(), "a");
  EXPECT_FALSE(M.Imports[1].BindsFirstComponent);
  EXPECT_EQ(M.Imports[1].boundName(), "e");
  auto Value = [&](const std::string &Name) -> const ir::Node & {
    for (const ir::Assignment &A : M.Functions[0].Assignments)
      if (A.Lhs.Text == Name)
        return M.node(A.Value);
    ADD_FAILURE() << Name;
    return M.Nodes.front();
  };
  EXPECT_TRUE(Value("x").is(ir::Op::Fallback));
  EXPECT_TRUE(Value("y").is(ir::Op::None)) << "`and` gives no fallback";
  EXPECT_TRUE(Value("z").is(ir::Op::Conditional));
  EXPECT_TRUE(Value("t").is(ir::Op::True));
  EXPECT_TRUE(Value("n").is(ir::Op::NoValue));
  EXPECT_TRUE(Value("zero").is(ir::Op::None));
  EXPECT_TRUE(Value("d").is(ir::Op::Mapping));
  EXPECT_TRUE(Value("ok").is(ir::Op::Comparison));
  ASSERT_EQ(M.Classes.size(), 1u);
  EXPECT_TRUE(M.Functions[M.Classes[0].Body].IsClassBody);
  const ir::Function &Getter = M.Functions[M.Classes[0].Methods.front()];
  EXPECT_TRUE(Getter.IsGetter);
  const ir::Node &Super = M.node(M.node(Getter.Returns.front()).Operands[0]);
  EXPECT_TRUE(Super.is(ir::Op::Super)) << "super() is the base class";
}

} // namespace
