// The moderation queries on a real SQLite store: filters, counts, search, pages, edit, delete
// with re-parenting, and the actions' status moves (including restore to the remembered one).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/moderation.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;

class ModerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    Post post;
    post.slug = "hello";
    post.title = "Hello";
    ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post_id_ = *id;
      return {};
    }));
  }

  int64_t Add(std::string author, CommentStatus status, int64_t created_at, int64_t parent_id = 0,
              std::string content = "Nice post") {
    Comment comment;
    comment.post_id = post_id_;
    comment.parent_id = parent_id;
    comment.author = std::move(author);
    comment.email = comment.author + "@example.org";
    comment.url = "https://" + comment.author + ".example";
    comment.ip = "192.0.2.7";
    comment.content = std::move(content);
    comment.created_at = created_at;
    comment.status = status;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertComment(comment);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  std::vector<int64_t> Ids(const ModerationQuery& query) {
    auto page = ListForModeration(*store_, query);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    if (page) {
      for (const Comment& c : page->comments) ids.push_back(c.id);
    }
    return ids;
  }

  Comment Find(int64_t id) {
    auto found = store_->FindComment(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Comment{};
  }

  Status Apply(int64_t id, ModerationAction action) {
    return store_->WriteSync([&](Transaction& tx) -> Status {
      auto applied = ApplyModeration(tx, id, action, "by test");
      if (!applied) return std::unexpected(applied.error());
      return {};
    });
  }

  std::vector<std::string> TagsSince(int64_t change) {
    std::vector<std::string> tags;
    if (auto changes = store_->ChangesSince(change)) {
      for (const Change& c : *changes) tags.push_back(c.tag);
    }
    return tags;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t post_id_ = 0;
};

TEST_F(ModerationTest, FiltersByTabNewestFirstAndAllMeansPendingAndApproved) {
  int64_t pending = Add("ann", CommentStatus::kPending, 100);
  int64_t approved = Add("bob", CommentStatus::kApproved, 200);
  int64_t spam = Add("cat", CommentStatus::kSpam, 300);
  int64_t trash = Add("dan", CommentStatus::kTrash, 400);

  EXPECT_THAT(Ids({.filter = CommentFilter::kAll}), ElementsAre(approved, pending));
  EXPECT_THAT(Ids({.filter = CommentFilter::kPending}), ElementsAre(pending));
  EXPECT_THAT(Ids({.filter = CommentFilter::kApproved}), ElementsAre(approved));
  EXPECT_THAT(Ids({.filter = CommentFilter::kSpam}), ElementsAre(spam));
  EXPECT_THAT(Ids({.filter = CommentFilter::kTrash}), ElementsAre(trash));
}

TEST_F(ModerationTest, CountsEachStatus) {
  Add("a", CommentStatus::kPending, 1);
  Add("b", CommentStatus::kPending, 2);
  Add("c", CommentStatus::kApproved, 3);
  Add("d", CommentStatus::kSpam, 4);
  Add("e", CommentStatus::kSpam, 5);
  Add("f", CommentStatus::kSpam, 6);
  auto counts = CountCommentsByStatus(*store_);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 2);
  EXPECT_EQ(counts->approved, 1);
  EXPECT_EQ(counts->spam, 3);
  EXPECT_EQ(counts->trash, 0);
  EXPECT_EQ(counts->all(), 3);
  EXPECT_EQ(counts->Of(CommentFilter::kSpam), 3);
}

TEST_F(ModerationTest, SearchesAuthorEmailUrlIpAndContentCaseInsensitively) {
  int64_t by_author = Add("Zelda", CommentStatus::kApproved, 1);
  int64_t by_content = Add("x", CommentStatus::kApproved, 2, 0, "ask ZELDA about it");
  int64_t other = Add("other", CommentStatus::kApproved, 3);
  EXPECT_THAT(Ids({.search = "zelda"}), ElementsAre(by_content, by_author));
  EXPECT_THAT(Ids({.search = "other@example"}), ElementsAre(other));
  EXPECT_THAT(Ids({.search = "https://x.example"}), ElementsAre(by_content));
  EXPECT_EQ(Ids({.search = "192.0.2.7"}).size(), 3u);
}

TEST_F(ModerationTest, SearchTreatsLikeWildcardsAsText) {
  Add("a", CommentStatus::kApproved, 1, 0, "100% sure");
  Add("b", CommentStatus::kApproved, 2, 0, "100 sure");
  EXPECT_EQ(Ids({.search = "100%"}).size(), 1u);
  EXPECT_EQ(Ids({.search = "_"}).size(), 0u);
}

TEST_F(ModerationTest, PagesWithTotal) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(Add("p" + std::to_string(i), CommentStatus::kPending, i));
  auto page =
      ListForModeration(*store_, {.filter = CommentFilter::kPending, .offset = 2, .limit = 2});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->comments.size(), 2u);
  EXPECT_EQ(page->comments[0].id, ids[2]);
  EXPECT_EQ(page->comments[1].id, ids[1]);
}

TEST_F(ModerationTest, TrashAndSpamRememberAndRestoreReturnsToIt) {
  int64_t id = Add("ann", CommentStatus::kApproved, 1);
  ASSERT_TRUE(Apply(id, ModerationAction::kTrash));
  EXPECT_EQ(Find(id).status, CommentStatus::kTrash);
  EXPECT_EQ(Find(id).previous_status, CommentStatus::kApproved);
  EXPECT_EQ(Find(id).reason, "by test");
  ASSERT_TRUE(Apply(id, ModerationAction::kUntrash));
  EXPECT_EQ(Find(id).status, CommentStatus::kApproved);

  int64_t held = Add("bob", CommentStatus::kPending, 2);
  ASSERT_TRUE(Apply(held, ModerationAction::kSpam));
  ASSERT_TRUE(Apply(held, ModerationAction::kUnspam));
  EXPECT_EQ(Find(held).status, CommentStatus::kPending);
  EXPECT_FALSE(Find(held).previous_status);
}

