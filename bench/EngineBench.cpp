// Throughput of the dataflow pipeline against tree-sitter parsing alone, on
// the same files in the same run, for four corpora:
//
//   Python       every .py file under $TEETIDY_BENCH_CORPUS
//                (default: the Python standard library of the machine)
//   EcmaScript   every .js/.mjs/.cjs/.ts/.tsx file under $TEETIDY_BENCH_JS_CORPUS
//                (default: the JavaScript installed with Node.js), skipping
//                minified files as the tool does
//   Go           every .go file under $TEETIDY_BENCH_GO_CORPUS (default: the
//                Go standard library of Debian's golang-1.19-src), outside
//                testdata/ directories; packages and their go.mod as the
//                program layer reads them
//   Rust         every .rs file under $TEETIDY_BENCH_RUST_CORPUS (default:
//                the crates Debian's librust-*-dev packages vendor under
//                /usr/share/cargo/registry); crates by Cargo.toml
//
//   BM_ParseOnly/<corpus>   tree-sitter parse of every file, as tree-sitter
//                           comes (its allocator, ts_tree_delete)
//   BM_ParseArena/<corpus>  the same with tee-tidy's Parser, which parses
//                           into an arena per tree
//   BM_Lower/<corpus>       parse + lowering to the IR
//   BM_Analyse/<corpus>     parse + lowering + the whole-program taint engine
//   BM_EngineOnly/<corpus>  the engine alone, over IR lowered beforehand
//   BM_Phases/<corpus>      the pipeline with parse, lowering, engine and
//                           freeing the IR timed apart (counters, seconds)
//   BM_Share/<corpus>       parse-only (both kinds) and the pipeline
//                           interleaved file by file, each side settling
//                           its own frees in its clock; its `share` counter
//                           is parse-only time / pipeline time
//
// Each reports bytes/second over the same bytes; docs/performance.md tracks
// BM_Share's `share`. Everything runs on one thread.

#include "dataflow/Engine.h"
#include "frontend/EcmaScriptLowering.h"
#include "frontend/GoLowering.h"
#include "frontend/GoModules.h"
#include "frontend/PythonLowering.h"
#include "frontend/PythonModules.h"
#include "frontend/RustLowering.h"
#include "frontend/RustModules.h"
#include "program/Program.h"
#include "source/Language.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <malloc.h>
#include <map>
#include <memory>
#include <sys/resource.h>

using namespace teetidy;

namespace {

enum CorpusKind { Python = 0, EcmaScript = 1, Go = 2, Rust = 3 };

/// The language family each corpus holds.
LanguageFamily familyOfCorpus(CorpusKind K) {
  static constexpr LanguageFamily Families[] = {LanguageFamily::Python, LanguageFamily::EcmaScript,
                                                LanguageFamily::Go, LanguageFamily::Rust};
  return Families[K];
}

struct Corpus {
  std::vector<std::string> Paths, Texts;
  std::vector<Language> Langs;
  int64_t Bytes = 0;
};

/// The tool skips walked JavaScript with a line this long as generated.
constexpr size_t MinifiedLine = 10000;

bool minified(llvm::StringRef Text) {
  size_t Line = 0;
  for (char C : Text) {
    Line = C == '\n' ? 0 : Line + 1;
    if (Line >= MinifiedLine)
      return true;
  }
  return false;
}

Corpus load(CorpusKind K) {
  Corpus Out;
  static constexpr const char *Vars[] = {"TEETIDY_BENCH_CORPUS", "TEETIDY_BENCH_JS_CORPUS",
                                         "TEETIDY_BENCH_GO_CORPUS", "TEETIDY_BENCH_RUST_CORPUS"};
  static constexpr const char *Defaults[] = {"/usr/lib/python3.11", "/usr/lib/node_modules",
                                             "/usr/share/go-1.19/src", "/usr/share/cargo/registry"};
  const char *Env = std::getenv(Vars[K]);
  std::string Root = Env && *Env ? Env : Defaults[K];
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End; It != End && !EC;
       It.increment(EC)) {
    // Go's testdata/ directories hold inputs of tests, invalid code among them.
    if (K == Go && llvm::sys::path::filename(It->path()) == "testdata") {
      It.no_push();
      continue;
    }
    auto L = languageForPath(It->path());
    if (!L || familyOf(*L) != familyOfCorpus(K))
      continue;
    if (llvm::StringRef(It->path()).endswith(".d.ts"))
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(It->path());
    if (!Buf || (*Buf)->getBufferSize() > (4u << 20))
      continue;
    if (K == EcmaScript && minified((*Buf)->getBuffer()))
      continue;
    Out.Paths.push_back(It->path());
    Out.Texts.push_back((*Buf)->getBuffer().str());
    Out.Langs.push_back(*L);
    Out.Bytes += static_cast<int64_t>((*Buf)->getBufferSize());
  }
  return Out;
}

