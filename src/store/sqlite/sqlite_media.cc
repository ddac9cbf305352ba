// SQLite's answer to store/media.h: the media and media_variants tables (migration 9).
#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "store/media.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;

#define QUIRE_MEDIA_COLUMNS                                                                     \
  "id, file, mime_type, title, alt, caption, width, height, bytes, author_id, parent_post_id, " \
  "created_at, guid, original_id"

constexpr std::string_view kUploadsPath = "/wp-content/uploads/";

Result<Media> ReadMedia(const Query& q) {
  return Media{.id = q.Int(0),
               .file = q.Text(1),
               .mime_type = q.Text(2),
               .title = q.Text(3),
               .alt = q.Text(4),
               .caption = q.Text(5),
               .width = static_cast<int>(q.Int(6)),
               .height = static_cast<int>(q.Int(7)),
               .bytes = q.Int(8),
               .author_id = q.Int(9),
               .parent_post_id = q.Int(10),
               .created_at = q.Int(11),
               .guid = q.Text(12),
               .original_id = q.Int(13)};
}

Result<MediaVariant> ReadVariant(const Query& q) {
  return MediaVariant{.name = q.Text(0),
                      .file = q.Text(1),
                      .mime_type = q.Text(2),
                      .width = static_cast<int>(q.Int(3)),
                      .height = static_cast<int>(q.Int(4)),
                      .bytes = q.Int(5)};
}

// Fills in the variants of a found row (smallest first).
Result<std::optional<Media>> WithVariants(Connection& c, Result<std::optional<Media>> media) {
  if (!media || !*media) return media;
  auto variants =
      sqlite::SelectAll(c,
                        "SELECT name, file, mime_type, width, height, bytes FROM media_variants "
                        "WHERE media_id = ? ORDER BY width, name",
                        "reading an upload's variants", ReadVariant, (*media)->id);
  if (!variants) return std::unexpected(std::move(variants.error()));
  (*media)->variants = std::move(*variants);
  return media;
}

Result<std::optional<Media>> SelectMedia(Connection& c, int64_t id) {
  return WithVariants(
      c, sqlite::SelectFirst(c, "SELECT " QUIRE_MEDIA_COLUMNS " FROM media WHERE id = ?",
                             "finding an upload", ReadMedia, id));
}

// Posts and pages whose body holds the URL path of the upload or of one of its variants, or
// whose featured image it is; ascending ids.
Result<std::vector<int64_t>> SelectUsedBy(Connection& c, const Media& media) {
  std::set<int64_t> ids;
  std::vector<std::string> paths{std::string(kUploadsPath) + media.file};
  for (const MediaVariant& variant : media.variants) {
    paths.push_back(std::string(kUploadsPath) + variant.file);
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    auto found = sqlite::SelectAll(
        c, "SELECT id FROM posts WHERE instr(body, ?1) > 0 OR (?2 > 0 AND featured_media_id = ?2)",
        "finding the items that use an upload", sqlite::ReadInt, paths[i],
        i == 0 ? media.id : int64_t{0});
    if (!found) return std::unexpected(std::move(found.error()));
    ids.insert(found->begin(), found->end());
  }
  return std::vector<int64_t>(ids.begin(), ids.end());
}

Status RecordUsers(Transaction& tx, Connection& c, const Media& media) {
  Result<std::vector<int64_t>> users = SelectUsedBy(c, media);
  if (!users) return std::unexpected(std::move(users.error()));
  for (int64_t id : *users) {
    if (Status s = tx.RecordChange("post:" + std::to_string(id)); !s) return s;
  }
  return tx.RecordChange("media:" + std::to_string(media.id));
}

Status WriteVariants(Connection& c, const Media& media) {
  auto cleared = sqlite::Execute(c, "DELETE FROM media_variants WHERE media_id = ?",
                                 "replacing an upload's variants", media.id);
  if (!cleared) return std::unexpected(std::move(cleared.error()));
  for (const MediaVariant& v : media.variants) {
    auto inserted = sqlite::Execute(
        c,
        "INSERT OR REPLACE INTO media_variants (media_id, name, file, mime_type, width, height, "
        "bytes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        "storing an upload's variant", media.id, v.name, v.file, v.mime_type, int64_t{v.width},
        int64_t{v.height}, v.bytes);
    if (!inserted) return std::unexpected(std::move(inserted.error()));
  }
  return {};
}

