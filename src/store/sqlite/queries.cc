#include "store/sqlite/queries.h"

#include <algorithm>
#include <string>
#include <utility>

#include "store/sqlite/select.h"

namespace quire::store::sqlite {
namespace {

template <typename T>
Result<T> Corrupt(std::string_view what, const std::string& text, int64_t id) {
  return Fail(ErrorKind::kInternal, "sqlite: unknown " + std::string(what) + " '" + text +
                                        "' in row " + std::to_string(id));
}

}  // namespace

// ---- rows ----

Result<Post> ReadPost(const Query& q) {
  Post post;
  post.id = q.Int(0);
  post.slug = q.Text(1);
  post.title = q.Text(2);
  post.body = q.Text(3);
  std::optional<PostFormat> format = ParsePostFormat(q.Text(4));
  if (!format) return Corrupt<Post>("post format", q.Text(4), post.id);
  post.format = *format;
  post.excerpt = q.Text(5);
  std::optional<PostStatus> status = ParsePostStatus(q.Text(6));
  if (!status) return Corrupt<Post>("post status", q.Text(6), post.id);
  post.status = *status;
  post.author_id = q.Int(7);
  post.published_at = q.Int(8);
  post.modified_at = q.Int(9);
  post.comments_open = q.Int(10) != 0;
  std::optional<PostType> type = ParsePostType(q.Text(11));
  if (!type) return Corrupt<Post>("post type", q.Text(11), post.id);
  post.type = *type;
  post.parent_id = q.Int(12);
  post.menu_order = q.Int(13);
  post.sticky = q.Int(14) != 0;
  post.featured_media_id = q.Int(15);
  post.password = q.Text(16);
  post.guid = q.Text(17);
  post.unfiltered = q.Int(18) != 0;
  return post;
}

namespace {

Result<Comment> ReadComment(const Query& q) {
  Comment comment;
  comment.id = q.Int(0);
  comment.post_id = q.Int(1);
  comment.parent_id = q.Int(2);
  comment.author = q.Text(3);
  comment.email = q.Text(4);
  comment.url = q.Text(5);
  comment.ip = q.Text(6);
  comment.user_agent = q.Text(7);
  comment.content = q.Text(8);
  comment.created_at = q.Int(9);
  std::optional<CommentStatus> status = ParseCommentStatus(q.Text(10));
  if (!status) return Corrupt<Comment>("comment status", q.Text(10), comment.id);
  comment.status = *status;
  if (!q.IsNull(11)) {
    comment.previous_status = ParseCommentStatus(q.Text(11));
    if (!comment.previous_status) return Corrupt<Comment>("comment status", q.Text(11), comment.id);
  }
  comment.user_id = q.Int(12);
  comment.reason = q.Text(13);
  comment.html = q.Int(14) != 0;
  return comment;
}

Result<std::pair<std::string, std::string>> ReadSetting(const Query& q) {
  return std::pair(q.Text(0), q.Text(1));
}

Result<Change> ReadChange(const Query& q) {
  return Change{q.Int(0), q.Text(1)};
}

// A JSON array of the ids, for json_each(): one bound parameter whatever the count.
std::string JsonIds(const std::vector<int64_t>& ids) {
  std::string json = "[";
  for (int64_t id : ids) {
    if (json.size() > 1) json += ',';
    json += std::to_string(id);
  }
  return json + "]";
}

constexpr std::string_view kSelectPost = "SELECT " QUIRE_POST_COLUMNS " FROM posts WHERE id = ?";
// Posts only (pages have their own look-up: store/publishing.h FindBySlug).
constexpr std::string_view kSelectPostBySlug =
    "SELECT " QUIRE_POST_COLUMNS " FROM posts WHERE type = 'post' AND slug = ?";
constexpr std::string_view kSelectPublished =
    "SELECT " QUIRE_POST_COLUMNS
    " FROM posts WHERE type = 'post' AND status = 'publish' "
    "ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?";
constexpr std::string_view kSelectComment =
    "SELECT id, post_id, parent_id, author, email, url, ip, user_agent, content, created_at, "
    "status, previous_status, user_id, reason, html FROM comments WHERE id = ?";
constexpr std::string_view kSelectCommentsByStatus =
    "SELECT id, post_id, parent_id, author, email, url, ip, user_agent, content, created_at, "
    "status, previous_status, user_id, reason, html FROM comments WHERE (?1 = 0 OR status = ?2) "
    "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4";
constexpr std::string_view kSelectComments =
    "SELECT id, post_id, parent_id, author, email, url, ip, user_agent, content, created_at, "
    "status, previous_status, user_id, reason, html FROM comments WHERE post_id = ?1 AND "
    // CommentQuery::also_pending_ids: shown to their author whatever their status (held, or
    // judged spam), so that a person's comment never vanishes silently (site/article_page.cc).
    "(status = '1' OR id IN (SELECT value FROM json_each(?2))) "
    "ORDER BY created_at, id";
constexpr std::string_view kSelectUser =
    "SELECT id, login, email, display_name, role, password_hash, created_at FROM users "
    "WHERE id = ?";
constexpr std::string_view kSelectUserByLogin =
    "SELECT id, login, email, display_name, role, password_hash, created_at FROM users "
    "WHERE login = ?";

}  // namespace

// FNV-1a, 64-bit: stable across builds and machines (it is stored). Stored as SQLite's signed
// integer; collisions only cost a comparison of the content.
int64_t ContentHash(std::string_view content) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<int64_t>(hash);
}

