// The headers every answer carries against content sniffing, framing and injected script: one
// function the server's dispatch runs on every response, so no route can forget them.
//
//   every answer:        X-Content-Type-Options: nosniff
//   HTML, public pages:  Content-Security-Policy kPublicPolicy, X-Frame-Options: SAMEORIGIN,
//                        Referrer-Policy: strict-origin-when-cross-origin
//   HTML under /admin:   Content-Security-Policy kAdminPolicy, X-Frame-Options: DENY, same
//                        Referrer-Policy
//   over TLS:            Strict-Transport-Security kHstsValue (the request came through a
//                        TLS-terminating proxy: X-Forwarded-Proto: https)
// A header a route already set is kept (uploads set their own nosniff; the admin its own
// X-Frame-Options). The theme and the admin have no inline script or style (the comment form's
// JSON-LD is a data block, which CSP does not run); an administrator's raw HTML in a post may
// still have inline styles (allowed on public pages) but not inline script.
#pragma once

#include <string_view>

#include "http/message.h"

namespace quire::site {

// Public pages: scripts only from the site; images, audio/video, fonts and frames (embeds) from
// anywhere on the web (imported posts link http: images of old hosts); inline styles allowed
// (writers' markup); no plugins; forms post only here; framed only by the site itself.
inline constexpr std::string_view kPublicPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; "
    "media-src *; frame-src *; font-src * data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'";
// The admin: nothing inline at all (the preview's images and embeds may come from anywhere),
// never framed.
inline constexpr std::string_view kAdminPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src * data:; media-src *; "
    "frame-src *; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// One year; subdomains are the operator's choice, so they are not included.
inline constexpr std::string_view kHstsValue = "max-age=31536000";

// Adds the headers above that `response` lacks, for the request they answer.
void AddSecurityHeaders(const http::Request& request, http::Response& response);

}  // namespace quire::site
