#include "util/safe_url.h"

#include <cctype>
#include <optional>

#include "util/strings.h"

namespace quire::util {

namespace {

constexpr std::string_view kHttp = "http://";

// What browsers skip: every ASCII control character and the space, where they would join two
// halves of a scheme ("java\tscript:"). Judging the scheme without them is the cautious reading.
bool IsSkipped(char c) {
  return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
}

// Characters that may not stand in a URL as typed; written percent-encoded.
bool NeedsEncoding(char c) {
  return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' ||
         c == '^';
}

// The URL to write: trimmed, other controls dropped, the characters above percent-encoded.
std::string Clean(std::string_view url) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : Trim(url)) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (NeedsEncoding(c)) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else if (byte >= 0x20 && byte != 0x7F) {
      out += c;
    }
  }
  return out;
}

// The lower-cased scheme of a URL with the skipped characters removed, or nullopt when it has
// none (a relative reference: no ':' before the first '/', '?' or '#', or not a scheme's
// characters before it).
std::optional<std::string> SchemeOf(std::string_view probe) {
  size_t colon = probe.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view scheme = probe.substr(0, colon);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return std::nullopt;
  for (char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  return ToLower(scheme);
}

bool IsWebScheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https";
}

// An absolute http(s) URL with a host: "scheme://" then something that is not a path.
bool HasHost(std::string_view probe) {
  size_t colon = probe.find(':');
  std::string_view rest = probe.substr(colon + 1);
  if (!rest.starts_with("//")) return false;
  rest.remove_prefix(2);
  return !rest.empty() && std::string_view("/\\?#").find(rest.front()) == std::string_view::npos;
}

std::string WithoutSkipped(std::string_view url) {
  std::string probe;
  for (char c : url) {
    if (!IsSkipped(c)) probe += c;
  }
  return probe;
}

std::string Website(std::string_view url) {
  std::string probe = WithoutSkipped(url);
  if (probe.empty()) return "";
  std::string cleaned = Clean(url);
  if (std::optional<std::string> scheme = SchemeOf(probe)) {
    // Judged twice: as a browser skipping controls reads it, and as it will be written.
    if (!IsWebScheme(*scheme) || !HasHost(probe)) return "";
    if (SchemeOf(cleaned) != scheme || !HasHost(cleaned)) return "";
    return cleaned;
  }
  // No scheme: "example.com/me" is taken as http://; a path, query or fragment is not a website.
  if (std::string_view("/\\?#").find(probe.front()) != std::string_view::npos) return "";
  std::string absolute = std::string(kHttp) + cleaned;
  return HasHost(absolute) ? absolute : "";
}

std::string Link(std::string_view url) {
  std::string probe = WithoutSkipped(url);
  if (probe.empty()) return "";
  if (std::optional<std::string> scheme = SchemeOf(probe)) {
    if (!IsWebScheme(*scheme) && *scheme != "mailto") return "";
  }
  return Clean(url);
}

}  // namespace

std::string SafeUrl(std::string_view url, UrlScope scope) {
  if (url.size() > kMaxSafeUrlBytes || !IsValidUtf8(url)) return "";
  switch (scope) {
    case UrlScope::kWebsite: return Website(url);
    case UrlScope::kLink: return Link(url);
  }
  return "";
}

std::string LocalRedirectPath(std::string_view target, std::string_view fallback) {
  auto refuse = [&] { return std::string(fallback); };
  if (target.empty() || target.size() > kMaxSafeUrlBytes || target.front() != '/') {
    return refuse();
  }
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return refuse();
  for (char c : target) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '\\') return refuse();
  }
  return std::string(target);
}

}  // namespace quire::util
