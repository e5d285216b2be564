#include "tools/tee-tidy/ProjectContext.h"

#include "deploy/AppCompose.h"
#include "deploy/ComposeFile.h"
#include "source/WorkingDirectory.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>

namespace teetidy {

namespace {

namespace sfs = llvm::sys::fs;
namespace spath = llvm::sys::path;

/// \p Path made absolute, `.` and `..` removed lexically.
std::string lexicallyAbsolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  makeAbsolute(Abs);
  spath::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// The directory above the directory spelled \p Dir, spelled from it. The
/// working directory named by no prefix at all (`app.py`) is spelled "".
std::string parentSpelling(llvm::StringRef Dir) {
  if (Dir.empty())
    return "..";
  llvm::StringRef Name = spath::filename(Dir);
  if (Name == "..")
    return (Dir + "/..").str();
  llvm::StringRef Parent = spath::parent_path(Dir);
  if (Name == ".")
    return Parent.empty() ? ".." : parentSpelling(Parent);
  return Parent.str();
}

bool holdsMarker(const std::string &Dir) {
  for (const char *Marker : {".tee-tidy", ".git"}) {
    llvm::SmallString<256> P(Dir);
    spath::append(P, Marker);
    if (sfs::exists(P))
      return true;
  }
  return false;
}

bool isDeploymentFileName(llvm::StringRef Name) {
  std::string_view N(Name.data(), Name.size());
  return deploy::isComposeFileName(N) || deploy::isAppComposeFileName(N) ||
         languageForPath(N) == Language::Dockerfile;
}

bool holdsDeploymentFile(const std::string &Dir) {
  std::error_code EC;
  for (sfs::directory_iterator It(Dir, EC), End; !EC && It != End; It.increment(EC))
    if (It->type() != sfs::file_type::directory_file &&
        isDeploymentFileName(spath::filename(It->path())))
      return true;
  return false;
}

} // namespace

std::optional<std::string> projectRootOf(const std::string &Path, const std::string &Home) {
  // The file's directory and those above it, absolute and as spelled,
  // nearest first, stopping below the home directory and /.
  std::vector<std::pair<std::string, std::string>> Dirs;
  std::string Abs = spath::parent_path(lexicallyAbsolute(Path)).str();
  std::string Spelled = spath::parent_path(Path).str();
  while (!Abs.empty() && Abs != "/" && Abs != Home) {
    Dirs.emplace_back(Abs, Spelled);
    Abs = spath::parent_path(Abs).str();
    Spelled = parentSpelling(Spelled);
  }
  if (Dirs.empty())
    return std::nullopt;
  for (const auto &[Dir, Spelling] : Dirs)
    if (holdsMarker(Dir))
      return Spelling;
  for (auto It = Dirs.rbegin(); It != Dirs.rend(); ++It)
    if (holdsDeploymentFile(It->first))
      return It->second;
  return Dirs.front().second;
}

std::vector<FileTask> withProjectContext(std::vector<FileTask> Tasks,
                                         const std::vector<std::string> &NamedFiles,
                                         const DiscoveryOptions &Disc, const std::string &Home) {
  std::vector<std::string> Roots;
  llvm::StringSet<> SeenDirs, SeenRoots;
  bool Unprefixed = false; // the working directory, spelled ""
  for (const std::string &F : NamedFiles) {
    if (!SeenDirs.insert(spath::parent_path(F)).second)
      continue; // the files of one directory have one root
    std::optional<std::string> Root = projectRootOf(F, Home);
    if (!Root || !SeenRoots.insert(lexicallyAbsolute(*Root)).second)
      continue;
    Unprefixed |= Root->empty();
    Roots.push_back(Root->empty() ? "." : std::move(*Root));
  }
  if (Roots.empty())
    return Tasks;

  // Tasks are matched to walked files by identity, so that a file is one
  // task however it is spelled (through a symbolic link, with `..`).
  std::map<sfs::UniqueID, size_t> TaskOf;
  for (size_t I = 0; I < Tasks.size(); ++I) {
    sfs::UniqueID ID;
    if (!sfs::getUniqueID(Tasks[I].Path, ID))
      TaskOf.try_emplace(ID, I);
  }
  llvm::StringSet<> Named;
  for (const std::string &F : NamedFiles)
    Named.insert(lexicallyAbsolute(F));

  DiscoveryResult Context = discoverFiles(Roots, Disc);
  std::vector<FileTask> Out;
  Out.reserve(Tasks.size() + Context.Files.size());
  std::vector<bool> Placed(Tasks.size(), false);
  for (std::string &F : Context.Files) {
    if (Unprefixed && llvm::StringRef(F).startswith("./"))
      F.erase(0, 2);
    sfs::UniqueID ID;
    auto It = sfs::getUniqueID(F, ID) ? TaskOf.end() : TaskOf.find(ID);
    if (It == TaskOf.end()) {
      FileTask T;
      T.Path = std::move(F);
      T.Context = true;
      Out.push_back(std::move(T));
      continue;
    }
    if (Placed[It->second])
      continue;
    Placed[It->second] = true;
    FileTask &T = Tasks[It->second];
    if (T.Explicit && !Named.count(lexicallyAbsolute(T.Path)))
      T.Path = std::move(F);
    Out.push_back(std::move(T));
  }
  for (size_t I = 0; I < Tasks.size(); ++I)
    if (!Placed[I])
      Out.push_back(std::move(Tasks[I]));
  return Out;
}

} // namespace teetidy
