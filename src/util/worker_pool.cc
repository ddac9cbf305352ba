#include "util/worker_pool.h"

#include <algorithm>
#include <utility>

namespace quire::util {

WorkerPool::WorkerPool(int threads, size_t max_waiting) : max_waiting_(max_waiting) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.NotifyAll();
  for (std::thread& thread : threads_) thread.join();
}

bool WorkerPool::Run(Work work) {
  {
    MutexLock lock(mutex_);
    if (queue_.size() >= max_waiting_) {
      lock.Unlock();
      work(false);
      return false;
    }
    queue_.push_back(std::move(work));
    // Under the lock: once the work is queued it may run and its answer let the owner destroy
    // the pool, condition variable included, while a notify outside the lock is still in it.
    wake_.NotifyOne();
  }
  return true;
}

void WorkerPool::Loop() {
  MutexLock lock(mutex_);
  for (;;) {
    wake_.Wait(lock, [this]() QUIRE_REQUIRES(mutex_) { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing is left
    Work work = std::move(queue_.front());
    queue_.pop_front();
    lock.Unlock();
    work(true);
    lock.Lock();
  }
}

}  // namespace quire::util
