#include "admin/auth_routes.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "admin/auth_test_fixture.h"
#include "admin/guard.h"
#include "admin/tokens.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

using testing::BodyOf;

class AuthRoutesTest : public testing::AccountsTest {
 protected:
  AuthRoutesTest() {
    store::Settings settings;
    settings.login_max_failures = 3;
    settings.login_lockout_minutes = 10;
    settings.home_url = "http://example.test";
    settings_.Set(settings);
    AddAuthRoutes(router_, AuthRoutesDeps{*store_, *accounts_, *auth_, settings_, clock_,
                                          [this](store::Transaction&, const mail::Message& m) {
                                            std::lock_guard lock(mutex_);
                                            mail_.push_back(m);
                                            return Status{};
                                          }});
  }

  http::Response Post(const std::string& target, const std::string& body,
                      const std::string& cookie_token = "", const std::string& ip = "192.0.2.1") {
    http::Request request;
    request.method = "POST";
    request.target = target;
    request.body = body;
    request.remote_ip = ip;
    std::string cookies;
    if (!cookie_token.empty()) cookies = "quire_session=" + cookie_token;
    // A login form as its page sent it: the pre-login token in a cookie and the field (login
    // CSRF), unless the test gives its own.
    if (target == "/admin/login" && body.find("login_token=") == std::string::npos) {
      request.body += "&login_token=" + std::string(kTestLoginToken);
      cookies += (cookies.empty() ? "" : "; ") + std::string(kLoginTokenCookie) + "=" +
                 std::string(kTestLoginToken);
    }
    if (!cookies.empty()) request.headers.push_back({"cookie", cookies});
    return testing::Call(router_, request);
  }
  static constexpr std::string_view kTestLoginToken = "pre-login-token_123";
  http::Response Get(const std::string& target, const std::string& cookie_token = "") {
    http::Request request = WithCookie(cookie_token, "GET", target);
    if (cookie_token.empty()) request.headers.clear();
    return testing::Call(router_, request);
  }
  http::Response Login(const std::string& log, const std::string& pwd,
                       const std::string& extra = "") {
    return Post("/admin/login",
                "log=" + util::UrlEncode(log) + "&pwd=" + util::UrlEncode(pwd) + extra);
  }
  // The token of the session cookie a response sets.
  static std::string CookieToken(const http::Response& response) {
    std::string cookie(response.Find("Set-Cookie").value_or(""));
    size_t start = cookie.find('=') + 1;
    return cookie.substr(start, cookie.find(';') - start);
  }

  store::SettingsHolder settings_;
  http::Router router_;
  std::mutex mutex_;
  std::vector<mail::Message> mail_;
};

TEST_F(AuthRoutesTest, LoginSetsASessionCookieAndFollowsOnlyAdminRedirects) {
  AddUser("alice", "password-alice");
  http::Response ok = Login("alice", "password-alice", "&redirect_to=%2Fadmin%2Fcomments%2F");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(ok.Find("Location").value_or(""), "/admin/comments/");
  std::string token = CookieToken(ok);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(Get("/admin/profile/", token).status, 200);

  EXPECT_EQ(Login("alice", "password-alice", "&redirect_to=https%3A%2F%2Fevil.example%2F")
                .Find("Location")
                .value_or(""),
            "/admin/");
  EXPECT_EQ(SafeRedirect("//evil.example/admin"), "/admin/");
  EXPECT_EQ(SafeRedirect("/administrator"), "/admin/");
  EXPECT_EQ(SafeRedirect("/admin/comments/3/?action=approve"), "/admin/comments/3/?action=approve");
}

TEST_F(AuthRoutesTest, WrongPasswordAndUnknownUserLookTheSame) {
  AddUser("alice", "password-alice");
  http::Response wrong = Login("alice", "nope-nope");
  http::Response unknown = Login("nobody", "nope-nope");
  EXPECT_EQ(wrong.status, 200);
  EXPECT_EQ(unknown.status, 200);
  const std::string kSame = "The username or password you entered is incorrect.";
  EXPECT_NE(BodyOf(wrong).find(kSame + " 2 attempts remain"), std::string::npos);
  EXPECT_NE(BodyOf(unknown).find(kSame + " 1 attempt remains"), std::string::npos);
  EXPECT_FALSE(wrong.Find("Set-Cookie"));
  EXPECT_FALSE(unknown.Find("Set-Cookie"));
}

