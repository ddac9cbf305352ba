#include "media/pixel_budget.h"

#include <gtest/gtest.h>

#include <string>

namespace quire::media {
namespace {

TEST(PixelBudget, EachAddressHasItsOwnBucketThatRefillsOverTheWindow) {
  PixelBudget budget(1000, 100);  // 1,000 pixels per 100 s: 10 a second
  EXPECT_TRUE(budget.Take("192.0.2.1", 600, 0));
  EXPECT_TRUE(budget.Take("192.0.2.1", 400, 0));
  Status refused = budget.Take("192.0.2.1", 100, 0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kRateLimited);
  EXPECT_NE(refused.error().message.find("try again in 1 minute."), std::string::npos);
  EXPECT_TRUE(budget.Take("192.0.2.2", 1000, 0));     // another address is not affected
  EXPECT_FALSE(budget.Take("192.0.2.1", 100, 9));     // 90 back: not yet
  EXPECT_TRUE(budget.Take("192.0.2.1", 100, 10));     // 100 back
  EXPECT_TRUE(budget.Take("192.0.2.1", 1000, 1000));  // full again, never more than full
  EXPECT_FALSE(budget.Take("192.0.2.1", 1, 1000));
}

TEST(PixelBudget, TheWaitIsSaidInMinutes) {
  PixelBudget budget(600, 600);  // one pixel a second
  EXPECT_TRUE(budget.Take("a", 600, 0));
  Status refused = budget.Take("a", 300, 0);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("try again in 5 minutes."), std::string::npos);
}

TEST(PixelBudget, ManyAddressesAreForgottenOnceTheirBucketIsFull) {
  PixelBudget budget(100, 10);
  for (size_t i = 0; i < PixelBudget::kMaxClients; ++i) {
    ASSERT_TRUE(budget.Take("client-" + std::to_string(i), 100, 0));
  }
  // Later, when all are full again, a new address finds room; an old one starts full.
  EXPECT_TRUE(budget.Take("newcomer", 100, 100));
  EXPECT_TRUE(budget.Take("client-0", 100, 100));
}

}  // namespace
}  // namespace quire::media
