#include "frontend/EcmaScriptModules.h"

#include "source/Json.h"

#include <llvm/Support/Error.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

namespace teetidy::frontend {

namespace {

bool startsWith(std::string_view S, std::string_view P) { return S.substr(0, P.size()) == P; }
bool endsWith(std::string_view S, std::string_view P) {
  return S.size() >= P.size() && S.substr(S.size() - P.size()) == P;
}

std::string parentDir(std::string_view Path) {
  size_t Slash = Path.rfind('/');
  if (Slash == std::string_view::npos)
    return "";
  if (Slash == 0)
    return "/";
  return std::string(Path.substr(0, Slash));
}

std::string joinPath(std::string_view Dir, std::string_view Rel) {
  if (startsWith(Rel, "/") || Dir.empty())
    return normalizePath(Rel);
  return normalizePath(std::string(Dir) + "/" + std::string(Rel));
}

llvm::Error configError(std::string_view Path, const std::string &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 std::string(Path).c_str(), Message.c_str());
}

/// A JSON document whose top level is an object, with the file its values
/// point into.
struct JsonObjectFile {
  std::unique_ptr<SourceFile> File;
  JsonValue Root;
};

/// \p Text parsed as JSON whose top level is an object. A repeated key is
/// not an error: the last one counts, as for TypeScript and Node.
llvm::Expected<JsonObjectFile> parseObject(std::string_view Path, std::string_view Text) {
  JsonObjectFile Out;
  Out.File = std::make_unique<SourceFile>(std::string(Path), std::string(Text), Language::Json);
  JsonDocument D = readJson(*Out.File);
  for (const JsonIssue &I : D.Issues) {
    if (I.DuplicateKey)
      continue;
    std::string_view Message = I.Message;
    if (Message.substr(0, 16) == "not valid JSON: ")
      Message.remove_prefix(16);
    return configError(Path, "invalid JSON: " + std::string(Message) + " (line " +
                                 std::to_string(I.Loc.line()) + ", column " +
                                 std::to_string(I.Loc.column()) + ")");
  }
  if (!D.Root || D.Root->K != JsonValue::Kind::Object)
    return configError(Path, "expected a JSON object at the top level");
  Out.Root = std::move(*D.Root);
  return Out;
}

/// The members of object \p O, each key once (its last value), by key.
std::map<std::string_view, const JsonValue *> membersOf(const JsonValue &O) {
  std::map<std::string_view, const JsonValue *> Out;
  for (const JsonMember &M : O.Members)
    Out[M.Key] = &M.Value;
  return Out;
}

const std::string *stringOf(const JsonValue *V) {
  return V && V->K == JsonValue::Kind::String ? &V->Text : nullptr;
}

/// Blanks out comments and trailing commas of JSONC, keeping every other
/// byte in place so that parse errors point at the right line and column.
llvm::Expected<std::string> stripJsonc(std::string_view Path, std::string_view Text) {
  std::string Out(Text);
  bool InString = false;
  for (size_t I = 0; I < Out.size(); ++I) {
    char C = Out[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '/' && I + 1 < Out.size() && Out[I + 1] == '/') {
      for (; I < Out.size() && Out[I] != '\n'; ++I)
        Out[I] = ' ';
    } else if (C == '/' && I + 1 < Out.size() && Out[I + 1] == '*') {
      size_t End = Out.find("*/", I + 2);
      if (End == std::string::npos)
        return configError(Path, "unterminated /* comment");
      for (size_t K = I; K < End + 2; ++K)
        if (Out[K] != '\n')
          Out[K] = ' ';
      I = End + 1;
    }
  }
  // Trailing commas: a comma followed (after blanks) by `}` or `]`.
  InString = false;
  size_t LastComma = std::string::npos;
  for (size_t I = 0; I < Out.size(); ++I) {
    char C = Out[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r')
      continue;
    if ((C == '}' || C == ']') && LastComma != std::string::npos)
      Out[LastComma] = ' ';
    LastComma = C == ',' ? I : std::string::npos;
    if (C == '"')
      InString = true;
  }
  return Out;
}

/// The file \p Base names: as written, with an extension, or as a
/// directory's index file.
std::string tryFile(const std::string &Base,
                    const std::function<bool(const std::string &)> &Exists) {
  static const char *const Extensions[] = {".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"};
  auto Try = [&](const std::string &Candidate) {
    return !endsWith(Candidate, ".d.ts") && Exists(Candidate);
  };
  // `./x.js` in TypeScript names the `./x.ts` it is compiled from.
  static const std::pair<const char *, std::vector<const char *>> Sources[] = {
      {".js", {".ts", ".tsx"}}, {".jsx", {".tsx"}}, {".mjs", {".mts"}}, {".cjs", {".cts"}}};
  for (const auto &[Js, Ts] : Sources) {
    if (!endsWith(Base, Js))
      continue;
    std::string Stem = Base.substr(0, Base.size() - std::strlen(Js));
    for (const char *Ext : Ts)
      if (Try(Stem + Ext))
        return Stem + Ext;
  }
  if (Try(Base))
    return Base;
  for (const char *Ext : Extensions)
    if (Try(Base + Ext))
      return Base + Ext;
  for (const char *Ext : Extensions) {
    std::string Index = joinPath(Base, std::string("index") + Ext);
    if (Try(Index))
      return Index;
  }
  return "";
}

} // namespace

std::string normalizePath(std::string_view Path) {
  bool Absolute = startsWith(Path, "/");
  std::vector<std::string_view> Parts;
  size_t Pos = 0;
  while (Pos <= Path.size()) {
    size_t Slash = Path.find('/', Pos);
    if (Slash == std::string_view::npos)
      Slash = Path.size();
    std::string_view Part = Path.substr(Pos, Slash - Pos);
    Pos = Slash + 1;
    if (Part.empty() || Part == ".")
      continue;
    if (Part == "..") {
      if (!Parts.empty() && Parts.back() != "..")
        Parts.pop_back();
      else if (!Absolute)
        Parts.push_back(Part); // climbs above a relative start
      continue;
    }
    Parts.push_back(Part);
  }
  std::string Out = Absolute ? "/" : "";
  for (size_t I = 0; I < Parts.size(); ++I) {
    if (I)
      Out += '/';
    Out += Parts[I];
  }
  return Out;
}

llvm::Expected<TsConfig> parseTsConfig(std::string_view Path, std::string_view Text) {
  llvm::Expected<std::string> Json = stripJsonc(Path, Text);
  if (!Json)
    return Json.takeError();
  llvm::Expected<JsonObjectFile> Parsed = parseObject(Path, *Json);
  if (!Parsed)
    return Parsed.takeError();
  const JsonValue &Top = Parsed->Root;

  TsConfig Config;
  Config.Dir = normalizePath(parentDir(Path));
  Config.PathsDir = Config.Dir;
  if (const JsonValue *Extends = Top.find("extends")) {
    const char *Shape = "\"extends\" must be a string or an array of strings";
    if (const std::string *One = stringOf(Extends)) {
      Config.Extends.push_back(*One);
    } else if (Extends->K == JsonValue::Kind::Array) {
      for (const JsonValue &E : Extends->Items) {
        const std::string *Name = stringOf(&E);
        if (!Name)
          return configError(Path, Shape);
        Config.Extends.push_back(*Name);
      }
    } else {
      return configError(Path, Shape);
    }
  }
  const JsonValue *Opts = Top.find("compilerOptions");
  if (!Opts)
    return Config;
  if (Opts->K != JsonValue::Kind::Object)
    return configError(Path, "compilerOptions must be an object");
  if (const JsonValue *Base = Opts->find("baseUrl")) {
    const std::string *S = stringOf(Base);
    if (!S)
      return configError(Path, "compilerOptions.baseUrl must be a string");
    Config.BaseUrl = joinPath(Config.Dir, *S);
    if (Config.BaseUrl.empty())
      Config.BaseUrl = "."; // the config's own directory, spelled relatively
  }
  if (const JsonValue *Paths = Opts->find("paths")) {
    if (Paths->K != JsonValue::Kind::Object)
      return configError(Path, "compilerOptions.paths must be an object");
    for (const auto &[Pattern, Targets] : membersOf(*Paths)) {
      std::string Shape =
          "compilerOptions.paths[\"" + std::string(Pattern) + "\"] must be an array of strings";
      if (Targets->K != JsonValue::Kind::Array)
        return configError(Path, Shape);
      std::vector<std::string> Out;
      for (const JsonValue &T : Targets->Items) {
        const std::string *S = stringOf(&T);
        if (!S)
          return configError(Path, Shape);
        Out.push_back(*S);
      }
      Config.Paths.emplace_back(std::string(Pattern), std::move(Out));
    }
    std::sort(Config.Paths.begin(), Config.Paths.end());
    Config.HasPaths = true;
  }
  for (auto [Key, Into] : {std::pair{"outDir", &Config.OutDir}, {"rootDir", &Config.RootDir}})
    if (const JsonValue *V = Opts->find(Key)) {
      const std::string *S = stringOf(V);
      if (!S)
        return configError(Path, std::string("compilerOptions.") + Key + " must be a string");
      *Into = joinPath(Config.Dir, *S);
      if (Into->empty())
        *Into = ".";
    }
  return Config;
}

namespace {

/// Appends the targets of exports value \p V to \p Out, in the order they
/// are tried (see PackageInfo::Exports). null excludes the subpath.
llvm::Error exportTargetsOf(const JsonValue &V, std::string_view Path, const std::string &Where,
                            std::vector<std::string> &Out, unsigned Depth = 0) {
  if (Depth > 16)
    return configError(Path, Where + " is nested too deeply");
  if (const std::string *S = stringOf(&V)) {
    Out.push_back(*S);
    return llvm::Error::success();
  }
  if (V.K == JsonValue::Kind::Null)
    return llvm::Error::success();
  if (V.K == JsonValue::Kind::Array) {
    for (const JsonValue &E : V.Items)
      if (llvm::Error Err = exportTargetsOf(E, Path, Where, Out, Depth + 1))
        return Err;
    return llvm::Error::success();
  }
  if (V.K != JsonValue::Kind::Object)
    return configError(Path, Where + " must be a string, an array, an object or null");
  static const char *const Preferred[] = {"types",   "import", "module",
                                          "require", "node",   "default"};
  std::map<std::string_view, const JsonValue *> Members = membersOf(V);
  std::vector<std::string_view> Order(std::begin(Preferred), std::end(Preferred));
  for (const auto &KV : Members)
    if (std::find(std::begin(Preferred), std::end(Preferred), KV.first) == std::end(Preferred))
      Order.push_back(KV.first); // the map's order: sorted
  for (std::string_view Condition : Order)
    if (auto It = Members.find(Condition); It != Members.end())
      if (llvm::Error Err = exportTargetsOf(*It->second, Path, Where, Out, Depth + 1))
        return Err;
  return llvm::Error::success();
}

} // namespace

llvm::Expected<PackageInfo> parsePackageJson(std::string_view Path, std::string_view Text) {
  llvm::Expected<JsonObjectFile> Parsed = parseObject(Path, Text);
  if (!Parsed)
    return Parsed.takeError();
  const JsonValue &Top = Parsed->Root;
  PackageInfo P;
  P.Dir = normalizePath(parentDir(Path));
  for (const char *Field : {"name", "module", "main"})
    if (const JsonValue *V = Top.find(Field)) {
      const std::string *S = stringOf(V);
      if (!S)
        return configError(Path, std::string(Field) + " must be a string");
      (std::strcmp(Field, "name") == 0 ? P.Name : P.Main) = *S;
    }
  const JsonValue *Exports = Top.find("exports");
  if (!Exports)
    return P;
  std::map<std::string_view, const JsonValue *> Members;
  if (Exports->K == JsonValue::Kind::Object)
    Members = membersOf(*Exports);
  size_t Subpaths = 0;
  for (const auto &KV : Members)
    Subpaths += KV.first.substr(0, 1) == ".";
  if (Subpaths && Subpaths != Members.size())
    return configError(Path, "exports mixes subpaths (\"./x\") and conditions");
  if (Subpaths) {
    for (const auto &[Sub, V] : Members) {
      std::vector<std::string> Targets;
      if (llvm::Error Err =
              exportTargetsOf(*V, Path, "exports[\"" + std::string(Sub) + "\"]", Targets))
        return Err;
      P.Exports.emplace_back(std::string(Sub), std::move(Targets));
    }
    std::sort(P.Exports.begin(), P.Exports.end());
  } else {
    std::vector<std::string> Targets;
    if (llvm::Error Err = exportTargetsOf(*Exports, Path, "exports", Targets))
      return Err;
    P.Exports.emplace_back(".", std::move(Targets));
  }
  return P;
}

namespace {

/// The file `extends` \p Name names from a config in \p Dir, or "".
std::string findBaseConfig(const std::string &Dir, const std::string &Name,
                           const std::function<bool(const std::string &)> &Exists) {
  auto Try = [&](const std::string &Base, bool PackageRoot) -> std::string {
    if (Exists(Base))
      return Base;
    if (!endsWith(Base, ".json") && Exists(Base + ".json"))
      return Base + ".json";
    if (PackageRoot && Exists(Base + "/tsconfig.json"))
      return Base + "/tsconfig.json";
    return "";
  };
  if (startsWith(Name, "./") || startsWith(Name, "../") || startsWith(Name, "/"))
    return Try(joinPath(Dir, Name), false);
  // A package: node_modules of this directory, then of each one above.
  bool Scoped = startsWith(Name, "@");
  size_t Parts = static_cast<size_t>(std::count(Name.begin(), Name.end(), '/'));
  bool Bare = Parts == (Scoped ? 1u : 0u);
  for (std::string D = Dir;;) {
    std::string Found = Try(joinPath(D, "node_modules/" + Name), Bare);
    if (!Found.empty())
      return Found;
    if (D.empty() || D == "/")
      return "";
    std::string Up = parentDir(D);
    if (Up == D)
      return "";
    D = Up;
  }
}

constexpr size_t MaxExtendsDepth = 32;

llvm::Expected<TsConfig>
loadChain(const std::string &Path,
          const std::function<llvm::Expected<std::string>(const std::string &)> &Read,
          const std::function<bool(const std::string &)> &Exists, std::vector<std::string> &Chain) {
  llvm::Expected<std::string> Text = Read(Path);
  if (!Text)
    return configError(Path, "cannot read: " + llvm::toString(Text.takeError()));
  llvm::Expected<TsConfig> Own = parseTsConfig(Path, *Text);
  if (!Own || Own->Extends.empty())
    return Own;
  Chain.push_back(normalizePath(Path));
  TsConfig Inherited;
  for (const std::string &Name : Own->Extends) {
    auto Problem = [&](const std::string &What) {
      Own->Problems.push_back(Path + ": \"extends\" names '" + Name + "', " + What +
                              "; its options are not inherited");
    };
    std::string Base = findBaseConfig(Own->Dir, Name, Exists);
    if (Base.empty()) {
      Problem("which cannot be found");
      continue;
    }
    if (std::find(Chain.begin(), Chain.end(), normalizePath(Base)) != Chain.end()) {
      Problem("which forms a cycle");
      continue;
    }
    if (Chain.size() >= MaxExtendsDepth) {
      Problem("more than " + std::to_string(MaxExtendsDepth) + " configs deep");
      continue;
    }
    llvm::Expected<TsConfig> B = loadChain(Base, Read, Exists, Chain);
    if (!B) {
      Problem("which is not usable: " + llvm::toString(B.takeError()));
      continue;
    }
    for (std::string &P : B->Problems)
      Own->Problems.push_back(std::move(P));
    // A later base replaces what an earlier one set.
    if (!B->BaseUrl.empty())
      Inherited.BaseUrl = B->BaseUrl;
    if (B->HasPaths) {
      Inherited.Paths = std::move(B->Paths);
      Inherited.PathsDir = B->PathsDir;
      Inherited.HasPaths = true;
    }
    if (!B->OutDir.empty())
      Inherited.OutDir = B->OutDir;
    if (!B->RootDir.empty())
      Inherited.RootDir = B->RootDir;
  }
  Chain.pop_back();
  if (Own->BaseUrl.empty())
    Own->BaseUrl = Inherited.BaseUrl;
  if (Own->OutDir.empty())
    Own->OutDir = Inherited.OutDir;
  if (Own->RootDir.empty())
    Own->RootDir = Inherited.RootDir;
  if (!Own->HasPaths && Inherited.HasPaths) {
    Own->Paths = std::move(Inherited.Paths);
    Own->PathsDir = Inherited.PathsDir;
    Own->HasPaths = true;
  }
  return Own;
}

} // namespace

llvm::Expected<TsConfig>
loadTsConfig(const std::string &Path,
             const std::function<llvm::Expected<std::string>(const std::string &)> &Read,
             const std::function<bool(const std::string &)> &Exists) {
  std::vector<std::string> Chain;
  return loadChain(Path, Read, Exists, Chain);
}

namespace {

/// The targets of the entry of \p Patterns that \p Key matches: an exact
/// pattern, else the pattern with one `*` and the longest prefix, whose
/// match replaces the `*` of each target. Empty when none matches.
std::vector<std::string>
matchPattern(const std::vector<std::pair<std::string, std::vector<std::string>>> &Patterns,
             const std::string &Key) {
  const std::vector<std::string> *Best = nullptr;
  std::string Star;
  size_t BestPrefix = 0;
  for (const auto &[Pattern, Targets] : Patterns) {
    size_t S = Pattern.find('*');
    if (S == std::string::npos) {
      if (Pattern == Key)
        return Targets;
      continue;
    }
    if (Pattern.find('*', S + 1) != std::string::npos)
      continue; // one `*` only
    std::string_view Prefix = std::string_view(Pattern).substr(0, S);
    std::string_view Suffix = std::string_view(Pattern).substr(S + 1);
    if (Key.size() < Prefix.size() + Suffix.size() || !startsWith(Key, Prefix) ||
        !endsWith(Key, Suffix) || (Best && Prefix.size() <= BestPrefix))
      continue;
    Best = &Targets;
    BestPrefix = Prefix.size();
    Star = Key.substr(Prefix.size(), Key.size() - Prefix.size() - Suffix.size());
  }
  std::vector<std::string> Out;
  if (Best)
    for (std::string T : *Best) {
      if (size_t S = T.find('*'); S != std::string::npos)
        T.replace(S, 1, Star);
      Out.push_back(std::move(T));
    }
  return Out;
}

std::string resolveAlias(const std::string &Specifier,
                         const std::function<bool(const std::string &)> &Exists,
                         const TsConfig &Config) {
  std::string RootDir = Config.BaseUrl.empty() ? Config.PathsDir : Config.BaseUrl;
  if (RootDir == ".")
    RootDir.clear();
  // paths: its targets are tried in order.
  for (const std::string &T : matchPattern(Config.Paths, Specifier))
    if (std::string Found = tryFile(joinPath(RootDir, T), Exists); !Found.empty())
      return Found;
  // A bare name under baseUrl (`import x from "lib/x"`).
  if (!Config.BaseUrl.empty())
    return tryFile(joinPath(RootDir, Specifier), Exists);
  return "";
}

std::string resolvePackage(const std::string &Specifier,
                           const std::function<bool(const std::string &)> &Exists,
                           const PackageMap &Packages) {
  // `@scope/name/sub` and `name/sub`: the package, then the subpath.
  size_t Slash = Specifier.find('/');
  if (startsWith(Specifier, "@") && Slash != std::string::npos)
    Slash = Specifier.find('/', Slash + 1);
  std::string Name = Specifier.substr(0, Slash);
  auto It = Packages.find(Name);
  if (It == Packages.end())
    return "";
  const PackageInfo &P = It->second;
  // A file of the package, or the source it is built from.
  auto Try = [&](const std::string &Rel) {
    std::string File = joinPath(P.Dir, Rel);
    if (std::string Found = tryFile(File, Exists); !Found.empty())
      return Found;
    std::string Out = P.OutDir == "." ? "" : P.OutDir;
    if (P.OutDir.empty() || (!Out.empty() && !startsWith(File, Out + "/")))
      return std::string();
    std::string Inside = File.substr(Out.empty() ? 0 : Out.size() + 1);
    // Declarations name the source too (`index.d.ts` from `index.ts`).
    for (const char *Decl : {".d.ts", ".d.mts", ".d.cts"})
      if (endsWith(Inside, Decl)) {
        Inside.resize(Inside.size() - std::strlen(Decl));
        break;
      }
    for (const std::string &Dir : P.SourceDirs)
      if (std::string Found = tryFile(joinPath(Dir == "." ? "" : Dir, Inside), Exists);
          !Found.empty())
        return Found;
    return std::string();
  };
  std::string Sub = Slash == std::string::npos ? "." : "." + Specifier.substr(Slash);
  if (!P.Exports.empty()) {
    // Only what exports lists can be imported.
    for (const std::string &T : matchPattern(P.Exports, Sub))
      if (std::string Found = Try(T); !Found.empty())
        return Found;
    return "";
  }
  if (Sub == ".") {
    if (!P.Main.empty())
      if (std::string Found = Try(P.Main); !Found.empty())
        return Found;
    return Try("index");
  }
  return Try(Sub);
}

} // namespace

std::string resolveSpecifier(const std::string &ImporterPath, const std::string &Specifier,
                             const std::function<bool(const std::string &)> &Exists,
                             const TsConfig *Config, const PackageMap *Packages) {
  if (Specifier.empty())
    return "";
  if (Specifier == "." || Specifier == ".." || startsWith(Specifier, "./") ||
      startsWith(Specifier, "../") || startsWith(Specifier, "/"))
    return tryFile(joinPath(parentDir(ImporterPath), Specifier), Exists);
  if (Config)
    if (std::string Found = resolveAlias(Specifier, Exists, *Config); !Found.empty())
      return Found;
  return Packages ? resolvePackage(Specifier, Exists, *Packages) : "";
}

std::string canonicalSpecifier(const std::string &Specifier) {
  return llvm::StringRef(Specifier).startswith("node:") ? Specifier.substr(5) : Specifier;
}

} // namespace teetidy::frontend