TEST_F(AuthRoutesTest, ThrottlingLocksThenASuccessResets) {
  AddUser("bob", "password-bob");
  http::Response first = Login("bob", "bad-password");
  EXPECT_NE(BodyOf(first).find("2 attempts remain"), std::string::npos);
  Login("bob", "bad-password");
  http::Response third = Login("bob", "bad-password");
  EXPECT_EQ(third.status, 429);
  EXPECT_NE(BodyOf(third).find("Too many failed login attempts. Please try again in 10 minutes."),
            std::string::npos);
  http::Response locked = Login("bob", "password-bob");  // even the right password
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.Find("Set-Cookie"));

  clock_.Advance(600);
  EXPECT_EQ(Login("bob", "bad-password").status, 200);
  EXPECT_EQ(Login("bob", "password-bob").status, 303);
  EXPECT_NE(BodyOf(Login("bob", "bad-password")).find("2 attempts remain"), std::string::npos);
}

// Login CSRF: the form's token must be the cookie's (both set by the login page), checked
// before any password; the refusal is the form again, with a token.
TEST_F(AuthRoutesTest, ALoginWithoutThePagesTokenIsRefused) {
  AddUser("dora", "password-dora");
  http::Response page = Get("/admin/login");
  std::string set_cookie(page.Find("Set-Cookie").value_or(""));
  ASSERT_TRUE(set_cookie.starts_with(std::string(kLoginTokenCookie) + "=")) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  std::string token = set_cookie.substr(kLoginTokenCookie.size() + 1,
                                        set_cookie.find(';') - kLoginTokenCookie.size() - 1);
  ASSERT_FALSE(token.empty());
  EXPECT_NE(BodyOf(page).find("name=\"login_token\" value=\"" + token + "\""), std::string::npos);

  auto post = [this](const std::string& cookie, const std::string& field) {
    http::Request request;
    request.method = "POST";
    request.target = "/admin/login";
    request.body = "log=dora&pwd=password-dora&login_token=" + field;
    request.remote_ip = "192.0.2.9";
    if (!cookie.empty()) {
      request.headers.push_back({"cookie", std::string(kLoginTokenCookie) + "=" + cookie});
    }
    return testing::Call(router_, request);
  };
  for (auto [cookie, field] : {std::pair<std::string, std::string>{"", token},
                               {token, ""},
                               {token, token + "x"},
                               {"", ""}}) {
    http::Response refused = post(cookie, field);
    EXPECT_EQ(refused.status, 403) << cookie << " / " << field;
    EXPECT_NE(BodyOf(refused).find("cookies must be enabled"), std::string::npos);
    EXPECT_NE(BodyOf(refused).find("name=\"login_token\""), std::string::npos);
  }
  http::Response ok = post(token, token);
  EXPECT_EQ(ok.status, 303);
}

// Each failure comes from another address, so only the account's own counter can lock it; the
// login and the email name the same account.
TEST_F(AuthRoutesTest, FailuresFromManyAddressesLockTheAccount) {
  AddUser("carol", "password-carol");
  auto from = [this](int n, const std::string& log, const std::string& pwd) {
    return Post("/admin/login", "log=" + util::UrlEncode(log) + "&pwd=" + util::UrlEncode(pwd), "",
                "198.51.100." + std::to_string(n));
  };
  EXPECT_NE(BodyOf(from(1, "carol", "bad-1")).find("2 attempts remain"), std::string::npos);
  EXPECT_NE(BodyOf(from(2, "carol@example.com", "bad-2")).find("1 attempt remains"),
            std::string::npos);
  EXPECT_EQ(from(3, "Carol", "bad-3").status, 429);
  http::Response locked = from(4, "carol", "password-carol");
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.Find("Set-Cookie"));
  // Another account is not affected.
  AddUser("dave", "password-dave");
  EXPECT_EQ(from(5, "dave", "password-dave").status, 303);
}

