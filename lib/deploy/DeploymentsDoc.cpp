#include "deploy/DeploymentsDoc.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <optional>

namespace teetidy::deploy {

namespace {

enum class Field { None, AppId, ComposeHash, Digest };

/// The field a table header or a key names.
Field fieldOf(llvm::StringRef Key) {
  std::string K = Key.trim(" \t*_`:").lower();
  llvm::erase_if(K, [](char C) { return C == ' ' || C == '_' || C == '-'; });
  if (K == "appid" || K == "app" || K == "applicationid" || K == "appaddress")
    return Field::AppId;
  if (K == "composehash" || K == "hash" || K == "composesha256" || K == "mrconfig" ||
      K == "composehashes")
    return Field::ComposeHash;
  if (K.find("digest") != std::string::npos || K == "image" || K == "images")
    return Field::Digest;
  return Field::None;
}

bool isHex(char C) { return llvm::isHexDigit(C); }

/// Runs of exactly \p Digits hex digits in \p S (optionally after `0x`),
/// lower-case, not part of a longer run of letters and digits.
std::vector<std::pair<size_t, std::string>> hexRuns(llvm::StringRef S, size_t Digits) {
  std::vector<std::pair<size_t, std::string>> Out;
  for (size_t I = 0; I < S.size();) {
    if (!isHex(S[I]) ||
        (I > 0 && llvm::isAlnum(S[I - 1]) && !(S[I - 1] == 'x' && I >= 2 && S[I - 2] == '0'))) {
      ++I;
      continue;
    }
    size_t J = I;
    while (J < S.size() && isHex(S[J]))
      ++J;
    bool Bounded = J == S.size() || !llvm::isAlnum(S[J]);
    if (J - I == Digits && Bounded)
      Out.emplace_back(I, S.slice(I, J).lower());
    I = J;
  }
  return Out;
}

std::vector<std::string> digestsIn(llvm::StringRef S) {
  std::vector<std::string> Out;
  for (size_t At = S.find("sha256:"); At != llvm::StringRef::npos; At = S.find("sha256:", At + 7)) {
    llvm::StringRef Rest = S.drop_front(At + 7);
    size_t N = 0;
    while (N < Rest.size() && isHex(Rest[N]))
      ++N;
    if (N == 64 && (N == Rest.size() || !llvm::isAlnum(Rest[N])))
      Out.push_back("sha256:" + Rest.take_front(64).lower());
  }
  return Out;
}

std::vector<llvm::StringRef> cells(llvm::StringRef Row) {
  Row = Row.trim();
  Row.consume_front("|");
  Row.consume_back("|");
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Row.split(Parts, '|');
  return {Parts.begin(), Parts.end()};
}

bool isTableRow(llvm::StringRef L) { return L.trim().startswith("|"); }
bool isSeparatorRow(llvm::StringRef L) {
  return isTableRow(L) && L.find_first_not_of("|:- \t") == llvm::StringRef::npos;
}

/// Fills \p E's \p F from \p Text; true when something was found.
bool fill(DocumentedEntry &E, Field F, llvm::StringRef Text) {
  switch (F) {
  case Field::AppId:
    if (auto R = hexRuns(Text, 40); !R.empty()) {
      E.AppId = R.front().second;
      return true;
    }
    return false;
  case Field::ComposeHash:
    if (auto R = hexRuns(Text, 64); !R.empty()) {
      E.ComposeHash = R.front().second;
      return true;
    }
    return false;
  case Field::Digest:
  case Field::None:
    break;
  }
  return false;
}

} // namespace

bool DeploymentsDoc::listsHashes() const {
  return std::any_of(Entries.begin(), Entries.end(),
                     [](const DocumentedEntry &E) { return !E.ComposeHash.empty(); });
}

bool DeploymentsDoc::documentsHash(const std::string &Hash) const {
  return std::any_of(Entries.begin(), Entries.end(),
                     [&](const DocumentedEntry &E) { return E.ComposeHash == Hash; });
}

std::string imageDigest(const std::string &Image) {
  size_t At = Image.rfind("@sha256:");
  if (At == std::string::npos)
    return "";
  std::vector<std::string> D = digestsIn(llvm::StringRef(Image).drop_front(At + 1));
  return D.empty() ? "" : D.front();
}

DeploymentsDoc parseDeploymentsDoc(const SourceFile &File) {
  DeploymentsDoc Doc;
  llvm::StringRef Text = File.content();
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');

  std::vector<Field> Columns;           // of the table being read
  std::optional<DocumentedEntry> Group; // key: value lines since the last heading
  std::string Heading;
  auto Flush = [&] {
    if (Group && (!Group->AppId.empty() || !Group->ComposeHash.empty()))
      Doc.Entries.push_back(std::move(*Group));
    Group.reset();
  };
  size_t Offset = 0;
  bool InFence = false;
  for (size_t I = 0; I < Lines.size(); Offset += Lines[I].size() + 1, ++I) {
    llvm::StringRef L = Lines[I].rtrim("\r");
    for (std::string &D : digestsIn(L))
      Doc.AllDigests.insert(D);
    llvm::StringRef T = L.trim();
    if (T.startswith("```") || T.startswith("~~~")) {
      InFence = !InFence;
      continue;
    }
    if (!InFence && T.startswith("#")) {
      Flush();
      Heading = T.ltrim("#").trim().str();
      Columns.clear();
      continue;
    }
    if (!InFence && isTableRow(L)) {
      if (isSeparatorRow(L))
        continue;
      std::vector<llvm::StringRef> Cs = cells(L);
      bool Header = Columns.empty() && I + 1 < Lines.size() && isSeparatorRow(Lines[I + 1]);
      if (Header) {
        Columns.clear();
        for (llvm::StringRef C : Cs)
          Columns.push_back(fieldOf(C));
        continue;
      }
      DocumentedEntry E;
      E.Loc = {&File, Offset};
      E.Label = Cs.empty() ? "" : Cs.front().trim(" \t*`").str();
      for (size_t C = 0; C < Cs.size() && C < Columns.size(); ++C)
        fill(E, Columns[C], Cs[C]);
      E.Digests = digestsIn(L);
      if (!E.AppId.empty() || !E.ComposeHash.empty())
        Doc.Entries.push_back(std::move(E));
      continue;
    }
    if (!isTableRow(L))
      Columns.clear();
    // `key: value` in a list item, a paragraph or a fenced block.
    llvm::StringRef Item = T;
    Item = Item.ltrim("-*+ \t");
    size_t Colon = Item.find(':');
    if (Colon == llvm::StringRef::npos)
      continue;
    llvm::StringRef Key = Item.take_front(Colon), Value = Item.drop_front(Colon + 1);
    Field F = fieldOf(Key);
    if (F == Field::None)
      continue;
    if (F == Field::Digest) {
      if (Group)
        for (std::string &D : digestsIn(Value))
          Group->Digests.push_back(D);
      continue;
    }
    // A field met again starts the next deployment of the group.
    if (Group && ((F == Field::AppId && !Group->AppId.empty()) ||
                  (F == Field::ComposeHash && !Group->ComposeHash.empty())))
      Flush();
    DocumentedEntry Probe;
    if (!fill(Probe, F, Value))
      continue;
    if (!Group) {
      Group.emplace();
      Group->Label = Heading;
      Group->Loc = {&File, Offset + (T.data() - L.data())};
    }
    if (F == Field::AppId)
      Group->AppId = Probe.AppId;
    else
      Group->ComposeHash = Probe.ComposeHash;
  }
  Flush();
  return Doc;
}

} // namespace teetidy::deploy
