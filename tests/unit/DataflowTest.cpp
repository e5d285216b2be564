// The taint engine over Python and ECMAScript programs, built by the program
// layer from in-memory files with the models under queries/models/: sources,
// propagation, summaries, cross-file imports and sinks.

#include "frontend/PythonLowering.h"
#include "program/Program.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace teetidy;

namespace {

/// A program of in-memory files analysed by the program layer, as a run
/// analyses them.
struct Analysis {
  std::vector<std::string> Paths;
  std::vector<std::string> Texts;
  dataflow::Result R;

  /// "file:line: VAR -> Display" for each finding.
  std::vector<std::string> findings() const {
    std::vector<std::string> Out;
    for (const dataflow::Finding &F : R.Findings) {
      const std::string &T = Texts[F.Module];
      unsigned Line =
          1 + static_cast<unsigned>(std::count(T.begin(), T.begin() + F.Where.Begin, '\n'));
      std::string Vars;
      for (const std::string &V : R.Sources[F.Source].Variables)
        Vars += (Vars.empty() ? "" : "|") + V;
      if (R.Sources[F.Source].K == dataflow::SourceInfo::Fetched)
        Vars = "<fetched>";
      if (R.Sources[F.Source].K == dataflow::SourceInfo::Literal)
        Vars = "<literal>";
      if (R.Sources[F.Source].K == dataflow::SourceInfo::Written)
        Vars = "<written>";
      if (R.Sources[F.Source].isUserData())
        Vars = "<" + R.Sources[F.Source].What + ">";
      std::string Kind = F.SinkKind == dataflow::SinkKind::Endpoint
                             ? ""
                             : std::string(" [") + dataflow::sinkKindName(F.SinkKind) + "]";
      if (!F.Target.empty())
        Kind += " at '" + F.Target + "'";
      Out.push_back(Paths[F.Module] + ":" + std::to_string(Line) + ": " + Vars + " -> " +
                    F.Display + Kind);
    }
    return Out;
  }
};

/// Analyses \p Files (path relative to a project root, text); the language
/// comes from the extension, relative imports resolve among the files.
Analysis analyse(const std::vector<std::pair<std::string, std::string>> &Files,
                 bool OnDemand = true) {
  static const QueryStore Queries(std::string(TEETIDY_SOURCE_DIR) + "/queries");
  const std::string Root = "/project/";
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS(new llvm::vfs::InMemoryFileSystem);
  FileStore Store(LoadOptions{0}, FS);
  Analysis Out;
  std::vector<const SourceFile *> Loaded;
  for (const auto &[Path, Text] : Files) {
    Out.Paths.push_back(Path);
    Out.Texts.push_back(Text);
    FS->addFile(Root + Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
    auto F = Store.load(Root + Path, *languageForPath(Path));
    EXPECT_TRUE(static_cast<bool>(F)) << Path;
    Loaded.push_back(*F);
  }
  llvm::ThreadPool Pool(llvm::hardware_concurrency(1));
  program::ProgramOptions Opts;
  Opts.Variants = {{}};
  Opts.OnDemand = OnDemand;
  std::unique_ptr<program::Program> P = program::Program::build(Loaded, Store, Queries, Opts, Pool);
  EXPECT_TRUE(P->problems().empty()) << P->problems().front();
  Out.R = P->taint({})->result();
  return Out;
}

using Strings = std::vector<std::string>;

/// TypeScript and JavaScript programs go through the same pipeline.
Analysis analyseEcma(const std::vector<std::pair<std::string, std::string>> &Files) {
  return analyse(Files);
}

TEST(Dataflow, EnvironmentIntoClientBaseUrl) {
  Analysis R = analyse({{"app.py", "import os, httpx\n"
                                   "URL = os.getenv('LLM_URL', 'http://llm:8000')\n"
                                   "client = httpx.AsyncClient(base_url=URL, timeout=30)\n"
                                   "ok = httpx.AsyncClient(base_url='https://fixed', "
                                   "timeout=int(os.getenv('TIMEOUT', '30')))\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.py:3: LLM_URL -> AsyncClient(base_url=...)"}));
  const dataflow::SourceInfo &S = R.R.Sources[R.R.Findings[0].Source];
  EXPECT_EQ(S.Default->Text, "http://llm:8000");
  ASSERT_EQ(R.R.Findings[0].Path.size(), 3u);
  EXPECT_EQ(R.R.Findings[0].Path[0].Message, "value read from os.getenv('LLM_URL')");
  EXPECT_EQ(R.R.Findings[0].Path[1].Message, "assigned to 'URL'");
  EXPECT_EQ(R.R.Findings[0].Path[2].Message, "reaches AsyncClient(base_url=...)");
}

TEST(Dataflow, OnlyDestinationArgumentsCount) {
  Analysis R =
      analyse({{"app.py", "import os\nimport requests\n"
                          "requests.post('https://api.example/v1', json={'k': os.getenv('A')},\n"
                          "              headers={'Authorization': os.environ['TOKEN']},\n"
                          "              timeout=float(os.getenv('T', '5')))\n"
                          "requests.get(os.environ['HOOK'] + '/notify')\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.py:6: HOOK -> requests.get(url=...)"}));
}

TEST(Dataflow, SettingsAcrossFiles) {
  Analysis R = analyse(
      {{"app/settings.py", "from functools import lru_cache\n"
                           "from pydantic import Field, AliasChoices\n"
                           "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
                           "class Settings(BaseSettings):\n"
                           "    model_config = SettingsConfigDict(env_prefix='proxy_')\n"
                           "    llm_base_url: str = 'http://vllm:8000/v1'\n"
                           "    model_name: str = Field('llama', "
                           "validation_alias=AliasChoices('MODEL', 'LLM_MODEL'))\n"
                           "    port: int = 8000\n"
                           "@lru_cache\n"
                           "def get_settings() -> Settings:\n"
                           "    return Settings()\n"},
       {"app/llm.py",
        "from openai import AsyncOpenAI\n"
        "from .settings import get_settings\n"
        "def make_client():\n"
        "    s = get_settings()\n"
        "    return AsyncOpenAI(base_url=s.llm_base_url, api_key='x')\n"
        "async def complete(prompt):\n"
        "    client = make_client()\n"
        "    s = get_settings()\n"
        "    return await client.chat.completions.create(model=s.model_name,\n"
        "        messages=[{'role': 'user', 'content': prompt}], max_tokens=s.port)\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app/llm.py:5: PROXY_LLM_BASE_URL -> AsyncOpenAI(base_url=...)",
                                   "app/llm.py:9: MODEL|LLM_MODEL -> "
                                   "AsyncOpenAI.chat.completions.create(model=...) [model]"}));
  const dataflow::SourceInfo &S = R.R.Sources[R.R.Findings[0].Source];
  EXPECT_EQ(S.K, dataflow::SourceInfo::SettingsField);
  EXPECT_EQ(S.Default->Text, "http://vllm:8000/v1");
  EXPECT_TRUE(S.CaseInsensitive);
}

TEST(Dataflow, HelperSummariesKeepCallSitesApart) {
  Analysis R =
      analyse({{"a.py", "import os, requests\n"
                        "def build(base, path):\n"
                        "    return f\"{base.rstrip('/')}/{path}\"\n"
                        "def send(url, body):\n"
                        "    return requests.post(url, json=body)\n"
                        "send(build(os.environ['HOOK_URL'], 'x'), {})\n"
                        "send(build('https://fixed.example', 'x'), os.environ['BODY'])\n"}});
  EXPECT_EQ(R.findings(), (Strings{"a.py:5: HOOK_URL -> requests.post(url=...)"}));
  // The path walks through both helpers.
  std::string Path;
  for (const dataflow::PathStep &S : R.R.Findings[0].Path)
    Path += S.Message + "\n";
  EXPECT_NE(Path.find("passed to 'build' as parameter 'base'"), std::string::npos) << Path;
  EXPECT_NE(Path.find("returned by 'build'"), std::string::npos) << Path;
  EXPECT_NE(Path.find("passed to 'send' as parameter 'url'"), std::string::npos) << Path;
}

TEST(Dataflow, ClassHeldClientsAndConstructorProvenance) {
  Analysis R =
      analyse({{"svc.py", "import os, requests, httpx\n"
                          "class Backend:\n"
                          "    def __init__(self, url):\n"
                          "        self.session = requests.Session()\n"
                          "        self.base = url\n"
                          "    def notify(self, event):\n"
                          "        return self.session.post(self.base + '/events', json=event)\n"
                          "b = Backend(os.getenv('BACKEND_URL'))\n"
                          "async def stream(u):\n"
                          "    async with httpx.AsyncClient(base_url=u) as c:\n"
                          "        await c.get('/p')\n"
                          "stream(os.environ['STREAM_URL'])\n"}});
  EXPECT_EQ(R.findings(), (Strings{"svc.py:7: BACKEND_URL -> Session.post(url=...)",
                                   "svc.py:10: STREAM_URL -> AsyncClient(base_url=...)"}));
}

TEST(Dataflow, FastApiDependsAndAliasedImports) {
  Analysis R = analyse({{"main.py", "from os import environ as env\n"
                                    "import aiohttp as ah\n"
                                    "from fastapi import Depends\n"
                                    "def backend():\n"
                                    "    return env.get('BACKEND')\n"
                                    "async def handler(url: str = Depends(backend)):\n"
                                    "    async with ah.ClientSession() as s:\n"
                                    "        await s.post(url, data=b'')\n"}});
  EXPECT_EQ(R.findings(), (Strings{"main.py:8: BACKEND -> ClientSession.post(url=...)"}));
}

TEST(Dataflow, RecursionAndImportCyclesTerminate) {
  Analysis R = analyse({{"pkg/a.py", "import os, requests\nfrom pkg import b\n"
                                     "def f(x, n):\n"
                                     "    return x if n == 0 else b.g(f(x, n - 1), n)\n"
                                     "requests.get(f(os.getenv('U'), 3))\n"},
                        {"pkg/b.py", "from pkg import a\n"
                                     "def g(x, n):\n"
                                     "    return a.f(x, n - 1) if n else x\n"},
                        {"pkg/__init__.py", ""}});
  EXPECT_EQ(R.findings(), (Strings{"pkg/a.py:5: U -> requests.get(url=...)"}));
}

TEST(Dataflow, CallChainsWrittenCallersFirstSettleInAFewRounds) {
  // f0 calls f1 ... calls f299 calls f0; each sends its argument. Solved
  // in the written order, each link took a pass of its own (quadratic, and
  // the budget ran out); callees first, a function is analysed about
  // three times.
  constexpr int N = 300;
  std::string Text = "import os, requests\n";
  for (int I = 0; I < N; ++I)
    Text += "def f" + std::to_string(I) + "(x):\n    requests.post(x)\n    return f" +
            std::to_string((I + 1) % N) + "(x)\n";
  Text += "f0(os.getenv('U'))\n";
  Analysis R = analyse({{"ring.py", Text}});
  EXPECT_EQ(R.R.Findings.size(), static_cast<size_t>(N));
  EXPECT_TRUE(R.R.Limits.empty());
  EXPECT_LE(R.R.Rounds, 4u);
}

TEST(Dataflow, LiteralsAndUnrelatedValuesStaySilent) {
  Analysis R =
      analyse({{"ok.py", "import os, httpx, logging\n"
                         "logging.basicConfig(level=os.getenv('LOG_LEVEL', 'INFO'))\n"
                         "PORT = int(os.getenv('PORT', '8000'))\n"
                         "c = httpx.Client(base_url='https://api.example')\n"
                         "c.get(f'/items/{PORT}')\n"
                         "httpx.get('https://x.example', params={'q': os.getenv('Q')})\n"}});
  EXPECT_EQ(R.findings(), Strings{});
}

TEST(Dataflow, DictLiteralsKeepTheirKeysApart) {
  Analysis R =
      analyse({{"cfg.py", "import os, requests\n"
                          "from openai import OpenAI\n"
                          "CFG = {'url': os.getenv('BACKEND_URL'), 'name': 'svc',\n"
                          "       'timeout': int(os.getenv('T', '5'))}\n"
                          "def send(cfg, body):\n"
                          "    requests.post(cfg['url'], json=body, timeout=cfg['timeout'])\n"
                          "    requests.post('https://fixed/' + cfg['name'])\n"
                          "send(CFG, {})\n"
                          "requests.get(CFG.get('url', 'https://d'))\n"
                          "requests.get(CFG.get('name'))\n"
                          "kw = {'base_url': os.environ['LLM_URL'], 'api_key': os.environ['KEY']}\n"
                          "client = OpenAI(**kw)\n"
                          "other = {**kw, 'base_url': 'https://pinned'}\n"
                          "OpenAI(**other)\n"
                          "more = {**kw, 'timeout': 5}\n"
                          "OpenAI(**more)\n"}});
  EXPECT_EQ(R.findings(), (Strings{"cfg.py:6: BACKEND_URL -> requests.post(url=...)",
                                   "cfg.py:9: BACKEND_URL -> requests.get(url=...)",
                                   "cfg.py:12: LLM_URL -> OpenAI(base_url=...)",
                                   "cfg.py:16: LLM_URL -> OpenAI(base_url=...)"}));
  std::string Path;
  for (const dataflow::PathStep &S : R.R.Findings[0].Path)
    Path += S.Message + "\n";
  EXPECT_NE(Path.find("read from key 'url'"), std::string::npos) << Path;
}

TEST(Dataflow, DotenvValues) {
  Analysis R = analyse({{"d.py", "from dotenv import dotenv_values\n"
                                 "import httpx\n"
                                 "config = dotenv_values('.env')\n"
                                 "httpx.get(config['WEBHOOK'])\n"
                                 "httpx.get(config.get('BACKUP', 'https://b'))\n"}});
  EXPECT_EQ(R.findings(), (Strings{"d.py:4: WEBHOOK -> httpx.get(url=...)",
                                   "d.py:5: BACKUP -> httpx.get(url=...)"}));
  EXPECT_EQ(R.R.Sources[R.R.Findings[1].Source].Default->Text, "https://b");
}

TEST(Dataflow, SuperConstructorsStaticMethodsAndStarReexports) {
  Analysis R = analyse({{"pkg/base.py", "import requests\n"
                                        "class Client:\n"
                                        "    def __init__(self, url):\n"
                                        "        self.url = url\n"
                                        "    def send(self):\n"
                                        "        return requests.post(self.url)\n"
                                        "    @staticmethod\n"
                                        "    def ping(target):\n"
                                        "        return requests.get(target)\n"},
                        {"pkg/__init__.py", "from .base import *\n"},
                        {"app.py", "import os\n"
                                   "from pkg import Client\n"
                                   "class Llm(Client):\n"
                                   "    def __init__(self):\n"
                                   "        super().__init__(os.environ['LLM_URL'])\n"
                                   "Llm().send()\n"
                                   "Llm().ping(os.environ['PING_URL'])\n"}});
  EXPECT_EQ(R.findings(), (Strings{"pkg/base.py:6: LLM_URL -> requests.post(url=...)",
                                   "pkg/base.py:9: PING_URL -> requests.get(url=...)"}));
}

// A class's ancestry is remembered; it must be forgotten when a base
// expression's value changes later in the analysis. Here the base becomes
// `Real` only when impl.py runs, after app.py (which imports only the
// registry) has looked up `send` on `Client`.
TEST(Dataflow, BasesThatChangeLaterAreFollowed) {
  Analysis R = analyse({{"app.py", "import os, registry\n"
                                   "class Client(registry.Base):\n"
                                   "    pass\n"
                                   "def run():\n"
                                   "    Client().send(os.environ['HOOK_URL'])\n"},
                        {"registry.py", "Base = object\n"},
                        {"impl.py", "import requests, registry\n"
                                    "class Real:\n"
                                    "    def send(self, url):\n"
                                    "        requests.post(url)\n"
                                    "registry.Base = Real\n"}});
  EXPECT_EQ(R.findings(), (Strings{"impl.py:4: HOOK_URL -> requests.post(url=...)"}));
}

// Statements a re-analysis skips still count as reads: here the second
// analysis of `use` (started by `main` passing `post`) skips `fn = h`, then
// `h = x` changes h, which must run `use` a third time.
TEST(Dataflow, SkippedStatementsStillSeeLaterWrites) {
  Analysis R = analyse({{"m.py", "import os, requests\n"
                                 "def post(u):\n"
                                 "    requests.post(u)\n"
                                 "def use(x):\n"
                                 "    fn = h\n"
                                 "    fn(os.environ['U'])\n"
                                 "    h = x\n"
                                 "def main():\n"
                                 "    use(post)\n"}});
  EXPECT_EQ(R.findings(), (Strings{"m.py:3: U -> requests.post(url=...)"}));
}

TEST(Dataflow, PropertiesRunWhenRead) {
  Analysis R = analyse({{"p.py", "import os, functools, httpx\n"
                                 "class Config:\n"
                                 "    @property\n"
                                 "    def base_url(self):\n"
                                 "        return os.environ['BASE_URL'].rstrip('/')\n"
                                 "    @functools.cached_property\n"
                                 "    def client(self):\n"
                                 "        return httpx.Client(base_url=self.base_url)\n"
                                 "Config().client.get('/v1')\n"}});
  EXPECT_EQ(R.findings(), (Strings{"p.py:8: BASE_URL -> Client(base_url=...)"}));
}

TEST(Dataflow, ValuesDefinedThroughThemselvesTerminate) {
  std::string Text = "import os, requests\n"
                     "d = {'k': os.environ['U']}\n"
                     "d = {'k': d['k'], 'j': d.get('k')}\n"
                     "o = {**o, 'k': o['k']}\n"
                     "o = {**o, 'j': o['j'], **d}\n"
                     "class A(A.Base):\n"
                     "    x = A.y\n"
                     "requests.get(d['k'])\n";
  Analysis A = analyse({{"loop.py", Text}});
  const dataflow::Result &R = A.R;
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Sources[R.Findings[0].Source].Variables, Strings{"U"});
  // Cycles are cut where they close, before the depth backstop.
  EXPECT_TRUE(R.Limits.empty());
}

TEST(DataflowEcma, ProcessEnvIntoClients) {
  Analysis R = analyseEcma(
      {{"app.ts",
        "import OpenAI from 'openai';\n"
        "import axios from 'axios';\n"
        "const { LLM_URL, MODEL = 'gpt-4o', PORT } = process.env;\n"
        "const client = new OpenAI({ baseURL: LLM_URL, apiKey: process.env.KEY });\n"
        "export async function ask(q: string) {\n"
        "  return client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', "
        "content: q }] });\n"
        "}\n"
        "const api = axios.create({ baseURL: process.env['API_URL'] ?? 'https://api' });\n"
        "await fetch(`${process.env.HOOK}/x`, { method: 'POST', body: JSON.stringify({ port: PORT "
        "}) });\n"
        "await fetch('https://fixed.example', { headers: { k: process.env.KEY! } });\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"app.ts:4: LLM_URL -> openai({ baseURL: ... })",
                     "app.ts:6: MODEL -> openai.chat.completions.create({ model: ... }) [model]",
                     "app.ts:8: API_URL -> axios.create({ baseURL: ... })",
                     "app.ts:9: HOOK -> fetch(...)"}));
  const dataflow::SourceInfo &Model = R.R.Sources[R.R.Findings[1].Source];
  EXPECT_EQ(Model.Default->Text, "gpt-4o");
  EXPECT_TRUE(Model.Default->isString());
  EXPECT_EQ(R.R.Sources[R.R.Findings[2].Source].Default->Text, "https://api");
}

TEST(Dataflow, UserDataIntoStores) {
  // Request bodies of route handlers, model outputs and derived keys are
  // user data; a data sink reports them and nothing else (configuration
  // written to a store is not news).
  Analysis R = analyse(
      {{"app.py",
        "import os, json, redis, asyncpg\n"
        "from fastapi import FastAPI, Depends\n"
        "from openai import AsyncOpenAI\n"
        "from dstack_sdk import DstackClient\n"
        "app = FastAPI()\n"
        "llm = AsyncOpenAI()\n"
        "cache = redis.Redis(host='cache')\n"
        "def db(): return None\n"
        "@app.post('/chat')\n"
        "async def chat(body: dict, user: str, conn=Depends(db)):\n"
        "    pool = await asyncpg.create_pool('postgres://db/app')\n"
        "    await pool.execute('INSERT INTO t VALUES ($1, $2)', user, os.getenv('REGION'))\n"
        "    out = await llm.chat.completions.create(model='m', messages=body['messages'])\n"
        "    cache.set('last', out.choices[0].message.content)\n"
        "    cache.set('region', os.getenv('REGION'))\n"
        "    with open('/data/log.jsonl', 'a') as f:\n"
        "        f.write(json.dumps(body))\n"
        "    return out\n"
        "def helper(x):\n"
        "    cache.set('never', x)\n"
        "key = DstackClient().get_key('wallet')\n"
        "cache.set('k', key.key)\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"app.py:6: OPENAI_BASE_URL -> AsyncOpenAI(...)",
                     "app.py:12: <request input> -> asyncpg.create_pool.execute(...) [data] at "
                     "'INSERT INTO t VALUES ($1, $2)'",
                     "app.py:14: <model output> -> Redis.set(value=...) [data] at 'last'",
                     "app.py:17: <request input> -> open.write(...) [data] at '/data/log.jsonl'",
                     "app.py:22: <key> -> Redis.set(value=...) [data] at 'k'"}));
}

TEST(Dataflow, SubscriptReadsThroughAParameterKey) {
  // `os.environ[key]` in a helper: each caller's literal names the variable.
  Analysis R = analyse({{"app.py", "import os, httpx\n"
                                   "def env(key):\n"
                                   "    return os.environ[key]\n"
                                   "def required(name):\n"
                                   "    return env(name)\n"
                                   "client = httpx.Client(base_url=env('LLM_URL'))\n"
                                   "hook = httpx.post(required('HOOK_URL'))\n"
                                   "fixed = httpx.Client(base_url='https://fixed')\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.py:6: LLM_URL -> Client(base_url=...)",
                                   "app.py:7: HOOK_URL -> httpx.post(url=...)"}));
  EXPECT_EQ(R.R.Sources[R.R.Findings[0].Source].Description, "os.environ['LLM_URL']");
  Analysis J = analyseEcma({{"app.ts", "const env = (key: string) => process.env[key];\n"
                                       "await fetch(env('HOOK_URL') ?? 'https://x');\n"}});
  EXPECT_EQ(J.findings(), (Strings{"app.ts:2: HOOK_URL -> fetch(...)"}));
}

TEST(DataflowEcma, UserDataIntoStores) {
  Analysis R = analyseEcma(
      {{"server.ts", "import { Hono } from 'hono';\n"
                     "import express from 'express';\n"
                     "import fs from 'fs';\n"
                     "import { save } from './store';\n"
                     "const app = new Hono();\n"
                     "app.post('/chat', async (c) => {\n"
                     "  const { messages } = await c.req.json();\n"
                     "  await save(messages);\n"
                     "  fs.writeFileSync('/data/config.json', process.env.CONFIG ?? '');\n"
                     "  fs.writeFileSync('/data/bindings.txt', String(c.env.API_TOKEN));\n"
                     "  return c.json({ ok: true });\n"
                     "});\n"
                     "const api = express();\n"
                     "api.post('/upload', (req, res) => {\n"
                     "  fs.appendFileSync('/data/uploads.log', req.body.text);\n"
                     "  res.send('ok');\n"
                     "});\n"
                     // A handler's context by its type: its request is input,
                     // its bindings are not. The type imported either way.
                     "import type { Context } from 'hono';\n"
                     "export async function upload(c: Context) {\n"
                     "  fs.appendFileSync('/data/files.log', await c.req.text());\n"
                     "  fs.appendFileSync('/data/env.log', String(c.env.KEY));\n"
                     "}\n"
                     "import { Context as HonoContext } from 'hono';\n"
                     "export async function attach(c: HonoContext) {\n"
                     "  fs.appendFileSync('/data/attached.log', await c.req.text());\n"
                     "}\n"},
       {"store.ts", "import pg from 'pg';\n"
                    "const pool = new pg.Pool({ connectionString: 'postgres://db/app' });\n"
                    "export async function save(messages: unknown[]) {\n"
                    "  await pool.query('INSERT INTO t VALUES ($1)', [JSON.stringify(messages)]);\n"
                    "}\n"},
       // The type through a module that re-exports it as a type.
       {"types.ts", "export type { Context } from 'hono';\n"},
       {"relay.ts", "import fs from 'fs';\n"
                    "import type { Context } from './types';\n"
                    "export async function relay(c: Context) {\n"
                    "  fs.appendFileSync('/data/relay.log', await c.req.text());\n"
                    "}\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"server.ts:15: <request input> -> fs.appendFileSync(...) [data] at "
                     "'/data/uploads.log'",
                     "server.ts:20: <request input> -> fs.appendFileSync(...) [data] at "
                     "'/data/files.log'",
                     "server.ts:25: <request input> -> fs.appendFileSync(...) [data] at "
                     "'/data/attached.log'",
                     "store.ts:4: <request input> -> Pool.query(...) [data] at 'INSERT INTO t "
                     "VALUES ($1)'",
                     "relay.ts:4: <request input> -> fs.appendFileSync(...) [data] at "
                     "'/data/relay.log'"}));
}

TEST(DataflowEcma, ModulesClassesAndSchemas) {
  Analysis R = analyseEcma(
      {{"src/config.ts",
        "import { z } from 'zod';\n"
        "const Env = z.object({ BACKEND_URL: z.string().url().default('http://b:8080'),\n"
        "                       LOG_LEVEL: z.string() });\n"
        "export const env = Env.parse(process.env);\n"
        "export default { hook: process.env.HOOK_URL };\n"},
       {"src/client.ts",
        "import { env } from './config';\n"
        "import cfg from './config';\n"
        "export class Backend {\n"
        "  constructor(private baseUrl: string = env.BACKEND_URL) {}\n"
        "  send(body: unknown) { return fetch(this.baseUrl + '/v1', { method: 'POST' }); }\n"
        "  notify = () => fetch(cfg.hook);\n"
        "}\n"},
       {"src/main.js",
        "const { Backend } = require('./client');\n"
        "const { cleanEnv, str } = require('envalid');\n"
        "const e = cleanEnv(process.env, { DB: str({ default: 'postgres://db' }) });\n"
        "const { Pool } = require('pg');\n"
        "new Backend().send({ level: 1 });\n"
        "new Pool({ connectionString: e.DB, max: 5 });\n"}});
  EXPECT_EQ(R.findings(), (Strings{"src/client.ts:5: BACKEND_URL -> fetch(...)",
                                   "src/client.ts:6: HOOK_URL -> fetch(...)",
                                   "src/main.js:6: DB -> Pool({ connectionString: ... })"}));
  EXPECT_EQ(R.R.Sources[R.R.Findings[0].Source].Default->Text, "http://b:8080");
  EXPECT_EQ(R.R.Sources[R.R.Findings[2].Source].Default->Text, "postgres://db");
}

TEST(Dataflow, FixedOriginsAndPathsAreNotDestinations) {
  Analysis R = analyse({{"p.py", "import os, requests, httpx\n"
                                 "Q = os.environ['Q']\n"
                                 "requests.get(f'https://api.example/search?q={Q}')\n"
                                 "requests.get('https://api.example/v1/' + Q)\n"
                                 "requests.get('https://api.example/{}'.format(Q))\n"
                                 "requests.get('https://api.example/%s' % Q)\n"
                                 "httpx.Client(base_url='https://api.example').get('/items/' + Q)\n"
                                 "requests.get('https://api.example' + Q)\n"
                                 "requests.get('/' + Q)\n"
                                 "requests.get(f'{Q}/v1')\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"p.py:8: Q -> requests.get(url=...)", "p.py:9: Q -> requests.get(url=...)",
                     "p.py:10: Q -> requests.get(url=...)"}));
  Analysis E = analyseEcma({{"p.ts", "const q = process.env.Q;\n"
                                     "fetch(`https://api.example/search?q=${q}`);\n"
                                     "fetch('https://api.example/' + q);\n"
                                     "fetch(`${q}/v1`);\n"}});
  EXPECT_EQ(E.findings(), (Strings{"p.ts:4: Q -> fetch(...)"}));
}

TEST(DataflowEcma, GlobalsGettersAndCallbacks) {
  Analysis R =
      analyseEcma({{"g.ts", "class Cfg {\n"
                            "  constructor(private base = process.env.BASE!) {}\n"
                            "  url = this.base + '/x';\n"
                            "  go = () => fetch(this.base);\n"
                            "}\n"
                            "globalThis.fetch(new Cfg().url);\n"
                            "new window.WebSocket(process.env.WS!);\n"
                            "Promise.resolve(process.env.CB).then((u) => fetch(u!));\n"
                            "[process.env.M!].map((u) => fetch(u));\n"
                            "import OpenAI from 'openai';\n"
                            "new OpenAI({\n  apiKey: 'k',\n  baseURL: process.env.LLM,\n});\n"
                            "class G { get u() { return process.env.GU!; } }\n"
                            "fetch(new G().u);\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"g.ts:4: BASE -> fetch(...)", "g.ts:6: BASE -> fetch(...)",
                     "g.ts:7: WS -> WebSocket(...)", "g.ts:8: CB -> fetch(...)",
                     "g.ts:9: M -> fetch(...)",
                     // at the field, not at the object's brace
                     "g.ts:13: LLM -> openai({ baseURL: ... })", "g.ts:16: GU -> fetch(...)"}));
}

} // namespace

