//===- Models.h - Sources, sinks and propagators as data --------*- C++ -*-===//
//
// Library knowledge for the taint engine, read from the YAML files under
// queries/models/<language>/: which calls read configuration (sources),
// which arguments of which calls are network destinations or model names
// (sinks), and which calls and string methods pass values through.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace teetidy::dataflow {

/// An argument by position and/or keyword (either may be absent).
struct ArgumentSpec {
  std::optional<unsigned> Position;
  std::string Keyword;
  /// A property of the argument object (`{position: 0, field: baseURL}` for
  /// `new Client({ baseURL })`); dotted for nested objects.
  std::string Field;
  /// Sink destinations only: the argument is the destination when the
  /// argument at SelectorPosition is a name (or an attribute) spelled as one
  /// of SelectorNames (`curl_easy_setopt(h, CURLOPT_URL, url)`).
  std::optional<unsigned> SelectorPosition;
  std::set<std::string> SelectorNames;
  bool empty() const { return !Position && Keyword.empty(); }
};

struct SourceModel {
  ArgumentSpec Name;    ///< the variable name argument
  ArgumentSpec Default; ///< the fallback value argument
  /// The call returns the whole environment (every variable), not one.
  bool WholeEnvironment = false;
};

/// What the destination of a sink decides.
enum class SinkKind : uint8_t {
  Endpoint, ///< where data goes: a URL, a host, a connection string
  Model,    ///< which model of an inference service sees the data
  Code,     ///< text run as code, or the module a path loads
  Image,    ///< the container image a container is started from
  Command,  ///< a command line (or argument vector) a process runs
  Contract, ///< the address of an on-chain contract the code calls
  /// what a call keeps: the argument is data written to a store or a file
  /// (only user data is reported there: request input, model outputs, keys)
  Data,
};
/// "endpoint", "model", "code", "image", "command", "contract" or "data", as
/// model files write it.
const char *sinkKindName(SinkKind K);
/// Whether a literal argument of a sink of kind \p K is reported too: what
/// an image or command literal names is looked at by the check.
inline bool reportsLiterals(SinkKind K) { return K == SinkKind::Image || K == SinkKind::Command; }

struct SinkModel {
  SinkKind Kind = SinkKind::Endpoint;
  std::string Library; ///< from the file's `library:`
  /// What keeps data at the destination, from the sink's `store:`
  /// ("database", "cache", "object-store", "queue", "file"); empty for
  /// other sinks.
  std::string Store;
  std::vector<ArgumentSpec> Destinations;
  /// Data sinks: the argument naming where the data goes (a file's path, a
  /// key, a table), reported when a string literal gives it.
  ArgumentSpec Target;
  /// Data sinks that are methods of what another call made (`f.write(d)`
  /// after `f = open(path)`): that call's argument naming where.
  ArgumentSpec ReceiverTarget;
  /// Variables the library reads itself when the call gives none of the
  /// destinations, and the value it uses when they are not set either.
  std::vector<std::string> ImplicitVariables;
  std::string ImplicitDefault;
};

/// A call that builds a configuration schema from an object literal whose
/// keys are environment variable names (zod `z.object({...})`, envalid
/// `cleanEnv(env, {...})`).
struct SchemaModel {
  ArgumentSpec Fields; ///< the object literal of keys
  /// Methods of the schema that read the environment and return the parsed
  /// object; empty when the call itself returns it.
  std::set<std::string> Parse;
  /// Attributes of a parse result that hold the parsed object (`.data`).
  std::set<std::string> Result;
  /// How a key's default is written: a method of its validator
  /// (`z.string().default("x")`) and/or a keyword of an options object
  /// (`str({ default: "x" })`).
  std::string DefaultMethod, DefaultKeyword;
};

/// A call that writes data into a file named by another argument
/// (`fs.writeFileSync(path, data)`): a local variable passed as the path
/// then also carries what the data carries.
struct WriterModel {
  ArgumentSpec Path, Data;
};

struct PropagatorModel {
  /// Argument positions that flow to the result; empty = all arguments.
  std::vector<unsigned> Arguments;
  /// What of those arguments the result is: the configuration they carry
  /// (`result: facts`, the default), the whole values, objects and
  /// functions included (`value`: `Object.freeze(o)`, `useCallback(f)`), or
  /// what calling them returns (`call`: `useMemo(() => make())`).
  enum ResultKind : uint8_t { Facts, Value, Call } Result = Facts;
};

/// How a settings framework maps the fields of a class to environment
/// variables (`class Settings(Base)` with Base a settings base). Every name
/// here comes from the model files (`settings:`).
struct SettingsModel {
  /// Classes whose subclasses are settings classes.
  std::set<std::string> Bases;
  /// Calls that declare a field: `F(default, alias=...)`.
  std::set<std::string> FieldMakers;
  /// The class attribute and the nested class that hold the options
  /// (`options = Options(...)`, `class Options:`).
  std::string ConfigAttribute, ConfigClass;
  /// The option prepended to field names, and the one that makes names
  /// case-sensitive when it is true (names match case-insensitively
  /// otherwise).
  std::string PrefixOption, CaseSensitiveOption;
  /// Keywords of a field maker that name its variables; a list or a call
  /// there (`Choices('A', 'B')`) gives several.
  std::set<std::string> AliasKeywords;
  /// The keyword of a field maker that gives the default (its first
  /// positional argument does too).
  std::string DefaultKeyword;
  /// Calls that wrap a literal default (`Secret("x")`), by name.
  std::set<std::string> SecretWrappers;
  /// Annotations that make a class attribute no field (`Static[int]`).
  std::set<std::string> ClassVariableAnnotations;
  /// Attributes whose name starts with this are no fields.
  std::string PrivatePrefix;
  /// Methods the framework gives every settings class that make an
  /// instance of it (`Settings.load()`).
  std::set<std::string> Constructors;
};

