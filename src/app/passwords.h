// Password hashing for user accounts: Argon2id through libsodium, in the self-describing
// crypto_pwhash_str format (algorithm, parameters and salt travel with the hash).
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::app {

Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// A random password of `length` characters from an unambiguous alphabet.
std::string GeneratePassword(int length = 20);
// 64 hex characters of fresh randomness (the site secret).
std::string GenerateSecret();

}  // namespace quire::app
