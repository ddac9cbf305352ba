#include "admin/password_reset.h"

#include <gtest/gtest.h>

#include "admin/auth_test_fixture.h"
#include "admin/passwords.h"

namespace quire::admin {
namespace {

class PasswordResetTest : public testing::AccountsTest {
 protected:
  std::string Issue(const store::User& user) {
    std::string token;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto issued = IssueResetToken(tx, *accounts_, user, clock_.Now());
      if (!issued) return std::unexpected(issued.error());
      token = *issued;
      return {};
    }));
    return token;
  }
  Status Redeem(const store::User& user, const std::string& token, const std::string& password) {
    std::string hash = *HashPassword(password);
    return store_->WriteSync([&](store::Transaction& tx) {
      return RedeemResetToken(tx, *accounts_, user, token, hash, clock_.Now());
    });
  }
  bool PasswordIs(const std::string& login, const std::string& password) {
    return VerifyPassword((*store_->FindUserByLogin(login))->password_hash, password);
  }
};

TEST_F(PasswordResetTest, OneTimeLinkSetsThePasswordAndEndsSessions) {
  store::User user = AddUser("alice", "old-password");
  NewSession session = LogIn(user);
  std::string token = Issue(user);
  EXPECT_FALSE(accounts_->FindResetToken(token).value().has_value());  // only the hash is kept
  ASSERT_TRUE(Redeem(user, token, "new-password-1"));
  EXPECT_TRUE(PasswordIs("alice", "new-password-1"));
  EXPECT_FALSE(auth_->Authenticate(WithCookie(session.token))->has_value());

  Status again = Redeem(user, token, "new-password-2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, kInvalidResetLink);
  EXPECT_TRUE(PasswordIs("alice", "new-password-1"));
}

TEST_F(PasswordResetTest, ExpiresAfterAnHour) {
  store::User user = AddUser("bob", "old-password");
  std::string token = Issue(user);
  clock_.Advance(kResetTokenSeconds);
  EXPECT_FALSE(Redeem(user, token, "new-password-1"));
  EXPECT_TRUE(PasswordIs("bob", "old-password"));
}

TEST_F(PasswordResetTest, ANewTokenVoidsTheOlderOne) {
  store::User user = AddUser("carol", "old-password");
  std::string first = Issue(user);
  std::string second = Issue(user);
  EXPECT_FALSE(Redeem(user, first, "new-password-1"));
  EXPECT_TRUE(Redeem(user, second, "new-password-2"));
  EXPECT_TRUE(PasswordIs("carol", "new-password-2"));
}

TEST_F(PasswordResetTest, ATokenOpensOnlyItsOwnAccount) {
  store::User carol = AddUser("carol", "old-password"), dave = AddUser("dave", "dave-password");
  std::string token = Issue(carol);
  EXPECT_FALSE(Redeem(dave, token, "new-password-1"));
  EXPECT_TRUE(PasswordIs("dave", "dave-password"));
}

TEST(ResetMessage, CarriesTheLinkToTheUser) {
  store::User user;
  user.login = "al ice";
  user.email = "alice@example.com";
  mail::Message message = ResetMessage(user, "TOKEN-1", "https://example.com", "My Site");
  EXPECT_EQ(message.to, "alice@example.com");
  EXPECT_EQ(message.kind, "reset");
  EXPECT_EQ(message.subject, "[My Site] Password Reset");
  EXPECT_NE(message.text.find("https://example.com/admin/resetpass?key=TOKEN-1&login=al%20ice"),
            std::string::npos);
}

TEST(CheckNewPassword, TwiceTheSameAndLongEnough) {
  EXPECT_TRUE(CheckNewPassword("12345678", "12345678"));
  EXPECT_EQ(CheckNewPassword("12345678", "12345679").error().message,
            "The passwords do not match.");
  EXPECT_EQ(CheckNewPassword("1234567", "1234567").error().message,
            "The password must have at least 8 characters.");
}

}  // namespace
}  // namespace quire::admin
