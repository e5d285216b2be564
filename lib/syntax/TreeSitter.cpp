#include "syntax/TreeSitter.h"

#include "syntax/Grammars.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace teetidy {

// --- Parse arenas ---------------------------------------------------------
//
// tree-sitter allocates each subtree of a tree separately, and ts_tree_delete
// walks the whole tree to free them one by one: on the Python standard library
// the walk and the allocator took about 12 % of parsing. Parser::parse instead
// runs tree-sitter with its allocation hooks pointed at an arena of the
// parse's own: blocks are cut from large chunks, freed blocks are kept on
// free lists by size class for the rest of the parse, and the tree is freed
// by freeing the chunks. The hooks are installed once, before main; they
// serve the arena that is active on the calling thread, and pass every other
// call to the C library, so memory allocated outside a parse is untouched.
//
// Chunks of a freed arena are kept for the next parse on the same thread
// (ChunkCache, a few megabytes): a chunk from the C library is a large
// request, for which glibc first merges every small block freed since the
// last one (malloc_consolidate), a cost of whatever freed them, paid at
// each parse. Blocks up to 64 KiB (tree-sitter's arrays of children grow
// that large) come from the chunks too; larger ones from the C library.
//
// Blocks are 8-byte aligned: tree-sitter's own types (subtrees, stack nodes,
// arrays of them) need no more.

namespace {

/// Chunks of freed arenas by size class (powers of two), for the calling
/// thread's next parses, at most CapBytes in all.
class ChunkCache {
public:
  static constexpr unsigned MinLog = 14, MaxLog = 26; // 16 KiB to 64 MiB
  static constexpr size_t CapBytes = 16 << 20;
  static constexpr size_t PerClass = 2;

  ChunkCache() { State = Live; }
  ~ChunkCache() {
    State = Gone;
    release();
  }
  ChunkCache(const ChunkCache &) = delete;
  ChunkCache &operator=(const ChunkCache &) = delete;

  /// A chunk of 2^Log bytes, kept or new; null when memory runs out.
  char *take(unsigned Log) {
    std::vector<char *> &L = Lists[Log - MinLog];
    if (!L.empty()) {
      char *C = L.back();
      L.pop_back();
      Bytes -= size_t(1) << Log;
      return C;
    }
    return static_cast<char *>(std::malloc(size_t(1) << Log));
  }
  /// Keeps a chunk of 2^Log bytes, or frees it when the cache is full.
  void give(char *C, unsigned Log) {
    size_t Size = size_t(1) << Log;
    std::vector<char *> &L = Lists[Log - MinLog];
    if (Bytes + Size <= CapBytes && L.size() < PerClass) {
      L.push_back(C);
      Bytes += Size;
      return;
    }
    std::free(C);
  }
  void release() {
    for (std::vector<char *> &L : Lists) {
      for (char *C : L)
        std::free(C);
      L.clear();
    }
    Bytes = 0;
  }

  /// Gone once the thread's cache is destroyed: a tree freed later (in a
  /// static destructor) frees its chunks itself.
  enum Lifetime : uint8_t { Unused, Live, Gone };
  static thread_local Lifetime State;

private:
  std::vector<char *> Lists[MaxLog - MinLog + 1];
  size_t Bytes = 0;
};

thread_local ChunkCache::Lifetime ChunkCache::State = ChunkCache::Unused;
thread_local ChunkCache Cache;

/// The calling thread's cache (made on first use), or null once it is gone.
ChunkCache *chunkCache() { return ChunkCache::State == ChunkCache::Gone ? nullptr : &Cache; }

} // namespace

class ParseArena {
public:
  /// \p TextBytes: the size of the text parsed, to size the first chunk.
  explicit ParseArena(size_t TextBytes)
      : NextChunk(std::clamp<size_t>(TextBytes * 16 + 8192, MinChunk, MaxChunk)) {}
  ParseArena(const ParseArena &) = delete;
  ParseArena &operator=(const ParseArena &) = delete;
  ~ParseArena() {
    ChunkCache *C = chunkCache();
    for (const Chunk &K : Chunks) {
      if (C && K.Log)
        C->give(K.Begin, K.Log);
      else
        std::free(K.Begin);
    }
    for (const auto &[P, Size] : Large)
      std::free(P);
  }

