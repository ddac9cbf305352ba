#include "admin/settings_screen.h"

#include <span>
#include <utility>
#include <vector>

#include "admin/guard.h"
#include "comments/submission.h"
#include "site/layout.h"
#include "store/settings.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;

enum class Kind { kCheckbox, kNumber, kText, kEmail, kTextarea, kPassword, kChoice };

// One option of a kChoice field: the stored value and the words shown for it.
struct Choice {
  std::string_view value;
  std::string_view label;
};

constexpr Choice kSecurityChoices[] = {{"starttls", "starttls"}, {"tls", "tls"}, {"none", "none"}};
constexpr Choice kDefaultPageChoices[] = {{"newest", "last"}, {"oldest", "first"}};
constexpr Choice kOrderChoices[] = {{"asc", "older"}, {"desc", "newer"}};

struct FieldSpec {
  std::string_view group;
  std::string_view key;
  Kind kind;
  std::string_view label;
  std::string_view help = {};
  int min = 0, max = 0;                  // kNumber: the range Settings::Load clamps to
  std::span<const Choice> choices = {};  // kChoice: the options, in order
  std::string_view suffix = {};          // words after the input, finishing the sentence
};

constexpr std::string_view kDiscussion = "Discussion";
constexpr std::string_view kSpam = "Spam defence";
constexpr std::string_view kEmail = "Email";
constexpr std::string_view kPersonal = "Personal data";
constexpr std::string_view kPerformance = "Performance";
constexpr std::string_view kGroups[] = {kDiscussion, kSpam, kEmail, kPersonal, kPerformance};

