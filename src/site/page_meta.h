// What a page says about itself in <head>: canonical URL, rel=prev/next of paginated lists,
// feed links, OpenGraph and Twitter cards, JSON-LD (an Article on posts). Built by the page
// (article, archive, search...), written by RenderDocument into layout.mustache. Every URL here
// is absolute (Settings::home_url + path).
#pragma once

#include <string>
#include <vector>

#include "store/records.h"
#include "store/settings.h"

namespace quire::site {

struct FeedLink {
  std::string title;  // e.g. "Site » Feed", "Site » Cats Category Feed"
  std::string url;    // absolute
  std::string type = "application/rss+xml";
};

struct PageMeta {
  std::string title;        // the page's own title ("" on the front page)
  std::string description;  // plain text (an excerpt), for description/og/twitter
  std::string canonical;    // absolute URL of this page (its first comment page, list page N)
  std::string prev, next;   // absolute URLs of the neighbouring pages of a list ("": none)
  std::string og_type = "website";  // "article" on posts and pages
  std::string image;                // absolute URL of the featured image ("": none)
  int image_width = 0, image_height = 0;
  std::string published, modified;  // ISO 8601 (articles)
  std::string author;               // display name (articles)
  std::vector<FeedLink> feeds;      // besides the site's own feeds, always linked
  std::string json_ld;              // a JSON document ("": none); written escaped for <script>
  bool noindex = false;             // search results, 404s, private views
};

// The meta of an item's own page (og_type article, JSON-LD Article with headline, dates,
// author, image, publisher), given its absolute URL and the author's display name.
PageMeta MetaForItem(const store::Post& post, const store::Settings& settings,
                     const std::string& url, const std::string& author_name,
                     const std::string& image_url, int image_width, int image_height);

}  // namespace quire::site
