#include "comments/spam/address.h"

#include <gtest/gtest.h>

namespace quire::comments::spam {
namespace {

TEST(Address, ParsesBothFamiliesToCanonicalText) {
  EXPECT_EQ(ToString(*ParseIp("203.0.113.9")), "203.0.113.9");
  EXPECT_EQ(ToString(*ParseIp(" 2001:DB8:0:0::1 ")), "2001:db8::1");
  EXPECT_FALSE(ParseIp("203.0.113"));
  EXPECT_FALSE(ParseIp("example.com"));
  EXPECT_FALSE(ParseIp(""));
}

TEST(Address, RangesContainTheirAddressesOnly) {
  IpRange v4 = *ParseRange("203.0.113.77/24");
  EXPECT_EQ(ToString(v4), "203.0.113.0/24");
  EXPECT_TRUE(v4.Contains(*ParseIp("203.0.113.1")));
  EXPECT_TRUE(v4.Contains(*ParseIp("203.0.113.255")));
  EXPECT_FALSE(v4.Contains(*ParseIp("203.0.114.1")));
  EXPECT_FALSE(v4.Contains(*ParseIp("2001:db8::1")));

  IpRange odd = *ParseRange("10.0.0.0/9");
  EXPECT_TRUE(odd.Contains(*ParseIp("10.127.255.255")));
  EXPECT_FALSE(odd.Contains(*ParseIp("10.128.0.0")));

  IpRange v6 = *ParseRange("2001:db8::/32");
  EXPECT_EQ(ToString(v6), "2001:db8::/32");
  EXPECT_TRUE(v6.Contains(*ParseIp("2001:db8:ffff::1")));
  EXPECT_FALSE(v6.Contains(*ParseIp("2001:db9::1")));
  EXPECT_FALSE(v6.Contains(*ParseIp("203.0.113.1")));
}

TEST(Address, ABareAddressIsItsOwnRangeAndBadRangesAreRefused) {
  IpRange one = *ParseRange("192.0.2.5");
  EXPECT_EQ(ToString(one), "192.0.2.5/32");
  EXPECT_TRUE(one.Contains(*ParseIp("192.0.2.5")));
  EXPECT_FALSE(one.Contains(*ParseIp("192.0.2.6")));
  EXPECT_TRUE(ParseRange("0.0.0.0/0")->Contains(*ParseIp("198.51.100.1")));
  EXPECT_FALSE(ParseRange("0.0.0.0/0")->Contains(*ParseIp("::1")));
  EXPECT_FALSE(ParseRange("192.0.2.0/33"));
  EXPECT_FALSE(ParseRange("2001:db8::/129"));
  EXPECT_FALSE(ParseRange("192.0.2.0/x"));
  EXPECT_FALSE(ParseRange("192.0.2.0/-1"));
}

}  // namespace
}  // namespace quire::comments::spam
