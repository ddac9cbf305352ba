#include "util/utf8.h"

namespace quire::util {

std::optional<char32_t> DecodeUtf8(std::string_view text, size_t pos, size_t& length) {
  auto lead = static_cast<unsigned char>(text[pos]);
  length = 1;
  if (lead < 0x80) return lead;
  size_t need = (lead & 0xE0) == 0xC0   ? 2
                : (lead & 0xF0) == 0xE0 ? 3
                : (lead & 0xF8) == 0xF0 ? 4
                                        : 0;
  if (need == 0 || pos + need > text.size()) return std::nullopt;
  char32_t code_point = lead & (0xFF >> (need + 1));
  for (size_t i = 1; i < need; ++i) {
    auto c = static_cast<unsigned char>(text[pos + i]);
    if ((c & 0xC0) != 0x80) return std::nullopt;
    code_point = (code_point << 6) | (c & 0x3F);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[need] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return std::nullopt;
  }
  length = need;
  return code_point;
}

void AppendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
    return;
  }
  if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (code_point & 0x3F));
}

}  // namespace quire::util
