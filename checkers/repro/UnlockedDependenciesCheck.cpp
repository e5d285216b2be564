#include "checkers/repro/UnlockedDependenciesCheck.h"

#include "checkers/FileContext.h"
#include "checkers/repro/ReproCatalog.h"
#include "checkers/repro/ShellCommands.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <optional>

namespace teetidy::repro {

namespace {

constexpr const char *Consequence =
    "what gets installed depends on the day of the build, so the image cannot be rebuilt from "
    "this source and compared with the attested one";
constexpr const char *VerifyScript = "download to a file, verify its sha256, then run it";

bool isLocalPath(llvm::StringRef S) {
  return S == "." || S == ".." || S.startswith("./") || S.startswith("../") || S.startswith("/") ||
         S.startswith("file:");
}

/// Whether requirement file \p Path is a lock file with hashes: its name says
/// so, or the file at that path relative to the Dockerfile's directory (the
/// usual build context) holds a hashed requirement. The file is read through
/// the run, once.
bool hashedRequirementFile(FileContext &Ctx, const std::string &Path,
                           const std::string &DockerfilePath, const PipCatalog &Pip) {
  if (matches(Pip.LockedFile, llvm::sys::path::filename(Path)))
    return true;
  llvm::SmallString<256> Local(llvm::sys::path::parent_path(DockerfilePath));
  llvm::sys::path::append(Local, llvm::StringRef(Path).ltrim('/'));
  auto File = Ctx.services().files().load(std::string(Local), Language::Text);
  if (!File) {
    llvm::consumeError(File.takeError()); // not in the build context: not known to be locked
    return false;
  }
  return matches(Pip.HashLine, (*File)->content());
}

} // namespace

UnlockedDependenciesCheck::UnlockedDependenciesCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool UnlockedDependenciesCheck::appliesTo(Language L) const {
  return L == Language::Dockerfile || L == Language::Yaml || L == Language::Json;
}

void UnlockedDependenciesCheck::check(FileContext &Ctx) {
  // A Dockerfile, or the inline Dockerfiles of a compose file.
  for (const deploy::DockerfileModel *Model : Ctx.dockerfiles())
    checkModel(Ctx, *Model);
}

void UnlockedDependenciesCheck::checkModel(FileContext &Ctx,
                                           const deploy::DockerfileModel &TheModel) {
  const deploy::DockerfileModel *Model = &TheModel;
  auto Catalog = loadPackageManagers(Ctx);
  if (!Catalog)
    return;
  // Every command of every RUN, in order: a clone is pinned by a later one.
  std::vector<ShellCommand> All;
  for (const deploy::DockerInstruction &I : Model->Instructions)
    if (I.Keyword == "RUN")
      for (ShellCommand &C : runCommands(I))
        All.push_back(std::move(C));
  checkGitClones(Ctx, *Catalog, All);
  for (const deploy::DockerInstruction &I : Model->Instructions) {
    if (I.Keyword == "ADD") {
      bool Checksum = false;
      for (const auto &[Flag, Value] : I.Flags)
        Checksum |= Flag == "checksum" && llvm::StringRef(Value).startswith("sha256:");
      std::vector<ShellWord> Words = operandWords(I);
      // The last operand is the destination.
      for (size_t W = 0; !Checksum && W + 1 < Words.size(); ++W)
        if (matches(Catalog->RemoteSource, Words[W].Text))
          diag(Ctx, Ctx.loc(Words[W].Offset), Words[W].Length,
               "ADD fetches '" + Words[W].Text + "' without --checksum=sha256:<digest>")
              .explain(Consequence);
      continue;
    }
    std::vector<ShellCommand> Commands = runCommands(I);
    for (const ShellCommand &C : Commands) {
      size_t S = commandStart(C, Catalog->Prefixes);
      if (S >= C.Words.size())
        continue;
      std::string Name(commandName(C.Words[S].Text));
      const PipCatalog &Pip = Catalog->Pip;
      if (matches(Pip.Command, Name)) {
        checkPip(Ctx, *Catalog, C, S, S + 1);
      } else if (matches(Pip.Interpreter, Name)) {
        // python -m pip ...
        for (size_t W = S + 1;
             W + 1 < C.Words.size() && llvm::StringRef(C.Words[W].Text).startswith("-"); ++W)
          if (C.Words[W].Text == "-m") {
            if (matches(Pip.Command, C.Words[W + 1].Text))
              checkPip(Ctx, *Catalog, C, S, W + 2);
            break;
          }
      } else if (contains(Pip.Wrappers, Name) && S + 1 < C.Words.size() &&
                 matches(Pip.Command, C.Words[S + 1].Text)) {
        checkPip(Ctx, *Catalog, C, S, S + 2);
      } else {
        checkNode(Ctx, *Catalog, C, S);
      }
    }
    checkPipedScripts(Ctx, *Catalog, Commands);
  }
}

void UnlockedDependenciesCheck::checkPip(FileContext &Ctx, const PackageManagers &P,
                                         const ShellCommand &C, size_t Start, size_t Args) {
  const PipCatalog &Pip = P.Pip;
  bool Hashes = false, NoDeps = false, SawSub = false;
  std::vector<std::string> Unpinned, Pinned, Local, UnhashedFiles;
  for (size_t W = Args; W < C.Words.size(); ++W) {
    const std::string &T = C.Words[W].Text;
    if (T.size() > 1 && T[0] == '-') {
      std::string Opt = T.substr(0, T.find('='));
      std::string Value;
      bool Inline = Opt.size() < T.size();
      // Short options may carry their value attached (`-rreq.txt`).
      if (!Inline && T[1] != '-' && T.size() > 2 &&
          contains(Pip.OptionsWithValue, T.substr(0, 2))) {
        Opt = T.substr(0, 2);
        Value = T.substr(2);
        Inline = true;
      } else if (Inline) {
        Value = T.substr(Opt.size() + 1);
      }
      Hashes |= contains(Pip.HashOptions, Opt);
      NoDeps |= contains(Pip.NoDepsOptions, Opt);
      if (!contains(Pip.OptionsWithValue, Opt))
        continue;
      if (!Inline) {
        if (++W >= C.Words.size())
          break;
        Value = C.Words[W].Text;
      }
      if (contains(Pip.RequirementOptions, Opt)) {
        if (hashedRequirementFile(Ctx, Value, Ctx.file().path(), Pip))
          Hashes = true; // pip then checks hashes for the whole install
        else
          UnhashedFiles.push_back(Value);
      } else if (contains(Pip.EditableOptions, Opt)) {
        Local.push_back(Value);
      }
      continue;
    }
    if (!SawSub) {
      SawSub = true;
      if (!contains(Pip.Install, T))
        return;
      continue;
    }
    if (T.find('$') != std::string::npos)
      continue;
    if (matches(Pip.Pin, T) || matches(Pip.FixedReference, T)) {
      std::string Project =
          llvm::StringRef(T).take_until([](char Ch) { return Ch == '=' || Ch == '['; }).lower();
      if (!contains(Pip.NoDependencies, Project))
        Pinned.push_back(T);
    } else if (isLocalPath(T) || matches(Pip.Archive, T))
      Local.push_back(T);
    else
      Unpinned.push_back(T);
  }
  if (!SawSub || Hashes)
    return;
  bool LocalProjects = false;
  for (const std::string &L : Local)
    LocalProjects |= !matches(Pip.Archive, L);
  // Without dependencies, exact versions and archives fix what is installed.
  if (Unpinned.empty() && UnhashedFiles.empty() && NoDeps)
    return;
  if (Unpinned.empty() && UnhashedFiles.empty() && Pinned.empty() && Local.empty())
    return;
  std::string What;
  if (!Unpinned.empty())
    What = "installs " + joinQuoted(Unpinned) + " without a pinned version";
  if (!UnhashedFiles.empty())
    What += std::string(What.empty() ? "" : ", ") + "installs from " + joinQuoted(UnhashedFiles) +
            " without hashes";
  if (What.empty())
    What = std::string("resolves the dependencies of ") +
           (LocalProjects || Pinned.empty() ? "the local project" : joinQuoted(Pinned)) +
           " without a lock file";
  const ShellWord &Cmd = C.Words[Start];
  diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length, "'pip install' " + What)
      .explain(Consequence)
      .explain("install from a lock file with hashes (pip-compile or 'uv pip compile' with "
               "--generate-hashes) using --require-hashes");
}

