//===- Demand.cpp - Functions analysed on demand --------------------------===//
//
// A solve from scratch analyses the functions a value from a source (or a
// request) can reach, not every function. It starts from the module and
// class bodies; the functions whose code mentions a name a model gives (a
// source, sink, propagator aside, request type, ...) or a settings class;
// the decorated ones; and those taking a request or settings parameter.
// From there a function is analysed when
//
//   - an analysed function calls it (its summary is then needed);
//   - a function nested in it, or that it nests, is analysed (closures read
//     the variables of the functions around them);
//   - it mentions a global or an attribute that comes to hold what a reader
//     can get a source from (a value read from one, an object literal, a
//     schema, an instance of a settings class), or a function that comes to
//     return such a thing or a read of a variable its caller names.
//
// Mentions are names as written, so the last two over-approximate: any
// function naming `url` wakes when some class's `url` takes a source.
// Incremental solving analyses every function.
//
//===----------------------------------------------------------------------===//
#include "dataflow/EngineImpl.h"

#include <functional>

namespace teetidy::dataflow {

void Engine::activate(uint32_t G) {
  if (Active[G])
    return;
  Active[G] = 1;
  auto [Mod, F] = FnOf[G];
  if (!States[Mod][F].Initialised)
    initialiseFunction(Mod, F);
  Fixpoint.queue(G);
  // A closure reads the variables of the functions it is nested in, and
  // they may call it.
  for (uint32_t N : Nested[G])
    activate(N);
  if (Enclosing[G] != Solver::NoFn)
    activate(Enclosing[G]);
}

void Engine::wake(uint32_t Name) {
  if (!Woken.insert(Name).second)
    return;
  if (Name + 1 >= MentionStart.size())
    return;
  for (uint32_t I = MentionStart[Name]; I < MentionStart[Name + 1]; ++I)
    activate(MentionFns[I]);
}

bool Engine::carries(const Value &V, bool ParamReads) {
  for (const auto &F : V.Facts)
    if (F.first < ParamBase || (ParamReads && F.first >= ParamReadBase))
      return true;
  for (const Ref &R : V.Refs)
    switch (R.kind()) {
    case RefKind::Object:
    case RefKind::Schema:
    case RefKind::SchemaParser:
    case RefKind::Config:
      return true;
    case RefKind::Instance:
    case RefKind::Class:
      if (!SettingsNames.empty() &&
          SettingsNames.count(intern(mod(R.module()).Classes[R.classIndex()].Name)))
        return true;
      break;
    default:
      break;
    }
  return false;
}

void Engine::slotChanged(uint32_t S) {
  if (!carries(Fixpoint.slot(S).V, false))
    return;
  Fixpoint.unname(S);
  if (auto It = SlotNames.find(S); It != SlotNames.end())
    wake(It->second);
}

void Engine::returned(uint32_t Mod, uint32_t F, const Value &V) {
  uint32_t G = FnBase[Mod] + F;
  if (ReturnWoke[G] || F == 0 || !carries(V, true))
    return;
  ReturnWoke[G] = 1;
  wake(intern(fn(Mod, F).Name));
}

void Engine::queueStart() {
  size_t N = FnOf.size();
  Active.assign(N, 0);
  ReturnWoke.assign(N, 0);
  Nested.assign(N, {});
  Enclosing.assign(N, Solver::NoFn);
  if (!Demand) {
    for (uint32_t G = 0; G < N; ++G)
      activate(G);
    return;
  }
  // Names whose mention starts a function: every name a model gives, and
  // its last component.
  llvm::DenseSet<uint32_t> Seeds;
  auto Seed = [&](llvm::StringRef Name) {
    size_t Cut = Name.find_last_of(".:/");
    Seeds.insert(intern((Cut == llvm::StringRef::npos ? Name : Name.substr(Cut + 1)).str()));
    Seeds.insert(intern(Name.str())); // a name the lowering made (`struct-tags.env`)
  };
  for (const auto &KV : M.SourceCalls)
    Seed(KV.first);
  for (const auto &KV : M.Schemas)
    Seed(KV.first);
  for (const auto *Set : {&M.SourceSubscripts, &M.Settings.Bases, &M.Settings.FieldMakers,
                          &M.SourceObjects, &M.Fetches})
    for (const std::string &S : *Set)
      Seed(S);
  for (const auto &KV : M.Sinks)
    Seed(KV.first);
  for (const auto &KV : M.Writers)
    Seed(KV.first);
  for (const auto &KV : M.Produces)
    Seed(KV.first);
  for (const auto &KV : M.Returns)
    Seed(KV.first);
  for (const auto &[Callee, Request] : M.RequestHandlers) {
    Seed(Callee);
    if (!Request.empty())
      Seed(Request);
  }
  for (const auto *Set : {&M.DependencyInjectors, &M.GlobalObjects, &M.RequestObjects})
    for (const std::string &S : *Set)
      Seed(S);

  // Settings classes by name: those whose bases mention a settings base
  // or another settings class. A function that mentions one starts.
  std::vector<NodeId> Work;
  auto Mentions = [&](uint32_t Mod, NodeId Root, auto &&Pred) {
    const ir::Module &Md = mod(Mod);
    Work.clear();
    if (Root != NoNode)
      Work.push_back(Root);
    while (!Work.empty()) {
      NodeId X = Work.back();
      Work.pop_back();
      const ir::Node &Nd = Md.node(X);
      if ((Nd.Kind == NodeKind::Name || Nd.Kind == NodeKind::Attribute) && Pred(nodeName(Mod, X)))
        return true;
      if (Nd.Kind == NodeKind::Function || Nd.Kind == NodeKind::Class)
        continue;
      for (NodeId O : Nd.Operands)
        Work.push_back(O);
      for (const ir::Argument &A : Nd.Args)
        if (A.Value != NoNode)
          Work.push_back(A.Value);
    }
    return false;
  };
  llvm::DenseSet<uint32_t> SettingsBases;
  for (const std::string &B : M.Settings.Bases) {
    size_t Cut = B.find_last_of(".:/");
    SettingsBases.insert(intern(Cut == std::string::npos ? B : B.substr(Cut + 1)));
    SettingsBases.insert(intern(B));
  }
  for (bool Grew = !SettingsBases.empty(); Grew;) {
    Grew = false;
    for (uint32_t Mod = 0; Mod < Program.size(); ++Mod)
      for (const ir::ClassDef &K : mod(Mod).Classes) {
        uint32_t Name = intern(K.Name);
        if (SettingsNames.count(Name))
          continue;
        for (NodeId B : K.Bases)
          if (Mentions(Mod, B, [&](uint32_t Id) {
                return SettingsBases.count(Id) || SettingsNames.count(Id);
              })) {
            SettingsNames.insert(Name);
            Grew = true;
            break;
          }
      }
  }

  // Seeds and settings classes by name, read for every name mentioned.
  std::vector<uint8_t> Starts(NameTable.size(), 0);
  for (uint32_t Id : Seeds)
    Starts[Id] = 1;
  for (uint32_t Id : SettingsNames)
    Starts[Id] = 1;
  llvm::SmallVector<uint32_t, 32> Mentioned;
  std::vector<std::pair<uint32_t, uint32_t>> Mentioners; // (name, function)
  for (uint32_t Mod = 0; Mod < Program.size(); ++Mod) {
    const ir::Module &Md = mod(Mod);
    for (uint32_t F = 0; F < Md.Functions.size(); ++F)
      if (int P = Md.Functions[F].Parent;
          P > 0 && !Md.Functions[static_cast<uint32_t>(P)].IsClassBody) {
        Nested[FnBase[Mod] + static_cast<uint32_t>(P)].push_back(FnBase[Mod] + F);
        Enclosing[FnBase[Mod] + F] = FnBase[Mod] + static_cast<uint32_t>(P);
      }
    for (uint32_t F = 0; F < Md.Functions.size(); ++F) {
      const ir::Function &Fn = Md.Functions[F];
      uint32_t G = FnBase[Mod] + F;
      bool Start = F == 0 || Fn.IsClassBody || !Fn.Decorators.empty();
      for (const ir::Parameter &P : Fn.Params) {
        llvm::StringRef T = annotatedType(P.Annotation);
        llvm::StringRef Last = lastComponent(T);
        if (!T.empty() && (RequestTypeNames.count(Last) || SettingsNames.count(intern(Last.str()))))
          Start = true;
      }
      if (Start) {
        activate(G);
        continue;
      }
      Mentioned.clear();
      auto Note = [&](uint32_t Id) {
        Mentioned.push_back(Id);
        return Id < Starts.size() && Starts[Id];
      };
      auto Any = [&](NodeId X) { return Mentions(Mod, X, Note); };
      for (const ir::Parameter &P : Fn.Params)
        Start = Start || Any(P.Default);
      std::function<bool(const ir::Target &)> InTarget = [&](const ir::Target &T) {
        return Any(T.Object) || Any(T.Key) || Any(T.Default) || llvm::any_of(T.Elements, InTarget);
      };
      for (const ir::Assignment &A : Fn.Assignments)
        Start = Start || Any(A.Value) || InTarget(A.Lhs);
      for (NodeId X : Fn.Returns)
        Start = Start || Any(X);
      for (NodeId X : Fn.Evaluated)
        Start = Start || Any(X);
      if (Start) {
        activate(G);
        continue;
      }
      std::sort(Mentioned.begin(), Mentioned.end());
      Mentioned.erase(std::unique(Mentioned.begin(), Mentioned.end()), Mentioned.end());
      for (uint32_t Id : Mentioned)
        Mentioners.push_back({Id, G});
    }
  }
  // The functions by name, in the order met: offsets by counting.
  MentionStart.assign(NameTable.size() + 1, 0);
  for (const auto &[Id, G] : Mentioners)
    ++MentionStart[Id + 1];
  for (size_t I = 1; I < MentionStart.size(); ++I)
    MentionStart[I] += MentionStart[I - 1];
  MentionFns.resize(Mentioners.size());
  std::vector<uint32_t> Next(MentionStart.begin(), MentionStart.end() - 1);
  for (const auto &[Id, G] : Mentioners)
    MentionFns[Next[Id]++] = G;
}

} // namespace teetidy::dataflow
