#include "store/sqlite/sqlite_accounts.h"

#include <string>
#include <utility>

#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Done;
using sqlite::Execute;
using sqlite::Query;
using sqlite::ReadInt;
using sqlite::ReadUser;
using sqlite::SelectAll;
using sqlite::SelectCount;
using sqlite::SelectFirst;

// ---- rows ----

Result<Session> ReadSession(const Query& q) {
  Session s;
  s.id = q.Int(0);
  s.user_id = q.Int(1);
  s.token_hash = q.Text(2);
  s.csrf_token = q.Text(3);
  s.persistent = q.Int(4) != 0;
  s.created_at = q.Int(5);
  s.last_seen_at = q.Int(6);
  s.expires_at = q.Int(7);
  s.ip = q.Text(8);
  s.user_agent = q.Text(9);
  return s;
}

Result<ResetToken> ReadResetToken(const Query& q) {
  ResetToken token;
  token.id = q.Int(0);
  token.user_id = q.Int(1);
  token.token_hash = q.Text(2);
  token.created_at = q.Int(3);
  token.expires_at = q.Int(4);
  if (!q.IsNull(5)) token.used_at = q.Int(5);
  return token;
}

std::string_view ScopeName(FailureScope scope) {
  return scope == FailureScope::kLogin ? "login" : "address";
}

constexpr std::string_view kListUsers =
    "SELECT id, login, email, display_name, role, password_hash, created_at FROM users "
    "ORDER BY id";
constexpr std::string_view kListUsersByRole =
    "SELECT id, login, email, display_name, role, password_hash, created_at FROM users "
    "WHERE role = ? ORDER BY id";
constexpr std::string_view kFindUserByEmail =
    "SELECT id, login, email, display_name, role, password_hash, created_at FROM users "
    "WHERE email = ? COLLATE NOCASE AND email != '' ORDER BY id LIMIT 1";
constexpr std::string_view kFindSession =
    "SELECT id, user_id, token_hash, csrf_token, persistent, created_at, last_seen_at, "
    "expires_at, ip, user_agent FROM sessions WHERE token_hash = ?";
constexpr std::string_view kListSessions =
    "SELECT id, user_id, token_hash, csrf_token, persistent, created_at, last_seen_at, "
    "expires_at, ip, user_agent FROM sessions WHERE user_id = ? AND expires_at > ? "
    "ORDER BY last_seen_at DESC, id DESC";
constexpr std::string_view kFindResetToken =
    "SELECT id, user_id, token_hash, created_at, expires_at, used_at FROM password_resets "
    "WHERE token_hash = ?";

class SqliteAccountsImpl final : public Accounts {
 public:
  explicit SqliteAccountsImpl(Store& store) : store_(store) {}

  Result<std::vector<User>> ListUsers() override {
    return Read<std::vector<User>>(
        [](Connection& c) { return SelectAll<User>(c, kListUsers, "listing users", ReadUser); });
  }

  Result<std::vector<User>> ListUsersByRole(Role role) override {
    return Read<std::vector<User>>([role](Connection& c) {
      return SelectAll<User>(c, kListUsersByRole, "listing users by role", ReadUser,
                             ToString(role));
    });
  }

  Result<std::optional<User>> FindUserByEmail(std::string_view email) override {
    std::string wanted(email);
    return Read<std::optional<User>>([&wanted](Connection& c) {
      return SelectFirst<User>(c, kFindUserByEmail, "finding a user by email", ReadUser, wanted);
    });
  }

  Result<int64_t> CountUsersWithRole(Transaction& tx, Role role) override {
    return InTx<int64_t>(tx, [role](Connection& c) {
      return SelectCount(c, "SELECT COUNT(*) FROM users WHERE role = ?", "counting users",
                         ToString(role));
    });
  }

  Status UpdateUser(Transaction& tx, const User& user) override {
    Result<int64_t> changed = InTx<int64_t>(tx, [&user](Connection& c) {
      return Execute(c,
                     "UPDATE users SET login = ?, email = ?, display_name = ?, role = ?, "
                     "password_hash = ? WHERE id = ?",
                     "updating a user", user.login, user.email, user.display_name,
                     ToString(user.role), user.password_hash, user.id);
    });
    if (!changed) return std::unexpected(std::move(changed.error()));
    if (*changed == 0) return NoSuchUser(user.id);
    return {};
  }

