//===- Settings.cpp - Settings classes: fields read from the environment --===//
//
// A settings class (a subclass of a base the models name) reads each of
// its fields from the environment. Which variable a field answers to, and its default, follow
// the rules the models give (`settings:`): the field's name with the class's
// prefix option, or the names a field maker's alias keywords give; matched
// case-insensitively unless the class's case-sensitive option is true.
//
//===----------------------------------------------------------------------===//
#include "dataflow/EngineImpl.h"

#include <cctype>

namespace teetidy::dataflow {

namespace {

/// Whether the annotation \p Text names one of \p Names, with or without a
/// module (`Static[int]`, `types.Static[int]`).
bool annotationIn(llvm::StringRef Text, const std::set<std::string> &Names) {
  llvm::StringRef Base = Text.take_until([](char C) { return C == '['; }).trim();
  return Names.count(Base.str()) || Names.count(Base.rsplit('.').second.str());
}

} // namespace

std::optional<std::pair<uint32_t, ir::NodeId>>
Engine::settingsOption(uint32_t InstMod, uint32_t InstClass, const std::string &Key) {
  if (Key.empty())
    return std::nullopt;
  for (auto [Mod, Class] : lineage(InstMod, InstClass))
    if (NodeId V = ownSettingsOption(Mod, Class, Key); V != NoNode)
      return std::make_pair(Mod, V);
  return std::nullopt;
}

ir::NodeId Engine::ownSettingsOption(uint32_t Mod, uint32_t Class, const std::string &Key) {
  const SettingsModel &Rules = M.Settings;
  const ir::Module &Md = mod(Mod);
  const ir::ClassDef &K = Md.Classes[Class];
  // `options = Options(k=...)` or `options = {'k': ...}`.
  for (const ir::Assignment &A : Md.Functions[K.Body].Assignments) {
    if (A.Lhs.K != ir::Target::Name || A.Lhs.Text != Rules.ConfigAttribute || A.Value == NoNode)
      continue;
    for (const ir::Argument &Arg : Md.node(A.Value).Args)
      if (Arg.Keyword == Key && Arg.Value != NoNode)
        return Arg.Value;
  }
  // `class Options: k = ...`
  for (uint32_t Nested : K.NestedClasses) {
    const ir::ClassDef &N = Md.Classes[Nested];
    if (N.Name != Rules.ConfigClass)
      continue;
    for (const ir::Assignment &A : Md.Functions[N.Body].Assignments)
      if (A.Lhs.K == ir::Target::Name && A.Lhs.Text == Key && A.Value != NoNode)
        return A.Value;
  }
  return NoNode;
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
  const SettingsModel &Rules = M.Settings;
  const ir::Module &Md = mod(Mod);
  const ir::ClassDef &K = Md.Classes[Class];
  for (const ir::Assignment &A : Md.Functions[K.Body].Assignments) {
    if (A.Lhs.K != ir::Target::Name || A.Lhs.Text != Name)
      continue;
    // Class variables, the options themselves and private attributes are
    // no fields.
    if (Name.empty() || Name == Rules.ConfigAttribute ||
        annotationIn(A.Annotation, Rules.ClassVariableAnnotations) ||
        (!Rules.PrivatePrefix.empty() && llvm::StringRef(Name).startswith(Rules.PrivatePrefix)))
      return std::nullopt;
    SettingsField F;
    F.Module = Mod;
    F.Where = A.Lhs.Where;
    F.Annotation = A.Annotation;
    // The instance's class decides the options.
    std::string Prefix;
    if (auto P = settingsOption(InstMod, InstClass, Rules.PrefixOption))
      Prefix = literalText(P->first, P->second);
    auto Sensitive = settingsOption(InstMod, InstClass, Rules.CaseSensitiveOption);
    F.CaseInsensitive =
        !Sensitive || !mod(Sensitive->first).node(Sensitive->second).is(ir::Op::True);
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
          if ((Arg.Keyword.empty() && &Arg == &V.Args.front()) ||
              (!Rules.DefaultKeyword.empty() && Arg.Keyword == Rules.DefaultKeyword)) {
            F.Default = fallbackAt(Mod, unwrapSecret(Mod, Arg.Value));
            if (F.Default && F.Default->K == Fallback::Computed)
              F.ComputedDefault = Arg.Value;
          }
          if (Rules.AliasKeywords.count(Arg.Keyword)) {
            const ir::Node &AV = Md.node(Arg.Value);
            if (isStringLiteral(Mod, Arg.Value))
              Aliases.push_back(AV.Text);
            // Choices('A', 'B') or a list ['A', 'B'].
            for (const ir::Argument &E : AV.Args)
              if (isStringLiteral(Mod, E.Value))
                Aliases.push_back(Md.node(E.Value).Text);
          }
        }
      } else if (V.Kind == NodeKind::Literal) {
        F.Default = fallbackAt(Mod, A.Value);
      } else if (NodeId D = unwrapSecret(Mod, A.Value); D != A.Value) {
        F.Default = fallbackAt(Mod, D);
      } else {
        F.Default = Fallback{Fallback::Computed, {}, {}, Mod};
        F.ComputedDefault = A.Value;
      }
    }
    F.Body = K.Body;
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
      M.Settings.SecretWrappers.count(Callee.Text) && isStringLiteral(Mod, X.Args[0].Value))
    return X.Args[0].Value;
  return N;
}

uint32_t Engine::settingsSource(uint32_t Mod, uint32_t Class, const std::string &Name,
                                const SettingsField &F) {
  auto Key = std::make_tuple(Mod, Class, Name);
  auto NoteLineage = [&](uint32_t S) {
    if (!Tracking)
      return;
    SourceTrack &T = sourceTrack(S);
    T.Lineage.clear();
    for (auto [LM, LC] : lineage(Mod, Class))
      if (LM != Mod && !llvm::is_contained(T.Lineage, LM))
        T.Lineage.push_back(LM);
  };
  if (auto It = SourceIndex.find(Key); It != SourceIndex.end()) {
    if (Tracking && !sourceTrack(It->second).Confirmed)
      NoteLineage(It->second);
    noteCreator(It->second);
    return It->second;
  }
  SourceInfo S;
  S.K = SourceInfo::SettingsField;
  S.Variables = F.Variables;
  S.CaseInsensitive = F.CaseInsensitive;
  S.Default = F.Default;
  S.Annotation = F.Annotation;
  S.Description = "field '" + Name + "' of settings class '" + mod(Mod).Classes[Class].Name + "'";
  S.Module = F.Module;
  S.Where = F.Where;
  Out.Sources.push_back(std::move(S));
  uint32_t Index = static_cast<uint32_t>(Out.Sources.size() - 1);
  SourceIndex.emplace(Key, Index);
  NoteLineage(Index);
  noteCreator(Index);
  return Index;
}

} // namespace teetidy::dataflow