TEST(FromAnotherSiteTest, ReadsWhatBrowsersSayOfAFormsOrigin) {
  auto request = [](std::vector<http::Header> headers) {
    http::Request r;
    r.headers = std::move(headers);
    r.headers.push_back({"host", "127.0.0.1:8080"});
    return r;
  };
  constexpr std::string_view kHome = "https://blog.example/";
  EXPECT_FALSE(FromAnotherSite(request({}), kHome));  // a script, not a browser
  EXPECT_FALSE(FromAnotherSite(request({{"sec-fetch-site", "same-origin"}}), kHome));
  EXPECT_FALSE(FromAnotherSite(request({{"sec-fetch-site", "none"}}), kHome));
  EXPECT_TRUE(FromAnotherSite(request({{"sec-fetch-site", "cross-site"}}), kHome));
  EXPECT_TRUE(FromAnotherSite(request({{"sec-fetch-site", "same-site"}}), kHome));
  EXPECT_FALSE(FromAnotherSite(request({{"origin", "http://127.0.0.1:8080"}}), kHome));
  EXPECT_FALSE(FromAnotherSite(request({{"origin", "https://blog.example"}}), kHome));
  EXPECT_TRUE(FromAnotherSite(request({{"origin", "https://evil.example"}}), kHome));
  EXPECT_TRUE(FromAnotherSite(request({{"origin", "null"}}), kHome));
  EXPECT_TRUE(FromAnotherSite(request({{"origin", "http://127.0.0.1:8080.evil.example"}}), kHome));
}

TEST_F(AuthRoutesTest, ALoginPostedFromAnotherSiteIsRefused) {
  AddUser("gus", "password-gus");
  http::Request request;
  request.method = "POST";
  request.target = "/admin/login";
  request.body = "log=gus&pwd=password-gus&login_token=" + std::string(kTestLoginToken);
  request.remote_ip = "192.0.2.1";
  const http::Header token_cookie{
      "cookie", std::string(kLoginTokenCookie) + "=" + std::string(kTestLoginToken)};
  request.headers = {{"host", "127.0.0.1:8080"}, {"origin", "https://evil.example"}, token_cookie};
  http::Response refused = testing::Call(router_, request);
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(refused.Find("Set-Cookie"));
  EXPECT_NE(BodyOf(refused).find("sent from another site"), std::string::npos);
  request.headers = {{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8080"}, token_cookie};
  EXPECT_EQ(testing::Call(router_, request).status, 303);
}

TEST_F(AuthRoutesTest, LogoutNeedsTheCsrfTokenAndEndsTheSession) {
  store::User user = AddUser("carol", "password-carol");
  NewSession session = LogIn(user);
  http::Response refused = Post("/admin/logout", "_wpnonce=forged", session.token);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(BodyOf(refused).find("The link you followed has expired."), std::string::npos);
  EXPECT_TRUE(auth_->Authenticate(WithCookie(session.token))->has_value());

  http::Response out =
      Post("/admin/logout", "_wpnonce=" + session.session.csrf_token, session.token);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Find("Location").value_or(""), "/admin/login?loggedout=true");
  EXPECT_NE(out.Find("Set-Cookie").value_or("").find("Max-Age=0"), std::string::npos);
  EXPECT_FALSE(auth_->Authenticate(WithCookie(session.token))->has_value());
}

TEST_F(AuthRoutesTest, ProfileEndsOtherSessions) {
  store::User user = AddUser("dave", "password-dave");
  NewSession here = LogIn(user), there = LogIn(user), third = LogIn(user);
  std::string page = BodyOf(Get("/admin/profile/", here.token));
  EXPECT_NE(page.find("session-" + std::to_string(there.session.id)), std::string::npos);
  EXPECT_NE(page.find("This session"), std::string::npos);

  std::string nonce = "_wpnonce=" + here.session.csrf_token;
  EXPECT_EQ(Post("/admin/profile/", "action=end-others", here.token).status, 403);
  EXPECT_TRUE(auth_->Authenticate(WithCookie(there.token))->has_value());
  http::Response one =
      Post("/admin/profile/", nonce + "&action=end&session=" + std::to_string(there.session.id),
           here.token);
  EXPECT_EQ(one.Find("Location").value_or(""), "/admin/profile/?ended=1");
  EXPECT_FALSE(auth_->Authenticate(WithCookie(there.token))->has_value());
  EXPECT_TRUE(auth_->Authenticate(WithCookie(third.token))->has_value());
  Post("/admin/profile/", nonce + "&action=end-others", here.token);
  EXPECT_FALSE(auth_->Authenticate(WithCookie(third.token))->has_value());
  EXPECT_TRUE(auth_->Authenticate(WithCookie(here.token))->has_value());
}

TEST_F(AuthRoutesTest, ProfileLeavesOutBrowserSessionsIdleTooLong) {
  store::User user = AddUser("ivy", "password-ivy");
  NewSession idle = LogIn(user);
  NewSession kept = LogIn(user, /*remember=*/true);
  clock_.Advance(SessionAuth::kIdleSeconds);
  std::string page = BodyOf(Get("/admin/profile/", kept.token));
  EXPECT_NE(page.find("session-" + std::to_string(kept.session.id)), std::string::npos);
  EXPECT_EQ(page.find("session-" + std::to_string(idle.session.id)), std::string::npos);
}

TEST_F(AuthRoutesTest, AnonymousProfileRedirectsToLogin) {
  http::Response response = Get("/admin/profile/?x=1");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Find("Location").value_or(""),
            "/admin/login?redirect_to=%2Fadmin%2Fprofile%2F%3Fx%3D1");
}

