// The posts screen's queries on a real SQLite store: the status filter (All leaves the Trash
// out), the author filter, pages and totals, counts per status, author names and approved
// comment counts, unique slugs on insert and update, and moving to the Trash with its change tags.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/posts_admin.h"
#include "store/publishing.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

class PostsAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    store_->OnCommit([this](const std::vector<std::string>& tags) {
      tags_.insert(tags_.end(), tags.begin(), tags.end());
    });
    User user;
    user.login = "ada";
    user.display_name = "Ada L.";
    user.email = "ada@example.com";
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertUser(user);
      if (!id) return std::unexpected(id.error());
      ada_ = *id;
      return {};
    }));
  }
  void TearDown() override { store_->Close(); }

  int64_t Add(std::string title, PostStatus status, int64_t published_at, int64_t author_id = 0,
              PostType type = PostType::kPost) {
    Post post;
    post.type = type;
    post.title = title;
    post.status = status;
    post.published_at = published_at;
    post.author_id = author_id;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto saved = SavePost(tx, post, "p");
      if (!saved) return std::unexpected(saved.error());
      id = saved->id;
      return {};
    }));
    return id;
  }

  void AddComment(int64_t post_id, CommentStatus status) {
    Comment comment;
    comment.post_id = post_id;
    comment.author = "Ann";
    comment.content = "Hi " + std::to_string(++comments_);
    comment.status = status;
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertComment(comment);
      if (!id) return std::unexpected(id.error());
      return {};
    }));
  }

  std::vector<int64_t> Ids(const PostListQuery& query) {
    auto page = ListPostsForAdmin(*store_, query);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    if (page) {
      for (const PostRow& row : page->rows) ids.push_back(row.post.id);
    }
    return ids;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> tags_;
  int64_t ada_ = 0;
  int comments_ = 0;
};

TEST_F(PostsAdminTest, FiltersByStatusAndAuthorNewestFirst) {
  int64_t old = Add("Old", PostStatus::kPublish, 100, ada_);
  int64_t draft = Add("Draft", PostStatus::kDraft, 300);
  int64_t recent = Add("Recent", PostStatus::kPublish, 200, ada_);
  int64_t trashed = Add("Gone", PostStatus::kTrash, 400, ada_);
  EXPECT_THAT(Ids({}), ElementsAre(draft, recent, old));
  EXPECT_THAT(Ids({.status = PostStatus::kPublish}), ElementsAre(recent, old));
  EXPECT_THAT(Ids({.status = PostStatus::kDraft}), ElementsAre(draft));
  EXPECT_THAT(Ids({.status = PostStatus::kTrash}), ElementsAre(trashed));
  EXPECT_THAT(Ids({.author_id = ada_}), ElementsAre(recent, old));
}

TEST_F(PostsAdminTest, PagesKeepTheTotal) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Add("P", PostStatus::kPublish, 100 + i));
  auto page = ListPostsForAdmin(*store_, {.offset = 2, .limit = 2});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].post.id, ids[2]);
  EXPECT_EQ(page->rows[1].post.id, ids[1]);
}

TEST_F(PostsAdminTest, RowsCarryAuthorNameAndApprovedCommentCount) {
  int64_t id = Add("Commented", PostStatus::kPublish, 100, ada_);
  AddComment(id, CommentStatus::kApproved);
  AddComment(id, CommentStatus::kApproved);
  AddComment(id, CommentStatus::kPending);
  AddComment(id, CommentStatus::kSpam);
  auto page = ListPostsForAdmin(*store_, {});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0].author_name, "Ada L.");
  EXPECT_EQ(page->rows[0].approved_comments, 2);
}

TEST_F(PostsAdminTest, CountsPerStatusAndPerAuthor) {
  Add("A", PostStatus::kPublish, 1, ada_);
  Add("B", PostStatus::kPublish, 2);
  Add("C", PostStatus::kDraft, 3, ada_);
  Add("D", PostStatus::kTrash, 4);
  auto counts = CountPostsByStatus(*store_);
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->publish, 2);
  EXPECT_EQ(counts->draft, 1);
  EXPECT_EQ(counts->trash, 1);
  EXPECT_EQ(counts->all(), 3);
  auto mine = CountPostsByStatus(*store_, ada_);
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->publish, 1);
  EXPECT_EQ(mine->draft, 1);
  EXPECT_EQ(mine->trash, 0);
}

