// The comments screen's handlers, called directly with a hand-made Principal: the markup offers
// the actions with the CSRF field, each change needs the token (403 and nothing changed
// without it), and a change comes back as a 303 to the list with its filters and a notice.
#include "admin/comments_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/screens_test_fixture.h"
#include "store/moderation.h"

namespace quire::admin {
namespace {

using store::CommentStatus;
using ::testing::HasSubstr;
using ::testing::Not;

class CommentsScreenTest : public testing::ScreensTest {
 protected:
  http::Response List(const std::string& target) {
    return Call([&](http::Respond respond) {
      screens_->comments().List(Get(target), Moderator(), std::move(respond));
    });
  }
  http::Response Act(int64_t id, const std::string& action, const std::string& body) {
    std::string target = "/admin/comments/" + std::to_string(id) + "/?action=" + action;
    return Call([&](http::Respond respond) {
      screens_->comments().Act(Post(target, body), id, Moderator(), std::move(respond));
    });
  }
  http::Response Bulk(const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->comments().Bulk(Post("/admin/comments/", body), Moderator(), std::move(respond));
    });
  }
  http::Response SaveEdit(int64_t id, const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->comments().SaveEdit(Post("/admin/comments/" + std::to_string(id) + "/edit/", body),
                                    id, Moderator(), std::move(respond));
    });
  }
  http::Response Reply(int64_t id, const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->comments().Reply(Post("/admin/comments/" + std::to_string(id) + "/reply/", body),
                                 id, Moderator(), std::move(respond));
    });
  }

  static constexpr const char* kCsrf = "_wpnonce=csrf-token-123";
};

TEST_F(CommentsScreenTest, ListShowsTabsCountsRowsAndActionsWithTheCsrfField) {
  int64_t held = AddComment(CommentStatus::kPending, "Ann <b>", "Buy <script>now</script>");
  AddComment(CommentStatus::kApproved, "Bob");
  AddComment(CommentStatus::kSpam, "Spammer");
  http::Response response = List("/admin/comments/");
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(*response.Find("Cache-Control"), HasSubstr("no-store"));
  const std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("All <span class=\"count\">(2)</span>"));
  EXPECT_THAT(html, HasSubstr("Pending <span class=\"count\">(1)</span>"));
  EXPECT_THAT(html, HasSubstr("Spam <span class=\"count\">(1)</span>"));
  // Escaped everywhere; the moderator sees email, IP and the reason.
  EXPECT_THAT(html, HasSubstr("Ann &lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("Buy &lt;script&gt;now&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("ann@example.org"));
  EXPECT_THAT(html, HasSubstr("198.51.100.4"));
  EXPECT_THAT(html, HasSubstr("held: 2 links (hold at 2)"));
  EXPECT_THAT(html, HasSubstr("Hello &lt;World&gt;"));
  // The spam comment is on its own tab, not under All.
  EXPECT_THAT(html, Not(HasSubstr("Spammer")));
  const std::string id = std::to_string(held);
  EXPECT_THAT(html, HasSubstr("formaction=\"/admin/comments/" + id + "/?action=approve\""));
  EXPECT_THAT(html, HasSubstr("formaction=\"/admin/comments/" + id + "/?action=spam\""));
  EXPECT_THAT(html, HasSubstr("formaction=\"/admin/comments/" + id + "/?action=trash\""));
  EXPECT_THAT(html, HasSubstr("name=\"_wpnonce\" value=\"csrf-token-123\""));
  EXPECT_THAT(html, HasSubstr("name=\"delete_comments[]\" value=\"" + id + "\""));
  EXPECT_THAT(html, HasSubstr("href=\"/admin/comments/" + id + "/edit/\""));
  // The badge in the navigation counts pending comments.
  EXPECT_THAT(html, HasSubstr("1 awaiting moderation"));
}

