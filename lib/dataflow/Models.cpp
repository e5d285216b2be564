#include "dataflow/Models.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::dataflow {

std::vector<std::string> expandBraces(const std::string &Pattern) {
  size_t Open = Pattern.find('{');
  if (Open == std::string::npos)
    return {Pattern};
  // The matching close brace, counting nesting.
  size_t Close = Open, Depth = 0;
  for (; Close < Pattern.size(); ++Close) {
    if (Pattern[Close] == '{')
      ++Depth;
    else if (Pattern[Close] == '}' && --Depth == 0)
      break;
  }
  if (Close == Pattern.size())
    return {Pattern};
  std::vector<std::string> Alternatives;
  std::string Cur;
  Depth = 0;
  for (size_t I = Open + 1; I < Close; ++I) {
    char C = Pattern[I];
    if (C == '{')
      ++Depth;
    if (C == '}')
      --Depth;
    if (C == ',' && Depth == 0) {
      Alternatives.push_back(Cur);
      Cur.clear();
    } else {
      Cur += C;
    }
  }
  Alternatives.push_back(Cur);
  std::vector<std::string> Out;
  std::string Prefix = Pattern.substr(0, Open), Suffix = Pattern.substr(Close + 1);
  for (const std::string &A : Alternatives)
    for (std::string &E : expandBraces(Prefix + A + Suffix))
      Out.push_back(std::move(E));
  return Out;
}

namespace {

llvm::Error errorAt(const std::string &Name, const YAML::Mark &M, const std::string &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s:%d:%d: %s", Name.c_str(),
                                 M.line + 1, M.column + 1, Message.c_str());
}

/// A string or a list of strings, braces expanded.
llvm::Expected<std::vector<std::string>> names(const std::string &File, const YAML::Node &N) {
  std::vector<std::string> Out;
  auto One = [&](const YAML::Node &S) -> llvm::Error {
    if (!S.IsScalar())
      return errorAt(File, S.Mark(), "expected a name");
    for (std::string &E : expandBraces(S.Scalar()))
      Out.push_back(std::move(E));
    return llvm::Error::success();
  };
  if (N.IsSequence()) {
    for (const YAML::Node &S : N)
      if (llvm::Error E = One(S))
        return E;
  } else if (llvm::Error E = One(N)) {
    return E;
  }
  return Out;
}

llvm::Expected<ArgumentSpec> argument(const std::string &File, const YAML::Node &N) {
  ArgumentSpec A;
  if (!N)
    return A;
  if (!N.IsMap())
    return errorAt(File, N.Mark(), "expected {position: N, keyword: name, field: f}");
  for (const auto &KV : N) {
    std::string Key = KV.first.Scalar();
    if (Key == "position") {
      try {
        A.Position = KV.second.as<unsigned>();
      } catch (const YAML::Exception &) {
        return errorAt(File, KV.second.Mark(), "position must be a number");
      }
    } else if (Key == "keyword") {
      A.Keyword = KV.second.Scalar();
    } else if (Key == "field") {
      A.Field = KV.second.Scalar();
    } else {
      return errorAt(File, KV.first.Mark(), "unknown key '" + Key + "'");
    }
  }
  return A;
}

/// Reads the `settings:` block into \p Into: lists are added, a text may
/// be given once (or again with the same value).
llvm::Error readSettings(const std::string &File, const YAML::Node &N, SettingsModel &Into) {
  if (!N)
    return llvm::Error::success();
  if (!N.IsMap())
    return errorAt(File, N.Mark(), "'settings' must be a mapping");
  std::map<std::string, std::set<std::string> *> Lists = {
      {"bases", &Into.Bases},
      {"field_makers", &Into.FieldMakers},
      {"alias_keywords", &Into.AliasKeywords},
      {"secret_wrappers", &Into.SecretWrappers},
      {"class_variable_annotations", &Into.ClassVariableAnnotations},
      {"constructors", &Into.Constructors}};
  std::map<std::string, std::string *> Texts = {
      {"config_attribute", &Into.ConfigAttribute},
      {"config_class", &Into.ConfigClass},
      {"prefix_option", &Into.PrefixOption},
      {"case_sensitive_option", &Into.CaseSensitiveOption},
      {"default_keyword", &Into.DefaultKeyword},
      {"private_prefix", &Into.PrivatePrefix}};
  for (const auto &KV : N) {
    std::string Key = KV.first.Scalar();
    if (auto L = Lists.find(Key); L != Lists.end()) {
      auto Names = names(File, KV.second);
      if (!Names)
        return Names.takeError();
      L->second->insert(Names->begin(), Names->end());
    } else if (auto T = Texts.find(Key); T != Texts.end()) {
      if (!KV.second.IsScalar())
        return errorAt(File, KV.second.Mark(), "'" + Key + "' must be a name");
      if (!T->second->empty() && *T->second != KV.second.Scalar())
        return errorAt(File, KV.second.Mark(),
                       "'" + Key + "' is already '" + *T->second + "' in another model file");
      *T->second = KV.second.Scalar();
    } else {
      return errorAt(File, KV.first.Mark(), "unknown key '" + Key + "' in 'settings'");
    }
  }
  return llvm::Error::success();
}

} // namespace

