// The posts screen's handlers, called directly with hand-made Principals of each role: the list
// (counts, own posts only for contributors), writing, publishing, scheduling, preview, the
// permissions (contributors save drafts only, HTML needs unfiltered_html, others' posts need
// edit_others_posts), CSRF (403 and nothing changed), and Move to Trash.
#include "admin/posts_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/screens_test_fixture.h"
#include "content/markdown.h"
#include "store/posts_admin.h"
#include "store/revisions.h"
#include "store/taxonomy.h"

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
      screens_->posts().List(Get(target), store::PostType::kPost, principal, std::move(respond));
    });
  }
  http::Response Edit(int64_t id, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().EditForm(Get("/admin/posts/x/edit/"), id, store::PostType::kPost, principal,
                                 std::move(respond));
    });
  }
  http::Response Save(int64_t id, const std::string& body, const Principal& principal) {
    return Call([&](http::Respond respond) {
      screens_->posts().Save(Post("/admin/posts/x/edit/", body), id, store::PostType::kPost,
                             principal, std::move(respond));
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

TEST_F(PostsScreenTest, AFutureDateWithPublishSchedulesThePost) {
  http::Response response = Save(0,
                                 std::string(kCsrf) +
                                     "&post_title=Later&content=x&date=2030-01-02T03%3A04%3A05Z"
                                     "&action=publish",
                                 As(Role::kEditor));
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_THAT(Location(response), HasSubstr("scheduled=1"));
  int64_t id = IdFrom(Location(response));
  store::Post post = FindPost(id);
  EXPECT_EQ(post.status, PostStatus::kFuture);
  EXPECT_EQ(post.published_at, 1'893'553'445);
  EXPECT_FALSE(post.comments_open);  // the box was not ticked
  const std::string html = Body(Edit(id, As(Role::kEditor)));
  EXPECT_THAT(html, HasSubstr("Status: <strong>Scheduled</strong>"));
  EXPECT_THAT(html, Not(HasSubstr("class=\"view-link\"")));  // not on the site yet
}

TEST_F(PostsScreenTest, APastDateWithPublishPublishesAndPrivateVisibilityKeepsItPrivate) {
  http::Response past =
      Save(0, std::string(kCsrf) + "&post_title=Old&content=x&date=2001-01-01&action=publish",
           As(Role::kEditor));
  ASSERT_EQ(past.status, 303) << Body(past);
  EXPECT_EQ(FindPost(IdFrom(Location(past))).status, PostStatus::kPublish);
  http::Response hidden =
      Save(0, std::string(kCsrf) + "&post_title=Hidden&content=x&visibility=private&action=publish",
           As(Role::kEditor));
  ASSERT_EQ(hidden.status, 303) << Body(hidden);
  EXPECT_THAT(Location(hidden), HasSubstr("private=1"));
  EXPECT_EQ(FindPost(IdFrom(Location(hidden))).status, PostStatus::kPrivate);
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
  EXPECT_THAT(form, HasSubstr("Submit for Review"));

  http::Response review =
      Save(IdFrom(Location(draft)),
           std::string(kCsrf) + "&post_title=Mine&content=x&action=pending", contributor);
  ASSERT_EQ(review.status, 303) << Body(review);
  EXPECT_THAT(Location(review), HasSubstr("pending=1"));
  EXPECT_EQ(FindPost(IdFrom(Location(draft))).status, PostStatus::kPending);
  // A scheduled date does not let a contributor publish either.
  EXPECT_EQ(
      Save(0, std::string(kCsrf) + "&post_title=Later&content=x&date=2030-01-01&action=publish",
           contributor)
          .status,
      403);
}

TEST_F(PostsScreenTest, OnlyWritersWithUnfilteredHtmlSaveUnfilteredItems) {
  const std::string html_post = std::string(kCsrf) +
                                "&post_title=H&content=%3Cb%3Ex%3C%2Fb%3E&post_format=html" +
                                "&action=publish";
  http::Response author = Save(0, html_post, As(Role::kAuthor));
  ASSERT_EQ(author.status, 303) << Body(author);
  store::Post filtered = FindPost(IdFrom(Location(author)));
  EXPECT_EQ(filtered.format, store::PostFormat::kHtml);
  EXPECT_FALSE(filtered.unfiltered);  // sanitized when rendered
  http::Response editor = Save(0, html_post, As(Role::kEditor));
  ASSERT_EQ(editor.status, 303);
  EXPECT_TRUE(FindPost(IdFrom(Location(editor))).unfiltered);
  // The preview of an author's HTML is sanitized as the page will be.
  http::Response preview =
      Save(0,
           std::string(kCsrf) + "&post_title=P&post_format=html&action=preview&content=" +
               "%3Cp%3Eok%3C%2Fp%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
           As(Role::kAuthor));
  ASSERT_EQ(preview.status, 200);
  EXPECT_THAT(Body(preview), HasSubstr("<p>ok</p>"));
  EXPECT_THAT(Body(preview), Not(HasSubstr("<script>alert(1)")));
}

// Trust follows the content's origin: an author's HTML is sanitised when saved, and an editor who
// then publishes or edits the item does not make the author's script live.
TEST_F(PostsScreenTest, AnEditorPublishingAnAuthorsItemDoesNotLaunderItsHtml) {
  const std::string evil =
      util::UrlEncode("<p>ok</p><script>alert(1)</script><img src=\"x.png\" onerror=\"alert(2)\">");
  http::Response pending =
      Save(0, std::string(kCsrf) + "&post_title=H&post_format=html&action=pending&content=" + evil,
           As(Role::kContributor, 8));
  ASSERT_EQ(pending.status, 303) << Body(pending);
  const int64_t id = IdFrom(Location(pending));
  store::Post stored = FindPost(id);
  EXPECT_FALSE(stored.unfiltered);
  EXPECT_THAT(stored.body, HasSubstr("<p>ok</p>"));
  EXPECT_THAT(stored.body, HasSubstr("<img src=\"x.png\""));
  EXPECT_THAT(stored.body, Not(HasSubstr("script")));
  EXPECT_THAT(stored.body, Not(HasSubstr("onerror")));

  // The editor publishes what the author typed (as a stale form would send it).
  http::Response published =
      Save(id, std::string(kCsrf) + "&post_title=H&post_format=html&action=publish&content=" + evil,
           As(Role::kEditor));
  ASSERT_EQ(published.status, 303) << Body(published);
  store::Post after = FindPost(id);
  EXPECT_EQ(after.status, PostStatus::kPublish);
  EXPECT_FALSE(after.unfiltered);
  EXPECT_THAT(after.body, Not(HasSubstr("script")));
  EXPECT_THAT(after.body, Not(HasSubstr("onerror")));
}

TEST_F(PostsScreenTest, AnAuthorsMarkdownStaysFilteredAfterAnEditorsSave) {
  const std::string markdown = util::UrlEncode("Hi <img src=x onerror=alert(1)>");
  http::Response saved =
      Save(0, std::string(kCsrf) + "&post_title=M&action=publish&content=" + markdown,
           As(Role::kAuthor, 8));
  ASSERT_EQ(saved.status, 303) << Body(saved);
  const int64_t id = IdFrom(Location(saved));
  http::Response edited =
      Save(id, std::string(kCsrf) + "&post_title=M2&action=publish&content=" + markdown,
           As(Role::kAdministrator));
  ASSERT_EQ(edited.status, 303) << Body(edited);
  store::Post after = FindPost(id);
  EXPECT_FALSE(after.unfiltered);
  EXPECT_THAT(content::RenderBody(after), Not(HasSubstr("onerror")));
}

// A legacy row (raw HTML stored with the flag off, from before bodies were sanitised on save)
// is sanitised by the next save, whoever makes it.
TEST_F(PostsScreenTest, ALegacyFilteredHtmlBodyIsSanitisedByTheNextSave) {
  store::Post legacy = FindPost(post_id_);
  legacy.format = store::PostFormat::kHtml;
  legacy.body = "<p>x</p><script>alert(1)</script>";
  legacy.unfiltered = false;
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) { return tx.UpdatePost(legacy); }));
  http::Response saved = Save(
      post_id_,
      std::string(kCsrf) +
          "&post_title=T&post_format=html&action=publish&content=" + util::UrlEncode(legacy.body),
      As(Role::kAdministrator));
  ASSERT_EQ(saved.status, 303) << Body(saved);
  EXPECT_FALSE(FindPost(post_id_).unfiltered);
  EXPECT_EQ(FindPost(post_id_).body, "<p>x</p>");
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

TEST_F(PostsScreenTest, PagesHaveAParentAndAnOrderAndNeedEditPages) {
  const Principal editor = As(Role::kEditor);
  http::Response parent = Call([&](http::Respond respond) {
    screens_->posts().Save(Post("/admin/pages/new/",
                                std::string(kCsrf) + "&post_title=About&content=x&action=publish"),
                           0, store::PostType::kPage, editor, std::move(respond));
  });
  ASSERT_EQ(parent.status, 303) << Body(parent);
  const int64_t parent_id = IdFrom(Location(parent));
  EXPECT_EQ(FindPost(parent_id).type, store::PostType::kPage);
  http::Response child = Call([&](http::Respond respond) {
    screens_->posts().Save(
        Post("/admin/pages/new/", std::string(kCsrf) + "&post_title=Team&content=x&menu_order=3" +
                                      "&parent_id=" + std::to_string(parent_id) +
                                      "&sticky=sticky&action=publish"),
        0, store::PostType::kPage, editor, std::move(respond));
  });
  ASSERT_EQ(child.status, 303) << Body(child);
  store::Post team = FindPost(IdFrom(Location(child)));
  EXPECT_EQ(team.parent_id, parent_id);
  EXPECT_EQ(team.menu_order, 3);
  EXPECT_FALSE(team.sticky);  // pages are never sticky
  EXPECT_THAT(Body(Edit(team.id, editor)), HasSubstr("href=\"/about/team/\""));
  // The pages list holds pages only; the posts list holds no pages.
  const std::string pages = Body(Call([&](http::Respond respond) {
    screens_->posts().List(Get("/admin/pages/"), store::PostType::kPage, editor,
                           std::move(respond));
  }));
  EXPECT_THAT(pages, HasSubstr(">Team</a>"));
  EXPECT_THAT(pages, Not(HasSubstr("Hello &lt;World&gt;")));
  EXPECT_THAT(Body(List("/admin/posts/", editor)), Not(HasSubstr(">Team</a>")));
  // Authors write posts, not pages.
  const Principal author = As(Role::kAuthor);
  EXPECT_EQ(Edit(team.id, author).status, 403);
  http::Response refused = Call([&](http::Respond respond) {
    screens_->posts().Save(
        Post("/admin/pages/new/", std::string(kCsrf) + "&post_title=Mine&content=x&action=draft"),
        0, store::PostType::kPage, author, std::move(respond));
  });
  EXPECT_EQ(refused.status, 403);
}

TEST_F(PostsScreenTest, APageCannotBeItsOwnAncestorNorHaveAPostAsParent) {
  const Principal editor = As(Role::kEditor);
  auto save_page = [&](int64_t id, std::string fields) {
    return Call([&](http::Respond respond) {
      screens_->posts().Save(Post("/admin/pages/new/", std::string(kCsrf) + fields), id,
                             store::PostType::kPage, editor, std::move(respond));
    });
  };
  http::Response top = save_page(0, "&post_title=Top&content=x&action=publish");
  const int64_t top_id = IdFrom(Location(top));
  http::Response below = save_page(
      0, "&post_title=Below&content=x&action=publish&parent_id=" + std::to_string(top_id));
  const int64_t below_id = IdFrom(Location(below));
  http::Response loop = save_page(
      top_id, "&post_title=Top&content=x&action=publish&parent_id=" + std::to_string(below_id));
  EXPECT_EQ(loop.status, 400);
  EXPECT_THAT(Body(loop), HasSubstr("cannot be its own parent or ancestor"));
  EXPECT_EQ(FindPost(top_id).parent_id, 0);
  http::Response post_parent =
      save_page(0, "&post_title=X&content=x&action=publish&parent_id=" + std::to_string(post_id_));
  EXPECT_EQ(post_parent.status, 400);
}

TEST_F(PostsScreenTest, CategoriesAndTagsAreAssignedAndShownInTheList) {
  int64_t news = 0;
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto term = store::SaveTerm(
        tx, {.taxonomy = std::string(store::kCategory), .name = "News", .slug = "news"});
    if (!term) return std::unexpected(term.error());
    news = term->id;
    return {};
  }));
  const Principal author = As(Role::kAuthor);
  http::Response saved = Save(0,
                              std::string(kCsrf) + "&post_title=Tagged&content=x&action=publish" +
                                  "&post_category%5B%5D=" + std::to_string(news) +
                                  "&post_category%5B%5D=999999&tags=Alpha%2C+beta%2C+alpha%2C+",
                              author);
  ASSERT_EQ(saved.status, 303) << Body(saved);
  const int64_t id = IdFrom(Location(saved));
  auto terms = store::TermsOf(*store_, id);
  ASSERT_TRUE(terms);
  std::vector<std::string> names;
  for (const store::Term& term : *terms) names.push_back(term.taxonomy + ":" + term.name);
  EXPECT_THAT(names,
              ::testing::UnorderedElementsAre("category:News", "post_tag:Alpha", "post_tag:beta"));
  const std::string list = Body(List("/admin/posts/", As(Role::kEditor)));
  EXPECT_THAT(list, HasSubstr("<td class=\"column-categories\">News</td>"));
  const std::string form = Body(Edit(id, author));
  EXPECT_THAT(form, HasSubstr("value=\"" + std::to_string(news) + "\" checked"));
  EXPECT_THAT(form, ::testing::ContainsRegex("value=\"(Alpha, beta|beta, Alpha)\""));
  // Unticking every category and emptying the tags removes them.
  ASSERT_EQ(
      Save(id, std::string(kCsrf) + "&post_title=Tagged&content=x&action=publish", author).status,
      303);
  terms = store::TermsOf(*store_, id);
  ASSERT_TRUE(terms);
  EXPECT_TRUE(terms->empty());
}

