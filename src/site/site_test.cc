// The site driven through its route table with request values, over a real SQLite store.
#include "site/site.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <string>

#include "comments/tokens.h"
#include "site/comment_pages.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/security_headers.h"
#include "site/visibility.h"
#include "store/publishing.h"
#include "store/sqlite/sqlite_store.h"
#include "store/taxonomy.h"
#include "store/wxr_ids.h"
#include "util/strings.h"

namespace quire::site {
namespace {

constexpr int64_t kMay1st2024 = 1714558830;  // 2024-05-01T10:20:30Z
constexpr int64_t kJune1st2024 = 1717237230;
constexpr std::string_view kPermalink = "/2024/05/01/hello-world/";

class FixedClock final : public util::Clock {
 public:
  int64_t Now() const override { return now; }
  int64_t now = kJune1st2024;
};

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("quire-site-test-" + std::to_string(std::random_device()()));
    std::filesystem::create_directories(dir_);
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqlite({.file = dir_ / "quire.db"});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    store_->OnCommit([this](const std::vector<std::string>& tags) {
      for (const std::string& tag : tags) cache_.Invalidate(tag);
    });
    store::Settings settings;
    settings.secret = "site-test-secret";
    settings.comment_flood_seconds = 0;
    settings.comment_previously_approved = false;
    // The form stamp's timing is tested on its own (SpamLayersSeeTheFormsStamp); the other
    // tests post at once, with no stamp.
    settings.spam_min_submit_seconds = 0;
    settings_.Set(settings);
    post_id_ = AddPost("Hello world", "hello-world", "Some *body* text.");
    StartSite();
  }

  void TearDown() override {
    router_.reset();
    site_.reset();
    if (store_) store_->Close();
    std::filesystem::remove_all(dir_);
  }

  void StartSite() {
    router_.reset();
    SiteDeps deps{*store_, cache_, settings_, clock_};
    deps.viewer = [this](const http::Request&) { return viewer_; };
    site_ = std::make_unique<Site>(deps);
    router_ = std::make_unique<http::Router>(site_->Routes());
  }

  void ChangeSettings(const std::function<void(store::Settings&)>& change) {
    store::Settings settings = *settings_.Get();
    change(settings);
    settings_.Set(settings);
    cache_.Invalidate("*");
  }

  int64_t AddPost(std::string title, std::string slug, std::string body,
                  int64_t published_at = kMay1st2024,
                  const std::function<void(store::Post&)>& adjust = {}) {
    store::Post post;
    post.title = std::move(title);
    post.slug = std::move(slug);
    post.body = std::move(body);
    post.published_at = published_at;
    post.modified_at = published_at;
    if (adjust) adjust(post);
    int64_t id = 0;
    Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
      Result<int64_t> inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      if (Status s = tx.RecordChange("post:" + std::to_string(id)); !s) return s;
      return tx.RecordChange("front");
    });
    EXPECT_TRUE(status.has_value());
    return id;
  }

  int64_t AddComment(std::string author, std::string content,
                     store::CommentStatus status = store::CommentStatus::kApproved,
                     int64_t parent_id = 0, std::string url = "") {
    store::Comment comment;
    comment.url = std::move(url);
    comment.post_id = post_id_;
    comment.parent_id = parent_id;
    comment.author = std::move(author);
    comment.email = "someone@example.com";
    comment.content = std::move(content);
    comment.created_at = kMay1st2024 + 60;
    comment.status = status;
    int64_t id = 0;
    Status written = store_->WriteSync([&](store::Transaction& tx) -> Status {
      Result<int64_t> inserted = tx.InsertComment(comment);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return tx.RecordChange("post:" + std::to_string(post_id_));
    });
    EXPECT_TRUE(written.has_value());
    return id;
  }

  int64_t AddTerm(std::string_view taxonomy, std::string name, std::string slug,
                  int64_t parent_id = 0, std::string description = "") {
    int64_t id = 0;
    Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
      store::Term term{.taxonomy = std::string(taxonomy),
                       .name = name,
                       .slug = slug,
                       .description = description,
                       .parent_id = parent_id};
      Result<store::Term> saved = store::SaveTerm(tx, term);
      if (!saved) return std::unexpected(saved.error());
      id = saved->id;
      return {};
    });
    EXPECT_TRUE(status.has_value());
    return id;
  }

  void SetTerms(int64_t post_id, std::string_view taxonomy, std::vector<int64_t> ids) {
    Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
      if (Status s = store::RecordItemChange(tx, post_id); !s) return s;
      if (Status s = store::SetItemTerms(tx, post_id, taxonomy, ids); !s) return s;
      return store::RecordItemChange(tx, post_id);
    });
    EXPECT_TRUE(status.has_value());
  }

  void ChangePost(int64_t post_id, const std::function<void(store::Post&)>& change) {
    Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
      Result<std::optional<store::Post>> post = tx.FindPost(post_id);
      if (!post) return std::unexpected(post.error());
      store::Post changed = **post;
      change(changed);
      if (Status s = store::RecordItemChange(tx, post_id); !s) return s;
      if (changed.slug != (*post)->slug) {
        Status added = store::AddOldSlug(tx, changed.type, (*post)->slug, post_id);
        if (!added) return added;
      }
      if (Status s = tx.UpdatePost(changed); !s) return s;
      return store::RecordItemChange(tx, post_id);
    });
    EXPECT_TRUE(status.has_value());
  }

  http::Response Send(http::Request request) {
    request.remote_ip = "192.0.2.7";
    std::promise<http::Response> promise;
    std::future<http::Response> future = promise.get_future();
    router_->Dispatch(
        request, [&promise](http::Response response) { promise.set_value(std::move(response)); });
    return future.get();
  }

  http::Response Get(std::string target, std::vector<http::Header> headers = {}) {
    return Send({.method = "GET", .target = std::move(target), .headers = std::move(headers)});
  }

  http::Response PostComment(std::string body) {
    return Send({.method = "POST",
                 .target = "/wp-comments-post.php",
                 .headers = {{"content-type", "application/x-www-form-urlencoded"},
                             {"user-agent", "site-test"}},
                 .body = std::move(body)});
  }

  std::string Form(std::string_view author, std::string_view email, std::string_view comment,
                   std::string_view extra = "") {
    return "comment=" + util::UrlEncode(comment) + "&author=" + util::UrlEncode(author) +
           "&email=" + util::UrlEncode(email) +
           "&url=&submit=Post+Comment&comment_post_ID=" + std::to_string(post_id_) +
           "&comment_parent=0" + std::string(extra);
  }

  static std::string Body(const http::Response& response) {
    return response.body ? *response.body : std::string();
  }
  static std::string Header(const http::Response& response, std::string_view name) {
    return std::string(response.Find(name).value_or(""));
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  cache::PageCache cache_;
  store::SettingsHolder settings_;
  FixedClock clock_;
  Viewer viewer_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<http::Router> router_;
  int64_t post_id_ = 0;
};

