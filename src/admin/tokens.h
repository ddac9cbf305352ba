// Random secrets handed to browsers and emails (session cookies, CSRF tokens, reset links) and
// how they are kept: the database stores only HashToken(token), so a leaked database opens no
// session and resets no password.
#pragma once

#include <string>
#include <string_view>

namespace quire::admin {

// 32 bytes from libsodium's randombytes, base64url without padding (43 characters).
std::string NewToken();
// The hex SHA-256 of the token (64 characters), as stored.
std::string HashToken(std::string_view token);
// Whether a and b are equal, in time that depends only on their length (sodium_memcmp).
// Empty strings are never equal: a missing token matches nothing.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace quire::admin
