#include "tools/tee-tidy/LanguageServer.h"

#include "checkers/CheckPages.h"
#include "program/Program.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

namespace teetidy {

namespace json = llvm::json;

namespace {

// JSON-RPC and LSP error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

/// Frames larger than this are refused (and skipped).
constexpr size_t MaxMessageBytes = 256u << 20;

/// One frame from the client: a parsed message, or why there is none.
struct Incoming {
  std::optional<json::Value> Message;
  std::string Error; ///< a parse error to answer (id null)
};

/// Reads frames ("Content-Length: N" headers, a blank line, N bytes) from
/// the input on a thread of its own, so that changes queue up while an
/// analysis runs and a cancellation can overtake the request it cancels.
class Reader {
public:
  explicit Reader(std::FILE *In) : In(In), Thread([this] { loop(); }) {}
  ~Reader() { Thread.detach(); }

  /// The next frame; nullopt at the end of input.
  std::optional<Incoming> next() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [&] { return !Queue.empty() || Ended; });
    if (Queue.empty())
      return std::nullopt;
    Incoming I = std::move(Queue.front());
    Queue.pop_front();
    return I;
  }
  bool pending() {
    std::lock_guard<std::mutex> Lock(Mutex);
    return !Queue.empty();
  }
  /// Ids of the requests the queued `$/cancelRequest`s name (they stay
  /// queued).
  std::set<std::string> queuedCancellations() {
    std::lock_guard<std::mutex> Lock(Mutex);
    std::set<std::string> Ids;
    for (const Incoming &I : Queue)
      if (I.Message)
        if (const json::Object *O = I.Message->getAsObject())
          if (O->getString("method") == llvm::StringRef("$/cancelRequest"))
            if (const json::Object *P = O->getObject("params"))
              if (const json::Value *Id = P->get("id"))
                Ids.insert(llvm::formatv("{0}", *Id).str());
    return Ids;
  }

private:
  void loop() {
    std::string Buffer;
    char Chunk[65536];
    while (true) {
      // read(), not fread(): a pipe hands over what it has, and a frame
      // must not wait for the next one to fill a buffer.
      ssize_t N = ::read(fileno(In), Chunk, sizeof(Chunk));
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0) {
        std::lock_guard<std::mutex> Lock(Mutex);
        Ended = true;
        Ready.notify_all();
        return;
      }
      Buffer.append(Chunk, static_cast<size_t>(N));
      std::vector<Incoming> Frames;
      while (std::optional<Incoming> F = frame(Buffer))
        Frames.push_back(std::move(*F));
      if (Frames.empty())
        continue;
      std::lock_guard<std::mutex> Lock(Mutex);
      for (Incoming &F : Frames)
        Queue.push_back(std::move(F));
      Ready.notify_all();
    }
  }

  /// Takes one whole frame off the front of \p Buffer.
  static std::optional<Incoming> frame(std::string &Buffer) {
    size_t HeaderEnd = Buffer.find("\r\n\r\n");
    if (HeaderEnd == std::string::npos) {
      if (Buffer.size() > 65536) { // no header in sight: not LSP framing
        Buffer.clear();
        return Incoming{std::nullopt, "no Content-Length header in the first 64 KiB"};
      }
      return std::nullopt;
    }
    llvm::StringRef Headers(Buffer.data(), HeaderEnd);
    std::optional<size_t> Length;
    llvm::SmallVector<llvm::StringRef, 4> Lines;
    Headers.split(Lines, "\r\n");
    for (llvm::StringRef L : Lines) {
      auto [Name, Value] = L.split(':');
      size_t V = 0;
      if (Name.trim().equals_insensitive("content-length") && !Value.trim().getAsInteger(10, V))
        Length = V;
    }
    if (!Length || *Length > MaxMessageBytes) {
      Buffer.erase(0, HeaderEnd + 4);
      return Incoming{std::nullopt, !Length ? "a message without a valid Content-Length header"
                                            : "a message larger than 256 MiB"};
    }
    if (Buffer.size() < HeaderEnd + 4 + *Length)
      return std::nullopt;
    std::string Body = Buffer.substr(HeaderEnd + 4, *Length);
    Buffer.erase(0, HeaderEnd + 4 + *Length);
    llvm::Expected<json::Value> V = json::parse(Body);
    if (!V)
      return Incoming{std::nullopt, "invalid JSON: " + llvm::toString(V.takeError())};
    return Incoming{std::move(*V), ""};
  }

  std::FILE *In;
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<Incoming> Queue;
  bool Ended = false;
  std::thread Thread;
};

