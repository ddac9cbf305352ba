#include "site/feed_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::site {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Feed SampleFeed() {
  Feed feed;
  feed.title = "Cats & Dogs";
  feed.subtitle = "Just <another> site";
  feed.self_url = "https://example.org/feed/";
  feed.site_url = "https://example.org";
  feed.updated = 1704207845;
  FeedEntry entry;
  entry.title = "Hello <world>";
  entry.link = "https://example.org/2024/01/02/hello/";
  entry.id = "https://example.org/?p=7";
  entry.author = "Ada";
  entry.published = 1704207845;
  entry.updated = 1704211445;
  entry.summary = "A & B";
  entry.content_html = "<p>Hi ]]> there</p>";
  entry.categories = {"News", "Q&A"};
  entry.comment_count = 3;
  entry.comments_link = "https://example.org/2024/01/02/hello/#comments";
  entry.comments_feed_rss = "https://example.org/2024/01/02/hello/feed/";
  entry.comments_feed_atom = "https://example.org/2024/01/02/hello/feed/atom/";
  feed.entries.push_back(entry);
  return feed;
}

TEST(WriteRss2, WritesTheChannelWithSelfLinkAndBuildDate) {
  std::string rss = WriteRss2(SampleFeed());
  EXPECT_TRUE(rss.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""));
  EXPECT_THAT(rss, HasSubstr("<title>Cats &amp; Dogs</title>"));
  EXPECT_THAT(rss, HasSubstr("<atom:link href=\"https://example.org/feed/\" rel=\"self\" "
                             "type=\"application/rss+xml\" />"));
  EXPECT_THAT(rss, HasSubstr("<link>https://example.org</link>"));
  EXPECT_THAT(rss, HasSubstr("<description>Just &lt;another&gt; site</description>"));
  EXPECT_THAT(rss, HasSubstr("<lastBuildDate>Tue, 02 Jan 2024 15:04:05 +0000</lastBuildDate>"));
  EXPECT_THAT(rss, HasSubstr("xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\""));
  EXPECT_TRUE(rss.ends_with("</channel>\n</rss>\n"));
}

TEST(WriteRss2, WritesAnItemWithEveryExtension) {
  std::string rss = WriteRss2(SampleFeed());
  EXPECT_THAT(rss, HasSubstr("<title>Hello &lt;world&gt;</title>"));
  EXPECT_THAT(rss, HasSubstr("<link>https://example.org/2024/01/02/hello/</link>"));
  EXPECT_THAT(rss,
              HasSubstr("<comments>https://example.org/2024/01/02/hello/#comments</comments>"));
  EXPECT_THAT(rss, HasSubstr("<dc:creator>Ada</dc:creator>"));
  EXPECT_THAT(rss, HasSubstr("<pubDate>Tue, 02 Jan 2024 15:04:05 +0000</pubDate>"));
  EXPECT_THAT(rss, HasSubstr("<category>News</category>"));
  EXPECT_THAT(rss, HasSubstr("<category>Q&amp;A</category>"));
  EXPECT_THAT(rss, HasSubstr("<guid isPermaLink=\"false\">https://example.org/?p=7</guid>"));
  EXPECT_THAT(rss, HasSubstr("<description>A &amp; B</description>"));
  // Content HTML is escaped (not CDATA), so "]]>" in a body cannot end anything early.
  EXPECT_THAT(rss, HasSubstr("<content:encoded>&lt;p&gt;Hi ]]&gt; there&lt;/p&gt;"
                             "</content:encoded>"));
  EXPECT_THAT(rss, HasSubstr("<wfw:commentRss>https://example.org/2024/01/02/hello/feed/"
                             "</wfw:commentRss>"));
  EXPECT_THAT(rss, HasSubstr("<slash:comments>3</slash:comments>"));
  EXPECT_THAT(rss, Not(HasSubstr("<enclosure")));
}

TEST(WriteRss2, LeavesOutWhatAnEntryLacks) {
  Feed feed = SampleFeed();
  FeedEntry& entry = feed.entries[0];
  entry.id.clear();
  entry.id_is_permalink = true;
  entry.content_html.clear();
  entry.comment_count.reset();
  entry.comments_link.clear();
  entry.comments_feed_rss.clear();
  entry.author.clear();
  std::string rss = WriteRss2(feed);
  EXPECT_THAT(rss, HasSubstr("<guid isPermaLink=\"true\">https://example.org/2024/01/02/hello/"
                             "</guid>"));
  EXPECT_THAT(rss, Not(HasSubstr("content:encoded>")));
  EXPECT_THAT(rss, Not(HasSubstr("<slash:comments>")));
  EXPECT_THAT(rss, Not(HasSubstr("<comments>")));
  EXPECT_THAT(rss, Not(HasSubstr("<wfw:commentRss>")));
  EXPECT_THAT(rss, Not(HasSubstr("<dc:creator>")));
}

