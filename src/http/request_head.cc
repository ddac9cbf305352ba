#include "http/request_head.h"

#include <algorithm>
#include <string>

#include "util/strings.h"

namespace quire::http {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// reg-name = *( unreserved / pct-encoded / sub-delims ) (RFC 3986 3.2.2)
bool IsRegName(std::string_view name) {
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (IsAlpha(c) || IsDigit(c)) continue;
    if (std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos) continue;
    if (c == '%' && i + 2 < name.size() && IsHexDigit(name[i + 1]) && IsHexDigit(name[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

// IP-literal = "[" ( IPv6address / IPvFuture ) "]", checked loosely: hex digits, ':' and '.'
// (an embedded IPv4), or "v" IPvFuture's unreserved / sub-delims / ':'.
bool IsIpLiteralInside(std::string_view inside) {
  if (inside.empty()) return false;
  if (inside.front() == 'v' || inside.front() == 'V') {
    std::string_view future = inside.substr(1);
    return !future.empty() && future.find('%') == std::string_view::npos &&
           std::all_of(future.begin(), future.end(),
                       [](char c) { return c == ':' || IsRegName(std::string_view(&c, 1)); });
  }
  for (char c : inside) {
    if (!IsHexDigit(c) && c != ':' && c != '.') return false;
  }
  return inside.find(':') != std::string_view::npos;
}

bool IsValidPort(std::string_view port) {
  if (port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

// Checks Transfer-Encoding against Content-Length and the version; "" when fine.
std::string TransferEncodingProblem(const RequestHead& head) {
  bool has_transfer_encoding = false;
  bool has_content_length = false;
  int chunked = 0;
  bool chunked_last = false;
  for (const Header& header : head.headers) {
    if (header.name == "content-length") has_content_length = true;
    if (header.name != "transfer-encoding") continue;
    has_transfer_encoding = true;
    for (std::string_view element : util::Split(header.value, ',')) {
      std::string_view coding = util::Trim(element);
      if (coding.empty()) continue;  // a list may have empty elements (RFC 9110 5.6.1)
      if (!util::IEquals(coding, "chunked")) {
        return "Transfer-Encoding '" + header.value + "' has a coding other than chunked";
      }
      ++chunked;
      chunked_last = true;
    }
  }
  if (!has_transfer_encoding) return "";
  if (head.version < 11) return "Transfer-Encoding in an HTTP/1.0 request";
  if (chunked != 1 || !chunked_last) return "Transfer-Encoding must be chunked exactly once";
  if (has_content_length) return "both Transfer-Encoding and Content-Length";
  return "";
}

// Rewrites an absolute-form target ("http://host:port/path?q") to origin-form, its authority
// becoming the Host. "" when fine.
std::string RewriteAbsoluteForm(RequestHead& head, const OwnHost& own_host) {
  std::string_view target = head.target;
  size_t scheme_end = target.find("://");
  std::string_view scheme = target.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos ||
      !(util::IEquals(scheme, "http") || util::IEquals(scheme, "https"))) {
    return "request target '" + head.target + "' is neither origin-form nor absolute-form";
  }
  std::string_view rest = target.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (authority.empty() || authority.find('@') != std::string_view::npos ||
      !IsValidHost(authority)) {
    return "absolute-form target '" + head.target + "' has an invalid authority";
  }
  if (own_host && !own_host(HostName(authority))) {
    return "absolute-form target '" + head.target + "' names another host";
  }
  std::string origin_form =
      path.empty() || path.front() == '?' ? "/" + std::string(path) : std::string(path);
  std::string host(authority);
  // RFC 9112 3.2.2: the target's authority replaces any Host field.
  bool replaced = false;
  for (Header& header : head.headers) {
    if (header.name == "host") {
      header.value = host;
      replaced = true;
    }
  }
  if (!replaced) head.headers.push_back(Header{"host", host});
  head.target = std::move(origin_form);
  return "";
}

}  // namespace

bool IsValidHost(std::string_view host) {
  if (host.empty()) return true;
  std::string_view name = host;
  std::string_view port;
  if (host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    if (!IsIpLiteralInside(host.substr(1, close - 1))) return false;
    std::string_view after = host.substr(close + 1);
    if (after.empty()) return true;
    if (after.front() != ':') return false;
    return IsValidPort(after.substr(1));
  }
  size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
    if (!IsValidPort(port)) return false;
  }
  // A comma is a sub-delim, but in Host it is what two Host fields joined into one look like.
  return !name.empty() && IsRegName(name) && name.find(',') == std::string_view::npos;
}

std::string HostName(std::string_view authority_or_url) {
  std::string_view rest = authority_or_url;
  if (size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    rest.remove_prefix(scheme_end + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(1, rest.find(']') - 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  return util::ToLower(rest);
}

Status CheckRequestHead(RequestHead& head, const OwnHost& own_host) {
  if (std::string problem = TransferEncodingProblem(head); !problem.empty()) {
    return Fail(ErrorKind::kInvalid, std::move(problem));
  }
  if (head.target.empty()) return Fail(ErrorKind::kInvalid, "an empty request target");
  if (head.target.front() != '/') {
    if (head.target == "*") {
      if (head.method != "OPTIONS") {
        return Fail(ErrorKind::kInvalid, "the target '*' is only for OPTIONS");
      }
    } else if (std::string problem = RewriteAbsoluteForm(head, own_host); !problem.empty()) {
      return Fail(ErrorKind::kInvalid, std::move(problem));
    }
  }
  int hosts = 0;
  for (const Header& header : head.headers) {
    if (header.name != "host") continue;
    if (++hosts > 1) return Fail(ErrorKind::kInvalid, "more than one Host field");
    if (!IsValidHost(header.value)) {
      return Fail(ErrorKind::kInvalid, "an invalid Host '" + header.value + "'");
    }
  }
  if (hosts == 0 && head.version >= 11) {
    return Fail(ErrorKind::kInvalid, "an HTTP/1.1 request without Host");
  }
  return {};
}

std::optional<size_t> HeadLength(std::string_view bytes) {
  size_t end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  return end + 4;
}

bool HasObsFold(std::string_view raw_head) {
  for (size_t line = raw_head.find("\r\n"); line != std::string_view::npos;
       line = raw_head.find("\r\n", line + 2)) {
    if (line + 2 < raw_head.size() && (raw_head[line + 2] == ' ' || raw_head[line + 2] == '\t')) {
      return true;
    }
  }
  return false;
}

bool HasBareLineFeed(std::string_view raw_head) {
  for (size_t at = raw_head.find('\n'); at != std::string_view::npos;
       at = raw_head.find('\n', at + 1)) {
    if (at == 0 || raw_head[at - 1] != '\r') return true;
  }
  return false;
}

}  // namespace quire::http
