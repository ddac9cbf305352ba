// The accounts part of the store: user administration, server-side login sessions, login
// throttling and password-reset tokens. The SQLite answer is store/sqlite/sqlite_accounts.h.
//
// Reads run on any thread. Writes take the Transaction of a Store::Write job and commit (or roll
// back) with the rest of that job. Tokens are never stored: only their SHA-256, hex-encoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string token_hash;   // hex SHA-256 of the cookie's token; unique
  std::string csrf_token;   // the session's CSRF token (random, sent in forms)
  bool persistent = false;  // "Remember me": the cookie outlives the browser session
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;  // the session is void from this time on
  std::string ip;
  std::string user_agent;
};

// Whose failures a login-throttling counter counts.
enum class FailureScope { kLogin, kAddress };

struct ResetToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string token_hash;  // hex SHA-256; unique
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;  // set once the token has been spent
};

class Accounts {
 public:
  virtual ~Accounts() = default;

  // --- users ---
  // Every user, by id.
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Users holding this role, by id (e.g. the moderators to notify).
  virtual Result<std::vector<User>> ListUsersByRole(Role role) = 0;
  // The user with this email (case-insensitive); the lowest id when several share it.
  virtual Result<std::optional<User>> FindUserByEmail(std::string_view email) = 0;
  // How many users hold the role, seen inside tx (to refuse removing the last administrator).
  virtual Result<int64_t> CountUsersWithRole(Transaction& tx, Role role) = 0;
  // Writes login, email, display_name, role and password_hash of user.id; kNotFound if absent.
  virtual Status UpdateUser(Transaction& tx, const User& user) = 0;
  // Replaces the user's password hash; kNotFound if absent.
  virtual Status SetPasswordHash(Transaction& tx, int64_t user_id, std::string_view hash) = 0;
  // Deletes the user with their sessions and reset tokens; their posts go to reassign_to
  // (0: to nobody), their comments stay as a visitor's. kNotFound if absent.
  virtual Status DeleteUser(Transaction& tx, int64_t user_id, int64_t reassign_to) = 0;
  // How many posts name the user as author.
  virtual Result<int64_t> CountPostsBy(Transaction& tx, int64_t user_id) = 0;

  // --- sessions ---
  virtual Result<int64_t> InsertSession(Transaction& tx, const Session& session) = 0;
  // The session with this token hash, expired or not (the caller checks expires_at).
  virtual Result<std::optional<Session>> FindSessionByTokenHash(std::string_view token_hash) = 0;
  // The user's sessions that have not expired at `now`, most recently seen first.
  virtual Result<std::vector<Session>> ListSessions(int64_t user_id, int64_t now) = 0;
  virtual Status TouchSession(Transaction& tx, int64_t session_id, int64_t now) = 0;
  // Deletes the session if it belongs to user_id; returns whether one was deleted.
  virtual Result<bool> DeleteSession(Transaction& tx, int64_t session_id, int64_t user_id) = 0;
  // Deletes all the user's sessions except `keep_id` (0: all); returns how many.
  virtual Result<int64_t> DeleteUserSessions(Transaction& tx, int64_t user_id, int64_t keep_id) = 0;
  // Deletes sessions expired at `now`; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(Transaction& tx, int64_t now) = 0;

  // --- login throttling ---
  // Records one failure at `at` and forgets this key's failures older than `forget_before`.
  virtual Status RecordLoginFailure(Transaction& tx, FailureScope scope, std::string_view key,
                                    int64_t at, int64_t forget_before) = 0;
  // The times of the key's failures at or after `since`, newest first, at most `limit`.
  virtual Result<std::vector<int64_t>> RecentLoginFailures(FailureScope scope, std::string_view key,
                                                           int64_t since, int limit) = 0;
  // Forgets every failure of the key.
  virtual Status ClearLoginFailures(Transaction& tx, FailureScope scope, std::string_view key) = 0;

  // --- password reset ---
  // Stores a new token for token.user_id and deletes the user's older ones.
  virtual Result<int64_t> InsertResetToken(Transaction& tx, const ResetToken& token) = 0;
  // The token with this hash, seen inside tx (used or not, expired or not).
  virtual Result<std::optional<ResetToken>> FindResetToken(Transaction& tx,
                                                           std::string_view token_hash) = 0;
  // The token with this hash, read outside a transaction (to show the reset form).
  virtual Result<std::optional<ResetToken>> FindResetToken(std::string_view token_hash) = 0;
  // Marks the token used at `at` if it was not; returns whether it was unused before.
  virtual Result<bool> SpendResetToken(Transaction& tx, int64_t token_id, int64_t at) = 0;
};

}  // namespace quire::store
