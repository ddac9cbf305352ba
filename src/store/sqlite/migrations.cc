#include "store/sqlite/migrations.h"

#include <array>
#include <string>

#include "store/sqlite/schema.h"

namespace quire::store::sqlite {
namespace {

// Migration 1: posts, comments, users, settings, changes.
constexpr std::string_view kSchema1 = R"sql(
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT 'markdown' CHECK (format IN ('markdown', 'html', 'text')),
  excerpt TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'publish'
    CHECK (status IN ('publish', 'draft', 'private', 'trash')),
  author_id INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER NOT NULL DEFAULT 0,
  modified_at INTEGER NOT NULL DEFAULT 0,
  comments_open INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1))
);
CREATE INDEX posts_status_published ON posts (status, published_at, id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
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
  content_hash INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_post_status_created ON comments (post_id, status, created_at);
CREATE INDEX comments_post_content_hash ON comments (post_id, content_hash);
CREATE INDEX comments_email_created ON comments (email, created_at);
CREATE INDEX comments_status_created ON comments (status, created_at);
CREATE INDEX comments_ip_created ON comments (ip, created_at);
CREATE INDEX comments_author_email_status ON comments (author, email, status);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT 'author'
    CHECK (role IN ('administrator', 'editor', 'author', 'contributor', 'subscriber')),
  password_hash TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tag TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
)sql";

const std::array<std::string_view, 12>& AllMigrations() {
  static const std::array<std::string_view, 12> migrations = {
      kSchema1,          kAccountsSchema, kSpamSchema,      kMailSchema,
      kPublishingSchema, kTaxonomySchema, kRevisionsSchema, kSearchSchema,
      kMediaSchema,      kWxrSchema,      kWxrPathsSchema,  kCommentIdsSchema};
  return migrations;
}

// PRAGMA takes no parameters; the number comes from this code, never from input.
Status SetUserVersion(Connection& connection, size_t version) {
  std::string sql = "PRAGMA user_version = " + std::to_string(version);
  return connection.Exec(sql, "recording the schema version");
}

Status ApplyFrom(Connection& connection, size_t current) {
  for (size_t i = current; i < AllMigrations().size(); ++i) {
    std::string doing = "applying migration " + std::to_string(i + 1);
    if (Status s = connection.Exec(AllMigrations()[i], doing); !s) return s;
  }
  return SetUserVersion(connection, AllMigrations().size());
}

// Foreign keys are off while migrating: a migration that broke one fails here, rolled back.
Status CheckForeignKeys(Connection& connection) {
  Result<Query> check = connection.Prepare("PRAGMA foreign_key_check");
  if (!check) return std::unexpected(std::move(check.error()));
  Result<bool> broken = check->Step("checking foreign keys");
  if (!broken) return std::unexpected(std::move(broken.error()));
  if (*broken) {
    return Fail(ErrorKind::kInternal,
                "a migration left a broken reference in table " + std::string(check->Text(0)));
  }
  return {};
}

Result<int> MigrateInTransaction(Connection& connection);

}  // namespace

std::span<const std::string_view> Migrations() {
  return AllMigrations();
}

Result<int> Migrate(Connection& connection) {
  // Rebuilding a table (migration 5) must not cascade deletes: foreign keys are off while the
  // migrations run (the pragma has no effect inside a transaction), checked before the commit
  // and on again afterwards.
  if (Status s = connection.Exec("PRAGMA foreign_keys=OFF", "pausing foreign keys"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  Result<int> applied = MigrateInTransaction(connection);
  if (Status s = connection.Exec("PRAGMA foreign_keys=ON", "enabling foreign keys"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  return applied;
}

namespace {
Result<int> MigrateInTransaction(Connection& connection) {
  if (Status s = connection.Exec("BEGIN IMMEDIATE", "starting the migration"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  Result<int64_t> version = connection.QueryInt("PRAGMA user_version", "reading user_version");
  Status applied;
  if (!version) {
    applied = std::unexpected(std::move(version.error()));
  } else if (*version < 0 || static_cast<size_t>(*version) > AllMigrations().size()) {
    applied =
        Fail(ErrorKind::kInternal, "the database's schema version " + std::to_string(*version) +
                                       " is newer than this Quire knows (" +
                                       std::to_string(AllMigrations().size()) + "); upgrade Quire");
  } else if (static_cast<size_t>(*version) < AllMigrations().size()) {
    applied = ApplyFrom(connection, static_cast<size_t>(*version));
    if (applied) applied = CheckForeignKeys(connection);
  }
  if (!applied) {
    (void)connection.Exec("ROLLBACK", "rolling back the migration");
    return std::unexpected(std::move(applied.error()));
  }
  if (Status s = connection.Exec("COMMIT", "committing the migration"); !s) {
    (void)connection.Exec("ROLLBACK", "rolling back the migration");
    return std::unexpected(std::move(s.error()));
  }
  return static_cast<int>(AllMigrations().size() - static_cast<size_t>(*version));
}
}  // namespace

}  // namespace quire::store::sqlite
