// The reader's lists and look-ups of store/publishing.h on a real SQLite store: visibility,
// every ListQuery filter (a category with its children, authors, dates, sticky first), totals
// over pages, slugs per type and page paths, the change tags of an item, old slugs, months, the
// scheduler, and that the lists are index look-ups (EXPLAIN QUERY PLAN).
#include "store/sqlite/sqlite_publishing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store/posts_admin.h"
#include "store/publishing.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/sqlite_store.h"
#include "store/taxonomy.h"
#include "store/testing/temp_dir.h"
#include "util/clock.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// 2024-05-01 10:00:00 UTC.
constexpr int64_t kMay1 = 1714557600;
constexpr int64_t kDay = 86400;

class PublishingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    store_->OnCommit([this](const std::vector<std::string>& tags) {
      tags_.insert(tags_.end(), tags.begin(), tags.end());
    });
  }
  void TearDown() override { store_->Close(); }

  int64_t Add(Post post) {
    if (post.slug.empty()) post.slug = "item-" + std::to_string(++added_);
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }
  int64_t AddPost(int64_t published_at, PostStatus status = PostStatus::kPublish) {
    return Add({.status = status, .published_at = published_at});
  }
  int64_t AddPage(std::string slug, int64_t parent_id, int64_t menu_order = 0,
                  std::string title = "") {
    return Add({.type = PostType::kPage,
                .slug = slug,
                .title = title,
                .parent_id = parent_id,
                .menu_order = menu_order});
  }
  int64_t AddTerm(std::string_view taxonomy, std::string slug, int64_t parent_id = 0) {
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto saved = SaveTerm(
          tx,
          {.taxonomy = std::string(taxonomy), .name = slug, .slug = slug, .parent_id = parent_id});
      if (!saved) return std::unexpected(saved.error());
      id = saved->id;
      return {};
    }));
    return id;
  }
  void Assign(int64_t post_id, std::string_view taxonomy, std::vector<int64_t> terms) {
    ASSERT_TRUE(store_->WriteSync(
        [&](Transaction& tx) -> Status { return SetItemTerms(tx, post_id, taxonomy, terms); }));
  }
  void AddComment(int64_t post_id, CommentStatus status, int64_t created_at) {
    Comment comment{.post_id = post_id,
                    .author = "Ann",
                    .content = "Hi " + std::to_string(++added_),
                    .created_at = created_at,
                    .status = status};
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertComment(comment);
      if (!id) return std::unexpected(id.error());
      return {};
    }));
  }

  std::vector<int64_t> Ids(const ListQuery& query, int64_t* total = nullptr) {
    auto page = ListItems(*store_, query);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    if (!page) return ids;
    for (const Post& post : page->items) ids.push_back(post.id);
    if (total) *total = page->total;
    return ids;
  }

  // The plan SQLite chooses for a statement, one detail line each.
  std::vector<std::string> Plan(const std::string& sql) {
    std::vector<std::string> lines;
    Status read = sqlite::WithReadConnection(*store_, [&](sqlite::Connection& c) -> Status {
      std::string explain = "EXPLAIN QUERY PLAN " + sql;
      sqlite3_stmt* stmt = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(c.db(), explain.c_str(), -1, &stmt, nullptr), SQLITE_OK)
          << sqlite3_errmsg(c.db());
      while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
        lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
      }
      sqlite3_finalize(stmt);
      return {};
    });
    EXPECT_TRUE(read);
    return lines;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> tags_;
  int added_ = 0;
};

TEST_F(PublishingTest, ListsOnlyPublishedItemsOfTheTypeNewestFirstWithTotals) {
  int64_t old = AddPost(kMay1);
  int64_t recent = AddPost(kMay1 + kDay);
  int64_t tie = AddPost(kMay1 + kDay);  // same time: the higher id first
  for (PostStatus hidden : {PostStatus::kDraft, PostStatus::kPending, PostStatus::kFuture,
                            PostStatus::kPrivate, PostStatus::kTrash}) {
    AddPost(kMay1 + 2 * kDay, hidden);
  }
  int64_t page = AddPage("about", 0);
  int64_t total = 0;
  EXPECT_THAT(Ids({}, &total), ElementsAre(tie, recent, old));
  EXPECT_EQ(total, 3);
  EXPECT_THAT(Ids({.offset = 1, .limit = 1}, &total), ElementsAre(recent));
  EXPECT_EQ(total, 3);
  EXPECT_THAT(Ids({.offset = 3}, &total), IsEmpty());
  EXPECT_EQ(total, 3);
  EXPECT_THAT(Ids({.type = PostType::kPage}), ElementsAre(page));
}

