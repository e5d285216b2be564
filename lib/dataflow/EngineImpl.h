//===- EngineImpl.h - The taint engine's evaluation rules -------*- C++ -*-===//
//
// Private to lib/dataflow. One Engine analyses one program; its rules are
// spread over the files named at each group of member functions below:
//
//   Modules.cpp     module names, imports, exports and name lookup
//   Classes.cpp     class ancestry, methods, settings classes and fields
//   Eval.cpp        expressions, attributes, object literal entries, sources
//   Calls.cpp       calls, arguments, summaries, external calls and sinks
//   Statements.cpp  the statements of a function: assignments, parameters
//   Engine.cpp      setup, the fixed point and the result
//   Demand.cpp      which functions a solve analyses
//
// The fixed point itself is the Solver's, the paths of facts the
// PathTable's; values are defined in Values.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "dataflow/Engine.h"
#include "dataflow/PathTable.h"
#include "dataflow/Solver.h"
#include "dataflow/Values.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace teetidy::dataflow {

/// External names longer than this (`x.a.b.c...`) are not followed: no model
/// names one, and a loop like `s = s.encode().decode()` would otherwise build
/// ever longer names and never reach a fixed point.
constexpr size_t MaxNameComponents = 8;
/// Ancestors followed when looking up methods and settings fields.
constexpr size_t MaxLineage = 64;

/// Whether \p S is one of \p Words (sizes compared first).
inline bool oneOf(llvm::StringRef S, std::initializer_list<llvm::StringRef> Words) {
  for (llvm::StringRef W : Words)
    if (S == W)
      return true;
  return false;
}

/// A sink reached by a parameter of a function (in its summary).
struct SinkHit {
  uint32_t Module; ///< of the sink's call (a wrapper passes it up unchanged)
  ir::NodeId Call;
  std::string Callee;
  SinkKind Kind;
  uint32_t Param; ///< origin (ParamBase + i)
  uint32_t Path;
  ir::Range Where;
  std::string Label; ///< the destination's keyword, if it has one
  bool operator<(const SinkHit &O) const {
    return std::tie(Module, Call, Callee, Kind, Param) <
           std::tie(O.Module, O.Call, O.Callee, O.Kind, O.Param);
  }
};

/// An attribute of a class that a parameter of a function is stored in.
struct FieldWrite {
  uint32_t Module, Class;
  uint32_t Field; ///< interned name
  uint32_t Param;
  uint32_t Path;
  bool operator<(const FieldWrite &O) const {
    return std::tie(Module, Class, Field, Param) < std::tie(O.Module, O.Class, O.Field, O.Param);
  }
};

/// A function's variables and summary.
struct FunctionState {
  /// Interned name -> slot, for names bound in the function (and, for a
  /// module body, names looked up there that may be bound later).
  SmallMap<uint32_t, uint32_t> Locals;
  /// The references callers pass to each parameter.
  std::vector<SmallSet<Ref>> ParamRefs;
  Value Return;
  std::set<SinkHit> ParamSinks;
  std::set<FieldWrite> ParamFieldWrites;
  /// Changed with Return, ParamSinks and ParamFieldWrites (SummarySlot),
  /// and with ParamRefs (ParamsSlot).
  uint32_t SummarySlot = 0, ParamsSlot = 0;
  std::vector<uint32_t> ParamSlots;
  /// The slot of each Name target of its assignments and the interned
  /// attribute of each Attribute target, by the target's address (sorted;
  /// targets made during the analysis are absent). Per function, so that a
  /// lookup searches a few entries that are at hand.
  std::vector<std::pair<const ir::Target *, uint32_t>> TargetNames;
  /// Some code of the program calls it.
  bool Called = false;
  /// Its slots exist (Engine::initialiseFunction).
  bool Initialised = false;
};

/// A field of a settings class, as its declaration and the class's
/// configuration give it.
struct SettingsField {
  std::vector<std::string> Variables;
  std::string Annotation;
  bool CaseInsensitive = true;
  std::optional<Fallback> Default;
  /// The declaration: module and range.
  uint32_t Module = 0;
  ir::Range Where;
  /// A default that is no literal (`f()`, `read("B")`), evaluated in
  /// the class body (function Body of Module): what it reads flows too.
  ir::NodeId ComputedDefault = ir::NoNode;
  uint32_t Body = 0;
};

/// The taint analysis of one program.
/// The argument of \p Args that \p S names (by keyword, else by position
/// among the positional ones), if passed; none past a `*spread`. For the
/// evaluated arguments of a call and for the IR's (ir::Argument).
template <typename ArgRange>
auto argumentAt(const ArgRange &Args, const ArgumentSpec &S) -> decltype(&*std::begin(Args)) {
  if (!S.Keyword.empty())
    for (const auto &A : Args)
      if (A.Keyword == S.Keyword)
        return &A;
  if (S.Position) {
    unsigned Pos = 0;
    for (const auto &A : Args) {
      if (!A.Keyword.empty() || A.KeywordSpread)
        continue;
      if (A.Spread)
        return nullptr;
      if (Pos++ == *S.Position)
        return &A;
    }
  }
  return nullptr;
}

class Engine {
public:
  Engine(const std::vector<ProgramModule> &P, const Models &Mo, const EngineOptions &O);

  /// Solves from scratch; the result, sorted (nothing when the engine
  /// keeps what incremental solving needs: view() gives it then).
  Result run();
  /// The IR of modules \p Changed is replaced (same path and names): \p
  /// SwapIn makes Program point to the new IR, which the engine has not yet
  /// read. Re-solves from what the change can affect: the changed modules'
  /// functions, the functions that read what any of them wrote, and so on,
  /// from their initial state; and the other writers of what those wrote.
  /// Needs EngineOptions::Incremental.
  void update(const std::vector<uint32_t> &Changed, llvm::function_ref<void()> SwapIn);
  /// The result as kept (see IncrementalAnalysis::view()).
  const Result &view() const;
  /// Function analyses of the last solve, and how many functions it
  /// started from.
  size_t lastAnalyses() const { return LastAnalyses; }
  size_t lastStarted() const { return LastStarted; }

private:
  using NodeId = ir::NodeId;
  using NodeKind = ir::NodeKind;
  static constexpr NodeId NoNode = ir::NoNode;

