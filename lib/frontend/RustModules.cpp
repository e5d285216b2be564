#include "frontend/RustModules.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

namespace teetidy::frontend {

std::optional<std::string> cargoCrateName(std::string_view CargoToml) {
  llvm::StringRef Rest(CargoToml.data(), CargoToml.size());
  std::string Section, Package, Lib;
  while (!Rest.empty()) {
    auto [Line, Next] = Rest.split('\n');
    Rest = Next;
    Line = Line.trim();
    if (Line.startswith("[")) {
      Section = Line.trim("[] \t").str();
      continue;
    }
    if (Section != "package" && Section != "lib")
      continue;
    auto [Key, Value] = Line.split('=');
    if (Key.trim() != "name")
      continue;
    Value = Value.split('#').first.trim();
    if (Value.size() < 2 || (Value.front() != '"' && Value.front() != '\'') ||
        Value.back() != Value.front())
      continue;
    std::string Name = Value.drop_front().drop_back().str();
    for (char &C : Name)
      if (C == '-')
        C = '_';
    (Section == "lib" ? Lib : Package) = Name;
  }
  if (!Lib.empty())
    return Lib;
  if (!Package.empty())
    return Package;
  return std::nullopt;
}

std::optional<std::string> rustModuleName(std::string_view Crate, std::string_view CrateDir,
                                          std::string_view Path) {
  llvm::StringRef P(Path.data(), Path.size());
  llvm::StringRef Dir(CrateDir.data(), CrateDir.size());
  if (!Dir.empty() && Dir != ".") {
    if (!P.consume_front(Dir) || !P.consume_front("/"))
      return std::nullopt;
  }
  if (!P.consume_front("src/") || !P.consume_back(".rs"))
    return std::nullopt;
  if (P == "main" || P == "lib" || (P.startswith("bin/") && !P.drop_front(4).contains('/')))
    return std::string(Crate);
  if (P.endswith("/mod"))
    P = P.drop_back(4);
  std::string Name(Crate);
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  P.split(Parts, '/');
  for (llvm::StringRef Part : Parts) {
    if (Part.empty() || Part.contains('.') || Part.contains('-'))
      return std::nullopt;
    Name += "." + Part.str();
  }
  return Name;
}

std::string rustAbsolutePath(const std::string &Path, const std::string &Crate,
                             const std::string &Self,
                             const std::function<bool(const std::string &)> &IsModule) {
  llvm::StringRef P(Path);
  auto [First, Rest] = P.split('.');
  auto Join = [](const std::string &Base, llvm::StringRef Tail) {
    return Tail.empty() ? Base : Base + "." + Tail.str();
  };
  if (First == "crate")
    return Join(Crate, Rest);
  if (First == "self")
    return Join(Self, Rest);
  if (First == "super") {
    std::string Base = Self;
    llvm::StringRef Tail = P;
    while (Tail.consume_front("super")) {
      if (size_t Dot = Base.rfind('.'); Dot != std::string::npos && Base != Crate)
        Base = Base.substr(0, Dot);
      if (!Tail.consume_front("."))
        break;
    }
    return Join(Base, Tail);
  }
  if (IsModule(Self + "." + First.str()))
    return Self + "." + Path;
  return Path;
}

RustLayout rustLayout(const std::vector<std::string> &Paths, const ManifestLookup &CargoFor) {
  RustLayout L;
  for (const std::string &Path : Paths) {
    std::string Crate = "crate", CrateDir = ".";
    std::string Dir = llvm::sys::path::parent_path(Path).str();
    if (auto Cargo = CargoFor(Dir.empty() ? "." : Dir)) {
      CrateDir = Cargo->first;
      Crate = cargoCrateName(Cargo->second).value_or("crate");
    }
    std::optional<std::string> Name = rustModuleName(Crate, CrateDir, Path);
    L.Crate.push_back(Crate);
    L.Module.push_back(Name.value_or(Crate));
    L.Named.push_back(Name.has_value());
    if (Name)
      L.Modules.insert(*Name);
  }
  return L;
}

void makeRustImportsAbsolute(std::vector<ir::Import> &Imports, const RustLayout &L, size_t File) {
  auto IsModule = [&](const std::string &M) { return L.Modules.count(M) > 0; };
  for (ir::Import &Imp : Imports) {
    std::string Abs = rustAbsolutePath(Imp.Module, L.Crate[File], L.Module[File], IsModule);
    if (Abs != Imp.Module) {
      Imp.Written = std::move(Imp.Module);
      Imp.Module = std::move(Abs);
    }
  }
}

} // namespace teetidy::frontend