TEST_F(PublishingTest, PrivateItemsOnlyWhenAsked) {
  int64_t open = AddPost(kMay1);
  int64_t secret = AddPost(kMay1 + 1, PostStatus::kPrivate);
  AddPost(kMay1 + 2, PostStatus::kDraft);
  EXPECT_THAT(Ids({}), ElementsAre(open));
  int64_t total = 0;
  EXPECT_THAT(Ids({.include_private = true}, &total), ElementsAre(secret, open));
  EXPECT_EQ(total, 2);
}

TEST_F(PublishingTest, FiltersByAuthorAndDateRange) {
  int64_t a1 = Add({.author_id = 7, .published_at = kMay1});
  int64_t b1 = Add({.author_id = 8, .published_at = kMay1 + kDay});
  int64_t a2 = Add({.author_id = 7, .published_at = kMay1 + 31 * kDay});
  int64_t total = 0;
  EXPECT_THAT(Ids({.author_id = 7}, &total), ElementsAre(a2, a1));
  EXPECT_EQ(total, 2);
  // [from, to): May 2024 only; the end is exclusive.
  EXPECT_THAT(Ids({.from = kMay1, .to = kMay1 + kDay}, &total), ElementsAre(a1));
  EXPECT_EQ(total, 1);
  EXPECT_THAT(Ids({.from = kMay1 + 1}), ElementsAre(a2, b1));
  EXPECT_THAT(Ids({.to = kMay1 + kDay + 1}), ElementsAre(b1, a1));
  EXPECT_THAT(Ids({.author_id = 7, .from = kMay1 + 1}), ElementsAre(a2));
}

TEST_F(PublishingTest, ActiveAuthorsAreThoseWithPublishedPostsAndTheirNewestChange) {
  Add({.author_id = 7, .published_at = kMay1, .modified_at = kMay1 + 5});
  Add({.author_id = 7, .published_at = kMay1 + kDay});
  Add({.status = PostStatus::kDraft, .author_id = 8, .published_at = kMay1 + 2 * kDay});
  Add({.type = PostType::kPage, .slug = "about", .author_id = 9, .published_at = kMay1});
  Add({.author_id = 0, .published_at = kMay1});
  auto authors = ListActiveAuthors(*store_);
  ASSERT_TRUE(authors) << authors.error().message;
  ASSERT_EQ(authors->size(), 1u);  // drafts, pages and posts without an author do not count
  EXPECT_EQ(authors->front().author_id, 7);
  EXPECT_EQ(authors->front().last_modified, kMay1 + kDay);
}

TEST_F(PublishingTest, ACategoryListsItsChildrensItemsTooAndATagOnlyItsOwn) {
  int64_t news = AddTerm(kCategory, "news");
  int64_t local = AddTerm(kCategory, "local", news);
  int64_t street = AddTerm(kCategory, "street", local);
  int64_t other = AddTerm(kCategory, "other");
  int64_t tag = AddTerm(kPostTag, "hot");
  int64_t in_news = AddPost(kMay1);
  int64_t in_street = AddPost(kMay1 + 1);
  int64_t in_other = AddPost(kMay1 + 2);
  int64_t draft = AddPost(kMay1 + 3, PostStatus::kDraft);
  Assign(in_news, kCategory, {news});
  Assign(in_street, kCategory, {street});
  Assign(in_other, kCategory, {other});
  Assign(draft, kCategory, {news});
  Assign(in_street, kPostTag, {tag});
  int64_t total = 0;
  EXPECT_THAT(Ids({.term_id = news}, &total), ElementsAre(in_street, in_news));
  EXPECT_EQ(total, 2);
  EXPECT_THAT(Ids({.term_id = local}), ElementsAre(in_street));
  EXPECT_THAT(Ids({.term_id = other}), ElementsAre(in_other));
  EXPECT_THAT(Ids({.term_id = tag}, &total), ElementsAre(in_street));
  EXPECT_EQ(total, 1);
  EXPECT_THAT(Ids({.term_id = news, .author_id = 99}), IsEmpty());
}

