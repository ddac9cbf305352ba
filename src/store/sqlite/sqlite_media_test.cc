// Uploads on a real SQLite store: insert and update with variants, finding by id and by file,
// newest-first lists, which items use an upload (body URL, a variant's URL, featured image),
// change tags, and deleting (variants go with the row).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/media.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MediaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    store_->OnCommit([this](const std::vector<std::string>& tags) {
      tags_.insert(tags_.end(), tags.begin(), tags.end());
    });
  }

  static Media Cat(int64_t created_at = 100) {
    return Media{
        .file = "2026/11/cat.jpg",
        .mime_type = "image/jpeg",
        .title = "cat",
        .width = 1200,
        .height = 800,
        .bytes = 5000,
        .author_id = 3,
        .created_at = created_at,
        .variants = {{"medium", "2026/11/cat-300x200.jpg", "image/jpeg", 300, 200, 900},
                     {"webp:medium", "2026/11/cat-300x200.jpg.webp", "image/webp", 300, 200, 700}}};
  }

  int64_t Save(const Media& media) {
    int64_t id = 0;
    Status saved = store_->WriteSync([&](Transaction& tx) -> Status {
      auto result = SaveMedia(tx, media);
      if (!result) return std::unexpected(result.error());
      id = *result;
      return {};
    });
    EXPECT_TRUE(saved) << saved.error().message;
    return id;
  }

  int64_t AddPost(std::string slug, std::string body, int64_t featured = 0) {
    Post post;
    post.slug = std::move(slug);
    post.body = std::move(body);
    post.featured_media_id = featured;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto result = tx.InsertPost(post);
      if (!result) return std::unexpected(result.error());
      id = *result;
      return {};
    }));
    return id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> tags_;
};

TEST_F(MediaStoreTest, SavesAndFindsWithVariants) {
  int64_t id = Save(Cat());
  ASSERT_GT(id, 0);
  auto found = FindMedia(*store_, id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->file, "2026/11/cat.jpg");
  EXPECT_EQ((*found)->width, 1200);
  EXPECT_EQ((*found)->author_id, 3);
  ASSERT_EQ((*found)->variants.size(), 2u);
  EXPECT_EQ((*found)->variants[0].file, "2026/11/cat-300x200.jpg");
  EXPECT_EQ((*found)->variants[1].mime_type, "image/webp");
  auto by_file = FindMediaByFile(*store_, "2026/11/cat.jpg");
  ASSERT_TRUE(by_file && *by_file);
  EXPECT_EQ((*by_file)->id, id);
  EXPECT_EQ((*by_file)->variants.size(), 2u);
  auto missing = FindMediaByFile(*store_, "2026/11/dog.jpg");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  EXPECT_THAT(tags_, Contains("media:" + std::to_string(id)));
}

TEST_F(MediaStoreTest, FileIsUnique) {
  Save(Cat());
  Status again = store_->WriteSync([&](Transaction& tx) -> Status {
    auto result = SaveMedia(tx, Cat());
    if (!result) return std::unexpected(result.error());
    return {};
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

TEST_F(MediaStoreTest, UpdatesMetadataAndReplacesVariants) {
  Media media = Cat();
  media.id = Save(media);
  media.alt = "A cat on a mat";
  media.caption = "Our cat";
  media.variants.pop_back();
  EXPECT_EQ(Save(media), media.id);
  auto found = FindMedia(*store_, media.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->alt, "A cat on a mat");
  EXPECT_EQ((*found)->caption, "Our cat");
  EXPECT_EQ((*found)->variants.size(), 1u);
  auto count = CountMedia(*store_);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
}

TEST_F(MediaStoreTest, ListsNewestFirstWithPages) {
  Media a = Cat(100);
  Media b = Cat(300);
  b.file = "2026/11/b.jpg";
  b.variants.clear();
  Media c = Cat(200);
  c.file = "2026/11/c.jpg";
  c.variants.clear();
  Save(a);
  Save(b);
  Save(c);
  auto first = ListMedia(*store_, 0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].file, "2026/11/b.jpg");
  EXPECT_EQ((*first)[1].file, "2026/11/c.jpg");
  auto second = ListMedia(*store_, 2, 2);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].variants.size(), 2u);
}

TEST_F(MediaStoreTest, UsedByBodiesVariantsAndFeaturedImages) {
  Media media = Cat();
  media.id = Save(media);
  int64_t original = AddPost("a", "![cat](/wp-content/uploads/2026/11/cat.jpg)");
  int64_t variant = AddPost("b", "<img src=\"/wp-content/uploads/2026/11/cat-300x200.jpg\">");
  int64_t featured = AddPost("c", "no image", media.id);
  AddPost("d", "/wp-content/uploads/2026/11/cat-2.jpg is another file");
  auto users = MediaUsedBy(*store_, media);
  ASSERT_TRUE(users);
  EXPECT_THAT(*users, ElementsAre(original, variant, featured));

  tags_.clear();
  media.alt = "changed";
  Save(media);
  EXPECT_THAT(tags_, Contains("post:" + std::to_string(original)));
  EXPECT_THAT(tags_, Contains("post:" + std::to_string(featured)));
}

TEST_F(MediaStoreTest, DeleteRemovesTheRowAndVariantsAndTagsUsers) {
  Media media = Cat();
  media.id = Save(media);
  int64_t user = AddPost("a", "<img src=\"/wp-content/uploads/2026/11/cat.jpg\">");
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return DeleteMedia(tx, media.id); }));
  auto found = FindMedia(*store_, media.id);
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  EXPECT_THAT(tags_, Contains("post:" + std::to_string(user)));
  EXPECT_THAT(tags_, Contains("media:" + std::to_string(media.id)));
  // The file may be used again by a new upload, with no variants left over.
  Media again = Cat();
  again.variants.clear();
  int64_t id = Save(again);
  auto fresh = FindMedia(*store_, id);
  ASSERT_TRUE(fresh && *fresh);
  EXPECT_THAT((*fresh)->variants, IsEmpty());
  Status missing = store_->WriteSync([&](Transaction& tx) { return DeleteMedia(tx, 999); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace quire::store
