#include "media/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "media/metadata.h"
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

bool HasField(const std::vector<std::string>& fields, std::string_view prefix) {
  return std::any_of(fields.begin(), fields.end(),
                     [prefix](const std::string& field) { return field.starts_with(prefix); });
}

// The words MakePhoto hides in a photo, none of which may stay in a stored file.
void ExpectNoPrivateWords(std::string_view bytes, std::string_view what) {
  for (std::string_view word :
       {"Quirecam", "QC-1 Pro", "QuireOS", "SN-4815162342", "Quire Lane", "at home"}) {
    EXPECT_EQ(bytes.find(word), std::string_view::npos) << what << " keeps " << word;
  }
}

TEST(Images, TheOriginalLosesLocationAndDeviceButKeepsItsColourProfile) {
  for (std::string_view format : {"jpg", "png", "webp"}) {
    SCOPED_TRACE(format);
    const std::string photo = testing::MakePhoto(64, 48, format);
    const std::vector<std::string> before = testing::FieldsOf(photo);
    if (format != "png") {  // libvips writes EXIF into JPEG and WebP only
      ASSERT_TRUE(HasField(before, "exif-ifd3-GPSLatitude"));
      ASSERT_TRUE(HasField(before, "exif-ifd0-Make"));
      ASSERT_NE(photo.find("Quirecam"), std::string::npos);
    } else {
      ASSERT_TRUE(HasField(before, "png-comment-"));
    }
    ASSERT_TRUE(HasField(before, "xmp-data"));
    ASSERT_TRUE(HasField(before, "icc-profile-data"));

    auto decoded = DecodedImage::Decode(photo);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_TRUE(decoded->had_private_metadata());
    auto original = decoded->CleanOriginal(photo, format == "jpg"   ? "image/jpeg"
                                                  : format == "png" ? "image/png"
                                                                    : "image/webp");
    ASSERT_TRUE(original) << original.error().message;
    const std::vector<std::string> after = testing::FieldsOf(*original);
    EXPECT_FALSE(HasField(after, "exif-ifd3-")) << "GPS";
    EXPECT_FALSE(HasField(after, "exif-ifd0-Make"));
    EXPECT_FALSE(HasField(after, "exif-ifd0-Model"));
    EXPECT_FALSE(HasField(after, "exif-ifd0-Software"));
    EXPECT_FALSE(HasField(after, "exif-ifd2-BodySerialNumber"));
    EXPECT_FALSE(HasField(after, "xmp-data"));
    EXPECT_FALSE(HasField(after, "png-comment-"));
    EXPECT_TRUE(HasField(after, "icc-profile-data"));
    ExpectNoPrivateWords(*original, "the original");
    auto info = ReadImageInfo(*original);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, 64);
    EXPECT_EQ(info->height, 48);
  }
}

TEST(Images, TheOrientationIsApplied) {
  const std::string photo = testing::MakePhoto(64, 48, "jpg", 6);  // shown turned: 48 × 64
  auto decoded = DecodedImage::Decode(photo);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->info().width, 48);
  EXPECT_EQ(decoded->info().height, 64);
  auto original = decoded->CleanOriginal(photo, "image/jpeg");
  ASSERT_TRUE(original);
  VipsImage* stored = vips_image_new_from_buffer(original->data(), original->size(), "", nullptr);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(vips_image_get_width(stored), 48);  // the pixels are turned, not just tagged
  EXPECT_EQ(vips_image_get_height(stored), 64);
  int orientation = 1;
  if (vips_image_get_typeof(stored, VIPS_META_ORIENTATION) != 0) {
    vips_image_get_int(stored, VIPS_META_ORIENTATION, &orientation);
  }
  EXPECT_EQ(orientation, 1);
  g_object_unref(stored);
}

// `jpeg` with a segment inserted after its start-of-image marker.
std::string WithSegment(const std::string& jpeg, unsigned char marker, std::string_view data) {
  const size_t length = data.size() + 2;
  std::string segment = {'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8),
                         static_cast<char>(length & 0xFF)};
  return jpeg.substr(0, 2) + segment + std::string(data) + jpeg.substr(2);
}

TEST(Images, JpegSegmentsLibvipsDoesNotReadAreRemovedToo) {
  const std::string plain = testing::MakeImage(40, 30, "jpg");
  EXPECT_FALSE(JpegHasUnreadSegments(plain));
  const std::string comment = WithSegment(plain, 0xFE, "at home 51.5N");  // COM
  const std::string mpf = WithSegment(plain, 0xE2, std::string("MPF\0II*\0", 8));
  EXPECT_TRUE(JpegHasUnreadSegments(comment));
  EXPECT_TRUE(JpegHasUnreadSegments(mpf));
  EXPECT_TRUE(JpegHasUnreadSegments(plain.substr(0, 30)));  // cut short
  EXPECT_TRUE(JpegHasUnreadSegments("not a jpeg"));
  auto decoded = DecodedImage::Decode(comment);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_TRUE(decoded->had_private_metadata());
  auto original = decoded->CleanOriginal(comment, "image/jpeg");
  ASSERT_TRUE(original);
  EXPECT_EQ(original->find("at home"), std::string::npos);
  EXPECT_FALSE(JpegHasUnreadSegments(*original));
}

