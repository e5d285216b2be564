//===- ComposeFile.cpp - Docker Compose file model ------------------------===//
//
// yaml-cpp builds the node tree; this file maps nodes back to byte offsets,
// applies merge keys (yaml-cpp 0.7 leaves `<<` as an ordinary key), reports
// duplicate keys and wrong types, and extracts the service settings.
//
//===----------------------------------------------------------------------===//

#include "deploy/ComposeFile.h"

#include "source/YamlDocuments.h"

#include "source/Utf8.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

namespace teetidy::deploy {

namespace {

void interpolate(ComposeScalar &S) {
  if (auto Parsed = parseInterpolation(S.Text)) {
    S.Value = std::move(*Parsed);
    S.InterpolationFailed = false;
  } else {
    S.Value = InterpolatedString{S.Text, {}};
    S.InterpolationFailed = true;
  }
}

/// True when \p Offsets is a run of consecutive offsets.
bool isContiguous(const std::vector<size_t> &Offsets) {
  for (size_t I = 1; I < Offsets.size(); ++I)
    if (Offsets[I] != Offsets[0] + I)
      return false;
  return true;
}

char toLower(char C) { return C >= 'A' && C <= 'Z' ? static_cast<char>(C - 'A' + 'a') : C; }

bool startsWith(std::string_view S, std::string_view Prefix) {
  return S.substr(0, Prefix.size()) == Prefix;
}

bool endsWith(std::string_view S, std::string_view Suffix) {
  return S.size() >= Suffix.size() && S.substr(S.size() - Suffix.size()) == Suffix;
}

} // namespace

//===----------------------------------------------------------------------===//
// Model helpers
//===----------------------------------------------------------------------===//

size_t ComposeScalar::fileOffset(size_t I) const {
  if (Offsets.empty())
    return Loc.Offset + std::min(I, Text.size());
  return Offsets[std::min(I, Offsets.size() - 1)];
}

ComposeScalar ComposeScalar::slice(size_t Begin, size_t End) const {
  End = std::min(End, Text.size());
  Begin = std::min(Begin, End);
  ComposeScalar R;
  R.Text = Text.substr(Begin, End - Begin);
  R.Loc = locationOf(Begin);
  size_t EndOffset = fileOffset(End);
  R.Length = EndOffset > R.Loc.Offset ? EndOffset - R.Loc.Offset : 0;
  if (!Offsets.empty()) {
    size_t Last = std::min(End + 1, Offsets.size());
    R.Offsets.assign(Offsets.begin() + static_cast<std::ptrdiff_t>(Begin),
                     Offsets.begin() + static_cast<std::ptrdiff_t>(Last));
    if (isContiguous(R.Offsets) && R.Offsets.size() == R.Text.size() + 1)
      R.Offsets.clear();
  }
  interpolate(R);
  return R;
}

const EnvironmentEntry *ComposeService::findEnv(std::string_view Var) const {
  for (auto It = Environment.rbegin(); It != Environment.rend(); ++It)
    if (It->Name == Var)
      return &*It;
  return nullptr;
}

const ComposeService *ComposeFile::findService(std::string_view Wanted) const {
  for (const ComposeService &S : Services)
    if (S.Name == Wanted)
      return &S;
  return nullptr;
}

const VolumeDefinition *ComposeFile::findVolume(std::string_view Wanted) const {
  for (const VolumeDefinition &V : Volumes)
    if (V.Name == Wanted)
      return &V;
  return nullptr;
}

const ComposeScalar *VolumeDefinition::option(std::string_view Key) const {
  for (const auto &[Name, Value] : DriverOpts)
    if (Name == Key)
      return &Value;
  return nullptr;
}

bool isComposeFileName(std::string_view Path) {
  size_t Slash = Path.find_last_of("/\\");
  std::string Name(Slash == std::string_view::npos ? Path : Path.substr(Slash + 1));
  std::transform(Name.begin(), Name.end(), Name.begin(), toLower);
  std::string_view N = Name;
  if (!endsWith(N, ".yml") && !endsWith(N, ".yaml"))
    return false;
  auto Delimiter = [](char C) { return C == '-' || C == '_' || C == '.'; };
  for (size_t At = N.find("compose"); At != std::string_view::npos;
       At = N.find("compose", At + 1)) {
    size_t End = At + 7;
    if ((At == 0 || Delimiter(N[At - 1])) && End < N.size() && Delimiter(N[End]))
      return true;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Mapping scalar values back to source bytes
//===----------------------------------------------------------------------===//

namespace {

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Block };

bool isBlank(char C) { return C == ' ' || C == '\t'; }
bool isBreak(char C) { return C == '\n' || C == '\r'; }

/// Decodes the double-quoted escape starting at the backslash Src[Pos] into
/// the bytes it stands for; \p Consumed receives its source length.
std::optional<std::string> decodeEscape(std::string_view Src, size_t Pos, size_t &Consumed) {
  if (Pos + 1 >= Src.size())
    return std::nullopt;
  Consumed = 2;
  unsigned HexDigits = 0;
  switch (Src[Pos + 1]) {
  case '0':
    return std::string(1, '\0');
  case 'a':
    return std::string("\a");
  case 'b':
    return std::string("\b");
  case 't':
  case '\t':
    return std::string("\t");
  case 'n':
    return std::string("\n");
  case 'v':
    return std::string("\v");
  case 'f':
    return std::string("\f");
  case 'r':
    return std::string("\r");
  case 'e':
    return std::string("\x1b");
  case ' ':
    return std::string(" ");
  case '"':
    return std::string("\"");
  case '/':
    return std::string("/");
  case '\\':
    return std::string("\\");
  case 'N':
    return std::string("\xC2\x85");
  case '_':
    return std::string("\xC2\xA0");
  case 'L':
    return std::string("\xE2\x80\xA8");
  case 'P':
    return std::string("\xE2\x80\xA9");
  case 'x':
    HexDigits = 2;
    break;
  case 'u':
    HexDigits = 4;
    break;
  case 'U':
    HexDigits = 8;
    break;
  default:
    return std::nullopt;
  }
  if (Pos + 2 + HexDigits > Src.size())
    return std::nullopt;
  uint32_t CP = 0;
  for (unsigned I = 0; I < HexDigits; ++I) {
    char C = Src[Pos + 2 + I];
    uint32_t Digit;
    if (C >= '0' && C <= '9')
      Digit = static_cast<uint32_t>(C - '0');
    else if (C >= 'a' && C <= 'f')
      Digit = static_cast<uint32_t>(C - 'a' + 10);
    else if (C >= 'A' && C <= 'F')
      Digit = static_cast<uint32_t>(C - 'A' + 10);
    else
      return std::nullopt;
    CP = CP * 16 + Digit;
  }
  Consumed = 2 + HexDigits;
  std::string Out;
  appendUtf8(Out, CP);
  return Out;
}

/// Matches the decoded \p Value against the source from \p Start and returns
/// the source offset of each value byte plus the offset where the content
/// ends. Folded line breaks map to the break, escapes to their backslash.
/// Returns an empty vector when the source does not match the value.
std::vector<size_t> alignScalar(std::string_view Src, size_t Start, ScalarStyle Style,
                                std::string_view Value) {
  std::vector<size_t> Map;
  Map.reserve(Value.size() + 1);
  size_t S = Start, V = 0;
  while (V < Value.size()) {
    if (S >= Src.size())
      return {};
    char C = Src[S];
    if (Style == ScalarStyle::DoubleQuoted && C == '\\') {
      if (S + 1 < Src.size() && isBreak(Src[S + 1])) {
        // An escaped line break joins the lines without a space.
        S += 2;
        if (Src[S - 1] == '\r' && S < Src.size() && Src[S] == '\n')
          ++S;
        while (S < Src.size() && isBlank(Src[S]))
          ++S;
        continue;
      }
      size_t Consumed = 0;
      auto Decoded = decodeEscape(Src, S, Consumed);
      if (!Decoded || Value.substr(V, Decoded->size()) != *Decoded)
        return {};
      Map.insert(Map.end(), Decoded->size(), S);
      V += Decoded->size();
      S += Consumed;
      continue;
    }
    if (Style == ScalarStyle::DoubleQuoted && C == '"')
      return {};
    if (Style == ScalarStyle::SingleQuoted && C == '\'') {
      if (S + 1 < Src.size() && Src[S + 1] == '\'' && Value[V] == '\'') {
        Map.push_back(S);
        ++V;
        S += 2;
        continue;
      }
      return {};
    }
    if (Value[V] == C) {
      Map.push_back(S);
      ++V;
      ++S;
      continue;
    }
    if (isBreak(C) && (Value[V] == ' ' || Value[V] == '\n')) {
      Map.push_back(S); // a folded or normalised line break
      ++V;
      ++S;
      continue;
    }
    if (isBlank(C) || isBreak(C)) {
      ++S; // indentation or whitespace removed by folding
      continue;
    }
    return {};
  }
  Map.push_back(S);
  return Map;
}

/// Skips anchors (`&a`) and tags (`!t`) before a node's content, with the
/// whitespace, line breaks and comments after them.
size_t skipProperties(std::string_view Src, size_t P) {
  while (P < Src.size() && (Src[P] == '&' || Src[P] == '!')) {
    if (Src[P] == '!' && P + 1 < Src.size() && Src[P + 1] == '<') {
      while (P < Src.size() && Src[P] != '>')
        ++P;
      P = std::min(P + 1, Src.size());
    } else {
      bool Anchor = Src[P] == '&';
      while (P < Src.size() && !isBlank(Src[P]) && !isBreak(Src[P]) &&
             !(Anchor && std::string_view(",[]{}").find(Src[P]) != std::string_view::npos))
        ++P;
    }
    while (P < Src.size()) {
      if (isBlank(Src[P]) || isBreak(Src[P])) {
        ++P;
      } else if (Src[P] == '#') {
        while (P < Src.size() && !isBreak(Src[P]))
          ++P;
      } else {
        break;
      }
    }
  }
  return P;
}

//===----------------------------------------------------------------------===//
// The reader
//===----------------------------------------------------------------------===//

/// One key/value pair of a mapping after merge keys are applied.
struct MapEntry {
  YAML::Node Key, Value;
  const std::string &name() const { return Key.Scalar(); }
};

constexpr unsigned MaxMergeDepth = 16;
constexpr unsigned MaxWalkDepth = 256;

std::string kindOf(const YAML::Node &N) {
  switch (N.Type()) {
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "a scalar";
  case YAML::NodeType::Null:
    return "null";
  case YAML::NodeType::Undefined:
    break;
  }
  return "undefined";
}

bool isMergeKey(const YAML::Node &Key) {
  return Key.IsScalar() && Key.Scalar() == "<<" &&
         (Key.Tag() == "?" || Key.Tag() == "tag:yaml.org,2002:merge");
}

std::optional<bool> parseBool(std::string_view Text) {
  std::string L(Text);
  std::transform(L.begin(), L.end(), L.begin(), toLower);
  if (L == "true" || L == "yes" || L == "on" || L == "y")
    return true;
  if (L == "false" || L == "no" || L == "off" || L == "n")
    return false;
  return std::nullopt;
}

class ComposeReader {
public:
  ComposeReader(const SourceFile &F, std::string_view YamlText,
                std::function<size_t(size_t)> Mapper)
      : File(F), Yaml(YamlText), MapOffset(std::move(Mapper)) {
    if (startsWith(Yaml, "\xEF\xBB\xBF"))
      BomLength = 3; // yaml-cpp's marks do not count the byte order mark
  }

  ComposeParseResult run();

private:
  size_t yamlOffset(const YAML::Mark &M) const {
    if (M.is_null() || M.pos < 0)
      return 0;
    return std::min(static_cast<size_t>(M.pos) + BomLength, Yaml.size());
  }
  SourceLocation at(size_t YamlOffset) const { return {&File, MapOffset(YamlOffset)}; }
  SourceLocation nodeLoc(const YAML::Node &N) const;
  void issue(SourceLocation Loc, std::string Message) {
    Issues.push_back({Loc, std::move(Message)});
  }
  void wrongType(const YAML::Node &N, const std::string &Path, std::string_view Expected) {
    issue(nodeLoc(N), "'" + Path + "' must be " + std::string(Expected) + ", not " + kindOf(N));
  }

  ComposeScalar scalar(const YAML::Node &N) const;
  std::vector<MapEntry> entries(const YAML::Node &Map, unsigned Depth = 0);

  void walk(const YAML::Node &N, const std::string &Path, std::string_view ParentKey,
            unsigned Depth);
  void addReferences(const std::vector<VariableRef> &Refs, const ComposeScalar &S,
                     const std::string &Path, bool Nested);

  void readTopLevel(const YAML::Node &Root);
  void readService(const MapEntry &E);
  void readInlineContents(const YAML::Node &N, const std::string &Section);
  void readVolumeDefinitions(const YAML::Node &N);
  void readScalar(const YAML::Node &N, const std::string &Path, std::optional<ComposeScalar> &Out);
  void readBuild(const YAML::Node &N, const std::string &Path, ComposeService &S);
  void readEnvironment(const YAML::Node &N, const std::string &Path, ComposeService &S);
  void readExtends(const YAML::Node &N, const std::string &Path, ComposeService &S);
  void readEnvFiles(const YAML::Node &N, const std::string &Path, ComposeService &S);
  void readVolumes(const YAML::Node &N, const std::string &Path, ComposeService &S);
  VolumeMount shortVolume(const ComposeScalar &S) const;
  void readPorts(const YAML::Node &N, const std::string &Path, ComposeService &S);
  void readScalarList(const YAML::Node &N, const std::string &Path, std::vector<ComposeScalar> &Out,
                      bool *StringForm);
  std::optional<bool> readBool(const YAML::Node &N, const std::string &Path);

  const SourceFile &File;
  std::string_view Yaml;
  std::function<size_t(size_t)> MapOffset;
  size_t BomLength = 0;
  std::vector<DeployIssue> Issues;
  ComposeFile Result;
  /// Nodes already walked, by (mark position, node type); an alias is the
  /// node it refers to, so it has the same key.
  std::set<std::pair<int, int>> Walked;
  bool ReportedDepth = false;
};

SourceLocation ComposeReader::nodeLoc(const YAML::Node &N) const {
  size_t Offset = yamlOffset(N.Mark());
  if (!N.IsScalar())
    return at(Offset);
  return scalar(N).Loc;
}

ComposeScalar ComposeReader::scalar(const YAML::Node &N) const {
  ComposeScalar S;
  S.Text = N.Scalar();
  size_t P = skipProperties(Yaml, yamlOffset(N.Mark()));
  ScalarStyle Style = ScalarStyle::Plain;
  size_t Start = P;
  char C = P < Yaml.size() ? Yaml[P] : '\0';
  if (C == '"') {
    Style = ScalarStyle::DoubleQuoted;
    Start = P + 1;
  } else if (C == '\'') {
    Style = ScalarStyle::SingleQuoted;
    Start = P + 1;
  } else if ((C == '|' || C == '>') && N.Tag() != "?") {
    Style = ScalarStyle::Block;
    Start = Yaml.find('\n', P);
    Start = Start == std::string_view::npos ? Yaml.size() : Start + 1;
  }
  std::vector<size_t> Map = alignScalar(Yaml, Start, Style, S.Text);
  if (Map.empty())
    Map.assign(S.Text.size() + 1, std::min(Start, Yaml.size()));
  for (size_t &Offset : Map)
    Offset = MapOffset(Offset);
  S.Loc = {&File, Map.front()};
  S.Length = Map.back() > Map.front() ? Map.back() - Map.front() : 0;
  if (!isContiguous(Map))
    S.Offsets = std::move(Map);
  interpolate(S);
  return S;
}

std::vector<MapEntry> ComposeReader::entries(const YAML::Node &Map, unsigned Depth) {
  std::vector<MapEntry> Out;
  std::set<std::string> Seen;
  std::vector<YAML::Node> Merges;
  for (auto It = Map.begin(); It != Map.end(); ++It) {
    YAML::Node Key = It->first;
    if (!Key.IsScalar())
      continue; // complex keys mean nothing to Compose
    if (isMergeKey(Key)) {
      Merges.push_back(It->second);
      continue;
    }
    // A repeated key keeps its first value; the walk reports it.
    if (Seen.insert(Key.Scalar()).second)
      Out.push_back({Key, It->second});
  }
  // Explicit keys win over merged ones; earlier merged maps over later ones.
  for (const YAML::Node &Merge : Merges) {
    std::vector<YAML::Node> Sources;
    if (Merge.IsMap()) {
      Sources.push_back(Merge);
    } else if (Merge.IsSequence()) {
      for (auto It = Merge.begin(); It != Merge.end(); ++It) {
        if (It->IsMap())
          Sources.push_back(*It);
        else
          issue(nodeLoc(*It), "a merge key ('<<') list may only hold "
                              "mappings, not " +
                                  kindOf(*It));
      }
    } else {
      issue(nodeLoc(Merge), "the value of a merge key ('<<') must be a "
                            "mapping or a list of mappings, not " +
                                kindOf(Merge));
    }
    for (const YAML::Node &Source : Sources) {
      if (Depth >= MaxMergeDepth) {
        issue(nodeLoc(Source), "merge keys ('<<') nest too deeply");
        continue;
      }
      for (MapEntry &E : entries(Source, Depth + 1))
        if (Seen.insert(E.name()).second)
          Out.push_back(std::move(E));
    }
  }
  return Out;
}

void ComposeReader::addReferences(const std::vector<VariableRef> &Refs, const ComposeScalar &S,
                                  const std::string &Path, bool Nested) {
  for (const VariableRef &Ref : Refs) {
    // The site holds the reference without its nested ones, which follow
    // as sites of their own: copies of whole subtrees would grow with the
    // square of the nesting.
    VariableRef Alone = Ref;
    Alone.Nested.clear();
    Result.References.push_back({std::move(Alone), S.locationOf(Ref.Offset), Path, Nested});
    addReferences(Ref.Nested, S, Path, /*Nested=*/true);
  }
}

void ComposeReader::walk(const YAML::Node &N, const std::string &Path, std::string_view ParentKey,
                         unsigned Depth) {
  if (!N.IsScalar() && !N.IsMap() && !N.IsSequence())
    return;
  if (!Walked.insert({N.Mark().pos, static_cast<int>(N.Type())}).second)
    return; // an alias to something already walked
  if (Depth > MaxWalkDepth) {
    if (!ReportedDepth)
      issue(nodeLoc(N), "the compose file nests too deeply; the rest of this "
                        "value is not checked");
    ReportedDepth = true;
    return;
  }

  if (N.IsScalar()) {
    ComposeScalar S = scalar(N);
    std::string Error;
    size_t ErrorOffset = 0;
    if (auto Parsed = parseInterpolation(S.Text, &Error, &ErrorOffset))
      addReferences(Parsed->Refs, S, Path, /*Nested=*/false);
    else
      issue(S.locationOf(ErrorOffset), "invalid interpolation in '" + Path + "': " + Error);
    return;
  }

  if (N.IsSequence()) {
    size_t Index = 0;
    for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
      std::string ItemPath = Path + "[" + std::to_string(Index) + "]";
      if (ParentKey == "environment" && It->IsScalar()) {
        std::string Item = It->Scalar();
        ItemPath = Path + "." + Item.substr(0, Item.find('='));
      }
      walk(*It, ItemPath, "", Depth + 1);
    }
    return;
  }

  std::map<std::string, SourceLocation> FirstSeen;
  for (auto It = N.begin(); It != N.end(); ++It) {
    // Copies: the iterator's pair is a temporary proxy.
    YAML::Node Key = It->first, Value = It->second;
    if (!Key.IsScalar()) {
      walk(Value, Path, "", Depth + 1);
      continue;
    }
    const std::string &Name = Key.Scalar();
    SourceLocation KeyLoc = nodeLoc(Key);
    auto [Prev, Inserted] = FirstSeen.insert({Name, KeyLoc});
    if (!Inserted)
      issue(KeyLoc, "duplicate key '" + Name + "' (first defined on line " +
                        std::to_string(Prev->second.line()) + ")");
    if (isMergeKey(Key))
      walk(Value, Path, "", Depth + 1);
    else
      walk(Value, Path.empty() ? Name : Path + "." + Name, Name, Depth + 1);
  }
}

void ComposeReader::readTopLevel(const YAML::Node &Root) {
  if (Root.IsNull())
    return;
  if (!Root.IsMap()) {
    issue(nodeLoc(Root), "the top level of a compose file must be a mapping, not " + kindOf(Root));
    return;
  }
  for (const MapEntry &E : entries(Root)) {
    const std::string &Key = E.name();
    if (Key == "services") {
      if (E.Value.IsNull())
        continue;
      if (!E.Value.IsMap()) {
        wrongType(E.Value, "services", "a mapping");
        continue;
      }
      for (const MapEntry &Service : entries(E.Value))
        readService(Service);
    } else if (Key == "configs" || Key == "secrets") {
      readInlineContents(E.Value, Key);
    } else if (Key == "volumes") {
      readVolumeDefinitions(E.Value);
    }
  }
}

void ComposeReader::readVolumeDefinitions(const YAML::Node &N) {
  if (N.IsNull())
    return;
  if (!N.IsMap()) {
    wrongType(N, "volumes", "a mapping");
    return;
  }
  for (const MapEntry &Item : entries(N)) {
    VolumeDefinition V;
    V.Name = Item.name();
    V.NameLoc = nodeLoc(Item.Key);
    std::string Path = "volumes." + V.Name;
    if (!Item.Value.IsNull() && !Item.Value.IsMap()) {
      wrongType(Item.Value, Path, "a mapping");
      continue;
    }
    if (Item.Value.IsMap())
      for (const MapEntry &Field : entries(Item.Value)) {
        const std::string &Key = Field.name();
        if (Key == "driver") {
          readScalar(Field.Value, Path + ".driver", V.Driver);
        } else if (Key == "external") {
          // `external: true`, or the legacy `external: {name: x}`.
          if (Field.Value.IsMap())
            V.External = true;
          else if (std::optional<bool> B = readBool(Field.Value, Path + ".external"))
            V.External = *B;
        } else if (Key == "driver_opts") {
          if (Field.Value.IsNull())
            continue;
          if (!Field.Value.IsMap()) {
            wrongType(Field.Value, Path + ".driver_opts", "a mapping");
            continue;
          }
          for (const MapEntry &Opt : entries(Field.Value)) {
            std::optional<ComposeScalar> Value;
            readScalar(Opt.Value, Path + ".driver_opts." + Opt.name(), Value);
            if (Value)
              V.DriverOpts.emplace_back(Opt.name(), std::move(*Value));
          }
        }
      }
    Result.Volumes.push_back(std::move(V));
  }
}

void ComposeReader::readInlineContents(const YAML::Node &N, const std::string &Section) {
  if (N.IsNull())
    return;
  if (!N.IsMap()) {
    wrongType(N, Section, "a mapping");
    return;
  }
  for (const MapEntry &Item : entries(N)) {
    std::string Path = Section + "." + Item.name();
    if (Item.Value.IsNull())
      continue;
    if (!Item.Value.IsMap()) {
      wrongType(Item.Value, Path, "a mapping");
      continue;
    }
    for (const MapEntry &Field : entries(Item.Value)) {
      if (Field.name() != "content")
        continue;
      std::optional<ComposeScalar> Content;
      readScalar(Field.Value, Path + ".content", Content);
      if (Content)
        Result.InlineContents.emplace_back(Item.name(), std::move(*Content));
    }
  }
}

void ComposeReader::readService(const MapEntry &E) {
  ComposeService S;
  S.Name = E.name();
  S.NameLoc = nodeLoc(E.Key);
  std::string Base = "services." + S.Name;
  if (!E.Value.IsNull() && !E.Value.IsMap()) {
    wrongType(E.Value, Base, "a mapping");
    return;
  }
  if (E.Value.IsMap()) {
    for (const MapEntry &Field : entries(E.Value)) {
      const std::string &Key = Field.name();
      const YAML::Node &V = Field.Value;
      std::string Path = Base + "." + Key;
      if (Key == "image")
        readScalar(V, Path, S.Image);
      else if (Key == "pull_policy")
        readScalar(V, Path, S.PullPolicy);
      else if (Key == "network_mode")
        readScalar(V, Path, S.NetworkMode);
      else if (Key == "pid")
        readScalar(V, Path, S.Pid);
      else if (Key == "privileged")
        readScalar(V, Path, S.Privileged);
      else if (Key == "restart")
        readScalar(V, Path, S.Restart);
      else if (Key == "container_name")
        readScalar(V, Path, S.ContainerName);
      else if (Key == "working_dir")
        readScalar(V, Path, S.WorkingDir);
      else if (Key == "build")
        readBuild(V, Path, S);
      else if (Key == "environment")
        readEnvironment(V, Path, S);
      else if (Key == "env_file")
        readEnvFiles(V, Path, S);
      else if (Key == "volumes")
        readVolumes(V, Path, S);
      else if (Key == "ports")
        readPorts(V, Path, S);
      else if (Key == "cap_add")
        readScalarList(V, Path, S.CapAdd, nullptr);
      else if (Key == "devices")
        readScalarList(V, Path, S.Devices, nullptr);
      else if (Key == "security_opt")
        readScalarList(V, Path, S.SecurityOpt, nullptr);
      else if (Key == "extends")
        readExtends(V, Path, S);
      else if (Key == "command")
        readScalarList(V, Path, S.Command, &S.CommandIsString);
      else if (Key == "entrypoint")
        readScalarList(V, Path, S.Entrypoint, &S.EntrypointIsString);
    }
  }
  Result.Services.push_back(std::move(S));
}

void ComposeReader::readScalar(const YAML::Node &N, const std::string &Path,
                               std::optional<ComposeScalar> &Out) {
  if (N.IsNull())
    return;
  if (!N.IsScalar()) {
    wrongType(N, Path, "a scalar");
    return;
  }
  Out = scalar(N);
}

std::optional<bool> ComposeReader::readBool(const YAML::Node &N, const std::string &Path) {
  if (N.IsScalar())
    if (auto B = parseBool(N.Scalar()))
      return B;
  if (N.IsScalar())
    issue(nodeLoc(N), "'" + Path + "' must be true or false, not '" + N.Scalar() + "'");
  else
    wrongType(N, Path, "a boolean");
  return std::nullopt;
}

void ComposeReader::readBuild(const YAML::Node &N, const std::string &Path, ComposeService &S) {
  if (N.IsNull())
    return;
  BuildSpec B;
  B.Loc = nodeLoc(N);
  if (N.IsScalar()) {
    B.Context = scalar(N);
  } else if (N.IsMap()) {
    for (const MapEntry &E : entries(N)) {
      if (E.name() == "context")
        readScalar(E.Value, Path + ".context", B.Context);
      else if (E.name() == "dockerfile")
        readScalar(E.Value, Path + ".dockerfile", B.Dockerfile);
      else if (E.name() == "dockerfile_inline")
        readScalar(E.Value, Path + ".dockerfile_inline", B.DockerfileInline);
    }
  } else {
    wrongType(N, Path, "a string or a mapping");
    return;
  }
  S.Build = std::move(B);
}

void ComposeReader::readExtends(const YAML::Node &N, const std::string &Path, ComposeService &S) {
  if (N.IsNull())
    return;
  ExtendsSpec E;
  E.Loc = nodeLoc(N);
  if (N.IsScalar()) {
    E.Service = scalar(N);
    S.Extends = std::move(E);
    return;
  }
  if (!N.IsMap()) {
    wrongType(N, Path, "a string or a mapping");
    return;
  }
  std::optional<ComposeScalar> Service;
  for (const MapEntry &Field : entries(N)) {
    if (Field.name() == "service")
      readScalar(Field.Value, Path + ".service", Service);
    else if (Field.name() == "file")
      readScalar(Field.Value, Path + ".file", E.File);
  }
  if (!Service) {
    issue(E.Loc, "'" + Path + "' has no 'service'");
    return;
  }
  E.Service = std::move(*Service);
  S.Extends = std::move(E);
}

void ComposeReader::readEnvironment(const YAML::Node &N, const std::string &Path,
                                    ComposeService &S) {
  if (N.IsNull())
    return;
  if (N.IsSequence()) {
    size_t Index = 0;
    for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
      if (It->IsNull())
        continue;
      std::string ItemPath = Path + "[" + std::to_string(Index) + "]";
      if (!It->IsScalar()) {
        wrongType(*It, ItemPath, "a string");
        continue;
      }
      ComposeScalar Item = scalar(*It);
      if (Item.Text.empty()) {
        issue(Item.Loc, "'" + ItemPath + "' is an empty environment entry");
        continue;
      }
      EnvironmentEntry Entry;
      Entry.NameLoc = Item.Loc;
      size_t Eq = Item.Text.find('=');
      if (Eq == std::string::npos) {
        Entry.Name = Item.Text;
        Entry.Kind = EnvironmentEntry::Form::ListBare;
      } else {
        Entry.Name = Item.Text.substr(0, Eq);
        Entry.Kind = EnvironmentEntry::Form::ListKeyValue;
        Entry.Value = Item.slice(Eq + 1);
      }
      S.Environment.push_back(std::move(Entry));
    }
    return;
  }
  if (N.IsMap()) {
    for (const MapEntry &E : entries(N)) {
      EnvironmentEntry Entry;
      Entry.Name = E.name();
      Entry.NameLoc = nodeLoc(E.Key);
      if (E.Value.IsNull()) {
        Entry.Kind = EnvironmentEntry::Form::MapNull;
      } else if (E.Value.IsScalar()) {
        Entry.Kind = EnvironmentEntry::Form::MapValue;
        Entry.Value = scalar(E.Value);
      } else {
        wrongType(E.Value, Path + "." + E.name(), "a string, number, boolean or null");
        continue;
      }
      S.Environment.push_back(std::move(Entry));
    }
    return;
  }
  wrongType(N, Path, "a mapping or a list");
}

void ComposeReader::readEnvFiles(const YAML::Node &N, const std::string &Path, ComposeService &S) {
  if (N.IsNull())
    return;
  auto AddPath = [&](const YAML::Node &P, bool Required) {
    ComposeScalar Sc = scalar(P);
    S.EnvFiles.push_back({Sc.Text, Required, Sc.Loc});
  };
  if (N.IsScalar()) {
    AddPath(N, true);
    return;
  }
  if (!N.IsSequence()) {
    wrongType(N, Path, "a string or a list");
    return;
  }
  size_t Index = 0;
  for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
    std::string ItemPath = Path + "[" + std::to_string(Index) + "]";
    if (It->IsScalar()) {
      AddPath(*It, true);
      continue;
    }
    if (!It->IsMap()) {
      wrongType(*It, ItemPath, "a string or a mapping");
      continue;
    }
    std::optional<YAML::Node> PathNode;
    bool Required = true;
    for (const MapEntry &E : entries(*It)) {
      if (E.name() == "path") {
        if (E.Value.IsScalar())
          PathNode = E.Value;
        else
          wrongType(E.Value, ItemPath + ".path", "a string");
      } else if (E.name() == "required") {
        if (auto B = readBool(E.Value, ItemPath + ".required"))
          Required = *B;
      }
    }
    if (PathNode)
      AddPath(*PathNode, Required);
    else
      issue(nodeLoc(*It), "'" + ItemPath + "' has no 'path'");
  }
}

