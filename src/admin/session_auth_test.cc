#include "admin/session_auth.h"

#include <gtest/gtest.h>

#include "admin/auth_test_fixture.h"
#include "admin/tokens.h"

namespace quire::admin {
namespace {

using SessionAuthTest = testing::AccountsTest;

TEST_F(SessionAuthTest, CookieTokenFindsTheUserAndOnlyItsHashIsStored) {
  store::User user = AddUser("alice", "password-alice");
  NewSession session = LogIn(user);
  EXPECT_EQ(session.session.token_hash, HashToken(session.token));
  EXPECT_EQ(session.session.token_hash.find(session.token), std::string::npos);
  auto principal = auth_->Authenticate(WithCookie(session.token));
  ASSERT_TRUE(principal.has_value());
  ASSERT_TRUE(principal->has_value());
  EXPECT_EQ((*principal)->user.login, "alice");
  EXPECT_EQ((*principal)->session_id, session.session.id);
  EXPECT_EQ((*principal)->csrf_token, session.session.csrf_token);
  auto stored = accounts_->FindSessionByTokenHash(HashToken(session.token));
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->user_id, user.id);
}

TEST_F(SessionAuthTest, NoCookieUnknownTokenAndExpiredSessionAreAnonymous) {
  store::User user = AddUser("bob", "password-bob");
  NewSession session = LogIn(user, /*remember=*/true);
  http::Request bare;
  EXPECT_FALSE(auth_->Authenticate(bare)->has_value());
  EXPECT_FALSE(auth_->Authenticate(WithCookie(NewToken()))->has_value());
  EXPECT_FALSE(auth_->Authenticate(WithCookie(session.session.token_hash))->has_value());
  clock_.Advance(14 * 86400 - 1);
  EXPECT_TRUE(auth_->Authenticate(WithCookie(session.token))->has_value());
  clock_.Advance(1);
  EXPECT_FALSE(auth_->Authenticate(WithCookie(session.token))->has_value());
}

TEST_F(SessionAuthTest, CookieFlags) {
  store::User user = AddUser("carol", "password-carol");
  NewSession plain = auth_->Create(user, {}, false, 14);
  EXPECT_TRUE(plain.set_cookie.starts_with("quire_session=" + plain.token));
  EXPECT_NE(plain.set_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(plain.set_cookie.find("; SameSite=Lax"), std::string::npos);
  EXPECT_NE(plain.set_cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(plain.set_cookie.find("Max-Age"), std::string::npos);  // a browser-session cookie
  EXPECT_EQ(plain.set_cookie.find("Secure"), std::string::npos);
  // It also ends server-side: two days at most.
  EXPECT_EQ(plain.session.expires_at, clock_.Now() + SessionAuth::kBrowserSessionSeconds);
  EXPECT_EQ(auth_->Create(user, {}, false, 1).session.expires_at, clock_.Now() + 86400);

  http::Request tls;
  tls.headers.push_back({"x-forwarded-proto", "https"});
  NewSession remembered = auth_->Create(user, tls, true, 2);
  EXPECT_NE(remembered.set_cookie.find("; Max-Age=172800"), std::string::npos);
  EXPECT_NE(remembered.set_cookie.find("; Secure"), std::string::npos);
  EXPECT_NE(SessionAuth::ClearCookie(tls).find("Max-Age=0"), std::string::npos);
}

// Without "Remember me" a session ends after kIdleSeconds without a request, and after two days
// whatever the activity; with it, after session_days (14).
TEST_F(SessionAuthTest, ABrowserSessionEndsWhenIdleOrAfterTwoDays) {
  store::User user = AddUser("dora", "password-dora");
  NewSession idle = LogIn(user);
  clock_.Advance(SessionAuth::kIdleSeconds - 1);
  EXPECT_TRUE(auth_->Authenticate(WithCookie(idle.token))->has_value());  // records activity
  ASSERT_TRUE(store_->WriteSync([](store::Transaction&) -> Status { return {}; }));
  clock_.Advance(SessionAuth::kIdleSeconds - 1);
  EXPECT_TRUE(auth_->Authenticate(WithCookie(idle.token))->has_value());  // active again
  ASSERT_TRUE(store_->WriteSync([](store::Transaction&) -> Status { return {}; }));
  clock_.Advance(SessionAuth::kIdleSeconds);
  EXPECT_FALSE(auth_->Authenticate(WithCookie(idle.token))->has_value());  // idle too long

  NewSession busy = LogIn(user);
  for (int64_t t = 0; t < SessionAuth::kBrowserSessionSeconds; t += 3600) {
    EXPECT_TRUE(auth_->Authenticate(WithCookie(busy.token))->has_value()) << t;
    ASSERT_TRUE(store_->WriteSync([](store::Transaction&) -> Status { return {}; }));
    clock_.Advance(3600);
  }
  EXPECT_FALSE(auth_->Authenticate(WithCookie(busy.token))->has_value());  // two days

  NewSession remembered = LogIn(user, /*remember=*/true);
  clock_.Advance(13 * 86400);  // no request for 13 days
  EXPECT_TRUE(auth_->Authenticate(WithCookie(remembered.token))->has_value());
}

TEST_F(SessionAuthTest, CsrfTokenMustMatchTheSession) {
  store::User user = AddUser("dave", "password-dave");
  NewSession one = LogIn(user), two = LogIn(user);
  EXPECT_NE(one.session.csrf_token, two.session.csrf_token);
  Principal principal = **auth_->Authenticate(WithCookie(one.token));
  EXPECT_TRUE(auth_->CheckCsrf(principal,
                               http::Form::Parse("_wpnonce=" + one.session.csrf_token + "&a=1")));
  EXPECT_FALSE(
      auth_->CheckCsrf(principal, http::Form::Parse("_wpnonce=" + two.session.csrf_token)));
  EXPECT_FALSE(auth_->CheckCsrf(principal, http::Form::Parse("_wpnonce=")));
  EXPECT_FALSE(auth_->CheckCsrf(principal, http::Form::Parse("a=1")));
}

TEST_F(SessionAuthTest, EndingSessionsLeavesTheKeptOne) {
  store::User user = AddUser("erin", "password-erin");
  NewSession a = LogIn(user), b = LogIn(user), c = LogIn(user);
  EXPECT_EQ(accounts_->ListSessions(user.id, clock_.Now())->size(), 3u);
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto ended = accounts_->DeleteUserSessions(tx, user.id, b.session.id);
    EXPECT_EQ(ended.value_or(-1), 2);
    return {};
  }));
  EXPECT_FALSE(auth_->Authenticate(WithCookie(a.token))->has_value());
  EXPECT_TRUE(auth_->Authenticate(WithCookie(b.token))->has_value());
  EXPECT_FALSE(auth_->Authenticate(WithCookie(c.token))->has_value());
}

TEST_F(SessionAuthTest, ASessionCanOnlyBeEndedByItsOwner) {
  store::User erin = AddUser("erin", "password-erin"), fay = AddUser("fay", "password-fay");
  NewSession session = LogIn(erin);
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    EXPECT_FALSE(accounts_->DeleteSession(tx, session.session.id, fay.id).value_or(true));
    return {};
  }));
  EXPECT_TRUE(auth_->Authenticate(WithCookie(session.token))->has_value());
}

}  // namespace
}  // namespace quire::admin