Result<User> ReadUser(const Query& q) {
  User user;
  user.id = q.Int(0);
  user.login = q.Text(1);
  user.email = q.Text(2);
  user.display_name = q.Text(3);
  std::optional<Role> role = ParseRole(q.Text(4));
  if (!role) return Corrupt<User>("role", q.Text(4), user.id);
  user.role = *role;
  user.password_hash = q.Text(5);
  user.created_at = q.Int(6);
  return user;
}

// ---- reads ----

Result<std::optional<Post>> SelectPost(Connection& c, int64_t id) {
  return SelectFirst<Post>(c, kSelectPost, "finding a post", ReadPost, id);
}

Result<std::optional<Post>> SelectPostBySlug(Connection& c, std::string_view slug) {
  return SelectFirst<Post>(c, kSelectPostBySlug, "finding a post by slug", ReadPost, slug);
}

Result<std::vector<Post>> SelectPublished(Connection& c, int offset, int limit) {
  return SelectAll<Post>(c, kSelectPublished, "listing published posts", ReadPost,
                         int64_t{std::max(limit, 0)}, int64_t{std::max(offset, 0)});
}

Result<int64_t> CountPublished(Connection& c) {
  return SelectCount(c, "SELECT COUNT(*) FROM posts WHERE type = 'post' AND status = 'publish'",
                     "counting published posts");
}

Result<std::optional<Comment>> SelectComment(Connection& c, int64_t id) {
  return SelectFirst<Comment>(c, kSelectComment, "finding a comment", ReadComment, id);
}

Result<std::vector<Comment>> SelectComments(Connection& c, const CommentQuery& query) {
  return SelectAll<Comment>(c, kSelectComments, "listing comments", ReadComment, query.post_id,
                            JsonIds(query.also_pending_ids));
}

Result<std::vector<Comment>> SelectCommentsByStatus(Connection& c,
                                                    std::optional<CommentStatus> status, int offset,
                                                    int limit) {
  std::string_view wanted = status ? ToString(*status) : std::string_view();
  return SelectAll<Comment>(c, kSelectCommentsByStatus, "listing comments by status", ReadComment,
                            int64_t{status ? 1 : 0}, wanted, int64_t{std::max(limit, 0)},
                            int64_t{std::max(offset, 0)});
}

Result<int64_t> CountApprovedComments(Connection& c, int64_t post_id) {
  return SelectCount(c, "SELECT COUNT(*) FROM comments WHERE post_id = ? AND status = '1'",
                     "counting approved comments", post_id);
}

Result<std::optional<User>> SelectUser(Connection& c, int64_t id) {
  return SelectFirst<User>(c, kSelectUser, "finding a user", ReadUser, id);
}

