// The posts screen's handlers, called directly with hand-made Principals of each role: the list
// (counts, own posts only for contributors), writing, publishing, scheduling, preview, the
// permissions (contributors save drafts only, HTML needs unfiltered_html, others' posts need
// edit_others_posts), CSRF (403 and nothing changed), and Move to Trash.
#include "admin/posts_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/screens_test_fixture.h"
#include "store/posts_admin.h"

namespace quire::admin {
namespace {

using store::PostStatus;
using store::Role;
using ::testing::HasSubstr;
using ::testing::Not;

class PostsScreenTest : public testing::ScreensTest {
 protected:
  static Principal As(Role role, int64_t user_id = 7) {
    Principal principal = Moderator(role);
    principal.user.id = user_id;
    return principal;
  }
  http::Response List(const std::string& target, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().List(Get(target), principal, std::move(respond));
    });
  }
  http::Response Edit(int64_t id, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().EditForm(Get("/admin/posts/x/edit/"), id, principal, std::move(respond));
    });
  }
  http::Response Save(int64_t id, const std::string& body, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().Save(Post("/admin/posts/x/edit/", body), id, principal, std::move(respond));
    });
  }
  http::Response Trash(int64_t id, const std::string& body, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().Trash(Post("/admin/posts/x/trash/", body), id, principal,
                              std::move(respond));
    });
  }
  store::Post FindPost(int64_t id) {
    auto found = store_->FindPost(id);
    EXPECT_TRUE(found && *found) << "post " << id;
    return found && *found ? **found : store::Post{};
  }
  int64_t PostCount() {
    auto counts = store::CountPostsByStatus(*store_);
    EXPECT_TRUE(counts);
    return counts ? counts->all() + counts->trash : -1;
  }
  // The id in "/admin/posts/ID/edit/?…".
  static int64_t IdFrom(const std::string& location) {
    std::string rest = location.substr(std::string("/admin/posts/").size());
    return std::stoll(rest.substr(0, rest.find('/')));
  }

  static constexpr const char* kCsrf = "_wpnonce=csrf-token-123";
};

TEST_F(PostsScreenTest, PublishingANewPostSavesItWithAUniqueSlugAndTheAuthor) {
  http::Response response =
      Save(0,
           std::string(kCsrf) + "&post_title=Hello&content=Some+*text*&post_format=markdown" +
               "&comment_status=open&action=publish",
           As(Role::kAuthor));
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_THAT(Location(response), HasSubstr("published=1"));
  store::Post post = FindPost(IdFrom(Location(response)));
  EXPECT_EQ(post.title, "Hello");
  EXPECT_EQ(post.slug, "hello-2");  // the fixture's post has "hello"
  EXPECT_EQ(post.status, PostStatus::kPublish);
  EXPECT_EQ(post.author_id, 7);
  EXPECT_EQ(post.published_at, clock_.Now());
  EXPECT_TRUE(post.comments_open);
}

