// The comment form's signed stamp: when the page with the form was rendered, for which post,
// signed with the site secret (HMAC-SHA-256). It lets the server tell how long a form was on
// screen without keeping any state, and tell a form it rendered from a bot posting directly.
//
// Pages are cached and shared, so a stamp is the time its page was *rendered*, which is never
// later than the time a reader was shown it: the time measured from a stamp is never shorter
// than the time the reader really took. A cached page can therefore make nobody look too fast;
// it can only make a stamp old, which is why an old stamp is held, never called spam.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quire::comments::spam {

// The form field that carries the stamp.
inline constexpr std::string_view kStampField = "quire_stamp";
// How long a stamp stays fresh. Older ones (a page cached for weeks, or a stamp a bot saved)
// are held for moderation.
inline constexpr int64_t kStampMaxAgeSeconds = 7 * 86400;
// A stamp from the future beyond this (clock steps) is treated as forged.
inline constexpr int64_t kStampClockSkewSeconds = 60;

// "RENDERED.MAC": RENDERED in Unix seconds, MAC over the post id and that time.
std::string MakeFormStamp(std::string_view secret, int64_t post_id, int64_t rendered_at);

enum class StampCheck {
  kFresh,    // signed by us for this post, shown at least min_seconds ago, not expired
  kMissing,  // no stamp at all: a client that never loaded the form
  kForged,   // malformed, signed with another key, for another post, or from the future
  kTooFast,  // sent less than min_seconds after the page was rendered
  kExpired,  // older than kStampMaxAgeSeconds
};

struct StampVerdict {
  StampCheck check = StampCheck::kMissing;
  int64_t age_seconds = 0;  // now - rendered (kTooFast, kExpired, kFresh)
};

// Checks a stamp sent with a comment on post_id at `now`.
StampVerdict CheckFormStamp(std::string_view secret, int64_t post_id, std::string_view stamp,
                            int64_t now, int64_t min_seconds);

}  // namespace quire::comments::spam
