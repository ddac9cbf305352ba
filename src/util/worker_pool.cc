#include "util/worker_pool.h"

#include <algorithm>
#include <utility>

namespace quire::util {

WorkerPool::WorkerPool(int threads, size_t max_waiting) : max_waiting_(max_waiting) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

bool WorkerPool::Run(Work work) {
  {
    std::unique_lock lock(mutex_);
    if (queue_.size() >= max_waiting_) {
      lock.unlock();
      work(false);
      return false;
    }
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::Loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing is left
    Work work = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    work(true);
    lock.lock();
  }
}

}  // namespace quire::util
