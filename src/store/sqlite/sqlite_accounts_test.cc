#include "store/sqlite/sqlite_accounts.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

class SqliteAccountsTest : public ::testing::Test {
 protected:
  SqliteAccountsTest() {
    SqliteOptions options;
    options.file = dir_.path() / "quire.db";
    store_ = std::move(*OpenSqlite(options));
    accounts_ = SqliteAccounts(*store_);
  }
  ~SqliteAccountsTest() override { store_->Close(); }

  int64_t Add(const std::string& login, Role role) {
    User user;
    user.login = login;
    user.email = login + "@Example.com";
    user.role = role;
    int64_t id = 0;
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertUser(user);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(SqliteAccountsTest, UsersByRoleAndByEmail) {
  int64_t boss = Add("boss", Role::kAdministrator);
  Add("ed", Role::kEditor);
  EXPECT_EQ(accounts_->ListUsers()->size(), 2u);
  ASSERT_EQ(accounts_->ListUsersByRole(Role::kAdministrator)->size(), 1u);
  auto found = accounts_->FindUserByEmail("BOSS@example.COM");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, boss);
  EXPECT_FALSE(accounts_->FindUserByEmail("")->has_value());
}

TEST_F(SqliteAccountsTest, DeletingAUserReassignsPostsAndDropsSessions) {
  int64_t boss = Add("boss", Role::kAdministrator), temp = Add("temp", Role::kAuthor);
  int64_t post_id = 0;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    Post post;
    post.slug = "p";
    post.author_id = temp;
    post_id = *tx.InsertPost(post);
    Session session;
    session.user_id = temp;
    session.token_hash = "h1";
    session.expires_at = 100;
    if (auto id = accounts_->InsertSession(tx, session); !id) return std::unexpected(id.error());
    EXPECT_EQ(*accounts_->CountPostsBy(tx, temp), 1);
    EXPECT_EQ(*accounts_->CountUsersWithRole(tx, Role::kAdministrator), 1);
    return accounts_->DeleteUser(tx, temp, boss);
  }));
  EXPECT_EQ((*store_->FindPost(post_id))->author_id, boss);
  EXPECT_FALSE(accounts_->FindSessionByTokenHash("h1")->has_value());
  EXPECT_FALSE(store_->FindUser(temp)->has_value());
  Status missing =
      store_->WriteSync([&](Transaction& tx) { return accounts_->DeleteUser(tx, temp, 0); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace quire::store