/// The names each file answers to and the imports the program layer gives
/// it: Go packages and Rust crates (other files keep their own imports).
struct Layout {
  std::vector<std::vector<std::string>> Names;
  std::vector<std::vector<ir::Import>> ExtraImports;
  frontend::RustLayout Crates;
};

/// The nearest \p Name at or above a directory, read from disk once per
/// directory.
frontend::ManifestLookup manifests(const char *Name) {
  auto Cache =
      std::make_shared<std::map<std::string, std::optional<std::pair<std::string, std::string>>>>();
  return [Cache, Name](const std::string &Start) {
    std::string Dir = Start;
    std::vector<std::string> Walked;
    std::optional<std::pair<std::string, std::string>> Found;
    for (unsigned Depth = 0; Depth < 64 && !Dir.empty(); ++Depth) {
      if (auto It = Cache->find(Dir); It != Cache->end()) {
        Found = It->second;
        break;
      }
      Walked.push_back(Dir);
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, Name);
      if (auto Buf = llvm::MemoryBuffer::getFile(P)) {
        Found.emplace(Dir, (*Buf)->getBuffer().str());
        break;
      }
      std::string Up = llvm::sys::path::parent_path(Dir).str();
      if (Up == Dir)
        break;
      Dir = Up;
    }
    for (const std::string &W : Walked)
      (*Cache)[W] = Found;
    return Found;
  };
}

Layout layout(const Corpus &C, CorpusKind K) {
  Layout L;
  size_t N = C.Paths.size();
  L.Names.resize(N);
  L.ExtraImports.resize(N);
  if (K == Python)
    for (size_t I = 0; I < N; ++I)
      L.Names[I] = frontend::pythonModuleNames(C.Paths[I]);
  if (K == Go)
    for (const frontend::GoPackage &P : frontend::goPackages(C.Paths, manifests("go.mod")))
      for (size_t I : P.Files) {
        if (!frontend::isGoTestFile(C.Paths[I]))
          L.Names[I] = {P.ImportPath};
        L.ExtraImports[I] = frontend::goSiblingImports(P, I, C.Paths, "\x01package");
      }
  if (K == Rust) {
    L.Crates = frontend::rustLayout(C.Paths, manifests("Cargo.toml"));
    for (size_t I = 0; I < N; ++I)
      if (L.Crates.Named[I])
        L.Names[I] = {L.Crates.Module[I]};
  }
  return L;
}

const Corpus &corpus(CorpusKind K) {
  static const Corpus Corpora[4] = {load(Python), load(EcmaScript), load(Go), load(Rust)};
  return Corpora[K];
}

const Layout &layoutOf(CorpusKind K) {
  static const Layout Layouts[4] = {layout(corpus(Python), Python),
                                    layout(corpus(EcmaScript), EcmaScript), layout(corpus(Go), Go),
                                    layout(corpus(Rust), Rust)};
  return Layouts[K];
}

dataflow::Models models(CorpusKind K) {
  dataflow::Models M;
  QueryStore Store;
  static constexpr const char *Prefixes[] = {"models/python/", "models/ecma/", "models/go/",
                                             "models/rust/"};
  llvm::StringRef Prefix = Prefixes[K];
  for (const std::string &F : Store.files())
    if (llvm::StringRef(F).startswith(Prefix))
      if (auto Text = Store.file(F))
        llvm::cantFail(M.addFile(F, *Text));
  return M;
}