  /// A scope: function Fn of module Mod.
  struct Ctx {
    uint32_t Mod, Fn;
  };

  // --- The program ---------------------------------------------------------

  const std::vector<ProgramModule> &Program;
  const Models &M;
  const EngineOptions &Opts;

  const ir::Module &mod(uint32_t I) const { return *Program[I].Module; }
  const ir::Function &fn(uint32_t Mod, uint32_t F) const { return mod(Mod).Functions[F]; }
  std::string literalText(uint32_t Mod, NodeId N) const {
    if (N == NoNode)
      return {};
    const ir::Node &Node = mod(Mod).node(N);
    return Node.Kind == NodeKind::Literal ? Node.Text : std::string();
  }
  bool isStringLiteral(uint32_t Mod, NodeId N) const {
    return N != NoNode && mod(Mod).node(N).isString();
  }
  /// A string literal, or a list of literals (an argument vector).
  bool isLiteralArgument(uint32_t Mod, NodeId N) const {
    if (isStringLiteral(Mod, N))
      return true;
    if (N == NoNode)
      return false;
    const ir::Node &X = mod(Mod).node(N);
    if (X.Kind != NodeKind::Container || X.is(ir::Op::Object) || X.Args.empty())
      return false;
    return std::all_of(X.Args.begin(), X.Args.end(), [&](const ir::Argument &A) {
      return A.Keyword.empty() && !A.Spread && !A.KeywordSpread && A.Value != NoNode &&
             mod(Mod).node(A.Value).Kind == NodeKind::Literal;
    });
  }

  // --- The result ----------------------------------------------------------

  Result Out;
  /// Sources by (module, position or class, variable or field).
  std::map<std::tuple<uint32_t, uint32_t, std::string>, uint32_t> SourceIndex;
  /// Findings by (module, call, sink kind, source).
  std::map<std::tuple<uint32_t, uint32_t, SinkKind, uint32_t>, size_t> FindingIndex;

  // --- The fixed point and paths -------------------------------------------

  Solver Fixpoint;
  PathTable Paths;

  // --- Functions -----------------------------------------------------------

  std::vector<std::vector<FunctionState>> States; ///< per module, per function
  /// Functions are numbered across the program for the solver.
  std::vector<uint32_t> FnBase;                    ///< per module
  std::vector<std::pair<uint32_t, uint32_t>> FnOf; ///< global index -> (module, function)

  FunctionState &state(uint32_t Mod, uint32_t F) { return States[Mod][F]; }

  // --- Names ---------------------------------------------------------------

  /// Interned names (external names, variables, attributes); index 0 is
  /// unused. A deque: the index refers to the names in place.
  std::deque<std::string> NameTable{std::string()};
  /// Names are short: FNV-1a hashes them in fewer steps than the default.
  struct NameKeyInfo : llvm::DenseMapInfo<llvm::StringRef> {
    static unsigned getHashValue(llvm::StringRef S) {
      uint64_t H = 14695981039346656037ull;
      for (unsigned char C : S)
        H = (H ^ C) * 1099511628211ull;
      return static_cast<unsigned>(H ^ (H >> 32));
    }
  };
  llvm::DenseMap<llvm::StringRef, uint32_t, NameKeyInfo> NameIndex;
  /// Interned Text of Name and Attribute nodes, per module (0: not yet).
  std::vector<std::vector<uint32_t>> NodeNames;

  uint32_t intern(const std::string &Name) {
    if (auto It = NameIndex.find(Name); It != NameIndex.end())
      return It->second;
    uint32_t Id = static_cast<uint32_t>(NameTable.size());
    NameTable.push_back(Name);
    NameIndex.try_emplace(NameTable.back(), Id);
    return Id;
  }
  /// The name of an External, ExternalInstance or schema reference.
  const std::string &nameOf(const Ref &R) const { return NameTable[R.name()]; }
  uint32_t nodeName(uint32_t Mod, NodeId Id) {
    uint32_t &N = NodeNames[Mod][Id];
    if (!N)
      N = intern(mod(Mod).node(Id).Text);
    return N;
  }

  // An external name is live when a model or a module of the program could
  // still be reached from it: it is a dotted prefix of a model's callee or
  // of a module name. References to other external names (`int`, `foo.bar`
  // of an unmodelled library) can never lead to a source, sink or
  // propagator, so they are not kept at all: they would only make values
  // larger and make functions run again when they reach parameters.
  std::unordered_set<std::string> LiveNames;
  std::vector<int8_t> LiveById; ///< per interned name: -1 not yet known

  /// Instances every member of which is live (`X.*` in a return model).
  std::set<std::string> LiveMembersOf;
  void addLive(const std::string &Name) {
    for (size_t Dot = Name.find('.'); Dot != std::string::npos; Dot = Name.find('.', Dot + 1))
      LiveNames.insert(Name.substr(0, Dot));
    LiveNames.insert(Name);
  }
  bool live(uint32_t Id) {
    if (LiveById.size() <= Id)
      LiveById.resize(NameTable.size(), -1);
    if (LiveById[Id] < 0) {
      const std::string &N = NameTable[Id];
      size_t Dot = N.rfind('.');
      LiveById[Id] = LiveNames.count(N) || (Dot != std::string::npos && !LiveMembersOf.empty() &&
                                            LiveMembersOf.count(N.substr(0, Dot)))
                         ? 1
                         : 0;
    }
    return LiveById[Id] == 1;
  }