  void *allocate(size_t N) {
    size_t Size = blockSize(N);
    if (Size > MaxSmall)
      return allocateLarge(N);
    unsigned Class = sizeClass(Size);
    if (void *P = Free[Class]) {
      Free[Class] = *static_cast<void **>(P);
      return P;
    }
    if (static_cast<size_t>(End - Cur) < Size && !grow(Size))
      return nullptr;
    char *Block = Cur;
    Cur += Size;
    std::memcpy(Block, &Size, sizeof Size);
    return Block + Header;
  }

  /// Who allocated a block: a chunk of this arena, this arena from the C
  /// library (a large block), or someone else.
  enum class Owner { Other, Chunk, Large };
  Owner owner(const void *P) const {
    for (size_t I = Chunks.size(); I-- > 0;)
      if (P >= Chunks[I].Begin && P < Chunks[I].End)
        return Owner::Chunk;
    return Large.count(const_cast<void *>(P)) ? Owner::Large : Owner::Other;
  }

  /// Resizes \p P, a block of this arena (or null).
  void *reallocate(void *P, Owner O, size_t N) {
    if (!P)
      return allocate(N);
    if (O == Owner::Large) {
      // The entry is found before realloc: P must not be used after it.
      auto It = Large.find(P);
      size_t Old = It->second;
      void *Q = std::realloc(P, std::max<size_t>(N, 1));
      if (!Q)
        return nullptr;
      Large.erase(It);
      Bytes = Bytes - Old + N;
      Large.try_emplace(Q, N);
      return Q;
    }
    size_t Usable = smallSize(P) - Header;
    if (N <= Usable)
      return P;
    void *Q = allocate(N);
    if (!Q)
      return nullptr;
    std::memcpy(Q, P, Usable);
    release(P, Owner::Chunk);
    return Q;
  }

  /// Frees \p P, a block of this arena.
  void release(void *P, Owner O) {
    if (O == Owner::Large) {
      auto It = Large.find(P);
      Bytes -= It->second;
      Large.erase(It);
      std::free(P);
      return;
    }
    unsigned Class = sizeClass(smallSize(P));
    *static_cast<void **>(P) = Free[Class];
    Free[Class] = P;
  }

  size_t bytes() const { return Bytes + (Parent ? Parent->bytes() : 0); }

  /// The arena a reparse started from: its trees' nodes are shared, so it
  /// lives as long as this one. Blocks of ancestors are never freed or
  /// resized by this arena's parse: a free is ignored, a resize copies.
  std::shared_ptr<ParseArena> Parent;
  unsigned Generation = 0;
  /// The tree was parsed from a rewritten text (see readImportTypes).
  bool Rewritten = false;

  /// The arena, this one or an ancestor, that owns \p P, and how.
  ParseArena *find(const void *P, Owner &O) {
    for (ParseArena *A = this; A; A = A->Parent.get())
      if ((O = A->owner(P)) != Owner::Other)
        return A;
    return nullptr;
  }
  /// The usable size of \p P, a block of this arena.
  size_t usable(const void *P, Owner O) const {
    if (O == Owner::Large)
      return Large.find(const_cast<void *>(P))->second;
    return smallSize(P) - Header;
  }

private:
  static constexpr size_t Align = 8, Header = 8;
  /// Blocks up to 1 KiB come in steps of 8 bytes, larger ones in powers of
  /// two up to MaxSmall; larger still are the C library's (reallocated in
  /// place when it can).
  static constexpr size_t MaxFine = 1024, MaxSmall = 64 << 10;
  static constexpr unsigned FineClasses = MaxFine / Align + 1; // 0 .. 128
  static constexpr unsigned Classes = FineClasses + 6;         // 2, 4, .. 64 KiB
  static constexpr size_t MinChunk = 16 << 10, MaxChunk = 64 << 20;

