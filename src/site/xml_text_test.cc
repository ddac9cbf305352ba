#include "site/xml_text.h"

#include <gtest/gtest.h>

namespace quire::site {
namespace {

TEST(XmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(XmlEscape("a < b & \"c\" > 'd'"), "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;");
}

TEST(XmlEscape, DropsCharactersXmlForbids) {
  EXPECT_EQ(XmlEscape(std::string("a\x01"
                                  "b\x0b"
                                  "c\x1f"
                                  "d",
                                  7)),
            "abcd");
  EXPECT_EQ(XmlEscape(std::string("nul\0x", 5)), "nulx");
  EXPECT_EQ(XmlEscape("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(XmlEscape("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
}

TEST(XmlEscape, KeepsValidUtf8AndReplacesMalformed) {
  EXPECT_EQ(XmlEscape("Milli həmrəylik — 日本 🎉"), "Milli həmrəylik — 日本 🎉");
  EXPECT_EQ(XmlEscape("bad\xC3(end"), "bad\xEF\xBF\xBD(end");
  EXPECT_EQ(XmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST(Dates, Rfc822InUtcWithEnglishNames) {
  EXPECT_EQ(Rfc822Date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(Rfc822Date(1704207845), "Tue, 02 Jan 2024 15:04:05 +0000");
}

TEST(Dates, W3cInUtc) {
  EXPECT_EQ(W3cDate(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(W3cDate(1704207845), "2024-01-02T15:04:05Z");
}

}  // namespace
}  // namespace quire::site
