//===- Eval.cpp - Expressions, attributes, object entries and sources -----===//
#include "dataflow/EngineImpl.h"

#include "llvm/ADT/StringExtras.h"

#include <cctype>

namespace teetidy::dataflow {

/// The components of a dotted name.
static size_t components(const std::string &Name) {
  return static_cast<size_t>(std::count(Name.begin(), Name.end(), '.')) + 1;
}

Value Engine::eval(const Ctx &C, NodeId Id) {
  if (Id == NoNode)
    return {};
  EvalGuard Guard(*this);
  if (!Guard.ok())
    return {};
  const ir::Module &Md = mod(C.Mod);
  const ir::Node &N = Md.node(Id);
  switch (N.Kind) {
  case NodeKind::Literal:
    return {};
  case NodeKind::Name:
    return lookup(C, nodeName(C.Mod, Id), N.is(ir::Op::Receiver));
  case NodeKind::Function: {
    Value V;
    V.Refs.insert(Ref::function(C.Mod, N.Index));
    return V;
  }
  case NodeKind::Class: {
    Value V;
    V.Refs.insert(Ref::classRef(C.Mod, N.Index));
    return V;
  }
  case NodeKind::Attribute:
    return attribute(C, Id);
  case NodeKind::Subscript: {
    Value Obj = eval(C, N.Operands[0]);
    Value Key = eval(C, N.Operands[1]);
    bool ConstantKey = isStringLiteral(C.Mod, N.Operands[1]);
    for (const Ref &R : Obj.Refs)
      if ((R.kind() == RefKind::External || R.kind() == RefKind::ExternalInstance) &&
          (is(R.name(), SourceSubscript) || is(R.name(), SourceObject)) && ConstantKey) {
        Value V;
        uint32_t S =
            envSource(C.Mod, N.Where, nameOf(R), Md.node(N.Operands[1]).Text, ReadForm::Subscript);
        V.Facts.emplace(S, rootPath(S));
        return V;
      }
    // `environ[key]` in a function whose parameter `key` names the variable:
    // its callers that pass a literal name read that variable.
    if (!ConstantKey)
      for (const Ref &R : Obj.Refs)
        if ((R.kind() == RefKind::External || R.kind() == RefKind::ExternalInstance) &&
            (is(R.name(), SourceSubscript) || is(R.name(), SourceObject)))
          if (std::optional<uint32_t> P = parameterOf(C.Mod, Key, N.Operands[1])) {
            ParamRead Read;
            Read.Callee = nameOf(R);
            Read.NameParam = *P;
            Read.Form = ReadForm::Subscript;
            Value V;
            V.Facts.emplace(paramReadOrigin(std::move(Read)),
                            Paths.hop(NoPath, C.Mod, N.Where, ParamReadRoot, /*ParamRoot=*/true));
            return V;
          }
    Value V;
    V.Facts = Obj.Facts; // an element of a tainted container or string
    for (const Ref &R : Obj.Refs)
      if (R.kind() == RefKind::Object)
        unite(V, ConstantKey ? property(R, Md.node(N.Operands[1]).Text, C.Mod, N.Where)
                             : allProperties(R));
    return V;
  }
  case NodeKind::Call:
    return call(C, Id);
  case NodeKind::Container:
    if (isRecord(N)) {
      // Entries with constant keys are read through the reference;
      // the rest (spreads, computed keys) flow into the whole value.
      Value V;
      V.Refs.insert(Ref::object(C.Mod, Id, C.Fn));
      for (const ir::Argument &A : N.Args) {
        Value E = eval(C, A.Value);
        if (!A.Keyword.empty())
          continue;
        // A spread's own entries are read through property().
        for (const auto &F : E.Facts)
          V.Facts.insert(F);
        for (const Ref &R : E.Refs)
          if (R.kind() != RefKind::Object || !(A.Spread || A.KeywordSpread))
            V.Refs.insert(R);
      }
      return V;
    }
    [[fallthrough]];
  case NodeKind::StringBuild:
  case NodeKind::Choice:
  case NodeKind::PassThrough: {
    Value V;
    for (NodeId Op : N.Operands)
      unite(V, eval(C, Op));
    // `read("K") or "d"`, `ENV.K ?? "d"`: d is K's fallback (`??` only
    // when K is missing, not when it is empty).
    if (N.Kind == NodeKind::Choice && N.Operands.size() == 2 &&
        (N.is(ir::Op::Fallback) || N.is(ir::Op::NullishFallback) || N.is(ir::Op::Conditional)))
      recordFallback(V, C.Mod, N.Operands[1], !N.is(ir::Op::NullishFallback));
    for (const ir::Argument &A : N.Args)
      unite(V, eval(C, A.Value));
    if (N.Kind == NodeKind::StringBuild) {
      V.Refs.clear(); // a built string denotes nothing
      // `f"https://api.example/v1/{path}"`, `"/users/" + id`: what
      // follows a fixed origin or a path only picks a resource there.
      std::set<std::string> Visiting;
      if (!N.Operands.empty() && startsFixed(C, N.Operands[0], Visiting))
        V.Facts = SmallMap<uint32_t, uint32_t>();
    }
    return V;
  }
  case NodeKind::Unknown:
    // Operands are evaluated for the calls inside them; the result is a
    // number, a boolean or something else that carries no destination.
    for (NodeId Op : N.Operands)
      eval(C, Op);
    for (const ir::Argument &A : N.Args)
      eval(C, A.Value);
    return {};
  }
  return {};
}

bool Engine::fixesDestination(llvm::StringRef Prefix) {
  if (Prefix.size() >= 2 && Prefix[0] == '/')
    return Prefix[1] != '/' && Prefix[1] != '\\';
  size_t Scheme = Prefix.find("://");
  if (Scheme == llvm::StringRef::npos || Scheme == 0 ||
      !std::isalpha(static_cast<unsigned char>(Prefix[0])))
    return false;
  for (char Ch : Prefix.take_front(Scheme))
    if (!std::isalnum(static_cast<unsigned char>(Ch)) && Ch != '+' && Ch != '.' && Ch != '-')
      return false;
  llvm::StringRef Rest = Prefix.drop_front(Scheme + 3);
  size_t End = Rest.find_first_of("/?#");
  return End != llvm::StringRef::npos && End > 0;
}

bool Engine::startsFixed(const Ctx &C, NodeId N, std::set<std::string> &Visiting, unsigned Depth) {
  if (N == NoNode || Depth > 8)
    return false;
  const ir::Node &X = mod(C.Mod).node(N);
  switch (X.Kind) {
  case NodeKind::Literal:
    return X.isString() && fixesDestination(X.Text);
  case NodeKind::StringBuild:
  case NodeKind::PassThrough:
    return !X.Operands.empty() && startsFixed(C, X.Operands[0], Visiting, Depth + 1);
  case NodeKind::Name: {
    if (!Visiting.insert(X.Text).second)
      return true; // `url = url + x`: decided by the other assignments
    const ir::Function &F = fn(C.Mod, C.Fn);
    if (llvm::any_of(F.Params, [&](const ir::Parameter &P) { return P.Name == X.Text; }))
      return false;
    bool Any = false;
    for (const ir::Assignment &A : F.Assignments) {
      if (A.Lhs.K != ir::Target::Name || A.Lhs.Text != X.Text)
        continue;
      if (A.Iteration || !startsFixed(C, A.Value, Visiting, Depth + 1))
        return false;
      Any = true;
    }
    return Any;
  }
  default:
    return false;
  }
}

bool Engine::isRecord(const ir::Node &N) {
  if (!N.is(ir::Op::Mapping) && !N.is(ir::Op::Object))
    return false;
  for (const ir::Argument &A : N.Args)
    if (!A.Keyword.empty())
      return true;
  return false;
}

Value Engine::property(const Ref &R, const std::string &Key, uint32_t AtMod, ir::Range Where) {
  Value V;
  merge(V, entryValue(R, intern(Key)), [&](uint32_t P) {
    return Paths.hop(P, AtMod, Where, Paths.msg({"read from key '", Key, "'"}));
  });
  return V;
}

Value Engine::entryValue(const Ref &R, uint32_t Key) {
  EntryKey K{R.module(), R.node(), R.scope(), Key};
  auto [It, New] = Entries.try_emplace(K);
  if (!New && It->second.Epoch == ~0u)
    return It->second.V; // being computed (a cycle)
  if (!New && It->second.Epoch == Fixpoint.epoch()) {
    for (uint32_t S : It->second.Deps)
      Fixpoint.read(S);
    return It->second.V;
  }
  It->second.Epoch = ~0u;
  Fixpoint.beginCapture();
  const ir::Node &N = mod(R.module()).node(R.node());
  const std::string &Name = NameTable[Key];
  Ctx Owner{R.module(), R.scope()};
  Value V;
  for (auto A = N.Args.rbegin(); A != N.Args.rend(); ++A) {
    if (Key == 0 && !A->Spread && !A->KeywordSpread) {
      unite(V, evalNoSideEffects(Owner, A->Value));
      continue;
    }
    if (A->Keyword == Name) {
      unite(V, evalNoSideEffects(Owner, A->Value));
      break;
    }
    if (A->Spread || A->KeywordSpread) {
      Value E = evalNoSideEffects(Owner, A->Value);
      for (const Ref &Inner : E.Refs)
        if (Inner.kind() == RefKind::Object)
          unite(V, entryValue(Inner, Key));
      for (const auto &F : E.Facts)
        V.Facts.insert(F);
    }
  }
  std::vector<uint32_t> Deps = Fixpoint.endCapture();
  Entries[K] = {Fixpoint.epoch(), V, std::move(Deps)}; // rehashing may have moved It
  return V;
}

void Engine::recordKeys(const Ref &R, std::set<std::string> &Keys, unsigned Depth) {
  if (Depth == 0)
    KeysSeen.clear();
  if (!KeysSeen.insert({R.module(), R.node(), R.scope(), 0}).second)
    return;
  for (const ir::Argument &A : mod(R.module()).node(R.node()).Args) {
    if (!A.Keyword.empty())
      Keys.insert(A.Keyword);
    else if ((A.Spread || A.KeywordSpread) && Depth < 8)
      for (const Ref &Inner : evalNoSideEffects({R.module(), R.scope()}, A.Value).Refs)
        if (Inner.kind() == RefKind::Object)
          recordKeys(Inner, Keys, Depth + 1);
  }
}

uint32_t Engine::newRootPath(uint32_t Source) {
  const SourceInfo &S = Out.Sources[Source];
  uint32_t P = Paths.hop(NoPath, S.Module, S.Where, Paths.msg({"value read from ", S.Description}));
  if (SourceRoots.size() <= Source)
    SourceRoots.resize(Source + 1, NoPath);
  SourceRoots[Source] = P;
  return P;
}

uint32_t Engine::sourceAt(uint32_t Mod, ir::Range Where, std::string Tag,
                          llvm::function_ref<void(SourceInfo &)> Fill) {
  auto Key = std::make_tuple(Mod, Where.Begin, std::move(Tag));
  if (auto It = SourceIndex.find(Key); It != SourceIndex.end()) {
    noteCreator(It->second);
    return It->second;
  }
  SourceInfo S;
  S.Module = Mod;
  S.Where = Where;
  Fill(S);
  Out.Sources.push_back(std::move(S));
  uint32_t Index = static_cast<uint32_t>(Out.Sources.size() - 1);
  SourceIndex.emplace(std::move(Key), Index);
  noteCreator(Index);
  return Index;
}

uint32_t Engine::envSource(uint32_t Mod, ir::Range Where, const std::string &CalleeName,
                           const std::string &Variable, ReadForm Form,
                           std::optional<Fallback> Default) {
  return sourceAt(Mod, Where, Variable, [&](SourceInfo &S) {
    S.Variables.push_back(Variable);
    S.Default = std::move(Default);
    std::string Callee = sourceSpelling(CalleeName);
    switch (Form) {
    case ReadForm::Call:
      S.Description = Callee + "('" + Variable + "')";
      break;
    case ReadForm::Subscript:
      S.Description = Callee + "['" + Variable + "']";
      break;
    case ReadForm::Attribute:
      S.Description = Callee + "." + Variable;
      break;
    case ReadForm::Destructuring:
      S.Description = "'" + Variable + "' destructured from " + Callee;
      break;
    }
  });
}

uint32_t Engine::fetchSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                             SourceInfo::Kind K) {
  // Tags of sources that are no variable start with a byte no name has.
  return sourceAt(Mod, Where, std::string(1, '\0') + std::to_string(K), [&](SourceInfo &S) {
    S.K = K;
    S.Description = "what " + display(Callee, "") +
                    (K == SourceInfo::Written ? " writes to the file" : " downloads");
  });
}

