// Auth over server-side sessions (see auth.h). A login creates a session row holding the SHA-256
// of a random token; the browser holds the token in the quire_session cookie (HttpOnly,
// SameSite=Lax, Path=/, Secure when the request came over TLS — by the X-Forwarded-Proto header
// of a TLS-terminating proxy). With "Remember me" a session lasts session_days (a persistent
// cookie); without it the cookie ends with the browser and the session also ends server-side
// after kBrowserSessionSeconds at most, or after kIdleSeconds without a request. Each session
// has its own random CSRF token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "admin/auth.h"
#include "store/accounts.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::admin {

// What a login creates: the stored session (with its id once written) and its cookie.
struct NewSession {
  store::Session session;
  std::string token;       // the cookie's value; never stored
  std::string set_cookie;  // the Set-Cookie header value
};

class SessionAuth final : public Auth {
 public:
  SessionAuth(store::Store& store, store::Accounts& accounts, const util::Clock& clock)
      : store_(store), accounts_(accounts), clock_(clock) {}

  Result<std::optional<Principal>> Authenticate(const http::Request& request) override;
  bool CheckCsrf(const Principal& principal, const http::Form& form) const override;

  // Without "Remember me": at most this long (WordPress's two days), and ...
  static constexpr int64_t kBrowserSessionSeconds = 2 * 86400;
  // ... no longer than this without a request (activity is recorded every kTouchEverySeconds,
  // so the session may last that much longer).
  static constexpr int64_t kIdleSeconds = 2 * 3600;

  // A fresh session for the user, not yet stored (InsertSession it in a write job). `remember`:
  // session_days and a persistent cookie; else a browser-session cookie, kBrowserSessionSeconds
  // at most (and no more than session_days) and kIdleSeconds idle.
  NewSession Create(const store::User& user, const http::Request& request, bool remember,
                    int session_days) const;
  // Whether a stored session still holds at `now`.
  static bool Live(const store::Session& session, int64_t now);

  // The Set-Cookie value that deletes the session cookie.
  static std::string ClearCookie(const http::Request& request);
  // Whether the request reached us over TLS (X-Forwarded-Proto: https).
  static bool IsSecure(const http::Request& request);

 private:
  // Records activity at most this often per session (a write), so a busy admin costs little.
  static constexpr int64_t kTouchEverySeconds = 300;

  void MaybeTouch(const store::Session& session, int64_t now);

  store::Store& store_;
  store::Accounts& accounts_;
  const util::Clock& clock_;
};

}  // namespace quire::admin