namespace {

TEST(DataflowModels, DescribesTheModulesTheyName) {
  dataflow::Models M;
  llvm::cantFail(M.addFile("sinks.yaml",
                           "sinks:\n"
                           "  - callee: [\"mysql2/promise.createPool\", undici.fetch]\n"
                           "    kind: endpoint\n"
                           "    destination: {position: 0}\n"));
  EXPECT_TRUE(M.describes("undici"));
  EXPECT_TRUE(M.describes("undici.fetch"));
  EXPECT_TRUE(M.describes("mysql2"));
  EXPECT_TRUE(M.describes("mysql2/promise"));
  EXPECT_FALSE(M.describes("undic"));
  EXPECT_FALSE(M.describes("@acme/config"));
}

TEST(DataflowModels, SettingsRulesComeFromTheModels) {
  dataflow::Models M;
  auto Error = [&](const std::string &Text) {
    llvm::Error E = M.addFile("s.yaml", Text);
    return E ? llvm::toString(std::move(E)) : std::string();
  };
  EXPECT_EQ(Error("settings:\n  bases: [fw.Settings]\n  prefix_option: prefix\n"
                  "  alias_keywords: [name]\n  private_prefix: _\n"),
            "");
  EXPECT_EQ(Error("settings:\n  bases: [other.Base]\n  prefix_option: prefix\n"), "");
  EXPECT_EQ(M.Settings.Bases, (std::set<std::string>{"fw.Settings", "other.Base"}));
  EXPECT_EQ(M.Settings.PrefixOption, "prefix");
  EXPECT_EQ(Error("settings:\n  prefix_option: env_prefix\n"),
            "s.yaml:2:18: 'prefix_option' is already 'prefix' in another model file");
  EXPECT_EQ(Error("settings:\n  prefixes: [a]\n"),
            "s.yaml:2:3: unknown key 'prefixes' in 'settings'");
  EXPECT_EQ(Error("settings: [a]\n"), "s.yaml:1:11: 'settings' must be a mapping");
  EXPECT_TRUE(M.describes("fw"));
}

TEST(DataflowModels, ReturnedInstancesAndSpelling) {
  dataflow::Models M;
  auto Error = [&](const std::string &Text) {
    llvm::Error E = M.addFile("r.yaml", Text);
    return E ? llvm::toString(std::move(E)) : std::string();
  };
  EXPECT_EQ(Error("returns:\n"
                  "  - callee: [\"acme.Client.{new,default}\", acme.ClientBuilder.build]\n"
                  "    instance: acme.Client\n"
                  "  - callee: [acme.Client.builder, \"acme.ClientBuilder.*\"]\n"
                  "    instance: acme.ClientBuilder\n"
                  "callee_spelling: from-type\n"),
            "");
  auto Returned = [&](const std::string &Callee) {
    const std::string *I = M.returned(Callee);
    return I ? *I : std::string("-");
  };
  EXPECT_EQ(Returned("acme.Client.new"), "acme.Client");
  EXPECT_EQ(Returned("acme.Client.builder"), "acme.ClientBuilder");
  EXPECT_EQ(Returned("acme.ClientBuilder.timeout"), "acme.ClientBuilder"); // X.*
  EXPECT_EQ(Returned("acme.ClientBuilder.build"), "acme.Client");          // exact first
  EXPECT_EQ(Returned("acme.Client.get"), "-");
  EXPECT_EQ(M.CalleeSpelling, dataflow::Models::Spelling::FromType);
  EXPECT_EQ(Error("returns:\n  - callee: [a.b]\n"),
            "r.yaml:2:5: a return model needs 'callee' and 'instance'");
  EXPECT_EQ(Error("sources:\n  - callee: [os.Environ]\n    whole_environment: true\n"), "");
  EXPECT_TRUE(M.SourceCalls.at("os.Environ").WholeEnvironment);
  EXPECT_EQ(Error("sources:\n  - callee: [e.all]\n    whole_environment: yes\n"),
            "r.yaml:3:24: 'whole_environment' must be true or false");
  EXPECT_EQ(Error("sources:\n  - callee: [e.all]\n    name: {position: 0}\n"
                  "    whole_environment: true\n"),
            "r.yaml:4:24: a source of the whole environment has no 'name' or 'default'");
  EXPECT_EQ(Error("sources:\n  - callee: [e.get]\n    names: {position: 0}\n"),
            "r.yaml:3:5: unknown key 'names'");
  EXPECT_EQ(Error("callee_spelling: loud\n"),
            "r.yaml:1:18: 'callee_spelling' must be as-named, package-name, from-type or scoped");
}

TEST(DataflowSettings, RulesOfAnotherFrameworkApply) {
  // The same engine reads a made-up framework's settings classes from its
  // model alone.
  dataflow::Models M;
  llvm::cantFail(M.addFile("fw.yaml", "settings:\n"
                                      "  bases: [fw.Settings]\n"
                                      "  field_makers: [fw.setting]\n"
                                      "  config_attribute: options\n"
                                      "  prefix_option: prefix\n"
                                      "  case_sensitive_option: exact\n"
                                      "  alias_keywords: [var]\n"
                                      "  default_keyword: fallback\n"
                                      "sinks:\n"
                                      "  - callee: [net.get]\n"
                                      "    kind: endpoint\n"
                                      "    destination: {position: 0}\n"));
  std::string Src = "import fw, net\n"
                    "class S(fw.Settings):\n"
                    "    options = {'prefix': 'app_', 'exact': True}\n"
                    "    base_url = fw.setting(fallback='http://x')\n"
                    "    hook = fw.setting(var='HOOK_ADDRESS')\n"
                    "s = S()\n"
                    "net.get(s.base_url)\n"
                    "net.get(s.hook)\n";
  Parser P;
  ASSERT_TRUE(P.setLanguage(grammarFor(Language::Python)));
  Tree T = P.parse(Src);
  ir::Module Mod = frontend::lowerPython("m.py", Src, T.root());
  dataflow::Result R = dataflow::analyse({{"m.py", &Mod, {"m"}}}, M);
  ASSERT_EQ(R.Findings.size(), 2u);
  const dataflow::SourceInfo &Base = R.Sources[R.Findings[0].Source];
  EXPECT_EQ(Base.Variables, Strings{"app_base_url"}) << "prefixed, case kept";
  EXPECT_FALSE(Base.CaseInsensitive);
  ASSERT_TRUE(Base.Default);
  EXPECT_EQ(Base.Default->Text, "http://x");
  EXPECT_EQ(R.Sources[R.Findings[1].Source].Variables, Strings{"HOOK_ADDRESS"});
}

TEST(DataflowModels, BracesExpand) {
  EXPECT_EQ(dataflow::expandBraces("httpx.{Client,AsyncClient}.{get,post}"),
            (Strings{"httpx.Client.get", "httpx.Client.post", "httpx.AsyncClient.get",
                     "httpx.AsyncClient.post"}));
  EXPECT_EQ(dataflow::expandBraces("a.{b,{c,d}.e}"), (Strings{"a.b", "a.c.e", "a.d.e"}));
  EXPECT_EQ(dataflow::expandBraces("plain"), Strings{"plain"});
}

TEST(DataflowModels, MistakesAreReportedWithPositions) {
  dataflow::Models M;
  auto Error = [&](const std::string &Text) {
    llvm::Error E = M.addFile("m.yaml", Text);
    return E ? llvm::toString(std::move(E)) : std::string();
  };
  EXPECT_EQ(Error("sinkz: []\n"), "m.yaml:1:1: unknown key 'sinkz'");
  EXPECT_EQ(
      Error("sinks:\n  - callee: [a.b]\n    kind: url\n    destination: {keyword: u}\n"),
      "m.yaml:3:11: kind must be 'endpoint', 'model', 'code', 'image', 'command', 'contract' or "
      "'data'");
  EXPECT_EQ(Error("sinks:\n  - callee: a\n    kind: endpoint\n    destination: {position: x}\n"),
            "m.yaml:4:29: position must be a number");
  EXPECT_EQ(Error("sinks:\n  - callee: a\n    kind: endpoint\n    store: disk\n"
                  "    destination: {position: 0}\n"),
            "m.yaml:4:12: store must be 'database', 'cache', 'object-store', 'queue' or 'file'");
  EXPECT_EQ(Error("sinks:\n  - callee: a\n    kind: data\n    destination: {position: 0}\n"),
            "m.yaml:2:5: a data sink needs 'store'");
  EXPECT_EQ(Error("sinks:\n  - callee: a\n    kind: endpoint\n    destination: {position: 0}\n"
                  "    target: {position: 1}\n"),
            "m.yaml:5:13: only a data sink has a 'target'");
  EXPECT_EQ(Error("sinks:\n  - callee: a\n    kind: model\n    destination: {position: 0}\n"
                  "    receiver_target: {position: 0}\n"),
            "m.yaml:5:22: only a data sink has a 'receiver_target'");
  EXPECT_EQ(Error("produces:\n  - callee: [c]\n    what: secrets\n"),
            "m.yaml:3:11: what must be 'model output' or 'key'");
  EXPECT_EQ(Error("request_handlers:\n  - callee: [r]\n    type: x\n"),
            "m.yaml:3:5: unknown key 'type'");
  EXPECT_EQ(Error("request_handlers:\n  - callee: [r]\n    request: web.Request\n"
                  "produces:\n  - callee: [c]\n    what: key\n"),
            "");
  EXPECT_EQ(M.RequestHandlers["r"], "web.Request");
  EXPECT_EQ(M.Produces["c"], "key");
  EXPECT_NE(Error("sinks: [\n"), "");
  EXPECT_EQ(Error("sinks:\n  - callee: x.y\n    kind: model\n    destination: {keyword: model}\n"),
            "");
  EXPECT_TRUE(M.Sinks.count("x.y"));
  EXPECT_EQ(Error("propagators:\n  - callee: [f]\n    result: everything\n"),
            "m.yaml:3:13: 'result' must be facts, value or call");
  EXPECT_EQ(Error("propagators:\n  - callee: [g]\n    arguments: [0]\n    result: call\n"), "");
  EXPECT_EQ(M.Propagators["g"].Result, dataflow::PropagatorModel::Call);
}

} // namespace

