#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 10: what a WordPress import (wxr/) remembers so that a re-import matches instead of
// duplicating, and so that old URLs keep working: WordPress's original ids of items, comments,
// terms, users and attachments mapped to Quire's (`?p=ID`, `#comment-ID`), per source site
// (the file's wp:base_blog_url). Also what Quire has no column for but an export must give
// back: a comment's WordPress type (pingback, trackback) and meta rows Quire does not
// interpret (custom fields, page templates, comment meta, term meta), in their file order; and
// whether a comment's content is WordPress HTML (comments.html) rather than text typed here.
const std::string_view kWxrSchema = R"sql(
CREATE TABLE wxr_ids (
  kind TEXT NOT NULL CHECK (kind IN ('post', 'comment', 'term', 'user', 'media')),
  source TEXT NOT NULL,
  original_id INTEGER NOT NULL,
  quire_id INTEGER NOT NULL,
  PRIMARY KEY (kind, source, original_id)
) WITHOUT ROWID;
CREATE INDEX wxr_ids_original ON wxr_ids (kind, original_id);
CREATE INDEX wxr_ids_quire ON wxr_ids (kind, quire_id);

CREATE TABLE wxr_comment_types (
  comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
  type TEXT NOT NULL
);

-- How a comment's content is written: 0 text as typed here, 1 WordPress HTML (an import).
ALTER TABLE comments ADD COLUMN html INTEGER NOT NULL DEFAULT 0 CHECK (html IN (0, 1));

CREATE TABLE wxr_meta (
  kind TEXT NOT NULL CHECK (kind IN ('post', 'comment', 'term', 'media')),
  quire_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, quire_id, seq)
) WITHOUT ROWID;
)sql";

}  // namespace quire::store::sqlite
