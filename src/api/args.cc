#include "api/args.h"

#include <algorithm>
#include <map>

#include "util/clock.h"
#include "util/strings.h"

namespace quire::api {
namespace {

std::string_view BaseName(std::string_view name) {
  size_t bracket = name.find('[');
  return bracket == std::string_view::npos || bracket == 0 ? name : name.substr(0, bracket);
}

std::string_view TypeName(ArgType type) {
  switch (type) {
    case ArgType::kInteger: return "integer";
    case ArgType::kBoolean: return "boolean";
    case ArgType::kIntegerList:
    case ArgType::kStringList: return "array";
    case ArgType::kString:
    case ArgType::kDateTime: break;
  }
  return "string";
}

// WordPress's wp_sprintf_l list: "a", "a and b", "a, b, and c".
std::string ListWords(const std::vector<std::string>& words) {
  if (words.size() == 2) return words[0] + " and " + words[1];
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? ", and " : ", ";
    out += words[i];
  }
  return out;
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  text = util::Trim(text);
  if (text.starts_with('+')) text.remove_prefix(1);
  return util::ParseInt(text);
}

std::optional<bool> ParseBoolean(std::string_view text) {
  std::string lower = util::ToLower(util::Trim(text));
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  return std::nullopt;
}

// One integer's checks; the problem or nullopt.
std::optional<ParamProblem> CheckInteger(const ArgSpec& spec, std::string_view label,
                                         std::string_view text, int64_t* out) {
  std::optional<int64_t> value = ParseInteger(text);
  if (!value) {
    return ParamProblem{"rest_invalid_type", std::string(label) + " is not of type integer."};
  }
  bool low = spec.minimum && *value < *spec.minimum;
  bool high = spec.maximum && *value > *spec.maximum;
  if (low || high) {
    std::string message = std::string(label);
    if (spec.minimum && spec.maximum) {
      message += " must be between " + std::to_string(*spec.minimum) + " (inclusive) and " +
                 std::to_string(*spec.maximum) + " (inclusive)";
    } else if (spec.minimum) {
      message += " must be greater than or equal to " + std::to_string(*spec.minimum);
    } else {
      message += " must be less than or equal to " + std::to_string(*spec.maximum);
    }
    return ParamProblem{"rest_out_of_bounds", std::move(message)};
  }
  *out = *value;
  return std::nullopt;
}

std::optional<ParamProblem> CheckEnum(const ArgSpec& spec, std::string_view label,
                                      std::string_view text) {
  if (spec.enum_values.empty()) return std::nullopt;
  if (std::ranges::find(spec.enum_values, text) != spec.enum_values.end()) return std::nullopt;
  return ParamProblem{"rest_not_in_enum",
                      std::string(label) + " is not one of " + ListWords(spec.enum_values) + "."};
}

// The value of one given argument, or its problem.
std::expected<Json, ParamProblem> Check(const ArgSpec& spec,
                                        const std::vector<std::string>& given) {
  const std::string& first = given.front();
  switch (spec.type) {
    case ArgType::kInteger: {
      int64_t value = 0;
      if (auto problem = CheckInteger(spec, spec.name, first, &value)) {
        return std::unexpected(*problem);
      }
      return Json(value);
    }
    case ArgType::kBoolean: {
      std::optional<bool> value = ParseBoolean(first);
      if (!value) {
        return std::unexpected(
            ParamProblem{"rest_invalid_type", spec.name + " is not of type boolean."});
      }
      return Json(*value);
    }
    case ArgType::kDateTime: {
      if (!RestDateToUtc(first, [](int64_t local) { return local; })) {
        return std::unexpected(ParamProblem{"rest_invalid_date", "Invalid date."});
      }
      return Json(first);
    }
    case ArgType::kString: {
      if (auto problem = CheckEnum(spec, spec.name, first)) return std::unexpected(*problem);
      return Json(first);
    }
    case ArgType::kIntegerList:
    case ArgType::kStringList: {
      Json items = Json::array();
      std::vector<std::string> list = ParseList(given);
      for (size_t i = 0; i < list.size(); ++i) {
        std::string label = spec.name + "[" + std::to_string(i) + "]";
        if (spec.type == ArgType::kStringList) {
          if (auto problem = CheckEnum(spec, label, list[i])) return std::unexpected(*problem);
          items.push_back(list[i]);
          continue;
        }
        int64_t value = 0;
        if (auto problem = CheckInteger(spec, label, list[i], &value)) {
          return std::unexpected(*problem);
        }
        items.push_back(value);
      }
      return items;
    }
  }
  return Json(first);
}

}  // namespace