TEST(WriteRss2, WritesAnEnclosure) {
  Feed feed = SampleFeed();
  feed.entries[0].enclosure =
      FeedEnclosure{"https://example.org/wp-content/uploads/2024/01/a&b.jpg", "image/jpeg", 1234};
  EXPECT_THAT(WriteRss2(feed),
              HasSubstr("<enclosure url=\"https://example.org/wp-content/uploads/2024/01/"
                        "a&amp;b.jpg\" length=\"1234\" type=\"image/jpeg\" />"));
}

TEST(WriteRss2, StripsControlCharactersFromEveryText) {
  Feed feed = SampleFeed();
  feed.title = "bell\x07";
  feed.entries[0].title =
      "form\x0c"
      "feed";
  feed.entries[0].content_html = "<p>esc\x1b</p>";
  std::string rss = WriteRss2(feed);
  EXPECT_THAT(rss, HasSubstr("<title>bell</title>"));
  EXPECT_THAT(rss, HasSubstr("<title>formfeed</title>"));
  EXPECT_THAT(rss, HasSubstr("&lt;p&gt;esc&lt;/p&gt;"));
}

TEST(WriteRss2, WritesAnEmptyChannel) {
  Feed feed = SampleFeed();
  feed.entries.clear();
  std::string rss = WriteRss2(feed);
  EXPECT_THAT(rss, Not(HasSubstr("<item>")));
  EXPECT_THAT(rss, HasSubstr("<channel>"));
}

TEST(WriteAtom, WritesTheFeedHead) {
  std::string atom = WriteAtom(SampleFeed());
  EXPECT_TRUE(
      atom.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns="
                       "\"http://www.w3.org/2005/Atom\""));
  EXPECT_THAT(atom, HasSubstr("<title>Cats &amp; Dogs</title>"));
  EXPECT_THAT(atom, HasSubstr("<subtitle>Just &lt;another&gt; site</subtitle>"));
  EXPECT_THAT(atom, HasSubstr("<id>https://example.org/feed/</id>"));
  EXPECT_THAT(atom, HasSubstr("<updated>2024-01-02T15:04:05Z</updated>"));
  EXPECT_THAT(atom, HasSubstr("<link rel=\"alternate\" type=\"text/html\" "
                              "href=\"https://example.org\" />"));
  EXPECT_THAT(atom, HasSubstr("<link rel=\"self\" type=\"application/atom+xml\" "
                              "href=\"https://example.org/feed/\" />"));
  EXPECT_TRUE(atom.ends_with("</feed>\n"));
}

TEST(WriteAtom, WritesAnEntry) {
  std::string atom = WriteAtom(SampleFeed());
  EXPECT_THAT(atom, HasSubstr("<author>\n      <name>Ada</name>\n    </author>"));
  EXPECT_THAT(atom, HasSubstr("<title>Hello &lt;world&gt;</title>"));
  EXPECT_THAT(atom, HasSubstr("<link rel=\"alternate\" type=\"text/html\" "
                              "href=\"https://example.org/2024/01/02/hello/\" />"));
  EXPECT_THAT(atom, HasSubstr("<id>https://example.org/?p=7</id>"));
  EXPECT_THAT(atom, HasSubstr("<updated>2024-01-02T16:04:05Z</updated>"));
  EXPECT_THAT(atom, HasSubstr("<published>2024-01-02T15:04:05Z</published>"));
  EXPECT_THAT(atom, HasSubstr("<category scheme=\"https://example.org\" term=\"Q&amp;A\" />"));
  EXPECT_THAT(atom, HasSubstr("<summary type=\"text\">A &amp; B</summary>"));
  EXPECT_THAT(atom, HasSubstr("<content type=\"html\" xml:base=\"https://example.org/2024/01/02/"
                              "hello/\">&lt;p&gt;Hi ]]&gt; there&lt;/p&gt;</content>"));
  EXPECT_THAT(atom, HasSubstr("<link rel=\"replies\" type=\"application/atom+xml\" "
                              "href=\"https://example.org/2024/01/02/hello/feed/atom/\" "
                              "thr:count=\"3\" />"));
}

TEST(WriteAtom, AnEntryWithoutAuthorNamesTheFeed) {
  Feed feed = SampleFeed();
  feed.entries[0].author.clear();
  feed.entries[0].content_html.clear();
  std::string atom = WriteAtom(feed);
  EXPECT_THAT(atom, HasSubstr("<name>Cats &amp; Dogs</name>"));
  EXPECT_THAT(atom, Not(HasSubstr("<content")));
}

TEST(WriteAtom, WritesAnEnclosureLink) {
  Feed feed = SampleFeed();
  feed.entries[0].enclosure = FeedEnclosure{"https://example.org/a.png", "image/png", 99};
  EXPECT_THAT(WriteAtom(feed), HasSubstr("<link rel=\"enclosure\" type=\"image/png\" "
                                         "length=\"99\" href=\"https://example.org/a.png\" />"));
}

}  // namespace
}  // namespace quire::site
