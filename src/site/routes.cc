// Every public URL of the site, top to bottom; the first match wins. Post permalinks follow
// Settings::permalink_structure, which may change at run time, so they are resolved in the
// fallback rather than fixed here.
#include "http/router.h"
#include "site/post_password.h"
#include "site/site.h"
#include "store/taxonomy.h"

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
        std::string_view query = request.Query();
        if (page == 1) {
          std::string bare = query.empty() ? "/" : "/?" + std::string(query);
          return respond(http::Response::Redirect(301, std::move(bare)));
        }
        if (page < 2) return NotFound(std::move(respond));
        if (http::Form::Parse(query).Has("s")) return Search(request, page, std::move(respond));
        FrontPaged(request, page, std::move(respond));
      });
  // --- archives: /category/SLUG/, /tag/SLUG/, /author/LOGIN/, /YYYY/[MM/[DD/]], each with
  // /page/N/, /feed/ (RSS 2.0) and /feed/atom/ ---
  for (std::string_view taxonomy : {store::kCategory, store::kPostTag}) {
    std::string base = taxonomy == store::kCategory ? "/category/{slug}/" : "/tag/{slug}/";
    router.Add(
        "GET", base,
        [this, taxonomy](const http::Request& r, const http::Params& p, http::Respond respond) {
          TermArchive(r, taxonomy, p.Get("slug"), 1, std::move(respond));
        });
    router.Add(
        "GET", base + "page/{n:int}/",
        [this, taxonomy](const http::Request& r, const http::Params& p, http::Respond respond) {
          TermArchive(r, taxonomy, p.Get("slug"), p.GetInt("n"), std::move(respond));
        });
    router.Add(
        "GET", base + "feed/",
        [this, taxonomy](const http::Request& r, const http::Params& p, http::Respond respond) {
          TermFeed(r, taxonomy, p.Get("slug"), FeedFormat::kRss2, std::move(respond));
        });
    router.Add(
        "GET", base + "feed/atom/",
        [this, taxonomy](const http::Request& r, const http::Params& p, http::Respond respond) {
          TermFeed(r, taxonomy, p.Get("slug"), FeedFormat::kAtom, std::move(respond));
        });
  }
  router.Add("GET", "/author/{login}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               AuthorArchive(r, p.Get("login"), 1, std::move(respond));
             });
  router.Add("GET", "/author/{login}/page/{n:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               AuthorArchive(r, p.Get("login"), p.GetInt("n"), std::move(respond));
             });
  router.Add("GET", "/author/{login}/feed/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               AuthorFeed(r, p.Get("login"), FeedFormat::kRss2, std::move(respond));
             });
  router.Add("GET", "/author/{login}/feed/atom/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               AuthorFeed(r, p.Get("login"), FeedFormat::kAtom, std::move(respond));
             });
  router.Add("GET", "/{y:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), 0, 0, 1, std::move(respond));
             });
  router.Add("GET", "/{y:int}/page/{n:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), 0, 0, p.GetInt("n"), std::move(respond));
             });
  router.Add("GET", "/{y:int}/{m:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), p.GetInt("m"), 0, 1, std::move(respond));
             });
  router.Add("GET", "/{y:int}/{m:int}/page/{n:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), p.GetInt("m"), 0, p.GetInt("n"), std::move(respond));
             });
  router.Add("GET", "/{y:int}/{m:int}/{d:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), p.GetInt("m"), p.GetInt("d"), 1, std::move(respond));
             });
  router.Add("GET", "/{y:int}/{m:int}/{d:int}/page/{n:int}/",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               DateArchive(r, p.GetInt("y"), p.GetInt("m"), p.GetInt("d"), p.GetInt("n"),
                           std::move(respond));
             });

  // --- feeds and pages for machines ---
  router.Add("GET", "/feed/",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               SiteFeed(r, FeedFormat::kRss2, std::move(respond));
             });
  router.Add("GET", "/feed/atom/",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               SiteFeed(r, FeedFormat::kAtom, std::move(respond));
             });
  router.Add("GET", "/comments/feed/",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               CommentsFeed(r, FeedFormat::kRss2, std::move(respond));
             });
  router.Add("GET", "/comments/feed/atom/",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               CommentsFeed(r, FeedFormat::kAtom, std::move(respond));
             });
  router.Add("GET", "/sitemap.xml",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               SitemapIndex(r, std::move(respond));
             });
  router.Add("GET", "/sitemaps/{file}",
             [this](const http::Request& r, const http::Params& p, http::Respond respond) {
               SitemapPart(r, p.Get("file"), std::move(respond));
             });
  router.Add("GET", "/robots.txt",
             [this](const http::Request& r, const http::Params&, http::Respond respond) {
               Robots(r, std::move(respond));
             });

  router.Add("POST", "/wp-comments-post.php",
             [this](const http::Request& request, const http::Params&, http::Respond respond) {
               PostComment(request, std::move(respond));
             });
  // A protected item's password form (site/post_password.h), at WordPress's address.
  router.Add("POST", "/wp-login.php",
             [this](const http::Request& request, const http::Params&, http::Respond respond) {
               respond(PostPassResponse(request, *deps_.settings.Get()));
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
  // Post permalinks (GET), their PERMALINK/feed/ and comment pages, pages at /parent/child/,
  // old slugs (301), else the themed 404.
  router.SetFallback([this](const http::Request& request, const http::Params&,
                            http::Respond respond) { Article(request, std::move(respond)); });
  return router;
}

}  // namespace quire::site
