// The REST API's lists (store/api_queries.h) on a real SQLite store: each filter, the orders,
// totals over pages, and what anonymous callers never see (drafts, held comments, comments on
// password-protected items).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/api_queries.h"
#include "store/sqlite/sqlite_store.h"
#include "store/taxonomy.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ApiQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
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
  int64_t AddComment(Comment comment) {
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertComment(comment);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }
  int64_t AddTerm(std::string taxonomy, std::string name) {
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto saved = SaveTerm(tx, Term{.taxonomy = taxonomy, .name = name, .slug = name});
      if (!saved) return std::unexpected(saved.error());
      id = saved->id;
      return {};
    }));
    return id;
  }
  void Tag(int64_t post, std::string_view taxonomy, std::vector<int64_t> terms) {
    EXPECT_TRUE(store_->WriteSync(
        [&](Transaction& tx) { return SetItemTerms(tx, post, taxonomy, terms); }));
  }
  std::vector<int64_t> Ids(const ItemFilter& filter) {
    Result<ListPage> page = QueryItems(*store_, filter);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    for (const Post& post : page->items) ids.push_back(post.id);
    return ids;
  }
  std::vector<int64_t> CommentIds(const CommentFilter& filter) {
    Result<CommentPage> page = QueryComments(*store_, filter);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    for (const Comment& comment : page->comments) ids.push_back(comment.id);
    return ids;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int added_ = 0;
};

TEST_F(ApiQueriesTest, ItemsAreFilteredOrderedAndCounted) {
  int64_t a = Add({.title = "Apple pie", .author_id = 1, .published_at = 100});
  int64_t b = Add({.title = "Banana bread", .author_id = 2, .published_at = 200});
  int64_t c =
      Add({.title = "Cherry tart", .body = "with apple", .author_id = 1, .published_at = 300});
  Add({.title = "Draft", .status = PostStatus::kDraft, .published_at = 400});
  Add({.type = PostType::kPage, .title = "A page", .published_at = 500});
  int64_t cat = AddTerm("category", "food");
  int64_t tag = AddTerm("post_tag", "sweet");
  Tag(a, kCategory, {cat});
  Tag(b, kCategory, {cat});
  Tag(b, kPostTag, {tag});

  EXPECT_THAT(Ids({}), ElementsAre(c, b, a));  // newest first; no drafts, no pages
  EXPECT_THAT(Ids({.ascending = true}), ElementsAre(a, b, c));
  EXPECT_THAT(Ids({.order_by = ItemFilter::OrderBy::kTitle, .ascending = true}),
              ElementsAre(a, b, c));
  EXPECT_THAT(Ids({.include = {b, a}}), ElementsAre(b, a));
  EXPECT_THAT(
      Ids({.include = {b, a}, .order_by = ItemFilter::OrderBy::kInclude, .ascending = true}),
      ElementsAre(b, a));
  EXPECT_THAT(Ids({.exclude = {b}}), ElementsAre(c, a));
  EXPECT_THAT(Ids({.authors = {1}}), ElementsAre(c, a));
  EXPECT_THAT(Ids({.authors_exclude = {1}}), ElementsAre(b));
  EXPECT_THAT(Ids({.categories = {cat}}), ElementsAre(b, a));
  EXPECT_THAT(Ids({.categories = {tag}}), IsEmpty());  // a tag's id is not a category
  EXPECT_THAT(Ids({.categories_exclude = {cat}}), ElementsAre(c));
  EXPECT_THAT(Ids({.categories = {cat}, .tags = {tag}}), ElementsAre(b));
  EXPECT_THAT(Ids({.tags_exclude = {tag}}), ElementsAre(c, a));
  EXPECT_THAT(Ids({.slugs = {"item-1", "item-3"}}), ElementsAre(c, a));
  EXPECT_THAT(Ids({.search = "apple"}), ElementsAre(c, a));  // title or body
  EXPECT_THAT(Ids({.search = "100%"}), IsEmpty());           // wildcards are literal
  // Relevance: the title match before the body match, whatever the dates.
  EXPECT_THAT(Ids({.search = "apple", .order_by = ItemFilter::OrderBy::kRelevance}),
              ElementsAre(a, c));
  EXPECT_THAT(Ids({.type = PostType::kPage}).size(), 1u);
  EXPECT_THAT(Ids({.after = 100}), ElementsAre(c, b));  // strictly after
  EXPECT_THAT(Ids({.after = 100, .before = 300}), ElementsAre(b));

  Result<ListPage> page = QueryItems(*store_, {.offset = 1, .limit = 1});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, b);

  int64_t pinned = Add({.title = "Pinned", .published_at = 50, .sticky = true});
  EXPECT_THAT(Ids({.sticky = true}), ElementsAre(pinned));
  EXPECT_THAT(Ids({.sticky = false}), ElementsAre(c, b, a));
}

TEST_F(ApiQueriesTest, CommentsAreApprovedOnesOfPublishedItemsWithoutPassword) {
  int64_t post = Add({.title = "Open", .published_at = 100});
  int64_t locked = Add({.title = "Locked", .published_at = 100, .password = "x"});
  int64_t draft = Add({.title = "Draft", .status = PostStatus::kDraft});
  auto comment = [&](int64_t on, CommentStatus status, int64_t parent, int64_t at) {
    return AddComment({.post_id = on,
                       .parent_id = parent,
                       .author = "A",
                       .email = "a@x.org",
                       .content = "text " + std::to_string(at),
                       .created_at = at,
                       .status = status});
  };
  int64_t first = comment(post, CommentStatus::kApproved, 0, 10);
  int64_t reply = comment(post, CommentStatus::kApproved, first, 20);
  comment(post, CommentStatus::kPending, 0, 30);
  comment(post, CommentStatus::kSpam, 0, 40);
  comment(locked, CommentStatus::kApproved, 0, 50);
  comment(draft, CommentStatus::kApproved, 0, 60);

  EXPECT_THAT(CommentIds({}), ElementsAre(reply, first));
  EXPECT_THAT(CommentIds({.ascending = true}), ElementsAre(first, reply));
  EXPECT_THAT(CommentIds({.posts = {locked, draft}}), IsEmpty());
  EXPECT_THAT(CommentIds({.parents = {0}}), ElementsAre(first));
  EXPECT_THAT(CommentIds({.parents = {first}}), ElementsAre(reply));
  EXPECT_THAT(CommentIds({.parents_exclude = {0}}), ElementsAre(reply));
  EXPECT_THAT(CommentIds({.exclude = {reply}}), ElementsAre(first));
  EXPECT_THAT(CommentIds({.search = "text 2"}), ElementsAre(reply));
  EXPECT_THAT(CommentIds({.search = "a@x.org"}), IsEmpty());  // emails are never searched
  EXPECT_THAT(CommentIds({.after = 10}), ElementsAre(reply));
  EXPECT_THAT(CommentIds({.before = 20}), ElementsAre(first));

  Result<CommentPage> page = QueryComments(*store_, {.limit = 0});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2);
  EXPECT_THAT(page->comments, IsEmpty());
}

TEST_F(ApiQueriesTest, PublishedAuthorsOnly) {
  Add({.author_id = 7, .published_at = 1});
  Add({.author_id = 3, .published_at = 1});
  Add({.status = PostStatus::kDraft, .author_id = 9});
  Add({.author_id = 0, .published_at = 1});
  Result<std::vector<int64_t>> ids = PublishedAuthorIds(*store_);
  ASSERT_TRUE(ids);
  EXPECT_THAT(*ids, ElementsAre(3, 7));
}

}  // namespace
}  // namespace quire::store
