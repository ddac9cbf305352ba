#include "site/sitemap_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::site {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(WriteSitemapIndex, ListsPartsWithLastmod) {
  std::string xml = WriteSitemapIndex({{"https://example.org/sitemaps/posts-1.xml", 1704207845},
                                       {"https://example.org/sitemaps/tags-1.xml", 0}});
  EXPECT_TRUE(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "
                      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
  EXPECT_THAT(xml, HasSubstr("<sitemap><loc>https://example.org/sitemaps/posts-1.xml</loc>"
                             "<lastmod>2024-01-02T15:04:05Z</lastmod></sitemap>"));
  EXPECT_THAT(xml, HasSubstr("<sitemap><loc>https://example.org/sitemaps/tags-1.xml</loc>"
                             "</sitemap>"));
  EXPECT_TRUE(xml.ends_with("</sitemapindex>\n"));
}

TEST(WriteUrlSet, EscapesLocations) {
  std::string xml = WriteUrlSet({{"https://example.org/?a=1&b=2", 60}});
  EXPECT_THAT(xml, HasSubstr("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
  EXPECT_THAT(xml, HasSubstr("<url><loc>https://example.org/?a=1&amp;b=2</loc>"
                             "<lastmod>1970-01-01T00:01:00Z</lastmod></url>"));
  EXPECT_THAT(WriteUrlSet({}), Not(HasSubstr("<url>")));
}

TEST(ParseSitemapPart, ReadsKindAndNumber) {
  std::optional<SitemapPartName> part = ParseSitemapPart("posts-12.xml");
  ASSERT_TRUE(part);
  EXPECT_EQ(part->kind, "posts");
  EXPECT_EQ(part->number, 12);
  EXPECT_EQ(ParseSitemapPart("tags-1000000.xml")->number, kSitemapMaxPart);
  for (std::string_view kind : {"pages", "categories", "tags", "authors"}) {
    ASSERT_TRUE(ParseSitemapPart(SitemapPartFile(kind, 1))) << kind;
    EXPECT_EQ(ParseSitemapPart(SitemapPartFile(kind, 1))->kind, kind);
  }
}

TEST(ParseSitemapPart, RefusesAnythingElse) {
  for (std::string_view file : {"posts-0.xml", "posts-01.xml", "posts-.xml", "posts-1.txt",
                                "posts-1", "users-1.xml", "posts-1a.xml", "posts--1.xml", "-1.xml",
                                "posts-99999999999999999999.xml", "posts-1000001.xml", ""}) {
    EXPECT_FALSE(ParseSitemapPart(file)) << file;
  }
}

TEST(SitemapPartFile, NamesTheFile) {
  EXPECT_EQ(SitemapPartFile("tags", 3), "tags-3.xml");
}

}  // namespace
}  // namespace quire::site