/// Lowers file \p I, with its imports resolved as the program layer
/// resolves them (relative Python imports made absolute, Go package files
/// importing each other, Rust `use` paths made absolute).
ir::Module lower(const Corpus &C, size_t I, TSNode Root) {
  switch (*familyOf(C.Langs[I])) {
  case LanguageFamily::EcmaScript:
    return frontend::lowerEcmaScript(C.Paths[I], C.Texts[I], Root);
  case LanguageFamily::Python: {
    ir::Module M = frontend::lowerPython(C.Paths[I], C.Texts[I], Root);
    for (ir::Import &Imp : M.Imports)
      frontend::makeAbsolute(C.Paths[I], Imp);
    return M;
  }
  case LanguageFamily::Go: {
    ir::Module M = frontend::lowerGo(C.Paths[I], C.Texts[I], Root);
    const std::vector<ir::Import> &Extra = layoutOf(Go).ExtraImports[I];
    M.Imports.insert(M.Imports.end(), Extra.begin(), Extra.end());
    return M;
  }
  case LanguageFamily::Rust: {
    ir::Module M = frontend::lowerRust(C.Paths[I], C.Texts[I], Root);
    frontend::makeRustImportsAbsolute(M.Imports, layoutOf(Rust).Crates, I);
    return M;
  }
  case LanguageFamily::C: // no corpus: C and C++ go through Clang
    break;
  }
  return {};
}

const dataflow::Models &modelsFor(CorpusKind K) {
  static const dataflow::Models Models[4] = {models(Python), models(EcmaScript), models(Go),
                                             models(Rust)};
  return Models[K];
}

/// Merges the small blocks freed since the last merge into glibc's bins
/// (malloc_consolidate), inside the clock of the side that freed them. The
/// sides of BM_Share share one heap, and the merge otherwise falls on the
/// next request for a large block, whichever side makes it: tree-sitter's
/// ts_tree_delete frees thousands of blocks a file, which the pipeline's
/// next large request had to merge. A request for a large block does it.
void settleFrees() {
  void *P = std::malloc(4096);
  benchmark::DoNotOptimize(P);
  std::free(P);
}

/// tree-sitter as it comes: one parser for every file, trees allocated by
/// the C library and freed by ts_tree_delete.
class StockParser {
public:
  StockParser() : P(ts_parser_new()) {}
  ~StockParser() { ts_parser_delete(P); }
  StockParser(const StockParser &) = delete;
  StockParser &operator=(const StockParser &) = delete;
  void parse(const Corpus &C, size_t I) {
    ts_parser_set_language(P, grammarFor(C.Langs[I]));
    TSTree *T = ts_parser_parse_string(P, nullptr, C.Texts[I].data(),
                                       static_cast<uint32_t>(C.Texts[I].size()));
    benchmark::DoNotOptimize(ts_tree_root_node(T));
    ts_tree_delete(T);
    settleFrees();
  }

private:
  TSParser *P;
};

/// Parses every file of \p C once.
void parseAll(const Corpus &C, Parser &P) {
  for (size_t I = 0; I < C.Texts.size(); ++I) {
    P.setLanguage(grammarFor(C.Langs[I]));
    Tree Parsed = P.parse(C.Texts[I]);
    benchmark::DoNotOptimize(Parsed.root());
  }
}

/// Parses and lowers every file of \p C.
std::vector<ir::Module> lowerAll(const Corpus &C, Parser &P) {
  std::vector<ir::Module> Modules(C.Texts.size());
  for (size_t I = 0; I < C.Texts.size(); ++I) {
    P.setLanguage(grammarFor(C.Langs[I]));
    Tree Parsed = P.parse(C.Texts[I]);
    Modules[I] = lower(C, I, Parsed.root());
  }
  return Modules;
}

