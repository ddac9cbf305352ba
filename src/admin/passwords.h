// Password hashing for user accounts: Argon2id through libsodium, in the self-describing
// crypto_pwhash_str format (algorithm, parameters and salt travel with the hash).
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::admin {

// The Argon2id hash of the password (fresh salt each time); kInternal when memory runs out.
Result<std::string> HashPassword(std::string_view password);
// Whether the password matches the hash; false for a malformed or empty hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// Spends the same work as VerifyPassword against a fixed dummy hash and returns false: used for
// an unknown login, so that its answer takes as long as a wrong password's.
bool VerifyAgainstDummy(std::string_view password);
// A random password of `length` characters from an unambiguous alphabet.
std::string GeneratePassword(int length = 20);
// 64 hex characters of fresh randomness (the site secret).
std::string GenerateSecret();

}  // namespace quire::admin
