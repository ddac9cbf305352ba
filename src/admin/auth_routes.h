// The account routes under /admin/ (docs/conventions.md):
//   GET/POST /admin/login          log in (fields log, pwd, rememberme, redirect_to, and the
//                                  pre-login token login_token, which must equal the cookie
//                                  quire_login_token the form's page set: login CSRF)
//   POST     /admin/logout         log out (CSRF) → 303 /admin/login?loggedout=true
//   GET/POST /admin/profile/       see the user's sessions; end one or all the others (CSRF)
//   GET/POST /admin/lostpassword   ask for a reset link (field user_login: login or email)
//   GET/POST /admin/resetpass      set a new password from the emailed link (key, login)
// Wrong passwords and unknown users get the same answer; asking for a reset link answers the
// same whether the account exists or not.
#pragma once

#include <functional>

#include "admin/session_auth.h"
#include "http/router.h"
#include "mail/outbox.h"
#include "store/accounts.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::admin {

// Queues an email inside a write job; the engine passes mail::Queue.
using MailQueue = std::function<Status(store::Transaction&, const mail::Message&)>;

struct AuthRoutesDeps {
  store::Store& store;
  store::Accounts& accounts;
  SessionAuth& auth;
  store::SettingsHolder& settings;  // home_url is the base of links in emails
  const util::Clock& clock;
  MailQueue queue_mail;
};

// Login CSRF (a double-submit token): the login page sets a random token as a cookie (HttpOnly,
// SameSite=Lax, Path=/admin/) and puts the same in a hidden field; a POST whose field is not the
// cookie's token gets 403 and the form again (with a token), before any password is checked. A
// forged cross-site login cannot read or set the cookie. No script is needed.
inline constexpr std::string_view kLoginTokenCookie = "quire_login_token";
inline constexpr std::string_view kLoginTokenField = "login_token";

// Adds the routes above; everything in deps must outlive the router.
void AddAuthRoutes(http::Router& router, AuthRoutesDeps deps);

// Where a login may send the browser: `requested` when it is a local path under /admin,
// else "/admin/".
std::string SafeRedirect(std::string_view requested);

// Login CSRF: whether a browser sent this form from a page of another site (which would sign
// the visitor in to an account of that site's choosing, or send reset mail in their name).
// Browsers say so on every form post: Sec-Fetch-Site (anything but same-origin or none), else
// Origin ("null", or an origin that is neither the request's Host nor home_url's). A request
// with neither header (scripts, the CLI's tests, very old browsers) is not a browser's
// cross-site post. The login form needs no token for this, so a login works from a fresh page.
bool FromAnotherSite(const http::Request& request, std::string_view home_url);

}  // namespace quire::admin
