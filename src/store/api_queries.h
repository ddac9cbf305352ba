// The filtered lists the REST API (src/api) reads: WordPress's collection queries over published
// items and approved comments, with every filter of its query arguments. SQLite's answer:
// store/sqlite/sqlite_api_queries.cc (fixed statements; lists are bound as JSON arrays and read
// with json_each, so no SQL is ever built from values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/publishing.h"
#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// Published items of one type, as /wp/v2/posts and /wp/v2/pages list them. An empty list
// filters nothing; every filter given must hold (WordPress's tax_relation AND).
struct ItemFilter {
  enum class OrderBy {
    kDate,
    kId,
    kTitle,
    kSlug,
    kModified,
    kAuthor,
    kParent,
    kMenuOrder,
    kInclude,
    // WordPress's search order: title matches first, then excerpt matches, then the rest; newest
    // first within each (the search is required: without one it is the date order).
    kRelevance
  };
  PostType type = PostType::kPost;
  bool any_type = false;  // posts and pages both (type is then ignored)
  std::vector<int64_t> include, exclude;
  std::vector<int64_t> authors, authors_exclude;
  std::vector<int64_t> categories, categories_exclude;  // exact terms (no child categories)
  std::vector<int64_t> tags, tags_exclude;
  std::vector<int64_t> parents, parents_exclude;
  std::vector<std::string> slugs;
  std::string search;  // "": none; else a substring of the title, body or excerpt (LIKE)
  // published_at / modified_at strictly after / before these (Unix seconds, UTC; 0: unbounded).
  int64_t after = 0, before = 0, modified_after = 0, modified_before = 0;
  std::optional<bool> sticky;  // only sticky (true) or only other (false) items; nullopt: all
  OrderBy order_by = OrderBy::kDate;
  bool ascending = false;
  int offset = 0;
  int limit = 10;
};
Result<ListPage> QueryItems(Store& store, const ItemFilter& filter);

// Approved comments on published items without a password, as /wp/v2/comments lists them to
// anyone.
struct CommentFilter {
  enum class OrderBy { kDate, kId, kPost, kParent, kInclude };
  std::vector<int64_t> include, exclude;
  std::vector<int64_t> posts;
  std::vector<int64_t> parents, parents_exclude;  // parent 0: top-level comments
  std::string search;  // "": none; else a substring of the text, the author's name or URL
  int64_t after = 0, before = 0;  // created_at strictly after / before (UTC; 0: unbounded)
  OrderBy order_by = OrderBy::kDate;
  bool ascending = false;
  int offset = 0;
  int limit = 10;
};
struct CommentPage {
  std::vector<Comment> comments;
  int64_t total = 0;  // matching comments over every page
};
Result<CommentPage> QueryComments(Store& store, const CommentFilter& filter);

// Whether the user has a published item of any type (WordPress shows anonymous callers only
// such users); and the ids of every such user, ascending.
Result<std::vector<int64_t>> PublishedAuthorIds(Store& store);

}  // namespace quire::store
