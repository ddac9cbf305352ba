// Test helpers for the account code: a real SQLite store in a temporary folder, a settable
// clock, users, and a synchronous way to call an asynchronous route. Included by tests only.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "admin/passwords.h"
#include "admin/session_auth.h"
#include "http/router.h"
#include "store/accounts.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "util/clock.h"

namespace quire::admin::testing {

class FakeClock final : public util::Clock {
 public:
  int64_t Now() const override { return now_; }
  void Advance(int64_t seconds) { now_ += seconds; }

 private:
  int64_t now_ = 1'700'000'000;
};

class AccountsTest : public ::testing::Test {
 protected:
  AccountsTest() {
    store::SqliteOptions options;
    options.file = dir_.path() / "quire.db";
    auto opened = store::OpenSqlite(options);
    if (!opened) ADD_FAILURE() << opened.error().message;
    store_ = std::move(*opened);
    accounts_ = store::SqliteAccounts(*store_);
    auth_ = std::make_unique<SessionAuth>(*store_, *accounts_, clock_);
  }
  ~AccountsTest() override { store_->Close(); }

  // Adds a user with this login, email login@example.com and password.
  store::User AddUser(const std::string& login, const std::string& password,
                      store::Role role = store::Role::kEditor) {
    store::User user;
    user.login = login;
    user.email = login + "@example.com";
    user.display_name = login;
    user.role = role;
    user.password_hash = HashPassword(password).value_or("");
    user.created_at = clock_.Now();
    Status written = store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto id = tx.InsertUser(user);
      if (!id) return std::unexpected(id.error());
      user.id = *id;
      return {};
    });
    EXPECT_TRUE(written.has_value());
    return user;
  }

  // Stores a new session for the user; returns it with its token and cookie.
  NewSession LogIn(const store::User& user, bool remember = false,
                   const http::Request& request = {}) {
    NewSession created = auth_->Create(user, request, remember, 14);
    Status written = store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto id = accounts_->InsertSession(tx, created.session);
      if (!id) return std::unexpected(id.error());
      created.session.id = *id;
      return {};
    });
    EXPECT_TRUE(written.has_value());
    return created;
  }

  static http::Request WithCookie(const std::string& token, std::string method = "GET",
                                  std::string target = "/admin/profile/") {
    http::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.remote_ip = "192.0.2.1";
    request.headers.push_back({"cookie", "quire_session=" + token});
    return request;
  }

  store::testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::Accounts> accounts_;
  std::unique_ptr<SessionAuth> auth_;
};

// Dispatches and waits for the response (handlers may answer from the store's thread).
inline http::Response Call(const http::Router& router, const http::Request& request) {
  auto promise = std::make_shared<std::promise<http::Response>>();
  std::future<http::Response> future = promise->get_future();
  router.Dispatch(request,
                  [promise](http::Response response) { promise->set_value(std::move(response)); });
  return future.get();
}

inline std::string BodyOf(const http::Response& response) {
  return response.body ? *response.body : std::string();
}

}  // namespace quire::admin::testing
