#include "checkers/repro/MissingSourceDateEpochCheck.h"

#include "checkers/FileContext.h"
#include "checkers/repro/ReproCatalog.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace teetidy::repro {

namespace {

std::string absoluteParent(const std::string &Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return llvm::sys::path::parent_path(Abs).str();
}

bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  return Path == Dir || (Path.startswith(Dir) && (Dir.endswith("/") || Path[Dir.size()] == '/'));
}

/// The repository root of \p File: the nearest directory above it holding
/// .git, else the deepest directory holding every file of the run.
std::string repositoryRoot(const std::string &File, const std::vector<std::string> &RunFiles,
                           FileStore &Files) {
  std::string Dir = absoluteParent(File);
  for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (Files.exists(std::string(Git)))
      return D.str();
    if (llvm::sys::path::parent_path(D) == D)
      break;
  }
  std::string Common = Dir;
  for (const std::string &F : RunFiles) {
    std::string P = absoluteParent(F);
    while (!isUnder(P, Common) && !Common.empty()) {
      llvm::StringRef Up = llvm::sys::path::parent_path(Common);
      if (Up == Common)
        break;
      Common = Up.str();
    }
  }
  return isUnder(Dir, Common) ? Common : Dir;
}

/// \p Text without `#` comments (a `#` at a line start or after a blank).
std::string withoutComments(llvm::StringRef Text) {
  std::string Out;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    size_t Hash = 0;
    while ((Hash = L.find('#', Hash)) != llvm::StringRef::npos) {
      if (Hash == 0 || L[Hash - 1] == ' ' || L[Hash - 1] == '\t')
        break;
      ++Hash;
    }
    Out += L.substr(0, Hash).str();
    Out += '\n';
  }
  return Out;
}

bool namesDockerfile(llvm::StringRef Path) {
  std::string Name = llvm::sys::path::filename(Path).lower();
  return Name.find("dockerfile") != std::string::npos ||
         Name.find("containerfile") != std::string::npos;
}

/// Whether workflow \p Text builds the Dockerfile at \p Rel (relative to the
/// repository root): it names that file, names one it cannot resolve
/// (`${{ ... }}`), or names none while \p Rel is a default `Dockerfile`.
bool buildsDockerfile(const std::string &Text, const std::string &Rel,
                      const BuildReproducibility &C) {
  bool NamesAny = false;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  llvm::StringRef(Text).split(Lines, '\n');
  for (llvm::StringRef L : Lines)
    for (const Pattern &P : C.WorkflowDockerfile) {
      llvm::SmallVector<llvm::StringRef, 6> Groups;
      if (!matches(P, L, Groups) || Groups.empty())
        continue;
      llvm::StringRef Ref = Groups.back();
      if (Ref.contains('$'))
        return true;
      if (!namesDockerfile(Ref))
        continue;
      NamesAny = true;
      while (Ref.consume_front("./"))
        ;
      llvm::StringRef R(Rel);
      if (R == Ref || (R.endswith(Ref) && R.drop_back(Ref.size()).endswith("/")) ||
          (Ref.endswith(R) && Ref.drop_back(R.size()).endswith("/")))
        return true;
    }
  return !NamesAny && llvm::sys::path::filename(Rel).equals_insensitive("Dockerfile");
}

} // namespace

MissingSourceDateEpochCheck::MissingSourceDateEpochCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {}

bool MissingSourceDateEpochCheck::appliesTo(Language L) const {
  return L == Language::Dockerfile || L == Language::Yaml || L == Language::Json;
}

void MissingSourceDateEpochCheck::check(FileContext &Ctx) {
  // A Dockerfile, or the inline Dockerfiles of a compose file.
  for (const deploy::DockerfileModel *Model : Ctx.dockerfiles())
    checkModel(Ctx, *Model);
}

void MissingSourceDateEpochCheck::checkModel(FileContext &Ctx,
                                             const deploy::DockerfileModel &TheModel) {
  const deploy::DockerfileModel *Model = &TheModel;
  if (Model->Stages.empty())
    return;
  auto Catalog = loadBuildReproducibility(Ctx);
  if (!Catalog)
    return;
  for (const std::vector<deploy::KeyValue> *Defs : {&Model->Args, &Model->Env})
    for (const deploy::KeyValue &KV : *Defs)
      if (contains(Catalog->EpochVariables, KV.Key))
        return;

  // A CI workflow of the repository that builds this Dockerfile may set it.
  std::string Root =
      repositoryRoot(Ctx.file().path(), Ctx.services().runFiles(), Ctx.services().files());
  llvm::SmallString<256> AbsFile(Ctx.file().path());
  llvm::sys::fs::make_absolute(AbsFile);
  llvm::sys::path::remove_dots(AbsFile, true);
  std::string Rel =
      llvm::StringRef(AbsFile).drop_front(std::min(Root.size() + 1, AbsFile.size())).str();
  llvm::SmallString<256> WorkflowDir(Root);
  llvm::sys::path::append(WorkflowDir, ".github", "workflows");
  bool BuiltByWorkflow = false;
  // Workflows are read through the run (a walked tree has loaded them).
  FileStore &Files = Ctx.services().files();
  for (const std::string &Path : Files.list(std::string(WorkflowDir))) {
    llvm::StringRef Ext = llvm::sys::path::extension(Path);
    if (Ext != ".yml" && Ext != ".yaml")
      continue;
    auto Workflow = Files.load(Path, Language::Yaml);
    if (!Workflow) {
      llvm::consumeError(Workflow.takeError());
      continue;
    }
    std::string Text = withoutComments((*Workflow)->content());
    bool Builds = std::any_of(
        Catalog->WorkflowBuild.begin(), Catalog->WorkflowBuild.end(), [&](const Pattern &P) {
          llvm::SmallVector<llvm::StringRef, 64> Lines;
          llvm::StringRef(Text).split(Lines, '\n');
          return std::any_of(Lines.begin(), Lines.end(),
                             [&](llvm::StringRef L) { return matches(P, L); });
        });
    if (!Builds || !buildsDockerfile(Text, Rel, *Catalog))
      continue;
    BuiltByWorkflow = true;
    for (const std::string &E : Catalog->WorkflowEvidence)
      if (Text.find(E) != std::string::npos)
        return;
  }

  const deploy::DockerInstruction &From = Model->Instructions[Model->Stages.front().Instruction];
  diag(Ctx, From.Loc, From.Keyword.size(), "the build of this image sets no SOURCE_DATE_EPOCH")
      .explain(BuiltByWorkflow ? "no ARG or ENV SOURCE_DATE_EPOCH here, and the workflow that "
                                 "builds it neither sets it nor uses rewrite-timestamp"
                               : "no ARG or ENV SOURCE_DATE_EPOCH here, and no workflow under "
                                 ".github/workflows/ builds it with SOURCE_DATE_EPOCH or "
                                 "rewrite-timestamp")
      .explain("build times end up in the image, so a rebuild from the same source gives a "
               "different digest and nobody can check the attested image against its source");
}

} // namespace teetidy::repro
