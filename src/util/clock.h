// Time is UTC inside Quire: whole seconds since the Unix epoch. A Clock can be replaced in tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quire::util {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t Now() const = 0;  // seconds since the epoch, UTC
};

class SystemClock final : public Clock {
 public:
  int64_t Now() const override;
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
};

CivilDate ToCivil(int64_t unix_seconds);
int64_t FromCivil(const CivilDate& date);

// Accepts "2024-05-01", "2024-05-01T10:20", "2024-05-01T10:20:30", with an optional "Z" or
// "+hh:mm" offset (converted to UTC) and a space in place of the T.
std::optional<int64_t> ParseIso8601(std::string_view text);
std::string FormatIso8601(int64_t unix_seconds);   // 2024-05-01T10:20:30Z
std::string FormatHttpDate(int64_t unix_seconds);  // Wed, 01 May 2024 10:20:30 GMT
// "May 1, 2024 at 10:20 am", WordPress's default date and time format.
std::string FormatHumanDate(int64_t unix_seconds);

}  // namespace quire::util
