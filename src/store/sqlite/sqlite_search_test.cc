// Full-text search on a real SQLite store: English stems, Cyrillic and Azerbaijani words,
// Chinese through the trigram index and the substring scan, queries mixing both, ranking,
// snippets with markers and without markup, visibility (drafts never, private only when
// asked), password-protected bodies, the indexes following inserts, updates, renumbering and
// deletes exactly (compared with a fresh build), pagination totals, and hostile terms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/search.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override { store_->Close(); }

  int64_t Add(std::string title, std::string body, PostStatus status = PostStatus::kPublish,
              std::string excerpt = "", int64_t published_at = 1000) {
    Post post;
    post.slug = "s" + std::to_string(++count_);
    post.title = std::move(title);
    post.body = std::move(body);
    post.excerpt = std::move(excerpt);
    post.status = status;
    post.published_at = published_at;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  void Update(int64_t id, const std::function<void(Post&)>& change) {
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto post = tx.FindPost(id);
      if (!post) return std::unexpected(post.error());
      change(**post);
      return tx.UpdatePost(**post);
    }));
  }

  SearchPage Find(std::string terms, bool include_private = false, int offset = 0, int limit = 10) {
    auto page = Search(*store_, {.terms = std::move(terms),
                                 .include_private = include_private,
                                 .offset = offset,
                                 .limit = limit});
    EXPECT_TRUE(page) << page.error().message;
    return page ? *page : SearchPage{};
  }

  std::vector<int64_t> Ids(std::string terms, bool include_private = false) {
    std::vector<int64_t> ids;
    for (const SearchHit& hit : Find(std::move(terms), include_private).hits) {
      ids.push_back(hit.post.id);
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int count_ = 0;
};

TEST_F(SearchTest, FindsEnglishWordsByTheirStems) {
  int64_t run = Add("Morning routine", "I run every day before work.");
  int64_t other = Add("Cooking", "Bread and butter.");
  EXPECT_THAT(Ids("running"), ElementsAre(run));
  EXPECT_THAT(Ids("RUNS"), ElementsAre(run));
  EXPECT_THAT(Ids("butter"), ElementsAre(other));
  EXPECT_THAT(Ids("running butter"), IsEmpty());  // every word is required
}

TEST_F(SearchTest, FindsCyrillicAndAzerbaijaniWordsInAnyCase) {
  int64_t russian =
      Add("\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",
          "\u0411\u043e\u043b\u044c\u0448\u043e\u0439 \u0433\u043e\u0440\u043e\u0434");
  int64_t azeri =
      Add("Milli h\u0259mr\u0259ylik", "Az\u0259rbaycan xalq\u0131n\u0131n g\u00fcn\u00fc");
  EXPECT_THAT(Ids("\u043f\u0440\u0438\u0432\u0435\u0442"), ElementsAre(russian));
  EXPECT_THAT(Ids("\u0413\u041e\u0420\u041e\u0414"), ElementsAre(russian));
  EXPECT_THAT(Ids("h\u0259mr\u0259ylik"), ElementsAre(azeri));
  EXPECT_THAT(Ids("Az\u0259rbaycan"), ElementsAre(azeri));
  EXPECT_THAT(Ids("gunu"), ElementsAre(azeri));  // diacritics folded
}

TEST_F(SearchTest, FindsChineseThroughTrigramsAndShortWordsBySubstring) {
  int64_t chinese = Add("\u4e2d\u6587\u6807\u9898",
                        "\u6211\u4eec\u559c\u6b22\u5b66\u4e60\u4e2d\u6587\u548c\u5386\u53f2");
  Add("English", "Nothing to see.");
  EXPECT_THAT(Ids("\u5b66\u4e60\u4e2d\u6587"), ElementsAre(chinese));  // four characters
  EXPECT_THAT(Ids("\u5386\u53f2"), ElementsAre(chinese));              // two: substring scan
  EXPECT_THAT(Ids("\u5386\u53f2 \u6807\u9898"), ElementsAre(chinese));
  EXPECT_THAT(Ids("\u65e5\u672c"), IsEmpty());
  SearchPage page = Find("\u5386\u53f2");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_THAT(page.hits[0].snippet, HasSubstr("\x02\u5386\u53f2\x03"));
  EXPECT_EQ(page.total, 1);
}

TEST_F(SearchTest, NeverFindsDraftsPendingScheduledOrTrashedItems) {
  Add("Secret draft", "zebra", PostStatus::kDraft);
  Add("Pending", "zebra", PostStatus::kPending);
  Add("Scheduled", "zebra", PostStatus::kFuture);
  Add("Trashed", "zebra", PostStatus::kTrash);
  int64_t hidden = Add("Private", "zebra", PostStatus::kPrivate);
  int64_t shown = Add("Public", "zebra");
  EXPECT_THAT(Ids("zebra"), ElementsAre(shown));
  EXPECT_THAT(Ids("zebra", true), UnorderedElementsAre(shown, hidden));
  EXPECT_EQ(Find("zebra").total, 1);
  EXPECT_THAT(Ids("\u4e2d\u6587 zebra"), IsEmpty());
}

TEST_F(SearchTest, RanksTitleMatchesFirst) {
  int64_t in_body = Add("Other", "A long text that mentions giraffe once among many words.",
                        PostStatus::kPublish, "", 2000);
  int64_t in_title = Add("Giraffe facts", "Tall animals.", PostStatus::kPublish, "", 1000);
  EXPECT_THAT(Ids("giraffe"), ElementsAre(in_title, in_body));
}

TEST_F(SearchTest, SnippetsAreMarkedPlainText) {
  Add("Markup", "<p class=\"intro\">Hello <strong>wonderful</strong> world &amp; friends</p>");
  SearchPage page = Find("wonderful");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet, "Hello \x02wonderful\x03 world & friends");
  // A word that is only in the markup finds the item but is never shown as markup.
  page = Find("intro");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_THAT(page.hits[0].snippet, Not(HasSubstr("<")));
  EXPECT_THAT(page.hits[0].snippet, Not(HasSubstr("\x02")));
}

