#include "media/text.h"

#include <gtest/gtest.h>

namespace quire::media {
namespace {

TEST(CleanText, RemovesBidiAndControlCharacters) {
  // "photo<RLO>gpj.exe" shows as "photoexe.jpg".
  EXPECT_EQ(CleanText("photo\u202Egpj.exe"), "photogpj.exe");
  EXPECT_EQ(CleanText("a\u200Eb\u200Fc\u061Cd\u2066e\u2067f\u2068g\u2069h\u202Ai\u202Bj\u202Ck"),
            "abcdefghijk");
  EXPECT_EQ(CleanText(std::string("a\0b\x1b[31mc\x7f"
                                  "d",
                                  11)),
            "ab[31mcd");
  EXPECT_EQ(CleanText("a\u0085b\u009Bc"), "abc");  // C1 controls (NEL, CSI)
  EXPECT_EQ(CleanText("  Holiday\tPhoto\r\n "), "Holiday Photo");
}

TEST(CleanText, KeepsOrdinaryTextAndLinesWhenAsked) {
  EXPECT_EQ(CleanText("Café – 東京 🐈 عربي"), "Café – 東京 🐈 عربي");
  EXPECT_EQ(CleanText("one\r\ntwo\n\tthree", Lines::kMultiple), "one\ntwo\n\tthree");
  EXPECT_EQ(CleanText("one\r\ntwo", Lines::kOne), "one two");
}

TEST(CleanText, MalformedBytesBecomeReplacementCharacters) {
  EXPECT_EQ(CleanText("a\xff"
                      "b\xc0\xaf"
                      "c"),
            "a\uFFFDb\uFFFD\uFFFDc");
  EXPECT_EQ(CleanText("\xe2\x80\xae"), "");  // a well-formed RLO alone leaves nothing
}

TEST(CleanText, HiddenControls) {
  EXPECT_TRUE(IsHiddenControl(0x202E));
  EXPECT_TRUE(IsHiddenControl(0x1B));
  EXPECT_FALSE(IsHiddenControl(U'a'));
  EXPECT_FALSE(IsHiddenControl(0x200D));  // the zero-width joiner builds emoji; it stays
}

}  // namespace
}  // namespace quire::media
