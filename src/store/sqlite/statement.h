// RAII wrappers over sqlite3_stmt: a prepared statement owned by its Connection's cache, and a
// scoped use of it that binds, steps, reads columns and always resets on the way out (so no
// read transaction stays open and no binding leaks into the next use).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::store::sqlite {

// The Error for a failed SQLite call: kUnavailable for BUSY/LOCKED, kConflict for constraint
// violations, kInternal otherwise; the message names what was being done and sqlite3_errmsg.
Error SqliteError(sqlite3* db, int rc, std::string_view doing);

// One prepared statement. Not thread-safe: it belongs to one connection, used by one thread at
// a time.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string_view sql) : stmt_(stmt), sql_(sql) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }
  std::string_view sql() const { return sql_; }

 private:
  sqlite3_stmt* stmt_;
  std::string_view sql_;  // static storage (see Connection::Prepare)
};

// One use of a Statement: bind parameters (1-based, in order with Bind), Step, read columns.
// The statement is reset and its bindings cleared when this goes out of scope.
class Query {
 public:
  explicit Query(Statement& statement) : statement_(&statement) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Binds the next parameter; text is copied, so the argument may die before Step.
  Query& Bind(int64_t value);
  Query& Bind(std::string_view text);
  Query& Bind(const std::string& text) { return Bind(std::string_view(text)); }
  Query& Bind(const char* text) { return Bind(std::string_view(text)); }
  Query& BindNull();
  // Binds several parameters in order.
  template <typename... Args>
  Query& BindAll(const Args&... args) {
    (Bind(args), ...);
    return *this;
  }

  // Advances: true when a row is available, false when done; errors name `doing`.
  Result<bool> Step(std::string_view doing);
  // Steps to completion (a statement without rows).
  Status Run(std::string_view doing);

  int64_t Int(int column) const { return sqlite3_column_int64(stmt(), column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt(), column) == SQLITE_NULL; }
  std::string Text(int column) const;

 private:
  sqlite3_stmt* stmt() const { return statement_->get(); }
  sqlite3* db() const { return sqlite3_db_handle(stmt()); }
  Query& Check(int rc);

  Statement* statement_;
  int next_index_ = 1;
  int bind_error_ = SQLITE_OK;  // the first failed bind, reported by Step
};

}  // namespace quire::store::sqlite
