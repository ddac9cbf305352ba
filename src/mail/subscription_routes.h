// The pages behind the links of reply-notification emails:
//   GET  /comment-subscription/confirm?token=T      confirms a subscription (double opt-in)
//   GET  /comment-subscription/unsubscribe?token=T  ends it at once (the link in each email)
//   POST /comment-subscription/unsubscribe?token=T  the same, RFC 8058 one-click (mail clients)
// Each answers a small page (200; 404 for a token that is not valid), never cached. HEAD
// changes nothing (link checkers).
#pragma once

#include "http/router.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"

namespace quire::mail {

// Adds the routes above to `router`; the referenced objects must outlive it.
void AddSubscriptionRoutes(http::Router& router, store::Store& store,
                           store::SettingsHolder& settings, const util::Clock& clock);

}  // namespace quire::mail