// Stored before submissions were checked: the name is shown, but only a web address links it.
TEST_F(SiteTest, OnlyAWebsiteThatIsAWebAddressLinksTheCommentersName) {
  AddComment("Mallory", "first", store::CommentStatus::kApproved, 0, "javascript:alert(1)");
  AddComment("Eve", "second", store::CommentStatus::kApproved, 0, " JaVa\tScRiPt:alert(2)");
  AddComment("Ann", "third", store::CommentStatus::kApproved, 0, "https://ann.example/");
  std::string html = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(html, "<b class=\"fn\">Mallory</b>")) << html;
  EXPECT_TRUE(Contains(html, "<b class=\"fn\">Eve</b>"));
  EXPECT_FALSE(Contains(util::ToLower(html), "script:alert"));
  EXPECT_TRUE(Contains(html, "<a href=\"https://ann.example/\" class=\"url\""));
}

TEST_F(SiteTest, ArticlePageHasTheWordPressForm) {
  http::Response response = Get(std::string(kPermalink));
  ASSERT_EQ(response.status, 200);
  std::string html = Body(response);
  EXPECT_EQ(Header(response, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_TRUE(Contains(html, "<h1 class=\"entry-title\">Hello world</h1>"));
  EXPECT_TRUE(Contains(html, "<em>body</em>"));
  for (std::string_view part : {
           "<div id=\"respond\" class=\"comment-respond\">",
           "<h3 id=\"reply-title\" class=\"comment-reply-title\">Leave a Reply</h3>",
           "<form action=\"/wp-comments-post.php\" method=\"post\" id=\"commentform\" "
           "class=\"comment-form\">",
           "<span id=\"email-notes\">Your email address will not be published.</span>",
           "Required fields are marked <span class=\"required\">*</span>",
           "<label for=\"comment\">Comment <span class=\"required\">*</span></label>",
           "<textarea id=\"comment\" name=\"comment\" cols=\"45\" rows=\"8\" maxlength=\"65525\" "
           "required></textarea>",
           "<label for=\"author\">Name <span class=\"required\">*</span></label>",
           "<input id=\"author\" name=\"author\" type=\"text\" value=\"\" size=\"30\" "
           "maxlength=\"245\" autocomplete=\"name\" required>",
           "<label for=\"email\">Email <span class=\"required\">*</span></label>",
           "<input id=\"email\" name=\"email\" type=\"email\" value=\"\" size=\"30\" "
           "maxlength=\"100\" aria-describedby=\"email-notes\" autocomplete=\"email\" required>",
           "<label for=\"url\">Website</label>",
           "<input id=\"url\" name=\"url\" type=\"url\" value=\"\" size=\"30\" maxlength=\"200\" "
           "autocomplete=\"url\">",
           "<input id=\"wp-comment-cookies-consent\" name=\"wp-comment-cookies-consent\" "
           "type=\"checkbox\" value=\"yes\">",
           "<label for=\"wp-comment-cookies-consent\">Save my name, email, and website in this "
           "browser for the next time I comment.</label>",
           "<input name=\"submit\" type=\"submit\" id=\"submit\" class=\"submit\" "
           "value=\"Post Comment\">",
           "name=\"comment_post_ID\" value=\"",
           "name=\"comment_parent\" id=\"comment_parent\" value=\"0\"",
       }) {
    EXPECT_TRUE(Contains(html, part)) << part;
  }
  EXPECT_FALSE(Contains(html, "novalidate"));
  EXPECT_FALSE(Contains(html, "comment-error"));
}

TEST_F(SiteTest, NameAndEmailAreOptionalWhenTheSettingIsOff) {
  ChangeSettings([](store::Settings& s) { s.require_name_email = false; });
  std::string html = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(html, "<label for=\"author\">Name</label>"));
  EXPECT_TRUE(Contains(html, "autocomplete=\"name\">"));
}

TEST_F(SiteTest, ClosedCommentsShowNoForm) {
  Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
    Result<std::optional<store::Post>> post = tx.FindPost(post_id_);
    if (!post) return std::unexpected(post.error());
    store::Post closed = **post;
    closed.comments_open = false;
    if (Status s = tx.UpdatePost(closed); !s) return s;
    return tx.RecordChange("post:" + std::to_string(post_id_));
  });
  ASSERT_TRUE(status.has_value());
  std::string html = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(html, "Comments are closed."));
  EXPECT_FALSE(Contains(html, "id=\"commentform\""));
  http::Response refused = PostComment(Form("Ann", "ann@example.com", "Too late"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(Contains(Body(refused), "Sorry, comments are closed for this item."));
}

TEST_F(SiteTest, MaliciousTitleAndAuthorAreEscaped) {
  int64_t id = AddPost("<script>alert(\"t\")</script>", "evil", "Body");
  post_id_ = id;
  AddComment("<img src=x onerror=alert(1)>", "<b>bold</b> words");
  std::string html = Body(Get("/2024/05/01/evil/"));
  EXPECT_FALSE(Contains(html, "<script>alert"));
  EXPECT_FALSE(Contains(html, "<img src=x"));
  EXPECT_FALSE(Contains(html, "<b>bold</b>"));
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert("));
  EXPECT_TRUE(Contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(Contains(html, "One thought on \u201c&lt;script&gt;"));
}

TEST_F(SiteTest, CommentsAreThreadedWithReplyLinks) {
  int64_t parent = AddComment("Ann", "First!");
  int64_t child = AddComment("Bob", "A reply", store::CommentStatus::kApproved, parent);
  std::string html = Body(Get(std::string(kPermalink)));
  std::string parent_li =
      "<li id=\"comment-" + std::to_string(parent) + "\" class=\"comment depth-1";
  std::string child_li = "<li id=\"comment-" + std::to_string(child) + "\" class=\"comment depth-2";
  ASSERT_TRUE(Contains(html, parent_li));
  ASSERT_TRUE(Contains(html, child_li));
  EXPECT_LT(html.find(parent_li), html.find("<ol class=\"children\">"));
  EXPECT_LT(html.find("<ol class=\"children\">"), html.find(child_li));
  EXPECT_TRUE(Contains(html, "2 thoughts on \u201cHello world\u201d"));
  EXPECT_TRUE(Contains(html, "class=\"comment-reply-link\" href=\"" + std::string(kPermalink) +
                                 "?replytocom=" + std::to_string(parent) + "#respond\""));
  EXPECT_TRUE(Contains(html, "<img alt=\"\" src=\"/avatar/"));
  EXPECT_TRUE(Contains(html, "width=\"40\" height=\"40\""));
}

TEST_F(SiteTest, ReplyToComShowsTheReplyContext) {
  int64_t parent = AddComment("Ann", "First!");
  std::string id = std::to_string(parent);
  http::Response response = Get(std::string(kPermalink) + "?replytocom=" + id);
  std::string html = Body(response);
  EXPECT_TRUE(Contains(html, "Leave a Reply to <a href=\"#comment-" + id + "\">Ann</a>"));
  EXPECT_TRUE(Contains(html, "<small><a rel=\"nofollow\" id=\"cancel-comment-reply-link\" href=\"" +
                                 std::string(kPermalink) + "#respond\">Cancel reply</a></small>"));
  EXPECT_TRUE(Contains(html, "id=\"comment_parent\" value=\"" + id + "\""));
  EXPECT_EQ(Header(response, "Cache-Control"), "private, no-store");
}

TEST_F(SiteTest, RefusalShowsTheFormAgainWithWhatWasTyped) {
  http::Response response =
      PostComment(Form("", "", "My <precious> words", "&wp-comment-cookies-consent=yes"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Header(response, "Cache-Control"), "private, no-store");
  std::string html = Body(response);
  EXPECT_TRUE(
      Contains(html,
               "<div id=\"comment-error\" class=\"comment-error\" role=\"alert\"><p><strong>"
               "Error:</strong> Please fill the required fields.</p></div>"));
  EXPECT_TRUE(Contains(html, ">My &lt;precious&gt; words</textarea>"));
  EXPECT_TRUE(Contains(html, "value=\"yes\" checked=\"checked\""));
  EXPECT_LT(html.find("id=\"comment-error\""), html.find("id=\"commentform\""));
}

TEST_F(SiteTest, RefusedReplyKeepsItsParent) {
  int64_t parent = AddComment("Ann", "First!");
  std::string id = std::to_string(parent);
  std::string form =
      "comment=&author=Bob&email=bob%40example.com&comment_post_ID=" + std::to_string(post_id_) +
      "&comment_parent=" + id;
  http::Response response = PostComment(form);
  EXPECT_EQ(response.status, 400);
  std::string html = Body(response);
  EXPECT_TRUE(Contains(html, "Please type your comment text."));
  EXPECT_TRUE(Contains(html, "id=\"comment_parent\" value=\"" + id + "\""));
  // The refusal page does not list the comments: the name links to the comment on the post.
  EXPECT_TRUE(Contains(html, "Leave a Reply to <a href=\"" + std::string(kPermalink) + "#comment-" +
                                 id + "\">Ann</a>"));
  EXPECT_TRUE(Contains(html, "value=\"bob@example.com\""));
}

TEST_F(SiteTest, ABusyPostPagesItsCommentsEvenWithPagingOff) {
  ASSERT_FALSE(settings_.Get()->page_comments);
  // Not paged up to the limit: the comment pages do not exist.
  EXPECT_EQ(Get(std::string(kPermalink) + "comment-page-1/").status, 404);
  std::vector<int64_t> ids;
  for (size_t i = 0; i <= kAlwaysPageCommentsOver; ++i) {
    ids.push_back(AddComment("Reader", "marker-" + std::to_string(i) + "-end"));
  }
  // 201 threads at 50 a page: 5 pages; the permalink shows the newest (WordPress's default).
  std::string newest = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(newest, "marker-200-end"));
  EXPECT_FALSE(Contains(newest, "marker-0-end"));
  EXPECT_TRUE(Contains(newest, std::string(kPermalink) + "comment-page-4/"));  // older comments
  http::Response first = Get(std::string(kPermalink) + "comment-page-1/");
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(Contains(Body(first), "marker-0-end"));
  EXPECT_TRUE(Contains(Body(first), "marker-49-end"));
  EXPECT_FALSE(Contains(Body(first), "marker-50-end"));
  EXPECT_EQ(Get(std::string(kPermalink) + "comment-page-6/").status, 404);
  // The comments feed links each comment on the page that shows it.
  std::string feed = Body(Get("/comments/feed/"));
  EXPECT_TRUE(Contains(
      feed, std::string(kPermalink) + "comment-page-5/#comment-" + std::to_string(ids.back())));
}

TEST_F(SiteTest, RefusalIsALightPageNotTheArticle) {
  AddComment("Ann", "An earlier comment nobody needs to see again");
  http::Response response = PostComment(Form("Bob", "bob@example.com", "", "&comment_parent=0"));
  EXPECT_EQ(response.status, 400);
  std::string html = Body(response);
  EXPECT_TRUE(Contains(html, "Please type your comment text."));
  EXPECT_TRUE(Contains(html, "id=\"commentform\""));
  EXPECT_TRUE(Contains(html, "value=\"Bob\""));
  // A link back to the post, and neither its comments nor its text.
  EXPECT_TRUE(Contains(html, "<a href=\"" + std::string(kPermalink) + "\">"));
  EXPECT_FALSE(Contains(html, "An earlier comment nobody needs to see again"));
  EXPECT_FALSE(Contains(html, "class=\"comment-list\""));
  EXPECT_FALSE(Contains(html, "entry-content"));
}

TEST_F(SiteTest, DuplicateIsAConflict) {
  std::string form = Form("Ann", "ann@example.com", "Same words");
  ASSERT_EQ(PostComment(form).status, 303);
  http::Response again = PostComment(form);
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(Contains(Body(again), "Duplicate comment detected"));
}

TEST_F(SiteTest, CommentOnAMissingPostIs404) {
  http::Response response =
      PostComment("comment=hi&author=A&email=a%40example.com&comment_post_ID=999&comment_parent=0");
  EXPECT_EQ(response.status, 404);
  EXPECT_TRUE(Contains(Body(response), "Nothing here"));
}

TEST_F(SiteTest, AcceptedCommentRedirectsAndSetsCookiesWithConsent) {
  http::Response response =
      PostComment(Form("Ann", "ann@example.com", "Nice post", "&wp-comment-cookies-consent=yes"));
  ASSERT_EQ(response.status, 303);
  std::string location = Header(response, "Location");
  EXPECT_TRUE(util::StartsWith(location, std::string(kPermalink) + "#comment-")) << location;
  int cookies = 0;
  for (const http::Header& header : response.headers) {
    if (!util::IEquals(header.name, "Set-Cookie")) continue;
    ++cookies;
    EXPECT_TRUE(Contains(header.value, "Max-Age=30000000")) << header.value;
  }
  EXPECT_EQ(cookies, 3);
  std::string html = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(html, "Nice post"));
}

TEST_F(SiteTest, SpamLayersSeeTheFormsStamp) {
  ChangeSettings([](store::Settings& s) { s.spam_min_submit_seconds = 3; });
  std::string page = Body(Get(std::string(kPermalink)));
  constexpr std::string_view kField = "name=\"quire_stamp\" value=\"";
  size_t at = page.find(kField);
  ASSERT_NE(at, std::string::npos);
  at += kField.size();
  std::string stamp = page.substr(at, page.find('"', at) - at);
  EXPECT_TRUE(Contains(page, "name=\"quire_hp\""));

  std::string too_soon = Header(
      PostComment(Form("Ann", "ann@example.com", "Too soon", "&quire_stamp=" + stamp)), "Location");
  EXPECT_TRUE(Contains(too_soon, "?unapproved=")) << "a quick reply is held";
  clock_.now += 5;
  std::string person =
      Header(PostComment(Form("Ann", "ann@example.com", "Took my time", "&quire_stamp=" + stamp)),
             "Location");
  EXPECT_TRUE(util::StartsWith(person, std::string(kPermalink) + "#comment-")) << person;
  std::string trap = Header(PostComment(Form("Bot", "bot@example.com", "Filled the trap",
                                             "&quire_stamp=" + stamp + "&quire_hp=x")),
                            "Location");
  EXPECT_TRUE(Contains(trap, "?unapproved="));

  auto spam = store_->ListCommentsByStatus(store::CommentStatus::kSpam, 0, 10);
  ASSERT_TRUE(spam);
  ASSERT_EQ(spam->size(), 1u);
  EXPECT_EQ((*spam)[0].reason, "spam: honeypot filled");
  auto held = store_->ListCommentsByStatus(store::CommentStatus::kPending, 0, 10);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_TRUE(
      util::StartsWith((*held)[0].reason, "held: sent 0 s after the form was shown (minimum 3 s)"))
      << (*held)[0].reason;

  // Each author sees their own comment as held, whatever the verdict; nobody else does.
  for (const auto& [location, text] :
       {std::pair{too_soon, "Too soon"}, std::pair{trap, "Filled the trap"}}) {
    std::string shown = Body(Get(location.substr(0, location.find('#'))));
    EXPECT_TRUE(Contains(shown, text)) << location;
    EXPECT_TRUE(Contains(shown, "Your comment is awaiting moderation.")) << location;
    // A neutral avatar: the page does not tell whose the typed email is.
    EXPECT_TRUE(Contains(shown, "/avatar/" + std::string(comments::kNeutralAvatarKey) + ".svg"));
  }
  std::string trapped = Body(Get(trap.substr(0, trap.find('#'))));
  EXPECT_FALSE(Contains(trapped, comments::AvatarKey(settings_.Get()->secret, "bot@example.com")));
  EXPECT_FALSE(Contains(Body(Get(std::string(kPermalink))), "Filled the trap"));
}

TEST_F(SiteTest, NoConsentClearsTheCookies) {
  http::Response response = PostComment(Form("Ann", "ann@example.com", "Nice post"));
  ASSERT_EQ(response.status, 303);
  int cleared = 0;
  for (const http::Header& header : response.headers) {
    if (util::IEquals(header.name, "Set-Cookie") && Contains(header.value, "Max-Age=0")) {
      ++cleared;
    }
  }
  EXPECT_EQ(cleared, 3);
}

TEST_F(SiteTest, CookiesPrefillTheFormAndMakeThePagePrivate) {
  http::Response response =
      Get(std::string(kPermalink),
          {{"cookie",
            "comment_author_quire=Ann%20%3CA%3E; comment_author_email_quire=ann%40"
            "example.com"}});
  std::string html = Body(response);
  EXPECT_EQ(Header(response, "Cache-Control"), "private, no-store");
  EXPECT_TRUE(Contains(html, "value=\"Ann &lt;A&gt;\""));
  EXPECT_TRUE(Contains(html, "value=\"ann@example.com\""));
  EXPECT_TRUE(Contains(html, "value=\"yes\" checked=\"checked\""));
}

TEST_F(SiteTest, HeldCommentIsShownOnlyWithItsToken) {
  ChangeSettings([](store::Settings& s) { s.comment_moderation = true; });
  http::Response response = PostComment(Form("Ann", "ann@example.com", "Held words"));
  ASSERT_EQ(response.status, 303);
  std::string location = Header(response, "Location");
  ASSERT_TRUE(Contains(location, "?unapproved=")) << location;
  ASSERT_TRUE(Contains(location, "&moderation-hash=")) << location;
  std::string target = location.substr(0, location.find('#'));

  http::Response own = Get(target);
  EXPECT_TRUE(Contains(Body(own), "Held words"));
  EXPECT_TRUE(Contains(Body(own), "Your comment is awaiting moderation."));
  EXPECT_EQ(Header(own, "Cache-Control"), "private, no-store");

  EXPECT_FALSE(Contains(Body(Get(std::string(kPermalink))), "Held words"));
  std::string forged = target.substr(0, target.find("moderation-hash=")) + "moderation-hash=AAAA";
  EXPECT_FALSE(Contains(Body(Get(forged)), "Held words"));
}

TEST_F(SiteTest, CachedPageKeepsItsEtagUntilACommentArrives) {
  http::Response first = Get(std::string(kPermalink));
  http::Response second = Get(std::string(kPermalink));
  ASSERT_EQ(first.status, 200);
  EXPECT_FALSE(Header(first, "ETag").empty());
  EXPECT_EQ(Header(first, "ETag"), Header(second, "ETag"));
  EXPECT_EQ(Body(first), Body(second));
  EXPECT_EQ(first.body.get(), second.body.get());  // the same cached bytes
  EXPECT_EQ(Header(first, "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(first, "Vary"), "Accept-Encoding");

  ASSERT_EQ(PostComment(Form("Ann", "ann@example.com", "Fresh words")).status, 303);
  http::Response third = Get(std::string(kPermalink));
  EXPECT_NE(Header(third, "ETag"), Header(first, "ETag"));
  EXPECT_TRUE(Contains(Body(third), "Fresh words"));
}

TEST_F(SiteTest, CompressedWhenAccepted) {
  AddComment("Ann", std::string(4000, 'x'));
  http::Response response = Get(std::string(kPermalink), {{"accept-encoding", "gzip"}});
  EXPECT_EQ(Header(response, "Content-Encoding"), "gzip");
}

// A first view is answered in the coding asked for; the cached page has every coding.
TEST_F(SiteTest, AFirstViewInBrotliCachesEveryCoding) {
  AddComment("Ann", std::string(4000, 'x'));
  http::Response first = Get(std::string(kPermalink), {{"accept-encoding", "br"}});
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Header(first, "Content-Encoding"), "br");
  std::string key = std::string(kPermalink);
  http::Response gzip = Get(key, {{"accept-encoding", "gzip"}});
  http::Response again = Get(key, {{"accept-encoding", "br"}});
  http::Response plain = Get(key);
  EXPECT_EQ(Header(gzip, "Content-Encoding"), "gzip");
  EXPECT_EQ(Header(again, "ETag"), Header(first, "ETag"));
  EXPECT_EQ(again.body.get(), first.body.get());  // the form sent first is the one cached
  std::string etag = Header(plain, "ETag");
  ASSERT_GE(etag.size(), 2u);
  EXPECT_EQ(Header(gzip, "ETag"), etag.substr(0, etag.size() - 1) + "-gzip\"");
  EXPECT_TRUE(Contains(Body(plain), "xxxx"));
}

// A cache hit builds no field: the page's fields were prepared with it, the security fields in.
TEST_F(SiteTest, ACacheHitSendsThePagesPreparedFields) {
  http::Response first = Get(std::string(kPermalink), {{"accept-encoding", "gzip"}});
  http::Response hit = Get(std::string(kPermalink), {{"accept-encoding", "gzip"}});
  ASSERT_EQ(hit.status, 200);
  ASSERT_NE(hit.prepared, nullptr);
  EXPECT_TRUE(hit.headers.empty());
  http::Response again = Get(std::string(kPermalink), {{"accept-encoding", "gzip"}});
  EXPECT_EQ(again.prepared, hit.prepared);  // shared, not rebuilt
  for (std::string_view name : {"Content-Type", "ETag", "Vary", "Cache-Control"}) {
    EXPECT_EQ(Header(hit, name), Header(first, name)) << name;
  }
  // What AddSecurityHeaders gives the first view is what the hit carries.
  http::Request reader{.method = "GET", .target = std::string(kPermalink)};
  AddSecurityHeaders(reader, first);
  for (std::string_view name : {"X-Content-Type-Options", "Content-Security-Policy",
                                "X-Frame-Options", "Referrer-Policy"}) {
    EXPECT_FALSE(Header(first, name).empty()) << name;
    EXPECT_EQ(Header(hit, name), Header(first, name)) << name;
  }
  http::Response tls = hit;
  reader.headers.push_back({"x-forwarded-proto", "https"});
  AddSecurityHeaders(reader, tls);
  EXPECT_EQ(Header(tls, "Strict-Transport-Security"), kHstsValue);
  EXPECT_EQ(tls.prepared, hit.prepared);
  AddSecurityHeaders(reader, hit);
  EXPECT_EQ(hit.headers.size(), 1u);  // only the TLS field is added per request
}

TEST_F(SiteTest, FrontPageListsPostsAndPaginates) {
  ChangeSettings([](store::Settings& s) { s.posts_per_page = 1; });
  AddPost("Second <post>", "second", "More text here.", kMay1st2024 + 86400);
  http::Response front = Get("/");
  ASSERT_EQ(front.status, 200);
  std::string html = Body(front);
  EXPECT_TRUE(
      Contains(html, "<a href=\"/2024/05/02/second/\" rel=\"bookmark\">Second &lt;post&gt;</a>"));
  EXPECT_TRUE(Contains(html, "No Comments"));
  EXPECT_TRUE(Contains(html, "<a href=\"/page/2/\" rel=\"next\">Older posts</a>"));

  std::string page2 = Body(Get("/page/2/"));
  EXPECT_TRUE(Contains(page2, "Hello world"));
  EXPECT_TRUE(Contains(page2, "<a href=\"/\" rel=\"prev\">Newer posts</a>"));

  http::Response one = Get("/page/1/");
  EXPECT_EQ(one.status, 301);
  EXPECT_EQ(Header(one, "Location"), "/");
  EXPECT_EQ(Get("/page/3/").status, 404);
}

TEST_F(SiteTest, PlainPostLinkRedirects) {
  http::Response response = Get("/?p=" + std::to_string(post_id_));
  EXPECT_EQ(response.status, 301);
  EXPECT_EQ(Header(response, "Location"), kPermalink);
  EXPECT_EQ(Get("/?p=424242").status, 404);
}

TEST_F(SiteTest, PermalinksMustMatchExactly) {
  http::Response no_slash = Get("/2024/05/01/hello-world");
  EXPECT_EQ(no_slash.status, 301);
  EXPECT_EQ(Header(no_slash, "Location"), kPermalink);
  EXPECT_EQ(Get("/2024/05/02/hello-world/").status, 404);
  EXPECT_EQ(Get("/2023/05/01/hello-world/").status, 404);
  http::Response missing = Get("/no/such/page/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(Contains(Body(missing), "Nothing here"));
}

TEST_F(SiteTest, CommentEndpointAllowsOnlyPost) {
  http::Response response = Get("/wp-comments-post.php");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(Header(response, "Allow"), "POST");
}

TEST_F(SiteTest, AssetsAndAvatars) {
  http::Response css = Get("/assets/style.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(Header(css, "Content-Type"), "text/css; charset=utf-8");
  EXPECT_FALSE(Header(css, "ETag").empty());
  EXPECT_TRUE(Contains(Header(css, "Cache-Control"), "max-age="));
  EXPECT_EQ(Get("/assets/layout.mustache").status, 404);

  std::string key = comments::AvatarKey("site-test-secret", "ann@example.com");
  http::Response avatar = Get("/avatar/" + key + ".svg");
  EXPECT_EQ(avatar.status, 200);
  EXPECT_EQ(Header(avatar, "Content-Type"), "image/svg+xml");
  EXPECT_TRUE(Contains(Body(avatar), "<svg"));
  EXPECT_EQ(Get("/avatar/not-a-key.svg").status, 404);
}

TEST_F(SiteTest, ThemeFolderOverridesTemplates) {
  std::filesystem::path theme_dir = dir_ / "theme";
  std::filesystem::create_directories(theme_dir);
  std::ofstream(theme_dir / "404.mustache") << "<p class=\"custom\">Gone fishing</p>";
  ChangeSettings([&](store::Settings& s) { s.theme_dir = theme_dir.string(); });
  StartSite();
  std::string html = Body(Get("/missing/"));
  EXPECT_TRUE(Contains(html, "Gone fishing"));
  EXPECT_TRUE(Contains(html, "<html lang=\"en\">"));
}

// --- lists, archives, pages, visibility, <head> ---

TEST(ListPaths, PageCountAndPaths) {
  EXPECT_EQ(PageCount(0, 10), 1);
  EXPECT_EQ(PageCount(10, 10), 1);
  EXPECT_EQ(PageCount(11, 10), 2);
  EXPECT_EQ(PageCount(5, 0), 5);
  EXPECT_EQ(ListPagePath("/tag/x/", 1), "/tag/x/");
  EXPECT_EQ(ListPagePath("/tag/x/", 3), "/tag/x/page/3/");
  EXPECT_EQ(PageOneRedirect("/tag/x/page/1/", ""), "/tag/x/");
  EXPECT_EQ(PageOneRedirect("/page/1/", "s=cats"), "/?s=cats");
  EXPECT_EQ(PageOneRedirect("/tag/x/page/2/", ""), std::nullopt);
  EXPECT_EQ(PageOneRedirect("/tag/xpage/1/", ""), std::nullopt);
}

TEST(ListPaths, NestedCategoryPaths) {
  std::optional<CategoryPath> nested = ParseCategoryPath("/category/animals/cats/");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->slugs, "animals/cats");
  EXPECT_EQ(nested->page, 1);
  std::optional<CategoryPath> paged = ParseCategoryPath("/category/animals/cats/page/3/");
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->slugs, "animals/cats");
  EXPECT_EQ(paged->page, 3);
  std::optional<CategoryPath> atom = ParseCategoryPath("/category/a/b/feed/atom/");
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->slugs, "a/b");
  EXPECT_EQ(atom->feed, CategoryPath::Feed::kAtom);
  EXPECT_EQ(ParseCategoryPath("/category/a/b/feed/")->feed, CategoryPath::Feed::kRss2);
  EXPECT_FALSE(ParseCategoryPath("/category/a/b"));
  EXPECT_FALSE(ParseCategoryPath("/category/"));
  EXPECT_FALSE(ParseCategoryPath("/category//b/"));
  EXPECT_FALSE(ParseCategoryPath("/category/a/page/x/"));
  EXPECT_FALSE(ParseCategoryPath("/tag/a/b/"));
}

TEST(Visibility, WordPressRules) {
  store::Post post;
  post.author_id = 7;
  Viewer anonymous, author{.user_id = 7},
      editor{.user_id = 8, .read_private = true, .edit_others = true};
  Viewer other_author{.user_id = 9};
  post.status = store::PostStatus::kPublish;
  EXPECT_TRUE(CanView(anonymous, post));
  post.status = store::PostStatus::kPrivate;
  EXPECT_FALSE(CanView(anonymous, post));
  EXPECT_FALSE(CanView(other_author, post));
  EXPECT_TRUE(CanView(author, post));
  EXPECT_TRUE(CanView(editor, post));
  for (store::PostStatus status :
       {store::PostStatus::kDraft, store::PostStatus::kPending, store::PostStatus::kFuture}) {
    post.status = status;
    EXPECT_FALSE(CanView(anonymous, post));
    EXPECT_FALSE(CanView(other_author, post));
    EXPECT_TRUE(CanView(author, post));
    EXPECT_TRUE(CanView(editor, post));
  }
  post.status = store::PostStatus::kTrash;
  EXPECT_FALSE(CanView(editor, post));
  EXPECT_FALSE(CanView(author, post));
}

TEST(Head, JsonIsMadeSafeForScript) {
  EXPECT_EQ(ScriptSafeJson(R"({"a":"</script><!--&"})"),
            R"({"a":"\u003c/script\u003e\u003c!--\u0026"})");
}

TEST_F(SiteTest, CategoryArchiveListsItsPostsWithHeadLinks) {
  ChangeSettings([](store::Settings& s) {
    s.posts_per_page = 1;
    s.home_url = "https://example.com";
  });
  int64_t cats = AddTerm(store::kCategory, "Cats & Co", "cats", 0, "All about <cats>");
  int64_t second = AddPost("Second", "second", "Two", kMay1st2024 + 86400);
  SetTerms(post_id_, store::kCategory, {cats});
  SetTerms(second, store::kCategory, {cats});

  http::Response first = Get("/category/cats/");
  ASSERT_EQ(first.status, 200);
  std::string html = Body(first);
  EXPECT_TRUE(Contains(html, "<h1 class=\"page-title\">Category: Cats &amp; Co</h1>"));
  EXPECT_TRUE(Contains(html, "All about &lt;cats&gt;"));
  EXPECT_TRUE(Contains(html, "<a href=\"/2024/05/02/second/\" rel=\"bookmark\">Second</a>"));
  EXPECT_FALSE(Contains(html, "Hello world"));
  EXPECT_TRUE(
      Contains(html, "<link rel=\"canonical\" href=\"https://example.com/category/cats/\">"));
  EXPECT_TRUE(
      Contains(html, "<link rel=\"next\" href=\"https://example.com/category/cats/page/2/\">"));
  EXPECT_FALSE(Contains(html, "rel=\"prev\" href"));
  EXPECT_TRUE(Contains(html, "href=\"https://example.com/category/cats/feed/\""));
  EXPECT_TRUE(Contains(html, "href=\"https://example.com/comments/feed/\""));
  EXPECT_EQ(Header(first, "Cache-Control"), "no-cache");

  std::string page2 = Body(Get("/category/cats/page/2/"));
  EXPECT_TRUE(Contains(page2, "Hello world"));
  EXPECT_TRUE(Contains(page2, "<link rel=\"prev\" href=\"https://example.com/category/cats/\">"));
  http::Response one = Get("/category/cats/page/1/");
  EXPECT_EQ(one.status, 301);
  EXPECT_EQ(Header(one, "Location"), "/category/cats/");
  EXPECT_EQ(Get("/category/cats/page/3/").status, 404);
  EXPECT_EQ(Get("/category/dogs/").status, 404);
  EXPECT_EQ(Get("/tag/cats/").status, 404);

  // A change to an item shown renews the cached list.
  ChangePost(second, [](store::Post& p) { p.title = "Second, renamed"; });
  EXPECT_TRUE(Contains(Body(Get("/category/cats/")), "Second, renamed"));
}

TEST_F(SiteTest, NestedCategoryPathMustBeTheChain) {
  int64_t animals = AddTerm(store::kCategory, "Animals", "animals");
  int64_t cats = AddTerm(store::kCategory, "Cats", "cats", animals);
  AddTerm(store::kCategory, "Plants", "plants");
  SetTerms(post_id_, store::kCategory, {cats});
  EXPECT_EQ(Get("/category/animals/cats/").status, 200);
  EXPECT_TRUE(Contains(Body(Get("/category/animals/cats/")), "Hello world"));
  EXPECT_TRUE(Contains(Body(Get("/category/animals/")), "Hello world"));
  EXPECT_EQ(Get("/category/plants/cats/").status, 404);
  EXPECT_EQ(Get("/category/cats/animals/").status, 404);
}

TEST_F(SiteTest, EmptyTermArchiveExistsButEmptyDateArchiveDoesNot) {
  AddTerm(store::kPostTag, "Quiet", "quiet");
  EXPECT_EQ(Get("/tag/quiet/").status, 200);
  EXPECT_EQ(Get("/2023/").status, 404);
  EXPECT_EQ(Get("/2024/02/30/").status, 404);
  EXPECT_EQ(Get("/2024/13/").status, 404);
}

TEST_F(SiteTest, DateArchivesByYearMonthAndDay) {
  AddPost("June post", "june", "Later", kJune1st2024);
  std::string year = Body(Get("/2024/"));
  EXPECT_TRUE(Contains(year, "Year: 2024"));
  EXPECT_TRUE(Contains(year, "June post"));
  EXPECT_TRUE(Contains(year, "Hello world"));
  std::string may = Body(Get("/2024/05/"));
  EXPECT_TRUE(Contains(may, "Month: May 2024"));
  EXPECT_FALSE(Contains(may, "June post"));
  std::string day = Body(Get("/2024/05/01/"));
  EXPECT_TRUE(Contains(day, "Day: May 1, 2024"));
  EXPECT_TRUE(Contains(day, "Hello world"));
  EXPECT_EQ(Get("/2024/05/02/").status, 404);
  http::Response unpadded = Get("/2024/5/");
  EXPECT_EQ(unpadded.status, 301);
  EXPECT_EQ(Header(unpadded, "Location"), "/2024/05/");
  EXPECT_EQ(Get("/2024/page/1/").status, 301);
  EXPECT_EQ(Get("/2024/page/2/").status, 404);
}

TEST_F(SiteTest, AuthorArchive) {
  int64_t user = 0;
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    Result<int64_t> id =
        tx.InsertUser({.login = "ann", .email = "ann@example.com", .display_name = "Ann Author"});
    if (!id) return std::unexpected(id.error());
    user = *id;
    return {};
  }));
  AddPost("By Ann", "by-ann", "Mine", kMay1st2024, [&](store::Post& p) { p.author_id = user; });
  std::string html = Body(Get("/author/ann/"));
  EXPECT_TRUE(Contains(html, "Author: Ann Author"));
  EXPECT_TRUE(Contains(html, "By Ann"));
  EXPECT_TRUE(Contains(html, "<span class=\"author vcard\">Ann Author</span>"));
  EXPECT_FALSE(Contains(html, "Hello world"));
  EXPECT_EQ(Get("/author/nobody/").status, 404);
}