/// UTF-16 code units of the UTF-8 text \p S (LSP's default columns).
size_t utf16Length(llvm::StringRef S) {
  size_t N = 0;
  for (unsigned char C : S) {
    if ((C & 0xC0) == 0x80)
      continue;
    N += C >= 0xF0 ? 2 : 1;
  }
  return N;
}

/// The byte offset in \p Line of UTF-16 column \p Col.
size_t byteColumn(llvm::StringRef Line, size_t Col) {
  size_t Units = 0, I = 0;
  while (I < Line.size() && Units < Col) {
    unsigned char C = Line[I];
    size_t Len = C < 0x80 ? 1 : C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 1;
    Units += Len == 4 ? 2 : 1;
    I = std::min(Line.size(), I + Len);
  }
  return I;
}

/// The LSP line and UTF-16 character of byte \p Offset of \p F.
std::pair<unsigned, size_t> lineAndCharacter(const SourceFile &F, size_t Offset) {
  Offset = std::min(Offset, F.content().size());
  unsigned Line = F.lineOf(Offset);
  std::string_view Text = F.content();
  size_t Start = Offset;
  while (Start > 0 && Text[Start - 1] != '\n')
    --Start;
  return {Line - 1, utf16Length(llvm::StringRef(Text.data() + Start, Offset - Start))};
}

json::Object position(const SourceFile &F, size_t Offset) {
  auto [Line, Character] = lineAndCharacter(F, Offset);
  return json::Object{{"line", Line}, {"character", Character}};
}

json::Object range(const SourceFile &F, size_t Begin, size_t End) {
  return json::Object{{"start", position(F, Begin)}, {"end", position(F, std::max(Begin, End))}};
}

void writeRange(json::OStream &J, const SourceFile &F, size_t Begin, size_t End) {
  auto Position = [&](llvm::StringRef Key, size_t Offset) {
    auto [Line, Character] = lineAndCharacter(F, Offset);
    J.attributeObject(Key, [&] {
      J.attribute("line", Line);
      J.attribute("character", static_cast<int64_t>(Character));
    });
  };
  J.object([&] {
    Position("start", Begin);
    Position("end", std::max(Begin, End));
  });
}

/// The byte offset of LSP position \p P in \p Text.
size_t offsetOf(llvm::StringRef Text, const json::Object &P) {
  int64_t Line = P.getInteger("line").getValueOr(0), Col = P.getInteger("character").getValueOr(0);
  size_t At = 0;
  for (int64_t L = 0; L < Line && At < Text.size(); ++L) {
    size_t NL = Text.find('\n', At);
    At = NL == llvm::StringRef::npos ? Text.size() : NL + 1;
  }
  llvm::StringRef Rest = Text.drop_front(At);
  return At + byteColumn(Rest.take_until([](char C) { return C == '\n'; }),
                         static_cast<size_t>(std::max<int64_t>(Col, 0)));
}

struct Document {
  std::string Text;
  int64_t Version = 0;
};

class Server {
public:
  Server(const LanguageServerSetup &Setup, std::FILE *Out)
      : Setup(Setup), Out(Out), Configs(Setup.MakeConfigs()) {}

