//===- Classes.cpp - Class ancestry, methods and settings classes ---------===//
#include "dataflow/EngineImpl.h"

#include <cctype>

namespace teetidy::dataflow {

void Engine::forgetClasses(uint32_t S) {
  auto It = SlotClasses.find(S);
  if (It == SlotClasses.end())
    return;
  for (auto [Mod, Class] : It->second) {
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

bool Engine::isGetter(uint32_t Mod, uint32_t F) {
  const ir::Function &Fn = fn(Mod, F);
  if (Fn.IsGetter)
    return true;
  for (NodeId D : Fn.Decorators) {
    const ir::Node &N = mod(Mod).node(D);
    if ((N.Kind == NodeKind::Name || N.Kind == NodeKind::Attribute) &&
        oneOf(N.Text, {"property", "cached_property"}))
      return true;
  }
  return false;
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

std::optional<std::string> Engine::settingsConfig(uint32_t InstMod, uint32_t InstClass,
                                                  const std::string &Key) {
  for (auto [Mod, Class] : lineage(InstMod, InstClass))
    if (auto V = ownSettingsConfig(Mod, Class, Key))
      return V;
  return std::nullopt;
}

std::optional<std::string> Engine::ownSettingsConfig(uint32_t Mod, uint32_t Class,
                                                     const std::string &Key) {
  const ir::Module &Md = mod(Mod);
  const ir::ClassDef &K = Md.Classes[Class];
  for (const ir::Assignment &A : Md.Functions[K.Body].Assignments) {
    if (A.Lhs.K != ir::Target::Name || A.Lhs.Text != "model_config" || A.Value == NoNode)
      continue;
    const ir::Node &V = Md.node(A.Value);
    for (const ir::Argument &Arg : V.Args)
      if (Arg.Keyword == Key && Arg.Value != NoNode)
        return literalText(Mod, Arg.Value);
  }
  for (uint32_t Nested : K.NestedClasses) {
    const ir::ClassDef &N = Md.Classes[Nested];
    if (N.Name != "Config")
      continue;
    for (const ir::Assignment &A : Md.Functions[N.Body].Assignments)
      if (A.Lhs.K == ir::Target::Name && A.Lhs.Text == Key && A.Value != NoNode)
        return literalText(Mod, A.Value);
  }
  return std::nullopt;
}

std::optional<SettingsField> Engine::settingsField(uint32_t InstMod, uint32_t InstClass,
                                                   const std::string &Name) {
  for (auto [Mod, Class] : lineage(InstMod, InstClass))
    if (auto F = settingsFieldIn(Mod, Class, Name, InstMod, InstClass))
      return F;
  return std::nullopt;
}

std::optional<SettingsField> Engine::settingsFieldIn(uint32_t Mod, uint32_t Class,
                                                     const std::string &Name, uint32_t InstMod,
                                                     uint32_t InstClass) {
  const ir::Module &Md = mod(Mod);
  const ir::ClassDef &K = Md.Classes[Class];
  for (const ir::Assignment &A : Md.Functions[K.Body].Assignments) {
    if (A.Lhs.K != ir::Target::Name || A.Lhs.Text != Name)
      continue;
    if (A.Annotation.rfind("ClassVar", 0) == 0 || Name == "model_config" || Name.empty() ||
        Name[0] == '_')
      return std::nullopt;
    SettingsField F;
    F.Where = A.Lhs.Where;
    F.Annotation = A.Annotation;
    std::string Prefix = settingsConfig(InstMod, InstClass, "env_prefix").value_or("");
    std::string Sensitive = settingsConfig(InstMod, InstClass, "case_sensitive").value_or("");
    F.CaseInsensitive = Sensitive != "True";
    std::vector<std::string> Aliases;
    if (A.Value != NoNode) {
      const ir::Node &V = Md.node(A.Value);
      bool IsField = false;
      if (V.Kind == NodeKind::Call) {
        Value Callee = evalNoSideEffects({Mod, K.Body}, V.Operands[0]);
        for (const Ref &R : Callee.Refs)
          IsField |= R.kind() == RefKind::External && is(R.name(), SettingsFieldMaker);
      }
      if (IsField) {
        for (const ir::Argument &Arg : V.Args) {
          if ((Arg.Keyword.empty() && &Arg == &V.Args.front()) || Arg.Keyword == "default") {
            NodeId D = unwrapSecret(Mod, Arg.Value);
            F.Default = Md.node(D).Kind == NodeKind::Literal ? literalText(Mod, D)
                                                             : std::string("<expression>");
            F.DefaultWhere = Md.node(D).Where;
            F.DefaultIsString = isStringLiteral(Mod, D);
          }
          if (Arg.Keyword == "alias" || Arg.Keyword == "validation_alias" || Arg.Keyword == "env") {
            const ir::Node &AV = Md.node(Arg.Value);
            if (isStringLiteral(Mod, Arg.Value))
              Aliases.push_back(AV.Text);
            // AliasChoices('A', 'B') or env=['A', 'B'].
            for (const ir::Argument &E : AV.Args)
              if (isStringLiteral(Mod, E.Value))
                Aliases.push_back(Md.node(E.Value).Text);
          }
        }
      } else if (V.Kind == NodeKind::Literal) {
        F.Default = V.Text;
        F.DefaultWhere = V.Where;
        F.DefaultIsString = V.IsString;
      } else if (NodeId D = unwrapSecret(Mod, A.Value); D != A.Value) {
        F.Default = literalText(Mod, D);
        F.DefaultWhere = Md.node(D).Where;
        F.DefaultIsString = true;
      } else {
        F.Default = "<expression>";
      }
    }
    if (Aliases.empty())
      Aliases.push_back(Prefix + Name);
    for (std::string &N : Aliases) {
      if (F.CaseInsensitive)
        for (char &Ch : N)
          Ch = static_cast<char>(std::toupper(static_cast<unsigned char>(Ch)));
      F.Variables.push_back(N);
    }
    return F;
  }
  return std::nullopt;
}

ir::NodeId Engine::unwrapSecret(uint32_t Mod, NodeId N) {
  const ir::Node &X = mod(Mod).node(N);
  if (X.Kind != NodeKind::Call || X.Args.size() != 1 || !X.Args[0].Keyword.empty())
    return N;
  const ir::Node &Callee = mod(Mod).node(X.Operands[0]);
  if ((Callee.Kind == NodeKind::Name || Callee.Kind == NodeKind::Attribute) &&
      oneOf(Callee.Text, {"SecretStr", "SecretBytes"}) && isStringLiteral(Mod, X.Args[0].Value))
    return X.Args[0].Value;
  return N;
}

uint32_t Engine::settingsSource(uint32_t Mod, uint32_t Class, const std::string &Name,
                                const SettingsField &F) {
  auto Key = std::make_tuple(Mod, Class, Name);
  if (auto It = SourceIndex.find(Key); It != SourceIndex.end())
    return It->second;
  SourceInfo S;
  S.K = SourceInfo::SettingsField;
  S.Variables = F.Variables;
  S.CaseInsensitive = F.CaseInsensitive;
  S.Default = F.Default;
  S.DefaultWhere = F.DefaultWhere;
  S.DefaultIsString = F.DefaultIsString;
  S.Annotation = F.Annotation;
  S.Description = "field '" + Name + "' of settings class '" + mod(Mod).Classes[Class].Name + "'";
  S.Module = Mod;
  S.Where = F.Where;
  Out.Sources.push_back(std::move(S));
  uint32_t Index = static_cast<uint32_t>(Out.Sources.size() - 1);
  SourceIndex.emplace(Key, Index);
  return Index;
}

} // namespace teetidy::dataflow
