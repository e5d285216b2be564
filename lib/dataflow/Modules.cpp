//===- Modules.cpp - Module names, imports, exports and name lookup -------===//
#include "dataflow/EngineImpl.h"

#include "llvm/ADT/DenseSet.h"

#include <algorithm>

namespace teetidy::dataflow {

std::optional<uint32_t> Engine::findModule(const std::string &Name, uint32_t From) {
  auto It = ModulesByName.find(Name);
  if (It == ModulesByName.end())
    return std::nullopt;
  // Several files answer to the name: prefer the one nearest the importer.
  const std::string &Here = Program[From].Path;
  uint32_t Best = It->second.front();
  size_t BestShared = 0;
  for (uint32_t C : It->second) {
    const std::string &P = Program[C].Path;
    size_t Shared = 0;
    while (Shared < P.size() && Shared < Here.size() && P[Shared] == Here[Shared])
      ++Shared;
    if (Shared > BestShared) {
      BestShared = Shared;
      Best = C;
    }
  }
  return Best;
}

Value Engine::moduleValue(const std::string &Name, uint32_t From) {
  Value V;
  if (auto Found = findModule(Name, From))
    V.Refs.insert(Ref::module(*Found));
  else if (uint32_t Id = intern(Name); live(Id))
    V.Refs.insert(Ref::external(Id));
  return V;
}

Value Engine::keptModuleValue(llvm::DenseMap<uint64_t, std::optional<Ref>> &Kept, uint64_t Key,
                              llvm::function_ref<std::string()> Full, uint32_t From) {
  if (auto It = Kept.find(Key); It != Kept.end())
    return It->second ? refValue(*It->second) : Value();
  std::string Name = Full();
  Value Resolved = moduleValue(Name, From);
  if (auto Mods = ModulesByName.find(Name); Mods != ModulesByName.end() && Mods->second.size() > 1)
    return Resolved;
  std::optional<Ref> First;
  if (!Resolved.Refs.empty())
    First = *Resolved.Refs.begin();
  Kept.try_emplace(Key, First);
  return Resolved;
}

std::optional<uint32_t> Engine::importTarget(uint32_t Mod, const ir::Import &I) {
  if (!I.ResolvedPath.empty()) {
    auto It = ModulesByPath.find(I.ResolvedPath);
    if (It != ModulesByPath.end())
      return It->second;
    return std::nullopt;
  }
  return findModule(I.Module, Mod);
}

const std::vector<uint32_t> &Engine::starTargets(uint32_t Mod) {
  if (StarTargets.size() < Program.size())
    StarTargets.resize(Program.size());
  std::optional<std::vector<uint32_t>> &Targets = StarTargets[Mod];
  if (!Targets) {
    Targets.emplace();
    for (const ir::Import *I : StarImports[Mod])
      if (auto T = importTarget(Mod, *I); T && *T != Mod)
        Targets->push_back(*T);
  }
  return *Targets;
}

const std::vector<uint32_t> &Engine::starReach(uint32_t Mod) {
  if (StarReach.size() < Program.size())
    StarReach.resize(Program.size());
  std::optional<std::vector<uint32_t>> &Reach = StarReach[Mod];
  if (Reach)
    return *Reach;
  // Breadth first, each module once, at most MaxStarDepth imports away: the
  // files of a package import each other, so following each import from
  // each file would be exponential.
  Reach.emplace();
  llvm::DenseSet<uint32_t> Seen{Mod};
  std::vector<uint32_t> Level{Mod};
  for (unsigned Depth = 0; Depth < MaxStarDepth && !Level.empty(); ++Depth) {
    std::vector<uint32_t> Next;
    for (uint32_t M : Level)
      for (uint32_t T : starTargets(M))
        if (Seen.insert(T).second)
          Next.push_back(T);
    Reach->insert(Reach->end(), Next.begin(), Next.end());
    Level = std::move(Next);
  }
  return *Reach;
}

std::optional<Value> Engine::defaultExportProperty(uint32_t Mod, uint32_t Name) {
  // A property of a default-exported object (`export default {...}`).
  if (const Value *D = globalOf(Mod, intern(ir::DefaultExport))) {
    Value Default = *D;
    Value P;
    for (const Ref &R : Default.Refs)
      if (R.kind() == RefKind::Object)
        unite(P, property(R, NameTable[Name], Mod, {}));
    if (!P.empty())
      return P;
  }
  return std::nullopt;
}

std::optional<Value> Engine::exported(uint32_t Mod, uint32_t Name) {
  if (const Value *G = globalOf(Mod, Name))
    return *G;
  if (auto V = starExported(Mod, Name))
    return V;
  return defaultExportProperty(Mod, Name);
}

std::optional<Value> Engine::starExported(uint32_t Mod, uint32_t Name) {
  if (starTargets(Mod).empty())
    return std::nullopt; // (a module that gains star imports is analysed again)
  // Only the modules that declare the name are looked at, the nearest
  // first; a module that declares it later (an update) touches the name's
  // sentinel, which this read makes the running function depend on.
  Fixpoint.read(nameSentinel(Name));
  // The places in starReach(Mod) of the modules that declare \p N, nearest
  // first (a module that no longer declares it, after an update, is skipped
  // by globalOf).
  auto Declaring = [&](uint32_t N) {
    llvm::SmallVector<uint32_t, 4> Order;
    if (auto It = GlobalDeclarers.find(N); It != GlobalDeclarers.end()) {
      const llvm::DenseMap<uint32_t, uint32_t> &Pos = starPositions(Mod);
      for (uint32_t D : It->second)
        if (auto P = Pos.find(D); P != Pos.end())
          Order.push_back(P->second);
      std::sort(Order.begin(), Order.end());
    }
    return Order;
  };
  const std::vector<uint32_t> &Reach = starReach(Mod);
  for (uint32_t P : Declaring(Name))
    if (const Value *G = globalOf(Reach[P], Name))
      return *G;
  // Properties of default-exported objects, nearest first.
  uint32_t Default = intern(ir::DefaultExport);
  Fixpoint.read(nameSentinel(Default));
  for (uint32_t P : Declaring(Default))
    if (auto V = defaultExportProperty(Reach[P], Name))
      return V;
  return std::nullopt;
}

const llvm::DenseMap<uint32_t, uint32_t> &Engine::starPositions(uint32_t Mod) {
  if (StarPositions.size() < Program.size())
    StarPositions.resize(Program.size());
  std::optional<llvm::DenseMap<uint32_t, uint32_t>> &Pos = StarPositions[Mod];
  if (!Pos) {
    Pos.emplace();
    const std::vector<uint32_t> &Reach = starReach(Mod);
    for (uint32_t I = 0; I < Reach.size(); ++I)
      Pos->try_emplace(Reach[I], I);
  }
  return *Pos;
}

uint32_t Engine::nameSentinel(uint32_t Name) {
  auto [It, New] = NameSentinels.try_emplace(Name, 0);
  if (New)
    It->second = Fixpoint.newSlot();
  return It->second;
}

Value Engine::importValue(uint32_t Mod, const ir::Import &I) {
  const std::string &Base = I.Module;
  if (!I.ResolvedPath.empty())
    if (auto Target = importTarget(Mod, I)) {
      if (I.Name.empty()) {
        // A namespace, or a module whose default export is a value that
        // the importer uses whole: its facts come along.
        Value V = refValue(Ref::module(*Target));
        if (const Value *D = globalOf(*Target, intern(ir::DefaultExport)))
          for (const auto &F : D->Facts)
            V.Facts.insert(F);
        return V;
      }
      if (auto V = exported(*Target, intern(I.Name)))
        return *V;
      return {};
    }
  if (I.Name.empty()) // `import a.b` binds a; `import a.b as c`, a.b
    return moduleValue(I.BindsFirstComponent ? Base.substr(0, Base.find('.')) : Base, Mod);
  if (auto Target = findModule(Base, Mod))
    if (auto V = exported(*Target, intern(I.Name)))
      return *V;
  // The default export of a package is the package (`import c from "c"`
  // calls what importing the package whole does).
  if (I.Name == ir::DefaultExport)
    return moduleValue(Base, Mod);
  return moduleValue(Base.empty() ? I.Name : Base + "." + I.Name, Mod);
}

Value Engine::lookup(const Ctx &C, uint32_t Name, bool Receiver) {
  if (C.Fn != 0)
    if (auto S = local(C.Mod, C.Fn, Name)) {
      Fixpoint.read(*S);
      return Fixpoint.slot(*S).V;
    }
  // Enclosing functions (class bodies are not scopes for their methods).
  for (int P = fn(C.Mod, C.Fn).Parent; P > 0; P = fn(C.Mod, static_cast<uint32_t>(P)).Parent) {
    const ir::Function &Outer = fn(C.Mod, static_cast<uint32_t>(P));
    if (Outer.IsClassBody)
      continue;
    if (auto S = local(C.Mod, static_cast<uint32_t>(P), Name)) {
      Fixpoint.read(*S);
      // The enclosing function's parameters, as read from inside it; its
      // reads of variables a parameter names stay behind.
      const Value &Held = Fixpoint.slot(*S).V;
      Value V;
      V.Refs = Held.Refs;
      for (const auto &[Origin, Path] : Held.Facts)
        if (Origin < ParamBase || isOuterParam(Origin))
          V.Facts.emplace(Origin, Path);
        else if (Origin < OuterParamBase)
          V.Facts.emplace(
              outerParamOrigin(FnBase[C.Mod] + static_cast<uint32_t>(P), Origin - ParamBase), Path);
      return V;
    }
  }
  if (const Value *G = globalOf(C.Mod, Name))
    return *G;
  if (auto E = starExported(C.Mod, Name))
    return *E;
  // `this` in a class field's initialiser, or in an arrow function
  // there, is the instance (methods bind it as their first parameter).
  // In a method of an object literal, `this` is the literal.
  if (Receiver)
    for (int F = static_cast<int>(C.Fn); F > 0; F = fn(C.Mod, static_cast<uint32_t>(F)).Parent) {
      const ir::Function &Fn = fn(C.Mod, static_cast<uint32_t>(F));
      if (Fn.Class >= 0)
        return refValue(Ref::instance(C.Mod, static_cast<uint32_t>(Fn.Class)));
      if (Fn.ThisObject != NoNode)
        return refValue(
            Ref::object(C.Mod, Fn.ThisObject, static_cast<uint32_t>(std::max(0, Fn.Parent))));
    }
  Value V;
  if (live(Name))
    V.Refs.insert(Ref::external(Name)); // a builtin
  return V;
}

std::vector<uint32_t> Engine::moduleOrder() {
  std::vector<std::vector<uint32_t>> Deps(Program.size());
  for (uint32_t Mod = 0; Mod < Program.size(); ++Mod)
    for (const ir::Import &I : mod(Mod).Imports) {
      const std::string &Base = I.Module;
      if (auto T = importTarget(Mod, I))
        Deps[Mod].push_back(*T);
      if (I.ResolvedPath.empty() && !I.Name.empty() && I.Name != ir::AllNames)
        if (auto T = findModule(Base.empty() ? I.Name : Base + "." + I.Name, Mod))
          Deps[Mod].push_back(*T);
    }
  std::vector<uint32_t> Order;
  std::vector<uint8_t> Seen(Program.size(), 0);
  // Iterative depth-first search, post-order.
  std::vector<std::pair<uint32_t, size_t>> Stack;
  for (uint32_t Root = 0; Root < Program.size(); ++Root) {
    if (Seen[Root])
      continue;
    Seen[Root] = 1;
    Stack.push_back({Root, 0});
    while (!Stack.empty()) {
      auto &[Mod, Next] = Stack.back();
      if (Next < Deps[Mod].size()) {
        uint32_t D = Deps[Mod][Next++];
        if (!Seen[D]) {
          Seen[D] = 1;
          Stack.push_back({D, 0});
        }
        continue;
      }
      Order.push_back(Mod);
      Stack.pop_back();
    }
  }
  return Order;
}

} // namespace teetidy::dataflow