dataflow::Result analyseAll(const Corpus &C, CorpusKind K, const std::vector<ir::Module> &Modules) {
  std::vector<dataflow::ProgramModule> Program;
  const Layout &L = layoutOf(K);
  for (size_t I = 0; I < Modules.size(); ++I)
    Program.push_back({C.Paths[I], &Modules[I], L.Names[I]});
  dataflow::EngineOptions Opts; // as the program layer solves the family
  Opts.OnDemand = program::onDemandByDefault(familyOfCorpus(K));
  return dataflow::analyse(Program, modelsFor(K), Opts);
}

void BM_ParseOnly(benchmark::State &State) {
  const Corpus &C = corpus(static_cast<CorpusKind>(State.range(0)));
  StockParser P;
  for (auto _ : State)
    for (size_t I = 0; I < C.Texts.size(); ++I)
      P.parse(C, I);
  State.SetBytesProcessed(State.iterations() * C.Bytes);
  State.counters["files"] = static_cast<double>(C.Texts.size());
}

void BM_ParseArena(benchmark::State &State) {
  const Corpus &C = corpus(static_cast<CorpusKind>(State.range(0)));
  Parser P;
  for (auto _ : State)
    parseAll(C, P);
  State.SetBytesProcessed(State.iterations() * C.Bytes);
}

void BM_Lower(benchmark::State &State) {
  const Corpus &C = corpus(static_cast<CorpusKind>(State.range(0)));
  Parser P;
  for (auto _ : State)
    for (size_t I = 0; I < C.Texts.size(); ++I) {
      P.setLanguage(grammarFor(C.Langs[I]));
      Tree Parsed = P.parse(C.Texts[I]);
      ir::Module M = lower(C, I, Parsed.root());
      benchmark::DoNotOptimize(M.Nodes.data());
    }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
}

void BM_Analyse(benchmark::State &State) {
  CorpusKind K = static_cast<CorpusKind>(State.range(0));
  const Corpus &C = corpus(K);
  Parser P;
  size_t Findings = 0, Rounds = 0, Analyses = 0, Analysed = 0, Functions = 0, Nodes = 0;
  for (auto _ : State) {
    std::vector<ir::Module> Modules = lowerAll(C, P);
    dataflow::Result R = analyseAll(C, K, Modules);
    Findings = R.Findings.size();
    Rounds = R.Rounds;
    Analyses = R.Analyses;
    Analysed = R.Analysed;
    Functions = 0;
    Nodes = 0;
    for (const ir::Module &M : Modules) {
      Functions += M.Functions.size();
      Nodes += M.Nodes.size();
    }
  }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
  State.counters["findings"] = static_cast<double>(Findings);
  State.counters["rounds"] = static_cast<double>(Rounds);
  State.counters["bytes_per_node"] =
      Nodes ? static_cast<double>(C.Bytes) / static_cast<double>(Nodes) : 0;
  State.counters["functions"] = static_cast<double>(Functions);
  State.counters["analyses_per_fn"] =
      Functions ? static_cast<double>(Analyses) / static_cast<double>(Functions) : 0;
  // The share of functions analysed at least once (see "Functions analysed
  // on demand" in docs/design.md).
  State.counters["analysed_fns"] =
      Functions ? static_cast<double>(Analysed) / static_cast<double>(Functions) : 0;
}

