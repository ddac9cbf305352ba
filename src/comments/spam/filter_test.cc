#include "comments/spam/filter.h"

#include <gtest/gtest.h>

#include "comments/spam/classifier.h"
#include "comments/spam/tokenizer.h"
#include "store/spam.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::comments::spam {
namespace {

using store::CommentStatus;

store::Comment Comment(int64_t id, std::string content, CommentStatus status) {
  store::Comment comment;
  comment.id = id;
  comment.author = "Someone";
  comment.email = "someone@example.com";
  comment.content = std::move(content);
  comment.status = status;
  return comment;
}

class FilterTest : public ::testing::Test {
 protected:
  FilterTest() {
    store::SqliteOptions options;
    options.file = dir_.path() / "quire.db";
    auto opened = store::OpenSqlite(options);
    EXPECT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  ~FilterTest() override { store_->Close(); }

  void Write(const std::function<Status(store::Transaction&)>& job) {
    Status status = store_->WriteSync(job);
    ASSERT_TRUE(status) << status.error().message;
  }
  store::FilterCounts Counts(const store::Comment& comment) {
    auto counts = store::LoadFilterCounts(*store_, Tokenize(comment));
    EXPECT_TRUE(counts) << counts.error().message;
    return counts.value_or(store::FilterCounts{});
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(FilterTest, TrainingCountsOnceAndSwitchesSides) {
  store::Comment c = Comment(1, "cheap pills online", CommentStatus::kPending);
  Write([&](store::Transaction& tx) { return Train(tx, c, true); });
  Write([&](store::Transaction& tx) { return Train(tx, c, true); });
  store::FilterCounts counts = Counts(c);
  EXPECT_EQ(counts.spam_messages, 1);
  EXPECT_EQ(counts.ham_messages, 0);
  EXPECT_EQ(counts.tokens["pills"].spam, 1);

  Write([&](store::Transaction& tx) { return Train(tx, c, false); });
  counts = Counts(c);
  EXPECT_EQ(counts.spam_messages, 0);
  EXPECT_EQ(counts.ham_messages, 1);
  EXPECT_EQ(counts.tokens["pills"].spam, 0);
  EXPECT_EQ(counts.tokens["pills"].ham, 1);
}

TEST_F(FilterTest, UntrainTakesBackExactlyWhatWasLearntEvenAfterAnEdit) {
  store::Comment c = Comment(1, "cheap pills online", CommentStatus::kPending);
  Write([&](store::Transaction& tx) { return Train(tx, c, true); });
  c.content = "edited words entirely";
  Write([&](store::Transaction& tx) { return Untrain(tx, c.id); });
  Write([&](store::Transaction& tx) { return Untrain(tx, c.id); });  // nothing left: no change
  auto totals = store::FilterTotals(*store_);
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->spam_messages, 0);
  EXPECT_EQ(totals->distinct_tokens, 0) << "tokens at zero are removed";
}

TEST_F(FilterTest, ModerationTeachesSpamAndNotSpamOnly) {
  store::Comment held = Comment(1, "great article thanks", CommentStatus::kPending);
  Write(
      [&](store::Transaction& tx) { return LearnFromModeration(tx, held, CommentStatus::kTrash); });
  EXPECT_EQ(Counts(held).ham_messages + Counts(held).spam_messages, 0) << "trash teaches nothing";
  Write([&](store::Transaction& tx) {
    return LearnFromModeration(tx, held, CommentStatus::kApproved);
  });
  EXPECT_EQ(Counts(held).ham_messages, 1) << "approved by a moderator: genuine";

  store::Comment spam = Comment(2, "casino bonus", CommentStatus::kPending);
  Write(
      [&](store::Transaction& tx) { return LearnFromModeration(tx, spam, CommentStatus::kSpam); });
  EXPECT_EQ(Counts(spam).spam_messages, 1);
  spam.status = CommentStatus::kSpam;
  Write([&](store::Transaction& tx) {
    return LearnFromModeration(tx, spam, CommentStatus::kPending);
  });
  store::FilterCounts counts = Counts(spam);
  EXPECT_EQ(counts.spam_messages, 0) << "Not spam takes the spam back";
  EXPECT_EQ(counts.ham_messages, 2) << "and teaches genuine";
}

TEST_F(FilterTest, NeutralUntilTrainedThenScores) {
  store::Comment probe = Comment(0, "buy cheap pills casino bonus", CommentStatus::kPending);
  auto untrained = ScoreComment(*store_, probe);
  ASSERT_TRUE(untrained);
  EXPECT_FALSE(untrained->trained);
  EXPECT_DOUBLE_EQ(untrained->score, 0.5);
  Write([&](store::Transaction& tx) -> Status {
    for (int i = 0; i < kMinTrainedEach; ++i) {
      auto spam = Comment(100 + i, "buy cheap pills casino bonus " + std::to_string(i),
                          CommentStatus::kPending);
      if (Status s = Train(tx, spam, true); !s) return s;
      auto ham = Comment(200 + i, "thoughtful article about gardening " + std::to_string(i),
                         CommentStatus::kPending);
      if (Status s = Train(tx, ham, false); !s) return s;
    }
    return {};
  });
  auto spammy = ScoreComment(*store_, probe);
  ASSERT_TRUE(spammy);
  EXPECT_TRUE(spammy->trained);
  EXPECT_GT(spammy->score, 0.9);
  auto hammy =
      ScoreComment(*store_, Comment(0, "a thoughtful gardening article", CommentStatus::kPending));
  ASSERT_TRUE(hammy);
  EXPECT_LT(hammy->score, 0.1);
}

}  // namespace
}  // namespace quire::comments::spam
