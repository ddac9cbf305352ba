// The one copy of the generic statement helpers every SQLite file of the store uses: prepare a
// statement on a Connection, bind the arguments in order (Query::BindAll), step it and map its
// rows. `sql` follows Connection::Prepare's rule (static storage: a literal or a function-local
// static string). Every error is the one Prepare, Step, Run or the row reader returned,
// unchanged; `doing` names the work in SQLite's messages.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/statement.h"
#include "util/status.h"

namespace quire::store::sqlite {

// Maps the current row of a query to a value; an error (e.g. a corrupt column) stops the read.
template <typename Row>
using RowReader = Result<Row> (*)(const Query&);

// Every row, in the statement's order.
template <typename Row, typename... Args>
Result<std::vector<Row>> SelectAll(Connection& c, std::string_view sql, std::string_view doing,
                                   RowReader<Row> read, const Args&... args) {
  Result<Query> query = c.Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(args...);
  std::vector<Row> rows;
  for (;;) {
    Result<bool> more = query->Step(doing);
    if (!more) return std::unexpected(std::move(more.error()));
    if (!*more) return rows;
    Result<Row> row = read(*query);
    if (!row) return std::unexpected(std::move(row.error()));
    rows.push_back(std::move(*row));
  }
}

// The first row only (later rows are neither stepped to nor read); nullopt when there is none.
template <typename Row, typename... Args>
Result<std::optional<Row>> SelectFirst(Connection& c, std::string_view sql, std::string_view doing,
                                       RowReader<Row> read, const Args&... args) {
  Result<Query> query = c.Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(args...);
  Result<bool> found = query->Step(doing);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found) return std::optional<Row>();
  Result<Row> row = read(*query);
  if (!row) return std::unexpected(std::move(row.error()));
  return std::optional<Row>(std::move(*row));
}

// The first column of the first row; nullopt when there is no row or the value is NULL.
template <typename... Args>
Result<std::optional<int64_t>> SelectInt(Connection& c, std::string_view sql,
                                         std::string_view doing, const Args&... args) {
  Result<Query> query = c.Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(args...);
  Result<bool> found = query->Step(doing);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found || query->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(query->Int(0));
}

// SelectInt for a count or a maximum: 0 when there is no row or the value is NULL.
template <typename... Args>
Result<int64_t> SelectCount(Connection& c, std::string_view sql, std::string_view doing,
                            const Args&... args) {
  Result<std::optional<int64_t>> value = SelectInt(c, sql, doing, args...);
  if (!value) return std::unexpected(std::move(value.error()));
  return value->value_or(0);
}

// True when SelectInt finds a non-zero value (e.g. `SELECT EXISTS (...)`).
template <typename... Args>
Result<bool> SelectExists(Connection& c, std::string_view sql, std::string_view doing,
                          const Args&... args) {
  Result<std::optional<int64_t>> value = SelectInt(c, sql, doing, args...);
  if (!value) return std::unexpected(std::move(value.error()));
  return value->value_or(0) != 0;
}

// Runs a statement without rows to its end; returns how many rows it changed
// (sqlite3_changes of the connection).
template <typename... Args>
Result<int> Execute(Connection& c, std::string_view sql, std::string_view doing,
                    const Args&... args) {
  Result<Query> query = c.Prepare(sql);
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(args...);
  if (Status s = query->Run(doing); !s) return std::unexpected(std::move(s.error()));
  return sqlite3_changes(c.db());
}

// A result's error, its value dropped: for a write whose count does not matter.
template <typename T>
Status Done(const Result<T>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

// Row readers of the first column, for SelectAll and SelectFirst.
inline Result<int64_t> ReadInt(const Query& q) {
  return q.Int(0);
}
inline Result<std::string> ReadText(const Query& q) {
  return q.Text(0);
}

}  // namespace quire::store::sqlite
