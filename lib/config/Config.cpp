//===- Config.cpp - .tee-tidy files, layering and discovery ---------------===//
#include "config/Config.h"

#include "source/WorkingDirectory.h"
#include "source/YamlDocuments.h"

#include "llvm/Support/Regex.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <set>

namespace teetidy {

//===----------------------------------------------------------------------===//
// Locations and errors
//===----------------------------------------------------------------------===//

std::string ConfigLocation::str() const {
  if (Line == 0)
    return Source;
  std::string S = Source + ":" + std::to_string(Line);
  if (Column != 0)
    S += ":" + std::to_string(Column);
  return S;
}

char ConfigError::ID = 0;

void ConfigError::log(llvm::raw_ostream &OS) const {
  std::string Loc = Where.str();
  if (!Loc.empty())
    OS << Loc << ": ";
  OS << "error: " << Message;
}

std::error_code ConfigError::convertToErrorCode() const {
  return std::make_error_code(std::errc::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

namespace {

/// Thrown inside the parser and turned into a ConfigError at its boundary.
struct ParseFailure {
  ConfigLocation Where;
  std::string Message;
};

/// Parses one document into a ConfigLayer, rejecting anything unexpected.
class LayerParser {
public:
  LayerParser(llvm::StringRef Input, llvm::StringRef SourceName)
      : Text(Input), Source(SourceName.str()) {}

  ConfigLayer parse(const YAML::Node &Root) {
    ConfigLayer Layer;
    Layer.Source = Source;
    if (Root.IsNull())
      return Layer;
    if (!Root.IsMap())
      fail(Root, "expected a map of configuration keys at the top level, got " + describe(Root));
    static const std::vector<std::string> Keys = {
        "Checks",   "WarningsAsErrors", "CheckOptions",      "InheritParentConfig",
        "UseColor", "ComposeFiles",     "HeaderFilterRegex", "Suppressions"};
    std::map<std::string, YAML::Mark> Seen;
    for (auto It = Root.begin(); It != Root.end(); ++It) {
      // Copies: the iterator's proxy does not outlive the expression.
      YAML::Node Key = It->first;
      YAML::Node Value = It->second;
      std::string Name = keyName(Key, Seen, "");
      if (Name == "Checks") {
        Layer.Checks = globsValue(Value, Name);
        Layer.ChecksWhere = valueLocation(Key, Value);
      } else if (Name == "WarningsAsErrors") {
        Layer.WarningsAsErrors = globsValue(Value, Name);
        Layer.WarningsAsErrorsWhere = valueLocation(Key, Value);
      } else if (Name == "CheckOptions") {
        Layer.CheckOptions = checkOptions(Key, Value);
      } else if (Name == "InheritParentConfig") {
        Layer.InheritParentConfig = boolValue(Value, Name);
      } else if (Name == "UseColor") {
        Layer.UseColor = boolValue(Value, Name);
      } else if (Name == "HeaderFilterRegex") {
        if (!Value.IsScalar())
          fail(Value, "invalid value for 'HeaderFilterRegex': expected a regular expression, got " +
                          describe(Value));
        std::string Error;
        if (!llvm::Regex(Value.Scalar()).isValid(Error))
          fail(Value, "invalid value for 'HeaderFilterRegex': " + Error);
        Layer.HeaderFilterRegex = Value.Scalar();
      } else if (Name == "ComposeFiles") {
        Layer.ComposeFiles = pathsValue(Value, Name);
      } else if (Name == "Suppressions") {
        Layer.Suppressions = suppressionsValue(Value);
      } else {
        fail(Key, "unknown key '" + Name + "'" + suggestion(Name, Keys));
      }
    }
    return Layer;
  }

  [[noreturn]] void fail(const YAML::Node &N, std::string Message) const {
    throw ParseFailure{location(N.Mark()), std::move(Message)};
  }

  ConfigLocation location(const YAML::Mark &M) const {
    if (M.is_null())
      return {Source, 0, 0};
    return {Source, static_cast<unsigned>(M.line) + 1, static_cast<unsigned>(M.column) + 1};
  }

private:
  llvm::StringRef Text;
  std::string Source;

  std::string describe(const YAML::Node &N) const {
    switch (N.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return nullText(N).empty() ? "nothing" : "null";
    case YAML::NodeType::Scalar:
      return "'" + N.Scalar() + "'";
    default:
      return "an undefined value";
    }
  }

  static std::string suggestion(llvm::StringRef Word, const std::vector<std::string> &Candidates) {
    std::string Best = closestMatch(Word, Candidates);
    return Best.empty() ? "" : "; did you mean '" + Best + "'?";
  }

  /// A null node's mark points at the next token when the value is empty, so
  /// empty values are located at their key instead.
  ConfigLocation valueLocation(const YAML::Node &Key, const YAML::Node &Value) const {
    if (Value.IsNull() && nullText(Value).empty())
      return location(Key.Mark());
    return location(Value.Mark());
  }

  /// The source text of a null scalar ("~", "null", ...), or "" if it is empty.
  std::string nullText(const YAML::Node &N) const {
    const YAML::Mark M = N.Mark();
    if (M.is_null() || M.pos < 0 || static_cast<size_t>(M.pos) >= Text.size())
      return "";
    llvm::StringRef Rest = Text.drop_front(static_cast<size_t>(M.pos));
    for (llvm::StringRef Word : {"~", "null", "Null", "NULL"}) {
      if (!Rest.startswith(Word))
        continue;
      llvm::StringRef After = Rest.drop_front(Word.size());
      if (After.empty() || llvm::StringRef(" \t\r\n,]}#").contains(After[0]))
        return Word.str();
    }
    return "";
  }

  /// The key's text; rejects non-string keys and repeated keys.
  std::string keyName(const YAML::Node &Key, std::map<std::string, YAML::Mark> &Seen,
                      llvm::StringRef Where) const {
    if (!Key.IsScalar())
      fail(Key, "expected a string key" + Where.str() + ", got " + describe(Key));
    const std::string &Name = Key.Scalar();
    auto [It, Inserted] = Seen.emplace(Name, Key.Mark());
    if (!Inserted)
      fail(Key, "duplicate key '" + Name + "'" + Where.str() + " (first defined at line " +
                    std::to_string(It->second.line + 1) + ")");
    return Name;
  }

  /// Checks / WarningsAsErrors: a string, or a list of strings joined by ",".
  std::string globsValue(const YAML::Node &Value, llvm::StringRef Name) const {
    if (Value.IsScalar())
      return Value.Scalar();
    if (Value.IsNull() && nullText(Value).empty())
      return ""; // `Checks:` with nothing after it.
    if (!Value.IsSequence())
      fail(Value, "invalid value for '" + Name.str() +
                      "': expected a string or a list of strings, got " + describe(Value));
    std::string Joined;
    for (auto It = Value.begin(); It != Value.end(); ++It) {
      YAML::Node Item = *It;
      if (!Item.IsScalar())
        fail(Item,
             "invalid entry in '" + Name.str() + "': expected a string, got " + describe(Item));
      if (!Joined.empty())
        Joined += ",";
      Joined += Item.Scalar();
    }
    return Joined;
  }

  /// A string or a list of strings naming files, made absolute against the
  /// directory of the config file (or the working directory for --config).
  /// `Suppressions: [{Checks, File, Line, Fingerprint, Reason}]`.
  std::vector<SuppressionRule> suppressionsValue(const YAML::Node &Value) const {
    if (!Value.IsSequence())
      fail(Value, "invalid value for 'Suppressions': expected a list of {Checks, File, Line, "
                  "Fingerprint, Reason}, got " +
                      describe(Value));
    static const std::vector<std::string> Keys = {"Checks", "File", "Line", "Fingerprint",
                                                  "Reason"};
    std::vector<SuppressionRule> Out;
    for (auto It = Value.begin(); It != Value.end(); ++It) {
      YAML::Node Entry = *It;
      if (!Entry.IsMap())
        fail(Entry, "invalid entry in 'Suppressions': expected a mapping, got " + describe(Entry));
      SuppressionRule Rule;
      for (auto F = Entry.begin(); F != Entry.end(); ++F) {
        YAML::Node Key = F->first, Val = F->second;
        std::string Field = Key.IsScalar() ? Key.Scalar() : "";
        if (std::find(Keys.begin(), Keys.end(), Field) == Keys.end())
          fail(Key,
               "unknown key '" + Field + "' in a 'Suppressions' entry" + suggestion(Field, Keys));
        if (!Val.IsScalar() || Val.Scalar().empty())
          fail(Val,
               "invalid value for '" + Field + "' in a 'Suppressions' entry: " + describe(Val));
        const std::string &Text = Val.Scalar();
        if (Field == "Checks") {
          Rule.Checks = Text;
        } else if (Field == "File") {
          Rule.File = pathsValue(Val, "File").front();
        } else if (Field == "Line") {
          unsigned N = 0;
          if (llvm::StringRef(Text).getAsInteger(10, N) || N == 0)
            fail(Val, "invalid value for 'Line' in a 'Suppressions' entry: expected a line "
                      "number, got '" +
                          Text + "'");
          Rule.Line = N;
        } else if (Field == "Fingerprint") {
          Rule.Fingerprint = Text;
        } else {
          Rule.Reason = Text;
        }
      }
      if (Rule.Checks.empty() || Rule.File.empty() || Rule.Reason.empty())
        fail(Entry, "a 'Suppressions' entry needs 'Checks', 'File' and 'Reason'");
      Out.push_back(std::move(Rule));
    }
    return Out;
  }

  std::vector<std::string> pathsValue(const YAML::Node &Value, llvm::StringRef Name) const {
    std::vector<YAML::Node> Items;
    if (Value.IsScalar())
      Items.push_back(Value);
    else if (Value.IsSequence())
      for (auto It = Value.begin(); It != Value.end(); ++It)
        Items.push_back(*It);
    else if (!(Value.IsNull() && nullText(Value).empty()))
      fail(Value, "invalid value for '" + Name.str() +
                      "': expected a path or a list of paths, got " + describe(Value));
    llvm::SmallString<256> Base;
    if (llvm::sys::fs::exists(Source))
      Base = llvm::sys::path::parent_path(Source);
    std::vector<std::string> Out;
    for (const YAML::Node &Item : Items) {
      if (!Item.IsScalar() || Item.Scalar().empty())
        fail(Item, "invalid entry in '" + Name.str() + "': expected a path, got " + describe(Item));
      llvm::SmallString<256> P(Item.Scalar());
      if (!llvm::sys::path::is_absolute(P) && !Base.empty()) {
        llvm::SmallString<256> Joined(Base);
        llvm::sys::path::append(Joined, P);
        P = Joined;
      }
      makeAbsolute(P);
      llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
      Out.push_back(std::string(P));
    }
    return Out;
  }

  /// A plain true/false (any YAML 1.2 capitalisation); quoted text is not a
  /// boolean.
  bool boolValue(const YAML::Node &Value, llvm::StringRef Name) const {
    static const std::set<std::string> True = {"true", "True", "TRUE"};
    static const std::set<std::string> False = {"false", "False", "FALSE"};
    const std::string Expected =
        "invalid value for '" + Name.str() + "': expected a boolean (true or false), got ";
    if (!Value.IsScalar())
      fail(Value, Expected + describe(Value));
    const std::string &Tag = Value.Tag();
    if (Tag != "?" && Tag != "tag:yaml.org,2002:bool")
      fail(Value, Expected + "the quoted string '" + Value.Scalar() + "'");
    if (True.count(Value.Scalar()))
      return true;
    if (False.count(Value.Scalar()))
      return false;
    fail(Value, Expected + describe(Value));
  }

  /// One option value: any scalar, kept as its text.
  OptionValue optionValue(const YAML::Node &Key, const YAML::Node &Value,
                          const std::string &Option) const {
    if (Value.IsNull())
      return {nullText(Value), valueLocation(Key, Value)};
    if (!Value.IsScalar())
      fail(Value,
           "invalid value for option '" + Option + "': expected a scalar, got " + describe(Value));
    return {Value.Scalar(), location(Value.Mark())};
  }

  /// Rejects an empty option name and one already set in this file.
  void checkOptionName(const YAML::Node &At, const std::string &Option,
                       std::map<std::string, YAML::Mark> &Seen) const {
    if (Option.empty())
      fail(At, "empty option name in 'CheckOptions'");
    auto [It, Inserted] = Seen.emplace(Option, At.Mark());
    if (!Inserted)
      fail(At, "duplicate key '" + Option + "' in 'CheckOptions' (first defined at line " +
                   std::to_string(It->second.line + 1) + ")");
  }

  /// CheckOptions: `{name: value}`, or the old `[{key: name, value: v}]`.
  std::vector<std::pair<std::string, OptionValue>> checkOptions(const YAML::Node &Key,
                                                                const YAML::Node &Value) const {
    std::vector<std::pair<std::string, OptionValue>> Options;
    std::map<std::string, YAML::Mark> Seen;
    if (Value.IsNull() && nullText(Value).empty())
      return Options;
    if (Value.IsMap()) {
      for (auto It = Value.begin(); It != Value.end(); ++It) {
        YAML::Node Name = It->first;
        if (!Name.IsScalar())
          fail(Name, "expected a string key in 'CheckOptions', got " + describe(Name));
        std::string Option = Name.Scalar();
        checkOptionName(Name, Option, Seen);
        Options.emplace_back(Option, optionValue(Name, It->second, Option));
      }
      return Options;
    }
    if (!Value.IsSequence())
      fail(Value.IsNull() ? Key : Value,
           "invalid value for 'CheckOptions': expected a map of option names "
           "to values or a list of {key, value} entries, got " +
               describe(Value));
    static const std::vector<std::string> EntryKeys = {"key", "value"};
    for (auto It = Value.begin(); It != Value.end(); ++It) {
      YAML::Node Entry = *It;
      if (!Entry.IsMap())
        fail(Entry, "invalid entry in 'CheckOptions': expected a map with "
                    "'key' and 'value', got " +
                        describe(Entry));
      std::map<std::string, YAML::Mark> EntrySeen;
      std::optional<YAML::Node> NameNode, ValueKey, ValueNode;
      for (auto E = Entry.begin(); E != Entry.end(); ++E) {
        YAML::Node FieldKey = E->first;
        std::string Field = keyName(FieldKey, EntrySeen, " in a 'CheckOptions' entry");
        if (Field == "key") {
          NameNode = E->second;
        } else if (Field == "value") {
          ValueKey = FieldKey;
          ValueNode = E->second;
        } else {
          fail(FieldKey, "unknown key '" + Field + "' in a 'CheckOptions' entry" +
                             suggestion(Field, EntryKeys));
        }
      }
      if (!NameNode)
        fail(Entry, "missing 'key' in a 'CheckOptions' entry");
      if (!ValueNode)
        fail(Entry, "missing 'value' in a 'CheckOptions' entry");
      if (!NameNode->IsScalar())
        fail(*NameNode, "invalid 'key' in a 'CheckOptions' entry: expected a "
                        "string, got " +
                            describe(*NameNode));
      std::string Option = NameNode->Scalar();
      checkOptionName(*NameNode, Option, Seen);
      Options.emplace_back(Option, optionValue(*ValueKey, *ValueNode, Option));
    }
    return Options;
  }
};

} // namespace

llvm::Expected<ConfigLayer> parseConfigLayer(llvm::StringRef Text, llvm::StringRef SourceName) {
  LayerParser Parser(Text, SourceName);
  try {
    YamlDocuments Docs = loadYamlDocuments(Text.str());
    if (Docs.Second)
      throw ParseFailure{Parser.location(*Docs.Second), "expected a single YAML document"};
    return Parser.parse(Docs.First);
  } catch (const ParseFailure &F) {
    return llvm::make_error<ConfigError>(F.Where, F.Message);
  } catch (const YAML::DeepRecursion &E) {
    return llvm::make_error<ConfigError>(
        Parser.location(E.mark), "the YAML nests " + std::to_string(E.depth()) +
                                     " levels deep here, past what the YAML reader follows");
  } catch (const YAML::Exception &E) {
    std::string Message = E.msg.empty() ? std::string(E.what()) : E.msg;
    return llvm::make_error<ConfigError>(Parser.location(E.mark), "invalid YAML: " + Message);
  }
}

//===----------------------------------------------------------------------===//
// EffectiveConfig
//===----------------------------------------------------------------------===//

namespace {

/// Joins the set, non-blank values of one field across \p Layers with ",".
std::string joinLayers(const std::vector<ConfigLayer> &Layers,
                       std::optional<std::string> ConfigLayer::*Field) {
  std::string Joined;
  for (const ConfigLayer &L : Layers) {
    const std::optional<std::string> &V = L.*Field;
    if (!V || llvm::StringRef(*V).trim().empty())
      continue;
    if (!Joined.empty())
      Joined += ",";
    Joined += *V;
  }
  return Joined;
}

/// A YAML scalar that reads back as \p S: single-quoted, or double-quoted with
/// escapes when it holds control characters (line folding would eat them).
std::string quoteYaml(llvm::StringRef S) {
  bool HasControl = llvm::any_of(S, [](char C) {
    auto U = static_cast<unsigned char>(C);
    return U < 0x20 || U == 0x7f;
  });
  std::string Out;
  if (!HasControl) {
    Out = "'";
    for (char C : S)
      Out += C == '\'' ? std::string("''") : std::string(1, C);
    return Out + "'";
  }
  Out = "\"";
  for (char C : S) {
    auto U = static_cast<unsigned char>(C);
    if (C == '"' || C == '\\')
      Out += std::string("\\") + C;
    else if (C == '\n')
      Out += "\\n";
    else if (C == '\t')
      Out += "\\t";
    else if (U < 0x20 || U == 0x7f)
      Out += "\\x" + llvm::utohexstr(U, /*LowerCase=*/false, /*Width=*/2);
    else
      Out += C;
  }
  return Out + "\"";
}

/// A mapping key: plain when it is a simple name, quoted otherwise.
std::string yamlKey(llvm::StringRef Key) {
  bool Simple =
      !Key.empty() && (llvm::isAlpha(Key[0]) || Key[0] == '_') && llvm::all_of(Key, [](char C) {
        return llvm::isAlnum(C) || C == '_' || C == '.' || C == '-';
      });
  if (Simple && Key != "null" && Key != "Null" && Key != "NULL")
    return Key.str();
  return quoteYaml(Key);
}

/// `key:` padded so values line up at column 18, as clang-tidy prints.
std::string paddedKey(llvm::StringRef Key) {
  std::string Out = yamlKey(Key) + ":";
  Out.append(Out.size() < 17 ? 17 - Out.size() : 1, ' ');
  return Out;
}

/// Globs re-joined with "," so multi-line values print on one line.
std::string normalizedGlobs(const std::string &Globs) { return llvm::join(splitGlobs(Globs), ","); }

} // namespace

std::string EffectiveConfig::checks() const { return joinLayers(Layers, &ConfigLayer::Checks); }

std::string EffectiveConfig::warningsAsErrors() const {
  return joinLayers(Layers, &ConfigLayer::WarningsAsErrors);
}

std::vector<std::string> EffectiveConfig::composeFiles() const {
  std::vector<std::string> Out;
  for (const ConfigLayer &L : Layers)
    for (const std::string &P : L.ComposeFiles)
      if (std::find(Out.begin(), Out.end(), P) == Out.end())
        Out.push_back(P);
  return Out;
}

bool EffectiveConfig::useColor(bool Default) const {
  for (auto It = Layers.rbegin(); It != Layers.rend(); ++It)
    if (It->UseColor)
      return *It->UseColor;
  return Default;
}

std::vector<SuppressionRule> EffectiveConfig::suppressions() const {
  std::vector<SuppressionRule> Out;
  for (const ConfigLayer &L : Layers)
    Out.insert(Out.end(), L.Suppressions.begin(), L.Suppressions.end());
  return Out;
}

std::optional<std::string> EffectiveConfig::headerFilter() const {
  for (auto It = Layers.rbegin(); It != Layers.rend(); ++It)
    if (It->HeaderFilterRegex)
      return It->HeaderFilterRegex;
  return std::nullopt;
}

std::optional<OptionValue> EffectiveConfig::option(llvm::StringRef Key) const {
  for (auto L = Layers.rbegin(); L != Layers.rend(); ++L)
    for (auto O = L->CheckOptions.rbegin(); O != L->CheckOptions.rend(); ++O)
      if (O->first == Key)
        return O->second;
  return std::nullopt;
}

std::map<std::string, OptionValue> EffectiveConfig::options() const {
  std::map<std::string, OptionValue> Merged;
  for (const ConfigLayer &L : Layers)
    for (const auto &[Key, Value] : L.CheckOptions)
      Merged[Key] = Value;
  return Merged;
}

std::string EffectiveConfig::explainCheck(llvm::StringRef Check) const {
  std::string Decider;
  for (const ConfigLayer &L : Layers) {
    if (!L.Checks)
      continue;
    GlobList Globs(*L.Checks);
    for (const GlobList::Item &I : Globs.items())
      if (GlobList::matchGlob(I.Glob, Check))
        Decider = I.Positive ? L.Source : "";
  }
  return Decider;
}

std::string EffectiveConfig::dumpYaml(const std::map<std::string, std::string> &Defaults) const {
  std::map<std::string, std::string> Options = Defaults;
  for (const auto &[Key, Value] : options())
    Options[Key] = Value.Value;

  std::string Out = "---\n";
  Out += paddedKey("Checks") + quoteYaml(normalizedGlobs(checks())) + "\n";
  Out += paddedKey("WarningsAsErrors") + quoteYaml(normalizedGlobs(warningsAsErrors())) + "\n";
  if (Options.empty()) {
    Out += paddedKey("CheckOptions") + "{}\n";
  } else {
    Out += "CheckOptions:\n";
    for (const auto &[Key, Value] : Options) {
      // YAML bounds an implicit key at 1024 characters; longer keys are
      // written as explicit ones.
      if (std::string K = yamlKey(Key); K.size() > 1000)
        Out += "  ? " + K + "\n  : " + quoteYaml(Value) + "\n";
      else
        Out += "  " + paddedKey(Key) + quoteYaml(Value) + "\n";
    }
  }
  for (auto It = Layers.rbegin(); It != Layers.rend(); ++It) {
    if (It->UseColor) {
      Out += paddedKey("UseColor") + (*It->UseColor ? "true" : "false") + "\n";
      break;
    }
  }
  if (std::optional<std::string> Filter = headerFilter())
    Out += paddedKey("HeaderFilterRegex") + quoteYaml(*Filter) + "\n";
  if (std::vector<SuppressionRule> Rules = suppressions(); !Rules.empty()) {
    Out += "Suppressions:\n";
    for (const SuppressionRule &R : Rules) {
      Out += "  - Checks: " + quoteYaml(R.Checks) + "\n    File: " + quoteYaml(R.File) + "\n";
      if (R.Line)
        Out += "    Line: " + std::to_string(R.Line) + "\n";
      if (!R.Fingerprint.empty())
        Out += "    Fingerprint: " + quoteYaml(R.Fingerprint) + "\n";
      Out += "    Reason: " + quoteYaml(R.Reason) + "\n";
    }
  }
  if (std::vector<std::string> Compose = composeFiles(); !Compose.empty()) {
    Out += "ComposeFiles:\n";
    for (const std::string &P : Compose)
      Out += "  - " + quoteYaml(P) + "\n";
  }
  return Out + "...\n";
}

//===----------------------------------------------------------------------===//
// ConfigProvider
//===----------------------------------------------------------------------===//

namespace {

/// Discovered layers (closest last), or the error that stopped discovery.
struct Lookup {
  std::vector<std::shared_ptr<const ConfigLayer>> Chain;
  std::optional<ConfigError> Error;
};

llvm::Error toError(const ConfigError &E) {
  return llvm::make_error<ConfigError>(E.where(), E.text());
}

} // namespace

struct ConfigProvider::Impl {
  ConfigLayer Defaults;
  std::vector<ConfigLayer> CommandLine;
  std::optional<ConfigLayer> Explicit;

  std::mutex Mutex;                    ///< guards Files and Dirs
  std::map<std::string, Lookup> Files; ///< `.tee-tidy` path -> parsed layer.
  std::map<std::string, Lookup> Dirs;  ///< Directory -> discovered chain.

  /// Reads and parses one `.tee-tidy` (Chain holds exactly one layer).
  /// A `.tee-tidy` is a few lines; one this large is not a configuration.
  static constexpr uint64_t MaxConfigBytes = 1u << 20;

  const Lookup &loadFile(const std::string &Path, const llvm::sys::fs::file_status &Status) {
    if (auto It = Files.find(Path); It != Files.end())
      return It->second;
    Lookup Result;
    auto Fail = [&](const std::string &Message) {
      Result.Error.emplace(ConfigLocation{Path, 0, 0}, Message);
    };
    if (Status.type() == llvm::sys::fs::file_type::directory_file) {
      Fail("config file is a directory");
    } else if (Status.type() != llvm::sys::fs::file_type::regular_file) {
      Fail("config file is not a regular file");
    } else if (Status.getSize() > MaxConfigBytes) {
      Fail("config file is larger than " + std::to_string(MaxConfigBytes >> 10) + " KiB");
    } else {
      auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
      if (!Buffer) {
        Fail("cannot read config file: " + Buffer.getError().message());
      } else {
        llvm::Expected<ConfigLayer> Layer = parseConfigLayer((*Buffer)->getBuffer(), Path);
        if (Layer) {
          Result.Chain.push_back(std::make_shared<const ConfigLayer>(std::move(*Layer)));
        } else {
          llvm::handleAllErrors(
              Layer.takeError(), [&](const ConfigError &E) { Result.Error.emplace(E); },
              [&](const llvm::ErrorInfoBase &E) { Fail(E.message()); });
        }
      }
    }
    return Files.emplace(Path, std::move(Result)).first->second;
  }

  /// The chain of `.tee-tidy` layers that applies to files in \p Dir.
  const Lookup &chainFor(const std::string &Dir) {
    if (auto It = Dirs.find(Dir); It != Dirs.end())
      return It->second;
    std::string Parent = llvm::sys::path::parent_path(Dir).str();
    bool HasParent = !Parent.empty() && Parent != Dir;
    llvm::SmallString<256> File(Dir);
    llvm::sys::path::append(File, ".tee-tidy");

    Lookup Result;
    llvm::sys::fs::file_status Status;
    if (!llvm::sys::fs::status(File, Status) && llvm::sys::fs::exists(Status)) {
      const Lookup &Own = loadFile(File.str().str(), Status);
      if (Own.Error) {
        Result = Own;
      } else {
        if (Own.Chain.front()->InheritParentConfig.value_or(false) && HasParent)
          Result = chainFor(Parent);
        if (!Result.Error)
          Result.Chain.push_back(Own.Chain.front());
      }
    } else if (HasParent) {
      Result = chainFor(Parent);
    }
    return Dirs.emplace(Dir, std::move(Result)).first->second;
  }
};

ConfigProvider::ConfigProvider(ConfigLayer Defaults, std::vector<ConfigLayer> CommandLine,
                               std::optional<ConfigLayer> Explicit)
    : P(std::make_unique<Impl>()) {
  P->Defaults = std::move(Defaults);
  P->CommandLine = std::move(CommandLine);
  P->Explicit = std::move(Explicit);
}

ConfigProvider::~ConfigProvider() = default;

llvm::Expected<EffectiveConfig>
ConfigProvider::configFor(llvm::StringRef FilePath, const std::vector<ConfigLayer> &ExtraLayers) {
  std::vector<ConfigLayer> Layers = {P->Defaults};
  if (P->Explicit) {
    Layers.push_back(*P->Explicit);
  } else {
    llvm::SmallString<256> Abs(FilePath);
    if (std::error_code EC = makeAbsolute(Abs))
      return llvm::make_error<ConfigError>(ConfigLocation{FilePath.str(), 0, 0},
                                           "cannot make path absolute: " + EC.message());
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    std::string Dir = llvm::sys::path::parent_path(Abs).str();
    // Files are analysed in parallel and share the caches.
    std::lock_guard<std::mutex> Lock(P->Mutex);
    const Lookup &Found = P->chainFor(Dir);
    if (Found.Error)
      return toError(*Found.Error);
    for (const auto &L : Found.Chain)
      Layers.push_back(*L);
  }
  Layers.insert(Layers.end(), P->CommandLine.begin(), P->CommandLine.end());
  Layers.insert(Layers.end(), ExtraLayers.begin(), ExtraLayers.end());
  return EffectiveConfig(std::move(Layers));
}

//===----------------------------------------------------------------------===//
// Verification and suggestions
//===----------------------------------------------------------------------===//

std::vector<ConfigIssue> verifyConfig(const EffectiveConfig &Config,
                                      const std::vector<std::string> &KnownChecks,
                                      const std::vector<std::string> &KnownOptions) {
  std::vector<ConfigIssue> Issues;
  std::set<std::pair<std::string, std::string>> Reported;
  auto Report = [&](const ConfigLocation &Where, std::string Message) {
    if (Reported.emplace(Where.str(), Message).second)
      Issues.push_back({Where, std::move(Message)});
  };
  auto VerifyGlobs = [&](const std::optional<std::string> &Globs, const ConfigLocation &Where) {
    // Globs without an origin are the binary's defaults, which name whole
    // modules whether or not they have checks yet; only user input is verified.
    if (!Globs || Where.Source.empty())
      return;
    for (const std::string &Raw : splitGlobs(*Globs)) {
      llvm::StringRef Glob = llvm::StringRef(Raw).trim();
      if (Glob.startswith("-"))
        Glob = Glob.drop_front().trim();
      if (Glob.empty())
        continue;
      bool Matches = llvm::any_of(
          KnownChecks, [&](const std::string &C) { return GlobList::matchGlob(Glob, C); });
      if (Matches)
        continue;
      std::string Message = "unknown check '" + Glob.str() + "'";
      if (!Glob.contains('*'))
        if (std::string Best = closestMatch(Glob, KnownChecks); !Best.empty())
          Message += "; did you mean '" + Best + "'?";
      Report(Where, std::move(Message));
    }
  };

  std::set<llvm::StringRef> Checks(KnownChecks.begin(), KnownChecks.end());
  std::set<llvm::StringRef> Options(KnownOptions.begin(), KnownOptions.end());
  for (const ConfigLayer &L : Config.layers()) {
    VerifyGlobs(L.Checks, L.ChecksWhere);
    VerifyGlobs(L.WarningsAsErrors, L.WarningsAsErrorsWhere);
    for (const auto &[Key, Value] : L.CheckOptions) {
      size_t Dot = Key.rfind('.');
      if (Dot == std::string::npos)
        continue;
      if (Checks.count(llvm::StringRef(Key).take_front(Dot)) && Options.count(Key))
        continue;
      std::string Message = "unknown check option '" + Key + "'";
      if (std::string Best = closestMatch(Key, KnownOptions); !Best.empty())
        Message += "; did you mean '" + Best + "'?";
      Report(Value.Where, std::move(Message));
    }
  }
  return Issues;
}

namespace {

/// Case-insensitive edit distance where inserting, deleting or replacing a
/// character, or swapping two adjacent ones, costs one edit (optimal string
/// alignment): "Chekcs" is one edit from "Checks".
unsigned typoDistance(llvm::StringRef A, llvm::StringRef B) {
  std::string X = A.lower(), Y = B.lower();
  // Three rolling rows: two back (for swaps), previous, current.
  std::vector<unsigned> Prev2(Y.size() + 1), Prev(Y.size() + 1), Cur(Y.size() + 1);
  for (size_t J = 0; J <= Y.size(); ++J)
    Prev[J] = static_cast<unsigned>(J);
  for (size_t I = 1; I <= X.size(); ++I) {
    Cur[0] = static_cast<unsigned>(I);
    for (size_t J = 1; J <= Y.size(); ++J) {
      unsigned Cost = X[I - 1] == Y[J - 1] ? 0 : 1;
      Cur[J] = std::min({Prev[J] + 1, Cur[J - 1] + 1, Prev[J - 1] + Cost});
      if (I > 1 && J > 1 && X[I - 1] == Y[J - 2] && X[I - 2] == Y[J - 1])
        Cur[J] = std::min(Cur[J], Prev2[J - 2] + 1);
    }
    std::swap(Prev2, Prev);
    std::swap(Prev, Cur);
  }
  return Prev[Y.size()];
}

} // namespace

std::string closestMatch(llvm::StringRef Word, const std::vector<std::string> &Candidates) {
  // Accept up to a third of the word's length in edits (at least one), but
  // fewer edits than either word has letters: "Chekcs" -> "Checks" is a
  // typo, "ab" -> "cd" is not. Ties go to the earlier candidate.
  unsigned Limit = std::max<unsigned>(1, static_cast<unsigned>(Word.size()) / 3);
  std::string Best;
  unsigned BestDistance = Limit + 1;
  for (const std::string &C : Candidates) {
    unsigned D = typoDistance(Word, C);
    if (D < BestDistance && D < Word.size() && D < C.size()) {
      BestDistance = D;
      Best = C;
    }
  }
  return Best;
}

} // namespace teetidy
