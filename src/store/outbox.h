// Storage for mail: the outbox (messages waiting to be sent, with their attempts) and the
// reply-notification subscriptions. Writes take the Transaction of a Store::Write job, so a
// message commits (or rolls back) with whatever caused it. SQLite's answer is
// store/sqlite/sqlite_outbox.cc; see docs/schema.md (migration 4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// The life of an outbox row:
//
//   queued ──claim──► sending ──ok──► sent
//     ▲                  │
//     └── retry later ───┤ failed attempt (attempts < max)
//                        └──────────► failed (attempts reached the maximum)
//
// "queued" and "sending" are one stored state (sent_at and failed_at NULL); a claim makes the
// row not due until next_attempt_at, which is the lease: a node that crashed mid-send leaves the
// message to be tried again once the lease has passed.
struct OutboxMessage {
  int64_t id = 0;
  std::string kind;  // what caused it: "comment-notify", "moderation", "reset", ...
  std::string to;
  std::string subject;
  std::string body;
  // Extra headers, one "Name: value" per line (stored as text).
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t created_at = 0;
  int attempts = 0;
  int64_t next_attempt_at = 0;  // not sent before this time (0: at once)
  std::string last_error;
  std::optional<int64_t> sent_at;
  std::optional<int64_t> failed_at;  // gave up
};

// Adds a message (id, attempts, sent_at and failed_at are ignored); returns its id.
Result<int64_t> InsertOutboxMessage(Transaction& tx, const OutboxMessage& message);

// Takes the oldest due message (neither sent nor failed, next_attempt_at <= now): adds one to
// its attempts and moves next_attempt_at to `lease_until`, in the transaction. nullopt: none due.
Result<std::optional<OutboxMessage>> ClaimDueOutboxMessage(Transaction& tx, int64_t now,
                                                           int64_t lease_until);
// Records a successful send.
Status MarkOutboxSent(Transaction& tx, int64_t id, int64_t now);
// Records a failed attempt: to be tried again at retry_at, or (nullopt) failed for good.
Status MarkOutboxAttemptFailed(Transaction& tx, int64_t id, std::string_view error,
                               std::optional<int64_t> retry_at, int64_t now);
// Every message, newest first (for tests and the admin); at most `limit`.
Result<std::vector<OutboxMessage>> ListOutboxMessages(Store& store, int limit);
// The messages addressed to `email` (ASCII case-insensitive), newest first.
Result<std::vector<OutboxMessage>> ListOutboxMessagesTo(Transaction& tx, std::string_view email);
// Deletes the messages addressed to `email`; returns how many.
Result<int> DeleteOutboxMessagesTo(Transaction& tx, std::string_view email);

// A commenter's wish to hear of replies to their comments on one post. Confirmed by a link
// in a first email (double opt-in); only the hash of that link's token is stored.
struct Subscription {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string email;  // as typed; matched case-insensitively
  std::string token_hash;
  int64_t created_at = 0;
  std::optional<int64_t> confirmed_at;
};

// The subscription of (post, email), if any.
Result<std::optional<Subscription>> FindSubscription(Transaction& tx, int64_t post_id,
                                                     std::string_view email);
// Creates the (post, email) subscription unconfirmed, or gives an unconfirmed one a new token
// and created_at. Returns its id.
Result<int64_t> UpsertPendingSubscription(Transaction& tx, int64_t post_id, std::string_view email,
                                          std::string_view token_hash, int64_t now);
// Confirms the subscription whose token hash this is; nullopt when there is none.
Result<std::optional<Subscription>> ConfirmSubscription(Transaction& tx,
                                                        std::string_view token_hash, int64_t now);
// Deletes a subscription; returns it (nullopt: none with that id).
Result<std::optional<Subscription>> DeleteSubscription(Transaction& tx, int64_t id);
Result<std::optional<Subscription>> FindSubscriptionById(Transaction& tx, int64_t id);
// Every subscription of an email (case-insensitive), oldest first.
Result<std::vector<Subscription>> ListSubscriptionsOf(Transaction& tx, std::string_view email);
Result<int> DeleteSubscriptionsOf(Transaction& tx, std::string_view email);

// Email addresses (non-empty, as stored) of the users with one of these roles.
Result<std::vector<std::string>> UserEmailsWithRoles(Transaction& tx,
                                                     const std::vector<Role>& roles);
// A user's email inside a transaction; nullopt when there is no such user.
Result<std::optional<User>> FindUserInTransaction(Transaction& tx, int64_t id);

}  // namespace quire::store