uint32_t Engine::implicitSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                                const SinkModel &Model) {
  return sourceAt(Mod, Where, std::string("\0implicit", 9), [&](SourceInfo &S) {
    S.Variables = Model.ImplicitVariables;
    if (!Model.ImplicitDefault.empty())
      S.Default = Fallback{Fallback::String, Model.ImplicitDefault, {}, Mod};
    S.Description = llvm::join(Model.ImplicitVariables, " or ") + ", which " + display(Callee, "") +
                    " reads itself when given no " + sinkKindName(Model.Kind);
  });
}

bool Engine::givesDestination(uint32_t Mod, const ArgList &Args, const SinkModel &Model) {
  for (const Arg &A : Args)
    if (A.Spread || A.KeywordSpread)
      return true;
  for (const ArgumentSpec &Spec : Model.Destinations) {
    const Arg *A = argumentFor(Args, Spec);
    if (!A)
      continue;
    if (Spec.Field.empty())
      return true;
    const ir::Node &N = mod(Mod).node(A->Node);
    if (N.Kind != NodeKind::Container)
      return true; // options built elsewhere: not known
    llvm::StringRef Field = llvm::StringRef(Spec.Field).split('.').first;
    for (const ir::Argument &E : N.Args)
      if (E.Spread || E.KeywordSpread || E.Keyword == Field)
        return true;
  }
  return false;
}

