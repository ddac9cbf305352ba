#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 3: bans and the learning filter's counts; see docs/schema.md. (Rate limits live in
// the server's memory.)
const std::string_view kSpamSchema = R"sql(
CREATE TABLE bans (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'ip', 'range')),
  value TEXT NOT NULL,
  expires_at INTEGER NULL,
  created_by TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX bans_kind_value ON bans (kind, value);

CREATE TABLE spam_tokens (
  token TEXT PRIMARY KEY,
  spam_count INTEGER NOT NULL DEFAULT 0,
  ham_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE spam_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  spam_messages INTEGER NOT NULL DEFAULT 0,
  ham_messages INTEGER NOT NULL DEFAULT 0
);
INSERT INTO spam_totals (id, spam_messages, ham_messages) VALUES (1, 0, 0);

-- Which comments the filter learnt from, and the tokens it counted (newline-separated), so that
-- a reversed decision is subtracted exactly even if the comment was edited since. No foreign
-- key: what was learnt stays learnt when a comment is deleted.
CREATE TABLE spam_trained (
  comment_id INTEGER PRIMARY KEY,
  is_spam INTEGER NOT NULL CHECK (is_spam IN (0, 1)),
  tokens TEXT NOT NULL
);
)sql";

}  // namespace quire::store::sqlite
