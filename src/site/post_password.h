// Password-protected items (store::Post::password non-empty), as WordPress has them: the item's
// page shows its title and a password form instead of the body, comments and comment form; the
// form posts to /wp-login.php?action=postpass, which sets the cookie wp-postpass_quire and
// answers 303 back to the item. The cookie holds an HMAC of the password under the site secret
// (never the password itself) and lasts 10 days; one cookie for the site, so the last password
// entered is the one that counts (as WordPress). A wrong password is simply a cookie that
// unlocks nothing: the page shows the form again.
//
// Caching: the form page is the same for everyone and is cached; a request carrying the cookie
// is rendered fresh and sent "private, no-store", whether it unlocks the item or not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.h"
#include "store/records.h"
#include "store/settings.h"

namespace quire::site {

inline constexpr std::string_view kPostPassCookie = "wp-postpass_quire";
inline constexpr int64_t kPostPassCookieSeconds = 10 * 24 * 60 * 60;  // 10 days, as WordPress
// What lists, feeds and search show for a protected item instead of its excerpt.
inline constexpr std::string_view kProtectedExcerpt =
    "There is no excerpt because this is a protected post.";
// What the item's page says above the form.
inline constexpr std::string_view kProtectedNotice =
    "This content is password protected. To view it please enter your password below:";

// The cookie's value for a typed password: URL-safe base64 of HMAC-SHA-256(secret, password).
std::string PostPassToken(std::string_view secret, std::string_view password);

// Whether the request carries the post-password cookie at all (its pages are then personal).
bool HasPostPassCookie(const http::Request& request);

// Whether `item` may show its body to this request: it has no password, or the request's
// cookie is the token of its password (compared in constant time).
bool PasswordAccepted(const http::Request& request, const store::Post& item,
                      const store::Settings& settings);

// POST /wp-login.php?action=postpass with the field post_password: sets the cookie and answers
// 303 to the Referer when it is a page of this site (home_url or the request's own host), else
// to the form's redirect_to when it is a local path, else to "/". Other actions: 400.
http::Response PostPassResponse(const http::Request& request, const store::Settings& settings);

}  // namespace quire::site
