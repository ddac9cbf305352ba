#include "media/uploads.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "media/test_images.h"
#include "store/testing/temp_dir.h"

namespace quire::media {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kNov2026 = 1'794'000'000;  // 2026-11-07

size_t CountFiles(const fs::path& root) {
  if (!fs::exists(root)) return 0;
  size_t n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) n += entry.is_regular_file();
  return n;
}

TEST(Uploads, StoresAnImageUnderItsMonthWithVariants) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  std::string bytes = testing::MakeImage(800, 600, "png");
  auto media = StoreUpload(
      storage, ImageSizes{},
      Upload{.client_name = "Holiday Photo.PNG", .bytes = bytes, .author_id = 7, .time = kNov2026});
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->file, "2026/11/holiday-photo.png");
  EXPECT_EQ(media->mime_type, "image/png");
  EXPECT_EQ(media->title, "Holiday Photo");
  EXPECT_EQ(media->width, 800);
  EXPECT_EQ(media->height, 600);
  EXPECT_EQ(media->author_id, 7);
  EXPECT_EQ(media->created_at, kNov2026);
  EXPECT_EQ(media->bytes, static_cast<int64_t>(bytes.size()));
  EXPECT_FALSE(media->variants.empty());
  EXPECT_EQ(CountFiles(storage.root()), 1 + media->variants.size());
}

TEST(Uploads, ThePhotoIsStoredWithoutItsLocationAndTheTitleWithoutControls) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  std::string bytes = testing::MakePhoto(400, 300, "jpg");
  ASSERT_NE(bytes.find("Quirecam"), std::string::npos);
  auto media = StoreUpload(
      storage, ImageSizes{},
      Upload{.client_name = "Beach\u202Egpj.exe\x01.jpg", .bytes = bytes, .time = kNov2026});
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->title, "Beachgpj.exe");
  auto stored = storage.Read(media->file);
  ASSERT_TRUE(stored);
  EXPECT_EQ(media->bytes, static_cast<int64_t>(stored->size()));
  for (std::string_view word : {"Quirecam", "SN-4815162342", "Quire Lane"}) {
    EXPECT_EQ(stored->find(word), std::string::npos) << word;
  }
  for (const std::string& field : testing::FieldsOf(*stored)) {
    EXPECT_FALSE(field.starts_with("exif-ifd3-")) << field;
  }
}

TEST(Uploads, TheExtensionComesFromTheContent) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  std::string bytes = testing::MakeImage(100, 100, "gif");
  auto media = StoreUpload(storage, ImageSizes{},
                           Upload{.client_name = "picture.jpg", .bytes = bytes, .time = kNov2026});
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->file, "2026/11/picture.gif");
  auto text = StoreUpload(storage, ImageSizes{},
                          Upload{.client_name = "notes.md", .bytes = "hello\n", .time = kNov2026});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->file, "2026/11/notes.txt");
  EXPECT_TRUE(text->variants.empty());
}

TEST(Uploads, RefusedFilesLeaveNothing) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  for (std::string_view bytes : {std::string_view("<?php system($_GET['c']); ?>"),
                                 std::string_view("GIF89a<?php system($_GET['c']); ?>")}) {
    auto media = StoreUpload(storage, ImageSizes{},
                             Upload{.client_name = "cat.jpg", .bytes = bytes, .time = kNov2026});
    ASSERT_FALSE(media);
    EXPECT_EQ(media.error().kind, ErrorKind::kInvalid);
  }
  EXPECT_EQ(CountFiles(storage.root()), 0u);
}

TEST(Uploads, ImportKeepsWordPressPathsAndIsRepeatable) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  fs::path source = dir.path() / "wp-uploads-cat.jpg";
  std::ofstream(source, std::ios::binary) << testing::MakeImage(400, 300, "jpg");
  for (int round = 0; round < 2; ++round) {
    auto media = StoreImported(storage, ImageSizes{}, source, "2019/05/Cat Photo.jpg");
    ASSERT_TRUE(media) << media.error().message;
    EXPECT_EQ(media->file, "2019/05/Cat Photo.jpg");
    EXPECT_EQ(media->width, 400);
    EXPECT_FALSE(media->variants.empty());
    EXPECT_EQ(CountFiles(storage.root()), 1 + media->variants.size());
  }
  EXPECT_FALSE(StoreImported(storage, ImageSizes{}, source, "../x.jpg"));
  auto missing = StoreImported(storage, ImageSizes{}, dir.path() / "none.jpg", "2019/05/n.jpg");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace quire::media
