//===- WorkingDirectory.h - Absolute paths without a stat per call -*- C++ -*-===//
#pragma once

#include "llvm/ADT/SmallVector.h"

#include <system_error>

namespace teetidy {

/// llvm::sys::fs::make_absolute, with the directory it joins ($PWD when it
/// names the working directory, else getcwd) kept while getcwd gives the
/// same directory: make_absolute stats $PWD and "." at each call, which was
/// most of the system calls of a run over 100,000 small files. Fails as
/// make_absolute does, when the working directory cannot be read.
std::error_code makeAbsolute(llvm::SmallVectorImpl<char> &Path);

} // namespace teetidy
