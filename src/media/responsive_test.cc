#include "media/responsive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace quire::media {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

store::Media Cat() {
  return store::Media{
      .file = "2026/11/cat.jpg",
      .mime_type = "image/jpeg",
      .width = 1200,
      .height = 800,
      .variants = {{"thumbnail", "2026/11/cat-150x150.jpg", "image/jpeg", 150, 150, 1},
                   {"medium", "2026/11/cat-300x200.jpg", "image/jpeg", 300, 200, 1},
                   {"large", "2026/11/cat-1024x683.jpg", "image/jpeg", 1024, 683, 1},
                   {"webp:medium", "2026/11/cat-300x200.jpg.webp", "image/webp", 300, 200, 1}}};
}

class ResponsiveTest : public ::testing::Test {
 protected:
  MediaLookup Lookup() {
    return [this](std::string_view file) -> std::optional<store::Media> {
      ++calls_;
      if (file == "2026/11/cat.jpg") return Cat();
      return std::nullopt;
    };
  }
  int calls_ = 0;
};

TEST_F(ResponsiveTest, AddsSizeSrcsetSizesAndLazyLoading) {
  std::string html = MakeResponsive(
      "<p>Look: <img src=\"/wp-content/uploads/2026/11/cat.jpg\" alt=\"A cat\"></p>", Lookup());
  EXPECT_EQ(html,
            "<p>Look: <img src=\"/wp-content/uploads/2026/11/cat.jpg\" alt=\"A cat\" "
            "width=\"1200\" height=\"800\" srcset=\"/wp-content/uploads/2026/11/cat-300x200.jpg "
            "300w, /wp-content/uploads/2026/11/cat-1024x683.jpg 1024w, "
            "/wp-content/uploads/2026/11/cat.jpg 1200w\" sizes=\"(max-width: 1200px) 100vw, "
            "1200px\" loading=\"lazy\" decoding=\"async\"></p>");
  EXPECT_EQ(calls_, 1);
}

TEST_F(ResponsiveTest, AVariantSrcShowsItsOwnSize) {
  std::string html =
      MakeResponsive("<img src='/wp-content/uploads/2026/11/cat-300x200.jpg' />", Lookup());
  EXPECT_THAT(html, HasSubstr("width=\"300\" height=\"200\""));
  EXPECT_THAT(html, HasSubstr("sizes=\"(max-width: 300px) 100vw, 300px\""));
  EXPECT_THAT(html, HasSubstr("cat-1024x683.jpg 1024w"));
  EXPECT_THAT(html, Not(HasSubstr("150x150")));  // a square crop is another picture
  EXPECT_THAT(html, Not(HasSubstr(".webp")));    // the same type only
  EXPECT_THAT(html, HasSubstr("decoding=\"async\" />"));
}

TEST_F(ResponsiveTest, KeepsWhatTheAuthorWrote) {
  std::string html = MakeResponsive(
      "<IMG SRC=\"/wp-content/uploads/2026/11/cat.jpg\" width=\"600\" loading=\"eager\">",
      Lookup());
  EXPECT_THAT(html, Not(HasSubstr("height=")));
  EXPECT_THAT(html, Not(HasSubstr("loading=\"lazy\"")));
  EXPECT_THAT(html, HasSubstr("srcset="));
}

TEST_F(ResponsiveTest, LeavesOtherImagesAndTextAlone) {
  for (std::string_view html :
       {std::string_view("<img src=\"https://example.com/wp-content/uploads/2026/11/cat.jpg\">"),
        std::string_view("<img src=\"/wp-content/uploads/2026/11/dog.jpg\">"),
        std::string_view("<img src=\"/wp-content/uploads/2026/11/dog-300x200.jpg\">"),
        std::string_view("<imgur>not an image</imgur> 3 < 4 <img"),
        std::string_view("<p>/wp-content/uploads/2026/11/cat.jpg</p>"),
        std::string_view("<img alt=\"no src\">")}) {
    EXPECT_EQ(MakeResponsive(html, Lookup()), html);
  }
}

TEST_F(ResponsiveTest, SeveralImages) {
  std::string one = "<img src=\"/wp-content/uploads/2026/11/cat.jpg\">";
  std::string html = MakeResponsive(one + "<br>" + one, Lookup());
  size_t first = html.find("loading=\"lazy\"");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(html.find("loading=\"lazy\"", first + 1), std::string::npos);
  EXPECT_EQ(calls_, 2);
}

}  // namespace
}  // namespace quire::media
