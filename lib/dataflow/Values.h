//===- Values.h - What the taint engine knows of an expression --*- C++ -*-===//
//
// A value is a set of facts (which configuration sources, or which of the
// function's own parameters, reach it, each with the path it took) and a
// set of references (what it denotes: a module, a function, a class, an
// instance, an object literal, an external name). Values are copied,
// compared and merged in the engine's hot paths, so they are kept in small
// sorted vectors.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

namespace teetidy::dataflow {

/// Origins from here on stand for a function's parameters (ParamBase + i);
/// below it they index the sources of the result.
constexpr uint32_t ParamBase = 1u << 31;
/// Origins from here to ParamReadBase stand for a parameter of an enclosing
/// function, read in a function nested in it (a closure): OuterParamBase +
/// an index into the engine's outer parameters.
constexpr uint32_t OuterParamBase = ParamBase + (1u << 29);
/// Origins from here on stand for a read of the variable a parameter names
/// (`read(key)` in a wrapper taking `key`): ParamReadBase + an index into
/// the engine's parametric reads. They flow like parameters, and a call
/// that passes a literal name turns one into a source.
constexpr uint32_t ParamReadBase = ParamBase + (1u << 30);
/// No path: the parent of a path's first hop.
constexpr uint32_t NoPath = ~0u;
/// References kept per value. Real code rarely needs more than a handful;
/// the cap bounds the work on code that mixes many objects in one variable
/// (each new reference makes the value's readers run again).
constexpr size_t MaxRefs = 16;

enum class RefKind : uint8_t {
  Module,           ///< a module of the program
  Function,         ///< a function of the program
  BoundMethod,      ///< a method whose self is an Instance of a class
  Class,            ///< a class of the program
  Instance,         ///< an instance of a class of the program
  External,         ///< something outside the program, by qualified name
  ExternalInstance, ///< a qualified type name plus attribute path
  /// A dict or object literal with constant keys, and the function whose
  /// scope evaluates its entries. Constant-key reads resolve to the
  /// matching entry only.
  Object,
  /// A configuration schema over an object literal, built by a schema
  /// model (zod `z.object({...})`); SchemaParser is its parse method;
  /// Config is the parsed result, whose properties are environment
  /// variables named by the literal's keys.
  Schema,
  SchemaParser,
  Config,
};

/// What a value denotes. External names are interned (name() indexes the
/// engine's name table) so that comparing references compares integers.
/// Make one with the factory of its kind and read it with the accessors
/// valid for that kind.
class Ref {
public:
  static Ref module(uint32_t Mod) { return Ref(RefKind::Module, Mod, 0, 0, 0); }
  static Ref function(uint32_t Mod, uint32_t Fn) { return Ref(RefKind::Function, Mod, Fn, 0, 0); }
  /// Method \p Fn of module \p Mod, bound to an instance of class
  /// \p InstClass of module \p InstMod (which may be a subclass of the
  /// method's class).
  static Ref boundMethod(uint32_t Mod, uint32_t Fn, uint32_t InstMod, uint32_t InstClass) {
    return Ref(RefKind::BoundMethod, Mod, Fn, InstMod, InstClass);
  }
  static Ref classRef(uint32_t Mod, uint32_t Class) {
    return Ref(RefKind::Class, Mod, Class, 0, 0);
  }
  static Ref instance(uint32_t Mod, uint32_t Class) {
    return Ref(RefKind::Instance, Mod, Class, 0, 0);
  }
  static Ref external(uint32_t Name) { return Ref(RefKind::External, 0, 0, 0, Name); }
  static Ref externalInstance(uint32_t Name) {
    return Ref(RefKind::ExternalInstance, 0, 0, 0, Name);
  }
  /// The literal at node \p Node of module \p Mod, whose entries are
  /// evaluated in function \p Scope of that module.
  static Ref object(uint32_t Mod, uint32_t Node, uint32_t Scope) {
    return Ref(RefKind::Object, Mod, Node, Scope, 0);
  }
  /// A Schema, SchemaParser or Config over the literal (Mod, Node, Scope),
  /// made by the schema model named \p Model (interned).
  static Ref schema(RefKind K, uint32_t Mod, uint32_t Node, uint32_t Scope, uint32_t Model) {
    assert(K == RefKind::Schema || K == RefKind::SchemaParser || K == RefKind::Config);
    return Ref(K, Mod, Node, Scope, Model);
  }
  /// The same literal and model as this schema reference, as kind \p K.
  Ref as(RefKind K) const {
    assert(isSchema());
    return schema(K, A, B, C, N);
  }

