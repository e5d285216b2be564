#include "checkers/TeeTidyCheck.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

namespace teetidy {

std::optional<OptionValue> CheckOptionsView::lookup(const std::string &Option,
                                                    const std::string &Default) {
  std::string Key = CheckName + "." + Option;
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
  Errors.push_back({V->Where, "invalid value '" + V->Value + "' for option '" + CheckName + "." +
                                  Option + "'; expected a boolean (true or false)"});
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

} // namespace teetidy
