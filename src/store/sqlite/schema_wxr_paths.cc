#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 11: the addresses an imported site's items had (store/original_paths.h), so that
// every old URL keeps answering after an import: each item's path from its WXR <link>
// (percent-decoded, without the host, the query or the fragment) and the item it now is; and the
// base paths of subfolder installs that were dropped ("/blog": /blog/X answers 301 to /X).
const std::string_view kWxrPathsSchema = R"sql(
CREATE TABLE wxr_paths (
  path TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('post', 'media')),
  quire_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX wxr_paths_item ON wxr_paths (kind, quire_id);

CREATE TABLE wxr_dropped_bases (
  base TEXT PRIMARY KEY
) WITHOUT ROWID;
)sql";

}  // namespace quire::store::sqlite
