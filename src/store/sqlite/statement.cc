#include "store/sqlite/statement.h"

#include <string>

namespace quire::store::sqlite {
namespace {

ErrorKind KindOf(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::kUnavailable;
    case SQLITE_CONSTRAINT: return ErrorKind::kConflict;
    default: return ErrorKind::kInternal;
  }
}

}  // namespace

Error SqliteError(sqlite3* db, int rc, std::string_view doing) {
  std::string message = "sqlite: ";
  message += doing;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{KindOf(rc), std::move(message)};
}

Query::~Query() {
  sqlite3_reset(stmt());
  sqlite3_clear_bindings(stmt());
}

Query& Query::Check(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  ++next_index_;
  return *this;
}

Query& Query::Bind(int64_t value) {
  return Check(sqlite3_bind_int64(stmt(), next_index_, value));
}

Query& Query::Bind(std::string_view text) {
  // A null data pointer would bind NULL; an empty string_view must stay an empty text.
  const char* data = text.data() != nullptr ? text.data() : "";
  return Check(
      sqlite3_bind_text64(stmt(), next_index_, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Query& Query::BindNull() {
  return Check(sqlite3_bind_null(stmt(), next_index_));
}

Result<bool> Query::Step(std::string_view doing) {
  if (bind_error_ != SQLITE_OK) return std::unexpected(SqliteError(db(), bind_error_, doing));
  int rc = sqlite3_step(stmt());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(db(), sqlite3_extended_errcode(db()), doing));
}

Status Query::Run(std::string_view doing) {
  for (;;) {
    Result<bool> row = Step(doing);
    if (!row) return std::unexpected(std::move(row.error()));
    if (!*row) return {};
  }
}

std::string Query::Text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt(), column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt(), column)));
}

}  // namespace quire::store::sqlite
