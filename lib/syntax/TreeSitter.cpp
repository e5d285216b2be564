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

std::string_view nodeText(TSNode N, std::string_view Source) {
  if (ts_node_is_null(N))
    return {};
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  if (B > Source.size() || E > Source.size() || E < B)
    return {};
  return Source.substr(B, E - B);
}

} // namespace teetidy
