#include "util/safe_url.h"

#include <gtest/gtest.h>

namespace quire::util {
namespace {

std::string Web(std::string_view url) {
  return SafeUrl(url, UrlScope::kWebsite);
}
std::string Link(std::string_view url) {
  return SafeUrl(url, UrlScope::kLink);
}

TEST(SafeUrl, WebsiteKeepsHttpAndHttps) {
  EXPECT_EQ(Web("https://ada.example.com/me?x=1#top"), "https://ada.example.com/me?x=1#top");
  EXPECT_EQ(Web("  HTTP://Ada.Example.com  "), "HTTP://Ada.Example.com");
}

TEST(SafeUrl, WebsiteWithoutSchemeGetsHttpAsWordPressGivesIt) {
  EXPECT_EQ(Web("ada.example.com/me"), "http://ada.example.com/me");
}

TEST(SafeUrl, WebsiteRefusesEveryOtherScheme) {
  for (std::string_view bad :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        " \x01javascript:alert(1)", "java script:alert(1)", "javascript\n:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "mailto:a@b.example",
        "ftp://files.example", "file:///etc/passwd", "example.com:8080/x"}) {
    EXPECT_EQ(Web(bad), "") << bad;
  }
}

TEST(SafeUrl, WebsiteRefusesPathsAndHostlessUrls) {
  for (std::string_view bad : {"/admin/", "//evil.example/", "\\\\evil.example", "?x", "#top",
                               "http://", "https:///path", "http:evil.example", ""}) {
    EXPECT_EQ(Web(bad), "") << bad;
  }
}

TEST(SafeUrl, WebsiteEncodesWhatCannotStandInAUrl) {
  EXPECT_EQ(Web("https://x.example/a b\"<>"), "https://x.example/a%20b%22%3C%3E");
  EXPECT_EQ(Web("https://x.example/\x7f\x02y"), "https://x.example/y");
}

TEST(SafeUrl, RefusesInvalidUtf8AndOverlongUrls) {
  EXPECT_EQ(Web("https://x.example/\xff"), "");
  EXPECT_EQ(Web("https://x.example/" + std::string(kMaxSafeUrlBytes, 'a')), "");
  EXPECT_EQ(Link("/" + std::string(kMaxSafeUrlBytes, 'a')), "");
}

TEST(SafeUrl, LinkKeepsWebMailAndRelative) {
  EXPECT_EQ(Link("https://x.example/"), "https://x.example/");
  EXPECT_EQ(Link("mailto:ada@example.com"), "mailto:ada@example.com");
  EXPECT_EQ(Link("/2024/05/hello/"), "/2024/05/hello/");
  EXPECT_EQ(Link("a/b:c"), "a/b:c");
  EXPECT_EQ(Link("#comment-3"), "#comment-3");
}

TEST(SafeUrl, LinkRefusesScriptAndData) {
  for (std::string_view bad : {"javascript:alert(1)", "java\tscript:alert(1)",
                               "java script:alert(1)", "data:image/svg+xml,<svg>", "vbscript:x"}) {
    EXPECT_EQ(Link(bad), "") << bad;
  }
}

TEST(LocalRedirectPath, KeepsPathsOnThisSite) {
  EXPECT_EQ(LocalRedirectPath("/", "/x/"), "/");
  EXPECT_EQ(LocalRedirectPath("/admin/comments/3/?action=approve", "/"),
            "/admin/comments/3/?action=approve");
  EXPECT_EQ(LocalRedirectPath("/a/%09b/", "/"), "/a/%09b/");
}

TEST(LocalRedirectPath, RefusesEveryWayOffTheSite) {
  for (std::string_view bad : {"", "//evil.example/", "/\\evil.example/", "/\t/evil.example/",
                               "/\n/evil.example/", "\t//evil.example/", "https://evil.example/",
                               "evil.example", "/a b", "/\\", "/x\\y", "/caf\xc3\xa9/"}) {
    EXPECT_EQ(LocalRedirectPath(bad, "/fallback/"), "/fallback/") << bad;
  }
}

}  // namespace
}  // namespace quire::util
