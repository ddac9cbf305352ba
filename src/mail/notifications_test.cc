#include "mail/notifications.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/outbox.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::mail {
namespace {

// A write job's Status from a Result whose value the test does not need.
template <typename T>
Status Drop(Result<T> result) {
  if (!result) return std::unexpected(std::move(result.error()));
  return {};
}

constexpr std::string_view kHome = "https://blog.example";

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::OpenSqlite({dir_.path() / "quire.db"}));
    settings_.title = "Blog";
    settings_.secret = "s3cret";
    settings_.admin_email = "admin@blog.example";
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      store::User author{0, "ann", "ann@blog.example", "Ann", store::Role::kAuthor, "", 1};
      store::User editor{0, "ed", "ed@blog.example", "Ed", store::Role::kEditor, "", 1};
      store::User admin{0,  "root", "ADMIN@blog.example", "Root", store::Role::kAdministrator,
                        "", 1};
      author_id_ = *tx.InsertUser(author);
      (void)*tx.InsertUser(editor);
      (void)*tx.InsertUser(admin);
      store::Post post;
      post.slug = "hello";
      post.title = "Hello world";
      post.author_id = author_id_;
      post.published_at = 1714558830;
      post_id_ = *tx.InsertPost(post);
      return {};
    }));
  }

  // Stores a comment and runs OnCommentStored in its transaction.
  store::Comment Post(std::string author, std::string email, store::CommentStatus status,
                      int64_t parent = 0, bool subscribe = false) {
    store::Comment c;
    c.post_id = post_id_;
    c.parent_id = parent;
    c.author = std::move(author);
    c.email = std::move(email);
    c.url = website_.empty() ? "https://" + c.author + ".example" : website_;
    c.ip = "192.0.2.1";
    c.content = "Words of " + c.author;
    c.created_at = 1714558900;
    c.status = status;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto id = tx.InsertComment(c);
      if (!id) return std::unexpected(id.error());
      c.id = *id;
      return OnCommentStored(tx, c, subscribe, settings_, kHome);
    }));
    return c;
  }

  std::vector<store::OutboxMessage> Outbox() {
    auto all = *store::ListOutboxMessages(*store_, 100);
    return {all.rbegin(), all.rend()};  // oldest first
  }

  void ClearOutbox() {
    for (const auto& m : Outbox()) {
      ASSERT_TRUE(store_->WriteSync(
          [&](store::Transaction& tx) { return Drop(store::DeleteOutboxMessagesTo(tx, m.to)); }));
    }
  }

  std::string Header(const store::OutboxMessage& m, std::string_view name) {
    for (const auto& [n, v] : m.headers) {
      if (n == name) return v;
    }
    return {};
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::Settings settings_;
  int64_t author_id_ = 0;
  int64_t post_id_ = 0;
  std::string website_;  // the next comment's Website when set
};

TEST_F(NotificationsTest, AnApprovedCommentTellsThePostAuthorWithoutTheCommentersEmail) {
  store::Comment c = Post("Bob", "bob@mail.example", store::CommentStatus::kApproved);
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, "ann@blog.example");
  EXPECT_EQ(out[0].kind, "comment-notify");
  EXPECT_EQ(out[0].subject, "[Blog] Comment: \"Hello world\"");
  EXPECT_NE(out[0].body.find("Words of Bob"), std::string::npos);
  EXPECT_NE(
      out[0].body.find("https://blog.example/2024/05/01/hello/#comment-" + std::to_string(c.id)),
      std::string::npos);
  EXPECT_EQ(out[0].body.find("bob@mail.example"), std::string::npos);
  EXPECT_EQ(out[0].body.find("192.0.2.1"), std::string::npos);
}

TEST_F(NotificationsTest, OnlyAnHttpWebsiteIsWrittenAndAsSafeUrlGivesIt) {
  website_ = "javascript:alert(document.cookie)";
  Post("Bob", "bob@mail.example", store::CommentStatus::kApproved);
  website_ = "carol.example/me";
  Post("Carol", "carol@mail.example", store::CommentStatus::kApproved);
  auto out = Outbox();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].body.find("Website:"), std::string::npos) << out[0].body;
  EXPECT_EQ(out[0].body.find("javascript"), std::string::npos) << out[0].body;
  EXPECT_NE(out[1].body.find("Website: http://carol.example/me\n"), std::string::npos)
      << out[1].body;
}

TEST_F(NotificationsTest, TheAuthorsOwnCommentAndTheSettingOffSendNothing) {
  Post("Ann", "ANN@blog.example", store::CommentStatus::kApproved);
  EXPECT_TRUE(Outbox().empty());
  settings_.comments_notify = false;
  Post("Bob", "bob@mail.example", store::CommentStatus::kApproved);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, APostWithoutAnAuthorNotifiesTheAdminEmail) {
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto post = *tx.FindPost(post_id_);
    post->author_id = 0;
    return tx.UpdatePost(*post);
  }));
  Post("Bob", "bob@mail.example", store::CommentStatus::kApproved);
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, "admin@blog.example");
}

