#include "content/shortcodes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "content/sanitize.h"

namespace quire::content {
namespace {

TEST(RenderShortcodes, CaptionBecomesAFigure) {
  EXPECT_EQ(RenderShortcodes("[caption id=\"attachment_7\" align=\"alignright\" width=\"300\"]"
                             "<a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"A\" /></a> "
                             "A <em>fine</em> view[/caption]"),
            "<figure id=\"attachment_7\" class=\"wp-caption alignright\" style=\"width: 300px\">"
            "<a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"A\" /></a>"
            "<figcaption class=\"wp-caption-text\">A <em>fine</em> view</figcaption></figure>");
  EXPECT_EQ(RenderShortcodes("[caption caption=\"Old &amp; <b>style</b>\"]<img src=\"a.png\">"
                             "[/caption]"),
            "<figure class=\"wp-caption\"><img src=\"a.png\"><figcaption class=\"wp-caption-text\">"
            "Old &amp; &lt;b&gt;style&lt;/b&gt;</figcaption></figure>");
}

TEST(RenderShortcodes, CaptionAttributesCannotBreakOut) {
  std::string out = RenderShortcodes(
      "[caption id='x\"><script>' align=\"a onmouseover=y\" width=\"1px;background:url(x)\"]"
      "<img src=\"a.png\"> c[/caption]");
  EXPECT_EQ(out.find("<script"), std::string::npos);
  EXPECT_EQ(out.find("background"), std::string::npos);
  EXPECT_NE(out.find("id=\"xscript\""), std::string::npos);
  EXPECT_NE(out.find("class=\"wp-caption aonmouseovery\""), std::string::npos);
}

TEST(RenderShortcodes, GalleryListsTheImagesTheCallerFinds) {
  MediaLookup lookup = [](int64_t id) -> std::optional<GalleryItem> {
    if (id == 2) return std::nullopt;
    if (id == 3) return GalleryItem{.url = "javascript:x"};
    return GalleryItem{.url = "/wp-content/uploads/" + std::to_string(id) + ".jpg",
                       .thumbnail_url = "/t" + std::to_string(id) + ".jpg",
                       .alt = "a<" + std::to_string(id),
                       .caption = "",
                       .width = 150,
                       .height = 100};
  };
  EXPECT_EQ(RenderShortcodes("[gallery ids=\"1, 2,3\" columns=\"2\"]", lookup),
            "<ul class=\"gallery gallery-columns-2\"><li class=\"gallery-item\">"
            "<a href=\"/wp-content/uploads/1.jpg\"><img src=\"/t1.jpg\" alt=\"a&lt;1\" "
            "width=\"150\" height=\"100\" loading=\"lazy\" /></a></li></ul>");
  EXPECT_EQ(RenderShortcodes("before [gallery ids=\"2\"] after", lookup), "before  after");
  EXPECT_EQ(RenderShortcodes("[gallery ids=\"1\"]"), "");
}

TEST(RenderShortcodes, GalleryWithoutThumbnailsShowsCaptions) {
  MediaLookup lookup = [](int64_t) -> std::optional<GalleryItem> {
    return GalleryItem{.url = "/x.pdf", .caption = "A & B"};
  };
  EXPECT_EQ(RenderShortcodes("[gallery ids=\"9\"]", lookup),
            "<ul class=\"gallery gallery-columns-3\"><li class=\"gallery-item\"><a href=\"/x.pdf\">"
            "A &amp; B</a><span class=\"gallery-caption\">A &amp; B</span></li></ul>");
}

TEST(RenderShortcodes, EmbedBecomesALink) {
  EXPECT_EQ(RenderShortcodes("<p>[embed]https://www.youtube.com/watch?v=1&amp;t=2[/embed]</p>"),
            "<p><a href=\"https://www.youtube.com/watch?v=1&amp;t=2\">"
            "https://www.youtube.com/watch?v=1&amp;t=2</a></p>");
  EXPECT_EQ(RenderShortcodes("[embed]javascript:alert(1)[/embed]"), "javascript:alert(1)");
  EXPECT_EQ(RenderShortcodes("[embed]\"><script>x</script>[/embed]"),
            "&quot;&gt;&lt;script&gt;x&lt;/script&gt;");
}

TEST(RenderShortcodes, AudioAndVideoGetControlsAndEscapedSources) {
  EXPECT_EQ(RenderShortcodes("[audio mp3=\"/a.mp3\"][/audio]"),
            "<audio class=\"wp-audio-shortcode\" controls preload=\"none\" src=\"/a.mp3\">"
            "<a href=\"/a.mp3\">/a.mp3</a></audio>");
  EXPECT_EQ(RenderShortcodes("[video width=\"640\" height=\"360\" src=\"/v.mp4?a=1&amp;b=\"]"),
            "<video class=\"wp-video-shortcode\" controls preload=\"none\" width=\"640\" "
            "height=\"360\" src=\"/v.mp4?a=1&amp;b=\"><a href=\"/v.mp4?a=1&amp;b=\">"
            "/v.mp4?a=1&amp;b=</a></video>");
  EXPECT_EQ(RenderShortcodes("[audio src=\"javascript:x\"]"), "");
  EXPECT_EQ(RenderShortcodes("[video src='x\" onerror=\"y']").find("onerror=\""),
            std::string::npos);
}

TEST(RenderShortcodes, LeavesUnknownShortcodesAndPlainBracketsAlone) {
  EXPECT_EQ(RenderShortcodes("[contact-form-7 id=\"1\"] and [foo]bar[/foo]"),
            "[contact-form-7 id=\"1\"] and [foo]bar[/foo]");
  EXPECT_EQ(RenderShortcodes("a[1] = b[2]; [captions] [ caption]"),
            "a[1] = b[2]; [captions] [ caption]");
  EXPECT_EQ(RenderShortcodes("[embed"), "[embed");
}

TEST(RenderShortcodes, LeavesCodeAttributesAndCommentsUntouched) {
  EXPECT_EQ(RenderShortcodes("<pre>[embed]https://a.example/[/embed]</pre>"),
            "<pre>[embed]https://a.example/[/embed]</pre>");
  EXPECT_EQ(RenderShortcodes("<code>[audio src=\"/a.mp3\"]</code>"),
            "<code>[audio src=\"/a.mp3\"]</code>");
  EXPECT_EQ(RenderShortcodes("<a title=\"[audio src=/a.mp3]\">t</a>"),
            "<a title=\"[audio src=/a.mp3]\">t</a>");
  EXPECT_EQ(RenderShortcodes("<!-- [embed]https://a.example/[/embed] -->"),
            "<!-- [embed]https://a.example/[/embed] -->");
}

TEST(RenderShortcodes, DoubleBracketsEscapeAShortcode) {
  EXPECT_EQ(RenderShortcodes("[[audio src=\"/a.mp3\"]]"), "[audio src=\"/a.mp3\"]");
  EXPECT_EQ(RenderShortcodes("[[embed]https://a.example/[/embed]]"),
            "[embed]https://a.example/[/embed]");
}

TEST(RenderShortcodes, SelfClosingFormsDoNotSwallowWhatFollows) {
  EXPECT_EQ(RenderShortcodes("[audio src=\"/a.mp3\" /] text [audio src=\"/b.mp3\"]"),
            "<audio class=\"wp-audio-shortcode\" controls preload=\"none\" src=\"/a.mp3\">"
            "<a href=\"/a.mp3\">/a.mp3</a></audio> text <audio class=\"wp-audio-shortcode\" "
            "controls preload=\"none\" src=\"/b.mp3\"><a href=\"/b.mp3\">/b.mp3</a></audio>");
}

// The attributes (name, value) of every start tag of HTML whose text is escaped: each '<'
// followed by a letter up to its '>'.
std::vector<std::pair<std::string, std::string>> Attributes(std::string_view html) {
  std::vector<std::pair<std::string, std::string>> attributes;
  for (size_t pos = html.find('<'); pos != std::string_view::npos; pos = html.find('<', pos + 1)) {
    if (pos + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[pos + 1]))) {
      continue;
    }
    size_t at = html.find_first_of(" />", pos);
    while (at < html.size() && html[at] != '>') {
      if (html[at] == ' ' || html[at] == '/') {
        ++at;
        continue;
      }
      size_t name_end = std::max(html.find_first_of("= />", at), at + 1);
      std::string name(html.substr(at, name_end - at)), value;
      at = name_end;
      if (at < html.size() && html[at] == '=' && at + 1 < html.size() && html[at + 1] == '"') {
        size_t close = html.find('"', at + 2);
        value = html.substr(at + 2, close - at - 2);
        at = close == std::string_view::npos ? html.size() : close + 1;
      }
      attributes.emplace_back(std::move(name), std::move(value));
    }
    pos = at;
  }
  return attributes;
}

