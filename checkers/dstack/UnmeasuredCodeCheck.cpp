#include "checkers/dstack/UnmeasuredCodeCheck.h"

#include "checkers/Catalog.h"
#include "checkers/FileContext.h"
#include "checkers/dstack/ConfigurableValue.h"
#include "checkers/repro/ReproCatalog.h"
#include "checkers/repro/ShellCommands.h"
#include "deploy/CodeMap.h"
#include "deploy/Deployment.h"
#include "program/Program.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <map>
#include <optional>
#include <regex>

namespace teetidy::dstack {

namespace {

using Catalog = UnmeasuredCodeCheck::Catalog;
using deploy::EnvVerdictKind;
using repro::ShellCommand;
using repro::ShellWord;

constexpr const char *ModelPath = "models/runtime-code.yaml";
constexpr const char *NotInImage =
    "the attested image and compose file do not fix what runs: it can change without a new "
    "compose hash";

Catalog readCatalog(const YAML::Node &Model, CatalogReader &R) {
  Catalog Out;
  for (const YAML::Node &N : Model["fetchers"])
    Out.Fetchers.push_back({R.string(N["name"], "name"), R.strings(N["commands"], "commands"),
                            R.strings(N["subcommands"], "subcommands"),
                            N["pinned"] ? R.pattern(N["pinned"], "pinned") : nullptr});
  Out.ModuleRunners = R.strings(Model["module_runners"], "module_runners");
  Out.Downloaders = R.strings(Model["downloaders"], "downloaders");
  Out.Interpreters = R.strings(Model["interpreters"], "interpreters");
  Out.Shells = R.strings(Model["shells"], "shells");
  Out.ImageDigest = R.pattern(Model["image_digest"], "image_digest");
  return Out;
}

bool in(const std::vector<std::string> &L, std::string_view S) {
  return std::find(L.begin(), L.end(), S) != L.end();
}

/// The commands of \p In, each followed by the commands of the script a shell
/// runs with `-c` (nested up to a few levels).
void expandShells(std::vector<ShellCommand> &Out, std::vector<ShellCommand> In, const Catalog &Cat,
                  const std::vector<std::string> &Prefixes, unsigned Depth = 0) {
  for (ShellCommand &C : In) {
    std::optional<ShellWord> Script;
    size_t S = repro::commandStart(C, Prefixes);
    if (S < C.Words.size() && in(Cat.Shells, repro::commandName(C.Words[S].Text)))
      for (size_t I = S + 1; I + 1 < C.Words.size(); ++I) {
        llvm::StringRef W(C.Words[I].Text);
        if (W.startswith("-") && !W.startswith("--") && W.endswith("c")) {
          Script = C.Words[I + 1];
          break;
        }
      }
    Out.push_back(std::move(C));
    if (Script && Depth < 4) {
      // A quoted script starts one byte after its quote.
      size_t Base = Script->Offset + (Script->Length > Script->Text.size() ? 1 : 0);
      expandShells(Out, repro::splitShell(Script->Text, [Base](size_t I) { return Base + I; }), Cat,
                   Prefixes, Depth + 1);
    }
  }
}

/// A command that fetches code at run time.
struct FetchHit {
  std::string What;    ///< the catalog's name for it
  std::string Command; ///< its words, joined
  size_t Offset = 0, Length = 0;
};

std::string joinWords(const ShellCommand &C, size_t From) {
  std::string Out;
  for (size_t I = From; I < C.Words.size(); ++I)
    Out += (Out.empty() ? "" : " ") + C.Words[I].Text;
  if (Out.size() > 80)
    Out = Out.substr(0, 77) + "...";
  return Out;
}

/// The commands of \p Commands that fetch code and are not pinned.
/// \p Resolve gives a word's value where the deployment fixes it (a
/// variable pinned to a commit), for the pin check.
std::vector<FetchHit>
fetchesIn(const std::vector<ShellCommand> &Commands, const Catalog &Cat,
          const std::vector<std::string> &Prefixes,
          llvm::function_ref<std::string(const std::string &)> Resolve = nullptr) {
  std::vector<FetchHit> Out;
  for (size_t I = 0; I < Commands.size(); ++I) {
    const ShellCommand &C = Commands[I];
    size_t S = repro::commandStart(C, Prefixes);
    if (S >= C.Words.size())
      continue;
    std::string_view Name = repro::commandName(C.Words[S].Text);
    if (in(Cat.ModuleRunners, Name) && S + 2 < C.Words.size() && C.Words[S + 1].Text == "-m")
      Name = C.Words[S += 2].Text;
    auto Hit = [&](std::string What) {
      Out.push_back({std::move(What), joinWords(C, S), C.Words[S].Offset, C.Words[S].Length});
    };
    if (in(Cat.Downloaders, Name) && I + 1 < Commands.size() && Commands[I + 1].PipedInto) {
      const ShellCommand &Next = Commands[I + 1];
      size_t NS = repro::commandStart(Next, Prefixes);
      if (NS < Next.Words.size() && in(Cat.Interpreters, repro::commandName(Next.Words[NS].Text)))
        Hit("a download piped into " + std::string(repro::commandName(Next.Words[NS].Text)));
      continue;
    }
    for (const UnmeasuredCodeCheck::Fetcher &F : Cat.Fetchers) {
      if (!in(F.Commands, Name))
        continue;
      bool Sub = F.Subcommands.empty();
      for (size_t K = S + 1; !Sub && K < C.Words.size() && K <= S + 3; ++K)
        Sub = in(F.Subcommands, C.Words[K].Text);
      if (!Sub)
        continue;
      // Pinned by a word of this command or of a later one (a checkout).
      bool Pinned = false;
      for (size_t J = I; !Pinned && J < Commands.size(); ++J)
        for (const ShellWord &W : Commands[J].Words)
          Pinned |= matches(F.Pinned, W.Text) || (Resolve && matches(F.Pinned, Resolve(W.Text)));
      if (!Pinned)
        Hit(F.Name);
      break;
    }
  }
  return Out;
}

/// The text of the arguments at \p Ranges of \p Source as a command line:
/// string contents in order, any other operand as a `$name` word.
std::string commandText(llvm::StringRef Source, const std::vector<ir::Range> &Ranges) {
  std::string Out;
  for (const ir::Range &R : Ranges) {
    llvm::StringRef T = Source.slice(R.Begin, R.End);
    for (size_t I = 0; I < T.size();) {
      char C = T[I];
      if (C == '"' || C == '\'' || C == '`') {
        size_t J = I + 1;
        while (J < T.size() && T[J] != C)
          J += T[J] == '\\' ? 2 : 1;
        Out += " " + T.slice(I + 1, std::min(J, T.size())).str();
        I = J + 1;
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(C)) || C == '_') {
        size_t J = I;
        while (J < T.size() &&
               (std::isalnum(static_cast<unsigned char>(T[J])) || T[J] == '_' || T[J] == '.'))
          ++J;
        // A string prefix (`f"..."`) belongs to its string.
        if (J < T.size() && (T[J] == '"' || T[J] == '\'') && J - I <= 2) {
          I = J;
          continue;
        }
        std::string Word = T.slice(I, J).str();
        // Subscripts and calls are part of the operand; a constant key
        // names it (`environ["REPO"]` is `$REPO`).
        while (J < T.size() && (T[J] == '[' || T[J] == '(')) {
          size_t Open = J;
          int Depth = 0;
          for (; J < T.size(); ++J) {
            Depth += T[J] == '[' || T[J] == '(';
            Depth -= T[J] == ']' || T[J] == ')';
            if (Depth == 0) {
              ++J;
              break;
            }
          }
          llvm::StringRef Key = T.slice(Open + 1, J - 1).trim();
          if (T[Open] == '[' && Key.size() >= 2 && (Key.front() == '"' || Key.front() == '\'') &&
              Key.back() == Key.front())
            Word = Key.drop_front().drop_back().str();
        }
        Out += " $" + Word;
        I = J;
        continue;
      }
      ++I;
    }
  }
  return Out;
}

std::string unquote(llvm::StringRef T) {
  T = T.trim();
  if (T.size() >= 2 && (T.front() == '"' || T.front() == '\'' || T.front() == '`') &&
      T.back() == T.front())
    T = T.drop_front().drop_back();
  return T.str();
}

} // namespace

