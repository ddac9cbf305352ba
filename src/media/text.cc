#include "media/text.h"

#include "util/strings.h"
#include "util/utf8.h"

namespace quire::media {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

bool IsHiddenControl(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || IsBidiControl(c);
}

std::string CleanText(std::string_view text, Lines lines) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    size_t length = 1;
    std::optional<char32_t> c = util::DecodeUtf8(text, pos, length);
    pos += length;
    if (!c) {
      util::AppendUtf8(out, kReplacement);
    } else if (*c == '\r') {
      if (pos < text.size() && text[pos] == '\n') continue;  // "\r\n": the "\n" stays
      out += lines == Lines::kMultiple ? '\n' : ' ';
    } else if (*c == '\n' || *c == '\t') {
      out += lines == Lines::kMultiple ? static_cast<char>(*c) : ' ';
    } else if (!IsHiddenControl(*c)) {
      util::AppendUtf8(out, *c);
    }
  }
  return std::string(util::Trim(out));
}

}  // namespace quire::media
