// The discussion settings screen and the dashboard, with a hand-made Principal.
#include "admin/settings_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/dashboard.h"
#include "admin/screens_test_fixture.h"

namespace quire::admin {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SettingsScreenTest : public testing::ScreensTest {
 protected:
  // A form as the browser sends it for the current settings, with `changes` appended (a later
  // value does not override an earlier one in http::Form, so changed keys are left out first).
  std::string FormWith(const std::map<std::string, std::string>& changes,
                       const std::vector<std::string>& unchecked = {}) {
    auto stored = store_->LoadSettings();
    EXPECT_TRUE(stored);
    std::map<std::string, std::string> values = store::Settings::Load(*stored).ToMap();
    for (const auto& [key, value] : changes) values[key] = value;
    std::string body = "_wpnonce=csrf-token-123";
    for (const auto& [key, value] : values) {
      bool is_unchecked = std::find(unchecked.begin(), unchecked.end(), key) != unchecked.end();
      if (is_unchecked || key == "smtp_password") continue;
      if (value == "0" && IsCheckbox(key)) continue;  // an unchecked box is not sent
      body += "&" + util::UrlEncode(key) + "=" + util::UrlEncode(value);
    }
    if (changes.contains("smtp_password")) {
      body += "&smtp_password=" + util::UrlEncode(changes.at("smtp_password"));
    }
    return body;
  }

  static bool IsCheckbox(const std::string& key) {
    return key == "comment_registration" || key == "close_comments_for_old_posts" ||
           key == "comment_moderation" || key == "page_comments";
  }

  http::Response Save(const std::string& body,
                      Principal principal = Moderator(store::Role::kAdministrator)) {
    return Call([&](http::Respond respond) {
      screens_->settings().Save(Post("/admin/settings/discussion/", body), principal,
                                std::move(respond));
    });
  }

  http::Response Show(const std::string& target = "/admin/settings/discussion/") {
    return Call([&](http::Respond respond) {
      screens_->settings().Show(Get(target), Moderator(store::Role::kAdministrator),
                                std::move(respond));
    });
  }

  store::Settings Stored() {
    auto stored = store_->LoadSettings();
    EXPECT_TRUE(stored);
    return store::Settings::Load(stored ? *stored : std::map<std::string, std::string>());
  }
};

TEST_F(SettingsScreenTest, ShowsEveryGroupWithWordPressWordingAndNoPassword) {
  ASSERT_TRUE(store_->WriteSync(
      [](store::Transaction& tx) { return tx.SetSetting("smtp_password", "hunter2"); }));
  std::string html = Body(Show());
  EXPECT_THAT(html, HasSubstr("Comment author must fill out name and email"));
  EXPECT_THAT(html,
              HasSubstr("Hold a comment in the queue if it contains this many or more links"));
  EXPECT_THAT(html, HasSubstr("Disallowed Comment Keys"));
  EXPECT_THAT(html, HasSubstr("<h2>Spam defence</h2>"));
  EXPECT_THAT(html, HasSubstr("<h2>Email</h2>"));
  EXPECT_THAT(html, HasSubstr("<h2>Personal data</h2>"));
  EXPECT_THAT(
      html, HasSubstr("name=\"require_name_email\" id=\"require_name_email\" value=\"1\" checked"));
  EXPECT_THAT(html, HasSubstr("name=\"comment_max_links\" id=\"comment_max_links\" value=\"2\""));
  EXPECT_THAT(html, HasSubstr("(a password is set)"));
  EXPECT_THAT(html, Not(HasSubstr("hunter2")));
  EXPECT_THAT(html, HasSubstr("name=\"_wpnonce\" value=\"csrf-token-123\""));
}

TEST_F(SettingsScreenTest, SavesChangedKeysInOneWriteRecordingEverythingChanged) {
  auto before = store_->LatestChange();
  ASSERT_TRUE(before);
  http::Response response = Save(FormWith({{"comment_max_links", "5"},
                                           {"comment_moderation", "1"},
                                           {"moderation_keys", "casino\r\npills"},
                                           {"smtp_password", "s3cret"}},
                                          {"require_name_email"}));
  ASSERT_EQ(response.status, 303) << Body(response);
  EXPECT_EQ(Location(response), "/admin/settings/discussion/?updated=1");
  store::Settings stored = Stored();
  EXPECT_EQ(stored.comment_max_links, 5);
  EXPECT_TRUE(stored.comment_moderation);
  EXPECT_FALSE(stored.require_name_email);
  EXPECT_EQ(stored.moderation_keys, "casino\npills");
  EXPECT_EQ(stored.smtp_password, "s3cret");
  auto changes = store_->ChangesSince(*before);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->front().tag, "*");
  EXPECT_THAT(Body(Show(Location(response))), HasSubstr("Settings saved."));
}

