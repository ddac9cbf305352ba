#include "http/form.h"

#include <gtest/gtest.h>

#include <string>

namespace quire::http {
namespace {

Request WithCookies(std::initializer_list<std::string> values) {
  Request request;
  request.headers.push_back(Header{"accept", "*/*"});
  for (const std::string& value : values) request.headers.push_back(Header{"cookie", value});
  return request;
}

TEST(Form, ParsesPairs) {
  Form form = Form::Parse("author=Ann&email=a%40b.c&comment=hello+there%21");
  EXPECT_EQ(form.GetOr("author"), "Ann");
  EXPECT_EQ(form.GetOr("email"), "a@b.c");
  EXPECT_EQ(form.GetOr("comment"), "hello there!");
  EXPECT_TRUE(form.Has("author"));
  EXPECT_FALSE(form.Has("url"));
  EXPECT_FALSE(form.Get("url").has_value());
  EXPECT_EQ(form.GetOr("url", "none"), "none");
}

TEST(Form, RepeatedKeysKeepTheFirst) {
  Form form = Form::Parse("a=1&a=2");
  EXPECT_EQ(form.GetOr("a"), "1");
}

TEST(Form, EmptyAndValuelessFields) {
  Form form = Form::Parse("&url=&flag&&x=1&");
  EXPECT_TRUE(form.Has("url"));
  EXPECT_EQ(form.GetOr("url", "fallback"), "");
  EXPECT_TRUE(form.Has("flag"));
  EXPECT_EQ(form.GetOr("x"), "1");
  EXPECT_FALSE(form.Has(""));
  EXPECT_FALSE(Form::Parse("").Has(""));
}

TEST(Form, DecodesNamesAndKeepsEqualsInValues) {
  Form form = Form::Parse("wp%2Dcomment=a%3Db&k=a=b");
  EXPECT_EQ(form.GetOr("wp-comment"), "a=b");
  EXPECT_EQ(form.GetOr("k"), "a=b");
}

TEST(Form, DecodesUtf8Percent) {
  EXPECT_EQ(Form::Parse("name=Jos%C3%A9").GetOr("name"), "Jos\xC3\xA9");
}

TEST(Cookies, ParsesSeveralAndDecodes) {
  Form cookies = ParseCookies(WithCookies({"a=1; comment_author_quire=Ann%20Lee;b=x%40y"}));
  EXPECT_EQ(cookies.GetOr("a"), "1");
  EXPECT_EQ(cookies.GetOr("comment_author_quire"), "Ann Lee");
  EXPECT_EQ(cookies.GetOr("b"), "x@y");
}

TEST(Cookies, SkipsMalformedPiecesAndUnquotes) {
  Form cookies = ParseCookies(WithCookies({";; junk ; =v; q=\"quoted\" ; e="}));
  EXPECT_FALSE(cookies.Has("junk"));
  EXPECT_FALSE(cookies.Has(""));
  EXPECT_EQ(cookies.GetOr("q"), "quoted");
  EXPECT_TRUE(cookies.Has("e"));
}

TEST(Cookies, ReadsEveryCookieHeader) {
  Form cookies = ParseCookies(WithCookies({"a=1", "b=2; a=3"}));
  EXPECT_EQ(cookies.GetOr("a"), "1");
  EXPECT_EQ(cookies.GetOr("b"), "2");
}

TEST(Cookies, NoCookieHeader) {
  EXPECT_FALSE(ParseCookies(Request{}).Has("a"));
}

TEST(SetCookie, CommenterCookie) {
  CookieOptions options;
  options.max_age = 30000000;
  EXPECT_EQ(SetCookie("comment_author_quire", "Ann Lee", options),
            "comment_author_quire=Ann%20Lee; Max-Age=30000000; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SetCookie, SessionCookieHasNoMaxAge) {
  CookieOptions options;
  options.http_only = false;
  options.same_site = "";
  options.secure = true;
  EXPECT_EQ(SetCookie("s", "v", options), "s=v; Path=/; Secure");
}

TEST(SetCookie, DeletingSetsExpiresInThePast) {
  CookieOptions options;
  options.max_age = 0;
  options.same_site = "Strict";
  EXPECT_EQ(SetCookie("comment_author_email_quire", "", options),
            "comment_author_email_quire=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
            "Path=/; HttpOnly; SameSite=Strict");
}

TEST(SetCookie, ValueRoundTripsThroughParseCookies) {
  std::string value = "a; b=c, \"d\" é";
  std::string header = SetCookie("n", value, CookieOptions{});
  std::string pair = header.substr(0, header.find(';'));
  EXPECT_EQ(ParseCookies(WithCookies({pair})).GetOr("n"), value);
}

}  // namespace
}  // namespace quire::http

namespace quire::http {
namespace {

TEST(Form, GetAllKeepsEveryValueInOrder) {
  Form form = Form::Parse("delete_comments%5B%5D=3&action=approve&delete_comments[]=7&x=1");
  std::vector<std::string_view> ids = form.GetAll("delete_comments[]");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "3");
  EXPECT_EQ(ids[1], "7");
  EXPECT_TRUE(form.GetAll("missing").empty());
}

}  // namespace
}  // namespace quire::http