// The form, in order; labels use WordPress's wording where WordPress has the setting.
constexpr FieldSpec kFields[] = {
    {kDiscussion, "require_name_email", Kind::kCheckbox,
     "Comment author must fill out name and email"},
    {kDiscussion, "comment_registration", Kind::kCheckbox,
     "Users must be registered and logged in to comment"},
    {kDiscussion, "close_comments_for_old_posts", Kind::kCheckbox,
     "Automatically close comments on old posts"},
    {kDiscussion, "close_comments_days_old", Kind::kNumber,
     "Close comments on posts older than this many days", "", 0, 36500},
    {kDiscussion, "show_comments_cookies_opt_in", Kind::kCheckbox,
     "Show comments cookies opt-in checkbox, allowing comment author cookies to be set"},
    {kDiscussion, "thread_comments", Kind::kCheckbox, "Enable threaded (nested) comments"},
    {kDiscussion, "thread_comments_depth", Kind::kNumber, "Levels deep", "From 2 to 10.", 2, 10},
    {kDiscussion, "page_comments", Kind::kCheckbox, "Break comments into pages"},
    {kDiscussion,
     "comments_per_page",
     Kind::kNumber,
     "Break comments into pages with",
     "",
     1,
     1000,
     {},
     "top level comments per page"},
    {kDiscussion, "default_comments_page", Kind::kChoice, "and the", "", 0, 0, kDefaultPageChoices,
     "page displayed by default"},
    {kDiscussion, "comment_order", Kind::kChoice, "Comments should be displayed with the", "", 0, 0,
     kOrderChoices, "comments at the top of each page"},
    {kDiscussion, "comments_notify", Kind::kCheckbox, "Email me whenever anyone posts a comment"},
    {kDiscussion, "moderation_notify", Kind::kCheckbox,
     "Email me whenever a comment is held for moderation"},
    {kDiscussion, "comment_moderation", Kind::kCheckbox,
     "Before a comment appears: comment must be manually approved"},
    {kDiscussion, "comment_previously_approved", Kind::kCheckbox,
     "Before a comment appears: comment author must have a previously approved comment"},
    {kDiscussion, "comment_max_links", Kind::kNumber,
     "Hold a comment in the queue if it contains this many or more links",
     "A common characteristic of comment spam is a large number of hyperlinks. 0 turns this "
     "off.",
     0, 1000},
    {kDiscussion, "moderation_keys", Kind::kTextarea, "Comment Moderation",
     "When a comment contains any of these words in its content, author name, URL, email, IP "
     "address, or browser's user agent string, it will be held in the moderation queue. One "
     "word or IP address per line. It will match inside words, so \u201cpress\u201d will match "
     "\u201cWordPress\u201d."},
    {kDiscussion, "disallowed_keys", Kind::kTextarea, "Disallowed Comment Keys",
     "When a comment contains any of these words in its content, author name, URL, email, IP "
     "address, or browser's user agent string, it will be put in the Trash. One word or IP "
     "address per line. It will match inside words, so \u201cpress\u201d will match "
     "\u201cWordPress\u201d."},
    {kDiscussion, "show_avatars", Kind::kCheckbox, "Show Avatars",
     "Pictures drawn on this server from a private key; never derived from the email."},
    {kDiscussion, "comment_flood_seconds", Kind::kNumber,
     "Seconds between two comments from the same address or email",
     "Comments sent sooner are refused (flood protection). 0 turns this off.", 0, 86400},

    {kSpam, "spam_honeypot", Kind::kCheckbox,
     "Add a hidden field that people leave empty and robots fill in (honeypot)"},
    {kSpam, "spam_min_submit_seconds", Kind::kNumber,
     "Treat a form sent sooner than this many seconds after it was shown as spam",
     "0 turns this off.", 0, 3600},
    {kSpam, "rate_ip_burst", Kind::kNumber, "Comments at once from one address", "", 1, 10000},
    {kSpam, "rate_ip_per_hour", Kind::kNumber, "Then comments an hour from one address", "", 1,
     100000},
    {kSpam, "rate_email_burst", Kind::kNumber, "Comments at once from one email", "", 1, 10000},
    {kSpam, "rate_email_per_hour", Kind::kNumber, "Then comments an hour from one email", "", 1,
     100000},
    {kSpam, "rate_post_burst", Kind::kNumber, "Comments at once on one post", "", 1, 10000},
    {kSpam, "rate_post_per_hour", Kind::kNumber, "Then comments an hour on one post", "", 1,
     100000},
    {kSpam, "spam_filter", Kind::kCheckbox, "Use the learning spam filter",
     "It learns from your Spam and Not spam decisions and stays neutral until trained."},
    {kSpam, "spam_filter_hold_percent", Kind::kNumber,
     "Hold a comment for moderation at this spam score (%)", "", 1, 100},
    {kSpam, "spam_filter_spam_percent", Kind::kNumber,
     "Mark a comment as spam at this spam score (%)", "", 1, 100},

    {kEmail, "admin_email", Kind::kEmail, "Administration Email Address",
     "This address is used for admin purposes."},
    {kEmail, "mail_from", Kind::kEmail, "From address",
     "The sender of the site's messages; empty: quire@ the server's host name."},
    {kEmail, "smtp_host", Kind::kText, "SMTP server",
     "Empty: messages wait in the outbox until a server is set."},
    {kEmail, "smtp_port", Kind::kNumber, "SMTP port", "", 1, 65535},
    {kEmail, "smtp_security", Kind::kChoice, "Connection security",
     "starttls: upgrade a plain connection (port 587); tls: TLS from the start (port 465); "
     "none: unencrypted.",
     0, 0, kSecurityChoices},
    {kEmail, "smtp_user", Kind::kText, "SMTP user name"},
    {kEmail, "smtp_password", Kind::kPassword, "SMTP password",
     "Not shown. Leave empty to keep the current password."},

    {kPersonal, "ip_retention_days", Kind::kNumber,
     "Keep commenters' IP addresses for this many days", "Then they are removed.", 1, 36500},
    {kPersonal, "user_agent_retention_days", Kind::kNumber,
     "Keep commenters' browser user agents for this many days", "Then they are removed.", 1, 36500},

    {kPerformance, "page_cache_mb", Kind::kNumber, "Memory for cached pages (MiB)",
     "Rendered pages kept in memory, counted as the bytes they hold; the least read go first. "
     "Takes effect at once.",
     16, 65536},
};

