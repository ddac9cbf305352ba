// Token buckets in memory, keyed by text ("ip:203.0.113.9", "email:ada@example.com",
// "post:42"): each holds up to `burst` tokens and regains `per_hour` of them an hour; a request
// takes one token from every bucket it names, or none when any is empty. Thread-safe. Memory
// is bounded: a bucket that has filled up again is the same as no bucket and is dropped when
// the table is swept; past max_buckets the longest-idle buckets go first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/mutex.h"

namespace quire::comments::spam {

struct RateLimit {
  int burst = 1;     // tokens a full bucket holds; 0 or less: no limit
  int per_hour = 1;  // tokens regained an hour
};

struct RateKey {
  std::string key;
  RateLimit limit;
};

class RateLimiter {
 public:
  explicit RateLimiter(size_t max_buckets = kDefaultMaxBuckets);

  // Takes one token from each key's bucket when all have one and returns nullopt; otherwise
  // takes nothing and returns the index of the first key whose bucket is empty. now: seconds.
  std::optional<size_t> Take(const std::vector<RateKey>& keys, int64_t now);

  // Buckets held (for tests and diagnostics).
  size_t size() const;

  static constexpr size_t kDefaultMaxBuckets = 100000;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated = 0;  // seconds
    RateLimit limit;
  };
  // The bucket's tokens at `now` (refilled, at most burst).
  static double TokensAt(const Bucket& bucket, int64_t now);
  // Drops full buckets; if still too many, the longest-idle ones.
  void Sweep(int64_t now) QUIRE_REQUIRES(mutex_);

  const size_t max_buckets_;
  mutable util::Mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_ QUIRE_GUARDED_BY(mutex_);
  size_t takes_since_sweep_ QUIRE_GUARDED_BY(mutex_) = 0;
};

}  // namespace quire::comments::spam