  // What the models say of an interned name, looked up once per name.
  enum NameFlag : uint16_t {
    StringAttribute = 1 << 0,
    StringMethod = 1 << 1,
    SourceObject = 1 << 2,
    SourceSubscript = 1 << 3,
    SettingsBase = 1 << 4,
    SettingsFieldMaker = 1 << 5,
    DependencyInjector = 1 << 6,
    CallbackMethod = 1 << 7,
    MappingGetMethod = 1 << 8,
    TemplateMethod = 1 << 9,
    GlobalObject = 1 << 10,
    FetchedContent = 1 << 11,
    RequestName = 1 << 12, ///< a request object or something read from it
    UnwrapMethod = 1 << 13,
    FlagsKnown = 1 << 15,
  };
  std::vector<uint16_t> FlagsById;
  bool is(uint32_t Id, NameFlag F) {
    if (FlagsById.size() <= Id)
      FlagsById.resize(NameTable.size(), 0);
    uint16_t &Fl = FlagsById[Id];
    if (!(Fl & FlagsKnown)) {
      const std::string &N = NameTable[Id];
      Fl = FlagsKnown;
      auto Set = [&](const auto &Names, NameFlag Bit) {
        if (Names.count(N))
          Fl |= Bit;
      };
      Set(M.StringAttributes, StringAttribute);
      Set(M.StringMethods, StringMethod);
      Set(M.SourceObjects, SourceObject);
      Set(M.SourceSubscripts, SourceSubscript);
      Set(M.Settings.Bases, SettingsBase);
      Set(M.Settings.FieldMakers, SettingsFieldMaker);
      Set(M.DependencyInjectors, DependencyInjector);
      Set(M.CallbackMethods, CallbackMethod);
      Set(M.MappingGetMethods, MappingGetMethod);
      Set(M.TemplateMethods, TemplateMethod);
      Set(M.GlobalObjects, GlobalObject);
      Set(M.FetchedContent, FetchedContent);
      Set(M.UnwrapMethods, UnwrapMethod);
      for (const std::string &O : M.RequestObjects)
        if (N == O || (N.size() > O.size() && N.compare(0, O.size(), O) == 0 && N[O.size()] == '.'))
          Fl |= RequestName;
    }
    return Fl & F;
  }

  // --- Variables and fields ------------------------------------------------

  struct FieldKey {
    uint32_t Mod, Class, Name;
    struct Hash {
      size_t operator()(const FieldKey &K) const {
        return (static_cast<size_t>(K.Mod) * 0x9E3779B97F4A7C15ull) ^
               (static_cast<size_t>(K.Class) << 20) ^ (static_cast<size_t>(K.Name) << 1);
      }
    };
  };
  /// The slot of each attribute of each class (instances share it).
  llvm::DenseMap<FieldKey, uint32_t, PodKeyInfo<FieldKey>> FieldSlots;
  /// What FunctionState::TargetNames holds for \p T, a target of an
  /// assignment of Mod.F, if anything.
  std::optional<uint32_t> targetName(const FunctionState &S, const ir::Target &T) const {
    auto It = std::lower_bound(
        S.TargetNames.begin(), S.TargetNames.end(), &T,
        [](const auto &E, const ir::Target *X) { return std::less<>()(E.first, X); });
    if (It != S.TargetNames.end() && It->first == &T)
      return It->second;
    return std::nullopt;
  }

  /// The slot of variable \p Name in scope Mod.Fn, if bound there.
  std::optional<uint32_t> local(uint32_t Mod, uint32_t F, uint32_t Name) {
    const auto &L = state(Mod, F).Locals;
    auto It = L.find(Name);
    if (It == L.end() || !Fixpoint.slot(It->second).Declared)
      return std::nullopt;
    return It->second;
  }
  /// The slot of \p Name in scope Mod.Fn, made (unbound) if missing.
  uint32_t localSlot(uint32_t Mod, uint32_t F, uint32_t Name) {
    auto &L = state(Mod, F).Locals;
    auto It = L.find(Name);
    if (It != L.end())
      return It->second;
    uint32_t S = Fixpoint.newSlot();
    state(Mod, F).Locals.emplace(Name, S);
    if (F == 0 && Demand)
      nameSlot(S, Name);
    return S;
  }
  uint32_t fieldSlot(uint32_t Mod, uint32_t Class, uint32_t Name) {
    auto [It, New] = FieldSlots.try_emplace(FieldKey{Mod, Class, Name}, 0);
    if (New) {
      It->second = Fixpoint.newSlot();
      if (Demand)
        nameSlot(It->second, Name);
    }
    return It->second;
  }
  /// Global \p Name of module \p Mod, if bound (read even when it is not,
  /// since another module may bind it later with `mod.Name = v`).
  const Value *globalOf(uint32_t Mod, uint32_t Name) {
    uint32_t S = localSlot(Mod, 0, Name);
    Fixpoint.read(S);
    return Fixpoint.slot(S).Declared ? &Fixpoint.slot(S).V : nullptr;
  }

  // --- Modules, imports and lookup (Modules.cpp) ----------------------------

  std::unordered_map<std::string, std::vector<uint32_t>> ModulesByName;
  std::unordered_map<std::string, uint32_t> ModulesByPath;
  /// The longest dotted name of each module.
  std::vector<std::string> ModuleName;
  /// `from m import *` (`export * from 'm'`) of each module's top level.
  std::vector<std::vector<const ir::Import *>> StarImports;
  /// Per global function index: the imports (other than `*`) it executes.
  std::vector<std::vector<const ir::Import *>> ImportsIn;