namespace {

TEST(Dataflow, SinkThroughTwoWrappersInOtherModulesStaysInItsFile) {
  Analysis R = analyse({{"pkg/a.py", "from openai import OpenAI\n\n\n"
                                     "def make(url):\n"
                                     "    return OpenAI(base_url=url)\n"},
                        {"pkg/b.py", "from pkg.a import make\n\n\n"
                                     "def wrap(u):\n"
                                     "    return make(u)\n"},
                        {"pkg/c.py", "import os\nfrom pkg.b import wrap\n"
                                     "wrap(os.getenv('LLM_URL'))\n"}});
  EXPECT_EQ(R.findings(), (Strings{"pkg/a.py:5: LLM_URL -> OpenAI(base_url=...)"}));
}

} // namespace

namespace {

/// The text of \p R in module \p Mod of \p A.
std::string textAt(const Analysis &A, uint32_t Mod, ir::Range R) {
  return A.Texts[Mod].substr(R.Begin, R.End - R.Begin);
}

TEST(Dataflow, SourcesAndFallbacksKeepTheModuleTheyAreWrittenIn) {
  Analysis R =
      analyse({{"app/base.py", "from pydantic_settings import BaseSettings\n\n\n"
                               "class Base(BaseSettings):\n"
                               "    api_url: str = 'http://api:8000/v1'\n"},
               {"app/config.py", "import os\n"
                                 "TOKEN = os.getenv('TOKEN')\n"},
               {"app/main.py", "import requests\n"
                               "from pydantic_settings import SettingsConfigDict\n"
                               "from app.base import Base\n"
                               "from app.config import TOKEN\n\n\n"
                               "class Settings(Base):\n"
                               "    model_config = SettingsConfigDict(env_prefix='app_')\n\n\n"
                               "requests.get(Settings().api_url)\n"
                               "token = TOKEN or 'dev-token'\n"}});
  ASSERT_EQ(R.findings(), (Strings{"app/main.py:11: APP_API_URL -> requests.get(url=...)"}));
  // The field is declared in app/base.py, whatever class reads it.
  const dataflow::SourceInfo &Field = R.R.Sources[R.R.Findings[0].Source];
  EXPECT_EQ(Field.Module, 0u);
  EXPECT_EQ(textAt(R, Field.Module, Field.Where), "api_url");
  ASSERT_TRUE(Field.Default);
  EXPECT_EQ(Field.Default->Module, 0u);
  EXPECT_EQ(textAt(R, Field.Default->Module, Field.Default->Where), "'http://api:8000/v1'");
  EXPECT_EQ(R.R.Findings[0].Path.front().Module, 0u);
  // TOKEN is read in app/config.py; its fallback is written in app/main.py.
  const dataflow::SourceInfo *Token = nullptr;
  for (const dataflow::SourceInfo &S : R.R.Sources)
    if (S.Variables == Strings{"TOKEN"})
      Token = &S;
  ASSERT_NE(Token, nullptr);
  EXPECT_EQ(Token->Module, 1u);
  ASSERT_TRUE(Token->Default);
  EXPECT_EQ(Token->Default->Module, 2u);
  EXPECT_EQ(textAt(R, Token->Default->Module, Token->Default->Where), "'dev-token'");
}

} // namespace

