#include "diag/FixesEmitter.h"

#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/DiagnosticsYaml.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <fstream>
#include <map>

namespace teetidy {

namespace {

std::string absolutePath(const std::string &Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

clang::tooling::DiagnosticMessage makeMessage(const std::string &Message, SourceLocation Loc,
                                              size_t Length) {
  clang::tooling::DiagnosticMessage M;
  M.Message = Message;
  if (Loc.valid()) {
    M.FilePath = absolutePath(Loc.File->path());
    M.FileOffset = static_cast<unsigned>(Loc.Offset);
    if (Length) {
      clang::tooling::FileByteRange R;
      R.FilePath = M.FilePath;
      R.FileOffset = M.FileOffset;
      R.Length = static_cast<unsigned>(Length);
      M.Ranges.push_back(R);
    }
  }
  return M;
}

} // namespace

llvm::Error writeExportFixes(llvm::raw_ostream &OS, const std::vector<Diagnostic> &Diags,
                             const std::string &MainSourceFile) {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  clang::tooling::TranslationUnitDiagnostics TUD;
  TUD.MainSourceFile = MainSourceFile.empty() ? "" : absolutePath(MainSourceFile);
  for (const Diagnostic &D : Diags) {
    clang::tooling::DiagnosticMessage Msg = makeMessage(D.Message, D.Loc, D.Length);
    for (const Replacement &R : D.Fixes) {
      if (!R.File)
        continue;
      std::string Path = absolutePath(R.File->path());
      clang::tooling::Replacement Rep(Path, static_cast<unsigned>(R.Offset),
                                      static_cast<unsigned>(R.Length), R.Text);
      if (llvm::Error E = Msg.Fix[Path].add(Rep))
        return E;
    }
    llvm::SmallVector<clang::tooling::DiagnosticMessage, 1> Notes;
    for (const DiagnosticNote &N : D.Notes)
      Notes.push_back(makeMessage(N.Message, N.Loc, N.Length));
    auto Level = D.Level == Severity::Error    ? clang::tooling::Diagnostic::Error
                 : D.Level == Severity::Remark ? clang::tooling::Diagnostic::Remark
                                               : clang::tooling::Diagnostic::Warning;
    TUD.Diagnostics.emplace_back(D.CheckName, Msg, Notes, Level, std::string(Cwd));
  }
  llvm::yaml::Output YAML(OS);
  YAML << TUD;
  return llvm::Error::success();
}

FixPlan planFixes(const std::vector<const Diagnostic *> &Diags) {
  FixPlan Plan;
  // Per file, the byte ranges taken so far, by start.
  std::map<const SourceFile *, std::map<size_t, size_t>> Taken;
  auto Overlaps = [&](const Replacement &R) {
    const std::map<size_t, size_t> &Ranges = Taken[R.File];
    auto After = Ranges.upper_bound(R.Offset);
    if (After != Ranges.end() && After->first < R.Offset + std::max<size_t>(R.Length, 1))
      return true;
    if (After == Ranges.begin())
      return false;
    auto Before = std::prev(After);
    return Before->second > R.Offset || (Before->first == R.Offset);
  };
  for (const Diagnostic *D : Diags) {
    if (D->Fixes.empty())
      continue;
    ++Plan.Total;
    bool Ok = true;
    for (const Replacement &R : D->Fixes)
      if (!R.File || R.Offset + R.Length > R.File->content().size() || Overlaps(R))
        Ok = false;
    // Two replacements of one diagnostic must not overlap either.
    for (size_t I = 0; Ok && I < D->Fixes.size(); ++I)
      for (size_t J = I + 1; Ok && J < D->Fixes.size(); ++J) {
        const Replacement &A = D->Fixes[I], &B = D->Fixes[J];
        if (A.File == B.File && A.Offset < B.Offset + std::max<size_t>(B.Length, 1) &&
            B.Offset < A.Offset + std::max<size_t>(A.Length, 1))
          Ok = false;
      }
    Plan.Applies[D] = Ok;
    if (!Ok)
      continue;
    ++Plan.Applied;
    for (const Replacement &R : D->Fixes)
      Taken[R.File][R.Offset] = R.Offset + R.Length;
  }
  return Plan;
}

llvm::Error applyFixes(const FixPlan &Plan) {
  std::map<const SourceFile *, std::vector<const Replacement *>> PerFile;
  for (const auto &[D, Applies] : Plan.Applies)
    if (Applies)
      for (const Replacement &R : D->Fixes)
        PerFile[R.File].push_back(&R);
  for (auto &[File, Reps] : PerFile) {
    std::sort(Reps.begin(), Reps.end(),
              [](const Replacement *A, const Replacement *B) { return A->Offset < B->Offset; });
    std::string Out;
    std::string_view In = File->content();
    size_t Cursor = 0;
    for (const Replacement *R : Reps) {
      Out.append(In.substr(Cursor, R->Offset - Cursor));
      Out.append(R->Text);
      Cursor = R->Offset + R->Length;
    }
    Out.append(In.substr(Cursor));
    std::error_code EC;
    llvm::raw_fd_ostream OS(File->path(), EC);
    if (EC)
      return llvm::createStringError(EC, "cannot write '%s': %s", File->path().c_str(),
                                     EC.message().c_str());
    OS << Out;
    OS.close();
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error();
      return llvm::createStringError(EC, "cannot write '%s': %s", File->path().c_str(),
                                     EC.message().c_str());
    }
  }
  return llvm::Error::success();
}

} // namespace teetidy
