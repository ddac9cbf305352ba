#include "comments/spam/form_stamp.h"

#include <gtest/gtest.h>

namespace quire::comments::spam {
namespace {

constexpr std::string_view kSecret = "site-secret";
constexpr int64_t kShown = 1'700'000'000;

TEST(FormStamp, AStampOfOursIsFreshAfterTheMinimum) {
  std::string stamp = MakeFormStamp(kSecret, 7, kShown);
  StampVerdict verdict = CheckFormStamp(kSecret, 7, stamp, kShown + 3, 3);
  EXPECT_EQ(verdict.check, StampCheck::kFresh);
  EXPECT_EQ(verdict.age_seconds, 3);
}

TEST(FormStamp, TooFastMissingForgedAndExpired) {
  std::string stamp = MakeFormStamp(kSecret, 7, kShown);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, stamp, kShown + 2, 3).check, StampCheck::kTooFast);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, "", kShown, 3).check, StampCheck::kMissing);
  EXPECT_EQ(CheckFormStamp(kSecret, 8, stamp, kShown + 10, 3).check, StampCheck::kForged)
      << "a stamp is for one post";
  EXPECT_EQ(CheckFormStamp("other", 7, stamp, kShown + 10, 3).check, StampCheck::kForged);
  std::string later = MakeFormStamp(kSecret, 7, kShown - 100);
  std::string spliced = std::to_string(kShown - 100) + stamp.substr(stamp.find('.'));
  EXPECT_EQ(CheckFormStamp(kSecret, 7, spliced, kShown + 10, 3).check, StampCheck::kForged)
      << "the time is signed";
  EXPECT_EQ(CheckFormStamp(kSecret, 7, later, kShown + 10, 3).check, StampCheck::kFresh);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, "12345", kShown, 3).check, StampCheck::kForged);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, "x.y", kShown, 3).check, StampCheck::kForged);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, stamp, kShown - 3600, 3).check, StampCheck::kForged)
      << "from the future";
  StampVerdict old = CheckFormStamp(kSecret, 7, stamp, kShown + kStampMaxAgeSeconds + 1, 3);
  EXPECT_EQ(old.check, StampCheck::kExpired);
  EXPECT_EQ(old.age_seconds, kStampMaxAgeSeconds + 1);
}

TEST(FormStamp, ZeroMinimumAcceptsAtOnce) {
  std::string stamp = MakeFormStamp(kSecret, 7, kShown);
  EXPECT_EQ(CheckFormStamp(kSecret, 7, stamp, kShown, 0).check, StampCheck::kFresh);
}

}  // namespace
}  // namespace quire::comments::spam
