#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 5: posts become items of a type (post, page) with WordPress's statuses pending and
// future, pages' parent and order, sticky posts, a featured image, a post password and the GUID
// an import brings; slugs are unique per type. SQLite cannot change a CHECK or a UNIQUE in
// place, so the table is rebuilt (SQLite's "12 steps": Migrate() turns foreign keys off around
// the migrations, so dropping the old table does not cascade to comments). Old slugs of
// renamed items answer 301 (post_old_slugs).
const std::string_view kPublishingSchema = R"sql(
CREATE TABLE posts_v5 (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL DEFAULT 'post' CHECK (type IN ('post', 'page')),
  slug TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT 'markdown' CHECK (format IN ('markdown', 'html', 'text')),
  excerpt TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'publish'
    CHECK (status IN ('publish', 'draft', 'pending', 'future', 'private', 'trash')),
  author_id INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER NOT NULL DEFAULT 0,
  modified_at INTEGER NOT NULL DEFAULT 0,
  comments_open INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
  parent_id INTEGER NOT NULL DEFAULT 0,
  menu_order INTEGER NOT NULL DEFAULT 0,
  sticky INTEGER NOT NULL DEFAULT 0 CHECK (sticky IN (0, 1)),
  featured_media_id INTEGER NOT NULL DEFAULT 0,
  password TEXT NOT NULL DEFAULT '',
  guid TEXT NOT NULL DEFAULT '',
  unfiltered INTEGER NOT NULL DEFAULT 1 CHECK (unfiltered IN (0, 1)),
  UNIQUE (type, slug)
);
INSERT INTO posts_v5 (id, slug, title, body, format, excerpt, status, author_id, published_at,
                      modified_at, comments_open)
  SELECT id, slug, title, body, format, excerpt, status, author_id, published_at, modified_at,
         comments_open FROM posts;
DROP TABLE posts;
ALTER TABLE posts_v5 RENAME TO posts;
CREATE INDEX posts_type_status_published ON posts (type, status, published_at, id);
CREATE INDEX posts_author_published ON posts (author_id, type, status, published_at, id);
CREATE INDEX posts_type_status_sticky ON posts (type, status, sticky, published_at, id);
CREATE INDEX posts_type_status_modified ON posts (type, status, modified_at);
CREATE INDEX posts_parent ON posts (parent_id, menu_order);
CREATE INDEX posts_guid ON posts (guid) WHERE guid <> '';

CREATE TABLE post_old_slugs (
  type TEXT NOT NULL,
  slug TEXT NOT NULL,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (type, slug)
) WITHOUT ROWID;
)sql";

}  // namespace quire::store::sqlite
