#include "media/featured.h"

#include <gtest/gtest.h>

namespace quire::media {
namespace {

store::Media Cat() {
  return store::Media{
      .file = "2026/11/cat.jpg",
      .mime_type = "image/jpeg",
      .alt = "A cat",
      .width = 900,
      .height = 600,
      .variants = {{"medium", "2026/11/cat-300x200.jpg", "image/jpeg", 300, 200, 1},
                   {"medium_large", "2026/11/cat-768x512.jpg", "image/jpeg", 768, 512, 1}}};
}

TEST(Featured, TheVariantOfTheSizeElseTheOriginal) {
  auto medium = ImageOf(Cat(), "medium");
  ASSERT_TRUE(medium);
  EXPECT_EQ(medium->url_path, "/wp-content/uploads/2026/11/cat-300x200.jpg");
  EXPECT_EQ(medium->width, 300);
  EXPECT_EQ(medium->height, 200);
  EXPECT_EQ(medium->alt, "A cat");
  auto large = ImageOf(Cat(), "large");  // smaller than "large": the original
  ASSERT_TRUE(large);
  EXPECT_EQ(large->url_path, "/wp-content/uploads/2026/11/cat.jpg");
  EXPECT_EQ(large->width, 900);
}

TEST(Featured, NotAnImage) {
  store::Media pdf{.file = "2026/11/a.pdf", .mime_type = "application/pdf"};
  EXPECT_FALSE(ImageOf(pdf, "large"));
}

}  // namespace
}  // namespace quire::media
