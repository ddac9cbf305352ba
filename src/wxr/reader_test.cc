#include "wxr/reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace quire::wxr {
namespace {

const std::string kData = QUIRE_WXR_DATA;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Occurrences of `needle` in the file's text: the test's own count, not the reader's.
int64_t Occurrences(const std::string& text, std::string_view needle) {
  int64_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::vector<Entry> ReadAll(const std::string& path) {
  auto reader = Reader::Open(path);
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().message);
  std::vector<Entry> entries;
  if (!reader) return entries;
  for (;;) {
    auto entry = (*reader)->Next();
    EXPECT_TRUE(entry.has_value()) << (entry ? "" : entry.error().message);
    if (!entry || !*entry) return entries;
    entries.push_back(std::move(**entry));
  }
}

std::vector<Item> Items(const std::vector<Entry>& entries) {
  std::vector<Item> items;
  for (const Entry& e : entries) {
    if (auto* item = std::get_if<Item>(&e)) items.push_back(*item);
  }
  return items;
}

class WxrFile {
 public:
  explicit WxrFile(std::string_view text) {
    path_ = (std::filesystem::temp_directory_path() /
             ("wxr_reader_test_" + std::to_string(::getpid()) + "_" + std::to_string(next_++)))
                .string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~WxrFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int next_ = 0;
  std::string path_;
};

// An error from reading the whole file (empty when it reads cleanly).
std::string ErrorOf(const std::string& path) {
  auto reader = Reader::Open(path);
  if (!reader) return reader.error().message;
  for (;;) {
    auto entry = (*reader)->Next();
    if (!entry) return entry.error().message;
    if (!*entry) return "";
  }
}

constexpr std::string_view kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\"\n"
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n";

TEST(WxrReader, ThemeUnitTestCountsMatchTheFile) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::string path = kData + "/theme-unit-test.xml";
  std::string text = Slurp(path);
  auto entries = ReadAll(path);
  auto items = Items(entries);
  EXPECT_EQ(static_cast<int64_t>(items.size()), Occurrences(text, "<item>"));
  int64_t comments = 0, meta = 0;
  for (const Item& item : items) {
    comments += static_cast<int64_t>(item.comments.size());
    meta += static_cast<int64_t>(item.meta.size());
  }
  EXPECT_EQ(comments, Occurrences(text, "<wp:comment>"));
  EXPECT_EQ(meta, Occurrences(text, "<wp:postmeta>"));
  Counts counts = CountFile(path).value();
  EXPECT_EQ(counts.authors, Occurrences(text, "<wp:author>"));
  EXPECT_EQ(counts.terms, Occurrences(text, "<wp:category>") + Occurrences(text, "<wp:tag>") +
                              Occurrences(text, "<wp:term>"));
}

TEST(WxrReader, ThemeUnitTestValuesAndHttpsNamespace) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::unique_ptr<Reader> reader = Reader::Open(kData + "/theme-unit-test.xml").value();
  Reader& r = *reader;
  std::vector<Item> items;
  while (auto entry = r.Next().value()) {
    if (auto* item = std::get_if<Item>(&*entry)) items.push_back(std::move(*item));
  }
  EXPECT_EQ(r.channel().version, "1.2");
  auto protected_page = std::find_if(items.begin(), items.end(),
                                     [](const Item& i) { return !i.post_password.empty(); });
  ASSERT_NE(protected_page, items.end());
  EXPECT_EQ(protected_page->post_password, "enter");
  auto post1148 =
      std::find_if(items.begin(), items.end(), [](const Item& i) { return i.post_id == 1148; });
  ASSERT_NE(post1148, items.end());
  EXPECT_EQ(post1148->comments.size(), 20u);
  EXPECT_EQ(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.is_sticky; }),
            1);
}

