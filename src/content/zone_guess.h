// The IANA time zone a site's dates show: given instants and the offset from UTC each had on
// the site (a WordPress post's wp:post_date minus its wp:post_date_gmt), the zone whose rules
// (daylight saving included) give the most of them. Used by the WXR import to set
// Settings::timezone_string, so that each post's local date (and so its permalink) is the one
// WordPress showed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quire::content {

struct OffsetSample {
  int64_t utc = 0;     // Unix seconds
  int64_t offset = 0;  // seconds east of UTC in force then
};

struct ZoneGuess {
  std::string name;     // "Europe/Berlin"; the first in ICU's order among zones that fit alike
  int64_t matched = 0;  // samples its rules give
};

// The canonical IANA zone (Region/City) giving the most samples, when it gives more than any
// single fixed offset does (else a fixed offset describes the dates as well) and at least
// kZoneMinPercent of them (a site that changed its offset setting over the years fits no zone;
// a zone fitting it by accident, such as Antarctica/Troll's 0/+2 for a German site that went
// from +2 to 0 and back, is not taken); else nullopt. Only zones whose current standard
// offset is one of the samples' offsets are tried. Thread-safe.
inline constexpr int64_t kZoneMinPercent = 90;
std::optional<ZoneGuess> GuessZone(const std::vector<OffsetSample>& samples);

}  // namespace quire::content
