// The revisions screen: choosing the pair to compare, the diff of title and body between any
// two revisions, restoring one (a new revision itself), CSRF, and who may see and restore.
#include "admin/revisions_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/posts_screen.h"
#include "admin/screens_test_fixture.h"
#include "store/revisions.h"

namespace quire::admin {
namespace {

using store::Role;
using ::testing::HasSubstr;
using ::testing::Not;

class RevisionsScreenTest : public testing::ScreensTest {
 protected:
  static Principal As(Role role, int64_t user_id = 7) {
    Principal principal = Moderator(role);
    principal.user.id = user_id;
    return principal;
  }
  // Saves the fixture's post through the editor (each save keeps a revision).
  void SaveText(const std::string& title, const std::string& body) {
    http::Response response = Call([&](http::Respond respond) {
      screens_->posts().Save(Post("/admin/posts/x/edit/",
                                  std::string(kCsrf) + "&post_title=" + util::UrlEncode(title) +
                                      "&content=" + util::UrlEncode(body) + "&action=publish"),
                             post_id_, store::PostType::kPost, As(Role::kEditor),
                             std::move(respond));
    });
    ASSERT_EQ(response.status, 303) << Body(response);
  }
  std::vector<store::Revision> Revisions() {
    auto revisions = store::ListRevisions(*store_, post_id_);
    EXPECT_TRUE(revisions);
    return revisions ? *revisions : std::vector<store::Revision>{};
  }
  http::Response Show(const std::string& query, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->revisions().Show(Get("/admin/posts/x/revisions/" + query), post_id_, principal,
                                 std::move(respond));
    });
  }
  http::Response Restore(const std::string& body, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->revisions().Restore(Post("/admin/posts/x/revisions/", body), post_id_, principal,
                                    std::move(respond));
    });
  }
  store::Post Stored() {
    auto found = store_->FindPost(post_id_);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : store::Post{};
  }

  static constexpr const char* kCsrf = "_wpnonce=csrf-token-123";
};

TEST(ChooseRevisionsTest, DefaultsToThePreviousAgainstTheNewest) {
  std::vector<store::Revision> revisions(3);
  revisions[0].id = 30;
  revisions[1].id = 20;
  revisions[2].id = 10;
  auto pair = ChooseRevisions(revisions, std::nullopt, std::nullopt);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->to->id, 30);
  EXPECT_EQ(pair->from->id, 20);
  pair = ChooseRevisions(revisions, 10, 30);
  EXPECT_EQ(pair->from->id, 10);
  EXPECT_EQ(pair->to->id, 30);
  pair = ChooseRevisions(revisions, 999, 10);  // unknown from; to is the oldest
  EXPECT_EQ(pair->from->id, 10);
  EXPECT_EQ(pair->to->id, 10);
  EXPECT_FALSE(ChooseRevisions({}, 1, 2));
}

TEST_F(RevisionsScreenTest, ShowsTheDiffBetweenAnyTwoRevisions) {
  SaveText("First <title>", "line one\nline two\n");
  SaveText("Second <title>", "line one\nline 2\nline three\n");
  SaveText("Third <title>", "line one\n");
  const std::vector<store::Revision> revisions = Revisions();
  ASSERT_EQ(revisions.size(), 3u);
  const std::string latest = Body(Show("", As(Role::kEditor)));
  EXPECT_THAT(latest, HasSubstr("<del>Second</del><ins>Third</ins> &lt;title&gt;"));
  EXPECT_THAT(latest, HasSubstr("<del>line 2\nline three\n</del>"));
  const std::string chosen = Body(
      Show("?from=" + std::to_string(revisions[2].id) + "&to=" + std::to_string(revisions[1].id),
           As(Role::kEditor)));
  EXPECT_THAT(chosen, HasSubstr("line one\nline <del>two</del><ins>2\nline three</ins>\n"));
  EXPECT_THAT(chosen, HasSubstr("Restore this revision"));
}

TEST_F(RevisionsScreenTest, RestoringSavesTheRevisionAsANewOne) {
  SaveText("Old title", "old body");
  SaveText("New title", "new body");
  const int64_t old_id = Revisions()[1].id;
  http::Response response =
      Restore(std::string(kCsrf) + "&revision=" + std::to_string(old_id), As(Role::kEditor));
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_EQ(Location(response), "/admin/posts/" + std::to_string(post_id_) + "/edit/?restored=1");
  EXPECT_EQ(Stored().title, "Old title");
  EXPECT_EQ(Stored().body, "old body");
  const std::vector<store::Revision> revisions = Revisions();
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0].body, "old body");
}

// A revision an author saved with raw HTML (before bodies were sanitised on save) does not go
// live when an editor restores it into an item that an editor had published.
TEST_F(RevisionsScreenTest, RestoringAnAuthorsRevisionDoesNotMakeItsHtmlLive) {
  store::User author;
  author.login = "writer";
  author.email = "writer@example.com";
  author.role = Role::kAuthor;
  int64_t author_id = 0;
  store::Post item = Stored();
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto id = tx.InsertUser(author);
    if (!id) return std::unexpected(id.error());
    author_id = *id;
    store::Post raw = item;
    raw.format = store::PostFormat::kHtml;
    raw.body = "<p>mine</p><img src=\"x.png\" onerror=\"alert(1)\">";
    raw.unfiltered = false;
    Result<int64_t> kept = store::AddRevision(tx, raw, author_id, 1'600'000'100);
    if (!kept) return std::unexpected(kept.error());
    return {};
  }));
  SaveText("Editor's", "the editor's text");
  ASSERT_TRUE(Stored().unfiltered);
  const int64_t raw_id = Revisions().back().id;
  http::Response response =
      Restore(std::string(kCsrf) + "&revision=" + std::to_string(raw_id), As(Role::kEditor));
  ASSERT_EQ(response.status, 303) << Body(response);
  store::Post restored = Stored();
  EXPECT_FALSE(restored.unfiltered);
  EXPECT_THAT(restored.body, HasSubstr("<p>mine</p>"));
  EXPECT_THAT(restored.body, Not(HasSubstr("onerror")));
}

TEST_F(RevisionsScreenTest, RestoreNeedsTheCsrfTokenAndARevisionOfThisPost) {
  SaveText("Old title", "old body");
  SaveText("New title", "new body");
  const int64_t old_id = Revisions()[1].id;
  EXPECT_EQ(Restore("revision=" + std::to_string(old_id), As(Role::kEditor)).status, 403);
  EXPECT_EQ(Restore(std::string(kCsrf) + "&revision=987654", As(Role::kEditor)).status, 404);
  EXPECT_EQ(Stored().title, "New title");
}

TEST_F(RevisionsScreenTest, OthersPostsRevisionsNeedEditOthersPosts) {
  SaveText("Old title", "old body");
  EXPECT_EQ(Show("", As(Role::kAuthor)).status, 403);
  const int64_t id = Revisions()[0].id;
  EXPECT_EQ(
      Restore(std::string(kCsrf) + "&revision=" + std::to_string(id), As(Role::kAuthor)).status,
      403);
  EXPECT_THAT(Body(Show("", As(Role::kEditor))), Not(HasSubstr("No revisions")));
}

}  // namespace
}  // namespace quire::admin
