#include "store/sqlite/read_pool.h"

namespace quire::store::sqlite {

Result<ReadPool::Lease> ReadPool::Acquire() {
  {
    util::MutexLock lock(mutex_);
    if (closed_) return Fail(ErrorKind::kUnavailable, "the store is closed");
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  auto opened = Connection::Open(file_, Connection::Mode::kReadOnly, busy_timeout_ms_);
  if (!opened) return std::unexpected(std::move(opened.error()));
  return Lease(*this, std::move(*opened));
}

void ReadPool::Close() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    util::MutexLock lock(mutex_);
    closed_ = true;
    closing.swap(idle_);
  }
}

void ReadPool::Return(std::unique_ptr<Connection> connection) {
  util::MutexLock lock(mutex_);
  if (!closed_ && idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
  // Otherwise the connection closes here.
}

}  // namespace quire::store::sqlite