TEST(Images, PngChunksLibvipsDoesNotReadAreRemovedToo) {
  const std::string plain = testing::MakeImage(40, 30, "png");
  EXPECT_FALSE(PngHasUnreadChunks(plain));
  // A private chunk "prVt" (ancillary, private, safe to copy) after IHDR (8 + 25 bytes).
  const std::string data = "owner: ann, at home 51.5N";
  std::string chunk = {0, 0, 0, static_cast<char>(data.size())};
  chunk += "prVt" + data + std::string("\0\0\0\0", 4);  // libvips does not check the CRC
  const std::string tagged = plain.substr(0, 33) + chunk + plain.substr(33);
  EXPECT_TRUE(PngHasUnreadChunks(tagged));
  EXPECT_TRUE(PngHasUnreadChunks(plain.substr(0, 40)));  // cut short
  auto decoded = DecodedImage::Decode(tagged);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_TRUE(decoded->had_private_metadata());
  auto original = decoded->CleanOriginal(tagged, "image/png");
  ASSERT_TRUE(original);
  EXPECT_EQ(original->find("at home"), std::string::npos);
  EXPECT_FALSE(PngHasUnreadChunks(*original));
}

TEST(Images, AnAnimationKeepsEveryFrameWhenItsMetadataIsRemoved) {
  // Two 64 × 48 frames stacked (page-height 48) with GPS EXIF, saved as an animated WebP.
  VipsImage* frames = nullptr;
  std::string strip = testing::MakeImage(64, 96, "png");
  VipsImage* loaded = vips_image_new_from_buffer(strip.data(), strip.size(), "", nullptr);
  ASSERT_NE(loaded, nullptr);
  ASSERT_EQ(vips_copy(loaded, &frames, nullptr), 0);
  g_object_unref(loaded);
  vips_image_set_int(frames, "page-height", 48);
  vips_image_set_string(frames, "exif-ifd0-Make", "Quirecam");
  vips_image_set_string(frames, "exif-ifd3-GPSLatitudeRef", "N");
  void* buffer = nullptr;
  size_t length = 0;
  ASSERT_EQ(vips_webpsave_buffer(frames, &buffer, &length, nullptr), 0);
  g_object_unref(frames);
  const std::string animation(static_cast<const char*>(buffer), length);
  g_free(buffer);
  ASSERT_NE(animation.find("Quirecam"), std::string::npos);

  auto decoded = DecodedImage::Decode(animation);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->info().height, 48);  // one frame
  auto original = decoded->CleanOriginal(animation, "image/webp");
  ASSERT_TRUE(original) << original.error().message;
  EXPECT_EQ(original->find("Quirecam"), std::string::npos);
  VipsImage* all = vips_image_new_from_buffer(original->data(), original->size(), "n=-1", nullptr);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(vips_image_get_height(all), 96);  // both frames
  EXPECT_EQ(vips_image_get_page_height(all), 48);
  g_object_unref(all);
}

TEST(Images, AnImageWithoutPrivateMetadataIsKeptByteForByte) {
  for (std::string_view format : {"jpg", "png", "gif", "webp"}) {
    const std::string plain = testing::MakeImage(64, 48, format);
    auto decoded = DecodedImage::Decode(plain);
    ASSERT_TRUE(decoded) << format << ": " << decoded.error().message;
    EXPECT_FALSE(decoded->had_private_metadata()) << format;
    auto original = decoded->CleanOriginal(plain, "image/" + std::string(format));
    ASSERT_TRUE(original);
    EXPECT_EQ(*original, plain) << format;
  }
}

TEST(Images, VariantsCarryNoPrivateMetadata) {
  store::testing::TempDir dir;
  Storage storage(Storage::Root(dir.path()));
  const std::string photo = testing::MakePhoto(800, 600, "jpg");
  auto made = MakeVariants(storage, "2026/11/p.jpg", photo, "image/jpeg", ImageSizes{});
  ASSERT_TRUE(made) << made.error().message;
  ASSERT_FALSE(made->empty());
  for (const store::MediaVariant& variant : *made) {
    auto stored = storage.Read(variant.file);
    ASSERT_TRUE(stored) << variant.file;
    ExpectNoPrivateWords(*stored, variant.file);
    EXPECT_FALSE(HasField(testing::FieldsOf(*stored), "exif-ifd3-")) << variant.file;
  }
}

TEST(Images, TooManyPixelsAreRefusedFromTheHeader) {
  // 8,000 × 6,300 = 50.4 megapixels of black: a small file that would decode to 50 MB.
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 8000, 6300, nullptr), 0);
  void* buffer = nullptr;
  size_t length = 0;
  ASSERT_EQ(vips_pngsave_buffer(black, &buffer, &length, "compression", 1, nullptr), 0);
  g_object_unref(black);
  const std::string png(static_cast<const char*>(buffer), length);
  g_free(buffer);
  const std::string message =
      "The image is too large: 8,000 × 6,300 pixels (50.4 megapixels); images may have at most "
      "50 megapixels.";
  auto info = ReadImageInfo(png);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(info.error().message, message);
  auto decoded = DecodedImage::Decode(png);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(decoded.error().message, message);
  EXPECT_TRUE(ReadImageInfo(testing::MakeImage(10, 10, "png")));
}

TEST(Images, OnlyImagesUpToSixteenMegapixelsGetAFullSizeWebpCopy) {
  EXPECT_TRUE(HasFullWebp({4096, 4096}, "image/png"));
  EXPECT_FALSE(HasFullWebp({4097, 4096}, "image/png"));
  EXPECT_FALSE(HasFullWebp({7000, 7000}, "image/jpeg"));
  EXPECT_FALSE(HasFullWebp({20000, 500}, "image/jpeg"));  // past WebP's 16,383 pixels a side
  EXPECT_FALSE(HasFullWebp({400, 400}, "image/webp"));    // a WebP needs no second one
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
