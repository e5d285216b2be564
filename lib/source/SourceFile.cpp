#include "source/SourceFile.h"
#include "source/Utf8.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace teetidy {

char LoadError::ID = 0;

void LoadError::log(llvm::raw_ostream &OS) const {
  switch (Kind) {
  case LoadFailure::NotFound:
    OS << "no such file or directory: '" << displayPath(Path) << "'";
    break;
  case LoadFailure::Unreadable:
    OS << "cannot read '" << displayPath(Path) << "': " << Detail;
    break;
  case LoadFailure::IsDirectory:
    OS << "'" << displayPath(Path) << "' is a directory";
    break;
  case LoadFailure::TooLarge:
    OS << "'" << displayPath(Path) << "' is too large (" << Detail << ")";
    break;
  case LoadFailure::Binary:
    OS << "'" << displayPath(Path) << "' looks binary (" << Detail << ")";
    break;
  }
}

std::error_code LoadError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

SourceFile::SourceFile(std::string P, std::string C, Language L)
    : Path(std::move(P)), Content(std::move(C)), Lang(L) {
  LineStarts.push_back(0);
  for (size_t I = 0; I < Content.size(); ++I) {
    if (Content[I] == '\n')
      LineStarts.push_back(I + 1);
    else if (Content[I] == '\r' && (I + 1 >= Content.size() || Content[I + 1] != '\n'))
      LineStarts.push_back(I + 1); // old Mac line ending
  }
  InvalidUtf8At = findInvalidUtf8(Content);
}

unsigned SourceFile::lineOf(size_t Offset) const {
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  return static_cast<unsigned>(It - LineStarts.begin());
}

unsigned SourceFile::columnOf(size_t Offset) const {
  Offset = std::min(Offset, Content.size());
  return static_cast<unsigned>(Offset - LineStarts[lineOf(Offset) - 1]) + 1;
}

size_t SourceFile::lineStart(unsigned Line) const {
  if (Line == 0)
    return 0;
  if (Line > LineStarts.size())
    return Content.size();
  return LineStarts[Line - 1];
}

size_t SourceFile::offsetOf(unsigned Line, unsigned Column) const {
  size_t Start = lineStart(Line);
  size_t End = Line < LineStarts.size() ? LineStarts[Line] : Content.size();
  return std::min(Start + (Column ? Column - 1 : 0), End);
}

std::string_view SourceFile::lineText(unsigned Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return {};
  size_t Start = LineStarts[Line - 1];
  size_t End = Line < LineStarts.size() ? LineStarts[Line] : Content.size();
  std::string_view Text(Content.data() + Start, End - Start);
  while (!Text.empty() && (Text.back() == '\n' || Text.back() == '\r'))
    Text.remove_suffix(1);
  return Text;
}

llvm::Expected<std::unique_ptr<SourceFile>> loadSourceFile(const std::string &Path, Language Lang,
                                                           const LoadOptions &Opts,
                                                           llvm::vfs::FileSystem *FS,
                                                           const llvm::vfs::Status *Known) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Real = llvm::vfs::getRealFileSystem();
  if (!FS)
    FS = Real.get();
  llvm::ErrorOr<llvm::vfs::Status> Status = Known ? *Known : FS->status(Path);
  if (!Status) {
    std::error_code EC = Status.getError();
    auto Kind = EC == std::errc::no_such_file_or_directory ? LoadFailure::NotFound
                                                           : LoadFailure::Unreadable;
    return llvm::make_error<LoadError>(Path, Kind, EC.message());
  }
  if (Status->isDirectory())
    return llvm::make_error<LoadError>(Path, LoadFailure::IsDirectory, "");
  // A FIFO or a device would block or never end.
  if (!Status->isRegularFile())
    return llvm::make_error<LoadError>(Path, LoadFailure::Unreadable, "not a regular file");
  if (Opts.MaxFileSize && Status->getSize() > Opts.MaxFileSize)
    return llvm::make_error<LoadError>(Path, LoadFailure::TooLarge,
                                       std::to_string(Status->getSize()) + " bytes; the limit is " +
                                           std::to_string(Opts.MaxFileSize) +
                                           ", see --max-file-size");
  // From the disk, read directly: the file system layer also asks the
  // kernel for the file's real name (a readlink per file).
  auto Buf = FS == Real.get()
                 ? llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                               /*RequiresNullTerminator=*/false)
                 : FS->getBufferForFile(Path, /*FileSize=*/-1, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return llvm::make_error<LoadError>(Path, LoadFailure::Unreadable, Buf.getError().message());
  llvm::StringRef Data = (*Buf)->getBuffer();
  if (size_t Nul = Data.find('\0'); Nul != llvm::StringRef::npos)
    return llvm::make_error<LoadError>(Path, LoadFailure::Binary,
                                       "NUL byte at offset " + std::to_string(Nul));
  return std::make_unique<SourceFile>(Path, Data.str(), Lang);
}

} // namespace teetidy
