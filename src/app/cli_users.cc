#include "app/cli_users.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "admin/passwords.h"
#include "app/cli_support.h"
#include "app/engine.h"
#include "comments/submission.h"
#include "store/accounts.h"
#include "store/sqlite/sqlite_accounts.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::app {
namespace {

constexpr size_t kMinPasswordLength = 8;

// The password from stdin's first line when stdin is not a terminal; empty: generate one.
std::string ReadPasswordFromStdin() {
  if (isatty(STDIN_FILENO)) return {};
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The password to set: read, or generated (then printed by the caller). Dies when too short.
std::string ChoosePassword(bool& generated) {
  std::string password = ReadPasswordFromStdin();
  generated = password.empty();
  if (generated) password = admin::GeneratePassword();
  if (password.size() < kMinPasswordLength) Die("the password must have at least 8 characters");
  return password;
}

store::User FindUserOrDie(Engine& engine, const std::string& login) {
  std::optional<store::User> user = Check(engine.store().FindUserByLogin(login));
  if (!user) Die("no user named '" + login + "'");
  return *user;
}

struct UserArgs {
  std::string data_dir{kDefaultDataDir};
  std::string name, email, role = "author", reassign;
};

CLI::App* WithData(CLI::App* cmd, UserArgs& args) {
  AddDataOption(*cmd, args.data_dir);
  return cmd;
}

void AddAdd(CLI::App& user) {
  auto args = std::make_shared<UserArgs>();
  auto* add =
      WithData(user.add_subcommand(
                   "add", "Add a user; the password is read from stdin, or generated and printed"),
               *args);
  add->add_option("NAME", args->name, "Login name")->required();
  add->add_option("--email", args->email, "Email address")->required();
  add->add_option("--role", args->role, "administrator, editor, author, contributor or subscriber")
      ->check(CLI::IsMember({"administrator", "editor", "author", "contributor", "subscriber"}))
      ->capture_default_str();
  add->callback([args] {
    store::User user;
    user.login = std::string(util::Trim(args->name));
    if (user.login.empty() || user.login.size() > 60) Die("NAME must be 1 to 60 characters");
    if (!comments::IsEmail(args->email)) Die("--email '" + args->email + "' is not a valid email");
    user.email = args->email;
    user.display_name = user.login;
    user.role = *store::ParseRole(args->role);
    bool generated = false;
    std::string password = ChoosePassword(generated);
    user.password_hash = Check(admin::HashPassword(password));
    auto engine = OpenEngine(args->data_dir);
    user.created_at = engine->clock().Now();
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      auto id = tx.InsertUser(user);
      if (!id) return std::unexpected(id.error());
      user.id = *id;
      return {};
    }));
    std::printf("Added user %s (%s) with id %lld.\n", user.login.c_str(),
                std::string(store::ToString(user.role)).c_str(), static_cast<long long>(user.id));
    if (generated) std::printf("Password: %s\n", password.c_str());
  });
}

void AddList(CLI::App& user) {
  auto args = std::make_shared<UserArgs>();
  auto* list = WithData(
      user.add_subcommand("list", "List users: ID<TAB>LOGIN<TAB>EMAIL<TAB>ROLE<TAB>CREATED"),
      *args);
  list->callback([args] {
    auto engine = OpenEngine(args->data_dir);
    auto accounts = store::SqliteAccounts(engine->store());
    for (const store::User& u : Check(accounts->ListUsers())) {
      std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(u.id), u.login.c_str(),
                  u.email.c_str(), std::string(store::ToString(u.role)).c_str(),
                  util::FormatIso8601(u.created_at).c_str());
    }
  });
}

void AddPasswd(CLI::App& user) {
  auto args = std::make_shared<UserArgs>();
  auto* passwd = WithData(
      user.add_subcommand("passwd",
                          "Set a user's password (from stdin, or generated and printed); ends "
                          "the user's sessions"),
      *args);
  passwd->add_option("NAME", args->name, "Login name")->required();
  passwd->callback([args] {
    bool generated = false;
    std::string password = ChoosePassword(generated);
    std::string hash = Check(admin::HashPassword(password));
    auto engine = OpenEngine(args->data_dir);
    store::User target = FindUserOrDie(*engine, args->name);
    auto accounts = store::SqliteAccounts(engine->store());
    int64_t ended = 0;
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      if (Status s = accounts->SetPasswordHash(tx, target.id, hash); !s) return s;
      auto deleted = accounts->DeleteUserSessions(tx, target.id, 0);
      if (!deleted) return std::unexpected(deleted.error());
      ended = *deleted;
      return {};
    }));
    std::printf("Changed the password of %s; ended %lld session(s).\n", target.login.c_str(),
                static_cast<long long>(ended));
    if (generated) std::printf("Password: %s\n", password.c_str());
  });
}

void AddRemove(CLI::App& user) {
  auto args = std::make_shared<UserArgs>();
  auto* remove = WithData(
      user.add_subcommand("remove", "Remove a user; their posts go to --reassign OTHER"), *args);
  remove->add_option("NAME", args->name, "Login name")->required();
  remove->add_option("--reassign", args->reassign, "Login name that takes over the posts");
  remove->callback([args] {
    auto engine = OpenEngine(args->data_dir);
    store::User target = FindUserOrDie(*engine, args->name);
    int64_t heir = 0;
    if (!args->reassign.empty()) {
      heir = FindUserOrDie(*engine, args->reassign).id;
      if (heir == target.id) Die("--reassign must name another user");
    }
    auto accounts = store::SqliteAccounts(engine->store());
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      if (target.role == store::Role::kAdministrator) {
        auto admins = accounts->CountUsersWithRole(tx, store::Role::kAdministrator);
        if (!admins) return std::unexpected(admins.error());
        if (*admins <= 1) {
          return Fail(ErrorKind::kConflict, "'" + target.login + "' is the last administrator");
        }
      }
      auto posts = accounts->CountPostsBy(tx, target.id);
      if (!posts) return std::unexpected(posts.error());
      if (*posts > 0 && heir == 0) {
        return Fail(ErrorKind::kConflict, "'" + target.login + "' wrote " + std::to_string(*posts) +
                                              " post(s); pass --reassign OTHER");
      }
      if (Status s = accounts->DeleteUser(tx, target.id, heir); !s) return s;
      return *posts > 0 ? tx.RecordChange("*") : Status{};
    }));
    std::printf("Removed user %s.\n", target.login.c_str());
  });
}

}  // namespace

void AddUserCommands(CLI::App& app) {
  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  AddAdd(*user);
  AddList(*user);
  AddPasswd(*user);
  AddRemove(*user);
}

}  // namespace quire::app
