#include "privacy/personal_data.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/outbox.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "util/clock.h"

namespace quire::privacy {
namespace {

// A write job's Status from a Result whose value the test does not need.
template <typename T>
Status Drop(Result<T> result) {
  if (!result) return std::unexpected(std::move(result.error()));
  return {};
}

constexpr int64_t kDay = 86400;
constexpr int64_t kNow = 1'800'000'000;

TEST(AnonymiseIpTest, FollowsWordPress) {
  EXPECT_EQ(AnonymiseIp("192.0.2.123"), "192.0.2.0");
  EXPECT_EQ(AnonymiseIp("2001:db8:85a3:8d3:1319:8a2e:370:7348"), "2001:db8:85a3::");
  EXPECT_EQ(AnonymiseIp("::1"), "::");
  EXPECT_EQ(AnonymiseIp(""), "");
  EXPECT_EQ(AnonymiseIp("not an address"), "0.0.0.0");
}

class PersonalDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::OpenSqlite({dir_.path() / "quire.db"}));
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      store::Post post;
      post.slug = "hello";
      post.title = "Hello";
      post.published_at = 1714558830;
      post_id_ = *tx.InsertPost(post);
      return {};
    }));
    alice_ = Add("Alice", "Alice@Example.org", "203.0.113.7", 0, kNow - 40 * kDay);
    bob_ = Add("Bob", "bob@example.org", "2001:db8::1", alice_, kNow - 10 * kDay);
    alice_again_ = Add("Alice", "alice@example.org", "203.0.113.8", bob_, kNow - 1 * kDay);
  }

  int64_t Add(std::string author, std::string email, std::string ip, int64_t parent, int64_t when) {
    store::Comment c;
    c.post_id = post_id_;
    c.parent_id = parent;
    c.author = std::move(author);
    c.email = std::move(email);
    c.url = "https://" + c.author + ".example";
    c.ip = std::move(ip);
    c.user_agent = "Agent/" + c.author;
    c.content = "Said by " + c.author;
    c.created_at = when;
    c.status = store::CommentStatus::kApproved;
    c.user_id = 3;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      id = *tx.InsertComment(c);
      return {};
    }));
    return id;
  }

  store::Comment Find(int64_t id) { return **store_->FindComment(id); }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  int64_t post_id_ = 0, alice_ = 0, bob_ = 0, alice_again_ = 0;
};

TEST_F(PersonalDataTest, ExportListsEverythingAboutTheEmailAndNothingElse) {
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) {
    return Drop(store::UpsertPendingSubscription(tx, post_id_, "alice@example.org", "h", 5));
  }));
  store::Settings settings;
  auto data = ExportPersonalData(*store_, "ALICE@example.org", settings, "https://x.example/");
  ASSERT_TRUE(data.has_value()) << data.error().message;
  const auto& comments = (*data)["comments"];
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0]["id"], alice_);
  EXPECT_EQ(comments[0]["author"], "Alice");
  EXPECT_EQ(comments[0]["email"], "Alice@Example.org");
  EXPECT_EQ(comments[0]["url"], "https://Alice.example");
  EXPECT_EQ(comments[0]["ip"], "203.0.113.7");
  EXPECT_EQ(comments[0]["user_agent"], "Agent/Alice");
  EXPECT_EQ(comments[0]["content"], "Said by Alice");
  EXPECT_EQ(comments[0]["status"], "approved");
  EXPECT_EQ(comments[0]["date"], util::FormatIso8601(kNow - 40 * kDay));
  EXPECT_EQ(comments[0]["link"],
            "https://x.example/2024/05/01/hello/#comment-" + std::to_string(alice_));
  EXPECT_EQ(comments[1]["id"], alice_again_);
  EXPECT_EQ(data->dump().find("bob@example.org"), std::string::npos);
  ASSERT_EQ((*data)["subscriptions"].size(), 1u);
  EXPECT_TRUE((*data)["subscriptions"][0]["confirmed_at"].is_null());
}

TEST_F(PersonalDataTest, EraseAnonymisesAndKeepsTheText) {
  auto erased = ErasePersonalData(*store_, "alice@EXAMPLE.org", false);
  ASSERT_TRUE(erased.has_value());
  EXPECT_EQ(erased->comments, 2);
  for (int64_t id : {alice_, alice_again_}) {
    store::Comment c = Find(id);
    EXPECT_EQ(c.author, "Anonymous");
    EXPECT_EQ(c.email, "");
    EXPECT_EQ(c.url, "");
    EXPECT_EQ(c.user_agent, "");
    EXPECT_EQ(c.user_id, 0);
    EXPECT_EQ(c.content, "Said by Alice");
  }
  EXPECT_EQ(Find(alice_).ip, "203.0.113.0");
  EXPECT_EQ(Find(bob_).author, "Bob");
  EXPECT_EQ(Find(bob_).email, "bob@example.org");
  EXPECT_EQ(Find(bob_).ip, "2001:db8::1");
  auto changes = *store_->ChangesSince(0);
  bool post_tag = false;
  for (const auto& change : changes) post_tag |= change.tag == "post:" + std::to_string(post_id_);
  EXPECT_TRUE(post_tag);
}

TEST_F(PersonalDataTest, EraseWithDeleteMovesRepliesUp) {
  auto erased = ErasePersonalData(*store_, "alice@example.org", true);
  ASSERT_TRUE(erased.has_value());
  EXPECT_EQ(erased->comments, 2);
  EXPECT_FALSE(store_->FindComment(alice_)->has_value());
  EXPECT_FALSE(store_->FindComment(alice_again_)->has_value());
  EXPECT_EQ(Find(bob_).parent_id, 0) << "Bob replied to a deleted comment: now top level";
}

TEST_F(PersonalDataTest, RetentionForgetsOldAddressesAndAgentsOnly) {
  store::Settings settings;
  settings.ip_retention_days = 30;
  settings.user_agent_retention_days = 5;
  auto kept = ApplyRetention(*store_, settings, kNow);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->ips, 1);          // Alice's, 40 days old
  EXPECT_EQ(kept->user_agents, 2);  // Alice's and Bob's (10 days)
  EXPECT_EQ(Find(alice_).ip, "");
  EXPECT_EQ(Find(bob_).ip, "2001:db8::1");
  EXPECT_EQ(Find(bob_).user_agent, "");
  EXPECT_EQ(Find(alice_again_).ip, "203.0.113.8");
  EXPECT_EQ(Find(alice_again_).user_agent, "Agent/Alice");
  EXPECT_EQ(ApplyRetention(*store_, settings, kNow)->ips, 0);
}

}  // namespace
}  // namespace quire::privacy
