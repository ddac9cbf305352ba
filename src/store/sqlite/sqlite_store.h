// SQLite backend: one file in WAL mode, numbered migrations applied at open, prepared
// statements only, a writer thread doing group commit. Another process (the CLI) may write to
// the same file: SQLite's locks and a busy timeout keep it safe.
#pragma once

#include <filesystem>
#include <memory>

#include "store/store.h"

namespace quire::store {

struct SqliteOptions {
  std::filesystem::path file;  // e.g. quire-data/quire.db
  // The writer waits for more jobs at most this long before committing a batch.
  int max_batch = 256;  // jobs per transaction at most
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) and migrates. Fails with a clear message.
Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options);

}  // namespace quire::store
