#include "http/response_head.h"

#include <gtest/gtest.h>

#include <string>

namespace quire::http {
namespace {

constexpr std::string_view kDate = "Wed, 01 May 2024 10:20:30 GMT";

Request MakeRequest(std::string method, std::string if_none_match = "") {
  Request request;
  request.method = std::move(method);
  request.target = "/";
  if (!if_none_match.empty()) request.headers.push_back(Header{"if-none-match", if_none_match});
  return request;
}

Response Page() {
  Response response = Response::Html(200, "<p>hi</p>");
  response.Set("ETag", "\"v7\"");
  response.Set("Cache-Control", "no-cache");
  return response;
}

TEST(ResponseHead, PlainResponseBytes) {
  std::string head;
  Response response = Response::Text(201, "made");  // outgoing.body views its body
  Outgoing outgoing =
      ComposeResponseHead(head, MakeRequest("GET"), response, HeadContext{.date = kDate});
  EXPECT_EQ(head,
            "HTTP/1.1 201 Created\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 4\r\n"
            "Date: Wed, 01 May 2024 10:20:30 GMT\r\n"
            "Server: Quire\r\n"
            "\r\n");
  EXPECT_EQ(outgoing.status, 201);
  EXPECT_EQ(outgoing.body, "made");
}

TEST(ResponseHead, BodyIsNotCopied) {
  std::string head;
  Response response = Response::Text(200, "shared");
  Outgoing outgoing =
      ComposeResponseHead(head, MakeRequest("GET"), response, HeadContext{.date = kDate});
  EXPECT_EQ(outgoing.body.data(), response.body->data());
}

TEST(ResponseHead, ConnectionField) {
  std::string head;
  ComposeResponseHead(head, MakeRequest("GET"), Response::Text(200, "x"),
                      HeadContext{.close = true, .date = kDate});
  EXPECT_NE(head.find("\r\nConnection: close\r\n"), std::string::npos);
  ComposeResponseHead(head, MakeRequest("GET"), Response::Text(200, "x"),
                      HeadContext{.http10 = true, .date = kDate});
  EXPECT_NE(head.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
}

TEST(ResponseHead, HeadKeepsTheLengthButDropsTheBody) {
  std::string head;
  Outgoing outgoing = ComposeResponseHead(head, MakeRequest("HEAD"), Response::Text(200, "12345"),
                                          HeadContext{.date = kDate});
  EXPECT_NE(head.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_TRUE(outgoing.body.empty());
}

TEST(ResponseHead, MatchingEtagMakes304WithCacheFieldsOnly) {
  std::string head;
  Outgoing outgoing =
      ComposeResponseHead(head, MakeRequest("GET", "\"v7\""), Page(), HeadContext{.date = kDate});
  EXPECT_EQ(outgoing.status, 304);
  EXPECT_TRUE(outgoing.body.empty());
  EXPECT_EQ(head,
            "HTTP/1.1 304 Not Modified\r\n"
            "ETag: \"v7\"\r\n"
            "Cache-Control: no-cache\r\n"
            "Date: Wed, 01 May 2024 10:20:30 GMT\r\n"
            "Server: Quire\r\n"
            "\r\n");
}

TEST(ResponseHead, ConditionalOnlyForSuccessfulGetAndHead) {
  std::string head;
  EXPECT_EQ(ComposeResponseHead(head, MakeRequest("HEAD", "\"v7\""), Page(), {}).status, 304);
  EXPECT_EQ(ComposeResponseHead(head, MakeRequest("POST", "\"v7\""), Page(), {}).status, 200);
  EXPECT_EQ(ComposeResponseHead(head, MakeRequest("GET", "\"v6\""), Page(), {}).status, 200);
  Response not_found = Page();
  not_found.status = 404;
  EXPECT_EQ(ComposeResponseHead(head, MakeRequest("GET", "\"v7\""), not_found, {}).status, 404);
}

TEST(ResponseHead, NoContentHasNoLengthAndNoBody) {
  std::string head;
  Outgoing outgoing = ComposeResponseHead(head, MakeRequest("GET"), Response::Text(204, "ignored"),
                                          HeadContext{.date = kDate});
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(outgoing.body.empty());
}

TEST(ResponseHead, EmptyBodyHasZeroLength) {
  std::string head;
  Response response;
  response.status = 200;
  ComposeResponseHead(head, MakeRequest("GET"), response, HeadContext{.date = kDate});
  EXPECT_NE(head.find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(ResponseHead, InvalidStatusBecomes500) {
  std::string head;
  Response response = Response::Text(42, "odd");
  EXPECT_EQ(ComposeResponseHead(head, MakeRequest("GET"), response, {}).status, 500);
  EXPECT_EQ(head.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u);
}

TEST(ResponseHead, ServerOwnedAndUnsafeFieldsAreDropped) {
  std::string head;
  Response response = Response::Text(200, "x");
  response.headers.push_back(Header{"content-length", "99"});
  response.headers.push_back(Header{"Connection", "keep-alive"});
  response.headers.push_back(Header{"Date", "yesterday"});
  response.headers.push_back(Header{"X-Split", "a\r\nSet-Cookie: b=1"});
  response.headers.push_back(Header{"Bad Name", "v"});
  response.headers.push_back(Header{"X-Kept", "yes"});
  ComposeResponseHead(head, MakeRequest("GET"), response, HeadContext{.date = kDate});
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "X-Kept: yes\r\n"
            "Content-Length: 1\r\n"
            "Date: Wed, 01 May 2024 10:20:30 GMT\r\n"
            "Server: Quire\r\n"
            "\r\n");
}

// A response with its fields prepared once is sent byte for byte as the one that builds them.
TEST(ResponseHead, PreparedFieldsAreSentAsTheFieldsTheyWereMadeFrom) {
  Response built = Page();
  built.Set("Bad\r\nField", "x");  // dropped when prepared, as when sent
  built.Set("Content-Length", "99");
  Response shared;
  shared.status = built.status;
  shared.body = built.body;
  shared.prepared = PrepareFields(built, false);
  EXPECT_EQ(shared.prepared->wire.find("Bad"), std::string::npos);
  for (const Request& request : {MakeRequest("GET"), MakeRequest("HEAD"),
                                 MakeRequest("GET", "\"v7\""), MakeRequest("GET", "\"v8\"")}) {
    std::string expected, head;
    Outgoing a = ComposeResponseHead(expected, request, built, HeadContext{.date = kDate});
    Outgoing b = ComposeResponseHead(head, request, shared, HeadContext{.date = kDate});
    EXPECT_EQ(head, expected);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.body, b.body);
  }
  EXPECT_EQ(shared.Find("etag"), "\"v7\"");
  EXPECT_EQ(shared.Find("Cache-Control"), "no-cache");
  EXPECT_FALSE(shared.Find("X-Missing").has_value());
}

TEST(ResponseHead, SettingAPreparedFieldReplacesIt) {
  Response response;
  response.prepared = PrepareFields(Page(), false);
  response.Set("X-Extra", "1");  // a field it lacks: added beside it
  EXPECT_NE(response.prepared, nullptr);
  response.Set("cache-control", "private, no-store");
  EXPECT_EQ(response.prepared, nullptr);
  EXPECT_EQ(response.Find("Cache-Control"), "private, no-store");
  EXPECT_EQ(response.Find("ETag"), "\"v7\"");
  EXPECT_EQ(response.Find("X-Extra"), "1");
  std::string head;
  ComposeResponseHead(head, MakeRequest("GET"), response, HeadContext{.date = kDate});
  EXPECT_EQ(head.find("no-cache"), std::string::npos);
}

TEST(EtagListMatches, Forms) {
  EXPECT_TRUE(EtagListMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(EtagListMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(EtagListMatches("\"a\"", "W/\"a\""));
  EXPECT_TRUE(EtagListMatches("\"x\", \"a\"", "\"a\""));
  EXPECT_TRUE(EtagListMatches(" * ", "\"a\""));
  EXPECT_FALSE(EtagListMatches("\"b\"", "\"a\""));
  EXPECT_FALSE(EtagListMatches("", "\"a\""));
  EXPECT_FALSE(EtagListMatches("\"ab\"", "\"a\""));
}

}  // namespace
}  // namespace quire::http
