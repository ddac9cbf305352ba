#include "comments/keywords.h"

#include <gtest/gtest.h>

namespace quire::comments {
namespace {

TEST(FoldCase, LowersLatinGreekCyrillicAndAzerbaijani) {
  EXPECT_EQ(FoldCase("Hello WORLD"), "hello world");
  EXPECT_EQ(FoldCase("ÀÉÎÕÜ × Ÿ"), "àéîõü × ÿ");
  EXPECT_EQ(FoldCase("ĀĞŁŇŽ"), "āğłňž");
  EXPECT_EQ(FoldCase("ΑΒΓ ΣΩ"), "αβγ σω");
  EXPECT_EQ(FoldCase("ПРИВЕТ ЁЖ"), "привет ёж");
  EXPECT_EQ(FoldCase("ƏLA İş"), "əla iş");
  EXPECT_EQ(FoldCase("日本語 😀"), "日本語 😀");
}

TEST(FoldCase, KeepsBrokenBytes) {
  EXPECT_EQ(FoldCase("A\xC3("), "a\xC3(");
  EXPECT_EQ(FoldCase("\xFF"), "\xFF");
  EXPECT_EQ(FoldCase("\xE2\x82"), "\xE2\x82");  // truncated at the end
}

TEST(FindKeyword, OneKeyPerLineBlankLinesIgnored) {
  std::vector<KeywordField> fields = {{"name", "Ada"}, {"content", "Cheap Pills here"}};
  EXPECT_EQ(FindKeyword("", fields), "");
  EXPECT_EQ(FindKeyword("\n\n  \n", fields), "");
  EXPECT_EQ(FindKeyword("casino\n\n  pills  \r\n", fields), "\"pills\" in content");
  EXPECT_EQ(FindKeyword("PILLS\nada", fields), "\"PILLS\" in content") << "list order first";
  EXPECT_EQ(FindKeyword("heap p", fields), "\"heap p\" in content") << "a substring";
  EXPECT_EQ(FindKeyword("ad", fields), "\"ad\" in name") << "field order next";
}

TEST(FindKeyword, NoKeyMatchesAcrossFields) {
  std::vector<KeywordField> fields = {{"name", "Ada"}, {"email", "lovelace@example.com"}};
  EXPECT_EQ(FindKeyword("ada lovelace\nadalovelace", fields), "");
}

}  // namespace
}  // namespace quire::comments
