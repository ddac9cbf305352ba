#include "comments/threading.h"

#include <gtest/gtest.h>

#include <string>

namespace quire::comments {
namespace {

store::Comment C(int64_t id, int64_t parent) {
  store::Comment comment;
  comment.id = id;
  comment.parent_id = parent;
  comment.created_at = 1000 + id;
  return comment;
}

// "id:depth" for each shown comment, with "!" when no reply link is offered.
std::string Shape(const std::vector<ThreadedComment>& threaded) {
  std::string out;
  for (const auto& t : threaded) {
    if (!out.empty()) out += ' ';
    out += std::to_string(t.comment->id) + ":" + std::to_string(t.depth);
    if (!t.can_reply) out += '!';
  }
  return out;
}

TEST(Thread, ParentsBeforeChildrenSiblingsOldestFirst) {
  std::vector<store::Comment> comments = {C(1, 0), C(2, 0), C(3, 1), C(4, 2), C(5, 1), C(6, 3)};
  EXPECT_EQ(Shape(Thread(comments, true, 5)), "1:1 3:2 6:3 5:2 2:1 4:2");
}

TEST(Thread, DepthIsCappedAndTheCapOffersNoReply) {
  std::vector<store::Comment> comments = {C(1, 0), C(2, 1), C(3, 2), C(4, 3), C(5, 4), C(6, 1)};
  EXPECT_EQ(Shape(Thread(comments, true, 3)), "1:1 2:2 3:3! 4:3! 5:3! 6:2");
  EXPECT_EQ(Shape(Thread(comments, true, 2)), "1:1 2:2! 3:2! 4:2! 5:2! 6:2!");
}

TEST(Thread, DeepRepliesStayUnderTheirNearestShownAncestor) {
  // 4 replies to 3 (beyond the cap): it follows 3, before 3's younger sibling 5.
  std::vector<store::Comment> comments = {C(1, 0), C(2, 1), C(3, 2), C(5, 2), C(4, 3)};
  EXPECT_EQ(Shape(Thread(comments, true, 3)), "1:1 2:2 3:3! 4:3! 5:3!");
}

TEST(Thread, OrphansAreShownAtTopLevel) {
  // 3's parent (99) is not in the list (held, trashed or deleted).
  std::vector<store::Comment> comments = {C(1, 0), C(3, 99), C(4, 3), C(5, 5)};
  EXPECT_EQ(Shape(Thread(comments, true, 5)), "1:1 3:1 4:2 5:1");
}

TEST(Thread, ParentCyclesDoNotLoseOrLoopComments) {
  std::vector<store::Comment> comments = {C(1, 0), C(2, 3), C(3, 2)};
  EXPECT_EQ(Shape(Thread(comments, true, 5)), "1:1 2:1 3:2");
}

TEST(Thread, FlatWhenThreadingIsOff) {
  std::vector<store::Comment> comments = {C(1, 0), C(2, 1), C(3, 2)};
  EXPECT_EQ(Shape(Thread(comments, false, 5)), "1:1! 2:1! 3:1!");
}

TEST(Thread, LongChainsDoNotOverflowTheStack) {
  std::vector<store::Comment> comments;
  for (int64_t id = 1; id <= 20000; ++id) comments.push_back(C(id, id - 1));
  auto threaded = Thread(comments, true, 10);
  ASSERT_EQ(threaded.size(), comments.size());
  EXPECT_EQ(threaded.back().comment->id, 20000);
  EXPECT_EQ(threaded.back().depth, 10);
}

TEST(Thread, EmptyInputGivesEmptyOutput) {
  EXPECT_TRUE(Thread({}, true, 5).empty());
}

}  // namespace
}  // namespace quire::comments