uint32_t Engine::requestSource(uint32_t Mod, ir::Range Where, const std::string &Name) {
  return sourceAt(Mod, Where, std::string(1, '\0') + std::to_string(SourceInfo::Request),
                  [&](SourceInfo &S) {
                    S.K = SourceInfo::Request;
                    S.What = "request input";
                    S.Description = "request input " + Name;
                  });
}

uint32_t Engine::producedSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                                const std::string &What) {
  return sourceAt(Mod, Where, std::string(1, '\0') + std::to_string(SourceInfo::Produced),
                  [&](SourceInfo &S) {
                    S.K = SourceInfo::Produced;
                    S.What = What;
                    S.Description = "the " + What + " of " + display(Callee, "");
                  });
}

uint32_t Engine::literalSource(uint32_t Mod, ir::Range Where) {
  return sourceAt(Mod, Where, std::string(1, '\0') + std::to_string(SourceInfo::Literal),
                  [&](SourceInfo &S) {
                    S.K = SourceInfo::Literal;
                    S.Description = "the literal written here";
                  });
}

Value Engine::fetchedContent(const Value &Obj) {
  Value V;
  for (const auto &F : Obj.Facts)
    if (F.first >= ParamBase || Out.Sources[F.first].K == SourceInfo::Fetched ||
        Out.Sources[F.first].K == SourceInfo::Written)
      V.Facts.insert(F);
  return V;
}