std::string ValueOf(const std::map<std::string, std::string>& values, std::string_view key) {
  auto it = values.find(std::string(key));
  return it == values.end() ? std::string() : it->second;
}

std::string WithoutCarriageReturns(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '\r') out += c;
  }
  return out;
}

// The submitted text of one field, before normalisation; kInvalid when it is malformed.
Result<std::string> Submitted(const FieldSpec& field, const http::Form& form,
                              const std::map<std::string, std::string>& current) {
  std::string_view raw = form.GetOr(field.key);
  if (!util::IsValidUtf8(raw)) {
    return Fail(ErrorKind::kInvalid,
                "\u201c" + std::string(field.label) + "\u201d is not valid text.");
  }
  switch (field.kind) {
    case Kind::kCheckbox: return std::string(form.Has(field.key) ? "1" : "0");
    case Kind::kNumber: {
      std::optional<int64_t> number = util::ParseInt(util::Trim(raw));
      if (!number) return std::string(util::Trim(raw));  // refused below, with its range
      return std::to_string(*number);
    }
    case Kind::kTextarea: return WithoutCarriageReturns(raw);
    case Kind::kPassword: return raw.empty() ? ValueOf(current, field.key) : std::string(raw);
    case Kind::kEmail: return std::string(util::Trim(raw));
    case Kind::kChoice: {
      for (const Choice& choice : field.choices) {
        if (raw == choice.value) return std::string(raw);
      }
      return Fail(ErrorKind::kInvalid, "\u201c" + std::string(field.label) +
                                           "\u201d: please choose one of the options.");
    }
    case Kind::kText: break;
  }
  return std::string(util::Trim(raw));
}

std::string RefusalFor(const FieldSpec& field) {
  std::string message = "\u201c" + std::string(field.label) + "\u201d: ";
  if (field.kind == Kind::kNumber) {
    return message + "enter a whole number from " + std::to_string(field.min) + " to " +
           std::to_string(field.max) + ".";
  }
  return message + "this value cannot be saved.";
}

mustache::data FieldView(const FieldSpec& field, const std::string& value) {
  mustache::data view;
  view.set("key", std::string(field.key));
  view.set("label", std::string(field.label));
  view.set("has_help", !field.help.empty());
  view.set("help", std::string(field.help));
  view.set("is_checkbox", field.kind == Kind::kCheckbox);
  view.set("is_number", field.kind == Kind::kNumber);
  view.set("is_text", field.kind == Kind::kText);
  view.set("is_email", field.kind == Kind::kEmail);
  view.set("is_textarea", field.kind == Kind::kTextarea);
  view.set("is_password", field.kind == Kind::kPassword);
  view.set("is_choice", field.kind == Kind::kChoice);
  view.set("has_suffix", !field.suffix.empty());
  view.set("suffix", std::string(field.suffix));
  view.set("checked", value == "1");
  view.set("value", field.kind == Kind::kPassword ? std::string() : value);
  view.set("password_set", field.kind == Kind::kPassword && !value.empty());
  view.set("min", std::to_string(field.min));
  view.set("max", std::to_string(field.max));
  mustache::data options(mustache::data::type::list);
  if (field.kind == Kind::kChoice) {
    for (const Choice& choice : field.choices) {
      mustache::data option;
      option.set("value", std::string(choice.value));
      option.set("option_label", std::string(choice.label));
      option.set("selected", value == choice.value);
      options.push_back(std::move(option));
    }
  }
  view.set("options", options);
  return view;
}

mustache::data FormView(const std::map<std::string, std::string>& values) {
  mustache::data groups(mustache::data::type::list);
  for (std::string_view group : kGroups) {
    mustache::data fields(mustache::data::type::list);
    for (const FieldSpec& field : kFields) {
      if (field.group == group) fields.push_back(FieldView(field, ValueOf(values, field.key)));
    }
    mustache::data view;
    view.set("title", std::string(group));
    view.set("id", util::ToLower(group.substr(0, group.find(' '))));
    view.set("fields", fields);
    groups.push_back(std::move(view));
  }
  mustache::data data;
  data.set("groups", groups);
  return data;
}

