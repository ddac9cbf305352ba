#include "site/security_headers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace quire::site {
namespace {

http::Response Html() {
  return http::Response::Html(200, "<!DOCTYPE html><p>x</p>");
}

std::string Get(const http::Response& response, std::string_view name) {
  return std::string(response.Find(name).value_or(""));
}

http::Request At(std::string path, std::vector<http::Header> headers = {}) {
  http::Request request;
  request.method = "GET";
  request.target = std::move(path);
  request.headers = std::move(headers);
  return request;
}

TEST(SecurityHeaders, PublicPagesGetThePublicPolicy) {
  http::Response page = Html();
  AddSecurityHeaders(At("/2024/05/hello/"), page);
  EXPECT_EQ(Get(page, "Content-Security-Policy"), kPublicPolicy);
  EXPECT_EQ(Get(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Get(page, "X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(Get(page, "Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_NE(Get(page, "Content-Security-Policy").find("script-src 'self';"), std::string::npos);
  EXPECT_NE(Get(page, "Content-Security-Policy").find("frame-ancestors 'self'"), std::string::npos);
}

TEST(SecurityHeaders, AdminPagesGetTheStrictPolicyAndAreNeverFramed) {
  for (std::string_view path : {"/admin/", "/admin/login", "/admin/comments/3/", "/admin"}) {
    http::Response page = Html();
    AddSecurityHeaders(At(std::string(path)), page);
    EXPECT_EQ(Get(page, "Content-Security-Policy"), kAdminPolicy) << path;
    EXPECT_EQ(Get(page, "X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(Get(page, "Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  }
  http::Response lookalike = Html();
  AddSecurityHeaders(At("/administrator/"), lookalike);
  EXPECT_EQ(Get(lookalike, "Content-Security-Policy"), kPublicPolicy);
}

TEST(SecurityHeaders, OtherTypesGetNosniffOnlyAndSetHeadersAreKept) {
  http::Response feed;
  feed.status = 200;
  feed.Set("Content-Type", "application/rss+xml; charset=utf-8");
  AddSecurityHeaders(At("/feed/"), feed);
  EXPECT_EQ(Get(feed, "X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(feed.Find("Content-Security-Policy"));

  http::Response page = Html();
  page.Set("X-Frame-Options", "DENY");
  AddSecurityHeaders(At("/"), page);
  EXPECT_EQ(Get(page, "X-Frame-Options"), "DENY");
}

TEST(SecurityHeaders, HstsOnlyBehindTls) {
  http::Response plain = Html();
  AddSecurityHeaders(At("/"), plain);
  EXPECT_FALSE(plain.Find("Strict-Transport-Security"));
  http::Response tls = Html();
  AddSecurityHeaders(At("/", {{"x-forwarded-proto", "https"}}), tls);
  EXPECT_EQ(Get(tls, "Strict-Transport-Security"), kHstsValue);
}

}  // namespace
}  // namespace quire::site
