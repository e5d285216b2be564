//===- ProgramInput.h - One fuzz input as a small project -------*- C++ -*-===//
#pragma once

#include "FuzzInput.h"

#include "program/Program.h"
#include "source/FileStore.h"
#include "source/Language.h"
#include "syntax/QueryStore.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace teetidy::fuzz {

/// Writes \p Parts under /project/ as the files \p Names (an empty part is
/// no file), builds the program of its script files and runs the taint
/// analysis; configuration files among them (tsconfig.json, package.json)
/// are read by the module resolution.
inline void analyseProject(const std::vector<std::string> &Names,
                           const std::vector<std::string> &Parts) {
  static const QueryStore Queries;
  static llvm::ThreadPool Pool(llvm::hardware_concurrency(1));
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS(new llvm::vfs::InMemoryFileSystem);
  FileStore Store(LoadOptions{0}, FS);
  std::vector<const SourceFile *> Files;
  for (size_t I = 0; I < Names.size(); ++I) {
    if (Parts[I].empty())
      continue;
    std::string Path = "/project/" + Names[I];
    FS->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Parts[I]));
    std::optional<Language> Lang = languageForPath(Path);
    if (!Lang || !familyOf(*Lang))
      continue;
    llvm::Expected<const SourceFile *> F = Store.load(Path, *Lang);
    if (!F) {
      llvm::consumeError(F.takeError());
      continue;
    }
    Files.push_back(*F);
  }
  program::ProgramOptions Opts;
  Opts.Variants = {{}};
  std::unique_ptr<program::Program> P = program::Program::build(Files, Store, Queries, Opts, Pool);
  const program::Taint *T = P->taint({});
  if (!T)
    return;
  for (const SourceFile *F : Files)
    for (const dataflow::Finding *Found : T->findingsIn(*F))
      (void)T->source(*Found);
}

} // namespace teetidy::fuzz