TEST_F(PublishingTest, StickyPostsComeFirstOnlyWhenAsked) {
  int64_t old_sticky = Add({.published_at = kMay1, .sticky = true});
  int64_t middle = AddPost(kMay1 + 1);
  int64_t newest = AddPost(kMay1 + 2);
  EXPECT_THAT(Ids({}), ElementsAre(newest, middle, old_sticky));
  int64_t total = 0;
  EXPECT_THAT(Ids({.sticky_first = true}, &total), ElementsAre(old_sticky, newest, middle));
  EXPECT_EQ(total, 3);
  EXPECT_THAT(Ids({.sticky_first = true, .offset = 1, .limit = 1}), ElementsAre(newest));
}

TEST_F(PublishingTest, CountsApprovedCommentsOfManyPostsAtOnce) {
  int64_t a = AddPost(kMay1);
  int64_t b = AddPost(kMay1);
  int64_t none = AddPost(kMay1);
  AddComment(a, CommentStatus::kApproved, 1);
  AddComment(a, CommentStatus::kApproved, 2);
  AddComment(a, CommentStatus::kPending, 3);
  AddComment(b, CommentStatus::kApproved, 4);
  AddComment(b, CommentStatus::kSpam, 5);
  auto counts = CountApprovedComments(*store_, {a, b, none});
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_THAT(*counts, ElementsAre(Pair(a, 2), Pair(b, 1)));
  auto empty = CountApprovedComments(*store_, {});
  ASSERT_TRUE(empty);
  EXPECT_THAT(*empty, IsEmpty());
}

TEST_F(PublishingTest, SlugsAreLookedUpPerType) {
  int64_t post = Add({.slug = "hello", .status = PostStatus::kDraft});
  int64_t page = AddPage("hello", 0);
  int64_t unicode = Add({.slug = "привет"});
  auto found_post = FindBySlug(*store_, PostType::kPost, "hello");
  auto found_page = FindBySlug(*store_, PostType::kPage, "hello");
  auto found_unicode = FindBySlug(*store_, PostType::kPost, "привет");
  auto missing = FindBySlug(*store_, PostType::kPage, "nope");
  ASSERT_TRUE(found_post && *found_post && found_page && *found_page);
  EXPECT_EQ((*found_post)->id, post);
  EXPECT_EQ((*found_post)->status, PostStatus::kDraft);
  EXPECT_EQ((*found_page)->id, page);
  EXPECT_EQ((*found_page)->type, PostType::kPage);
  ASSERT_TRUE(found_unicode && *found_unicode);
  EXPECT_EQ((*found_unicode)->id, unicode);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(PublishingTest, PagesHaveHierarchicalPathsAndOrderedChildren) {
  int64_t about = AddPage("about", 0);
  int64_t team = AddPage("team", about, 2, "Team");
  int64_t history = AddPage("history", about, 1, "History");
  int64_t alpha = AddPage("alpha", about, 2, "Alpha");
  Add({.type = PostType::kPage,
       .slug = "hidden",
       .status = PostStatus::kDraft,
       .parent_id = about});
  int64_t ada = AddPage("ada", team);

  auto found = FindPageByPath(*store_, {"about", "team", "ada"});
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, ada);
  for (std::vector<std::string> wrong : {std::vector<std::string>{"team", "ada"},
                                         {"about", "ada"},
                                         {"ada"},
                                         {"about", "nope"},
                                         {}}) {
    auto none = FindPageByPath(*store_, wrong);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << wrong.size();
  }

  auto path = PagePath(*store_, **found);
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_THAT(*path, ElementsAre("about", "team", "ada"));

  auto children = ChildPages(*store_, about);
  ASSERT_TRUE(children) << children.error().message;
  std::vector<int64_t> ids;
  for (const Post& child : *children) ids.push_back(child.id);
  EXPECT_THAT(ids, ElementsAre(history, alpha, team));
  auto top = ChildPages(*store_, 0);
  ASSERT_TRUE(top);
  ASSERT_EQ(top->size(), 1u);
  EXPECT_EQ((*top)[0].id, about);
}