UnmeasuredCodeCheck::UnmeasuredCodeCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {
  IgnoreTestCode = options().getBool("IgnoreTestCode", false);
}

bool UnmeasuredCodeCheck::appliesTo(Language L) const {
  return familyOf(L).has_value() || L == Language::Yaml || L == Language::Json;
}

void UnmeasuredCodeCheck::check(FileContext &Ctx) {
  auto Cat = Ctx.services().catalog<Catalog>(ModelPath, readCatalog);
  if (!Cat) {
    Ctx.toolError(llvm::toString(Cat.takeError()));
    return;
  }
  if (familyOf(Ctx.language()))
    checkCode(Ctx, **Cat);
  else
    checkCompose(Ctx, **Cat);
}

void UnmeasuredCodeCheck::checkCode(FileContext &Ctx, const Catalog &Cat) {
  if (IgnoreTestCode && isTestCode(Ctx.file().path()))
    return;
  const program::Program *Program = Ctx.services().program();
  const program::Taint *Taint = Program ? Program->taint({}) : nullptr;
  if (!Taint)
    return;
  auto Managers = repro::loadPackageManagers(Ctx);
  if (!Managers)
    return;

  // The findings of each sink call, in file order.
  std::map<std::pair<uint32_t, dataflow::SinkKind>, std::vector<const dataflow::Finding *>> Calls;
  for (const dataflow::Finding *F : Taint->findingsIn(Ctx.file()))
    if (F->SinkKind == dataflow::SinkKind::Code || F->SinkKind == dataflow::SinkKind::Image ||
        F->SinkKind == dataflow::SinkKind::Command)
      Calls[{F->CallWhere.Begin, F->SinkKind}].push_back(F);

  llvm::StringRef Text = Ctx.file().content();
  for (const auto &[Key, Group] : Calls) {
    dataflow::SinkKind Kind = Key.second;
    const dataflow::Finding &First = *Group.front();
    // What the call runs, and who decides it: the worst of its sources.
    Severity Level = Severity::Warning;
    bool Report = false;
    std::string Why;
    const dataflow::Finding *Deciding = nullptr;
    FileVerdicts DecidingVerdicts;

    for (const dataflow::Finding *F : Group) {
      const dataflow::SourceInfo &S = Taint->source(*F);
      FileVerdicts FV = serviceVerdicts(Ctx, S, {});
      auto Take = [&](Severity L, std::string W) {
        if (Report && !(L == Severity::Error && Level != Severity::Error))
          return;
        Report = true;
        Level = L;
        Why = std::move(W);
        Deciding = F;
        DecidingVerdicts = FV;
      };
      if (S.K == dataflow::SourceInfo::Literal) {
        if (Kind == dataflow::SinkKind::Image) {
          std::string Image = unquote(Text.slice(S.Where.Begin, S.Where.End));
          if (!matches(Cat.ImageDigest, Image))
            Take(Severity::Warning,
                 "from image '" + Image + "', a tag that can name other code later");
        }
        continue; // commands are judged below, on their whole text
      }
      if (S.K == dataflow::SourceInfo::Request) {
        Take(Severity::Error, "taken from the request being served (" + S.Description + ")");
        continue;
      }
      if (S.K == dataflow::SourceInfo::Written) {
        Take(Severity::Warning, "written to a file at run time");
        continue;
      }
      if (S.K == dataflow::SourceInfo::Fetched) {
        // Who chooses the URL: the configuration reaching the fetching call.
        std::vector<std::string> Operator, Fixed;
        bool FromRequest = false;
        for (const dataflow::Finding *UP : Taint->findingsIn(Program->file(S.Module))) {
          const dataflow::Finding &U = *UP;
          if (U.SinkKind != dataflow::SinkKind::Endpoint || U.Module != S.Module ||
              U.CallWhere.Begin != S.Where.Begin)
            continue;
          const dataflow::SourceInfo &US = Taint->source(U);
          FromRequest |= US.K == dataflow::SourceInfo::Request;
          if (US.isConfiguration()) {
            FileVerdicts UV = serviceVerdicts(Ctx, US, {});
            std::string Vars = US.variablesText();
            if (UV.Verdicts.empty() ||
                UV.Verdicts.front().V.Kind == EnvVerdictKind::OperatorControlled)
              Operator.push_back(Vars);
            else
              Fixed.push_back(Vars);
          }
        }
        if (FromRequest)
          Take(Severity::Error, "downloaded from a URL the request being served gives");
        else if (!Operator.empty())
          Take(Severity::Error,
               "downloaded from a URL the operator sets (" + llvm::join(Operator, ", ") + ")");
        else if (!Fixed.empty())
          Take(Severity::Warning, "downloaded at run time from a URL the deployment fixes (" +
                                      llvm::join(Fixed, ", ") +
                                      "), whose content can change after the attestation");
        else if (!S.Address.empty())
          Take(Severity::Warning, "downloaded at run time from '" + S.Address +
                                      "', whose content can change after the attestation");
        else
          Take(Severity::Warning, "downloaded at run time from a URL the code computes");
        continue;
      }
      // Configuration: what the deployment lets the operator do with it.
      std::string Vars = S.variablesText();
      if (FV.Verdicts.empty()) {
        if (FV.Held != deploy::HoldReason::None)
          Take(Severity::Error, "taken from " + Vars);
        else
          Take(Severity::Warning, "taken from " + Vars +
                                      ", which no docker-compose service among the analysed "
                                      "files sets");
        continue;
      }
      const ServiceVerdict &W = FV.Verdicts.front();
      switch (W.V.Kind) {
      case EnvVerdictKind::OperatorControlled:
        Take(Severity::Error, "taken from " + Vars + ", which " + serviceName(Ctx, W) +
                                  " lets the operator set (" + llvm::join(W.V.OperatorNames, ", ") +
                                  ")");
        break;
      case EnvVerdictKind::Pinned:
        if (Kind == dataflow::SinkKind::Image && !matches(Cat.ImageDigest, W.V.Value))
          Take(Severity::Warning, "from image '" + W.V.Value + "', which " + serviceName(Ctx, W) +
                                      " pins " + Vars +
                                      " to: a tag that can name other code later");
        break;
      case EnvVerdictKind::Unset:
      case EnvVerdictKind::DefaultOnly:
        if (Kind == dataflow::SinkKind::Image && S.Default && S.Default->isString() &&
            !matches(Cat.ImageDigest, S.Default->Text))
          Take(Severity::Warning, "from image '" + S.Default->Text + "', the code default of " +
                                      Vars + ": a tag that can name other code later");
        break;
      }
    }

    std::string Subject;
    if (Kind == dataflow::SinkKind::Command) {
      // Only commands that fetch code count; their text decides.
      std::vector<ir::Range> Args;
      for (const dataflow::Finding *F : Group)
        if (std::none_of(Args.begin(), Args.end(),
                         [&](const ir::Range &A) { return A.Begin == F->Where.Begin; }))
          Args.push_back(F->Where);
      std::sort(Args.begin(), Args.end(),
                [](const ir::Range &A, const ir::Range &B) { return A.Begin < B.Begin; });
      std::vector<ShellCommand> Commands;
      expandShells(Commands, repro::splitShell(commandText(Text, Args), [](size_t I) { return I; }),
                   Cat, Managers->Prefixes);
      std::vector<FetchHit> Hits = fetchesIn(Commands, Cat, Managers->Prefixes);
      if (Hits.empty())
        continue;
      Subject = First.Display + " runs '" + Hits.front().Command + "' (" + Hits.front().What +
                ") at run time";
      if (!Report) {
        Report = true;
        Why = "a fixed command, but what it fetches can change after the attestation";
        Deciding = &First;
        DecidingVerdicts = serviceVerdicts(Ctx, Taint->source(First), {});
      } else {
        Why = "its operand " + Why;
      }
    } else if (!Report) {
      continue;
    } else if (Kind == dataflow::SinkKind::Code) {
      Subject = "code " + Why + " reaches " + First.Display + ", which runs it";
      Why.clear();
    } else {
      Subject = First.Display + " starts a container " + Why;
      Why.clear();
    }
    if (!Why.empty())
      Subject += ": " + Why;
    Diagnostic &D =
        diagInStatement(Ctx, Deciding->CallWhere.Begin, Deciding->CallWhere.End, Subject, Level);
    D.explain(NotInImage);
    if (Kind == dataflow::SinkKind::Image)
      D.explain("start images pinned by digest (name@sha256:<digest>) written in the code or the "
                "compose file");
    else
      D.explain("ship the code in the image, or check a pinned hash before running it");
    if (Taint->source(*Deciding).K != dataflow::SourceInfo::Literal)
      addPathNotes(D, *Program, Deciding->Path);
    addVerdictNotes(D, DecidingVerdicts);
    // A download or write in a function no analysed code calls.
    if (Taint->source(*Deciding).Unreached && D.HeldBack.empty()) {
      D.HeldBack = deploy::holdReasonName(deploy::HoldReason::NotRun);
      D.HeldBackWhy = "no analysed code calls the function that downloads it with an address";
    }
  }
}