  Status SetPasswordHash(Transaction& tx, int64_t user_id, std::string_view hash) override {
    std::string h(hash);
    Result<int64_t> changed = InTx<int64_t>(tx, [&](Connection& c) {
      return Execute(c, "UPDATE users SET password_hash = ? WHERE id = ?", "setting a password", h,
                     user_id);
    });
    if (!changed) return std::unexpected(std::move(changed.error()));
    if (*changed == 0) return NoSuchUser(user_id);
    return {};
  }

  Status DeleteUser(Transaction& tx, int64_t user_id, int64_t reassign_to) override {
    Result<int64_t> deleted = InTx<int64_t>(tx, [&](Connection& c) -> Result<int64_t> {
      if (auto r = Execute(c, "UPDATE posts SET author_id = ? WHERE author_id = ?",
                           "reassigning posts", reassign_to, user_id);
          !r) {
        return r;
      }
      if (auto r = Execute(c, "UPDATE comments SET user_id = 0 WHERE user_id = ?",
                           "detaching comments", user_id);
          !r) {
        return r;
      }
      return Execute(c, "DELETE FROM users WHERE id = ?", "deleting a user", user_id);
    });
    if (!deleted) return std::unexpected(std::move(deleted.error()));
    if (*deleted == 0) return NoSuchUser(user_id);
    return {};
  }

  Result<int64_t> CountPostsBy(Transaction& tx, int64_t user_id) override {
    return InTx<int64_t>(tx, [user_id](Connection& c) {
      return SelectCount(c, "SELECT COUNT(*) FROM posts WHERE author_id = ?", "counting posts",
                         user_id);
    });
  }

  Result<int64_t> InsertSession(Transaction& tx, const Session& s) override {
    return InTx<int64_t>(tx, [&s](Connection& c) -> Result<int64_t> {
      auto inserted = Execute(
          c,
          "INSERT INTO sessions (user_id, token_hash, csrf_token, persistent, created_at, "
          "last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          "storing a session", s.user_id, s.token_hash, s.csrf_token, int64_t{s.persistent ? 1 : 0},
          s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent);
      if (!inserted) return inserted;
      return sqlite3_last_insert_rowid(c.db());
    });
  }

  Result<std::optional<Session>> FindSessionByTokenHash(std::string_view token_hash) override {
    std::string wanted(token_hash);
    return Read<std::optional<Session>>([&wanted](Connection& c) {
      return SelectFirst<Session>(c, kFindSession, "finding a session", ReadSession, wanted);
    });
  }

  Result<std::vector<Session>> ListSessions(int64_t user_id, int64_t now) override {
    return Read<std::vector<Session>>([=](Connection& c) {
      return SelectAll<Session>(c, kListSessions, "listing sessions", ReadSession, user_id, now);
    });
  }

  Status TouchSession(Transaction& tx, int64_t session_id, int64_t now) override {
    return Done(InTx<int64_t>(tx, [=](Connection& c) {
      return Execute(c, "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
                     "recording a session's activity", now, session_id);
    }));
  }

  Result<bool> DeleteSession(Transaction& tx, int64_t session_id, int64_t user_id) override {
    Result<int64_t> deleted = InTx<int64_t>(tx, [=](Connection& c) {
      return Execute(c, "DELETE FROM sessions WHERE id = ? AND user_id = ?", "ending a session",
                     session_id, user_id);
    });
    if (!deleted) return std::unexpected(std::move(deleted.error()));
    return *deleted > 0;
  }

  Result<int64_t> DeleteUserSessions(Transaction& tx, int64_t user_id, int64_t keep_id) override {
    return InTx<int64_t>(tx, [=](Connection& c) {
      return Execute(c, "DELETE FROM sessions WHERE user_id = ? AND id != ?",
                     "ending a user's sessions", user_id, keep_id);
    });
  }

  Result<int64_t> DeleteExpiredSessions(Transaction& tx, int64_t now) override {
    return InTx<int64_t>(tx, [now](Connection& c) {
      return Execute(c, "DELETE FROM sessions WHERE expires_at <= ?", "pruning sessions", now);
    });
  }

