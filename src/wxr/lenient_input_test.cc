#include "wxr/lenient_input.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace quire::wxr {
namespace {

struct Repaired {
  std::string text;
  std::vector<Repair> repairs;
};

// Everything the input hands out for `bytes`, read `size` bytes at a time.
Repaired RepairAll(const std::string& bytes, int size = 4000) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb"), &std::fclose);
  EXPECT_NE(file, nullptr);
  LenientInput input(file.get());
  Repaired out;
  std::string buffer(static_cast<size_t>(size), '\0');
  for (;;) {
    int n = input.Read(buffer.data(), size);
    EXPECT_GE(n, 0);
    if (n <= 0) break;
    out.text.append(buffer.data(), static_cast<size_t>(n));
  }
  out.repairs = input.repairs();
  return out;
}

TEST(LenientInput, LeavesAWellFormedFileAlone) {
  std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss><t>caf\xc3\xa9 &#233; &amp; &#x9;</t>"
      "<![CDATA[ \t ]]></rss>\n";
  Repaired out = RepairAll(text);
  EXPECT_EQ(out.text, text);
  EXPECT_TRUE(out.repairs.empty());
}

TEST(LenientInput, RemovesControlCharactersAndSaysWhere) {
  Repaired out = RepairAll("<a>\n  one\x14two\n<![CDATA[x\x14y\x01]]></a>");
  EXPECT_EQ(out.text, "<a>\n  onetwo\n<![CDATA[xy]]></a>");
  ASSERT_EQ(out.repairs.size(), 2u);
  EXPECT_NE(out.repairs[0].what.find("U+0014"), std::string::npos) << out.repairs[0].what;
  EXPECT_EQ(out.repairs[0].count, 2);
  ASSERT_EQ(out.repairs[0].at.size(), 2u);
  EXPECT_EQ(out.repairs[0].at[0].line, 2);
  EXPECT_EQ(out.repairs[0].at[0].column, 6);
  EXPECT_EQ(out.repairs[0].at[1].line, 3);
  EXPECT_NE(out.repairs[1].what.find("U+0001"), std::string::npos) << out.repairs[1].what;
}

TEST(LenientInput, RemovesForbiddenReferencesOutsideCdataOnly) {
  Repaired out = RepairAll(
      "<a>x&#20;y&#x14;z&#X1f;&#0;&#233;&#x1F600;&#xD800;&amp;</a>"
      "<![CDATA[&#20;]]><!-- &#20; -->&#x110000;");
  EXPECT_EQ(out.text, "<a>xyz&#233;&#x1F600;&amp;</a><![CDATA[&#20;]]><!-- &#20; -->&#x110000;");
  int64_t total = 0;
  for (const Repair& r : out.repairs) total += r.count;
  EXPECT_EQ(total, 5);  // &#20; &#x14; &#X1f; &#0; &#xD800; (&#x110000; is left to the parser)
}

TEST(LenientInput, RemovesNonCharacters) {
  Repaired out = RepairAll("<a>x\xef\xbf\xbey\xef\xbf\xbd</a>");
  EXPECT_EQ(out.text, "<a>xy\xef\xbf\xbd</a>");  // U+FFFD is a character
  ASSERT_EQ(out.repairs.size(), 1u);
  EXPECT_NE(out.repairs[0].what.find("U+FFFE"), std::string::npos);
}

TEST(LenientInput, BlanksADeclarationAfterBlankLinesKeepingLines) {
  std::string declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  Repaired out = RepairAll("\n\n  " + declaration + "\n<rss/>");
  EXPECT_EQ(out.text, "\n\n" + std::string(2 + declaration.size(), ' ') + "\n<rss/>");
  ASSERT_EQ(out.repairs.size(), 1u);
  EXPECT_EQ(out.repairs[0].at[0].line, 3);
  EXPECT_EQ(out.repairs[0].at[0].column, 3);
  // Another encoding cannot be assumed without its declaration: left for the parser to refuse.
  std::string latin = "\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss/>";
  EXPECT_EQ(RepairAll(latin).text, latin);
  EXPECT_TRUE(RepairAll(latin).repairs.empty());
}

TEST(LenientInput, RepairsAcrossReadsAndChunks) {
  // A reference and a CDATA marker straddling the 64 KiB chunk the input reads, read back in
  // small pieces.
  std::string text = "<a>" + std::string(65536 - 3 - 2, 'x') + "&#20;<![CDATA[&#20;]]>" +
                     std::string(70000, 'y') + "\x14</a>";
  std::string expected = "<a>" + std::string(65536 - 3 - 2, 'x') + "<![CDATA[&#20;]]>" +
                         std::string(70000, 'y') + "</a>";
  for (int size : {int(LenientInput::kLookahead), 1000, 4000}) {
    Repaired out = RepairAll(text, size);
    EXPECT_EQ(out.text.size(), expected.size()) << size;
    EXPECT_TRUE(out.text == expected) << size;
    int64_t total = 0;
    for (const Repair& r : out.repairs) total += r.count;
    EXPECT_EQ(total, 2) << size;
  }
}

TEST(LenientInput, LeavesUtf16ToTheParser) {
  // "<a>\x14</a>" in UTF-16LE with its byte order mark: its zero bytes are not control
  // characters, and what it holds is the parser's to judge.
  static constexpr char kUtf16[] = "\xFF\xFE<\0a\0>\0\x14\0<\0/\0a\0>\0";
  std::string text(kUtf16, sizeof kUtf16 - 1);  // 18 bytes: the literal's own NUL left out
  ASSERT_EQ(text.size(), 18u);
  Repaired out = RepairAll(text);
  EXPECT_TRUE(out.text == text);
  EXPECT_TRUE(out.repairs.empty());
}

TEST(LenientInput, EscapesBareAmpersandsOnly) {
  Repaired out = RepairAll("<a>AT&T &amp; &#38; &nbsp; ?a=1&b=2 & x&</a><![CDATA[&]]>");
  EXPECT_EQ(out.text, "<a>AT&amp;T &amp; &#38; &nbsp; ?a=1&amp;b=2 &amp; x&amp;</a><![CDATA[&]]>");
  ASSERT_EQ(out.repairs.size(), 1u);
  EXPECT_EQ(out.repairs[0].count, 4);
  EXPECT_EQ(out.repairs[0].at[0].column, 6);
}

}  // namespace
}  // namespace quire::wxr
