#include "store/settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <string_view>

#include "util/email.h"
#include "util/strings.h"

namespace quire::store {
namespace {

struct TextField {
  std::string_view key;
  std::string Settings::*member;
};

struct BoolField {
  std::string_view key;
  bool Settings::*member;
};

struct IntField {
  std::string_view key;
  int Settings::*member;
  int min;
  int max;
};

constexpr std::array<TextField, 19> kTextFields = {{
    {"timezone_string", &Settings::timezone_string},
    {"robots_txt", &Settings::robots_txt},
    {"show_on_front", &Settings::show_on_front},
    {"blogname", &Settings::title},
    {"blogdescription", &Settings::tagline},
    {"home", &Settings::home_url},
    {"permalink_structure", &Settings::permalink_structure},
    {"theme_dir", &Settings::theme_dir},
    {"secret", &Settings::secret},
    {"moderation_keys", &Settings::moderation_keys},
    {"disallowed_keys", &Settings::disallowed_keys},
    {"admin_email", &Settings::admin_email},
    {"mail_from", &Settings::mail_from},
    {"smtp_host", &Settings::smtp_host},
    {"smtp_security", &Settings::smtp_security},
    {"smtp_user", &Settings::smtp_user},
    {"smtp_password", &Settings::smtp_password},
    {"default_comments_page", &Settings::default_comments_page},
    {"comment_order", &Settings::comment_order},
}};

constexpr std::array<BoolField, 15> kBoolFields = {{
    {"rss_use_excerpt", &Settings::rss_use_excerpt},
    {"blog_public", &Settings::blog_public},
    {"require_name_email", &Settings::require_name_email},
    {"comment_registration", &Settings::comment_registration},
    {"close_comments_for_old_posts", &Settings::close_comments_for_old_posts},
    {"show_comments_cookies_opt_in", &Settings::show_comments_cookies_opt_in},
    {"thread_comments", &Settings::thread_comments},
    {"comment_moderation", &Settings::comment_moderation},
    {"comment_previously_approved", &Settings::comment_previously_approved},
    {"show_avatars", &Settings::show_avatars},
    {"comments_notify", &Settings::comments_notify},
    {"moderation_notify", &Settings::moderation_notify},
    {"spam_honeypot", &Settings::spam_honeypot},
    {"spam_filter", &Settings::spam_filter},
    {"page_comments", &Settings::page_comments},
}};

constexpr std::array<IntField, 29> kIntFields = {{
    {"posts_per_rss", &Settings::posts_per_rss, 1, 100},
    {"page_on_front", &Settings::page_on_front, 0, 2000000000},
    {"max_upload_mb", &Settings::max_upload_mb, 1, 2048},
    {"thumbnail_size_w", &Settings::thumbnail_size, 0, 4096},
    {"medium_size_w", &Settings::medium_size, 0, 4096},
    {"medium_large_size_w", &Settings::medium_large_size, 0, 4096},
    {"large_size_w", &Settings::large_size, 0, 8192},
    {"posts_per_page", &Settings::posts_per_page, 1, 100},
    {"close_comments_days_old", &Settings::close_comments_days_old, 0, 36500},
    {"thread_comments_depth", &Settings::thread_comments_depth, 2, 10},
    {"comments_per_page", &Settings::comments_per_page, 1, 1000},
    {"comment_max_links", &Settings::comment_max_links, 0, 1000},
    {"comment_flood_seconds", &Settings::comment_flood_seconds, 0, 86400},
    {"spam_min_submit_seconds", &Settings::spam_min_submit_seconds, 0, 3600},
    {"rate_ip_burst", &Settings::rate_ip_burst, 0, 10000},
    {"rate_ip_per_hour", &Settings::rate_ip_per_hour, 1, 100000},
    {"rate_email_burst", &Settings::rate_email_burst, 0, 10000},
    {"rate_email_per_hour", &Settings::rate_email_per_hour, 1, 100000},
    {"rate_post_burst", &Settings::rate_post_burst, 0, 10000},
    {"rate_post_per_hour", &Settings::rate_post_per_hour, 1, 100000},
    {"spam_filter_hold_percent", &Settings::spam_filter_hold_percent, 1, 100},
    {"spam_filter_spam_percent", &Settings::spam_filter_spam_percent, 1, 100},
    {"session_days", &Settings::session_days, 1, 365},
    {"login_max_failures", &Settings::login_max_failures, 1, 100},
    {"login_lockout_minutes", &Settings::login_lockout_minutes, 1, 1440},
    {"smtp_port", &Settings::smtp_port, 1, 65535},
    {"ip_retention_days", &Settings::ip_retention_days, 1, 36500},
    {"user_agent_retention_days", &Settings::user_agent_retention_days, 1, 36500},
    {"page_cache_mb", &Settings::page_cache_mb, 16, 65536},
}};

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower = util::ToLower(util::Trim(text));
  if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower.empty() || lower == "0" || lower == "false" || lower == "no" || lower == "off") {
    return false;
  }
  return std::nullopt;
}