TEST_F(SearchTest, SnippetsOfLongBodiesAreCutWithEllipses) {
  std::string body;
  for (int i = 0; i < 80; ++i) body += "<em>filler</em> word" + std::to_string(i) + " ";
  body += "<a href=\"https://x.example/\">needle</a> ";
  for (int i = 0; i < 80; ++i) body += "more" + std::to_string(i) + " ";
  Add("Long", body);
  SearchPage page = Find("needle");
  ASSERT_EQ(page.hits.size(), 1u);
  const std::string& snippet = page.hits[0].snippet;
  EXPECT_THAT(snippet, HasSubstr("\x02needle\x03"));
  EXPECT_TRUE(snippet.starts_with("\u2026")) << snippet;
  EXPECT_TRUE(snippet.ends_with("\u2026")) << snippet;
  EXPECT_THAT(snippet, Not(HasSubstr("<")));
  EXPECT_THAT(snippet, Not(HasSubstr(">")));
}

TEST_F(SearchTest, FindsExcerptsAndProtectedItemsOnlyByTitle) {
  int64_t by_excerpt = Add("Plain", "Body text.", PostStatus::kPublish, "A summary about otters");
  EXPECT_THAT(Ids("otters"), ElementsAre(by_excerpt));
  EXPECT_THAT(Find("otters").hits[0].snippet, HasSubstr("\x02otters\x03"));
  int64_t locked = Add("Locked walrus", "The password hides the kraken.");
  Update(locked, [](Post& post) { post.password = "secret"; });
  EXPECT_THAT(Ids("kraken"), IsEmpty());
  EXPECT_THAT(Ids("walrus"), ElementsAre(locked));
  EXPECT_EQ(Find("walrus").hits[0].snippet, "");
}

TEST_F(SearchTest, FollowsUpdatesAndDeletes) {
  int64_t id = Add("Before", "The old words.");
  Update(id, [](Post& post) { post.body = "Fresh content."; });
  EXPECT_THAT(Ids("old"), IsEmpty());
  EXPECT_THAT(Ids("fresh"), ElementsAre(id));
  Update(id, [](Post& post) { post.status = PostStatus::kDraft; });
  EXPECT_THAT(Ids("fresh"), IsEmpty());
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    auto q = (*c)->Prepare("DELETE FROM posts WHERE id = ?");
    if (!q) return std::unexpected(q.error());
    q->Bind(id);
    return q->Run("deleting");
  }));
  Update(Add("After", "fresh start"), [](Post&) {});
  EXPECT_EQ(Find("fresh").total, 1);
}