TEST(DataflowCode, DownloadedTextReachesExec) {
  Analysis R = analyse({{"app.py", "import os, requests, pickle\n"
                                   "def load(url):\n"
                                   "    return requests.get(url, timeout=5).text\n"
                                   "exec(load('https://plugins.example/p.py'))\n"
                                   "exec(open('local.py').read())\n"
                                   "blob = requests.get(os.environ['MODEL_URL']).content\n"
                                   "model = pickle.loads(blob)\n"
                                   "print(requests.get('https://x.example').json())\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.py:4: <fetched> -> exec(...) [code]",
                                   "app.py:6: MODEL_URL -> requests.get(url=...)",
                                   "app.py:7: <fetched> -> pickle.loads(...) [code]"}));
}

TEST(DataflowCode, FetchedScriptWrittenToAFileAndRequired) {
  Analysis R = analyseEcma({{"loader.js", "const fs = require('fs');\n"
                                          "async function plugin() {\n"
                                          "  const res = await fetch(process.env.PLUGIN_URL);\n"
                                          "  const code = await res.text();\n"
                                          "  const file = '/tmp/plugin.js';\n"
                                          "  fs.writeFileSync(file, code);\n"
                                          "  return require(file);\n"
                                          "}\n"
                                          "function fixed() {\n"
                                          "  const file = '/tmp/other.js';\n"
                                          "  fs.writeFileSync(file, 'module.exports = 1');\n"
                                          "  return require(file);\n"
                                          "}\n"
                                          "fetch(url).then(r => r.text()).then(t => eval(t));\n"
                                          "new Function('a', process.env.BODY);\n"}});
  EXPECT_EQ(R.findings(), (Strings{"loader.js:3: PLUGIN_URL -> fetch(...)",
                                   "loader.js:7: <fetched> -> require(...) [code]",
                                   "loader.js:7: <written> -> require(...) [code]",
                                   "loader.js:14: <fetched> -> eval(...) [code]",
                                   "loader.js:15: BODY -> Function(...) [code]"}));
}

