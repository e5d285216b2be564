#include "frontend/PythonModules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cctype>

namespace teetidy::frontend {

std::vector<std::string> pythonModuleNames(const std::string &Path) {
  llvm::StringRef P(Path);
  if (!P.consume_back(".pyi"))
    P.consume_back(".py");
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  P.split(Parts, '/', -1, /*KeepEmpty=*/false);
  llvm::erase_value(Parts, ".");
  if (!Parts.empty() && Parts.back() == "__init__")
    Parts.pop_back();
  std::vector<std::string> Out;
  std::string Name;
  for (size_t I = Parts.size(); I-- > 0;) {
    // Stop at parts that cannot be identifiers (e.g. "/tmp/x-y").
    llvm::StringRef Part = Parts[I];
    bool Ident = !Part.empty() && !std::isdigit(static_cast<unsigned char>(Part[0]));
    for (char C : Part)
      Ident &= std::isalnum(static_cast<unsigned char>(C)) || C == '_';
    if (!Ident)
      break;
    Name = Name.empty() ? Part.str() : Part.str() + "." + Name;
    Out.push_back(Name);
  }
  return Out;
}

void makeAbsolute(const std::string &ImporterPath, ir::Import &I) {
  if (!I.Level)
    return;
  // The importer's package: its longest name without the module itself (an
  // `__init__.py` is its package already), then one package up per extra dot.
  std::vector<std::string> Names = pythonModuleNames(ImporterPath);
  std::string Package = Names.empty() ? std::string() : Names.back();
  bool IsInit = llvm::StringRef(ImporterPath).endswith("__init__.py");
  for (unsigned Up = IsInit ? I.Level - 1 : I.Level; Up > 0; --Up) {
    size_t Dot = Package.rfind('.');
    Package = Dot == std::string::npos ? std::string() : Package.substr(0, Dot);
  }
  if (!Package.empty())
    I.Module = I.Module.empty() ? Package : Package + "." + I.Module;
  I.Level = 0;
}

} // namespace teetidy::frontend
