// The database file replaced under a running store: writes are refused from then on, and a
// write committed just as the file was replaced is not acknowledged.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

class SqliteStoreFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = file_});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  Status SetTitle(const std::string& title) {
    return store_->WriteSync(
        [&](Transaction& tx) -> Status { return tx.SetSetting("blogname", title); });
  }

  testing::TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "quire.db";
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreFileTest, WritesAreAcknowledgedWhileTheFileIsTheOneOpened) {
  EXPECT_TRUE(CheckSqliteFile(*store_));
  EXPECT_TRUE(SetTitle("one"));
  EXPECT_TRUE(CheckSqliteFile(*store_));
}

TEST_F(SqliteStoreFileTest, AReplacedFileRefusesEveryLaterWrite) {
  ASSERT_TRUE(SetTitle("before"));
  const std::filesystem::path copy = dir_.path() / "copy.db";
  std::filesystem::copy_file(file_, copy);
  std::filesystem::rename(copy, file_);  // what `cp backup.db x && mv x quire.db` does

  Status check = CheckSqliteFile(*store_);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(check.error().message.find("replaced or removed"), std::string::npos);
  Status write = SetTitle("after");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().kind, ErrorKind::kUnavailable);
  EXPECT_FALSE(CheckSqliteFile(*store_));  // it stays refused
}

TEST_F(SqliteStoreFileTest, AWriteCommittedAsTheFileIsReplacedIsNotAcknowledged) {
  const std::filesystem::path copy = dir_.path() / "copy.db";
  std::filesystem::copy_file(file_, copy);
  // The job itself swaps the file: its commit goes into the old file, so it must not be
  // acknowledged (the caller keeps the text and may send it again).
  Status write = store_->WriteSync([&](Transaction& tx) -> Status {
    std::filesystem::rename(copy, file_);
    return tx.SetSetting("blogname", "lost");
  });
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().kind, ErrorKind::kUnavailable);
}

TEST_F(SqliteStoreFileTest, ARemovedFileIsDetectedToo) {
  std::filesystem::remove(file_);
  EXPECT_FALSE(CheckSqliteFile(*store_));
  EXPECT_FALSE(SetTitle("gone"));
}

}  // namespace
}  // namespace quire::store