TEST_F(PostsScreenTest, AFutureDateWithPublishSchedulesAndTheHintSaysTheFrontPageListsIt) {
  http::Response response = Save(0,
                                 std::string(kCsrf) +
                                     "&post_title=Later&content=x&date=2030-01-02T03%3A04%3A05Z"
                                     "&action=publish",
                                 As(Role::kEditor));
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_THAT(Location(response), HasSubstr("scheduled=1"));
  int64_t id = IdFrom(Location(response));
  store::Post post = FindPost(id);
  EXPECT_EQ(post.status, PostStatus::kPublish);
  EXPECT_EQ(post.published_at, 1'893'553'445);
  EXPECT_FALSE(post.comments_open);  // the box was not ticked
  const std::string html = Body(Edit(id, As(Role::kEditor)));
  EXPECT_THAT(html, HasSubstr("Scheduled"));
  EXPECT_THAT(html, HasSubstr("front page already lists scheduled posts"));
}

TEST_F(PostsScreenTest, ContributorsSaveDraftsButCannotPublish) {
  const Principal contributor = As(Role::kContributor);
  const int64_t before = PostCount();
  http::Response refused =
      Save(0, std::string(kCsrf) + "&post_title=Mine&content=x&action=publish", contributor);
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(Body(refused), HasSubstr("not allowed to publish"));
  EXPECT_THAT(Body(refused), HasSubstr("value=\"Mine\""));  // the form comes back filled
  EXPECT_EQ(PostCount(), before);

  http::Response draft =
      Save(0, std::string(kCsrf) + "&post_title=Mine&content=x&action=draft", contributor);
  ASSERT_EQ(draft.status, 303) << Body(draft);
  EXPECT_EQ(FindPost(IdFrom(Location(draft))).status, PostStatus::kDraft);
  const std::string form = Body(Edit(IdFrom(Location(draft)), contributor));
  EXPECT_THAT(form, Not(HasSubstr("value=\"publish\"")));
  EXPECT_THAT(form, HasSubstr("value=\"draft\""));
}

TEST_F(PostsScreenTest, HtmlNeedsUnfilteredHtml) {
  const int64_t before = PostCount();
  http::Response refused =
      Save(0,
           std::string(kCsrf) + "&post_title=H&content=%3Cb%3Ex%3C%2Fb%3E&post_format=html" +
               "&action=publish",
           As(Role::kAuthor));
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(Body(refused), HasSubstr("not allowed to write posts in HTML"));
  EXPECT_EQ(PostCount(), before);
  http::Response allowed =
      Save(0,
           std::string(kCsrf) + "&post_title=H&content=%3Cb%3Ex%3C%2Fb%3E&post_format=html" +
               "&action=publish",
           As(Role::kEditor));
  ASSERT_EQ(allowed.status, 303);
  EXPECT_EQ(FindPost(IdFrom(Location(allowed))).format, store::PostFormat::kHtml);
}

TEST_F(PostsScreenTest, PreviewRendersTheBodyAndSavesNothing) {
  const int64_t before = PostCount();
  http::Response preview =
      Save(0, std::string(kCsrf) + "&post_title=P&content=Some+**bold**+words&action=preview",
           As(Role::kContributor));
  ASSERT_EQ(preview.status, 200);
  EXPECT_THAT(Body(preview), HasSubstr("<strong>bold</strong>"));
  EXPECT_THAT(Body(preview), HasSubstr("Preview (not saved)"));
  EXPECT_EQ(PostCount(), before);
}

TEST_F(PostsScreenTest, WithoutTheCsrfTokenNothingChanges) {
  const int64_t before = PostCount();
  http::Response created =
      Save(0, "post_title=X&content=x&action=publish", As(Role::kAdministrator));
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(PostCount(), before);
  http::Response edited = Save(post_id_, "_wpnonce=wrong&post_title=X&content=x&action=draft",
                               As(Role::kAdministrator));
  EXPECT_EQ(edited.status, 403);
  EXPECT_EQ(FindPost(post_id_).title, "Hello <World>");
  http::Response trashed = Trash(post_id_, "", As(Role::kAdministrator));
  EXPECT_EQ(trashed.status, 403);
  EXPECT_EQ(FindPost(post_id_).status, PostStatus::kPublish);
}

TEST_F(PostsScreenTest, OthersPostsNeedEditOthersPosts) {
  // The fixture's post has no author: it is someone else's for everyone.
  EXPECT_EQ(Edit(post_id_, As(Role::kAuthor)).status, 403);
  EXPECT_EQ(Save(post_id_, std::string(kCsrf) + "&post_title=Mine&content=x&action=publish",
                 As(Role::kAuthor))
                .status,
            403);
  EXPECT_EQ(Trash(post_id_, kCsrf, As(Role::kAuthor)).status, 403);
  EXPECT_EQ(FindPost(post_id_).title, "Hello <World>");

  http::Response edited =
      Save(post_id_, std::string(kCsrf) + "&post_title=Edited&content=x&action=publish",
           As(Role::kEditor));
  ASSERT_EQ(edited.status, 303) << Body(edited);
  store::Post post = FindPost(post_id_);
  EXPECT_EQ(post.title, "Edited");
  EXPECT_EQ(post.slug, "edited");
  EXPECT_EQ(post.published_at, 1'600'000'000);  // an empty date keeps a published post's date
}

TEST_F(PostsScreenTest, ListShowsCountsAndContributorsSeeTheirOwnOnly) {
  ASSERT_EQ(Save(0, std::string(kCsrf) + "&post_title=Draft+%3Cone%3E&content=x&action=draft",
                 As(Role::kContributor))
                .status,
            303);
  AddComment(store::CommentStatus::kApproved);
  AddComment(store::CommentStatus::kPending);
  const std::string all = Body(List("/admin/posts/", As(Role::kEditor)));
  EXPECT_THAT(all, HasSubstr("All <span class=\"count\">(2)</span>"));
  EXPECT_THAT(all, HasSubstr("Drafts <span class=\"count\">(1)</span>"));
  EXPECT_THAT(all, HasSubstr("Hello &lt;World&gt;"));
  EXPECT_THAT(all, HasSubstr("Draft &lt;one&gt;"));
  EXPECT_THAT(all, HasSubstr("<span class=\"comment-count\">1</span>"));
  const std::string drafts = Body(List("/admin/posts/?post_status=draft", As(Role::kEditor)));
  EXPECT_THAT(drafts, Not(HasSubstr("Hello &lt;World&gt;")));
  const std::string own = Body(List("/admin/posts/", As(Role::kContributor)));
  EXPECT_THAT(own, HasSubstr("Draft &lt;one&gt;"));
  EXPECT_THAT(own, Not(HasSubstr("Hello &lt;World&gt;")));
}

TEST_F(PostsScreenTest, TrashMovesThePostAndTheListSaysSo) {
  http::Response response = Trash(post_id_, kCsrf, As(Role::kEditor));
  ASSERT_EQ(response.status, 303);
  EXPECT_EQ(Location(response), "/admin/posts/?trashed=1");
  EXPECT_EQ(FindPost(post_id_).status, PostStatus::kTrash);
  const std::string html = Body(List(Location(response), As(Role::kEditor)));
  EXPECT_THAT(html, HasSubstr("1 post moved to the Trash."));
  EXPECT_THAT(html, HasSubstr("Trash <span class=\"count\">(1)</span>"));
}

TEST_F(PostsScreenTest, ABadDateIsRefusedWithTheForm) {
  http::Response response =
      Save(0, std::string(kCsrf) + "&post_title=D&content=x&date=tomorrow&action=publish",
           As(Role::kEditor));
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(Body(response), HasSubstr("is not an ISO-8601 date"));
}

}  // namespace
}  // namespace quire::admin