/// Parse-only against the whole pipeline, interleaved file by file: for
/// each file, one tree-sitter parse as tree-sitter comes, one parse with
/// tee-tidy's Parser (into an arena), and the pipeline's parse and lowering
/// of it, in an order that changes from file to file; then the engine over
/// the whole program and freeing the IR. The speed of a shared VM drifts by
/// 10 % or more within a second, and interleaving at the grain of one file
/// lets the drift touch all sides alike. An untimed pass comes first: the
/// counters are steady-state throughput, over the iterations after it.
/// `share` is tree-sitter parse-only time / pipeline time, `share_arena`
/// tee-tidy's parse-only time / pipeline time, and `arena_parse` tee-tidy's
/// parse-only time / tree-sitter's; `share_first_pass` is `share` of the
/// untimed pass, whose pipeline touches its memory for the first time.
void BM_Share(benchmark::State &State) {
  CorpusKind K = static_cast<CorpusKind>(State.range(0));
  const Corpus &C = corpus(K);
  StockParser Stock;
  Parser P;
  double StockSeconds = 0, ArenaSeconds = 0, PipelineSeconds = 0;
  using Clock = std::chrono::steady_clock;
  auto Seconds = [](Clock::time_point A, Clock::time_point B) {
    return std::chrono::duration<double>(B - A).count();
  };
  static constexpr int Orders[6][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0},
                                       {0, 2, 1}, {2, 0, 1}, {1, 0, 2}};
  auto Pass = [&](double &StockTime, double &ArenaTime, double &PipelineTime) {
    auto Modules = std::make_unique<std::vector<ir::Module>>(C.Texts.size());
    for (size_t I = 0; I < C.Texts.size(); ++I) {
      auto Run = [&](int Side) {
        auto T0 = Clock::now();
        double *Into = &PipelineTime;
        if (Side == 0) {
          Stock.parse(C, I);
          Into = &StockTime;
        } else {
          P.setLanguage(grammarFor(C.Langs[I]));
          Tree Parsed = P.parse(C.Texts[I]);
          if (Side == 1) {
            benchmark::DoNotOptimize(Parsed.root());
            Into = &ArenaTime;
          } else {
            (*Modules)[I] = lower(C, I, Parsed.root());
          }
        }
        if (Side != 0) // the stock side settles inside StockParser::parse
          settleFrees();
        *Into += Seconds(T0, Clock::now());
      };
      for (int Side : Orders[I % 6])
        Run(Side);
    }
    auto T0 = Clock::now();
    {
      dataflow::Result R = analyseAll(C, K, *Modules);
      benchmark::DoNotOptimize(R.Findings.data());
    }
    Modules.reset();
    settleFrees();
    PipelineTime += Seconds(T0, Clock::now());
  };
  auto Ratio = [](double A, double B) { return B > 0 ? A / B : 0; };
  // The first pass touches the pipeline's memory for the first time, which
  // costs a page fault a page (about 12 us each on the build VM); it is
  // reported apart and kept out of the steady-state figures.
  double FirstStock = 0, FirstArena = 0, FirstPipeline = 0;
  Pass(FirstStock, FirstArena, FirstPipeline);
  State.counters["share_first_pass"] = Ratio(FirstStock, FirstPipeline);
  for (auto _ : State)
    Pass(StockSeconds, ArenaSeconds, PipelineSeconds);
  double Passes = static_cast<double>(State.iterations());
  State.counters["stock_s"] = StockSeconds / Passes;
  State.counters["pipeline_s"] = PipelineSeconds / Passes;
  State.counters["share"] = Ratio(StockSeconds, PipelineSeconds);
  State.counters["share_arena"] = Ratio(ArenaSeconds, PipelineSeconds);
  State.counters["arena_parse"] = Ratio(ArenaSeconds, StockSeconds);
}

