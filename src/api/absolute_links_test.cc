#include "api/absolute_links.h"

#include <gtest/gtest.h>

namespace quire::api {
namespace {

TEST(AbsoluteLinksTest, SiteRelativeLinksGetTheHome) {
  EXPECT_EQ(
      AbsoluteLinks(R"(<a href="/about/">a</a> <img src="/wp-content/uploads/x.png">)",
                    "https://ex.com"),
      R"(<a href="https://ex.com/about/">a</a> <img src="https://ex.com/wp-content/uploads/x.png">)");
  EXPECT_EQ(
      AbsoluteLinks(R"(<img srcset="/a-300.webp 300w, /a-768.webp 768w, https://cdn/x 1w">)",
                    "https://ex.com"),
      R"(<img srcset="https://ex.com/a-300.webp 300w, https://ex.com/a-768.webp 768w, https://cdn/x 1w">)");
}

TEST(AbsoluteLinksTest, OtherLinksStay) {
  const std::string html =
      R"(<a href="https://other.org/">x</a><a href="//cdn.org/y">y</a><a href="#top">t</a>)"
      R"(<a href="mailto:a@b">m</a><p>href="/not-an-attribute"</p>)";
  EXPECT_EQ(AbsoluteLinks(html, "https://ex.com"), html);
}

}  // namespace
}  // namespace quire::api
