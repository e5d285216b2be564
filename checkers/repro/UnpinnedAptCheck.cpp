#include "checkers/repro/UnpinnedAptCheck.h"

#include "checkers/FileContext.h"
#include "checkers/repro/ReproCatalog.h"
#include "checkers/repro/ShellCommands.h"

namespace teetidy::repro {

namespace {

constexpr const char *Consequence =
    "the image gets whatever the mirror serves on the day of the build, so it cannot be rebuilt "
    "from this source and compared with the attested one";

/// Whether the Dockerfile's instructions (not its comments) mention a
/// snapshot host of \p M.
bool mentionsSnapshotHost(const deploy::DockerfileModel &Model, const SystemManager &M) {
  for (const deploy::DockerInstruction &I : Model.Instructions)
    for (const std::string &Host : M.SnapshotHosts) {
      if (I.Arguments.find(Host) != std::string::npos)
        return true;
      for (const std::string &Body : I.Heredocs)
        if (Body.find(Host) != std::string::npos)
          return true;
    }
  return false;
}

} // namespace

UnpinnedAptCheck::UnpinnedAptCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts),
      RequireSnapshot(options().getBool("RequireSnapshot", false)) {}

bool UnpinnedAptCheck::appliesTo(Language L) const {
  return L == Language::Dockerfile || L == Language::Yaml || L == Language::Json;
}

void UnpinnedAptCheck::check(FileContext &Ctx) {
  // A Dockerfile, or the inline Dockerfiles of a compose file.
  for (const deploy::DockerfileModel *Model : Ctx.dockerfiles())
    checkModel(Ctx, *Model);
}

void UnpinnedAptCheck::checkModel(FileContext &Ctx, const deploy::DockerfileModel &TheModel) {
  const deploy::DockerfileModel *Model = &TheModel;
  auto Catalog = loadPackageManagers(Ctx);
  if (!Catalog)
    return;
  std::vector<bool> SnapshotInFile;
  for (const SystemManager &M : Catalog->System)
    SnapshotInFile.push_back(mentionsSnapshotHost(*Model, M));

  for (const deploy::DockerInstruction &I : Model->Instructions) {
    for (const ShellCommand &C : runCommands(I)) {
      size_t Start = commandStart(C, Catalog->Prefixes);
      if (Start >= C.Words.size())
        continue;
      const ShellWord &Cmd = C.Words[Start];
      std::string Name(commandName(Cmd.Text));
      size_t MI = 0;
      while (MI < Catalog->System.size() && !contains(Catalog->System[MI].Commands, Name))
        ++MI;
      if (MI == Catalog->System.size())
        continue;
      const SystemManager &M = Catalog->System[MI];

      std::string Sub;
      bool SnapshotOption = false;
      std::vector<std::string> Unpinned;
      size_t Packages = 0;
      for (size_t W = Start + 1; W < C.Words.size(); ++W) {
        const std::string &T = C.Words[W].Text;
        if (T.size() > 1 && T[0] == '-') {
          std::string Opt = T.substr(0, T.find('='));
          SnapshotOption |= contains(M.SnapshotOptions, Opt);
          if (Opt.size() == T.size() && contains(M.OptionsWithValue, Opt))
            ++W;
          continue;
        }
        if (Sub.empty()) {
          Sub = T;
          continue;
        }
        ++Packages;
        // Names held in variables cannot be judged here.
        if (T.find('$') != std::string::npos || matches(M.Pin, T) || matches(M.Local, T))
          continue;
        Unpinned.push_back(T);
      }
      bool Snapshot = SnapshotInFile[MI] || SnapshotOption;
      if (Snapshot)
        continue;
      std::string Invocation = "'" + Name + " " + Sub + "'";
      std::string Fix =
          M.SnapshotHosts.empty()
              ? "pin each package as name=version"
              : "install from a snapshot (" + M.SnapshotHosts.front() +
                    " in the sources, or --snapshot) or pin each package as name=version";
      if (contains(M.Upgrade, Sub)) {
        diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length,
             Invocation + " moves every installed package to the newest version")
            .explain(Consequence)
            .explain(Fix);
      } else if (contains(M.Install, Sub) && !Unpinned.empty()) {
        diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length,
             Invocation + " installs " + joinQuoted(Unpinned) + " without a pinned version")
            .explain(Consequence)
            .explain(Fix);
      } else if (RequireSnapshot && !M.SnapshotHosts.empty() &&
                 (contains(M.Refresh, Sub) || (contains(M.Install, Sub) && Packages))) {
        diag(Ctx, Ctx.loc(Cmd.Offset), Cmd.Length, Invocation + " reads the live package index")
            .explain("dependencies of pinned packages still float")
            .explain(Consequence)
            .explain(Fix);
      }
    }
  }
}

} // namespace teetidy::repro
