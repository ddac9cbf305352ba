// Lists of items: the front page, the archives (category, tag, author, date) and whatever else
// shows a page of posts. Each item shows its title (a link), date, author, excerpt, comment
// count and featured thumbnail; the list has Older/Newer links and fills the page's <head>
// (canonical, rel=prev/next). Also the small URL rules every list shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "site/page_meta.h"
#include "site/theme.h"
#include "store/publishing.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::site {

// How many list pages `total` items fill at `per_page` a page (per_page < 1 counts as 1); at
// least 1, so that an empty list still has its first page.
int64_t PageCount(int64_t total, int64_t per_page);

// Page `page` of the list whose first page is `base` ("/category/cats/"): `base` itself for
// page 1 and below, else base + "page/N/". `base` ends with '/'.
std::string ListPagePath(std::string_view base, int64_t page);

// When `path` is a list's ".../page/1/", the list's bare URL (with "?query" kept when given)
// that it answers 301 with; nullopt otherwise.
std::optional<std::string> PageOneRedirect(std::string_view path, std::string_view query);

// Where an item lives: a post's permalink (content::PostPath), a page's "/parent/child/" (each
// slug percent-encoded). Fails when the store does.
Result<std::string> ItemPath(store::Store& store, const store::Post& item,
                             const store::Settings& settings);

// The item's title as pages and lists show it: "Private: TITLE" for a private item,
// "Protected: TITLE" for a password-protected one, as WordPress (plain text).
std::string ItemTitle(const store::Post& item);

// What a list shows of an item: its excerpt (content::Excerpt), or kProtectedExcerpt
// (site/post_password.h) for a password-protected item.
std::string ItemExcerpt(const store::Post& item);

// A path under /category/ that the route table leaves to the fallback: nested categories
// "/category/parent/child/", with "page/N/", "feed/" or "feed/atom/" after them.
struct CategoryPath {
  std::string slugs;  // "parent/child" as in the path (not decoded)
  int64_t page = 1;   // 0 when "page/N/" does not hold a number that fits
  enum class Feed { kNone, kRss2, kAtom } feed = Feed::kNone;
};
// nullopt when `path` does not start with "/category/", names no slug or does not end in '/'.
std::optional<CategoryPath> ParseCategoryPath(std::string_view path);

// What one page of a list shows.
struct ListView {
  std::string heading;      // "Category: Cats"; "" on the front page (no heading)
  std::string description;  // plain text under the heading ("" none)
  std::string base_path;    // the list's first page, e.g. "/category/cats/" or "/"
  int64_t page = 1;         // 1-based
  int64_t pages = 1;        // PageCount of the whole list
  std::vector<store::Post> items;
  std::string body_class = "archive";     // the <body> class ("home", "archive category" ...)
  std::string template_name = "archive";  // "archive" or "front"
};

// A rendered list page: the document and the change tags it depends on besides the list's own
// ("post:ID" of every item shown).
struct RenderedList {
  std::string html;
  std::vector<std::string> tags;
};

// An archive to produce: what to list, how to show it, the list's own change tag.
struct ArchiveList {
  store::ListQuery query;  // offset and limit are set from view.page and posts_per_page
  ListView view;           // items and pages are filled in
  PageMeta meta;
  std::string tag;                     // "term:ID", "author:ID", "date:YYYY-MM" ...
  std::vector<std::string> more_tags;  // more of its own (a date archive's other UTC date)
  bool empty_is_missing = false;       // date archives: no posts, no page (404)
};

class ListPage {
 public:
  ListPage(store::Store& store, const Theme& theme);

  // The full HTML document of `view`. `meta` carries what the caller knows (title,
  // description, feeds, noindex); canonical, prev and next are filled from the view's paths.
  // Fails when the store or the theme does.
  Result<RenderedList> Render(const ListView& view, PageMeta meta,
                              const store::Settings& settings) const;

 private:
  store::Store& store_;
  const Theme& theme_;
};

}  // namespace quire::site