void Engine::recordFallback(const Value &V, uint32_t Mod, NodeId D, bool WhenEmpty) {
  if (D == NoNode || mod(Mod).node(D).Kind != NodeKind::Literal)
    return;
  for (const auto &[Origin, Path] : V.Facts) {
    if (Origin >= ParamBase)
      continue;
    SourceInfo &S = Out.Sources[Origin];
    if (S.K != SourceInfo::Environment)
      continue;
    if (Tracking)
      noteBy(sourceTrack(Origin).FallbackTries);
    if (S.Default)
      continue;
    if (Tracking)
      sourceTrack(Origin).FallbackBy = Fixpoint.current();
    S.Default = fallbackAt(Mod, D);
    S.Default->WhenEmpty = WhenEmpty;
  }
}

Value Engine::configField(const Ref &R, const std::string &Name) {
  auto ModelIt = M.Schemas.find(nameOf(R));
  if (ModelIt == M.Schemas.end())
    return {};
  const SchemaModel &Model = ModelIt->second;
  if (Model.Result.count(Name)) // `schema.safeParse(env).data`
    return refValue(R.as(RefKind::Config));
  uint32_t Mod = R.module();
  const ir::Module &Md = mod(Mod);
  const ir::Node &Obj = Md.node(R.node());
  const ir::Argument *Entry = nullptr;
  for (const ir::Argument &A : Obj.Args)
    if (A.Keyword == Name)
      Entry = &A;
  if (!Entry)
    return {};
  uint32_t Index = sourceAt(Mod, Md.node(Entry->Value).Where, Name, [&](SourceInfo &S) {
    S.Variables.push_back(Name);
    S.Description = "key '" + Name + "' of the " + nameOf(R) + " schema";
    if (NodeId D = schemaDefault(Mod, Entry->Value, Model); D != NoNode)
      S.Default = fallbackAt(Mod, D);
  });
  return sourceValue(Index);
}

