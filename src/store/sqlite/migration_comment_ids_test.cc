// Migration 12 (schema_comment_ids.cc) on a database made by the previous release: comments
// keep their ids, text and the rows that refer to them; new ids continue from the largest
// and are never reused, even after the newest comment is deleted.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

constexpr size_t kBefore = 11;  // the schema version of the release before migration 12

// Runs `sql` on the raw file; fails the test on an error.
void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "") << "\n"
      << sql;
}

std::string Text(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (!out.empty()) out += ";";
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out += text ? reinterpret_cast<const char*>(text) : "NULL";
  }
  sqlite3_finalize(stmt);
  return out;
}

TEST(MigrationCommentIds, KeepsCommentsAndTheirReferencesAndNeverReusesAnId) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "quire.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  Exec(db, "PRAGMA foreign_keys=ON");
  for (size_t i = 0; i < kBefore; ++i) Exec(db, std::string(sqlite::Migrations()[i]));
  Exec(db, "PRAGMA user_version = " + std::to_string(kBefore));
  Exec(db,
       "INSERT INTO posts (id, slug, title) VALUES (1, 'p', 'P');"
       "INSERT INTO comments (id, post_id, content, created_at, status, html) VALUES "
       "(3, 1, 'three', 100, '1', 0), (7, 1, 'seven', 200, '0', 1);"
       "INSERT INTO wxr_comment_types (comment_id, type) VALUES (7, 'pingback');");
  sqlite3_close(db);

  auto store = OpenSqlite(SqliteOptions{.file = dir.path() / "quire.db"});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(GetSqliteStats(**store)->migrations_applied,
            static_cast<int>(sqlite::Migrations().size() - kBefore));
  // The newest comment goes; the next one still gets a new number.
  ASSERT_TRUE((*store)->WriteSync([](Transaction& tx) -> Status {
    return tx.SetCommentStatus(7, CommentStatus::kTrash, "test");
  }));
  (*store)->Close();

  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(Text(db,
                 "SELECT id || ':' || content || ':' || status || ':' || html FROM comments "
                 "ORDER BY id"),
            "3:three:1:0;7:seven:trash:1");
  EXPECT_EQ(Text(db, "SELECT comment_id || ':' || type FROM wxr_comment_types"), "7:pingback");
  EXPECT_EQ(Text(db,
                 "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = "
                 "'comments'"),
            "1");
  EXPECT_EQ(Text(db,
                 "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                 "'comments'"),
            "6");
  Exec(db, "DELETE FROM wxr_comment_types; DELETE FROM comments WHERE id = 7;");
  Exec(db, "INSERT INTO comments (post_id, content, created_at) VALUES (1, 'next', 300)");
  EXPECT_EQ(Text(db, "SELECT id FROM comments WHERE content = 'next'"), "8");
  EXPECT_EQ(Text(db, "PRAGMA foreign_key_check"), "");
  sqlite3_close(db);
}

}  // namespace
}  // namespace quire::store
