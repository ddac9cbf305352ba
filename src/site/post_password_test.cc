#include "site/post_password.h"

#include <gtest/gtest.h>

#include <string>

#include "util/strings.h"

namespace quire::site {
namespace {

store::Settings MakeSettings() {
  store::Settings settings;
  settings.secret = "post-password-secret";
  settings.home_url = "https://blog.example";
  return settings;
}

http::Request Postpass(std::string password, std::vector<http::Header> headers = {},
                       std::string extra = "") {
  headers.push_back({"content-type", "application/x-www-form-urlencoded"});
  return {.method = "POST",
          .target = "/wp-login.php?action=postpass",
          .headers = std::move(headers),
          .body = "post_password=" + util::UrlEncode(password) + extra};
}

std::string Header(const http::Response& response, std::string_view name) {
  return std::string(response.Find(name).value_or(""));
}

TEST(PostPassToken, IsAKeyedHashThatNeverShowsThePassword) {
  std::string token = PostPassToken("s1", "open sesame");
  EXPECT_EQ(token, PostPassToken("s1", "open sesame"));
  EXPECT_NE(token, PostPassToken("s2", "open sesame"));
  EXPECT_NE(token, PostPassToken("s1", "open sesame!"));
  EXPECT_EQ(token.find("sesame"), std::string::npos);
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, URL-safe base64 without padding
}

TEST(PasswordAccepted, NeedsTheCookieOfThePassword) {
  store::Settings settings = MakeSettings();
  store::Post item;
  item.password = "hunter2";
  http::Request none{.method = "GET", .target = "/x/"};
  EXPECT_FALSE(HasPostPassCookie(none));
  EXPECT_FALSE(PasswordAccepted(none, item, settings));
  http::Request right{.method = "GET",
                      .target = "/x/",
                      .headers = {{"cookie", "a=1; wp-postpass_quire=" +
                                                 PostPassToken(settings.secret, "hunter2")}}};
  EXPECT_TRUE(HasPostPassCookie(right));
  EXPECT_TRUE(PasswordAccepted(right, item, settings));
  http::Request wrong{
      .method = "GET",
      .target = "/x/",
      .headers = {{"cookie", "wp-postpass_quire=" + PostPassToken(settings.secret, "hunter3")}}};
  EXPECT_FALSE(PasswordAccepted(wrong, item, settings));
  http::Request raw{
      .method = "GET", .target = "/x/", .headers = {{"cookie", "wp-postpass_quire=hunter2"}}};
  EXPECT_FALSE(PasswordAccepted(raw, item, settings));
  store::Post open;
  EXPECT_TRUE(PasswordAccepted(none, open, settings));
}

TEST(PostPassResponse, SetsTheCookieForTenDaysAndGoesBack) {
  store::Settings settings = MakeSettings();
  http::Response response = PostPassResponse(
      Postpass("hunter2", {{"referer", "https://blog.example/2024/05/01/x/"}}), settings);
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(Header(response, "Location"), "/2024/05/01/x/");
  std::string cookie = Header(response, "Set-Cookie");
  EXPECT_NE(cookie.find("wp-postpass_quire=" + PostPassToken(settings.secret, "hunter2")),
            std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=864000"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(cookie.find("hunter2"), std::string::npos);
  EXPECT_NE(Header(response, "Cache-Control").find("no-store"), std::string::npos);
}

TEST(PostPassResponse, GoesOnlyToPagesOfThisSite) {
  store::Settings settings = MakeSettings();
  auto location = [&](std::vector<http::Header> headers, std::string extra = "") {
    return Header(PostPassResponse(Postpass("p", std::move(headers), extra), settings), "Location");
  };
  EXPECT_EQ(location({{"host", "127.0.0.1:8080"}, {"referer", "http://127.0.0.1:8080/a/?b=1"}}),
            "/a/?b=1");
  EXPECT_EQ(location({{"referer", "https://evil.example/a/"}}), "/");
  EXPECT_EQ(location({{"referer", "https://evil.example/a/"}}, "&redirect_to=%2Fitem%2F"),
            "/item/");
  EXPECT_EQ(location({{"referer", "https://blog.example//evil.example/"}}), "/");
  EXPECT_EQ(location({{"referer", "https://blog.example.evil/x/"}}), "/");
  EXPECT_EQ(location({}, "&redirect_to=%2F%2Fevil.example%2F"), "/");
  EXPECT_EQ(location({}, "&redirect_to=https%3A%2F%2Fevil.example%2F"), "/");
  EXPECT_EQ(location({{"referer", "https://blog.example"}}), "/");
  // A browser drops a tab or newline and follows "/\t/evil.example/" to evil.example.
  for (std::string_view sneaky : {"%2F%09%2Fevil.example%2F", "%2F%0A%2Fevil.example%2F",
                                  "%2F%5Cevil.example%2F", "%09%2F%2Fevil.example%2F"}) {
    EXPECT_EQ(location({}, "&redirect_to=" + std::string(sneaky)), "/") << sneaky;
  }
  EXPECT_EQ(location({{"referer", "https://blog.example/\t/evil.example/"}}), "/");
}

TEST(PostPassResponse, RefusesOtherActions) {
  http::Request request = Postpass("p");
  request.target = "/wp-login.php?action=login";
  EXPECT_EQ(PostPassResponse(request, MakeSettings()).status, 400);
}

}  // namespace
}  // namespace quire::site
