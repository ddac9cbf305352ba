#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 12: comment ids come from sqlite_sequence (AUTOINCREMENT) instead of "the largest
// id plus one", so that a staged import (store/staged_write.h) can reserve a range of ids for
// the comments it is building in its copy: the live site's new comments go above the range
// meanwhile, and the import's comments keep their ids when they land. Ids are never reused.
// The table is rebuilt (SQLite cannot add AUTOINCREMENT in place); foreign keys are off while
// migrations run, so wxr_comment_types keeps its rows.
const std::string_view kCommentIdsSchema = R"sql(
CREATE TABLE comments_autoincrement (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  parent_id INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT '0' CHECK (status IN ('0', '1', 'spam', 'trash')),
  previous_status TEXT NULL CHECK (previous_status IN ('0', '1', 'spam', 'trash')),
  user_id INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  -- FNV-1a (64-bit) of content, so that the duplicate check is an index lookup however many
  -- comments a post or an author has.
  content_hash INTEGER NOT NULL DEFAULT 0,
  html INTEGER NOT NULL DEFAULT 0 CHECK (html IN (0, 1))
);
INSERT INTO comments_autoincrement (id, post_id, parent_id, author, email, url, ip, user_agent,
    content, created_at, status, previous_status, user_id, reason, content_hash, html)
  SELECT id, post_id, parent_id, author, email, url, ip, user_agent, content, created_at,
    status, previous_status, user_id, reason, content_hash, html FROM comments ORDER BY id;
DROP TABLE comments;
ALTER TABLE comments_autoincrement RENAME TO comments;
CREATE INDEX comments_post_status_created ON comments (post_id, status, created_at);
CREATE INDEX comments_post_content_hash ON comments (post_id, content_hash);
CREATE INDEX comments_email_created ON comments (email, created_at);
CREATE INDEX comments_status_created ON comments (status, created_at);
CREATE INDEX comments_ip_created ON comments (ip, created_at);
CREATE INDEX comments_author_email_status ON comments (author, email, status);
)sql";

}  // namespace quire::store::sqlite
