// IP addresses and CIDR ranges, IPv4 and IPv6, for bans. An IPv4 address is held as its
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one comparison serves both families.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quire::comments::spam {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;  // written as IPv4 text

  bool operator==(const IpAddress&) const = default;
};

struct IpRange {
  IpAddress base;  // the first address (host bits cleared)
  int prefix = 0;  // bits of the 128-bit form that must match

  bool Contains(const IpAddress& address) const;
};

// "203.0.113.9", "2001:db8::1" (brackets and an IPv6 zone are not accepted).
std::optional<IpAddress> ParseIp(std::string_view text);
// "203.0.113.0/24", "2001:db8::/32"; a bare address is its own /32 or /128. Host bits may be
// set ("203.0.113.9/24"): they are cleared.
std::optional<IpRange> ParseRange(std::string_view text);

// Canonical text: dotted IPv4, or RFC 5952 IPv6 (inet_ntop).
std::string ToString(const IpAddress& address);
std::string ToString(const IpRange& range);  // with "/N" in the address's own family

}  // namespace quire::comments::spam
