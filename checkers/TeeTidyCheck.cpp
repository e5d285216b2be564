#include "checkers/TeeTidyCheck.h"

#include "checkers/FileContext.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

namespace teetidy {

std::optional<OptionValue> CheckOptionsView::lookup(const std::string &Option,
                                                    const std::string &Default) {
  std::string Key = CheckName.empty() ? Option : CheckName + "." + Option;
  Defaults[Key] = Default;
  if (!Config)
    return std::nullopt;
  return Config->option(Key);
}

std::string CheckOptionsView::get(const std::string &Option, const std::string &Default) {
  auto V = lookup(Option, Default);
  return V ? V->Value : Default;
}

bool CheckOptionsView::getBool(const std::string &Option, bool Default) {
  auto V = lookup(Option, Default ? "true" : "false");
  if (!V)
    return Default;
  std::string L = llvm::StringRef(V->Value).trim().lower();
  if (L == "true" || L == "1" || L == "yes" || L == "on")
    return true;
  if (L == "false" || L == "0" || L == "no" || L == "off")
    return false;
  Errors.push_back({V->Where, "invalid value '" + V->Value + "' for option '" +
                                  (CheckName.empty() ? Option : CheckName + "." + Option) +
                                  "'; expected a boolean (true or false)"});
  return Default;
}

int64_t CheckOptionsView::getInt(const std::string &Option, int64_t Default) {
  auto V = lookup(Option, std::to_string(Default));
  if (!V)
    return Default;
  int64_t Out;
  if (llvm::StringRef(V->Value).trim().getAsInteger(10, Out)) {
    Errors.push_back({V->Where, "invalid value '" + V->Value + "' for option '" + CheckName + "." +
                                    Option + "'; expected an integer"});
    return Default;
  }
  return Out;
}

std::vector<std::string> CheckOptionsView::getList(const std::string &Option,
                                                   const std::string &Default) {
  std::string Raw = get(Option, Default);
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  llvm::SplitString(Raw, Parts, ";,");
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

void CheckOptionsView::invalid(const std::string &Option, const std::string &Message) {
  std::string Key = CheckName.empty() ? Option : CheckName + "." + Option;
  std::optional<OptionValue> V = Config ? Config->option(Key) : std::nullopt;
  Errors.push_back(
      {V ? V->Where : ConfigLocation{}, "invalid value for option '" + Key + "': " + Message});
}

Diagnostic &TeeTidyCheck::diag(FileContext &Ctx, SourceLocation Loc, size_t Length,
                               std::string Message, Severity Level) {
  return Ctx.report(Name, Loc, Length, std::move(Message), Level);
}

Diagnostic &TeeTidyCheck::diag(FileContext &Ctx, TSNode N, std::string Message, Severity Level) {
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  // Underline only the first line of a multi-line node.
  std::string_view Text = Ctx.file().content().substr(B, E - B);
  size_t Len = std::min<size_t>(Text.find('\n'), Text.size());
  Diagnostic &D = diag(Ctx, Ctx.loc(N), Len, std::move(Message), Level);
  TSNode S = enclosingStatement(N);
  D.StatementFirstLine = ts_node_start_point(S).row + 1;
  D.StatementLastLine = ts_node_end_point(S).row + 1;
  return D;
}

Diagnostic &TeeTidyCheck::diagInStatement(FileContext &Ctx, size_t Begin, size_t End,
                                          std::string Message, Severity Level) {
  Diagnostic &D = diag(Ctx, Ctx.loc(Begin), End - Begin, std::move(Message), Level);
  TSNode Root = Ctx.root();
  if (!ts_node_is_null(Root)) {
    TSNode N = ts_node_descendant_for_byte_range(Root, static_cast<uint32_t>(Begin),
                                                 static_cast<uint32_t>(End));
    TSNode Stmt = enclosingStatement(N);
    D.StatementFirstLine = ts_node_start_point(Stmt).row + 1;
    D.StatementLastLine = ts_node_end_point(Stmt).row + 1;
  }
  return D;
}

} // namespace teetidy
