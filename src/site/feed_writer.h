// RSS 2.0 and Atom 1.0 documents from plain values: no store, no HTTP. The site's handlers
// (feeds.cc) gather the values; these functions only write well-formed, escaped XML.
//
// RSS carries the WordPress extensions feed readers expect: content:encoded, dc:creator,
// atom:link rel="self", slash:comments, wfw:commentRss. Every text is escaped with XmlEscape
// (content HTML too, rather than CDATA), so no input can break the document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quire::site {

// A file attached to an entry (a post's featured image): RSS <enclosure>, Atom rel="enclosure".
struct FeedEnclosure {
  std::string url;  // absolute
  std::string type;
  int64_t length = 0;  // bytes
};

struct FeedEntry {
  std::string title;                   // plain text
  std::string link;                    // absolute URL of the item (a post, a comment's #comment-ID)
  std::string id;                      // RSS guid / Atom id: a stable absolute URI; "" means `link`
  bool id_is_permalink = false;        // RSS guid isPermaLink
  std::string author;                  // display name; "" : Atom falls back to the feed's title
  int64_t published = 0, updated = 0;  // Unix seconds, UTC
  std::string summary;                 // plain text (an excerpt)
  std::string content_html;            // the full HTML; "" : only the summary is carried
  std::vector<std::string> categories;  // names
  // Comments of the entry: count (slash:comments, thr:count), the HTML anchor of its comments
  // (RSS <comments>) and its comment feed (wfw:commentRss). Unset/empty: not written.
  std::optional<int64_t> comment_count;
  std::string comments_link;
  std::string comments_feed_rss, comments_feed_atom;
  std::optional<FeedEnclosure> enclosure;
};

struct Feed {
  std::string title;     // plain text
  std::string subtitle;  // plain text (RSS description, Atom subtitle)
  std::string self_url;  // this document's absolute URL
  std::string site_url;  // the HTML page it stands for (RSS link, Atom rel="alternate")
  std::string id;        // Atom feed id; "" means self_url
  int64_t updated = 0;   // RSS lastBuildDate, Atom updated
  std::vector<FeedEntry> entries;
};

// An RSS 2.0 document (UTF-8, with the XML declaration). Dates in RFC 822, UTC.
std::string WriteRss2(const Feed& feed);
// An Atom 1.0 document (UTF-8, with the XML declaration). Dates in RFC 3339, UTC; content is
// type="html" (escaped), summary type="text".
std::string WriteAtom(const Feed& feed);

}  // namespace quire::site
