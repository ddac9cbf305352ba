// Query arguments as WordPress reads them, and their validation against a route's argument
// list (the same list the index publishes under "args", so what clients are told is what is
// checked).
//
// Arrays come as CSV ("include=1,2") or repeated "include[]=1&include[]=2" / "include[0]=1";
// unknown arguments are ignored, as WordPress does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/error.h"
#include "api/json.h"

namespace quire::api {

class QueryArgs {
 public:
  // Percent-decodes names and values ('+' is a space); "a[]" and "a[N]" are read as "a".
  static QueryArgs Parse(std::string_view query);

  // Every value given for `name`, in order; null when absent.
  const std::vector<std::string>* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // The first value, or nullopt.
  std::optional<std::string_view> First(std::string_view name) const;
  // The names given, in order of first appearance.
  std::vector<std::string> Names() const;
  // A copy with `name` set to one value (replacing any).
  void Set(std::string name, std::string value);

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> values_;
};

// kDateTime: an ISO 8601 date-time string ("2024-05-01T10:20:30", optionally with Z or +hh:mm),
// kept as text (the handler reads it in the site's zone when it has none: RestDateToUtc).
enum class ArgType { kInteger, kString, kBoolean, kIntegerList, kStringList, kDateTime };

struct ArgSpec {
  std::string name;
  ArgType type = ArgType::kString;
  std::string description;
  Json default_value = nullptr;  // null: none (the argument is absent from the values)
  std::optional<int64_t> minimum, maximum;
  std::vector<std::string> enum_values;  // strings, or the items of a string list

  // The argument as the index lists it: description, type, default, minimum, maximum, enum,
  // items, required (always false: no read argument is required).
  Json IndexJson() const;
};

// Every spec's value: the validated argument (integers as numbers, booleans as booleans, lists
// as arrays) or its default (absent when it has none). 400 rest_invalid_param naming every
// argument that fails, with WordPress's messages.
RestResult<Json> ValidateArgs(const std::vector<ArgSpec>& specs, const QueryArgs& query);

// The UTC instant of a kDateTime argument: with a zone as it says, without one as the site's
// local time (`offset_of_local` converts local wall-clock seconds to UTC). nullopt: invalid.
std::optional<int64_t> RestDateToUtc(std::string_view text,
                                     const std::function<int64_t(int64_t)>& local_to_utc);

// WordPress's wp_parse_list: items split at commas and whitespace, empty ones dropped.
std::vector<std::string> ParseList(const std::vector<std::string>& values);

}  // namespace quire::api