TEST_F(CommentsScreenTest, ListFiltersSearchesAndPages) {
  for (int i = 0; i < 25; ++i) {
    AddComment(CommentStatus::kPending, "Pat" + std::to_string(i), "text", 0, 1'650'000'000 + i);
  }
  AddComment(CommentStatus::kTrash, "Trashy");
  std::string first = Body(List("/admin/comments/?comment_status=moderated"));
  EXPECT_THAT(first, HasSubstr("Pat24"));
  EXPECT_THAT(first, Not(HasSubstr("Pat4<")));
  EXPECT_THAT(first, HasSubstr("Page 1 of 2"));
  EXPECT_THAT(first, HasSubstr("href=\"/admin/comments/?comment_status=moderated&amp;paged=2\""));
  std::string second = Body(List("/admin/comments/?comment_status=moderated&paged=2"));
  EXPECT_THAT(second, HasSubstr("Pat4<"));
  EXPECT_THAT(second, Not(HasSubstr("Pat24")));
  std::string trash = Body(List("/admin/comments/?comment_status=trash"));
  EXPECT_THAT(trash, HasSubstr("Trashy"));
  EXPECT_THAT(trash, HasSubstr("?action=untrash"));
  EXPECT_THAT(trash, HasSubstr("?action=delete"));
  std::string found = Body(List("/admin/comments/?s=pat13"));
  EXPECT_THAT(found, HasSubstr("Pat13"));
  EXPECT_THAT(found, Not(HasSubstr("Pat12")));
  EXPECT_THAT(found, HasSubstr("1 item"));
}

TEST_F(CommentsScreenTest, ApproveRedirectsToTheListWithFiltersAndNotice) {
  int64_t id = AddComment(CommentStatus::kPending);
  http::Response response =
      Act(id, "approve", std::string(kCsrf) + "&comment_status=moderated&s=ann&paged=1");
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_EQ(Location(response), "/admin/comments/?comment_status=moderated&s=ann&approved=1");
  store::Comment comment = Find(id);
  EXPECT_EQ(comment.status, CommentStatus::kApproved);
  EXPECT_EQ(comment.reason, "approved by mo");
  ASSERT_EQ(hooked_.size(), 1u);
  EXPECT_EQ(hooked_[0], std::pair(id, CommentStatus::kApproved));
  EXPECT_THAT(Body(List(Location(response))), HasSubstr("1 comment approved."));
}

TEST_F(CommentsScreenTest, EveryChangeWithoutTheCsrfTokenIs403AndChangesNothing) {
  int64_t id = AddComment(CommentStatus::kPending);
  int64_t approved = AddComment(CommentStatus::kApproved);
  for (const std::string body : {"", "_wpnonce=wrong"}) {
    EXPECT_EQ(Act(id, "approve", body).status, 403);
    EXPECT_EQ(Bulk(body + "&action=trash&delete_comments[]=" + std::to_string(id)).status, 403);
    EXPECT_EQ(SaveEdit(id, body + "&author=X&content=Y&status=approved").status, 403);
    EXPECT_EQ(Reply(approved, body + "&content=Thanks").status, 403);
  }
  store::Comment unchanged = Find(id);
  EXPECT_EQ(unchanged.status, CommentStatus::kPending);
  EXPECT_EQ(unchanged.author, "Ann");
  auto page = store::ListForModeration(*store_, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2);  // no reply was added
  EXPECT_TRUE(hooked_.empty());
}

TEST_F(CommentsScreenTest, TrashAndRestoreReturnToThePreviousStatus) {
  int64_t id = AddComment(CommentStatus::kApproved);
  EXPECT_EQ(Act(id, "trash", kCsrf).status, 303);
  EXPECT_EQ(Find(id).status, CommentStatus::kTrash);
  http::Response restored = Act(id, "untrash", kCsrf);
  EXPECT_EQ(Location(restored), "/admin/comments/?untrashed=1");
  EXPECT_EQ(Find(id).status, CommentStatus::kApproved);
  EXPECT_EQ(Act(id, "spam", kCsrf).status, 303);
  EXPECT_EQ(Act(id, "unspam", kCsrf).status, 303);
  EXPECT_EQ(Find(id).status, CommentStatus::kApproved);
}

TEST_F(CommentsScreenTest, AnActionThatNoLongerAppliesChangesNothing) {
  int64_t id = AddComment(CommentStatus::kApproved);
  http::Response response = Act(id, "approve", kCsrf);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(Body(response), HasSubstr("Nothing changed"));
  EXPECT_EQ(Act(id, "delete", kCsrf).status, 400);
  EXPECT_EQ(Find(id).status, CommentStatus::kApproved);
  EXPECT_EQ(Act(9999, "approve", kCsrf).status, 404);
  EXPECT_EQ(Act(id, "explode", kCsrf).status, 400);
}

TEST_F(CommentsScreenTest, DeletePermanentlyMovesRepliesUp) {
  int64_t parent = AddComment(CommentStatus::kApproved, "Top");
  int64_t doomed = AddComment(CommentStatus::kApproved, "Mid", "text", parent);
  int64_t reply = AddComment(CommentStatus::kApproved, "Low", "text", doomed);
  ASSERT_EQ(Act(doomed, "trash", kCsrf).status, 303);
  http::Response deleted = Act(doomed, "delete", kCsrf);
  EXPECT_EQ(Location(deleted), "/admin/comments/?deleted=1");
  EXPECT_FALSE(*store_->FindComment(doomed));
  EXPECT_EQ(Find(reply).parent_id, parent);
}

TEST_F(CommentsScreenTest, BulkApprovesTheSelectionAndSkipsWhatDoesNotApply) {
  int64_t a = AddComment(CommentStatus::kPending);
  int64_t b = AddComment(CommentStatus::kPending);
  int64_t c = AddComment(CommentStatus::kApproved);
  int64_t untouched = AddComment(CommentStatus::kPending);
  std::string body = std::string(kCsrf) + "&comment_status=moderated&action=approve" +
                     "&delete_comments%5B%5D=" + std::to_string(a) +
                     "&delete_comments[]=" + std::to_string(b) +
                     "&delete_comments[]=" + std::to_string(c);
  http::Response response = Bulk(body);
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_EQ(Location(response), "/admin/comments/?comment_status=moderated&approved=2");
  EXPECT_EQ(Find(a).status, CommentStatus::kApproved);
  EXPECT_EQ(Find(b).status, CommentStatus::kApproved);
  EXPECT_EQ(Find(untouched).status, CommentStatus::kPending);
  EXPECT_EQ(hooked_.size(), 2u);
  EXPECT_THAT(Body(List(Location(response))), HasSubstr("2 comments approved."));
}

TEST_F(CommentsScreenTest, BulkWithoutSelectionGoesBackUnchanged) {
  int64_t a = AddComment(CommentStatus::kPending);
  http::Response response =
      Bulk(std::string(kCsrf) + "&action=-1&delete_comments[]=" + std::to_string(a));
  EXPECT_EQ(Location(response), "/admin/comments/");
  EXPECT_EQ(Find(a).status, CommentStatus::kPending);
}

TEST_F(CommentsScreenTest, ConfirmPageShowsTheCommentAndAButtonButChangesNothing) {
  int64_t id = AddComment(CommentStatus::kPending, "Ann", "Please approve me");
  http::Response response = Call([&](http::Respond respond) {
    screens_->comments().Confirm(Get("/admin/comments/" + std::to_string(id) + "/?action=spam"), id,
                                 Moderator(), std::move(respond));
  });
  ASSERT_EQ(response.status, 200);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("Please approve me"));
  EXPECT_THAT(html, HasSubstr("?action=spam\">Spam comment</button>"));
  EXPECT_THAT(html, HasSubstr("name=\"_wpnonce\" value=\"csrf-token-123\""));
  EXPECT_EQ(Find(id).status, CommentStatus::kPending);
}