const char *sinkKindName(SinkKind K) {
  switch (K) {
  case SinkKind::Endpoint:
    return "endpoint";
  case SinkKind::Model:
    return "model";
  case SinkKind::Code:
    return "code";
  case SinkKind::Image:
    return "image";
  case SinkKind::Command:
    return "command";
  case SinkKind::Contract:
    return "contract";
  case SinkKind::Data:
    return "data";
  }
  return "endpoint";
}

llvm::Error Models::addFile(const std::string &File, const std::string &Text) {
  YAML::Node Root;
  try {
    Root = YAML::Load(Text);
  } catch (const YAML::Exception &E) {
    return errorAt(File, E.mark, E.msg);
  }
  if (!Root.IsMap())
    return errorAt(File, Root.Mark(), "expected a mapping at the top");
  std::string Library = Root["library"] ? Root["library"].Scalar() : File;
  auto Set = [&](const char *Key, std::set<std::string> &Into) -> llvm::Error {
    if (!Root[Key])
      return llvm::Error::success();
    auto L = names(File, Root[Key]);
    if (!L)
      return L.takeError();
    Into.insert(L->begin(), L->end());
    return llvm::Error::success();
  };
  static const std::set<std::string> Known = {"library",
                                              "sources",
                                              "settings",
                                              "sinks",
                                              "propagators",
                                              "string_methods",
                                              "unwrap_methods",
                                              "string_attributes",
                                              "callback_methods",
                                              "dependency_injectors",
                                              "source_objects",
                                              "global_objects",
                                              "mapping_get_methods",
                                              "template_methods",
                                              "schemas",
                                              "fetches",
                                              "fetched_content",
                                              "writers",
                                              "request_objects",
                                              "request_handlers",
                                              "produces",
                                              "returns",
                                              "callee_spelling"};
  for (const auto &KV : Root)
    if (!Known.count(KV.first.Scalar()))
      return errorAt(File, KV.first.Mark(), "unknown key '" + KV.first.Scalar() + "'");

  if (llvm::Error E = readSettings(File, Root["settings"], Settings))
    return E;
  if (llvm::Error E = Set("global_objects", GlobalObjects))
    return E;
  if (llvm::Error E = Set("mapping_get_methods", MappingGetMethods))
    return E;
  if (llvm::Error E = Set("template_methods", TemplateMethods))
    return E;
  if (llvm::Error E = Set("string_methods", StringMethods))
    return E;
  if (llvm::Error E = Set("unwrap_methods", UnwrapMethods))
    return E;
  if (llvm::Error E = Set("string_attributes", StringAttributes))
    return E;
  if (llvm::Error E = Set("callback_methods", CallbackMethods))
    return E;
  if (llvm::Error E = Set("dependency_injectors", DependencyInjectors))
    return E;
  if (llvm::Error E = Set("source_objects", SourceObjects))
    return E;
  if (llvm::Error E = Set("fetches", Fetches))
    return E;
  if (llvm::Error E = Set("fetched_content", FetchedContent))
    return E;
  if (llvm::Error E = Set("request_objects", RequestObjects))
    return E;
  for (const YAML::Node &H : Root["request_handlers"]) {
    if (!H.IsMap() || !H["callee"])
      return errorAt(File, H.Mark(), "a request handler needs 'callee' (and may give 'request')");
    for (const auto &KV : H)
      if (KV.first.Scalar() != "callee" && KV.first.Scalar() != "request")
        return errorAt(File, KV.first.Mark(), "unknown key '" + KV.first.Scalar() + "'");
    auto L = names(File, H["callee"]);
    if (!L)
      return L.takeError();
    std::string Request = H["request"] ? H["request"].Scalar() : "";
    for (const std::string &C : *L)
      RequestHandlers[C] = Request;
  }
  for (const YAML::Node &P : Root["produces"]) {
    static const std::set<std::string> Whats = {"model output", "key"};
    if (!P.IsMap() || !P["callee"] || !P["what"])
      return errorAt(File, P.Mark(), "a producer needs 'callee' and 'what'");
    for (const auto &KV : P)
      if (KV.first.Scalar() != "callee" && KV.first.Scalar() != "what")
        return errorAt(File, KV.first.Mark(), "unknown key '" + KV.first.Scalar() + "'");
    std::string What = P["what"].IsScalar() ? P["what"].Scalar() : "";
    if (!Whats.count(What))
      return errorAt(File, P["what"].Mark(), "what must be 'model output' or 'key'");
    auto L = names(File, P["callee"]);
    if (!L)
      return L.takeError();
    for (const std::string &C : *L)
      Produces[C] = What;
  }
  for (const YAML::Node &W : Root["writers"]) {
    if (!W["callee"] || !W["path"] || !W["data"])
      return errorAt(File, W.Mark(), "a writer needs 'callee', 'path' and 'data'");
    auto L = names(File, W["callee"]);
    if (!L)
      return L.takeError();
    auto Path = argument(File, W["path"]);
    if (!Path)
      return Path.takeError();
    auto Data = argument(File, W["data"]);
    if (!Data)
      return Data.takeError();
    for (const std::string &C : *L)
      Writers[C] = WriterModel{*Path, *Data};
  }

  for (const YAML::Node &S : Root["schemas"]) {
    if (!S["callee"] || !S["fields"])
      return errorAt(File, S.Mark(), "a schema needs 'callee' and 'fields'");
    static const std::set<std::string> SchemaKeys = {"callee", "fields",         "parse",
                                                     "result", "default_method", "default_keyword"};
    for (const auto &KV : S)
      if (!SchemaKeys.count(KV.first.Scalar()))
        return errorAt(File, KV.first.Mark(), "unknown key '" + KV.first.Scalar() + "'");
    auto L = names(File, S["callee"]);
    if (!L)
      return L.takeError();
    SchemaModel Model;
    auto Fields = argument(File, S["fields"]);
    if (!Fields)
      return Fields.takeError();
    Model.Fields = *Fields;
    for (const char *Key : {"parse", "result"})
      if (S[Key]) {
        auto Methods = names(File, S[Key]);
        if (!Methods)
          return Methods.takeError();
        (std::string(Key) == "parse" ? Model.Parse : Model.Result)
            .insert(Methods->begin(), Methods->end());
      }
    if (S["default_method"])
      Model.DefaultMethod = S["default_method"].Scalar();
    if (S["default_keyword"])
      Model.DefaultKeyword = S["default_keyword"].Scalar();
    for (const std::string &C : *L)
      Schemas[C] = Model;
  }

  for (const YAML::Node &S : Root["sources"]) {
    if (S["subscript"]) {
      auto L = names(File, S["subscript"]);
      if (!L)
        return L.takeError();
      SourceSubscripts.insert(L->begin(), L->end());
      continue;
    }
    static const std::set<std::string> SourceKeys = {"callee", "subscript", "name", "default",
                                                     "whole_environment"};
    for (const auto &KV : S)
      if (!SourceKeys.count(KV.first.Scalar()))
        return errorAt(File, KV.first.Mark(), "unknown key '" + KV.first.Scalar() + "'");
    if (!S["callee"])
      return errorAt(File, S.Mark(), "a source needs 'callee' or 'subscript'");
    auto L = names(File, S["callee"]);
    if (!L)
      return L.takeError();
    SourceModel Model;
    auto Name = argument(File, S["name"]);
    if (!Name)
      return Name.takeError();
    auto Default = argument(File, S["default"]);
    if (!Default)
      return Default.takeError();
    Model.Name = *Name;
    Model.Default = *Default;
    if (const YAML::Node W = S["whole_environment"]) {
      if (!W.IsScalar() || (W.Scalar() != "true" && W.Scalar() != "false"))
        return errorAt(File, W.Mark(), "'whole_environment' must be true or false");
      Model.WholeEnvironment = W.Scalar() == "true";
      if (Model.WholeEnvironment && (!Model.Name.empty() || !Model.Default.empty()))
        return errorAt(File, W.Mark(),
                       "a source of the whole environment has no 'name' or 'default'");
    }
    for (const std::string &C : *L)
      SourceCalls[C] = Model;
  }
  for (const YAML::Node &S : Root["sinks"]) {
    if (!S["callee"] || !S["kind"] || (!S["destination"] && !S["implicit"]))
      return errorAt(File, S.Mark(),
                     "a sink needs 'callee', 'kind' and 'destination' (or 'implicit')");
    std::vector<std::string> Implicit;
    std::string ImplicitDefault;
    if (const YAML::Node I = S["implicit"]) {
      if (!I.IsMap() || !I["variables"])
        return errorAt(File, I.Mark(), "expected {variables: [NAME, ...], default: value}");
      auto Vars = names(File, I["variables"]);
      if (!Vars)
        return Vars.takeError();
      Implicit = std::move(*Vars);
      if (I["default"])
        ImplicitDefault = I["default"].Scalar();
    }
    auto L = names(File, S["callee"]);
    if (!L)
      return L.takeError();
    std::string KindName = S["kind"].Scalar();
    std::optional<SinkKind> Parsed;
    for (SinkKind K : {SinkKind::Endpoint, SinkKind::Model, SinkKind::Code, SinkKind::Image,
                       SinkKind::Command, SinkKind::Contract, SinkKind::Data})
      if (KindName == sinkKindName(K))
        Parsed = K;
    if (!Parsed)
      return errorAt(File, S["kind"].Mark(),
                     "kind must be 'endpoint', 'model', 'code', 'image', 'command', 'contract' "
                     "or 'data'");
    std::string Store;
    if (const YAML::Node St = S["store"]) {
      static const std::set<std::string> Stores = {"database", "cache", "object-store", "queue",
                                                   "file"};
      Store = St.IsScalar() ? St.Scalar() : "";
      if (!Stores.count(Store))
        return errorAt(File, St.Mark(),
                       "store must be 'database', 'cache', 'object-store', 'queue' or 'file'");
    }
    SinkKind Kind = *Parsed;
    if (Kind == SinkKind::Data && Store.empty())
      return errorAt(File, S.Mark(), "a data sink needs 'store'");
    auto Dest = argument(File, S["destination"]);
    if (!Dest)
      return Dest.takeError();
    auto Target = argument(File, S["target"]);
    if (!Target)
      return Target.takeError();
    if (!Target->empty() && Kind != SinkKind::Data)
      return errorAt(File, S["target"].Mark(), "only a data sink has a 'target'");
    auto ReceiverTarget = argument(File, S["receiver_target"]);
    if (!ReceiverTarget)
      return ReceiverTarget.takeError();
    if (!ReceiverTarget->empty() && Kind != SinkKind::Data)
      return errorAt(File, S["receiver_target"].Mark(), "only a data sink has a 'receiver_target'");
    if (const YAML::Node W = S["when"]) {
      if (!W.IsMap() || !W["position"] || !W["names"] || W.size() != 2 || Dest->empty())
        return errorAt(File, W.Mark(),
                       "expected {position: N, names: [NAME, ...]} beside a 'destination'");
      try {
        Dest->SelectorPosition = W["position"].as<unsigned>();
      } catch (const YAML::Exception &) {
        return errorAt(File, W["position"].Mark(), "position must be a number");
      }
      auto Names = names(File, W["names"]);
      if (!Names)
        return Names.takeError();
      Dest->SelectorNames.insert(Names->begin(), Names->end());
    }
    for (const std::string &C : *L) {
      SinkModel &M = Sinks[C][Kind];
      M.Kind = Kind;
      M.Library = Library;
      if (!Store.empty())
        M.Store = Store;
      if (!Target->empty())
        M.Target = *Target;
      if (!ReceiverTarget->empty())
        M.ReceiverTarget = *ReceiverTarget;
      if (!Dest->empty())
        M.Destinations.push_back(*Dest);
      if (!Implicit.empty()) {
        M.ImplicitVariables = Implicit;
        M.ImplicitDefault = ImplicitDefault;
      }
    }
  }
  if (const YAML::Node S = Root["callee_spelling"]) {
    std::string Spelled = S.IsScalar() ? S.Scalar() : "";
    if (Spelled == "package-name")
      CalleeSpelling = Spelling::PackageName;
    else if (Spelled == "from-type")
      CalleeSpelling = Spelling::FromType;
    else if (Spelled == "scoped")
      CalleeSpelling = Spelling::Scoped;
    else if (Spelled != "as-named")
      return errorAt(File, S.Mark(),
                     "'callee_spelling' must be as-named, package-name, from-type or scoped");
  }
  for (const YAML::Node &R : Root["returns"]) {
    if (!R["callee"] || !R["instance"] || !R["instance"].IsScalar())
      return errorAt(File, R.Mark(), "a return model needs 'callee' and 'instance'");
    auto L = names(File, R["callee"]);
    if (!L)
      return L.takeError();
    for (const std::string &Callee : *L)
      Returns[Callee] = R["instance"].Scalar();
  }
  for (const YAML::Node &P : Root["propagators"]) {
    if (!P["callee"])
      return errorAt(File, P.Mark(), "a propagator needs 'callee'");
    auto L = names(File, P["callee"]);
    if (!L)
      return L.takeError();
    PropagatorModel Model;
    if (P["arguments"])
      for (const YAML::Node &A : P["arguments"]) {
        try {
          Model.Arguments.push_back(A.as<unsigned>());
        } catch (const YAML::Exception &) {
          return errorAt(File, A.Mark(), "argument positions must be numbers");
        }
      }
    if (const YAML::Node R = P["result"]) {
      std::string Kind = R.IsScalar() ? R.Scalar() : "";
      if (Kind == "facts")
        Model.Result = PropagatorModel::Facts;
      else if (Kind == "value")
        Model.Result = PropagatorModel::Value;
      else if (Kind == "call")
        Model.Result = PropagatorModel::Call;
      else
        return errorAt(File, R.Mark(), "'result' must be facts, value or call");
    }
    for (const std::string &C : *L)
      Propagators[C] = Model;
  }
  return llvm::Error::success();
}

