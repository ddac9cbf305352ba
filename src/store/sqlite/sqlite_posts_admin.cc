// SQLite's answer to the queries of store/posts_admin.h.
#include <algorithm>
#include <string>
#include <utility>

#include "store/posts_admin.h"
#include "store/publishing.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;
using sqlite::SelectAll;
using sqlite::SelectCount;

// ?1: the status word, or "all" for every status but trash; ?2: the author id, or 0 for all;
// ?5: the type word.
constexpr std::string_view kSelectPageIds =
    "SELECT id FROM posts WHERE type = ?5 AND "
    "((?1 = 'all' AND status != 'trash') OR status = ?1) "
    "AND (?2 = 0 OR author_id = ?2) ORDER BY published_at DESC, id DESC LIMIT ?3 OFFSET ?4";
constexpr std::string_view kCountPage =
    "SELECT COUNT(*) FROM posts WHERE type = ?3 AND "
    "((?1 = 'all' AND status != 'trash') OR status = ?1) AND (?2 = 0 OR author_id = ?2)";

std::string StatusWord(const std::optional<PostStatus>& status) {
  return status ? std::string(ToString(*status)) : std::string("all");
}

Result<std::pair<std::string, int64_t>> ReadStatusCount(const Query& q) {
  return std::pair(q.Text(0), q.Int(1));
}

// The author's display name, else login; "" when the user is gone.
Result<std::string> AuthorName(Connection& c, int64_t author_id) {
  if (author_id == 0) return std::string();
  Result<std::optional<User>> user = sqlite::SelectUser(c, author_id);
  if (!user) return std::unexpected(std::move(user.error()));
  if (!*user) return std::string();
  return (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
}

Result<PostRow> RowOf(Connection& c, Post post) {
  PostRow row;
  Result<std::string> author = AuthorName(c, post.author_id);
  if (!author) return std::unexpected(std::move(author.error()));
  Result<int64_t> approved = sqlite::CountApprovedComments(c, post.id);
  if (!approved) return std::unexpected(std::move(approved.error()));
  row.post = std::move(post);
  row.author_name = std::move(*author);
  row.approved_comments = *approved;
  return row;
}

// The item's slug, or "base-2", "base-3" ... when another item of its type has it.
Result<std::string> UniqueSlug(Connection& c, const Post& post, const std::string& base_slug) {
  std::string slug = base_slug;
  for (int n = 2;; ++n) {
    Result<bool> taken = sqlite::SelectExists(
        c, "SELECT EXISTS (SELECT 1 FROM posts WHERE type = ? AND slug = ? AND id != ?)",
        "looking for a slug", ToString(post.type), slug, post.id);
    if (!taken) return std::unexpected(std::move(taken.error()));
    if (!*taken) return slug;
    slug = base_slug + "-" + std::to_string(n);
  }
}

// Updates an existing item, recording its tags before and remembering a changed slug.
Status UpdateExisting(Transaction& tx, const Post& post) {
  Result<std::optional<Post>> before = tx.FindPost(post.id);
  if (!before) return std::unexpected(std::move(before.error()));
  if (!*before) return Fail(ErrorKind::kNotFound, "no post " + std::to_string(post.id));
  if (Status s = RecordItemChange(tx, post.id); !s) return s;
  if (Status s = tx.UpdatePost(post); !s) return s;
  const Post& old = **before;
  if (old.slug == post.slug && old.type == post.type) return {};
  return AddOldSlug(tx, old.type, old.slug, post.id);
}

}  // namespace

Result<PostListPage> ListPostsForAdmin(Store& store, const PostListQuery& query) {
  const std::string word = StatusWord(query.status);
  return sqlite::ReadWith<PostListPage>(store, [&](Connection& c) -> Result<PostListPage> {
    PostListPage page;
    Result<std::vector<int64_t>> ids =
        SelectAll(c, kSelectPageIds, "listing posts for the admin", sqlite::ReadInt, word,
                  query.author_id, int64_t{std::max(query.limit, 0)},
                  int64_t{std::max(query.offset, 0)}, ToString(query.type));
    if (!ids) return std::unexpected(std::move(ids.error()));
    for (int64_t id : *ids) {
      Result<std::optional<Post>> post = sqlite::SelectPost(c, id);
      if (!post) return std::unexpected(std::move(post.error()));
      if (!*post) continue;
      Result<PostRow> row = RowOf(c, std::move(**post));
      if (!row) return std::unexpected(std::move(row.error()));
      page.rows.push_back(std::move(*row));
    }
    Result<int64_t> total = SelectCount(c, kCountPage, "counting posts for the admin", word,
                                        query.author_id, ToString(query.type));
    if (!total) return std::unexpected(std::move(total.error()));
    page.total = *total;
    return page;
  });
}

Result<PostCounts> CountPostsByStatus(Store& store, int64_t author_id, PostType type) {
  return sqlite::ReadWith<PostCounts>(store, [=](Connection& c) -> Result<PostCounts> {
    auto rows = SelectAll(c,
                          "SELECT status, COUNT(*) FROM posts WHERE type = ?2 AND "
                          "(?1 = 0 OR author_id = ?1) GROUP BY status",
                          "counting posts by status", ReadStatusCount, author_id, ToString(type));
    if (!rows) return std::unexpected(std::move(rows.error()));
    PostCounts counts;
    for (const auto& [word, count] : *rows) {
      std::optional<PostStatus> status = ParsePostStatus(word);
      if (!status) continue;
      switch (*status) {
        case PostStatus::kPublish: counts.publish = count; break;
        case PostStatus::kDraft: counts.draft = count; break;
        case PostStatus::kPrivate: counts.private_ = count; break;
        case PostStatus::kTrash: counts.trash = count; break;
        case PostStatus::kPending: counts.pending = count; break;
        case PostStatus::kFuture: counts.future = count; break;
      }
    }
    return counts;
  });
}

Result<Post> SavePost(Transaction& tx, Post post, const std::string& base_slug) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::string> slug = UniqueSlug(**c, post, base_slug);
  if (!slug) return std::unexpected(std::move(slug.error()));
  post.slug = std::move(*slug);
  if (post.id == 0) {
    Result<int64_t> id = tx.InsertPost(post);
    if (!id) return std::unexpected(std::move(id.error()));
    post.id = *id;
  } else if (Status updated = UpdateExisting(tx, post); !updated) {
    return std::unexpected(std::move(updated.error()));
  }
  if (Status s = RecordItemChange(tx, post.id); !s) return std::unexpected(std::move(s.error()));
  return post;
}

Result<Post> TrashPost(Transaction& tx, int64_t post_id) {
  Result<std::optional<Post>> found = tx.FindPost(post_id);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found)
    return Fail(ErrorKind::kNotFound, "There is no post " + std::to_string(post_id) + ".");
  Post trashed = **found;
  trashed.status = PostStatus::kTrash;
  if (Status s = RecordItemChange(tx, post_id); !s) return std::unexpected(std::move(s.error()));
  if (Status updated = tx.UpdatePost(trashed); !updated) {
    return std::unexpected(std::move(updated.error()));
  }
  if (Status s = RecordItemChange(tx, post_id); !s) return std::unexpected(std::move(s.error()));
  return **found;
}

}  // namespace quire::store