Result<std::optional<User>> SelectUserByLogin(Connection& c, std::string_view login) {
  return SelectFirst<User>(c, kSelectUserByLogin, "finding a user by login", ReadUser, login);
}

Result<std::map<std::string, std::string>> SelectSettings(Connection& c) {
  auto rows = SelectAll<std::pair<std::string, std::string>>(c, "SELECT key, value FROM settings",
                                                             "loading settings", ReadSetting);
  if (!rows) return std::unexpected(std::move(rows.error()));
  return std::map<std::string, std::string>(std::make_move_iterator(rows->begin()),
                                            std::make_move_iterator(rows->end()));
}

Result<int64_t> SelectLatestChange(Connection& c) {
  return SelectCount(c, "SELECT MAX(id) FROM changes", "reading the latest change");
}

Result<std::vector<Change>> SelectChangesSince(Connection& c, int64_t change_id) {
  auto changes = SelectAll<Change>(c, "SELECT id, tag FROM changes WHERE id > ? ORDER BY id",
                                   "reading changes", ReadChange, change_id);
  if (!changes) return changes;
  // Ids are consecutive (AUTOINCREMENT, rollbacks undo the sequence too), so a gap after
  // change_id means pruned rows whose tags are lost: report them as "everything changed".
  if (!changes->empty() && changes->front().id > change_id + 1) {
    changes->insert(changes->begin(), Change{changes->front().id - 1, "*"});
  }
  return changes;
}

// ---- checks ----

Result<bool> SelectDuplicateComment(Connection& c, const Comment& comment) {
  return SelectExists(c,
                      "SELECT EXISTS (SELECT 1 FROM comments WHERE post_id = ?1 AND "
                      "content_hash = ?6 AND parent_id = ?2 AND author = ?3 AND "
                      "(?4 = '' OR email = ?4) AND content = ?5 AND status <> 'trash')",
                      "looking for a duplicate comment", comment.post_id, comment.parent_id,
                      comment.author, comment.email, comment.content, ContentHash(comment.content));
}

Result<std::optional<int64_t>> SelectLastCommentTime(Connection& c, std::string_view ip,
                                                     std::string_view email) {
  std::optional<int64_t> newest;
  if (!ip.empty()) {
    auto by_ip = SelectInt(c, "SELECT MAX(created_at) FROM comments WHERE ip = ?",
                           "finding the last comment from an address", ip);
    if (!by_ip) return by_ip;
    newest = *by_ip;
  }
  if (!email.empty()) {
    auto by_email = SelectInt(c, "SELECT MAX(created_at) FROM comments WHERE email = ?",
                              "finding the last comment from an email", email);
    if (!by_email) return by_email;
    if (*by_email && (!newest || **by_email > *newest)) newest = *by_email;
  }
  return newest;
}

Result<bool> SelectApprovedComment(Connection& c, std::string_view author, std::string_view email) {
  return SelectExists(c,
                      "SELECT EXISTS (SELECT 1 FROM comments WHERE author = ? AND email = ? "
                      "AND status = '1')",
                      "looking for an approved comment", author, email);
}

Result<bool> SelectSlugExists(Connection& c, std::string_view slug) {
  return SelectExists(c, "SELECT EXISTS (SELECT 1 FROM posts WHERE type = 'post' AND slug = ?)",
                      "looking for a slug", slug);
}

// ---- writes ----

Result<int64_t> InsertPost(Connection& c, const Post& post, int64_t id) {
  auto inserted =
      Execute(c,
              "INSERT INTO posts (id, slug, title, body, format, excerpt, status, author_id, "
              "published_at, modified_at, comments_open, type, parent_id, menu_order, sticky, "
              "featured_media_id, password, guid, unfiltered) "
              "VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "inserting a post", id, post.slug, post.title, post.body, ToString(post.format),
              post.excerpt, ToString(post.status), post.author_id, post.published_at,
              post.modified_at, int64_t{post.comments_open}, ToString(post.type), post.parent_id,
              post.menu_order, int64_t{post.sticky}, post.featured_media_id, post.password,
              post.guid, int64_t{post.unfiltered});
  if (!inserted) return std::unexpected(std::move(inserted.error()));
  return sqlite3_last_insert_rowid(c.db());
}

