#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 6: terms (categories, tags, custom taxonomies) and the item-term relationships,
// looked up both ways. A term's count (its published items) is kept by triggers, so that every
// path that changes an item's status or terms (admin, scheduler, importer) keeps it right.
const std::string_view kTaxonomySchema = R"sql(
CREATE TABLE terms (
  id INTEGER PRIMARY KEY,
  taxonomy TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  parent_id INTEGER NOT NULL DEFAULT 0,
  count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (taxonomy, slug)
);
CREATE INDEX terms_taxonomy_name ON terms (taxonomy, name COLLATE NOCASE);
CREATE INDEX terms_parent ON terms (parent_id);

CREATE TABLE post_terms (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  term_id INTEGER NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, term_id)
) WITHOUT ROWID;
CREATE INDEX post_terms_term_post ON post_terms (term_id, post_id);

-- Incremental: a row counts when its item is published. (A deleted published item was already
-- subtracted by posts_delete_term_count; its post_terms rows cascade after the posts row is
-- gone, so the WHEN below finds no status and they subtract nothing more.)
CREATE TRIGGER post_terms_count_insert AFTER INSERT ON post_terms
  WHEN (SELECT status FROM posts WHERE id = NEW.post_id) = 'publish' BEGIN
  UPDATE terms SET count = count + 1 WHERE id = NEW.term_id;
END;
CREATE TRIGGER post_terms_count_delete AFTER DELETE ON post_terms
  WHEN (SELECT status FROM posts WHERE id = OLD.post_id) = 'publish' BEGIN
  UPDATE terms SET count = count - 1 WHERE id = OLD.term_id;
END;
CREATE TRIGGER posts_status_term_count AFTER UPDATE OF status ON posts
  WHEN (OLD.status = 'publish') <> (NEW.status = 'publish') BEGIN
  UPDATE terms SET count = count + (CASE NEW.status WHEN 'publish' THEN 1 ELSE -1 END)
  WHERE id IN (SELECT term_id FROM post_terms WHERE post_id = NEW.id);
END;
CREATE TRIGGER posts_delete_term_count BEFORE DELETE ON posts WHEN OLD.status = 'publish' BEGIN
  UPDATE terms SET count = count - 1
  WHERE id IN (SELECT term_id FROM post_terms WHERE post_id = OLD.id);
END;
)sql";

}  // namespace quire::store::sqlite
