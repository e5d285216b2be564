//===- FileDiscovery.cpp - Walk paths into the files to analyse -----------===//
//
// Directories are walked depth-first with entries sorted by name. Files and
// directories are identified by (device, inode), which removes duplicates
// (a path named twice, a file named directly and found in a walked
// directory, two symlinks to one target) and stops symlink loops.
//
//===----------------------------------------------------------------------===//

#include "source/FileDiscovery.h"

#include "source/GitIgnore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace teetidy {
namespace {

namespace sfs = llvm::sys::fs;
namespace stdfs = std::filesystem;

/// The part of \p Path after its last `/`.
std::string_view basename(std::string_view Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string_view::npos ? Path : Path.substr(Slash + 1);
}

/// Joins a directory as spelled by the user and an entry name with `/`.
std::string joinPath(const std::string &Dir, std::string_view Name) {
  std::string Result = Dir;
  if (!Result.empty() && Result.back() != '/')
    Result += '/';
  Result += Name;
  return Result;
}

/// An include or exclude glob, split the way gitignore splits a pattern.
struct UserGlob {
  std::string Glob;
  /// Contains a `/`: matched against the whole relative path only.
  bool Anchored = false;
  /// Had a trailing `/`: matches directories only.
  bool DirectoryOnly = false;
};

std::vector<UserGlob> compileGlobs(const std::vector<std::string> &Globs) {
  std::vector<UserGlob> Result;
  for (std::string_view G : Globs) {
    UserGlob U;
    if (!G.empty() && G.back() == '/') {
      U.DirectoryOnly = true;
      G.remove_suffix(1);
    }
    while (G.substr(0, 2) == "./")
      G.remove_prefix(2);
    U.Anchored = G.find('/') != std::string_view::npos;
    if (!G.empty() && G.front() == '/')
      G.remove_prefix(1);
    if (G.empty())
      continue;
    U.Glob = std::string(G);
    Result.push_back(std::move(U));
  }
  return Result;
}

/// True if one of \p Globs matches \p RelPath, or its basename for globs
/// without a `/`.
bool matchesAny(const std::vector<UserGlob> &Globs, std::string_view RelPath, bool IsDirectory) {
  std::string_view Name = basename(RelPath);
  for (const UserGlob &G : Globs) {
    if (G.DirectoryOnly && !IsDirectory)
      continue;
    if (matchPathGlob(G.Glob, RelPath) || (!G.Anchored && matchPathGlob(G.Glob, Name)))
      return true;
  }
  return false;
}

/// Formats a byte count as "512 bytes", "1.5 KiB", "1 MiB".
std::string formatSize(uint64_t Bytes) {
  if (Bytes < 1024)
    return std::to_string(Bytes) + (Bytes == 1 ? " byte" : " bytes");
  static constexpr const char *Units[] = {"KiB", "MiB", "GiB", "TiB"};
  constexpr size_t NumUnits = sizeof(Units) / sizeof(Units[0]);
  double Value = static_cast<double>(Bytes) / 1024.0;
  size_t Unit = 0;
  // Move up while the value would print as 1024.0 or more.
  while (Value >= 1023.95 && Unit + 1 < NumUnits) {
    Value /= 1024.0;
    ++Unit;
  }
  char Buf[32];
  std::snprintf(Buf, sizeof(Buf), "%.1f", Value);
  std::string Number = Buf;
  if (Number.size() > 2 && Number.substr(Number.size() - 2) == ".0")
    Number.resize(Number.size() - 2);
  return Number + " " + Units[Unit];
}

/// The minified-name suffix \p Path ends with (case-insensitively), or "".
std::string_view minifiedSuffix(std::string_view Path) {
  static constexpr std::string_view Suffixes[] = {".min.js", ".min.mjs",   ".min.cjs",
                                                  "-min.js", ".bundle.js", ".chunk.js"};
  std::string_view Name = basename(Path);
  for (std::string_view Suffix : Suffixes) {
    if (Name.size() < Suffix.size())
      continue;
    std::string_view Tail = Name.substr(Name.size() - Suffix.size());
    if (std::equal(Tail.begin(), Tail.end(), Suffix.begin(),
                   [](char A, char B) { return std::tolower(static_cast<unsigned char>(A)) == B; }))
      return Suffix;
  }
  return {};
}

/// One walk over the command-line paths; collects into a DiscoveryResult.
class Walker {
public:
  Walker(const DiscoveryOptions &Options, DiscoveryResult &Out)
      : Opts(Options), Result(Out), Includes(compileGlobs(Options.IncludeGlobs)),
        Excludes(compileGlobs(Options.ExcludeGlobs)) {}

