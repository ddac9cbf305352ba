// Small string helpers shared by every layer. Nothing here knows about posts or HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quire::util {

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);
void AppendHtmlEscaped(std::string& out, std::string_view text);

// application/x-www-form-urlencoded and URL component coding.
std::string UrlDecode(std::string_view text);  // '+' becomes a space
std::string UrlEncode(std::string_view text);  // RFC 3986 unreserved kept
// A path segment's %XX escapes decoded; '+' stays '+' (unlike UrlDecode's form decoding).
// nullopt when an escape is broken ("%4", "%zz").
std::optional<std::string> PathDecode(std::string_view segment);

// Where the tag or comment starting at html[pos] == '<' ends: one past its '>' (quoted
// attribute values skipped; "<!--" runs to "-->"); npos when it never ends.
size_t HtmlTagEnd(std::string_view html, size_t pos);

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
bool StartsWith(std::string_view text, std::string_view prefix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
std::vector<std::string_view> Split(std::string_view text, char separator);
std::optional<int64_t> ParseInt(std::string_view text);  // the whole text, base 10

// True when the bytes are well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// Lowercase hex of the bytes.
std::string HexEncode(std::string_view bytes);

}  // namespace quire::util
