#include "comments/comment_text.h"

#include <gtest/gtest.h>

namespace quire::comments {
namespace {

TEST(RenderCommentText, EscapesEveryTagAndAttempt) {
  EXPECT_EQ(RenderCommentText("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  EXPECT_EQ(RenderCommentText("<img src=x onerror=\"alert('x')\">"),
            "<p>&lt;img src=x onerror=&quot;alert(&#039;x&#039;)&quot;&gt;</p>\n");
  EXPECT_EQ(RenderCommentText("Tom & Jerry &amp; co"), "<p>Tom &amp; Jerry &amp;amp; co</p>\n");
  EXPECT_EQ(RenderCommentText("<a href=\"javascript:alert(1)\">x</a>"),
            "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>\n");
}

TEST(RenderCommentText, NoLinkCanBreakOutOfItsAttribute) {
  std::string html = RenderCommentText("http://x.org/?a=1&b=\"><script>alert(1)</script>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"http://x.org/?a=1&amp;b=\" rel=\"nofollow ugc\">"),
            std::string::npos);
  std::string quoted = RenderCommentText("http://x.org/it's");
  EXPECT_NE(quoted.find("href=\"http://x.org/it&#039;s\""), std::string::npos);
  EXPECT_EQ(RenderCommentText("javascript:alert(1)"), "<p>javascript:alert(1)</p>\n");
}

TEST(RenderCommentText, ParagraphsAndLineBreaks) {
  EXPECT_EQ(RenderCommentText("one\ntwo\n\nthree"), "<p>one<br />\ntwo</p>\n<p>three</p>\n");
  EXPECT_EQ(RenderCommentText("a\r\n\r\n  \t\r\n\r\nb\rc  "), "<p>a</p>\n<p>b<br />\nc</p>\n");
  EXPECT_EQ(RenderCommentText(""), "");
  EXPECT_EQ(RenderCommentText("\n \n"), "");
}

TEST(RenderCommentText, LinksBareUrlsWithoutTrailingPunctuation) {
  EXPECT_EQ(RenderCommentText("See https://example.org/a?b=1."),
            "<p>See <a href=\"https://example.org/a?b=1\" rel=\"nofollow ugc\">"
            "https://example.org/a?b=1</a>.</p>\n");
  EXPECT_EQ(RenderCommentText("(www.example.org), ok"),
            "<p>(<a href=\"http://www.example.org\" rel=\"nofollow ugc\">www.example.org</a>), "
            "ok</p>\n");
  EXPECT_EQ(RenderCommentText("https://en.wikipedia.org/wiki/C_(language)!"),
            "<p><a href=\"https://en.wikipedia.org/wiki/C_(language)\" rel=\"nofollow ugc\">"
            "https://en.wikipedia.org/wiki/C_(language)</a>!</p>\n");
  EXPECT_EQ(RenderCommentText("nohttp://x.org and http:// alone"),
            "<p>nohttp://x.org and http:// alone</p>\n");
}

TEST(RenderCommentText, EmphasisStrongAndCode) {
  EXPECT_EQ(RenderCommentText("*a* **b** `c`"),
            "<p><em>a</em> <strong>b</strong> <code>c</code></p>\n");
  EXPECT_EQ(RenderCommentText("**bold *and em***"),
            "<p><strong>bold <em>and em</em></strong></p>\n");
  EXPECT_EQ(RenderCommentText("2 * 3 * 4 and a*"), "<p>2 * 3 * 4 and a*</p>\n");
  EXPECT_EQ(RenderCommentText("`<b>*x*</b> http://x.org`"),
            "<p><code>&lt;b&gt;*x*&lt;/b&gt; http://x.org</code></p>\n");
  EXPECT_EQ(RenderCommentText("one ` tick"), "<p>one ` tick</p>\n");
}

TEST(RenderCommentText, UrlsKeepTheirStars) {
  EXPECT_EQ(RenderCommentText("*see* http://x.org/*a*b"),
            "<p><em>see</em> <a href=\"http://x.org/*a*b\" rel=\"nofollow ugc\">"
            "http://x.org/*a*b</a></p>\n");
}

TEST(RenderCommentText, EmphasisOutputIsAlwaysBalanced) {
  for (std::string_view text : {"***x***", "**a*b**c*", "*a **b* c**", "** x **", "*`a*`b*"}) {
    std::string html = RenderCommentText(text);
    auto count = [&](std::string_view needle) {
      int n = 0;
      for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
        ++n;
      }
      return n;
    };
    EXPECT_EQ(count("<em>"), count("</em>")) << text;
    EXPECT_EQ(count("<strong>"), count("</strong>")) << text;
    EXPECT_EQ(count("<code>"), count("</code>")) << text;
  }
}

TEST(RenderCommentText, Utf8PassesThrough) {
  EXPECT_EQ(RenderCommentText("Milli həmrəylik — Привет, *мир*! 😀"),
            "<p>Milli həmrəylik — Привет, <em>мир</em>! 😀</p>\n");
  EXPECT_EQ(RenderCommentText("Bax: https://az.wikipedia.org/wiki/Ə."),
            "<p>Bax: <a href=\"https://az.wikipedia.org/wiki/Ə\" rel=\"nofollow ugc\">"
            "https://az.wikipedia.org/wiki/Ə</a>.</p>\n");
}

TEST(CountLinks, CountsAnchorsAndWhatWordPressWouldLink) {
  EXPECT_EQ(CountLinks("no links here"), 0);
  EXPECT_EQ(CountLinks("<a href=\"http://a.org\">a</a>"), 1);
  EXPECT_EQ(CountLinks("<A title=x HREF='b'>b</A> and <a name=x>no</a>"), 1);
  EXPECT_EQ(CountLinks("<a href=\"http://a.org\">http://a.org</a>"), 1);      // not twice
  EXPECT_EQ(CountLinks("http://a.org and https://b.org/x, (www.c.org)"), 2);  // www after '('
  EXPECT_EQ(CountLinks("go www.c.org or ftp://d.org"), 2);
  EXPECT_EQ(CountLinks("mail me: ada@example.com"), 1);
  EXPECT_EQ(CountLinks("nohttp://a.org a@b c@d.e"), 0);
  EXPECT_EQ(CountLinks("x,http://a.org"), 1);
  EXPECT_EQ(CountLinks("<img src=\"http://a.org/i.png\">"), 0);
}

TEST(AutoParagraph, BlankLinesMakeParagraphsAndSingleBreaksLineBreaks) {
  EXPECT_EQ(AutoParagraph("one\ntwo\n\nthree"), "<p>one<br />\ntwo</p>\n<p>three</p>\n");
  EXPECT_EQ(AutoParagraph("a\r\nb\r\n\r\nc"), "<p>a<br />\nb</p>\n<p>c</p>\n");
  EXPECT_EQ(AutoParagraph("a\n  \n\n\nb\n"), "<p>a</p>\n<p>b</p>\n");
  EXPECT_EQ(AutoParagraph(""), "");
  EXPECT_EQ(AutoParagraph(" \n\n "), "");
}

TEST(AutoParagraph, KeepsInlineTagsAndTheSpacesBetweenThem) {
  EXPECT_EQ(AutoParagraph("<strong>bold</strong> <em>it</em>"),
            "<p><strong>bold</strong> <em>it</em></p>\n");
  EXPECT_EQ(AutoParagraph("<a href=\"http://x.org/\" rel=\"nofollow ugc\">x</a>\nnext"),
            "<p><a href=\"http://x.org/\" rel=\"nofollow ugc\">x</a><br />\nnext</p>\n");
  // A line break inside a tag's attribute is not a line of text.
  EXPECT_EQ(AutoParagraph("<abbr title=\"a\n\nb\">ab</abbr>"),
            "<p><abbr title=\"a\n\nb\">ab</abbr></p>\n");
}

TEST(AutoParagraph, BlockquotesStandOnTheirOwn) {
  EXPECT_EQ(AutoParagraph("said:\n<blockquote cite=\"x\">quoted\n\nmore</blockquote>\nok"),
            "<p>said:</p>\n<blockquote cite=\"x\">\n<p>quoted</p>\n<p>more</p>\n</blockquote>\n"
            "<p>ok</p>\n");
  EXPECT_EQ(AutoParagraph("<blockquoteish>x</blockquoteish>"),
            "<p><blockquoteish>x</blockquoteish></p>\n");
}

}  // namespace
}  // namespace quire::comments
