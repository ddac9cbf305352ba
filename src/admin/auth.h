// Who is asking: the logged-in user behind a request, from a server-side session. Sessions are
// random tokens given to the browser in an HttpOnly, SameSite=Lax cookie (Secure behind TLS);
// the database keeps only a hash of each. Every state-changing admin form carries the session's
// CSRF token; a request without a valid one is refused with 403 and changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "admin/capabilities.h"
#include "http/form.h"
#include "http/message.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::admin {

// The session cookie's name.
inline constexpr std::string_view kSessionCookie = "quire_session";
// The hidden field every state-changing admin form carries.
inline constexpr std::string_view kCsrfField = "_wpnonce";

struct Principal {
  store::User user;
  int64_t session_id = 0;
  std::string csrf_token;  // put it in forms as kCsrfField; CheckCsrf verifies it

  bool Can(Capability capability) const { return admin::Can(user.role, capability); }
};

class Auth {
 public:
  virtual ~Auth() = default;
  // The user of the request's session cookie; nullopt when there is none or it has expired.
  virtual Result<std::optional<Principal>> Authenticate(const http::Request& request) = 0;
  // Whether the form carries the principal's CSRF token (constant-time comparison).
  virtual bool CheckCsrf(const Principal& principal, const http::Form& form) const = 0;
};

}  // namespace quire::admin