  /// The module of the program named \p Name; of several, the one whose
  /// path shares the longest prefix with that of module \p From.
  std::optional<uint32_t> findModule(const std::string &Name, uint32_t From);
  /// The module of the program named \p Name (as imported from \p From),
  /// else the external name if it is live.
  Value moduleValue(const std::string &Name, uint32_t From);
  /// moduleValue() of the name \p Full gives, kept in \p Kept under \p Key
  /// when at most one file answers to the name (else which one depends on
  /// the reader \p From). \p Full is called only when nothing is kept.
  Value keptModuleValue(llvm::DenseMap<uint64_t, std::optional<Ref>> &Kept, uint64_t Key,
                        llvm::function_ref<std::string()> Full, uint32_t From);
  /// The module of the program an import binds to, if any.
  std::optional<uint32_t> importTarget(uint32_t Mod, const ir::Import &I);
  /// What module \p Mod exports as \p Name: a global, else one it
  /// re-exports with `from m import *` (`export * from 'm'`; starExported),
  /// else a property of its default export. Nullopt when it has none.
  std::optional<Value> exported(uint32_t Mod, uint32_t Name);
  /// The first global \p Name (then default-export property) among the
  /// modules \p Mod's star imports reach.
  std::optional<Value> starExported(uint32_t Mod, uint32_t Name);
  std::optional<Value> defaultExportProperty(uint32_t Mod, uint32_t Name);
  /// The modules star imports reach from \p Mod, nearest first, each once;
  /// worked out once (imports do not change while a program is solved;
  /// an update clears it).
  const std::vector<uint32_t> &starReach(uint32_t Mod);
  std::vector<std::optional<std::vector<uint32_t>>> StarReach;
  /// Each module of starReach(Mod) and its place there.
  const llvm::DenseMap<uint32_t, uint32_t> &starPositions(uint32_t Mod);
  std::vector<std::optional<llvm::DenseMap<uint32_t, uint32_t>>> StarPositions;
  /// The modules that declare each name at their top level, in the order
  /// they did; a name only grows its list.
  llvm::DenseMap<uint32_t, std::vector<uint32_t>> GlobalDeclarers;
  /// Per name, a slot touched when a module declares it at its top level:
  /// lookups through star imports read it.
  llvm::DenseMap<uint32_t, uint32_t> NameSentinels;
  uint32_t nameSentinel(uint32_t Name);
  /// The modules \p Mod star-imports, worked out once (cleared as StarReach).
  const std::vector<uint32_t> &starTargets(uint32_t Mod);
  std::vector<std::optional<std::vector<uint32_t>>> StarTargets;
  static constexpr unsigned MaxStarDepth = 8;
  /// What import \p I of module \p Mod binds.
  Value importValue(uint32_t Mod, const ir::Import &I);
  /// Variable \p Name (interned) as seen from scope \p C: a local, a
  /// variable of an enclosing function, a global, a name a `*` import
  /// brings, or a builtin. A \p Receiver name not bound so (`this` outside
  /// a method's parameters) is the enclosing class's instance or object
  /// literal.
  Value lookup(const Ctx &C, uint32_t Name, bool Receiver = false);
  Value lookup(const Ctx &C, const std::string &Name) { return lookup(C, intern(Name)); }
  /// Modules in an order where the modules a module imports come first (as
  /// far as cycles allow), so most values are final when they are read.
  std::vector<uint32_t> moduleOrder();

  // --- Classes (Classes.cpp) -----------------------------------------------

  // What the engine knows of a class: its ancestors and whether it is a
  // settings class. Base classes are values, so this is computed from the
  // slots their expressions read, and forgotten when one of them changes.
  // A function that uses the knowledge reads the same slots, so it runs
  // again when the class's ancestry changes.
  struct ClassInfo {
    enum State : uint8_t { Unknown, Computing, Known } St = Unknown;
    bool Settings = false;
    llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> Lineage;
    SmallSet<Ref> Bases;                 ///< the class's own bases
    llvm::SmallVector<uint32_t, 4> Deps; ///< slots read to find the above
    /// Method by interned name, found along the lineage.
    llvm::DenseMap<uint32_t, std::optional<std::pair<uint32_t, uint32_t>>> Methods;
  };
  std::vector<std::vector<ClassInfo>> ClassInfos; ///< per module, per class
  /// Slots some ClassInfo was computed from, and which.
  std::unordered_map<uint32_t, llvm::SmallVector<std::pair<uint32_t, uint32_t>, 2>> SlotClasses;
  unsigned ClassNesting = 0;
  static constexpr size_t MaxClassNesting = 4;
  /// The info of a class whose ancestry cannot be computed now.
  ClassInfo Alone;

  /// Forgets the ClassInfos computed from slot \p S (which changed).
  void forgetClasses(uint32_t S);
  /// The class's info, computed if needed; its slots are read either way.
  const ClassInfo &classInfo(uint32_t Mod, uint32_t Class);
  /// The method \p Name of a class or its bases: (module, function).
  std::optional<std::pair<uint32_t, uint32_t>> methodOf(uint32_t Mod, uint32_t Class,
                                                        uint32_t Name);
  /// The constructor of a class or of its nearest ancestor that has one.
  std::optional<std::pair<uint32_t, uint32_t>> constructorOf(uint32_t Mod, uint32_t Class);
  /// The class and its ancestors, nearest first, each once: base classes
  /// come from flow-insensitive values, so the graph may have cycles.
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> lineage(uint32_t Mod, uint32_t Class) {
    return classInfo(Mod, Class).Lineage;
  }
  SmallSet<Ref> baseRefs(uint32_t Mod, uint32_t Class) { return classInfo(Mod, Class).Bases; }
  /// What the base expressions of the class denote.
  SmallSet<Ref> ownBases(uint32_t Mod, uint32_t Class);
  bool isSettings(uint32_t Mod, uint32_t Class) { return classInfo(Mod, Class).Settings; }
  // Settings classes (Settings.cpp), by the rules of Models::Settings.
  /// The value of option \p Key of the settings class (InstMod, InstClass)
  /// or an ancestor, as (module, node); nullopt when none sets it.
  std::optional<std::pair<uint32_t, NodeId>> settingsOption(uint32_t InstMod, uint32_t InstClass,
                                                            const std::string &Key);
  NodeId ownSettingsOption(uint32_t Mod, uint32_t Class, const std::string &Key);
  /// Field \p Name of a settings instance of (InstMod, InstClass), declared
  /// in the class or an ancestor; the instance's class decides the prefix.
  std::optional<SettingsField> settingsField(uint32_t InstMod, uint32_t InstClass,
                                             const std::string &Name);
  std::optional<SettingsField> settingsFieldIn(uint32_t Mod, uint32_t Class,
                                               const std::string &Name, uint32_t InstMod,
                                               uint32_t InstClass);
  /// The literal inside a secret wrapper (`Secret("x")`), else \p N.
  NodeId unwrapSecret(uint32_t Mod, NodeId N);
  /// The source of field \p Name of settings class (Mod, Class).
  uint32_t settingsSource(uint32_t Mod, uint32_t Class, const std::string &Name,
                          const SettingsField &F);

