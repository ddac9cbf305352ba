#include "content/site_zone.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cmath>
#include <map>
#include <mutex>
#include <string>

#include "util/mutex.h"

namespace quire::content {

// ICU's zones are immutable once built; their const methods are safe from any thread.
struct SiteZone::Rules {
  std::unique_ptr<icu::TimeZone> zone;
};

namespace {

constexpr double kMillisPerSecond = 1000.0;
constexpr int64_t kSecondsPerHour = 3600;

icu::UnicodeString ToUnicode(std::string_view text) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

}  // namespace

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty()) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool system = false;
  icu::TimeZone::getCanonicalID(ToUnicode(name), canonical, system, status);
  return U_SUCCESS(status) && system;
}

SiteZone SiteZone::Utc() {
  return SiteZone(nullptr, 0);
}

SiteZone SiteZone::FixedOffset(int64_t seconds) {
  return SiteZone(nullptr, seconds);
}

std::optional<SiteZone> SiteZone::Named(std::string_view name) {
  // One zone per name for the process: a site names one or two over its life.
  static util::Mutex mutex;
  static std::map<std::string, std::shared_ptr<const Rules>, std::less<>> known;
  util::MutexLock lock(mutex);
  auto it = known.find(name);
  if (it == known.end()) {
    std::shared_ptr<const Rules> rules;
    if (IsKnownTimeZone(name)) {
      auto built = std::make_shared<Rules>();
      built->zone.reset(icu::TimeZone::createTimeZone(ToUnicode(name)));
      if (built->zone) rules = std::move(built);
    }
    it = known.emplace(std::string(name), std::move(rules)).first;
  }
  if (!it->second) return std::nullopt;
  return SiteZone(it->second, 0);
}

SiteZone SiteZone::Of(const store::Settings& settings) {
  if (!settings.timezone_string.empty()) {
    if (std::optional<SiteZone> named = Named(settings.timezone_string)) return *named;
  }
  return FixedOffset(std::llround(settings.gmt_offset * kSecondsPerHour));
}

int64_t SiteZone::OffsetAt(int64_t utc) const {
  if (!rules_) return fixed_;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  rules_->zone->getOffset(static_cast<double>(utc) * kMillisPerSecond, false, raw, dst, status);
  if (U_FAILURE(status)) return 0;
  return (int64_t{raw} + dst) / 1000;
}

int64_t SiteZone::FromLocal(int64_t local) const {
  if (!rules_) return local - fixed_;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  rules_->zone->getOffset(static_cast<double>(local) * kMillisPerSecond, true, raw, dst, status);
  if (U_FAILURE(status)) return local;
  return local - (int64_t{raw} + dst) / 1000;
}

}  // namespace quire::content
