//===- Utf8.h - Encoding and checking UTF-8 ---------------------*- C++ -*-===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace teetidy {

/// Appends the UTF-8 encoding of code point \p CP to \p Out. A surrogate or a
/// value past U+10FFFF, which has no UTF-8 form, becomes U+FFFD.
void appendUtf8(std::string &Out, uint32_t CP);

/// The offset of the first byte of \p Text that is not part of valid UTF-8
/// (truncated, overlong, surrogate or out-of-range sequences), or npos.
size_t findInvalidUtf8(std::string_view Text);

/// \p Path as messages print it: control characters (a newline, an escape
/// sequence) and bytes that are not UTF-8 become `\xNN`, and a backslash
/// becomes `\\`, so a name can neither break a line nor reach the terminal
/// as a command. Other names are unchanged.
std::string displayPath(std::string_view Path);

/// \p Value as a message quotes it: whole when it is short, else its first
/// \p Max bytes (cut at a code point) and "...". Values come from the input,
/// and a message repeats for every finding.
std::string shortened(std::string_view Value, size_t Max = 200);

} // namespace teetidy