  /// Handles one command-line path.
  void walkPath(const std::string &Arg);

private:
  struct Entry {
    std::string Name;
    stdfs::file_type Type;
  };

  void walkDirectory(const std::string &DirPath, const std::string &RelDir, bool IsRoot);
  void visitEntry(const std::string &DirPath, const std::string &RelDir, const Entry &E);
  void visitDirectory(const std::string &Path, const std::string &Rel,
                      const sfs::file_status &Status);
  void addFile(const std::string &Path, const sfs::file_status &Status, bool Explicit);
  void loadIgnoreFile(const std::string &Path, const std::string &BaseDir);
  bool isIgnored(std::string_view RelPath, bool IsDirectory) const;
  bool isSkipDirectory(std::string_view Name) const;
  void skip(std::string Path, SkipReason Reason, std::string Detail) {
    Result.Skipped.push_back({std::move(Path), Reason, std::move(Detail)});
  }

  const DiscoveryOptions &Opts;
  DiscoveryResult &Result;
  std::vector<UserGlob> Includes;
  std::vector<UserGlob> Excludes;
  /// Files already listed or skipped, directories already walked.
  std::set<sfs::UniqueID> SeenFiles;
  std::set<sfs::UniqueID> VisitedDirs;
  /// The directories being walked, outermost first, for loop detection.
  std::vector<std::pair<sfs::UniqueID, std::string>> Ancestors;
  /// Active ignore files, lowest precedence first.
  std::vector<GitIgnore> Ignores;
  /// The real path of the root being walked: a symbolic link to a directory
  /// outside it is not followed (a link to / would walk the whole system).
  std::string RootReal;
};

void Walker::walkPath(const std::string &Arg) {
  sfs::file_status Status;
  if (std::error_code EC = sfs::status(Arg, Status, /*Follow=*/true)) {
    sfs::file_status LinkStatus;
    if (!Arg.empty() && !sfs::status(Arg, LinkStatus, /*Follow=*/false) &&
        LinkStatus.type() == sfs::file_type::symlink_file)
      Result.Errors.push_back("broken symbolic link: '" + Arg + "'");
    else if (Arg.empty() || EC == std::errc::no_such_file_or_directory)
      Result.Errors.push_back("no such file or directory: '" + Arg + "'");
    else
      Result.Errors.push_back("cannot access '" + Arg + "': " + EC.message());
    return;
  }

  if (Status.type() == sfs::file_type::regular_file) {
    addFile(Arg, Status, /*Explicit=*/true);
    return;
  }
  if (Status.type() != sfs::file_type::directory_file) {
    Result.Errors.push_back("not a regular file or directory: '" + Arg + "'");
    return;
  }

  if (!VisitedDirs.insert(Status.getUniqueID()).second)
    return; // Already walked under another name.
  std::string Root = Arg;
  while (Root.size() > 1 && Root.back() == '/')
    Root.pop_back();
  Ignores.clear();
  if (Opts.UseGitIgnore)
    loadIgnoreFile(joinPath(Root, ".git/info/exclude"), "");
  Ancestors.assign(1, {Status.getUniqueID(), Root});
  llvm::SmallString<256> Real;
  RootReal = sfs::real_path(Root, Real) ? Root : std::string(Real);
  walkDirectory(Root, "", /*IsRoot=*/true);
  Ancestors.clear();
}

void Walker::walkDirectory(const std::string &DirPath, const std::string &RelDir, bool IsRoot) {
  std::vector<Entry> Entries;
  std::error_code EC;
  for (stdfs::directory_iterator It(DirPath, EC), End; !EC && It != End; It.increment(EC)) {
    std::error_code TypeEC;
    stdfs::file_type Type = It->symlink_status(TypeEC).type();
    if (TypeEC)
      Type = stdfs::file_type::unknown;
    Entries.push_back({It->path().filename().string(), Type});
  }
  if (EC) {
    if (IsRoot && Entries.empty()) {
      Result.Errors.push_back("cannot open directory '" + DirPath + "': " + EC.message());
      return;
    }
    // Keep going with whatever was listed before the error.
    skip(DirPath, SkipReason::Unreadable, EC.message());
  }
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.Name < B.Name; });

  size_t OuterIgnores = Ignores.size();
  if (Opts.UseGitIgnore && std::any_of(Entries.begin(), Entries.end(),
                                       [](const Entry &E) { return E.Name == ".gitignore"; }))
    loadIgnoreFile(joinPath(DirPath, ".gitignore"), RelDir);

  for (const Entry &E : Entries)
    visitEntry(DirPath, RelDir, E);

  Ignores.resize(OuterIgnores);
}

