#include "comments/keywords.h"

#include <string>

#include "util/strings.h"
#include "util/utf8.h"

namespace quire::comments {
namespace {

// Decodes one UTF-8 character at `at` (advancing it); a broken byte comes back as itself.
char32_t NextCodePoint(std::string_view text, size_t& at) {
  size_t length = 1;
  std::optional<char32_t> code_point = util::DecodeUtf8(text, at, length);
  char32_t result = code_point.value_or(static_cast<unsigned char>(text[at]));
  at += length;
  return result;
}

// Lower case for the scripts commenters mostly write in: Latin (with Latin-1, Extended-A and
// Azerbaijani Ə), Greek and Cyrillic. Other characters compare as they are.
char32_t Fold(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) ||
      (cp >= 0x410 && cp <= 0x42F)) {
    return cp + 32;
  }
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x178 && cp != 0x138 && cp != 0x149) {
    bool odd_is_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    bool upper = odd_is_upper ? (cp % 2 == 1) : (cp % 2 == 0);
    return upper ? cp + 1 : cp;
  }
  if (cp == 0x178) return 0xFF;   // Ÿ → ÿ
  if (cp == 0x18F) return 0x259;  // Ə → ə
  if (cp == 0x130) return 'i';    // İ → i (as PHP's /iu does not; the nearer match for a filter)
  return cp;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    size_t start = at;
    char32_t cp = NextCodePoint(text, at);
    if (at == start + 1 && cp >= 0x80) {  // a broken byte stays as it is
      out += text[start];
      continue;
    }
    util::AppendUtf8(out, Fold(cp));
  }
  return out;
}

std::string FindKeyword(std::string_view keys, const std::vector<KeywordField>& fields) {
  std::vector<std::string> folded;
  folded.reserve(fields.size());
  for (const auto& field : fields) folded.push_back(FoldCase(field.text));
  for (std::string_view line : util::Split(keys, '\n')) {
    std::string_view key = util::Trim(line);
    if (key.empty()) continue;
    std::string folded_key = FoldCase(key);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (folded[i].find(folded_key) != std::string::npos) {
        return "\"" + std::string(key) + "\" in " + std::string(fields[i].name);
      }
    }
  }
  return {};
}

}  // namespace quire::comments
