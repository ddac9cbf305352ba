#include "store/settings.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace quire::store {
namespace {

TEST(SettingsTest, EmptyMapGivesDefaults) {
  Settings loaded = Settings::Load({});
  Settings defaults;
  EXPECT_EQ(loaded.ToMap(), defaults.ToMap());
  EXPECT_EQ(loaded.title, "My Quire Site");
  EXPECT_EQ(loaded.thread_comments_depth, 5);
  EXPECT_TRUE(loaded.require_name_email);
}

TEST(SettingsTest, ToMapUsesTheDocumentedKeysAndBooleanDigits) {
  Settings settings;
  settings.comment_moderation = true;
  settings.show_avatars = false;
  std::map<std::string, std::string> map = settings.ToMap();
  EXPECT_EQ(map.at("blogname"), "My Quire Site");
  EXPECT_EQ(map.at("blogdescription"), "Just another Quire site");
  EXPECT_EQ(map.at("home"), "");
  EXPECT_EQ(map.at("permalink_structure"), "/%year%/%monthnum%/%day%/%postname%/");
  EXPECT_EQ(map.at("posts_per_page"), "10");
  EXPECT_EQ(map.at("comment_moderation"), "1");
  EXPECT_EQ(map.at("show_avatars"), "0");
  EXPECT_EQ(map.at("thread_comments_depth"), "5");
  EXPECT_EQ(map.at("comment_flood_seconds"), "15");
  EXPECT_EQ(map.at("posts_per_rss"), "10");
  EXPECT_EQ(map.at("show_on_front"), "posts");
  EXPECT_EQ(map.size(), 64u);  // every field of Settings
}

TEST(SettingsTest, RoundTripsEveryField) {
  Settings s;
  s.title = "T";
  s.tagline = "G";
  s.home_url = "https://example.com";
  s.permalink_structure = "/%postname%/";
  s.posts_per_page = 20;
  s.theme_dir = "/themes/mine";
  s.secret = "0123abcd";
  s.require_name_email = false;
  s.comment_registration = true;
  s.close_comments_for_old_posts = true;
  s.close_comments_days_old = 30;
  s.show_comments_cookies_opt_in = false;
  s.thread_comments = false;
  s.thread_comments_depth = 3;
  s.comment_moderation = true;
  s.comment_previously_approved = false;
  s.comment_max_links = 0;
  s.moderation_keys = "viagra\ncasino";
  s.disallowed_keys = "spam";
  s.show_avatars = false;
  s.comment_flood_seconds = 0;
  s.page_comments = true;
  s.comments_per_page = 7;
  s.default_comments_page = "oldest";
  s.comment_order = "desc";
  s.page_cache_mb = 1024;
  s.timezone_string = "Europe/Berlin";
  s.gmt_offset = -3.5;
  EXPECT_EQ(Settings::Load(s.ToMap()).ToMap(), s.ToMap());
}

TEST(SettingsTest, PageCacheBudgetIsClampedToItsRange) {
  EXPECT_EQ(Settings::Load({}).page_cache_mb, 256);
  EXPECT_EQ(Settings::Load({{"page_cache_mb", "512"}}).page_cache_mb, 512);
  EXPECT_EQ(Settings::Load({{"page_cache_mb", "1"}}).page_cache_mb, 16);
  EXPECT_EQ(Settings::Load({{"page_cache_mb", "99999999"}}).page_cache_mb, 65536);
  EXPECT_EQ(Settings::Load({{"page_cache_mb", "lots"}}).page_cache_mb, 256);
}

TEST(SettingsTest, CommentPagingChoicesNormaliseToTheirDefaults) {
  Settings defaults = Settings::Load({});
  EXPECT_FALSE(defaults.page_comments);
  EXPECT_EQ(defaults.comments_per_page, 50);
  EXPECT_EQ(defaults.default_comments_page, "newest");
  EXPECT_EQ(defaults.comment_order, "asc");
  Settings odd = Settings::Load({{"default_comments_page", "middle"},
                                 {"comment_order", "random"},
                                 {"comments_per_page", "0"}});
  EXPECT_EQ(odd.default_comments_page, "newest");
  EXPECT_EQ(odd.comment_order, "asc");
  EXPECT_EQ(odd.comments_per_page, 1);
}

TEST(SettingsTest, ClampsNumbersToTheirRanges) {
  Settings low = Settings::Load(
      {{"thread_comments_depth", "1"}, {"posts_per_page", "0"}, {"comment_flood_seconds", "-5"}});
  EXPECT_EQ(low.thread_comments_depth, 2);
  EXPECT_EQ(low.posts_per_page, 1);
  EXPECT_EQ(low.comment_flood_seconds, 0);
  Settings high = Settings::Load({{"thread_comments_depth", "50"},
                                  {"posts_per_page", "99999999999999"},
                                  {"comment_max_links", "5000"}});
  EXPECT_EQ(high.thread_comments_depth, 10);
  EXPECT_EQ(high.posts_per_page, 100);
  EXPECT_EQ(high.comment_max_links, 1000);
}

TEST(SettingsTest, UnparsableValuesKeepTheDefault) {
  Settings loaded = Settings::Load(
      {{"thread_comments_depth", "deep"}, {"posts_per_page", "12abc"}, {"show_avatars", "maybe"}});
  EXPECT_EQ(loaded.thread_comments_depth, 5);
  EXPECT_EQ(loaded.posts_per_page, 10);
  EXPECT_TRUE(loaded.show_avatars);
}

TEST(SettingsTest, ReadsWordPressStyleBooleans) {
  Settings loaded = Settings::Load({{"require_name_email", ""},
                                    {"comment_registration", "1"},
                                    {"thread_comments", "false"},
                                    {"comment_moderation", "yes"},
                                    {"show_avatars", "0"}});
  EXPECT_FALSE(loaded.require_name_email);
  EXPECT_TRUE(loaded.comment_registration);
  EXPECT_FALSE(loaded.thread_comments);
  EXPECT_TRUE(loaded.comment_moderation);
  EXPECT_FALSE(loaded.show_avatars);
}

TEST(SettingsTest, UnknownKeysAreIgnored) {
  Settings loaded = Settings::Load({{"not_a_setting", "x"}, {"blogname", " Spaced "}});
  EXPECT_EQ(loaded.title, " Spaced ");  // text is kept as stored
  EXPECT_EQ(loaded.ToMap().count("not_a_setting"), 0u);
}

TEST(SettingsTest, TimeZoneDefaultsToUtcAndReadsWordPressOffsets) {
  Settings defaults = Settings::Load({});
  EXPECT_EQ(defaults.timezone_string, "");
  EXPECT_EQ(defaults.gmt_offset, 0);
  EXPECT_EQ(defaults.ToMap().at("gmt_offset"), "0");
  Settings india = Settings::Load({{"gmt_offset", "5.5"}, {"timezone_string", "Asia/Kolkata"}});
  EXPECT_EQ(india.gmt_offset, 5.5);
  EXPECT_EQ(india.timezone_string, "Asia/Kolkata");
  EXPECT_EQ(india.ToMap().at("gmt_offset"), "5.5");
  EXPECT_EQ(Settings::Load({{"gmt_offset", "-7"}}).ToMap().at("gmt_offset"), "-7");
  EXPECT_EQ(Settings::Load({{"gmt_offset", "99"}}).gmt_offset, 14);
  EXPECT_EQ(Settings::Load({{"gmt_offset", "-13"}}).gmt_offset, -12);
  EXPECT_EQ(Settings::Load({{"gmt_offset", "five"}}).gmt_offset, 0);
  EXPECT_EQ(Settings::Load({{"gmt_offset", "nan"}}).gmt_offset, 0);
  EXPECT_EQ(Settings::Load({{"timezone_string", "Europe/Berlin; DROP"}}).timezone_string, "");
  EXPECT_EQ(Settings::Load({{"timezone_string", "Etc/GMT+5"}}).timezone_string, "Etc/GMT+5");
}

TEST(SettingsHolderTest, SwapsWholeSettings) {
  SettingsHolder holder;
  std::shared_ptr<const Settings> before = holder.Get();
  Settings next;
  next.title = "Next";
  holder.Set(next);
  EXPECT_EQ(holder.Get()->title, "Next");
  EXPECT_EQ(before->title, "My Quire Site");  // readers keep the copy they took
}

TEST(ValidateSettingTest, PermalinkStructuresNeedKnownTagsAndThePost) {
  for (std::string_view good : {"/%year%/%monthnum%/%day%/%postname%/", "/%postname%/",
                                "/archives/%post_id%", "/%year%/%postname%-%post_id%.html"}) {
    EXPECT_TRUE(ValidateSetting("permalink_structure", good)) << good;
  }
  Status unknown = ValidateSetting("permalink_structure", "/%foo%/");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(unknown.error().message.find("%foo% is not a permalink tag"), std::string::npos)
      << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("%postname%"), std::string::npos);
  for (std::string_view bad :
       {"", "%postname%/", "/%year%/", "/%postname", "/%category%/%postname%/", "/a b/%postname%/",
        "/%postname%/?x", "/%postname%/#top"}) {
    EXPECT_FALSE(ValidateSetting("permalink_structure", bad)) << bad;
  }
  EXPECT_FALSE(ValidateSetting("permalink_structure",
                               "/" + std::string(kMaxPermalinkStructure, 'a') + "/%postname%/"));
}