void UnmeasuredCodeCheck::checkCompose(FileContext &Ctx, const Catalog &Cat) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  auto Managers = repro::loadPackageManagers(Ctx);
  if (!Managers)
    return;
  const deploy::Deployment *Deploy = Ctx.services().deployment();
  const deploy::AppComposeManifest *Manifest = Ctx.language() == Language::Json ? Ctx.appCompose()
                                               : Deploy ? Deploy->manifestFor(Ctx.file().path())
                                                        : nullptr;
  deploy::EnvironmentSource Env{Manifest};
  static const std::regex Reference(R"(\$\$?\{?([A-Za-z_][A-Za-z0-9_]*))");
  static const std::regex PinnedReference(R"(\$\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)");

  for (const deploy::ComposeService &S : Compose->Services) {
    for (const auto *Part : {&S.Entrypoint, &S.Command}) {
      if (Part->empty())
        continue;
      bool IsString = Part == &S.Command ? S.CommandIsString : S.EntrypointIsString;
      std::vector<ShellCommand> Split;
      if (IsString) {
        const deploy::ComposeScalar &Line = Part->front();
        Split = repro::splitShell(Line.Text, [&Line](size_t I) { return Line.fileOffset(I); });
      } else {
        ShellCommand C;
        for (const deploy::ComposeScalar &W : *Part)
          C.Words.push_back({W.Text, W.Loc.Offset, W.Length});
        Split.push_back(std::move(C));
      }
      // A list item holding a `-c` script maps offsets within the item.
      std::vector<ShellCommand> Commands;
      expandShells(Commands, std::move(Split), Cat, Managers->Prefixes);
      // `$$COMMIT` with COMMIT pinned by the service's environment.
      auto Resolve = [&](const std::string &Word) {
        std::smatch M;
        if (std::regex_match(Word, M, PinnedReference)) {
          deploy::EnvVerdict V = deploy::classifyEnv(S, M[1].str(), Env);
          if (V.Kind == EnvVerdictKind::Pinned)
            return V.Value;
        }
        return Word;
      };
      for (const FetchHit &H : fetchesIn(Commands, Cat, Managers->Prefixes, Resolve)) {
        // The operator decides an operand it can set: `${REPO}` from the
        // CVM environment, or `$$REPO` from the service's.
        std::vector<std::string> Operator;
        std::vector<deploy::EnvEvidence> Because;
        for (std::sregex_iterator It(H.Command.begin(), H.Command.end(), Reference), End; It != End;
             ++It) {
          std::string Name = (*It)[1];
          bool Container = It->str(0).rfind("$$", 0) == 0;
          std::vector<deploy::EnvEvidence> Why;
          bool Sets = Container ? deploy::classifyEnv(S, Name, Env).Kind ==
                                      EnvVerdictKind::OperatorControlled
                                : Env.operatorSets(Name, &Why);
          if (Sets && !in(Operator, Name)) {
            Operator.push_back(Name);
            Because.insert(Because.end(), Why.begin(), Why.end());
          }
        }
        std::string Message =
            "service '" + S.Name + "' runs '" + H.Command + "' (" + H.What + ") when it starts";
        Severity Level = Severity::Warning;
        if (!Operator.empty()) {
          Level = Severity::Error;
          Message += ", with " + llvm::join(Operator, ", ") + " set by the operator";
        }
        Diagnostic &D = diag(Ctx, Ctx.loc(H.Offset), H.Length, Message, Level);
        D.explain(NotInImage);
        D.explain("install and fetch at build time, pinned, so the image holds the code");
        for (const deploy::EnvEvidence &E : Because)
          D.Notes.push_back({E.What, E.Loc, 0});
      }
    }
  }
}

} // namespace teetidy::dstack
