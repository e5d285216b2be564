//===- PathTable.h - Shared hops of the paths of facts ----------*- C++ -*-===//
//
// Every fact of a value carries the path it took from its source: the index
// of its last hop, whose parents lead back to the first. Paths share their
// hops as a tree, and a hop asked for again (the same parent, place and
// message) is the same index, so the table grows only with new paths.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "dataflow/Engine.h"
#include "dataflow/Values.h"
#include "ir/IR.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::dataflow {

/// One hop of a path: where the fact went, and why.
struct PathNode {
  uint32_t Module;
  ir::Range Where;
  llvm::StringRef Message; ///< kept by the table's string saver
  uint32_t Parent;         ///< the previous hop, or NoPath
  uint32_t Length;         ///< hops from the first to this one
  /// The first hop of a path starting at a function's parameter (which
  /// graft() replaces by the path of the argument).
  bool ParamRoot;
};

/// The hops of all paths, each stored once.
class PathTable {
public:
  /// Paths keep at most \p MaxLength hops: longer ones keep their first.
  explicit PathTable(unsigned MaxLength) : MaxPathLength(MaxLength) {}

  const PathNode &operator[](uint32_t P) const { return Paths[P]; }
  size_t size() const { return Paths.size(); }

  /// The hop after \p Parent (NoPath: a first hop) to \p Where of module
  /// \p Mod; \p Parent itself when the path is at its length limit.
  uint32_t hop(uint32_t Parent, uint32_t Mod, ir::Range Where, llvm::StringRef Msg,
               bool ParamRoot = false) {
    uint32_t Len = Parent == NoPath ? 1 : Paths[Parent].Length + 1;
    if (Parent != NoPath && Len > MaxPathLength)
      return Parent;
    // The same hop is asked for every time a call or assignment is
    // evaluated again; reuse it.
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

  /// A hop whose message is determined by (Mod, Where, Kind, A, B): the
  /// index is looked up without building the message, which \p MakeMsg
  /// makes only for a new hop. Calls are evaluated many times, and most
  /// of their hops exist already.
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

  /// Re-roots the hops of \p Callee (a path starting at a parameter) onto
  /// \p Base.
  uint32_t graft(uint32_t Callee, uint32_t Base) {
    uint64_t Key = (static_cast<uint64_t>(Callee) << 32) | Base;
    if (auto It = Grafts.find(Key); It != Grafts.end())
      return It->second;
    return newGraft(Key, Callee, Base);
  }

  /// A hop's message, built in a buffer that is reused (hop() copies it).
  llvm::StringRef msg(std::initializer_list<llvm::StringRef> Parts) {
    MsgBuf.clear();
    for (llvm::StringRef Part : Parts)
      MsgBuf.append(Part.data(), Part.size());
    return MsgBuf;
  }

  /// The hops of the path ending at \p End, from its first to \p End.
  std::vector<PathStep> steps(uint32_t End) const;

private:
  /// The key of a tagged hop (see taggedHop()).
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

  uint32_t newGraft(uint64_t Key, uint32_t Callee, uint32_t Base);

  unsigned MaxPathLength;
  std::vector<PathNode> Paths;
  /// Hops by a hash of their fields (a collision makes a new hop).
  llvm::DenseMap<uint64_t, uint32_t> HopIndex;
  llvm::DenseMap<TaggedHop, uint32_t, PodKeyInfo<TaggedHop>> TaggedHops;
  /// Keys (callee path, base path) never reach DenseMap's reserved keys.
  llvm::DenseMap<uint64_t, uint32_t> Grafts;
  std::string MsgBuf;
  llvm::BumpPtrAllocator MessageMemory;
  llvm::StringSaver Messages{MessageMemory};
};

} // namespace teetidy::dataflow