TEST_F(AuthRoutesTest, LostPasswordAnswersAlikeAndTheLinkWorksOnce) {
  store::User user = AddUser("erin", "password-erin");
  NewSession session = LogIn(user);
  http::Response known = Post("/admin/lostpassword", "user_login=erin%40example.com");
  http::Response unknown = Post("/admin/lostpassword", "user_login=nobody");
  EXPECT_EQ(known.status, 303);
  EXPECT_EQ(known.Find("Location"), unknown.Find("Location"));
  // The token is written after the answer; the store's single writer runs jobs in order, so
  // once a later job has run, so has that one.
  ASSERT_TRUE(store_->WriteSync([](store::Transaction&) -> Status { return {}; }));
  std::vector<mail::Message> sent;
  {
    std::lock_guard lock(mutex_);
    sent = mail_;
  }
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "erin@example.com");
  size_t at = sent[0].text.find("/admin/resetpass?");
  ASSERT_NE(at, std::string::npos);
  std::string link = sent[0].text.substr(at, sent[0].text.find('\n', at) - at);
  EXPECT_EQ(Get(link).status, 200);

  std::string key(http::Form::Parse(link.substr(link.find('?') + 1)).GetOr("key"));
  std::string fields = "key=" + key + "&login=erin";
  EXPECT_EQ(Post("/admin/resetpass", fields + "&pass1=short&pass2=short").status, 400);
  EXPECT_EQ(Post("/admin/resetpass", fields + "&pass1=new-password&pass2=new-password").status,
            303);
  EXPECT_FALSE(auth_->Authenticate(WithCookie(session.token))->has_value());
  EXPECT_EQ(Login("erin", "new-password").status, 303);
  EXPECT_EQ(Post("/admin/resetpass", fields + "&pass1=other-pass&pass2=other-pass").status, 400);
  EXPECT_EQ(Get(link).status, 400);
}

TEST_F(AuthRoutesTest, GuardRefusesAMissingCapability) {
  store::User reader = AddUser("fay", "password-fay", store::Role::kSubscriber);
  NewSession session = LogIn(reader);
  bool ran = false;
  router_.Add("GET", "/admin/settings/x/",
              Guard(*auth_, Capability::kManageOptions,
                    [&ran](const http::Request&, const http::Params&, const Principal&,
                           http::Respond respond) {
                      ran = true;
                      respond(http::Response::Text(200, "ok"));
                    }));
  EXPECT_EQ(Get("/admin/settings/x/", session.token).status, 403);
  EXPECT_FALSE(ran);
  EXPECT_EQ(Get("/admin/settings/x/").status, 303);
  store::User admin = AddUser("gus", "password-gus", store::Role::kAdministrator);
  EXPECT_EQ(Get("/admin/settings/x/", LogIn(admin).token).status, 200);
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace quire::admin
