//===- Classes.cpp - Class ancestry, methods and settings classes ---------===//
#include "dataflow/EngineImpl.h"

#include <cctype>

namespace teetidy::dataflow {

void Engine::forgetClasses(uint32_t S) {
  auto It = SlotClasses.find(S);
  if (It == SlotClasses.end())
    return;
  for (auto [Mod, Class] : It->second) {
    if (Class >= ClassInfos[Mod].size()) // its module changed (an update)
      continue;
    ClassInfo &K = ClassInfos[Mod][Class];
    if (K.St == ClassInfo::Known) {
      K.St = ClassInfo::Unknown;
      K.Methods.clear();
    }
  }
  SlotClasses.erase(It);
}

const Engine::ClassInfo &Engine::classInfo(uint32_t Mod, uint32_t Class) {
  ClassInfo &K = ClassInfos[Mod][Class];
  if (K.St == ClassInfo::Known) {
    for (uint32_t S : K.Deps)
      Fixpoint.read(S);
    return K;
  }
  // A base defined through its own class (`class A(A.B)`), or bases
  // that nest class lookups deeper than real code does: the class alone.
  if (K.St == ClassInfo::Computing || ClassNesting >= MaxClassNesting) {
    Alone.Lineage.assign({{Mod, Class}});
    return Alone;
  }
  K.St = ClassInfo::Computing;
  K.Lineage.assign({{Mod, Class}});
  // A type and its methods written in the other files of its package are
  // one class: the package's files star-import each other by path.
  const ir::ClassDef &Def = mod(Mod).Classes[Class];
  if (Def.Parent < 0)
    for (uint32_t T : starReach(Mod)) {
      const std::vector<ir::ClassDef> &Others = mod(T).Classes;
      for (uint32_t C = 0; C < Others.size() && K.Lineage.size() < MaxLineage; ++C)
        if (Others[C].Parent < 0 && (Def.DeclaredElsewhere || Others[C].DeclaredElsewhere) &&
            Others[C].Name == Def.Name)
          K.Lineage.push_back({T, C});
    }
  K.Bases.clear();
  K.Settings = false;
  Fixpoint.beginCapture();
  ++ClassNesting;
  // Breadth first; the slots the ancestors' bases read count too.
  for (size_t I = 0; I < K.Lineage.size(); ++I) {
    auto [M2, C2] = K.Lineage[I];
    SmallSet<Ref> Own = ownBases(M2, C2);
    if (I == 0)
      K.Bases = Own;
    for (const Ref &B : Own) {
      if (B.kind() == RefKind::External && is(B.name(), SettingsBase))
        K.Settings = true;
      if (B.kind() == RefKind::Class && K.Lineage.size() < MaxLineage &&
          std::find(K.Lineage.begin(), K.Lineage.end(),
                    std::make_pair(B.module(), B.classIndex())) == K.Lineage.end())
        K.Lineage.push_back({B.module(), B.classIndex()});
    }
  }
  --ClassNesting;
  std::vector<uint32_t> Deps = Fixpoint.endCapture();
  K.Deps.assign(Deps.begin(), Deps.end());
  for (uint32_t S : Deps) {
    Fixpoint.watch(S);
    SlotClasses[S].push_back({Mod, Class});
  }
  K.St = ClassInfo::Known;
  return K;
}

std::optional<std::pair<uint32_t, uint32_t>> Engine::methodOf(uint32_t Mod, uint32_t Class,
                                                              uint32_t Name) {
  const ClassInfo &K = classInfo(Mod, Class);
  if (K.St == ClassInfo::Known)
    if (auto It = K.Methods.find(Name); It != K.Methods.end())
      return It->second;
  std::optional<std::pair<uint32_t, uint32_t>> Found;
  const std::string &Text = NameTable[Name];
  for (auto [M2, C2] : K.Lineage) {
    for (uint32_t F : mod(M2).Classes[C2].Methods)
      if (fn(M2, F).Name == Text) {
        Found = std::make_pair(M2, F);
        break;
      }
    if (Found)
      break;
  }
  if (K.St == ClassInfo::Known)
    ClassInfos[Mod][Class].Methods.try_emplace(Name, Found);
  return Found;
}

std::optional<std::pair<uint32_t, uint32_t>> Engine::constructorOf(uint32_t Mod, uint32_t Class) {
  for (auto [M2, C2] : lineage(Mod, Class))
    for (uint32_t F : mod(M2).Classes[C2].Methods)
      if (fn(M2, F).IsConstructor)
        return std::make_pair(M2, F);
  return std::nullopt;
}

SmallSet<Ref> Engine::ownBases(uint32_t Mod, uint32_t Class) {
  SmallSet<Ref> Out;
  const ir::ClassDef &K = mod(Mod).Classes[Class];
  uint32_t Scope = static_cast<uint32_t>(std::max(0, fn(Mod, K.Body).Parent));
  for (NodeId B : K.Bases) {
    Value V = evalNoSideEffects({Mod, Scope}, B);
    for (const Ref &R : V.Refs)
      Out.insert(R);
  }
  return Out;
}

} // namespace teetidy::dataflow
