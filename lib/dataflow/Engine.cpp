//===- Engine.cpp - Setup, the fixed point, updates and the result --------===//
#include "dataflow/EngineImpl.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>

namespace teetidy::dataflow {

std::string SourceInfo::variablesText() const {
  return AnyVariable ? std::string("any environment variable") : llvm::join(Variables, "/");
}

Engine::Engine(const std::vector<ProgramModule> &P, const Models &Mo, const EngineOptions &O)
    : Program(P), M(Mo), Opts(O), Paths(O.MaxPathLength), Tracking(O.Incremental) {
  Fixpoint.setChangeHook([this](uint32_t S) { forgetClasses(S); });
  Demand = O.OnDemand && !Tracking;
  Fixpoint.setNamedHook([this](uint32_t S) { slotChanged(S); });
  if (Tracking)
    Fixpoint.trackWrites();
}

void Engine::initialiseFunction(uint32_t Mod, uint32_t F) {
  const ir::Function &Fn = mod(Mod).Functions[F];
  FunctionState &S = States[Mod][F];
  S.Initialised = true;
  S.SummarySlot = Fixpoint.newSlot();
  S.ParamsSlot = Fixpoint.newSlot();
  S.ParamRefs.resize(Fn.Params.size());
  for (const ir::Assignment &A : Fn.Assignments)
    declareTargets(Mod, F, A.Lhs);
  std::sort(S.TargetNames.begin(), S.TargetNames.end(),
            [](const auto &A, const auto &B) { return std::less<>()(A.first, B.first); });
  for (size_t I = 0; I < Fn.Params.size(); ++I) {
    const ir::Parameter &P = Fn.Params[I];
    uint32_t PS = declare(Mod, F, P.Name);
    S.ParamSlots.push_back(PS);
    uint32_t Root = Paths.hop(NoPath, Mod, P.Where,
                              Paths.msg({"parameter '", P.Name, "' of '", Fn.QualifiedName, "'"}),
                              /*ParamRoot=*/true);
    Fixpoint.slot(PS).V.Facts.emplace(ParamBase + static_cast<uint32_t>(I), Root);
  }
  // Methods: the first parameter is an instance of the class.
  if (Fn.Class >= 0 && !Fn.IsStatic && !Fn.Params.empty() && !Fn.IsClassBody)
    Fixpoint.slot(declare(Mod, F, Fn.Params[0].Name))
        .V.Refs.insert(Ref::instance(Mod, static_cast<uint32_t>(Fn.Class)));
}

void Engine::initialiseModule(uint32_t Mod) {
  uint32_t FirstSlot = Fixpoint.slots();
  const ir::Module &Md = mod(Mod);
  NodeNames[Mod].assign(Md.Nodes.size(), 0);
  FnBase[Mod] = static_cast<uint32_t>(FnOf.size());
  States[Mod].clear();
  States[Mod].resize(Md.Functions.size());
  ClassInfos[Mod].clear();
  ClassInfos[Mod].resize(Md.Classes.size());
  for (uint32_t F = 0; F < Md.Functions.size(); ++F) {
    FnOf.emplace_back(Mod, F);
    const ir::Function &Fn = Md.Functions[F];
    // On demand, a function's variables wait until it is first analysed;
    // the bodies bind the names others look up, and `global x` binds one.
    if (!Demand || F == 0 || Fn.IsClassBody || !Fn.ModuleNames.empty())
      initialiseFunction(Mod, F);
  }
  StarImports[Mod].clear();
  noteRequestTypeAliases(Mod);
  ImportsIn.resize(FnOf.size());
  for (const ir::Import &I : Md.Imports)
    if (I.Name != ir::AllNames) {
      declare(Mod, I.Scope, I.boundName());
      ImportsIn[FnBase[Mod] + I.Scope].push_back(&I);
    } else if (I.Scope == 0) {
      StarImports[Mod].push_back(&I);
    }
  if (Tracking)
    Fixpoint.keepInitial(FirstSlot, Fixpoint.slots());
}

void Engine::noteRequestTypeAliases(uint32_t Mod) {
  if (RequestTypeNames.empty())
    return;
  for (const ir::Import &I : mod(Mod).Imports)
    if (!I.Alias.empty() && RequestTypeNames.count(lastComponent(I.Name)))
      RequestTypeNames.insert(I.Alias);
}

void Engine::initialise() {
  States.resize(Program.size());
  NodeNames.resize(Program.size());
  FnBase.resize(Program.size());
  ClassInfos.resize(Program.size());
  StarImports.resize(Program.size());
  // Request types before the modules: their imports may alias one.
  RequestTypes.insert(M.RequestObjects.begin(), M.RequestObjects.end());
  for (const auto &[Callee, Request] : M.RequestHandlers)
    if (!Request.empty())
      RequestTypes.insert(Request);
  for (const std::string &T : RequestTypes)
    RequestTypeNames.insert(T.substr(T.find_last_of("./") + 1));
  for (uint32_t Mod = 0; Mod < Program.size(); ++Mod) {
    const std::vector<std::string> &Names = Program[Mod].Names;
    // A module without a body (a file whose parse was stopped) binds
    // nothing: imports of it stay unresolved.
    bool Empty = Program[Mod].Module->Functions.empty();
    for (const std::string &Name : Names)
      if (!Empty)
        ModulesByName[Name].push_back(Mod);
    ModuleName.push_back(Names.empty() ? std::string() : Names.back());
    for (const std::string &Name : Names)
      addLive(Name);
    initialiseModule(Mod);
    if (!Empty)
      ModulesByPath.emplace(Program[Mod].Path, Mod);
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
  for (const auto &[Callee, Request] : M.RequestHandlers) {
    addLive(Callee);
    if (!Request.empty())
      addLive(Request);
  }
  for (const auto &KV : M.Produces)
    addLive(KV.first);
  for (const auto &[Callee, Instance] : M.Returns) {
    llvm::StringRef C(Callee);
    if (C.consume_back(".*")) {
      addLive(C.str());
      LiveMembersOf.insert(C.str());
    } else {
      addLive(Callee);
    }
    addLive(Instance);
  }
  for (const auto *Set :
       {&M.SourceSubscripts, &M.Settings.Bases, &M.Settings.FieldMakers, &M.DependencyInjectors,
        &M.SourceObjects, &M.GlobalObjects, &M.Fetches, &M.RequestObjects})
    for (const std::string &N : *Set)
      addLive(N);
}

void Engine::solve(size_t Budget) {
  size_t Done = Fixpoint.run(Budget, [&](uint32_t Fn) {
    auto [Mod, F] = FnOf[Fn];
    analyseFunction(Mod, F);
  });
  size_t Functions = 0;
  for (const auto &S : States)
    Functions += S.size();
  Out.Rounds = Functions ? static_cast<unsigned>((Done + Functions - 1) / Functions) : 0;
  Out.Analyses = Done;
  LastAnalyses = Done;
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
  Out.Limits.clear();
  if (EvalCut)
    Out.Limits.push_back("the dataflow analysis cut values defined through themselves more "
                         "than " +
                         std::to_string(MaxEvalDepth) +
                         " levels deep; findings through them may be incomplete");
  if (!Fixpoint.converged())
    Out.Limits.push_back("the dataflow analysis did not reach a fixed point within " +
                         std::to_string(Opts.MaxRounds) +
                         " analyses per function; findings may be incomplete");
}

namespace {
bool findingOrder(const Finding &A, const Finding &B) {
  return std::tie(A.Module, A.Where.Begin, A.Source) < std::tie(B.Module, B.Where.Begin, B.Source);
}
} // namespace

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
  queueStart();
  LastStarted = FnOf.size();
  // The budget bounds the analyses beyond each function's first.
  solve(FnOf.size() * Opts.MaxRounds);
  Out.Analysed = static_cast<size_t>(std::count(Active.begin(), Active.end(), 1));
  if (Tracking)
    return {}; // the result stays here: view() gives it
  std::sort(Out.Findings.begin(), Out.Findings.end(), findingOrder);
  return std::move(Out);
}

void Engine::update(const std::vector<uint32_t> &Changed, llvm::function_ref<void()> SwapIn) {
  assert(Tracking && "updates need EngineOptions::Incremental");
  constexpr uint32_t NoFn = Solver::NoFn;
  size_t Fns = FnOf.size();
  std::vector<uint8_t> IsChanged(Program.size(), 0), InD(Fns, 0), InW(Fns, 0),
      InR(Fixpoint.slots(), 0);
  std::vector<uint32_t> Work, Reset;
  auto AddD = [&](uint32_t Fn) {
    if (!InD[Fn]) {
      InD[Fn] = 1;
      Work.push_back(Fn);
    }
  };
  auto AddR = [&](uint32_t S) {
    if (InR[S])
      return;
    InR[S] = 1;
    Reset.push_back(S);
    for (uint32_t Reader : Fixpoint.slot(S).Readers)
      AddD(Reader);
  };
  // The changed modules' functions start it, and their slots go: the
  // numbering of their functions, classes and nodes changes.
  for (uint32_t X : Changed) {
    IsChanged[X] = 1;
    for (uint32_t F = 0; F < States[X].size(); ++F) {
      AddD(FnBase[X] + F);
      FunctionState &S = States[X][F];
      for (const auto &[Name, Sl] : S.Locals)
        AddR(Sl);
      AddR(S.SummarySlot);
      AddR(S.ParamsSlot);
      for (uint32_t P : S.ParamSlots)
        AddR(P);
    }
  }
  std::vector<FieldKey> GoneFields;
  for (const auto &KV : FieldSlots)
    if (IsChanged[KV.first.Mod]) {
      AddR(KV.second);
      GoneFields.push_back(KV.first);
    }
  for (const FieldKey &K : GoneFields)
    FieldSlots.erase(K);
  // D: what reads a slot that D writes, closed; those slots are reset.
  while (!Work.empty()) {
    uint32_t Fn = Work.back();
    Work.pop_back();
    for (uint32_t S : Fixpoint.writesOf(Fn))
      AddR(S);
  }
  // W: the other writers of the reset slots, run again to put back what
  // they wrote there (what they read is unchanged).
  for (uint32_t S : Reset)
    for (uint32_t Writer : Fixpoint.slot(S).Writers)
      if (!InD[Writer])
        InW[Writer] = 1;
  auto InDW = [&](uint32_t Fn) { return Fn != NoFn && (InD[Fn] || InW[Fn]); };
  // Findings a function of D reported are withdrawn, and every function
  // that reported them reports again if they still hold.
  std::vector<uint8_t> Withdrawn(Out.Findings.size(), 0);
  for (size_t I = 0; I < Out.Findings.size(); ++I) {
    bool ByD = IsChanged[Out.Findings[I].Module];
    for (uint32_t Fn : Reporters[I])
      ByD |= Fn != NoFn && InD[Fn];
    if (!ByD)
      continue;
    Withdrawn[I] = 1;
    for (uint32_t Fn : Reporters[I])
      if (Fn != NoFn && !InD[Fn])
        InW[Fn] = 1;
  }
  // Sources: those keyed in a changed module die; a fallback recorded by D
  // is taken back (whoever tried to record one tries again); a source only
  // D and W made is in question until one of them makes it again.
  SourceTracks.resize(Out.Sources.size());
  auto Kill = [&](auto It) {
    SourceTracks[It->second].Dead = true;
    Out.Sources[It->second].Module = NoModule;
    return SourceIndex.erase(It);
  };
  // Keyed in a changed module: the keys' ranges.
  for (uint32_t X : Changed)
    for (auto It = SourceIndex.lower_bound({X, 0, std::string()});
         It != SourceIndex.end() && std::get<0>(It->first) == X;)
      It = Kill(It);
  // Placed in a changed module but keyed elsewhere (a settings field a class
  // inherits from another module): rare, so the whole index is walked only
  // when there is one.
  bool Elsewhere = false;
  for (uint32_t S = 0; S < Out.Sources.size() && !Elsewhere; ++S)
    Elsewhere = !SourceTracks[S].Dead && Out.Sources[S].Module != NoModule &&
                IsChanged[Out.Sources[S].Module];
  if (Elsewhere)
    for (auto It = SourceIndex.begin(); It != SourceIndex.end();)
      It = IsChanged[Out.Sources[It->second].Module] ? Kill(It) : std::next(It);
  for (uint32_t S = 0; S < Out.Sources.size(); ++S) {
    SourceTrack &T = SourceTracks[S];
    if (T.Dead)
      continue;
    if (T.FallbackBy != NoFn && InD[T.FallbackBy]) {
      Out.Sources[S].Default.reset();
      T.FallbackBy = NoFn;
      for (uint32_t Fn : T.FallbackTries)
        if (Fn != NoFn && !InD[Fn])
          InW[Fn] = 1;
      T.FallbackTries.clear();
    }
  }
  // A source that rests on classes of a changed module is made again by its
  // creators (or by the pass over settings classes after solving), or goes.
  for (uint32_t S = 0; S < Out.Sources.size(); ++S) {
    SourceTrack &T = SourceTracks[S];
    if (T.Dead || llvm::none_of(T.Lineage, [&](uint32_t M) { return IsChanged[M] != 0; }))
      continue;
    for (uint32_t Fn : T.Creators)
      if (Fn != NoFn && !InD[Fn])
        InW[Fn] = 1;
    T.Confirmed = false;
    T.Creators.clear();
  }
  for (uint32_t S = 0; S < Out.Sources.size(); ++S) {
    SourceTrack &T = SourceTracks[S];
    if (!T.Dead && !T.Creators.empty() && llvm::all_of(T.Creators, InDW)) {
      T.Confirmed = false;
      T.Creators.clear();
    }
  }
  FetchesByParameter.erase(
      std::remove_if(FetchesByParameter.begin(), FetchesByParameter.end(),
                     [&](const auto &E) { return InDW(FnBase[std::get<1>(E)] + std::get<2>(E)); }),
      FetchesByParameter.end());
  // Withdraw the findings.
  {
    std::vector<size_t> NewIndex(Out.Findings.size(), ~size_t(0));
    size_t Kept = 0;
    for (size_t I = 0; I < Out.Findings.size(); ++I)
      if (!Withdrawn[I]) {
        NewIndex[I] = Kept;
        if (Kept != I) {
          Out.Findings[Kept] = std::move(Out.Findings[I]);
          Reporters[Kept] = std::move(Reporters[I]);
        }
        ++Kept;
      }
    Out.Findings.resize(Kept);
    Reporters.resize(Kept);
    for (auto It = FindingIndex.begin(); It != FindingIndex.end();)
      if (NewIndex[It->second] == ~size_t(0)) {
        It = FindingIndex.erase(It);
      } else {
        It->second = NewIndex[It->second];
        ++It;
      }
  }
  // Reset the slots, and the summaries and parameters they guard.
  for (uint32_t S : Reset) {
    Fixpoint.reset(S);
    forgetClasses(S);
  }
  std::vector<uint32_t> Start;
  for (uint32_t Fn = 0; Fn < Fns; ++Fn) {
    if (!InD[Fn] && !InW[Fn])
      continue;
    auto [Mod, F] = FnOf[Fn];
    if (IsChanged[Mod])
      continue;
    FunctionState &S = state(Mod, F);
    if (InD[Fn] && InR[S.SummarySlot]) {
      S.Return = Value();
      S.ParamSinks.clear();
      S.ParamFieldWrites.clear();
    }
    if (InD[Fn] && InR[S.ParamsSlot]) {
      for (SmallSet<Ref> &P : S.ParamRefs)
        P.clear();
      S.Called = false;
    }
    Fixpoint.forgetMemos(Fn);
    Start.push_back(Fn);
  }
  // The changed modules: their old functions retire, the new ones start
  // (initialiseModule drops their states, target names included).
  for (uint32_t X : Changed)
    for (uint32_t F = 0; F < States[X].size(); ++F)
      Fixpoint.retire(FnBase[X] + F);
  SwapIn();
  StarReach.clear(); // the changed modules' imports may differ
  StarTargets.clear();
  StarPositions.clear();
  for (uint32_t X : Changed) {
    size_t Before = FnOf.size();
    initialiseModule(X);
    Fixpoint.addFunctions(FnOf.size() - Before);
    for (uint32_t Fn = static_cast<uint32_t>(Before); Fn < FnOf.size(); ++Fn)
      Start.push_back(Fn);
  }
  // What is known of a class whose ancestors lie in a changed module names
  // classes by their old numbers: it is worked out again.
  // So is every class of a module whose star imports reach a changed one
  // (a changed file of a package may add or drop methods of its types).
  for (uint32_t Mod = 0; Mod < ClassInfos.size(); ++Mod) {
    if (IsChanged[Mod])
      continue;
    bool Sibling = llvm::any_of(starReach(Mod), [&](uint32_t T) { return IsChanged[T] != 0; });
    for (ClassInfo &K : ClassInfos[Mod])
      if (K.St == ClassInfo::Known && (Sibling || llvm::any_of(K.Lineage, [&](const auto &L) {
                                         return IsChanged[L.first] != 0;
                                       }))) {
        K.St = ClassInfo::Unknown;
        K.Methods.clear();
      }
  }
  for (uint32_t Fn : Start)
    Fixpoint.queue(Fn);
  LastStarted = Start.size();
  // The budget of a new solve for what starts, and one more analysis for
  // every other function that what changed reaches.
  solve(Start.size() * Opts.MaxRounds + FnOf.size());
  // Sources in question that nothing made again are gone.
  bool Gone = false;
  for (uint32_t S = 0; S < SourceTracks.size(); ++S)
    if (!SourceTracks[S].Dead && !SourceTracks[S].Confirmed) {
      SourceTracks[S].Dead = true;
      Out.Sources[S].Module = NoModule;
      Gone = true;
    }
  if (Gone)
    for (auto It = SourceIndex.begin(); It != SourceIndex.end();)
      It = SourceTracks[It->second].Dead ? SourceIndex.erase(It) : std::next(It);
}

const Result &Engine::view() const { return Out; }

Result analyse(const std::vector<ProgramModule> &Program, const Models &M,
               const EngineOptions &Opts) {
  return Engine(Program, M, Opts).run();
}

IncrementalAnalysis::IncrementalAnalysis(std::vector<ProgramModule> P,
                                         std::shared_ptr<const Models> Mo, EngineOptions O)
    : Program(std::move(P)), M(std::move(Mo)), Opts(O) {
  Opts.Incremental = true;
  E = std::make_unique<Engine>(Program, *M, Opts);
  E->run();
}

IncrementalAnalysis::~IncrementalAnalysis() = default;

void IncrementalAnalysis::update(
    const std::vector<std::pair<uint32_t, const ir::Module *>> &Changed) {
  std::vector<uint32_t> Mods;
  for (const auto &C : Changed)
    Mods.push_back(C.first);
  std::sort(Mods.begin(), Mods.end());
  Mods.erase(std::unique(Mods.begin(), Mods.end()), Mods.end());
  E->update(Mods, [&] {
    for (const auto &[Mod, IR] : Changed)
      Program[Mod].Module = IR;
  });
}

const Result &IncrementalAnalysis::view() const { return E->view(); }

size_t IncrementalAnalysis::lastAnalyses() const { return E->lastAnalyses(); }
size_t IncrementalAnalysis::lastStarted() const { return E->lastStarted(); }

} // namespace teetidy::dataflow
