#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 4: the mail outbox and reply-notification subscriptions; see docs/schema.md.
const std::string_view kMailSchema = R"sql(
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT '',
  "to" TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  headers TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at INTEGER NULL,
  failed_at INTEGER NULL
);
-- The worker's question: the oldest due message that is neither sent nor failed.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_to ON outbox ("to" COLLATE NOCASE);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  email TEXT NOT NULL COLLATE NOCASE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER NULL,
  UNIQUE (post_id, email)
);
CREATE INDEX subscriptions_email ON subscriptions (email);
)sql";

}  // namespace quire::store::sqlite
