#include "comments/spam/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace quire::comments::spam {
namespace {

constexpr int64_t kT = 1'700'000'000;

std::vector<RateKey> One(std::string key, int burst, int per_hour) {
  return {RateKey{std::move(key), {burst, per_hour}}};
}

TEST(RateLimiter, ABurstThenTheHourlyRate) {
  RateLimiter limiter;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take(One("ip:a", 3, 60), kT), std::nullopt) << i;
  EXPECT_EQ(limiter.Take(One("ip:a", 3, 60), kT), 0u);
  EXPECT_EQ(limiter.Take(One("ip:a", 3, 60), kT + 59), 0u) << "60 an hour: one a minute";
  EXPECT_EQ(limiter.Take(One("ip:a", 3, 60), kT + 60), std::nullopt);
  EXPECT_EQ(limiter.Take(One("ip:a", 3, 60), kT + 61), 0u);
  EXPECT_EQ(limiter.Take(One("ip:b", 3, 60), kT + 61), std::nullopt) << "keys are apart";
}

TEST(RateLimiter, TakesFromAllOrNone) {
  RateLimiter limiter;
  std::vector<RateKey> both = {{"ip:a", {5, 1}}, {"post:1", {1, 1}}};
  EXPECT_EQ(limiter.Take(both, kT), std::nullopt);
  EXPECT_EQ(limiter.Take(both, kT), 1u) << "the post's bucket is empty";
  // The address's bucket lost nothing to the refused request: 4 tokens are left.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(limiter.Take(One("ip:a", 5, 1), kT), std::nullopt);
  EXPECT_EQ(limiter.Take(One("ip:a", 5, 1), kT), 0u);
}

TEST(RateLimiter, ZeroBurstIsNoLimit) {
  RateLimiter limiter;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.Take(One("ip:a", 0, 1), kT), std::nullopt);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, MemoryIsBounded) {
  RateLimiter limiter(100);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(limiter.Take(One("ip:" + std::to_string(i), 2, 1), kT + i), std::nullopt);
    ASSERT_LE(limiter.size(), 100u);
  }
  // The newest buckets were kept: the last address has used one of its two tokens.
  EXPECT_EQ(limiter.Take(One("ip:999", 2, 1), kT + 1000), std::nullopt);
  EXPECT_EQ(limiter.Take(One("ip:999", 2, 1), kT + 1000), 0u);
}

TEST(RateLimiter, RefilledBucketsAreForgotten) {
  RateLimiter limiter(8);
  for (int i = 0; i < 6; ++i) limiter.Take(One("ip:" + std::to_string(i), 1, 3600), kT);
  EXPECT_EQ(limiter.size(), 6u);
  // An hour later all six are full again; the next sweep drops them all.
  for (int i = 6; i < 9; ++i) limiter.Take(One("ip:" + std::to_string(i), 1, 3600), kT + 3600);
  EXPECT_LE(limiter.size(), 3u);
}

TEST(RateLimiter, ConcurrentTakesNeverExceedTheBurst) {
  RateLimiter limiter;
  std::atomic<int> granted = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (!limiter.Take(One("post:1", 50, 1), kT)) ++granted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 50);
}

}  // namespace
}  // namespace quire::comments::spam
