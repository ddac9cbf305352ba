#include "comments/spam/address.h"

#include <arpa/inet.h>

#include <cstring>

#include "util/strings.h"

namespace quire::comments::spam {
namespace {

constexpr int kV4MappedPrefix = 96;  // ::ffff:0:0/96

}  // namespace

bool IpRange::Contains(const IpAddress& address) const {
  int bits = prefix;
  for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((address.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<IpAddress> ParseIp(std::string_view text) {
  std::string copy(util::Trim(text));
  IpAddress address;
  in_addr v4;
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    address.bytes[10] = address.bytes[11] = 0xFF;
    std::memcpy(address.bytes.data() + 12, &v4, 4);
    address.v4 = true;
    return address;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
    std::memcpy(address.bytes.data(), &v6, 16);
    return address;
  }
  return std::nullopt;
}

std::optional<IpRange> ParseRange(std::string_view text) {
  text = util::Trim(text);
  size_t slash = text.find('/');
  std::optional<IpAddress> base = ParseIp(text.substr(0, slash));
  if (!base) return std::nullopt;
  int family_bits = base->v4 ? 32 : 128;
  int bits = family_bits;
  if (slash != std::string_view::npos) {
    std::optional<int64_t> parsed = util::ParseInt(text.substr(slash + 1));
    if (!parsed || *parsed < 0 || *parsed > family_bits) return std::nullopt;
    bits = static_cast<int>(*parsed);
  }
  IpRange range{*base, base->v4 ? kV4MappedPrefix + bits : bits};
  for (int i = 0; i < 16; ++i) {  // clear the host bits
    int keep = range.prefix - i * 8;
    if (keep >= 8) continue;
    range.base.bytes[i] &= keep <= 0 ? 0 : static_cast<uint8_t>(0xFF << (8 - keep));
  }
  return range;
}

std::string ToString(const IpAddress& address) {
  char out[INET6_ADDRSTRLEN];
  if (address.v4) {
    inet_ntop(AF_INET, address.bytes.data() + 12, out, sizeof out);
  } else {
    inet_ntop(AF_INET6, address.bytes.data(), out, sizeof out);
  }
  return out;
}

std::string ToString(const IpRange& range) {
  int bits = range.base.v4 ? range.prefix - kV4MappedPrefix : range.prefix;
  return ToString(range.base) + "/" + std::to_string(bits);
}

}  // namespace quire::comments::spam