  struct Chunk {
    char *Begin, *End;
    unsigned Log; ///< its size is 2^Log
  };
  std::vector<Chunk> Chunks;
  char *Cur = nullptr, *End = nullptr;
  size_t NextChunk, Bytes = 0;
  /// Free lists by size class, at the start of the first chunk (kept out
  /// of the object, which is allocated with each parse: a small request).
  /// Before the first chunk, lists that are all empty and never written (a
  /// block is released only after a chunk exists).
  static inline void *NoLists[Classes] = {};
  void **Free = NoLists;
  llvm::DenseMap<void *, size_t> Large;

  /// A block holds its size in a header; it can hold the free-list link.
  static size_t blockSize(size_t N) {
    size_t Size = std::max<size_t>((N + Header + Align - 1) & ~(Align - 1), 2 * Align);
    return Size <= MaxFine ? Size : std::bit_ceil(Size);
  }
  static unsigned sizeClass(size_t Size) {
    if (Size <= MaxFine)
      return static_cast<unsigned>(Size / Align);
    return FineClasses + static_cast<unsigned>(std::countr_zero(Size)) - 11; // 2 KiB: first
  }
  static size_t smallSize(const void *P) {
    size_t Size;
    std::memcpy(&Size, static_cast<const char *>(P) - Header, sizeof Size);
    return Size;
  }
  bool grow(size_t Size) {
    size_t Lists = Free == NoLists ? Classes * sizeof(void *) : 0;
    size_t Want = std::max(NextChunk, Size + Lists);
    unsigned Log =
        std::max<unsigned>(ChunkCache::MinLog, static_cast<unsigned>(std::bit_width(Want - 1)));
    if (Log > ChunkCache::MaxLog) { // beyond the cache's classes: exact size
      char *B = static_cast<char *>(std::malloc(Want));
      if (!B)
        return false;
      return adopt(B, Want, 0, Lists);
    }
    ChunkCache *C = chunkCache();
    char *B = C ? C->take(Log) : static_cast<char *>(std::malloc(size_t(1) << Log));
    if (!B)
      return false;
    return adopt(B, size_t(1) << Log, Log, Lists);
  }
  bool adopt(char *B, size_t Size, unsigned Log, size_t Lists) {
    Chunks.push_back({B, B + Size, Log});
    Cur = B;
    End = B + Size;
    Bytes += Size;
    if (Lists) {
      Free = reinterpret_cast<void **>(B);
      std::memset(Free, 0, Lists);
      Cur += Lists;
    }
    // Later chunks: half of what the parse holds so far.
    NextChunk = std::clamp<size_t>(Bytes / 2, MinChunk, MaxChunk);
    return true;
  }
  void *allocateLarge(size_t N) {
    void *P = std::malloc(N);
    if (P) {
      Large.try_emplace(P, N);
      Bytes += N;
    }
    return P;
  }
};

void releaseParseMemory() {
  if (ChunkCache *C = chunkCache())
    C->release();
}

void ParseArenaDeleter::operator()(ParseArena *A) const { delete A; }