void UnlockedDependenciesCheck::checkNode(FileContext &Ctx, const PackageManagers &P,
                                          const ShellCommand &C, size_t Start) {
  std::string Name(commandName(C.Words[Start].Text));
  const NodeManager *M = nullptr;
  for (const NodeManager &N : P.Node)
    if (N.Command == Name)
      M = &N;
  if (!M)
    return;
  std::optional<std::string> Sub;
  bool Frozen = false;
  std::vector<std::string> Unpinned;
  size_t Packages = 0;
  for (size_t W = Start + 1; W < C.Words.size(); ++W) {
    const std::string &T = C.Words[W].Text;
    if (T.size() > 1 && T[0] == '-') {
      std::string Opt = T.substr(0, T.find('='));
      Frozen |= contains(M->FrozenOptions, Opt);
      if (Opt.size() == T.size() && contains(P.NodeOptionsWithValue, Opt))
        ++W;
      continue;
    }
    if (!Sub && contains(M->Scopes, T))
      continue;
    if (!Sub) {
      Sub = T;
      continue;
    }
    ++Packages;
    if (T.find('$') == std::string::npos && !matches(P.NodePin, T))
      Unpinned.push_back(T);
  }
  if (!contains(M->Install, Sub.value_or("")))
    return;
  const ShellWord &Cmd = C.Words[Start];
  std::string Invocation = "'" + Name + (Sub && !Sub->empty() ? " " + *Sub : "") + "'";
  if (Packages) {
    if (!Unpinned.empty())
      diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length,
           Invocation + " installs " + joinQuoted(Unpinned) + " without an exact version")
          .explain(Consequence)
          .explain("pin each as name@x.y.z or add it to the lock file");
    return;
  }
  if (!Frozen)
    diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length,
         Invocation + " may resolve versions other than the lock file's")
        .explain(Consequence)
        .explain(M->Advice);
}

