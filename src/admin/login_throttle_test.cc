#include "admin/login_throttle.h"

#include <gtest/gtest.h>

#include "admin/auth_test_fixture.h"

namespace quire::admin {
namespace {

const ThrottleLimits kLimits{3, 600};

TEST(ThrottleEvaluate, CountsOnlyFailuresInsideTheWindow) {
  const int64_t now = 10'000;
  EXPECT_EQ(Evaluate({}, now, kLimits).attempts_left, 3);
  EXPECT_EQ(Evaluate({now - 5}, now, kLimits).attempts_left, 2);
  EXPECT_EQ(Evaluate({now - 5, now - 600, now - 700}, now, kLimits).attempts_left, 2);
  EXPECT_FALSE(Evaluate({now - 5, now - 10, now - 600}, now, kLimits).locked);
}

TEST(ThrottleEvaluate, LocksUntilTheOldestCountedFailureLeavesTheWindow) {
  const int64_t now = 10'000;
  ThrottleState state = Evaluate({now - 1, now - 2, now - 30}, now, kLimits);
  ASSERT_TRUE(state.locked);
  EXPECT_EQ(state.locked_until, now - 30 + 600);
  EXPECT_EQ(state.MinutesLeft(now), 10);  // 570 s, rounded up
  EXPECT_EQ(state.MinutesLeft(state.locked_until - 1), 1);
  EXPECT_FALSE(Evaluate({now - 1, now - 2, now - 30}, now + 570, kLimits).locked);
}

TEST(ThrottleEvaluate, StricterPrefersLocksAndFewerAttempts) {
  ThrottleState open3{false, 0, 3}, open1{false, 0, 1}, lock5{true, 5, 0}, lock9{true, 9, 0};
  EXPECT_EQ(Stricter(open3, open1).attempts_left, 1);
  EXPECT_TRUE(Stricter(open1, lock5).locked);
  EXPECT_EQ(Stricter(lock9, lock5).locked_until, 9);
}

TEST(ThrottleEvaluate, Message) {
  EXPECT_EQ(LockedMessage(15), "Too many failed login attempts. Please try again in 15 minutes.");
  EXPECT_EQ(LockedMessage(1), "Too many failed login attempts. Please try again in 1 minute.");
}

class LoginThrottleTest : public testing::AccountsTest {
 protected:
  void Fail(std::string_view login, std::string_view address) {
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) {
      return throttle_.RecordFailure(tx, login, address, kLimits);
    }));
  }
  ThrottleState Check(std::string_view login, std::string_view address) {
    return throttle_.Check(login, address, kLimits).value();
  }
  LoginThrottle throttle_{*accounts_, clock_};
};

TEST_F(LoginThrottleTest, AccountLocksFromAnyAddressAndCaseInsensitively) {
  Fail("alice", "192.0.2.1");
  clock_.Advance(10);
  Fail("Alice", "192.0.2.2");
  EXPECT_EQ(Check("alice", "192.0.2.9").attempts_left, 1);
  Fail(" ALICE ", "192.0.2.3");
  EXPECT_TRUE(Check("alice", "192.0.2.9").locked);
  EXPECT_FALSE(Check("bob", "192.0.2.9").locked);
}

TEST_F(LoginThrottleTest, AddressLocksWhateverTheLogin) {
  Fail("a", "198.51.100.7");
  Fail("b", "198.51.100.7");
  Fail("c", "198.51.100.7");
  EXPECT_TRUE(Check("d", "198.51.100.7").locked);
  EXPECT_FALSE(Check("d", "198.51.100.8").locked);
}

TEST_F(LoginThrottleTest, LockEndsAfterTheWindowAndResetClears) {
  for (int i = 0; i < 3; ++i) Fail("carol", "192.0.2.1");
  EXPECT_TRUE(Check("carol", "192.0.2.1").locked);
  clock_.Advance(600);
  EXPECT_FALSE(Check("carol", "192.0.2.1").locked);
  for (int i = 0; i < 2; ++i) Fail("carol", "192.0.2.1");
  EXPECT_EQ(Check("carol", "192.0.2.1").attempts_left, 1);
  ASSERT_TRUE(store_->WriteSync(
      [&](store::Transaction& tx) { return throttle_.Reset(tx, "carol", "192.0.2.1"); }));
  EXPECT_EQ(Check("carol", "192.0.2.1").attempts_left, 3);
}

}  // namespace
}  // namespace quire::admin
