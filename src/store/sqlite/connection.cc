#include "store/sqlite/connection.h"

#include <string>

namespace quire::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& file, Mode mode,
                                                     int busy_timeout_ms) {
  int flags =
      SQLITE_OPEN_NOMUTEX |
      (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, "opening " + file.string());
    sqlite3_close(db);
    return std::unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> connection(new Connection(db));
  Status configured = connection->Configure(mode, busy_timeout_ms);
  if (!configured) {
    configured.error().message += " (" + file.string() + ")";
    return std::unexpected(std::move(configured.error()));
  }
  return connection;
}

Connection::~Connection() {
  statements_.clear();  // finalize before closing
  sqlite3_close(db_);
}

Status Connection::Configure(Mode mode, int busy_timeout_ms) {
  int rc = sqlite3_busy_timeout(db_, busy_timeout_ms);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, "setting the busy timeout"));
  if (Status s = Exec("PRAGMA foreign_keys=ON", "enabling foreign keys"); !s) return s;
  if (mode == Mode::kReadOnly) return {};
  if (sqlite3_db_readonly(db_, "main") == 1) {
    return Fail(ErrorKind::kUnavailable,
                "sqlite: the database is read-only (SQLite could not open it for writing; check "
                "the file's owner and permissions)");
  }
  Result<Query> wal = Prepare("PRAGMA journal_mode=WAL");
  if (!wal) return std::unexpected(std::move(wal.error()));
  Result<bool> row = wal->Step("switching to WAL mode");
  if (!row) return std::unexpected(std::move(row.error()));
  if (!*row || wal->Text(0) != "wal") {
    return Fail(ErrorKind::kInternal, "sqlite: the database refused WAL journal mode");
  }
  // Statement journals (a statement inside a savepoint, a trigger writing the full-text index)
  // in memory rather than in temporary files: Debian's build keeps them on disk by default.
  if (Status s = Exec("PRAGMA temp_store=MEMORY", "keeping temporary data in memory"); !s) return s;
  return Exec("PRAGMA synchronous=FULL", "setting synchronous=FULL");
}

Result<Query> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return std::unexpected(SqliteError(db_, rc, "preparing " + std::string(sql)));
    }
    it = statements_.emplace(sql, std::make_unique<Statement>(stmt, sql)).first;
  }
  return Result<Query>(std::in_place, *it->second);
}

Status Connection::Run(std::string_view sql, std::string_view doing) {
  Result<Query> query = Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  return query->Run(doing);
}

Status Connection::Exec(std::string_view sql, std::string_view doing) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, doing));
  return {};
}

Result<int64_t> Connection::QueryInt(std::string_view sql, std::string_view doing) {
  Result<Query> query = Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  Result<bool> row = query->Step(doing);
  if (!row) return std::unexpected(std::move(row.error()));
  if (!*row) return Fail(ErrorKind::kInternal, "sqlite: " + std::string(doing) + ": no row");
  return query->Int(0);
}

}  // namespace quire::store::sqlite