// A website stored before submissions were checked (or by an older import) is shown as text,
// never as a live link, in the list and on the confirm page.
TEST_F(CommentsScreenTest, AStoredScriptUrlIsShownAsTextNotALink) {
  int64_t id = AddComment(CommentStatus::kPending, "Mallory");
  store::Comment comment = Find(id);
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    store::CommentEdit edit{.id = id,
                            .author = comment.author,
                            .email = comment.email,
                            .url = "javascript:fetch('/admin/export/')",
                            .content = comment.content,
                            .status = comment.status,
                            .reason = comment.reason};
    return store::UpdateComment(tx, edit);
  }));
  std::string list = Body(List("/admin/comments/"));
  std::string confirm = Body(Call([&](http::Respond respond) {
    screens_->comments().Confirm(Get("/admin/comments/" + std::to_string(id) + "/?action=approve"),
                                 id, Moderator(), std::move(respond));
  }));
  for (const std::string& html : {list, confirm}) {
    EXPECT_THAT(html, HasSubstr("javascript:fetch"));  // shown, escaped, as text
    EXPECT_THAT(html, Not(HasSubstr("href=\"javascript")));
  }
  // A web address still is a link.
  int64_t good = AddComment(CommentStatus::kPending, "Ann");
  EXPECT_THAT(Body(List("/admin/comments/")), HasSubstr("href=\"https://ann.example\""));
  EXPECT_GT(good, 0);
}