TEST_F(ModerationTest, ActionThatDoesNotApplyChangesNothing) {
  int64_t id = Add("ann", CommentStatus::kApproved, 1);
  Status approved_again = Apply(id, ModerationAction::kApprove);
  ASSERT_FALSE(approved_again);
  EXPECT_EQ(approved_again.error().kind, ErrorKind::kInvalid);
  Status deleted = Apply(id, ModerationAction::kDelete);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(Find(id).status, CommentStatus::kApproved);
  EXPECT_EQ(Apply(9999, ModerationAction::kApprove).error().kind, ErrorKind::kNotFound);
}

TEST_F(ModerationTest, ActionsRecordThePostFrontAndCommentsTags) {
  int64_t id = Add("ann", CommentStatus::kPending, 1);
  auto before = store_->LatestChange();
  ASSERT_TRUE(before);
  ASSERT_TRUE(Apply(id, ModerationAction::kApprove));
  EXPECT_THAT(TagsSince(*before),
              ElementsAre("post:" + std::to_string(post_id_), "front", "comments"));
}

TEST_F(ModerationTest, DeleteMovesRepliesToTheDeletedCommentsParent) {
  int64_t top = Add("top", CommentStatus::kApproved, 1);
  int64_t middle = Add("middle", CommentStatus::kApproved, 2, top);
  int64_t reply1 = Add("r1", CommentStatus::kApproved, 3, middle);
  int64_t reply2 = Add("r2", CommentStatus::kPending, 4, middle);
  ASSERT_TRUE(Apply(middle, ModerationAction::kTrash));
  ASSERT_TRUE(Apply(middle, ModerationAction::kDelete));
  auto gone = store_->FindComment(middle);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  EXPECT_EQ(Find(reply1).parent_id, top);
  EXPECT_EQ(Find(reply2).parent_id, top);

  ASSERT_TRUE(Apply(top, ModerationAction::kSpam));
  ASSERT_TRUE(Apply(top, ModerationAction::kDelete));
  EXPECT_EQ(Find(reply1).parent_id, 0);
}

TEST_F(ModerationTest, UpdateCommentSavesFieldsStatusAndHash) {
  int64_t id = Add("ann", CommentStatus::kApproved, 1);
  CommentEdit edit{.id = id,
                   .author = "Ann B.",
                   .email = "ann@example.com",
                   .url = "",
                   .content = "Edited text",
                   .status = CommentStatus::kSpam,
                   .reason = "edited"};
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return UpdateComment(tx, edit); }));
  Comment saved = Find(id);
  EXPECT_EQ(saved.author, "Ann B.");
  EXPECT_EQ(saved.email, "ann@example.com");
  EXPECT_EQ(saved.url, "");
  EXPECT_EQ(saved.content, "Edited text");
  EXPECT_EQ(saved.status, CommentStatus::kSpam);
  EXPECT_EQ(saved.previous_status, CommentStatus::kApproved);
  // The duplicate check sees the new text through its hash.
  Comment same = saved;
  same.status = CommentStatus::kPending;
  auto dup = store_->WriteSync([&](Transaction& tx) -> Status {
    auto found = tx.HasDuplicateComment(same);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorKind::kNotFound, "no duplicate seen");
    return {};
  });
  EXPECT_TRUE(dup) << dup.error().message;
}

TEST_F(ModerationTest, UpdateOfMissingCommentIsNotFound) {
  Status s = store_->WriteSync([](Transaction& tx) { return UpdateComment(tx, {.id = 42}); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kNotFound);
}

TEST(ModerationWords, ParseAndPrint) {
  EXPECT_EQ(ParseCommentFilter("moderated"), CommentFilter::kPending);
  EXPECT_EQ(ParseCommentFilter("pending"), CommentFilter::kPending);
  EXPECT_EQ(ParseCommentFilter("nope"), std::nullopt);
  EXPECT_EQ(ToString(CommentFilter::kApproved), "approved");
  EXPECT_EQ(ParseModerationAction("untrash"), ModerationAction::kUntrash);
  EXPECT_EQ(ParseModerationAction("approvecomment"), ModerationAction::kApprove);
  EXPECT_EQ(ParseModerationAction("comment"), std::nullopt);
  EXPECT_EQ(ParseModerationAction("-1"), std::nullopt);
  EXPECT_EQ(ToString(ModerationAction::kUnspam), "unspam");
}

TEST(ModerationWords, ActionsApplyPerStatus) {
  EXPECT_TRUE(ActionApplies(ModerationAction::kApprove, CommentStatus::kPending));
  EXPECT_FALSE(ActionApplies(ModerationAction::kApprove, CommentStatus::kApproved));
  EXPECT_TRUE(ActionApplies(ModerationAction::kTrash, CommentStatus::kSpam));
  EXPECT_FALSE(ActionApplies(ModerationAction::kDelete, CommentStatus::kApproved));
  EXPECT_TRUE(ActionApplies(ModerationAction::kDelete, CommentStatus::kTrash));
  Comment spam{.status = CommentStatus::kSpam, .previous_status = CommentStatus::kApproved};
  EXPECT_EQ(StatusAfter(ModerationAction::kUnspam, spam), CommentStatus::kApproved);
  Comment bare{.status = CommentStatus::kTrash};
  EXPECT_EQ(StatusAfter(ModerationAction::kUntrash, bare), CommentStatus::kPending);
}

}  // namespace
}  // namespace quire::store