TEST_F(PostsScreenTest, EverySaveThatChangesTheTextKeepsARevision) {
  const Principal author = As(Role::kAuthor);
  http::Response first =
      Save(0, std::string(kCsrf) + "&post_title=Rev&content=one&action=draft", author);
  const int64_t id = IdFrom(Location(first));
  ASSERT_EQ(
      Save(id, std::string(kCsrf) + "&post_title=Rev&content=two&action=draft", author).status,
      303);
  auto revisions = store::ListRevisions(*store_, id);
  ASSERT_TRUE(revisions);
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[0].body, "two");
  EXPECT_EQ((*revisions)[1].body, "one");
  EXPECT_EQ((*revisions)[0].author_id, 7);
  EXPECT_THAT(Body(Edit(id, author)), HasSubstr("Revisions (2)"));
}

TEST_F(PostsScreenTest, OnlyEditorsMakePostsSticky) {
  http::Response by_author =
      Save(0, std::string(kCsrf) + "&post_title=S&content=x&sticky=sticky&action=publish",
           As(Role::kAuthor));
  EXPECT_FALSE(FindPost(IdFrom(Location(by_author))).sticky);
  http::Response by_editor =
      Save(0, std::string(kCsrf) + "&post_title=S&content=x&sticky=sticky&action=publish",
           As(Role::kEditor));
  EXPECT_TRUE(FindPost(IdFrom(Location(by_editor))).sticky);
}

