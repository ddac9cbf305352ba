#include "media/storage.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/testing/temp_dir.h"

namespace quire::media {
namespace {

namespace fs = std::filesystem;

TEST(Storage, SafeStems) {
  EXPECT_EQ(Storage::SafeStem("My Photo (1).JPG"), "my-photo-1");
  EXPECT_EQ(Storage::SafeStem("../../etc/passwd"), "passwd");
  EXPECT_EQ(Storage::SafeStem("C:\\Users\\ann\\cat.png"), "cat");
  EXPECT_EQ(Storage::SafeStem("shell.php.jpg"), "shell-php");
  EXPECT_EQ(Storage::SafeStem(".htaccess"), "htaccess");
  EXPECT_EQ(Storage::SafeStem("Привет.jpg"), "file");
  EXPECT_EQ(Storage::SafeStem(""), "file");
  EXPECT_EQ(Storage::SafeStem("a_b--c.txt"), "a_b-c");
  EXPECT_EQ(Storage::SafeStem("cat-300x200.jpg"), "cat-300-200");  // never a variant's name
  EXPECT_EQ(Storage::SafeStem(std::string(200, 'a') + ".jpg").size(), 80u);
}

TEST(Storage, MonthFoldersVariantsAndUrls) {
  EXPECT_EQ(Storage::MonthFolder(1'700'000'000), "2023/11");
  EXPECT_EQ(Storage::MonthFolder(0), "1970/01");
  EXPECT_EQ(Storage::VariantFile("2026/11/cat.jpg", 300, 200), "2026/11/cat-300x200.jpg");
  EXPECT_EQ(Storage::UrlPath("2026/11/cat.jpg"), "/wp-content/uploads/2026/11/cat.jpg");
  EXPECT_EQ(Storage::Root("/data"), fs::path("/data/uploads"));
}

TEST(Storage, ResolveRefusesEscapes) {
  Storage storage("/data/uploads");
  EXPECT_EQ(storage.Resolve("2026/11/cat.jpg"), fs::path("/data/uploads/2026/11/cat.jpg"));
  for (std::string_view bad : {"", "/etc/passwd", "../quire.db", "2026/../../x", "2026//x",
                               "2026/11/.hidden", "2026\\11\\x", "./x"}) {
    EXPECT_FALSE(storage.Resolve(bad)) << bad;
  }
  EXPECT_FALSE(storage.Resolve(std::string_view("a\0b", 3)));
}

TEST(Storage, SaveNewNeverReplaces) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  auto first = storage.SaveNew("2026/11", "cat", "jpg", "one");
  auto second = storage.SaveNew("2026/11", "cat", "jpg", "two");
  auto third = storage.SaveNew("2026/11", "cat", "jpg", "three");
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(*first, "2026/11/cat.jpg");
  EXPECT_EQ(*second, "2026/11/cat-2.jpg");
  EXPECT_EQ(*third, "2026/11/cat-3.jpg");
  EXPECT_EQ(storage.Read(*first).value_or(""), "one");
  EXPECT_EQ(storage.Read(*second).value_or(""), "two");
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "uploads/2026/11")) {
    EXPECT_NE(entry.path().filename().string().front(), '.');
    ++files;
  }
  EXPECT_EQ(files, 3);
}

TEST(Storage, PutReplacesAndRemoveDeletesEverything) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  ASSERT_TRUE(storage.Put("2026/11/cat.jpg", "old"));
  ASSERT_TRUE(storage.Put("2026/11/cat.jpg", "new"));
  ASSERT_TRUE(storage.Put("2026/11/cat-10x10.jpg", "small"));
  EXPECT_EQ(storage.Read("2026/11/cat.jpg").value_or(""), "new");
  EXPECT_FALSE(storage.Put("../escape.txt", "x"));
  auto missing = storage.Read("2026/11/none.jpg");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  store::Media media{.file = "2026/11/cat.jpg", .variants = {{.file = "2026/11/cat-10x10.jpg"}}};
  storage.Remove(media);
  EXPECT_FALSE(fs::exists(dir.path() / "uploads/2026/11/cat.jpg"));
  EXPECT_FALSE(fs::exists(dir.path() / "uploads/2026/11/cat-10x10.jpg"));
}

}  // namespace
}  // namespace quire::media
