// What the admin's posts screen reads and writes: posts of any status listed with their author
// and approved comment count, counted per status, and a post saved or moved to the Trash inside
// a Store::Write job (recording the change tags "post:ID" and "front", docs/conventions.md).
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

  int64_t all() const { return publish + draft + private_; }  // the "All" tab
};

// One page of posts matching the query, and how many match in all.
Result<PostListPage> ListPostsForAdmin(Store& store, const PostListQuery& query);

// How many posts have each status (of `author_id`'s posts only when it is not 0).
Result<PostCounts> CountPostsByStatus(Store& store, int64_t author_id = 0);

// Inserts (post.id == 0) or updates the post, giving it a slug unique among the other posts:
// `base_slug` (already slugified, not empty), then "base-2", "base-3" ... when taken. Records
// "post:ID" and "front". Returns the post as stored (its id and slug). kNotFound when updating
// a missing post.
Result<Post> SavePost(Transaction& tx, Post post, const std::string& base_slug);

// Moves the post to the Trash (status trash; comments kept). Records "post:ID" and "front".
// kNotFound when there is no such post. Returns the post as it was.
Result<Post> TrashPost(Transaction& tx, int64_t post_id);

}  // namespace quire::store
