// SQLite's answer to store/revisions.h (the table of migration 7, schema_revisions.cc).
#include <string>
#include <utility>

#include "store/revisions.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;

Result<Revision> ReadRevision(const Query& q) {
  Revision revision;
  revision.id = q.Int(0);
  revision.post_id = q.Int(1);
  revision.author_id = q.Int(2);
  revision.created_at = q.Int(3);
  revision.title = q.Text(4);
  revision.body = q.Text(5);
  std::optional<PostFormat> format = ParsePostFormat(q.Text(6));
  if (!format) {
    return Fail(ErrorKind::kInternal,
                "revision " + std::to_string(revision.id) + " has an unknown format " + q.Text(6));
  }
  revision.format = *format;
  revision.excerpt = q.Text(7);
  return revision;
}

// Whether the item's newest revision already holds what `post` holds.
Result<bool> SameAsNewest(Connection& c, const Post& post) {
  return sqlite::SelectExists(
      c,
      "SELECT EXISTS (SELECT 1 FROM (SELECT title, body, format, excerpt FROM revisions "
      "WHERE post_id = ?1 ORDER BY id DESC LIMIT 1) "
      "WHERE title = ?2 AND body = ?3 AND format = ?4 AND excerpt = ?5)",
      "comparing with the newest revision", post.id, post.title, post.body, ToString(post.format),
      post.excerpt);
}

}  // namespace

Result<int64_t> AddRevision(Transaction& tx, const Post& post, int64_t author_id, int64_t now) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<bool> same = SameAsNewest(**c, post);
  if (!same) return std::unexpected(std::move(same.error()));
  if (*same) return int64_t{0};
  auto inserted = sqlite::Execute(
      **c,
      "INSERT INTO revisions (post_id, author_id, created_at, title, body, format, excerpt) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      "keeping a revision", post.id, author_id, now, post.title, post.body, ToString(post.format),
      post.excerpt);
  if (!inserted) return std::unexpected(std::move(inserted.error()));
  return sqlite3_last_insert_rowid((*c)->db());
}

Result<std::vector<Revision>> ListRevisions(Store& store, int64_t post_id) {
  return sqlite::ReadWith<std::vector<Revision>>(store, [post_id](Connection& c) {
    return sqlite::SelectAll<Revision>(
        c,
        "SELECT id, post_id, author_id, created_at, title, body, format, excerpt FROM revisions "
        "WHERE post_id = ? ORDER BY id DESC",
        "listing revisions", ReadRevision, post_id);
  });
}

Result<std::optional<Revision>> FindRevision(Store& store, int64_t revision_id) {
  return sqlite::ReadWith<std::optional<Revision>>(store, [revision_id](Connection& c) {
    return sqlite::SelectFirst<Revision>(
        c,
        "SELECT id, post_id, author_id, created_at, title, body, format, excerpt FROM revisions "
        "WHERE id = ?",
        "finding a revision", ReadRevision, revision_id);
  });
}

}  // namespace quire::store
