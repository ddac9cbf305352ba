#include "media/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "media/test_images.h"
#include "store/testing/temp_dir.h"

namespace quire::media {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

std::map<std::string, store::MediaVariant> ByName(const std::vector<store::MediaVariant>& list) {
  std::map<std::string, store::MediaVariant> out;
  for (const auto& variant : list) out[variant.name] = variant;
  return out;
}

TEST(Images, ReadsTheSize) {
  auto info = ReadImageInfo(testing::MakeImage(640, 480, "png"));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 480);
  auto broken = ReadImageInfo("GIF89a<?php echo 1; ?>");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::kInvalid);
}

TEST(Images, PlansNeverUpscale) {
  ImageSizes sizes;  // 150, 300, 768, 1024
  EXPECT_THAT(
      PlanVariants({2000, 1000}, sizes),
      ElementsAre(Field(&VariantPlan::name, "thumbnail"), Field(&VariantPlan::name, "medium"),
                  Field(&VariantPlan::name, "medium_large"), Field(&VariantPlan::name, "large")));
  EXPECT_THAT(PlanVariants({500, 400}, sizes), ElementsAre(Field(&VariantPlan::name, "thumbnail"),
                                                           Field(&VariantPlan::name, "medium")));
  EXPECT_THAT(PlanVariants({150, 100}, sizes), IsEmpty());
  auto small = PlanVariants({200, 100}, sizes);  // the crop is never larger than the image
  ASSERT_EQ(small.size(), 1u);
  EXPECT_EQ(small[0].width, 150);
  EXPECT_EQ(small[0].height, 100);
  EXPECT_TRUE(small[0].crop);
  EXPECT_THAT(PlanVariants({2000, 1000}, ImageSizes{0, 0, 0, 0}), IsEmpty());
}

TEST(Images, MakesVariantsOfTheRightSizesWithWebpCopies) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  std::string bytes = testing::MakeImage(1200, 800, "jpg");
  ASSERT_TRUE(storage.Put("2026/11/cat.jpg", bytes));
  auto made = MakeVariants(storage, "2026/11/cat.jpg", bytes, "image/jpeg", ImageSizes{});
  ASSERT_TRUE(made) << made.error().message;
  auto variants = ByName(*made);
  ASSERT_EQ(variants.size(), 9u);  // four sizes, their WebP copies, and the full-size WebP
  EXPECT_EQ(variants["thumbnail"].file, "2026/11/cat-150x150.jpg");
  EXPECT_EQ(variants["medium"].file, "2026/11/cat-300x200.jpg");
  EXPECT_EQ(variants["medium_large"].file, "2026/11/cat-768x512.jpg");
  EXPECT_EQ(variants["large"].file, "2026/11/cat-1024x683.jpg");
  EXPECT_EQ(variants["webp:medium"].file, "2026/11/cat-300x200.jpg.webp");
  EXPECT_EQ(variants["webp:medium"].mime_type, "image/webp");
  EXPECT_EQ(variants["webp:full"].file, "2026/11/cat.jpg.webp");
  EXPECT_EQ(variants["webp:full"].width, 1200);
  for (const auto& [name, variant] : variants) {
    auto stored = storage.Read(variant.file);
    ASSERT_TRUE(stored) << variant.file;
    EXPECT_EQ(static_cast<int64_t>(stored->size()), variant.bytes);
    auto info = ReadImageInfo(*stored);
    ASSERT_TRUE(info) << variant.file;
    EXPECT_EQ(info->width, variant.width) << name;
    EXPECT_EQ(info->height, variant.height) << name;
  }
}

TEST(Images, WebpOriginalsGetNoSecondWebp) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  std::string bytes = testing::MakeImage(400, 400, "webp");
  auto made = MakeVariants(storage, "2026/11/w.webp", bytes, "image/webp", ImageSizes{});
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_THAT(*made, ElementsAre(Field(&store::MediaVariant::name, "thumbnail"),
                                 Field(&store::MediaVariant::name, "medium")));
}

}  // namespace
}  // namespace quire::media