namespace {
/// Whether a key of the sorted \p Keys is \p Module or starts with `Module.`
/// or `Module/` (a module of the package).
template <typename Sorted> bool hasModule(const Sorted &Keys, llvm::StringRef Module) {
  auto Key = [](const auto &E) -> const std::string & {
    if constexpr (std::is_same_v<std::decay_t<decltype(E)>, std::string>)
      return E;
    else
      return E.first;
  };
  auto It = Keys.lower_bound(Module.str());
  for (; It != Keys.end() && llvm::StringRef(Key(*It)).startswith(Module); ++It) {
    llvm::StringRef Rest = llvm::StringRef(Key(*It)).drop_front(Module.size());
    if (Rest.empty() || Rest.startswith(".") || Rest.startswith("/"))
      return true;
  }
  return false;
}
} // namespace

const std::string *Models::returned(const std::string &Callee) const {
  if (Returns.empty())
    return nullptr;
  if (auto It = Returns.find(Callee); It != Returns.end())
    return &It->second;
  size_t Dot = Callee.rfind('.');
  if (Dot == std::string::npos)
    return nullptr;
  auto It = Returns.find(Callee.substr(0, Dot) + ".*");
  return It == Returns.end() ? nullptr : &It->second;
}

bool Models::describes(llvm::StringRef Module) const {
  return hasModule(SourceCalls, Module) || hasModule(SourceSubscripts, Module) ||
         hasModule(SourceObjects, Module) || hasModule(Schemas, Module) ||
         hasModule(Settings.Bases, Module) || hasModule(Sinks, Module) ||
         hasModule(Propagators, Module) || hasModule(DependencyInjectors, Module) ||
         hasModule(Fetches, Module) || hasModule(Writers, Module) ||
         hasModule(RequestObjects, Module) || hasModule(RequestHandlers, Module) ||
         hasModule(Produces, Module);
}

