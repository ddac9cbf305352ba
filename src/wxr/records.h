// The plain values a WXR file holds, as read (no interpretation: ids are the source site's,
// dates are WordPress's "YYYY-MM-DD HH:MM:SS" text, empty elements are empty strings). See
// ../shared/data/wxr/FORMAT.md and docs/wxr-mapping.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quire::wxr {

// Where something starts in the file (1-based), for messages.
struct Position {
  int line = 0;
  int column = 0;
};

// wp:postmeta, wp:commentmeta, wp:termmeta.
struct Meta {
  std::string key;
  std::string value;
};

// wp:author (1.1+).
struct Author {
  int64_t id = 0;  // wp:author_id (0 when absent)
  std::string login;
  std::string email;
  std::string display_name;
  std::string first_name;
  std::string last_name;
  Position position;
};

// wp:category, wp:tag or wp:term (taxonomy "category", "post_tag" or wp:term_taxonomy).
struct Term {
  int64_t id = 0;  // wp:term_id (0 in 1.0 files)
  std::string taxonomy;
  std::string slug;
  std::string name;
  std::string description;
  std::string parent_slug;  // "" at top level
  std::vector<Meta> meta;
  Position position;
};

// An item's <category domain nicename>: 1.0's domain "tag" is read as "post_tag"; bare
// <category> elements without a nicename are left out.
struct ItemTerm {
  std::string taxonomy;
  std::string slug;
  std::string name;
};

// wp:comment.
struct Comment {
  int64_t id = 0;
  std::string author;
  std::string author_email;
  std::string author_url;
  std::string author_ip;
  std::string date;
  std::string date_gmt;
  std::string content;
  std::string approved;  // "1", "0", "spam", "trash", "post-trashed", ...
  std::string type;      // "", "comment", "pingback", "trackback", "note", ...
  int64_t parent = 0;
  int64_t user_id = 0;
  std::vector<Meta> meta;
  Position position;
};

// <item>: a post, page, attachment, menu item or custom post.
struct Item {
  std::string title;
  std::string link;
  std::string creator;  // dc:creator, as written
  std::string guid;
  std::string content;  // content:encoded
  std::string excerpt;  // excerpt:encoded
  int64_t post_id = 0;
  std::string post_date;
  std::string post_date_gmt;
  std::string post_modified;
  std::string post_modified_gmt;
  std::string comment_status;
  std::string ping_status;
  std::string post_name;
  std::string status;
  int64_t post_parent = 0;
  int64_t menu_order = 0;
  std::string post_type;
  std::string post_password;
  bool is_sticky = false;
  std::string attachment_url;
  std::vector<ItemTerm> terms;
  std::vector<Meta> meta;
  std::vector<Comment> comments;
  Position position;
};

// The channel's own fields (known once the first author, term or item has been read).
struct Channel {
  std::string version;  // "1.0", "1.1" or "1.2"
  std::string title;
  std::string link;
  std::string description;
  std::string language;
  std::string base_site_url;
  std::string base_blog_url;
};

}  // namespace quire::wxr
