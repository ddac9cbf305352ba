#include "admin/tokens.h"

#include <gtest/gtest.h>

namespace quire::admin {
namespace {

TEST(Tokens, FreshUrlSafeAndLongEnough) {
  std::string a = NewToken(), b = NewToken();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, base64 without padding
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST(Tokens, HashIsHexSha256) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(HashToken("abc"), HashToken("abd"));
}

TEST(Tokens, SameSecretComparesWholeValues) {
  EXPECT_TRUE(SameSecret("token-1", "token-1"));
  EXPECT_FALSE(SameSecret("token-1", "token-2"));
  EXPECT_FALSE(SameSecret("token-1", "token-12"));
  EXPECT_FALSE(SameSecret("", ""));
  EXPECT_FALSE(SameSecret("", "x"));
}

}  // namespace
}  // namespace quire::admin
