// Test helpers for the admin screens: a real SQLite store with a post, a Screens over it, a
// Principal built by hand (no login needed) and an Auth whose CSRF check compares the form's
// _wpnonce with the principal's token. Included by tests only.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "admin/auth.h"
#include "admin/screens.h"
#include "http/form.h"
#include "http/message.h"
#include "store/settings.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin::testing {

class FixedClock final : public util::Clock {
 public:
  int64_t Now() const override { return 1'700'000'000; }
};

// Authentication is not under test here: CheckCsrf compares tokens, Authenticate has no session.
class TokenAuth final : public Auth {
 public:
  Result<std::optional<Principal>> Authenticate(const http::Request&) override {
    return std::optional<Principal>();
  }
  bool CheckCsrf(const Principal& principal, const http::Form& form) const override {
    return !principal.csrf_token.empty() &&
           form.GetOr(kCsrfField) == std::string_view(principal.csrf_token);
  }
};

class ScreensTest : public ::testing::Test {
 protected:
  ScreensTest() {
    auto opened = store::OpenSqlite(store::SqliteOptions{.file = dir_.path() / "quire.db"});
    if (!opened) ADD_FAILURE() << opened.error().message;
    store_ = std::move(*opened);
    store::Settings settings;
    settings.comment_flood_seconds = 0;
    settings_.Set(settings);
    store::Post post;
    post.slug = "hello";
    post.title = "Hello <World>";
    post.published_at = post.modified_at = 1'600'000'000;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post_id_ = *id;
      return {};
    }));
    screens_ = std::make_unique<Screens>(
        ScreenDeps{.store = *store_,
                   .settings = settings_,
                   .clock = clock_,
                   .auth = auth_,
                   .on_moderated = [this](store::Transaction&, const store::Comment& before,
                                          store::CommentStatus after) -> Status {
                     hooked_.emplace_back(before.id, after);
                     return {};
                   },
                   .after_reply = {}});
  }
  ~ScreensTest() override {
    screens_.reset();
    store_->Close();
  }

  static Principal Moderator(store::Role role = store::Role::kEditor) {
    Principal principal;
    principal.user.id = 7;
    principal.user.login = "mo";
    principal.user.display_name = "Mo Derator";
    principal.user.email = "mo@example.com";
    principal.user.role = role;
    principal.session_id = 3;
    principal.csrf_token = "csrf-token-123";
    return principal;
  }

  int64_t AddComment(store::CommentStatus status, std::string author = "Ann",
                     std::string content = "Hello there", int64_t parent_id = 0,
                     int64_t created_at = 1'650'000'000) {
    store::Comment comment;
    comment.post_id = post_id_;
    comment.parent_id = parent_id;
    comment.author = std::move(author);
    comment.email = "ann@example.org";
    comment.url = "https://ann.example";
    comment.ip = "198.51.100.4";
    comment.content = std::move(content);
    comment.created_at = created_at;
    comment.status = status;
    comment.reason = "held: 2 links (hold at 2)";
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto inserted = tx.InsertComment(comment);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  store::Comment Find(int64_t id) {
    auto found = store_->FindComment(id);
    EXPECT_TRUE(found && *found) << "comment " << id;
    return found && *found ? **found : store::Comment{};
  }

  static http::Request Get(std::string target) {
    http::Request request;
    request.method = "GET";
    request.target = std::move(target);
    request.remote_ip = "127.0.0.1";
    return request;
  }

  static http::Request Post(std::string target, std::string body) {
    http::Request request;
    request.method = "POST";
    request.target = std::move(target);
    request.body = std::move(body);
    request.remote_ip = "127.0.0.1";
    request.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
    return request;
  }

  // Calls an asynchronous handler and waits for its response.
  template <typename Fn>
  static http::Response Call(Fn&& fn) {
    auto promise = std::make_shared<std::promise<http::Response>>();
    std::future<http::Response> future = promise->get_future();
    fn([promise](http::Response response) { promise->set_value(std::move(response)); });
    return future.get();
  }

  static std::string Body(const http::Response& response) {
    return response.body ? *response.body : std::string();
  }

  static std::string Location(const http::Response& response) {
    return std::string(response.Find("Location").value_or(""));
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::SettingsHolder settings_;
  FixedClock clock_;
  TokenAuth auth_;
  int64_t post_id_ = 0;
  std::vector<std::pair<int64_t, store::CommentStatus>> hooked_;
  std::unique_ptr<Screens> screens_;
};

}  // namespace quire::admin::testing
