#include "http/response_head.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include "util/strings.h"

namespace quire::http {
namespace {

void AppendNumber(std::string& out, uint64_t number) {
  std::array<char, 20> digits;
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
  out.append(digits.data(), end);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

void AppendField(std::string& out, std::string_view name, uint64_t value) {
  out += name;
  out += ": ";
  AppendNumber(out, value);
  out += "\r\n";
}

std::string_view StripWeak(std::string_view tag) {
  return util::StartsWith(tag, "W/") ? tag.substr(2) : tag;
}

bool IsNotModified(const Request& request, const Response& response) {
  if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) {
    return false;
  }
  std::optional<std::string_view> if_none_match = request.Find("if-none-match");
  if (!if_none_match) return false;
  std::optional<std::string_view> etag = response.Find("ETag");
  return etag && EtagListMatches(*if_none_match, *etag);
}

// A header the handler set that would break the framing of the response is dropped.
bool IsSafe(const Header& header) {
  if (header.name.empty()) return false;
  for (char c : header.name) {
    if (c == ':' || c == '\r' || c == '\n' || c == ' ') return false;
  }
  // Two memchr scans (find_first_of with a set would run one per byte of a long value).
  return header.value.find('\r') == std::string::npos &&
         header.value.find('\n') == std::string::npos;
}

// Fields the server writes itself (the length picks the one candidate to compare).
bool IsManaged(std::string_view name) {
  switch (name.size()) {
    case 4: return util::IEquals(name, "date");
    case 6: return util::IEquals(name, "server");
    case 10: return util::IEquals(name, "connection") || util::IEquals(name, "keep-alive");
    case 14: return util::IEquals(name, "content-length");
    case 17: return util::IEquals(name, "transfer-encoding");
    default: return false;
  }
}

// The fields a 304 repeats from the 200 it stands for (RFC 9110, section 15.4.5).
bool KeptIn304(std::string_view name) {
  for (std::string_view kept : {"etag", "cache-control", "vary", "expires", "content-location"}) {
    if (util::IEquals(name, kept)) return true;
  }
  return false;
}

void AppendStatusLine(std::string& out, int status) {
  out += "HTTP/1.1 ";
  AppendNumber(out, static_cast<uint64_t>(status));
  out += ' ';
  out += ReasonPhrase(status);
  out += "\r\n";
}

void AppendHandlerFields(std::string& out, const Response& response, bool not_modified) {
  for (const Header& header : response.headers) {
    if (!IsSafe(header) || IsManaged(header.name)) continue;
    if (not_modified && !KeptIn304(header.name)) continue;
    AppendField(out, header.name, header.value);
  }
  if (response.prepared)
    out += not_modified ? response.prepared->wire_304 : response.prepared->wire;
}

void AppendServerFields(std::string& out, const HeadContext& context) {
  AppendField(out, "Date", context.date);
  AppendField(out, "Server", "Quire");
  if (context.close) {
    AppendField(out, "Connection", "close");
  } else if (context.http10) {
    AppendField(out, "Connection", "keep-alive");
  }
}

}  // namespace

Outgoing ComposeResponseHead(std::string& head, const Request& request, const Response& response,
                             const HeadContext& context) {
  bool not_modified = IsNotModified(request, response);
  int status = not_modified ? 304 : response.status;
  if (status < 100 || status > 599) status = 500;
  bool bodiless = status / 100 == 1 || status == 204 || status == 304;
  std::string_view body = response.body && !bodiless ? *response.body : std::string_view();
  head.clear();
  AppendStatusLine(head, status);
  AppendHandlerFields(head, response, not_modified);
  if (!bodiless) AppendField(head, "Content-Length", body.size());
  AppendServerFields(head, context);
  head += "\r\n";
  if (request.method == "HEAD") body = {};
  return Outgoing{status, body};
}

std::shared_ptr<const PreparedFields> PrepareFields(const Response& response,
                                                    bool has_security_fields) {
  auto fields = std::make_shared<PreparedFields>();
  fields->has_security_fields = has_security_fields;
  AppendHandlerFields(fields->wire, response, false);
  AppendHandlerFields(fields->wire_304, response, true);
  fields->wire.shrink_to_fit();
  fields->wire_304.shrink_to_fit();
  return fields;
}

bool EtagListMatches(std::string_view if_none_match, std::string_view etag) {
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view candidate = util::Trim(rest.substr(0, comma));
    if (candidate == "*" || StripWeak(candidate) == StripWeak(etag)) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

}  // namespace quire::http