TEST_F(PostsAdminTest, SlugsStayUniqueAndAPostKeepsItsOwnOnUpdate) {
  int64_t first = Add("One", PostStatus::kPublish, 1);
  int64_t second = Add("Two", PostStatus::kPublish, 2);
  auto one = store_->FindPost(first);
  auto two = store_->FindPost(second);
  ASSERT_TRUE(one && *one && two && *two);
  EXPECT_EQ((*one)->slug, "p");
  EXPECT_EQ((*two)->slug, "p-2");
  Post edited = **one;
  edited.title = "One, edited";
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto saved = SavePost(tx, edited, "p");
    if (!saved) return std::unexpected(saved.error());
    EXPECT_EQ(saved->slug, "p");
    return {};
  }));
  EXPECT_THAT(tags_, IsSupersetOf({"post:" + std::to_string(first), std::string("front"),
                                   std::string("sitemap"), std::string("search")}));
  auto old_slug = FindOldSlug(*store_, PostType::kPost, "p");
  ASSERT_TRUE(old_slug);
  EXPECT_FALSE(*old_slug);  // the slug did not change
  auto reread = store_->FindPost(first);
  ASSERT_TRUE(reread && *reread);
  EXPECT_EQ((*reread)->title, "One, edited");
}

TEST_F(PostsAdminTest, UpdatingAMissingPostIsNotFound) {
  Post ghost;
  ghost.id = 999;
  ghost.title = "Ghost";
  Status status = store_->WriteSync([&](Transaction& tx) -> Status {
    auto saved = SavePost(tx, ghost, "ghost");
    if (!saved) return std::unexpected(saved.error());
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::kNotFound);
}

TEST_F(PostsAdminTest, TrashMovesThePostAndRecordsItsTags) {
  int64_t id = Add("Bye", PostStatus::kPublish, 1);
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto before = TrashPost(tx, id);
    if (!before) return std::unexpected(before.error());
    EXPECT_EQ(before->status, PostStatus::kPublish);
    return {};
  }));
  auto post = store_->FindPost(id);
  ASSERT_TRUE(post && *post);
  EXPECT_EQ((*post)->status, PostStatus::kTrash);
  EXPECT_THAT(tags_, IsSupersetOf({"post:" + std::to_string(id), std::string("front"),
                                   std::string("sitemap"), std::string("date:1970")}));
  Status missing = store_->WriteSync([](Transaction& tx) -> Status {
    auto before = TrashPost(tx, 12345);
    if (!before) return std::unexpected(before.error());
    return {};
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_F(PostsAdminTest, SlugsAreUniquePerTypeSoAPageAndAPostMayShareOne) {
  int64_t post = Add("Post", PostStatus::kPublish, 1);
  int64_t page = Add("Page", PostStatus::kPublish, 2, 0, PostType::kPage);
  int64_t page2 = Add("Page 2", PostStatus::kPublish, 3, 0, PostType::kPage);
  auto a = store_->FindPost(post);
  auto b = store_->FindPost(page);
  auto c = store_->FindPost(page2);
  ASSERT_TRUE(a && *a && b && *b && c && *c);
  EXPECT_EQ((*a)->slug, "p");
  EXPECT_EQ((*b)->slug, "p");
  EXPECT_EQ((*c)->slug, "p-2");
  EXPECT_EQ((*b)->type, PostType::kPage);
}

TEST_F(PostsAdminTest, RenamingKeepsTheOldSlugForA301) {
  int64_t id = Add("Hello", PostStatus::kPublish, 1);
  auto post = store_->FindPost(id);
  ASSERT_TRUE(post && *post);
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto saved = SavePost(tx, **post, "renamed");
    if (!saved) return std::unexpected(saved.error());
    EXPECT_EQ(saved->slug, "renamed");
    return {};
  }));
  auto old = FindOldSlug(*store_, PostType::kPost, "p");
  ASSERT_TRUE(old && *old);
  EXPECT_EQ(**old, id);
}

TEST_F(PostsAdminTest, ListsAndCountsOneTypeAtATime) {
  int64_t post = Add("Post", PostStatus::kPublish, 1);
  int64_t page = Add("Page", PostStatus::kPublish, 2, 0, PostType::kPage);
  int64_t draft_page = Add("Draft page", PostStatus::kDraft, 3, 0, PostType::kPage);
  EXPECT_THAT(Ids({}), ElementsAre(post));
  EXPECT_THAT(Ids({.type = PostType::kPage}), ElementsAre(draft_page, page));
  auto pages = ListPostsForAdmin(*store_, {.type = PostType::kPage});
  ASSERT_TRUE(pages);
  EXPECT_EQ(pages->total, 2);
  auto posts = CountPostsByStatus(*store_);
  auto page_counts = CountPostsByStatus(*store_, 0, PostType::kPage);
  ASSERT_TRUE(posts && page_counts);
  EXPECT_EQ(posts->all(), 1);
  EXPECT_EQ(page_counts->publish, 1);
  EXPECT_EQ(page_counts->draft, 1);
}

}  // namespace
}  // namespace quire::store