void UnlockedDependenciesCheck::checkPipedScripts(FileContext &Ctx, const PackageManagers &P,
                                                  const std::vector<ShellCommand> &Commands) {
  auto NameOf = [&](const ShellCommand &C) -> std::string {
    size_t S = commandStart(C, P.Prefixes);
    return S < C.Words.size() ? std::string(commandName(C.Words[S].Text)) : std::string();
  };
  for (size_t K = 0; K < Commands.size(); ++K) {
    const ShellCommand &C = Commands[K];
    std::string Name = NameOf(C);
    if (!contains(P.Interpreters, Name))
      continue;
    if (C.PipedInto && K > 0 && contains(P.Fetchers, NameOf(Commands[K - 1]))) {
      const ShellCommand &F = Commands[K - 1];
      const ShellWord &W = F.Words[commandStart(F, P.Prefixes)];
      diag(Ctx, Ctx.loc(W.Offset), W.Length,
           "'" + NameOf(F) + " | " + Name +
               "' runs a script downloaded at build time without checking a checksum")
          .explain(Consequence)
          .explain(VerifyScript);
      continue;
    }
    // sh -c "$(curl ...)", bash <(curl ...)
    auto Fetched = [&](const ShellWord &W) -> const std::string * {
      for (const std::string &Fetcher : P.Fetchers)
        for (const char *Open : {"$(", "<(", "`"})
          if (W.Text.find(Open + Fetcher + " ") != std::string::npos)
            return &Fetcher;
      return nullptr;
    };
    for (const ShellWord &W : C.Words)
      if (const std::string *Fetcher = Fetched(W)) {
        diag(Ctx, Ctx.loc(W.Offset), W.Length,
             "'" + Name + "' runs a script fetched by " + *Fetcher +
                 " at build time without checking a checksum")
            .explain(Consequence)
            .explain(VerifyScript);
        break;
      }
  }
}

