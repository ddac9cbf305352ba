#include "util/clock.h"

#include <gtest/gtest.h>

namespace quire::util {
namespace {

TEST(Clock, CivilRoundTrip) {
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1714558830}, int64_t{4102444799}}) {
    EXPECT_EQ(FromCivil(ToCivil(t)), t);
  }
  CivilDate d = ToCivil(951782400);  // 2000-02-29
  EXPECT_EQ(d.year, 2000);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
}

TEST(Clock, ParsesIso8601Forms) {
  EXPECT_EQ(ParseIso8601("2024-05-01"), 1714521600);
  EXPECT_EQ(ParseIso8601("2024-05-01T10:20:30Z"), 1714558830);
  EXPECT_EQ(ParseIso8601("2024-05-01 10:20:30"), 1714558830);
  EXPECT_EQ(ParseIso8601("2024-05-01T12:20:30+02:00"), 1714558830);
  EXPECT_EQ(ParseIso8601("2024-05-01T10:20"), 1714558800);
}

TEST(Clock, RejectsImpossibleDates) {
  EXPECT_FALSE(ParseIso8601("2023-02-29"));
  EXPECT_FALSE(ParseIso8601("2024-13-01"));
  EXPECT_FALSE(ParseIso8601("yesterday"));
  EXPECT_FALSE(ParseIso8601("2024-05-01T25:00"));
  EXPECT_FALSE(ParseIso8601("2024-05-01junk"));
}

TEST(Clock, Formats) {
  EXPECT_EQ(FormatIso8601(1714558830), "2024-05-01T10:20:30Z");
  EXPECT_EQ(FormatHttpDate(1714558830), "Wed, 01 May 2024 10:20:30 GMT");
  EXPECT_EQ(FormatHumanDate(1714558830), "May 1, 2024 at 10:20 am");
  EXPECT_EQ(FormatHumanDate(1714521600), "May 1, 2024 at 12:00 am");
}

}  // namespace
}  // namespace quire::util