  int run(Reader &R);

private:
  void send(const json::Value &V) { sendBody(llvm::formatv("{0}", V).str()); }
  void sendBody(const std::string &Body) {
    std::string Frame = "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
    std::fwrite(Frame.data(), 1, Frame.size(), Out);
    std::fflush(Out);
  }
  void reply(const json::Value &Id, json::Value Result) {
    send(json::Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
  }
  void error(const json::Value &Id, int Code, const std::string &Message) {
    send(json::Object{{"jsonrpc", "2.0"},
                      {"id", Id},
                      {"error", json::Object{{"code", Code}, {"message", Message}}}});
  }
  void notify(llvm::StringRef Method, json::Value Params) {
    send(json::Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }

  void handle(const json::Object &Msg, Reader &R);
  void handleRequest(const json::Value &Id, llvm::StringRef Method, const json::Object *Params);
  void handleNotification(llvm::StringRef Method, const json::Object *Params);
  void initialize(const json::Value &Id, const json::Object *Params);
  json::Value codeActions(const json::Object *Params);
  void analyse();
  void publish(const std::string &Path, bool Clear = false);
  json::Value toLsp(const Diagnostic &D);
  void writeLsp(json::OStream &J, const Diagnostic &D);
  bool openDocument(const json::Object *Params);
  bool changeDocument(const json::Object *Params);
  void rewalk() { Walked = false; }

  const LanguageServerSetup &Setup;
  std::FILE *Out;
  std::unique_ptr<ConfigProvider> Configs;
  std::string Root;
  bool Initialized = false, ShutDown = false, Dirty = false, FirstAnalysis = true;
  bool ClientProgress = false, WatchRegistration = false;
  std::map<std::string, Document> Open; ///< by absolute path
  /// Requests that need the analysis of the current text (code actions),
  /// answered after it.
  std::vector<std::pair<json::Value, json::Object>> Waiting;
  /// The workspace's files, walked once and again when files come or go.
  std::vector<std::string> Files;
  bool Walked = false;
  program::LoweringCache Cache;
  program::AnalysisCache Analyses;
  program::TreeCache Reparse;
  std::optional<AnalysisResult> Last;
  /// Diagnostics of the last analysis by absolute path, and the paths last
  /// published with some.
  std::map<std::string, std::vector<const Diagnostic *>> ByPath;
  std::set<std::string> Published;
  int NextRequestId = 1;
};

/// Work done progress for the first whole-workspace analysis ($/progress).
class LspProgress : public ProgressSink {
public:
  LspProgress(std::function<void(json::Value)> Send, std::string Token)
      : Send(std::move(Send)), Token(std::move(Token)) {}
  void phase(const std::string &Name, size_t Files) override {
    std::lock_guard<std::mutex> Lock(Mutex);
    Phase = Name;
    Total = Files;
    Done = 0;
    if (!Begun) {
      Begun = true;
      value(json::Object{{"kind", "begin"},
                         {"title", "tee-tidy: analysing the workspace"},
                         {"message", Name},
                         {"cancellable", false}});
      return;
    }
    report();
  }
  void step() override {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    if (Total && (Done % 64 == 0 || Done == Total))
      report();
  }
  void finish() override {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Begun)
      value(json::Object{{"kind", "end"}, {"message", "done"}});
    Begun = false;
  }

private:
  void report() {
    json::Object R{{"kind", "report"}, {"message", Phase}};
    if (Total) {
      R["message"] = Phase + " " + std::to_string(Done) + "/" + std::to_string(Total) + " files";
      R["percentage"] = static_cast<int64_t>(100 * Done / Total);
    }
    value(std::move(R));
  }
  void value(json::Object V) { Send(json::Object{{"token", Token}, {"value", std::move(V)}}); }
  std::function<void(json::Value)> Send;
  std::string Token;
  std::mutex Mutex;
  std::string Phase;
  size_t Total = 0, Done = 0;
  bool Begun = false;
};

int Server::run(Reader &R) {
  while (true) {
    // Changes that queued up are applied before an analysis starts.
    if (Dirty && Initialized && !R.pending())
      analyse();
    std::optional<Incoming> In = R.next();
    if (!In)
      return 1; // the client went away without `exit`
    if (!In->Message) {
      error(nullptr, ParseError, In->Error);
      continue;
    }
    const json::Object *Msg = In->Message->getAsObject();
    if (!Msg) {
      error(nullptr, InvalidRequest, "a message must be a JSON object");
      continue;
    }
    if (Msg->getString("method") == llvm::StringRef("exit"))
      return ShutDown ? 0 : 1;
    handle(*Msg, R);
  }
}

void Server::handle(const json::Object &Msg, Reader &R) {
  const json::Value *Id = Msg.get("id");
  llvm::Optional<llvm::StringRef> Method = Msg.getString("method");
  if (!Method) {
    // A response to one of our requests (registration, progress token), or
    // garbage.
    if (Id && (Msg.get("result") || Msg.get("error")))
      return;
    error(Id ? *Id : json::Value(nullptr), InvalidRequest, "a request needs a 'method' string");
    return;
  }
  const json::Object *Params = Msg.getObject("params");
  if (Id) {
    if (R.queuedCancellations().count(llvm::formatv("{0}", *Id).str())) {
      error(*Id, RequestCancelled, "cancelled");
      return;
    }
    handleRequest(*Id, *Method, Params);
  } else {
    handleNotification(*Method, Params);
  }
}

void Server::handleRequest(const json::Value &Id, llvm::StringRef Method,
                           const json::Object *Params) {
  if (Method == "initialize") {
    initialize(Id, Params);
    return;
  }
  if (!Initialized) {
    error(Id, ServerNotInitialized, "the server is not initialized");
    return;
  }
  if (Method == "shutdown") {
    ShutDown = true;
    reply(Id, nullptr);
  } else if (Method == "textDocument/codeAction") {
    if (!Params) {
      error(Id, InvalidParams, "textDocument/codeAction needs params");
      return;
    }
    if (Dirty)
      Waiting.emplace_back(Id, *Params); // answered on the analysis of the current text
    else
      reply(Id, codeActions(Params));
  } else {
    error(Id, MethodNotFound, "tee-tidy does not handle '" + Method.str() + "'");
  }
}

void Server::handleNotification(llvm::StringRef Method, const json::Object *Params) {
  if (Method == "$/cancelRequest") {
    const json::Object *P = Params;
    const json::Value *Id = P ? P->get("id") : nullptr;
    if (!Id)
      return;
    std::string Key = llvm::formatv("{0}", *Id).str();
    for (auto It = Waiting.begin(); It != Waiting.end(); ++It)
      if (llvm::formatv("{0}", It->first).str() == Key) {
        error(It->first, RequestCancelled, "cancelled");
        Waiting.erase(It);
        break;
      }
    return;
  }
  if (!Initialized)
    return; // notifications before initialize are dropped, as the protocol says
  if (Method == "initialized") {
    if (WatchRegistration) {
      json::Array Watchers;
      for (const char *Glob :
           {"**/*.{py,pyi,ts,tsx,js,jsx,mjs,cjs}", "**/{docker-compose,compose}*.{yml,yaml}",
            "**/*.json", "**/Dockerfile*", "**/*.Dockerfile", "**/.tee-tidy"})
        Watchers.push_back(json::Object{{"globPattern", Glob}});
      send(json::Object{
          {"jsonrpc", "2.0"},
          {"id", NextRequestId++},
          {"method", "client/registerCapability"},
          {"params", json::Object{{"registrations",
                                   json::Array{json::Object{
                                       {"id", "tee-tidy-watch"},
                                       {"method", "workspace/didChangeWatchedFiles"},
                                       {"registerOptions",
                                        json::Object{{"watchers", std::move(Watchers)}}}}}}}}});
    }
    Dirty = true;
  } else if (Method == "textDocument/didOpen") {
    Dirty |= openDocument(Params);
  } else if (Method == "textDocument/didChange") {
    Dirty |= changeDocument(Params);
  } else if (Method == "textDocument/didSave") {
    Dirty = true;
  } else if (Method == "textDocument/didClose") {
    const json::Object *Doc = Params ? Params->getObject("textDocument") : nullptr;
    llvm::Optional<llvm::StringRef> Uri = Doc ? Doc->getString("uri") : llvm::None;
    if (!Uri)
      return;
    std::string Path = pathFromUri(Uri->str());
    if (Open.erase(Path)) {
      publish(Path, /*Clear=*/true);
      Dirty = true; // the file on disk counts again
    }
  } else if (Method == "workspace/didChangeWatchedFiles") {
    const json::Array *Changes = Params ? Params->getArray("changes") : nullptr;
    if (Changes)
      for (const json::Value &C : *Changes)
        if (const json::Object *O = C.getAsObject()) {
          int64_t Type = O->getInteger("type").getValueOr(2);
          std::string Path = pathFromUri(O->getString("uri").getValueOr("").str());
          if (Type != 2) // created or deleted
            rewalk();
          if (llvm::sys::path::filename(Path) == ".tee-tidy")
            Configs = Setup.MakeConfigs();
        }
    Dirty = true;
  }
  // Other notifications ($/setTrace, workspace/didChangeConfiguration, ...)
  // change nothing here.
}

void Server::initialize(const json::Value &Id, const json::Object *Params) {
  if (Initialized) {
    error(Id, InvalidRequest, "initialize was already received");
    return;
  }
  if (Params) {
    if (const json::Array *Folders = Params->getArray("workspaceFolders"))
      if (!Folders->empty())
        if (const json::Object *F = Folders->front().getAsObject())
          Root = pathFromUri(F->getString("uri").getValueOr("").str());
    if (Root.empty())
      if (llvm::Optional<llvm::StringRef> Uri = Params->getString("rootUri"))
        Root = pathFromUri(Uri->str());
    if (Root.empty())
      if (llvm::Optional<llvm::StringRef> P = Params->getString("rootPath"))
        Root = P->str();
    if (const json::Object *Caps = Params->getObject("capabilities")) {
      if (const json::Object *W = Caps->getObject("window"))
        ClientProgress = W->getBoolean("workDoneProgress").getValueOr(false);
      if (const json::Object *WS = Caps->getObject("workspace"))
        if (const json::Object *Watch = WS->getObject("didChangeWatchedFiles"))
          WatchRegistration = Watch->getBoolean("dynamicRegistration").getValueOr(false);
    }
  }
  if (Root.empty()) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Root = std::string(Cwd);
  }
  Initialized = true;
  reply(Id,
        json::Object{
            {"capabilities",
             json::Object{
                 {"positionEncoding", "utf-16"},
                 {"textDocumentSync", json::Object{{"openClose", true},
                                                   {"change", 1}, // full text on each change
                                                   {"save", json::Object{{"includeText", false}}}}},
                 {"codeActionProvider", json::Object{{"codeActionKinds", json::Array{"quickfix"}}}},
             }},
            {"serverInfo", json::Object{{"name", "tee-tidy"}, {"version", Setup.Version}}}});
}

