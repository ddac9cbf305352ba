#include "content/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "util/strings.h"

namespace quire::content {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

store::Post PostWithBody(std::string body, store::PostFormat format) {
  store::Post post;
  post.body = std::move(body);
  post.format = format;
  return post;
}

std::string Words(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "w" + std::to_string(i) + " ";
  return text;
}

int CountWords(std::string_view text) {
  int count = 0;
  bool in_word = false;
  for (char c : text) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++count;
    }
  }
  return count;
}

TEST(MarkdownToHtml, RendersCommonMark) {
  EXPECT_EQ(MarkdownToHtml("# Title\n\nSome *emphasis* and `code`.\n"),
            "<h1>Title</h1>\n<p>Some <em>emphasis</em> and <code>code</code>.</p>\n");
}

TEST(MarkdownToHtml, RendersTables) {
  std::string html = MarkdownToHtml("| a | b |\n|---|--:|\n| 1 | 2 |\n");
  EXPECT_THAT(html, HasSubstr("<table>"));
  EXPECT_THAT(html, HasSubstr("<th>a</th>"));
  EXPECT_THAT(html, HasSubstr("<td align=\"right\">2</td>"));
}

TEST(MarkdownToHtml, RendersStrikethroughAutolinksAndTasklists) {
  EXPECT_THAT(MarkdownToHtml("~~gone~~"), HasSubstr("<del>gone</del>"));
  EXPECT_THAT(MarkdownToHtml("see www.example.com now"),
              HasSubstr("<a href=\"http://www.example.com\">www.example.com</a>"));
  std::string tasks = MarkdownToHtml("- [x] done\n- [ ] todo\n");
  EXPECT_THAT(tasks, HasSubstr("checked=\"\""));
  EXPECT_THAT(tasks, HasSubstr("type=\"checkbox\""));
}

