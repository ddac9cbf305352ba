// The spam defence around comments::Submit, layer by layer; each layer's verdict is written in
// the comment's reason so that moderators see why:
//
//   1. honeypot: a hidden field people leave empty; filled → spam ("spam: honeypot filled")
//   2. form stamp (form_stamp.h): missing or forged → spam; sent sooner than
//      spam_min_submit_seconds after the page was rendered → held (a fast person is not a
//      bot); older than a week → held
//   3. bans (store/spam.h): an email, address or range banned → refused, 403
//   4. rate limits: token buckets per address, email and post → refused, 429
//   5. WordPress's rules (comments::Decide): disallowed keys → trash; links, moderation keys,
//      first comment → held
//   6. the learning filter (filter.h): score ≥ spam_filter_spam_percent → spam, ≥
//      spam_filter_hold_percent → held; neutral (and said so) until trained
//
// Spam and held comments are accepted like any other (303), so a bot learns nothing, and each is
// shown to its author (the held-comment link) as awaiting moderation. Layers 1
// and 2 are off with their settings (spam_honeypot 0, spam_min_submit_seconds 0); moderators
// pass every layer. Submit runs 1, 2 and 6's read before its write job (Screen), 3 and 4 inside
// it after WordPress's flood rule (Admit), and combines the verdicts with Judge.
#pragma once

#include <cstdint>
#include <optional>

#include "comments/spam/filter.h"
#include "comments/spam/rate_limiter.h"
#include "comments/submission.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::comments::spam {

// The form field people leave empty.
inline constexpr std::string_view kHoneypotField = "quire_hp";

// What was found before the write.
struct Screening {
  std::optional<Decision> form;  // layers 1-2: spam or held; nullopt: nothing found
  bool filter_on = false;        // the spam_filter setting
  bool filter_failed = false;    // the counts could not be read (the filter then abstains)
  FilterScore filter;
};

// The rate-limit state of one server (in memory); one per site, shared by all requests.
class SpamGuard {
 public:
  explicit SpamGuard(store::Store& store,
                     size_t max_rate_buckets = RateLimiter::kDefaultMaxBuckets);

  // Layers 1, 2 and the filter's score, for a submission whose fields are already valid.
  // Reads only; thread-safe.
  Screening Screen(const Submission& submission, const store::Settings& settings,
                   int64_t now) const;

  // Layers 3 and 4 inside the comment's write job: kForbidden "Sorry, you are not allowed to
  // comment." for a ban, kRateLimited "You are posting comments too quickly. Slow down." when
  // a bucket is empty (no token is taken then), or the store's error. Moderators pass.
  Status Admit(store::Transaction& tx, const store::Comment& comment, bool is_moderator,
               const store::Settings& settings, int64_t now);

 private:
  store::Store& store_;
  RateLimiter limiter_;
};

// The final decision from WordPress's (`rules`, from Decide) and the screening: moderators'
// comments as the rules say; then form spam, disallowed keys (trash), filter spam, form hold,
// filter hold, and the rules. A held comment's reason also gives the filter's opinion.
Decision Judge(const Decision& rules, const Screening& screening, const store::Settings& settings,
               bool is_moderator);

}  // namespace quire::comments::spam
