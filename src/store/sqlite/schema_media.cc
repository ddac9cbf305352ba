#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 9: uploads (WordPress's attachments) and their resized variants. The files live
// under DATA/uploads/ (media/); these rows are their index. `file` is unique: a URL names one
// upload. An import's GUID and WordPress attachment ID find the row again on a re-import.
const std::string_view kMediaSchema = R"sql(
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL UNIQUE,
  mime_type TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  alt TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  author_id INTEGER NOT NULL DEFAULT 0,
  parent_post_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT 0,
  guid TEXT NOT NULL DEFAULT '',
  original_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX media_created ON media (created_at, id);
CREATE INDEX media_guid ON media (guid) WHERE guid <> '';
CREATE INDEX media_original_id ON media (original_id) WHERE original_id <> 0;

CREATE TABLE media_variants (
  media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  file TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (media_id, name)
) WITHOUT ROWID;
)sql";

}  // namespace quire::store::sqlite
