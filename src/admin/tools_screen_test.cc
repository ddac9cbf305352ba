// The import and export screens without HTTP: the upload's body limit, the kept files (their
// tokens, owners, modes and expiry), the dry run that changes nothing, the confirmation that
// imports the same file once, a malformed file's line and column, the CSRF check, the export
// download, and the navigation each role sees.
#include "admin/tools_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include "admin/admin_layout.h"
#include "admin/screens_test_fixture.h"
#include "site/theme.h"

namespace quire::admin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kWxr = R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title>
<link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[wpwriter]]></wp:author_login><wp:author_email><![CDATA[w@old.example]]></wp:author_email><wp:author_display_name><![CDATA[W. Riter]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[travel]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Travel]]></wp:cat_name></wp:category>
<item>
<title>Imported Voyage</title>
<link>https://old.example/2019/03/04/imported-voyage/</link>
<dc:creator><![CDATA[wpwriter]]></dc:creator>
<guid isPermaLink="false">https://old.example/?p=500</guid>
<content:encoded><![CDATA[<p>By sea.</p>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>500</wp:post_id>
<wp:post_date><![CDATA[2019-03-04 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2019-03-04 10:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_name><![CDATA[imported-voyage]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type><![CDATA[post]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="travel"><![CDATA[Travel]]></category>
<wp:comment>
<wp:comment_id>900</wp:comment_id>
<wp:comment_author><![CDATA[Reader]]></wp:comment_author>
<wp:comment_author_email><![CDATA[reader@example.org]]></wp:comment_author_email>
<wp:comment_author_url></wp:comment_author_url>
<wp:comment_author_IP><![CDATA[203.0.113.9]]></wp:comment_author_IP>
<wp:comment_date><![CDATA[2019-03-05 08:00:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2019-03-05 08:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Bon voyage]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
</item>
</channel>
</rss>
)";

// Cut inside the item: the reader reports where the document stops making sense.
constexpr std::string_view kMalformed = R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
<item>
<title>Broken</wrong>
</item>
</channel>
</rss>
)";

constexpr std::string_view kBoundary = "----tools-test-boundary";

std::string Multipart(std::string_view csrf, std::string_view file_name, std::string_view content,
                      std::string_view authors = "create") {
  std::string body;
  auto field = [&](std::string_view name, std::string_view value) {
    body += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
            std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
  };
  if (!csrf.empty()) field("_wpnonce", csrf);
  field("authors", authors);
  body += "--" + std::string(kBoundary) +
          "\r\nContent-Disposition: form-data; name=\"import\"; filename=\"" +
          std::string(file_name) + "\"\r\nContent-Type: text/xml\r\n\r\n" + std::string(content) +
          "\r\n--" + std::string(kBoundary) + "--\r\n";
  return body;
}

std::string TokenIn(const std::string& html) {
  std::smatch match;
  if (!std::regex_search(html, match, std::regex(R"(name="token" value="([A-Za-z0-9_-]+)\")")))
    return "";
  return match[1];
}

TEST(ImportBodyLimit, OnlyTheImportUploadGetsTheLargerLimit) {
  std::optional<http::BodyLimit> limit = ImportBodyLimit("POST", "/admin/import/");
  ASSERT_TRUE(limit);
  EXPECT_GT(limit->bytes, kMaxImportMb * 1024 * 1024);
  EXPECT_THAT(limit->message, HasSubstr("128 MB"));
  EXPECT_TRUE(ImportBodyLimit("POST", "/admin/import/?step=1"));
  EXPECT_FALSE(ImportBodyLimit("GET", "/admin/import/"));
  EXPECT_FALSE(ImportBodyLimit("POST", "/admin/import/confirm/"));
  EXPECT_FALSE(ImportBodyLimit("POST", "/admin/media/"));
}

class PendingImportsTest : public ::testing::Test {
 protected:
  store::testing::TempDir dir_;
  PendingImports pending_{dir_.path() / "import-pending"};
};

TEST_F(PendingImportsTest, KeepsPrivateFilesFoundOnlyByTheirOwnerAndToken) {
  std::string token = pending_.Keep(7, "<rss/>").value();
  EXPECT_EQ(token.size(), 43u);
  std::optional<fs::path> path = pending_.Find(7, token);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->parent_path(), pending_.dir());
  std::ifstream in(*path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "<rss/>");
  struct stat file_stat {};
  ASSERT_EQ(::stat(path->c_str(), &file_stat), 0);
  EXPECT_EQ(file_stat.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(pending_.dir().c_str(), &file_stat), 0);
  EXPECT_EQ(file_stat.st_mode & 0777, 0700u);

  EXPECT_FALSE(pending_.Find(8, token)) << "another user's upload";
  EXPECT_FALSE(pending_.Find(7, token.substr(1)));
  EXPECT_FALSE(pending_.Find(7, "../../../../etc/passwd"));
  EXPECT_FALSE(pending_.Find(7, std::string(41, 'a') + "/."));
  EXPECT_FALSE(pending_.Find(0, token));

  pending_.Remove(7, token);
  EXPECT_FALSE(pending_.Find(7, token));
}

TEST_F(PendingImportsTest, SweepDeletesOnlyFilesOlderThanTheirHour) {
  std::string old_token = pending_.Keep(7, "old").value();
  std::string new_token = pending_.Keep(7, "new").value();
  fs::path old_path = *pending_.Find(7, old_token);
  fs::last_write_time(old_path, fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(pending_.Sweep(), 1);
  EXPECT_FALSE(pending_.Find(7, old_token));
  EXPECT_TRUE(pending_.Find(7, new_token));
}

TEST_F(PendingImportsTest, SweepWithoutTheFolderDoesNothing) {
  EXPECT_EQ(pending_.Sweep(), 0);
}

class ToolsScreenTest : public testing::ScreensTest {
 protected:
  ToolsScreenTest() {
    deps_ = std::make_unique<ScreenDeps>(ScreenDeps{.store = *store_,
                                                    .settings = settings_,
                                                    .clock = clock_,
                                                    .auth = auth_,
                                                    .on_moderated = {},
                                                    .after_reply = {},
                                                    .data_dir = dir_.path()});
    theme_ = std::make_unique<site::Theme>("");
    layout_ = std::make_unique<AdminLayout>(*theme_, *deps_);
    tools_ = std::make_unique<ToolsScreen>(*deps_, *layout_);
  }
  ~ToolsScreenTest() override { tools_.reset(); }

  static Principal Admin() { return Moderator(store::Role::kAdministrator); }

  http::Response Upload(const std::string& body) {
    http::Request request = Post("/admin/import/", body);
    request.headers.clear();
    request.headers.push_back(
        {"content-type", "multipart/form-data; boundary=" + std::string(kBoundary)});
    // The handler keeps a view into the body until it answers.
    return Call(
        [&](http::Respond respond) { tools_->Upload(request, Admin(), std::move(respond)); });
  }

  http::Response Confirm(const std::string& token, std::string_view csrf = "csrf-token-123") {
    return Call([&](http::Respond respond) {
      tools_->Confirm(Post("/admin/import/confirm/", "_wpnonce=" + std::string(csrf) + "&token=" +
                                                         token + "&name=old.xml&authors=create"),
                      Admin(), std::move(respond));
    });
  }

  std::optional<store::Post> Imported() {
    auto post = store_->FindPostBySlug("imported-voyage");
    EXPECT_TRUE(post);
    return post ? *post : std::nullopt;
  }

  int KeptFiles() {
    std::error_code ec;
    int n = 0;
    for (fs::directory_iterator it(tools_->pending().dir(), ec), end; !ec && it != end; ++it) ++n;
    return n;
  }

  std::unique_ptr<ScreenDeps> deps_;
  std::unique_ptr<site::Theme> theme_;
  std::unique_ptr<AdminLayout> layout_;
  std::unique_ptr<ToolsScreen> tools_;
};

TEST_F(ToolsScreenTest, DryRunReportsAndChangesNothingThenConfirmImportsTheSameFile) {
  http::Response dry = Upload(Multipart("csrf-token-123", "/home/me/exports/old.xml", kWxr));
  ASSERT_EQ(dry.status, 200) << Body(dry);
  const std::string report = Body(dry);
  EXPECT_THAT(report, HasSubstr("What importing old.xml would do"));
  EXPECT_THAT(
      report,
      HasSubstr(
          R"(<tr data-kind="posts"><th scope="row">posts</th><td class="created">1</td><td class="matched">0</td>)"));
  EXPECT_THAT(
      report,
      HasSubstr(
          R"(data-kind="comments approved"><th scope="row">comments approved</th><td class="created">1</td>)"));
  EXPECT_THAT(
      report,
      HasSubstr(R"(data-kind="authors"><th scope="row">authors</th><td class="created">1</td>)"));
  // The fixture's site has an item already, so the file's structure is named, not adopted.
  EXPECT_THAT(report, HasSubstr("old.xml: the file&apos;s posts use the permalink structure "
                                "/%year%/%monthnum%/%day%/%postname%/"));
  EXPECT_THAT(report, Not(HasSubstr("permalink-structure")));
  EXPECT_THAT(report, HasSubstr("id=\"import-confirm\""));
  EXPECT_FALSE(Imported()) << "a dry run imports nothing";
  EXPECT_EQ(KeptFiles(), 1);

  const std::string token = TokenIn(report);
  ASSERT_EQ(token.size(), 43u) << report;
  http::Response without_csrf = Confirm(token, "wrong");
  EXPECT_EQ(without_csrf.status, 403);
  EXPECT_FALSE(Imported());

  http::Response done = Confirm(token);
  ASSERT_EQ(done.status, 200) << Body(done);
  EXPECT_THAT(Body(done), HasSubstr("What was imported from old.xml"));
  EXPECT_THAT(Body(done), Not(HasSubstr("id=\"import-confirm\"")));
  std::optional<store::Post> post = Imported();
  ASSERT_TRUE(post);
  EXPECT_EQ(post->title, "Imported Voyage");
  EXPECT_EQ(post->id, 500);
  EXPECT_EQ(KeptFiles(), 0) << "the kept file is deleted once imported";

  http::Response again = Confirm(token);
  EXPECT_EQ(again.status, 404);
  EXPECT_THAT(Body(again), HasSubstr("expired or was already imported"));
}

TEST_F(ToolsScreenTest, ReuploadingTheImportedFileMatchesEverything) {
  http::Response first = Upload(Multipart("csrf-token-123", "old.xml", kWxr));
  ASSERT_EQ(Confirm(TokenIn(Body(first))).status, 200);
  http::Response second = Upload(Multipart("csrf-token-123", "old.xml", kWxr));
  ASSERT_EQ(second.status, 200) << Body(second);
  EXPECT_THAT(
      Body(second),
      HasSubstr(
          R"(<tr data-kind="posts"><th scope="row">posts</th><td class="created">0</td><td class="matched">1</td>)"));
}

TEST_F(ToolsScreenTest, MalformedFileShowsLineAndColumnAndKeepsNothing) {
  http::Response response = Upload(Multipart("csrf-token-123", "broken.xml", kMalformed));
  EXPECT_EQ(response.status, 400) << Body(response);
  EXPECT_THAT(Body(response), HasSubstr("broken.xml:6:"));
  EXPECT_THAT(Body(response), HasSubstr("Nothing was imported."));
  EXPECT_THAT(Body(response), Not(HasSubstr("import-pending"))) << "the server's path stays hidden";
  EXPECT_THAT(Body(response), HasSubstr("id=\"import-upload\""));
  EXPECT_EQ(KeptFiles(), 0);
}

TEST_F(ToolsScreenTest, UploadWithoutCsrfOrFileIsRefused) {
  http::Response no_csrf = Upload(Multipart("", "old.xml", kWxr));
  EXPECT_EQ(no_csrf.status, 403);
  http::Response no_file = Upload(Multipart("csrf-token-123", "old.xml", ""));
  EXPECT_EQ(no_file.status, 400);
  EXPECT_THAT(Body(no_file), HasSubstr("Please choose a WXR file"));
  http::Response not_multipart = Call([&](http::Respond respond) {
    tools_->Upload(Post("/admin/import/", "_wpnonce=csrf-token-123"), Admin(), std::move(respond));
  });
  EXPECT_EQ(not_multipart.status, 400);
  EXPECT_EQ(KeptFiles(), 0);
  EXPECT_FALSE(Imported());
}

TEST_F(ToolsScreenTest, ExportDownloadsTheSiteAsAnUncachedAttachment) {
  http::Response page = Call([&](http::Respond respond) {
    tools_->ExportForm(Get("/admin/export/"), Admin(), std::move(respond));
  });
  EXPECT_THAT(Body(page), HasSubstr("email addresses, IP addresses"));
  http::Response refused = Call([&](http::Respond respond) {
    tools_->Export(Post("/admin/export/", "_wpnonce=nope"), Admin(), std::move(respond));
  });
  EXPECT_EQ(refused.status, 403);
  http::Response response = Call([&](http::Respond respond) {
    tools_->Export(Post("/admin/export/", "_wpnonce=csrf-token-123"), Admin(), std::move(respond));
  });
  ASSERT_EQ(response.status, 200) << Body(response);
  EXPECT_THAT(std::string(*response.Find("Content-Type")), HasSubstr("xml"));
  EXPECT_THAT(std::string(*response.Find("Content-Disposition")),
              HasSubstr("attachment; filename=\""));
  EXPECT_THAT(std::string(*response.Find("Content-Disposition")),
              HasSubstr(".WordPress.2023-11-14.xml"));
  EXPECT_THAT(std::string(*response.Find("Cache-Control")), HasSubstr("no-store"));
  EXPECT_THAT(Body(response), HasSubstr("<wp:wxr_version>1.2</wp:wxr_version>"));
  EXPECT_THAT(Body(response), HasSubstr("<title><![CDATA[Hello <World>]]></title>"));
}

TEST_F(ToolsScreenTest, NavigationShowsEachEntryOnlyToWhoMayUseIt) {
  auto nav_of = [&](store::Role role) {
    return Body(layout_->Respond(Moderator(role), AdminPage{.title = "T"}));
  };
  const std::string admin = nav_of(store::Role::kAdministrator);
  for (const char* url : {"/admin/posts/", "/admin/pages/", "/admin/categories/", "/admin/tags/",
                          "/admin/media/", "/admin/import/", "/admin/export/"}) {
    EXPECT_THAT(admin, HasSubstr(std::string("href=\"") + url + "\"")) << url;
  }
  const std::string editor = nav_of(store::Role::kEditor);
  EXPECT_THAT(editor, HasSubstr("href=\"/admin/pages/\""));
  EXPECT_THAT(editor, HasSubstr("href=\"/admin/tags/\""));
  EXPECT_THAT(editor, Not(HasSubstr("href=\"/admin/import/\"")));
  EXPECT_THAT(editor, Not(HasSubstr("href=\"/admin/export/\"")));
  const std::string author = nav_of(store::Role::kAuthor);
  EXPECT_THAT(author, HasSubstr("href=\"/admin/media/\""));
  EXPECT_THAT(author, Not(HasSubstr("href=\"/admin/pages/\"")));
  EXPECT_THAT(author, Not(HasSubstr("href=\"/admin/categories/\"")));
  const std::string current =
      Body(layout_->Respond(Moderator(store::Role::kAdministrator),
                            AdminPage{.title = "T", .section = Section::kImport}));
  EXPECT_THAT(current, HasSubstr("href=\"/admin/import/\" aria-current=\"page\""));
}

}  // namespace
}  // namespace quire::admin
