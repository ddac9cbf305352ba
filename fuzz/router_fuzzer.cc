// The router's pattern matching and path decoding: the input is a request path (and query),
// matched against the site's kinds of patterns; placeholder values are then decoded as the
// handlers decode them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/permalink.h"
#include "http/message.h"
#include "http/router.h"
#include "util/strings.h"

namespace {

constexpr std::string_view kPatterns[] = {"/",
                                          "/page/{n:int}/",
                                          "/{year:int}/{month:int}/{day:int}/{slug}/",
                                          "/assets/{file}",
                                          "/category/{slug}/",
                                          "/author/{login}/feed/",
                                          "/wp-content/uploads/{y:int}/{m:int}/{file}",
                                          "/admin/comments/{id:int}/",
                                          "/{a}/{b}/{c}/{d}/{e}/"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quire::http::Request request;
  request.method = "GET";
  request.target.assign(reinterpret_cast<const char*>(data), size);
  std::string_view path = request.Path();
  (void)request.Query();
  for (std::string_view pattern : kPatterns) {
    auto params = quire::http::Router::Match(pattern, path);
    if (!params) continue;
    for (std::string_view name : {"n", "year", "slug", "file", "login", "id", "a", "e"}) {
      std::string_view value = params->Get(name);
      (void)params->GetInt(name);
      (void)quire::util::PathDecode(value);
      (void)quire::content::DecodeSlug(value);
    }
  }
  (void)quire::util::UrlDecode(request.target);
  return 0;
}
