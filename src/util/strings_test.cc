#include "util/strings.h"

#include <gtest/gtest.h>

#include "util/utf8.h"

namespace quire::util {
namespace {

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#039;s&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Milli həmrəylik"), "Milli həmrəylik");
}

TEST(UrlCoding, DecodesPlusAndPercent) {
  EXPECT_EQ(UrlDecode("a+b%20c%2B"), "a b c+");
  EXPECT_EQ(UrlDecode("%zz%4"), "%zz%4");  // malformed escapes are kept as typed
  EXPECT_EQ(UrlDecode("%D0%9F"), "\xD0\x9F");
}

TEST(UrlCoding, EncodesReservedAndRoundTrips) {
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  std::string text = "Привет, мир & co?";
  EXPECT_EQ(UrlDecode(UrlEncode(text)), text);
}

TEST(Strings, TrimSplitLowerCompare) {
  EXPECT_EQ(Trim("  x y \r\n"), "x y");
  EXPECT_EQ(Trim(" \t "), "");
  EXPECT_EQ(ToLower("AbC-Ə"), "abc-Ə");  // ASCII only
  EXPECT_TRUE(IEquals("Content-Length", "content-length"));
  EXPECT_FALSE(IEquals("abc", "abd"));
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "b");
}

TEST(Strings, ParseIntTakesOnlyWholeNumbers) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_EQ(ParseInt("-7"), -7);
  EXPECT_FALSE(ParseInt("42x"));
  EXPECT_FALSE(ParseInt(""));
  EXPECT_FALSE(ParseInt("99999999999999999999"));
}

TEST(Utf8, AcceptsWellFormedAndRejectsBroken) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("Milli həmrəylik — Привет 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(UrlCoding, PathDecodingKeepsPlusAndRefusesBrokenEscapes) {
  EXPECT_EQ(PathDecode("milli-h%C9%99mr%C9%99ylik"), "milli-həmrəylik");
  EXPECT_EQ(PathDecode("a+b%2Fc"), "a+b/c");
  EXPECT_EQ(PathDecode("%4"), std::nullopt);
  EXPECT_EQ(PathDecode("%zz"), std::nullopt);
  EXPECT_EQ(PathDecode("x%"), std::nullopt);
}

TEST(HtmlTagEnd, SkipsQuotedValuesAndComments) {
  std::string_view html = R"(<a title="x > y" href='/'>text</a>)";
  EXPECT_EQ(html.substr(HtmlTagEnd(html, 0)), "text</a>");
  std::string_view comment = "<!-- <b> --> after";
  EXPECT_EQ(comment.substr(HtmlTagEnd(comment, 0)), " after");
  EXPECT_EQ(HtmlTagEnd("<a href=\"never closed>", 0), std::string_view::npos);
  EXPECT_EQ(HtmlTagEnd("<!-- open", 0), std::string_view::npos);
}

TEST(Hex, EncodesLowercase) {
  EXPECT_EQ(HexEncode("\x01\xAB"), "01ab");
}

}  // namespace
}  // namespace quire::util

namespace quire::util {
namespace {

TEST(Utf8, EncodesAndDecodesEveryLength) {
  for (char32_t cp : {U'a', U'ə', U'Ж', U'€', U'😀'}) {
    std::string encoded;
    AppendUtf8(encoded, cp);
    size_t length = 0;
    EXPECT_EQ(DecodeUtf8(encoded, 0, length), cp);
    EXPECT_EQ(length, encoded.size());
  }
  size_t length = 0;
  EXPECT_EQ(DecodeUtf8("\xC3(", 0, length), std::nullopt);
  EXPECT_EQ(length, 1u);
}

}  // namespace
}  // namespace quire::util