llvm::Expected<ModelRule> parseModelRule(llvm::StringRef Spec, ModelRule::RuleKind Rule,
                                         SinkKind Kind) {
  auto [Callee, Arg] = Spec.rsplit(':');
  if (Callee.empty() || Arg.empty() || Callee == Spec)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s' is not 'callee:argument'",
                                   Spec.str().c_str());
  ModelRule R;
  R.Rule = Rule;
  R.Kind = Kind;
  R.Callee = Callee.str();
  auto [First, Field] = Arg.split('.');
  unsigned Pos = 0;
  if (!First.getAsInteger(10, Pos)) {
    R.Position = Pos;
    R.Field = Field.str();
  } else {
    R.Name = Arg.str();
  }
  return R;
}

void Models::add(const ModelRule &R, bool NamesAreFields) {
  ArgumentSpec A;
  if (R.Position) {
    A.Position = R.Position;
    A.Field = R.Field;
  } else if (NamesAreFields && R.Rule == ModelRule::Sink) {
    A.Position = 0;
    A.Field = R.Name;
  } else {
    A.Keyword = R.Name;
  }
  if (R.Rule == ModelRule::Source) {
    SourceCalls[R.Callee] = SourceModel{A, {}};
    return;
  }
  SinkModel &M = Sinks[R.Callee][R.Kind];
  M.Kind = R.Kind;
  M.Library = "check options";
  M.Destinations.push_back(A);
}

} // namespace teetidy::dataflow
