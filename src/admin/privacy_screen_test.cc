// The personal-data screen's handlers: export downloads the address's comments as JSON, erase
// and delete need the confirmation box and report how many comments changed, and nothing
// happens without the CSRF token.
#include "admin/privacy_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "admin/screens_test_fixture.h"

namespace quire::admin {
namespace {

using ::testing::HasSubstr;

class PrivacyScreenTest : public testing::ScreensTest {
 protected:
  http::Response Act(const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->privacy().Act(Post("/admin/privacy/", body), Moderator(store::Role::kAdministrator),
                              std::move(respond));
    });
  }
  static constexpr const char* kCsrf = "_wpnonce=csrf-token-123";
};

TEST_F(PrivacyScreenTest, ExportDownloadsTheCommentsAsJson) {
  int64_t id = AddComment(store::CommentStatus::kApproved, "Ann", "My words");
  http::Response response = Act(std::string(kCsrf) + "&email=ANN%40example.org&action=export");
  ASSERT_EQ(response.status, 200) << Body(response);
  EXPECT_THAT(*response.Find("Content-Type"), HasSubstr("application/json"));
  EXPECT_THAT(*response.Find("Content-Disposition"), HasSubstr("attachment"));
  EXPECT_THAT(*response.Find("Cache-Control"), HasSubstr("no-store"));
  nlohmann::json data = nlohmann::json::parse(Body(response));
  ASSERT_EQ(data["comments"].size(), 1u);
  EXPECT_EQ(data["comments"][0]["id"], id);
  EXPECT_EQ(data["comments"][0]["content"], "My words");
  EXPECT_EQ(data["comments"][0]["ip"], "198.51.100.4");
}

TEST_F(PrivacyScreenTest, EraseNeedsTheConfirmationThenAnonymises) {
  int64_t id = AddComment(store::CommentStatus::kApproved, "Ann", "Kept text");
  http::Response unconfirmed = Act(std::string(kCsrf) + "&email=ann%40example.org&action=erase");
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_THAT(Body(unconfirmed), HasSubstr("tick the box"));
  EXPECT_EQ(Find(id).author, "Ann");

  http::Response erased =
      Act(std::string(kCsrf) + "&email=ann%40example.org&action=erase&confirm=yes");
  ASSERT_EQ(erased.status, 303) << Body(erased);
  EXPECT_EQ(Location(erased), "/admin/privacy/?erased=1");
  store::Comment comment = Find(id);
  EXPECT_EQ(comment.author, "Anonymous");
  EXPECT_EQ(comment.email, "");
  EXPECT_EQ(comment.ip, "198.51.100.0");
  EXPECT_EQ(comment.content, "Kept text");
  http::Response shown = Call([&](http::Respond respond) {
    screens_->privacy().Show(Get(Location(erased)), Moderator(store::Role::kAdministrator),
                             std::move(respond));
  });
  EXPECT_THAT(Body(shown), HasSubstr("1 comment anonymised."));
}

TEST_F(PrivacyScreenTest, DeleteRemovesTheComments) {
  int64_t id = AddComment(store::CommentStatus::kApproved);
  http::Response deleted =
      Act(std::string(kCsrf) + "&email=ann%40example.org&action=delete&confirm=yes");
  ASSERT_EQ(deleted.status, 303) << Body(deleted);
  EXPECT_EQ(Location(deleted), "/admin/privacy/?deleted=1");
  auto found = store_->FindComment(id);
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST_F(PrivacyScreenTest, WithoutTheCsrfTokenNothingIsErased) {
  int64_t id = AddComment(store::CommentStatus::kApproved);
  http::Response response = Act("email=ann%40example.org&action=erase&confirm=yes");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(Find(id).author, "Ann");
}

TEST_F(PrivacyScreenTest, AnInvalidEmailIsRefused) {
  http::Response response = Act(std::string(kCsrf) + "&email=nobody&action=export");
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(Body(response), HasSubstr("valid email"));
}

}  // namespace
}  // namespace quire::admin