TEST_F(SearchTest, PaginatesWithTotals) {
  for (int i = 0; i < 7; ++i)
    Add("Item " + std::to_string(i), "common", PostStatus::kPublish, "", i);
  SearchPage first = Find("common", false, 0, 3);
  EXPECT_EQ(first.total, 7);
  EXPECT_EQ(first.hits.size(), 3u);
  SearchPage last = Find("common", false, 6, 3);
  EXPECT_EQ(last.total, 7);
  EXPECT_EQ(last.hits.size(), 1u);
  EXPECT_THAT(Find("common", false, 9, 3).hits, IsEmpty());
}

TEST_F(SearchTest, KeepsQuotedPhrasesAndMakesOperatorsInert) {
  int64_t phrase = Add("Phrases", "the quick brown fox");
  Add("Scrambled", "brown the quick fox");
  EXPECT_THAT(Ids("\"quick brown\""), ElementsAre(phrase));
  EXPECT_THAT(Ids("quick OR zebra"), IsEmpty());
  EXPECT_THAT(Ids("NOT zebra"), IsEmpty());
}

TEST_F(SearchTest, NeverFailsOnHostileTerms) {
  Add("Something", "text with c++ and title: words");
  for (std::string terms : std::vector<std::string>{"",
                                                    "   ",
                                                    "\"",
                                                    "\"\"",
                                                    "\"unclosed phrase",
                                                    "*",
                                                    "title:text",
                                                    "a AND",
                                                    "NEAR(a b)",
                                                    "(((",
                                                    "^text",
                                                    "text*",
                                                    "c++",
                                                    "'; DROP TABLE posts; --",
                                                    "\\\"\\",
                                                    "-text",
                                                    "\x01\x02\x03",
                                                    "\xff\xfe",
                                                    "{title}: x",
                                                    std::string(5000, 'a'),
                                                    "\u4e2d\"\u6587",
                                                    "\u4e2d \" \u6587 \\"}) {
    auto page = Search(*store_, {.terms = terms});
    EXPECT_TRUE(page) << terms << ": " << page.error().message;
  }
  EXPECT_THAT(Ids("title:text"), IsEmpty());
  EXPECT_EQ(Find("text*").total, 1);
  EXPECT_EQ(Find("   ").total, 0);
}

TEST_F(SearchTest, AnswersMixedQueriesFromTheTrigramIndex) {
  int64_t mixed = Add("Quire \u641c\u7d22\u5f15\u64ce", "<p>Fast search for Quire sites.</p>");
  int64_t latin = Add("Quire engine", "A search engine for blogs.");
  int64_t chinese = Add("\u641c\u7d22\u5f15\u64ce", "\u53ea\u6709\u4e2d\u6587");
  EXPECT_THAT(Ids("quire"), UnorderedElementsAre(mixed, latin));
  EXPECT_THAT(Ids("\u641c\u7d22\u5f15\u64ce"), UnorderedElementsAre(mixed, chinese));
  EXPECT_THAT(Ids("Quire \u641c\u7d22\u5f15\u64ce"), ElementsAre(mixed));
  EXPECT_THAT(Ids("\u641c\u7d22\u5f15\u64ce sites"), ElementsAre(mixed));
  EXPECT_THAT(Ids("\u641c\u7d22\u5f15\u64ce blogs"), IsEmpty());
  EXPECT_THAT(Ids("\u5f15\u64ce quire"), ElementsAre(mixed));  // short: the substring scan
  SearchPage page = Find("\u641c\u7d22\u5f15\u64ce sites");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_THAT(page.hits[0].snippet, HasSubstr("\x02sites\x03"));
}

// The rows of an FTS5 index: (term, rowid, column, offset), read through fts5vocab.
std::vector<std::string> IndexRows(Store& store, std::string_view table) {
  std::vector<std::string> rows;
  EXPECT_TRUE(store.WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    std::string vocab =
        "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, " + std::string(table) + ", instance)";
    if (Status s = (*c)->Exec(vocab, "reading the index"); !s) return s;
    {
      auto q = (*c)->Prepare(
          "SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.v "
          "ORDER BY term, doc, col, offset");
      if (!q) return std::unexpected(q.error());
      for (;;) {
        auto row = q->Step("reading the index");
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        rows.push_back(q->Text(0));
      }
    }
    return (*c)->Exec("DROP TABLE temp.v", "reading the index");
  }));
  return rows;
}

