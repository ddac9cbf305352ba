// SQLite backend: one file in WAL mode, numbered migrations applied at open, prepared
// statements only, a writer thread doing group commit. Another process (the CLI) may write to
// the same file: SQLite's locks and a busy timeout keep it safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "store/store.h"

namespace quire::store {

struct SqliteOptions {
  std::filesystem::path file;  // e.g. quire-data/quire.db
  // Jobs per transaction at most. The writer never waits for more jobs: a batch holds what
  // queued while the previous batch was committing.
  int max_batch = 256;
  // How long a connection waits for a lock held by another connection or process before a
  // write batch fails with kUnavailable. Another process holds the write lock for at most one
  // of its writes; the longest is a staged import's apply (store/staged_write.h): about 0.15 s
  // of CPU per MB of export file, e.g. 18 s for a 123 MB file on the 2-core machine under a
  // load of 10. A comment waits that long rather than failing (its request does not hold an
  // I/O thread while it waits).
  int busy_timeout_ms = 30000;
};

// Opens (creating if needed) and migrates. Fails with a clear message.
// Close() must not be called from a write's done callback or the OnCommit listener (they run
// on the store's threads, which Close joins). Write() after Close() calls done with kUnavailable.
Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options);

// Whether the database file at the store's path is still the file it opened: kUnavailable (and
// logged once) after it was replaced or removed, e.g. by copying a backup over it while a server
// runs. From then on every write is refused; a restart opens the new file. Each write checks
// this before it starts and again after its commit, before it is acknowledged; the server also
// calls it on its change-log poll. Ok for any other Store.
Status CheckSqliteFile(Store& store);

// Counters of a store opened by OpenSqlite, for tests and diagnostics.
struct SqliteStats {
  int64_t commits = 0;         // batches committed
  int64_t jobs_committed = 0;  // jobs whose savepoint was released and batch committed
  int64_t jobs_failed = 0;     // jobs that returned an error or whose batch failed
  int64_t batches_failed = 0;  // batches whose BEGIN, savepoints or COMMIT failed
  int64_t largest_batch = 0;   // most jobs in one batch so far
  int migrations_applied = 0;  // migrations run when this store was opened
  int schema_version = 0;      // the schema version after opening
};

// The counters of `store` when OpenSqlite made it; nullopt for any other Store.
std::optional<SqliteStats> GetSqliteStats(const Store& store);

}  // namespace quire::store
