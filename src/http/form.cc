#include "http/form.h"

#include <utility>

#include "util/strings.h"

namespace quire::http {
namespace {

// Strips one pair of surrounding double quotes, as some clients send cookie values.
std::string_view Unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

}  // namespace

Form Form::Parse(std::string_view urlencoded) {
  Form form;
  for (std::string_view pair : util::Split(urlencoded, '&')) {
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    std::string_view value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    form.fields_.emplace_back(util::UrlDecode(name), util::UrlDecode(value));
  }
  return form;
}

std::optional<std::string_view> Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string_view Form::GetOr(std::string_view name, std::string_view fallback) const {
  return Get(name).value_or(fallback);
}

std::vector<std::string_view> Form::GetAll(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : fields_) {
    if (key == name) values.emplace_back(value);
  }
  return values;
}

bool Form::Has(std::string_view name) const {
  return Get(name).has_value();
}

Form ParseCookies(const Request& request) {
  Form cookies;
  for (const Header& header : request.headers) {
    if (header.name != "cookie") continue;
    for (std::string_view pair : util::Split(header.value, ';')) {
      pair = util::Trim(pair);
      size_t equals = pair.find('=');
      if (pair.empty() || equals == 0 || equals == std::string_view::npos) continue;
      std::string_view name = util::Trim(pair.substr(0, equals));
      std::string_view value = Unquote(util::Trim(pair.substr(equals + 1)));
      cookies.fields_.emplace_back(std::string(name), util::UrlDecode(value));
    }
  }
  return cookies;
}

std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
  std::string cookie(name);
  cookie += '=';
  cookie += util::UrlEncode(value);
  if (options.max_age >= 0) {
    cookie += "; Max-Age=" + std::to_string(options.max_age);
  }
  if (options.max_age == 0) {
    cookie += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  }
  if (!options.path.empty()) cookie += "; Path=" + options.path;
  if (options.secure) cookie += "; Secure";
  if (options.http_only) cookie += "; HttpOnly";
  if (!options.same_site.empty()) cookie += "; SameSite=" + options.same_site;
  return cookie;
}

}  // namespace quire::http
