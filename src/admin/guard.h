// Guarding admin routes: who may reach a screen, and which POSTs are genuine.
//
//   router.Add("GET", "/admin/comments/", admin::Guard(auth, Capability::kModerateComments,
//       [&](const http::Request& request, const http::Params& params,
//           const admin::Principal& principal, http::Respond respond) { ... }));
//
// Guard() authenticates the request's session cookie before calling the handler:
//   - no valid session      → 303 to /admin/login?redirect_to=<the request's path and query>
//                             (so a link from an email works after logging in);
//   - lacking the capability → 403 "Sorry, you are not allowed to access this page.";
//   - the store failing      → 500;
//   - otherwise the handler runs with the Principal (the user, the session id and its CSRF token).
// Guard() does NOT check CSRF: a POST handler calls RequireCsrf() first and returns when it
// answers false (the 403 has then been sent, and nothing may change):
//
//   if (!admin::RequireCsrf(auth, principal, form, respond)) return;
//
// Forms embed the token as <input type="hidden" name="_wpnonce" value="{{csrf}}"> with
// principal.csrf_token (kCsrfField in auth.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "admin/auth.h"
#include "admin/capabilities.h"
#include "http/form.h"
#include "http/message.h"
#include "http/router.h"

namespace quire::admin {

using GuardedHandler =
    std::function<void(const http::Request&, const http::Params&, const Principal&, http::Respond)>;

// A route handler that runs `handler` only for a logged-in user holding `needed` (see above).
// `auth` must outlive the returned handler.
http::RouteHandler Guard(Auth& auth, Capability needed, GuardedHandler handler);

// True when the form carries the principal's CSRF token. Otherwise answers 403 with the page
// "The link you followed has expired." through `respond` (which is then spent) and returns false.
bool RequireCsrf(const Auth& auth, const Principal& principal, const http::Form& form,
                 http::Respond& respond);

// The same check as Guard(auth, needed, ...), made from the request's head before its body is
// read (http::Router::Add's admit): an anonymous request gets the 303 to the login page and a
// user lacking `needed` the 403, and the connection closes without reading the body. A store
// failure lets the request in (Guard then answers it). `auth` must outlive the result.
http::AdmitHandler GuardHead(Auth& auth, Capability needed);

// GuardHead's checks, then the CSRF token from the head (HeadCsrfToken), for the forms whose
// bodies are large (the media upload, the WXR import): a missing or wrong token gets the 403
// "link expired" page with the body unread (a forged cross-site upload costs no upload).
// Their forms carry the token in the action's query string (?_wpnonce=...); other clients may
// send it as X-WP-Nonce. `auth` must outlive the result.
http::AdmitHandler GuardUploadHead(Auth& auth, Capability needed);

// The CSRF token in a request's head: the X-WP-Nonce field, else the query's _wpnonce; "" when
// neither is there.
std::string HeadCsrfToken(std::string_view target, std::optional<std::string_view> nonce_header);

// RequireCsrf for the forms of GuardUploadHead: the head's token or the form's field.
bool RequireUploadCsrf(const Auth& auth, const Principal& principal, const http::Request& request,
                       const http::Form& fields, http::Respond& respond);

// The 403 page for a missing or wrong CSRF token.
http::Response ExpiredLinkResponse();
// The 403 page for a missing capability.
http::Response ForbiddenResponse();
// Where an anonymous request for `target` is sent: /admin/login?redirect_to=<target, encoded>.
std::string LoginRedirectLocation(std::string_view target);

}  // namespace quire::admin
