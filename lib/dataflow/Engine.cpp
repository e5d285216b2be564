#include "dataflow/Engine.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <queue>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace teetidy::dataflow {

std::vector<std::string> moduleNamesFor(const std::string &Path) {
  std::string P = Path;
  for (const char *Ext : {".pyi", ".py"}) {
    std::string E = Ext;
    if (P.size() > E.size() && P.compare(P.size() - E.size(), E.size(), E) == 0) {
      P.resize(P.size() - E.size());
      break;
    }
  }
  std::vector<std::string> Parts;
  size_t Start = 0;
  while (Start <= P.size()) {
    size_t Slash = P.find('/', Start);
    if (Slash == std::string::npos)
      Slash = P.size();
    std::string Part = P.substr(Start, Slash - Start);
    if (!Part.empty() && Part != ".")
      Parts.push_back(Part);
    Start = Slash + 1;
  }
  if (!Parts.empty() && Parts.back() == "__init__")
    Parts.pop_back();
  std::vector<std::string> Out;
  std::string Name;
  for (size_t I = Parts.size(); I-- > 0;) {
    // Stop at parts that cannot be Python identifiers (e.g. "/tmp/x-y").
    bool Ident = !Parts[I].empty() && !std::isdigit(static_cast<unsigned char>(Parts[I][0]));
    for (char C : Parts[I])
      Ident &= std::isalnum(static_cast<unsigned char>(C)) || C == '_';
    if (!Ident)
      break;
    Name = Name.empty() ? Parts[I] : Parts[I] + "." + Name;
    Out.push_back(Name);
  }
  return Out;
}

namespace {

using ir::NodeId;
using ir::NodeKind;
using ir::NoNode;

constexpr uint32_t ParamBase = 1u << 31;
/// External names longer than this (`x.a.b.c...`) are not followed: no model
/// names one, and a loop like `s = s.encode().decode()` would otherwise build
/// ever longer names and never reach a fixed point.
constexpr size_t MaxNameComponents = 8;

/// References kept per value. Real code rarely needs more than a handful;
/// the cap bounds the work on code that mixes many objects in one variable
/// (each new reference makes the value's readers run again).
constexpr size_t MaxRefs = 16;
/// Ancestors followed when looking up methods and settings fields.
constexpr size_t MaxLineage = 64;

/// Whether \p S is one of \p Words (sizes compared first).
bool oneOf(llvm::StringRef S, std::initializer_list<llvm::StringRef> Words) {
  for (llvm::StringRef W : Words)
    if (S == W)
      return true;
  return false;
}

size_t components(const std::string &Name) {
  return static_cast<size_t>(std::count(Name.begin(), Name.end(), '.')) + 1;
}
constexpr uint32_t NoPath = ~0u;

enum class RefKind : uint8_t {
  Module,           ///< A: module
  Function,         ///< A: module, B: function
  BoundMethod,      ///< A: module, B: function; self is an Instance of its class
  Class,            ///< A: module, B: class
  Instance,         ///< A: module, B: class
  External,         ///< Name: qualified name of something outside the program
  ExternalInstance, ///< Name: qualified type name plus attribute path
  /// A dict or object literal with constant keys: A module, B its node,
  /// C the function whose scope evaluates its entries. Constant-key reads
  /// resolve to the matching entry only.
  Object,
  /// A configuration schema over the object literal A/B/C, built by the
  /// schema model named N (zod `z.object({...})`); SchemaParser is its
  /// parse method; Config is the parsed result, whose properties are
  /// environment variables named by the literal's keys.
  Schema,
  SchemaParser,
  Config,
};

/// DenseMap keys for small structs of integers compared field by field:
/// the empty and tombstone keys are all-ones and all-ones-but-one, which
/// no real key (made of indices) takes.
template <typename T, typename H = typename T::Hash> struct PodKeyInfo {
  static T filled(uint8_t Byte) {
    T K;
    std::memset(&K, Byte, sizeof(T));
    return K;
  }
  static T getEmptyKey() { return filled(0xFF); }
  static T getTombstoneKey() { return filled(0xFE); }
  static unsigned getHashValue(const T &K) { return static_cast<unsigned>(H()(K)); }
  static bool isEqual(const T &A, const T &B) { return std::memcmp(&A, &B, sizeof(T)) == 0; }
};

/// What a value denotes. External names are interned (N indexes the
/// engine's name table) so that comparing references compares integers.
struct Ref {
  RefKind K;
  uint32_t A = 0, B = 0;
  /// BoundMethod: the instance's module (C) and class (N).
  uint32_t C = 0, N = 0;
  bool operator<(const Ref &O) const {
    return std::tie(K, A, B, C, N) < std::tie(O.K, O.A, O.B, O.C, O.N);
  }
};

/// A set kept as a sorted vector. Values hold a handful of facts and
/// references, and they are copied often: one vector copies much faster than
/// a tree of nodes.
template <typename T> class SmallSet {
public:
  using Storage = llvm::SmallVector<T, 2>;
  using const_iterator = typename Storage::const_iterator;
  std::pair<const_iterator, bool> insert(const T &X) {
    auto It = std::lower_bound(Items.begin(), Items.end(), X);
    if (It != Items.end() && !(X < *It))
      return {It, false};
    return {Items.insert(It, X), true};
  }
  size_t count(const T &X) const {
    return std::binary_search(Items.begin(), Items.end(), X) ? 1 : 0;
  }
  const_iterator begin() const { return Items.begin(); }
  const_iterator end() const { return Items.end(); }
  size_t size() const { return Items.size(); }
  bool empty() const { return Items.empty(); }
  void clear() { Items.clear(); }

private:
  Storage Items;
};

/// A growing array whose elements stay in place: fixed-size chunks of
/// 2^ChunkBits elements (std::deque allocates a block per 512 bytes, a few
/// elements of a large T).
template <typename T, unsigned ChunkBits = 10> class StableVector {
public:
  T &operator[](size_t I) { return Chunks[I >> ChunkBits][I & Mask]; }
  const T &operator[](size_t I) const { return Chunks[I >> ChunkBits][I & Mask]; }
  size_t size() const { return Size; }
  T &emplace_back() {
    if ((Size & Mask) == 0)
      Chunks.push_back(std::make_unique<T[]>(size_t(1) << ChunkBits));
    return (*this)[Size++];
  }

private:
  static constexpr size_t Mask = (size_t(1) << ChunkBits) - 1;
  std::vector<std::unique_ptr<T[]>> Chunks;
  size_t Size = 0;
};

/// A map kept as a vector sorted by key (see SmallSet).
template <typename K, typename V> class SmallMap {
public:
  using Entry = std::pair<K, V>;
  using Storage = llvm::SmallVector<Entry, 2>;
  using iterator = typename Storage::iterator;
  using const_iterator = typename Storage::const_iterator;
  std::pair<iterator, bool> emplace(const K &Key, const V &Val) {
    auto It = std::lower_bound(Items.begin(), Items.end(), Key,
                               [](const Entry &E, const K &X) { return E.first < X; });
    if (It != Items.end() && It->first == Key)
      return {It, false};
    return {Items.insert(It, Entry(Key, Val)), true};
  }
  std::pair<iterator, bool> insert(const Entry &E) { return emplace(E.first, E.second); }
  const_iterator find(const K &Key) const {
    auto It = std::lower_bound(Items.begin(), Items.end(), Key,
                               [](const Entry &E, const K &X) { return E.first < X; });
    return It != Items.end() && It->first == Key ? It : Items.end();
  }
  size_t count(const K &Key) const {
    auto It = std::lower_bound(Items.begin(), Items.end(), Key,
                               [](const Entry &E, const K &X) { return E.first < X; });
    return It != Items.end() && It->first == Key ? 1 : 0;
  }
  iterator erase(iterator It) { return Items.erase(It); }
  iterator begin() { return Items.begin(); }
  iterator end() { return Items.end(); }
  const_iterator begin() const { return Items.begin(); }
  const_iterator end() const { return Items.end(); }
  size_t size() const { return Items.size(); }
  bool empty() const { return Items.empty(); }

private:
  Storage Items;
};

struct Value {
  SmallMap<uint32_t, uint32_t> Facts; ///< origin -> path
  SmallSet<Ref> Refs;
  bool empty() const { return Facts.empty() && Refs.empty(); }
};

struct PathNode {
  uint32_t Module;
  ir::Range Where;
  llvm::StringRef Message; ///< kept by the engine's string saver
  uint32_t Parent;
  uint32_t Length;
  bool ParamRoot;
};

struct SinkHit {
  NodeId Call;
  std::string Callee, Kind;
  uint32_t Param; ///< origin (ParamBase + i)
  uint32_t Path;
  ir::Range Where;
  std::string Label; ///< the destination's keyword, if it has one
  bool operator<(const SinkHit &O) const {
    return std::tie(Call, Callee, Kind, Param) < std::tie(O.Call, O.Callee, O.Kind, O.Param);
  }
};

struct FieldWrite {
  uint32_t Module, Class;
  uint32_t Field; ///< interned name
  uint32_t Param;
  uint32_t Path;
  bool operator<(const FieldWrite &O) const {
    return std::tie(Module, Class, Field, Param) < std::tie(O.Module, O.Class, O.Field, O.Param);
  }
};

/// A shared cell of the analysis: a variable of one scope, an attribute of
/// one class, or a function's summary or incoming parameter references.
/// Functions that read a slot are analysed again when it changes.
struct Slot {
  Value V;
  /// Variables: bound in their scope (assigned, a parameter, an import).
  bool Declared = false;
  llvm::SmallVector<uint32_t, 2> Readers; ///< global function indices
};

struct FunctionState {
  /// Interned name -> slot, for names bound in the function (and, for a
  /// module body, names looked up there that may be bound later).
  SmallMap<uint32_t, uint32_t> Locals;
  std::vector<SmallSet<Ref>> ParamRefs;
  Value Return;
  std::set<SinkHit> ParamSinks;
  std::set<FieldWrite> ParamFieldWrites;
  uint32_t SummarySlot = 0, ParamsSlot = 0;
  std::vector<uint32_t> ParamSlots;
  /// Slots whose Readers list this function, sorted.
  std::vector<uint32_t> Registered;
  /// Per statement of the last analysis: the clock when it was evaluated
  /// and the slots it read (MemoReads[Begin, Begin + Count)).
  struct Memo {
    uint32_t At, Begin, Count;
  };
  std::vector<Memo> Memos;
  std::vector<uint32_t> MemoReads;
};

struct SettingsField {
  std::vector<std::string> Variables;
  std::string Annotation;
  bool CaseInsensitive = true;
  std::optional<std::string> Default;
  ir::Range DefaultWhere;
  bool DefaultIsString = false;
  ir::Range Where;
};

class Engine {
public:
  Engine(const std::vector<ProgramModule> &P, const Models &Mo, const EngineOptions &O)
      : Program(P), M(Mo), Opts(O) {}

  Result run();

private:
  const std::vector<ProgramModule> &Program;
  const Models &M;
  const EngineOptions &Opts;