void UnlockedDependenciesCheck::checkGitClones(FileContext &Ctx, const PackageManagers &P,
                                               const std::vector<ShellCommand> &Commands) {
  struct Clone {
    const ShellWord *Url;
    std::string Dir; ///< last component of the directory it clones into
    bool Pinned = false;
  };
  std::vector<Clone> Clones;
  auto Last = [](llvm::StringRef Path) {
    Path = Path.rtrim('/');
    return Path.substr(Path.rfind('/') + 1).str();
  };
  for (const ShellCommand &C : Commands) {
    size_t S = commandStart(C, P.Prefixes);
    if (S >= C.Words.size() || commandName(C.Words[S].Text) != P.Git)
      continue;
    // `git -C dir <sub>`, `git -c k=v <sub>`
    std::string InDir;
    size_t W = S + 1;
    for (; W < C.Words.size() && llvm::StringRef(C.Words[W].Text).startswith("-"); ++W)
      if ((C.Words[W].Text == "-C" || C.Words[W].Text == "-c") && W + 1 < C.Words.size()) {
        if (C.Words[W].Text == "-C")
          InDir = Last(C.Words[W + 1].Text);
        ++W;
      }
    if (W >= C.Words.size())
      continue;
    const std::string &Sub = C.Words[W].Text;
    if (contains(P.GitClone, Sub)) {
      // The repository is the first operand; the directory, the second.
      std::vector<const ShellWord *> Operands;
      bool AtCommit = false;
      for (size_t X = W + 1; X < C.Words.size(); ++X) {
        llvm::StringRef T(C.Words[X].Text);
        if (T == "-b" || T == "--branch" || T == "--depth" || T == "-o" || T == "--origin" ||
            T == "-c" || T == "--config" || T == "--reference" || T == "-u" ||
            T == "--upload-pack" || T == "--separate-git-dir" || T == "-j" || T == "--jobs")
          ++X;
        else if (T.startswith("--revision="))
          AtCommit = matches(P.GitCommit, T.substr(11).str()); // git >= 2.49
        else if (!T.startswith("-"))
          Operands.push_back(&C.Words[X]);
      }
      if (Operands.empty())
        continue;
      std::string Dir = Operands.size() > 1
                            ? Last(Operands[1]->Text)
                            : llvm::StringRef(Last(Operands[0]->Text)).rsplit(".git").first.str();
      Clones.push_back({Operands[0], Dir, AtCommit});
      continue;
    }
    if (!contains(P.GitPinSubcommands, Sub) || Clones.empty())
      continue;
    bool Commit = false;
    for (size_t X = W + 1; X < C.Words.size(); ++X)
      Commit |= matches(P.GitCommit, C.Words[X].Text);
    if (!Commit)
      continue;
    // The clone it runs in: the one `-C` names, else the latest.
    Clone *Target = &Clones.back();
    if (!InDir.empty())
      for (Clone &K : Clones)
        if (K.Dir == InDir)
          Target = &K;
    Target->Pinned = true;
  }
  for (const Clone &K : Clones)
    if (!K.Pinned)
      diag(Ctx, Ctx.loc(K.Url->Offset), K.Url->Length,
           "git clone of '" + K.Url->Text +
               "' builds whatever its branch or tag points at when the image is built")
          .explain(Consequence)
          .explain("check out a commit after cloning (`git checkout <sha>`), or clone with "
                   "--revision=<sha>");
}

} // namespace teetidy::repro