TEST(DataflowCode, ContainerImagesAndCommands) {
  Analysis R =
      analyse({{"runner.py", "import os, docker, subprocess\n"
                             "client = docker.from_env()\n"
                             "client.containers.run(os.environ['WORKER_IMAGE'], detach=True)\n"
                             "client.containers.run('ghcr.io/x/worker@sha256:" +
                                 std::string(64, 'a') +
                                 "')\n"
                                 "subprocess.run(['pip', 'install', 'plugin'])\n"
                                 "subprocess.run(['docker', 'run', os.getenv('IMG')])\n"}});
  EXPECT_EQ(
      R.findings(),
      (Strings{"runner.py:3: WORKER_IMAGE -> docker.from_env.containers.run(image=...) [image]",
               "runner.py:4: <literal> -> docker.from_env.containers.run(image=...) [image]",
               "runner.py:5: <literal> -> subprocess.run(args=...) [command]",
               "runner.py:6: IMG -> subprocess.run(args=...) [command]"}));
}

TEST(DataflowCode, DockerodeImageField) {
  Analysis R = analyseEcma({{"spawn.ts", "import Docker from 'dockerode';\n"
                                         "const docker = new Docker();\n"
                                         "await docker.createContainer({ Image: process.env.IMAGE, "
                                         "Cmd: ['run'] });\n"}});
  EXPECT_EQ(R.findings(),
            (Strings{"spawn.ts:3: IMAGE -> dockerode.createContainer({ Image: ... }) [image]"}));
}