std::optional<int> ParseClampedInt(std::string_view text, int min, int max) {
  std::optional<int64_t> value = util::ParseInt(util::Trim(text));
  if (!value) return std::nullopt;
  return static_cast<int>(std::clamp<int64_t>(*value, min, max));
}

constexpr std::string_view kGmtOffsetKey = "gmt_offset";
constexpr double kMinGmtOffset = -12, kMaxGmtOffset = 14;
constexpr size_t kMaxZoneName = 64;

// Hours east of UTC ("5.5", "-7"), clamped to the range; nullopt when not a number.
std::optional<double> ParseGmtOffset(std::string_view text) {
  text = util::Trim(text);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return std::clamp(value, kMinGmtOffset, kMaxGmtOffset);
}

// An IANA zone name's characters ("America/Argentina/Buenos_Aires", "Etc/GMT+5").
bool IsZoneNameSyntax(std::string_view name) {
  if (name.size() > kMaxZoneName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '+' || c == '-';
  });
}

// Text settings with a fixed set of values: anything else becomes the first (the default).
void NormaliseChoices(Settings& settings) {
  if (!IsZoneNameSyntax(settings.timezone_string)) settings.timezone_string.clear();
  if (settings.default_comments_page != "oldest") settings.default_comments_page = "newest";
  if (settings.comment_order != "desc") settings.comment_order = "asc";
  if (settings.show_on_front != "page") settings.show_on_front = "posts";
}

// Text settings with a fixed set of values, and the values.
struct ChoiceField {
  std::string_view key;
  std::array<std::string_view, 3> values;  // empty entries unused
};
constexpr std::array<ChoiceField, 4> kChoiceFields = {{
    {"default_comments_page", {"newest", "oldest", {}}},
    {"comment_order", {"asc", "desc", {}}},
    {"show_on_front", {"posts", "page", {}}},
    {"smtp_security", {"starttls", "tls", "none"}},
}};
constexpr std::array<std::string_view, 2> kEmailKeys = {"admin_email", "mail_from"};

Status Invalid(std::string reason) {
  return Fail(ErrorKind::kInvalid, std::move(reason));
}

// Found by fuzzing: in "/%postname%4%post_id%.html" a slug may end in "4" and digits, so a
// path splits into slug and number in more than one way (WordPress's own pattern has the same
// flaw). Text between %postname% and %post_id%, tags aside, needs a character other than a
// digit: it then marks exactly where one ends and the other begins.
Status NameAndIdSeparated(std::string_view structure) {
  size_t name = structure.find("%postname%"), id = structure.find("%post_id%");
  if (name == std::string_view::npos || id == std::string_view::npos) return {};
  const size_t first_end = name < id ? name + std::string_view("%postname%").size()
                                     : id + std::string_view("%post_id%").size();
  std::string_view between = structure.substr(first_end, std::max(name, id) - first_end);
  bool in_tag = false, separated = false;
  for (char c : between) {
    if (c == '%') {
      in_tag = !in_tag;
    } else if (!in_tag && (c < '0' || c > '9')) {
      separated = true;
    }
  }
  if (separated) return {};
  return Invalid(
      "%postname% and %post_id% need text other than digits between them, such as '-' or "
      "'/', so that a link says where one ends and the other begins");
}

// WordPress's custom structures, limited to the tags Quire renders: starts with '/', every
// %word% is a known tag, and the post's slug or number is in it (else two posts share a URL).
Status ValidatePermalinkStructure(std::string_view structure) {
  if (structure.size() > kMaxPermalinkStructure) {
    return Invalid("a permalink structure is at most " + std::to_string(kMaxPermalinkStructure) +
                   " characters");
  }
  if (structure.empty() || structure.front() != '/') {
    return Invalid("a permalink structure starts with '/', e.g. /%year%/%monthnum%/%postname%/");
  }
  std::string known;
  for (std::string_view tag : kPermalinkTags)
    known += (known.empty() ? "" : " ") + std::string(tag);
  bool names_the_post = false;
  for (size_t pos = structure.find('%'); pos != std::string_view::npos;) {
    size_t end = structure.find('%', pos + 1);
    if (end == std::string_view::npos) {
      return Invalid("the '%' at position " + std::to_string(pos + 1) +
                     " opens a tag that never closes; tags are " + known);
    }
    std::string_view tag = structure.substr(pos, end - pos + 1);
    if (std::find(std::begin(kPermalinkTags), std::end(kPermalinkTags), tag) ==
        std::end(kPermalinkTags)) {
      return Invalid(std::string(tag) + " is not a permalink tag; tags are " + known);
    }
    const bool names = tag == "%postname%" || tag == "%post_id%";
    if (names && structure.find(tag, end + 1) != std::string_view::npos) {
      return Invalid(std::string(tag) + " may appear only once in a permalink structure");
    }
    // Found by fuzzing: "%post_id%%post_id%" gives paths that match no post. A slug or number
    // runs to the next literal text, so it needs some before the next tag.
    if (names && structure.substr(end + 1, 1) == "%") {
      return Invalid(std::string(tag) +
                     " must be followed by text such as '/' or '-' before the "
                     "next tag");
    }
    names_the_post = names_the_post || names;
    pos = structure.find('%', end + 1);
  }
  if (!names_the_post) {
    return Invalid(
        "a permalink structure needs %postname% or %post_id%, so that each post has "
        "its own address");
  }
  if (Status separated = NameAndIdSeparated(structure); !separated) return separated;
  for (char c : structure) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#' || c == '\\' || c == 0x7f) {
      return Invalid("a permalink structure has no spaces, control characters, '?', '#' or '\\'");
    }
  }
  return {};
}

}  // namespace