TEST(PostFormTest, ParsesEveryField) {
  const PostForm form = PostForm::Parse(http::Form::Parse(
      "post_title=+T+&post_name=s&content=b&post_format=html&date=2024-01-01&excerpt=e"
      "&visibility=private&comment_status=open&sticky=sticky&parent_id=4&menu_order=-2"
      "&featured_media=9&post_category%5B%5D=3&post_category%5B%5D=x&post_category%5B%5D=3"
      "&post_category%5B%5D=5&tags=a%2Cb"));
  EXPECT_EQ(form.title, "T");
  EXPECT_EQ(form.slug, "s");
  EXPECT_EQ(form.format, "html");
  EXPECT_EQ(form.excerpt, "e");
  EXPECT_TRUE(form.private_visibility);
  EXPECT_TRUE(form.comments_open);
  EXPECT_TRUE(form.sticky);
  EXPECT_EQ(form.parent_id, 4);
  EXPECT_EQ(form.menu_order, -2);
  EXPECT_EQ(form.featured_media_id, 9);
  EXPECT_THAT(form.categories, ::testing::ElementsAre(3, 5));
  EXPECT_EQ(form.tags, "a,b");
  const PostForm empty = PostForm::Parse(http::Form::Parse("parent_id=-3&featured_media=zz"));
  EXPECT_FALSE(empty.comments_open);
  EXPECT_EQ(empty.parent_id, 0);
  EXPECT_EQ(empty.featured_media_id, 0);
}

