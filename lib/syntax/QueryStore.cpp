#include "syntax/QueryStore.h"

#include <atomic>

#include "source/SourceFile.h"
#include "syntax/EmbeddedFiles.h"
#include "syntax/Grammars.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>

namespace teetidy {

namespace {

const char *queryErrorText(TSQueryError E) {
  switch (E) {
  case TSQueryErrorSyntax:
    return "syntax error";
  case TSQueryErrorNodeType:
    return "unknown node type";
  case TSQueryErrorField:
    return "unknown field";
  case TSQueryErrorCapture:
    return "unknown capture";
  case TSQueryErrorStructure:
    return "impossible pattern structure";
  case TSQueryErrorLanguage:
    return "incompatible language";
  default:
    return "error";
  }
}

llvm::Error errorAt(const std::string &Path, std::string_view Text, size_t Offset,
                    const std::string &Message) {
  SourceFile F(Path, std::string(Text), Language::Yaml);
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s:%u:%u: %s", Path.c_str(),
                                 F.lineOf(Offset), F.columnOf(Offset), Message.c_str());
}

} // namespace

uint32_t CompiledQuery::captureId(std::string_view Name) const {
  for (uint32_t I = 0; I < CaptureNames.size(); ++I)
    if (CaptureNames[I] == Name)
      return I;
  return UINT32_MAX;
}

std::string_view CompiledQuery::captureName(uint32_t Id) const {
  return Id < CaptureNames.size() ? std::string_view(CaptureNames[Id]) : "";
}

llvm::Expected<std::unique_ptr<CompiledQuery>>
compileQuery(const TSLanguage *Lang, std::string_view Text, std::string Path) {
  uint32_t ErrOffset = 0;
  TSQueryError ErrType = TSQueryErrorNone;
  TSQuery *Raw =
      ts_query_new(Lang, Text.data(), static_cast<uint32_t>(Text.size()), &ErrOffset, &ErrType);
  if (!Raw) {
    std::string Msg = queryErrorText(ErrType);
    // Name the offending token so the message is useful on its own.
    size_t End = ErrOffset;
    while (End < Text.size() && (std::isalnum(static_cast<unsigned char>(Text[End])) ||
                                 Text[End] == '_' || Text[End] == '-'))
      ++End;
    if (End > ErrOffset)
      Msg += " '" + std::string(Text.substr(ErrOffset, End - ErrOffset)) + "'";
    return errorAt(Path, Text, ErrOffset, Msg);
  }
  auto CQ = std::make_unique<CompiledQuery>();
  CQ->Q = Query(Raw);
  CQ->Path = Path;
  for (uint32_t I = 0, N = ts_query_capture_count(Raw); I < N; ++I) {
    uint32_t Len = 0;
    const char *Name = ts_query_capture_name_for_id(Raw, I, &Len);
    CQ->CaptureNames.emplace_back(Name, Len);
  }
  auto StringValue = [&](uint32_t Id) {
    uint32_t Len = 0;
    const char *S = ts_query_string_value_for_id(Raw, Id, &Len);
    return std::string(S, Len);
  };

  uint32_t Patterns = ts_query_pattern_count(Raw);
  CQ->Predicates.resize(Patterns);
  CQ->Properties.resize(Patterns);
  for (uint32_t Pat = 0; Pat < Patterns; ++Pat) {
    uint32_t StepCount = 0;
    const TSQueryPredicateStep *Steps = ts_query_predicates_for_pattern(Raw, Pat, &StepCount);
    size_t PatternStart = ts_query_start_byte_for_pattern(Raw, Pat);
    for (uint32_t I = 0; I < StepCount;) {
      uint32_t J = I;
      while (J < StepCount && Steps[J].type != TSQueryPredicateStepTypeDone)
        ++J;
      // Steps[I..J) is one predicate: name, then arguments.
      if (J == I || Steps[I].type != TSQueryPredicateStepTypeString)
        return errorAt(Path, Text, PatternStart, "malformed predicate");
      std::string Name = StringValue(Steps[I].value_id);
      auto Fail = [&](const std::string &Why) {
        return errorAt(Path, Text, PatternStart, "#" + Name + " " + Why);
      };
      std::vector<const TSQueryPredicateStep *> Args;
      for (uint32_t K = I + 1; K < J; ++K)
        Args.push_back(&Steps[K]);
      if (Name == "set!") {
        if (Args.size() != 2 || Args[0]->type != TSQueryPredicateStepTypeString ||
            Args[1]->type != TSQueryPredicateStepTypeString)
          return Fail("takes a key and a string value");
        CQ->Properties[Pat][StringValue(Args[0]->value_id)] = StringValue(Args[1]->value_id);
      } else {
        QueryPredicate P;
        if (Name == "eq?")
          P.Op = QueryPredicate::Kind::Eq;
        else if (Name == "not-eq?")
          P.Op = QueryPredicate::Kind::NotEq;
        else if (Name == "match?")
          P.Op = QueryPredicate::Kind::Match;
        else if (Name == "not-match?")
          P.Op = QueryPredicate::Kind::NotMatch;
        else if (Name == "any-of?")
          P.Op = QueryPredicate::Kind::AnyOf;
        else if (Name == "not-any-of?")
          P.Op = QueryPredicate::Kind::NotAnyOf;
        else
          return errorAt(Path, Text, PatternStart, "unknown predicate '#" + Name + "'");
        if (Args.size() < 2 || Args[0]->type != TSQueryPredicateStepTypeCapture)
          return Fail("needs a capture and at least one argument");
        P.Capture = Args[0]->value_id;
        bool TwoArgs = P.Op == QueryPredicate::Kind::Eq || P.Op == QueryPredicate::Kind::NotEq ||
                       P.Op == QueryPredicate::Kind::Match ||
                       P.Op == QueryPredicate::Kind::NotMatch;
        if (TwoArgs && Args.size() != 2)
          return Fail("takes exactly two arguments");
        for (size_t K = 1; K < Args.size(); ++K) {
          if (Args[K]->type == TSQueryPredicateStepTypeCapture) {
            if (P.Op != QueryPredicate::Kind::Eq && P.Op != QueryPredicate::Kind::NotEq)
              return Fail("compares with strings only");
            P.OtherCapture = Args[K]->value_id;
          } else {
            P.Values.push_back(StringValue(Args[K]->value_id));
          }
        }
        if (P.Op == QueryPredicate::Kind::Match || P.Op == QueryPredicate::Kind::NotMatch) {
          P.Pattern = std::make_shared<llvm::Regex>(P.Values[0]);
          std::string RegexError;
          if (!P.Pattern->isValid(RegexError))
            return Fail("has an invalid regular expression: " + RegexError);
        }
        CQ->Predicates[Pat].push_back(std::move(P));
      }
      I = J + 1;
    }
  }
  CQ->Needs.resize(Patterns);
  for (uint32_t Pat = 0; Pat < Patterns; ++Pat)
    for (const QueryPredicate &P : CQ->Predicates[Pat]) {
      bool Literal = (P.Op == QueryPredicate::Kind::Eq && !P.OtherCapture) ||
                     P.Op == QueryPredicate::Kind::AnyOf;
      TSQuantifier Q = ts_query_capture_quantifier_for_id(Raw, Pat, P.Capture);
      if (Literal && (Q == TSQuantifierOne || Q == TSQuantifierOneOrMore))
        CQ->Needs[Pat].push_back(P.Values);
    }
  return CQ;
}