Status ValidateSetting(std::string_view key, std::string_view value) {
  if (!util::IsValidUtf8(value)) return Invalid("the value is not valid UTF-8 text");
  for (const IntField& field : kIntFields) {
    if (field.key != key) continue;
    std::optional<int64_t> number = util::ParseInt(util::Trim(value));
    if (!number || *number < field.min || *number > field.max) {
      return Invalid("enter a whole number from " + std::to_string(field.min) + " to " +
                     std::to_string(field.max));
    }
    return {};
  }
  for (const BoolField& field : kBoolFields) {
    if (field.key != key) continue;
    if (!ParseBool(value)) return Invalid("enter 1 or 0 (also true/false, yes/no, on/off)");
    return {};
  }
  if (key == kGmtOffsetKey) {
    std::optional<double> hours = ParseGmtOffset(value);
    if (!hours || *hours != std::strtod(std::string(util::Trim(value)).c_str(), nullptr)) {
      return Invalid("enter hours east of UTC from -12 to 14, e.g. 5.5 or -7");
    }
    return {};
  }
  for (const ChoiceField& field : kChoiceFields) {
    if (field.key != key) continue;
    std::string names;
    for (std::string_view choice : field.values) {
      if (choice.empty()) continue;
      if (choice == value) return {};
      names += (names.empty() ? "" : ", ") + std::string(choice);
    }
    return Invalid("please choose one of the options (" + names + ")");
  }
  if (std::find(kEmailKeys.begin(), kEmailKeys.end(), key) != kEmailKeys.end()) {
    if (!value.empty() && !util::IsEmail(value)) {
      return Invalid("please enter a valid email address");
    }
    return {};
  }
  if (key == "permalink_structure") return ValidatePermalinkStructure(value);
  if (key == "timezone_string") {
    if (!IsZoneNameSyntax(value)) {
      return Invalid("not a time zone name such as Europe/Berlin (or empty: use gmt_offset)");
    }
    return {};
  }
  for (const TextField& field : kTextFields) {
    if (field.key == key) return {};
  }
  return Fail(ErrorKind::kNotFound, "unknown setting '" + std::string(key) + "'");
}

Settings Settings::Load(const std::map<std::string, std::string>& stored) {
  Settings settings;
  auto find = [&stored](std::string_view key) -> const std::string* {
    auto it = stored.find(std::string(key));
    return it == stored.end() ? nullptr : &it->second;
  };
  for (const TextField& field : kTextFields) {
    if (const std::string* value = find(field.key)) settings.*field.member = *value;
  }
  for (const BoolField& field : kBoolFields) {
    const std::string* value = find(field.key);
    if (!value) continue;
    if (std::optional<bool> parsed = ParseBool(*value)) settings.*field.member = *parsed;
  }
  for (const IntField& field : kIntFields) {
    const std::string* value = find(field.key);
    if (!value) continue;
    std::optional<int> parsed = ParseClampedInt(*value, field.min, field.max);
    if (parsed) settings.*field.member = *parsed;
  }
  if (const std::string* value = find(kGmtOffsetKey)) {
    if (std::optional<double> parsed = ParseGmtOffset(*value)) settings.gmt_offset = *parsed;
  }
  NormaliseChoices(settings);
  return settings;
}

std::map<std::string, std::string> Settings::ToMap() const {
  std::map<std::string, std::string> out;
  for (const TextField& field : kTextFields) out.emplace(field.key, this->*field.member);
  for (const BoolField& field : kBoolFields) {
    out.emplace(field.key, this->*field.member ? "1" : "0");
  }
  for (const IntField& field : kIntFields) {
    out.emplace(field.key, std::to_string(this->*field.member));
  }
  // The shortest text that reads back as the same number ("5.5", "-7", "0").
  out.emplace(kGmtOffsetKey, fmt::format("{}", gmt_offset));
  return out;
}

}  // namespace quire::store
