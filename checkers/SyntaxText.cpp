#include "checkers/SyntaxText.h"

#include <cctype>

namespace teetidy {

namespace {

std::string unescape(std::string_view S) {
  std::string Out;
  Out.reserve(S.size());
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != '\\' || I + 1 == S.size()) {
      Out += S[I];
      continue;
    }
    char C = S[++I];
    switch (C) {
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    case 'r':
      Out += '\r';
      break;
    case '0':
      Out += '\0';
      break;
    default:
      Out += C;
      break;
    }
  }
  return Out;
}

bool hasChildOfType(TSNode N, std::string_view A, std::string_view B) {
  for (uint32_t I = 0, C = ts_node_named_child_count(N); I < C; ++I) {
    std::string_view T = ts_node_type(ts_node_named_child(N, I));
    if (T == A || T == B)
      return true;
  }
  return false;
}

} // namespace

std::optional<std::string> stringLiteralValue(TSNode N, std::string_view Source) {
  if (ts_node_is_null(N))
    return std::nullopt;
  std::string_view Type = ts_node_type(N);
  std::string_view Text = nodeText(N, Source);
  if (Type == "integer" || Type == "float" || Type == "number" || Type == "true" ||
      Type == "false" || Type == "property_identifier")
    return std::string(Text);
  if (Type == "string" || Type == "template_string") {
    if (hasChildOfType(N, "interpolation", "template_substitution"))
      return std::nullopt;
    // Drop a Python prefix (r, b, u, f and combinations), then the quotes.
    size_t P = 0;
    while (P < Text.size() && std::isalpha(static_cast<unsigned char>(Text[P])))
      ++P;
    std::string_view Prefix = Text.substr(0, P);
    Text.remove_prefix(P);
    if (Text.empty())
      return std::nullopt;
    char Q = Text.front();
    size_t QuoteLen = Text.size() >= 6 && Text.substr(0, 3) == std::string(3, Q) ? 3 : 1;
    if (Text.size() < 2 * QuoteLen)
      return std::nullopt;
    std::string_view Body = Text.substr(QuoteLen, Text.size() - 2 * QuoteLen);
    bool Raw = Prefix.find_first_of("rR") != std::string_view::npos;
    return Raw ? std::string(Body) : unescape(Body);
  }
  return std::nullopt;
}

std::string expandCaptures(std::string_view Template, const QueryMatch &M,
                           std::string_view Source) {
  std::string Out;
  for (size_t I = 0; I < Template.size(); ++I) {
    size_t Close = Template[I] == '{' ? Template.find('}', I) : std::string_view::npos;
    if (Close == std::string_view::npos) {
      Out += Template[I];
      continue;
    }
    TSNode N = M.capture(Template.substr(I + 1, Close - I - 1));
    if (ts_node_is_null(N)) {
      Out += Template[I];
      continue;
    }
    std::string_view Text = nodeText(N, Source);
    Text = Text.substr(0, Text.find('\n'));
    if (Text.size() > 60)
      Out += std::string(Text.substr(0, 57)) + "...";
    else
      Out += Text;
    I = Close;
  }
  return Out;
}

std::vector<std::string> identifierWords(llvm::StringRef Name) {
  std::vector<std::string> Words;
  std::string Cur;
  auto Flush = [&] {
    if (!Cur.empty())
      Words.push_back(Cur);
    Cur.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Flush();
      continue;
    }
    // camelCase and HTTPHeader boundaries.
    bool Upper = std::isupper(static_cast<unsigned char>(C));
    if (Upper && !Cur.empty() &&
        (std::islower(static_cast<unsigned char>(Name[I - 1])) ||
         (I + 1 < Name.size() && std::islower(static_cast<unsigned char>(Name[I + 1])) &&
          std::isupper(static_cast<unsigned char>(Name[I - 1])))))
      Flush();
    Cur += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  }
  Flush();
  return Words;
}

} // namespace teetidy
