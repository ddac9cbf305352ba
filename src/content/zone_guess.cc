#include "content/zone_guess.h"

#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <set>

namespace quire::content {
namespace {

constexpr double kMillisPerSecond = 1000.0;

// How many samples the zone's rules give, stopping once more than `max_misses` miss.
int64_t Matches(const icu::TimeZone& zone, const std::vector<OffsetSample>& samples,
                int64_t max_misses) {
  int64_t matched = 0, missed = 0;
  for (const OffsetSample& sample : samples) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    zone.getOffset(static_cast<double>(sample.utc) * kMillisPerSecond, false, raw, dst, status);
    if (U_SUCCESS(status) && (int64_t{raw} + dst) / 1000 == sample.offset) {
      ++matched;
    } else if (++missed > max_misses) {
      return matched;
    }
  }
  return matched;
}

}  // namespace

std::optional<ZoneGuess> GuessZone(const std::vector<OffsetSample>& samples) {
  std::map<int64_t, int64_t> by_offset;
  for (const OffsetSample& sample : samples) ++by_offset[sample.offset];
  int64_t best_fixed = 0;
  for (const auto& [offset, n] : by_offset) best_fixed = std::max(best_fixed, n);
  if (by_offset.size() < 2) return std::nullopt;  // one offset: nothing a zone adds

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createTimeZoneIDEnumeration(
      UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status) || !ids) return std::nullopt;
  std::optional<ZoneGuess> best;
  int64_t total = static_cast<int64_t>(samples.size());
  for (;;) {
    status = U_ZERO_ERROR;
    const icu::UnicodeString* id = ids->snext(status);
    if (U_FAILURE(status) || id == nullptr) break;
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(*id));
    if (!zone || !by_offset.contains(zone->getRawOffset() / 1000)) continue;
    int64_t floor = best ? best->matched : best_fixed;
    int64_t matched = Matches(*zone, samples, total - floor - 1);
    if (matched > floor) {
      std::string name;
      id->toUTF8String(name);
      best = ZoneGuess{std::move(name), matched};
    }
  }
  if (best && best->matched * 100 < kZoneMinPercent * total) return std::nullopt;
  return best;
}

}  // namespace quire::content