VolumeMount ComposeReader::shortVolume(const ComposeScalar &S) const {
  // Split SOURCE:TARGET[:MODE] on colons outside `${...}` references.
  std::vector<std::string> Parts(1);
  size_t RefIndex = 0;
  const auto &Refs = S.Value.Refs;
  for (size_t I = 0; I < S.Text.size(); ++I) {
    while (RefIndex < Refs.size() && Refs[RefIndex].Offset + Refs[RefIndex].Length <= I)
      ++RefIndex;
    bool InRef = RefIndex < Refs.size() && Refs[RefIndex].Offset <= I;
    if (S.Text[I] == ':' && !InRef && Parts.size() < 3)
      Parts.emplace_back();
    else
      Parts.back() += S.Text[I];
  }
  VolumeMount V;
  V.Loc = S.Loc;
  if (Parts.size() == 1) {
    V.Target = Parts[0];
  } else {
    V.Source = Parts[0];
    V.Target = Parts[1];
    V.SourceLoc = S.locationOf(0);
    V.SourceLength = S.fileOffset(V.Source.size()) - V.SourceLoc.Offset;
  }
  if (Parts.size() == 3) {
    std::string_view Mode = Parts[2];
    while (!Mode.empty()) {
      size_t Comma = Mode.find(',');
      if (Mode.substr(0, Comma) == "ro")
        V.ReadOnly = true;
      Mode = Comma == std::string_view::npos ? "" : Mode.substr(Comma + 1);
    }
  }
  if (V.Source.empty())
    V.Type = "volume";
  else
    V.Type =
        std::string_view("/.~$").find(V.Source[0]) != std::string_view::npos ? "bind" : "volume";
  return V;
}