TEST_F(PublishingTest, AnItemRecordsEveryTagItsStateTouches) {
  int64_t news = AddTerm(kCategory, "news");
  int64_t local = AddTerm(kCategory, "local", news);
  int64_t tag = AddTerm(kPostTag, "hot");
  int64_t id = Add({.author_id = 7, .published_at = kMay1});
  Assign(id, kCategory, {local});
  Assign(id, kPostTag, {tag});
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return RecordItemChange(tx, id); }));
  const std::string p = "post:" + std::to_string(id);
  EXPECT_THAT(
      tags_, UnorderedElementsAre(p, "front", "sitemap", "search", "author:7", "date:2024",
                                  "date:2024-05", "date:2024-05-01", "term:" + std::to_string(news),
                                  "term:" + std::to_string(local), "term:" + std::to_string(tag)));

  int64_t page = Add({.type = PostType::kPage, .slug = "about", .published_at = kMay1});
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return RecordItemChange(tx, page); }));
  EXPECT_THAT(tags_,
              UnorderedElementsAre("post:" + std::to_string(page), "front", "sitemap", "search",
                                   "date:2024", "date:2024-05", "date:2024-05-01", "pages"));
}

TEST_F(PublishingTest, OldSlugsNameTheirItemAndTheNewestRenameWins) {
  int64_t first = AddPost(kMay1);
  int64_t second = AddPost(kMay1);
  ASSERT_TRUE(store_->WriteSync(
      [&](Transaction& tx) { return AddOldSlug(tx, PostType::kPost, "old-name", first); }));
  auto found = FindOldSlug(*store_, PostType::kPost, "old-name");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, first);
  auto other_type = FindOldSlug(*store_, PostType::kPage, "old-name");
  ASSERT_TRUE(other_type);
  EXPECT_FALSE(*other_type);
  ASSERT_TRUE(store_->WriteSync(
      [&](Transaction& tx) { return AddOldSlug(tx, PostType::kPost, "old-name", second); }));
  found = FindOldSlug(*store_, PostType::kPost, "old-name");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, second);
}

TEST_F(PublishingTest, ListsMonthsWithPublishedPostsNewestFirst) {
  AddPost(kMay1);
  AddPost(kMay1 + kDay);
  AddPost(kMay1 + 40 * kDay);                      // June
  AddPost(kMay1 - 200 * kDay);                     // October 2023
  AddPost(kMay1 + 80 * kDay, PostStatus::kDraft);  // not counted
  Add({.type = PostType::kPage, .slug = "p", .published_at = kMay1 + 80 * kDay});
  auto months = ListMonths(*store_);
  ASSERT_TRUE(months) << months.error().message;
  ASSERT_EQ(months->size(), 3u);
  EXPECT_EQ((*months)[0].year, 2024);
  EXPECT_EQ((*months)[0].month, 6);
  EXPECT_EQ((*months)[0].posts, 1);
  EXPECT_EQ((*months)[1].month, 5);
  EXPECT_EQ((*months)[1].posts, 2);
  EXPECT_EQ((*months)[2].year, 2023);
  EXPECT_EQ((*months)[2].month, 10);
}

TEST_F(PublishingTest, SchedulerPublishesDueItemsAndRecordsTheirTags) {
  auto none = NextScheduled(*store_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  int64_t tag = AddTerm(kPostTag, "soon");
  int64_t due = Add({.status = PostStatus::kFuture, .author_id = 3, .published_at = kMay1});
  int64_t later = AddPost(kMay1 + kDay, PostStatus::kFuture);
  AddPost(kMay1 - kDay, PostStatus::kDraft);
  Assign(due, kPostTag, {tag});
  auto next = NextScheduled(*store_);
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, kMay1);

  tags_.clear();
  int64_t published = 0;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto count = PublishDue(tx, kMay1 + 10);
    if (!count) return std::unexpected(count.error());
    published = *count;
    return {};
  }));
  EXPECT_EQ(published, 1);
  EXPECT_THAT(Ids({}), ElementsAre(due));
  EXPECT_THAT(tags_, UnorderedElementsAre("post:" + std::to_string(due), "front", "sitemap",
                                          "search", "author:3", "date:2024", "date:2024-05",
                                          "date:2024-05-01", "term:" + std::to_string(tag)));
  auto term = FindTerm(*store_, tag);
  ASSERT_TRUE(term && *term);
  EXPECT_EQ((*term)->count, 1);  // counted once published
  next = NextScheduled(*store_);
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, kMay1 + kDay);
  auto post = store_->FindPost(later);
  ASSERT_TRUE(post && *post);
  EXPECT_EQ((*post)->status, PostStatus::kFuture);
}