TEST_F(NotificationsTest, AHeldCommentTellsEachModeratorOnceWithTheThreeLinks) {
  store::Comment c = Post("Bob", "bob@mail.example", store::CommentStatus::kPending);
  auto out = Outbox();
  std::vector<std::string> to;
  for (const auto& m : out) to.push_back(m.to);
  // Administrators, then editors; admin_email is root's address in another case: once.
  EXPECT_EQ(to, (std::vector<std::string>{"ADMIN@blog.example", "ed@blog.example"}));
  std::string base = "https://blog.example/admin/comments/" + std::to_string(c.id) + "/?action=";
  for (const auto& m : out) {
    EXPECT_EQ(m.kind, "moderation");
    EXPECT_EQ(m.subject, "[Blog] Please moderate: \"Hello world\"");
    for (const char* action : {"approve", "spam", "trash"}) {
      EXPECT_NE(m.body.find(base + action + "\n"), std::string::npos) << action;
    }
    EXPECT_EQ(m.body.find("bob@mail.example"), std::string::npos);
  }
  ClearOutbox();
  settings_.moderation_notify = false;
  Post("Carl", "carl@mail.example", store::CommentStatus::kPending);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, SpamAndTrashCauseNoMail) {
  Post("Spammer", "s@mail.example", store::CommentStatus::kSpam, 0, true);
  Post("Troll", "t@mail.example", store::CommentStatus::kTrash, 0, true);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, RepliesReachOnlyConfirmedSubscribersUntilTheyUnsubscribe) {
  settings_.comments_notify = false;
  store::Comment bob = Post("Bob", "bob@mail.example", store::CommentStatus::kApproved, 0, true);
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "subscription-confirm");
  EXPECT_EQ(out[0].to, "bob@mail.example");
  std::string prefix = "https://blog.example/comment-subscription/confirm?token=";
  size_t at = out[0].body.find(prefix);
  ASSERT_NE(at, std::string::npos);
  std::string token = out[0].body.substr(at + prefix.size(), 64);
  ClearOutbox();

  // Not confirmed yet: a reply sends nothing.
  Post("Carol", "carol@mail.example", store::CommentStatus::kApproved, bob.id);
  EXPECT_TRUE(Outbox().empty());

  std::optional<store::Subscription> confirmed;
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto s = store::ConfirmSubscription(tx, HashConfirmToken(token), 5);
    if (!s) return std::unexpected(s.error());
    confirmed = *s;
    return {};
  }));
  ASSERT_TRUE(confirmed && confirmed->confirmed_at);

  // A held reply sends nothing to Bob until it is approved.
  store::Comment dave = Post("Dave", "dave@mail.example", store::CommentStatus::kPending, bob.id);
  settings_.moderation_notify = false;
  ClearOutbox();
  dave.status = store::CommentStatus::kApproved;
  ASSERT_TRUE(store_->WriteSync(
      [&](store::Transaction& tx) { return OnCommentApproved(tx, dave, settings_, kHome); }));
  out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, "bob@mail.example");
  EXPECT_EQ(out[0].subject, "New reply to your comment on Hello world");
  EXPECT_EQ(out[0].body.find("dave@mail.example"), std::string::npos);
  std::string unsubscribe = "https://blog.example/comment-subscription/unsubscribe?token=" +
                            UnsubscribeToken(settings_.secret, confirmed->id);
  EXPECT_EQ(Header(out[0], "List-Unsubscribe"), "<" + unsubscribe + ">");
  EXPECT_EQ(Header(out[0], "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_NE(out[0].body.find(unsubscribe), std::string::npos);

  // Bob replying to himself is not news to Bob.
  ClearOutbox();
  Post("Bob", "BOB@mail.example", store::CommentStatus::kApproved, bob.id);
  EXPECT_TRUE(Outbox().empty());

  ASSERT_TRUE(store_->WriteSync(
      [&](store::Transaction& tx) { return Drop(store::DeleteSubscription(tx, confirmed->id)); }));
  Post("Erin", "erin@mail.example", store::CommentStatus::kApproved, bob.id);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, AConfirmedSubscriberIsNotAskedAgain) {
  settings_.comments_notify = false;
  Post("Bob", "bob@mail.example", store::CommentStatus::kApproved, 0, true);
  std::string token;
  {
    auto out = Outbox();
    std::string body = out.at(0).body;
    token = body.substr(body.find("token=") + 6, 64);
  }
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) {
    return Drop(store::ConfirmSubscription(tx, HashConfirmToken(token), 5));
  }));
  ClearOutbox();
  Post("Bob", "bob@mail.example", store::CommentStatus::kApproved, 0, true);
  EXPECT_TRUE(Outbox().empty());
}

TEST(SubscriptionTokensTest, UnsubscribeTokensAreBoundToTheSecretAndTheId) {
  std::string token = UnsubscribeToken("secret", 42);
  EXPECT_EQ(VerifyUnsubscribeToken("secret", token), 42);
  EXPECT_FALSE(VerifyUnsubscribeToken("other", token));
  EXPECT_FALSE(VerifyUnsubscribeToken("secret", "43" + token.substr(2)));
  EXPECT_FALSE(VerifyUnsubscribeToken("secret", "42."));
  EXPECT_FALSE(VerifyUnsubscribeToken("secret", ""));
  EXPECT_NE(NewConfirmToken(), NewConfirmToken());
  EXPECT_EQ(NewConfirmToken().size(), 64u);
  EXPECT_EQ(HashConfirmToken("a"), HashConfirmToken("a"));
  EXPECT_NE(HashConfirmToken("a"), HashConfirmToken("b"));
}

}  // namespace
}  // namespace quire::mail
