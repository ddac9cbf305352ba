#include "comments/spam/spam_guard.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "comments/spam/address.h"
#include "comments/spam/form_stamp.h"
#include "store/spam.h"
#include "util/strings.h"

namespace quire::comments::spam {
namespace {

using store::CommentStatus;

constexpr std::string_view kBanned = "Sorry, you are not allowed to comment.";
constexpr std::string_view kTooQuickly = "You are posting comments too quickly. Slow down.";
constexpr int64_t kSecondsPerDay = 86400;

std::optional<Decision> FormVerdict(const Submission& submission, const store::Settings& settings,
                                    int64_t now) {
  if (settings.spam_honeypot && !util::Trim(submission.honeypot).empty()) {
    return Decision{CommentStatus::kSpam, "spam: honeypot filled"};
  }
  if (settings.spam_min_submit_seconds <= 0) return std::nullopt;
  StampVerdict stamp = CheckFormStamp(settings.secret, submission.post_id, submission.form_stamp,
                                      now, settings.spam_min_submit_seconds);
  switch (stamp.check) {
    case StampCheck::kFresh: return std::nullopt;
    case StampCheck::kMissing: return Decision{CommentStatus::kSpam, "spam: no form stamp"};
    case StampCheck::kForged: return Decision{CommentStatus::kSpam, "spam: forged form stamp"};
    case StampCheck::kTooFast:
      // A quick reader replying to a page they already knew is a person too: held for a
      // moderator, never filed as spam on the time alone.
      return Decision{CommentStatus::kPending,
                      "held: sent " + std::to_string(stamp.age_seconds) +
                          " s after the form was shown (minimum " +
                          std::to_string(settings.spam_min_submit_seconds) + " s)"};
    case StampCheck::kExpired:
      return Decision{CommentStatus::kPending,
                      "held: form shown " + std::to_string(stamp.age_seconds / kSecondsPerDay) +
                          " days before (stamps last " +
                          std::to_string(kStampMaxAgeSeconds / kSecondsPerDay) + ")"};
  }
  return std::nullopt;
}

bool Banned(const store::Ban& ban, const store::Comment& comment) {
  switch (ban.kind) {
    case store::BanKind::kEmail:
      return !comment.email.empty() && util::ToLower(comment.email) == ban.value;
    case store::BanKind::kIp: {
      std::optional<IpAddress> banned = ParseIp(ban.value);
      std::optional<IpAddress> address = ParseIp(comment.ip);
      return banned && address && *banned == *address;
    }
    case store::BanKind::kRange: {
      std::optional<IpRange> range = ParseRange(ban.value);
      std::optional<IpAddress> address = ParseIp(comment.ip);
      return range && address && range->Contains(*address);
    }
  }
  return false;
}

std::vector<RateKey> RateKeysOf(const store::Comment& comment, const store::Settings& settings) {
  std::vector<RateKey> keys;
  if (!comment.ip.empty()) {
    keys.push_back({"ip:" + comment.ip, {settings.rate_ip_burst, settings.rate_ip_per_hour}});
  }
  if (!comment.email.empty()) {
    keys.push_back({"email:" + util::ToLower(comment.email),
                    {settings.rate_email_burst, settings.rate_email_per_hour}});
  }
  keys.push_back({"post:" + std::to_string(comment.post_id),
                  {settings.rate_post_burst, settings.rate_post_per_hour}});
  return keys;
}

// The filter's opinion for a reason: "filter score 0.42", "filter untrained", "" when off.
std::string FilterNote(const Screening& screening) {
  if (!screening.filter_on) return "";
  if (screening.filter_failed) return "filter unavailable";
  if (!screening.filter.trained) return "filter untrained";
  return "filter score " + FormatScore(screening.filter.score);
}

std::string Threshold(int percent) {
  return FormatScore(percent / 100.0);
}

}  // namespace

SpamGuard::SpamGuard(store::Store& store, size_t max_rate_buckets)
    : store_(store), limiter_(max_rate_buckets) {}

Screening SpamGuard::Screen(const Submission& submission, const store::Settings& settings,
                            int64_t now) const {
  Screening screening;
  if (submission.is_moderator) return screening;
  screening.form = FormVerdict(submission, settings, now);
  screening.filter_on = settings.spam_filter;
  if (!screening.filter_on) return screening;
  store::Comment typed;
  typed.author = submission.author;
  typed.email = submission.email;
  typed.url = submission.url;
  typed.content = submission.content;
  Result<FilterScore> score = ScoreComment(store_, typed);
  if (!score) {
    spdlog::warn("spam filter: cannot read its counts: {}", score.error().message);
    screening.filter_failed = true;
    return screening;
  }
  screening.filter = *score;
  return screening;
}

Status SpamGuard::Admit(store::Transaction& tx, const store::Comment& comment, bool is_moderator,
                        const store::Settings& settings, int64_t now) {
  if (is_moderator) return {};
  Result<std::vector<store::Ban>> bans = store::BansToCheck(tx, comment.email, now);
  if (!bans) return std::unexpected(std::move(bans.error()));
  for (const store::Ban& ban : *bans) {
    if (Banned(ban, comment)) return Fail(ErrorKind::kForbidden, std::string(kBanned));
  }
  if (limiter_.Take(RateKeysOf(comment, settings), now)) {
    return Fail(ErrorKind::kRateLimited, std::string(kTooQuickly));
  }
  return {};
}

Decision Judge(const Decision& rules, const Screening& screening, const store::Settings& settings,
               bool is_moderator) {
  if (is_moderator) return rules;
  if (screening.form && screening.form->status == CommentStatus::kSpam) return *screening.form;
  if (rules.status == CommentStatus::kTrash) return rules;
  bool scored = screening.filter_on && !screening.filter_failed && screening.filter.trained;
  double score = screening.filter.score;
  if (scored && score * 100.0 >= settings.spam_filter_spam_percent) {
    return {CommentStatus::kSpam, "spam: filter score " + FormatScore(score) + " (spam at " +
                                      Threshold(settings.spam_filter_spam_percent) + ")"};
  }
  Decision decision = rules;
  if (screening.form) {
    decision = *screening.form;
  } else if (scored && score * 100.0 >= settings.spam_filter_hold_percent) {
    decision = {CommentStatus::kPending, "held: filter score " + FormatScore(score) + " (hold at " +
                                             Threshold(settings.spam_filter_hold_percent) + ")"};
  }
  if (decision.status == CommentStatus::kPending &&
      !util::StartsWith(decision.reason, "held: filter score")) {
    std::string note = FilterNote(screening);
    if (!note.empty()) decision.reason += "; " + note;
  }
  return decision;
}

}  // namespace quire::comments::spam