TEST(WxrReader, SmallExportTermsAndAuthors) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  auto entries = ReadAll(kData + "/importer-fixtures/small-export.xml");
  std::vector<Term> categories;
  std::vector<Author> authors;
  for (const Entry& e : entries) {
    if (auto* t = std::get_if<Term>(&e); t && t->taxonomy == "category") categories.push_back(*t);
    if (auto* a = std::get_if<Author>(&e)) authors.push_back(*a);
  }
  ASSERT_EQ(authors.size(), 3u);
  EXPECT_EQ(authors[1].login, "editor");
  EXPECT_EQ(authors[1].first_name, "FirstName");
  EXPECT_EQ(authors[1].id, 2);
  EXPECT_EQ(categories.size(), 30u);
  auto foo_bar = std::find_if(categories.begin(), categories.end(),
                              [](const Term& t) { return t.slug == "foo-bar"; });
  ASSERT_NE(foo_bar, categories.end());
  EXPECT_EQ(foo_bar->parent_slug, "bar");
  EXPECT_EQ(foo_bar->name, "Foo");
  auto items = Items(entries);
  auto many = std::find_if(items.begin(), items.end(),
                           [](const Item& i) { return i.title == "Many Categories"; });
  ASSERT_NE(many, items.end());
  EXPECT_EQ(std::count_if(many->terms.begin(), many->terms.end(),
                          [](const ItemTerm& t) { return t.taxonomy == "category"; }),
            27);
}

TEST(WxrReader, Version10TagsAndBareCategories) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::string path = kData + "/importer-fixtures/valid-wxr-1.0.xml";
  auto items = Items(ReadAll(path));
  ASSERT_EQ(items.size(), 6u);
  const Item& third = items[2];
  std::vector<std::string> seen;
  for (const ItemTerm& t : third.terms) seen.push_back(t.taxonomy + "/" + t.slug);
  EXPECT_EQ(seen, (std::vector<std::string>{"category/alpha", "post_tag/news", "post_tag/roar"}));
  bool entity_kept = false;
  for (const Item& item : items) {
    for (const Comment& c : item.comments) {
      entity_kept |= c.content.find("&#039;") != std::string::npos;
    }
  }
  EXPECT_TRUE(entity_kept);
}

TEST(WxrReader, SplitCdataIsJoined) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  auto items = Items(ReadAll(kData + "/importer-fixtures/crazy-cdata-escaped.xml"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].content, "Content with nested <![CDATA[ tags ]]> :)");
  ASSERT_EQ(items[0].meta.size(), 3u);
  EXPECT_EQ(items[0].meta[1].key, "Closing CDATA");
  EXPECT_EQ(items[0].meta[1].value, "]]>");
  EXPECT_EQ(items[0].meta[2].value,
            "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>");
}

TEST(WxrReader, CommentMetaIsByteExact) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  auto items = Items(ReadAll(kData + "/importer-fixtures/test-serialized-comment-meta.xml"));
  ASSERT_EQ(items.size(), 1u);
  ASSERT_EQ(items[0].comments.size(), 1u);
  const auto& meta = items[0].comments[0].meta;
  ASSERT_EQ(meta.size(), 2u);
  EXPECT_EQ(meta[0].value, "¯\\_(ツ)_/¯");
  EXPECT_EQ(meta[1].value, "a:1:{s:3:\"key\";s:13:\"¯\\_(ツ)_/¯\";}");
}

TEST(WxrReader, NoteCommentsKeepTheirTypeAndCdataScalars) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  auto items = Items(ReadAll(kData + "/importer-fixtures/wxr-with-note-comments.xml"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].post_type, "page");
  EXPECT_EQ(items[0].post_date, "2026-03-24 10:38:09");
  ASSERT_EQ(items[0].comments.size(), 3u);
  EXPECT_EQ(items[0].comments[0].type, "note");
  EXPECT_EQ(items[0].comments[0].approved, "0");
  EXPECT_EQ(items[0].comments[2].approved, "1");
}

