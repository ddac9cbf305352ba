#include "wxr/values.h"

#include <gtest/gtest.h>

namespace quire::wxr {
namespace {

TEST(WxrValues, Dates) {
  EXPECT_EQ(ParseWpDate("1970-01-02 00:00:01"), 86401);
  EXPECT_EQ(ParseWpDate("0000-00-00 00:00:00"), std::nullopt);
  EXPECT_EQ(ParseWpDate(""), std::nullopt);
  EXPECT_EQ(FormatWpDate(86401), "1970-01-02 00:00:01");
  EXPECT_EQ(FormatRssDate(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(WxrValues, LoginsLoseWhatWordPressStrips) {
  EXPECT_EQ(SanitizeLogin("themereviewteam>"), "themereviewteam");
  EXPECT_EQ(SanitizeLogin(">themereviewteam"), "themereviewteam");
  EXPECT_EQ(SanitizeLogin("  a  b "), "a b");
}

TEST(WxrValues, SlugsRoundTrip) {
  EXPECT_EQ(DecodeSlug("%e6%97%a5%e6%9c%ac"), "日本");
  EXPECT_EQ(EncodeSlug("日本"), "%e6%97%a5%e6%9c%ac");
  EXPECT_EQ(DecodeSlug("%ff"), "%ff");  // not UTF-8: kept as written
  EXPECT_EQ(DecodeSlug("plain-slug"), "plain-slug");
}

TEST(WxrValues, Statuses) {
  EXPECT_EQ(ParseWpPostStatus("auto-draft"), std::nullopt);
  EXPECT_EQ(ParseWpPostStatus("future"), store::PostStatus::kFuture);
  EXPECT_EQ(ParseWpCommentStatus("post-trashed"), store::CommentStatus::kTrash);
  EXPECT_EQ(ParseWpCommentStatus("0"), store::CommentStatus::kPending);
  EXPECT_EQ(ParseWpCommentStatus("weird"), std::nullopt);
}

TEST(WxrValues, PermalinkStructureFromALink) {
  EXPECT_EQ(InferPermalinkStructure("https://ex.org/blog/2013/01/11/hello/", "http://ex.org/blog",
                                    "2013-01-11 20:22:19", "hello", 7),
            "/%year%/%monthnum%/%day%/%postname%/");
  EXPECT_EQ(InferPermalinkStructure("http://ex.org/archives/7", "http://ex.org",
                                    "2013-01-11 20:22:19", "hello", 7),
            "/archives/%post_id%");
  EXPECT_EQ(InferPermalinkStructure("http://ex.org/?p=7", "http://ex.org", "2013-01-11 20:22:19",
                                    "hello", 7),
            std::nullopt);
  EXPECT_EQ(InferPermalinkStructure("http://other.org/hello/", "http://ex.org",
                                    "2013-01-11 20:22:19", "hello", 7),
            std::nullopt);
}

}  // namespace
}  // namespace quire::wxr
