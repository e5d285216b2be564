//===- Calls.cpp - Calls, summaries, external calls and sinks -------------===//
#include "dataflow/EngineImpl.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cctype>

namespace teetidy::dataflow {

Engine::ArgList Engine::arguments(const Ctx &C, const ir::Node &N) {
  ArgList Args;
  Args.reserve(N.Args.size());
  for (const ir::Argument &A : N.Args) {
    Value V = eval(C, A.Value);
    bool Expanded = false;
    if (A.KeywordSpread && !V.Refs.empty()) {
      Expanded = true;
      for (const Ref &R : V.Refs)
        Expanded &= R.kind() == RefKind::Object;
      if (Expanded)
        for (const Ref &R : V.Refs) {
          std::set<std::string> Keys;
          recordKeys(R, Keys);
          for (const std::string &K : Keys)
            Args.push_back({NameTable[intern(K)],
                            property(R, K, C.Mod, mod(C.Mod).node(A.Value).Where), A.Value, false,
                            false});
        }
    }
    if (!Expanded)
      Args.push_back({A.Keyword, std::move(V), A.Value, A.Spread, A.KeywordSpread});
  }
  return Args;
}

std::optional<Value> Engine::superCall(const Ctx &C, NodeId Id) {
  const ir::Module &Md = mod(C.Mod);
  const ir::Node &N = Md.node(Id);
  const ir::Node &Callee = Md.node(N.Operands[0]);
  // A call of the base class (ir::Op::Super) runs its constructor; a method
  // read from it, its method m.
  std::string Method;
  if (Callee.is(ir::Op::Super)) {
    Method = "";
  } else if (Callee.Kind == NodeKind::Attribute && Md.node(Callee.Operands[0]).is(ir::Op::Super)) {
    Method = Callee.Text;
  } else {
    return std::nullopt;
  }
  // The method `super` belongs to: the nearest enclosing function of a
  // class (arrow functions and nested functions have none).
  uint32_t F = C.Fn;
  while (fn(C.Mod, F).Class < 0 && fn(C.Mod, F).Parent > 0)
    F = static_cast<uint32_t>(fn(C.Mod, F).Parent);
  ArgList Args = arguments(C, N);
  const ir::Function &Own = fn(C.Mod, F);
  if (Own.Class < 0 || Own.IsStatic || Own.Params.empty())
    return Value();
  std::optional<std::pair<uint32_t, uint32_t>> Target;
  for (const Ref &B : baseRefs(C.Mod, static_cast<uint32_t>(Own.Class)))
    if (B.kind() == RefKind::Class) {
      Target = Method.empty() ? constructorOf(B.module(), B.classIndex())
                              : methodOf(B.module(), B.classIndex(), intern(Method));
      break;
    }
  if (!Target)
    return Value();
  Value Self;
  Self.Refs = lookup({C.Mod, F}, Own.Params[0].Name).Refs;
  return applyCall(C, Id, Target->first, Target->second, Args, &Self);
}

Value Engine::call(const Ctx &C, NodeId Id) {
  if (auto Super = superCall(C, Id))
    return std::move(*Super);
  const ir::Module &Md = mod(C.Mod);
  const ir::Node &N = Md.node(Id);
  // A method call evaluates its receiver once (chains such as
  // `s.strip().lower()` would otherwise be evaluated exponentially often).
  const ir::Node &CalleeNode = Md.node(N.Operands[0]);
  bool IsMethod = CalleeNode.Kind == NodeKind::Attribute;
  uint32_t MethodName = IsMethod ? nodeName(C.Mod, N.Operands[0]) : 0;
  Value Receiver = IsMethod ? eval(C, CalleeNode.Operands[0]) : Value();
  Value Callee = IsMethod ? attributeOf(C, N.Operands[0], Receiver) : eval(C, N.Operands[0]);
  ArgList Args = arguments(C, N);
  Value Result;
  for (const Ref &R : Callee.Refs)
    unite(Result, callRef(C, Id, R, Args));
  if (IsMethod)
    keepUserData(Result, Receiver); // `body.model_dump()`, `text.strip()`
  // A call nothing models that is given a function literal may call it with
  // its other arguments (`retry(u, (x) => send(x))`): conservatively, each
  // parameter of the literal receives what they carry. A modelled call
  // invokes only what its model says.
  auto IsLiteral = [&](const Arg &A) {
    return A.Node != NoNode && Md.node(A.Node).Kind == NodeKind::Function;
  };
  if (SideEffects && std::any_of(Args.begin(), Args.end(), IsLiteral) &&
      !(IsMethod && (is(MethodName, CallbackMethod) || is(MethodName, StringMethod) ||
                     is(MethodName, MappingGetMethod))) &&
      unmodelledCallee(Callee)) {
    Value Others;
    for (const Arg &A : Args)
      if (!IsLiteral(A))
        for (const auto &F : A.V.Facts)
          Others.Facts.insert(F);
    if (!Others.Facts.empty())
      for (const Arg &A : Args)
        if (IsLiteral(A))
          for (const Ref &R : A.V.Refs)
            if (R.kind() == RefKind::Function) {
              ArgList Passed;
              for (size_t I = 0; I < fn(R.module(), R.function()).Params.size(); ++I)
                Passed.push_back({"", Others, A.Node});
              callRef(C, Id, R, Passed);
            }
  }
  // `p.each(u => send(u))`, `urls.each(send)` with `each` a callback
  // method: the callback receives what the receiver holds.
  if (IsMethod && is(MethodName, CallbackMethod) && !Receiver.Facts.empty())
    for (const Arg &A : Args)
      for (const Ref &R : A.V.Refs)
        if (R.kind() == RefKind::Function || R.kind() == RefKind::BoundMethod) {
          Value Elements;
          Elements.Facts = Receiver.Facts;
          ArgList Passed{{"", std::move(Elements), CalleeNode.Operands[0]}};
          unite(Result, callRef(C, Id, R, Passed));
        }
  // `d.get("k")` / `d.get("k", fallback)` of a dict literal.
  if (IsMethod && is(MethodName, MappingGetMethod) && !Args.empty() && Args[0].Keyword.empty() &&
      isStringLiteral(C.Mod, Args[0].Node))
    for (const Ref &R : Receiver.Refs)
      if (R.kind() == RefKind::Object) {
        unite(Result, property(R, Md.node(Args[0].Node).Text, C.Mod, N.Where));
        if (Args.size() > 1)
          unite(Result, Args[1].V);
      }
  // `load()?.unwrap()`: the receiver itself.
  if (IsMethod && is(MethodName, UnwrapMethod))
    unite(Result, Receiver);
  // `response.json()`, `res.text()`: the downloaded content.
  if (IsMethod && is(MethodName, FetchedContent))
    unite(Result, fetchedContent(Receiver));
  // String methods keep the receiver's and the arguments' facts (but
  // `"https://api.example/{}".format(path)` has a fixed destination).
  bool FixedTemplate = IsMethod && is(MethodName, TemplateMethod) &&
                       isStringLiteral(C.Mod, CalleeNode.Operands[0]) &&
                       fixesDestination(Md.node(CalleeNode.Operands[0]).Text);
  if (IsMethod && is(MethodName, StringMethod) && !FixedTemplate) {
    for (const auto &F : Receiver.Facts)
      Result.Facts.insert(F);
    for (const Arg &A : Args)
      for (const auto &F : A.V.Facts)
        Result.Facts.insert(F);
  }
  return Result;
}

bool Engine::unmodelledCallee(const Value &Callee) {
  for (const Ref &R : Callee.Refs) {
    if (R.kind() != RefKind::External && R.kind() != RefKind::ExternalInstance)
      return false; // code of the program: its summary decides
    const std::string &Name = nameOf(R);
    if (M.Sinks.count(Name) || M.Propagators.count(Name) || M.SourceCalls.count(Name) ||
        M.Schemas.count(Name) || M.Fetches.count(Name) || M.Writers.count(Name) ||
        M.DependencyInjectors.count(Name))
      return false;
  }
  return true;
}

Value Engine::callRef(const Ctx &C, NodeId Id, const Ref &R, const ArgList &Args) {
  switch (R.kind()) {
  case RefKind::Function:
    return applyCall(C, Id, R.module(), R.function(), Args, nullptr);
  case RefKind::BoundMethod: {
    Value Self = refValue(Ref::instance(R.instanceModule(), R.instanceClass()));
    return applyCall(C, Id, R.module(), R.function(), Args, &Self);
  }
  case RefKind::Class: {
    Value Self = refValue(Ref::instance(R.module(), R.classIndex()));
    if (auto Init = constructorOf(R.module(), R.classIndex()))
      applyCall(C, Id, Init->first, Init->second, Args, &Self);
    return Self;
  }
  case RefKind::External:
  case RefKind::ExternalInstance:
    return externalCall(C, Id, nameOf(R), Args);
  case RefKind::Module: {
    // A module called as a function: its default export is called.
    Value Result;
    if (const Value *D = globalOf(R.module(), intern(ir::DefaultExport)))
      for (const Ref &X : Value(*D).Refs)
        if (X.kind() != RefKind::Module)
          unite(Result, callRef(C, Id, X, Args));
    return Result;
  }
  case RefKind::SchemaParser:
    return refValue(R.as(RefKind::Config));
  case RefKind::Schema: // a schema method such as `.strict()`
    return refValue(R);
  case RefKind::Instance:
  case RefKind::Object:
  case RefKind::Config:
    return {};
  }
  return {};
}

bool Engine::selects(uint32_t Mod, const ArgList &Args, const ArgumentSpec &S) {
  if (!S.SelectorPosition)
    return true;
  ArgumentSpec At;
  At.Position = S.SelectorPosition;
  const Arg *A = argumentFor(Args, At);
  if (!A || A->Node == NoNode)
    return false;
  const ir::Node &N = mod(Mod).node(A->Node);
  return (N.Kind == NodeKind::Name || N.Kind == NodeKind::Attribute) &&
         S.SelectorNames.count(N.Text) > 0;
}

namespace {
/// A callee named by import path (`example.org/acme/web.Get`,
/// `example.org/acme/go-store/v9.Options`) as the code spells it: the
/// package's name and the member (`web.Get`, `store.Options`).
std::optional<std::string> packageSpelling(llvm::StringRef Callee) {
  size_t Slash = Callee.rfind('/');
  if (Slash == llvm::StringRef::npos)
    return Callee.str(); // a package at the top (`os.Getenv`) reads as named
  size_t Dot = Callee.find('.', Slash);
  // A last element with a `.go` suffix (`example.org/acme/web.go`).
  if (Dot != llvm::StringRef::npos && Callee.substr(Dot).startswith(".go."))
    Dot = Callee.find('.', Dot + 1);
  if (Dot == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Path = Callee.take_front(Dot), Member = Callee.drop_front(Dot + 1);
  auto [Rest, Last] = Path.rsplit('/');
  // `.../v9`: the package is named by the element before the version.
  if (Last.size() > 1 && Last[0] == 'v' && llvm::all_of(Last.drop_front(), llvm::isDigit))
    Last = Rest.rsplit('/').second;
  Last.consume_front("go-");
  Last.consume_back("-go");
  Last.consume_back(".go");
  return Last.str() + "." + Member.str();
}
} // namespace

/// \p Callee with `::` between its components.
static std::string scopedSpelling(llvm::StringRef Callee) {
  std::string Out;
  for (char C : Callee)
    Out += C == '.' ? std::string("::") : std::string(1, C);
  return Out;
}

std::string Engine::sourceSpelling(const std::string &Callee) const {
  // A source is a path (`std::env::var`) where a sink starts at its type.
  if (M.CalleeSpelling == Models::Spelling::Scoped ||
      M.CalleeSpelling == Models::Spelling::FromType)
    return scopedSpelling(Callee);
  if (M.CalleeSpelling == Models::Spelling::PackageName)
    if (std::optional<std::string> Package = packageSpelling(Callee))
      return *Package;
  return Callee;
}

std::string Engine::display(const std::string &Callee, const std::string &Label) const {
  if (M.CalleeSpelling == Models::Spelling::Scoped)
    return scopedSpelling(Callee) + "(...)";
  if (M.CalleeSpelling == Models::Spelling::FromType) {
    // Modules are lower-case: the spelling starts at the first type.
    llvm::StringRef C(Callee);
    for (size_t Dot = C.find('.'); Dot != llvm::StringRef::npos; Dot = C.find('.', Dot + 1))
      if (Dot + 1 < C.size() && std::isupper(static_cast<unsigned char>(C[Dot + 1]))) {
        std::string Shown = C.drop_front(Dot + 1).str();
        return Label.empty() ? Shown + "(...)" : Shown + "(" + Label + "=...)";
      }
  }
  if (M.CalleeSpelling == Models::Spelling::PackageName)
    if (std::optional<std::string> Package = packageSpelling(Callee)) {
      // A named argument of a package's callee is a field of a struct
      // literal (`redis.Options{Addr: ...}`).
      if (!Label.empty() && Label[0] == '{')
        return *Package + "({ " + Label.substr(1) + ": ... })";
      return Label.empty() ? *Package + "(...)" : *Package + "{" + Label + ": ...}";
    }
  std::string Shown = Callee;
  // `import { ethers } from "ethers"` reads as ethers.ethers.X.
  if (size_t Dot = Shown.find('.');
      Dot != std::string::npos && Shown.compare(Dot + 1, Dot + 1, Shown, 0, Dot + 1) == 0)
    Shown.erase(0, Dot + 1);
  size_t Dot = Callee.find('.');
  if (Dot != std::string::npos && Dot + 1 < Callee.size() &&
      std::isupper(static_cast<unsigned char>(Callee[Dot + 1])))
    Shown = Callee.substr(Dot + 1);
  if (!Label.empty() && Label[0] == '{') // a field of an options object
    return Shown + "({ " + Label.substr(1) + ": ... })";
  return Label.empty() ? Shown + "(...)" : Shown + "(" + Label + "=...)";
}

ir::NodeId Engine::fieldNode(uint32_t Mod, const Value &V, const std::string &Path) {
  auto [Part, Rest] = llvm::StringRef(Path).split('.');
  for (const Ref &R : V.Refs) {
    if (R.kind() != RefKind::Object || R.module() != Mod)
      continue;
    const ir::Node &N = mod(Mod).node(R.node());
    for (auto A = N.Args.rbegin(); A != N.Args.rend(); ++A)
      if (A->Keyword == Part) {
        if (Rest.empty())
          return A->Value;
        NodeId Inner =
            fieldNode(Mod, evalNoSideEffects({R.module(), R.scope()}, A->Value), Rest.str());
        return Inner != NoNode ? Inner : A->Value;
      }
  }
  return NoNode;
}

Value Engine::fieldValue(const Value &V, const std::string &Path, uint32_t AtMod, ir::Range Where) {
  Value Cur = V;
  for (llvm::StringRef Rest = Path; !Rest.empty();) {
    auto [Part, Tail] = Rest.split('.');
    Value Next;
    for (const Ref &R : Cur.Refs)
      if (R.kind() == RefKind::Object)
        unite(Next, property(R, Part.str(), AtMod, Where));
    Cur = std::move(Next);
    Rest = Tail;
  }
  return Cur;
}

uint32_t Engine::paramReadOrigin(ParamRead R) {
  const Fallback *D = R.Default ? &*R.Default : nullptr;
  auto Key =
      std::make_tuple(R.Callee, int(R.Form), R.NameParam, R.DefaultParam, D ? int(D->K) : -1,
                      D ? D->Text : std::string(), D ? D->Module : 0u, D ? D->Where.Begin : 0u);
  auto [It, New] =
      ParamReadIndex.try_emplace(std::move(Key), static_cast<uint32_t>(ParamReads.size()));
  if (New)
    ParamReads.push_back(std::move(R));
  return ParamReadBase + It->second;
}

void Engine::paramReadDefault(ParamRead &R, uint32_t Mod, const Value &V, NodeId N) {
  if (std::optional<uint32_t> P = parameterOf(Mod, V, N))
    R.DefaultParam = static_cast<int>(*P);
  else
    R.Default = fallbackAt(Mod, N);
}

uint32_t Engine::outerParamOrigin(uint32_t G, uint32_t I) {
  auto [It, New] = OuterParamIndex.try_emplace({G, I}, static_cast<uint32_t>(OuterParams.size()));
  if (New)
    OuterParams.emplace_back(G, I);
  return OuterParamBase + It->second;
}

uint32_t Engine::ownOrigin(uint32_t Mod, uint32_t F, uint32_t Origin) {
  if (!isOuterParam(Origin))
    return Origin;
  auto [G, I] = OuterParams[Origin - OuterParamBase];
  return G == FnBase[Mod] + F ? ParamBase + I : Origin;
}

std::optional<uint32_t> Engine::parameterOf(uint32_t Mod, const Value &V, NodeId N) {
  if (N == NoNode || mod(Mod).node(N).Kind != NodeKind::Name)
    return std::nullopt;
  std::optional<uint32_t> Param;
  for (const auto &F : V.Facts) {
    if (F.first < ParamBase || F.first >= OuterParamBase || Param)
      return std::nullopt;
    Param = F.first - ParamBase;
  }
  return Param;
}

Value Engine::externalCall(const Ctx &C, NodeId Id, const std::string &Name, const ArgList &Args) {
  const ir::Module &Md = mod(C.Mod);
  Value Result;
  if (auto It = M.SourceCalls.find(Name); It != M.SourceCalls.end()) {
    if (It->second.WholeEnvironment) {
      uint32_t S = sourceAt(C.Mod, Md.node(Id).Where, std::string("\0environment", 12),
                            [&](SourceInfo &Info) {
                              Info.AnyVariable = true;
                              Info.Description = sourceSpelling(Name) + "()";
                            });
      Result.Facts.emplace(S, rootPath(S));
      return Result;
    }
    const Arg *NameArg = argumentFor(Args, It->second.Name);
    if (NameArg && isStringLiteral(C.Mod, NameArg->Node)) {
      std::optional<Fallback> Default;
      if (const Arg *D = argumentFor(Args, It->second.Default))
        Default = fallbackAt(C.Mod, D->Node);
      uint32_t S = envSource(C.Mod, Md.node(Id).Where, Name, Md.node(NameArg->Node).Text,
                             ReadForm::Call, Default);
      Result.Facts.emplace(S, rootPath(S));
      // The default's own configuration flows too (`read("A", other)`).
      if (const Arg *D = argumentFor(Args, It->second.Default))
        for (const auto &F : D->V.Facts)
          Result.Facts.insert(F);
      return Result;
    }
    // `read(key)` in a function whose parameter `key` names the variable:
    // its callers that pass a literal name read that variable.
    if (std::optional<uint32_t> P =
            NameArg ? parameterOf(C.Mod, NameArg->V, NameArg->Node) : std::nullopt) {
      ParamRead R;
      R.Callee = Name;
      R.NameParam = *P;
      if (const Arg *D = argumentFor(Args, It->second.Default))
        paramReadDefault(R, C.Mod, D->V, D->Node);
      uint32_t Origin = paramReadOrigin(std::move(R));
      Result.Facts.emplace(Origin, Paths.hop(NoPath, C.Mod, Md.node(Id).Where, ParamReadRoot,
                                             /*ParamRoot=*/true));
      return Result;
    }
  }
  if (uint32_t NameId = intern(Name); is(NameId, RequestName)) {
    // `web.request.get_json()`, `web.request.args.get("k")`.
    uint32_t S = requestSource(C.Mod, Md.node(Id).Where, Name);
    Result.Facts.emplace(S, rootPath(S));
  }
  if (auto It = M.Produces.find(Name); It != M.Produces.end()) {
    // A completion, a derived key: user data the code may keep.
    uint32_t S = producedSource(C.Mod, Md.node(Id).Where, Name, It->second);
    Result.Facts.emplace(S, rootPath(S));
  }
  if (auto It = M.RequestHandlers.find(Name);
      It != M.RequestHandlers.end() && !It->second.empty() && SideEffects) {
    // `app.post("/x", (req, res) => ...)`: the framework calls the handler
    // with the request being served.
    Value Request;
    Request.Refs.insert(Ref::externalInstance(intern(It->second)));
    for (const Arg &A : Args)
      for (const Ref &R : A.V.Refs)
        if (R.kind() == RefKind::Function || R.kind() == RefKind::BoundMethod)
          callRef(C, Id, R, {{"", Request, A.Node}});
  }
  if (M.Fetches.count(Name)) {
    uint32_t S = fetchSource(C.Mod, Md.node(Id).Where, Name);
    Result.Facts.emplace(S, rootPath(S));
    // The address: a parameter alone leaves it to the callers.
    ArgumentSpec First;
    First.Position = 0;
    if (const Arg *U = argumentFor(Args, First)) {
      if (isStringLiteral(C.Mod, U->Node))
        Out.Sources[S].Address = Md.node(U->Node).Text;
      else if (!U->V.Facts.empty() &&
               std::all_of(U->V.Facts.begin(), U->V.Facts.end(),
                           [](const auto &F) { return F.first >= ParamBase; })) {
        FetchesByParameter.emplace_back(S, C.Mod, C.Fn);
        if (Demand)
          wake(intern(fn(C.Mod, C.Fn).Name));
      }
    }
  }
  if (auto It = M.Writers.find(Name); It != M.Writers.end() && SideEffects) {
    // `fs.writeFileSync(file, code)`: the local `file` now names the code.
    const Arg *P = argumentFor(Args, It->second.Path);
    const Arg *D = argumentFor(Args, It->second.Data);
    // Content that is no literal is written at run time.
    if (P && D && Md.node(P->Node).Kind == NodeKind::Name &&
        Md.node(D->Node).Kind != NodeKind::Literal)
      if (auto Sl = local(C.Mod, C.Fn, nodeName(C.Mod, P->Node))) {
        const ir::Node &File = Md.node(P->Node);
        Value Written;
        Written.Facts = D->V.Facts;
        uint32_t S = fetchSource(C.Mod, Md.node(Id).Where, Name, SourceInfo::Written);
        Written.Facts.emplace(S, rootPath(S));
        if (!D->V.Facts.empty() &&
            std::all_of(D->V.Facts.begin(), D->V.Facts.end(),
                        [](const auto &F) { return F.first >= ParamBase; })) {
          FetchesByParameter.emplace_back(S, C.Mod, C.Fn);
          if (Demand)
            wake(intern(fn(C.Mod, C.Fn).Name));
        }
        Fixpoint.wrote(*Sl);
        if (merge(Fixpoint.slot(*Sl).V, Written, [&](uint32_t Path) {
              return Paths.hop(Path, C.Mod, File.Where,
                               Paths.msg({"written to the file '", File.Text, "' names"}));
            }))
          Fixpoint.touch(*Sl);
      }
  }
  if (auto It = M.Sinks.find(Name); It != M.Sinks.end() && SideEffects) {
    // `Client()` with no destination: the library reads its own variable.
    for (const auto &[Kind, Model] : It->second)
      if (!Model.ImplicitVariables.empty() && !givesDestination(C.Mod, Args, Model)) {
        uint32_t S = implicitSource(C.Mod, Md.node(Id).Where, Name, Model);
        report(C.Mod, Id, Name, Kind, Model, "", Md.node(Id).Where, S, rootPath(S));
      }
    for (const auto &[Kind, Model] : It->second)
      for (const ArgumentSpec &Spec : Model.Destinations)
        if (const Arg *A = argumentFor(Args, Spec); A && selects(C.Mod, Args, Spec)) {
          if (reportsLiterals(Kind) && Spec.Field.empty() && A->V.Facts.empty() &&
              isLiteralArgument(C.Mod, A->Node)) {
            // What an image or command literal names is for the check.
            uint32_t S = literalSource(C.Mod, Md.node(A->Node).Where);
            std::string Label = !A->Keyword.empty() ? A->Keyword.str() : Spec.Keyword;
            report(C.Mod, Id, Name, Kind, Model, Label, Md.node(A->Node).Where, S, rootPath(S));
            continue;
          }
          if (!Spec.Field.empty()) {
            NodeId At = fieldNode(C.Mod, A->V, Spec.Field);
            if (At == NoNode)
              At = A->Node;
            Value F = fieldValue(A->V, Spec.Field, C.Mod, Md.node(At).Where);
            for (const auto &[Origin, Path] : F.Facts)
              sinkHit(C, Id, At, Name, Model, "{" + Spec.Field, Origin, Path);
            continue;
          }
          std::string Label = !A->Keyword.empty() ? A->Keyword.str() : Spec.Keyword;
          Value Kept;
          if (Kind == SinkKind::Data) // `set(k, { answer })` keeps the entries
            for (const Ref &R : A->V.Refs)
              if (R.kind() == RefKind::Object)
                keepUserData(Kept, allProperties(R));
          for (const auto &[Origin, Path] : A->V.Facts)
            sinkHit(C, Id, A->Node, Name, Model, Label, Origin, Path);
          for (const auto &[Origin, Path] : Kept.Facts)
            if (!A->V.Facts.count(Origin))
              sinkHit(C, Id, A->Node, Name, Model, Label, Origin, Path);
        }
  }
  if (auto It = M.Propagators.find(Name); It != M.Propagators.end()) {
    unsigned Pos = 0;
    for (const Arg &A : Args) {
      bool Flows =
          It->second.Arguments.empty() ||
          (A.Keyword.empty() && std::find(It->second.Arguments.begin(), It->second.Arguments.end(),
                                          Pos) != It->second.Arguments.end());
      if (A.Keyword.empty())
        ++Pos;
      if (!Flows)
        continue;
      switch (It->second.Result) {
      case PropagatorModel::Facts:
        for (const auto &F : A.V.Facts)
          Result.Facts.insert(F);
        // `JSON.stringify({ answer })`: the entries' user data is in the text.
        for (const Ref &R : A.V.Refs)
          if (R.kind() == RefKind::Object)
            keepUserData(Result, allProperties(R));
        break;
      case PropagatorModel::Value:
        unite(Result, A.V);
        break;
      case PropagatorModel::Call:
        for (const Ref &R : A.V.Refs)
          if (R.kind() == RefKind::Function || R.kind() == RefKind::BoundMethod)
            unite(Result, callRef(C, Id, R, {}));
        break;
      }
    }
  }
  if (auto It = M.Schemas.find(Name); It != M.Schemas.end())
    if (const Arg *F = argumentFor(Args, It->second.Fields)) {
      // `z.object({...})` (parsed later) or `cleanEnv(env, {...})`.
      RefKind K = It->second.Parse.empty() ? RefKind::Config : RefKind::Schema;
      for (const Ref &R : F->V.Refs)
        if (R.kind() == RefKind::Object) {
          Result.Refs.insert(Ref::schema(K, R.module(), R.node(), R.scope(), intern(Name)));
          // Every key is a source, read or not (a check on defaults
          // needs them all).
          Ref Parsed = Ref::schema(RefKind::Config, R.module(), R.node(), R.scope(), intern(Name));
          for (const ir::Argument &E : mod(R.module()).node(R.node()).Args)
            if (!E.Keyword.empty())
              configField(Parsed, E.Keyword);
        }
      return Result;
    }
  // What a constructor or factory returns, and what a method returns when
  // a model names something reached through it (`launch().open().visit`).
  if (const std::string *Instance = M.returned(Name))
    Result.Refs.insert(Ref::externalInstance(intern(*Instance)));
  else if (uint32_t NameId = intern(Name); live(NameId))
    Result.Refs.insert(Ref::externalInstance(NameId));
  return Result;
}

void Engine::sinkHit(const Ctx &C, NodeId Call, NodeId ArgNode, const std::string &Callee,
                     const SinkModel &Model, const std::string &Label, uint32_t Origin,
                     uint32_t Path) {
  ir::Range Where = mod(C.Mod).node(ArgNode).Where;
  if (Origin >= ParamBase) {
    paramSink(C, SinkHit{C.Mod, Call, Callee, Model.Kind, Origin, Path, Where, Label});
    return;
  }
  report(C.Mod, Call, Callee, Model.Kind, Model, Label, Where, Origin, Path);
}

Value Engine::applyCall(const Ctx &C, NodeId Call, uint32_t Mod, uint32_t F, const ArgList &Args,
                        const Value *Self) {
  if (Demand)
    activate(FnBase[Mod] + F); // before its slots are read: they may not exist yet
  const ir::Function &Callee = fn(Mod, F);
  FunctionState &CS = state(Mod, F);
  if (SideEffects) {
    CS.Called = true;
    Fixpoint.wrote(CS.ParamsSlot);
  }
  Fixpoint.read(CS.SummarySlot);
  if (Fixpoint.current() != Solver::NoFn)
    Fixpoint.promote(FnBase[Mod] + F, Fixpoint.current());
  llvm::SmallVector<Value, 4> Bound(Callee.Params.size());
  /// The first argument node bound to each parameter (paths point there).
  llvm::SmallVector<NodeId, 4> BoundNode(Callee.Params.size(), NoNode);
  size_t Next = 0;
  if (Self && !Callee.Params.empty()) {
    Bound[0] = *Self;
    Next = 1;
  }
  for (const Arg &A : Args) {
    if (A.KeywordSpread || A.Spread) {
      // Unknown positions: the value may reach any remaining parameter.
      for (size_t I = Next; I < Bound.size(); ++I)
        unite(Bound[I], A.V);
      continue;
    }
    size_t Target = Bound.size();
    if (!A.Keyword.empty()) {
      for (size_t I = 0; I < Callee.Params.size(); ++I)
        if (Callee.Params[I].Name == A.Keyword && !Callee.Params[I].Star)
          Target = I;
      if (Target == Bound.size())
        for (size_t I = 0; I < Callee.Params.size(); ++I)
          if (Callee.Params[I].DoubleStar)
            Target = I;
    } else {
      while (Next < Callee.Params.size() &&
             (Callee.Params[Next].KeywordOnly || Callee.Params[Next].DoubleStar))
        ++Next;
      Target = Next;
      if (Next < Callee.Params.size() && !Callee.Params[Next].Star)
        ++Next;
    }
    if (Target < Bound.size()) {
      unite(Bound[Target], A.V);
      if (BoundNode[Target] == NoNode)
        BoundNode[Target] = A.Node;
    }
  }
  if (!SideEffects)
    return withoutParams(CS.Return);
  // References flow into the callee's parameters. One the parameter
  // already holds (a method's own instance, a default's value) changes
  // nothing, so it does not make the callee run again.
  // A parameter that holds MaxRefs references takes no more, so they
  // would only make the callee run again for nothing.
  for (size_t I = 0; I < Bound.size(); ++I)
    for (const Ref &R : Bound[I].Refs) {
      const SmallSet<Ref> &Held = Fixpoint.slot(CS.ParamSlots[I]).V.Refs;
      if (CS.ParamRefs[I].size() >= MaxRefs || Held.size() >= MaxRefs)
        break;
      if (CS.ParamRefs[I].insert(R).second && !Held.count(R))
        Fixpoint.touch(CS.ParamsSlot);
    }

  const ir::Module &Md = mod(C.Mod);
  auto CalleeName = [&] { return "'" + Callee.QualifiedName + "'"; };
  auto Substitute = [&](uint32_t Origin, uint32_t CalleePath, auto &&Use) {
    if (Origin < ParamBase) {
      Use(Origin, CalleePath);
      return;
    }
    if (isOuterParam(Origin)) {
      // A parameter of a function the callee is nested in: the caller's
      // own when the caller is that function.
      Use(ownOrigin(C.Mod, C.Fn, Origin), CalleePath);
      return;
    }
    if (Origin >= ParamReadBase) {
      // A read of the variable a parameter names: a literal name passed
      // here makes it a source; a parameter of the caller keeps it open.
      ParamRead R = ParamReads[Origin - ParamReadBase];
      if (R.NameParam >= Bound.size() || BoundNode[R.NameParam] == NoNode)
        return;
      NodeId NameNode = BoundNode[R.NameParam];
      NodeId DefaultNode = R.DefaultParam >= 0 && static_cast<size_t>(R.DefaultParam) < Bound.size()
                               ? BoundNode[static_cast<size_t>(R.DefaultParam)]
                               : NoNode;
      if (isStringLiteral(C.Mod, NameNode)) {
        std::optional<Fallback> Default = R.Default;
        if (DefaultNode != NoNode)
          Default = fallbackAt(C.Mod, DefaultNode);
        uint32_t S = envSource(C.Mod, Md.node(NameNode).Where, R.Callee, Md.node(NameNode).Text,
                               R.Form, Default);
        std::string Msg = "read by " + CalleeName();
        uint32_t Base = Paths.hop(rootPath(S), C.Mod, Md.node(Call).Where, Msg);
        Use(S, Paths.graft(CalleePath, Base));
        return;
      }
      if (std::optional<uint32_t> P = parameterOf(C.Mod, Bound[R.NameParam], NameNode)) {
        ParamRead Up;
        Up.Callee = R.Callee;
        Up.Form = R.Form;
        Up.NameParam = *P;
        Up.Default = R.Default;
        if (DefaultNode != NoNode)
          paramReadDefault(Up, C.Mod, Bound[static_cast<size_t>(R.DefaultParam)], DefaultNode);
        uint32_t Root =
            Paths.hop(NoPath, C.Mod, Md.node(Call).Where, ParamReadRoot, /*ParamRoot=*/true);
        Use(paramReadOrigin(std::move(Up)), Paths.graft(CalleePath, Root));
      }
      return;
    }
    uint32_t I = Origin - ParamBase;
    if (I >= Bound.size())
      return;
    ir::Range At = BoundNode[I] == NoNode ? Md.node(Call).Where : Md.node(BoundNode[I]).Where;
    for (const auto &[ActualOrigin, ActualPath] : Bound[I].Facts) {
      uint32_t Passed = Paths.taggedHop(ActualPath, C.Mod, At, 1, FnBase[Mod] + F, I, [&] {
        return "passed to " + CalleeName() + " as parameter '" + Callee.Params[I].Name + "'";
      });
      Use(ActualOrigin, Paths.graft(CalleePath, Passed));
    }
  };

  Value Result;
  for (const auto &[Origin, Path] : CS.Return.Facts)
    Substitute(Origin, Path, [&](uint32_t O, uint32_t P) {
      if (!Result.Facts.count(O))
        Result.Facts.emplace(O, Paths.taggedHop(P, C.Mod, Md.node(Call).Where, 2, FnBase[Mod] + F,
                                                0, [&] { return "returned by " + CalleeName(); }));
    });
  Result.Refs = CS.Return.Refs;

  // Iterated in place: inserting into a std::set (a recursive call adds
  // to the set being read) keeps iterators valid, and what is added is
  // seen now or at the next analysis, which the insertion queues.
  for (const SinkHit &H : CS.ParamSinks) {
    auto SinkIt = M.Sinks.find(H.Callee);
    if (SinkIt == M.Sinks.end() || !SinkIt->second.count(H.Kind))
      continue;
    const SinkModel &Model = SinkIt->second.at(H.Kind);
    Substitute(H.Param, H.Path, [&](uint32_t O, uint32_t P) {
      if (O >= ParamBase) {
        // Still symbolic: the caller's own parameter reaches the sink.
        // Keep the sink's own position (module, call, argument): the
        // caller only passes it on.
        SinkHit Up = H;
        Up.Param = O;
        Up.Path = P;
        paramSink(C, std::move(Up));
        return;
      }
      // A real source: a finding at the sink.
      report(H.Module, H.Call, H.Callee, H.Kind, Model, H.Label, H.Where, O, P);
    });
  }
  for (const FieldWrite &W : CS.ParamFieldWrites)
    Substitute(W.Param, W.Path, [&](uint32_t O, uint32_t P) {
      if (O >= ParamBase) {
        paramFieldWrite(C, {W.Module, W.Class, W.Field, O, P});
        return;
      }
      uint32_t FS = fieldSlot(W.Module, W.Class, W.Field);
      Fixpoint.wrote(FS);
      if (Fixpoint.slot(FS).V.Facts.emplace(O, P).second)
        Fixpoint.touch(FS);
    });
  return Result;
}

std::string Engine::dataTarget(uint32_t Mod, NodeId Call, const SinkModel &Model) const {
  const ir::Module &Md = mod(Mod);
  // The string literal that argument \p Spec of call node \p C gives.
  auto literalArgument = [&](const ir::Node &C, const ArgumentSpec &Spec) {
    const ir::Argument *A = argumentAt(C.Args, Spec);
    return A && Md.node(A->Value).isString() ? Md.node(A->Value).Text : std::string();
  };
  const ir::Node &CallNode = Md.node(Call);
  if (!Model.Target.empty())
    return literalArgument(CallNode, Model.Target);
  if (Model.ReceiverTarget.empty() || CallNode.Operands.empty())
    return {};
  const ir::Node &Callee = Md.node(CallNode.Operands[0]);
  if (Callee.Kind != NodeKind::Attribute || Callee.Operands.empty())
    return {};
  const ir::Node &Receiver = Md.node(Callee.Operands[0]);
  // `open(path).write(d)`, `Path(path).write_text(d)`.
  if (Receiver.Kind == NodeKind::Call)
    return literalArgument(Receiver, Model.ReceiverTarget);
  if (Receiver.Kind != NodeKind::Name)
    return {};
  // `f = open(path)` / `with open(path) as f` before the write, in the
  // innermost function around it.
  const ir::Function *In = nullptr;
  for (const ir::Function &Fn : Md.Functions)
    if (Fn.Where.Begin <= CallNode.Where.Begin && CallNode.Where.End <= Fn.Where.End &&
        (!In || In->Where.Begin <= Fn.Where.Begin))
      In = &Fn;
  if (!In && !Md.Functions.empty())
    In = &Md.Functions.front(); // the module's body
  if (!In)
    return {};
  std::string Found;
  for (const ir::Assignment &A : In->Assignments)
    if (A.Lhs.K == ir::Target::Name && A.Lhs.Text == Receiver.Text && A.Value != NoNode &&
        Md.node(A.Value).Kind == NodeKind::Call &&
        Md.node(A.Value).Where.Begin < CallNode.Where.Begin)
      Found = literalArgument(Md.node(A.Value), Model.ReceiverTarget);
  return Found;
}

void Engine::report(uint32_t Mod, NodeId Call, const std::string &Callee, SinkKind Kind,
                    const SinkModel &Model, const std::string &Label, ir::Range Where,
                    uint32_t Origin, uint32_t Path) {
  // A data sink keeps what reaches it; only user data there is news.
  if (Kind == SinkKind::Data && !Out.Sources[Origin].isUserData())
    return;
  auto Key = std::make_tuple(Mod, static_cast<uint32_t>(Call), Kind, Origin);
  if (auto It = FindingIndex.find(Key); It != FindingIndex.end()) {
    noteBy(Reporters[It->second]);
    return;
  }
  Reporters.emplace_back();
  noteBy(Reporters.back());
  Finding F;
  F.SinkKind = Kind;
  F.Callee = Callee;
  F.Display = display(Callee, Label);
  F.Library = Model.Library;
  F.Store = Model.Store;
  if (Kind == SinkKind::Data)
    F.Target = dataTarget(Mod, Call, Model);
  F.Module = Mod;
  F.Where = Where;
  F.CallWhere = mod(Mod).node(Call).Where;
  F.Source = Origin;
  F.Path = Paths.steps(Paths.hop(Path, Mod, Where, Paths.msg({"reaches ", F.Display})));
  FindingIndex.emplace(Key, Out.Findings.size());
  Out.Findings.push_back(std::move(F));
}

} // namespace teetidy::dataflow
