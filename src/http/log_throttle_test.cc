#include "http/log_throttle.h"

#include <gtest/gtest.h>

namespace quire::http {
namespace {

using std::chrono::seconds;

TEST(LogThrottle, OnePerIntervalCountingTheRest) {
  LogThrottle throttle(seconds(10));
  LogThrottle::Clock::time_point start{};
  EXPECT_EQ(throttle.Allow(start), 0u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(throttle.Allow(start + seconds(i % 10)), std::nullopt);
  EXPECT_EQ(throttle.Allow(start + seconds(10)), 1000u);
  EXPECT_EQ(throttle.Allow(start + seconds(11)), std::nullopt);
  EXPECT_EQ(throttle.Allow(start + seconds(25)), 1u);
}

}  // namespace
}  // namespace quire::http
