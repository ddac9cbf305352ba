#include "comments/spam/spam_guard.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <optional>

#include "comments/spam/form_stamp.h"
#include "store/spam.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::comments::spam {
namespace {

using store::CommentStatus;

constexpr int64_t kNow = 1'700'000'000;

// ---- Judge: pure ----

store::Settings Defaults() {
  store::Settings settings;
  settings.secret = "secret";
  return settings;
}

Screening Scored(double score) {
  Screening screening;
  screening.filter_on = true;
  screening.filter = FilterScore{true, score, 50, 50};
  return screening;
}

TEST(Judge, FormSpamWinsOverEverythingButModerators) {
  Screening screening;
  screening.form = Decision{CommentStatus::kSpam, "spam: honeypot filled"};
  Decision trash{CommentStatus::kTrash, "trashed: disallowed key"};
  EXPECT_EQ(Judge(trash, screening, Defaults(), false).reason, "spam: honeypot filled");
  EXPECT_EQ(Judge({CommentStatus::kApproved, ""}, screening, Defaults(), true).status,
            CommentStatus::kApproved);
}

TEST(Judge, FilterThresholds) {
  Decision approved{CommentStatus::kApproved, ""};
  Decision spam = Judge(approved, Scored(0.97), Defaults(), false);
  EXPECT_EQ(spam.status, CommentStatus::kSpam);
  EXPECT_EQ(spam.reason, "spam: filter score 0.97 (spam at 0.95)");
  Decision held = Judge(approved, Scored(0.83), Defaults(), false);
  EXPECT_EQ(held.status, CommentStatus::kPending);
  EXPECT_EQ(held.reason, "held: filter score 0.83 (hold at 0.70)");
  EXPECT_EQ(Judge(approved, Scored(0.2), Defaults(), false).status, CommentStatus::kApproved);
  Decision trash{CommentStatus::kTrash, "trashed: disallowed key"};
  EXPECT_EQ(Judge(trash, Scored(0.99), Defaults(), false).status, CommentStatus::kTrash);
}

TEST(Judge, HeldCommentsSayWhatTheFilterThinks) {
  Decision first{CommentStatus::kPending, "held: first comment from this author"};
  EXPECT_EQ(Judge(first, Scored(0.12), Defaults(), false).reason,
            "held: first comment from this author; filter score 0.12");
  Screening untrained;
  untrained.filter_on = true;
  EXPECT_EQ(Judge(first, untrained, Defaults(), false).reason,
            "held: first comment from this author; filter untrained");
  Screening off;
  EXPECT_EQ(Judge(first, off, Defaults(), false).reason, "held: first comment from this author");
}

// ---- the layers through Submit, on SQLite ----

class GuardedSubmitTest : public ::testing::Test {
 protected:
  GuardedSubmitTest() {
    store::SqliteOptions options;
    options.file = dir_.path() / "quire.db";
    auto opened = store::OpenSqlite(options);
    EXPECT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    guard_.emplace(*store_);
    settings_.secret = "secret";
    settings_.comment_flood_seconds = 0;
    settings_.comment_previously_approved = false;
    Status added = store_->WriteSync([&](store::Transaction& tx) -> Status {
      store::Post post;
      post.slug = "post";
      post.published_at = kNow - 100;
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post_id_ = *id;
      return {};
    });
    EXPECT_TRUE(added);
  }
  ~GuardedSubmitTest() override { store_->Close(); }

  Submission Human(std::string text = "A thoughtful remark.") {
    Submission s;
    s.post_id = post_id_;
    s.author = "Ada";
    s.email = "ada@example.com";
    s.content = std::move(text);
    s.ip = "203.0.113.9";
    s.form_stamp = MakeFormStamp(settings_.secret, post_id_, kNow - 30);
    return s;
  }

  Result<Accepted> Run(Submission submission, int64_t now = kNow) {
    std::optional<Result<Accepted>> result;
    std::mutex mutex;
    std::condition_variable cv;
    Submit(*store_, *guard_, settings_, std::move(submission), now, [&](Result<Accepted> r) {
      std::lock_guard lock(mutex);
      result = std::move(r);
      cv.notify_all();
    });
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return result.has_value(); });
    return std::move(*result);
  }

  void Ban(store::BanKind kind, std::string value, std::optional<int64_t> expires = {}) {
    Status added = store_->WriteSync([&](store::Transaction& tx) -> Status {
      store::Ban ban{0, kind, value, expires, "test", "because", kNow - 10};
      auto id = store::InsertBan(tx, ban);
      if (!id) return std::unexpected(id.error());
      return {};
    });
    ASSERT_TRUE(added);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::optional<SpamGuard> guard_;
  store::Settings settings_;
  int64_t post_id_ = 0;
};

