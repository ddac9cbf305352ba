// Original paths of imported items (store/original_paths.h) on a real SQLite store.
#include <gtest/gtest.h>

#include <string>

#include "store/original_paths.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

class OriginalPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override { store_->Close(); }

  Status Write(const std::function<Status(Transaction&)>& job) { return store_->WriteSync(job); }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(OriginalPathsTest, FindsWhatWasRecordedAndTheLatestWins) {
  ASSERT_TRUE(Write([](Transaction& tx) -> Status {
    if (Status s = AddOriginalPath(tx, "/2012/01/日本.html", WxrKind::kPost, 7); !s) return s;
    if (Status s = AddOriginalPath(tx, "/blog/x/", WxrKind::kMedia, 3); !s) return s;
    return AddOriginalPath(tx, "/blog/x/", WxrKind::kPost, 9);
  }));
  auto found = FindOriginalPath(*store_, "/2012/01/日本.html");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->kind, WxrKind::kPost);
  EXPECT_EQ((*found)->quire_id, 7);
  found = FindOriginalPath(*store_, "/blog/x/");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->kind, WxrKind::kPost);
  EXPECT_EQ((*found)->quire_id, 9);
  found = FindOriginalPath(*store_, "/blog/x");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  auto paths = OriginalPathsOf(*store_, WxrKind::kPost, 9);
  ASSERT_TRUE(paths);
  EXPECT_EQ(*paths, std::vector<std::string>{"/blog/x/"});
}

TEST_F(OriginalPathsTest, RefusesPathsWithoutSlashAndOtherKinds) {
  Status s = Write([](Transaction& tx) { return AddOriginalPath(tx, "x/", WxrKind::kPost, 1); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalid);
  s = Write([](Transaction& tx) { return AddOriginalPath(tx, "/x/", WxrKind::kComment, 1); });
  EXPECT_FALSE(s);
  s = Write([](Transaction& tx) { return AddDroppedBase(tx, "/blog/"); });
  EXPECT_FALSE(s);
}

TEST_F(OriginalPathsTest, ListsDroppedBasesLongestFirst) {
  ASSERT_TRUE(Write([](Transaction& tx) -> Status {
    if (Status s = AddDroppedBase(tx, "/blog"); !s) return s;
    if (Status s = AddDroppedBase(tx, "/blog"); !s) return s;  // twice: one row
    return AddDroppedBase(tx, "/old/blog");
  }));
  auto bases = ListDroppedBases(*store_);
  ASSERT_TRUE(bases);
  EXPECT_EQ(*bases, (std::vector<std::string>{"/old/blog", "/blog"}));
}

}  // namespace
}  // namespace quire::store
