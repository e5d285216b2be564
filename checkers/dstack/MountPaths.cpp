#include "checkers/dstack/MountPaths.h"

#include "deploy/Interpolation.h"

#include <vector>

namespace teetidy::dstack {

std::string normalise(std::string_view Path) {
  std::vector<std::string_view> Parts;
  while (!Path.empty()) {
    size_t Slash = Path.find('/');
    std::string_view Part = Path.substr(0, Slash);
    Path = Slash == std::string_view::npos ? "" : Path.substr(Slash + 1);
    if (Part.empty() || Part == ".")
      continue;
    if (Part == "..") {
      if (!Parts.empty())
        Parts.pop_back();
      continue;
    }
    Parts.push_back(Part);
  }
  std::string Out;
  for (std::string_view P : Parts)
    Out += "/" + std::string(P);
  return Out.empty() ? "/" : Out;
}

std::optional<std::string> hostPath(const std::string &Source, std::string &Via) {
  auto Parsed = deploy::parseInterpolation(Source);
  if (!Parsed)
    return std::nullopt;
  using Form = deploy::VariableRef::Form;
  std::string Expanded;
  size_t Pos = 0;
  for (const deploy::VariableRef &R : Parsed->Refs) {
    if ((R.Kind != Form::DefaultIfUnsetOrEmpty && R.Kind != Form::DefaultIfUnset) ||
        !R.Nested.empty())
      return std::nullopt;
    Expanded += Source.substr(Pos, R.Offset - Pos) + R.Argument;
    Pos = R.Offset + R.Length;
    if (Via.empty())
      Via = Source.substr(R.Offset, R.Length);
  }
  Expanded += Source.substr(Pos);
  if (!Parsed->Refs.empty()) {
    // Only `$$` escapes remain outside references.
    auto Literal = deploy::parseInterpolation(Expanded);
    if (!Literal || !Literal->isLiteral())
      return std::nullopt;
    Expanded = Literal->literalValue();
  } else {
    Expanded = Parsed->literalValue();
  }
  if (Expanded.empty() || Expanded[0] == '~')
    return std::nullopt;
  // Relative sources are resolved against the project directory, which is
  // /dstack inside the CVM.
  if (Expanded[0] != '/')
    Expanded = "/dstack/" + Expanded;
  return normalise(Expanded);
}

bool isAtOrBelow(std::string_view Path, std::string_view Dir) {
  if (Dir == "/")
    return true;
  return Path.size() >= Dir.size() && Path.compare(0, Dir.size(), Dir) == 0 &&
         (Path.size() == Dir.size() || Path[Dir.size()] == '/');
}

bool holdsPath(std::string_view MountTarget, std::string_view Path) {
  if (Path.empty() || Path.front() != '/' || MountTarget.empty() || MountTarget.front() != '/')
    return false;
  return isAtOrBelow(normalise(Path), normalise(MountTarget));
}

} // namespace teetidy::dstack
