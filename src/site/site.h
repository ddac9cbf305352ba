// The public site: its routes and the pages behind them, rendered from the theme and served
// from the page cache. Built once by app::Engine, which owns what it points to.
//
// Anonymous page views are served from cache::PageCache (keyed by path, tagged per
// docs/conventions.md); views with commenter cookies or a personal query (replytocom,
// unapproved, moderation-hash) are rendered fresh and sent "private, no-store".
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/page_cache.h"
#include "http/router.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::site {

struct SiteDeps {
  store::Store& store;
  cache::PageCache& cache;
  store::SettingsHolder& settings;  // settings.Get()->home_url is set by the engine
  const util::Clock& clock;
  // Runs inside a new comment's transaction once it is stored (the engine queues the email it
  // causes here; see mail/notifications.h); subscribe: the commenter ticked "Notify me of
  // follow-up comments by email". Its error fails the submission. Empty: nothing runs.
  using CommentStored =
      std::function<Status(store::Transaction&, const store::Comment&, bool subscribe)>;
  CommentStored comment_stored = {};
};

class Theme;
class ArticlePage;
class FrontPage;
class CommentPost;

class Site {
 public:
  // Loads the theme (built-in, overridden by Settings::theme_dir as it is now).
  explicit Site(SiteDeps deps);
  ~Site();

  // The route table (site/routes.cc): every public URL in one readable list.
  http::Router Routes();

 private:
  // What a page handler produced: a page (status 200) to send and, when tags are given and the
  // view is anonymous, to cache; or a ready answer (a redirect, a 404) sent as it is.
  struct Produced {
    std::optional<http::Response> direct;
    std::string html;
    std::vector<std::string> tags;
  };
  using Producer = std::function<Result<Produced>(const store::Settings&)>;

  // Serves `key` from the cache when the view is anonymous, else renders with `produce`.
  void ServeHtml(const http::Request& request, const std::string& key, bool personal,
                 const Producer& produce, http::Respond respond) const;

  // --- handlers (site.cc) ---
  void Front(const http::Request& request, http::Respond respond) const;
  void FrontPaged(const http::Request& request, int64_t page, http::Respond respond) const;
  void Article(const http::Request& request, http::Respond respond) const;
  void PostComment(const http::Request& request, http::Respond respond) const;
  void Asset(const http::Request& request, std::string_view file, http::Respond respond) const;
  void Avatar(std::string_view file, http::Respond respond) const;
  void NotFound(http::Respond respond) const;

  // The published post whose permalink is `path` under the current structure, if any.
  Result<std::optional<store::Post>> ResolvePost(std::string_view path,
                                                 const store::Settings& settings) const;
  Result<Produced> ProduceArticle(const http::Request& request, std::string_view path,
                                  bool personal, const store::Settings& settings) const;

  SiteDeps deps_;
  std::unique_ptr<Theme> theme_;
  std::unique_ptr<ArticlePage> article_;
  std::unique_ptr<FrontPage> front_;
  std::unique_ptr<CommentPost> comment_post_;
  // The theme's assets, compressed and hashed once.
  std::map<std::string, std::shared_ptr<const cache::Page>, std::less<>> assets_;
};

}  // namespace quire::site
