#include "checkers/PythonProgram.h"

#include "frontend/PythonLowering.h"
#include "source/Language.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"
#include "syntax/TreeSitter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ThreadPool.h"

namespace teetidy {

namespace {

/// Parse budget per file, as for single-file analysis (1 minute).
constexpr uint64_t ParseTimeoutMicros = 60'000'000;

/// `callee:argument` -> a one-rule model file text.
llvm::Error addExtras(dataflow::Models &M, const std::vector<std::string> &Specs,
                      const char *What, const char *Kind) {
  for (const std::string &Spec : Specs) {
    llvm::StringRef S(Spec);
    auto [Callee, Arg] = S.rsplit(':');
    if (Callee.empty() || Arg.empty() || Callee == S)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s entry '%s' is not 'callee:argument'", What,
                                     Spec.c_str());
    unsigned Pos = 0;
    std::string ArgSpec = Arg.getAsInteger(10, Pos)
                              ? "{keyword: " + Arg.str() + "}"
                              : "{position: " + std::to_string(Pos) + "}";
    std::string Text;
    if (std::string(Kind) == "source")
      Text = "sources:\n  - callee: ['" + Callee.str() + "']\n    name: " + ArgSpec + "\n";
    else
      Text = "library: check options\nsinks:\n  - callee: ['" + Callee.str() +
             "']\n    kind: " + Kind + "\n    destination: " + ArgSpec + "\n";
    if (llvm::Error E = M.addFile(What, Text))
      return E;
  }
  return llvm::Error::success();
}

} // namespace

std::unique_ptr<PythonProgram> PythonProgram::build(const std::vector<std::string> &Paths,
                                                    QueryStore &Queries,
                                                    const ModelExtras &Extras,
                                                    const LoadOptions &Load) {
  auto P = std::make_unique<PythonProgram>();
  dataflow::Models Models;
  for (const std::string &F : Queries.files()) {
    llvm::StringRef Name(F);
    if (!Name.startswith("models/python/") || !Name.endswith(".yaml"))
      continue;
    if (auto Text = Queries.file(F))
      if (llvm::Error E = Models.addFile("queries/" + F, *Text))
        P->Problems.push_back(llvm::toString(std::move(E)));
  }
  if (llvm::Error E = addExtras(Models, Extras.EndpointSinks, "ExtraSinks", "endpoint"))
    P->Problems.push_back(llvm::toString(std::move(E)));
  if (llvm::Error E = addExtras(Models, Extras.ModelSinks, "ExtraModelSinks", "model"))
    P->Problems.push_back(llvm::toString(std::move(E)));
  if (llvm::Error E = addExtras(Models, Extras.Sources, "ExtraSources", "source"))
    P->Problems.push_back(llvm::toString(std::move(E)));

  for (const std::string &Path : Paths) {
    if (languageForPath(Path) != Language::Python || P->ByPath.count(Path))
      continue;
    // Files that cannot be loaded are reported by their own analysis.
    auto Loaded = loadSourceFile(Path, Language::Python, Load);
    if (!Loaded) {
      llvm::consumeError(Loaded.takeError());
      continue;
    }
    P->ByPath.emplace(Path, static_cast<uint32_t>(P->Files.size()));
    P->Files.push_back(std::move(*Loaded));
  }
  // Parsing and lowering are per file, so they run in parallel.
  P->Modules.resize(P->Files.size());
  {
    llvm::ThreadPool Pool(llvm::hardware_concurrency());
    for (size_t I = 0; I < P->Files.size(); ++I)
      Pool.async([&, I] {
        const SourceFile &F = *P->Files[I];
        Parser Par;
        if (!Par.setLanguage(grammarFor(Language::Python)))
          return;
        Tree T = Par.parse(F.content(), ParseTimeoutMicros);
        if (!T)
          return;
        P->Modules[I] = frontend::lowerPython(F.path(), F.content(), T.root());
      });
    Pool.wait();
  }
  std::vector<dataflow::ProgramModule> Program;
  for (size_t I = 0; I < P->Files.size(); ++I)
    Program.push_back({P->Files[I]->path(), &P->Modules[I]});
  P->R = dataflow::analyse(Program, Models);
  for (const std::string &L : P->R.Limits)
    P->Problems.push_back(L);
  return P;
}

std::vector<const dataflow::Finding *>
PythonProgram::findingsIn(const std::string &Path) const {
  std::vector<const dataflow::Finding *> Out;
  auto It = ByPath.find(Path);
  if (It == ByPath.end())
    return Out;
  for (const dataflow::Finding &F : R.Findings)
    if (F.Module == It->second)
      Out.push_back(&F);
  return Out;
}

std::vector<std::pair<size_t, std::string>>
PythonProgram::limitsIn(const std::string &Path) const {
  std::vector<std::pair<size_t, std::string>> Out;
  auto It = ByPath.find(Path);
  if (It == ByPath.end())
    return Out;
  for (const ir::LoweringLimit &L : Modules[It->second].Limits)
    Out.emplace_back(L.Where.Begin, L.Message);
  return Out;
}

} // namespace teetidy
