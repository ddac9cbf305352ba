#include "comments/spam/rate_limiter.h"

#include <algorithm>

namespace quire::comments::spam {
namespace {

constexpr double kSecondsPerHour = 3600.0;
// A sweep every so many takes keeps idle buckets from piling up below max_buckets.
constexpr size_t kTakesPerSweep = 4096;

}  // namespace

RateLimiter::RateLimiter(size_t max_buckets) : max_buckets_(std::max<size_t>(max_buckets, 4)) {}

double RateLimiter::TokensAt(const Bucket& bucket, int64_t now) {
  double elapsed = static_cast<double>(std::max<int64_t>(now - bucket.updated, 0));
  double refilled = bucket.tokens + elapsed * bucket.limit.per_hour / kSecondsPerHour;
  return std::min(refilled, static_cast<double>(bucket.limit.burst));
}

std::optional<size_t> RateLimiter::Take(const std::vector<RateKey>& keys, int64_t now) {
  util::MutexLock lock(mutex_);
  if (++takes_since_sweep_ >= kTakesPerSweep || buckets_.size() + keys.size() > max_buckets_) {
    Sweep(now);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].limit.burst <= 0) continue;
    auto it = buckets_.find(keys[i].key);
    if (it == buckets_.end()) continue;  // a new bucket starts full
    Bucket probe = it->second;
    probe.limit = keys[i].limit;  // settings may have changed since
    if (TokensAt(probe, now) < 1.0) return i;
  }
  for (const RateKey& key : keys) {
    if (key.limit.burst <= 0) continue;
    auto [it, added] = buckets_.try_emplace(key.key);
    Bucket& bucket = it->second;
    double tokens =
        added ? key.limit.burst : TokensAt({bucket.tokens, bucket.updated, key.limit}, now);
    bucket = Bucket{tokens - 1.0, now, key.limit};
  }
  return std::nullopt;
}

size_t RateLimiter::size() const {
  util::MutexLock lock(mutex_);
  return buckets_.size();
}

void RateLimiter::Sweep(int64_t now) {
  takes_since_sweep_ = 0;
  std::erase_if(buckets_, [now](const auto& entry) {
    return TokensAt(entry.second, now) >= entry.second.limit.burst;
  });
  if (buckets_.size() <= max_buckets_ * 3 / 4) return;
  // Still too many (many addresses at once): forget the longest-idle quarter and more.
  std::vector<int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) times.push_back(bucket.updated);
  size_t drop = buckets_.size() - max_buckets_ * 3 / 4;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                   times.end());
  int64_t cutoff = times[drop - 1];
  std::erase_if(buckets_, [cutoff](const auto& entry) { return entry.second.updated <= cutoff; });
}

}  // namespace quire::comments::spam