TEST(DataflowSinks, BrowserOAuthAndFirebase) {
  Analysis Py = analyse(
      {{"app.py", "import os\n"
                  "from playwright.async_api import async_playwright\n"
                  "from requests_oauthlib import OAuth2Session\n"
                  "import firebase_admin\n"
                  "async def visit():\n"
                  "    async with async_playwright() as p:\n"
                  "        browser = await p.chromium.launch()\n"
                  "        page = await browser.new_page()\n"
                  "        await page.goto(os.environ['DASHBOARD_URL'])\n"
                  "oauth = OAuth2Session('id', redirect_uri=os.environ['CALLBACK'])\n"
                  "firebase_admin.initialize_app(None, {'databaseURL': os.environ['FB_DB']})\n"
                  "firebase_admin.initialize_app(None, {'databaseURL': 'https://x.example'})\n"}});
  EXPECT_EQ(Py.findings(),
            (Strings{"app.py:9: DASHBOARD_URL -> "
                     "playwright.async_api.async_playwright.chromium.launch.new_page.goto(url=...)",
                     "app.py:10: CALLBACK -> OAuth2Session(redirect_uri=...)",
                     "app.py:11: FB_DB -> firebase_admin.initialize_app({ databaseURL: ... })"}));
  Analysis Js = analyseEcma(
      {{"auth.ts",
        "import puppeteer from 'puppeteer';\n"
        "import { Strategy } from 'passport-google-oauth20';\n"
        "import admin from 'firebase-admin';\n"
        "const browser = await puppeteer.launch();\n"
        "const page = await browser.newPage();\n"
        "await page.goto(process.env.TARGET!);\n"
        "new Strategy({ clientID: 'x', callbackURL: process.env.CALLBACK_URL }, verify);\n"
        "admin.initializeApp({ databaseURL: process.env.FIREBASE_DB });\n"
        "new Strategy({ callbackURL: '/auth/callback' }, verify);\n"}});
  EXPECT_EQ(
      Js.findings(),
      (Strings{"auth.ts:6: TARGET -> puppeteer.launch.newPage.goto(...)",
               "auth.ts:7: CALLBACK_URL -> Strategy({ callbackURL: ... })",
               "auth.ts:8: FIREBASE_DB -> firebase-admin.initializeApp({ databaseURL: ... })"}));
}

