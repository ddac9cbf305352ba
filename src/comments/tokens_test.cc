#include "comments/tokens.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "util/strings.h"

namespace quire::comments {
namespace {

constexpr std::string_view kSecret = "site-secret-0123456789";

// Gravatar-style digests of "ada@example.com" (computed with Python's hashlib).
constexpr std::string_view kMd5 = "3e3417d7ef77d5932a6734b916515ed5";
constexpr std::string_view kSha1 = "3ca93ad87e0bb737e653b66ad67731e86bbc050f";
constexpr std::string_view kSha256 =
    "b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72";

TEST(PendingToken, VerifiesItsOwnTokenAndIsUrlSafe) {
  std::string token = PendingToken(kSecret, 42);
  EXPECT_TRUE(VerifyPendingToken(kSecret, 42, token));
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(token, PendingToken(kSecret, 42));  // deterministic
}

TEST(PendingToken, RejectsForgeries) {
  std::string token = PendingToken(kSecret, 42);
  EXPECT_FALSE(VerifyPendingToken(kSecret, 43, token));         // another comment
  EXPECT_FALSE(VerifyPendingToken("other-secret", 42, token));  // another site
  EXPECT_FALSE(VerifyPendingToken(kSecret, 42, ""));
  EXPECT_FALSE(VerifyPendingToken(kSecret, 42, token.substr(1)));  // truncated
  EXPECT_FALSE(VerifyPendingToken(kSecret, 42, token + "A"));      // extended
  std::string flipped = token;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPendingToken(kSecret, 42, flipped));
  EXPECT_NE(PendingToken(kSecret, 42), PendingToken(kSecret, 24));
}

TEST(AvatarKey, NormalisesCaseAndSpaces) {
  std::string key = AvatarKey(kSecret, "ada@example.com");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(AvatarKey(kSecret, "  Ada@Example.COM \n"), key);
  EXPECT_NE(AvatarKey(kSecret, "bob@example.com"), key);
  EXPECT_NE(AvatarKey("another-secret", "ada@example.com"), key);
}

TEST(AvatarKey, IsNoPlainHashOfTheEmail) {
  unsigned char sha[crypto_hash_sha256_BYTES];
  std::string_view email = "ada@example.com";
  crypto_hash_sha256(sha, reinterpret_cast<const unsigned char*>(email.data()), email.size());
  ASSERT_EQ(util::HexEncode(std::string_view(reinterpret_cast<char*>(sha), sizeof sha)), kSha256);

  for (std::string_view typed : {"ada@example.com", " ADA@example.com "}) {
    std::string key = AvatarKey(kSecret, typed);
    EXPECT_NE(key, kMd5);
    EXPECT_EQ(std::string_view(kSha1).find(key.substr(0, 16)), std::string_view::npos);
    EXPECT_EQ(std::string_view(kSha256).find(key.substr(0, 16)), std::string_view::npos);
  }
  // Keyed: without the site's secret the value cannot be recomputed from the email.
  EXPECT_NE(AvatarKey("", "ada@example.com"), AvatarKey(kSecret, "ada@example.com"));
}

TEST(IdenticonSvg, IsASmallMirroredSvg) {
  std::string svg = IdenticonSvg(AvatarKey(kSecret, "ada@example.com"));
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find("viewBox=\"0 0 6 6\""), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_LT(svg.size(), 1500u);
  EXPECT_EQ(svg.find('<', 1), svg.find("<rect"));  // only our own elements
  EXPECT_EQ(svg, IdenticonSvg(AvatarKey(kSecret, "ada@example.com")));
  EXPECT_NE(svg, IdenticonSvg(AvatarKey(kSecret, "bob@example.com")));
}

TEST(IdenticonSvg, EveryCellHasItsMirror) {
  for (std::string_view who : {"a@b.cd", "bob@example.com", "Ayşə", "x"}) {
    std::string svg = IdenticonSvg(AvatarKey(kSecret, who));
    std::string path = svg.substr(svg.find(" d=\"") + 4);
    ASSERT_NE(path.find('M'), std::string::npos) << "the picture is never empty";
    for (size_t at = path.find('M'); at != std::string::npos; at = path.find('M', at + 1)) {
      int col = path[at + 1] - '0';
      int row = path[at + 5] - '0';
      std::string mirror = "M" + std::to_string(4 - col) + ".5 " + std::to_string(row) + ".5h";
      EXPECT_NE(path.find(mirror), std::string::npos) << who << " row " << row << " col " << col;
    }
    std::string fill = svg.substr(svg.find("<path fill=\"") + 12, 7);
    EXPECT_EQ(fill.size(), 7u);
    EXPECT_EQ(fill[0], '#');
    EXPECT_EQ(fill.find_first_not_of("#0123456789abcdef"), std::string::npos);
  }
}

}  // namespace
}  // namespace quire::comments