TEST_F(SiteTest, StickyPostsComeFirstOnTheFrontPage) {
  AddPost("Newer", "newer", "New", kMay1st2024 + 86400);
  AddPost("Old sticky", "old-sticky", "Pinned", kMay1st2024 - 86400,
          [](store::Post& p) { p.sticky = true; });
  std::string html = Body(Get("/"));
  ASSERT_TRUE(Contains(html, "Old sticky"));
  EXPECT_LT(html.find("Old sticky"), html.find("Newer"));
  EXPECT_LT(html.find("Newer"), html.find("Hello world"));
  EXPECT_TRUE(Contains(html, "class=\"post sticky\""));
}

TEST_F(SiteTest, PrivateAndDraftItemsAreHiddenFromAnonymousReaders) {
  AddPost("Secret", "secret", "Hush", kMay1st2024, [](store::Post& p) {
    p.status = store::PostStatus::kPrivate;
    p.author_id = 42;
  });
  AddPost("Unfinished", "unfinished", "Draft text", kMay1st2024,
          [](store::Post& p) { p.status = store::PostStatus::kDraft; });
  EXPECT_EQ(Get("/2024/05/01/secret/").status, 404);
  EXPECT_EQ(Get("/2024/05/01/unfinished/").status, 404);
  EXPECT_FALSE(Contains(Body(Get("/")), "Secret"));
  EXPECT_FALSE(Contains(Body(Get("/2024/")), "Secret"));

  viewer_ = {.user_id = 5, .read_private = true, .edit_others = true};
  http::Response seen = Get("/2024/05/01/secret/");
  ASSERT_EQ(seen.status, 200);
  EXPECT_TRUE(Contains(Body(seen), "Private: Secret"));
  EXPECT_EQ(Header(seen, "Cache-Control"), "private, no-store");
  EXPECT_TRUE(Contains(Body(seen), "<meta name=\"robots\" content=\"noindex"));
  http::Response draft = Get("/2024/05/01/unfinished/");
  EXPECT_EQ(draft.status, 200);
  EXPECT_TRUE(Contains(Body(draft), "class=\"preview-notice\""));
  http::Response front = Get("/");
  EXPECT_TRUE(Contains(Body(front), "Private: Secret"));
  EXPECT_EQ(Header(front, "Cache-Control"), "private, no-store");

  viewer_ = {};
  EXPECT_EQ(Get("/2024/05/01/secret/").status, 404) << "nothing private was cached";
  EXPECT_FALSE(Contains(Body(Get("/")), "Secret"));
}