void ComposeReader::readVolumes(const YAML::Node &N, const std::string &Path, ComposeService &S) {
  if (N.IsNull())
    return;
  if (!N.IsSequence()) {
    wrongType(N, Path, "a list");
    return;
  }
  size_t Index = 0;
  for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
    std::string ItemPath = Path + "[" + std::to_string(Index) + "]";
    if (It->IsScalar()) {
      S.Volumes.push_back(shortVolume(scalar(*It)));
      continue;
    }
    if (!It->IsMap()) {
      wrongType(*It, ItemPath, "a string or a mapping");
      continue;
    }
    VolumeMount V;
    V.LongSyntax = true;
    V.Loc = nodeLoc(*It);
    for (const MapEntry &E : entries(*It)) {
      std::optional<ComposeScalar> Field;
      const std::string &Key = E.name();
      if (Key == "type" || Key == "source" || Key == "target") {
        readScalar(E.Value, ItemPath + "." + Key, Field);
        if (!Field)
          continue;
        (Key == "type" ? V.Type : Key == "source" ? V.Source : V.Target) = Field->Text;
        if (Key == "source") {
          V.SourceLoc = Field->Loc;
          V.SourceLength = Field->Length;
        }
      } else if (Key == "read_only") {
        if (auto B = readBool(E.Value, ItemPath + ".read_only"))
          V.ReadOnly = *B;
      }
    }
    if (V.Type.empty())
      V.Type =
          V.Source.empty() || std::string_view("/.~$").find(V.Source[0]) == std::string_view::npos
              ? "volume"
              : "bind";
    S.Volumes.push_back(std::move(V));
  }
}

