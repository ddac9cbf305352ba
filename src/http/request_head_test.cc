#include "http/request_head.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

namespace quire::http {
namespace {

RequestHead Head(std::initializer_list<std::pair<std::string, std::string>> headers,
                 std::string target = "/", int version = 11, std::string method = "POST") {
  RequestHead head;
  head.method = std::move(method);
  head.target = std::move(target);
  head.version = version;
  for (const auto& [name, value] : headers) head.headers.push_back(Header{name, value});
  return head;
}

bool Accepted(RequestHead head) {
  return CheckRequestHead(head).has_value();
}

TEST(CheckRequestHead, AnOrdinaryRequestPasses) {
  EXPECT_TRUE(Accepted(Head({{"host", "localhost"}})));
  EXPECT_TRUE(Accepted(Head({{"host", "example.com:8080"}, {"content-length", "12"}})));
  EXPECT_TRUE(Accepted(Head({{"host", "localhost"}, {"transfer-encoding", "chunked"}})));
  EXPECT_TRUE(Accepted(Head({{"host", "localhost"}, {"transfer-encoding", "Chunked"}})));
}

TEST(CheckRequestHead, TransferEncodingOtherThanChunkedIsRefused) {
  for (const char* coding : {"chunked, identity", "identity", "xchunked", "gzip, chunked",
                             "chunked, chunked", "chunked;foo=bar", " ", "chunked , gzip"}) {
    SCOPED_TRACE(coding);
    EXPECT_FALSE(Accepted(Head({{"host", "h"}, {"transfer-encoding", coding}})));
  }
  EXPECT_FALSE(
      Accepted(Head({{"host", "h"}, {"transfer-encoding", "xchunked"}, {"content-length", "0"}})));
  // Two fields that together say "chunked" twice, or chunked then another coding.
  EXPECT_FALSE(Accepted(
      Head({{"host", "h"}, {"transfer-encoding", "chunked"}, {"transfer-encoding", "chunked"}})));
  EXPECT_FALSE(Accepted(
      Head({{"host", "h"}, {"transfer-encoding", "chunked"}, {"transfer-encoding", "identity"}})));
}

TEST(CheckRequestHead, TransferEncodingWithContentLengthOrInHttp10IsRefused) {
  EXPECT_FALSE(
      Accepted(Head({{"host", "h"}, {"content-length", "5"}, {"transfer-encoding", "chunked"}})));
  EXPECT_FALSE(
      Accepted(Head({{"host", "h"}, {"transfer-encoding", "chunked"}, {"content-length", "5"}})));
  EXPECT_FALSE(Accepted(Head({{"transfer-encoding", "chunked"}}, "/", 10)));
}

TEST(CheckRequestHead, HostRules) {
  EXPECT_FALSE(Accepted(Head({})));                              // HTTP/1.1 without Host
  EXPECT_TRUE(Accepted(Head({}, "/", 10)));                      // HTTP/1.0 may omit it
  EXPECT_FALSE(Accepted(Head({{"host", "a"}, {"host", "a"}})));  // two, even equal
  EXPECT_FALSE(Accepted(Head({{"host", "a"}, {"host", "b"}}, "/", 10)));
  EXPECT_TRUE(Accepted(Head({{"host", ""}})));  // allowed: a target without authority
  for (const char* bad : {"a b", "a/b", "user@host", "host:80:80", "host:http", "host:123456",
                          "host:99999", "[::1", "[zz]", "a,b", ":80", "\x01"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(Accepted(Head({{"host", bad}})));
  }
  for (const char* good : {"localhost", "127.0.0.1:8080", "[::1]", "[::1]:80", "xn--bcher-kva.ch",
                           "host:", "a%20b", "[v1.fe80::a+en1]"}) {
    SCOPED_TRACE(good);
    EXPECT_TRUE(Accepted(Head({{"host", good}})));
  }
}

TEST(CheckRequestHead, AbsoluteFormBecomesOriginFormWithItsHost) {
  RequestHead head = Head({{"host", "other"}}, "http://example.com:8080/a/b?c=d", 11, "GET");
  ASSERT_TRUE(CheckRequestHead(head).has_value());
  EXPECT_EQ(head.target, "/a/b?c=d");
  EXPECT_EQ(head.Find("host"), "example.com:8080");

  head = Head({}, "HTTPS://example.com", 11, "GET");  // Host is taken from the target
  ASSERT_TRUE(CheckRequestHead(head).has_value());
  EXPECT_EQ(head.target, "/");
  EXPECT_EQ(head.Find("host"), "example.com");

  head = Head({}, "http://example.com?x=1", 11, "GET");
  ASSERT_TRUE(CheckRequestHead(head).has_value());
  EXPECT_EQ(head.target, "/?x=1");
}

TEST(CheckRequestHead, AbsoluteFormOnlyForTheServersOwnHosts) {
  OwnHost own = [](std::string_view name) { return name == "example.com" || name == "::1"; };
  RequestHead head = Head({{"host", "x"}}, "http://EXAMPLE.com:8080/a", 11, "GET");
  ASSERT_TRUE(CheckRequestHead(head, own).has_value());
  EXPECT_EQ(head.target, "/a");
  head = Head({}, "http://[::1]:9/", 11, "GET");
  EXPECT_TRUE(CheckRequestHead(head, own).has_value());
  head = Head({{"host", "example.com"}}, "http://evil.example/a", 11, "GET");
  Status refused = CheckRequestHead(head, own);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("another host"), std::string::npos);
  // Origin-form is not affected: Host is not checked against the own hosts.
  head = Head({{"host", "evil.example"}}, "/a", 11, "GET");
  EXPECT_TRUE(CheckRequestHead(head, own).has_value());
}

TEST(HostName, StripsSchemeUserPortAndBrackets) {
  EXPECT_EQ(HostName("http://User@Example.COM:80/x?y"), "example.com");
  EXPECT_EQ(HostName("https://example.com"), "example.com");
  EXPECT_EQ(HostName("[::1]:8080"), "::1");
  EXPECT_EQ(HostName("127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(HostName(""), "");
}

TEST(CheckRequestHead, OtherTargetsAreRefused) {
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "ftp://example.com/")));
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "http://user@example.com/")));
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "http:///path")));
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "example.com:443")));  // authority-form
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "index.html")));
  EXPECT_FALSE(Accepted(Head({{"host", "h"}}, "*", 11, "GET")));
  EXPECT_TRUE(Accepted(Head({{"host", "h"}}, "*", 11, "OPTIONS")));
  // Two Host fields stay refused even when the target names one.
  EXPECT_FALSE(Accepted(Head({{"host", "a"}, {"host", "b"}}, "http://c/")));
}

TEST(HeadLength, FindsTheEmptyLine) {
  EXPECT_EQ(HeadLength("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), 27u);
  EXPECT_EQ(HeadLength("GET / HTTP/1.1\r\nHost: a\r\n"), std::nullopt);
}

TEST(HasObsFold, FindsContinuationLines) {
  EXPECT_FALSE(HasObsFold("GET / HTTP/1.1\r\nHost: a\r\nX: b c\r\n\r\n"));
  EXPECT_TRUE(HasObsFold("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(HasObsFold("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n"));
  EXPECT_TRUE(HasObsFold("GET / HTTP/1.1\r\n Host: a\r\n\r\n"));
}

TEST(HasBareLineFeed, FindsLineFeedsWithoutCarriageReturn) {
  EXPECT_FALSE(HasBareLineFeed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_TRUE(HasBareLineFeed("GET / HTTP/1.1\nHost: a\r\n\r\n"));
  EXPECT_TRUE(HasBareLineFeed("\n"));
}

}  // namespace
}  // namespace quire::http