TEST(DataflowSinks, SdkReadsItsOwnVariableWhenGivenNoBaseUrl) {
  Analysis Py = analyse({{"app.py", "import os\n"
                                    "from openai import OpenAI\n"
                                    "a = OpenAI(api_key=os.environ['KEY'])\n"
                                    "b = OpenAI(base_url='https://llm.example/v1')\n"
                                    "c = OpenAI(**options)\n"}});
  EXPECT_EQ(Py.findings(), (Strings{"app.py:3: OPENAI_BASE_URL -> OpenAI(...)"}));
  const dataflow::SourceInfo &S = Py.R.Sources[Py.R.Findings[0].Source];
  ASSERT_TRUE(S.Default.has_value());
  EXPECT_EQ(S.Default->Text, "https://api.openai.com/v1");
  Analysis Js = analyseEcma({{"llm.ts", "import OpenAI from 'openai';\n"
                                        "const a = new OpenAI({ apiKey: 'k' });\n"
                                        "const b = new OpenAI({ baseURL: 'https://x.example' });\n"
                                        "const c = new OpenAI(options);\n"
                                        "const d = new OpenAI();\n"}});
  EXPECT_EQ(Js.findings(), (Strings{"llm.ts:2: OPENAI_BASE_URL -> openai(...)",
                                    "llm.ts:5: OPENAI_BASE_URL -> openai(...)"}));
}

TEST(DataflowEcma, UnknownCallsMayInvokeFunctionLiterals) {
  Analysis R =
      analyseEcma({{"cb.ts", "import { withRetry } from 'retry-kit';\n"
                             "withRetry(process.env.R!, (u: string) => fetch(u));\n"
                             "JSON.stringify(process.env.J, (k, v) => fetch(v));\n"
                             "withRetry('https://fixed.example', (u: string) => fetch(u));\n"
                             "function mine(u: string, f: (x: string) => void) {}\n"
                             "mine(process.env.P!, (x) => fetch(x));\n"}});
  // A modelled call (JSON.stringify) invokes only what its model says; a
  // function of the program, what its code does.
  EXPECT_EQ(R.findings(), (Strings{"cb.ts:2: R -> fetch(...)"}));
}

// An import that resolves to a file whose parse was stopped (an empty
// module, without even a module body) binds nothing; found by the
// ecmascript fuzzer, where it read the empty module's body.
TEST(Dataflow, ImportOfAnEmptyModuleBindsNothing) {
  ir::Module Importer;
  Importer.Path = "/p/a.ts";
  ir::Function Top;
  Top.Name = Top.QualifiedName = "<module>";
  Importer.Functions.push_back(Top);
  ir::Import I;
  I.Module = "./b";
  I.Name = "x";
  I.ResolvedPath = "/p/b.ts";
  Importer.Imports.push_back(I);
  ir::Node Read;
  Read.Kind = ir::NodeKind::Name;
  Read.Text = "x";
  Importer.Nodes.push_back(Read);
  Importer.Functions[0].Evaluated.push_back(0);
  ir::Module Empty;
  Empty.Path = "/p/b.ts";
  dataflow::Models None;
  dataflow::Result R =
      dataflow::analyse({{Importer.Path, &Importer, {}}, {Empty.Path, &Empty, {"b"}}}, None);
  EXPECT_TRUE(R.Findings.empty());
}
TEST(DataflowGo, TypedRequestParametersIntoStores) {
  // A parameter declared as a request object's type holds request input
  // (net/http, gin); configuration and other parameters written to a store
  // are silent.
  Analysis R = analyse(
      {{"main.go", "package main\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\t\"net/http\"\n"
                   "\t\"os\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
                   "func save(w http.ResponseWriter, r *http.Request) {\n"
                   "\tos.WriteFile(\"/data/x.txt\", []byte(r.FormValue(\"x\")), 0o600)\n"
                   "\tdb, _ := sql.Open(\"postgres\", \"postgres://db\")\n"
                   "\tdb.Exec(\"INSERT INTO t VALUES ($1)\", r.FormValue(\"y\"))\n"
                   "\tos.WriteFile(\"/data/y.txt\", []byte(os.Getenv(\"Y\")), 0o600)\n"
                   "}\n\n"
                   "func keep(ctx context.Context, s string) {\n"
                   "\tos.WriteFile(\"/data/s.txt\", []byte(s), 0o600)\n}\n\n"
                   "func main() {\n\thttp.HandleFunc(\"/\", save)\n\tr := gin.Default()\n"
                   "\tr.POST(\"/x\", func(c *gin.Context) {\n"
                   "\t\tos.WriteFile(\"/data/z\", []byte(c.PostForm(\"z\")), 0o600)\n\t})\n}\n"},
       {"go.mod", "module example.com/app\n\ngo 1.22\n"}});
  std::vector<std::string> F = R.findings();
  F.erase(std::unique(F.begin(), F.end()), F.end()); // the parameter and its read
  EXPECT_EQ(F, (Strings{"main.go:13: <request input> -> os.WriteFile(...) [data] at '/data/x.txt'",
                        "main.go:15: <request input> -> sql.Open.Exec(...) [data] at 'INSERT INTO "
                        "t VALUES ($1)'",
                        "main.go:27: <request input> -> os.WriteFile(...) [data] at '/data/z'"}));
}