void ComposeReader::readPorts(const YAML::Node &N, const std::string &Path, ComposeService &S) {
  if (N.IsNull())
    return;
  if (!N.IsSequence()) {
    wrongType(N, Path, "a list");
    return;
  }
  size_t Index = 0;
  for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
    std::string ItemPath = Path + "[" + std::to_string(Index) + "]";
    if (It->IsScalar()) {
      S.Ports.push_back(scalar(*It));
      continue;
    }
    if (!It->IsMap()) {
      wrongType(*It, ItemPath, "a string or a mapping");
      continue;
    }
    std::optional<ComposeScalar> Target, Published, HostIp, Protocol;
    for (const MapEntry &E : entries(*It)) {
      std::string FieldPath = ItemPath + "." + E.name();
      if (E.name() == "target")
        readScalar(E.Value, FieldPath, Target);
      else if (E.name() == "published")
        readScalar(E.Value, FieldPath, Published);
      else if (E.name() == "host_ip")
        readScalar(E.Value, FieldPath, HostIp);
      else if (E.name() == "protocol")
        readScalar(E.Value, FieldPath, Protocol);
    }
    if (!Target) {
      issue(nodeLoc(*It), "'" + ItemPath + "' has no 'target'");
      continue;
    }
    ComposeScalar Port;
    if (HostIp)
      Port.Text += HostIp->Text + ":";
    if (Published)
      Port.Text += Published->Text + ":";
    else if (HostIp)
      Port.Text += ":";
    Port.Text += Target->Text;
    if (Protocol)
      Port.Text += "/" + Protocol->Text;
    Port.Loc = nodeLoc(*It);
    Port.Offsets.assign(Port.Text.size() + 1, Port.Loc.Offset);
    interpolate(Port);
    S.Ports.push_back(std::move(Port));
  }
}