Result<int64_t> InsertOrUpdate(Connection& c, const Media& m) {
  if (m.id == 0) {
    auto inserted = sqlite::Execute(
        c,
        "INSERT INTO media (file, mime_type, title, alt, caption, width, height, bytes, "
        "author_id, parent_post_id, created_at, guid, original_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "storing an upload", m.file, m.mime_type, m.title, m.alt, m.caption, int64_t{m.width},
        int64_t{m.height}, m.bytes, m.author_id, m.parent_post_id, m.created_at, m.guid,
        m.original_id);
    if (!inserted) return std::unexpected(std::move(inserted.error()));
    return sqlite3_last_insert_rowid(c.db());
  }
  auto updated = sqlite::Execute(
      c,
      "UPDATE media SET file = ?, mime_type = ?, title = ?, alt = ?, caption = ?, width = ?, "
      "height = ?, bytes = ?, author_id = ?, parent_post_id = ?, created_at = ?, guid = ?, "
      "original_id = ? WHERE id = ?",
      "updating an upload", m.file, m.mime_type, m.title, m.alt, m.caption, int64_t{m.width},
      int64_t{m.height}, m.bytes, m.author_id, m.parent_post_id, m.created_at, m.guid,
      m.original_id, m.id);
  if (!updated) return std::unexpected(std::move(updated.error()));
  if (*updated == 0) return Fail(ErrorKind::kNotFound, "no such upload");
  return m.id;
}

}  // namespace

Result<std::optional<Media>> FindMedia(Store& store, int64_t id) {
  return sqlite::ReadWith<std::optional<Media>>(store,
                                                [id](Connection& c) { return SelectMedia(c, id); });
}

Result<std::optional<Media>> FindMediaByFile(Store& store, std::string_view file) {
  return sqlite::ReadWith<std::optional<Media>>(store, [file](Connection& c) {
    return WithVariants(
        c, sqlite::SelectFirst(c, "SELECT " QUIRE_MEDIA_COLUMNS " FROM media WHERE file = ?",
                               "finding an upload by file", ReadMedia, file));
  });
}

Result<std::vector<Media>> ListMedia(Store& store, int offset, int limit) {
  return sqlite::ReadWith<std::vector<Media>>(
      store, [offset, limit](Connection& c) -> Result<std::vector<Media>> {
        auto rows =
            sqlite::SelectAll(c,
                              "SELECT " QUIRE_MEDIA_COLUMNS
                              " FROM media ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                              "listing uploads", ReadMedia, int64_t{std::max(limit, 0)},
                              int64_t{std::max(offset, 0)});
        if (!rows) return std::unexpected(std::move(rows.error()));
        for (Media& media : *rows) {
          auto full = WithVariants(c, std::optional<Media>(std::move(media)));
          if (!full) return std::unexpected(std::move(full.error()));
          media = std::move(**full);
        }
        return rows;
      });
}

Result<int64_t> CountMedia(Store& store) {
  return sqlite::ReadWith<int64_t>(store, [](Connection& c) {
    return sqlite::SelectCount(c, "SELECT COUNT(*) FROM media", "counting uploads");
  });
}

Result<std::vector<int64_t>> MediaUsedBy(Store& store, const Media& media) {
  return sqlite::ReadWith<std::vector<int64_t>>(
      store, [&media](Connection& c) { return SelectUsedBy(c, media); });
}

Result<int64_t> SaveMedia(Transaction& tx, const Media& media) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<int64_t> id = InsertOrUpdate(**c, media);
  if (!id) return id;
  Media saved = media;
  saved.id = *id;
  if (Status s = WriteVariants(**c, saved); !s) return std::unexpected(std::move(s.error()));
  if (Status s = RecordUsers(tx, **c, saved); !s) return std::unexpected(std::move(s.error()));
  return *id;
}

Status DeleteMedia(Transaction& tx, int64_t media_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::optional<Media>> media = SelectMedia(**c, media_id);
  if (!media) return std::unexpected(std::move(media.error()));
  if (!*media) return Fail(ErrorKind::kNotFound, "no such upload");
  if (Status s = RecordUsers(tx, **c, **media); !s) return s;
  auto deleted =
      sqlite::Execute(**c, "DELETE FROM media WHERE id = ?", "deleting an upload", media_id);
  if (!deleted) return std::unexpected(std::move(deleted.error()));
  return {};
}

}  // namespace quire::store
