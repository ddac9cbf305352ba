// The Cookie header (http::ParseCookies) and Set-Cookie values made from what it read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/form.h"
#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quire::http::Request request;
  request.method = "GET";
  request.target = "/";
  request.headers.push_back({"cookie", std::string(reinterpret_cast<const char*>(data), size)});
  quire::http::Form cookies = quire::http::ParseCookies(request);
  for (std::string_view name : {"comment_author_quire", "quire_session", "wp-postpass_quire", ""}) {
    std::string_view value = cookies.GetOr(name);
    // Echoing a cookie back must give one header line: no CR or LF may survive.
    std::string header = quire::http::SetCookie(name, value, {});
    if (header.find_first_of("\r\n") != std::string::npos) __builtin_trap();
  }
  return 0;
}