void ComposeReader::readScalarList(const YAML::Node &N, const std::string &Path,
                                   std::vector<ComposeScalar> &Out, bool *StringForm) {
  if (N.IsNull())
    return;
  if (StringForm && N.IsScalar()) {
    Out.push_back(scalar(N));
    *StringForm = true;
    return;
  }
  if (!N.IsSequence()) {
    wrongType(N, Path, StringForm ? "a string or a list" : "a list");
    return;
  }
  size_t Index = 0;
  for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
    if (It->IsScalar())
      Out.push_back(scalar(*It));
    else
      wrongType(*It, Path + "[" + std::to_string(Index) + "]", "a scalar");
  }
}

ComposeParseResult ComposeReader::run() {
  YAML::Node Root;
  try {
    YamlDocuments Docs = loadYamlDocuments(std::string(Yaml));
    Root = Docs.First;
    // Compose reads one document per file; a second one is not lost quietly.
    if (Docs.Second)
      issue(at(yamlOffset(*Docs.Second)),
            "a second YAML document in this compose file: only the first is read");
  } catch (const YAML::DeepRecursion &E) {
    issue(at(yamlOffset(E.mark)), "the YAML nests " + std::to_string(E.depth()) +
                                      " levels deep here, past what the YAML reader follows; "
                                      "the file was not read");
    return {std::nullopt, std::move(Issues)};
  } catch (const YAML::Exception &E) {
    issue(at(yamlOffset(E.mark)), "YAML syntax error: " + E.msg);
    return {std::nullopt, std::move(Issues)};
  } catch (const std::exception &E) {
    issue(at(0), std::string("cannot parse the YAML: ") + E.what());
    return {std::nullopt, std::move(Issues)};
  }

  Result.File = &File;
  try {
    walk(Root, "", "", 0);
    readTopLevel(Root);
  } catch (const std::exception &E) {
    issue(at(0), std::string("cannot read the compose file: ") + E.what());
  }

  // Shared (aliased) nodes can be reported once per use; keep one of each.
  std::set<std::pair<size_t, std::string>> Seen;
  std::vector<DeployIssue> Unique;
  for (DeployIssue &I : Issues)
    if (Seen.insert({I.Loc.Offset, I.Message}).second)
      Unique.push_back(std::move(I));
  std::stable_sort(Unique.begin(), Unique.end(), [](const DeployIssue &A, const DeployIssue &B) {
    return A.Loc.Offset < B.Loc.Offset;
  });
  Issues = std::move(Unique);
  return {std::move(Result), std::move(Issues)};
}

} // namespace

