// Incremental taint analysis: after each edit of a file, the program built
// with the analyses of earlier builds kept (a language server's runs) must
// give what a new analysis of the edited program gives. The programs are the
// annotated inputs and the examples; the edits delete lines, shift every
// position, empty a file and bring it back.

#include "program/Program.h"
#include "source/FileStore.h"
#include "source/Language.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace teetidy;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

/// What a result says, as text that does not depend on the order of sources
/// or on which of several paths was taken: each source, and each finding
/// with its source and the two ends of its path.
std::multiset<std::string> describe(const dataflow::Result &R,
                                    const std::vector<const SourceFile *> &Fs) {
  auto Where = [&](uint32_t Mod, ir::Range W) {
    return Fs[Mod]->path() + ":" + std::to_string(W.Begin) + "-" + std::to_string(W.End);
  };
  auto Source = [&](const dataflow::SourceInfo &S) {
    std::string Out = std::to_string(S.K) + " " + Where(S.Module, S.Where) + " " + S.Description;
    for (const std::string &V : S.Variables)
      Out += " $" + V;
    if (S.Default)
      Out += " default " + std::to_string(S.Default->K) + "'" + S.Default->Text + "'@" +
             Where(S.Default->Module, S.Default->Where);
    if (S.Unreached)
      Out += " unreached";
    if (!S.Address.empty())
      Out += " address " + S.Address;
    return Out;
  };
  std::multiset<std::string> Out;
  for (const dataflow::SourceInfo &S : R.Sources)
    Out.insert("source " + Source(S));
  for (const dataflow::Finding &F : R.Findings) {
    std::string D = "finding " + Where(F.Module, F.Where) + " " + F.Display + " " +
                    dataflow::sinkKindName(F.SinkKind) + " from " + Source(R.Sources[F.Source]);
    if (!F.Path.empty())
      D += " path " + Where(F.Path.front().Module, F.Path.front().Where) + " .. " +
           Where(F.Path.back().Module, F.Path.back().Where) + " " + F.Path.back().Message;
    Out.insert(D);
  }
  for (const std::string &L : R.Limits)
    Out.insert("limit " + L);
  return Out;
}

