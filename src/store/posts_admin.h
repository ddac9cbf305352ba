// What the admin's posts screen reads and writes: posts of any status listed with their author
// and approved comment count, counted per status, and a post saved or moved to the Trash inside
// a Store::Write job (recording store::RecordItemChange's tags, docs/conventions.md).
// SQLite's answer: store/sqlite/sqlite_posts_admin.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct PostListQuery {
  std::optional<PostStatus> status;  // nullopt: every status but trash (WordPress's "All")
  PostType type = PostType::kPost;   // posts or pages (the admin lists them apart)
  int64_t author_id = 0;             // 0: every author
  int offset = 0;                    // negative counts as 0
  int limit = 20;                    // negative counts as 0
};

struct PostRow {
  Post post;
  std::string author_name;  // the author's display name, else login; "" when no such user
  int64_t approved_comments = 0;
};

struct PostListPage {
  std::vector<PostRow> rows;  // newest published_at first, then highest id
  int64_t total = 0;          // how many match, over every page
};

struct PostCounts {
  int64_t publish = 0;
  int64_t draft = 0;
  int64_t private_ = 0;
  int64_t trash = 0;
  int64_t pending = 0;
  int64_t future = 0;

  // The "All" tab: everything but the Trash.
  int64_t all() const { return publish + draft + private_ + pending + future; }
};

// One page of posts matching the query, and how many match in all.
Result<PostListPage> ListPostsForAdmin(Store& store, const PostListQuery& query);

// How many items of a type have each status (of `author_id`'s only when it is not 0).
Result<PostCounts> CountPostsByStatus(Store& store, int64_t author_id = 0,
                                      PostType type = PostType::kPost);

// Inserts (post.id == 0) or updates the item, giving it a slug unique among the other items of
// its type (a page and a post may share one): `base_slug` (already slugified, not empty), then
// "base-2", "base-3" ... when taken. Records RecordItemChange (store/publishing.h) before and
// after the change. When an existing item's slug changes, its old slug is remembered
// (AddOldSlug) so the old URL answers 301. Returns the item as stored (its id and slug).
// kNotFound when updating a missing item.
Result<Post> SavePost(Transaction& tx, Post post, const std::string& base_slug);

// Moves the item to the Trash (status trash; comments kept). Records RecordItemChange before
// and after. kNotFound when there is no such item. Returns the item as it was.
Result<Post> TrashPost(Transaction& tx, int64_t post_id);

}  // namespace quire::store
