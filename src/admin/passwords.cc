#include "admin/passwords.h"

#include <sodium.h>

#include <stdexcept>

#include "util/strings.h"

namespace quire::admin {
namespace {

void EnsureSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorKind::kInternal, "out of memory while hashing the password");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool VerifyAgainstDummy(std::string_view password) {
  static const std::string dummy = HashPassword("quire dummy password").value_or("");
  VerifyPassword(dummy, password);
  return false;
}

std::string GeneratePassword(int length) {
  EnsureSodium();
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < length; ++i) {
    password += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return password;
}

std::string GenerateSecret() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return util::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace quire::admin
