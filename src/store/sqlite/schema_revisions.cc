#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 7: revisions, a copy of an item's title, body, format and excerpt at each save.
const std::string_view kRevisionsSchema = R"sql(
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT 'markdown' CHECK (format IN ('markdown', 'html', 'text')),
  excerpt TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revisions_post ON revisions (post_id, id);
)sql";

}  // namespace quire::store::sqlite
