//===- DataflowProgram.h - The source files of a run, analysed together -*- C++ -*-===//
#pragma once

#include "dataflow/Engine.h"
#include "ir/IR.h"
#include "source/SourceFile.h"
#include "syntax/TreeSitter.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace teetidy {

class QueryStore;

/// Extra library knowledge from check options, in the option syntax
/// `callee:argument` (argument: a position or a keyword).
struct ModelExtras {
  std::vector<std::string> EndpointSinks, ModelSinks, Sources;
  bool operator<(const ModelExtras &O) const {
    return std::tie(EndpointSinks, ModelSinks, Sources) <
           std::tie(O.EndpointSinks, O.ModelSinks, O.Sources);
  }
};

/// Every Python, TypeScript and JavaScript file of the run, parsed, lowered
/// and run through the taint engine once. The two language families are
/// analysed apart (each with its models: queries/models/python/ and
/// queries/models/ecma/), since a value cannot cross from one to the other;
/// their results are merged, with module indices naming files of the run.
/// Checks read the findings that fall in their file.
class DataflowProgram {
public:
  /// Builds the program from the source files among \p Paths, with the
  /// models of each family plus \p Extras (which apply to both).
  static std::unique_ptr<DataflowProgram> build(const std::vector<std::string> &Paths,
                                                QueryStore &Queries, const ModelExtras &Extras,
                                                const LoadOptions &Load);

  /// Findings and sources of both families; Module fields index files().
  const dataflow::Result &result() const { return R; }
  /// The file of module \p Module.
  const SourceFile &file(uint32_t Module) const { return *Files[Module]; }
  /// The lowered module of the file at \p Path, or null.
  const ir::Module *moduleOf(const std::string &Path) const;
  /// Findings whose sink is in the file at \p Path.
  std::vector<const dataflow::Finding *> findingsIn(const std::string &Path) const;
  /// Sources read in the file at \p Path (environment reads, settings
  /// fields, schema keys), whether or not they reach a sink.
  std::vector<const dataflow::SourceInfo *> sourcesIn(const std::string &Path) const;
  /// Engine limits, unreadable tsconfig files and model errors, as
  /// "path:line:col: message" or a bare message.
  const std::vector<std::string> &problems() const { return Problems; }
  /// Module limits (deep nesting) of the file at \p Path: offset, message.
  std::vector<std::pair<size_t, std::string>> limitsIn(const std::string &Path) const;
  /// The syntax tree the build made of the file at \p Path, if it kept it
  /// and parsed the same \p Content as \p Lang; each is handed out once.
  /// The build keeps the trees of files that a query may match (their
  /// analysis runs it on the tree; the others need none), in file order up
  /// to KeptTreeSourceBytes of their text. Safe to call from several
  /// threads.
  std::optional<Tree> takeTree(const std::string &Path, Language Lang, std::string_view Content);
  static constexpr size_t KeptTreeSourceBytes = 4u << 20;
  /// What the build's parse of a file found: the offset of its first syntax
  /// error (firstSyntaxErrorOffset), if any.
  struct Syntax {
    std::optional<uint32_t> FirstError;
  };
  /// The syntax of the file at \p Path as the build parsed it from \p Content
  /// as \p Lang; nullopt for a file it did not parse so (or whose parse was
  /// stopped).
  std::optional<Syntax> syntaxOf(const std::string &Path, Language Lang,
                                 std::string_view Content) const;

private:
  std::optional<uint32_t> indexOf(const std::string &Path) const;

  std::vector<std::unique_ptr<SourceFile>> Files;
  std::vector<ir::Module> Modules;
  std::mutex TreesMutex;
  std::vector<std::optional<Tree>> Trees;      ///< by file; see takeTree
  std::vector<std::optional<Syntax>> Syntaxes; ///< by file
  std::map<std::string, uint32_t> ByPath;
  dataflow::Result R;
  std::vector<std::string> Problems;
};

} // namespace teetidy