bool Server::openDocument(const json::Object *Params) {
  const json::Object *Doc = Params ? Params->getObject("textDocument") : nullptr;
  if (!Doc)
    return false;
  llvm::Optional<llvm::StringRef> Uri = Doc->getString("uri"), Text = Doc->getString("text");
  if (!Uri || !Text)
    return false;
  std::string Path = pathFromUri(Uri->str());
  if (Path.empty())
    return false;
  Open[Path] = {Text->str(), Doc->getInteger("version").getValueOr(0)};
  return true;
}

bool Server::changeDocument(const json::Object *Params) {
  const json::Object *Doc = Params ? Params->getObject("textDocument") : nullptr;
  const json::Array *Changes = Params ? Params->getArray("contentChanges") : nullptr;
  if (!Doc || !Changes)
    return false;
  auto It = Open.find(pathFromUri(Doc->getString("uri").getValueOr("").str()));
  if (It == Open.end())
    return false;
  int64_t Version = Doc->getInteger("version").getValueOr(It->second.Version + 1);
  // A change older than the text held arrived out of order: the newer text
  // already includes it.
  if (Version <= It->second.Version)
    return false;
  std::string Text = It->second.Text;
  for (const json::Value &C : *Changes) {
    const json::Object *O = C.getAsObject();
    llvm::Optional<llvm::StringRef> New = O ? O->getString("text") : llvm::None;
    if (!New)
      continue;
    const json::Object *Range = O->getObject("range");
    const json::Object *Start = Range ? Range->getObject("start") : nullptr;
    const json::Object *End = Range ? Range->getObject("end") : nullptr;
    if (!Start || !End) {
      Text = New->str();
      continue;
    }
    size_t B = offsetOf(Text, *Start), E = std::max(B, offsetOf(Text, *End));
    Text.replace(B, E - B, New->str());
  }
  It->second = {std::move(Text), Version};
  return true;
}