  // --- Evaluation (Eval.cpp) -----------------------------------------------

  /// Off while evaluating for a value only (class bases, object entries):
  /// calls then change no summary, parameter or sink.
  bool SideEffects = true;
  /// Evaluations nest along the IR (whose depth the lowering bounds) and
  /// through values read from elsewhere: dict entries, class bases. A
  /// value defined through itself (`d = {'k': d['k']}`, `class A(A.B)`)
  /// would nest without end; past this depth the evaluation is cut.
  static constexpr unsigned MaxEvalDepth = 1500;
  unsigned EvalDepth = 0;
  bool EvalCut = false;
  struct EvalGuard {
    Engine &E;
    explicit EvalGuard(Engine &En) : E(En) { ++E.EvalDepth; }
    ~EvalGuard() { --E.EvalDepth; }
    bool ok() {
      if (E.EvalDepth <= MaxEvalDepth)
        return true;
      E.EvalCut = true;
      return false;
    }
  };

  Value eval(const Ctx &C, NodeId Id);
  Value evalNoSideEffects(const Ctx &C, NodeId N) {
    bool Saved = SideEffects;
    SideEffects = false;
    Value V = eval(C, N);
    SideEffects = Saved;
    return V;
  }
  /// Whether a string starting with \p Prefix goes to a destination the
  /// rest cannot change: a complete origin (`https://host/`, `?` or `#`
  /// closing the host) or a path (`/items`, not the `//` of a
  /// protocol-relative URL).
  static bool fixesDestination(llvm::StringRef Prefix);
  /// Whether the string node \p N of \p C surely starts with a prefix that
  /// fixes its destination: a literal, a string built from one, or a local
  /// name every assignment of which does (`url = "https://a.example/v1?m=" +
  /// m; url += x`).
  bool startsFixed(const Ctx &C, NodeId N, std::set<std::string> &Visiting, unsigned Depth = 0);
  /// A dict or object literal with at least one constant key.
  static bool isRecord(const ir::Node &N);

  // Object literals.
  struct EntryKey {
    uint32_t Mod, Node, Fn, Key;
    bool operator==(const EntryKey &O) const {
      return Mod == O.Mod && Node == O.Node && Fn == O.Fn && Key == O.Key;
    }
  };
  struct EntryKeyHash {
    size_t operator()(const EntryKey &K) const {
      uint64_t H = 0;
      for (uint32_t Part : {K.Mod, K.Node, K.Fn, K.Key})
        H = (H ^ Part) * 0x100000001B3ull;
      return static_cast<size_t>(H ^ (H >> 31));
    }
  };
  /// Entry values computed in the running analysis (Epoch), and the
  /// entries being computed: objects built from each other's spreads
  /// (`o = {...o, k: v}`) would otherwise be evaluated without end or
  /// exponentially often. Values only grow, and a function that read an
  /// entry is analysed again when what it depends on changes. Each entry
  /// keeps the slots its computation read, read again on every use.
  struct EntryMemo {
    uint32_t Epoch = 0;
    Value V;
    std::vector<uint32_t> Deps;
  };
  llvm::DenseMap<EntryKey, EntryMemo, PodKeyInfo<EntryKey, EntryKeyHash>> Entries;
  std::unordered_set<EntryKey, EntryKeyHash> KeysSeen; ///< recordKeys()'s literals

  /// Entry \p Key of the literal \p R, read at \p Where of module \p AtMod.
  Value property(const Ref &R, const std::string &Key, uint32_t AtMod, ir::Range Where);
  /// The value of entry \p Key (interned) of the literal \p R: the last
  /// entry with that key, or what the spreads after it give. Key 0 stands
  /// for a key not known: every entry.
  Value entryValue(const Ref &R, uint32_t Key);
  /// The constant keys of the literal \p R, its spreads' included.
  void recordKeys(const Ref &R, std::set<std::string> &Keys, unsigned Depth = 0);
  /// Every entry of the literal \p R (a read with a key not known).
  Value allProperties(const Ref &R) { return entryValue(R, 0); }

  // Attributes.
  /// `a.b` of external `a`, by (a, b) interned.
  llvm::DenseMap<uint64_t, std::optional<Ref>> ExternalAttributes;
  /// `m.b` of module m that does not declare b, by (m, b interned).
  llvm::DenseMap<uint64_t, std::optional<Ref>> ModuleAttributes;
  /// Name of attribute b of an external instance a, by (a, b) interned.
  llvm::DenseMap<uint64_t, uint32_t> InstanceAttributes;

  /// How an environment read is written, for its description.
  enum class ReadForm { Call, Subscript, Attribute, Destructuring };
  Value attribute(const Ctx &C, NodeId Id);
  /// Attribute \p Id read from an already evaluated object \p Obj.
  Value attributeOf(const Ctx &C, NodeId Id, const Value &Obj);
  /// Property \p Name (interned \p NameId) of \p Obj, read at \p Where of
  /// C's module: an attribute, or an element of a destructuring pattern.
  Value attributeNamed(const Ctx &C, const std::string &Name, uint32_t NameId, ir::Range Where,
                       const Value &Obj, ReadForm Form, NodeId At = NoNode);

  // Sources.
  /// Root path of each source (built once).
  std::vector<uint32_t> SourceRoots;

