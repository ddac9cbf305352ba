// Login throttling: failed logins are counted per account (the login name typed) and per client
// address. Once either has `login_max_failures` failures within `login_lockout_minutes`, further
// attempts for it are refused until that many failures are older than the lockout period —
// about `login_lockout_minutes` after the failure that locked it. Before the lock, the login page
// shows how many attempts remain. A successful login forgets both counters. Nothing sleeps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/accounts.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::admin {

struct ThrottleLimits {
  int max_failures = 5;
  int64_t lockout_seconds = 15 * 60;

  static ThrottleLimits From(const store::Settings& settings);
};

struct ThrottleState {
  bool locked = false;
  int64_t locked_until = 0;            // when locked: the first second attempts are allowed again
  int attempts_left = 0;               // when not locked: failures still allowed before the lock
  int MinutesLeft(int64_t now) const;  // when locked: whole minutes, rounded up, at least 1
};

// The state of one counter from its failure times (newest first; only the newest
// limits.max_failures matter).
ThrottleState Evaluate(const std::vector<int64_t>& failures_newest_first, int64_t now,
                       const ThrottleLimits& limits);
// The stricter of two states (locked beats unlocked; the later unlock; fewer attempts left).
ThrottleState Stricter(const ThrottleState& a, const ThrottleState& b);

// "Too many failed login attempts. Please try again in N minutes."
std::string LockedMessage(int minutes);

class LoginThrottle {
 public:
  LoginThrottle(store::Accounts& accounts, const util::Clock& clock)
      : accounts_(accounts), clock_(clock) {}

  // The combined state of the login's and the address's counters now.
  Result<ThrottleState> Check(std::string_view login, std::string_view address,
                              const ThrottleLimits& limits) const;
  // Inside a write job: one more failure for both counters.
  Status RecordFailure(store::Transaction& tx, std::string_view login, std::string_view address,
                       const ThrottleLimits& limits) const;
  // Inside a write job: forgets both counters (after a successful login).
  Status Reset(store::Transaction& tx, std::string_view login, std::string_view address) const;

  // The counter key for a login name: case-folded and trimmed, so "Admin " counts as "admin".
  static std::string LoginKey(std::string_view login);

 private:
  store::Accounts& accounts_;
  const util::Clock& clock_;
};

}  // namespace quire::admin