TEST_F(PublishingTest, LastModifiedOfPublishedItemsOfAType) {
  auto empty = LastModified(*store_, PostType::kPost);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, 0);
  Add({.modified_at = 50});
  Add({.modified_at = 70});
  Add({.status = PostStatus::kDraft, .modified_at = 90});
  Add({.type = PostType::kPage, .slug = "x", .modified_at = 80});
  auto posts = LastModified(*store_, PostType::kPost);
  auto pages = LastModified(*store_, PostType::kPage);
  ASSERT_TRUE(posts && pages);
  EXPECT_EQ(*posts, 70);
  EXPECT_EQ(*pages, 80);
}

TEST_F(PublishingTest, RecentCommentsAreApprovedOnesOfPublishedItemsNewestFirst) {
  int64_t a = Add({.title = "A"});
  int64_t b = Add({.title = "B"});
  int64_t draft = Add({.status = PostStatus::kDraft});
  int64_t locked = Add({.password = "secret"});
  AddComment(a, CommentStatus::kApproved, 10);
  AddComment(b, CommentStatus::kApproved, 30);
  AddComment(a, CommentStatus::kApproved, 20);
  AddComment(a, CommentStatus::kPending, 40);
  AddComment(draft, CommentStatus::kApproved, 50);
  AddComment(locked, CommentStatus::kApproved, 60);
  auto recent = RecentComments(*store_, 0, 10);
  ASSERT_TRUE(recent) << recent.error().message;
  std::vector<int64_t> times;
  for (const CommentWithPost& row : *recent) times.push_back(row.comment.created_at);
  EXPECT_THAT(times, ElementsAre(30, 20, 10));
  EXPECT_EQ((*recent)[0].post.title, "B");
  auto of_a = RecentComments(*store_, a, 1);
  ASSERT_TRUE(of_a);
  ASSERT_EQ(of_a->size(), 1u);
  EXPECT_EQ((*of_a)[0].comment.created_at, 20);
  EXPECT_EQ((*of_a)[0].post.id, a);
}

// Every list shape is answered from an index: no scan of the posts table, and the common
// lists need no sort (they walk the index in order and stop at the page's end).
TEST_F(PublishingTest, ListsAreIndexLookups) {
  std::vector<ListQuery> shapes = {{},
                                   {.sticky_first = true},
                                   {.type = PostType::kPage},
                                   {.author_id = 1},
                                   {.from = 1, .to = 2},
                                   {.term_id = 1},
                                   {.term_id = 1, .author_id = 1, .from = 1}};
  for (const ListQuery& query : shapes) {
    for (bool count : {false, true}) {
      std::vector<std::string> plan = Plan(sqlite::ListItemsSql(query, count));
      ASSERT_THAT(plan, Not(IsEmpty()));
      for (const std::string& line : plan) {
        EXPECT_THAT(line, Not(HasSubstr("SCAN posts"))) << sqlite::ListItemsSql(query, count);
        if (query.term_id == 0) {
          EXPECT_THAT(line, Not(HasSubstr("TEMP B-TREE"))) << sqlite::ListItemsSql(query, count);
        }
      }
    }
  }
}

TEST_F(PublishingTest, SavingAPostRecordsItsTagsBeforeAndAfterAndKeepsTheOldSlug) {
  int64_t news = AddTerm(kCategory, "news");
  Post post{.title = "Hello", .author_id = 4, .published_at = kMay1};
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto saved = SavePost(tx, post, "hello");
    if (!saved) return std::unexpected(saved.error());
    post = *saved;
    return SetItemTerms(tx, post.id, kCategory, {news});
  }));
  tags_.clear();
  post.published_at = kMay1 + 40 * kDay;  // moves to June
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto saved = SavePost(tx, post, "hello-world");
    if (!saved) return std::unexpected(saved.error());
    EXPECT_EQ(saved->slug, "hello-world");
    return {};
  }));
  EXPECT_THAT(tags_, ::testing::IsSupersetOf({std::string("date:2024-05-01"),
                                              std::string("date:2024-06-10"),
                                              "term:" + std::to_string(news)}));
  auto old = FindOldSlug(*store_, PostType::kPost, "hello");
  ASSERT_TRUE(old && *old);
  EXPECT_EQ(**old, post.id);
}

}  // namespace
}  // namespace quire::store
