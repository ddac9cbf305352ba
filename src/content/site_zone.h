// The site's time zone, as WordPress keeps it: Settings::timezone_string (an IANA name such as
// "Europe/Berlin", with its daylight-saving rules, read with ICU) or, when that is empty, the
// fixed Settings::gmt_offset (hours, e.g. 5.5). Storage is UTC; WordPress builds permalinks and
// date archives from the LOCAL date, so those convert here. Times shown on pages stay UTC.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "store/settings.h"
#include "util/clock.h"

namespace quire::content {

class SiteZone {
 public:
  // UTC (offset 0): the default of a new site.
  static SiteZone Utc();
  // A fixed offset east of UTC, in seconds.
  static SiteZone FixedOffset(int64_t seconds);
  // The IANA zone `name`; nullopt when ICU does not know it ("Mars/Base" or "").
  static std::optional<SiteZone> Named(std::string_view name);
  // The settings' zone: timezone_string when set and known, else gmt_offset. Zones are built
  // once per name and shared, so this is cheap enough to call for every link. Thread-safe.
  static SiteZone Of(const store::Settings& settings);

  // The offset from UTC (seconds east) in force at the UTC instant `utc`.
  int64_t OffsetAt(int64_t utc) const;
  // The local wall-clock time of `utc`, as seconds since 1970-01-01 00:00 local.
  int64_t ToLocal(int64_t utc) const { return utc + OffsetAt(utc); }
  // The local civil date and time of `utc`.
  util::CivilDate LocalDate(int64_t utc) const { return util::ToCivil(ToLocal(utc)); }
  // The UTC instant of local wall-clock time `local` (seconds since 1970-01-01 00:00 local). A
  // time daylight saving skips is read with the offset before the change, one it repeats with
  // the offset after it (ICU's defaults).
  int64_t FromLocal(int64_t local) const;

 private:
  struct Rules;  // an ICU time zone
  SiteZone(std::shared_ptr<const Rules> rules, int64_t fixed) : rules_(rules), fixed_(fixed) {}

  std::shared_ptr<const Rules> rules_;  // null: the fixed offset
  int64_t fixed_ = 0;
};

// Whether ICU knows the IANA zone name ("Europe/Berlin", "UTC"; not "", "Berlin", "GMT+5").
bool IsKnownTimeZone(std::string_view name);

}  // namespace quire::content