QueryArgs QueryArgs::Parse(std::string_view query) {
  QueryArgs args;
  for (std::string_view pair : util::Split(query, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name = util::UrlDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : util::UrlDecode(pair.substr(eq + 1));
    std::string base(BaseName(name));
    auto it =
        std::ranges::find_if(args.values_, [&](const auto& entry) { return entry.first == base; });
    if (it == args.values_.end()) {
      args.values_.emplace_back(std::move(base), std::vector<std::string>{std::move(value)});
    } else if (name.size() == base.size()) {
      it->second = {std::move(value)};  // a plain name given again: the last wins (PHP)
    } else {
      it->second.push_back(std::move(value));
    }
  }
  return args;
}

const std::vector<std::string>* QueryArgs::Find(std::string_view name) const {
  for (const auto& [key, values] : values_) {
    if (key == name) return &values;
  }
  return nullptr;
}

std::optional<std::string_view> QueryArgs::First(std::string_view name) const {
  const std::vector<std::string>* values = Find(name);
  if (!values || values->empty()) return std::nullopt;
  return values->front();
}

std::vector<std::string> QueryArgs::Names() const {
  std::vector<std::string> names;
  for (const auto& entry : values_) names.push_back(entry.first);
  return names;
}

void QueryArgs::Set(std::string name, std::string value) {
  for (auto& [key, values] : values_) {
    if (key == name) {
      values = {std::move(value)};
      return;
    }
  }
  values_.emplace_back(std::move(name), std::vector<std::string>{std::move(value)});
}

Json ArgSpec::IndexJson() const {
  Json json = Json::object();
  if (!description.empty()) json["description"] = description;
  json["type"] = TypeName(type);
  if (type == ArgType::kDateTime) json["format"] = "date-time";
  if (!default_value.is_null()) json["default"] = default_value;
  if (minimum) json["minimum"] = *minimum;
  if (maximum) json["maximum"] = *maximum;
  if (type == ArgType::kIntegerList) {
    json["items"] = {{"type", "integer"}};
  } else if (type == ArgType::kStringList) {
    json["items"] = {{"type", "string"}};
    if (!enum_values.empty()) json["items"]["enum"] = enum_values;
  } else if (!enum_values.empty()) {
    json["enum"] = enum_values;
  }
  json["required"] = false;
  return json;
}

RestResult<Json> ValidateArgs(const std::vector<ArgSpec>& specs, const QueryArgs& query) {
  Json values = Json::object();
  std::map<std::string, ParamProblem> problems;
  for (const ArgSpec& spec : specs) {
    const std::vector<std::string>* given = query.Find(spec.name);
    if (!given || given->empty()) {
      if (!spec.default_value.is_null()) values[spec.name] = spec.default_value;
      continue;
    }
    std::expected<Json, ParamProblem> value = Check(spec, *given);
    if (!value) {
      problems.emplace(spec.name, std::move(value.error()));
    } else {
      values[spec.name] = std::move(*value);
    }
  }
  if (!problems.empty()) return std::unexpected(InvalidParams(problems));
  return values;
}

std::optional<int64_t> RestDateToUtc(std::string_view text,
                                     const std::function<int64_t(int64_t)>& local_to_utc) {
  // WordPress's rest_parse_date: a full date and time (seconds included), then an optional zone.
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return std::nullopt;
  }
  std::string normal(text);
  normal[10] = 'T';
  std::optional<int64_t> parsed = util::ParseIso8601(normal);
  if (!parsed) return std::nullopt;
  std::string_view rest = std::string_view(normal).substr(19);
  bool zoned = rest.find_first_of("Zz+-") != std::string_view::npos;
  return zoned ? *parsed : local_to_utc(*parsed);
}

std::vector<std::string> ParseList(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const std::string& value : values) {
    std::string item;
    for (char ch : value) {
      if (ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        if (!item.empty()) items.push_back(std::move(item));
        item.clear();
      } else {
        item += ch;
      }
    }
    if (!item.empty()) items.push_back(std::move(item));
  }
  return items;
}

}  // namespace quire::api
