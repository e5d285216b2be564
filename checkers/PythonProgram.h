//===- PythonProgram.h - The Python files of a run, analysed together -*- C++ -*-===//
#pragma once

#include "dataflow/Engine.h"
#include "ir/IR.h"
#include "source/SourceFile.h"

#include <map>
#include <memory>
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

/// Every Python file of the run, parsed, lowered and run through the taint
/// engine once; checks read the findings that fall in their file.
class PythonProgram {
public:
  /// Builds the program from the Python files among \p Paths, with the
  /// models under queries/models/python/ plus \p Extras.
  static std::unique_ptr<PythonProgram> build(const std::vector<std::string> &Paths,
                                              QueryStore &Queries,
                                              const ModelExtras &Extras,
                                              const LoadOptions &Load);

  const dataflow::Result &result() const { return R; }
  /// The file of module \p Module.
  const SourceFile &file(uint32_t Module) const { return *Files[Module]; }
  /// Findings whose sink is in the file at \p Path.
  std::vector<const dataflow::Finding *> findingsIn(const std::string &Path) const;
  /// Lowering cuts and engine limits, as "path:line:col: message" (or a
  /// bare message), and model errors.
  const std::vector<std::string> &problems() const { return Problems; }
  /// Module limits (deep nesting) of the file at \p Path: offset, message.
  std::vector<std::pair<size_t, std::string>> limitsIn(const std::string &Path) const;

private:
  std::vector<std::unique_ptr<SourceFile>> Files;
  std::vector<ir::Module> Modules;
  std::map<std::string, uint32_t> ByPath;
  dataflow::Result R;
  std::vector<std::string> Problems;
};

} // namespace teetidy
