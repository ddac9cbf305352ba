// SQLite's answer to store/wxr_ids.h (tables of migration 10, schema_wxr.cc).
#include <sqlite3.h>

#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"
#include "store/wxr_ids.h"

namespace quire::store {

using sqlite::Connection;

std::string_view ToString(WxrKind kind) {
  switch (kind) {
    case WxrKind::kPost: return "post";
    case WxrKind::kComment: return "comment";
    case WxrKind::kTerm: return "term";
    case WxrKind::kUser: return "user";
    case WxrKind::kMedia: return "media";
  }
  return "post";
}

Status MapWxrId(Transaction& tx, WxrKind kind, std::string_view source, int64_t original_id,
                int64_t quire_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(sqlite::Execute(
      **c,
      "INSERT INTO wxr_ids (kind, source, original_id, quire_id) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (kind, source, original_id) DO UPDATE SET quire_id = excluded.quire_id",
      "mapping a WordPress id", ToString(kind), source, original_id, quire_id));
}

Result<std::optional<int64_t>> FindWxrId(Transaction& tx, WxrKind kind, std::string_view source,
                                         int64_t original_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectInt(
      **c, "SELECT quire_id FROM wxr_ids WHERE kind = ? AND source = ? AND original_id = ?",
      "finding a WordPress id", ToString(kind), source, original_id);
}

namespace {

// The newest mapping wins: Quire ids grow, so the highest quire_id is the latest import's.
Result<std::optional<int64_t>> FindImported(Store& store, WxrKind kind, int64_t original_id) {
  return sqlite::ReadWith<std::optional<int64_t>>(store, [&](Connection& c) {
    return sqlite::SelectInt(c,
                             "SELECT MAX(quire_id) FROM wxr_ids WHERE kind = ? AND original_id = ?",
                             "finding an imported id", ToString(kind), original_id);
  });
}

}  // namespace

Result<std::optional<int64_t>> FindImportedPost(Store& store, int64_t original_id) {
  return FindImported(store, WxrKind::kPost, original_id);
}

Result<std::optional<int64_t>> FindImportedComment(Store& store, int64_t original_id) {
  return FindImported(store, WxrKind::kComment, original_id);
}

Result<std::optional<int64_t>> FindImportedMedia(Store& store, int64_t original_id) {
  return FindImported(store, WxrKind::kMedia, original_id);
}

Result<std::optional<int64_t>> OriginalIdOf(Store& store, WxrKind kind, int64_t quire_id) {
  return sqlite::ReadWith<std::optional<int64_t>>(store, [&](Connection& c) {
    return sqlite::SelectInt(
        c, "SELECT original_id FROM wxr_ids WHERE kind = ? AND quire_id = ? LIMIT 1",
        "finding an original id", ToString(kind), quire_id);
  });
}

// The id a renumbered row gets: above every id of the table and above `reserved_up_to`.
Result<int64_t> IdAbove(Connection& c, std::string_view sql, int64_t reserved_up_to) {
  auto largest = sqlite::SelectCount(c, sql, "finding the largest id");
  if (!largest) return std::unexpected(std::move(largest.error()));
  return std::max(*largest, reserved_up_to) + 1;
}

Result<int64_t> InsertPostPreferringId(Transaction& tx, const Post& post, int64_t preferred_id,
                                       int64_t reserved_up_to) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  int64_t id = preferred_id;
  if (preferred_id > 0) {
    auto taken = sqlite::SelectExists(**c, "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ?)",
                                      "checking a post id", preferred_id);
    if (!taken) return std::unexpected(std::move(taken.error()));
    if (*taken) {
      auto above = IdAbove(**c, "SELECT COALESCE(MAX(id), 0) FROM posts", reserved_up_to);
      if (!above) return above;
      id = *above;
    }
  }
  if (id > 0) return sqlite::InsertPost(**c, post, id);
  return tx.InsertPost(post);
}