  std::vector<std::vector<FunctionState>> States;
  std::unordered_map<std::string, std::vector<uint32_t>> ModulesByName;
  std::unordered_map<std::string, uint32_t> ModulesByPath;
  /// `from m import *` (`export * from 'm'`) of each module's top level.
  std::vector<std::vector<const ir::Import *>> StarImports;
  /// Per global function index: the imports (other than `*`) it executes.
  std::vector<std::vector<const ir::Import *>> ImportsIn;
  std::vector<PathNode> Paths;
  Result Out;
  std::map<std::tuple<uint32_t, uint32_t, std::string>, uint32_t> SourceIndex;
  std::map<std::tuple<uint32_t, uint32_t, std::string, uint32_t>, size_t> FindingIndex;
  /// Interned names (external names, variables, attributes); index 0 is
  /// unused.
  /// A deque: the index refers to the names in place.
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
  /// The longest dotted name of each module.
  std::vector<std::string> ModuleName;
  /// `a.b` of external `a`, by (a, b) interned.
  llvm::DenseMap<uint64_t, std::optional<Ref>> ExternalAttributes;
  /// Name of attribute b of an external instance a, by (a, b) interned.
  llvm::DenseMap<uint64_t, uint32_t> InstanceAttributes;

  // An external name is live when a model or a module of the program could
  // still be reached from it: it is a dotted prefix of a model's callee or
  // of a module name. References to other external names (`int`, `foo.bar`
  // of an unmodelled library) can never lead to a source, sink or
  // propagator, so they are not kept at all: they would only make values
  // larger and make functions run again when they reach parameters.
  std::unordered_set<std::string> LiveNames;
  /// Names of the global object (`globalThis.fetch` is `fetch`).
  std::unordered_set<uint32_t> GlobalObjects;
  std::vector<int8_t> LiveById;
  void addLive(const std::string &Name) {
    for (size_t Dot = Name.find('.'); Dot != std::string::npos; Dot = Name.find('.', Dot + 1))
      LiveNames.insert(Name.substr(0, Dot));
    LiveNames.insert(Name);
  }
  bool live(uint32_t Id) {
    if (LiveById.size() <= Id)
      LiveById.resize(NameTable.size(), -1);
    if (LiveById[Id] < 0)
      LiveById[Id] = LiveNames.count(NameTable[Id]) ? 1 : 0;
    return LiveById[Id] == 1;
  }
  /// Root path of each source (built once).
  std::vector<uint32_t> SourceRoots;

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
      Set(M.SettingsBases, SettingsBase);
      Set(M.SettingsFields, SettingsFieldMaker);
      Set(M.DependencyInjectors, DependencyInjector);
      Set(M.CallbackMethods, CallbackMethod);
    }
    return Fl & F;
  }

  // --- Slots and dependencies -----------------------------------------
  //
  // Functions are re-analysed only when a slot they read has changed. An
  // analysis records each slot it reads once; afterwards the function is
  // added to the readers of the slots it had not read before. A change of a
  // slot queues its readers, and the running function itself only when it
  // read the slot earlier in the same analysis (a later read sees the new
  // value anyway).

  StableVector<Slot> Slots; ///< references stay valid as it grows
  /// What the worklist and the statement memos ask of a slot, apart from
  /// its value and in one place: each access is one cache line, not four.
  struct SlotMeta {
    uint32_t ReadEpoch = 0; ///< the analysis (Epoch) that last read it
    uint32_t Changed = 0;   ///< the Clock at its last change
    uint32_t Mark = 0;      ///< the capture (CaptureSerial) that last held it
    uint8_t HasClasses = 0; ///< some ClassInfo was computed from it
  };
  std::vector<SlotMeta> Meta;
  struct FieldKey {
    uint32_t Mod, Class, Name;
    struct Hash {
      size_t operator()(const FieldKey &K) const {
        return (static_cast<size_t>(K.Mod) * 0x9E3779B97F4A7C15ull) ^
               (static_cast<size_t>(K.Class) << 20) ^ (static_cast<size_t>(K.Name) << 1);
      }
    };
  };
  llvm::DenseMap<FieldKey, uint32_t, PodKeyInfo<FieldKey>> FieldSlots;

  static constexpr uint32_t NoFn = ~0u;
  std::vector<uint32_t> FnBase;                    ///< per module
  std::vector<std::pair<uint32_t, uint32_t>> FnOf; ///< global index -> (module, function)
  /// Functions to analyse, by rank: a change is followed through the
  /// program in its initial order (modules after what they import), which
  /// settles a value before its readers far more often than first-in
  /// first-out does.
  std::priority_queue<std::pair<uint32_t, uint32_t>, std::vector<std::pair<uint32_t, uint32_t>>,
                      std::greater<>>
      Worklist;
  std::vector<uint32_t> Rank;
  std::vector<uint8_t> Queued;
  uint32_t Current = NoFn;
  uint32_t Epoch = 0;
  std::vector<uint32_t> Reads;
  bool NeedRerun = false;

  uint32_t newSlot() {
    Slots.emplace_back();
    Meta.emplace_back();
    return static_cast<uint32_t>(Slots.size() - 1);
  }

  void read(uint32_t S) {
    if (!CaptureStarts.empty() && (CaptureStarts.size() > 1 || Meta[S].Mark != CaptureSerial)) {
      Meta[S].Mark = CaptureSerial;
      CaptureBuf.push_back(S);
    }
    if (Current == NoFn || Meta[S].ReadEpoch == Epoch)
      return;
    Meta[S].ReadEpoch = Epoch;
    Reads.push_back(S);
  }

  void queue(uint32_t Fn) {
    if (!Queued[Fn]) {
      Queued[Fn] = 1;
      Worklist.push({Rank[Fn], Fn});
    }
  }

  void touch(uint32_t S) {
    Meta[S].Changed = ++Clock;
    if (Meta[S].HasClasses)
      forgetClasses(S);
    if (Current != NoFn && Meta[S].ReadEpoch == Epoch)
      NeedRerun = true;
    for (uint32_t R : Slots[S].Readers)
      if (R != Current)
        queue(R);
  }

  /// Adds the running function to the readers of the slots it read.
  void registerReads(FunctionState &S) {
    // Usually an analysis reads what the previous one read.
    bool AllKnown = true;
    for (uint32_t R : Reads)
      if (!std::binary_search(S.Registered.begin(), S.Registered.end(), R)) {
        AllKnown = false;
        break;
      }
    if (AllKnown) {
      Reads.clear();
      return;
    }
    std::sort(Reads.begin(), Reads.end());
    if (S.Registered.empty()) { // the first analysis
      for (uint32_t R : Reads)
        Slots[R].Readers.push_back(Current);
      S.Registered.assign(Reads.begin(), Reads.end());
      Reads.clear();
      return;
    }
    std::vector<uint32_t> &Merged = MergeScratch;
    Merged.clear();
    size_t I = 0, J = 0;
    while (I < S.Registered.size() || J < Reads.size()) {
      if (J == Reads.size() || (I < S.Registered.size() && S.Registered[I] < Reads[J])) {
        Merged.push_back(S.Registered[I++]);
      } else if (I < S.Registered.size() && S.Registered[I] == Reads[J]) {
        Merged.push_back(S.Registered[I++]);
        ++J;
      } else {
        Slots[Reads[J]].Readers.push_back(Current);
        Merged.push_back(Reads[J++]);
      }
    }
    S.Registered.assign(Merged.begin(), Merged.end());
    Reads.clear();
  }
  std::vector<uint32_t> MergeScratch;

  /// The slot of variable \p Name in scope Mod.Fn, if bound there.
  std::optional<uint32_t> local(uint32_t Mod, uint32_t F, uint32_t Name) {
    const auto &L = state(Mod, F).Locals;
    auto It = L.find(Name);
    if (It == L.end() || !Slots[It->second].Declared)
      return std::nullopt;
    return It->second;
  }
  /// The slot of \p Name in scope Mod.Fn, made (unbound) if missing.
  uint32_t localSlot(uint32_t Mod, uint32_t F, uint32_t Name) {
    auto &L = state(Mod, F).Locals;
    auto It = L.find(Name);
    if (It != L.end())
      return It->second;
    uint32_t S = newSlot();
    state(Mod, F).Locals.emplace(Name, S);
    return S;
  }
  uint32_t fieldSlot(uint32_t Mod, uint32_t Class, uint32_t Name) {
    auto [It, New] = FieldSlots.try_emplace(FieldKey{Mod, Class, Name}, 0);
    if (New)
      It->second = newSlot();
    return It->second;
  }
  uint32_t nodeName(uint32_t Mod, NodeId Id) {
    uint32_t &N = NodeNames[Mod][Id];
    if (!N)
      N = intern(mod(Mod).node(Id).Text);
    return N;
  }

  uint32_t intern(const std::string &Name) {
    if (auto It = NameIndex.find(Name); It != NameIndex.end())
      return It->second;
    uint32_t Id = static_cast<uint32_t>(NameTable.size());
    NameTable.push_back(Name);
    NameIndex.try_emplace(NameTable.back(), Id);
    return Id;
  }
  const std::string &nameOf(const Ref &R) const { return NameTable[R.N]; }

  struct Ctx {
    uint32_t Mod, Fn;
  };

  const ir::Module &mod(uint32_t I) const { return *Program[I].Module; }
  const ir::Function &fn(uint32_t Mod, uint32_t F) const { return mod(Mod).Functions[F]; }
  FunctionState &state(uint32_t Mod, uint32_t F) { return States[Mod][F]; }

  // --- Paths ------------------------------------------------------------

  uint32_t hop(uint32_t Parent, uint32_t Mod, ir::Range Where, llvm::StringRef Msg,
               bool ParamRoot = false) {
    uint32_t Len = Parent == NoPath ? 1 : Paths[Parent].Length + 1;
    if (Parent != NoPath && Len > Opts.MaxPathLength)
      return Parent;
    // The same hop is asked for every time a call or assignment is
    // evaluated again; reuse it, so the table grows only with new paths.
    uint64_t Key = std::hash<std::string_view>()(Msg);
    for (uint64_t Part : {uint64_t(Parent), uint64_t(Mod), uint64_t(Where.Begin),
                          uint64_t(Where.End), uint64_t(ParamRoot)})
      Key = Key * 1000003u ^ std::hash<uint64_t>()(Part);
    Key &= ~uint64_t(0) >> 1; // clear of DenseMap's reserved keys
    auto [It, New] = HopIndex.try_emplace(Key, static_cast<uint32_t>(Paths.size()));
    if (!New) {
      const PathNode &Old = Paths[It->second];
      if (Old.Parent == Parent && Old.Module == Mod && Old.Where.Begin == Where.Begin &&
          Old.Where.End == Where.End && Old.ParamRoot == ParamRoot && Old.Message == Msg)
        return It->second;
    }
    Paths.push_back({Mod, Where, Messages.save(Msg), Parent, Len, ParamRoot});
    return static_cast<uint32_t>(Paths.size() - 1);
  }
  llvm::DenseMap<uint64_t, uint32_t> HopIndex;
  /// A hop's message, built in a buffer that is reused (hop() copies it).
  std::string MsgBuf;
  llvm::StringRef msg(std::initializer_list<llvm::StringRef> Parts) {
    MsgBuf.clear();
    for (llvm::StringRef Part : Parts)
      MsgBuf.append(Part.data(), Part.size());
    return MsgBuf;
  }
  llvm::BumpPtrAllocator MessageMemory;
  llvm::StringSaver Messages{MessageMemory};

  /// A hop whose message is determined by (Mod, Where, Kind, A, B): the
  /// index is looked up without building the message, which \p MakeMsg
  /// makes only for a new hop. Calls are evaluated many times, and most
  /// of their hops exist already.
  struct TaggedHop {
    uint32_t Parent, Mod, Begin, End, Kind, A, B;
    struct Hash {
      size_t operator()(const TaggedHop &H) const {
        uint64_t K = 0;
        for (uint32_t Part : {H.Parent, H.Mod, H.Begin, H.End, H.Kind, H.A, H.B})
          K = (K ^ Part) * 0x100000001B3ull;
        return static_cast<size_t>(K ^ (K >> 29));
      }
    };
  };
  llvm::DenseMap<TaggedHop, uint32_t, PodKeyInfo<TaggedHop>> TaggedHops;
  template <typename MsgFn>
  uint32_t taggedHop(uint32_t Parent, uint32_t Mod, ir::Range Where, uint32_t Kind, uint32_t A,
                     uint32_t B, MsgFn MakeMsg) {
    TaggedHop Key{Parent, Mod, Where.Begin, Where.End, Kind, A, B};
    if (auto It = TaggedHops.find(Key); It != TaggedHops.end())
      return It->second;
    uint32_t P = hop(Parent, Mod, Where, MakeMsg());
    TaggedHops.try_emplace(Key, P);
    return P;
  }
  /// Keys (callee path, base path) never reach DenseMap's reserved keys.
  llvm::DenseMap<uint64_t, uint32_t> Grafts;

  /// Re-roots the hops of \p Callee (a path starting at a parameter) onto
  /// \p Base.
  uint32_t graft(uint32_t Callee, uint32_t Base) {
    uint64_t Key = (static_cast<uint64_t>(Callee) << 32) | Base;
    if (auto It = Grafts.find(Key); It != Grafts.end())
      return It->second;
    std::vector<uint32_t> Chain;
    for (uint32_t P = Callee; P != NoPath && !Paths[P].ParamRoot; P = Paths[P].Parent)
      Chain.push_back(P);
    uint32_t Cur = Base;
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
      PathNode N = Paths[*It];
      Cur = hop(Cur, N.Module, N.Where, N.Message);
    }
    Grafts.try_emplace(Key, Cur);
    return Cur;
  }

  // --- Values -----------------------------------------------------------

  /// Merges \p From into \p Into; new facts get a hop made by \p MakeHop.
  template <typename HopFn> bool merge(Value &Into, const Value &From, HopFn MakeHop) {
    bool Grew = false;
    for (const auto &[Origin, Path] : From.Facts)
      if (!Into.Facts.count(Origin)) {
        Into.Facts.emplace(Origin, MakeHop(Path));
        Grew = true;
      }
    for (const Ref &R : From.Refs) {
      if (Into.Refs.size() >= MaxRefs)
        break;
      Grew |= Into.Refs.insert(R).second;
    }
    return Grew;
  }
  bool merge(Value &Into, const Value &From) {
    return merge(Into, From, [](uint32_t P) { return P; });
  }
  static void unite(Value &Into, const Value &From) {
    for (const auto &F : From.Facts)
      Into.Facts.insert(F);
    for (const Ref &R : From.Refs) {
      if (Into.Refs.size() >= MaxRefs)
        break;
      Into.Refs.insert(R);
    }
  }
  static Value withoutParams(Value V) {
    for (auto It = V.Facts.begin(); It != V.Facts.end();)
      It = It->first >= ParamBase ? V.Facts.erase(It) : std::next(It);
    return V;
  }

  std::string literalText(uint32_t Mod, NodeId N) const {
    if (N == NoNode)
      return {};
    const ir::Node &Node = mod(Mod).node(N);
    return Node.Kind == NodeKind::Literal ? Node.Text : std::string();
  }
  bool isStringLiteral(uint32_t Mod, NodeId N) const {
    return N != NoNode && mod(Mod).node(N).Kind == NodeKind::Literal && mod(Mod).node(N).IsString;
  }

  // --- Names and modules ------------------------------------------------

  std::optional<uint32_t> findModule(const std::string &Name, uint32_t From) {
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

  /// The package a module belongs to, for relative imports.
  std::string packageOf(uint32_t Mod, unsigned Level) {
    std::vector<std::string> Names = moduleNamesFor(Program[Mod].Path);
    std::string Name = Names.empty() ? std::string() : Names.back();
    bool IsInit = Program[Mod].Path.size() >= 11 &&
                  Program[Mod].Path.compare(Program[Mod].Path.size() - 11, 11, "__init__.py") == 0;
    unsigned Drop = IsInit ? Level - 1 : Level;
    for (unsigned I = 0; I < Drop; ++I) {
      size_t Dot = Name.rfind('.');
      Name = Dot == std::string::npos ? std::string() : Name.substr(0, Dot);
    }
    return Name;
  }

  Value moduleValue(const std::string &Name, uint32_t From) {
    Value V;
    if (auto Found = findModule(Name, From))
      V.Refs.insert({RefKind::Module, *Found, 0, {}});
    else if (uint32_t Id = intern(Name); live(Id))
      V.Refs.insert({RefKind::External, 0, 0, 0, Id});
    return V;
  }

  /// Global \p Name of module \p Mod, if bound (read even when it is not,
  /// since another module may bind it later with `mod.Name = v`).
  const Value *globalOf(uint32_t Mod, uint32_t Name) {
    uint32_t S = localSlot(Mod, 0, Name);
    read(S);
    return Slots[S].Declared ? &Slots[S].V : nullptr;
  }

  /// The dotted module an import names (relative imports made absolute).
  std::string importBase(uint32_t Mod, const ir::Import &I) {
    if (!I.Level)
      // Node's built-in modules answer to `node:http` and `http` alike.
      return llvm::StringRef(I.Module).startswith("node:") ? I.Module.substr(5) : I.Module;
    std::string Pkg = packageOf(Mod, I.Level);
    return Pkg.empty() ? I.Module : I.Module.empty() ? Pkg : Pkg + "." + I.Module;
  }

  /// The module of the program an import binds to, if any.
  std::optional<uint32_t> importTarget(uint32_t Mod, const ir::Import &I) {
    if (!I.ResolvedPath.empty()) {
      auto It = ModulesByPath.find(I.ResolvedPath);
      if (It != ModulesByPath.end())
        return It->second;
      return std::nullopt;
    }
    return findModule(importBase(Mod, I), Mod);
  }

  static Value refValue(const Ref &R) {
    Value V;
    V.Refs.insert(R);
    return V;
  }

  /// What module \p Mod exports as \p Name: a global, or a name it
  /// re-exports with `from m import *` (`export * from 'm'`). Null when it
  /// has none.
  std::optional<Value> exported(uint32_t Mod, uint32_t Name, unsigned Depth = 0) {
    if (const Value *G = globalOf(Mod, Name))
      return *G;
    if (Depth < 8)
      for (const ir::Import *I : StarImports[Mod])
        if (auto T = importTarget(Mod, *I); T && *T != Mod)
          if (auto V = exported(*T, Name, Depth + 1))
            return V;
    // A property of a default-exported object (`module.exports = {...}`).
    if (const Value *D = globalOf(Mod, intern("default"))) {
      Value Default = *D;
      Value P;
      for (const Ref &R : Default.Refs)
        if (R.K == RefKind::Object)
          unite(P, property(R, NameTable[Name], Mod, {}));
      if (!P.empty())
        return P;
    }
    return std::nullopt;
  }

  Value importValue(uint32_t Mod, const ir::Import &I) {
    std::string Base = importBase(Mod, I);
    if (!I.ResolvedPath.empty())
      if (auto Target = importTarget(Mod, I)) {
        if (I.Name.empty()) {
          // A namespace, or a CommonJS module whose `module.exports` is a
          // value (`fetch(require("./url"))`): its facts come along.
          Value V = refValue({RefKind::Module, *Target, 0, {}});
          if (const Value *D = globalOf(*Target, intern("default")))
            for (const auto &F : D->Facts)
              V.Facts.insert(F);
          return V;
        }
        if (auto V = exported(*Target, intern(I.Name)))
          return *V;
        return {};
      }
    if (I.Name.empty()) {
      // `import a.b` binds a; `import a.b as c` binds a.b; a specifier
      // (`require("@scope/pkg")`) is one name.
      if (!I.Alias.empty() || Base.find('/') != std::string::npos)
        return moduleValue(Base, Mod);
      return moduleValue(Base.substr(0, Base.find('.')), Mod);
    }
    if (auto Target = findModule(Base, Mod))
      if (auto V = exported(*Target, intern(I.Name)))
        return *V;
    // The default export of a package is the package (`import axios from
    // "axios"` calls what `require("axios")` does).
    if (llvm::StringRef(I.Name) == "default")
      return moduleValue(Base, Mod);
    return moduleValue(Base.empty() ? I.Name : Base + "." + I.Name, Mod);
  }

  uint32_t ThisName = 0;
  Value lookup(const Ctx &C, uint32_t Name) {
    if (C.Fn != 0)
      if (auto S = local(C.Mod, C.Fn, Name)) {
        read(*S);
        return Slots[*S].V;
      }
    // Enclosing functions (class bodies are not scopes for their methods).
    for (int P = fn(C.Mod, C.Fn).Parent; P > 0; P = fn(C.Mod, static_cast<uint32_t>(P)).Parent) {
      const ir::Function &Outer = fn(C.Mod, static_cast<uint32_t>(P));
      if (llvm::StringRef(Outer.Name) == "<class-body>")
        continue;
      if (auto S = local(C.Mod, static_cast<uint32_t>(P), Name)) {
        read(*S);
        return withoutParams(Slots[*S].V);
      }
    }
    if (const Value *G = globalOf(C.Mod, Name))
      return *G;
    for (const ir::Import *I : StarImports[C.Mod])
      if (auto T = importTarget(C.Mod, *I); T && *T != C.Mod)
        if (auto E = exported(*T, Name, 1))
          return *E;
    // `this` in a class field's initialiser, or in an arrow function
    // there, is the instance (methods bind it as their first parameter).
    // In a method of an object literal, `this` is the literal.
    if (Name == ThisName)
      for (int F = static_cast<int>(C.Fn); F > 0; F = fn(C.Mod, static_cast<uint32_t>(F)).Parent) {
        const ir::Function &Fn = fn(C.Mod, static_cast<uint32_t>(F));
        if (Fn.Class >= 0)
          return refValue({RefKind::Instance, C.Mod, static_cast<uint32_t>(Fn.Class), {}, 0});
        if (Fn.ThisObject != NoNode)
          return refValue({RefKind::Object, C.Mod, Fn.ThisObject,
                           static_cast<uint32_t>(std::max(0, Fn.Parent)), 0});
      }
    Value V;
    if (live(Name))
      V.Refs.insert({RefKind::External, 0, 0, 0, Name}); // a builtin
    return V;
  }
  Value lookup(const Ctx &C, const std::string &Name) { return lookup(C, intern(Name)); }

  // --- Classes ----------------------------------------------------------

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
  // Captures record the slots read while they are open, innermost last,
  // in one buffer: a capture's range [start, end) includes the ranges of
  // the captures nested in it. The outermost (a statement) skips slots it
  // already holds.
  std::vector<uint32_t> CaptureBuf;
  std::vector<size_t> CaptureStarts;
  uint32_t CaptureSerial = 0;
  unsigned ClassNesting = 0;
  void beginCapture() {
    if (CaptureStarts.empty())
      ++CaptureSerial;
    CaptureStarts.push_back(CaptureBuf.size());
  }
  /// Ends the innermost capture: its slots, sorted and each once. They stay
  /// recorded for the enclosing capture.
  std::vector<uint32_t> endCapture() {
    size_t Start = CaptureStarts.back();
    CaptureStarts.pop_back();
    std::vector<uint32_t> Got(CaptureBuf.begin() + static_cast<std::ptrdiff_t>(Start),
                              CaptureBuf.end());
    if (CaptureStarts.empty())
      CaptureBuf.clear();
    std::sort(Got.begin(), Got.end());
    Got.erase(std::unique(Got.begin(), Got.end()), Got.end());
    return Got;
  }
  static constexpr size_t MaxClassNesting = 4;
  ClassInfo Alone;

  void forgetClasses(uint32_t S) {
    Meta[S].HasClasses = 0;
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

  /// The class's info, computed if needed; its slots are read either way.
  const ClassInfo &classInfo(uint32_t Mod, uint32_t Class) {
    ClassInfo &K = ClassInfos[Mod][Class];
    if (K.St == ClassInfo::Known) {
      for (uint32_t S : K.Deps)
        read(S);
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
    beginCapture();
    ++ClassNesting;
    // Breadth first; the slots the ancestors' bases read count too.
    for (size_t I = 0; I < K.Lineage.size(); ++I) {
      auto [M2, C2] = K.Lineage[I];
      SmallSet<Ref> Own = ownBases(M2, C2);
      if (I == 0)
        K.Bases = Own;
      for (const Ref &B : Own) {
        if (B.K == RefKind::External && is(B.N, SettingsBase))
          K.Settings = true;
        if (B.K == RefKind::Class && K.Lineage.size() < MaxLineage &&
            std::find(K.Lineage.begin(), K.Lineage.end(), std::make_pair(B.A, B.B)) ==
                K.Lineage.end())
          K.Lineage.push_back({B.A, B.B});
      }
    }
    --ClassNesting;
    std::vector<uint32_t> Deps = endCapture();
    K.Deps.assign(Deps.begin(), Deps.end());
    for (uint32_t S : Deps) {
      Meta[S].HasClasses = 1;
      SlotClasses[S].push_back({Mod, Class});
    }
    K.St = ClassInfo::Known;
    return K;
  }

  /// The method \p Name of a class or its bases: (module, function).
  std::optional<std::pair<uint32_t, uint32_t>> methodOf(uint32_t Mod, uint32_t Class,
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

  /// The class and its ancestors, nearest first, each once: base classes
  /// come from flow-insensitive values, so the graph may have cycles.
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> lineage(uint32_t Mod, uint32_t Class) {
    return classInfo(Mod, Class).Lineage;
  }

  SmallSet<Ref> baseRefs(uint32_t Mod, uint32_t Class) { return classInfo(Mod, Class).Bases; }

  SmallSet<Ref> ownBases(uint32_t Mod, uint32_t Class) {
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

  bool isSettings(uint32_t Mod, uint32_t Class) { return classInfo(Mod, Class).Settings; }

  /// A keyword value of the class's configuration (`model_config =
  /// SettingsConfigDict(k=...)`, `model_config = {'k': ...}`, or
  /// `class Config: k = ...`), as a literal.
  std::optional<std::string> settingsConfig(uint32_t InstMod, uint32_t InstClass,
                                            const std::string &Key) {
    for (auto [Mod, Class] : lineage(InstMod, InstClass))
      if (auto V = ownSettingsConfig(Mod, Class, Key))
        return V;
    return std::nullopt;
  }

  std::optional<std::string> ownSettingsConfig(uint32_t Mod, uint32_t Class,
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

  /// Field \p Name of a settings instance of (InstMod, InstClass), declared
  /// in the class or an ancestor; the instance's class decides the prefix.
  std::optional<SettingsField> settingsField(uint32_t InstMod, uint32_t InstClass,
                                             const std::string &Name) {
    for (auto [Mod, Class] : lineage(InstMod, InstClass))
      if (auto F = settingsFieldIn(Mod, Class, Name, InstMod, InstClass))
        return F;
    return std::nullopt;
  }

  std::optional<SettingsField> settingsFieldIn(uint32_t Mod, uint32_t Class,
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
            IsField |= R.K == RefKind::External && is(R.N, SettingsFieldMaker);
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
            if (Arg.Keyword == "alias" || Arg.Keyword == "validation_alias" ||
                Arg.Keyword == "env") {
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

  /// The literal inside `SecretStr("x")` / `SecretBytes(b"x")`, else \p N.
  NodeId unwrapSecret(uint32_t Mod, NodeId N) {
    const ir::Node &X = mod(Mod).node(N);
    if (X.Kind != NodeKind::Call || X.Args.size() != 1 || !X.Args[0].Keyword.empty())
      return N;
    const ir::Node &Callee = mod(Mod).node(X.Operands[0]);
    if ((Callee.Kind == NodeKind::Name || Callee.Kind == NodeKind::Attribute) &&
        oneOf(Callee.Text, {"SecretStr", "SecretBytes"}) && isStringLiteral(Mod, X.Args[0].Value))
      return X.Args[0].Value;
    return N;
  }

  uint32_t settingsSource(uint32_t Mod, uint32_t Class, const std::string &Name,
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

  // --- Evaluation -------------------------------------------------------

  bool SideEffects = true;

  Value evalNoSideEffects(const Ctx &C, NodeId N) {
    bool Saved = SideEffects;
    SideEffects = false;
    Value V = eval(C, N);
    SideEffects = Saved;
    return V;
  }

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

  Value eval(const Ctx &C, NodeId Id) {
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
      return lookup(C, nodeName(C.Mod, Id));
    case NodeKind::Function: {
      Value V;
      V.Refs.insert({RefKind::Function, C.Mod, N.Index, {}});
      return V;
    }
    case NodeKind::Class: {
      Value V;
      V.Refs.insert({RefKind::Class, C.Mod, N.Index, {}});
      return V;
    }
    case NodeKind::Attribute:
      return attribute(C, Id);
    case NodeKind::Subscript: {
      Value Obj = eval(C, N.Operands[0]);
      Value Key = eval(C, N.Operands[1]);
      bool ConstantKey = isStringLiteral(C.Mod, N.Operands[1]);
      for (const Ref &R : Obj.Refs)
        if ((R.K == RefKind::External || R.K == RefKind::ExternalInstance) &&
            (is(R.N, SourceSubscript) || is(R.N, SourceObject)) && ConstantKey) {
          Value V;
          uint32_t S = envSource(C.Mod, N.Where, nameOf(R), Md.node(N.Operands[1]).Text,
                                 ReadForm::Subscript);
          V.Facts.emplace(S, rootPath(S));
          return V;
        }
      Value V;
      V.Facts = Obj.Facts; // an element of a tainted container or string
      for (const Ref &R : Obj.Refs)
        if (R.K == RefKind::Object)
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
        V.Refs.insert({RefKind::Object, C.Mod, Id, C.Fn, 0});
        for (const ir::Argument &A : N.Args) {
          Value E = eval(C, A.Value);
          if (!A.Keyword.empty())
            continue;
          // A spread's own entries are read through property().
          for (const auto &F : E.Facts)
            V.Facts.insert(F);
          for (const Ref &R : E.Refs)
            if (R.K != RefKind::Object || !(A.Spread || A.KeywordSpread))
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
      // `getenv("K") or "d"`, `process.env.K ?? "d"`: d is K's fallback.
      if (N.Kind == NodeKind::Choice && N.Operands.size() == 2 &&
          oneOf(N.Text, {"or", "||", "??", "if", "?:"}))
        recordFallback(V, C.Mod, N.Operands[1]);
      for (const ir::Argument &A : N.Args)
        unite(V, eval(C, A.Value));
      if (N.Kind == NodeKind::StringBuild) {
        V.Refs.clear(); // a built string denotes nothing
        // `f"https://api.example/v1/{path}"`, `"/users/" + id`: what
        // follows a fixed origin or a path only picks a resource there.
        if (!N.Operands.empty() && isStringLiteral(C.Mod, N.Operands[0]) &&
            fixesDestination(Md.node(N.Operands[0]).Text))
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

  /// Whether a string starting with \p Prefix goes to a destination the
  /// rest cannot change: a complete origin (`https://host/`, `?` or `#`
  /// closing the host) or a path (`/items`, not the `//` of a
  /// protocol-relative URL).
  static bool fixesDestination(llvm::StringRef Prefix) {
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

  /// A dict or object literal with at least one constant key.
  static bool isRecord(const ir::Node &N) {
    if (!oneOf(N.Text, {"dict", "object"}))
      return false;
    for (const ir::Argument &A : N.Args)
      if (!A.Keyword.empty())
        return true;
    return false;
  }

  /// Entry \p Key of the literal \p R, read at \p Where of module \p AtMod.
  Value property(const Ref &R, const std::string &Key, uint32_t AtMod, ir::Range Where) {
    Value V;
    merge(V, entryValue(R, intern(Key)), [&](uint32_t P) {
      return hop(P, AtMod, Where, msg({"read from key '", Key, "'"}));
    });
    return V;
  }

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
  std::unordered_set<EntryKey, EntryKeyHash> KeysSeen;

  /// The value of entry \p Key (interned) of the literal \p R: the last
  /// entry with that key, or what the spreads after it give. Key 0 stands
  /// for a key not known: every entry.
  Value entryValue(const Ref &R, uint32_t Key) {
    EntryKey K{R.A, R.B, R.C, Key};
    auto [It, New] = Entries.try_emplace(K);
    if (!New && It->second.Epoch == ~0u)
      return It->second.V; // being computed (a cycle)
    if (!New && It->second.Epoch == Epoch) {
      for (uint32_t S : It->second.Deps)
        read(S);
      return It->second.V;
    }
    It->second.Epoch = ~0u;
    beginCapture();
    const ir::Node &N = mod(R.A).node(R.B);
    const std::string &Name = NameTable[Key];
    Ctx Owner{R.A, R.C};
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
          if (Inner.K == RefKind::Object)
            unite(V, entryValue(Inner, Key));
        for (const auto &F : E.Facts)
          V.Facts.insert(F);
      }
    }
    std::vector<uint32_t> Deps = endCapture();
    Entries[K] = {Epoch, V, std::move(Deps)}; // rehashing may have moved It
    return V;
  }

  /// The constant keys of the literal \p R, its spreads' included.
  void recordKeys(const Ref &R, std::set<std::string> &Keys, unsigned Depth = 0) {
    if (Depth == 0)
      KeysSeen.clear();
    if (!KeysSeen.insert({R.A, R.B, R.C, 0}).second)
      return;
    for (const ir::Argument &A : mod(R.A).node(R.B).Args) {
      if (!A.Keyword.empty())
        Keys.insert(A.Keyword);
      else if ((A.Spread || A.KeywordSpread) && Depth < 8)
        for (const Ref &Inner : evalNoSideEffects({R.A, R.C}, A.Value).Refs)
          if (Inner.K == RefKind::Object)
            recordKeys(Inner, Keys, Depth + 1);
    }
  }

  /// Every entry of the literal \p R (a read with a key not known).
  Value allProperties(const Ref &R) { return entryValue(R, 0); }

  uint32_t rootPath(uint32_t Source) {
    if (Source < SourceRoots.size() && SourceRoots[Source] != NoPath)
      return SourceRoots[Source];
    const SourceInfo &S = Out.Sources[Source];
    uint32_t P = hop(NoPath, S.Module, S.Where, msg({"value read from ", S.Description}));
    if (SourceRoots.size() <= Source)
      SourceRoots.resize(Source + 1, NoPath);
    SourceRoots[Source] = P;
    return P;
  }

  /// How an environment read is written, for its description.
  enum class ReadForm { Call, Subscript, Attribute, Destructuring };

  /// The source of reading \p Variable through \p Callee (`os.getenv`,
  /// `process.env`) at \p Where.
  uint32_t envSource(uint32_t Mod, ir::Range Where, const std::string &Callee,
                     const std::string &Variable, ReadForm Form,
                     std::optional<std::string> Default = std::nullopt) {
    auto Key = std::make_tuple(Mod, Where.Begin, Variable);
    if (auto It = SourceIndex.find(Key); It != SourceIndex.end())
      return It->second;
    SourceInfo S;
    S.Variables.push_back(Variable);
    S.Default = std::move(Default);
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
    S.Module = Mod;
    S.Where = Where;
    Out.Sources.push_back(std::move(S));
    uint32_t Index = static_cast<uint32_t>(Out.Sources.size() - 1);
    SourceIndex.emplace(Key, Index);
    return Index;
  }
  Value sourceValue(uint32_t S) {
    Value V;
    V.Facts.emplace(S, rootPath(S));
    return V;
  }

  /// Records the literal \p D as the fallback of the sources in \p V that
  /// have none (`getenv("K") or "d"`, `process.env.K ?? "d"`).
  void recordFallback(const Value &V, uint32_t Mod, NodeId D) {
    if (D == NoNode || mod(Mod).node(D).Kind != NodeKind::Literal)
      return;
    for (const auto &[Origin, Path] : V.Facts) {
      if (Origin >= ParamBase)
        continue;
      SourceInfo &S = Out.Sources[Origin];
      if (S.Default || S.K != SourceInfo::Environment)
        continue;
      S.Default = mod(Mod).node(D).Text;
      S.DefaultWhere = mod(Mod).node(D).Where;
      S.DefaultIsString = mod(Mod).node(D).IsString;
    }
  }

  /// Key \p Name of a parsed configuration schema: an environment
  /// variable, with the default its validator gives.
  Value configField(const Ref &R, const std::string &Name) {
    auto ModelIt = M.Schemas.find(nameOf(R));
    if (ModelIt == M.Schemas.end())
      return {};
    const SchemaModel &Model = ModelIt->second;
    if (Model.Result.count(Name)) // `schema.safeParse(env).data`
      return refValue({RefKind::Config, R.A, R.B, R.C, R.N});
    const ir::Module &Md = mod(R.A);
    const ir::Node &Obj = Md.node(R.B);
    const ir::Argument *Entry = nullptr;
    for (const ir::Argument &A : Obj.Args)
      if (A.Keyword == Name)
        Entry = &A;
    if (!Entry)
      return {};
    auto Key = std::make_tuple(R.A, Md.node(Entry->Value).Where.Begin, Name);
    uint32_t Index;
    if (auto It = SourceIndex.find(Key); It != SourceIndex.end()) {
      Index = It->second;
    } else {
      SourceInfo S;
      S.Variables.push_back(Name);
      S.Description = "key '" + Name + "' of the " + nameOf(R) + " schema";
      S.Module = R.A;
      S.Where = Md.node(Entry->Value).Where;
      if (NodeId D = schemaDefault(R.A, Entry->Value, Model); D != NoNode) {
        S.Default = literalText(R.A, D);
        if (Md.node(D).Kind != NodeKind::Literal)
          S.Default = "<expression>";
        S.DefaultWhere = Md.node(D).Where;
        S.DefaultIsString = isStringLiteral(R.A, D);
      }
      Out.Sources.push_back(std::move(S));
      Index = static_cast<uint32_t>(Out.Sources.size() - 1);
      SourceIndex.emplace(Key, Index);
    }
    return sourceValue(Index);
  }

  /// The default a schema entry's validator gives: `.default(x)` in its
  /// method chain, or a `default:` keyword of an options object.
  NodeId schemaDefault(uint32_t Mod, NodeId Validator, const SchemaModel &Model) {
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

  Value attribute(const Ctx &C, NodeId Id) {
    return attributeOf(C, Id, eval(C, mod(C.Mod).node(Id).Operands[0]));
  }

  /// Attribute \p Id read from an already evaluated object \p Obj.
  Value attributeOf(const Ctx &C, NodeId Id, const Value &Obj) {
    const ir::Node &N = mod(C.Mod).node(Id);
    return attributeNamed(C, N.Text, nodeName(C.Mod, Id), N.Where, Obj, ReadForm::Attribute, Id);
  }

  /// A method that runs when its attribute is read: `get x()`, or a
  /// Python `@property` / `@cached_property`.
  bool isGetter(uint32_t Mod, uint32_t F) {
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

  /// Property \p Name (interned \p NameId) of \p Obj, read at \p Where of
  /// C's module: an attribute, or an element of a destructuring pattern.
  Value attributeNamed(const Ctx &C, const std::string &Name, uint32_t NameId, ir::Range Where,
                       const Value &Obj, ReadForm Form, NodeId At = NoNode) {
    Value V;
    for (const Ref &R : Obj.Refs) {
      switch (R.K) {
      case RefKind::Module: {
        if (auto E = exported(R.A, NameId))
          unite(V, *E);
        else if (!ModuleName[R.A].empty())
          unite(V, moduleValue(ModuleName[R.A] + "." + Name, C.Mod));
        break;
      }
      case RefKind::External:
        if (is(R.N, SourceObject)) { // `process.env.X`
          unite(V, sourceValue(envSource(C.Mod, Where, nameOf(R), Name, Form)));
          break;
        }
        if (GlobalObjects.count(R.N)) { // `globalThis.fetch` is `fetch`
          if (live(NameId))
            V.Refs.insert({RefKind::External, 0, 0, 0, NameId});
          break;
        }
        if (Name == "default") { // `require("axios").default` is the package
          V.Refs.insert(R);
          break;
        }
        if (components(nameOf(R)) < MaxNameComponents) {
          // `a.b` of an external `a`: the same for every reader (modules
          // are matched by name, so the importer does not matter here
          // unless several files answer to the name).
          uint64_t Key = (static_cast<uint64_t>(R.N) << 32) | NameId;
          auto It = ExternalAttributes.find(Key);
          if (It == ExternalAttributes.end()) {
            std::string Full = nameOf(R) + "." + Name;
            auto Mods = ModulesByName.find(Full);
            if (Mods != ModulesByName.end() && Mods->second.size() > 1) {
              unite(V, moduleValue(Full, C.Mod));
              break;
            }
            Value Resolved = moduleValue(Full, C.Mod);
            std::optional<Ref> First;
            if (!Resolved.Refs.empty())
              First = *Resolved.Refs.begin();
            It = ExternalAttributes.try_emplace(Key, First).first;
          }
          if (It->second)
            V.Refs.insert(*It->second);
        }
        break;
      case RefKind::ExternalInstance:
        if (is(R.N, SourceObject)) { // `dotenv.parse(text).X`
          unite(V, sourceValue(envSource(C.Mod, Where, nameOf(R), Name, Form)));
          break;
        }
        if (components(nameOf(R)) < MaxNameComponents) {
          uint64_t Key = (static_cast<uint64_t>(R.N) << 32) | NameId;
          auto It = InstanceAttributes.find(Key);
          if (It == InstanceAttributes.end())
            It = InstanceAttributes.try_emplace(Key, intern(nameOf(R) + "." + Name)).first;
          if (live(It->second))
            V.Refs.insert({RefKind::ExternalInstance, 0, 0, 0, It->second});
        }
        break;
      case RefKind::Instance:
      case RefKind::Class: {
        uint32_t FS = fieldSlot(R.A, R.B, NameId);
        read(FS);
        unite(V, Slots[FS].V);
        if (auto Method = methodOf(R.A, R.B, NameId)) {
          if (R.K == RefKind::Instance && At != NoNode && isGetter(Method->first, Method->second)) {
            Value Self = refValue(R);
            unite(V, applyCall(C, At, Method->first, Method->second, {}, &Self));
            break;
          }
          // A bound method remembers the instance's class for `self`.
          if (R.K == RefKind::Instance && !fn(Method->first, Method->second).IsStatic)
            V.Refs.insert({RefKind::BoundMethod, Method->first, Method->second, R.A, R.B});
          else
            V.Refs.insert({RefKind::Function, Method->first, Method->second, {}});
          break;
        }
        if (R.K == RefKind::Instance && isSettings(R.A, R.B)) {
          if (auto F = settingsField(R.A, R.B, Name)) {
            uint32_t S = settingsSource(R.A, R.B, Name, *F);
            if (!V.Facts.count(S))
              V.Facts.emplace(
                  S, hop(rootPath(S), C.Mod, Where, "settings field read as '" + Name + "'"));
            break;
          }
        }
        // A class attribute (default of a field, constant).
        const ir::ClassDef &K = mod(R.A).Classes[R.B];
        if (auto BS = local(R.A, K.Body, NameId)) {
          read(*BS);
          unite(V, Slots[*BS].V);
        }
        break;
      }
      case RefKind::Object:
        if (llvm::StringRef(mod(R.A).node(R.B).Text) == "object" ||
            Form == ReadForm::Destructuring) {
          Value P = property(R, Name, C.Mod, Where);
          // `get url() {...}` of an object literal runs when read.
          auto IsGetter = [&](const Ref &G) {
            return G.K == RefKind::Function && fn(G.A, G.B).IsGetter;
          };
          if (At == NoNode || std::none_of(P.Refs.begin(), P.Refs.end(), IsGetter)) {
            unite(V, P);
            break;
          }
          Value Plain;
          Plain.Facts = std::move(P.Facts);
          for (const Ref &G : P.Refs)
            if (IsGetter(G))
              unite(V, applyCall(C, At, G.A, G.B, {}, nullptr));
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
        V.Refs.insert({Parses ? RefKind::SchemaParser : RefKind::Schema, R.A, R.B, R.C, R.N});
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
    return V;
  }

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
  /// their constant-key entries as keyword arguments (`OpenAI(**cfg)`).
  ArgList arguments(const Ctx &C, const ir::Node &N) {
    ArgList Args;
    Args.reserve(N.Args.size());
    for (const ir::Argument &A : N.Args) {
      Value V = eval(C, A.Value);
      bool Expanded = false;
      if (A.KeywordSpread && !V.Refs.empty()) {
        Expanded = true;
        for (const Ref &R : V.Refs)
          Expanded &= R.K == RefKind::Object;
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

  /// The constructor of a class or of its nearest ancestor that has one.
  std::optional<std::pair<uint32_t, uint32_t>> constructorOf(uint32_t Mod, uint32_t Class) {
    for (auto [M2, C2] : lineage(Mod, Class))
      for (uint32_t F : mod(M2).Classes[C2].Methods)
        if (fn(M2, F).IsConstructor)
          return std::make_pair(M2, F);
    return std::nullopt;
  }

  /// `super().m(...)` (Python) or `super(...)` / `super.m(...)`
  /// (ECMAScript) in a method: the base class's code runs on the same
  /// instance. Nullopt when \p Id is no such call.
  std::optional<Value> superCall(const Ctx &C, NodeId Id) {
    const ir::Module &Md = mod(C.Mod);
    const ir::Node &N = Md.node(Id);
    const ir::Node &Callee = Md.node(N.Operands[0]);
    auto IsSuper = [&](const ir::Node &X) {
      return X.Kind == NodeKind::Name && llvm::StringRef(X.Text) == "super";
    };
    std::string Method;
    if (IsSuper(Callee)) {
      Method = "";
    } else if (Callee.Kind == NodeKind::Attribute) {
      const ir::Node &Obj = Md.node(Callee.Operands[0]);
      bool Python = Obj.Kind == NodeKind::Call && IsSuper(Md.node(Obj.Operands[0]));
      if (!Python && !IsSuper(Obj))
        return std::nullopt;
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
      if (B.K == RefKind::Class) {
        Target = Method.empty() || Method == "__init__" ? constructorOf(B.A, B.B)
                                                        : methodOf(B.A, B.B, intern(Method));
        break;
      }
    if (!Target)
      return Value();
    Value Self;
    Self.Refs = lookup({C.Mod, F}, Own.Params[0].Name).Refs;
    return applyCall(C, Id, Target->first, Target->second, Args, &Self);
  }

  Value call(const Ctx &C, NodeId Id) {
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
    // `p.then(u => fetch(u))`, `urls.map(fetch)`: the callback receives
    // what the receiver holds.
    if (IsMethod && is(MethodName, CallbackMethod) && !Receiver.Facts.empty())
      for (const Arg &A : Args)
        for (const Ref &R : A.V.Refs)
          if (R.K == RefKind::Function || R.K == RefKind::BoundMethod) {
            Value Elements;
            Elements.Facts = Receiver.Facts;
            ArgList Passed{{"", std::move(Elements), CalleeNode.Operands[0]}};
            unite(Result, callRef(C, Id, R, Passed));
          }
    // `d.get("k")` / `d.get("k", fallback)` of a dict literal.
    if (IsMethod && llvm::StringRef(CalleeNode.Text) == "get" && !Args.empty() &&
        Args[0].Keyword.empty() && isStringLiteral(C.Mod, Args[0].Node))
      for (const Ref &R : Receiver.Refs)
        if (R.K == RefKind::Object) {
          unite(Result, property(R, Md.node(Args[0].Node).Text, C.Mod, N.Where));
          if (Args.size() > 1)
            unite(Result, Args[1].V);
        }
    // String methods keep the receiver's and the arguments' facts (but
    // `"https://api.example/{}".format(path)` has a fixed destination).
    bool FixedTemplate = IsMethod && llvm::StringRef(CalleeNode.Text) == "format" &&
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

  Value callRef(const Ctx &C, NodeId Id, const Ref &R, const ArgList &Args) {
    switch (R.K) {
    case RefKind::Function:
      return applyCall(C, Id, R.A, R.B, Args, nullptr);
    case RefKind::BoundMethod: {
      Value Self = refValue({RefKind::Instance, R.C, R.N, {}, 0});
      return applyCall(C, Id, R.A, R.B, Args, &Self);
    }
    case RefKind::Class: {
      Value Self = refValue({RefKind::Instance, R.A, R.B, {}, 0});
      if (auto Init = constructorOf(R.A, R.B))
        applyCall(C, Id, Init->first, Init->second, Args, &Self);
      return Self;
    }
    case RefKind::External:
    case RefKind::ExternalInstance:
      return externalCall(C, Id, nameOf(R), Args,
                          /*IsMethod=*/R.K == RefKind::ExternalInstance);
    case RefKind::Module: {
      // A module called as a function: its default export (CommonJS
      // `module.exports = function ...`).
      Value Result;
      if (const Value *D = globalOf(R.A, intern("default")))
        for (const Ref &X : Value(*D).Refs)
          if (X.K != RefKind::Module)
            unite(Result, callRef(C, Id, X, Args));
      return Result;
    }
    case RefKind::SchemaParser:
      return refValue({RefKind::Config, R.A, R.B, R.C, R.N});
    case RefKind::Schema: // a schema method such as `.strict()`
      return refValue(R);
    case RefKind::Instance:
    case RefKind::Object:
    case RefKind::Config:
      return {};
    }
    return {};
  }

  const Arg *argumentFor(const ArgList &Args, const ArgumentSpec &S) {
    if (!S.Keyword.empty())
      for (const Arg &A : Args)
        if (A.Keyword == S.Keyword)
          return &A;
    if (S.Position) {
      unsigned Pos = 0;
      for (const Arg &A : Args) {
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

  static std::string display(const std::string &Callee, const std::string &Label) {
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

  /// The value node of field \p Path in an object literal of module \p Mod
  /// that \p V denotes (where a finding on that field points), or NoNode.
  NodeId fieldNode(uint32_t Mod, const Value &V, const std::string &Path) {
    auto [Part, Rest] = llvm::StringRef(Path).split('.');
    for (const Ref &R : V.Refs) {
      if (R.K != RefKind::Object || R.A != Mod)
        continue;
      const ir::Node &N = mod(Mod).node(R.B);
      for (auto A = N.Args.rbegin(); A != N.Args.rend(); ++A)
        if (A->Keyword == Part) {
          if (Rest.empty())
            return A->Value;
          NodeId Inner = fieldNode(Mod, evalNoSideEffects({R.A, R.C}, A->Value), Rest.str());
          return Inner != NoNode ? Inner : A->Value;
        }
    }
    return NoNode;
  }

  /// Field \p Path (dotted for nested objects) of the object literals \p V
  /// denotes.
  Value fieldValue(const Value &V, const std::string &Path, uint32_t AtMod, ir::Range Where) {
    Value Cur = V;
    for (llvm::StringRef Rest = Path; !Rest.empty();) {
      auto [Part, Tail] = Rest.split('.');
      Value Next;
      for (const Ref &R : Cur.Refs)
        if (R.K == RefKind::Object)
          unite(Next, property(R, Part.str(), AtMod, Where));
      Cur = std::move(Next);
      Rest = Tail;
    }
    return Cur;
  }

  /// A call of something outside the program: a source, a sink, a
  /// propagator, or a constructor whose result is an instance of \p Name.
  /// The results of methods of external objects denote nothing the models
  /// name, so they get no reference (which also keeps chains such as
  /// `s.encode().decode()` in a loop from growing without end).
  Value externalCall(const Ctx &C, NodeId Id, const std::string &Name, const ArgList &Args,
                     bool IsMethod) {
    const ir::Module &Md = mod(C.Mod);
    Value Result;
    if (auto It = M.SourceCalls.find(Name); It != M.SourceCalls.end()) {
      const Arg *NameArg = argumentFor(Args, It->second.Name);
      if (NameArg && isStringLiteral(C.Mod, NameArg->Node)) {
        std::optional<std::string> Default;
        if (const Arg *D = argumentFor(Args, It->second.Default))
          Default = Md.node(D->Node).Kind == NodeKind::Literal ? Md.node(D->Node).Text
                                                               : std::string("<expression>");
        uint32_t S = envSource(C.Mod, Md.node(Id).Where, Name, Md.node(NameArg->Node).Text,
                               ReadForm::Call, Default);
        if (const Arg *D = argumentFor(Args, It->second.Default)) {
          Out.Sources[S].DefaultWhere = Md.node(D->Node).Where;
          Out.Sources[S].DefaultIsString = isStringLiteral(C.Mod, D->Node);
        }
        Result.Facts.emplace(S, rootPath(S));
        // The default's own configuration flows too (getenv("A", other)).
        if (const Arg *D = argumentFor(Args, It->second.Default))
          for (const auto &F : D->V.Facts)
            Result.Facts.insert(F);
        return Result;
      }
    }
    if (auto It = M.Sinks.find(Name); It != M.Sinks.end() && SideEffects) {
      for (const auto &[Kind, Model] : It->second)
        for (const ArgumentSpec &Spec : Model.Destinations)
          if (const Arg *A = argumentFor(Args, Spec)) {
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
            for (const auto &[Origin, Path] : A->V.Facts)
              sinkHit(C, Id, A->Node, Name, Model, Label, Origin, Path);
          }
    }
    if (auto It = M.Propagators.find(Name); It != M.Propagators.end()) {
      unsigned Pos = 0;
      for (const Arg &A : Args) {
        bool Flows = It->second.Arguments.empty() ||
                     (A.Keyword.empty() &&
                      std::find(It->second.Arguments.begin(), It->second.Arguments.end(), Pos) !=
                          It->second.Arguments.end());
        if (A.Keyword.empty())
          ++Pos;
        if (!Flows)
          continue;
        switch (It->second.Result) {
        case PropagatorModel::Facts:
          for (const auto &F : A.V.Facts)
            Result.Facts.insert(F);
          break;
        case PropagatorModel::Value:
          unite(Result, A.V);
          break;
        case PropagatorModel::Call:
          for (const Ref &R : A.V.Refs)
            if (R.K == RefKind::Function || R.K == RefKind::BoundMethod)
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
          if (R.K == RefKind::Object) {
            Result.Refs.insert({K, R.A, R.B, R.C, intern(Name)});
            // Every key is a source, read or not (a check on defaults
            // needs them all).
            Ref Parsed{RefKind::Config, R.A, R.B, R.C, intern(Name)};
            for (const ir::Argument &E : mod(R.A).node(R.B).Args)
              if (!E.Keyword.empty())
                configField(Parsed, E.Keyword);
          }
        return Result;
      }
    if (!IsMethod)
      if (uint32_t NameId = intern(Name); live(NameId))
        Result.Refs.insert({RefKind::ExternalInstance, 0, 0, 0, NameId});
    return Result;
  }

  void sinkHit(const Ctx &C, NodeId Call, NodeId ArgNode, const std::string &Callee,
               const SinkModel &Model, const std::string &Label, uint32_t Origin, uint32_t Path) {
    const ir::Module &Md = mod(C.Mod);
    std::string Display = display(Callee, Label);
    if (Origin >= ParamBase) {
      SinkHit H{Call, Callee, Model.Kind, Origin, Path, Md.node(ArgNode).Where, Label};
      if (state(C.Mod, C.Fn).ParamSinks.insert(H).second)
        touch(state(C.Mod, C.Fn).SummarySlot);
      return;
    }
    auto Key = std::make_tuple(C.Mod, static_cast<uint32_t>(Call), Model.Kind, Origin);
    if (FindingIndex.count(Key))
      return;
    Finding F;
    F.SinkKind = Model.Kind;
    F.Callee = Callee;
    F.Display = Display;
    F.Library = Model.Library;
    F.Module = C.Mod;
    F.Where = Md.node(ArgNode).Where;
    F.Source = Origin;
    uint32_t End = hop(Path, C.Mod, F.Where, msg({"reaches ", Display}));
    std::vector<PathStep> Steps;
    for (uint32_t P = End; P != NoPath; P = Paths[P].Parent)
      Steps.push_back({Paths[P].Module, Paths[P].Where, Paths[P].Message.str()});
    std::reverse(Steps.begin(), Steps.end());
    F.Path = std::move(Steps);
    FindingIndex.emplace(Key, Out.Findings.size());
    Out.Findings.push_back(std::move(F));
  }

  /// Binds \p Args to the parameters of Mod.Fn (with \p Self as the first),
  /// and applies the callee's summary at call \p Call of \p C.
  Value applyCall(const Ctx &C, NodeId Call, uint32_t Mod, uint32_t F, const ArgList &Args,
                  const Value *Self) {
    const ir::Function &Callee = fn(Mod, F);
    FunctionState &CS = state(Mod, F);
    read(CS.SummarySlot);
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
        const SmallSet<Ref> &Held = Slots[CS.ParamSlots[I]].V.Refs;
        if (CS.ParamRefs[I].size() >= MaxRefs || Held.size() >= MaxRefs)
          break;
        if (CS.ParamRefs[I].insert(R).second && !Held.count(R))
          touch(CS.ParamsSlot);
      }

    const ir::Module &Md = mod(C.Mod);
    auto CalleeName = [&] { return "'" + Callee.QualifiedName + "'"; };
    auto Substitute = [&](uint32_t Origin, uint32_t CalleePath, auto &&Use) {
      if (Origin < ParamBase) {
        Use(Origin, CalleePath);
        return;
      }
      uint32_t I = Origin - ParamBase;
      if (I >= Bound.size())
        return;
      ir::Range At = BoundNode[I] == NoNode ? Md.node(Call).Where : Md.node(BoundNode[I]).Where;
      for (const auto &[ActualOrigin, ActualPath] : Bound[I].Facts) {
        uint32_t Passed = taggedHop(ActualPath, C.Mod, At, 1, FnBase[Mod] + F, I, [&] {
          return "passed to " + CalleeName() + " as parameter '" + Callee.Params[I].Name + "'";
        });
        Use(ActualOrigin, graft(CalleePath, Passed));
      }
    };

    Value Result;
    for (const auto &[Origin, Path] : CS.Return.Facts)
      Substitute(Origin, Path, [&](uint32_t O, uint32_t P) {
        if (!Result.Facts.count(O))
          Result.Facts.emplace(O, taggedHop(P, C.Mod, Md.node(Call).Where, 2, FnBase[Mod] + F, 0,
                                            [&] { return "returned by " + CalleeName(); }));
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
        Ctx SinkCtx{Mod, F};
        if (O >= ParamBase) {
          // Still symbolic: the caller's own parameter reaches the sink.
          SinkHit Up{Call, H.Callee, H.Kind, O, P, H.Where, H.Label};
          // Keep the sink's own position: remember it through the callee.
          Up.Call = H.Call;
          if (state(C.Mod, C.Fn).ParamSinks.insert(Up).second)
            touch(state(C.Mod, C.Fn).SummarySlot);
          return;
        }
        reportAt(SinkCtx, H, Model, O, P);
      });
    }
    for (const FieldWrite &W : CS.ParamFieldWrites)
      Substitute(W.Param, W.Path, [&](uint32_t O, uint32_t P) {
        if (O >= ParamBase) {
          if (state(C.Mod, C.Fn).ParamFieldWrites.insert({W.Module, W.Class, W.Field, O, P}).second)
            touch(state(C.Mod, C.Fn).SummarySlot);
          return;
        }
        uint32_t FS = fieldSlot(W.Module, W.Class, W.Field);
        if (Slots[FS].V.Facts.emplace(O, P).second)
          touch(FS);
      });
    return Result;
  }

  /// Reports a sink hit of a callee whose parameter carried a real source.
  void reportAt(const Ctx &SinkCtx, const SinkHit &H, const SinkModel &Model, uint32_t Origin,
                uint32_t Path) {
    auto Key = std::make_tuple(SinkCtx.Mod, static_cast<uint32_t>(H.Call), H.Kind, Origin);
    if (FindingIndex.count(Key))
      return;
    Finding F;
    F.SinkKind = H.Kind;
    F.Callee = H.Callee;
    F.Display = display(H.Callee, H.Label);
    F.Library = Model.Library;
    F.Module = SinkCtx.Mod;
    F.Where = H.Where;
    F.Source = Origin;
    uint32_t End = hop(Path, SinkCtx.Mod, H.Where, msg({"reaches ", F.Display}));
    for (uint32_t P = End; P != NoPath; P = Paths[P].Parent)
      F.Path.push_back({Paths[P].Module, Paths[P].Where, Paths[P].Message.str()});
    std::reverse(F.Path.begin(), F.Path.end());
    FindingIndex.emplace(Key, Out.Findings.size());
    Out.Findings.push_back(std::move(F));
  }

  // --- Assignments ------------------------------------------------------

  void assign(const Ctx &C, const ir::Target &T, const Value &V, NodeId ValueNode) {
    FunctionState &S = state(C.Mod, C.Fn);
    switch (T.K) {
    case ir::Target::Name: {
      auto Known = TargetNames.find(&T);
      uint32_t Sl =
          Known != TargetNames.end() ? Known->second : localSlot(C.Mod, C.Fn, intern(T.Text));
      if (merge(Slots[Sl].V, V, [&](uint32_t P) {
            return hop(P, C.Mod, T.Where, msg({"assigned to '", T.Text, "'"}));
          }))
        touch(Sl);
      return;
    }
    case ir::Target::Attribute: {
      Value Obj = eval(C, T.Object);
      auto Known = TargetNames.find(&T);
      uint32_t Name = Known != TargetNames.end() ? Known->second : intern(T.Text);
      for (const Ref &R : Obj.Refs) {
        if (R.K == RefKind::Instance || R.K == RefKind::Class) {
          uint32_t FS = fieldSlot(R.A, R.B, Name);
          Value &Field = Slots[FS].V;
          bool Grew = false;
          for (const auto &[Origin, Path] : V.Facts) {
            if (Origin >= ParamBase) {
              uint32_t Hop = hop(Path, C.Mod, T.Where, msg({"stored in attribute '", T.Text, "'"}));
              if (S.ParamFieldWrites.insert({R.A, R.B, Name, Origin, Hop}).second)
                touch(S.SummarySlot);
              continue;
            }
            if (!Field.Facts.count(Origin)) {
              Field.Facts.emplace(
                  Origin, hop(Path, C.Mod, T.Where, msg({"stored in attribute '", T.Text, "'"})));
              Grew = true;
            }
          }
          for (const Ref &X : V.Refs) {
            if (Field.Refs.size() >= MaxRefs)
              break;
            Grew |= Field.Refs.insert(X).second;
          }
          if (Grew)
            touch(FS);
        } else if (R.K == RefKind::Module) {
          uint32_t GS = localSlot(R.A, 0, Name);
          Slot &G = Slots[GS];
          bool Grew = !G.Declared;
          G.Declared = true;
          Grew |= merge(G.V, withoutParams(V), [&](uint32_t P) {
            return hop(P, C.Mod, T.Where, msg({"assigned to '", T.Text, "'"}));
          });
          if (Grew)
            touch(GS);
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
          Value P = attributeNamed(C, E.Property, intern(E.Property), E.Where, V,
                                   ReadForm::Destructuring);
          for (const auto &F : V.Facts)
            P.Facts.insert(F);
          if (E.Default != NoNode) {
            recordFallback(P, C.Mod, E.Default);
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

  /// Binds \p Name in scope Mod.F; returns its slot.
  uint32_t declare(uint32_t Mod, uint32_t F, const std::string &Name) {
    uint32_t S = localSlot(Mod, F, intern(Name));
    Slots[S].Declared = true;
    return S;
  }

  void declareTargets(uint32_t Mod, uint32_t F, const ir::Target &T) {
    if (T.K == ir::Target::Name)
      TargetNames.try_emplace(&T, declare(Mod, F, T.Text));
    else if (T.K == ir::Target::Attribute)
      TargetNames.try_emplace(&T, intern(T.Text));
    for (const ir::Target &E : T.Elements)
      declareTargets(Mod, F, E);
  }
  /// The slot of each Name target of the IR and the interned attribute of
  /// each Attribute target (targets made during the analysis are absent).
  llvm::DenseMap<const ir::Target *, uint32_t> TargetNames;

  void initialise() {
    States.resize(Program.size());
    NodeNames.resize(Program.size());
    for (uint32_t Mod = 0; Mod < Program.size(); ++Mod) {
      const ir::Module &Md = mod(Mod);
      NodeNames[Mod].assign(Md.Nodes.size(), 0);
      std::vector<std::string> Names = moduleNamesFor(Program[Mod].Path);
      for (const std::string &Name : Names)
        ModulesByName[Name].push_back(Mod);
      ModuleName.push_back(Names.empty() ? std::string() : Names.back());
      for (const std::string &Name : Names)
        addLive(Name);
      FnBase.push_back(static_cast<uint32_t>(FnOf.size()));
      States[Mod].resize(Md.Functions.size());
      ClassInfos.emplace_back(Md.Classes.size());
      for (uint32_t F = 0; F < Md.Functions.size(); ++F) {
        FnOf.emplace_back(Mod, F);
        const ir::Function &Fn = Md.Functions[F];
        FunctionState &S = States[Mod][F];
        S.SummarySlot = newSlot();
        S.ParamsSlot = newSlot();
        S.ParamRefs.resize(Fn.Params.size());
        for (const ir::Assignment &A : Fn.Assignments)
          declareTargets(Mod, F, A.Lhs);
        for (size_t I = 0; I < Fn.Params.size(); ++I) {
          const ir::Parameter &P = Fn.Params[I];
          uint32_t PS = declare(Mod, F, P.Name);
          S.ParamSlots.push_back(PS);
          uint32_t Root = hop(NoPath, Mod, P.Where,
                              msg({"parameter '", P.Name, "' of '", Fn.QualifiedName, "'"}),
                              /*ParamRoot=*/true);
          Slots[PS].V.Facts.emplace(ParamBase + static_cast<uint32_t>(I), Root);
        }
        // Methods: the first parameter is an instance of the class.
        if (Fn.Class >= 0 && !Fn.IsStatic && !Fn.Params.empty() && Fn.Name != "<class-body>")
          Slots[declare(Mod, F, Fn.Params[0].Name)].V.Refs.insert(
              {RefKind::Instance, Mod, static_cast<uint32_t>(Fn.Class), {}});
      }
      ModulesByPath.emplace(Program[Mod].Path, Mod);
      StarImports.emplace_back();
      ImportsIn.resize(FnOf.size());
      for (const ir::Import &I : Md.Imports)
        if (I.Name != "*") {
          declare(Mod, I.Scope, I.boundName());
          ImportsIn[FnBase[Mod] + I.Scope].push_back(&I);
        } else if (I.Scope == 0) {
          StarImports.back().push_back(&I);
        }
    }
    Queued.assign(FnOf.size(), 0);
    ThisName = intern("this");
    for (const auto &KV : M.SourceCalls)
      addLive(KV.first);
    for (const auto &KV : M.Sinks)
      addLive(KV.first);
    for (const auto &KV : M.Propagators)
      addLive(KV.first);
    for (const auto &KV : M.Schemas)
      addLive(KV.first);
    for (const char *G : {"globalThis", "window", "self", "global"}) {
      addLive(G);
      GlobalObjects.insert(intern(G));
    }
    for (const auto *Set : {&M.SourceSubscripts, &M.SettingsBases, &M.SettingsFields,
                            &M.DependencyInjectors, &M.SourceObjects})
      for (const std::string &N : *Set)
        addLive(N);
  }

  /// Modules in an order where the modules a module imports come first (as
  /// far as cycles allow), so most values are final when they are read.
  std::vector<uint32_t> moduleOrder() {
    std::vector<std::vector<uint32_t>> Deps(Program.size());
    for (uint32_t Mod = 0; Mod < Program.size(); ++Mod)
      for (const ir::Import &I : mod(Mod).Imports) {
        std::string Base = importBase(Mod, I);
        if (auto T = importTarget(Mod, I))
          Deps[Mod].push_back(*T);
        if (I.ResolvedPath.empty() && !I.Name.empty() && I.Name != "*")
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

  // --- Statements ---------------------------------------------------
  //
  // A function runs again because some slot it read changed, and most of
  // its statements did not read that slot. Each statement (an import, a
  // parameter, an assignment, a return, an evaluated expression, a
  // decorator) remembers the slots it read and when it was evaluated; it
  // is evaluated again only if one of them changed since. Evaluation is a
  // function of the slots read (everything else it consults is fixed or
  // kept in slots), and its effects (merges, sinks, findings) are
  // idempotent, so skipping a statement whose slots did not change is
  // exactly what evaluating it would have done. A skipped statement still
  // counts its slots as read, so a later write to one of them in the same
  // analysis runs the function again as before.

  /// The clock: advanced by every change of a slot and every statement
  /// evaluation.
  uint32_t Clock = 0;
  std::vector<FunctionState::Memo> MemosNext;
  std::vector<uint32_t> MemoReadsNext;

  template <typename Body> void statement(FunctionState &S, unsigned &Unit, Body &&Run) {
    unsigned K = Unit++;
    if (K < S.Memos.size()) {
      auto [At, Begin, Count] = S.Memos[K];
      bool Fresh = true;
      for (uint32_t I = Begin; I < Begin + Count && Fresh; ++I)
        Fresh = Meta[S.MemoReads[I]].Changed < At;
      if (Fresh) {
        uint32_t NewBegin = static_cast<uint32_t>(MemoReadsNext.size());
        // Read as in the analysis that recorded them: the function is
        // already among their readers.
        for (uint32_t I = Begin; I < Begin + Count; ++I)
          Meta[S.MemoReads[I]].ReadEpoch = Epoch;
        MemoReadsNext.insert(MemoReadsNext.end(), S.MemoReads.begin() + Begin,
                             S.MemoReads.begin() + Begin + Count);
        MemosNext.push_back({At, NewBegin, Count});
        return;
      }
    }
    uint32_t Start = ++Clock;
    beginCapture();
    Run();
    // The outermost capture holds each slot once already.
    CaptureStarts.pop_back();
    MemosNext.push_back({Start, static_cast<uint32_t>(MemoReadsNext.size()),
                         static_cast<uint32_t>(CaptureBuf.size())});
    MemoReadsNext.insert(MemoReadsNext.end(), CaptureBuf.begin(), CaptureBuf.end());
    CaptureBuf.clear();
  }

  void analyseFunction(uint32_t Mod, uint32_t F) {
    const ir::Module &Md = mod(Mod);
    const ir::Function &Fn = Md.Functions[F];
    FunctionState &S = state(Mod, F);
    Ctx C{Mod, F};
    MemosNext.clear();
    MemoReadsNext.clear();
    unsigned Unit = 0;
    for (const ir::Import *I : ImportsIn[FnBase[Mod] + F])
      statement(S, Unit, [&] {
        Value V = importValue(Mod, *I);
        uint32_t IS = localSlot(Mod, F, intern(I->boundName()));
        if (merge(Slots[IS].V, V))
          touch(IS);
      });
    for (size_t I = 0; I < Fn.Params.size(); ++I)
      statement(S, Unit, [&] { parameter(C, S, I); });
    for (const ir::Assignment &A : Fn.Assignments) {
      if (A.Value == NoNode)
        continue;
      statement(S, Unit, [&] {
        Value V = eval(C, A.Value);
        if (A.Iteration)
          V.Refs.clear();
        assign(C, A.Lhs, V, A.Iteration ? NoNode : A.Value);
      });
    }
    for (NodeId R : Fn.Returns)
      statement(S, Unit, [&] {
        Value V = eval(C, R);
        if (merge(S.Return, V))
          touch(S.SummarySlot);
      });
    for (NodeId E : Fn.Evaluated)
      statement(S, Unit, [&] { eval(C, E); });
    for (NodeId D : Fn.Decorators)
      statement(S, Unit, [&] { eval({Mod, static_cast<uint32_t>(std::max(0, Fn.Parent))}, D); });
    // Copied rather than swapped: the scratch vectors keep their capacity.
    S.Memos.assign(MemosNext.begin(), MemosNext.end());
    S.MemoReads.assign(MemoReadsNext.begin(), MemoReadsNext.end());
  }

  /// Parameter \p I of the function of \p C: what callers pass, and its
  /// default.
  void parameter(const Ctx &C, FunctionState &S, size_t I) {
    uint32_t Mod = C.Mod;
    const ir::Module &Md = mod(Mod);
    const ir::Function &Fn = Md.Functions[C.Fn];
    const ir::Parameter &P = Fn.Params[I];
    uint32_t PS = S.ParamSlots[I];
    Value &Slot = Slots[PS].V;
    read(S.ParamsSlot);
    Value Incoming;
    Incoming.Refs = S.ParamRefs[I];
    if (merge(Slot, Incoming))
      touch(PS);
    if (P.Default == NoNode)
      return;
    Value D = eval({Mod, static_cast<uint32_t>(std::max(0, Fn.Parent))}, P.Default);
    // `p = Depends(f)`: p is f's result.
    const ir::Node &DN = Md.node(P.Default);
    if (DN.Kind == NodeKind::Call && !DN.Args.empty()) {
      Value Inj = eval(C, DN.Operands[0]);
      bool Injects = false;
      for (const Ref &R : Inj.Refs)
        Injects |= R.K == RefKind::External && is(R.N, DependencyInjector);
      if (Injects) {
        Value Target = eval(C, DN.Args.front().Value);
        for (const Ref &R : Target.Refs)
          if (R.K == RefKind::Function)
            unite(D, applyCall(C, P.Default, R.A, R.B, {}, nullptr));
          else if (R.K == RefKind::Class)
            D.Refs.insert({RefKind::Instance, R.A, R.B, {}});
      }
    }
    if (merge(Slot, withoutParams(D), [&](uint32_t Path) {
          return hop(Path, Mod, P.Where, msg({"default of parameter '", P.Name, "'"}));
        }))
      touch(PS);
  }
};

Result Engine::run() {
  initialise();
  Rank.assign(FnOf.size(), 0);
  uint32_t Next = 0;
  for (uint32_t Mod : moduleOrder())
    for (uint32_t F = 0; F < mod(Mod).Functions.size(); ++F)
      Rank[FnBase[Mod] + F] = Next++;
  for (uint32_t Fn = 0; Fn < FnOf.size(); ++Fn)
    queue(Fn);
  size_t Functions = FnOf.size();
  // Each function is analysed at least once; the budget bounds the rest.
  size_t Budget = Functions * Opts.MaxRounds, Done = 0;
  while (!Worklist.empty() && Done < Budget) {
    uint32_t Fn = Worklist.top().second;
    Worklist.pop();
    Queued[Fn] = 0;
    Current = Fn;
    ++Epoch;
    NeedRerun = false;
    auto [Mod, F] = FnOf[Fn];
    analyseFunction(Mod, F);
    registerReads(state(Mod, F));
    if (NeedRerun)
      queue(Fn);
    Current = NoFn;
    ++Done;
  }
  Out.Rounds = Functions ? static_cast<unsigned>((Done + Functions - 1) / Functions) : 0;
  Out.Analyses = Done;
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
  if (EvalCut)
    Out.Limits.push_back("the dataflow analysis cut values defined through themselves more "
                         "than " +
                         std::to_string(MaxEvalDepth) +
                         " levels deep; findings through them may be incomplete");
  if (!Worklist.empty())
    Out.Limits.push_back("the dataflow analysis did not reach a fixed point within " +
                         std::to_string(Opts.MaxRounds) +
                         " analyses per function; findings may be incomplete");
  std::sort(Out.Findings.begin(), Out.Findings.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.Module, A.Where.Begin, A.Source) <
           std::tie(B.Module, B.Where.Begin, B.Source);
  });
  return std::move(Out);
}

} // namespace

Result analyse(const std::vector<ProgramModule> &Program, const Models &M,
               const EngineOptions &Opts) {
  return Engine(Program, M, Opts).run();
}

} // namespace teetidy::dataflow
