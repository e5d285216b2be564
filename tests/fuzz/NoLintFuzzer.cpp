// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/END scanning in every comment
// syntax, asked about a finding on every line.
#include "FuzzInput.h"

#include "diag/Diagnostic.h"
#include "diag/NoLint.h"

using namespace teetidy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  static const std::pair<const char *, Language> Kinds[] = {
      {"a.py", Language::Python},           {"a.ts", Language::TypeScript},
      {"a.js", Language::JavaScript},       {"docker-compose.yml", Language::Yaml},
      {"Dockerfile", Language::Dockerfile}, {"a.tsx", Language::TSX}};
  const auto &[Path, Lang] = Kinds[Data[0] % std::size(Kinds)];
  SourceFile F(Path, std::string(fuzz::bytes(Data + 1, Size - 1)), Lang);
  NoLintDirectives NoLint(F);
  (void)NoLint.errors();
  Diagnostic D;
  D.CheckName = "dstack-configurable-endpoint";
  for (unsigned Line = 1; Line <= F.lineCount(); ++Line) {
    D.Loc = {&F, F.lineStart(Line)};
    D.StatementFirstLine = Line > 1 ? Line - 1 : Line;
    D.StatementLastLine = Line;
    (void)NoLint.suppresses(D);
  }
  return 0;
}