ir::NodeId Engine::schemaDefault(uint32_t Mod, NodeId Validator, const SchemaModel &Model) {
  const ir::Module &Md = mod(Mod);
  for (NodeId N = Validator; N != NoNode;) {
    const ir::Node &X = Md.node(N);
    if (X.Kind != NodeKind::Call)
      return NoNode;
    const ir::Node &Callee = Md.node(X.Operands[0]);
    if (!Model.DefaultMethod.empty() && Callee.Kind == NodeKind::Attribute &&
        Callee.Text == Model.DefaultMethod && !X.Args.empty())
      return X.Args.front().Value;
    if (!Model.DefaultKeyword.empty())
      for (const ir::Argument &A : X.Args)
        if (A.Value != NoNode && Md.node(A.Value).Kind == NodeKind::Container)
          for (const ir::Argument &O : Md.node(A.Value).Args)
            if (O.Keyword == Model.DefaultKeyword)
              return O.Value;
    N = Callee.Kind == NodeKind::Attribute ? Callee.Operands[0] : NoNode;
  }
  return NoNode;
}

Value Engine::attribute(const Ctx &C, NodeId Id) {
  return attributeOf(C, Id, eval(C, mod(C.Mod).node(Id).Operands[0]));
}

Value Engine::attributeOf(const Ctx &C, NodeId Id, const Value &Obj) {
  const ir::Node &N = mod(C.Mod).node(Id);
  return attributeNamed(C, N.Text, nodeName(C.Mod, Id), N.Where, Obj, ReadForm::Attribute, Id);
}

