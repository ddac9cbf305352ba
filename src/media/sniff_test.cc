#include "media/sniff.h"

#include <gtest/gtest.h>

#include "media/test_images.h"

namespace quire::media {
namespace {

TEST(Sniff, ImagesByContent) {
  for (auto [format, mime, extension] :
       {std::tuple{"jpg", "image/jpeg", "jpg"}, std::tuple{"png", "image/png", "png"},
        std::tuple{"gif", "image/gif", "gif"}, std::tuple{"webp", "image/webp", "webp"}}) {
    std::string bytes = testing::MakeImage(40, 30, format);
    ASSERT_FALSE(bytes.empty()) << format;
    auto type = SniffType(bytes);
    ASSERT_TRUE(type) << format << ": " << type.error().message;
    EXPECT_EQ(type->mime_type, mime);
    EXPECT_EQ(type->extension, extension);
    EXPECT_TRUE(type->image);
  }
}

TEST(Sniff, OtherAllowedTypes) {
  auto text = SniffType("Just some notes.\nSecond line.\n");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->mime_type, "text/plain");
  EXPECT_EQ(text->extension, "txt");
  EXPECT_FALSE(text->image);
  auto pdf = SniffType("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n");
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->mime_type, "application/pdf");
}

TEST(Sniff, ContentDecidesNotTheName) {
  // A PHP script (as it would arrive named shell.jpg) is refused, and so is HTML and SVG.
  for (std::string_view bytes :
       {std::string_view("<?php system($_GET['c']); ?>\n"),
        std::string_view("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        std::string_view("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
                         "onload=\"alert(1)\"></svg>"),
        std::string_view("\x7f"
                         "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                         16)}) {
    auto type = SniffType(bytes);
    ASSERT_FALSE(type) << bytes;
    EXPECT_EQ(type.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(type.error().message.find("not permitted"), std::string::npos);
  }
  EXPECT_FALSE(SniffType(""));
  EXPECT_EQ(DetectMimeType("<?php echo 1; ?>"), "text/x-php");
}

}  // namespace
}  // namespace quire::media