void Server::analyse() {
  Dirty = false;
  if (!Walked) {
    DiscoveryResult Found = discoverFiles({Root}, Setup.Discovery);
    Files = std::move(Found.Files);
    Walked = true;
  }
  // The workspace's files, with open documents as the editor holds them
  // (a new file not yet saved included).
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  std::set<std::string> Paths;
  for (const std::string &F : Files) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    Paths.insert(std::string(Abs));
  }
  for (const auto &[Path, Doc] : Open) {
    Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Doc.Text, Path));
    if (languageForPath(Path))
      Paths.insert(Path);
  }
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);
  // Diagnostics are published for open documents only, so the other files
  // are context: they join the deployment model and the program (verdicts
  // and flows cross files) without their own checks running.
  std::vector<FileTask> Tasks;
  for (const std::string &P : Paths) {
    bool IsOpen = Open.count(P) > 0;
    FileTask T{P, std::nullopt, {}, IsOpen};
    T.Context = !IsOpen;
    Tasks.push_back(std::move(T));
  }

  RunSettings Settings = Setup.Settings;
  Settings.FS = Overlay;
  Settings.Cache = &Cache;
  Settings.Analyses = &Analyses;
  // Open documents are parsed from their last trees; closed ones are let go.
  Reparse.retain([&](const std::string &Path) { return Open.count(Path) > 0; });
  Settings.Reparse = &Reparse;
  std::optional<LspProgress> Progress;
  if (FirstAnalysis && ClientProgress) {
    std::string Token = "tee-tidy-analysis";
    send(json::Object{{"jsonrpc", "2.0"},
                      {"id", NextRequestId++},
                      {"method", "window/workDoneProgress/create"},
                      {"params", json::Object{{"token", Token}}}});
    Progress.emplace([this](json::Value V) { notify("$/progress", std::move(V)); }, Token);
    Settings.Progress = &*Progress;
  }
  FirstAnalysis = false;
  // Files on disk are not read again while their status is the same; open
  // documents come from the editor each time.
  std::shared_ptr<FileStore> Earlier = Last ? Last->Store : nullptr;
  Settings.EarlierFiles = Earlier.get();
  Settings.MayKeep = [this](const std::string &Key) { return Open.count(Key) == 0; };
  Last.reset();
  ByPath.clear();
  Last = teetidy::analyse(Tasks, *Configs, *Setup.Queries, Settings);
  for (const Diagnostic &D : Last->Diagnostics)
    if (D.Loc.File) {
      llvm::SmallString<256> Abs(D.Loc.File->path());
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, true);
      ByPath[std::string(Abs)].push_back(&D);
    }
  // Verdicts cross files: every open document gets its diagnostics again.
  for (const auto &[Path, Doc] : Open)
    publish(Path);
  for (auto &[Id, Params] : Waiting)
    reply(Id, codeActions(&Params));
  Waiting.clear();
}