// What a fresh index of the posts as they are now would hold (FTS5's 'rebuild' of a copy).
std::vector<std::string> RebuiltRows(Store& store, std::string_view table,
                                     std::string_view tokenize) {
  std::string copy = std::string(table) + "_copy";
  EXPECT_TRUE(store.WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    return (*c)->Exec("CREATE VIRTUAL TABLE " + copy + " USING fts5(title, body, excerpt, " +
                          "tokenize = '" + std::string(tokenize) + "', content = '" +
                          std::string(table) + "_source', content_rowid = 'id'); " +
                          "INSERT INTO " + copy + " (" + copy + ") VALUES ('rebuild')",
                      "rebuilding a copy");
  }));
  std::vector<std::string> rows = IndexRows(store, copy);
  EXPECT_TRUE(store.WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    return (*c)->Exec("DROP TABLE " + copy, "dropping the copy");
  }));
  return rows;
}

int64_t TrigramDocuments(Store& store) {
  int64_t count = -1;
  EXPECT_TRUE(store.WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    auto n = (*c)->QueryInt("SELECT COUNT(*) FROM posts_search_trigram_docsize", "counting");
    if (!n) return std::unexpected(n.error());
    count = *n;
    return {};
  }));
  return count;
}

TEST_F(SearchTest, IndexesStayExactlyWhatTheirViewsShow) {
  int64_t latin = Add("Plain title", "Only <b>Latin</b> words, caf\u00e9 \u2019quoted\u2019.");
  int64_t chinese = Add("\u4e2d\u6587", "\u6211\u4eec\u559c\u6b22\u5b66\u4e60");
  EXPECT_EQ(TrigramDocuments(*store_), 1);  // the Latin item stays out of the trigram index
  Update(latin, [](Post& post) { post.excerpt = "\u65e5\u672c\u8a9e\u306e\u8981\u7d04"; });
  EXPECT_EQ(TrigramDocuments(*store_), 2);
  EXPECT_THAT(Ids("\u65e5\u672c\u8a9e"), ElementsAre(latin));
  Update(latin, [](Post& post) { post.password = "secret"; });  // the excerpt is hidden now
  EXPECT_EQ(TrigramDocuments(*store_), 1);
  EXPECT_THAT(Ids("\u65e5\u672c\u8a9e"), IsEmpty());
  Update(chinese, [](Post& post) { post.body = "Now in English"; });
  Update(latin, [](Post& post) { post.password = ""; });
  Update(Add("\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", "Thai title"), [](Post& post) {
    post.title = "Renamed";
    post.body = "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22";
  });
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    if (Status s = (*c)->Exec("UPDATE posts SET id = 100 WHERE id = " + std::to_string(chinese),
                              "renumbering");
        !s) {
      return s;
    }
    return (*c)->Exec("DELETE FROM posts WHERE id = " + std::to_string(latin), "deleting");
  }));
  EXPECT_EQ(TrigramDocuments(*store_), 2);
  EXPECT_THAT(Ids("\u4e2d\u6587"), ElementsAre(100));
  EXPECT_EQ(IndexRows(*store_, "posts_search"),
            RebuiltRows(*store_, "posts_search", "porter unicode61 remove_diacritics 2"));
  EXPECT_EQ(IndexRows(*store_, "posts_search_trigram"),
            RebuiltRows(*store_, "posts_search_trigram", "trigram"));
  EXPECT_THAT(IndexRows(*store_, "posts_search"), Not(IsEmpty()));
}

TEST(SearchMigration, IndexesRowsThatExistedBefore) {
  testing::TempDir dir;
  auto file = dir.path() / "quire.db";
  {
    auto c = sqlite::Connection::Open(file, sqlite::Connection::Mode::kReadWrite, 1000);
    ASSERT_TRUE(c);
    auto migrations = sqlite::Migrations();
    for (size_t i = 0; i < 7; ++i) ASSERT_TRUE((*c)->Exec(migrations[i], "migrating"));
    ASSERT_TRUE((*c)->Exec("PRAGMA user_version = 7", "version"));
    ASSERT_TRUE((*c)->Exec("INSERT INTO posts (slug, title, body) VALUES ('a', 'Old', 'elephant')",
                           "inserting"));
  }
  auto opened = OpenSqlite(SqliteOptions{.file = file});
  ASSERT_TRUE(opened) << opened.error().message;
  auto page = Search(**opened, {.terms = "elephant"});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
  (*opened)->Close();
}

}  // namespace
}  // namespace quire::store
