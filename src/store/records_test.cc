#include "store/records.h"

#include <gtest/gtest.h>

namespace quire::store {
namespace {

TEST(RecordsTest, CommentStatusesUseWordPressWords) {
  EXPECT_EQ(ToString(CommentStatus::kPending), "0");
  EXPECT_EQ(ToString(CommentStatus::kApproved), "1");
  EXPECT_EQ(ToString(CommentStatus::kSpam), "spam");
  EXPECT_EQ(ToString(CommentStatus::kTrash), "trash");
  EXPECT_EQ(ParseCommentStatus("approved"), CommentStatus::kApproved);
  EXPECT_EQ(ParseCommentStatus("pending"), CommentStatus::kPending);
  EXPECT_EQ(ParseCommentStatus("hold"), std::nullopt);
}

TEST(RecordsTest, EveryValueRoundTrips) {
  for (auto s :
       {PostStatus::kPublish, PostStatus::kDraft, PostStatus::kPrivate, PostStatus::kTrash}) {
    EXPECT_EQ(ParsePostStatus(ToString(s)), s);
  }
  for (auto f : {PostFormat::kMarkdown, PostFormat::kHtml, PostFormat::kText}) {
    EXPECT_EQ(ParsePostFormat(ToString(f)), f);
  }
  for (auto c : {CommentStatus::kPending, CommentStatus::kApproved, CommentStatus::kSpam,
                 CommentStatus::kTrash}) {
    EXPECT_EQ(ParseCommentStatus(ToString(c)), c);
  }
  for (auto r : {Role::kAdministrator, Role::kEditor, Role::kAuthor, Role::kContributor,
                 Role::kSubscriber}) {
    EXPECT_EQ(ParseRole(ToString(r)), r);
  }
}

TEST(RecordsTest, UnknownWordsDoNotParse) {
  EXPECT_EQ(ParsePostStatus("Publish"), std::nullopt);
  EXPECT_EQ(ParsePostFormat(""), std::nullopt);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
  EXPECT_EQ(ToString(PostStatus::kPublish), "publish");
  EXPECT_EQ(ToString(PostFormat::kMarkdown), "markdown");
  EXPECT_EQ(ToString(Role::kSubscriber), "subscriber");
}

}  // namespace
}  // namespace quire::store
