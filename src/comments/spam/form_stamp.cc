#include "comments/spam/form_stamp.h"

#include <sodium.h>

#include <array>
#include <cstdlib>

#include "util/strings.h"

namespace quire::comments::spam {
namespace {

constexpr size_t kMacBytes = 16;  // of HMAC-SHA-256's 32: plenty against guessing

std::string Mac(std::string_view secret, int64_t post_id, int64_t rendered_at) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work: a broken installation
  std::string message = "form-stamp:" + std::to_string(post_id) + ":" + std::to_string(rendered_at);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(kMacBytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), mac.data(), kMacBytes, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

std::string MakeFormStamp(std::string_view secret, int64_t post_id, int64_t rendered_at) {
  return std::to_string(rendered_at) + "." + Mac(secret, post_id, rendered_at);
}

StampVerdict CheckFormStamp(std::string_view secret, int64_t post_id, std::string_view stamp,
                            int64_t now, int64_t min_seconds) {
  stamp = util::Trim(stamp);
  if (stamp.empty()) return {StampCheck::kMissing, 0};
  size_t dot = stamp.find('.');
  if (dot == std::string_view::npos) return {StampCheck::kForged, 0};
  std::optional<int64_t> rendered = util::ParseInt(stamp.substr(0, dot));
  if (!rendered || *rendered <= 0) return {StampCheck::kForged, 0};
  std::string expected = Mac(secret, post_id, *rendered);
  std::string_view mac = stamp.substr(dot + 1);
  bool signed_by_us = mac.size() == expected.size() &&
                      sodium_memcmp(mac.data(), expected.data(), expected.size()) == 0;
  if (!signed_by_us || *rendered > now + kStampClockSkewSeconds) {
    return {StampCheck::kForged, 0};
  }
  int64_t age = now - *rendered;
  if (age < min_seconds) return {StampCheck::kTooFast, age};
  if (age > kStampMaxAgeSeconds) return {StampCheck::kExpired, age};
  return {StampCheck::kFresh, age};
}

}  // namespace quire::comments::spam
