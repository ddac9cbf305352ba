// Records as WordPress's wp/v2 JSON, per context ("view", the default, and "embed", what _embed
// inlines), with their _links. Pure functions of what the caller looked up (api/resources.cc),
// so that the shapes are unit-tested without a store.
//
// No email address, nor any hash of one, is ever written: avatars are the site's keyed
// identicons (comments/tokens.h AvatarKey), e.g. HOME/avatar/KEY.svg?s=48.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/json.h"
#include "store/records.h"
#include "store/taxonomy.h"

namespace quire::api {

enum class Context { kView, kEmbed };

// Where things live: the site's home URL without its final '/' ("https://example.com").
struct Urls {
  std::string home;
  std::string Api(std::string_view route) const { return home + "/wp-json" + std::string(route); }
  std::string Site(std::string_view path) const { return home + std::string(path); }
};

// "2024-05-01T10:20:30" (WordPress's REST dates carry no zone): `seconds` is UTC for the
// *_gmt fields, or the site's local wall-clock time for the others.
std::string RestDate(int64_t seconds);

// WordPress's three avatar sizes, each the identicon of `avatar_key`.
Json AvatarUrls(const Urls& urls, std::string_view avatar_key);

struct PostView {
  store::Post post;
  std::string link;        // absolute permalink
  int64_t date_local = 0;  // published_at in the site's zone (wall-clock seconds)
  int64_t modified_local = 0;
  std::string content_html;   // what the site shows (ignored while protected)
  std::string excerpt_text;   // plain text (escaped here)
  bool is_protected = false;  // has a password the request did not give
  std::vector<int64_t> categories, tags;
};
Json PostJson(const PostView& view, Context context, const Urls& urls);

struct CommentView {
  store::Comment comment;
  std::string link;  // absolute, ending in #comment-ID
  int64_t date_local = 0;
  std::string content_html;
  std::string avatar_key;  // "": avatars are off (show_avatars), no author_avatar_urls
  store::PostType post_type = store::PostType::kPost;
  bool has_children = false;  // approved replies exist
};
Json CommentJson(const CommentView& view, Context context, const Urls& urls);

struct TermView {
  store::Term term;
  std::string link;  // absolute archive URL
};
// rest_base: "categories" or "tags".
std::string_view RestBaseOf(std::string_view taxonomy);
Json TermJson(const TermView& view, Context context, const Urls& urls);

struct UserView {
  int64_t id = 0;
  std::string name;  // display name
  std::string slug;  // the login the author archive is under
  std::string link;  // absolute author archive URL
  std::string avatar_key;
};
Json UserJson(const UserView& view, Context context, const Urls& urls);

// {"name":"wp","href":"https://api.w.org/{rel}","templated":true} in an array.
Json Curies();

}  // namespace quire::api