  uint32_t rootPath(uint32_t Source) {
    if (Source < SourceRoots.size() && SourceRoots[Source] != NoPath)
      return SourceRoots[Source];
    return newRootPath(Source);
  }
  uint32_t newRootPath(uint32_t Source);
  /// The source at \p Where of module \p Mod told apart by \p Tag (a
  /// variable name, or a kind for sources that are none), made by \p Fill
  /// the first time it is asked for.
  uint32_t sourceAt(uint32_t Mod, ir::Range Where, std::string Tag,
                    llvm::function_ref<void(SourceInfo &)> Fill);
  /// The source of reading \p Variable through \p Callee (a source call or
  /// a source object) at \p Where.
  uint32_t envSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                     const std::string &Variable, ReadForm Form,
                     std::optional<Fallback> Default = std::nullopt);
  /// The source of what the fetching call \p Callee at \p Where downloads
  /// (or, for Written, the file a writer call writes).
  uint32_t fetchSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                       SourceInfo::Kind K = SourceInfo::Fetched);
  /// Fetched and Written sources whose address or content only parameters
  /// of their function decide, by (module, function).
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> FetchesByParameter;
  /// A read of the variable parameter NameParam names, by source callee
  /// Callee; its default is parameter DefaultParam (or -1) or Default.
  struct ParamRead {
    std::string Callee;
    uint32_t NameParam = 0;
    int DefaultParam = -1;
    std::optional<Fallback> Default;
    /// A call (`read(key)`) or a subscript (`environ[key]`) of Callee.
    ReadForm Form = ReadForm::Call;
  };
  std::vector<ParamRead> ParamReads;
  /// Each distinct read (callee, form, parameters, default's kind, text and
  /// place): its index in ParamReads.
  std::map<std::tuple<std::string, int, uint32_t, int, int, std::string, uint32_t, uint32_t>,
           uint32_t>
      ParamReadIndex;
  /// The message of a parametric read's first hop (replaced when grafted).
  static constexpr const char *ParamReadRoot = "the variable a parameter names";
  /// The origin standing for \p R (ParamReadBase + its index).
  uint32_t paramReadOrigin(ParamRead R);
  /// Parameters of enclosing functions read in closures: (global function,
  /// parameter) by OuterParamBase + index, and the index of each.
  std::vector<std::pair<uint32_t, uint32_t>> OuterParams;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> OuterParamIndex;
  static bool isOuterParam(uint32_t Origin) {
    return Origin >= OuterParamBase && Origin < ParamReadBase;
  }
  /// The origin standing for parameter \p I of global function \p G in the
  /// functions nested in it.
  uint32_t outerParamOrigin(uint32_t G, uint32_t I);
  /// The origin \p Origin (a parameter's) stands for in function Mod.F: a
  /// parameter of Mod.F read by a closure is Mod.F's own parameter again.
  uint32_t ownOrigin(uint32_t Mod, uint32_t F, uint32_t Origin);
  /// Adds \p E, whose Param is a parameter origin, to the summary set
  /// \p Into: the running function's for its own parameter, the enclosing
  /// function's for one of its parameters read in a closure (the closure may
  /// run anywhere, but what it sends is what that function was given).
  template <typename Entry>
  void paramEffect(const Ctx &C, Entry E, std::set<Entry> FunctionState::*Into) {
    std::pair<uint32_t, uint32_t> Owner{C.Mod, C.Fn};
    if (isOuterParam(E.Param)) {
      auto [G, I] = OuterParams[E.Param - OuterParamBase];
      Owner = FnOf[G];
      E.Param = ParamBase + I;
    }
    FunctionState &S = state(Owner.first, Owner.second);
    Fixpoint.wrote(S.SummarySlot);
    if ((S.*Into).insert(std::move(E)).second)
      Fixpoint.touch(S.SummarySlot);
  }
  /// A parameter reaches a sink.
  void paramSink(const Ctx &C, SinkHit H) {
    paramEffect(C, std::move(H), &FunctionState::ParamSinks);
  }
  /// A parameter is stored in an attribute.
  void paramFieldWrite(const Ctx &C, FieldWrite W) {
    paramEffect(C, W, &FunctionState::ParamFieldWrites);
  }
  /// Sets \p R's default from node \p N of \p Mod (value \p V): a parameter
  /// of the running function, or the fallback written there.
  void paramReadDefault(ParamRead &R, uint32_t Mod, const Value &V, NodeId N);
  /// The parameter node \p N (value \p V) is: a name whose value is exactly
  /// one parameter of the running function.
  std::optional<uint32_t> parameterOf(uint32_t Mod, const Value &V, NodeId N);
  /// The source standing for the variables sink \p Model's library reads
  /// when call \p Callee at \p Where gives none of its destinations.
  uint32_t implicitSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                          const SinkModel &Model);
  /// The source of request input \p Name (`web.request.args`) read at
  /// \p Where.
  uint32_t requestSource(uint32_t Mod, ir::Range Where, const std::string &Name);
  /// The request object a parameter declared with type \p Annotation holds
  /// (a type that a model names as a request object, or as what request
  /// handlers receive), if any.
  std::optional<Ref> requestType(const Ctx &C, llvm::StringRef Annotation);
  /// The last components of the names of request objects and of what
  /// handlers receive (`Request`), and the aliases imports give them
  /// (`import { Context as Ctx }`): a cheap test before a type annotation
  /// is resolved.
  std::set<std::string, std::less<>> RequestTypeNames;
  /// Adds the aliases \p Mod's imports give to RequestTypeNames.
  void noteRequestTypeAliases(uint32_t Mod);
  /// The type a parameter annotation names, pointers and type arguments
  /// aside (`*http.Request` and `Json<Body>` name `http.Request`, `Json`).
  static llvm::StringRef annotatedType(llvm::StringRef Annotation) {
    llvm::StringRef T = Annotation.ltrim("*& ");
    return T.substr(0, T.find('<')).rtrim();
  }
  /// The last component of a dotted or `::` name.
  static llvm::StringRef lastComponent(llvm::StringRef Name) {
    return Name.substr(Name.find_last_of(".:") + 1);
  }
  /// The types a parameter can be declared with to hold the request: the
  /// request objects and what request handlers receive (a context that
  /// holds one).
  std::set<std::string> RequestTypes;
  /// Whether a decorator of \p Fn registers it as a request handler whose
  /// parameters the framework fills from the request (`@app.post(...)`).
  bool requestHandler(uint32_t Mod, const ir::Function &Fn);
  /// Adds to \p V the user data \p From carries (an attribute, a method's
  /// result of user data is user data; configuration does not flow so).
  void keepUserData(Value &V, const Value &From) {
    for (const auto &F : From.Facts)
      if (F.first < ParamBase && Out.Sources[F.first].isUserData())
        V.Facts.insert(F);
  }
  /// Where data sink \p Model's call \p Call keeps its data, when a string
  /// literal names it (its target argument, or the receiver's making call's).
  std::string dataTarget(uint32_t Mod, NodeId Call, const SinkModel &Model) const;
  /// The source of user data (\p What: "model output", "key") that call
  /// \p Callee at \p Where gives back.
  uint32_t producedSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                          const std::string &What);
  /// The source standing for the literal argument at \p Where.
  uint32_t literalSource(uint32_t Mod, ir::Range Where);
  /// What the content of a fetched response \p Obj carries: its downloads
  /// and, inside a function, its parameters (which may be one).
  Value fetchedContent(const Value &Obj);
  /// The fallback that node \p N of module \p Mod writes.
  Fallback fallbackAt(uint32_t Mod, NodeId N) const {
    const ir::Node &X = mod(Mod).node(N);
    if (X.Kind != NodeKind::Literal)
      return {Fallback::Computed, {}, X.Where, Mod};
    Fallback::Kind K = X.isString()            ? Fallback::String
                       : X.is(ir::Op::NoValue) ? Fallback::NoValue
                                               : Fallback::Literal;
    return {K, X.Text, X.Where, Mod};
  }
  Value sourceValue(uint32_t S) {
    Value V;
    V.Facts.emplace(S, rootPath(S));
    return V;
  }
  /// Records the literal \p D as the fallback of the sources in \p V that
  /// have none (`read("K") or "d"`, `ENV.K ?? "d"`).
  void recordFallback(const Value &V, uint32_t Mod, NodeId D, bool WhenEmpty);
  /// Key \p Name of a parsed configuration schema: an environment
  /// variable, with the default its validator gives.
  Value configField(const Ref &R, const std::string &Name);
  /// The default a schema entry's validator gives: `.default(x)` in its
  /// method chain, or a `default:` keyword of an options object.
  NodeId schemaDefault(uint32_t Mod, NodeId Validator, const SchemaModel &Model);

  // --- Calls (Calls.cpp) ---------------------------------------------------

  struct Arg {
    /// Refers to the IR or to the name table.
    llvm::StringRef Keyword;
    Value V;
    NodeId Node;
    bool Spread = false, KeywordSpread = false;
  };
  /// Most calls pass one or two arguments: kept inline.
  using ArgList = llvm::SmallVector<Arg, 2>;

  /// The arguments of call \p N. A `**spread` of dict literals becomes
  /// their constant-key entries as keyword arguments (`Client(**cfg)`).
  ArgList arguments(const Ctx &C, const ir::Node &N);
  /// A call of the base class or of one of its methods (ir::Op::Super) in
  /// a method: the base class's code runs on the same instance. Nullopt when \p Id is no such call.
  std::optional<Value> superCall(const Ctx &C, NodeId Id);
  Value call(const Ctx &C, NodeId Id);
  /// Call \p Id of what \p R denotes.
  Value callRef(const Ctx &C, NodeId Id, const Ref &R, const ArgList &Args);
  /// The argument \p S names, if passed.
  const Arg *argumentFor(const ArgList &Args, const ArgumentSpec &S) { return argumentAt(Args, S); }
  /// Whether the arguments select destination \p S (its selector argument
  /// names one of its selector names); true when it has no selector.
  bool selects(uint32_t Mod, const ArgList &Args, const ArgumentSpec &S);
  /// How a finding shows its sink: `Callee(label=...)`.
  std::string display(const std::string &Callee, const std::string &Label) const;
  /// How a source's description names its callee: by package name when the
  /// models spell callees so (`viper.GetString`), else as named.
  std::string sourceSpelling(const std::string &Callee) const;
  /// The value node of field \p Path in an object literal of module \p Mod
  /// that \p V denotes (where a finding on that field points), or NoNode.
  NodeId fieldNode(uint32_t Mod, const Value &V, const std::string &Path);
  /// Field \p Path (dotted for nested objects) of the object literals \p V
  /// denotes.
  Value fieldValue(const Value &V, const std::string &Path, uint32_t AtMod, ir::Range Where);
  /// A call of something outside the program: a source, a sink, a
  /// propagator, or a constructor whose result is an instance of \p Name.
  /// The result of a method of an external object denotes something only
  /// when a model names something reached through it (so chains such as
  /// `s.encode().decode()` in a loop do not grow without end).
  Value externalCall(const Ctx &C, NodeId Id, const std::string &Name, const ArgList &Args);
  /// Whether nothing models what \p Callee denotes: no code of the program
  /// and no modelled name (an unknown library, or nothing resolved).
  bool unmodelledCallee(const Value &Callee);
  /// Whether \p Args give one of \p Model's destinations, or may (a spread,
  /// an options object that is not a literal).
  bool givesDestination(uint32_t Mod, const ArgList &Args, const SinkModel &Model);
  /// Fact (Origin, Path) reaches destination \p ArgNode of sink call \p Call
  /// in scope \p C: a finding, or a sink of the function's summary.
  void sinkHit(const Ctx &C, NodeId Call, NodeId ArgNode, const std::string &Callee,
               const SinkModel &Model, const std::string &Label, uint32_t Origin, uint32_t Path);
  /// Binds \p Args to the parameters of Mod.Fn (with \p Self as the first),
  /// and applies the callee's summary at call \p Call of \p C.
  Value applyCall(const Ctx &C, NodeId Call, uint32_t Mod, uint32_t F, const ArgList &Args,
                  const Value *Self);
  /// Records a finding of source \p Origin reaching, along \p Path, the
  /// destination at \p Where of sink call \p Call of module \p Mod (once
  /// per call, sink kind and source).
  void report(uint32_t Mod, NodeId Call, const std::string &Callee, SinkKind Kind,
              const SinkModel &Model, const std::string &Label, ir::Range Where, uint32_t Origin,
              uint32_t Path);

  // --- Statements (Statements.cpp) -----------------------------------------

  /// Merges \p V into target \p T of scope \p C; \p ValueNode is the
  /// expression \p V comes from, if known (a tuple assigns pairwise).
  void assign(const Ctx &C, const ir::Target &T, const Value &V, NodeId ValueNode);
  /// Binds \p Name in scope Mod.F; returns its slot.
  uint32_t declare(uint32_t Mod, uint32_t F, const std::string &Name);
  /// Declares the variables target \p T binds in scope Mod.F, and records
  /// their slots and its attribute names in the function's TargetNames
  /// (unsorted: initialiseFunction sorts them).
  void declareTargets(uint32_t Mod, uint32_t F, const ir::Target &T);
  /// Evaluates the statements of Mod.F, skipping those the solver says
  /// would do nothing new.
  void analyseFunction(uint32_t Mod, uint32_t F);
  /// Parameter \p I of the function of \p C: what callers pass, and its
  /// default.
  void parameter(const Ctx &C, FunctionState &S, size_t I);

  // --- Setup (Engine.cpp) --------------------------------------------------

  void initialise();
  /// Functions, variables, parameters and imports of module \p Mod (its
  /// function numbers start at the present count).
  void initialiseModule(uint32_t Mod);
  /// The slots of function Mod.F: summary, parameters, the variables it
  /// binds.
  void initialiseFunction(uint32_t Mod, uint32_t F);
  /// Solves from the queued functions; the limits, sources of fields no
  /// code reads and fetches no code calls, after.
  void solve(size_t Budget);

  // --- Incremental solving (Engine.cpp) ------------------------------------
  //
  // With EngineOptions::Incremental the engine records who did what to state
  // kept outside slots: which functions reported each finding, created each
  // source and recorded a fallback into it. Each list holds every function
  // that did or tried to (a finding reported again, a fallback a source
  // already had), so that an update re-runs all of them.

  bool Tracking = false;
  size_t LastAnalyses = 0, LastStarted = 0;
  /// Per finding of Out.Findings: the functions that reported it.
  std::vector<llvm::SmallVector<uint32_t, 1>> Reporters;
  struct SourceTrack {
    llvm::SmallVector<uint32_t, 1> Creators;
    llvm::SmallVector<uint32_t, 1> FallbackTries;
    /// Who recorded the fallback the source has (Solver::NoFn: its read).
    uint32_t FallbackBy = Solver::NoFn;
    /// The other modules whose classes decide it (a settings field's class
    /// lineage: bases and options).
    llvm::SmallVector<uint32_t, 2> Lineage;
    /// Its module changed: the key (a position) means nothing now.
    bool Dead = false;
    /// Made again since the last update began (or never in question).
    bool Confirmed = true;
  };
  std::vector<SourceTrack> SourceTracks;
  SourceTrack &sourceTrack(uint32_t S) {
    if (SourceTracks.size() <= S)
      SourceTracks.resize(Out.Sources.size());
    return SourceTracks[S];
  }
  void noteBy(llvm::SmallVectorImpl<uint32_t> &List) {
    if (!Tracking)
      return;
    uint32_t F = Fixpoint.current();
    if (llvm::find(List, F) == List.end())
      List.push_back(F);
  }
  void noteCreator(uint32_t S) {
    if (!Tracking)
      return;
    SourceTrack &T = sourceTrack(S);
    T.Confirmed = true;
    noteBy(T.Creators);
  }

  // --- Functions analysed on demand (Demand.cpp) ---------------------------

  bool Demand = false;
  /// Per global function: queued at least once.
  std::vector<uint8_t> Active;
  /// Functions not started, by the names their code mentions: those that
  /// mention name N are MentionFns[MentionStart[N] .. MentionStart[N + 1]).
  std::vector<uint32_t> MentionStart, MentionFns;
  /// Names whose mentioners were woken.
  llvm::DenseSet<uint32_t> Woken;
  /// Globals and fields by slot: a value from a source stored there wakes
  /// the functions that mention the name.
  llvm::DenseMap<uint32_t, uint32_t> SlotNames;
  void nameSlot(uint32_t S, uint32_t Name) {
    SlotNames[S] = Name;
    Fixpoint.name(S);
  }
  /// Per global function: its return woke its callers.
  std::vector<uint8_t> ReturnWoke;
  /// Settings classes by name (see queueStart()).
  llvm::DenseSet<uint32_t> SettingsNames;
  /// Whether \p V holds what a reader can get a source from: a value read
  /// from one (or, with \p ParamReads, a variable the caller names), an
  /// object literal, a schema or an instance of a settings class.
  bool carries(const Value &V, bool ParamReads);
  /// Activates the functions that mention \p Name (once).
  void wake(uint32_t Name);
  /// A slot named by nameSlot() changed.
  void slotChanged(uint32_t S);
  /// Function Mod.F returned \p V: a value from a source or a read of a
  /// variable its caller names wakes the functions mentioning it.
  void returned(uint32_t Mod, uint32_t F, const Value &V);
  /// Per global function: the functions nested in it.
  std::vector<llvm::SmallVector<uint32_t, 1>> Nested;
  /// Per global function: the function it is nested in (not a module or
  /// class body), or Solver::NoFn.
  std::vector<uint32_t> Enclosing;
  /// Queues function \p G (global number) and the functions nested in it,
  /// if they never were.
  void activate(uint32_t G);
  /// Marks the functions to start from and queues them.
  void queueStart();
};

} // namespace teetidy::dataflow
