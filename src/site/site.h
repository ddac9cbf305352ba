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
#include "cache/single_flight.h"
#include "http/form.h"
#include "http/router.h"
#include "site/render_workers.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::site {

// Who is reading, as far as the public site cares. Anonymous readers (no session cookie) are
// the common case and are served from the page cache; a signed-in reader who may read private
// items or preview drafts gets those rendered fresh ("private, no-store").
struct Viewer {
  int64_t user_id = 0;        // 0: anonymous
  bool read_private = false;  // read_private_posts / read_private_pages (editors, admins)
  bool edit_others = false;   // may preview others' drafts (edit_others_posts)
};
using ViewerOf = std::function<Viewer(const http::Request&)>;

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
  // Who reads (the engine asks admin::SessionAuth); empty: everyone is anonymous.
  ViewerOf viewer = {};
  std::string data_dir = {};  // DATA: uploads are served from DATA/uploads/
  // Cache-miss renders run on this many threads (site/render_workers.h), never on the
  // server's I/O threads; at most render_queue wait, beyond that the answer is 503.
  int render_threads = RenderWorkers::kDefaultThreads;
  size_t render_queue = RenderWorkers::kDefaultMaxWaiting;
};

class Theme;
class ArticlePage;
class FrontPage;
class ListPage;
struct ArchiveList;
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
    std::string html;  // the body (HTML, or a feed's or sitemap's XML: see content_type)
    std::vector<std::string> tags;
    std::string content_type = "text/html; charset=utf-8";
  };
  // Runs on a render worker, after the handler has returned: capture by value (the request
  // alone may be captured by reference: it lives until the answer is sent).
  using Producer = std::function<Result<Produced>(const store::Settings&)>;
  using SharedPage = std::shared_ptr<const cache::Page>;

  // Serves `key` from the cache when the view is anonymous; on a miss renders it with `produce`
  // on a render worker, one render per key at a time (cache::SingleFlight: readers who come
  // meanwhile wait for it and are sent the same page). A personal view is rendered for its
  // reader alone (on a worker too) and never cached.
  void ServeHtml(const http::Request& request, std::string key, bool personal, Producer produce,
                 http::Respond respond) const;
  // Renders `key` for this request alone on a worker (cached when anonymous and cacheable).
  void RenderAlone(const http::Request& request, std::string key, bool personal, Producer produce,
                   http::Respond respond) const;
  // Sends the answer to a render with `respond`; *shared gets the page when it may be sent to
  // anyone (and is then in the cache unless an invalidation came after `version`). A page is
  // sent before its other compressed forms are made (cache::MakePartialPage).
  void Answer(const http::Request& request, const std::string& key, bool personal, uint64_t version,
              Result<Produced> produced, http::Respond& respond, SharedPage* shared) const;

  // --- handlers (site.cc) ---
  void Front(const http::Request& request, http::Respond respond) const;
  void FrontPaged(const http::Request& request, int64_t page, http::Respond respond) const;
  void Article(const http::Request& request, http::Respond respond) const;
  void PostComment(const http::Request& request, http::Respond respond) const;
  void Asset(const http::Request& request, std::string_view file, http::Respond respond) const;
  void Avatar(std::string_view file, http::Respond respond) const;
  void NotFound(http::Respond respond) const;

  // --- archives (archive_pages.cc): paginated lists, newest first; page 1 is the bare URL
  // (…/page/1/ answers 301 to it), past the last page 404. taxonomy: store::kCategory or
  // store::kPostTag.
  void TermArchive(const http::Request& request, std::string_view taxonomy, std::string_view slug,
                   int64_t page, http::Respond respond) const;
  void AuthorArchive(const http::Request& request, std::string_view login, int64_t page,
                     http::Respond respond) const;
  // month/day 0: the year's (month's) archive.
  void DateArchive(const http::Request& request, int64_t year, int64_t month, int64_t day,
                   int64_t page, http::Respond respond) const;

  // --- search (search_page.cc): /?s=TERMS and /page/N/?s=TERMS ---
  void Search(const http::Request& request, int64_t page, http::Respond respond) const;

  // --- feeds (feeds.cc): RSS 2.0 or Atom, served from the cache with conditional GET ---
  enum class FeedFormat { kRss2, kAtom };
  void SiteFeed(const http::Request& request, FeedFormat format, http::Respond respond) const;
  void TermFeed(const http::Request& request, std::string_view taxonomy, std::string_view slug,
                FeedFormat format, http::Respond respond) const;
  void AuthorFeed(const http::Request& request, std::string_view login, FeedFormat format,
                  http::Respond respond) const;
  void CommentsFeed(const http::Request& request, FeedFormat format, http::Respond respond) const;
  // PERMALINK/feed/ (reached from the fallback once the post is resolved).
  void PostCommentsFeed(const http::Request& request, const store::Post& post, FeedFormat format,
                        http::Respond respond) const;

  // --- machines (sitemap.cc): /sitemap.xml (index), /sitemaps/NAME.xml, /robots.txt ---
  void SitemapIndex(const http::Request& request, http::Respond respond) const;
  void SitemapPart(const http::Request& request, std::string_view file,
                   http::Respond respond) const;
  void Robots(const http::Request& request, http::Respond respond) const;

  // --- items (site.cc) ---
  // Who reads the request (SiteDeps::viewer; anonymous when it is not set).
  Viewer CurrentViewer(const http::Request& request) const;
  // /?p=ID and /?page_id=ID: 301 to the item's URL (302 for an item only `viewer` may see).
  void PlainLink(const http::Request& request, const http::Form& query,
                 http::Respond respond) const;
  // The item a plain link's id names, for the viewer (a page when `page_only`); nullopt: none.
  Result<std::optional<store::Post>> PlainLinkItem(const http::Request& request, int64_t id,
                                                   bool page_only) const;
  // The file URL of the attachment a plain link's id names; nullopt: none.
  Result<std::optional<std::string>> PlainLinkMedia(int64_t id) const;
  // PERMALINK/feed/ of a published post or page (PostCommentsFeed), else 404.
  void ItemFeed(const http::Request& request, std::string_view item_path, FeedFormat format,
                http::Respond respond) const;

  // What a request path names for `viewer`: an item it may see, or a redirect (an old slug,
  // a missing trailing slash, the static front page's own path); neither: 404.
  struct Resolution {
    std::optional<store::Post> item;
    std::string redirect;  // a path ("" none)
  };
  Result<Resolution> ResolveItem(std::string_view path, const Viewer& viewer,
                                 const store::Settings& settings) const;
  // The published post whose permalink is `path` under the current structure, if any.
  Result<std::optional<store::Post>> ResolvePost(std::string_view path,
                                                 const store::Settings& settings) const;
  Result<Produced> ProduceArticle(const http::Request& request, std::string_view path,
                                  bool personal, const store::Settings& settings) const;
  // An item's page (a post or a page) once its reader may see it; items that are not published
  // are produced without tags (never cached). canonical_path "" : the item's own path.
  Result<Produced> ProduceItem(const http::Request& request, const store::Post& item,
                               int64_t comment_page, bool personal,
                               const std::string& canonical_path,
                               const store::Settings& settings) const;

  // --- lists (archive_pages.cc) ---
  // One page of an archive: the list's items at list.view.page, 404 past the last page (and
  // when empty, for date archives); tags: list.tag and each item shown.
  Result<Produced> ProduceList(ArchiveList list, const store::Settings& settings) const;

  SiteDeps deps_;
  std::unique_ptr<Theme> theme_;
  std::unique_ptr<ArticlePage> article_;
  std::unique_ptr<FrontPage> front_;
  std::unique_ptr<ListPage> list_;
  std::unique_ptr<CommentPost> comment_post_;
  // The theme's assets, compressed and hashed once.
  std::map<std::string, std::shared_ptr<const cache::Page>, std::less<>> assets_;
  // The renders in the air, by cache key.
  mutable cache::SingleFlight<SharedPage> flights_;
  // Last: destroyed first, so that queued renders finish while what they use is still here.
  std::unique_ptr<RenderWorkers> workers_;
};

}  // namespace quire::site
