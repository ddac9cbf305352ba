// Keeps a repeated complaint (e.g. "accept failed: Too many open files") from flooding the log:
// at most one line per interval, the next one saying how many were held back meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>

#include "util/mutex.h"

namespace quire::http {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogThrottle(Clock::duration interval) : interval_(interval) {}

  // When the message may be logged now: how many were held back since the last one logged.
  // nullopt: hold this one back. Thread-safe.
  std::optional<size_t> Allow(Clock::time_point now) {
    util::MutexLock lock(mutex_);
    if (last_ && now - *last_ < interval_) {
      ++held_back_;
      return std::nullopt;
    }
    last_ = now;
    size_t held_back = held_back_;
    held_back_ = 0;
    return held_back;
  }

 private:
  const Clock::duration interval_;
  util::Mutex mutex_;
  std::optional<Clock::time_point> last_ QUIRE_GUARDED_BY(mutex_);
  size_t held_back_ QUIRE_GUARDED_BY(mutex_) = 0;
};

}  // namespace quire::http
