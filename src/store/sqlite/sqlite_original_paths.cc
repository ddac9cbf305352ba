// SQLite's answer to store/original_paths.h (tables of migration 11, schema_wxr_paths.cc).
#include "store/original_paths.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"

namespace quire::store {

using sqlite::Connection;

namespace {

Result<OriginalPathTarget> ReadTarget(const sqlite::Query& q) {
  OriginalPathTarget target;
  target.kind = q.Text(0) == "media" ? WxrKind::kMedia : WxrKind::kPost;
  target.quire_id = q.Int(1);
  return target;
}

Result<std::string> ReadText(const sqlite::Query& q) {
  return std::string(q.Text(0));
}

}  // namespace

Status AddOriginalPath(Transaction& tx, std::string_view path, WxrKind kind, int64_t quire_id) {
  if (!path.starts_with('/')) {
    return Fail(ErrorKind::kInvalid, "an original path must start with '/': " + std::string(path));
  }
  if (kind != WxrKind::kPost && kind != WxrKind::kMedia) {
    return Fail(ErrorKind::kInvalid, "only items and attachments have original paths");
  }
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(sqlite::Execute(
      **c,
      "INSERT INTO wxr_paths (path, kind, quire_id) VALUES (?, ?, ?) "
      "ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, quire_id = excluded.quire_id "
      "WHERE kind IS NOT excluded.kind OR quire_id IS NOT excluded.quire_id",
      "recording an original path", path, ToString(kind), quire_id));
}

Result<std::optional<OriginalPathTarget>> FindOriginalPath(Store& store, std::string_view path) {
  return sqlite::ReadWith<std::optional<OriginalPathTarget>>(store, [&](Connection& c) {
    return sqlite::SelectFirst<OriginalPathTarget>(
        c, "SELECT kind, quire_id FROM wxr_paths WHERE path = ?", "finding an original path",
        &ReadTarget, path);
  });
}

Result<std::vector<std::string>> OriginalPathsOf(Store& store, WxrKind kind, int64_t quire_id) {
  return sqlite::ReadWith<std::vector<std::string>>(store, [&](Connection& c) {
    return sqlite::SelectAll<std::string>(
        c, "SELECT path FROM wxr_paths WHERE kind = ? AND quire_id = ? ORDER BY path",
        "listing original paths", &ReadText, ToString(kind), quire_id);
  });
}

Status AddDroppedBase(Transaction& tx, std::string_view base) {
  if (!base.starts_with('/') || base.ends_with('/')) {
    return Fail(ErrorKind::kInvalid, "a base path is like /blog: " + std::string(base));
  }
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(sqlite::Execute(**c,
                                      "INSERT INTO wxr_dropped_bases (base) VALUES (?) "
                                      "ON CONFLICT (base) DO NOTHING",
                                      "recording a dropped base path", base));
}

Result<std::vector<std::string>> ListDroppedBases(Store& store) {
  return sqlite::ReadWith<std::vector<std::string>>(store, [&](Connection& c) {
    return sqlite::SelectAll<std::string>(
        c, "SELECT base FROM wxr_dropped_bases ORDER BY length(base) DESC, base",
        "listing dropped base paths", &ReadText);
  });
}

}  // namespace quire::store