TEST_F(SiteTest, PagesAreHierarchicalAndListTheirChildren) {
  int64_t about = AddPost("About", "about", "Who we are", kMay1st2024,
                          [](store::Post& p) { p.type = store::PostType::kPage; });
  int64_t team = AddPost("The team", "team", "People", kMay1st2024, [&](store::Post& p) {
    p.type = store::PostType::kPage;
    p.parent_id = about;
  });
  http::Response page = Get("/about/");
  ASSERT_EQ(page.status, 200);
  std::string html = Body(page);
  EXPECT_TRUE(Contains(html, "Who we are"));
  EXPECT_TRUE(Contains(html, "<li class=\"page_item\"><a href=\"/about/team/\">The team</a></li>"));
  EXPECT_TRUE(Contains(html, "<meta property=\"og:type\" content=\"article\">"));
  EXPECT_TRUE(Contains(Body(Get("/about/team/")), "People"));
  EXPECT_EQ(Get("/team/").status, 404);
  EXPECT_EQ(Get("/other/team/").status, 404);
  http::Response slashless = Get("/about/team");
  EXPECT_EQ(slashless.status, 301);
  EXPECT_EQ(Header(slashless, "Location"), "/about/team/");
  http::Response plain = Get("/?page_id=" + std::to_string(team));
  EXPECT_EQ(plain.status, 301);
  EXPECT_EQ(Header(plain, "Location"), "/about/team/");
  EXPECT_EQ(Get("/?page_id=" + std::to_string(post_id_)).status, 404);

  ChangeSettings([&](store::Settings& s) {
    s.show_on_front = "page";
    s.page_on_front = static_cast<int>(about);
  });
  std::string front = Body(Get("/"));
  EXPECT_TRUE(Contains(front, "Who we are"));
  EXPECT_EQ(Header(Get("/about/"), "Location"), "/");
}

