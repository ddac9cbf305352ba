#include "comments/tokens.h"

#include <sodium.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "util/strings.h"

namespace quire::comments {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

// HMAC-SHA-256 of `purpose` + ":" + `message` under `secret`. The purpose keeps the pending
// tokens and the avatar keys apart even for equal inputs.
Mac Hmac(std::string_view secret, std::string_view purpose, std::string_view message) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work: a broken installation
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()),
                                purpose.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(":"), 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  Mac mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

std::string UrlSafeBase64(const Mac& mac) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(mac.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), mac.data(), mac.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Cells of the 5x5 grid: the three left columns come from bits, the right two mirror them.
using Grid = std::array<std::array<bool, 5>, 5>;

Grid GridFrom(const Mac& bits) {
  Grid grid{};
  bool any = false;
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 3; ++col) {
      int bit = row * 3 + col;
      bool on = (bits[4 + bit / 8] >> (bit % 8)) & 1;
      grid[row][col] = grid[row][4 - col] = on;
      any = any || on;
    }
  }
  if (!any) grid[2][2] = true;  // never an empty picture
  return grid;
}

// A saturated, mid-light colour from a hue in degrees (HSL with s=0.55, l=0.5).
std::string ColorFromHue(int hue) {
  constexpr double kChroma = 0.55;  // (1 - |2l - 1|) * s with l = 0.5
  double h = hue / 60.0;
  double x = kChroma * (1 - std::abs(std::fmod(h, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(h)) {
    case 0: r = kChroma, g = x; break;
    case 1: r = x, g = kChroma; break;
    case 2: g = kChroma, b = x; break;
    case 3: g = x, b = kChroma; break;
    case 4: r = x, b = kChroma; break;
    default: r = kChroma, b = x; break;
  }
  double m = 0.5 - kChroma / 2;
  char out[8];
  std::snprintf(out, sizeof out, "#%02x%02x%02x", static_cast<int>((r + m) * 255 + 0.5),
                static_cast<int>((g + m) * 255 + 0.5), static_cast<int>((b + m) * 255 + 0.5));
  return out;
}

}  // namespace

std::string PendingToken(std::string_view secret, int64_t comment_id) {
  return UrlSafeBase64(Hmac(secret, "pending", std::to_string(comment_id)));
}

bool VerifyPendingToken(std::string_view secret, int64_t comment_id, std::string_view token) {
  std::string expected = PendingToken(secret, comment_id);
  if (token.size() != expected.size()) return false;  // the length is public anyway
  return sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

std::string AvatarKey(std::string_view secret, std::string_view email_or_name) {
  Mac mac = Hmac(secret, "avatar", util::ToLower(util::Trim(email_or_name)));
  return util::HexEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), 16));
}

std::string IdenticonSvg(std::string_view avatar_key) {
  // Hashing the key (rather than parsing it as hex) gives a picture for any input.
  Mac bits = Hmac("", "identicon", avatar_key);
  Grid grid = GridFrom(bits);
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 6 6\" role=\"img\" "
      "aria-label=\"Avatar\" shape-rendering=\"crispEdges\">"
      "<rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/><path fill=\"" +
      ColorFromHue((bits[0] << 8 | bits[1]) % 360) + "\" d=\"";
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 5; ++col) {
      if (!grid[row][col]) continue;
      // Cells sit at (col + 0.5, row + 0.5): a half-cell margin all round.
      svg += "M" + std::to_string(col) + ".5 " + std::to_string(row) + ".5h1v1h-1z";
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace quire::comments