void Walker::visitEntry(const std::string &DirPath, const std::string &RelDir, const Entry &E) {
  std::string Path = joinPath(DirPath, E.Name);
  std::string Rel = RelDir.empty() ? E.Name : RelDir + "/" + E.Name;

  // One stat (following symlinks) per entry at most, and only when needed:
  // for the target type of symlinks, the identity of directories, and the
  // size of files that pass the cheap filters.
  sfs::file_status Status;
  std::error_code StatEC;
  bool Stated = false;
  auto statOnce = [&] {
    if (!Stated)
      StatEC = sfs::status(Path, Status, /*Follow=*/true);
    Stated = true;
  };
  bool IsDirectory = E.Type == stdfs::file_type::directory;
  if (!IsDirectory && E.Type != stdfs::file_type::regular) {
    statOnce();
    IsDirectory = !StatEC && Status.type() == sfs::file_type::directory_file;
    // Neither the listing nor a stat can say what it is (a path past
    // PATH_MAX): whatever it holds is not analysed, so it is listed.
    if (StatEC && E.Type == stdfs::file_type::unknown) {
      skip(Path, SkipReason::Unreadable, StatEC.message());
      return;
    }
  }
  if (IsDirectory) {
    if (isSkipDirectory(E.Name) || isIgnored(Rel, /*IsDirectory=*/true) ||
        matchesAny(Excludes, Rel, /*IsDirectory=*/true))
      return;
    statOnce();
    if (StatEC) {
      skip(Path, SkipReason::Unreadable, StatEC.message());
      return;
    }
    if (E.Type == stdfs::file_type::symlink) {
      llvm::SmallString<256> Target;
      bool Inside = !sfs::real_path(Path, Target) &&
                    (llvm::StringRef(Target) == RootReal ||
                     llvm::StringRef(Target).startswith(RootReal + "/") || RootReal == "/");
      if (!Inside) {
        skip(Path, SkipReason::OutsideTree,
             "symbolic link to '" + std::string(Target) + "', outside the analysed tree");
        return;
      }
    }
    visitDirectory(Path, Rel, Status);
    return;
  }

  if (isIgnored(Rel, /*IsDirectory=*/false) || matchesAny(Excludes, Rel, /*IsDirectory=*/false) ||
      (!Includes.empty() && !matchesAny(Includes, Rel, /*IsDirectory=*/false)))
    return;
  if (Opts.IsCandidate && !Opts.IsCandidate(Path))
    return;

  statOnce();
  if (StatEC) {
    if (StatEC == std::errc::too_many_symbolic_link_levels) {
      skip(Path, SkipReason::SymlinkLoop, StatEC.message());
    } else if (E.Type == stdfs::file_type::symlink) {
      std::error_code LinkEC;
      stdfs::path Target = stdfs::read_symlink(Path, LinkEC);
      skip(Path, SkipReason::Unreadable,
           LinkEC ? "broken symbolic link" : "broken symbolic link to '" + Target.string() + "'");
    } else {
      skip(Path, SkipReason::Unreadable, StatEC.message());
    }
    return;
  }
  if (Status.type() != sfs::file_type::regular_file) {
    // FIFOs, sockets and devices could block or never end when read.
    if (SeenFiles.insert(Status.getUniqueID()).second)
      skip(Path, SkipReason::Unreadable, "not a regular file");
    return;
  }
  addFile(Path, Status, /*Explicit=*/false);
}