TEST(RenderShortcodes, StaysSafeOnRandomFragmentSoup) {
  // Sanitised HTML with shortcodes rendered after it (RenderBody's order for filtered writers)
  // never gains a script, a handler or a javascript: URL, whatever the pieces make.
  const std::vector<std::string> pieces = {"[caption",
                                           "]",
                                           "[/caption]",
                                           "[[",
                                           "]]",
                                           "[gallery ids=\"1,x\"]",
                                           "[embed]",
                                           "[/embed]",
                                           "[audio src=",
                                           "[video poster=",
                                           "\"",
                                           "'",
                                           "<pre>",
                                           "</pre>",
                                           "<code>",
                                           "<!--",
                                           "-->",
                                           "<a href=\"",
                                           "javascript:alert(1)",
                                           "<img src=x onerror=y>",
                                           "<script>",
                                           "</script>",
                                           "text ",
                                           "&quot;",
                                           "&amp;",
                                           "/]",
                                           "<",
                                           ">",
                                           " width=\"300\"",
                                           "https://a.example/"};
  MediaLookup lookup = [](int64_t) -> std::optional<GalleryItem> {
    return GalleryItem{.url = "/a.jpg", .thumbnail_url = "/t.jpg"};
  };
  std::mt19937 random(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string html;
    for (int i = 0; i < 12; ++i) html += pieces[random() % pieces.size()];
    std::string out = RenderShortcodes(SanitizeHtml(html), lookup);
    EXPECT_EQ(out.find("<script"), std::string::npos) << html;
    for (const auto& [name, value] : Attributes(out)) {
      EXPECT_FALSE(name.starts_with("on")) << html << "\n" << out;
      if (name == "href" || name == "src" || name == "poster") {
        EXPECT_TRUE(IsSafeUrl(value)) << html << "\n" << out;
      }
    }
    RenderShortcodes(html, lookup);  // raw input must not crash either
  }
}

}  // namespace
}  // namespace quire::content