// Found by fuzzing: "/%postname%4%post_id%.html" gave post 4242 with slug "hl" the link
// "/hl44242.html", which reads as slug "hl442" and post 2.
TEST(ValidateSettingTest, PostnameAndPostIdNeedMoreThanDigitsBetweenThem) {
  for (std::string_view bad : {"/%postname%4%post_id%.html", "/%post_id%12%postname%/",
                               "/%postname%1%monthnum%%post_id%/"}) {
    Status status = ValidateSetting("permalink_structure", bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_NE(status.error().message.find("text other than digits between them"), std::string::npos)
        << status.error().message;
  }
  for (std::string_view good : {"/%postname%-4%post_id%.html", "/%post_id%2/%postname%/",
                                "/%postname%-%monthnum%%post_id%/", "/%post_id%2"}) {
    EXPECT_TRUE(ValidateSetting("permalink_structure", good)) << good;
  }
}

TEST(ValidateSettingTest, NumbersBooleansChoicesAndEmails) {
  EXPECT_TRUE(ValidateSetting("thread_comments_depth", "10"));
  Status deep = ValidateSetting("thread_comments_depth", "11");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "enter a whole number from 2 to 10");
  EXPECT_FALSE(ValidateSetting("posts_per_page", "ten"));
  EXPECT_TRUE(ValidateSetting("show_avatars", "yes"));
  EXPECT_FALSE(ValidateSetting("show_avatars", "maybe"));
  EXPECT_TRUE(ValidateSetting("smtp_security", "tls"));
  EXPECT_FALSE(ValidateSetting("smtp_security", "ssl3"));
  EXPECT_TRUE(ValidateSetting("admin_email", "admin@example.org"));
  EXPECT_TRUE(ValidateSetting("admin_email", ""));  // none: notices go nowhere
  Status email = ValidateSetting("admin_email", "nobody");
  ASSERT_FALSE(email);
  EXPECT_EQ(email.error().message, "please enter a valid email address");
  EXPECT_FALSE(ValidateSetting("mail_from", "a@b"));
  EXPECT_TRUE(ValidateSetting("gmt_offset", "5.5"));
  EXPECT_FALSE(ValidateSetting("gmt_offset", "15"));
  EXPECT_FALSE(ValidateSetting("gmt_offset", "five"));
  EXPECT_TRUE(ValidateSetting("timezone_string", "America/Argentina/Buenos_Aires"));
  EXPECT_FALSE(ValidateSetting("timezone_string", "Europe/Berlin; rm"));
  EXPECT_TRUE(ValidateSetting("blogname", "Anything at all"));
  EXPECT_FALSE(ValidateSetting("blogname", "\xff"));
  Status unknown = ValidateSetting("no_such_key", "1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST(ValidateSettingTest, EveryDefaultIsValid) {
  Settings defaults;
  defaults.secret = "abc";
  for (const auto& [key, value] : defaults.ToMap()) {
    EXPECT_TRUE(ValidateSetting(key, value)) << key << "=" << value;
  }
}

}  // namespace
}  // namespace quire::store
