// What the public site reads to show lists, archives, pages and feeds, and the scheduler's
// writes. SQLite's answer: store/sqlite/sqlite_publishing.cc (reads through backend.h).
//
// Visibility: lists for readers hold status "publish" only (never draft, pending, future,
// private or trash) unless ListQuery::include_private says otherwise (a reader who may read
// private posts). Scheduled posts ("future") become "publish" through PublishDue, run by the
// app's scheduler at their time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// Which published items to list, newest published_at first (then highest id).
struct ListQuery {
  PostType type = PostType::kPost;
  int64_t term_id = 0;    // only items with this term (0: any); a category includes its children
  int64_t author_id = 0;  // only this author's (0: any)
  // published_at in [from, to) (Unix seconds, UTC; 0 = unbounded): date archives.
  int64_t from = 0, to = 0;
  bool sticky_first = false;     // the front page: sticky posts first (on every page, as WP)
  bool include_private = false;  // also status "private" (readers with read_private_posts)
  int offset = 0;
  int limit = 10;
};

struct ListPage {
  std::vector<Post> items;
  int64_t total = 0;  // matching items over every page
};

Result<ListPage> ListItems(Store& store, const ListQuery& query);

// Approved comment counts of many posts at once (absent: 0).
Result<std::vector<std::pair<int64_t, int64_t>>> CountApprovedComments(
    Store& store, const std::vector<int64_t>& post_ids);

// The item of this type with this slug (any status; the caller decides who may see it).
// `slug` is UTF-8 as stored (callers percent-decode request paths first).
Result<std::optional<Post>> FindBySlug(Store& store, PostType type, std::string_view slug);

// The page at a hierarchical path of slugs, e.g. {"about", "team"} for /about/team/: each
// slug's page must be the parent of the next. Any status (the caller checks).
Result<std::optional<Post>> FindPageByPath(Store& store, const std::vector<std::string>& slugs);

// The slugs from the top page down to `page` (its own slug last), for its URL /a/b/c/.
Result<std::vector<std::string>> PagePath(Store& store, const Post& page);

// Child pages of a page (0: top-level pages), published only, by menu_order then title.
Result<std::vector<Post>> ChildPages(Store& store, int64_t parent_id);

// --- change tags (docs/conventions.md) ---
// Records every tag the item's current state touches: "post:ID", "front", "sitemap",
// "search", "author:A", "date:YYYY", "date:YYYY-MM", "date:YYYY-MM-DD", "term:T" for each of
// its terms (and their ancestor categories), "pages" for a page. Call it before a change and
// again after it, so that the lists the item leaves and those it joins are both renewed.
Status RecordItemChange(Transaction& tx, int64_t post_id);

// --- old slugs (WordPress's _wp_old_slug): a renamed item's old URL answers 301 ---
// Remembers that `old_slug` named the item (called by whoever renames; also by the importer).
Status AddOldSlug(Transaction& tx, PostType type, std::string_view old_slug, int64_t post_id);
// The item an old slug now names, if any (the newest rename wins).
Result<std::optional<int64_t>> FindOldSlug(Store& store, PostType type, std::string_view slug);

// --- dates ---
// Months that have published posts, newest first, with counts (the archives widget).
struct MonthCount {
  int year = 0, month = 0;
  int64_t posts = 0;
};
Result<std::vector<MonthCount>> ListMonths(Store& store);

// --- scheduling ---
// The earliest published_at among scheduled ("future") items, nullopt when none: the
// scheduler sleeps until then (or until the next change).
Result<std::optional<int64_t>> NextScheduled(Store& store);
// Makes every "future" item with published_at <= now "publish", recording "post:ID", "front",
// and the archive tags of docs/conventions.md for each. Returns how many.
Result<int64_t> PublishDue(Transaction& tx, int64_t now);

// --- for feeds and the sitemap ---
// The newest modified_at among published items of a type (0: none).
Result<int64_t> LastModified(Store& store, PostType type);

// Authors of published posts with the newest change (max of published_at and modified_at)
// among their posts, by author id: one aggregate query (the sitemap's authors part).
struct AuthorActivity {
  int64_t author_id = 0;
  int64_t last_modified = 0;
};
Result<std::vector<AuthorActivity>> ListActiveAuthors(Store& store);

// The newest approved comments of published posts (of one post when post_id != 0), newest
// first, with the post's title.
struct CommentWithPost {
  Comment comment;
  Post post;
};
Result<std::vector<CommentWithPost>> RecentComments(Store& store, int64_t post_id, int limit);

}  // namespace quire::store
