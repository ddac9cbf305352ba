// Password reset by an emailed one-time link. Issuing a token stores only its hash, valid for an
// hour, and voids the user's older tokens; the link is
//   HOME/admin/resetpass?key=TOKEN&login=LOGIN
// Redeeming it (once) sets the new password and ends every session of the user.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mail/outbox.h"
#include "store/accounts.h"
#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::admin {

inline constexpr int64_t kResetTokenSeconds = 60 * 60;
inline constexpr size_t kMinPasswordLength = 8;

// What a reset link shows when it is unknown, spent, expired or for another login.
inline constexpr std::string_view kInvalidResetLink =
    "Your password reset link appears to be invalid. Please request a new link below.";

// Inside a write job: stores a new token for the user (voiding older ones); returns the token.
Result<std::string> IssueResetToken(store::Transaction& tx, store::Accounts& accounts,
                                    const store::User& user, int64_t now);

// The email carrying the link; home_url without a trailing slash, e.g. "https://example.com".
mail::Message ResetMessage(const store::User& user, std::string_view token,
                           std::string_view home_url, std::string_view site_title);

// Whether the token is known, unspent, unexpired at `now` and belongs to user_id (read-only,
// for showing the form).
bool ResetTokenUsable(const store::ResetToken& token, int64_t user_id, int64_t now);

// Checks a new password typed twice: kInvalid "The passwords do not match." or "The password
// must have at least 8 characters."
Status CheckNewPassword(std::string_view pass1, std::string_view pass2);

// Inside a write job: spends the token (kInvalid kInvalidResetLink unless usable for the user),
// stores the new hash, ends all the user's sessions.
Status RedeemResetToken(store::Transaction& tx, store::Accounts& accounts, const store::User& user,
                        std::string_view token, std::string_view password_hash, int64_t now);

}  // namespace quire::admin
