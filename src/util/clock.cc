#include "util/clock.h"

#include <chrono>
#include <cstdio>

#include "util/strings.h"

namespace quire::util {

int64_t SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

CivilDate ToCivil(int64_t unix_seconds) {
  int64_t days = FloorDiv(unix_seconds, 86400);
  int64_t rest = unix_seconds - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  CivilDate date;
  date.year = static_cast<int>(y + (m <= 2));
  date.month = static_cast<int>(m);
  date.day = static_cast<int>(d);
  date.hour = static_cast<int>(rest / 3600);
  date.minute = static_cast<int>(rest / 60 % 60);
  date.second = static_cast<int>(rest % 60);
  return date;
}

int64_t FromCivil(const CivilDate& date) {
  return DaysFromCivil(date.year, static_cast<unsigned>(date.month),
                       static_cast<unsigned>(date.day)) *
             86400 +
         date.hour * 3600 + date.minute * 60 + date.second;
}

namespace {

bool ReadDigits(std::string_view text, size_t& pos, size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<int64_t> ParseIso8601(std::string_view text) {
  text = Trim(text);
  CivilDate date;
  size_t pos = 0;
  if (!ReadDigits(text, pos, 4, date.year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, date.month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    ++pos;
    if (!ReadDigits(text, pos, 2, date.hour) || !Expect(text, pos, ':') ||
        !ReadDigits(text, pos, 2, date.minute)) {
      return std::nullopt;
    }
    if (Expect(text, pos, ':') && !ReadDigits(text, pos, 2, date.second)) return std::nullopt;
    if (date.hour > 23 || date.minute > 59 || date.second > 60) return std::nullopt;
    if (pos < text.size() && (text[pos] == '.')) {  // fractions of a second are dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    if (Expect(text, pos, 'Z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int hours = 0, minutes = 0;
      if (!ReadDigits(text, pos, 2, hours)) return std::nullopt;
      Expect(text, pos, ':');
      if (!ReadDigits(text, pos, 2, minutes) || hours > 23 || minutes > 59) return std::nullopt;
      offset = sign * (hours * 3600 + minutes * 60);
    }
  }
  if (pos != text.size()) return std::nullopt;
  return FromCivil(date) - offset;
}

std::string FormatIso8601(int64_t unix_seconds) {
  CivilDate d = ToCivil(unix_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                d.hour, d.minute, d.second);
  return buffer;
}

std::string FormatHttpDate(int64_t unix_seconds) {
  CivilDate d = ToCivil(unix_seconds);
  int64_t days = FloorDiv(unix_seconds, 86400);
  const char* weekday = kWeekdays[((days % 7) + 7) % 7];
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %.3s %04d %02d:%02d:%02d GMT", weekday, d.day,
                kMonthNames[d.month - 1], d.year, d.hour, d.minute, d.second);
  return buffer;
}

std::string FormatHumanDate(int64_t unix_seconds) {
  CivilDate d = ToCivil(unix_seconds);
  int hour12 = d.hour % 12 == 0 ? 12 : d.hour % 12;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s %d, %d at %d:%02d %s", kMonthNames[d.month - 1], d.day,
                d.year, hour12, d.minute, d.hour < 12 ? "am" : "pm");
  return buffer;
}

}  // namespace quire::util