// The stored settings, normalised (defaults filled in).
Result<std::map<std::string, std::string>> CurrentSettings(store::Store& store) {
  Result<std::map<std::string, std::string>> stored = store.LoadSettings();
  if (!stored) return stored;
  return store::Settings::Load(*stored).ToMap();
}

}  // namespace

Result<std::map<std::string, std::string>> SettingsScreen::FromForm(
    const http::Form& form, const std::map<std::string, std::string>& current) {
  std::map<std::string, std::string> merged = current;
  for (const FieldSpec& field : kFields) {
    Result<std::string> value = Submitted(field, form, current);
    if (!value) return std::unexpected(std::move(value.error()));
    // The one check every writer of a setting goes through (the CLI's too).
    if (Status valid = store::ValidateSetting(field.key, *value); !valid) {
      return Fail(ErrorKind::kInvalid,
                  "\u201c" + std::string(field.label) + "\u201d: " + valid.error().message + ".");
    }
    merged[std::string(field.key)] = std::move(*value);
  }
  const std::map<std::string, std::string> normalised = store::Settings::Load(merged).ToMap();
  std::map<std::string, std::string> result;
  for (const FieldSpec& field : kFields) {
    std::string submitted = ValueOf(merged, field.key);
    if (ValueOf(normalised, field.key) != submitted) {
      return Fail(ErrorKind::kInvalid, RefusalFor(field));
    }
    result.emplace(field.key, std::move(submitted));
  }
  return result;
}

void SettingsScreen::Show(const http::Request& request, const Principal& principal,
                          http::Respond respond) const {
  Result<std::map<std::string, std::string>> current = CurrentSettings(deps_.store);
  if (!current) return respond(site::FailureResponse(current.error()));
  AdminPage page{.title = "Discussion Settings", .section = Section::kSettings};
  if (http::Form::Parse(request.Query()).Has("updated")) page.notice = "Settings saved.";
  respond(layout_.Screen("settings", principal, FormView(*current), std::move(page)));
}

void SettingsScreen::Save(const http::Request& request, const Principal& principal,
                          http::Respond respond) const {
  const http::Form form = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, form, respond)) return;
  Result<std::map<std::string, std::string>> current = CurrentSettings(deps_.store);
  if (!current) return respond(site::FailureResponse(current.error()));
  Result<std::map<std::string, std::string>> wanted = FromForm(form, *current);
  if (!wanted) {
    std::map<std::string, std::string> shown = *current;
    for (const FieldSpec& field : kFields) {
      if (field.kind == Kind::kCheckbox) {
        shown[std::string(field.key)] = form.Has(field.key) ? "1" : "0";
      } else if (field.kind != Kind::kPassword) {
        shown[std::string(field.key)] = std::string(form.GetOr(field.key));
      }
    }
    AdminPage page{.title = "Discussion Settings", .section = Section::kSettings};
    page.error = wanted.error().message + " Nothing was saved.";
    return respond(layout_.Screen("settings", principal, FormView(shown), std::move(page), 400));
  }
  std::vector<std::pair<std::string, std::string>> changed;
  for (auto& [key, value] : *wanted) {
    if (ValueOf(*current, key) != value) changed.emplace_back(key, value);
  }
  if (changed.empty()) return respond(SeeOther("/admin/settings/discussion/?updated=1"));
  store::WriteJob job = [changed](store::Transaction& tx) -> Status {
    for (const auto& [key, value] : changed) {
      if (Status set = tx.SetSetting(key, value); !set) return set;
    }
    return tx.RecordChange("*");
  };
  deps_.store.Write(
      std::move(job), [this, principal, respond = std::move(respond)](Status status) mutable {
        if (!status)
          return respond(layout_.ErrorPage(principal, Section::kSettings, status.error()));
        respond(SeeOther("/admin/settings/discussion/?updated=1"));
      });
}

}  // namespace quire::admin
