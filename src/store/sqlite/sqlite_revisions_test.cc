// Revisions of store/revisions.h on a real SQLite store: a copy per changed save, none for an
// unchanged one, newest first, found by id, and gone with their item.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/revisions.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RevisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    post_.slug = "hello";
    post_.title = "Hello";
    post_.body = "First *draft*";
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertPost(post_);
      if (!id) return std::unexpected(id.error());
      post_.id = *id;
      return {};
    }));
  }
  void TearDown() override { store_->Close(); }

  int64_t Keep(const Post& post, int64_t author_id, int64_t now) {
    int64_t id = -1;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto kept = AddRevision(tx, post, author_id, now);
      if (!kept) return std::unexpected(kept.error());
      id = *kept;
      return {};
    }));
    return id;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Post post_;
};

TEST_F(RevisionsTest, KeepsOnePerChangedSaveNewestFirst) {
  int64_t first = Keep(post_, 3, 100);
  EXPECT_GT(first, 0);
  EXPECT_EQ(Keep(post_, 3, 110), 0);  // nothing changed
  Post edited = post_;
  edited.body = "Second draft";
  edited.format = PostFormat::kHtml;
  edited.excerpt = "Short";
  int64_t second = Keep(edited, 4, 200);
  EXPECT_GT(second, first);
  Post back = post_;  // back to the first text: a change from the newest, so kept
  int64_t third = Keep(back, 3, 300);
  EXPECT_GT(third, second);

  auto revisions = ListRevisions(*store_, post_.id);
  ASSERT_TRUE(revisions) << revisions.error().message;
  std::vector<int64_t> ids;
  for (const Revision& revision : *revisions) ids.push_back(revision.id);
  EXPECT_THAT(ids, ElementsAre(third, second, first));

  auto found = FindRevision(*store_, second);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->post_id, post_.id);
  EXPECT_EQ((*found)->author_id, 4);
  EXPECT_EQ((*found)->created_at, 200);
  EXPECT_EQ((*found)->title, "Hello");
  EXPECT_EQ((*found)->body, "Second draft");
  EXPECT_EQ((*found)->format, PostFormat::kHtml);
  EXPECT_EQ((*found)->excerpt, "Short");
  auto missing = FindRevision(*store_, 9999);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto none = ListRevisions(*store_, 9999);
  ASSERT_TRUE(none);
  EXPECT_THAT(*none, IsEmpty());
}

TEST_F(RevisionsTest, RevisionsGoWithTheirItem) {
  Keep(post_, 1, 100);
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(c.error());
    return (*c)->Exec("DELETE FROM posts", "deleting every post");
  }));
  auto revisions = ListRevisions(*store_, post_.id);
  ASSERT_TRUE(revisions);
  EXPECT_THAT(*revisions, IsEmpty());
}

}  // namespace
}  // namespace quire::store