TEST_F(SettingsScreenTest, ShowsAndSavesCommentPagingInWordPressWording) {
  std::string html = Body(Show());
  EXPECT_THAT(html, HasSubstr("Break comments into pages with</label> <input type=\"number\" "
                              "name=\"comments_per_page\" id=\"comments_per_page\" value=\"50\""));
  EXPECT_THAT(html, HasSubstr("> top level comments per page"));
  EXPECT_THAT(html, HasSubstr("<option value=\"newest\" selected>last</option>"
                              "<option value=\"oldest\">first</option></select> page displayed "
                              "by default"));
  EXPECT_THAT(html, HasSubstr("Comments should be displayed with the</label>"));
  EXPECT_THAT(html, HasSubstr("<option value=\"asc\" selected>older</option>"
                              "<option value=\"desc\">newer</option></select> comments at the "
                              "top of each page"));
  ASSERT_EQ(Save(FormWith({{"page_comments", "1"},
                           {"comments_per_page", "20"},
                           {"default_comments_page", "oldest"},
                           {"comment_order", "desc"}}))
                .status,
            303);
  store::Settings stored = Stored();
  EXPECT_TRUE(stored.page_comments);
  EXPECT_EQ(stored.comments_per_page, 20);
  EXPECT_EQ(stored.default_comments_page, "oldest");
  EXPECT_EQ(stored.comment_order, "desc");
  EXPECT_EQ(Save(FormWith({{"default_comments_page", "middle"}})).status, 400);
  EXPECT_EQ(Save(FormWith({{"comments_per_page", "1001"}})).status, 400);
}

TEST_F(SettingsScreenTest, PageCacheBudgetIsAPerformanceSetting) {
  std::string html = Body(Show());
  EXPECT_THAT(html, HasSubstr("Performance"));
  EXPECT_THAT(html, HasSubstr("name=\"page_cache_mb\" id=\"page_cache_mb\" value=\"256\""));
  ASSERT_EQ(Save(FormWith({{"page_cache_mb", "512"}})).status, 303);
  EXPECT_EQ(Stored().page_cache_mb, 512);
  EXPECT_EQ(Save(FormWith({{"page_cache_mb", "8"}})).status, 400);
  EXPECT_EQ(Stored().page_cache_mb, 512);
}

TEST_F(SettingsScreenTest, AnEmptyPasswordKeepsTheStoredOne) {
  ASSERT_TRUE(store_->WriteSync(
      [](store::Transaction& tx) { return tx.SetSetting("smtp_password", "hunter2"); }));
  ASSERT_EQ(Save(FormWith({{"smtp_host", "mail.example"}})).status, 303);
  EXPECT_EQ(Stored().smtp_password, "hunter2");
  EXPECT_EQ(Stored().smtp_host, "mail.example");
}

TEST_F(SettingsScreenTest, RefusesValuesThatDoNotSurviveNormalisationAndSavesNothing) {
  for (const auto& [key, value, message] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"thread_comments_depth", "11", "enter a whole number from 2 to 10"},
           {"comment_max_links", "lots", "enter a whole number from 0 to 1000"},
           {"smtp_security", "ssl3", "please choose one of the options"},
           {"admin_email", "nobody", "please enter a valid email address"}}) {
    auto before = store_->LatestChange();
    http::Response response = Save(FormWith({{key, value}, {"comment_moderation", "1"}}));
    EXPECT_EQ(response.status, 400) << key;
    EXPECT_THAT(Body(response), HasSubstr(message));
    EXPECT_THAT(Body(response), HasSubstr("Nothing was saved."));
    EXPECT_EQ(*store_->LatestChange(), *before) << key;
    EXPECT_FALSE(Stored().comment_moderation) << key;
  }
}

TEST_F(SettingsScreenTest, WithoutTheCsrfTokenIs403AndSavesNothing) {
  std::string body = FormWith({{"comment_moderation", "1"}});
  body.replace(body.find("csrf-token-123"), 14, "forged-token-1");
  EXPECT_EQ(Save(body).status, 403);
  EXPECT_FALSE(Stored().comment_moderation);
}

TEST_F(SettingsScreenTest, DashboardShowsPendingCountAndLatestComments) {
  AddComment(store::CommentStatus::kPending, "Held Harry");
  AddComment(store::CommentStatus::kPending, "Held Hana");
  AddComment(store::CommentStatus::kSpam, "Spammy Sam");
  http::Response response = Call([&](http::Respond respond) {
    screens_->dashboard().Show(Get("/admin/"), Moderator(), std::move(respond));
  });
  ASSERT_EQ(response.status, 200);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("<a href=\"/admin/comments/?comment_status=moderated\">2 comments "
                              "awaiting moderation</a>"));
  EXPECT_THAT(html, HasSubstr("Held Harry"));
  EXPECT_THAT(html, Not(HasSubstr("Spammy Sam")));
  EXPECT_THAT(html, HasSubstr("?action=approve"));
  // An editor is not offered the settings.
  EXPECT_THAT(html, Not(HasSubstr("/admin/settings/discussion/")));
}

TEST_F(SettingsScreenTest, DashboardForAnAuthorHasNoModeration) {
  AddComment(store::CommentStatus::kPending, "Held Harry");
  http::Response response = Call([&](http::Respond respond) {
    screens_->dashboard().Show(Get("/admin/"), Moderator(store::Role::kAuthor), std::move(respond));
  });
  std::string html = Body(response);
  EXPECT_THAT(html, Not(HasSubstr("Held Harry")));
  EXPECT_THAT(html, Not(HasSubstr("/admin/comments/")));
}

}  // namespace
}  // namespace quire::admin