void Walker::visitDirectory(const std::string &Path, const std::string &Rel,
                            const sfs::file_status &Status) {
  sfs::UniqueID ID = Status.getUniqueID();
  auto Ancestor = std::find_if(Ancestors.begin(), Ancestors.end(),
                               [&](const auto &A) { return A.first == ID; });
  if (Ancestor != Ancestors.end()) {
    skip(Path, SkipReason::SymlinkLoop, "leads back to '" + Ancestor->second + "'");
    return;
  }
  if (!VisitedDirs.insert(ID).second)
    return; // Reached before through another path; its files are listed.
  Ancestors.emplace_back(ID, Path);
  walkDirectory(Path, Rel, /*IsRoot=*/false);
  Ancestors.pop_back();
}

void Walker::addFile(const std::string &Path, const sfs::file_status &Status, bool Explicit) {
  if (!SeenFiles.insert(Status.getUniqueID()).second)
    return;
  // A file named on the command line is wanted even if its name looks
  // minified; only the size limit protects the run.
  if (!Explicit) {
    std::string_view Suffix = minifiedSuffix(Path);
    if (!Suffix.empty()) {
      skip(Path, SkipReason::Minified, "name matches *" + std::string(Suffix));
      return;
    }
  }
  uint64_t Size = Status.getSize();
  if (Opts.MaxFileSize != 0 && Size > Opts.MaxFileSize) {
    skip(Path, SkipReason::TooLarge, formatSize(Size) + ", limit " + formatSize(Opts.MaxFileSize));
    return;
  }
  Result.Files.push_back(Path);
}

void Walker::loadIgnoreFile(const std::string &Path, const std::string &BaseDir) {
  // Only regular files: reading a FIFO named .gitignore would block.
  sfs::file_status Status;
  if (sfs::status(Path, Status, /*Follow=*/true) || Status.type() != sfs::file_type::regular_file)
    return;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return; // An unreadable ignore file ignores nothing.
  llvm::StringRef Content = (*Buffer)->getBuffer();
  Ignores.emplace_back(std::string_view(Content.data(), Content.size()), BaseDir);
}

bool Walker::isIgnored(std::string_view RelPath, bool IsDirectory) const {
  if (!Opts.UseGitIgnore)
    return false;
  // Deeper files first; the first one with an opinion decides.
  for (auto It = Ignores.rbegin(), End = Ignores.rend(); It != End; ++It) {
    GitIgnore::Match M = It->match(RelPath, IsDirectory);
    if (M != GitIgnore::Match::None)
      return M == GitIgnore::Match::Ignored;
  }
  return false;
}

bool Walker::isSkipDirectory(std::string_view Name) const {
  return std::find(Opts.SkipDirectories.begin(), Opts.SkipDirectories.end(), Name) !=
         Opts.SkipDirectories.end();
}

} // namespace

DiscoveryResult discoverFiles(const std::vector<std::string> &Paths, const DiscoveryOptions &Opts) {
  DiscoveryResult Result;
  Walker W(Opts, Result);
  for (const std::string &Path : Paths)
    W.walkPath(Path);
  return Result;
}

bool looksMinifiedByName(const std::string &Path) { return !minifiedSuffix(Path).empty(); }

bool isTestCode(llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  if (Name.startswith("test_") || Name.endswith("_test.py") || Name.endswith("_test.go") ||
      Name == "conftest.py")
    return true;
  // example.test.ts, example.spec.js, ...
  llvm::StringRef Stem = llvm::sys::path::stem(Name);
  if (Stem.endswith(".test") || Stem.endswith(".spec"))
    return true;
  for (auto It = llvm::sys::path::begin(Path), End = llvm::sys::path::end(Path); It != End; ++It)
    if (*It == "tests" || *It == "test" || *It == "__tests__" || *It == "fixtures" ||
        *It == "__fixtures__" || *It == "benches")
      return true;
  return false;
}

bool isWithin(llvm::StringRef Path, llvm::StringRef Dir) {
  if (!Path.startswith(Dir))
    return false;
  return Path.size() == Dir.size() || Dir.endswith("/") || Path[Dir.size()] == '/';
}

} // namespace teetidy
