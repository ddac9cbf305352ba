#include "comments/spam/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::comments::spam {
namespace {

using ::testing::Contains;
using ::testing::Not;

store::Comment Of(std::string content, std::string author = "", std::string email = "",
                  std::string url = "") {
  store::Comment comment;
  comment.content = std::move(content);
  comment.author = std::move(author);
  comment.email = std::move(email);
  comment.url = std::move(url);
  return comment;
}

TEST(Tokenizer, WordsInLowerCaseAnyScriptOnceEach) {
  auto tokens = Tokenize(Of("Cheap CHEAP pills! Çox ƏLA məqalə. Очень Хорошо, спасибо — a"));
  EXPECT_THAT(tokens, Contains("cheap"));
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "cheap"), 1);
  EXPECT_THAT(tokens, Contains("pills"));
  EXPECT_THAT(tokens, Contains("çox"));
  EXPECT_THAT(tokens, Contains("əla"));
  EXPECT_THAT(tokens, Contains("məqalə"));
  EXPECT_THAT(tokens, Contains("очень"));
  EXPECT_THAT(tokens, Contains("хорошо"));
  EXPECT_THAT(tokens, Not(Contains("a"))) << "one-letter words say nothing";
  EXPECT_THAT(tokens, Not(Contains("—")));
}

TEST(Tokenizer, LinksAndAuthorFieldsArePrefixed) {
  auto tokens = Tokenize(Of("Buy at https://WWW.Pills-Shop.example/cheap and www.casino.example",
                            "Best Casino", "bot@Mail.Example", "http://seo.example:8080/x"));
  EXPECT_THAT(tokens, Contains("link:pills-shop.example"));
  EXPECT_THAT(tokens, Contains("link:casino.example"));
  EXPECT_THAT(tokens, Contains("links:2"));
  EXPECT_THAT(tokens, Contains("name:casino"));
  EXPECT_THAT(tokens, Contains("email:mail.example"));
  EXPECT_THAT(tokens, Contains("url:seo.example"));
  EXPECT_THAT(Tokenize(Of("Plain words only")), Contains("url:none"));
  EXPECT_THAT(Tokenize(Of("Plain words only")), Contains("links:0"));
}

TEST(Tokenizer, BoundedAndWithoutLineBreaks) {
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "w" + std::to_string(i) + "\n";
  auto tokens = Tokenize(Of(many));
  EXPECT_EQ(tokens.size(), kMaxTokensPerComment);
  for (const std::string& token : tokens) EXPECT_EQ(token.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace quire::comments::spam