TEST_F(SiteTest, RenamedItemsAnswer301FromTheirOldSlug) {
  ChangePost(post_id_, [](store::Post& p) { p.slug = "hello-again"; });
  http::Response old = Get(std::string(kPermalink));
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(Header(old, "Location"), "/2024/05/01/hello-again/");
  EXPECT_EQ(Get("/2024/05/01/hello-again/").status, 200);
  int64_t page = AddPost("Contact", "contact", "Write", kMay1st2024,
                         [](store::Post& p) { p.type = store::PostType::kPage; });
  ChangePost(page, [](store::Post& p) { p.slug = "write-to-us"; });
  EXPECT_EQ(Header(Get("/contact/"), "Location"), "/write-to-us/");
}

TEST_F(SiteTest, PercentEncodedUtf8SlugResolves) {
  AddPost("Привет", "привет", "Мир");
  http::Response response = Get("/2024/05/01/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(Contains(Body(response), "Мир"));
  EXPECT_EQ(Get("/2024/05/01/%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82/").status, 200);
}

TEST_F(SiteTest, ArticleHeadHasCanonicalOpenGraphAndJsonLd) {
  ChangeSettings([](store::Settings& s) { s.home_url = "https://example.com/"; });
  AddPost("Tricky </script> title", "tricky", "Body");
  std::string html = Body(Get("/2024/05/01/tricky/"));
  EXPECT_TRUE(
      Contains(html, "<link rel=\"canonical\" href=\"https://example.com/2024/05/01/tricky/\">"));
  EXPECT_TRUE(Contains(html, "<meta property=\"og:type\" content=\"article\">"));
  EXPECT_TRUE(Contains(html, "<meta property=\"article:published_time\""));
  EXPECT_TRUE(Contains(html, "<meta name=\"twitter:card\" content=\"summary\">"));
  EXPECT_TRUE(Contains(html, "<script type=\"application/ld+json\">"));
  EXPECT_TRUE(Contains(html, "\\u003c/script\\u003e title"));
  EXPECT_FALSE(Contains(html, "noindex"));
  ChangeSettings([](store::Settings& s) { s.blog_public = false; });
  EXPECT_TRUE(Contains(Body(Get("/2024/05/01/tricky/")), "content=\"noindex"));
}

TEST_F(SiteTest, ACommentOnAPageReturnsToThePage) {
  post_id_ = AddPost("About", "about", "Who we are", kMay1st2024,
                     [](store::Post& p) { p.type = store::PostType::kPage; });
  http::Response response = PostComment(Form("Ann", "ann@example.com", "Nice page"));
  ASSERT_EQ(response.status, 303);
  EXPECT_TRUE(util::StartsWith(Header(response, "Location"), "/about/#comment-"))
      << Header(response, "Location");
  EXPECT_TRUE(Contains(Body(Get("/about/")), "Nice page"));
}

// --- follow-ups: site time zone, imported ids, protected items, imported comments' HTML ---

TEST_F(SiteTest, PermalinksAndDateArchivesUseTheSitesZone) {
  // 23:30 UTC on 31 May is 1 June in Berlin.
  int64_t late = kMay1st2024 + 30 * 86400 + 13 * 3600 + 9 * 60 + 30;
  AddPost("Late", "late", "Night", late);
  ChangeSettings([](store::Settings& s) { s.timezone_string = "Europe/Berlin"; });
  EXPECT_EQ(Get("/2024/06/01/late/").status, 200);
  EXPECT_EQ(Get("/2024/05/31/late/").status, 404);
  EXPECT_TRUE(Contains(Body(Get("/2024/06/01/")), "Late"));
  EXPECT_EQ(Get("/2024/05/31/").status, 404);
  EXPECT_TRUE(Contains(Body(Get("/2024/06/")), "Late"));
  EXPECT_FALSE(Contains(Body(Get("/2024/05/")), "Late"));
  http::Response plain = Get("/?p=" + std::to_string(post_id_ + 1));
  EXPECT_EQ(Header(plain, "Location"), "/2024/06/01/late/");

  // A post joining the local day from the UTC day before renews the cached archive (its own
  // date tags are UTC ones).
  ASSERT_FALSE(Contains(Body(Get("/2024/06/01/")), "Earlier"));
  store::Post post;
  post.title = "Earlier";
  post.slug = "earlier";
  post.published_at = late - 3600;  // 00:30 local
  Status added = store_->WriteSync([&](store::Transaction& tx) -> Status {
    Result<int64_t> id = tx.InsertPost(post);
    if (!id) return std::unexpected(id.error());
    return store::RecordItemChange(tx, *id);
  });
  ASSERT_TRUE(added.has_value());
  EXPECT_TRUE(Contains(Body(Get("/2024/06/01/")), "Earlier"));

  ChangeSettings([](store::Settings& s) {
    s.timezone_string.clear();
    s.gmt_offset = -11;
  });
  EXPECT_EQ(Get("/2024/05/31/late/").status, 200);
  EXPECT_EQ(Get("/2024/04/30/hello-world/").status, 200);  // 10:20 UTC is 23:20 the day before
}

TEST_F(SiteTest, PlainLinksTryImportedIdsFirst) {
  int64_t second = AddPost("Second", "second", "Two", kMay1st2024 + 86400);
  Status mapped = store_->WriteSync([&](store::Transaction& tx) -> Status {
    if (Status s =
            store::MapWxrId(tx, store::WxrKind::kPost, "https://old.example", 5001, post_id_);
        !s) {
      return s;
    }
    // WordPress's post number `second` was renumbered here: it is the first post now.
    return store::MapWxrId(tx, store::WxrKind::kPost, "https://old.example", second, post_id_);
  });
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(Header(Get("/?p=5001"), "Location"), kPermalink);
  EXPECT_EQ(Header(Get("/?p=" + std::to_string(second)), "Location"), kPermalink);
  EXPECT_EQ(Header(Get("/?p=" + std::to_string(post_id_)), "Location"), kPermalink);
  EXPECT_EQ(Get("/?page_id=5001").status, 404);  // a post, not a page
  EXPECT_EQ(Get("/?p=5002").status, 404);
}

TEST_F(SiteTest, ProtectedItemsShowAFormUntilThePasswordIsSent) {
  AddComment("Ann", "A secret reply");
  ChangePost(post_id_, [](store::Post& p) { p.password = "open sesame"; });
  http::Response locked = Get(std::string(kPermalink));
  ASSERT_EQ(locked.status, 200);
  std::string html = Body(locked);
  EXPECT_TRUE(Contains(html, "Protected: Hello world"));
  EXPECT_TRUE(Contains(html,
                       "This content is password protected. To view it please enter your "
                       "password below:"));
  EXPECT_TRUE(Contains(html,
                       "<form action=\"/wp-login.php?action=postpass\" "
                       "class=\"post-password-form\" method=\"post\">"));
  EXPECT_TRUE(Contains(html, "name=\"post_password\""));
  EXPECT_FALSE(Contains(html, "<em>body</em>"));
  EXPECT_FALSE(Contains(html, "A secret reply"));
  EXPECT_FALSE(Contains(html, "commentform"));
  EXPECT_EQ(Header(locked, "Cache-Control"), "no-cache");  // the same for everyone: cached
  EXPECT_TRUE(Contains(Body(Get("/")), "There is no excerpt because this is a protected post."));
  EXPECT_FALSE(Contains(Body(Get("/")), "Some body"));

  http::Response sent =
      Send({.method = "POST",
            .target = "/wp-login.php?action=postpass",
            .headers = {{"content-type", "application/x-www-form-urlencoded"},
                        {"host", "site.test"},
                        {"referer", "http://site.test" + std::string(kPermalink)}},
            .body = "post_password=open+sesame"});
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(Header(sent, "Location"), kPermalink);
  std::string set_cookie = Header(sent, "Set-Cookie");
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_FALSE(Contains(cookie, "sesame"));

  http::Response open = Get(std::string(kPermalink), {{"cookie", cookie}});
  ASSERT_EQ(open.status, 200);
  EXPECT_TRUE(Contains(Body(open), "<em>body</em>"));
  EXPECT_TRUE(Contains(Body(open), "A secret reply"));
  EXPECT_TRUE(Contains(Body(open), "commentform"));
  EXPECT_TRUE(Contains(Header(open, "Cache-Control"), "no-store"));
  // The cached form page was not replaced by the open one.
  EXPECT_FALSE(Contains(Body(Get(std::string(kPermalink))), "<em>body</em>"));

  http::Response wrong = Get(std::string(kPermalink), {{"cookie", "wp-postpass_quire=nope"}});
  EXPECT_TRUE(Contains(Body(wrong), "name=\"post_password\""));
  EXPECT_FALSE(Contains(Body(wrong), "<em>body</em>"));

  // Comments need the password too.
  http::Response refused = PostComment(Form("Bob", "bob@example.com", "Let me in"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(Contains(Body(refused), "<em>body</em>"));
  http::Request with_cookie{.method = "POST",
                            .target = "/wp-comments-post.php",
                            .headers = {{"content-type", "application/x-www-form-urlencoded"},
                                        {"user-agent", "site-test"},
                                        {"cookie", cookie}},
                            .body = Form("Bob", "bob@example.com", "I know it")};
  EXPECT_EQ(Send(with_cookie).status, 303);
}

TEST_F(SiteTest, ImportedCommentsKeepTheirAllowedHtml) {
  store::Comment comment;
  comment.post_id = post_id_;
  comment.author = "WordPress";
  comment.content =
      "<strong>Bold</strong> and <a href=\"https://wordpress.org/\">a link</a>"
      "<script>alert(1)</script>\n\nSecond <em onclick=\"x()\">paragraph</em>";
  comment.created_at = kMay1st2024 + 60;
  comment.status = store::CommentStatus::kApproved;
  comment.html = true;
  Status written = store_->WriteSync([&](store::Transaction& tx) -> Status {
    Result<int64_t> id = tx.InsertComment(comment);
    if (!id) return std::unexpected(id.error());
    return tx.RecordChange("post:" + std::to_string(post_id_));
  });
  ASSERT_TRUE(written.has_value());
  AddComment("Typist", "<strong>not bold</strong>");
  std::string html = Body(Get(std::string(kPermalink)));
  EXPECT_TRUE(Contains(html, "<p><strong>Bold</strong> and <a href=\"https://wordpress.org/\""));
  EXPECT_TRUE(Contains(html, "<p>Second <em>paragraph</em></p>"));
  EXPECT_FALSE(Contains(html, "<script>alert(1)"));
  EXPECT_FALSE(Contains(html, "onclick"));
  EXPECT_TRUE(Contains(html, "&lt;strong&gt;not bold&lt;/strong&gt;"));
}

}  // namespace
}  // namespace quire::site
