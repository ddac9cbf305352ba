#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 2: login sessions, login throttling, password-reset tokens; see docs/schema.md.
// Tokens are stored only as the hex SHA-256 of what the browser or the email holds.
const std::string_view kAccountsSchema = R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  persistent INTEGER NOT NULL DEFAULT 0 CHECK (persistent IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, last_seen_at);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('login', 'address')),
  key TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (scope, key, failed_at);

CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE INDEX users_email ON users (email COLLATE NOCASE);
)sql";

}  // namespace quire::store::sqlite
