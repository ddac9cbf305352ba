// The one place that decides whether a URL may be written into an HTML attribute (href, src,
// cite, poster, action) or a Location header. Every URL that a person typed or a file brought
// goes through SafeUrl before a template or the sanitiser writes it; templates then escape the
// result as they escape every value. A refused URL comes back empty: write no attribute and no
// link (show the text, escaped, if anything).
#pragma once

#include <string>
#include <string_view>

namespace quire::util {

enum class UrlScope {
  // A website address (a commenter's Website, stored or shown): absolute http: or https: with a
  // host, nothing else. A scheme-less address ("example.com/me") gets "http://" as WordPress's
  // esc_url gives it; "//host" and paths are refused (a website is not a place on this site).
  kWebsite,
  // A link in HTML a writer or commenter wrote: http:, https:, mailto: or relative.
  kLink,
};

// Limits (bytes): a longer URL is refused.
inline constexpr size_t kMaxSafeUrlBytes = 8192;

// The URL as it may be written, or "" when it may not. The ASCII whitespace and control
// characters browsers skip inside a URL ("java\tscript:") are removed before the scheme is
// judged (case-insensitively); spaces and the characters that may not stand in a URL (" < > `
// { } ^ | \ outside the authority) are percent-encoded. Invalid UTF-8 is refused.
std::string SafeUrl(std::string_view url, UrlScope scope);

// The one check for every redirect the site answers with (login, logout, post password, comment
// form): `target` is kept only when it is a path on this site, starting with a single "/" and
// made of printable ASCII only (no "//host", no "/\host", no tab or newline a browser would drop
// to make "/\t/host"), else `fallback` is returned. Percent-escapes are kept as written.
std::string LocalRedirectPath(std::string_view target, std::string_view fallback);

}  // namespace quire::util