/// Builds the program of \p Program (paths relative to a root) with
/// \p Analyses (null: solved anew) and describes its result.
std::multiset<std::string> build(const Files &Program, program::AnalysisCache *Analyses,
                                 program::LoweringCache &Lowered,
                                 program::TreeCache *Reparse = nullptr) {
  static const QueryStore Queries(std::string(TEETIDY_SOURCE_DIR) + "/queries");
  const std::string Root = "/project/";
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS(new llvm::vfs::InMemoryFileSystem);
  FileStore Store(LoadOptions{0}, FS);
  std::vector<const SourceFile *> Loaded;
  for (const auto &[Path, Text] : Program) {
    FS->addFile(Root + Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
    if (!languageForPath(Path))
      continue; // a manifest the program layer reads (go.mod, Cargo.toml)
    auto F = Store.load(Root + Path, *languageForPath(Path));
    EXPECT_TRUE(static_cast<bool>(F)) << Path;
    if (F)
      Loaded.push_back(*F);
  }
  llvm::ThreadPool Pool(llvm::hardware_concurrency(1));
  program::ProgramOptions Opts;
  Opts.Variants = {{}};
  Opts.Cache = &Lowered;
  Opts.Analyses = Analyses;
  // With a tree cache, every file's tree is kept, as an open document's is.
  program::SyntaxTrees Trees;
  if (Reparse) {
    Opts.Reparse = Reparse;
    Opts.Trees = &Trees;
    Opts.KeepTree = [](const SourceFile &) { return true; };
  }
  std::unique_ptr<program::Program> P = program::Program::build(Loaded, Store, Queries, Opts, Pool);
  return describe(P->taint({})->result(), P->files());
}

/// The script files under \p Dir (relative to the source tree), as a program.
Files programIn(const std::string &Dir) {
  Files Out;
  std::string Base = std::string(TEETIDY_SOURCE_DIR) + "/" + Dir;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Base, EC), End; It != End && !EC;
       It.increment(EC)) {
    std::string Path = It->path();
    if (!languageForPath(Path) || !familyOf(*languageForPath(Path)))
      continue;
    auto B = llvm::MemoryBuffer::getFile(Path);
    if (B)
      Out.emplace_back(Path.substr(Base.size() + 1), (*B)->getBuffer().str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::string withoutLine(const std::string &Text, size_t Line) {
  size_t Begin = 0;
  for (size_t L = 0; L < Line && Begin != std::string::npos; ++L) {
    Begin = Text.find('\n', Begin);
    if (Begin != std::string::npos)
      ++Begin;
  }
  if (Begin == std::string::npos || Begin >= Text.size())
    return Text;
  size_t End = Text.find('\n', Begin);
  return Text.substr(0, Begin) + (End == std::string::npos ? "" : Text.substr(End + 1));
}

/// Edits the files of \p Dir one after another, each edit on top of the
/// previous state, comparing the kept analysis with a new one each time.
void checkEdits(const std::string &Dir) {
  const Files Original = programIn(Dir);
  ASSERT_FALSE(Original.empty()) << Dir;
  program::AnalysisCache Analyses;
  program::LoweringCache Lowered;
  Files Now = Original;
  EXPECT_EQ(build(Now, &Analyses, Lowered), build(Now, nullptr, Lowered)) << Dir;
  EXPECT_GE(Analyses.lastBuild().Solved, 1u); // one per language family
  EXPECT_EQ(Analyses.lastBuild().Updated, 0u);
  unsigned Updates = 0;
  auto Step = [&](const std::string &What) {
    std::multiset<std::string> Kept = build(Now, &Analyses, Lowered);
    std::multiset<std::string> Anew = build(Now, nullptr, Lowered);
    if (Kept != Anew) {
      std::vector<std::string> OnlyKept, OnlyAnew;
      std::set_difference(Kept.begin(), Kept.end(), Anew.begin(), Anew.end(),
                          std::back_inserter(OnlyKept));
      std::set_difference(Anew.begin(), Anew.end(), Kept.begin(), Kept.end(),
                          std::back_inserter(OnlyAnew));
      std::string Msg;
      for (const std::string &S : OnlyKept)
        Msg += "  only updated: " + S + "\n";
      for (const std::string &S : OnlyAnew)
        Msg += "  only new: " + S + "\n";
      ADD_FAILURE() << Dir << " after " << What << ":\n" << Msg;
    }
    Updates += Analyses.lastBuild().Updated;
  };
  for (size_t I = 0; I < Now.size(); ++I) {
    const std::string &Text = Original[I].second;
    size_t Lines = static_cast<size_t>(std::count(Text.begin(), Text.end(), '\n'));
    // Every position of the file moves.
    Now[I].second = "\n" + Text;
    Step(Now[I].first + " shifted");
    // Lines go, one at a time, on top of each other.
    std::string Edited = Text;
    for (size_t K = 0; K < 4 && Lines > 0; ++K) {
      size_t Line = (K * 7919 + I * 31) % Lines;
      Edited = withoutLine(Edited, Line);
      Now[I].second = Edited;
      Step(Now[I].first + " without line " + std::to_string(Line + 1));
    }
    Now[I].second = "";
    Step(Now[I].first + " emptied");
    Now[I].second = Text;
    Step(Now[I].first + " restored");
  }
  // The updates were updates, not new solves.
  EXPECT_GT(Updates, 0u) << Dir;
}

TEST(Incremental, AnnotatedInputs) {
  for (const char *Dir :
       {"tests/checkers/attestation-dev-fallback", "tests/checkers/attestation-mismatch-accepted",
        "tests/checkers/attestation-tls-verification-disabled",
        "tests/checkers/attestation-unbound-signing-key",
        "tests/checkers/dstack-configurable-model", "tests/checkers/dstack-unmeasured-code",
        "tests/checkers/secrets-hardcoded-fallback"})
    checkEdits(Dir);
}

TEST(Incremental, ConfigurableEndpointInputs) {
  checkEdits("tests/checkers/dstack-configurable-endpoint");
}

TEST(Incremental, Examples) {
  checkEdits("examples/private-llm-proxy");
  checkEdits("examples/node-llm-gateway");
}

/// Deletes each line of each file in turn (the others as written), then
/// brings the file back: every flow across modules is cut somewhere.
/// How many findings of the program name \p Callee (as messages show it).
size_t findingsAt(const std::multiset<std::string> &Described, const std::string &Callee) {
  return static_cast<size_t>(
      std::count_if(Described.begin(), Described.end(), [&](const std::string &D) {
        return D.rfind("finding ", 0) == 0 && D.find(" " + Callee + " ") != std::string::npos;
      }));
}

void checkEachLine(const Files &Original) {
  program::AnalysisCache Analyses;
  program::LoweringCache Lowered;
  Files Now = Original;
  ASSERT_EQ(build(Now, &Analyses, Lowered), build(Now, nullptr, Lowered));
  for (size_t I = 0; I < Now.size(); ++I) {
    const std::string &Text = Original[I].second;
    size_t Lines = static_cast<size_t>(std::count(Text.begin(), Text.end(), '\n'));
    for (size_t L = 0; L <= Lines; ++L) {
      Now[I].second = L < Lines ? withoutLine(Text, L) : Text;
      std::multiset<std::string> Kept = build(Now, &Analyses, Lowered);
      std::multiset<std::string> Anew = build(Now, nullptr, Lowered);
      std::vector<std::string> Diff;
      std::set_symmetric_difference(Kept.begin(), Kept.end(), Anew.begin(), Anew.end(),
                                    std::back_inserter(Diff));
      std::string Msg;
      for (const std::string &D : Diff)
        Msg += "  " + D + (Kept.count(D) > Anew.count(D) ? "  (only updated)\n" : "  (only new)\n");
      EXPECT_TRUE(Diff.empty()) << Now[I].first << " without line " << L + 1 << ":\n" << Msg;
    }
  }
}

/// Settings, module globals written from another module, class fields,
/// summaries of functions and methods across modules, fallbacks written
/// where a value is used.
TEST(Incremental, PythonFlowsAcrossModules) {
  checkEachLine({
      {"config.py", "import os\n"
                    "from pydantic_settings import BaseSettings\n"
                    "\n"
                    "class Settings(BaseSettings):\n"
                    "    llm_url: str = 'https://llm.example'\n"
                    "    api_key: str = 'dev-key'\n"
                    "\n"
                    "settings = Settings()\n"
                    "BACKEND = os.getenv('BACKEND_URL', 'https://backend.example')\n"
                    "TIMEOUT = os.environ.get('TIMEOUT')\n"},
      {"clients.py", "import httpx\n"
                     "import requests\n"
                     "from config import settings, BACKEND\n"
                     "\n"
                     "class Client:\n"
                     "    def __init__(self, base):\n"
                     "        self.base = base\n"
                     "    def send(self, body):\n"
                     "        return requests.post(self.base, json=body)\n"
                     "\n"
                     "def make(url=None):\n"
                     "    return httpx.Client(base_url=url or settings.llm_url)\n"
                     "\n"
                     "def forward(url, body):\n"
                     "    return requests.post(url, json=body)\n"
                     "\n"
                     "default_client = Client(BACKEND)\n"},
      {"app.py", "import os\n"
                 "import config\n"
                 "import clients\n"
                 "from clients import forward, make\n"
                 "\n"
                 "config.EXTRA = os.getenv('EXTRA_URL')\n"
                 "\n"
                 "def handler(body):\n"
                 "    forward(config.EXTRA, body)\n"
                 "    forward(config.BACKEND, body)\n"
                 "    forward(config.TIMEOUT or 'https://t.example', body)\n"
                 "    c = clients.Client(os.environ['HOOK_URL'])\n"
                 "    c.send(body)\n"
                 "    return make()\n"
                 "\n"
                 "def other(body):\n"
                 "    url = os.getenv('OTHER_URL') or 'https://other.example'\n"
                 "    return forward(url, body)\n"},
      {"hooks.py", "import config, os\n"
                   "config.EXTRA = os.getenv('HOOKS_URL')\n"},
      {"worker.py", "from app import handler\n"
                    "import clients\n"

                    "\n"
                    "def run(b):\n"
                    "    clients.default_client.send(b)\n"
                    "    return handler(b)\n"},
  });
}

/// A settings field declared in a base class of another module: the source
/// is keyed by the subclass's module and placed in the base's.
TEST(Incremental, SettingsFieldsInheritedAcrossModules) {
  checkEachLine({
      {"base.py", "from pydantic_settings import BaseSettings\n"
                  "\n"
                  "class Base(BaseSettings):\n"
                  "    llm_url: str = 'https://llm.example'\n"
                  "    hook_url: str = ''\n"},
      {"config.py", "from base import Base\n"
                    "\n"
                    "class Settings(Base):\n"
                    "    api_key: str = 'x'\n"
                    "\n"
                    "settings = Settings()\n"},
      {"app.py", "import requests\n"
                 "from config import settings\n"
                 "\n"
                 "def go(body):\n"
                 "    requests.post(settings.hook_url, json=body)\n"
                 "    return requests.post(settings.llm_url, json=body)\n"},
  });
}

/// A Go package whose files see each other's names and whose type has
/// methods in another file, imported by module path; each line of each
/// file removed in turn (a method or a type's declaration going away).
TEST(Incremental, GoPackagesAcrossFiles) {
  const Files Program = {
      {"go.mod", "module example.com/svc\n"},
      {"config/config.go", "package config\n"
                           "\n"
                           "import \"os\"\n"
                           "\n"
                           "type Config struct {\n"
                           "\tURL  string\n"
                           "\tHook string `env:\"HOOK_URL\"`\n"
                           "}\n"
                           "\n"
                           "var fromEnv = os.Getenv(\"API_URL\")\n"
                           "\n"
                           "func Load() *Config { return &Config{URL: fromEnv} }\n"},
      {"config/methods.go", "package config\n"
                            "\n"
                            "func (c *Config) Endpoint() string { return c.URL + \"/v1\" }\n"
                            "\n"
                            "func (c *Config) Webhook() string { return c.Hook }\n"},
      {"main.go", "package main\n"
                  "\n"
                  "import (\n"
                  "\t\"net/http\"\n"
                  "\n"
                  "\t\"example.com/svc/config\"\n"
                  ")\n"
                  "\n"
                  "func main() {\n"
                  "\tc := config.Load()\n"
                  "\thttp.Get(c.Endpoint())\n"
                  "\thttp.Get(c.Webhook())\n"
                  "}\n"},
  };
  program::LoweringCache Lowered;
  // Both flows are found before any edit: API_URL through the method of
  // another file, HOOK_URL through the tagged field.
  EXPECT_GE(findingsAt(build(Program, nullptr, Lowered), "http.Get(...)"), 2u);
  checkEachLine(Program);
}

/// A Rust crate: `mod` files, `use` paths from `crate` and `super`, impl
/// blocks in another module than the struct.
TEST(Incremental, RustCratesAcrossFiles) {
  const Files Program = {
      {"Cargo.toml", "[package]\nname = \"svc\"\n"},
      {"src/main.rs", "mod config;\n"
                      "mod client;\n"
                      "\n"
                      "fn main() {\n"
                      "    let s = config::Settings::load();\n"
                      "    client::send(&s.url);\n"
                      "}\n"},
      {"src/config.rs", "pub struct Settings { pub url: String }\n"
                        "\n"
                        "impl Settings {\n"
                        "    pub fn load() -> Self {\n"
                        "        Settings { url: std::env::var(\"API_URL\").unwrap() }\n"
                        "    }\n"
                        "}\n"},
      {"src/client.rs", "use crate::config::Settings;\n"
                        "\n"
                        "pub fn send(url: &str) {\n"
                        "    let _ = reqwest::blocking::get(url);\n"
                        "    let _ = reqwest::blocking::get(super::config::Settings::load().url);\n"
                        "}\n"},
  };
  program::LoweringCache Lowered;
  EXPECT_EQ(findingsAt(build(Program, nullptr, Lowered), "reqwest.blocking.get(...)"), 2u);
  checkEachLine(Program);
}

/// Exports, template strings, classes with fields set in constructors,
/// fallbacks with `??`.
TEST(Incremental, TypeScriptFlowsAcrossModules) {
  checkEachLine({
      {"src/config.ts", "export const API = process.env.API_URL ?? 'https://api.example';\n"
                        "export function endpoint(path: string) {\n"
                        "  return `${process.env.BASE_URL}/${path}`;\n"
                        "}\n"
                        "export const settings = { hook: process.env.HOOK_URL };\n"},
      {"src/client.ts", "import { API, endpoint, settings } from './config';\n"
                        "export async function call(body: unknown) {\n"
                        "  await fetch(API, { method: 'POST', body: JSON.stringify(body) });\n"
                        "  return fetch(endpoint('v1'));\n"
                        "}\n"
                        "export class Sender {\n"
                        "  url: string;\n"
                        "  constructor(url: string) { this.url = url; }\n"
                        "  send(b: string) { return fetch(this.url, { body: b }); }\n"
                        "}\n"
                        "export const hooks = new Sender(settings.hook ?? 'https://h.example');\n"},
      {"src/main.ts", "import { call, Sender, hooks } from './client';\n"
                      "const s = new Sender(process.env.OUT_URL || 'https://out.example');\n"
                      "export function main() {\n"
                      "  s.send('x');\n"
                      "  hooks.send('y');\n"
                      "  return call({});\n"
                      "}\n"},
  });
}

/// An update starts from the changed module and what reads what it wrote,
/// not from the whole program.
TEST(Incremental, AnUpdateStartsFromWhatChanged) {
  Files P;
  for (int I = 0; I < 20; ++I)
    P.emplace_back("pkg/m" + std::to_string(I) + ".py",
                   "import os\nimport requests\n\ndef f(body):\n"
                   "    url = os.getenv('URL_" +
                       std::to_string(I) +
                       "', 'https://a.example')\n"
                       "    return requests.post(url, json=body)\n");
  P.emplace_back("pkg/__init__.py", "");
  P.emplace_back("main.py", "from pkg.m3 import f\n\ndef handle(b):\n    return f(b)\n");
  program::AnalysisCache Analyses;
  program::LoweringCache Lowered;
  build(P, &Analyses, Lowered);
  size_t All = Analyses.lastBuild().Started;
  P[5].second += "\ndef g():\n    return requests.get(os.environ['OTHER'])\n";
  EXPECT_EQ(build(P, &Analyses, Lowered), build(P, nullptr, Lowered));
  EXPECT_EQ(Analyses.lastBuild().Updated, 1u);
  // m5's three functions (module body, f, g); nothing reads what they write.
  EXPECT_EQ(Analyses.lastBuild().Started, 3u);
  EXPECT_GT(All, 40u);
  // m3's f is called from main: the caller starts again too.
  P[3].second = "\n" + P[3].second;
  EXPECT_EQ(build(P, &Analyses, Lowered), build(P, nullptr, Lowered));
  EXPECT_GE(Analyses.lastBuild().Started, 4u);
  EXPECT_LT(Analyses.lastBuild().Started, 10u);
  // Nothing changed: nothing runs.
  build(P, &Analyses, Lowered);
  EXPECT_EQ(Analyses.lastBuild().Started, 0u);
}

/// Kept trees are reparsed incrementally (tree-sitter's edits), and what the
/// program gets from them is what a fresh parse gives.
TEST(Incremental, KeptTreesAreReparsedFromTheLastTree) {
  Files P = {{"app.py", "import os, requests\n\ndef f(b):\n"
                        "    return requests.post(os.getenv('U', 'https://a.example'), json=b)\n"},
             {"web.ts", "export const u = process.env.API ?? 'https://b.example';\n"
                        "export function g() { return fetch(u); }\n"}};
  program::AnalysisCache Analyses;
  program::LoweringCache Lowered;
  program::TreeCache Reparse;
  build(P, &Analyses, Lowered, &Reparse);
  EXPECT_EQ(Reparse.reparsed(), 0u);
  P[0].second.insert(0, "\n# moved\n");
  P[1].second += "export function h() { return fetch(process.env.OTHER!); }\n";
  // The kept build first: the other would put the edited files in the
  // lowering cache, and nothing would be parsed.
  Reparse.resetCount();
  std::multiset<std::string> Kept = build(P, &Analyses, Lowered, &Reparse);
  EXPECT_EQ(Kept, build(P, nullptr, Lowered));
  EXPECT_EQ(Reparse.reparsed(), 2u);
  // A path no longer kept is parsed afresh.
  Reparse.retain([](const std::string &Path) { return Path.find("app.py") != std::string::npos; });
  P[0].second += "x = 1\n";
  P[1].second += "const y = 2;\n";
  Reparse.resetCount();
  Kept = build(P, &Analyses, Lowered, &Reparse);
  EXPECT_EQ(Kept, build(P, nullptr, Lowered));
  EXPECT_EQ(Reparse.reparsed(), 1u);
}

/// A different set of files is a new program: solved anew.
TEST(Incremental, NewFilesSolveAnew) {
  Files P = {{"a.py", "import os\n"}, {"b.py", "import a\n"}};
  program::AnalysisCache Analyses;
  program::LoweringCache Lowered;
  build(P, &Analyses, Lowered);
  P.emplace_back("c.py", "import os, requests\nrequests.get(os.environ['U'])\n");
  EXPECT_EQ(build(P, &Analyses, Lowered), build(P, nullptr, Lowered));
  EXPECT_EQ(Analyses.lastBuild().Solved, 1u);
  EXPECT_EQ(Analyses.lastBuild().Updated, 0u);
}

} // namespace
