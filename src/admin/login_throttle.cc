#include "admin/login_throttle.h"

#include <algorithm>

#include "util/strings.h"

namespace quire::admin {

ThrottleLimits ThrottleLimits::From(const store::Settings& settings) {
  return ThrottleLimits{settings.login_max_failures, int64_t{settings.login_lockout_minutes} * 60};
}

int ThrottleState::MinutesLeft(int64_t now) const {
  int64_t seconds = std::max<int64_t>(locked_until - now, 1);
  return static_cast<int>((seconds + 59) / 60);
}

ThrottleState Evaluate(const std::vector<int64_t>& failures_newest_first, int64_t now,
                       const ThrottleLimits& limits) {
  const int64_t since = now - limits.lockout_seconds;
  int recent = 0;
  for (int64_t at : failures_newest_first) {
    if (at <= since || recent == limits.max_failures) break;
    ++recent;
  }
  ThrottleState state;
  if (recent < limits.max_failures) {
    state.attempts_left = limits.max_failures - recent;
    return state;
  }
  state.locked = true;
  // The oldest of the newest max_failures failures leaves the window at this time.
  state.locked_until = failures_newest_first[limits.max_failures - 1] + limits.lockout_seconds;
  return state;
}

ThrottleState Stricter(const ThrottleState& a, const ThrottleState& b) {
  if (a.locked != b.locked) return a.locked ? a : b;
  if (a.locked) return a.locked_until >= b.locked_until ? a : b;
  return a.attempts_left <= b.attempts_left ? a : b;
}

std::string LockedMessage(int minutes) {
  return "Too many failed login attempts. Please try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute." : " minutes.");
}

std::string LoginThrottle::LoginKey(std::string_view login) {
  return util::ToLower(util::Trim(login));
}

Result<ThrottleState> LoginThrottle::Check(std::string_view login, std::string_view address,
                                           const ThrottleLimits& limits) const {
  const int64_t now = clock_.Now();
  const int64_t since = now - limits.lockout_seconds + 1;
  auto by_login = accounts_.RecentLoginFailures(store::FailureScope::kLogin, LoginKey(login), since,
                                                limits.max_failures);
  if (!by_login) return std::unexpected(std::move(by_login.error()));
  auto by_address = accounts_.RecentLoginFailures(store::FailureScope::kAddress, address, since,
                                                  limits.max_failures);
  if (!by_address) return std::unexpected(std::move(by_address.error()));
  return Stricter(Evaluate(*by_login, now, limits), Evaluate(*by_address, now, limits));
}

Status LoginThrottle::RecordFailure(store::Transaction& tx, std::string_view login,
                                    std::string_view address, const ThrottleLimits& limits) const {
  const int64_t now = clock_.Now();
  const int64_t forget_before = now - limits.lockout_seconds;
  if (Status s = accounts_.RecordLoginFailure(tx, store::FailureScope::kLogin, LoginKey(login), now,
                                              forget_before);
      !s) {
    return s;
  }
  return accounts_.RecordLoginFailure(tx, store::FailureScope::kAddress, address, now,
                                      forget_before);
}

Status LoginThrottle::Reset(store::Transaction& tx, std::string_view login,
                            std::string_view address) const {
  if (Status s = accounts_.ClearLoginFailures(tx, store::FailureScope::kLogin, LoginKey(login));
      !s) {
    return s;
  }
  return accounts_.ClearLoginFailures(tx, store::FailureScope::kAddress, address);
}

}  // namespace quire::admin
