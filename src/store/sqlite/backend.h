// For the SQLite implementations of the store's other interfaces (accounts, spam, outbox ...):
// they run their own prepared statements on the connections of a store opened by OpenSqlite.
// Reads take a pooled read-only connection; writes use the connection of the transaction that
// a Store::Write job was given, so they commit (or roll back) with the rest of the job.
#pragma once

#include <filesystem>
#include <functional>

#include "store/sqlite/connection.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store::sqlite {

// Runs `read` on a read-only connection of `store`; kInternal when store is not SQLite's.
Status WithReadConnection(Store& store, const std::function<Status(Connection&)>& read);

// The connection under a transaction of an SQLite store's write job; null for other backends.
Connection* ConnectionOf(Transaction& tx);

// Result-returning convenience over WithReadConnection.
template <typename T>
Result<T> ReadWith(Store& store, const std::function<Result<T>(Connection&)>& read) {
  std::optional<Result<T>> result;
  Status status = WithReadConnection(store, [&](Connection& c) -> Status {
    result.emplace(read(c));
    return {};
  });
  if (!status) return std::unexpected(std::move(status.error()));
  return std::move(*result);
}

// The connection of tx, or a kInternal error saying the backend does not match.
Result<Connection*> WriteConnection(Transaction& tx);

// The database file of a store opened by OpenSqlite; empty for any other store.
std::filesystem::path DatabaseFileOf(Store& store);

// Runs `job` through the store's writer in a transaction of its own with foreign keys off
// (Writer::Mode::kAlone) and waits for it: for applying a staged write (store/staged_write.h).
// kInternal for a store that is not SQLite's.
Status WriteAlone(Store& store, WriteJob job);

}  // namespace quire::store::sqlite
