#include "admin/tokens.h"

#include <sodium.h>

#include <stdexcept>

#include "util/strings.h"

namespace quire::admin {
namespace {

constexpr size_t kTokenBytes = 32;

void EnsureSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string NewToken() {
  EnsureSodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes, sizeof bytes, kVariant);
  encoded.resize(encoded.find('\0'));
  sodium_memzero(bytes, sizeof bytes);
  return encoded;
}

std::string HashToken(std::string_view token) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return util::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace quire::admin
