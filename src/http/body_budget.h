// Memory for request bodies being read, shared by every connection: a request whose body would
// take the total past the budget is refused (503) from its head, before any of it is read, so
// that many large uploads at once cannot exhaust memory.
#pragma once

#include <atomic>
#include <cstddef>

namespace quire::http {

class BodyBudget {
 public:
  explicit BodyBudget(size_t bytes) : limit_(bytes) {}

  // Takes `bytes` of the budget; false (taking nothing) when they do not fit. Thread-safe.
  bool Reserve(size_t bytes) {
    size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (used > limit_ || bytes > limit_ - used) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }

  // Gives back what Reserve took.
  void Release(size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  size_t used() const { return used_.load(std::memory_order_relaxed); }

 private:
  const size_t limit_;
  std::atomic<size_t> used_ = 0;
};

}  // namespace quire::http
