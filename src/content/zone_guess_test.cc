#include "content/zone_guess.h"

#include <gtest/gtest.h>

#include "content/site_zone.h"

namespace quire::content {
namespace {

constexpr int64_t kJan2012 = 1326542400;  // 2012-01-14 12:00 UTC
constexpr int64_t kJul2012 = 1342267200;  // 2012-07-14 12:00 UTC
constexpr int64_t kDay = 86400;

TEST(GuessZone, FindsAZoneWithTheSitesDaylightSaving) {
  std::vector<OffsetSample> samples;
  for (int i = 0; i < 10; ++i) {
    samples.push_back({kJan2012 + i * kDay, 3600});  // CET
    samples.push_back({kJul2012 + i * kDay, 7200});  // CEST
  }
  std::optional<ZoneGuess> guess = GuessZone(samples);
  ASSERT_TRUE(guess);
  EXPECT_EQ(guess->matched, 20);
  std::optional<SiteZone> zone = SiteZone::Named(guess->name);
  ASSERT_TRUE(zone) << guess->name;
  EXPECT_EQ(zone->OffsetAt(kJan2012), 3600);
  EXPECT_EQ(zone->OffsetAt(kJul2012), 7200);
}

TEST(GuessZone, SouthernHemisphereSummerIsInJanuary) {
  std::vector<OffsetSample> samples = {
      {kJan2012, 11 * 3600}, {kJul2012, 10 * 3600}, {kJan2012 + kDay, 11 * 3600}};
  std::optional<ZoneGuess> guess = GuessZone(samples);
  ASSERT_TRUE(guess);
  EXPECT_EQ(guess->matched, 3);
  EXPECT_EQ(SiteZone::Named(guess->name)->OffsetAt(kJul2012), 10 * 3600);
}

TEST(GuessZone, NothingWhenOneOffsetSaysItAll) {
  std::vector<OffsetSample> samples = {{kJan2012, 8 * 3600}, {kJul2012, 8 * 3600}};
  EXPECT_FALSE(GuessZone(samples));
  EXPECT_FALSE(GuessZone({}));
}

TEST(GuessZone, NothingWhenNoZoneBeatsTheCommonestOffset) {
  // +1 h in July and +5 h in January: no zone's rules give both (Windhoek's winter time of
  // 2012 would give +1 h and +2 h), so none gives more than the 2 samples at +1 h.
  std::vector<OffsetSample> samples = {
      {kJul2012, 3600}, {kJul2012 + kDay, 3600}, {kJan2012, 5 * 3600}};
  EXPECT_FALSE(GuessZone(samples));
}

TEST(GuessZone, NothingWhenTheBestZoneFitsOnlyByAccident) {
  // A site at UTC in winter, +2 h in summer and +2 h in one winter (its offset setting
  // changed): a 0/+2 zone (Antarctica/Troll) gives 5 of 6, under kZoneMinPercent.
  std::vector<OffsetSample> samples = {
      {kJan2012, 0},    {kJan2012 + kDay, 0},    {kJan2012 + 2 * kDay, 0},
      {kJul2012, 7200}, {kJul2012 + kDay, 7200}, {kJan2012 - 365 * kDay, 7200}};
  EXPECT_FALSE(GuessZone(samples));
}

}  // namespace
}  // namespace quire::content