bool CompiledQuery::mayMatch(std::string_view Source) const {
  std::map<std::string_view, bool> Seen; // each string searched once
  auto Contains = [&](const std::string &S) {
    auto [It, New] = Seen.try_emplace(S, false);
    if (New)
      It->second = Source.find(S) != std::string_view::npos;
    return It->second;
  };
  for (const auto &Groups : Needs)
    if (std::all_of(Groups.begin(), Groups.end(), [&](const std::vector<std::string> &G) {
          return std::any_of(G.begin(), G.end(), Contains);
        }))
      return true;
  return false;
}

namespace {
uint64_t nextStoreSerial() {
  static std::atomic<uint64_t> Next{1};
  return Next++;
}
} // namespace

QueryStore::QueryStore() : Serial(nextStoreSerial()) {}
QueryStore::QueryStore(std::string D) : Dir(std::move(D)), Serial(nextStoreSerial()) {}

std::optional<std::string> QueryStore::file(std::string_view RelPath) const {
  if (Dir) {
    llvm::SmallString<256> P(*Dir);
    llvm::sys::path::append(P, RelPath);
    auto Buf = llvm::MemoryBuffer::getFile(P);
    if (!Buf)
      return std::nullopt;
    return (*Buf)->getBuffer().str();
  }
  for (const EmbeddedFile &F : embeddedDataFiles())
    if (F.Path == RelPath)
      return std::string(F.Contents);
  return std::nullopt;
}

std::vector<std::string> QueryStore::files() const {
  std::vector<std::string> Out;
  if (Dir) {
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(*Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef P = It->path();
      if (P.endswith(".scm") || P.endswith(".yaml")) {
        llvm::StringRef Rel = P.drop_front(Dir->size());
        Out.push_back(Rel.ltrim('/').str());
      }
    }
  } else {
    for (const EmbeddedFile &F : embeddedDataFiles())
      Out.emplace_back(F.Path);
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::optional<std::string> QueryStore::querySource(Language L, std::string_view Name,
                                                   std::string *PathOut) const {
  std::string File = std::string(Name) + ".scm";
  std::string Own = std::string(languageName(L)) + "/" + File;
  std::string Family = std::string(queryFolder(L)) + "/" + File;
  if (auto Text = this->file(Own)) {
    if (PathOut)
      *PathOut = Own;
    llvm::StringRef First = llvm::StringRef(*Text).split('\n').first.trim();
    if (First.consume_front(";") && First.ltrim().startswith("inherits:")) {
      llvm::StringRef Parent = First.ltrim().drop_front(9).trim();
      if (auto Base = this->file(Parent.str() + "/" + File))
        return *Base + "\n" + *Text;
    }
    return Text;
  }
  if (PathOut)
    *PathOut = Family;
  return this->file(Family);
}

llvm::Expected<const CompiledQuery *> QueryStore::query(Language L, std::string_view Name) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Key = std::make_pair(L, std::string(Name));
  if (auto It = Cache.find(Key); It != Cache.end())
    return It->second.get();
  std::string Path;
  auto Text = querySource(L, Name, &Path);
  if (!Text)
    return nullptr;
  auto CQ = compileQuery(grammarFor(L), *Text,
                         "queries/" + Path + " (" + std::string(languageName(L)) + ")");
  if (!CQ)
    return CQ.takeError();
  const CompiledQuery *Result = CQ->get();
  Cache.emplace(Key, std::move(*CQ));
  return Result;
}

} // namespace teetidy