TEST(WxrReader, MalformedFixtureFailsWithLineAndColumn) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::string path = kData + "/importer-fixtures/malformed.xml";
  std::string error = ErrorOf(path);
  EXPECT_TRUE(error.starts_with(path + ":27:")) << error;
}

TEST(WxrReader, TruncatedFileNamesWhereItEnds) {
  WxrFile file(std::string(kHead) + "<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>x");
  std::string error = ErrorOf(file.path());
  EXPECT_NE(error.find(file.path() + ":7:"), std::string::npos) << error;
}

TEST(WxrReader, WrongEncodingNamesTheLine) {
  WxrFile file(std::string(kHead) +
               "<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>caf\xe9</title></item>"
               "</channel></rss>");
  std::string error = ErrorOf(file.path());
  EXPECT_NE(error.find(":7:"), std::string::npos) << error;
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
}

TEST(WxrReader, UnknownOrMissingVersionIsRefused) {
  WxrFile unknown(std::string(kHead) +
                  "<wp:wxr_version>2.0</wp:wxr_version>\n<item></item></channel></rss>");
  std::string error = ErrorOf(unknown.path());
  EXPECT_NE(error.find(":7:"), std::string::npos) << error;
  EXPECT_NE(error.find("unknown WXR version '2.0'"), std::string::npos) << error;
  WxrFile missing(std::string(kHead) + "<item></item></channel></rss>");
  EXPECT_NE(ErrorOf(missing.path()).find("no wp:wxr_version"), std::string::npos);
}

TEST(WxrReader, DoctypeIsRefused) {
  WxrFile file(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x \"boom\">]>\n<rss><channel>"
      "<title>&x;</title></channel></rss>");
  EXPECT_NE(ErrorOf(file.path()).find("DOCTYPE"), std::string::npos);
}

TEST(WxrReader, DepthLimit) {
  std::string deep = std::string(kHead) + "<wp:wxr_version>1.2</wp:wxr_version><item>";
  for (int i = 0; i < 40; ++i) deep += "<a>";
  for (int i = 0; i < 40; ++i) deep += "</a>";
  deep += "</item></channel></rss>";
  WxrFile file(deep);
  EXPECT_NE(ErrorOf(file.path()).find("nested deeper"), std::string::npos);
}

TEST(WxrReader, OtherPrefixesResolveThroughTheNamespace) {
  WxrFile file(
      "<rss xmlns:w=\"https://wordpress.org/export/1.1/\"><channel>"
      "<w:wxr_version>1.1</w:wxr_version><item><w:post_id>7</w:post_id>"
      "<w:post_name/></item></channel></rss>");
  auto items = Items(ReadAll(file.path()));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].post_id, 7);
}

// WordPress.com's exports of 2011-2012 use atom: without declaring it; WordPress reads them.
TEST(WxrReader, UndeclaredPrefixIsReadAsAPlainNameAndReported) {
  WxrFile file(std::string(kHead) +
               "<wp:wxr_version>1.2</wp:wxr_version>\n"
               "<atom:link rel=\"search\" href=\"http://x/osd.xml\" />\n"
               "<atom:link rel=\"hub\" href=\"http://x/hub\" />\n"
               "<item><title>One</title><wp:post_id>3</wp:post_id><link>http://x/one/</link>\n"
               "<atom:link rel=\"x\" /></item>\n</channel></rss>\n");
  auto reader = Reader::Open(file.path()).value();
  std::vector<Item> items;
  while (auto entry = reader->Next().value()) {
    if (auto* item = std::get_if<Item>(&*entry)) items.push_back(std::move(*item));
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].post_id, 3);
  EXPECT_EQ(items[0].link, "http://x/one/");  // <atom:link> is not <link>
  std::vector<std::string> repairs = reader->repairs();
  ASSERT_EQ(repairs.size(), 1u);
  EXPECT_TRUE(repairs[0].starts_with(file.path() + ":7:")) << repairs[0];
  EXPECT_NE(repairs[0].find("'atom:'"), std::string::npos) << repairs[0];
  EXPECT_NE(repairs[0].find("3 times; lines 7, 8, 10)"), std::string::npos) << repairs[0];
  EXPECT_EQ(CountFile(file.path()).value().repairs, repairs);
}

