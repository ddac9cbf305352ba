// store/spam.h on SQLite: bans and the filter's labels and counts.
#include <gtest/gtest.h>

#include "store/spam.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

constexpr int64_t kNow = 1'700'000'000;

class SqliteSpamTest : public ::testing::Test {
 protected:
  SqliteSpamTest() {
    SqliteOptions options;
    options.file = dir_.path() / "quire.db";
    auto opened = OpenSqlite(options);
    EXPECT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  ~SqliteSpamTest() override { store_->Close(); }

  int64_t AddBan(BanKind kind, std::string value, std::optional<int64_t> expires = {}) {
    int64_t id = 0;
    Status added = store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = InsertBan(tx, Ban{0, kind, value, expires, "tester", "why", kNow});
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(added) << added.error().message;
    return id;
  }

  std::vector<Ban> ToCheck(std::string email, int64_t now) {
    std::vector<Ban> bans;
    Status read = store_->WriteSync([&](Transaction& tx) -> Status {
      auto found = BansToCheck(tx, email, now);
      if (!found) return std::unexpected(found.error());
      bans = *found;
      return {};
    });
    EXPECT_TRUE(read);
    return bans;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteSpamTest, BansRoundTripAndExpire) {
  int64_t email = AddBan(BanKind::kEmail, "bot@example.com");
  AddBan(BanKind::kRange, "203.0.113.0/24", kNow + 100);
  auto all = ListBans(*store_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  const Ban& first = all->back();
  EXPECT_EQ(first.id, email);
  EXPECT_EQ(first.kind, BanKind::kEmail);
  EXPECT_EQ(first.value, "bot@example.com");
  EXPECT_FALSE(first.expires_at);
  EXPECT_EQ(first.created_by, "tester");
  EXPECT_EQ(first.reason, "why");

  EXPECT_EQ(ToCheck("BOT@example.com", kNow).size(), 2u) << "emails compare in lower case";
  EXPECT_EQ(ToCheck("ada@example.com", kNow).size(), 1u) << "only the range applies";
  EXPECT_EQ(ToCheck("ada@example.com", kNow + 100).size(), 0u) << "the range expired";

  Status removed = store_->WriteSync([&](Transaction& tx) -> Status {
    auto deleted = DeleteBan(tx, email);
    if (!deleted) return std::unexpected(deleted.error());
    EXPECT_TRUE(*deleted);
    auto again = DeleteBan(tx, email);
    if (!again) return std::unexpected(again.error());
    EXPECT_FALSE(*again);
    return {};
  });
  ASSERT_TRUE(removed);
  EXPECT_EQ(ListBans(*store_)->size(), 1u);
}

TEST_F(SqliteSpamTest, LabelsAddAndSubtractTheirTokens) {
  TrainedLabel label{true, {"pills", "link:shop.example", "quote\"and\\slash"}};
  Status added = store_->WriteSync([&](Transaction& tx) { return AddTrainedLabel(tx, 7, label); });
  ASSERT_TRUE(added) << added.error().message;
  auto counts = LoadFilterCounts(*store_, {"pills", "quote\"and\\slash", "unseen"});
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->spam_messages, 1);
  EXPECT_EQ(counts->tokens.size(), 2u);
  EXPECT_EQ(counts->tokens["quote\"and\\slash"].spam, 1);
  // Tokens read only once both totals reach tokens_from (one spam message, no genuine one here).
  auto untrained = LoadFilterCounts(*store_, {"pills"}, 1);
  ASSERT_TRUE(untrained);
  EXPECT_EQ(untrained->spam_messages, 1);
  EXPECT_TRUE(untrained->tokens.empty());
  Status genuine = store_->WriteSync([&](Transaction& tx) {
    return AddTrainedLabel(tx, 9, TrainedLabel{false, {"thanks"}});
  });
  ASSERT_TRUE(genuine) << genuine.error().message;
  auto trained = LoadFilterCounts(*store_, {"pills"}, 1);
  ASSERT_TRUE(trained);
  EXPECT_EQ(trained->tokens.size(), 1u);
  Status untaught = store_->WriteSync([&](Transaction& tx) -> Status {
    auto gone = RemoveTrainedLabel(tx, 9);
    if (!gone) return std::unexpected(gone.error());
    return {};
  });
  ASSERT_TRUE(untaught) << untaught.error().message;

  Status bad = store_->WriteSync([&](Transaction& tx) {
    return AddTrainedLabel(tx, 8, TrainedLabel{false, {"a\nb"}});
  });
  EXPECT_FALSE(bad);

  Status removed = store_->WriteSync([&](Transaction& tx) -> Status {
    auto found = FindTrainedLabel(tx, 7);
    if (!found) return std::unexpected(found.error());
    EXPECT_TRUE(*found && (*found)->is_spam && (*found)->tokens == label.tokens);
    auto gone = RemoveTrainedLabel(tx, 7);
    if (!gone) return std::unexpected(gone.error());
    EXPECT_TRUE(*gone);
    return {};
  });
  ASSERT_TRUE(removed);
  auto totals = FilterTotals(*store_);
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->spam_messages, 0);
  EXPECT_EQ(totals->distinct_tokens, 0);
}

}  // namespace
}  // namespace quire::store
