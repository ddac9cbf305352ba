// The import's inserts that keep WordPress's numbers (store/wxr_ids.h) on a real SQLite store:
// a free number is kept, a taken one gives a number above both every id in use and the file's
// largest, and the row holds every field as tx.InsertComment would have written it (the
// duplicate check finds it through its content hash).
#include <gtest/gtest.h>

#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "store/wxr_ids.h"

namespace quire::store {
namespace {

class WxrIdsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    Post post;
    post.slug = "item";
    post.title = "Item";
    post.status = PostStatus::kPublish;
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post_id_ = *id;
      return {};
    }));
  }
  void TearDown() override { store_->Close(); }

  Comment Sample(std::string content) const {
    Comment comment;
    comment.post_id = post_id_;
    comment.author = "Ann";
    comment.email = "ann@example.com";
    comment.url = "https://ann.example/";
    comment.ip = "192.0.2.1";
    comment.content = std::move(content);
    comment.created_at = 1700000000;
    comment.status = CommentStatus::kApproved;
    comment.html = true;
    return comment;
  }

  int64_t Insert(const Comment& comment, int64_t preferred, int64_t reserved) {
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = InsertCommentPreferringId(tx, comment, preferred, reserved);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  std::optional<Comment> Read(int64_t id) {
    std::optional<Comment> found;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto comment = tx.FindComment(id);
      if (!comment) return std::unexpected(comment.error());
      found = *comment;
      return {};
    }));
    return found;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t post_id_ = 0;
};

TEST_F(WxrIdsTest, KeepsAFreeCommentNumberWithEveryField) {
  Comment reply = Sample("<p>Second</p>");
  reply.parent_id = 7;
  reply.status = CommentStatus::kSpam;
  reply.previous_status = CommentStatus::kPending;
  reply.user_id = 3;
  EXPECT_EQ(Insert(Sample("First"), 7, 40), 7);
  EXPECT_EQ(Insert(reply, 5, 40), 5);
  std::optional<Comment> stored = Read(5);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->post_id, post_id_);
  EXPECT_EQ(stored->parent_id, 7);
  EXPECT_EQ(stored->author, "Ann");
  EXPECT_EQ(stored->email, "ann@example.com");
  EXPECT_EQ(stored->url, "https://ann.example/");
  EXPECT_EQ(stored->ip, "192.0.2.1");
  EXPECT_EQ(stored->content, "<p>Second</p>");
  EXPECT_EQ(stored->created_at, 1700000000);
  EXPECT_EQ(stored->status, CommentStatus::kSpam);
  EXPECT_EQ(stored->previous_status, CommentStatus::kPending);
  EXPECT_EQ(stored->user_id, 3);
  EXPECT_TRUE(stored->html);
  std::optional<Comment> first = Read(7);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->previous_status, std::nullopt);
  EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto duplicate = tx.HasDuplicateComment(Sample("First"));
    if (!duplicate) return std::unexpected(duplicate.error());
    EXPECT_TRUE(*duplicate);  // found by its content hash
    return {};
  }));
}

TEST_F(WxrIdsTest, GivesATakenCommentNumberOneAboveEverythingAndTheFile) {
  EXPECT_EQ(Insert(Sample("a"), 3, 10), 3);
  EXPECT_EQ(Insert(Sample("b"), 3, 10), 11);  // above the file's numbers (up to 10)
  EXPECT_EQ(Insert(Sample("c"), 3, 10), 12);
  EXPECT_EQ(Insert(Sample("d"), 50, 10), 50);
  EXPECT_EQ(Insert(Sample("e"), 3, 10), 51);
  EXPECT_EQ(Insert(Sample("f"), 0, 10), 52);  // no number of its own: the next one
  ASSERT_TRUE(Read(11));
  EXPECT_EQ(Read(11)->content, "b");
}

}  // namespace
}  // namespace quire::store