namespace {

thread_local ParseArena *Active = nullptr;

/// Makes \p A the calling thread's arena for its lifetime.
class ActiveArena {
public:
  explicit ActiveArena(ParseArena &A) : Saved(Active) { Active = &A; }
  ~ActiveArena() { Active = Saved; }
  ActiveArena(const ActiveArena &) = delete;
  ActiveArena &operator=(const ActiveArena &) = delete;

private:
  ParseArena *Saved;
};

/// tree-sitter does not check what its allocator returns; its own default
/// allocator exits when memory runs out, and so do these hooks, with the
/// tool's exit code for a run that could not do what was asked.
[[noreturn]] void outOfMemory(size_t N) {
  std::fprintf(stderr, "tee-tidy: error: out of memory while parsing (%zu bytes requested)\n", N);
  std::_Exit(2);
}
void *checked(void *P, size_t N) {
  if (!P && N)
    outOfMemory(N);
  return P;
}

void *hookMalloc(size_t N) { return checked(Active ? Active->allocate(N) : std::malloc(N), N); }
void *hookCalloc(size_t Count, size_t N) {
  if (N && Count > SIZE_MAX / N)
    outOfMemory(SIZE_MAX);
  if (!Active)
    return checked(std::calloc(Count, N), Count * N);
  void *P = checked(Active->allocate(Count * N), Count * N);
  std::memset(P, 0, Count * N);
  return P;
}
void *hookRealloc(void *P, size_t N) {
  if (Active) {
    if (!P)
      return checked(Active->allocate(N), N);
    auto O = ParseArena::Owner::Other;
    ParseArena *A = Active->find(P, O);
    if (A == Active)
      return checked(Active->reallocate(P, O, N), N);
    if (A) {
      // A block of an ancestor arena: copied, the original left in place.
      void *Q = checked(Active->allocate(N), N);
      std::memcpy(Q, P, std::min(N, A->usable(P, O)));
      return Q;
    }
  }
  return checked(std::realloc(P, N), N);
}
void hookFree(void *P) {
  if (!P)
    return;
  if (Active) {
    auto O = ParseArena::Owner::Other;
    if (ParseArena *A = Active->find(P, O)) {
      if (A == Active)
        Active->release(P, O);
      return; // an ancestor's block goes with its arena
    }
  }
  std::free(P);
}

// Before main, so no other thread is calling tree-sitter yet.
[[maybe_unused]] const bool HooksInstalled = [] {
  ts_set_allocator(hookMalloc, hookCalloc, hookRealloc, hookFree);
  return true;
}();

} // namespace

// --- Parser and Tree ------------------------------------------------------

bool Parser::setLanguage(const TSLanguage *L) {
  // What ts_parser_set_language checks.
  uint32_t Version = L ? ts_language_version(L) : 0;
  if (Version < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION ||
      Version > TREE_SITTER_LANGUAGE_VERSION)
    return false;
  Lang = L;
  return true;
}

