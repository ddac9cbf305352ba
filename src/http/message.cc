#include "http/message.h"

#include <utility>

#include "http/spooled_body.h"
#include "util/strings.h"

namespace quire::http {
namespace {

// A page answer carries about a dozen fields (type, ETag, Vary, caching, security headers).
constexpr size_t kTypicalResponseFields = 16;

}  // namespace

std::string_view Request::Body() const {
  return body_file ? body_file->bytes() : std::string_view(body);
}

std::string_view Request::Path() const {
  std::string_view target_view = target;
  return target_view.substr(0, target_view.find('?'));
}

std::string_view Request::Query() const {
  std::string_view target_view = target;
  size_t question = target_view.find('?');
  if (question == std::string_view::npos) return {};
  return target_view.substr(question + 1);
}

std::optional<std::string_view> Request::Find(std::string_view lowercase_name) const {
  for (const Header& header : headers) {
    if (header.name == lowercase_name) return header.value;
  }
  return std::nullopt;
}

std::string_view RequestHead::Path() const {
  std::string_view target_view = target;
  return target_view.substr(0, target_view.find('?'));
}

std::optional<std::string_view> RequestHead::Find(std::string_view lowercase_name) const {
  for (const Header& header : headers) {
    if (header.name == lowercase_name) return header.value;
  }
  return std::nullopt;
}

namespace {

// Calls visit(name, value) for each "Name: value\r\n" line of `wire` until it returns true.
template <typename Visit>
bool ForEachField(std::string_view wire, Visit visit) {
  while (!wire.empty()) {
    size_t end = wire.find("\r\n");
    std::string_view line = wire.substr(0, end);
    size_t colon = line.find(": ");
    if (colon != std::string_view::npos && visit(line.substr(0, colon), line.substr(colon + 2))) {
      return true;
    }
    if (end == std::string_view::npos) break;
    wire.remove_prefix(end + 2);
  }
  return false;
}

}  // namespace

void Response::Set(std::string name, std::string value) {
  if (prepared && ForEachField(prepared->wire, [&](std::string_view field, std::string_view) {
        return util::IEquals(field, name);
      })) {
    // Rare (the prepared fields are final for the pages that carry them): back to plain fields.
    ForEachField(prepared->wire, [this](std::string_view field, std::string_view text) {
      headers.push_back(Header{std::string(field), std::string(text)});
      return false;
    });
    prepared.reset();
  }
  for (Header& header : headers) {
    if (util::IEquals(header.name, name)) {
      header.value = std::move(value);
      return;
    }
  }
  if (headers.empty()) headers.reserve(kTypicalResponseFields);  // one allocation, not five
  headers.push_back(Header{std::move(name), std::move(value)});
}

std::optional<std::string_view> Response::Find(std::string_view name) const {
  for (const Header& header : headers) {
    if (util::IEquals(header.name, name)) return header.value;
  }
  std::optional<std::string_view> found;
  if (prepared) {
    ForEachField(prepared->wire, [&](std::string_view field, std::string_view value) {
      if (util::IEquals(field, name)) found = value;
      return found.has_value();
    });
  }
  return found;
}

Response Response::Text(int status, std::string text, std::string content_type) {
  Response response;
  response.status = status;
  response.Set("Content-Type", std::move(content_type));
  response.body = std::make_shared<const std::string>(std::move(text));
  return response;
}

Response Response::Html(int status, std::string html) {
  return Text(status, std::move(html), "text/html; charset=utf-8");
}

Response Response::Redirect(int status, std::string location) {
  Response response = Text(status, "Redirecting to " + location + "\n");
  response.Set("Location", std::move(location));
  return response;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

}  // namespace quire::http
