//===- Engine.cpp - Setup, the fixed point and the result -----------------===//
#include "dataflow/EngineImpl.h"

#include <algorithm>

namespace teetidy::dataflow {

Engine::Engine(const std::vector<ProgramModule> &P, const Models &Mo, const EngineOptions &O)
    : Program(P), M(Mo), Opts(O), Paths(O.MaxPathLength) {
  Fixpoint.setChangeHook([this](uint32_t S) { forgetClasses(S); });
}

void Engine::initialise() {
  States.resize(Program.size());
  NodeNames.resize(Program.size());
  for (uint32_t Mod = 0; Mod < Program.size(); ++Mod) {
    const ir::Module &Md = mod(Mod);
    NodeNames[Mod].assign(Md.Nodes.size(), 0);
    const std::vector<std::string> &Names = Program[Mod].Names;
    for (const std::string &Name : Names)
      ModulesByName[Name].push_back(Mod);
    ModuleName.push_back(Names.empty() ? std::string() : Names.back());
    for (const std::string &Name : Names)
      addLive(Name);
    FnBase.push_back(static_cast<uint32_t>(FnOf.size()));
    States[Mod].resize(Md.Functions.size());
    ClassInfos.emplace_back(Md.Classes.size());
    for (uint32_t F = 0; F < Md.Functions.size(); ++F) {
      FnOf.emplace_back(Mod, F);
      const ir::Function &Fn = Md.Functions[F];
      FunctionState &S = States[Mod][F];
      S.SummarySlot = Fixpoint.newSlot();
      S.ParamsSlot = Fixpoint.newSlot();
      S.ParamRefs.resize(Fn.Params.size());
      for (const ir::Assignment &A : Fn.Assignments)
        declareTargets(Mod, F, A.Lhs);
      for (size_t I = 0; I < Fn.Params.size(); ++I) {
        const ir::Parameter &P = Fn.Params[I];
        uint32_t PS = declare(Mod, F, P.Name);
        S.ParamSlots.push_back(PS);
        uint32_t Root =
            Paths.hop(NoPath, Mod, P.Where,
                      Paths.msg({"parameter '", P.Name, "' of '", Fn.QualifiedName, "'"}),
                      /*ParamRoot=*/true);
        Fixpoint.slot(PS).V.Facts.emplace(ParamBase + static_cast<uint32_t>(I), Root);
      }
      // Methods: the first parameter is an instance of the class.
      if (Fn.Class >= 0 && !Fn.IsStatic && !Fn.Params.empty() && !Fn.IsClassBody)
        Fixpoint.slot(declare(Mod, F, Fn.Params[0].Name))
            .V.Refs.insert(Ref::instance(Mod, static_cast<uint32_t>(Fn.Class)));
    }
    ModulesByPath.emplace(Program[Mod].Path, Mod);
    StarImports.emplace_back();
    ImportsIn.resize(FnOf.size());
    for (const ir::Import &I : Md.Imports)
      if (I.Name != ir::AllNames) {
        declare(Mod, I.Scope, I.boundName());
        ImportsIn[FnBase[Mod] + I.Scope].push_back(&I);
      } else if (I.Scope == 0) {
        StarImports.back().push_back(&I);
      }
  }
  for (const auto &KV : M.SourceCalls)
    addLive(KV.first);
  for (const auto &KV : M.Sinks)
    addLive(KV.first);
  for (const auto &KV : M.Propagators)
    addLive(KV.first);
  for (const auto &KV : M.Schemas)
    addLive(KV.first);
  for (const auto &KV : M.Writers)
    addLive(KV.first);
  for (const auto *Set :
       {&M.SourceSubscripts, &M.Settings.Bases, &M.Settings.FieldMakers, &M.DependencyInjectors,
        &M.SourceObjects, &M.GlobalObjects, &M.Fetches, &M.RequestObjects})
    for (const std::string &N : *Set)
      addLive(N);
}

Result Engine::run() {
  initialise();
  // Functions are taken in the program's initial order (modules after
  // what they import): a value is then usually settled before its readers.
  std::vector<uint32_t> Rank(FnOf.size(), 0);
  uint32_t Next = 0;
  for (uint32_t Mod : moduleOrder())
    for (uint32_t F = 0; F < mod(Mod).Functions.size(); ++F)
      Rank[FnBase[Mod] + F] = Next++;
  Fixpoint.setFunctions(std::move(Rank));
  for (uint32_t Fn = 0; Fn < FnOf.size(); ++Fn)
    Fixpoint.queue(Fn);
  size_t Functions = FnOf.size();
  // Each function is analysed at least once; the budget bounds the rest.
  size_t Done = Fixpoint.run(Functions * Opts.MaxRounds, [&](uint32_t Fn) {
    auto [Mod, F] = FnOf[Fn];
    analyseFunction(Mod, F);
  });
  Out.Rounds = Functions ? static_cast<unsigned>((Done + Functions - 1) / Functions) : 0;
  Out.Analyses = Done;
  // Fields of settings classes that no code reads are sources too (a check
  // on their defaults needs them all).
  for (uint32_t Mod = 0; Mod < Program.size(); ++Mod)
    for (uint32_t Class = 0; Class < mod(Mod).Classes.size(); ++Class) {
      if (!isSettings(Mod, Class))
        continue;
      const ir::ClassDef &K = mod(Mod).Classes[Class];
      for (const ir::Assignment &A : fn(Mod, K.Body).Assignments)
        if (A.Lhs.K == ir::Target::Name)
          if (auto F = settingsField(Mod, Class, A.Lhs.Text))
            settingsSource(Mod, Class, A.Lhs.Text, *F);
    }
  for (const auto &[S, Mod, F] : FetchesByParameter)
    Out.Sources[S].Unreached = !state(Mod, F).Called;
  if (EvalCut)
    Out.Limits.push_back("the dataflow analysis cut values defined through themselves more "
                         "than " +
                         std::to_string(MaxEvalDepth) +
                         " levels deep; findings through them may be incomplete");
  if (!Fixpoint.converged())
    Out.Limits.push_back("the dataflow analysis did not reach a fixed point within " +
                         std::to_string(Opts.MaxRounds) +
                         " analyses per function; findings may be incomplete");
  std::sort(Out.Findings.begin(), Out.Findings.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.Module, A.Where.Begin, A.Source) <
           std::tie(B.Module, B.Where.Begin, B.Source);
  });
  return std::move(Out);
}

Result analyse(const std::vector<ProgramModule> &Program, const Models &M,
               const EngineOptions &Opts) {
  return Engine(Program, M, Opts).run();
}

} // namespace teetidy::dataflow
