// The emails a comment causes, queued in the comment's own transaction (never sent while a
// request waits; see mail/outbox.h). Plain English text; no message ever carries a commenter's
// email address or IP address, so nobody learns another person's address from Quire's mail.
//
//  - a new approved comment → the post's author (settings.comments_notify); a post without an
//    author → settings.admin_email; nothing when the commenter is that author;
//  - a held comment → moderators (administrators, editors and admin_email) with links to
//    approve, spam or trash it (settings.moderation_notify; docs/conventions.md, admin URLs);
//  - the "Notify me of follow-up comments by email" box → a confirmation email (double
//    opt-in); once confirmed, every approved reply to that person's comments on the post →
//    "New reply to your comment on TITLE", with a one-click unsubscribe link and the
//    List-Unsubscribe / List-Unsubscribe-Post headers (RFC 8058).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::mail {

// The form's checkbox: name "subscribe", value "yes".
inline constexpr std::string_view kSubscribeField = "subscribe";
inline constexpr std::string_view kSubscribeLabel = "Notify me of follow-up comments by email";
// Where the links in subscription emails point (mail/subscription_routes.h).
inline constexpr std::string_view kConfirmPath = "/comment-subscription/confirm";
inline constexpr std::string_view kUnsubscribePath = "/comment-subscription/unsubscribe";

// For comments::Submit's after_store: what a comment just stored causes. When approved, what
// OnCommentApproved queues; when held (pending), the moderators' messages; spam and trash cause
// nothing. With `subscribe` (and an email, and not spam/trash) a confirmation email is queued
// unless the (post, email) subscription is already confirmed. home: the site's URL without
// the trailing slash.
Status OnCommentStored(store::Transaction& tx, const store::Comment& comment, bool subscribe,
                       const store::Settings& settings, std::string_view home);

// Call when a comment becomes approved (at submission, or by a moderator: the CLI's
// `comment approve`, the admin's approve action) inside that transaction, once per change to
// approved: queues the post author's message and the reply notification to the parent
// comment's author when they have a confirmed subscription for the post.
Status OnCommentApproved(store::Transaction& tx, const store::Comment& comment,
                         const store::Settings& settings, std::string_view home);

// --- tokens ---
// A fresh random token for a confirmation link (64 hex characters).
std::string NewConfirmToken();
// What the subscriptions table keeps of a confirmation token: hex SHA-256.
std::string HashConfirmToken(std::string_view token);
// The unsubscribe token of a subscription: "ID.HMAC" keyed with the site secret, so no
// secret has to be stored to write it into every notification.
std::string UnsubscribeToken(std::string_view secret, int64_t subscription_id);
// The subscription id of a valid unsubscribe token.
std::optional<int64_t> VerifyUnsubscribeToken(std::string_view secret, std::string_view token);

}  // namespace quire::mail
