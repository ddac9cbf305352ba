#include "admin/passwords.h"

#include <gtest/gtest.h>

namespace quire::admin {
namespace {

TEST(Passwords, Argon2idHashVerifies) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapler"));
}

TEST(Passwords, MalformedHashesAndTheDummyNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", "anything"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "anything"));
  EXPECT_FALSE(VerifyAgainstDummy("quire dummy password"));
}

TEST(Passwords, SaltMakesEveryHashDifferent) {
  EXPECT_NE(*HashPassword("same"), *HashPassword("same"));
}

TEST(Passwords, GeneratedValuesAreFreshAndWellFormed) {
  std::string a = GeneratePassword(), b = GeneratePassword();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
  std::string secret = GenerateSecret();
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace quire::admin
