#include "http/fd_limit.h"

#include <gtest/gtest.h>

namespace quire::http {
namespace {

TEST(DefaultMaxConnections, LeavesAReserve) {
  EXPECT_EQ(DefaultMaxConnections(1024), 1024u - kMinReservedDescriptors);
  EXPECT_EQ(DefaultMaxConnections(32768), 32768u - 32768u / kReservedDescriptorsDivisor);
  EXPECT_EQ(DefaultMaxConnections(100), 50u);  // a tiny limit: half of it
  EXPECT_EQ(DefaultMaxConnections(1), 1u);
  EXPECT_EQ(DefaultMaxConnections(1'048'576), kMaxDefaultConnections);
}

TEST(OpenFileLimit, RaisingKeepsOrRaisesTheLimit) {
  size_t before = OpenFileLimit();
  EXPECT_GE(RaiseOpenFileLimit(), before);
  EXPECT_EQ(OpenFileLimit(), RaiseOpenFileLimit());
}

}  // namespace
}  // namespace quire::http