  RefKind kind() const { return K; }
  /// The module: of a Module itself, or where the function, class,
  /// instance's class or literal is defined. Not for external names.
  uint32_t module() const {
    assert(K != RefKind::External && K != RefKind::ExternalInstance);
    return A;
  }
  /// Function and BoundMethod: the function's index in its module.
  uint32_t function() const {
    assert(K == RefKind::Function || K == RefKind::BoundMethod);
    return B;
  }
  /// Class and Instance: the class's index in its module.
  uint32_t classIndex() const {
    assert(K == RefKind::Class || K == RefKind::Instance);
    return B;
  }
  /// Object and the schema kinds: the literal's node.
  uint32_t node() const {
    assert(K == RefKind::Object || isSchema());
    return B;
  }
  /// Object and the schema kinds: the function evaluating the literal.
  uint32_t scope() const {
    assert(K == RefKind::Object || isSchema());
    return C;
  }
  /// External and ExternalInstance: the interned qualified name; the
  /// schema kinds: the interned name of the schema model.
  uint32_t name() const {
    assert(K == RefKind::External || K == RefKind::ExternalInstance || isSchema());
    return N;
  }
  /// BoundMethod: the module of the instance's class.
  uint32_t instanceModule() const {
    assert(K == RefKind::BoundMethod);
    return C;
  }
  /// BoundMethod: the instance's class.
  uint32_t instanceClass() const {
    assert(K == RefKind::BoundMethod);
    return N;
  }

  bool operator<(const Ref &O) const {
    return std::tie(K, A, B, C, N) < std::tie(O.K, O.A, O.B, O.C, O.N);
  }

private:
  Ref(RefKind Kind, uint32_t A0, uint32_t B0, uint32_t C0, uint32_t N0)
      : K(Kind), A(A0), B(B0), C(C0), N(N0) {}
  bool isSchema() const {
    return K == RefKind::Schema || K == RefKind::SchemaParser || K == RefKind::Config;
  }

  // The fields mean different things for each kind (see the accessors);
  // their order is the order of references.
  RefKind K;
  uint32_t A = 0, B = 0, C = 0, N = 0;
};
static_assert(sizeof(Ref) == 5 * sizeof(uint32_t), "references are copied and compared often");

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

/// What an expression may carry (facts) and denote (references).
struct Value {
  SmallMap<uint32_t, uint32_t> Facts; ///< origin -> path
  SmallSet<Ref> Refs;
  bool empty() const { return Facts.empty() && Refs.empty(); }
};

/// Merges \p From into \p Into; new facts get a hop made by \p MakeHop
/// from their path. Returns whether \p Into grew.
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
inline bool merge(Value &Into, const Value &From) {
  return merge(Into, From, [](uint32_t P) { return P; });
}
/// Adds \p From to \p Into, keeping the paths of facts \p Into has.
inline void unite(Value &Into, const Value &From) {
  for (const auto &F : From.Facts)
    Into.Facts.insert(F);
  for (const Ref &R : From.Refs) {
    if (Into.Refs.size() >= MaxRefs)
      break;
    Into.Refs.insert(R);
  }
}
/// \p V without the facts of parameters.
inline Value withoutParams(Value V) {
  for (auto It = V.Facts.begin(); It != V.Facts.end();)
    It = It->first >= ParamBase ? V.Facts.erase(It) : std::next(It);
  return V;
}
/// The value denoting \p R alone.
inline Value refValue(const Ref &R) {
  Value V;
  V.Refs.insert(R);
  return V;
}

} // namespace teetidy::dataflow
