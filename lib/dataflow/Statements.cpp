//===- Statements.cpp - Assignments, parameters and function analysis -----===//
#include "dataflow/EngineImpl.h"

#include "llvm/ADT/StringExtras.h"

namespace teetidy::dataflow {

void Engine::assign(const Ctx &C, const ir::Target &T, const Value &V, NodeId ValueNode) {
  FunctionState &S = state(C.Mod, C.Fn);
  switch (T.K) {
  case ir::Target::Name: {
    std::optional<uint32_t> Known = targetName(S, T);
    uint32_t Sl = Known ? *Known : localSlot(C.Mod, C.Fn, intern(T.Text));
    Fixpoint.wrote(Sl);
    if (merge(Fixpoint.slot(Sl).V, V, [&](uint32_t P) {
          return Paths.hop(P, C.Mod, T.Where, Paths.msg({"assigned to '", T.Text, "'"}));
        }))
      Fixpoint.touch(Sl);
    return;
  }
  case ir::Target::Attribute: {
    Value Obj = eval(C, T.Object);
    std::optional<uint32_t> Known = targetName(S, T);
    uint32_t Name = Known ? *Known : intern(T.Text);
    for (const Ref &R : Obj.Refs) {
      if (R.kind() == RefKind::Instance || R.kind() == RefKind::Class) {
        uint32_t FS = fieldSlot(R.module(), R.classIndex(), Name);
        Fixpoint.wrote(FS);
        Value &Field = Fixpoint.slot(FS).V;
        bool Grew = false;
        for (const auto &[Origin, Path] : V.Facts) {
          if (Origin >= ParamBase) {
            uint32_t Hop =
                Paths.hop(Path, C.Mod, T.Where, Paths.msg({"stored in attribute '", T.Text, "'"}));
            paramFieldWrite(C, {R.module(), R.classIndex(), Name, Origin, Hop});
            continue;
          }
          if (!Field.Facts.count(Origin)) {
            Field.Facts.emplace(
                Origin,
                Paths.hop(Path, C.Mod, T.Where, Paths.msg({"stored in attribute '", T.Text, "'"})));
            Grew = true;
          }
        }
        for (const Ref &X : V.Refs) {
          if (Field.Refs.size() >= MaxRefs)
            break;
          Grew |= Field.Refs.insert(X).second;
        }
        if (Grew)
          Fixpoint.touch(FS);
      } else if (R.kind() == RefKind::Module) {
        uint32_t GS = localSlot(R.module(), 0, Name);
        Fixpoint.wrote(GS);
        Slot &G = Fixpoint.slot(GS);
        bool Grew = !G.Declared;
        G.Declared = true;
        Grew |= merge(G.V, withoutParams(V), [&](uint32_t P) {
          return Paths.hop(P, C.Mod, T.Where, Paths.msg({"assigned to '", T.Text, "'"}));
        });
        if (Grew)
          Fixpoint.touch(GS);
      }
    }
    return;
  }
  case ir::Target::Subscript: {
    // `d[k] = v` taints the container d itself.
    const ir::Node &Obj = mod(C.Mod).node(T.Object);
    if (Obj.Kind == NodeKind::Name && local(C.Mod, C.Fn, nodeName(C.Mod, T.Object))) {
      ir::Target Whole;
      Whole.K = ir::Target::Name;
      Whole.Text = Obj.Text;
      Whole.Where = T.Where;
      assign(C, Whole, V, NoNode);
    }
    return;
  }
  case ir::Target::Tuple: {
    const ir::Node *Src = ValueNode == NoNode ? nullptr : &mod(C.Mod).node(ValueNode);
    bool Pairwise = Src && Src->Kind == NodeKind::Container &&
                    Src->Args.size() == T.Elements.size() && T.StarredIndex < 0;
    for (size_t I = 0; I < T.Elements.size(); ++I) {
      const ir::Target &E = T.Elements[I];
      if (!E.Property.empty()) {
        // `{ a: t = d } = v`: t is v's property a, or d when missing.
        Value P =
            attributeNamed(C, E.Property, intern(E.Property), E.Where, V, ReadForm::Destructuring);
        for (const auto &F : V.Facts)
          P.Facts.insert(F);
        if (E.Default != NoNode) {
          recordFallback(P, C.Mod, E.Default, /*WhenEmpty=*/false);
          unite(P, eval(C, E.Default));
        }
        assign(C, E, P, NoNode);
        continue;
      }
      if (Pairwise) {
        NodeId Part = Src->Args[I].Value;
        assign(C, E, eval(C, Part), Part);
      } else {
        assign(C, E, V, NoNode);
      }
    }
    return;
  }
  }
}

uint32_t Engine::declare(uint32_t Mod, uint32_t F, const std::string &Name) {
  uint32_t Id = intern(Name);
  uint32_t S = localSlot(Mod, F, Id);
  if (F == 0 && !Fixpoint.slot(S).Declared) {
    std::vector<uint32_t> &Declarers = GlobalDeclarers[Id];
    if (!llvm::is_contained(Declarers, Mod))
      Declarers.push_back(Mod);
    if (auto It = NameSentinels.find(Id); It != NameSentinels.end())
      Fixpoint.touch(It->second);
  }
  Fixpoint.slot(S).Declared = true;
  return S;
}

void Engine::declareTargets(uint32_t Mod, uint32_t F, const ir::Target &T) {
  const std::vector<std::string> &ModuleNames = mod(Mod).Functions[F].ModuleNames;
  auto &Names = state(Mod, F).TargetNames;
  if (T.K == ir::Target::Name)
    Names.emplace_back(&T, declare(Mod, llvm::is_contained(ModuleNames, T.Text) ? 0 : F, T.Text));
  else if (T.K == ir::Target::Attribute)
    Names.emplace_back(&T, intern(T.Text));
  for (const ir::Target &E : T.Elements)
    declareTargets(Mod, F, E);
}

void Engine::analyseFunction(uint32_t Mod, uint32_t F) {
  const ir::Module &Md = mod(Mod);
  const ir::Function &Fn = Md.Functions[F];
  FunctionState &S = state(Mod, F);
  Ctx C{Mod, F};
  for (const ir::Import *I : ImportsIn[FnBase[Mod] + F])
    Fixpoint.statement([&] {
      Value V = importValue(Mod, *I);
      uint32_t IS = localSlot(Mod, F, intern(I->boundName()));
      Fixpoint.wrote(IS);
      if (merge(Fixpoint.slot(IS).V, V))
        Fixpoint.touch(IS);
    });
  for (size_t I = 0; I < Fn.Params.size(); ++I)
    Fixpoint.statement([&] { parameter(C, S, I); });
  for (const ir::Assignment &A : Fn.Assignments) {
    if (A.Value == NoNode)
      continue;
    Fixpoint.statement([&] {
      Value V = eval(C, A.Value);
      if (A.Iteration)
        V.Refs.clear();
      assign(C, A.Lhs, V, A.Iteration ? NoNode : A.Value);
    });
  }
  for (NodeId R : Fn.Returns)
    Fixpoint.statement([&] {
      Value V = eval(C, R);
      Fixpoint.wrote(S.SummarySlot);
      if (merge(S.Return, V)) {
        Fixpoint.touch(S.SummarySlot);
        if (Demand)
          returned(Mod, F, S.Return);
      }
    });
  for (NodeId E : Fn.Evaluated)
    Fixpoint.statement([&] { eval(C, E); });
  for (NodeId D : Fn.Decorators)
    Fixpoint.statement([&] { eval({Mod, static_cast<uint32_t>(std::max(0, Fn.Parent))}, D); });
}

std::optional<Ref> Engine::requestType(const Ctx &C, llvm::StringRef Annotation) {
  if (RequestTypeNames.empty())
    return std::nullopt;
  // `*http.Request`, `&Request`, `Json<Body>`: a plain dotted (or `::`)
  // type name, pointers and type arguments aside. Its last component is
  // tested first: most parameters are of other types.
  llvm::StringRef T = annotatedType(Annotation);
  if (T.empty() || !RequestTypeNames.count(lastComponent(T)) || !llvm::all_of(T, [](char Ch) {
        return llvm::isAlnum(Ch) || Ch == '_' || Ch == '.' || Ch == ':';
      }))
    return std::nullopt;
  std::string Dotted;
  if (T.contains(':')) {
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    T.split(Parts, "::");
    Dotted = llvm::join(Parts, ".");
    T = Dotted;
  }
  auto [Head, Rest] = T.split('.');
  Value V = lookup(C, Head.str());
  for (llvm::StringRef Part = Rest; !Part.empty();) {
    auto [Name, Next] = Part.split('.');
    V = attributeNamed(C, Name.str(), intern(Name.str()), {}, V, ReadForm::Attribute, NoNode);
    Part = Next;
  }
  for (const Ref &R : V.Refs)
    if ((R.kind() == RefKind::External || R.kind() == RefKind::ExternalInstance) &&
        RequestTypes.count(nameOf(R)))
      return Ref::externalInstance(R.name());
  return std::nullopt;
}

bool Engine::requestHandler(uint32_t Mod, const ir::Function &Fn) {
  const ir::Module &Md = mod(Mod);
  for (NodeId D : Fn.Decorators) {
    const ir::Node &N = Md.node(D);
    if (N.Kind != NodeKind::Call || N.Operands.empty())
      continue;
    Ctx Parent{Mod, static_cast<uint32_t>(std::max(0, Fn.Parent))};
    const ir::Node &CalleeNode = Md.node(N.Operands[0]);
    Value Callee = CalleeNode.Kind == NodeKind::Attribute
                       ? attributeOf(Parent, N.Operands[0], eval(Parent, CalleeNode.Operands[0]))
                       : eval(Parent, N.Operands[0]);
    for (const Ref &R : Callee.Refs)
      if (R.kind() == RefKind::External || R.kind() == RefKind::ExternalInstance)
        if (auto It = M.RequestHandlers.find(nameOf(R));
            It != M.RequestHandlers.end() && It->second.empty())
          return true;
  }
  return false;
}

void Engine::parameter(const Ctx &C, FunctionState &S, size_t I) {
  uint32_t Mod = C.Mod;
  const ir::Module &Md = mod(Mod);
  const ir::Function &Fn = Md.Functions[C.Fn];
  const ir::Parameter &P = Fn.Params[I];
  uint32_t PS = S.ParamSlots[I];
  Value &Slot = Fixpoint.slot(PS).V;
  Fixpoint.wrote(PS);
  Fixpoint.read(S.ParamsSlot);
  Value Incoming;
  Incoming.Refs = S.ParamRefs[I];
  if (merge(Slot, Incoming))
    Fixpoint.touch(PS);
  if (!P.Annotation.empty())
    if (std::optional<Ref> R = requestType(C, P.Annotation)) {
      // `r *http.Request`, `request: Request`: the parameter holds the
      // request being served. A context that holds it (`c: Context`) is no
      // input itself: what is read from its request is.
      Value Typed;
      if (M.RequestObjects.count(nameOf(*R)))
        Typed = sourceValue(requestSource(Mod, P.Where, "'" + P.Name + "' (" + nameOf(*R) + ")"));
      Typed.Refs.insert(*R);
      if (merge(Slot, Typed))
        Fixpoint.touch(PS);
    }
  if (P.Default == NoNode && !(I == 0 && Fn.Class >= 0 && !Fn.IsStatic) &&
      requestHandler(Mod, Fn)) {
    // `@app.post("/x") def f(body)`: the framework passes the request's
    // content.
    uint32_t R =
        requestSource(Mod, P.Where, "'" + P.Name + "' of the handler '" + Fn.QualifiedName + "'");
    if (merge(Slot, sourceValue(R)))
      Fixpoint.touch(PS);
  }
  if (P.Default == NoNode)
    return;
  Value D = eval({Mod, static_cast<uint32_t>(std::max(0, Fn.Parent))}, P.Default);
  // `p = Depends(f)`: p is f's result.
  const ir::Node &DN = Md.node(P.Default);
  if (DN.Kind == NodeKind::Call && !DN.Args.empty()) {
    Value Inj = eval(C, DN.Operands[0]);
    bool Injects = false;
    for (const Ref &R : Inj.Refs)
      Injects |= R.kind() == RefKind::External && is(R.name(), DependencyInjector);
    if (Injects) {
      Value Target = eval(C, DN.Args.front().Value);
      for (const Ref &R : Target.Refs)
        if (R.kind() == RefKind::Function)
          unite(D, applyCall(C, P.Default, R.module(), R.function(), {}, nullptr));
        else if (R.kind() == RefKind::Class)
          D.Refs.insert(Ref::instance(R.module(), R.classIndex()));
    }
  }
  if (merge(Slot, withoutParams(D), [&](uint32_t Path) {
        return Paths.hop(Path, Mod, P.Where, Paths.msg({"default of parameter '", P.Name, "'"}));
      }))
    Fixpoint.touch(PS);
}

} // namespace teetidy::dataflow