/// Writes \p D as an LSP Diagnostic. Streamed: a published file's
/// diagnostics can carry thousands of related locations, and a json::Object
/// per location costs kilobytes of hash table.
void Server::writeLsp(json::OStream &J, const Diagnostic &D) {
  const SourceFile &F = *D.Loc.File;
  bool Error = D.Level == Severity::Error || D.PromotedToError;
  std::string Message = D.Message;
  bool Related = false;
  for (const DiagnosticNote &N : D.Notes) {
    if (N.Loc.valid())
      Related = true;
    else
      Message += "\n" + N.Message;
  }
  J.object([&] {
    J.attributeBegin("range");
    writeRange(J, F, D.Loc.Offset, D.Loc.Offset + D.Length);
    J.attributeEnd();
    J.attribute("severity", Error ? 1 : D.Level == Severity::Remark ? 3 : 2);
    J.attribute("code", D.CheckName);
    J.attribute("source", "tee-tidy");
    J.attribute("message", Message);
    if (D.CheckName.find("tee-tidy-") != 0)
      J.attributeObject("codeDescription", [&] { J.attribute("href", checkHelpUri(D.CheckName)); });
    if (!Related)
      return;
    J.attributeArray("relatedInformation", [&] {
      for (const DiagnosticNote &N : D.Notes) {
        if (!N.Loc.valid())
          continue;
        llvm::SmallString<256> Abs(N.Loc.File->path());
        llvm::sys::fs::make_absolute(Abs);
        J.object([&] {
          J.attributeObject("location", [&] {
            J.attribute("uri", uriFromPath(std::string(Abs)));
            J.attributeBegin("range");
            writeRange(J, *N.Loc.File, N.Loc.Offset, N.Loc.Offset + N.Length);
            J.attributeEnd();
          });
          J.attribute("message", N.Message);
        });
      }
    });
  });
}

json::Value Server::toLsp(const Diagnostic &D) {
  std::string Text;
  {
    llvm::raw_string_ostream OS(Text);
    json::OStream J(OS);
    writeLsp(J, D);
  }
  return llvm::cantFail(json::parse(Text));
}

void Server::publish(const std::string &Path, bool Clear) {
  const std::vector<const Diagnostic *> *Diags = nullptr;
  if (auto It = ByPath.find(Path); !Clear && It != ByPath.end())
    Diags = &It->second;
  std::string Body;
  {
    llvm::raw_string_ostream OS(Body);
    json::OStream J(OS);
    J.object([&] {
      J.attribute("jsonrpc", "2.0");
      J.attribute("method", "textDocument/publishDiagnostics");
      J.attributeObject("params", [&] {
        J.attribute("uri", uriFromPath(Path));
        if (auto It = Open.find(Path); It != Open.end() && !Clear)
          J.attribute("version", It->second.Version);
        J.attributeArray("diagnostics", [&] {
          if (Diags)
            for (const Diagnostic *D : *Diags)
              writeLsp(J, *D);
        });
      });
    });
  }
  sendBody(Body);
}