  Status RecordLoginFailure(Transaction& tx, FailureScope scope, std::string_view key, int64_t at,
                            int64_t forget_before) override {
    std::string k(key);
    return Done(InTx<int64_t>(tx, [&](Connection& c) -> Result<int64_t> {
      if (auto r = Execute(c,
                           "DELETE FROM login_failures WHERE scope = ? AND key = ? AND "
                           "failed_at < ?",
                           "forgetting old login failures", ScopeName(scope), k, forget_before);
          !r) {
        return r;
      }
      return Execute(c, "INSERT INTO login_failures (scope, key, failed_at) VALUES (?, ?, ?)",
                     "recording a login failure", ScopeName(scope), k, at);
    }));
  }

  Result<std::vector<int64_t>> RecentLoginFailures(FailureScope scope, std::string_view key,
                                                   int64_t since, int limit) override {
    std::string k(key);
    return Read<std::vector<int64_t>>([&](Connection& c) {
      return SelectAll<int64_t>(c,
                                "SELECT failed_at FROM login_failures WHERE scope = ? AND key = ? "
                                "AND failed_at >= ? ORDER BY failed_at DESC LIMIT ?",
                                "reading login failures", ReadInt, ScopeName(scope), k, since,
                                int64_t{limit});
    });
  }

  Status ClearLoginFailures(Transaction& tx, FailureScope scope, std::string_view key) override {
    std::string k(key);
    return Done(InTx<int64_t>(tx, [&](Connection& c) {
      return Execute(c, "DELETE FROM login_failures WHERE scope = ? AND key = ?",
                     "clearing login failures", ScopeName(scope), k);
    }));
  }

  Result<int64_t> InsertResetToken(Transaction& tx, const ResetToken& t) override {
    return InTx<int64_t>(tx, [&t](Connection& c) -> Result<int64_t> {
      if (auto r = Execute(c, "DELETE FROM password_resets WHERE user_id = ?",
                           "voiding older reset tokens", t.user_id);
          !r) {
        return r;
      }
      auto inserted =
          Execute(c,
                  "INSERT INTO password_resets (user_id, token_hash, created_at, "
                  "expires_at) VALUES (?, ?, ?, ?)",
                  "storing a reset token", t.user_id, t.token_hash, t.created_at, t.expires_at);
      if (!inserted) return inserted;
      return sqlite3_last_insert_rowid(c.db());
    });
  }

  Result<std::optional<ResetToken>> FindResetToken(Transaction& tx,
                                                   std::string_view token_hash) override {
    std::string wanted(token_hash);
    return InTx<std::optional<ResetToken>>(tx, [&wanted](Connection& c) {
      return SelectFirst<ResetToken>(c, kFindResetToken, "finding a reset token", ReadResetToken,
                                     wanted);
    });
  }

  Result<std::optional<ResetToken>> FindResetToken(std::string_view token_hash) override {
    std::string wanted(token_hash);
    return Read<std::optional<ResetToken>>([&wanted](Connection& c) {
      return SelectFirst<ResetToken>(c, kFindResetToken, "finding a reset token", ReadResetToken,
                                     wanted);
    });
  }

  Result<bool> SpendResetToken(Transaction& tx, int64_t token_id, int64_t at) override {
    Result<int64_t> changed = InTx<int64_t>(tx, [=](Connection& c) {
      return Execute(c, "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL",
                     "spending a reset token", at, token_id);
    });
    if (!changed) return std::unexpected(std::move(changed.error()));
    return *changed > 0;
  }

 private:
  template <typename T>
  Result<T> Read(const std::function<Result<T>(Connection&)>& read) {
    return sqlite::ReadWith<T>(store_, read);
  }

  template <typename T>
  static Result<T> InTx(Transaction& tx, const std::function<Result<T>(Connection&)>& write) {
    Result<Connection*> c = sqlite::WriteConnection(tx);
    if (!c) return std::unexpected(std::move(c.error()));
    return write(**c);
  }

  static Status NoSuchUser(int64_t id) {
    return Fail(ErrorKind::kNotFound, "no user with id " + std::to_string(id));
  }

  Store& store_;
};

}  // namespace

std::unique_ptr<Accounts> SqliteAccounts(Store& store) {
  return std::make_unique<SqliteAccountsImpl>(store);
}

}  // namespace quire::store