ComposeParseResult parseCompose(const SourceFile &File) {
  return parseCompose(File, File.content(), [](size_t Offset) { return Offset; });
}

ComposeParseResult parseCompose(const SourceFile &File, std::string_view YamlText,
                                std::function<size_t(size_t YamlOffset)> MapToFileOffset) {
  return ComposeReader(File, YamlText, std::move(MapToFileOffset)).run();
}

//===----------------------------------------------------------------------===//
// Merging files and resolving `extends`
//===----------------------------------------------------------------------===//

namespace {

/// `[ip:][published:]target[/protocol]` split into Compose's unique key of a
/// port (protocol defaults to tcp).
std::string portKey(std::string_view Text) {
  std::string_view Protocol = "tcp";
  if (size_t Slash = Text.rfind('/'); Slash != std::string_view::npos) {
    Protocol = Text.substr(Slash + 1);
    Text = Text.substr(0, Slash);
  }
  std::string_view Ip, Published, Target = Text;
  if (size_t Colon = Text.rfind(':'); Colon != std::string_view::npos) {
    Target = Text.substr(Colon + 1);
    Published = Text.substr(0, Colon);
    if (size_t C2 = Published.rfind(':'); C2 != std::string_view::npos) {
      Ip = Published.substr(0, C2);
      Published = Published.substr(C2 + 1);
    }
  }
  std::string Key;
  for (std::string_view Part : {Ip, Published, Target, Protocol}) {
    Key += Part;
    Key += '\n';
  }
  return Key;
}

/// Appends the items of \p From whose text \p Into does not hold yet.
void appendNew(std::vector<ComposeScalar> &Into, const std::vector<ComposeScalar> &From) {
  for (const ComposeScalar &S : From)
    if (std::none_of(Into.begin(), Into.end(),
                     [&S](const ComposeScalar &I) { return I.Text == S.Text; }))
      Into.push_back(S);
}

/// Replaces the first item of \p Into with the same key as \p Item, or
/// appends it.
template <typename T, typename KeyFn>
void mergeByKey(std::vector<T> &Into, const T &Item, KeyFn Key) {
  for (T &Existing : Into)
    if (Key(Existing) == Key(Item)) {
      Existing = Item;
      return;
    }
  Into.push_back(Item);
}

/// \p Path without `.` and `..` parts: the key a file is read once under.
/// Relative paths stay relative, so that locations in notes read the way
/// the user named the files.
std::string normalPath(std::string_view Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string pathOf(const ComposeFile &F) {
  return F.File ? normalPath(F.File->path()) : std::string();
}

/// Resolves `extends` chains, remembering the services being resolved to
/// find cycles.
class ExtendsResolver {
public:
  explicit ExtendsResolver(const ComposeFileLoader &Load) : Load(Load) {}

  ComposeService resolve(const ComposeFile &File, const ComposeService &S);
  std::vector<DeployIssue> Issues;

private:
  const ComposeFileLoader &Load;
  /// (file path, service) of the services being resolved, outermost first.
  std::vector<std::pair<std::string, std::string>> Stack;
};

ComposeService ExtendsResolver::resolve(const ComposeFile &File, const ComposeService &S) {
  if (!S.Extends)
    return S;
  ComposeService Own = S;
  Own.Extends.reset();
  const ExtendsSpec &E = *S.Extends;
  const std::string &BaseName = E.Service.Text;

  const ComposeFile *BaseFile = &File;
  if (E.File) {
    std::string Dir;
    if (File.File)
      Dir = std::string(llvm::sys::path::parent_path(File.File->path()));
    llvm::SmallString<256> P(E.File->Text);
    if (!llvm::sys::path::is_absolute(P)) {
      P = Dir;
      llvm::sys::path::append(P, E.File->Text);
    }
    llvm::Expected<const ComposeFile *> Loaded =
        Load ? Load(normalPath(P.str()))
             : llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "other files are not read here");
    if (!Loaded) {
      Issues.push_back({E.File->Loc, "service '" + S.Name + "' extends '" + BaseName + "' from '" +
                                         E.File->Text + "', which cannot be read: " +
                                         llvm::toString(Loaded.takeError())});
      return Own;
    }
    BaseFile = *Loaded;
  }
  const ComposeService *Base = BaseFile->findService(BaseName);
  if (!Base) {
    Issues.push_back({E.Service.Loc, "service '" + S.Name + "' extends '" + BaseName +
                                         "', which is not a service of " +
                                         (E.File ? "'" + E.File->Text + "'" : "this file")});
    return Own;
  }
  std::pair<std::string, std::string> Key{pathOf(*BaseFile), BaseName};
  std::pair<std::string, std::string> Self{pathOf(File), S.Name};
  Stack.push_back(Self);
  auto Found = std::find(Stack.begin(), Stack.end(), Key);
  if (Found != Stack.end()) {
    std::string Chain;
    for (auto It = Found; It != Stack.end(); ++It)
      Chain += It->second + " -> ";
    Issues.push_back(
        {E.Loc, "service '" + S.Name + "' extends itself through a cycle: " + Chain + BaseName});
    Stack.pop_back();
    return Own;
  }
  ComposeService Resolved = mergeService(resolve(*BaseFile, *Base), Own);
  Stack.pop_back();
  return Resolved;
}

} // namespace