namespace {

/// Parses \p Text in \p Memory, from \p Old changed by \p Edit when given
/// (the edit goes to a copy: \p Old is left as it was). Each parse has a
/// parser of its own: a parser kept across parses would keep blocks of one
/// arena in its pools for the next.
/// The time a parse of \p Bytes may take: \p TimeoutMicros (0: no limit),
/// but no more than two seconds and 20 microseconds a byte. Valid code parses
/// a hundred times faster than that; tree-sitter's error recovery on a few
/// kilobytes of mangled TSX took minutes (found by the ECMAScript fuzzer).
uint64_t parseBudget(uint64_t TimeoutMicros, size_t Bytes) {
  if (!TimeoutMicros)
    return 0;
  return std::min<uint64_t>(TimeoutMicros, 2'000'000 + 20 * static_cast<uint64_t>(Bytes));
}

Tree parseIn(std::shared_ptr<ParseArena> Memory, const TSLanguage *Lang, std::string_view Text,
             uint64_t TimeoutMicros, const TSTree *Old = nullptr,
             const TSInputEdit *Edit = nullptr) {
  TSTree *T;
  {
    ActiveArena Scope(*Memory);
    TSTree *Edited = nullptr;
    if (Old) {
      Edited = ts_tree_copy(Old);
      ts_tree_edit(Edited, Edit);
    }
    TSParser *Fresh = ts_parser_new();
    ts_parser_set_language(Fresh, Lang);
    ts_parser_set_timeout_micros(Fresh, parseBudget(TimeoutMicros, Text.size()));
    T = ts_parser_parse_string(Fresh, Edited, Text.data(), static_cast<uint32_t>(Text.size()));
    ts_parser_delete(Fresh);
  }
  if (!T)
    return Tree();
  return Tree(T, std::move(Memory));
}

/// The start of every ERROR and MISSING node under \p N, in order.
void errorStarts(TSNode N, std::vector<uint32_t> &Out) {
  // An explicit stack: error subtrees can be deep.
  std::vector<TSNode> Stack{N};
  while (!Stack.empty()) {
    TSNode M = Stack.back();
    Stack.pop_back();
    if (!ts_node_has_error(M))
      continue;
    if (ts_node_is_missing(M) || std::string_view(ts_node_type(M)) == "ERROR")
      Out.push_back(ts_node_start_byte(M));
    for (uint32_t I = ts_node_child_count(M); I-- > 0;)
      Stack.push_back(ts_node_child(M, I));
  }
  std::sort(Out.begin(), Out.end());
}

/// tree-sitter-typescript (0.23.2, the newest) does not parse an import
/// type followed by more type syntax: `import('./x').T[]`,
/// `f<typeof import('m')>()`. Returns \p Text with each `import('...')`
/// that an error starts within or just after (64 bytes) spelled as an
/// identifier of the same length (every offset stays), or "" when there is
/// none. The caller keeps the rewrite only if it parses with fewer errors.
std::string readImportTypes(std::string_view Text, const std::vector<uint32_t> &Errors) {
  std::string Out;
  for (size_t At = Text.find("import"); At != std::string_view::npos;
       At = Text.find("import", At + 6)) {
    bool Word = At > 0 && (std::isalnum(static_cast<unsigned char>(Text[At - 1])) ||
                           Text[At - 1] == '_' || Text[At - 1] == '$' || Text[At - 1] == '.');
    if (Word)
      continue;
    size_t I = At + 6;
    auto Space = [&] {
      while (I < Text.size() && (Text[I] == ' ' || Text[I] == '\t'))
        ++I;
    };
    Space();
    if (I >= Text.size() || Text[I] != '(')
      continue;
    ++I;
    Space();
    if (I >= Text.size() || (Text[I] != '\'' && Text[I] != '"'))
      continue;
    char Quote = Text[I];
    size_t Close = Text.find_first_of(std::string{Quote, '\n', '\\'}, I + 1);
    if (Close == std::string_view::npos || Text[Close] != Quote)
      continue;
    I = Close + 1;
    Space();
    if (I >= Text.size() || Text[I] != ')')
      continue;
    size_t End = I + 1;
    auto Near = std::lower_bound(Errors.begin(), Errors.end(), static_cast<uint32_t>(At));
    if (Near == Errors.end() || *Near > End + 64)
      continue;
    if (Out.empty())
      Out = std::string(Text);
    std::fill(Out.begin() + static_cast<std::ptrdiff_t>(At),
              Out.begin() + static_cast<std::ptrdiff_t>(End), '_');
  }
  return Out;
}

bool isTypeScript(const TSLanguage *L) {
  return L == grammarFor(Language::TypeScript) || L == grammarFor(Language::TSX);
}

} // namespace

Tree Parser::parse(std::string_view Text, uint64_t TimeoutMicros) {
  if (!Lang)
    return Tree();
  Tree T = parseIn(std::shared_ptr<ParseArena>(new ParseArena(Text.size()), ParseArenaDeleter()),
                   Lang, Text, TimeoutMicros);
  if (!T || !isTypeScript(Lang) || !ts_node_has_error(T.root()))
    return T;
  std::vector<uint32_t> Errors;
  errorStarts(T.root(), Errors);
  std::string Rewritten = readImportTypes(Text, Errors);
  if (Rewritten.empty())
    return T;
  std::shared_ptr<ParseArena> Memory(new ParseArena(Text.size()), ParseArenaDeleter());
  Memory->Rewritten = true;
  Tree R = parseIn(std::move(Memory), Lang, Rewritten, TimeoutMicros);
  std::vector<uint32_t> Left;
  if (R)
    errorStarts(R.root(), Left);
  if (R && Left.size() < Errors.size())
    return R;
  return T;
}

namespace {
/// The row and byte column of offset \p At of \p Text.
TSPoint pointAt(std::string_view Text, size_t At) {
  std::string_view Before = Text.substr(0, At);
  uint32_t Row = static_cast<uint32_t>(std::count(Before.begin(), Before.end(), '\n'));
  size_t LineStart = Before.rfind('\n');
  size_t Column = LineStart == std::string_view::npos ? At : At - LineStart - 1;
  return {Row, static_cast<uint32_t>(Column)};
}
} // namespace