Status UpdatePost(Connection& c, const Post& post) {
  auto updated = Execute(
      c,
      "UPDATE posts SET slug = ?, title = ?, body = ?, format = ?, excerpt = ?, status = ?, "
      "author_id = ?, published_at = ?, modified_at = ?, comments_open = ?, type = ?, "
      "parent_id = ?, menu_order = ?, sticky = ?, featured_media_id = ?, password = ?, "
      "guid = ?, unfiltered = ? WHERE id = ?",
      "updating a post", post.slug, post.title, post.body, ToString(post.format), post.excerpt,
      ToString(post.status), post.author_id, post.published_at, post.modified_at,
      int64_t{post.comments_open}, ToString(post.type), post.parent_id, post.menu_order,
      int64_t{post.sticky}, post.featured_media_id, post.password, post.guid,
      int64_t{post.unfiltered}, post.id);
  if (!updated) return std::unexpected(std::move(updated.error()));
  if (*updated == 0) return Fail(ErrorKind::kNotFound, "no post " + std::to_string(post.id));
  return {};
}

Result<int64_t> InsertComment(Connection& c, const Comment& comment) {
  Result<Query> query = c.Prepare(
      "INSERT INTO comments (post_id, parent_id, author, email, url, ip, user_agent, content, "
      "created_at, status, previous_status, user_id, reason, content_hash, html) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(comment.post_id, comment.parent_id, comment.author, comment.email, comment.url,
                 comment.ip, comment.user_agent, comment.content, comment.created_at,
                 ToString(comment.status));
  if (comment.previous_status) {
    query->Bind(ToString(*comment.previous_status));
  } else {
    query->BindNull();
  }
  query->BindAll(comment.user_id, comment.reason, ContentHash(comment.content),
                 int64_t{comment.html});
  if (Status s = query->Run("inserting a comment"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  return sqlite3_last_insert_rowid(c.db());
}

Status UpdateCommentStatus(Connection& c, int64_t id, CommentStatus status,
                           std::optional<CommentStatus> previous, std::string_view reason) {
  Result<Query> query =
      c.Prepare("UPDATE comments SET status = ?, previous_status = ?, reason = ? WHERE id = ?");
  if (!query) return std::unexpected(std::move(query.error()));
  query->Bind(ToString(status));
  if (previous) {
    query->Bind(ToString(*previous));
  } else {
    query->BindNull();
  }
  query->BindAll(reason, id);
  if (Status s = query->Run("setting a comment's status"); !s) return s;
  if (sqlite3_changes(c.db()) == 0) {
    return Fail(ErrorKind::kNotFound, "no comment " + std::to_string(id));
  }
  return {};
}

Result<int64_t> InsertUser(Connection& c, const User& user) {
  auto inserted = Execute(c,
                          "INSERT INTO users (login, email, display_name, role, password_hash, "
                          "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                          "inserting a user", user.login, user.email, user.display_name,
                          ToString(user.role), user.password_hash, user.created_at);
  if (!inserted) return std::unexpected(std::move(inserted.error()));
  return sqlite3_last_insert_rowid(c.db());
}

Status UpsertSetting(Connection& c, std::string_view key, std::string_view value) {
  auto written = Execute(c,
                         "INSERT INTO settings (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         "writing a setting", key, value);
  if (!written) return std::unexpected(std::move(written.error()));
  return {};
}

Status InsertChange(Connection& c, std::string_view tag, int64_t now) {
  auto inserted = Execute(c, "INSERT INTO changes (tag, created_at) VALUES (?, ?)",
                          "recording a change", tag, now);
  if (!inserted) return std::unexpected(std::move(inserted.error()));
  return {};
}

Status PruneChanges(Connection& c, int64_t keep) {
  auto pruned = Execute(c, "DELETE FROM changes WHERE id <= (SELECT MAX(id) FROM changes) - ?",
                        "pruning old changes", keep);
  if (!pruned) return std::unexpected(std::move(pruned.error()));
  return {};
}

}  // namespace quire::store::sqlite