Value Engine::attributeNamed(const Ctx &C, const std::string &Name, uint32_t NameId,
                             ir::Range Where, const Value &Obj, ReadForm Form, NodeId At) {
  Value V;
  for (const Ref &R : Obj.Refs) {
    // `web.request.args`: request input, and an object to read further.
    if ((R.kind() == RefKind::External || R.kind() == RefKind::ExternalInstance) &&
        is(R.name(), RequestName)) {
      std::string Full = nameOf(R) + "." + Name;
      unite(V, sourceValue(requestSource(C.Mod, Where, Full)));
      if (components(Full) < MaxNameComponents)
        V.Refs.insert(Ref::externalInstance(intern(Full)));
      continue;
    }
    switch (R.kind()) {
    case RefKind::Module: {
      if (auto E = exported(R.module(), NameId))
        unite(V, *E);
      else if (!ModuleName[R.module()].empty())
        unite(V, keptModuleValue(
                     ModuleAttributes, (static_cast<uint64_t>(R.module()) << 32) | NameId,
                     [&] { return ModuleName[R.module()] + "." + Name; }, C.Mod));
      break;
    }
    case RefKind::External:
      if (is(R.name(), SourceObject)) { // `ENV.X`
        unite(V, sourceValue(envSource(C.Mod, Where, nameOf(R), Name, Form)));
        break;
      }
      if (is(R.name(), GlobalObject)) { // `G.send` is `send`
        if (live(NameId))
          V.Refs.insert(Ref::external(NameId));
        break;
      }
      if (Name == ir::DefaultExport) { // a package's default export is the package
        V.Refs.insert(R);
        break;
      }
      if (components(nameOf(R)) < MaxNameComponents) {
        // `a.b` of an external `a`: the same for every reader (modules
        // are matched by name, so the importer does not matter here
        // unless several files answer to the name).
        uint64_t Key = (static_cast<uint64_t>(R.name()) << 32) | NameId;
        unite(V, keptModuleValue(
                     ExternalAttributes, Key, [&] { return nameOf(R) + "." + Name; }, C.Mod));
      }
      break;
    case RefKind::ExternalInstance:
      if (is(R.name(), SourceObject)) { // `parse(text).X`
        unite(V, sourceValue(envSource(C.Mod, Where, nameOf(R), Name, Form)));
        break;
      }
      if (components(nameOf(R)) < MaxNameComponents) {
        uint64_t Key = (static_cast<uint64_t>(R.name()) << 32) | NameId;
        auto It = InstanceAttributes.find(Key);
        if (It == InstanceAttributes.end())
          It = InstanceAttributes.try_emplace(Key, intern(nameOf(R) + "." + Name)).first;
        if (live(It->second))
          V.Refs.insert(Ref::externalInstance(It->second));
      }
      break;
    case RefKind::Instance:
    case RefKind::Class: {
      uint32_t Mod = R.module(), Class = R.classIndex();
      uint32_t FS = fieldSlot(Mod, Class, NameId);
      Fixpoint.read(FS);
      unite(V, Fixpoint.slot(FS).V);
      if (auto Method = methodOf(Mod, Class, NameId)) {
        if (R.kind() == RefKind::Instance && At != NoNode &&
            fn(Method->first, Method->second).IsGetter) {
          Value Self = refValue(R);
          unite(V, applyCall(C, At, Method->first, Method->second, {}, &Self));
          break;
        }
        // A bound method remembers the instance's class for `self`.
        if (R.kind() == RefKind::Instance && !fn(Method->first, Method->second).IsStatic)
          V.Refs.insert(Ref::boundMethod(Method->first, Method->second, Mod, Class));
        else
          V.Refs.insert(Ref::function(Method->first, Method->second));
        break;
      }
      if (R.kind() == RefKind::Instance && isSettings(Mod, Class)) {
        if (auto F = settingsField(Mod, Class, Name)) {
          uint32_t S = settingsSource(Mod, Class, Name, *F);
          if (!V.Facts.count(S))
            V.Facts.emplace(
                S, Paths.hop(rootPath(S), C.Mod, Where, "settings field read as '" + Name + "'"));
          // A computed default stands in when the variable is not set: what
          // it reads flows too.
          if (F->ComputedDefault != NoNode)
            for (const auto &[DS, DP] :
                 evalNoSideEffects({F->Module, F->Body}, F->ComputedDefault).Facts)
              if (!V.Facts.count(DS))
                V.Facts.emplace(
                    DS, Paths.hop(DP, C.Mod, Where, "default of settings field '" + Name + "'"));
          break;
        }
      }
      // `Settings.parse()`: a framework's constructor of a settings class,
      // which the class does not define, makes an instance (calling the
      // class does).
      if (R.kind() == RefKind::Class && M.Settings.Constructors.count(Name) &&
          isSettings(Mod, Class)) {
        V.Refs.insert(R);
        break;
      }
      // A class attribute (default of a field, constant).
      const ir::ClassDef &K = mod(Mod).Classes[Class];
      if (auto BS = local(Mod, K.Body, NameId)) {
        Fixpoint.read(*BS);
        unite(V, Fixpoint.slot(*BS).V);
      }
      break;
    }
    case RefKind::Object:
      if (mod(R.module()).node(R.node()).is(ir::Op::Object) || Form == ReadForm::Destructuring) {
        Value P = property(R, Name, C.Mod, Where);
        // `get url() {...}` of an object literal runs when read.
        auto IsGetter = [&](const Ref &G) {
          return G.kind() == RefKind::Function && fn(G.module(), G.function()).IsGetter;
        };
        if (At == NoNode || std::none_of(P.Refs.begin(), P.Refs.end(), IsGetter)) {
          unite(V, P);
          break;
        }
        Value Plain;
        Plain.Facts = std::move(P.Facts);
        for (const Ref &G : P.Refs)
          if (IsGetter(G))
            unite(V, applyCall(C, At, G.module(), G.function(), {}, nullptr));
          else
            Plain.Refs.insert(G);
        unite(V, Plain);
      }
      break;
    case RefKind::Schema: {
      // `schema.parse` is the parser; other methods (`.strict()`)
      // return the schema.
      auto It = M.Schemas.find(nameOf(R));
      bool Parses = It != M.Schemas.end() && It->second.Parse.count(Name);
      V.Refs.insert(R.as(Parses ? RefKind::SchemaParser : RefKind::Schema));
      break;
    }
    case RefKind::Config:
      unite(V, configField(R, Name));
      break;
    case RefKind::SchemaParser:
      break;
    case RefKind::Function:
    case RefKind::BoundMethod:
      break;
    }
  }
  // A parsed URL's parts, a string's attributes: the value's facts stay.
  if (is(NameId, StringAttribute))
    for (const auto &F : Obj.Facts)
      V.Facts.insert(F);
  else {
    if (is(NameId, FetchedContent)) // `response.text`
      unite(V, fetchedContent(Obj));
    keepUserData(V, Obj); // `completion.choices`, `body.messages`
  }
  return V;
}

} // namespace teetidy::dataflow