ComposeService mergeService(const ComposeService &Base, const ComposeService &Over) {
  ComposeService R = Base;
  R.Name = Over.Name;
  R.NameLoc = Over.NameLoc;
  for (auto Field :
       {&ComposeService::Image, &ComposeService::PullPolicy, &ComposeService::NetworkMode,
        &ComposeService::Pid, &ComposeService::Privileged, &ComposeService::Restart,
        &ComposeService::ContainerName, &ComposeService::WorkingDir})
    if (Over.*Field)
      R.*Field = Over.*Field;
  if (Over.Build) {
    if (!R.Build) {
      R.Build = Over.Build;
    } else {
      for (auto Field : {&BuildSpec::Context, &BuildSpec::Dockerfile, &BuildSpec::DockerfileInline})
        if ((*Over.Build).*Field)
          (*R.Build).*Field = (*Over.Build).*Field;
      R.Build->Loc = Over.Build->Loc;
    }
  }
  for (const EnvironmentEntry &E : Over.Environment)
    mergeByKey(R.Environment, E, [](const EnvironmentEntry &X) { return X.Name; });
  for (const EnvFileRef &F : Over.EnvFiles)
    if (std::none_of(R.EnvFiles.begin(), R.EnvFiles.end(),
                     [&F](const EnvFileRef &X) { return X.Path == F.Path; }))
      R.EnvFiles.push_back(F);
  for (const VolumeMount &V : Over.Volumes)
    mergeByKey(R.Volumes, V, [](const VolumeMount &X) { return X.Target; });
  for (const ComposeScalar &P : Over.Ports)
    mergeByKey(R.Ports, P, [](const ComposeScalar &X) { return portKey(X.Text); });
  appendNew(R.CapAdd, Over.CapAdd);
  appendNew(R.Devices, Over.Devices);
  appendNew(R.SecurityOpt, Over.SecurityOpt);
  if (!Over.Command.empty()) {
    R.Command = Over.Command;
    R.CommandIsString = Over.CommandIsString;
  }
  if (!Over.Entrypoint.empty()) {
    R.Entrypoint = Over.Entrypoint;
    R.EntrypointIsString = Over.EntrypointIsString;
  }
  R.Extends = Over.Extends;
  return R;
}

