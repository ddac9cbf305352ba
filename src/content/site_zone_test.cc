#include "content/site_zone.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "content/permalink.h"
#include "util/clock.h"

namespace quire::content {
namespace {

int64_t Utc(util::CivilDate date) {
  return util::FromCivil(date);
}

TEST(SiteZone, FixedOffsetsShiftTheLocalDate) {
  SiteZone minus7 = SiteZone::FixedOffset(-7 * 3600);
  int64_t early = Utc({2008, 6, 10, 3, 0, 0});  // 20:00 the day before, at UTC-7
  EXPECT_EQ(minus7.OffsetAt(early), -7 * 3600);
  util::CivilDate local = minus7.LocalDate(early);
  EXPECT_EQ(local.day, 9);
  EXPECT_EQ(local.hour, 20);
  EXPECT_EQ(minus7.FromLocal(Utc({2008, 6, 9, 20, 0, 0})), early);
  EXPECT_EQ(SiteZone::Utc().LocalDate(early).day, 10);
}

TEST(SiteZone, NamedZonesFollowDaylightSaving) {
  std::optional<SiteZone> berlin = SiteZone::Named("Europe/Berlin");
  ASSERT_TRUE(berlin);
  EXPECT_EQ(berlin->OffsetAt(Utc({2024, 1, 15, 12})), 3600);
  EXPECT_EQ(berlin->OffsetAt(Utc({2024, 7, 15, 12})), 7200);
  // 23:30 UTC on 31 July is already 1 August in Berlin.
  util::CivilDate local = berlin->LocalDate(Utc({2024, 7, 31, 23, 30}));
  EXPECT_EQ(local.month, 8);
  EXPECT_EQ(local.day, 1);
  EXPECT_EQ(local.hour, 1);
  // Local midnight of 1 August (summer) and of 1 January (winter).
  EXPECT_EQ(berlin->FromLocal(Utc({2024, 8, 1})), Utc({2024, 7, 31, 22}));
  EXPECT_EQ(berlin->FromLocal(Utc({2024, 1, 1})), Utc({2023, 12, 31, 23}));
  // 02:30 on 31 March 2024 does not exist there: read with winter's offset (+1).
  EXPECT_EQ(berlin->FromLocal(Utc({2024, 3, 31, 2, 30})), Utc({2024, 3, 31, 1, 30}));
}

TEST(SiteZone, UnknownNamesAreRefused) {
  EXPECT_FALSE(SiteZone::Named("Mars/Olympus_Mons"));
  EXPECT_FALSE(SiteZone::Named(""));
  EXPECT_FALSE(IsKnownTimeZone("Berlin"));
  EXPECT_FALSE(IsKnownTimeZone("Europe/Berlin\n"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Berlin"));
  EXPECT_TRUE(IsKnownTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
}

TEST(SiteZone, SettingsPreferTheNamedZoneThenTheOffset) {
  store::Settings settings;
  int64_t summer = Utc({2024, 7, 1, 12});
  EXPECT_EQ(SiteZone::Of(settings).OffsetAt(summer), 0);
  settings.gmt_offset = 5.5;
  EXPECT_EQ(SiteZone::Of(settings).OffsetAt(summer), 5 * 3600 + 1800);
  settings.timezone_string = "America/New_York";
  EXPECT_EQ(SiteZone::Of(settings).OffsetAt(summer), -4 * 3600);
  settings.timezone_string = "Nowhere/Special";  // unknown: the offset
  EXPECT_EQ(SiteZone::Of(settings).OffsetAt(summer), 5 * 3600 + 1800);
}

TEST(SiteZone, PermalinksCarryTheLocalDate) {
  store::Post post;
  post.id = 9;
  post.slug = "late-night";
  post.published_at = Utc({2024, 7, 31, 23, 30});
  store::Settings settings;
  EXPECT_EQ(PostPath(post, settings), "/2024/07/31/late-night/");
  settings.timezone_string = "Europe/Berlin";
  EXPECT_EQ(PostPath(post, settings), "/2024/08/01/late-night/");
  settings.timezone_string.clear();
  settings.gmt_offset = -7;
  settings.permalink_structure = "/%year%/%monthnum%/%day%/%hour%/%postname%/";
  EXPECT_EQ(PostPath(post, settings), "/2024/07/31/16/late-night/");
}

TEST(SiteZone, IsSafeToShareBetweenThreads) {
  std::vector<std::thread> threads;
  std::vector<int64_t> offsets(4);
  for (size_t i = 0; i < offsets.size(); ++i) {
    threads.emplace_back([i, &offsets] {
      int64_t sum = 0;
      for (int n = 0; n < 200; ++n) {
        std::optional<SiteZone> zone = SiteZone::Named("Australia/Adelaide");
        sum += zone ? zone->OffsetAt(Utc({2024, 1, 1 + n % 28})) : 0;
      }
      offsets[i] = sum;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int64_t sum : offsets) EXPECT_EQ(sum, 200 * (10 * 3600 + 1800));  // +10:30 in summer
}

}  // namespace
}  // namespace quire::content
