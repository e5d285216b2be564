#include "checkers/dstack/UnmeasuredEnvFileCheck.h"

#include "checkers/FileContext.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace teetidy::dstack {

namespace {

/// \p Path with `.` and `..` components and repeated separators removed.
std::string normalise(std::string_view Path) {
  llvm::SmallString<128> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true, llvm::sys::path::Style::posix);
  return std::string(P);
}

bool isUnder(std::string_view Path, std::string_view Dir) {
  return Path == Dir ||
         (Path.substr(0, Dir.size()) == Dir && Path.size() > Dir.size() && Path[Dir.size()] == '/');
}

} // namespace

UnmeasuredEnvFileCheck::UnmeasuredEnvFileCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool UnmeasuredEnvFileCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

void UnmeasuredEnvFileCheck::check(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  for (const deploy::ComposeService &S : Compose->Services) {
    for (const deploy::EnvFileRef &F : S.EnvFiles) {
      std::string Path = normalise(F.Path);
      std::string Message = "service '" + S.Name + "' reads env_file '" + F.Path +
                            "', whose contents are not covered by compose_hash";
      // Inside the CVM the project directory is /dstack.
      bool Absolute = llvm::sys::path::is_absolute(Path, llvm::sys::path::Style::posix);
      std::string InCvm = Absolute ? Path : normalise("/dstack/" + Path);
      std::string Why;
      if (isUnder(InCvm, "/dstack/.host-shared")) {
        Why = "worse, it is in /dstack/.host-shared, which the host shares with the CVM "
              "(.decrypted-env there holds every operator-supplied value), so the operator decides "
              "these variables";
      } else if (InCvm == "/dstack/.env") {
        Why = "it is the project's .env in /dstack, which dstack never writes, so whatever "
              "creates it at boot (a pre_launch_script, or a container with a bind mount) decides "
              "these variables, and Compose also reads it for interpolation";
      } else if (Absolute && isUnder(InCvm, "/dstack")) {
        Why = "worse, it is under /dstack, where only files written at boot from unmeasured input "
              "(host-shared files, pre_launch_script output) can exist";
      } else if (!Absolute) {
        Why = "it is '" + InCvm +
              "' in the CVM (the project directory is /dstack), which only exists if something "
              "writes it at boot, and whatever does decides these variables";
      } else {
        Why = "whatever writes '" + InCvm + "' in the CVM decides these variables";
      }
      Diagnostic &D = diag(Ctx, F.Loc, F.Path.size(), Message).explain(Why);
      if (!F.Required)
        D.explain("required: false: the service also starts without it");
    }
  }
}

} // namespace teetidy::dstack