ComposeParseResult resolveExtends(const ComposeFile &F, const ComposeFileLoader &Load) {
  ExtendsResolver R(Load);
  ComposeFile Out = F;
  for (size_t I = 0; I < F.Services.size(); ++I)
    Out.Services[I] = R.resolve(F, F.Services[I]);
  // A cycle is met again from every service that reaches it.
  std::set<std::tuple<const SourceFile *, size_t, std::string>> Seen;
  std::vector<DeployIssue> Issues;
  for (DeployIssue &I : R.Issues)
    if (Seen.insert({I.Loc.File, I.Loc.Offset, I.Message}).second)
      Issues.push_back(std::move(I));
  return {std::move(Out), std::move(Issues)};
}

ComposeFile mergeCompose(const std::vector<const ComposeFile *> &Files) {
  ComposeFile R;
  bool First = true;
  for (const ComposeFile *F : Files) {
    if (!F)
      continue;
    if (First) {
      R = *F;
      First = false;
      continue;
    }
    for (const ComposeService &S : F->Services) {
      auto It = std::find_if(R.Services.begin(), R.Services.end(),
                             [&S](const ComposeService &X) { return X.Name == S.Name; });
      if (It == R.Services.end()) {
        R.Services.push_back(S);
        continue;
      }
      SourceLocation FirstDeclared = It->NameLoc;
      *It = mergeService(*It, S);
      It->NameLoc = FirstDeclared;
    }
    for (const auto &Content : F->InlineContents)
      mergeByKey(R.InlineContents, Content,
                 [](const std::pair<std::string, ComposeScalar> &X) { return X.first; });
    for (const VolumeDefinition &V : F->Volumes)
      mergeByKey(R.Volumes, V, [](const VolumeDefinition &X) { return X.Name; });
    R.References.insert(R.References.end(), F->References.begin(), F->References.end());
  }
  return R;
}

std::vector<std::string> defaultOverrideCandidates(std::string_view ComposePath) {
  std::string_view Dir, Name = ComposePath;
  if (size_t Slash = ComposePath.rfind('/'); Slash != std::string_view::npos) {
    Dir = ComposePath.substr(0, Slash + 1);
    Name = ComposePath.substr(Slash + 1);
  }
  for (std::string_view Stem : {"docker-compose", "compose"})
    for (std::string_view Ext : {".yml", ".yaml"}) {
      if (Name != std::string(Stem) + std::string(Ext))
        continue;
      std::string_view Other = Ext == ".yml" ? ".yaml" : ".yml";
      std::string Base = std::string(Dir) + std::string(Stem) + ".override";
      return {Base + std::string(Ext), Base + std::string(Other)};
    }
  return {};
}

const ComposeParseResult &ComposeCache::parse(const SourceFile &File) {
  std::unique_ptr<ComposeParseResult> &R = Parsed[FileStore::key(File.path())];
  if (!R)
    R = std::make_unique<ComposeParseResult>(parseCompose(File));
  return *R;
}

llvm::Expected<const ComposeParseResult *> ComposeCache::read(const std::string &Path) {
  std::string Key = FileStore::key(Path);
  if (auto It = Parsed.find(Key); It != Parsed.end())
    return It->second.get();
  if (auto It = Unreadable.find(Key); It != Unreadable.end())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), It->second);
  auto Loaded = Store.load(Path, Language::Yaml);
  if (!Loaded) {
    std::string Message = llvm::toString(Loaded.takeError());
    Unreadable.emplace(Key, Message);
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
  }
  return &parse(**Loaded);
}

llvm::Expected<const ComposeFile *> ComposeProject::read(const std::string &Path) {
  llvm::Expected<const ComposeParseResult *> R = Cache->read(Path);
  if (!R)
    return R.takeError();
  if (Seen.insert(FileStore::key(Path)).second)
    Issues.insert(Issues.end(), (*R)->Issues.begin(), (*R)->Issues.end());
  if (!(*R)->Compose)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "it is not valid YAML");
  return &*(*R)->Compose;
}

std::unique_ptr<ComposeProject> ComposeProject::load(const std::vector<std::string> &Paths,
                                                     ComposeCache &Cache) {
  std::unique_ptr<ComposeProject> P(new ComposeProject());
  P->Cache = &Cache;
  std::vector<std::string> List = Paths;
  if (List.size() == 1)
    for (const std::string &Candidate : defaultOverrideCandidates(List.front()))
      if (Cache.store().isRegularFile(Candidate)) {
        List.push_back(Candidate);
        break;
      }
  ComposeFileLoader Loader = [Self = P.get()](const std::string &Path) { return Self->read(Path); };
  P->Resolved.reserve(List.size());
  for (const std::string &Path : List) {
    llvm::Expected<const ComposeFile *> F = P->read(normalPath(Path));
    if (!F) {
      P->Issues.push_back({SourceLocation{}, Path + ": " + llvm::toString(F.takeError())});
      continue;
    }
    P->Paths.push_back(Path);
    P->Resolved.push_back(resolveExtends(**F, Loader));
    P->Issues.insert(P->Issues.end(), P->Resolved.back().Issues.begin(),
                     P->Resolved.back().Issues.end());
  }
  std::vector<const ComposeFile *> ToMerge;
  for (const ComposeParseResult &R : P->Resolved)
    ToMerge.push_back(&*R.Compose);
  if (!ToMerge.empty())
    P->Merged = mergeCompose(ToMerge);
  return P;
}

} // namespace teetidy::deploy