TEST(DataflowRust, ExtractorParametersIntoFiles) {
  // An extractor-typed parameter is request input, destructured or not.
  Analysis R =
      analyse({{"src/main.rs", "use axum::{routing::post, Json, Router};\nuse std::fs;\n\n"
                               "async fn chat(Json(body): Json<Req>) -> String {\n"
                               "    fs::write(\"/data/x\", body.text.clone()).unwrap();\n"
                               "    String::new()\n}\n"
                               "async fn other(body: axum::extract::Json<Req>, name: String) {\n"
                               "    std::fs::write(\"/data/y\", &body.text).unwrap();\n"
                               "    std::fs::write(\"/data/n\", name).unwrap();\n}\n"
                               "fn main() { let app = Router::new().route(\"/\", post(chat)); }\n"},
               {"Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"}});
  std::vector<std::string> F = R.findings();
  F.erase(std::unique(F.begin(), F.end()), F.end());
  EXPECT_EQ(F,
            (Strings{"src/main.rs:5: <request input> -> std.fs.write(...) [data] at '/data/x'",
                     "src/main.rs:9: <request input> -> std.fs.write(...) [data] at '/data/y'"}));
}

/// Analysis on demand skips what no source reaches and finds what analysing
/// every function finds: a closure reading a variable of the function around
/// it, a method reading a field a constructor took from the environment, a
/// settings instance and a configuration object held in globals, a
/// function whose return is read from the environment, called elsewhere.
TEST(Dataflow, OnDemandFindsWhatEveryFunctionFinds) {
  const std::vector<std::pair<std::string, std::string>> Files = {
      {"config.py", "import os\n"
                    "from pydantic_settings import BaseSettings\n"
                    "\n"
                    "class Settings(BaseSettings):\n"
                    "    hook_url: str = 'https://hook.example'\n"
                    "\n"
                    "settings = Settings()\n"
                    "CONFIG = {'backend': os.environ['BACKEND_URL']}\n"
                    "\n"
                    "def llm_url():\n"
                    "    return os.getenv('LLM_URL')\n"
                    "\n"
                    "class Client:\n"
                    "    def __init__(self):\n"
                    "        self.base = os.getenv('CLIENT_URL')\n"
                    "    def target(self):\n"
                    "        return self.base + '/v1'\n"},
      {"app.py", "import requests\n"
                 "from config import settings, CONFIG, llm_url, Client\n"
                 "\n"
                 "def post(url, body):\n"
                 "    return requests.post(url, json=body)\n"
                 "\n"
                 "def outer(body):\n"
                 "    url = llm_url()\n"
                 "    def inner():\n"
                 "        return post(url, body)\n"
                 "    return inner\n"
                 "\n"
                 "def hook(body):\n"
                 "    return post(settings.hook_url, body)\n"
                 "\n"
                 "def backend(body):\n"
                 "    return post(CONFIG['backend'], body)\n"
                 "\n"
                 "def client(body):\n"
                 "    return post(Client().target(), body)\n"},
      {"util.py", "def plus(a, b):\n"
                  "    return a + b\n"
                  "\n"
                  "def double(x):\n"
                  "    return plus(x, x)\n"
                  "\n"
                  "class Tally:\n"
                  "    def __init__(self):\n"
                  "        self.count = 0\n"
                  "    def tick(self):\n"
                  "        self.count = double(self.count)\n"},
  };
  Analysis Demand = analyse(Files), Every = analyse(Files, false);
  EXPECT_EQ(Demand.findings(), Every.findings());
  EXPECT_EQ(Demand.findings(), (Strings{"app.py:5: BACKEND_URL -> requests.post(url=...)",
                                        "app.py:5: LLM_URL -> requests.post(url=...)",
                                        "app.py:5: CLIENT_URL -> requests.post(url=...)",
                                        "app.py:5: HOOK_URL -> requests.post(url=...)"}));
  EXPECT_EQ(Demand.R.Sources.size(), Every.R.Sources.size());
  // util.py's four functions and the class's are never analysed.
  EXPECT_EQ(Every.R.Analysed - Demand.R.Analysed, 4u);
}

/// A closure reading a parameter of the function around it sends what that
/// function's callers pass: whether it runs there, is returned or is handed
/// to a framework. A caller passing a constant makes no finding.
TEST(Dataflow, ClosuresReadTheParametersAroundThem) {
  Analysis R = analyse({{"app.py", "import os\nimport requests\n\n"
                                   "def make_handler(backend):\n"
                                   "    def handler(body):\n"
                                   "        return requests.post(backend, json=body)\n"
                                   "    return handler\n\n"
                                   "def run_inside(p):\n"
                                   "    def f():\n"
                                   "        return requests.get(p)\n"
                                   "    return f()\n\n"
                                   "def through_return(q):\n"
                                   "    def g():\n"
                                   "        return q + '/v1'\n"
                                   "    return requests.get(g())\n\n"
                                   "h = make_handler(os.getenv('BACKEND'))\n"
                                   "run_inside(os.getenv('INSIDE'))\n"
                                   "through_return(os.getenv('RETURNED'))\n"
                                   "fixed = make_handler('https://fixed.example')\n"
                                   "run_inside('https://fixed.example')\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.py:6: BACKEND -> requests.post(url=...)",
                                   "app.py:11: INSIDE -> requests.get(url=...)",
                                   "app.py:17: RETURNED -> requests.get(url=...)"}));
}

TEST(DataflowGo, HandlerFactoriesCarryTheirParameters) {
  Analysis R = analyse(
      {{"main.go", "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\t\"strings\"\n)\n\n"
                   "func makeHandler(backend string) http.HandlerFunc {\n"
                   "\treturn func(w http.ResponseWriter, r *http.Request) {\n"
                   "\t\thttp.Post(backend, \"application/json\", strings.NewReader(\"x\"))\n"
                   "\t}\n}\n\n"
                   "func main() {\n"
                   "\thttp.HandleFunc(\"/\", makeHandler(os.Getenv(\"BACKEND\")))\n"
                   "\thttp.HandleFunc(\"/f\", makeHandler(\"https://fixed.example\"))\n"
                   "\thttp.ListenAndServe(\":8080\", nil)\n}\n"},
       {"go.mod", "module example.com/app\n\ngo 1.22\n"}});
  EXPECT_EQ(R.findings(), (Strings{"main.go:11: BACKEND -> http.Post(...)"}));
}

TEST(DataflowEcma, ArrowFunctionsReadTheParametersAroundThem) {
  Analysis R = analyseEcma(
      {{"app.ts", "export function makeClient(base: string) {\n"
                  "  return async (body: unknown) => fetch(base + '/v1', { method: 'POST', body: "
                  "JSON.stringify(body) });\n"
                  "}\n"
                  "export const send = makeClient(process.env.LLM_URL ?? 'http://llm');\n"
                  "export const fixed = makeClient('https://fixed.example');\n"}});
  EXPECT_EQ(R.findings(), (Strings{"app.ts:2: LLM_URL -> fetch(...)"}));
}

TEST(DataflowRust, MoveClosuresCarryTheParametersAroundThem) {
  Analysis R = analyse(
      {{"src/main.rs", "use std::env;\n\n"
                       "fn make_sender(base: String) -> impl Fn(String) {\n"
                       "    move |body: String| {\n"
                       "        let client = reqwest::blocking::Client::new();\n"
                       "        let _ = client.post(base.clone()).body(body).send();\n"
                       "    }\n}\n\n"
                       "fn main() {\n"
                       "    let send = make_sender(env::var(\"BACKEND_URL\").unwrap());\n"
                       "    send(\"x\".to_string());\n"
                       "    let fixed = make_sender(\"https://fixed.example\".to_string());\n"
                       "    fixed(\"y\".to_string());\n}\n"},
       {"Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"}});
  EXPECT_EQ(R.findings(), (Strings{"src/main.rs:6: BACKEND_URL -> Client.post(...)"}));
}
