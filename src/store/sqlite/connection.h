// One SQLite connection with its prepared-statement cache. Not thread-safe: a connection is
// used by one thread at a time (the writer's, or the reader that checked it out of the pool).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "store/sqlite/statement.h"
#include "util/status.h"

namespace quire::store::sqlite {

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens the file (created in kReadWrite mode) and applies the per-connection pragmas:
  // busy_timeout, foreign_keys=ON, and for kReadWrite journal_mode=WAL and synchronous=FULL.
  static Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& file, Mode mode,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A Query over the cached statement for this SQL, prepared on first use. `sql` must have
  // static storage duration (a literal): the cache keys on it. Never build SQL from values.
  Result<Query> Prepare(std::string_view sql);
  // Runs one statement without parameters through the cache (transaction control).
  Status Run(std::string_view sql, std::string_view doing);
  // Runs SQL text without parameters, uncached, possibly several statements (migrations).
  Status Exec(std::string_view sql, std::string_view doing);
  // An integer pragma's value, e.g. "PRAGMA user_version".
  Result<int64_t> QueryInt(std::string_view sql, std::string_view doing);

  sqlite3* db() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Status Configure(Mode mode, int busy_timeout_ms);

  sqlite3* db_;
  std::unordered_map<std::string_view, std::unique_ptr<Statement>> statements_;
};

}  // namespace quire::store::sqlite
