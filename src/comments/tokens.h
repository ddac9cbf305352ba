// Signed tokens: they let a commenter see their own held comment (WordPress's
// moderation-hash, but keyed with the site secret), and key the avatar of an email so that no
// hash of the email itself is ever published. HMAC-SHA-256 (libsodium).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quire::comments {

// A URL-safe token for comment `id`.
std::string PendingToken(std::string_view secret, int64_t comment_id);
bool VerifyPendingToken(std::string_view secret, int64_t comment_id, std::string_view token);

// 32 hex characters from HMAC(secret, lowercase(trim(email)) or name when no email).
// Without the secret it cannot be linked to the email.
std::string AvatarKey(std::string_view secret, std::string_view email_or_name);

// The key of the one neutral avatar every comment not yet approved shows: the held comment is
// shown to whoever holds its link, and its own avatar would tell them whose the email typed is.
inline constexpr std::string_view kNeutralAvatarKey = "00000000000000000000000000000000";

// A small symmetric identicon (SVG) drawn from an avatar key.
std::string IdenticonSvg(std::string_view avatar_key);

}  // namespace quire::comments
