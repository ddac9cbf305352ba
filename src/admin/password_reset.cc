#include "admin/password_reset.h"

#include "admin/tokens.h"
#include "util/strings.h"

namespace quire::admin {

Result<std::string> IssueResetToken(store::Transaction& tx, store::Accounts& accounts,
                                    const store::User& user, int64_t now) {
  std::string token = NewToken();
  store::ResetToken stored;
  stored.user_id = user.id;
  stored.token_hash = HashToken(token);
  stored.created_at = now;
  stored.expires_at = now + kResetTokenSeconds;
  if (auto id = accounts.InsertResetToken(tx, stored); !id) {
    return std::unexpected(std::move(id.error()));
  }
  return token;
}

mail::Message ResetMessage(const store::User& user, std::string_view token,
                           std::string_view home_url, std::string_view site_title) {
  std::string link = std::string(home_url) + "/admin/resetpass?key=" + util::UrlEncode(token) +
                     "&login=" + util::UrlEncode(user.login);
  mail::Message message;
  message.to = user.email;
  message.subject = "[" + std::string(site_title) + "] Password Reset";
  message.text =
      "Someone has requested a password reset for the following account:\n\n"
      "Site Name: " +
      std::string(site_title) +
      "\n\n"
      "Username: " +
      user.login +
      "\n\n"
      "If this was a mistake, ignore this email and nothing will happen.\n\n"
      "To reset your password, visit the following address within an hour:\n\n" +
      link + "\n";
  message.kind = "reset";
  return message;
}

bool ResetTokenUsable(const store::ResetToken& token, int64_t user_id, int64_t now) {
  return token.user_id == user_id && !token.used_at && token.expires_at > now;
}

Status CheckNewPassword(std::string_view pass1, std::string_view pass2) {
  if (pass1 != pass2) return Fail(ErrorKind::kInvalid, "The passwords do not match.");
  if (pass1.size() < kMinPasswordLength) {
    return Fail(ErrorKind::kInvalid, "The password must have at least 8 characters.");
  }
  return {};
}

Status RedeemResetToken(store::Transaction& tx, store::Accounts& accounts, const store::User& user,
                        std::string_view token, std::string_view password_hash, int64_t now) {
  auto found = accounts.FindResetToken(tx, HashToken(token));
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found || !ResetTokenUsable(**found, user.id, now)) {
    return Fail(ErrorKind::kInvalid, std::string(kInvalidResetLink));
  }
  auto spent = accounts.SpendResetToken(tx, (*found)->id, now);
  if (!spent) return std::unexpected(std::move(spent.error()));
  if (!*spent) return Fail(ErrorKind::kInvalid, std::string(kInvalidResetLink));
  if (Status s = accounts.SetPasswordHash(tx, user.id, password_hash); !s) return s;
  auto ended = accounts.DeleteUserSessions(tx, user.id, 0);
  if (!ended) return std::unexpected(std::move(ended.error()));
  return {};
}

}  // namespace quire::admin