TEST(PostFormTest, SplitTagNamesTrimsAndDropsEmptiesAndRepeats) {
  EXPECT_THAT(SplitTagNames(" Cats, dogs ,, cats,  Ünïcode  ,"),
              ::testing::ElementsAre("Cats", "dogs", "Ünïcode"));
  EXPECT_TRUE(SplitTagNames(" , ").empty());
}

TEST(PostFormTest, WhoMayEditWhat) {
  store::Post own_draft{.status = PostStatus::kDraft, .author_id = 7};
  store::Post own_published{.status = PostStatus::kPublish, .author_id = 7};
  store::Post others{.status = PostStatus::kDraft, .author_id = 8};
  store::Post page{.type = store::PostType::kPage, .author_id = 7};
  auto as = [](Role role) {
    Principal principal;
    principal.user.id = 7;
    principal.user.role = role;
    return principal;
  };
  EXPECT_TRUE(MayEditItem(as(Role::kContributor), own_draft));
  EXPECT_FALSE(MayEditItem(as(Role::kContributor), own_published));
  EXPECT_FALSE(MayEditItem(as(Role::kContributor), others));
  EXPECT_TRUE(MayEditItem(as(Role::kAuthor), own_published));
  EXPECT_FALSE(MayEditItem(as(Role::kAuthor), others));
  EXPECT_FALSE(MayEditItem(as(Role::kAuthor), page));
  EXPECT_TRUE(MayEditItem(as(Role::kEditor), others));
  EXPECT_TRUE(MayEditItem(as(Role::kEditor), page));
  EXPECT_FALSE(MayEditItem(as(Role::kSubscriber), own_draft));
}

}  // namespace
}  // namespace quire::admin