TEST(MarkdownToHtml, KeepsTrustedRawHtmlButFiltersDangerousTags) {
  std::string html =
      MarkdownToHtml("<figure class=\"wide\">x</figure>\n\n<script>alert(1)</script>\n");
  EXPECT_THAT(html, HasSubstr("<figure class=\"wide\">x</figure>"));
  EXPECT_THAT(html, HasSubstr("&lt;script>"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

TEST(MarkdownToHtml, KeepsQuotesAsTyped) {
  EXPECT_EQ(MarkdownToHtml("\"quoted\" -- it's"), "<p>&quot;quoted&quot; -- it's</p>\n");
}

TEST(MarkdownToHtml, ReplacesInvalidUtf8) {
  std::string html = MarkdownToHtml("bad \xff byte");
  EXPECT_TRUE(util::IsValidUtf8(html)) << html;
}

TEST(MarkdownToHtml, ParsesCorrectlyFromManyThreadsAtOnce) {
  // cmark-gfm keeps the extensions' special characters in a process-wide table that each parse
  // edits; a short parse finishing while a long one runs must not make the long one miss any.
  constexpr int kThreads = 4, kRounds = 100, kParagraphs = 200;
  std::string long_doc;
  for (int i = 0; i < kParagraphs; ++i) long_doc += "a ~~b~~ c\n\n";
  auto count_del = [](const std::string& html) {
    size_t count = 0;
    for (size_t pos = html.find("<del>"); pos != std::string::npos;
         pos = html.find("<del>", pos + 1)) {
      ++count;
    }
    return count;
  };
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        bool is_long = (i + t) % 2 == 0;
        size_t found = count_del(MarkdownToHtml(is_long ? long_doc : "x ~~y~~"));
        if (found != (is_long ? size_t{kParagraphs} : 1u)) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(TextToHtml, SplitsParagraphsAtBlankLinesAndBreaksLines) {
  EXPECT_EQ(TextToHtml("one\ntwo\n\n  \nthree"), "<p>one<br />\ntwo</p>\n<p>three</p>\n");
}

TEST(TextToHtml, HandlesCrLfAndEscapes) {
  EXPECT_EQ(TextToHtml("a < b\r\n& c\r\n\r\nd"), "<p>a &lt; b<br />\n&amp; c</p>\n<p>d</p>\n");
  EXPECT_EQ(TextToHtml(""), "");
  EXPECT_EQ(TextToHtml("\n\n"), "");
}

TEST(RenderBody, DispatchesOnFormat) {
  EXPECT_EQ(RenderBody("*x*", store::PostFormat::kMarkdown), "<p><em>x</em></p>\n");
  EXPECT_EQ(RenderBody("<b>*x*</b>", store::PostFormat::kHtml), "<b>*x*</b>");
  EXPECT_EQ(RenderBody("*x*", store::PostFormat::kText), "<p>*x*</p>\n");
}

TEST(RenderBody, KeepsRawHtmlOfUnfilteredWriters) {
  store::Post post = PostWithBody("<div onclick=\"x()\">hi</div>", store::PostFormat::kHtml);
  post.unfiltered = true;
  EXPECT_EQ(RenderBody(post), "<div onclick=\"x()\">hi</div>");
  post.format = store::PostFormat::kMarkdown;
  EXPECT_EQ(RenderBody(post), "<div onclick=\"x()\">hi</div>\n");
}

TEST(RenderBody, SanitizesHtmlAndMarkdownOfFilteredWriters) {
  store::Post post =
      PostWithBody("<p onclick=\"x()\">hi <a href=\"javascript:y\">l</a></p><script>z</script>",
                   store::PostFormat::kHtml);
  post.unfiltered = false;
  EXPECT_EQ(RenderBody(post), "<p>hi <a>l</a></p>");
  post.format = store::PostFormat::kMarkdown;
  post.body = "[l](javascript:y) <img src=x onerror=alert(1)> **b**";
  EXPECT_EQ(RenderBody(post), "<p><a>l</a> <img src=\"x\" /> <strong>b</strong></p>\n");
}

TEST(RenderBody, RendersShortcodesInHtmlBodiesOnly) {
  store::Post post = PostWithBody("[embed]https://a.example/[/embed]", store::PostFormat::kHtml);
  EXPECT_EQ(RenderBody(post), "<a href=\"https://a.example/\">https://a.example/</a>");
  post.unfiltered = false;
  post.body = "[caption id=\"c1\"]<img src=\"a.png\" onerror=\"x\"> Cap[/caption]";
  EXPECT_EQ(RenderBody(post),
            "<figure id=\"c1\" class=\"wp-caption\"><img src=\"a.png\" /><figcaption "
            "class=\"wp-caption-text\">Cap</figcaption></figure>");
  post.format = store::PostFormat::kMarkdown;
  post.body = "[audio src=\"/a.mp3\"]";
  EXPECT_EQ(RenderBody(post), "<p>[audio src=\"/a.mp3\"]</p>\n");
}

TEST(MarkdownToHtml, RendersFootnotes) {
  std::string html = MarkdownToHtml("Text[^1].\n\n[^1]: The note.\n");
  EXPECT_NE(html.find("<sup class=\"footnote-ref\"><a href=\"#fn-1\""), std::string::npos) << html;
  EXPECT_NE(html.find("The note."), std::string::npos);
  EXPECT_NE(html.find("class=\"footnotes\""), std::string::npos);
}

TEST(DecodeHtmlEntities, DecodesReferencesAndCommonNames) {
  EXPECT_EQ(DecodeHtmlEntities("a &amp; b &lt;&gt; &#39;&#x2014;&quot; &unknown; &#0;"),
            "a & b <> '\u2014\" &unknown; &#0;");
}

TEST(Excerpt, PrefersTheWrittenExcerpt) {
  store::Post post = PostWithBody("The body.", store::PostFormat::kMarkdown);
  post.excerpt = "  Written by hand.  ";
  EXPECT_EQ(Excerpt(post), "Written by hand.");
}

TEST(Excerpt, ShortBodyIsNotCut) {
  EXPECT_EQ(Excerpt(PostWithBody("# Hi\n\nA *short* post.", store::PostFormat::kMarkdown)),
            "Hi A short post.");
}

TEST(Excerpt, CutsAfterTheWordLimitWithAnEllipsis) {
  std::string excerpt = Excerpt(PostWithBody(Words(80), store::PostFormat::kText));
  EXPECT_THAT(excerpt, StartsWith("w1 w2 "));
  EXPECT_THAT(excerpt, EndsWith(" w55 [\u2026]"));
  EXPECT_EQ(CountWords(excerpt), 56);  // 55 words and the marker
  EXPECT_EQ(Excerpt(PostWithBody(Words(10), store::PostFormat::kText), 3), "w1 w2 w3 [\u2026]");
  EXPECT_EQ(Excerpt(PostWithBody(Words(3), store::PostFormat::kText), 3), "w1 w2 w3");
}

TEST(Excerpt, StripsTagsScriptsAndCommentsAndSeparatesBlocks) {
  store::Post post = PostWithBody(
      "<p>One</p><p>two <em>thr</em>ee</p><!-- hidden --><script>var x = '<p>';</script>"
      "<style>p { color: red }</style><ul><li>four</li><li>five</li></ul>a < b",
      store::PostFormat::kHtml);
  EXPECT_EQ(Excerpt(post), "One two three four five a < b");
}

TEST(Excerpt, DecodesCommonEntitiesAndCollapsesWhitespace) {
  store::Post post =
      PostWithBody("<p>Fish &amp; chips&nbsp;&mdash; &#39;yes&#x27; &lt;3\n\n\t&bogus;</p>",
                   store::PostFormat::kHtml);
  EXPECT_EQ(Excerpt(post), "Fish & chips \u2014 'yes' <3 &bogus;");
}

TEST(Excerpt, MarkdownEntitiesComeBackAsText) {
  EXPECT_EQ(Excerpt(PostWithBody("Tom & \"Jerry\" <3", store::PostFormat::kMarkdown)),
            "Tom & \"Jerry\" <3");
}

TEST(Excerpt, CutsTextWithoutSpacesBetweenCharacters) {
  std::string chinese;
  for (int i = 0; i < 2000; ++i) chinese += "\u6587";  // three bytes each
  std::string excerpt = Excerpt(PostWithBody(chinese, store::PostFormat::kText));
  EXPECT_TRUE(util::IsValidUtf8(excerpt));
  EXPECT_THAT(excerpt, EndsWith(" [\u2026]"));
  EXPECT_LT(excerpt.size(), chinese.size() / 2);
  std::string kept = excerpt.substr(0, excerpt.size() - std::string(" [\u2026]").size());
  EXPECT_EQ(kept.size() % 3, 0u);
}

TEST(Excerpt, EmptyBodyGivesEmptyExcerpt) {
  EXPECT_EQ(Excerpt(PostWithBody("", store::PostFormat::kMarkdown)), "");
}

TEST(HtmlToText, DropsMarkupDecodesEntitiesAndSingleSpaces) {
  EXPECT_EQ(
      HtmlToText("<p>Tom &amp; <strong>Jerry</strong></p>\n<p>run&#039;s</p><script>x()</script>"),
      "Tom & Jerry run's");
}

}  // namespace
}  // namespace quire::content
