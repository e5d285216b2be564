#include "frontend/GoModules.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <map>

namespace teetidy::frontend {

std::optional<std::string> goModulePath(std::string_view GoMod) {
  llvm::StringRef Rest(GoMod.data(), GoMod.size());
  while (!Rest.empty()) {
    auto [Line, Next] = Rest.split('\n');
    Rest = Next;
    Line = Line.split("//").first.trim();
    if (!Line.consume_front("module"))
      continue;
    if (!Line.empty() && Line[0] != ' ' && Line[0] != '\t' && Line[0] != '"')
      continue; // a directive that merely starts with the word
    Line = Line.trim();
    if (Line.size() >= 2 && (Line.front() == '"' || Line.front() == '`') &&
        Line.back() == Line.front())
      Line = Line.drop_front().drop_back();
    if (Line.empty())
      return std::nullopt;
    return Line.str();
  }
  return std::nullopt;
}

std::string goImportPath(std::string_view ModulePath, std::string_view ModuleDir,
                         std::string_view Dir) {
  llvm::StringRef Rel(Dir.data(), Dir.size());
  llvm::StringRef Root(ModuleDir.data(), ModuleDir.size());
  if (Root != "." && !Root.empty()) {
    if (!Rel.consume_front(Root))
      return std::string(Dir);
    Rel = Rel.ltrim('/');
  } else if (Rel == ".") {
    Rel = "";
  }
  if (Rel.empty())
    return std::string(ModulePath);
  // The standard library's module is "std", and its packages are imported
  // without it (`net/http`).
  if (ModulePath == "std")
    return Rel.str();
  return std::string(ModulePath) + "/" + Rel.str();
}

bool isGoTestFile(std::string_view Path) {
  return llvm::StringRef(Path.data(), Path.size()).endswith("_test.go");
}

std::vector<GoPackage> goPackages(const std::vector<std::string> &Paths,
                                  const ManifestLookup &GoModFor) {
  std::map<std::string, std::vector<size_t>> ByDir;
  for (size_t I = 0; I < Paths.size(); ++I) {
    std::string Dir = llvm::sys::path::parent_path(Paths[I]).str();
    ByDir[Dir.empty() ? "." : Dir].push_back(I);
  }
  std::vector<GoPackage> Out;
  for (auto &[Dir, Files] : ByDir) {
    GoPackage P;
    P.ImportPath = Dir;
    if (auto Mod = GoModFor(Dir))
      if (std::optional<std::string> ModulePath = goModulePath(Mod->second))
        P.ImportPath = goImportPath(*ModulePath, Mod->first, Dir);
    P.Files = std::move(Files);
    Out.push_back(std::move(P));
  }
  return Out;
}

std::vector<ir::Import> goSiblingImports(const GoPackage &P, size_t File,
                                         const std::vector<std::string> &Paths,
                                         const std::string &Marker) {
  // The package's first file that is not a test is its hub: it imports the
  // package's other files, and they import it, so that every file reaches
  // every other in two steps with a number of imports linear in the files.
  std::optional<size_t> Hub;
  for (size_t J : P.Files)
    if (!isGoTestFile(Paths[J])) {
      Hub = J;
      break;
    }
  auto Import = [&](size_t J) {
    ir::Import Sib;
    Sib.Module = P.ImportPath;
    Sib.Name = ir::AllNames;
    Sib.ResolvedPath = Paths[J];
    Sib.Written = Marker;
    return Sib;
  };
  std::vector<ir::Import> Out;
  bool Test = isGoTestFile(Paths[File]);
  for (size_t J : P.Files) {
    if (J == File || (!Test && isGoTestFile(Paths[J])))
      continue;
    // A test file imports every other file; the hub every file not a test;
    // the others the hub.
    if (Test || File == Hub || J == Hub)
      Out.push_back(Import(J));
  }
  return Out;
}

} // namespace teetidy::frontend
