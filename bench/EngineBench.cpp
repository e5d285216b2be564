// Throughput of the Python pipeline against tree-sitter parsing alone, on the
// same files in the same run. The corpus is every .py file under
// $TEETIDY_BENCH_CORPUS (default: the Python standard library of the machine).
//
//   BM_ParseOnly   tree-sitter parse of every file
//   BM_Lower       parse + lowering to the IR
//   BM_Analyse     parse + lowering + the whole-program taint engine
//
// Each reports bytes/second; the ratio Analyse/ParseOnly is the figure
// docs/performance.md tracks. Everything runs on one thread.

#include "dataflow/Engine.h"
#include "frontend/PythonLowering.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

using namespace teetidy;

namespace {

struct Corpus {
  std::vector<std::string> Paths, Texts;
  int64_t Bytes = 0;
};

const Corpus &corpus() {
  static const Corpus C = [] {
    Corpus Out;
    const char *Env = std::getenv("TEETIDY_BENCH_CORPUS");
    std::string Root = Env && *Env ? Env : "/usr/lib/python3.11";
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End; It != End && !EC;
         It.increment(EC)) {
      if (!llvm::StringRef(It->path()).endswith(".py"))
        continue;
      auto Buf = llvm::MemoryBuffer::getFile(It->path());
      if (!Buf || (*Buf)->getBufferSize() > (4u << 20))
        continue;
      Out.Paths.push_back(It->path());
      Out.Texts.push_back((*Buf)->getBuffer().str());
      Out.Bytes += static_cast<int64_t>((*Buf)->getBufferSize());
    }
    return Out;
  }();
  return C;
}

dataflow::Models models() {
  dataflow::Models M;
  QueryStore Store;
  for (const std::string &F : Store.files())
    if (llvm::StringRef(F).startswith("models/python/"))
      if (auto Text = Store.file(F))
        llvm::cantFail(M.addFile(F, *Text));
  return M;
}

void BM_ParseOnly(benchmark::State &State) {
  const Corpus &C = corpus();
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  for (auto _ : State)
    for (const std::string &T : C.Texts) {
      Tree Parsed = P.parse(T);
      benchmark::DoNotOptimize(Parsed.root());
    }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
  State.counters["files"] = static_cast<double>(C.Texts.size());
}

void BM_Lower(benchmark::State &State) {
  const Corpus &C = corpus();
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  for (auto _ : State)
    for (size_t I = 0; I < C.Texts.size(); ++I) {
      Tree Parsed = P.parse(C.Texts[I]);
      ir::Module M = frontend::lowerPython(C.Paths[I], C.Texts[I], Parsed.root());
      benchmark::DoNotOptimize(M.Nodes.data());
    }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
}

void BM_Analyse(benchmark::State &State) {
  const Corpus &C = corpus();
  static const dataflow::Models Models = models();
  Parser P;
  P.setLanguage(grammarFor(Language::Python));
  size_t Findings = 0, Rounds = 0, Analyses = 0, Functions = 0;
  for (auto _ : State) {
    std::vector<ir::Module> Modules(C.Texts.size());
    for (size_t I = 0; I < C.Texts.size(); ++I) {
      Tree Parsed = P.parse(C.Texts[I]);
      Modules[I] = frontend::lowerPython(C.Paths[I], C.Texts[I], Parsed.root());
    }
    std::vector<dataflow::ProgramModule> Program;
    for (size_t I = 0; I < Modules.size(); ++I)
      Program.push_back({C.Paths[I], &Modules[I]});
    dataflow::Result R = dataflow::analyse(Program, Models);
    Findings = R.Findings.size();
    Rounds = R.Rounds;
    Analyses = R.Analyses;
    Functions = 0;
    for (const ir::Module &M : Modules)
      Functions += M.Functions.size();
  }
  State.SetBytesProcessed(State.iterations() * C.Bytes);
  State.counters["findings"] = static_cast<double>(Findings);
  State.counters["rounds"] = static_cast<double>(Rounds);
  State.counters["analyses_per_fn"] =
      Functions ? static_cast<double>(Analyses) / static_cast<double>(Functions) : 0;
}

} // namespace

BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Lower)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Analyse)->Unit(benchmark::kMillisecond)->MinTime(2);

BENCHMARK_MAIN();
