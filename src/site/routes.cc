// Every public URL of the site, top to bottom; the first match wins. Post permalinks follow
// Settings::permalink_structure, which may change at run time, so they are resolved in the
// fallback rather than fixed here.
#include "http/router.h"
#include "site/site.h"

namespace quire::site {

http::Router Site::Routes() {
  http::Router router;
  router.Add("GET", "/",
             [this](const http::Request& request, const http::Params&, http::Respond respond) {
               Front(request, std::move(respond));
             });
  router.Add(
      "GET", "/page/{n:int}/",
      [this](const http::Request& request, const http::Params& params, http::Respond respond) {
        int64_t page = params.GetInt("n");  // 0 when the number does not fit
        if (page == 1) return respond(http::Response::Redirect(301, "/"));
        if (page < 2) return NotFound(std::move(respond));
        FrontPaged(request, page, std::move(respond));
      });
  router.Add("POST", "/wp-comments-post.php",
             [this](const http::Request& request, const http::Params&, http::Respond respond) {
               PostComment(request, std::move(respond));
             });
  router.Add("*", "/wp-comments-post.php",
             [](const http::Request&, const http::Params&, http::Respond respond) {
               http::Response response = http::Response::Text(405, "Method Not Allowed\n");
               response.Set("Allow", "POST");
               respond(std::move(response));
             });
  router.Add(
      "GET", "/assets/{file}",
      [this](const http::Request& request, const http::Params& params, http::Respond respond) {
        Asset(request, params.Get("file"), std::move(respond));
      });
  router.Add("GET", "/avatar/{key}",
             [this](const http::Request&, const http::Params& params, http::Respond respond) {
               Avatar(params.Get("key"), std::move(respond));
             });
  // Post permalinks (GET), else the themed 404.
  router.SetFallback([this](const http::Request& request, const http::Params&,
                            http::Respond respond) { Article(request, std::move(respond)); });
  return router;
}

}  // namespace quire::site
