#include "comments/comment_pages.h"

#include <gtest/gtest.h>

namespace quire::comments {
namespace {

TEST(CommentPagesTest, BusyPostsArePagedWhateverTheSetting) {
  EXPECT_TRUE(CommentsPaged(true, 0));
  EXPECT_FALSE(CommentsPaged(false, kAlwaysPageCommentsOver));
  EXPECT_TRUE(CommentsPaged(false, kAlwaysPageCommentsOver + 1));
  EXPECT_TRUE(CommentsPaged(false, 2001));
}

TEST(CommentPagesTest, CountsPagesOfTopLevelThreads) {
  EXPECT_EQ(CommentPageCount(0, 50), 1);
  EXPECT_EQ(CommentPageCount(1, 50), 1);
  EXPECT_EQ(CommentPageCount(50, 50), 1);
  EXPECT_EQ(CommentPageCount(51, 50), 2);
  EXPECT_EQ(CommentPageCount(5, 2), 3);
  EXPECT_EQ(CommentPageCount(3, 0), 3);  // a per-page below 1 counts as 1
}

TEST(CommentPagesTest, DefaultPageIsTheLastWhenNewestElseTheFirst) {
  EXPECT_EQ(DefaultCommentPage(5, 2, true), 3);
  EXPECT_EQ(DefaultCommentPage(5, 2, false), 1);
  EXPECT_EQ(DefaultCommentPage(0, 2, true), 1);
}

TEST(CommentPagesTest, PagesHoldConsecutiveThreadsOldestFirst) {
  std::optional<ThreadRange> first = ThreadsOnPage(5, 2, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->begin, 0u);
  EXPECT_EQ(first->end, 2u);
  std::optional<ThreadRange> last = ThreadsOnPage(5, 2, 3);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->begin, 4u);
  EXPECT_EQ(last->end, 5u);
  std::optional<ThreadRange> empty = ThreadsOnPage(0, 2, 1);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->begin, empty->end);
}

TEST(CommentPagesTest, PagesOutsideTheRangeAreRefused) {
  EXPECT_FALSE(ThreadsOnPage(5, 2, 0));
  EXPECT_FALSE(ThreadsOnPage(5, 2, 4));
  EXPECT_FALSE(ThreadsOnPage(0, 2, 2));
}

TEST(CommentPagesTest, FindsThePageOfAThread) {
  EXPECT_EQ(PageOfThread(0, 2), 1);
  EXPECT_EQ(PageOfThread(1, 2), 1);
  EXPECT_EQ(PageOfThread(2, 2), 2);
  EXPECT_EQ(PageOfThread(4, 2), 3);
}

TEST(CommentPagesTest, BuildsAndSplitsCommentPagePaths) {
  EXPECT_EQ(CommentPagePath("/2024/01/02/hello/", 3), "/2024/01/02/hello/comment-page-3/");
  std::optional<CommentPagePathParts> parts =
      SplitCommentPagePath("/2024/01/02/hello/comment-page-12/");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->base, "/2024/01/02/hello/");
  EXPECT_EQ(parts->page, 12);
  EXPECT_FALSE(SplitCommentPagePath("/2024/01/02/hello/"));
  EXPECT_FALSE(SplitCommentPagePath("/hello/comment-page-0/"));
  EXPECT_FALSE(SplitCommentPagePath("/hello/comment-page-x/"));
  EXPECT_FALSE(SplitCommentPagePath("/hello/comment-page-2"));
  EXPECT_FALSE(SplitCommentPagePath("/hello/comment-page-/"));
}

}  // namespace
}  // namespace quire::comments