TEST(WxrReader, UndeclaredWpPrefixStillReads) {
  // A hand-cut export that lost its xmlns:wp: the names are WordPress's, so they still read.
  WxrFile file(
      "<rss><channel><wp:wxr_version>1.2</wp:wxr_version>\n"
      "<item><title>T</title><wp:post_id>9</wp:post_id><wp:post_type>post</wp:post_type>"
      "</item></channel></rss>");
  auto reader = Reader::Open(file.path()).value();
  std::vector<Item> items;
  while (auto entry = reader->Next().value()) {
    if (auto* item = std::get_if<Item>(&*entry)) items.push_back(std::move(*item));
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].post_id, 9);
  EXPECT_EQ(items[0].post_type, "post");
  EXPECT_EQ(reader->channel().version, "1.2");
  ASSERT_EQ(reader->repairs().size(), 1u);
  EXPECT_NE(reader->repairs()[0].find("'wp:'"), std::string::npos);
}

TEST(WxrReader, ControlCharactersAreRemovedAndReported) {
  WxrFile file(std::string(kHead) +
               "<wp:wxr_version>1.2</wp:wxr_version>\n"
               "<item><title>A&#20;B</title>\n"
               "<content:encoded><![CDATA[one\x14two]]></content:encoded></item>\n"
               "</channel></rss>\n");
  auto reader = Reader::Open(file.path()).value();
  std::vector<Item> items;
  while (auto entry = reader->Next().value()) {
    if (auto* item = std::get_if<Item>(&*entry)) items.push_back(std::move(*item));
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "AB");
  EXPECT_EQ(items[0].content, "onetwo");
  std::vector<std::string> repairs = reader->repairs();
  ASSERT_EQ(repairs.size(), 2u);
  EXPECT_TRUE(repairs[0].starts_with(file.path() + ":7:")) << repairs[0];
  EXPECT_NE(repairs[0].find("&#20;"), std::string::npos) << repairs[0];
  EXPECT_TRUE(repairs[1].starts_with(file.path() + ":8:")) << repairs[1];
  EXPECT_NE(repairs[1].find("U+0014"), std::string::npos) << repairs[1];
}

TEST(WxrReader, WhatCannotBeRepairedStillStopsWithLineAndColumn) {
  WxrFile file(std::string(kHead) +
               "<wp:wxr_version>1.2</wp:wxr_version>\n"
               "<item><title>AT&T\x14</title></item>\n<item><title>&nbsp;</title></item>\n"
               "</channel></rss>\n");
  std::string error = ErrorOf(file.path());
  EXPECT_TRUE(error.starts_with(file.path() + ":8:")) << error;
}

TEST(WxrReader, RealWordPressComExportWithUndeclaredAtomReadsWhole) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::string path = kData + "/real-world/12-timothyfitz-wpcom2012-atom.xml";
  std::string text = Slurp(path);
  Counts counts = CountFile(path).value();
  EXPECT_EQ(counts.items, Occurrences(text, "<item>"));
  EXPECT_EQ(counts.comments, Occurrences(text, "<wp:comment>"));
  ASSERT_FALSE(counts.repairs.empty());
  EXPECT_NE(counts.repairs[0].find("'atom:'"), std::string::npos) << counts.repairs[0];
  EXPECT_TRUE(counts.repairs[0].starts_with(path + ":49:")) << counts.repairs[0];
}

TEST(WxrReader, MissingFileIsNotFound) {
  auto reader = Reader::Open("/nonexistent/file.xml");
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace quire::wxr
