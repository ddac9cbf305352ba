// Read-only connections for concurrent readers (WAL lets them run beside the writer). A reader
// checks one out for the length of one store call; connections are created lazily and kept
// for reuse (at most kMaxIdle idle).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.h"
#include "util/mutex.h"
#include "util/status.h"

namespace quire::store::sqlite {

class ReadPool {
 public:
  static constexpr size_t kMaxIdle = 16;

  // A checked-out connection, returned to the pool when destroyed.
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ReadPool(std::filesystem::path file, int busy_timeout_ms)
      : file_(std::move(file)), busy_timeout_ms_(busy_timeout_ms) {}

  // An idle connection or a new one; kUnavailable after Close().
  Result<Lease> Acquire();
  // Closes the idle connections; leased ones close when returned. Idempotent.
  void Close();

 private:
  void Return(std::unique_ptr<Connection> connection);

  const std::filesystem::path file_;
  const int busy_timeout_ms_;
  util::Mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_ QUIRE_GUARDED_BY(mutex_);
  bool closed_ QUIRE_GUARDED_BY(mutex_) = false;
};

}  // namespace quire::store::sqlite