// One INSERT with the id chosen beforehand (never an insert then a renumbering UPDATE: moving a
// row's key rewrites it in the table and in every index of comments).
Result<int64_t> InsertCommentPreferringId(Transaction& tx, const Comment& comment,
                                          int64_t preferred_id, int64_t reserved_up_to,
                                          int64_t ceiling) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  if (preferred_id <= 0 && ceiling <= 0) return tx.InsertComment(comment);
  bool taken = true;
  if (preferred_id > 0) {
    auto exists = sqlite::SelectExists(**c, "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?)",
                                       "checking a comment id", preferred_id);
    if (!exists) return std::unexpected(std::move(exists.error()));
    taken = *exists;
  }
  int64_t id = preferred_id;
  if (taken && ceiling > 0) {
    auto largest =
        sqlite::SelectCount(**c, "SELECT COALESCE(MAX(id), 0) FROM comments WHERE id <= ?",
                            "finding the largest reserved comment id", ceiling);
    if (!largest) return std::unexpected(std::move(largest.error()));
    id = std::max(*largest, reserved_up_to) + 1;
    if (id > ceiling) {
      return Fail(ErrorKind::kInternal, "the comment ids reserved for the import ran out");
    }
  } else if (taken) {
    auto above = IdAbove(**c, "SELECT COALESCE(MAX(id), 0) FROM comments", reserved_up_to);
    if (!above) return above;
    id = *above;
  }
  Result<sqlite::Query> query = (*c)->Prepare(
      "INSERT INTO comments (id, post_id, parent_id, author, email, url, ip, user_agent, "
      "content, created_at, status, previous_status, user_id, reason, content_hash, html) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(id, comment.post_id, comment.parent_id, comment.author, comment.email, comment.url,
                 comment.ip, comment.user_agent, comment.content, comment.created_at,
                 ToString(comment.status));
  if (comment.previous_status) {
    query->Bind(ToString(*comment.previous_status));
  } else {
    query->BindNull();
  }
  query->BindAll(comment.user_id, comment.reason, sqlite::ContentHash(comment.content),
                 int64_t{comment.html});
  if (Status s = query->Run("inserting an imported comment"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  return id;
}

Status SetImportCache(Transaction& tx, int64_t kib) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  // PRAGMA takes no parameters; the number is this code's, never input.
  constexpr int64_t kDefaultKib = 2000;  // SQLite's default cache_size (-2000)
  std::string sql = "PRAGMA cache_size = -" + std::to_string(kib > 0 ? kib : kDefaultKib);
  return (*c)->Exec(sql, "sizing the page cache");
}

Result<std::optional<int64_t>> FindPostByGuid(Transaction& tx, std::string_view guid) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectInt(**c, "SELECT MIN(id) FROM posts WHERE guid = ? AND guid <> ''",
                           "finding a post by GUID", guid);
}

Result<bool> SlugTaken(Transaction& tx, PostType type, std::string_view slug, int64_t except_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectExists(
      **c, "SELECT EXISTS (SELECT 1 FROM posts WHERE type = ? AND slug = ? AND id <> ?)",
      "checking a slug", ToString(type), slug, except_id);
}

Result<int64_t> CountItems(Transaction& tx) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectCount(**c, "SELECT COUNT(*) FROM posts", "counting items");
}

Result<int64_t> CountComments(Transaction& tx) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectCount(**c, "SELECT COUNT(*) FROM comments", "counting comments");
}

Status DeleteItemForImport(Transaction& tx, int64_t post_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  // Comments, terms, revisions and subscriptions go with it (ON DELETE CASCADE).
  return sqlite::Done(
      sqlite::Execute(**c, "DELETE FROM posts WHERE id = ?", "deleting the sample post", post_id));
}

Status SetPostLinks(Transaction& tx, int64_t post_id, int64_t parent_id,
                    int64_t featured_media_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(
      sqlite::Execute(**c, "UPDATE posts SET parent_id = ?, featured_media_id = ? WHERE id = ?",
                      "linking an imported post", parent_id, featured_media_id, post_id));
}

Status SetCommentType(Transaction& tx, int64_t comment_id, std::string_view type) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(
      sqlite::Execute(**c,
                      "INSERT INTO wxr_comment_types (comment_id, type) VALUES (?, ?) "
                      "ON CONFLICT (comment_id) DO UPDATE SET type = excluded.type",
                      "remembering a comment type", comment_id, type));
}

namespace {

Result<std::pair<int64_t, std::string>> ReadIdText(const sqlite::Query& q) {
  return std::pair<int64_t, std::string>(q.Int(0), q.Text(1));
}

Result<std::pair<std::string, std::string>> ReadTextPair(const sqlite::Query& q) {
  return std::pair<std::string, std::string>(q.Text(0), q.Text(1));
}

}  // namespace