json::Value Server::codeActions(const json::Object *Params) {
  json::Array Actions;
  const json::Object *Doc = Params->getObject("textDocument");
  const json::Object *Range = Params->getObject("range");
  if (!Doc || !Range)
    return Actions;
  std::string Path = pathFromUri(Doc->getString("uri").getValueOr("").str());
  auto It = ByPath.find(Path);
  if (It == ByPath.end())
    return Actions;
  int64_t First =
      Range->getObject("start") ? Range->getObject("start")->getInteger("line").getValueOr(0) : 0;
  int64_t LastLine = Range->getObject("end")
                         ? Range->getObject("end")->getInteger("line").getValueOr(First)
                         : First;
  for (const Diagnostic *D : It->second) {
    const SourceFile &F = *D->Loc.File;
    int64_t Line = static_cast<int64_t>(D->Loc.line()) - 1;
    if (Line < First || Line > LastLine)
      continue;
    std::string Uri = uriFromPath(Path);
    if (!D->Fixes.empty()) {
      json::Object Changes;
      for (const Replacement &R : D->Fixes) {
        if (!R.File)
          continue;
        llvm::SmallString<256> Abs(R.File->path());
        llvm::sys::fs::make_absolute(Abs);
        std::string FixUri = uriFromPath(std::string(Abs));
        json::Array *Edits = Changes.getArray(FixUri);
        if (!Edits) {
          Changes[FixUri] = json::Array{};
          Edits = Changes.getArray(FixUri);
        }
        Edits->push_back(json::Object{{"range", range(*R.File, R.Offset, R.Offset + R.Length)},
                                      {"newText", R.Text}});
      }
      Actions.push_back(json::Object{{"title", "Apply the fix of " + D->CheckName},
                                     {"kind", "quickfix"},
                                     {"diagnostics", json::Array{toLsp(*D)}},
                                     {"isPreferred", true},
                                     {"edit", json::Object{{"changes", std::move(Changes)}}}});
    }
    // NOLINT at the end of the finding's line, in the file's comment syntax.
    CommentSyntax Syn = commentSyntax(F.language());
    if (!Syn.Hash && !Syn.DoubleSlash)
      continue; // JSON holds no comment: see Suppressions in .tee-tidy
    std::string_view LineText = F.lineText(D->Loc.line());
    size_t LineStart = F.offsetOf(D->Loc.line(), 1);
    size_t End = LineStart + LineText.size();
    std::string Comment =
        std::string(Syn.Hash ? "  # NOLINT(" : "  // NOLINT(") + D->CheckName + ")";
    Actions.push_back(json::Object{
        {"title", "Suppress " + D->CheckName + " on this line with NOLINT"},
        {"kind", "quickfix"},
        {"diagnostics", json::Array{toLsp(*D)}},
        {"edit",
         json::Object{
             {"changes", json::Object{{Uri, json::Array{json::Object{{"range", range(F, End, End)},
                                                                     {"newText", Comment}}}}}}}}});
  }
  return Actions;
}

} // namespace

std::string uriFromPath(const std::string &Path) {
  std::string Out = "file://";
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Out += static_cast<char>(C);
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

std::string pathFromUri(const std::string &Uri) {
  llvm::StringRef U(Uri);
  if (!U.consume_front("file://"))
    return "";
  // file://host/path: only the local host is served.
  if (!U.startswith("/")) {
    if (!U.consume_front("localhost"))
      return "";
  }
  std::string Out;
  for (size_t I = 0; I < U.size(); ++I) {
    if (U[I] == '%' && I + 2 < U.size() && llvm::isHexDigit(U[I + 1]) &&
        llvm::isHexDigit(U[I + 2])) {
      Out += static_cast<char>(llvm::hexFromNibbles(U[I + 1], U[I + 2]));
      I += 2;
    } else {
      Out += U[I];
    }
  }
  llvm::SmallString<256> P(Out);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

int runLanguageServer(const LanguageServerSetup &Setup, std::FILE *In, std::FILE *Out) {
  Reader R(In);
  Server S(Setup, Out);
  return S.run(R);
}

} // namespace teetidy
