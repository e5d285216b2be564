#include "source/Utf8.h"

namespace teetidy {

void appendUtf8(std::string &Out, uint32_t CP) {
  if ((CP >= 0xD800 && CP <= 0xDFFF) || CP > 0x10FFFF)
    CP = 0xFFFD;
  auto Byte = [&Out](uint32_t B) { Out += static_cast<char>(B); };
  if (CP < 0x80) {
    Byte(CP);
  } else if (CP < 0x800) {
    Byte(0xC0 | (CP >> 6));
    Byte(0x80 | (CP & 0x3F));
  } else if (CP < 0x10000) {
    Byte(0xE0 | (CP >> 12));
    Byte(0x80 | ((CP >> 6) & 0x3F));
    Byte(0x80 | (CP & 0x3F));
  } else {
    Byte(0xF0 | (CP >> 18));
    Byte(0x80 | ((CP >> 12) & 0x3F));
    Byte(0x80 | ((CP >> 6) & 0x3F));
    Byte(0x80 | (CP & 0x3F));
  }
}

size_t findInvalidUtf8(std::string_view Text) {
  const auto *S = reinterpret_cast<const unsigned char *>(Text.data());
  size_t N = Text.size();
  size_t I = 0;
  while (I < N) {
    unsigned char C = S[I];
    if (C < 0x80) {
      ++I;
      continue;
    }
    size_t Len;
    uint32_t Min;
    if ((C & 0xE0) == 0xC0) {
      Len = 2;
      Min = 0x80;
    } else if ((C & 0xF0) == 0xE0) {
      Len = 3;
      Min = 0x800;
    } else if ((C & 0xF8) == 0xF0) {
      Len = 4;
      Min = 0x10000;
    } else {
      return I;
    }
    if (I + Len > N)
      return I;
    uint32_t CP = C & (0x7F >> Len);
    for (size_t K = 1; K < Len; ++K) {
      if ((S[I + K] & 0xC0) != 0x80)
        return I;
      CP = (CP << 6) | (S[I + K] & 0x3F);
    }
    if (CP < Min || CP > 0x10FFFF || (CP >= 0xD800 && CP <= 0xDFFF))
      return I;
    I += Len;
  }
  return std::string_view::npos;
}

std::string displayPath(std::string_view Path) {
  std::string Out;
  Out.reserve(Path.size());
  static const char Hex[] = "0123456789abcdef";
  auto Escape = [&](unsigned char C) {
    Out += "\\x";
    Out += Hex[C >> 4];
    Out += Hex[C & 15];
  };
  while (!Path.empty()) {
    size_t Bad = findInvalidUtf8(Path);
    std::string_view Good = Path.substr(0, Bad);
    for (char Ch : Good) {
      unsigned char C = static_cast<unsigned char>(Ch);
      if (C < 0x20 || C == 0x7f)
        Escape(C);
      else if (C == '\\')
        Out += "\\\\";
      else
        Out += Ch;
    }
    if (Bad == std::string_view::npos)
      break;
    Escape(static_cast<unsigned char>(Path[Bad]));
    Path.remove_prefix(Bad + 1);
  }
  return Out;
}

std::string shortened(std::string_view Value, size_t Max) {
  if (Value.size() <= Max)
    return std::string(Value);
  size_t End = Max;
  while (End > 0 && (static_cast<unsigned char>(Value[End]) & 0xC0) == 0x80)
    --End;
  return std::string(Value.substr(0, End)) + "...";
}

} // namespace teetidy
