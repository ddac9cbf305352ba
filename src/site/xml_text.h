// Text for XML documents written by hand (feeds, sitemaps): escaping that always yields
// well-formed XML 1.0, and the date formats feeds and sitemaps use. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quire::site {

// Escapes & < > " ' so the text is safe in element content and attribute values. Characters
// XML 1.0 forbids (control characters other than tab, newline and carriage return; U+FFFE,
// U+FFFF) are dropped and malformed UTF-8 becomes U+FFFD, so the output always parses.
std::string XmlEscape(std::string_view text);
void AppendXmlEscaped(std::string& out, std::string_view text);

// RFC 822 (as RFC 1123 writes it) in UTC, for RSS: "Tue, 02 Jan 2024 15:04:05 +0000".
std::string Rfc822Date(int64_t unix_seconds);
// RFC 3339 / W3C datetime in UTC, for Atom, sitemaps and JSON-LD: "2024-01-02T15:04:05Z".
std::string W3cDate(int64_t unix_seconds);

}  // namespace quire::site
