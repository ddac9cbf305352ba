#include "site/xml_text.h"

#include <array>
#include <ctime>
#include <optional>

#include "util/utf8.h"

namespace quire::site {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// XML 1.0's Char production (section 2.2).
bool IsXmlChar(char32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  if (c <= 0xD7FF) return true;
  if (c < 0xE000) return false;
  if (c <= 0xFFFD) return true;
  return c >= 0x10000 && c <= 0x10FFFF;
}

void AppendEscapedAscii(std::string& out, char c) {
  switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
  }
}

std::tm UtcTime(int64_t unix_seconds) {
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&time, &tm);
  return tm;
}

std::string Format(int64_t unix_seconds, const char* format) {
  std::tm tm = UtcTime(unix_seconds);
  std::array<char, 64> buffer{};
  size_t length = std::strftime(buffer.data(), buffer.size(), format, &tm);
  return std::string(buffer.data(), length);
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      if (IsXmlChar(byte)) AppendEscapedAscii(out, static_cast<char>(byte));
      ++pos;
      continue;
    }
    size_t length = 1;
    std::optional<char32_t> c = util::DecodeUtf8(text, pos, length);
    if (!c) {
      util::AppendUtf8(out, kReplacement);
    } else if (IsXmlChar(*c)) {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendXmlEscaped(out, text);
  return out;
}

std::string Rfc822Date(int64_t unix_seconds) {
  // strftime's %a and %b follow the locale; RFC 822 wants the English names.
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm = UtcTime(unix_seconds);
  std::string out = std::string(kDays[tm.tm_wday]) + ", ";
  out += Format(unix_seconds, "%d ");
  out += kMonths[tm.tm_mon];
  out += Format(unix_seconds, " %Y %H:%M:%S +0000");
  return out;
}

std::string W3cDate(int64_t unix_seconds) {
  return Format(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace quire::site
