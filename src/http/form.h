// application/x-www-form-urlencoded bodies and query strings, and the Cookie header.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace quire::http {

class Form {
 public:
  static Form Parse(std::string_view urlencoded);  // "a=1&b=x+y" (also a query string)
  std::optional<std::string_view> Get(std::string_view name) const;  // first value
  std::string_view GetOr(std::string_view name, std::string_view fallback = {}) const;
  bool Has(std::string_view name) const;
  // Every value of the field, in order (checkbox lists such as delete_comments[]).
  std::vector<std::string_view> GetAll(std::string_view name) const;

 private:
  friend Form ParseCookies(const Request& request);
  std::vector<std::pair<std::string, std::string>> fields_;
};

// Cookies sent by the client: "a=1; b=2". Values are URL-decoded.
Form ParseCookies(const Request& request);

struct CookieOptions {
  int64_t max_age = -1;  // seconds; -1: a session cookie; 0: delete now
  bool http_only = true;
  std::string same_site = "Lax";
  std::string path = "/";
  bool secure = false;
};
// A Set-Cookie header value; the value is URL-encoded.
std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace quire::http
