#include "http/body_budget.h"

#include <gtest/gtest.h>

namespace quire::http {
namespace {

TEST(BodyBudget, ReservesUpToTheLimitAndGivesBack) {
  BodyBudget budget(100);
  EXPECT_TRUE(budget.Reserve(60));
  EXPECT_FALSE(budget.Reserve(41));  // would pass the limit: nothing taken
  EXPECT_EQ(budget.used(), 60u);
  EXPECT_TRUE(budget.Reserve(40));
  EXPECT_FALSE(budget.Reserve(1));
  budget.Release(60);
  EXPECT_TRUE(budget.Reserve(50));
  EXPECT_FALSE(budget.Reserve(static_cast<size_t>(-1)));  // no overflow
  EXPECT_EQ(budget.used(), 90u);
}

}  // namespace
}  // namespace quire::http
