//===- TeeTidyMain.cpp - The tee-tidy command line ---------------------------===//
//
// Mirrors clang-tidy: `tee-tidy [options] <path>...`, diagnostics on stdout,
// statistics on stderr, exit 0 (success), 1 (error-level findings or
// warnings promoted by --warnings-as-errors), 2 (usage, configuration or
// input errors).
//
//===----------------------------------------------------------------------===//

#include "tools/tee-tidy/ComposeHashCommand.h"
#include "tools/tee-tidy/Driver.h"
#include "tools/tee-tidy/LanguageServer.h"
#include "tools/tee-tidy/ProjectContext.h"

#include "checkers/CheckPages.h"
#include "checkers/Inventories.h"
#include "diag/FixesEmitter.h"
#include "diag/JsonReport.h"
#include "diag/SarifReport.h"
#include "diag/TextEmitter.h"
#include "report/AuditReport.h"
#include "source/Utf8.h"
#include "syntax/Grammars.h"
#include "syntax/QueryStore.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstring>
#include <new>
#include <set>

#include <unistd.h>

using namespace teetidy;
namespace cl = llvm::cl;

namespace {

enum ExitCode { ExitSuccess = 0, ExitFindings = 1, ExitUsage = 2 };

cl::OptionCategory Category("tee-tidy options");

cl::list<std::string> Paths(cl::Positional, cl::desc("<path>..."), cl::cat(Category));

cl::opt<std::string> Checks("checks", cl::desc(R"(Comma-separated list of globs with optional '-'
prefix. Globs are processed in order of
appearance in the list. Globs without '-'
prefix add checks with matching names to the
set, globs with the '-' prefix remove checks
with matching names from the set of enabled
checks. This option's value is appended to the
value of the 'Checks' option in .tee-tidy
file, if any.)"),
                            cl::init(""), cl::cat(Category));

cl::opt<std::string> WarningsAsErrors("warnings-as-errors",
                                      cl::desc(R"(Upgrades warnings to errors. Same format as
'-checks'. This option's value is appended to
the value of the 'WarningsAsErrors' option in
.tee-tidy file, if any.)"),
                                      cl::init(""), cl::cat(Category));

cl::opt<std::string> Config("config", cl::desc(R"(Specifies a configuration in YAML/JSON format:
  -config="{Checks: '*', CheckOptions: {x.y: z}}"
When the value is empty, tee-tidy looks for a
.tee-tidy file in the closest parent directory
of each analysed file.)"),
                            cl::init(""), cl::cat(Category));

cl::opt<std::string> ConfigFile("config-file",
                                cl::desc(R"(Reads the configuration from this file instead
of discovering .tee-tidy files. Use either
-config or -config-file, not both.)"),
                                cl::init(""), cl::cat(Category));

cl::opt<bool> ListChecks(
    "list-checks",
    cl::desc("List all enabled checks and exit. Use with\n-checks=* to list all available checks."),
    cl::init(false), cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Dump the configuration in effect for the first\npath (or the "
                                  "current directory) and exit."),
                         cl::init(false), cl::cat(Category));
cl::opt<bool> ExplainConfig(
    "explain-config",
    cl::desc("For each enabled check, say where in the\nconfiguration it was enabled."),
    cl::init(false), cl::cat(Category));
cl::opt<bool>
    VerifyConfig("verify-config",
                 cl::desc("Check the configuration for unknown checks and\noptions, then exit."),
                 cl::init(false), cl::cat(Category));
cl::opt<bool> Quiet(
    "quiet",
    cl::desc(
        "Do not print statistics (warnings generated,\nsuppressed warnings) nor the progress line\n"
        "on stderr."),
    cl::init(false), cl::cat(Category));
cl::opt<bool> UseColor("use-color",
                       cl::desc("Use colours in diagnostics. Default: on when\nstdout is a "
                                "terminal, or UseColor in .tee-tidy."),
                       cl::init(false), cl::cat(Category));
cl::opt<bool> Verbose("verbose",
                      cl::desc("List skipped files, the deployments and which\nservice runs "
                               "which file, and other details on\nstderr."),
                      cl::init(false), cl::cat(Category));
cl::opt<bool> ReportUndeployed("report-undeployed",
                               cl::desc(R"(Also report findings held back because no
deployment runs their code (tests, code no
service runs, a tree without deployment files)
or their compose file is not the deployed one.
Same as ReportUndeployed: true in .tee-tidy.)"),
                               cl::init(false), cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc(R"(Directory holding compile_commands.json. Its
entries whose command is tee-tidy give their
file's flags (-checks=, -config=,
-warnings-as-errors=, --lang=). Without paths,
those files are analysed; with paths, the paths
are, and files the database does not list get
the defaults. Without -p (and without '--'), the
compile_commands.json nearest the first path,
in it or a parent directory, is used.)"),
                               cl::value_desc("build-path"), cl::init(""), cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc(R"(YAML file to store suggested fixes in, in the
format clang-apply-replacements reads. Written
only when there is at least one diagnostic.)"),
                                 cl::value_desc("filename"), cl::init(""), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply suggested fixes to the analysed files."), cl::init(false),
                  cl::cat(Category));
cl::list<std::string> ComposeFiles(
    "compose",
    cl::desc("Read this YAML file as a docker-compose file\n(repeatable); it is analysed too."),
    cl::value_desc("file"), cl::cat(Category));
cl::list<std::string> Include(
    "include",
    cl::desc("Only analyse walked files matching this glob\n(gitignore syntax, repeatable)."),
    cl::value_desc("glob"), cl::cat(Category));
cl::list<std::string> Exclude(
    "exclude",
    cl::desc(
        "Skip walked files and directories matching this\nglob (gitignore syntax, repeatable)."),
    cl::value_desc("glob"), cl::cat(Category));
cl::opt<bool> NoGitIgnore("no-gitignore", cl::desc("Do not honour .gitignore files while walking."),
                          cl::init(false), cl::cat(Category));
cl::opt<bool> NoProjectContext("no-project-context",
                               cl::desc(R"(Analyse named files alone, not with the other
files of their project.)"),
                               cl::init(false), cl::cat(Category));
cl::opt<uint64_t> MaxFileSize(
    "max-file-size",
    cl::desc("Skip files larger than this many bytes (0 = no\nlimit). Default: 1048576."),
    cl::init(1u << 20), cl::cat(Category));