/// A source or sink given outside the model files (a check option).
struct ModelRule {
  enum RuleKind : uint8_t { Source, Sink } Rule = Sink;
  SinkKind Kind = SinkKind::Endpoint; ///< for sinks
  std::string Callee;
  /// The argument: a position, a name, or a position and a field of it.
  std::optional<unsigned> Position;
  /// A keyword argument, or in languages that pass options objects (see
  /// Models::add), a property of the first argument.
  std::string Name;
  std::string Field;
  auto operator<=>(const ModelRule &) const = default;
};

/// Reads the check-option form `callee:argument` of a rule, where argument is
/// a position (`0`), a name (`base_url`) or a position and a field of that
/// argument (`1.endpoint`).
llvm::Expected<ModelRule> parseModelRule(llvm::StringRef Spec, ModelRule::RuleKind Rule,
                                         SinkKind Kind = SinkKind::Endpoint);

/// Every model of one language, keyed by qualified callee name.
struct Models {
  std::map<std::string, SourceModel> SourceCalls;
  std::set<std::string> SourceSubscripts;
  /// Objects whose properties are environment variables (`ENV`):
  /// attribute reads and constant subscripts are sources.
  std::set<std::string> SourceObjects;
  std::map<std::string, SchemaModel> Schemas;
  SettingsModel Settings;
  /// Callee -> sink kind -> model (rules for one callee and kind merge).
  std::map<std::string, std::map<SinkKind, SinkModel>> Sinks;
  std::map<std::string, PropagatorModel> Propagators;
  /// What a call gives back when a model knows it by another name than the
  /// call's (`acme.Client.builder` gives an `acme.ClientBuilder`); `X.*`
  /// stands for every method of X (a builder's setters give the builder).
  /// Methods of the result are then named after the instance.
  std::map<std::string, std::string> Returns;
  /// How messages spell a callee: as named (`acme.get`); an import path and
  /// member as the code does (`example.org/acme/web.Get` as `web.Get`); or
  /// from the first type on (`acme.net.Client.get` as `Client.get`).
  enum class Spelling : uint8_t {
    AsNamed,
    PackageName,
    FromType,
    Scoped ///< components joined by `::` (`httplib::Client`)
  } CalleeSpelling = Spelling::AsNamed;
  /// The instance \p Callee gives back by Returns, or null.
  const std::string *returned(const std::string &Callee) const;
  /// Calls whose result is content downloaded at run time (`http.get`,
  /// `fetch`), and the attributes and methods of such a result that give its
  /// content (`.text`, `.json()`).
  std::set<std::string> Fetches;
  std::set<std::string> FetchedContent;
  std::map<std::string, WriterModel> Writers;
  /// Objects that hold the request being served (`web.request`): what is
  /// read from them, or returned by their methods, is request input.
  std::set<std::string> RequestObjects;
  /// Calls that register a request handler. With a request type, the
  /// handler is a function argument whose first parameter receives an
  /// instance of it (`app.post("/x", (req, res) => ...)`); without, the
  /// call is a decorator and every parameter of the decorated function
  /// without a default is request input (`@app.post("/x")`).
  std::map<std::string, std::string> RequestHandlers;
  /// Calls whose result is user data, with what it is ("model output",
  /// "key"): a completion of an inference service, a key the guest agent
  /// derives.
  std::map<std::string, std::string> Produces;
  std::set<std::string> StringMethods;
  /// Methods whose result is their receiver's value, references included
  /// (a Result's `unwrap`, `context`): an instance stays one through them.
  std::set<std::string> UnwrapMethods;
  std::set<std::string> StringAttributes;
  /// Methods that call their callback argument with what the receiver holds
  /// (`p.each(u => send(u))`, `urls.each(send)`).
  std::set<std::string> CallbackMethods;
  std::set<std::string> DependencyInjectors;
  /// Names of the global object (`G.send` is `send` for a global object G).
  std::set<std::string> GlobalObjects;
  /// Methods that read one entry of a dict literal by its key, with an
  /// optional fallback (`d.get("k", fallback)`).
  std::set<std::string> MappingGetMethods;
  /// String methods that fill a template (`"https://x/{}".format(p)`): when
  /// the template fixes the destination, the result carries no
  /// configuration.
  std::set<std::string> TemplateMethods;

  /// Adds one YAML model file. \p Name is used in error positions
  /// ("models/sinks.yaml:3:5: ...").
  llvm::Error addFile(const std::string &Name, const std::string &Text);
  /// Adds one rule. With \p NamesAreFields, a named sink argument is a
  /// property of the first argument's object (`new Client({ baseUrl })`);
  /// otherwise it is a keyword argument.
  void add(const ModelRule &R, bool NamesAreFields);

  /// Whether a model names \p Module or something in it: a callee, source,
  /// propagator or schema that is \p Module or starts with `Module.` (or,
  /// for a package, `Module/`).
  bool describes(llvm::StringRef Module) const;
};

/// Expands `{a,b}` groups: "x.{A,B}.get" -> x.A.get, x.B.get. Nested groups
/// are allowed.
std::vector<std::string> expandBraces(const std::string &Pattern);

} // namespace teetidy::dataflow
