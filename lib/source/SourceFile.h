//===- SourceFile.h - A loaded file with its line table ---------*- C++ -*-===//
#pragma once

#include "source/Language.h"
#include "source/Utf8.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llvm::vfs {
class FileSystem;
class Status;
} // namespace llvm::vfs

namespace teetidy {

/// One file's bytes, its language and a line table. Offsets are 0-based byte
/// offsets; lines and columns are 1-based, columns counting bytes (as clang).
class SourceFile {
public:
  SourceFile(std::string Path, std::string Content, Language Lang);

  const std::string &path() const { return Path; }
  std::string_view content() const { return Content; }
  Language language() const { return Lang; }

  unsigned lineCount() const { return static_cast<unsigned>(LineStarts.size()); }
  /// 1-based line of a byte offset (offsets past the end map to the last line).
  unsigned lineOf(size_t Offset) const;
  /// 1-based byte column of a byte offset.
  unsigned columnOf(size_t Offset) const;
  /// Byte offset where 1-based \p Line starts.
  size_t lineStart(unsigned Line) const;
  /// Byte offset of 1-based (Line, Column), clamped to the file.
  size_t offsetOf(unsigned Line, unsigned Column) const;
  /// Text of 1-based \p Line without its line terminator.
  std::string_view lineText(unsigned Line) const;

  /// Where the first invalid UTF-8 byte is, if any (offset), else npos.
  size_t firstInvalidUtf8() const { return InvalidUtf8At; }

private:
  std::string Path;
  std::string Content;
  Language Lang;
  std::vector<size_t> LineStarts;
  size_t InvalidUtf8At;
};

/// A position in a file. A null File means "no location" (tool-level errors).
struct SourceLocation {
  const SourceFile *File = nullptr;
  size_t Offset = 0;

  bool valid() const { return File != nullptr; }
  unsigned line() const { return File ? File->lineOf(Offset) : 0; }
  unsigned column() const { return File ? File->columnOf(Offset) : 0; }
};

/// A byte range inside one file.
struct SourceRange {
  SourceLocation Begin;
  size_t Length = 0;
};

/// Why a file could not be loaded; each maps to a distinct message.
enum class LoadFailure { NotFound, Unreadable, IsDirectory, TooLarge, Binary };

/// Error payload describing a file that could not be loaded.
class LoadError : public llvm::ErrorInfo<LoadError> {
public:
  static char ID;
  LoadError(std::string Path, LoadFailure Kind, std::string Detail)
      : Path(std::move(Path)), Kind(Kind), Detail(std::move(Detail)) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;
  const std::string &path() const { return Path; }
  LoadFailure kind() const { return Kind; }
  const std::string &detail() const { return Detail; }

private:
  std::string Path;
  LoadFailure Kind;
  std::string Detail;
};

struct LoadOptions {
  uint64_t MaxFileSize = 1u << 20; ///< 0 means unlimited.
};

/// Reads \p Path as \p Lang from \p FS (the real file system when null).
/// Binary content (a NUL byte), oversized files and files that are not
/// regular (FIFOs, devices) are refused with a LoadError; invalid UTF-8 is
/// accepted and recorded. \p Known: the file's status when the caller has
/// just read it.
llvm::Expected<std::unique_ptr<SourceFile>>
loadSourceFile(const std::string &Path, Language Lang, const LoadOptions &Opts,
               llvm::vfs::FileSystem *FS = nullptr, const llvm::vfs::Status *Known = nullptr);

} // namespace teetidy