Result<std::vector<std::pair<int64_t, std::string>>> ListCommentTypes(Store& store) {
  using Rows = std::vector<std::pair<int64_t, std::string>>;
  return sqlite::ReadWith<Rows>(store, [](Connection& c) {
    return sqlite::SelectAll<std::pair<int64_t, std::string>>(
        c, "SELECT comment_id, type FROM wxr_comment_types ORDER BY comment_id",
        "listing comment types", ReadIdText);
  });
}

Status AddWxrMeta(Transaction& tx, WxrKind kind, int64_t quire_id, std::string_view key,
                  std::string_view value) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(sqlite::Execute(
      **c,
      "INSERT INTO wxr_meta (kind, quire_id, seq, key, value) VALUES (?1, ?2, "
      "(SELECT COALESCE(MAX(seq), 0) + 1 FROM wxr_meta WHERE kind = ?1 AND quire_id = ?2), ?3, ?4)",
      "keeping a meta row", ToString(kind), quire_id, key, value));
}

Result<bool> HasWxrMeta(Transaction& tx, WxrKind kind, int64_t quire_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectExists(
      **c, "SELECT EXISTS (SELECT 1 FROM wxr_meta WHERE kind = ? AND quire_id = ?)",
      "checking meta rows", ToString(kind), quire_id);
}

Result<std::vector<std::pair<std::string, std::string>>> ListWxrMeta(Store& store, WxrKind kind,
                                                                     int64_t quire_id) {
  using Rows = std::vector<std::pair<std::string, std::string>>;
  return sqlite::ReadWith<Rows>(store, [&](Connection& c) {
    return sqlite::SelectAll<std::pair<std::string, std::string>>(
        c, "SELECT key, value FROM wxr_meta WHERE kind = ? AND quire_id = ? ORDER BY seq",
        "listing meta rows", ReadTextPair, ToString(kind), quire_id);
  });
}

Result<std::vector<Post>> ListItemsAfter(Store& store, int64_t after_id, int limit) {
  return sqlite::ReadWith<std::vector<Post>>(store, [&](Connection& c) {
    return sqlite::SelectAll<Post>(
        c, "SELECT " QUIRE_POST_COLUMNS " FROM posts WHERE id > ? ORDER BY id LIMIT ?",
        "listing items for an export", sqlite::ReadPost, after_id, int64_t{limit});
  });
}

namespace {

Result<Comment> ReadAnyComment(const sqlite::Query& q) {
  Comment c;
  c.id = q.Int(0);
  c.post_id = q.Int(1);
  c.parent_id = q.Int(2);
  c.author = q.Text(3);
  c.email = q.Text(4);
  c.url = q.Text(5);
  c.ip = q.Text(6);
  c.user_agent = q.Text(7);
  c.content = q.Text(8);
  c.created_at = q.Int(9);
  auto status = ParseCommentStatus(q.Text(10));
  if (!status) return Fail(ErrorKind::kInternal, "a comment with an unknown status");
  c.status = *status;
  c.user_id = q.Int(11);
  c.html = q.Int(12) != 0;
  return c;
}

}  // namespace

Result<std::vector<Comment>> ListAllComments(Store& store, int64_t post_id) {
  return sqlite::ReadWith<std::vector<Comment>>(store, [&](Connection& c) {
    return sqlite::SelectAll<Comment>(
        c,
        "SELECT id, post_id, parent_id, author, email, url, ip, user_agent, content, created_at, "
        "status, user_id, html FROM comments WHERE post_id = ? ORDER BY id",
        "listing an item's comments", ReadAnyComment, post_id);
  });
}

Result<std::vector<std::string>> ListTaxonomies(Store& store) {
  return sqlite::ReadWith<std::vector<std::string>>(store, [](Connection& c) {
    return sqlite::SelectAll<std::string>(c,
                                          "SELECT DISTINCT taxonomy FROM terms ORDER BY taxonomy",
                                          "listing taxonomies", sqlite::ReadText);
  });
}

Result<std::vector<std::string>> OldSlugsOf(Store& store, int64_t post_id) {
  return sqlite::ReadWith<std::vector<std::string>>(store, [&](Connection& c) {
    return sqlite::SelectAll<std::string>(
        c, "SELECT slug FROM post_old_slugs WHERE post_id = ? ORDER BY created_at, slug",
        "listing old slugs", sqlite::ReadText, post_id);
  });
}

}  // namespace quire::store