TEST_F(GuardedSubmitTest, AHumanIsApproved) {
  auto accepted = Run(Human());
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->comment.status, CommentStatus::kApproved);
}

TEST_F(GuardedSubmitTest, HoneypotAndStampMarkSpamSpeedHolds) {
  Submission bot = Human("one");
  bot.honeypot = "http://seo.example";
  EXPECT_EQ(Run(bot)->comment.reason, "spam: honeypot filled");
  Submission direct = Human("two");
  direct.form_stamp.clear();
  EXPECT_EQ(Run(direct)->comment.reason, "spam: no form stamp");
  Submission forged = Human("three");
  forged.form_stamp = std::to_string(kNow - 30) + ".AAAAAAAAAAAAAAAAAAAAAA";
  EXPECT_EQ(Run(forged)->comment.reason, "spam: forged form stamp");
  Submission fast = Human("four");
  fast.form_stamp = MakeFormStamp(settings_.secret, post_id_, kNow - 1);
  auto quick = Run(fast);  // a quick person: held for a moderator, not spam
  EXPECT_EQ(quick->comment.status, CommentStatus::kPending);
  EXPECT_TRUE(
      quick->comment.reason.starts_with("held: sent 1 s after the form was shown (minimum 3 s)"))
      << quick->comment.reason;
  Submission old = Human("five");
  old.form_stamp = MakeFormStamp(settings_.secret, post_id_, kNow - 8 * 86400);
  EXPECT_EQ(Run(old)->comment.status, CommentStatus::kPending);
}

TEST_F(GuardedSubmitTest, LayersAreOffWithTheirSettingsAndForModerators) {
  settings_.spam_honeypot = false;
  settings_.spam_min_submit_seconds = 0;
  Submission bot = Human();
  bot.honeypot = "filled";
  bot.form_stamp.clear();
  EXPECT_EQ(Run(bot)->comment.status, CommentStatus::kApproved);
  settings_.spam_honeypot = true;
  Submission moderator = Human("from a moderator");
  moderator.honeypot = "filled";
  moderator.is_moderator = true;
  EXPECT_EQ(Run(moderator)->comment.status, CommentStatus::kApproved);
}

TEST_F(GuardedSubmitTest, BansRefuseWith403UntilTheyExpire) {
  Ban(store::BanKind::kEmail, "ada@example.com");
  auto refused = Run(Human());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(refused.error().message, "Sorry, you are not allowed to comment.");

  Submission other = Human("from elsewhere");
  other.email = "bob@example.com";
  other.ip = "2001:db8::5";
  EXPECT_TRUE(Run(other));
  Ban(store::BanKind::kRange, "2001:db8::/32");
  other.content = "again";
  EXPECT_FALSE(Run(other));
  other.ip = "198.51.100.7";
  Ban(store::BanKind::kIp, "198.51.100.7", kNow + 60);
  EXPECT_FALSE(Run(other));
  EXPECT_TRUE(Run(other, kNow + 61)) << "the ban expired";
}

TEST_F(GuardedSubmitTest, RateLimitsAfterTheBurstAndModeratorsAreExempt) {
  settings_.rate_ip_burst = 2;
  EXPECT_TRUE(Run(Human("a")));
  EXPECT_TRUE(Run(Human("b")));
  auto refused = Run(Human("c"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(refused.error().message, "You are posting comments too quickly. Slow down.");
  Submission moderator = Human("d");
  moderator.is_moderator = true;
  EXPECT_TRUE(Run(moderator));
  EXPECT_TRUE(Run(Human("e"), kNow + 3600)) << "the bucket refilled";
}

TEST_F(GuardedSubmitTest, ATrainedFilterHoldsAndSpams) {
  Submission pills = Human("cheap pills casino bonus viagra");
  EXPECT_EQ(Run(pills)->comment.status, CommentStatus::kApproved) << "untrained: neutral";
  Status trained = store_->WriteSync([](store::Transaction& tx) -> Status {
    for (int i = 0; i < 25; ++i) {
      store::Comment spam;
      spam.id = 1000 + i;
      spam.content = "cheap pills casino bonus viagra offer " + std::to_string(i);
      if (Status s = Train(tx, spam, true); !s) return s;
      store::Comment ham;
      ham.id = 2000 + i;
      ham.content = "a thoughtful remark about the garden " + std::to_string(i);
      if (Status s = Train(tx, ham, false); !s) return s;
    }
    return {};
  });
  ASSERT_TRUE(trained);
  auto spam = Run(Human("cheap casino bonus pills"));
  EXPECT_EQ(spam->comment.status, CommentStatus::kSpam);
  EXPECT_TRUE(spam->comment.reason.starts_with("spam: filter score ")) << spam->comment.reason;
  EXPECT_EQ(Run(Human("a remark about the garden"))->comment.status, CommentStatus::kApproved);
}

}  // namespace
}  // namespace quire::comments::spam
