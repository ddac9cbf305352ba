// The revisions diff: tokens, the LCS edit script (minimal, deletions before insertions, both
// sides recoverable), the line-then-word refinement, escaping, and the size cap's fallback.
#include "content/diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::content {
namespace {

using ::testing::ElementsAre;

std::string Side(const std::vector<DiffPiece>& pieces, DiffOp skipped) {
  std::string text;
  for (const DiffPiece& piece : pieces) {
    if (piece.op != skipped) text += piece.text;
  }
  return text;
}

std::vector<std::string> Chars(std::string_view text) {
  std::vector<std::string> tokens;
  for (char c : text) tokens.emplace_back(1, c);
  return tokens;
}

TEST(DiffTest, SplitLinesKeepsNewlinesAndAnUnterminatedLastLine) {
  EXPECT_THAT(SplitLines("a\nb\n\nc"), ElementsAre("a\n", "b\n", "\n", "c"));
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(DiffTest, SplitWordsAlternatesWordsAndWhitespace) {
  EXPECT_THAT(SplitWords("  one two\n\tthree"),
              ElementsAre("  ", "one", " ", "two", "\n\t", "three"));
}

TEST(DiffTest, IdenticalTextsAreOneEqualPiece) {
  EXPECT_THAT(DiffText("same\ntext\n", "same\ntext\n"),
              ElementsAre(DiffPiece{DiffOp::kEqual, "same\ntext\n"}));
  EXPECT_TRUE(DiffText("", "").empty());
}

TEST(DiffTest, TheEditIsALongestCommonSubsequence) {
  // LCS of ABCBDAB and BDCABA has length 4.
  std::vector<DiffPiece> pieces = DiffTokens(Chars("ABCBDAB"), Chars("BDCABA"));
  size_t common = 0;
  for (const DiffPiece& piece : pieces) {
    if (piece.op == DiffOp::kEqual) common += piece.text.size();
  }
  EXPECT_EQ(common, 4u);
  EXPECT_EQ(Side(pieces, DiffOp::kInsert), "ABCBDAB");
  EXPECT_EQ(Side(pieces, DiffOp::kDelete), "BDCABA");
  for (size_t i = 1; i < pieces.size(); ++i) EXPECT_NE(pieces[i].op, pieces[i - 1].op);
}

TEST(DiffTest, DeletionsComeBeforeInsertionsInAChange) {
  EXPECT_THAT(DiffTokens(Chars("axc"), Chars("ayc")),
              ElementsAre(DiffPiece{DiffOp::kEqual, "a"}, DiffPiece{DiffOp::kDelete, "x"},
                          DiffPiece{DiffOp::kInsert, "y"}, DiffPiece{DiffOp::kEqual, "c"}));
}

TEST(DiffTest, AddedAndRemovedLines) {
  EXPECT_THAT(
      DiffText("one\ntwo\nthree\n", "one\nthree\nfour\n"),
      ElementsAre(DiffPiece{DiffOp::kEqual, "one\n"}, DiffPiece{DiffOp::kDelete, "two\n"},
                  DiffPiece{DiffOp::kEqual, "three\n"}, DiffPiece{DiffOp::kInsert, "four\n"}));
}

TEST(DiffTest, AChangedLineIsRefinedToWords) {
  EXPECT_THAT(
      DiffText("intro\nthe quick fox\nend\n", "intro\nthe slow fox\nend\n"),
      ElementsAre(DiffPiece{DiffOp::kEqual, "intro\nthe "}, DiffPiece{DiffOp::kDelete, "quick"},
                  DiffPiece{DiffOp::kInsert, "slow"}, DiffPiece{DiffOp::kEqual, " fox\nend\n"}));
}

TEST(DiffTest, BothSidesAreRecoverableFromAMessyEdit) {
  const std::string before = "# Title\n\nFirst para, with words.\nSecond line\n\nLast.";
  const std::string after = "# New title\n\nFirst para with more words.\n\nInserted\nLast!\n";
  std::vector<DiffPiece> pieces = DiffText(before, after);
  EXPECT_EQ(Side(pieces, DiffOp::kInsert), before);
  EXPECT_EQ(Side(pieces, DiffOp::kDelete), after);
}

TEST(DiffTest, HtmlIsEscapedAndMarked) {
  EXPECT_EQ(DiffToHtml(DiffText("a <b> & c", "a <i> & c")),
            "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> &amp; c");
}

TEST(DiffTest, BeyondTheCellCapABlockIsReplacedWhole) {
  std::vector<std::string> before, after;
  for (int i = 0; i < 2100; ++i) {
    before.push_back("a" + std::to_string(i) + "\n");
    after.push_back("b" + std::to_string(i) + "\n");
  }
  before.push_back("shared\n");
  after.push_back("shared\n");
  std::vector<DiffPiece> pieces = DiffTokens(before, after);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0].op, DiffOp::kDelete);
  EXPECT_EQ(pieces[1].op, DiffOp::kInsert);
  EXPECT_EQ(pieces[2], (DiffPiece{DiffOp::kEqual, "shared\n"}));
}

}  // namespace
}  // namespace quire::content
