#include "syntax/TreeSitter.h"

namespace teetidy {

Parser::Parser() : P(ts_parser_new()) {}

bool Parser::setLanguage(const TSLanguage *Lang) {
  return ts_parser_set_language(P.get(), Lang);
}

Tree Parser::parse(std::string_view Text, uint64_t TimeoutMicros) {
  ts_parser_reset(P.get());
  ts_parser_set_timeout_micros(P.get(), TimeoutMicros);
  return Tree(ts_parser_parse_string(P.get(), nullptr, Text.data(),
                                     static_cast<uint32_t>(Text.size())));
}

std::optional<uint32_t> firstSyntaxErrorOffset(TSNode Root) {
  TSNode N = Root;
  if (ts_node_is_null(N) || !ts_node_has_error(N))
    return std::nullopt;
  while (true) {
    if (ts_node_is_missing(N) || std::string_view(ts_node_type(N)) == "ERROR")
      return ts_node_start_byte(N);
    bool Descended = false;
    for (uint32_t I = 0, C = ts_node_child_count(N); I < C; ++I) {
      TSNode Child = ts_node_child(N, I);
      if (ts_node_has_error(Child)) {
        N = Child;
        Descended = true;
        break;
      }
    }
    if (!Descended)
      return ts_node_start_byte(N);
  }
}

std::string_view nodeText(TSNode N, std::string_view Source) {
  if (ts_node_is_null(N))
    return {};
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  if (B > Source.size() || E > Source.size() || E < B)
    return {};
  return Source.substr(B, E - B);
}

} // namespace teetidy