/// The pipeline's phases timed apart in one pass over the corpus: parse,
/// lowering, the engine and freeing the IR (counters: seconds per pass),
/// the heap the lowered IR holds (ir_mb) and the process's peak resident
/// memory (max_rss_mb, the corpus text included).
void BM_Phases(benchmark::State &State) {
  CorpusKind K = static_cast<CorpusKind>(State.range(0));
  const Corpus &C = corpus(K);
  Parser P;
  using Clock = std::chrono::steady_clock;
  auto Since = [](Clock::time_point T) {
    return std::chrono::duration<double>(Clock::now() - T).count();
  };
  double Parse = 0, Lower = 0, Engine = 0, Free = 0, IrBytes = 0;
  auto HeapInUse = [] {
    struct mallinfo2 I = mallinfo2();
    return static_cast<double>(I.uordblks + I.hblkhd);
  };
  for (auto _ : State) {
    double HeapBefore = HeapInUse();
    auto Modules = std::make_unique<std::vector<ir::Module>>(C.Texts.size());
    for (size_t I = 0; I < C.Texts.size(); ++I) {
      auto T0 = Clock::now();
      P.setLanguage(grammarFor(C.Langs[I]));
      auto Parsed = std::make_unique<Tree>(P.parse(C.Texts[I]));
      Parse += Since(T0);
      auto T1 = Clock::now();
      (*Modules)[I] = lower(C, I, Parsed->root());
      Lower += Since(T1);
      auto T2 = Clock::now();
      Parsed.reset(); // freeing the tree is part of parsing, as in BM_ParseOnly
      Parse += Since(T2);
    }
    IrBytes += HeapInUse() - HeapBefore;
    auto T2 = Clock::now();
    {
      dataflow::Result R = analyseAll(C, K, *Modules);
      benchmark::DoNotOptimize(R.Findings.data());
    }
    Engine += Since(T2);
    auto T3 = Clock::now();
    Modules.reset();
    Free += Since(T3);
  }
  double N = static_cast<double>(State.iterations());
  State.counters["parse_s"] = Parse / N;
  State.counters["lower_s"] = Lower / N;
  State.counters["engine_s"] = Engine / N;
  State.counters["free_s"] = Free / N;
  State.counters["ir_mb"] = IrBytes / N / (1 << 20);
  struct rusage Usage;
  getrusage(RUSAGE_SELF, &Usage);
  State.counters["max_rss_mb"] = static_cast<double>(Usage.ru_maxrss) / 1024;
}

/// The engine alone over IR lowered before timing starts: the figure to
/// watch when changing the engine (parse and lowering add their own noise).
void BM_EngineOnly(benchmark::State &State) {
  CorpusKind K = static_cast<CorpusKind>(State.range(0));
  const Corpus &C = corpus(K);
  Parser P;
  std::vector<ir::Module> Modules = lowerAll(C, P);
  for (auto _ : State) {
    dataflow::Result R = analyseAll(C, K, Modules);
    benchmark::DoNotOptimize(R.Findings.data());
  }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
}

void corpora(benchmark::internal::Benchmark *B) {
  B->ArgName("corpus")->Arg(Python)->Arg(EcmaScript)->Arg(Go)->Arg(Rust);
}

} // namespace

/// A 2,000-line Python module (the language-server benchmark's), and the
/// same with its sixth line changed.
std::pair<std::string, std::string> editedModule() {
  std::string Text = "import os\nimport requests\nfrom pkg import m1 as nxt\n\n";
  for (int N = 0; Text.size() < 100000; ++N)
    Text += "def f" + std::to_string(N) + "(body):\n    url = os.getenv('URL_0_" +
            std::to_string(N % 7) + "', 'https://svc" + std::to_string(N % 7) +
            ".example')\n    data = {'v': body, 'k': nxt.__name__}\n"
            "    return requests.post(url, json=data)\n\n";
  std::string Edited = Text;
  size_t Line = Edited.find("'https://svc0.example'");
  Edited.replace(Line, 22, "'https://edited.example'");
  return {Text, Edited};
}

/// What an open document's edit costs to parse: afresh, or from the tree
/// before the edit (Parser::reparse).
void BM_ParseEditedFile(benchmark::State &S) {
  auto [Text, Edited] = editedModule();
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  for (auto _ : S)
    benchmark::DoNotOptimize(P.parse(Edited));
}
void BM_ReparseEditedFile(benchmark::State &S) {
  auto [Text, Edited] = editedModule();
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  Tree Old = P.parse(Text);
  for (auto _ : S)
    benchmark::DoNotOptimize(P.reparse(Old, Text, Edited));
}
BENCHMARK(BM_ParseEditedFile)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReparseEditedFile)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_ParseOnly)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_ParseArena)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Lower)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Analyse)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_EngineOnly)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Phases)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(4);
BENCHMARK(BM_Share)->Apply(corpora)->Unit(benchmark::kMillisecond)->MinTime(10);

BENCHMARK_MAIN();