TEST_F(CommentsScreenTest, EditSavesAndRefusesBadFieldsWithTheFormFilledIn) {
  int64_t id = AddComment(CommentStatus::kPending);
  http::Response form = Call([&](http::Respond respond) {
    screens_->comments().EditForm(Get("/admin/comments/" + std::to_string(id) + "/edit/"), id,
                                  Moderator(), std::move(respond));
  });
  EXPECT_THAT(Body(form), HasSubstr("value=\"ann@example.org\""));
  EXPECT_THAT(Body(form), HasSubstr("value=\"pending\" checked"));

  http::Response refused = SaveEdit(
      id, std::string(kCsrf) + "&author=Ann+B&email=not-an-email&content=New&status=approved");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(Body(refused), HasSubstr("Please enter a valid email address."));
  EXPECT_THAT(Body(refused), HasSubstr("value=\"Ann B\""));
  EXPECT_EQ(SaveEdit(id, std::string(kCsrf) +
                             "&author=A&url=javascript:alert(1)&content=x&status=approved")
                .status,
            400);
  EXPECT_EQ(Find(id).author, "Ann");

  http::Response saved =
      SaveEdit(id, std::string(kCsrf) +
                       "&author=Ann+B&email=ann%40b.example&url=&content=New+text"
                       "&status=approved");
  ASSERT_EQ(saved.status, 303) << Body(saved);
  EXPECT_EQ(Location(saved), "/admin/comments/?updated=1");
  store::Comment comment = Find(id);
  EXPECT_EQ(comment.author, "Ann B");
  EXPECT_EQ(comment.email, "ann@b.example");
  EXPECT_EQ(comment.url, "");
  EXPECT_EQ(comment.content, "New text");
  EXPECT_EQ(comment.status, CommentStatus::kApproved);
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_F(CommentsScreenTest, ReplyIsPublishedUnderTheUsersNameAndApproved) {
  int64_t parent = AddComment(CommentStatus::kApproved);
  http::Response response = Reply(parent, std::string(kCsrf) + "&content=Thanks+for+this");
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_EQ(Location(response), "/admin/comments/?replied=1");
  auto page = store::ListForModeration(*store_, {.filter = store::CommentFilter::kApproved});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  const store::Comment& reply = page->comments.front();
  EXPECT_EQ(reply.parent_id, parent);
  EXPECT_EQ(reply.author, "Mo Derator");
  EXPECT_EQ(reply.email, "mo@example.com");
  EXPECT_EQ(reply.user_id, 7);
  EXPECT_EQ(reply.content, "Thanks for this");
}

TEST_F(CommentsScreenTest, ReplyToAHeldCommentIsRefused) {
  int64_t held = AddComment(CommentStatus::kPending);
  http::Response response = Reply(held, std::string(kCsrf) + "&content=Hi");
  EXPECT_EQ(response.status, 403);
  auto counts = store::CountCommentsByStatus(*store_);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->approved, 0);
}

}  // namespace
}  // namespace quire::admin
