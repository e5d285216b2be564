//===- Driver.h - Runs the checks over a set of files ------------*- C++ -*-===//
#pragma once

#include "checkers/CheckRegistry.h"
#include "checkers/FileContext.h"
#include "config/Config.h"
#include "diag/Diagnostic.h"
#include "diag/Progress.h"
#include "frontend/ClangLowering.h"
#include "source/FileDiscovery.h"
#include "source/FileStore.h"
#include "source/SourceFile.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace teetidy {

/// One file to analyse and the per-file settings that come with it.
struct FileTask {
  std::string Path;
  /// Language override (from `--lang=` in a compile_commands.json entry);
  /// otherwise taken from the file name.
  std::optional<Language> Lang;
  /// Configuration layers on top of everything (compile_commands.json flags).
  std::vector<ConfigLayer> ExtraLayers;
  /// Named on the command line (or by -p), not found by walking: failing to
  /// read it makes the run fail.
  bool Explicit = false;
  /// Of the project of a named file: it joins the deployment model and the
  /// program, and is not reported on (see ProjectContext.h). Only a
  /// deployment file of the context is checked, for the findings a
  /// deployment described twice merges.
  bool Context = false;
  /// C and C++ files: how the file is compiled (a compile_commands.json
  /// entry, or the arguments after `--`); such a file without one is
  /// skipped.
  std::optional<frontend::CompileCommand> Compile = std::nullopt;
};

/// Everything a run produced, in a stable order.
struct AnalysisResult {
  /// The run's files and whole-program results, which the diagnostics point
  /// into (the store goes last).
  std::shared_ptr<FileStore> Store;
  std::shared_ptr<AnalysisServices> Services;
  /// Findings after NOLINT filtering and warnings-as-errors, sorted by
  /// file and offset, duplicates removed.
  std::vector<Diagnostic> Diagnostics;
  /// With RunSettings::Profile: wall seconds of each phase in run order,
  /// and of each check summed over the files it ran on.
  std::vector<std::pair<std::string, double>> PhaseSeconds;
  std::map<std::string, double> CheckSeconds;
  unsigned SuppressedByNoLint = 0;
  /// Findings the configuration's `Suppressions` keep out.
  unsigned SuppressedByConfig = 0;
  /// Those findings, in output order (the SARIF log lists them as
  /// suppressed).
  std::vector<Diagnostic> NoLinted;
  /// Findings held back because no deployment runs their code or compose
  /// file (Diagnostic::HeldBack), by reason; shown only when the file's
  /// configuration sets ReportUndeployed.
  std::map<std::string, unsigned> HeldBack;
  /// Configuration problems (bad .tee-tidy, bad option values): exit 2.
  std::vector<std::string> ConfigErrors;
  /// Named inputs that could not be read: exit 2.
  std::vector<std::string> InputErrors;
  /// Problems of the tool's own data or limits (bad query, time-out): exit 2.
  std::vector<std::string> ToolErrors;
  /// Walked files that were not analysed, with why (reported, not errors).
  std::vector<SkippedFile> Skipped;
  /// Files that parsed with syntax errors, with the first error's place.
  std::vector<std::string> SyntaxErrors;
  /// Files that are not valid UTF-8 (analysed anyway), with the first bad byte.
  std::vector<std::string> EncodingWarnings;
  /// Problems that lose part of the analysis but not the run.
  std::vector<std::string> Warnings;
  /// Files checked (context files are not).
  unsigned FilesAnalysed = 0;
  /// The flows the checks judged in the checked files, in file order.
  std::vector<FlowRecord> Flows;
};

/// The settings of a run that are not per-file configuration.
struct RunSettings {
  LoadOptions Load;
  unsigned Jobs = 0; ///< 0 = one per hardware thread.
  /// Walked JavaScript/TypeScript files with a line at least this long are
  /// skipped as minified (0 = never).
  size_t MinifiedLineLength = 10000;
  /// Absolute paths of YAML files to read as compose files whatever their
  /// names (--compose).
  std::set<std::string> ExtraComposeFiles;
  /// The file documenting the deployments (--deployments, absolute); empty:
  /// DEPLOYMENTS.md at the deployment root, if any.
  std::string DeploymentsDoc;
  /// The file system every file of the run is read from (null: the real
  /// one).
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  /// Time each phase and each check (--enable-check-profile).
  bool Profile = false;
  /// Told the phases and files done as the run goes (null: nobody).
  ProgressSink *Progress = nullptr;
  /// Lowered modules kept between runs (a language server's; null: none).
  program::LoweringCache *Cache = nullptr;
  /// Taint analyses kept between runs, updated from what changed (a
  /// language server's; null: each run solves anew).
  program::AnalysisCache *Analyses = nullptr;
  /// Syntax trees of checked files kept between runs and reparsed
  /// incrementally (a language server's; null: parsed afresh).
  program::TreeCache *Reparse = nullptr;
  /// The store of an earlier run: its files that MayKeep allows and whose
  /// size and modification time are unchanged are not read again (a
  /// language server's; null: every file is read).
  const FileStore *EarlierFiles = nullptr;
  std::function<bool(const std::string &Key)> MayKeep;
  /// Lowers C and C++ files instead of parsing them with their compile
  /// commands (a clang-tidy plugin hands over the translation unit Clang
  /// already parsed); null: each file's FileTask::Compile is run.
  std::function<frontend::ClangUnit(const SourceFile &F)> LowerNative;
};

/// Analyses \p Tasks with the checks that each file's configuration enables.
/// The run flows one way, each stage on the run's thread pool (-j): load
/// every file once -> plan (configuration, check instances) -> deployment
/// model -> dataflow program (parse, lower, resolve, taint) -> each file's
/// checks -> NOLINT -> sorted diagnostics.
AnalysisResult analyse(const std::vector<FileTask> &Tasks, ConfigProvider &Configs,
                       QueryStore &Queries, const RunSettings &Settings);

/// The checks of \p Registry enabled by \p Config, sorted by name.
std::vector<const CheckInfo *> enabledChecks(const CheckRegistry &Registry,
                                             const EffectiveConfig &Config);

/// Flags of a compile_commands.json entry that apply to one file:
/// `--checks=`, `--warnings-as-errors=`, `--config=`, `--lang=`. Unknown
/// flags are returned in \p Unknown.
llvm::Expected<std::pair<std::vector<ConfigLayer>, std::optional<Language>>>
parseEntryFlags(const std::vector<std::string> &Args, const std::string &EntryName,
                std::vector<std::string> &Unknown);

/// The directory nearest \p Path (itself when a directory, else its
/// parent, then upwards) that holds a `compile_commands.json`, as clang-tidy
/// looks for one without `-p`; empty when there is none.
std::string findCompilationDatabase(const std::string &Path);

/// Reads `compile_commands.json` in \p Dir (or the file \p Dir names) and
/// returns the entries whose command is tee-tidy, as tasks with absolute
/// paths and the entries' flags.
llvm::Expected<std::vector<FileTask>>
tasksFromCompilationDatabase(const std::string &Dir, std::vector<std::string> &Warnings);

} // namespace teetidy