Tree Parser::reparse(const Tree &Old, std::string_view OldText, std::string_view Text,
                     uint64_t TimeoutMicros) {
  if (!Lang)
    return Tree();
  // A tree of a rewritten text is not reused: its nodes are of that text.
  if (!Old || !Old.Memory || Old.Memory->Rewritten)
    return parse(Text, TimeoutMicros);
  size_t Most = std::min(OldText.size(), Text.size());
  size_t Prefix = 0;
  while (Prefix < Most && OldText[Prefix] == Text[Prefix])
    ++Prefix;
  size_t Suffix = 0;
  while (Suffix < Most - Prefix &&
         OldText[OldText.size() - 1 - Suffix] == Text[Text.size() - 1 - Suffix])
    ++Suffix;
  TSInputEdit Edit;
  Edit.start_byte = static_cast<uint32_t>(Prefix);
  Edit.old_end_byte = static_cast<uint32_t>(OldText.size() - Suffix);
  Edit.new_end_byte = static_cast<uint32_t>(Text.size() - Suffix);
  Edit.start_point = pointAt(Text, Edit.start_byte);
  Edit.old_end_point = pointAt(OldText, Edit.old_end_byte);
  Edit.new_end_point = pointAt(Text, Edit.new_end_byte);
  // What the reparse allocates grows with the edit, not with the file.
  std::shared_ptr<ParseArena> Memory(
      new ParseArena(std::min<size_t>(Text.size(), Edit.new_end_byte - Prefix + 4096)),
      ParseArenaDeleter());
  Memory->Parent = Old.Memory;
  Memory->Generation = Old.Memory->Generation + 1;
  return parseIn(std::move(Memory), Lang, Text, TimeoutMicros, Old.T, &Edit);
}

Tree::Tree(TSTree *T, std::shared_ptr<ParseArena> Memory) : T(T), Memory(std::move(Memory)) {}

Tree Tree::copy() const {
  if (!T || !Memory)
    return Tree();
  // Made in the arena, like the tree: it goes with the arena too.
  ActiveArena Scope(*Memory);
  return Tree(ts_tree_copy(T), Memory);
}

unsigned Tree::generation() const { return Memory ? Memory->Generation : 0; }

Tree::Tree(Tree &&O) noexcept : T(std::exchange(O.T, nullptr)), Memory(std::move(O.Memory)) {}

Tree &Tree::operator=(Tree &&O) noexcept {
  if (this != &O) {
    Tree Old(std::move(*this));
    T = std::exchange(O.T, nullptr);
    Memory = std::move(O.Memory);
  }
  return *this;
}

Tree::~Tree() {
  // A tree in an arena goes with it (the arena's destructor runs next).
  if (T && !Memory)
    ts_tree_delete(T);
}

size_t Tree::arenaBytes() const { return Memory ? Memory->bytes() : 0; }

// --- Helpers --------------------------------------------------------------

std::optional<uint32_t> firstSyntaxErrorOffset(TSNode Root) {
  TSNode N = Root;
  if (ts_node_is_null(N) || !ts_node_has_error(N))
    return std::nullopt;
  while (true) {
    if (ts_node_is_missing(N) || std::string_view(ts_node_type(N)) == "ERROR")
      return ts_node_start_byte(N);
    bool Descended = false;
    for (uint32_t I = 0, C = ts_node_child_count(N); I < C; ++I) {
      TSNode Child = ts_node_child(N, I);
      if (ts_node_has_error(Child)) {
        N = Child;
        Descended = true;
        break;
      }
    }
    if (!Descended)
      return ts_node_start_byte(N);
  }
}

std::string_view nodeText(TSNode N, std::string_view Source) {
  if (ts_node_is_null(N))
    return {};
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  if (B > Source.size() || E > Source.size() || E < B)
    return {};
  return Source.substr(B, E - B);
}

} // namespace teetidy