cl::opt<unsigned>
    Jobs("j", cl::desc("Number of files analysed in parallel (0 = one\nper hardware thread)."),
         cl::init(0), cl::Prefix, cl::cat(Category));
enum class OutputFormat { Text, Json, Sarif };
cl::opt<OutputFormat> Format(
    "format", cl::desc("How findings are written to the output:"),
    cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style diagnostics (the default)"),
               clEnumValN(OutputFormat::Json, "json", "one JSON report (docs/json-output.md)"),
               clEnumValN(OutputFormat::Sarif, "sarif", "a SARIF 2.1.0 log")),
    cl::init(OutputFormat::Text), cl::cat(Category));
cl::opt<std::string> OutputFile("output",
                                cl::desc("Write the findings to this file instead of stdout."),
                                cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<bool> Lsp("lsp", cl::desc(R"(Run as a Language Server Protocol server on
stdin/stdout (docs/editors.md).)"),
                  cl::init(false), cl::cat(Category));
cl::opt<std::string> ReportFile("report",
                                cl::desc(R"(Write the audit report of the run to this file:
Markdown with Mermaid pictures (.md), or one
HTML page with pictures drawn by Graphviz's dot
(.html).)"),
                                cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<std::string> DeploymentsFile("deployments",
                                     cl::desc(R"(The file that documents the project's deployments
(app ids, compose hashes, image digests) for
dstack-undocumented-deployment and the audit report;
default: the DEPLOYMENTS.md nearest above each
deployment file.)"),
                                     cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<std::string> Baseline("baseline",
                              cl::desc(R"(A JSON report of an earlier run: its findings are
neither shown nor counted in the exit code.)"),
                              cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<std::string> WriteBaseline("write-baseline",
                                   cl::desc(R"(Write every finding of this run (baselined ones
included) as a JSON report, for --baseline.)"),
                                   cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<bool> EnableCheckProfile("enable-check-profile",
                                 cl::desc("Print the time each check and each phase took."),
                                 cl::init(false), cl::cat(Category));
cl::opt<std::string> LineFilter("line-filter",
                                cl::desc(R"(Show only the diagnostics on these lines, as
clang-tidy takes them (what clang-tidy-diff
passes): a JSON list of {"name": file, "lines":
[[first, last], ...]}; a file without "lines"
keeps all of its lines, a file not listed none.
A name matches a path that ends with it.)"),
                                cl::init(""), cl::cat(Category));
cl::opt<std::string> HeaderFilter("header-filter",
                                  cl::desc(R"(Regular expression matching the paths of the files
whose diagnostics are shown (all by default). Notes
are always shown with their diagnostic. Overrides
HeaderFilterRegex of the configuration.)"),
                                  cl::init(""), cl::cat(Category));
cl::opt<std::string> QueryDir("query-dir",
                              cl::desc("Load queries and models from this directory\ninstead of "
                                       "the copies built into the binary."),
                              cl::value_desc("dir"), cl::init(""), cl::cat(Category));

cl::opt<std::string> ComposeHash("compose-hash",
                                 cl::desc(R"(Print the compose hash (sha256 of the raw
bytes), the default app_id and a summary of
this app-compose.json, then exit.)"),
                                 cl::value_desc("file"), cl::init(""), cl::cat(Category));
cl::opt<std::string> ExpectComposeHash("expect-compose-hash",
                                       cl::desc(R"(With --compose-hash or --tcb-info: exit 1
unless the compose hash is this value.)"),
                                       cl::value_desc("hex"), cl::init(""), cl::cat(Category));
cl::opt<std::string> TcbInfo("tcb-info", cl::desc(R"(Check that the app_compose and compose_hash of
this saved tcb_info JSON agree (and match
--compose-hash's file, if given), then exit.)"),
                             cl::value_desc("file"), cl::init(""), cl::cat(Category));

const char *const DefaultChecks = "attestation-*,dstack-*,repro-*,secrets-*";

/// One entry of --line-filter: a file name and its line ranges (none: all).
struct LineFilterEntry {
  std::string Name;
  std::vector<std::pair<unsigned, unsigned>> Lines;
};

/// Reads --line-filter's JSON, clang-tidy's form.
llvm::Expected<std::vector<LineFilterEntry>> parseLineFilter(llvm::StringRef Text) {
  auto Bad = [](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "invalid --line-filter: " + Why.str());
  };
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
  if (!Parsed)
    return Bad(llvm::toString(Parsed.takeError()));
  const llvm::json::Array *Files = Parsed->getAsArray();
  if (!Files)
    return Bad("expected a list of {\"name\": ..., \"lines\": [[first, last], ...]}");
  std::vector<LineFilterEntry> Out;
  for (const llvm::json::Value &F : *Files) {
    const llvm::json::Object *O = F.getAsObject();
    llvm::Optional<llvm::StringRef> Name;
    if (O)
      Name = O->getString("name");
    if (!Name)
      return Bad("every entry needs a \"name\"");
    LineFilterEntry E{Name->str(), {}};
    if (const llvm::json::Value *L = O->get("lines")) {
      const llvm::json::Array *Ranges = L->getAsArray();
      if (!Ranges)
        return Bad("\"lines\" of '" + *Name + "' must be a list of [first, last]");
      for (const llvm::json::Value &R : *Ranges) {
        const llvm::json::Array *P = R.getAsArray();
        llvm::Optional<int64_t> First, Last;
        if (P && P->size() == 2) {
          First = (*P)[0].getAsInteger();
          Last = (*P)[1].getAsInteger();
        }
        if (!First || !Last || *First < 0 || *Last < *First)
          return Bad("a range of '" + *Name + "' is not [first, last]");
        E.Lines.emplace_back(static_cast<unsigned>(*First), static_cast<unsigned>(*Last));
      }
    }
    Out.push_back(std::move(E));
  }
  return Out;
}

/// Whether --line-filter keeps a diagnostic at \p Path, line \p Line.
bool lineFilterKeeps(const std::vector<LineFilterEntry> &Filter, llvm::StringRef Path,
                     unsigned Line) {
  for (const LineFilterEntry &E : Filter) {
    if (!Path.endswith(E.Name))
      continue;
    if (E.Lines.empty())
      return true;
    for (const auto &[First, Last] : E.Lines)
      if (Line >= First && Line <= Last)
        return true;
  }
  return false;
}

void printVersion(llvm::raw_ostream &OS) { OS << "tee-tidy version " << TEETIDY_VERSION << "\n"; }

int usageError(const llvm::Twine &Message) {
  llvm::WithColor::error(llvm::errs(), "tee-tidy") << Message << "\n";
  return ExitUsage;
}

/// The configuration layers the command line contributes.
llvm::Expected<std::pair<std::vector<ConfigLayer>, std::optional<ConfigLayer>>>
commandLineLayers() {
  std::vector<ConfigLayer> Layers;
  std::optional<ConfigLayer> Explicit;
  if (!Config.empty() && !ConfigFile.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "-config and -config-file are mutually exclusive");
  if (!Config.empty()) {
    auto L = parseConfigLayer(Config, "command-line option '-config'");
    if (!L)
      return L.takeError();
    Explicit = std::move(*L);
  } else if (!ConfigFile.empty()) {
    // Only a regular file, within the size limit: /dev/zero or a FIFO would
    // never end.
    LoadOptions Load;
    Load.MaxFileSize = MaxFileSize;
    auto File = loadSourceFile(ConfigFile, Language::Yaml, Load);
    if (!File)
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot read config file: %s",
                                     llvm::toString(File.takeError()).c_str());
    auto L = parseConfigLayer((*File)->content(), ConfigFile);
    if (!L)
      return L.takeError();
    Explicit = std::move(*L);
  }
  if (Checks.getNumOccurrences()) {
    ConfigLayer L;
    L.Source = "command-line option '-checks'";
    L.Checks = Checks;
    L.ChecksWhere.Source = L.Source;
    Layers.push_back(std::move(L));
  }
  if (WarningsAsErrors.getNumOccurrences()) {
    ConfigLayer L;
    L.Source = "command-line option '-warnings-as-errors'";
    L.WarningsAsErrors = WarningsAsErrors;
    L.WarningsAsErrorsWhere.Source = L.Source;
    Layers.push_back(std::move(L));
  }
  if (UseColor.getNumOccurrences()) {
    ConfigLayer L;
    L.Source = "command-line option '-use-color'";
    L.UseColor = UseColor;
    Layers.push_back(std::move(L));
  }
  if (HeaderFilter.getNumOccurrences()) {
    std::string Error;
    if (!llvm::Regex(HeaderFilter).isValid(Error))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "invalid --header-filter '%s': %s", HeaderFilter.c_str(),
                                     Error.c_str());
    ConfigLayer L;
    L.Source = "command-line option '-header-filter'";
    L.HeaderFilterRegex = HeaderFilter;
    Layers.push_back(std::move(L));
  }
  if (ReportUndeployed.getNumOccurrences()) {
    ConfigLayer L;
    L.Source = "command-line option '-report-undeployed'";
    OptionValue V{ReportUndeployed ? "true" : "false", {}};
    V.Where.Source = L.Source;
    L.CheckOptions.push_back({"ReportUndeployed", std::move(V)});
    Layers.push_back(std::move(L));
  }
  return std::make_pair(std::move(Layers), std::move(Explicit));
}

/// The file whose configuration --list-checks and friends describe.
std::string configProbePath() {
  llvm::SmallString<256> P(Paths.empty() ? "." : Paths.front().c_str());
  llvm::sys::fs::make_absolute(P);
  if (llvm::sys::fs::is_directory(P))
    llvm::sys::path::append(P, "dummy.py");
  return std::string(P);
}

int runConfigCommand(ConfigProvider &Configs) {
  auto Cfg = Configs.configFor(configProbePath());
  if (!Cfg) {
    llvm::errs() << llvm::toString(Cfg.takeError()) << "\n";
    return ExitUsage;
  }
  const CheckRegistry &Registry = builtinChecks();
  std::vector<const CheckInfo *> Enabled = enabledChecks(Registry, *Cfg);
  if (VerifyConfig) {
    std::vector<std::string> Options;
    for (const auto &[Key, Default] : Registry.optionDefaults())
      Options.push_back(Key);
    std::vector<ConfigIssue> Issues = verifyConfig(*Cfg, Registry.names(), Options);
    for (const CheckInfo *C : Enabled) {
      CheckOptionsView View(C->Name, &*Cfg);
      C->Create(View);
      Issues.insert(Issues.end(), View.errors().begin(), View.errors().end());
    }
    for (const ConfigIssue &I : Issues)
      llvm::errs() << I.Where.str() << ": error: " << I.Message << "\n";
    if (!Issues.empty())
      return ExitUsage;
    llvm::outs() << "No config errors detected.\n";
    return ExitSuccess;
  }
  if (DumpConfig) {
    std::map<std::string, std::string> Defaults;
    for (const CheckInfo *C : Enabled) {
      CheckOptionsView View(C->Name, nullptr);
      C->Create(View);
      Defaults.insert(View.defaults().begin(), View.defaults().end());
    }
    llvm::outs() << Cfg->dumpYaml(Defaults);
    return ExitSuccess;
  }
  if (Enabled.empty()) {
    llvm::errs() << "No checks enabled.\n";
    return ExitUsage;
  }
  if (ExplainConfig) {
    for (const CheckInfo *C : Enabled)
      llvm::outs() << "'" << C->Name << "' is enabled in the " << Cfg->explainCheck(C->Name)
                   << ".\n";
    return ExitSuccess;
  }
  llvm::outs() << "Enabled checks:";
  for (const CheckInfo *C : Enabled)
    llvm::outs() << "\n    " << C->Name;
  llvm::outs() << "\n\n";
  return ExitSuccess;
}

const char *skipReasonText(SkipReason R) {
  switch (R) {
  case SkipReason::TooLarge:
    return "too large";
  case SkipReason::Minified:
    return "minified";
  case SkipReason::Binary:
    return "binary";
  case SkipReason::Excluded:
    return "excluded";
  case SkipReason::Unreadable:
    return "unreadable";
  case SkipReason::SymlinkLoop:
    return "symlink loop";
  case SkipReason::OutsideTree:
    return "outside the tree";
  case SkipReason::NoCompileCommand:
    return "no compile command";
  }
  return "skipped";
}

void reportSkipped(const std::vector<SkippedFile> &Skipped) {
  if (Skipped.empty())
    return;
  std::map<std::string, unsigned> ByReason;
  for (const SkippedFile &S : Skipped)
    ++ByReason[skipReasonText(S.Reason)];
  llvm::errs() << "Skipped " << Skipped.size() << (Skipped.size() == 1 ? " file" : " files")
               << " (";
  bool First = true;
  for (const auto &[Reason, N] : ByReason) {
    llvm::errs() << (First ? "" : ", ") << N << " " << Reason;
    First = false;
  }
  llvm::errs() << ")" << (Verbose ? ":" : "; use --verbose to list them.") << "\n";
  if (Verbose)
    for (const SkippedFile &S : Skipped)
      llvm::errs() << "  " << displayPath(S.Path) << ": " << skipReasonText(S.Reason)
                   << (S.Detail.empty() ? "" : " (" + S.Detail + ")") << "\n";
}

/// Findings held back because no deployment runs their code, by reason.
void reportHeldBack(const std::map<std::string, unsigned> &HeldBack) {
  unsigned Total = 0;
  for (const auto &[Reason, N] : HeldBack)
    Total += N;
  if (!Total || Quiet)
    return;
  llvm::errs() << "Held back " << Total << (Total == 1 ? " finding" : " findings")
               << " in code or compose files no deployment runs (";
  bool First = true;
  for (const auto &[Reason, N] : HeldBack) {
    llvm::errs() << (First ? "" : ", ") << N << " " << Reason;
    First = false;
  }
  llvm::errs() << "); use --report-undeployed to show them.\n";
}

} // namespace

namespace {

/// Memory exhausted anywhere: a message and exit code 2, not an abort with
/// a stack dump. Only async-signal-safe calls: the heap is what failed.
/// Threads that fail at once print one message.
std::atomic_flag Failing = ATOMIC_FLAG_INIT;

[[noreturn]] void outOfMemory() {
  static const char Message[] = "tee-tidy: error: out of memory; the run was stopped\n";
  if (Failing.test_and_set())
    ::_exit(ExitUsage);
  ssize_t Ignored = ::write(2, Message, sizeof(Message) - 1);
  (void)Ignored;
  ::_exit(ExitUsage);
}

/// LLVM's fatal errors that input can cause (no thread could be started,
/// LLVM's own allocations failing): a message and exit code 2.
void fatalError(void *, const char *Reason, bool) {
  static const char Prefix[] = "tee-tidy: error: ";
  if (Failing.test_and_set())
    ::_exit(ExitUsage);
  ssize_t Ignored = ::write(2, Prefix, sizeof(Prefix) - 1);
  Ignored = ::write(2, Reason, std::strlen(Reason));
  Ignored = ::write(2, "\n", 1);
  (void)Ignored;
  ::_exit(ExitUsage);
}

int run(int argc, const char **argv) {
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  std::set_new_handler(outOfMemory);
  llvm::install_fatal_error_handler(fatalError);
  llvm::install_bad_alloc_error_handler(fatalError);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  // Arguments after `--` are compiler arguments, as for clang-tidy (its
  // wrappers pass them): C and C++ files are compiled with them. As for
  // clang-tidy, they stand for a compilation database: none is looked for.
  bool FixedArguments = false;
  std::vector<std::string> Fixed;
  for (int I = 1; I < argc; ++I)
    if (llvm::StringRef(argv[I]) == "--") {
      Fixed.assign(argv + I + 1, argv + argc);
      argc = I;
      FixedArguments = true;
      break;
    }
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "tee-tidy: a clang-tidy-style analyser for apps "
                                   "deployed in dstack TEEs\n",
                                   &llvm::errs()))
    return ExitUsage;

  if (!ComposeHash.empty() || !TcbInfo.empty())
    return runComposeHash({ComposeHash, ExpectComposeHash, TcbInfo, MaxFileSize}, llvm::outs(),
                          llvm::errs());
  if (!ExpectComposeHash.empty())
    return usageError("--expect-compose-hash needs --compose-hash or --tcb-info");

  if (std::string Abi = checkGrammarAbi(); !Abi.empty())
    return usageError(Abi);

  auto CmdLayers = commandLineLayers();
  if (!CmdLayers) {
    llvm::errs() << llvm::toString(CmdLayers.takeError()) << "\n";
    return ExitUsage;
  }
  ConfigLayer Defaults;
  Defaults.Source = "tee-tidy binary";
  Defaults.Checks = DefaultChecks;
  ConfigProvider Configs(Defaults, CmdLayers->first, CmdLayers->second);

  if (ListChecks || DumpConfig || ExplainConfig || VerifyConfig)
    return runConfigCommand(Configs);

  if (Lsp) {
    LanguageServerSetup Setup;
    std::vector<ConfigLayer> Layers = CmdLayers->first;
    std::optional<ConfigLayer> Explicit = CmdLayers->second;
    Setup.MakeConfigs = [Defaults, Layers, Explicit] {
      return std::make_unique<ConfigProvider>(Defaults, Layers, Explicit);
    };
    QueryStore Store;
    Setup.Queries = &Store;
    Setup.Discovery.MaxFileSize = MaxFileSize;
    Setup.Discovery.UseGitIgnore = !NoGitIgnore;
    Setup.Discovery.IncludeGlobs.assign(Include.begin(), Include.end());
    Setup.Discovery.ExcludeGlobs.assign(Exclude.begin(), Exclude.end());
    Setup.Discovery.IsCandidate = [](const std::string &P) {
      return languageForPath(P).has_value();
    };
    Setup.Settings.Load.MaxFileSize = MaxFileSize;
    Setup.Settings.Jobs = Jobs;
    Setup.Version = TEETIDY_VERSION;
    // Nothing but protocol messages may reach stdout.
    return runLanguageServer(Setup, stdin, stdout);
  }

  std::optional<std::set<std::string>> Baselined;
  if (!Baseline.empty()) {
    LoadOptions Load;
    Load.MaxFileSize = 0; // a baseline of a large tree is large
    auto File = loadSourceFile(Baseline, Language::Text, Load);
    if (!File)
      return usageError("cannot read the baseline: " + llvm::toString(File.takeError()));
    auto Read = readBaseline((*File)->content());
    if (!Read)
      return usageError("'" + Baseline + "' is no baseline: " + llvm::toString(Read.takeError()));
    Baselined = std::move(*Read);
  }
  bool HtmlReport = false;
  if (!ReportFile.empty()) {
    llvm::StringRef Ext = llvm::sys::path::extension(ReportFile);
    HtmlReport = Ext.equals_insensitive(".html") || Ext.equals_insensitive(".htm");
    if (!HtmlReport && !Ext.equals_insensitive(".md") && !Ext.equals_insensitive(".markdown"))
      return usageError("--report '" + ReportFile +
                        "' should end in .md (Markdown) or .html (an HTML page)");
  }
  std::optional<std::vector<LineFilterEntry>> Lines;
  if (!LineFilter.empty()) {
    auto L = parseLineFilter(LineFilter);
    if (!L)
      return usageError(llvm::toString(L.takeError()));
    Lines = std::move(*L);
  }
  // A broken configuration of the first path does not stop the run: the
  // other files are analysed, and it is reported with the run's other
  // configuration errors (exit 2), whatever the order of the paths.
  std::vector<std::string> ProbeErrors;
  std::optional<std::string> Filter;
  if (auto Cfg = Configs.configFor(configProbePath()))
    Filter = Cfg->headerFilter();
  else
    ProbeErrors.push_back(llvm::toString(Cfg.takeError()));

  std::optional<QueryStore> OwnStore;
  if (!QueryDir.empty()) {
    if (!llvm::sys::fs::is_directory(QueryDir))
      return usageError("--query-dir '" + QueryDir + "' is not a directory");
    OwnStore.emplace(QueryDir);
  } else {
    OwnStore.emplace();
  }

  // Collect the files: from compile_commands.json with -p, else by walking.
  std::vector<FileTask> Tasks;
  std::vector<std::string> InputErrors;
  std::vector<SkippedFile> Skipped;
  std::vector<std::string> ConfiguredCompose;
  DiscoveryOptions Disc;
  Disc.MaxFileSize = MaxFileSize;
  Disc.UseGitIgnore = !NoGitIgnore;
  Disc.IncludeGlobs.assign(Include.begin(), Include.end());
  Disc.ExcludeGlobs.assign(Exclude.begin(), Exclude.end());
  Disc.IsCandidate = [](const std::string &P) { return languageForPath(P).has_value(); };
  // The compilation database: -p, else the one nearest the first path (as
  // clang-tidy finds it). Its tee-tidy entries give their files' flags.
  std::string DbDir = BuildPath;
  if (DbDir.empty() && !FixedArguments && !Paths.empty())
    DbDir = findCompilationDatabase(Paths.front());
  std::vector<FileTask> DbTasks;
  if (!DbDir.empty()) {
    std::vector<std::string> Warnings;
    auto FromDb = tasksFromCompilationDatabase(DbDir, Warnings);
    if (!FromDb && !BuildPath.empty())
      return usageError(llvm::toString(FromDb.takeError()));
    if (!FromDb)
      llvm::WithColor::warning(llvm::errs(), "tee-tidy")
          << "ignoring the compilation database found: " << llvm::toString(FromDb.takeError())
          << "\n";
    else
      DbTasks = std::move(*FromDb);
    for (const std::string &W : Warnings)
      llvm::WithColor::warning(llvm::errs(), "tee-tidy") << W << "\n";
  }
  if (!BuildPath.empty() && Paths.empty()) {
    // -p alone: every tee-tidy entry of the database.
    Tasks = std::move(DbTasks);
    if (Tasks.empty())
      return usageError(
          "no C or C++ files and no tee-tidy entries in the compilation database in '" + BuildPath +
          "'");
  } else {
    if (Paths.empty() && ComposeFiles.empty())
      return usageError("no input paths; run 'tee-tidy --help' for usage");
    std::vector<std::string> Roots(Paths.begin(), Paths.end());
    Roots.insert(Roots.end(), ComposeFiles.begin(), ComposeFiles.end());
    // ComposeFiles of the configuration join --compose.
    if (auto Cfg = Configs.configFor(configProbePath())) {
      for (const std::string &C : Cfg->composeFiles()) {
        ConfiguredCompose.push_back(C);
        Roots.push_back(C);
      }
    } else {
      ProbeErrors.push_back(llvm::toString(Cfg.takeError()));
    }
    DiscoveryResult Found = discoverFiles(Roots, Disc);
    InputErrors = std::move(Found.Errors);
    // Named paths, as absolute paths: a file named and also found by
    // walking a named directory (`. big.py`) is still named.
    auto Absolute = [](const std::string &P) {
      llvm::SmallString<256> Abs(P);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, true);
      return std::string(Abs);
    };
    std::set<std::string> Named;
    for (const std::string &R : Roots)
      Named.insert(Absolute(R));
    // A file named on the command line is analysed or the run fails: one
    // over the size limit is an error, not a skip.
    for (SkippedFile &S : Found.Skipped) {
      if (S.Reason == SkipReason::TooLarge && Named.count(Absolute(S.Path)))
        InputErrors.push_back("'" + S.Path + "' is larger than --max-file-size (" + S.Detail +
                              "); raise the limit with --max-file-size=<bytes> (0: none)");
      else
        Skipped.push_back(std::move(S));
    }
    // Files the database lists take its flags; the others its defaults.
    std::map<std::string, const FileTask *> InDb;
    for (const FileTask &T : DbTasks)
      InDb.emplace(T.Path, &T);
    for (std::string &F : Found.Files) {
      bool Explicit = Named.count(Absolute(F)) > 0;
      FileTask T{std::move(F), std::nullopt, {}, Explicit};
      if (!InDb.empty()) {
        llvm::SmallString<256> Abs(T.Path);
        llvm::sys::fs::make_absolute(Abs);
        llvm::sys::path::remove_dots(Abs, true);
        if (auto It = InDb.find(std::string(Abs)); It != InDb.end()) {
          T.Lang = It->second->Lang;
          T.ExtraLayers = It->second->ExtraLayers;
          T.Compile = It->second->Compile;
        }
      }
      Tasks.push_back(std::move(T));
    }
  }
  // Named files are analysed with the files of their projects.
  if (!NoProjectContext) {
    std::set<std::string> CommandLine(Paths.begin(), Paths.end());
    CommandLine.insert(ComposeFiles.begin(), ComposeFiles.end());
    std::vector<std::string> NamedFiles;
    for (const FileTask &T : Tasks)
      if (T.Explicit && (!BuildPath.empty() || CommandLine.count(T.Path)))
        NamedFiles.push_back(T.Path);
    llvm::SmallString<256> Home;
    if (llvm::sys::path::home_directory(Home)) {
      llvm::sys::fs::make_absolute(Home);
      llvm::sys::path::remove_dots(Home, /*remove_dot_dot=*/true);
    }
    Tasks = withProjectContext(std::move(Tasks), NamedFiles, Disc, std::string(Home));
  }
  // C and C++ files the database does not list are compiled with the
  // arguments after `--`, as clang-tidy compiles them.
  if (FixedArguments) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    for (FileTask &T : Tasks) {
      std::optional<Language> L = T.Lang ? T.Lang : languageForPath(T.Path);
      if (T.Compile || !L || familyOf(*L) != LanguageFamily::C)
        continue;
      std::vector<std::string> Args{*L == Language::C ? "clang" : "clang++"};
      Args.insert(Args.end(), Fixed.begin(), Fixed.end());
      Args.push_back(T.Path);
      T.Compile = frontend::CompileCommand{std::string(Cwd), std::move(Args)};
    }
  }

  // A run that can report nothing is a mistake on the command line or in
  // the configuration, not a clean result: some file must have a check.
  if (!Tasks.empty()) {
    bool AnyCheck = false;
    std::string Checks;
    for (const FileTask &T : Tasks) {
      if (T.Context)
        continue;
      auto Cfg = Configs.configFor(T.Path);
      if (!Cfg) {
        llvm::consumeError(Cfg.takeError()); // reported by the analysis
        AnyCheck = true;
        break;
      }
      if (!enabledChecks(builtinChecks(), *Cfg).empty()) {
        AnyCheck = true;
        break;
      }
      Checks = Cfg->checks();
    }
    if (!AnyCheck)
      return usageError("no checks are enabled for the files analysed (Checks is '" + Checks +
                        "'); enable some with --checks or see --list-checks");
  }

  RunSettings Settings;
  Settings.Load.MaxFileSize = MaxFileSize;
  Settings.Jobs = Jobs;
  Settings.Profile = EnableCheckProfile;
  std::vector<std::string> AllCompose(ComposeFiles.begin(), ComposeFiles.end());
  AllCompose.insert(AllCompose.end(), ConfiguredCompose.begin(), ConfiguredCompose.end());
  for (const std::string &C : AllCompose) {
    if (languageForPath(C) != Language::Yaml)
      return usageError("--compose '" + C + "' is not a .yml or .yaml file");
    llvm::SmallString<256> Abs(C);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    Settings.ExtraComposeFiles.insert(std::string(Abs));
  }
  if (!DeploymentsFile.empty()) {
    if (!llvm::sys::fs::is_regular_file(DeploymentsFile))
      return usageError("--deployments '" + DeploymentsFile + "' is not a readable file");
    llvm::SmallString<256> Abs(DeploymentsFile);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    Settings.DeploymentsDoc = std::string(Abs);
  }
  // A progress line on a terminal, never in a log or with --quiet.
  std::optional<TerminalProgress> Progress;
  if (!Quiet && llvm::errs().is_displayed()) {
    Progress.emplace(llvm::errs());
    Settings.Progress = &*Progress;
  }
  AnalysisResult R = analyse(Tasks, Configs, *OwnStore, Settings);
  // The inventories go into the audit report, JSON and SARIF.
  std::optional<Inventories> Inventory;
  if (R.Services && (Format != OutputFormat::Text || !ReportFile.empty())) {
    Inventory = buildInventories(*R.Services, R.Flows, R.ToolErrors);
    // What building them could not read, when no check read it first.
    for (std::string &W : R.Services->warnings())
      if (std::find(R.Warnings.begin(), R.Warnings.end(), W) == R.Warnings.end())
        R.Warnings.push_back(std::move(W));
  }
  for (std::string &E : ProbeErrors)
    if (std::find(R.ConfigErrors.begin(), R.ConfigErrors.end(), E) == R.ConfigErrors.end())
      R.ConfigErrors.push_back(std::move(E));
  Skipped.insert(Skipped.end(), R.Skipped.begin(), R.Skipped.end());
  InputErrors.insert(InputErrors.end(), R.InputErrors.begin(), R.InputErrors.end());

  // Colour: --use-color, else UseColor from the first file's config, else tty.
  bool Color = llvm::outs().has_colors();
  if (auto Cfg = Configs.configFor(configProbePath()))
    Color = Cfg->useColor(Color);
  else
    llvm::consumeError(Cfg.takeError());

  // Where the findings go: stdout, or --output.
  std::optional<llvm::raw_fd_ostream> OutFile;
  if (!OutputFile.empty()) {
    std::error_code EC;
    OutFile.emplace(OutputFile, EC);
    if (EC)
      return usageError("cannot write '" + OutputFile + "': " + EC.message());
    Color = false;
  }
  llvm::raw_ostream &Out = OutFile ? static_cast<llvm::raw_ostream &>(*OutFile) : llvm::outs();
  TextEmitter Emitter(Out, Color);
  unsigned Warnings = 0, Errors = 0, Promoted = 0, Filtered = 0, LineFiltered = 0, InBaseline = 0;
  std::optional<llvm::Regex> Shown;
  if (Filter)
    Shown.emplace(*Filter);
  std::vector<const Diagnostic *> Reported, Kept;
  for (const Diagnostic &D : R.Diagnostics) {
    // The header filter: diagnostics of other files are counted, not shown.
    if (Shown && D.Loc.File && !Shown->match(D.Loc.File->path())) {
      ++Filtered;
      continue;
    }
    if (Lines && D.Loc.File && !lineFilterKeeps(*Lines, D.Loc.File->path(), D.Loc.line())) {
      ++LineFiltered;
      continue;
    }
    Kept.push_back(&D);
    if (Baselined && Baselined->count(fingerprint(D))) {
      ++InBaseline;
      continue;
    }
    Reported.push_back(&D);
    if (D.Level == Severity::Error)
      ++Errors;
    else if (D.PromotedToError)
      ++Promoted;
    else
      ++Warnings;
  }
  // --fix applies the fixes of the findings shown, and says so under each.
  std::optional<FixPlan> Fixes;
  if (Fix)
    Fixes = planFixes(Reported);
  if (Format == OutputFormat::Text)
    for (const Diagnostic *D : Reported) {
      std::optional<bool> Applied;
      if (Fixes)
        if (auto It = Fixes->Applies.find(D); It != Fixes->Applies.end())
          Applied = It->second;
      Emitter.emit(*D, Applied);
    }
  auto Report = [&](std::vector<const Diagnostic *> Findings) {
    JsonReport J;
    J.ToolVersion = TEETIDY_VERSION;
    J.Findings = std::move(Findings);
    for (const CheckInfo *C : builtinChecks().all())
      if (!C->Cwe.empty())
        J.Cwes.emplace(C->Name, C->Cwe);
    J.InputErrors = InputErrors;
    J.ConfigErrors = R.ConfigErrors;
    J.ToolErrors = R.ToolErrors;
    J.Warnings = R.Warnings;
    J.Warning = Warnings + Promoted;
    J.Error = Errors;
    J.SuppressedNoLint = R.SuppressedByNoLint + R.SuppressedByConfig;
    J.SuppressedFilter = Filtered + LineFiltered;
    J.SuppressedBaseline = InBaseline;
    for (const auto &[Reason, N] : R.HeldBack)
      J.HeldBack += N;
    J.Skipped = static_cast<unsigned>(Skipped.size());
    return J;
  };
  if (Format == OutputFormat::Json) {
    JsonReport J = Report(Reported);
    J.Inventory = Inventory ? &*Inventory : nullptr;
    writeJsonReport(Out, J);
  }
  if (Format == OutputFormat::Sarif) {
    SarifReport S;
    S.ToolVersion = TEETIDY_VERSION;
    llvm::SmallString<256> Cwd;
    if (!llvm::sys::fs::current_path(Cwd))
      S.Root = std::string(Cwd);
    for (const CheckInfo *C : builtinChecks().all()) {
      std::string Markdown = checkDescriptionMarkdown(C->Name);
      S.Rules.push_back({C->Name, C->Summary, markdownToText(Markdown), Markdown,
                         checkHelpUri(C->Name), C->Cwe, C->DefaultLevel});
    }
    S.Findings = Reported;
    for (const Diagnostic &D : R.NoLinted)
      S.Suppressed.push_back(&D);
    for (const std::vector<std::string> *L : {&InputErrors, &R.ConfigErrors, &R.ToolErrors})
      S.Errors.insert(S.Errors.end(), L->begin(), L->end());
    S.ExitCode = !S.Errors.empty() ? ExitUsage : (Errors || Promoted) ? ExitFindings : ExitSuccess;
    S.Inventory = Inventory ? &*Inventory : nullptr;
    writeSarifReport(Out, S);
  }
  Out.flush();
  if (OutFile && OutFile->has_error()) {
    std::error_code EC = OutFile->error();
    OutFile->clear_error();
    return usageError("cannot write '" + OutputFile + "': " + EC.message());
  }
  if (!ReportFile.empty()) {
    report::ReportInput In;
    In.ToolVersion = TEETIDY_VERSION;
    // The root: the one directory named, else the directory every file lies under.
    llvm::SmallString<256> Root;
    if (Paths.size() == 1 && llvm::sys::fs::is_directory(Paths.front()))
      Root = Paths.front();
    else if (R.Services && R.Services->deployment())
      Root = R.Services->deployment()->root();
    if (Root.empty())
      llvm::sys::fs::current_path(Root);
    llvm::sys::fs::make_absolute(Root);
    llvm::sys::path::remove_dots(Root, true);
    In.Root = std::string(Root);
    In.Repository = llvm::sys::path::filename(Root).str();
    // A commit only for a checkout of the analysed tree itself.
    report::GitFacts Git = report::readGitFacts(In.Root);
    if (Git.TopLevel == In.Root) {
      In.Commit = Git.Commit;
      In.Origin = Git.Origin;
    }
    std::set<std::string> SkippedPaths;
    for (const SkippedFile &S : Skipped)
      SkippedPaths.insert(S.Path);
    std::set<std::string> Checks;
    for (const FileTask &T : Tasks) {
      if (T.Context || SkippedPaths.count(T.Path))
        continue;
      if (std::optional<Language> L = T.Lang ? T.Lang : languageForPath(T.Path))
        ++In.Languages[std::string(languageName(*L))];
      if (auto Cfg = Configs.configFor(T.Path, T.ExtraLayers))
        for (const CheckInfo *C : enabledChecks(builtinChecks(), *Cfg))
          Checks.insert(C->Name);
      else
        llvm::consumeError(Cfg.takeError());
    }
    In.Checks.assign(Checks.begin(), Checks.end());
    In.Deployment = R.Services ? R.Services->deployment() : nullptr;
    In.Findings = Reported;
    for (const FlowRecord &F : R.Flows)
      In.Flows.push_back(&F);
    In.Inventory = Inventory ? &*Inventory : nullptr;
    for (const CheckInfo *C : builtinChecks().all())
      if (!C->Cwe.empty())
        In.Cwes.emplace(C->Name, C->Cwe);
    In.Skipped = static_cast<unsigned>(Skipped.size());
    for (const auto &[Reason, N] : R.HeldBack)
      In.HeldBack += N;
    In.Suppressed =
        R.SuppressedByNoLint + R.SuppressedByConfig + Filtered + LineFiltered + InBaseline;
    std::string Text;
    if (HtmlReport) {
      auto Html = report::htmlReport(In, report::graphvizRenderer());
      if (!Html)
        return usageError("cannot write the report: " + llvm::toString(Html.takeError()));
      Text = std::move(*Html);
    } else {
      Text = report::markdownReport(In);
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(ReportFile, EC);
    if (EC)
      return usageError("cannot write '" + ReportFile + "': " + EC.message());
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error();
      return usageError("cannot write '" + ReportFile + "': " + EC.message());
    }
  }
  if (!WriteBaseline.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(WriteBaseline, EC);
    if (EC)
      return usageError("cannot write '" + WriteBaseline + "': " + EC.message());
    writeJsonReport(OS, Report(Kept));
    OS.close();
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error();
      return usageError("cannot write '" + WriteBaseline + "': " + EC.message());
    }
  }

  for (const std::string &E : InputErrors)
    llvm::WithColor::error(llvm::errs(), "tee-tidy") << E << "\n";
  for (const std::string &E : R.ConfigErrors)
    llvm::errs() << E << "\n";
  for (const std::string &E : R.ToolErrors)
    llvm::WithColor::error(llvm::errs(), "tee-tidy") << E << "\n";
  for (const std::string &W : R.Warnings)
    llvm::WithColor::warning(llvm::errs(), "tee-tidy") << W << "\n";
  for (const std::string &W : R.EncodingWarnings)
    llvm::errs() << W << "\n";
  for (const std::string &S : R.SyntaxErrors)
    llvm::errs() << S << "\n";
  if (EnableCheckProfile) {
    // Checks by time, slowest first; then the phases in run order.
    std::vector<std::pair<double, std::string>> ByTime;
    double Total = 0;
    for (const auto &[Name, Seconds] : R.CheckSeconds) {
      ByTime.emplace_back(Seconds, Name);
      Total += Seconds;
    }
    std::sort(ByTime.rbegin(), ByTime.rend());
    llvm::raw_ostream &OS = llvm::errs();
    OS << "===" << std::string(73, '-') << "===\n"
       << "                          tee-tidy checks profiling\n"
       << "===" << std::string(73, '-') << "===\n"
       << "  Total wall time in checks: " << llvm::format("%.4f", Total) << " s\n\n"
       << "   ---Wall Time---   --Name--\n";
    for (const auto &[Seconds, Name] : ByTime)
      OS << llvm::format("   %8.4f (%5.1f%%)  ", Seconds, Total > 0 ? 100 * Seconds / Total : 0.0)
         << Name << "\n";
    OS << "\n   ---Wall Time---   --Phase--\n";
    for (const auto &[Name, Seconds] : R.PhaseSeconds)
      OS << llvm::format("   %8.4f           ", Seconds) << Name << "\n";
  }
  reportSkipped(Skipped);
  reportHeldBack(R.HeldBack);
  if (Verbose && R.Services && R.Services->codeMap())
    R.Services->codeMap()->describe(llvm::errs());

  if (!Quiet) {
    // One line, as clang-tidy prints it.
    unsigned Total = Warnings + Promoted;
    std::string W = std::to_string(Total) + (Total == 1 ? " warning" : " warnings");
    std::string E = std::to_string(Errors) + (Errors == 1 ? " error" : " errors");
    if (Total && Errors)
      llvm::errs() << W << " and " << E << " generated.\n";
    else if (Total || Errors)
      llvm::errs() << (Total ? W : E) << " generated.\n";
    if (unsigned Suppressed =
            R.SuppressedByNoLint + R.SuppressedByConfig + Filtered + LineFiltered + InBaseline) {
      std::vector<std::string> Why;
      if (R.SuppressedByNoLint)
        Why.push_back(std::to_string(R.SuppressedByNoLint) + " NOLINT");
      if (R.SuppressedByConfig)
        Why.push_back(std::to_string(R.SuppressedByConfig) +
                      " by the configuration's Suppressions");
      if (Filtered)
        Why.push_back(std::to_string(Filtered) + " in files the header filter excludes");
      if (LineFiltered)
        Why.push_back(std::to_string(LineFiltered) + " outside the line filter");
      if (InBaseline)
        Why.push_back(std::to_string(InBaseline) + " in the baseline");
      llvm::errs() << "Suppressed " << Suppressed << " warnings (" << llvm::join(Why, ", ")
                   << ").\n";
    }
  }
  if (Promoted)
    llvm::errs() << Promoted << (Promoted == 1 ? " warning" : " warnings") << " treated as error"
                 << (Promoted == 1 ? "" : "s") << "\n";

  if (!ExportFixes.empty() && !R.Diagnostics.empty()) {
    std::error_code EC;
    if (llvm::StringRef Dir = llvm::sys::path::parent_path(ExportFixes); !Dir.empty())
      EC = llvm::sys::fs::create_directories(Dir);
    if (EC)
      return usageError("cannot create the directory of '" + ExportFixes + "': " + EC.message());
    llvm::raw_fd_ostream OS(ExportFixes, EC);
    if (EC)
      return usageError("cannot write '" + ExportFixes + "': " + EC.message());
    std::vector<const FileTask *> Checked;
    for (const FileTask &T : Tasks)
      if (!T.Context)
        Checked.push_back(&T);
    std::string Main = Checked.size() == 1 ? Checked.front()->Path : "";
    if (llvm::Error E = writeExportFixes(OS, R.Diagnostics, Main))
      return usageError(llvm::toString(std::move(E)));
    OS.close();
    if (OS.has_error()) {
      // A full disk is the run's error, not a crash (a stream left with an
      // error aborts the process).
      EC = OS.error();
      OS.clear_error();
      return usageError("cannot write '" + ExportFixes + "': " + EC.message());
    }
  }
  if (Fixes) {
    if (llvm::Error E = applyFixes(*Fixes))
      return usageError(llvm::toString(std::move(E)));
    if (!Quiet)
      llvm::errs() << "tee-tidy applied " << Fixes->Applied << " of " << Fixes->Total
                   << " suggested fixes.\n";
  }

  if (!InputErrors.empty() || !R.ConfigErrors.empty() || !R.ToolErrors.empty())
    return ExitUsage;
  if (Errors || Promoted)
    return ExitFindings;
  return ExitSuccess;
}

} // namespace

int main(int argc, const char **argv) {
  int Code = run(argc, argv);
  // A failed write to stdout (a full disk) ends the run with a message and
  // exit code 2; a stream left with an error would abort the process.
  llvm::outs().flush();
  if (llvm::outs().has_error()) {
    std::error_code EC = llvm::outs().error();
    llvm::outs().clear_error();
    llvm::WithColor::error(llvm::errs(), "tee-tidy")
        << "cannot write the output: " << EC.message() << "\n";
    return ExitUsage;
  }
  return Code;
}
