// SQLite's answer to store/outbox.h: the outbox and subscriptions tables of migration 4.
#include <sqlite3.h>

#include <string>
#include <utility>

#include "store/outbox.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"
#include "util/strings.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Done;
using sqlite::Execute;
using sqlite::Query;
using sqlite::ReadText;
using sqlite::SelectAll;
using sqlite::SelectFirst;

constexpr std::string_view kOutboxColumns =
    "id, kind, \"to\", subject, body, headers, created_at, attempts, next_attempt_at, "
    "last_error, sent_at, failed_at";

std::string JoinHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string text;
  for (const auto& [name, value] : headers) text += name + ": " + value + "\n";
  return text;
}

std::vector<std::pair<std::string, std::string>> SplitHeaders(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (std::string_view line : util::Split(text, '\n')) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return headers;
}

std::optional<int64_t> OptionalInt(const Query& q, int column) {
  if (q.IsNull(column)) return std::nullopt;
  return q.Int(column);
}

Result<OutboxMessage> ReadOutbox(const Query& q) {
  OutboxMessage m;
  m.id = q.Int(0);
  m.kind = q.Text(1);
  m.to = q.Text(2);
  m.subject = q.Text(3);
  m.body = q.Text(4);
  m.headers = SplitHeaders(q.Text(5));
  m.created_at = q.Int(6);
  m.attempts = static_cast<int>(q.Int(7));
  m.next_attempt_at = q.Int(8);
  m.last_error = q.Text(9);
  m.sent_at = OptionalInt(q, 10);
  m.failed_at = OptionalInt(q, 11);
  return m;
}

Result<Subscription> ReadSubscription(const Query& q) {
  Subscription s;
  s.id = q.Int(0);
  s.post_id = q.Int(1);
  s.email = q.Text(2);
  s.token_hash = q.Text(3);
  s.created_at = q.Int(4);
  s.confirmed_at = OptionalInt(q, 5);
  return s;
}

}  // namespace

Result<int64_t> InsertOutboxMessage(Transaction& tx, const OutboxMessage& m) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  auto changed = Execute(**c,
                         "INSERT INTO outbox (kind, \"to\", subject, body, headers, created_at, "
                         "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         "queueing an email", m.kind, m.to, m.subject, m.body,
                         JoinHeaders(m.headers), m.created_at, m.next_attempt_at);
  if (!changed) return std::unexpected(std::move(changed.error()));
  return sqlite3_last_insert_rowid((*c)->db());
}

Result<std::optional<OutboxMessage>> ClaimDueOutboxMessage(Transaction& tx, int64_t now,
                                                           int64_t lease_until) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  static const std::string kSelect =
      "SELECT " + std::string(kOutboxColumns) +
      " FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
      " ORDER BY next_attempt_at, id LIMIT 1";
  auto due = SelectFirst(**c, kSelect, "finding a due email", ReadOutbox, now);
  if (!due || !*due) return due;
  OutboxMessage& m = **due;
  m.attempts += 1;
  m.next_attempt_at = lease_until;
  auto changed = Execute(**c, "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                         "claiming an email", static_cast<int64_t>(m.attempts), lease_until, m.id);
  if (!changed) return std::unexpected(std::move(changed.error()));
  return due;
}

Status MarkOutboxSent(Transaction& tx, int64_t id, int64_t now) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return Done(Execute(**c, "UPDATE outbox SET sent_at = ?, last_error = '' WHERE id = ?",
                      "marking an email sent", now, id));
}

Status MarkOutboxAttemptFailed(Transaction& tx, int64_t id, std::string_view error,
                               std::optional<int64_t> retry_at, int64_t now) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  if (!retry_at) {
    return Done(Execute(**c, "UPDATE outbox SET last_error = ?, failed_at = ? WHERE id = ?",
                        "giving up an email", error, now, id));
  }
  return Done(Execute(**c, "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
                      "recording a failed email", error, *retry_at, id));
}

Result<std::vector<OutboxMessage>> ListOutboxMessages(Store& store, int limit) {
  static const std::string kSql =
      "SELECT " + std::string(kOutboxColumns) + " FROM outbox ORDER BY id DESC LIMIT ?";
  return sqlite::ReadWith<std::vector<OutboxMessage>>(store, [&](Connection& c) {
    return SelectAll(c, kSql, "listing the outbox", ReadOutbox, static_cast<int64_t>(limit));
  });
}

Result<std::vector<OutboxMessage>> ListOutboxMessagesTo(Transaction& tx, std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  static const std::string kSql = "SELECT " + std::string(kOutboxColumns) +
                                  " FROM outbox WHERE \"to\" = ? COLLATE NOCASE ORDER BY id DESC";
  return SelectAll(**c, kSql, "listing emails to an address", ReadOutbox, email);
}

Result<int> DeleteOutboxMessagesTo(Transaction& tx, std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return Execute(**c, "DELETE FROM outbox WHERE \"to\" = ? COLLATE NOCASE",
                 "deleting emails to an address", email);
}

// ---- subscriptions ----

namespace {
constexpr std::string_view kSelectSubscription =
    "SELECT id, post_id, email, token_hash, created_at, confirmed_at FROM subscriptions ";
}  // namespace

Result<std::optional<Subscription>> FindSubscription(Transaction& tx, int64_t post_id,
                                                     std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  static const std::string kSql =
      std::string(kSelectSubscription) + "WHERE post_id = ? AND email = ?";
  return SelectFirst(**c, kSql, "finding a subscription", ReadSubscription, post_id, email);
}

Result<std::optional<Subscription>> FindSubscriptionById(Transaction& tx, int64_t id) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  static const std::string kSql = std::string(kSelectSubscription) + "WHERE id = ?";
  return SelectFirst(**c, kSql, "finding a subscription", ReadSubscription, id);
}

Result<int64_t> UpsertPendingSubscription(Transaction& tx, int64_t post_id, std::string_view email,
                                          std::string_view token_hash, int64_t now) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  auto changed = Execute(**c,
                         "INSERT INTO subscriptions (post_id, email, token_hash, created_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (post_id, email) DO UPDATE SET "
                         "token_hash = excluded.token_hash, created_at = excluded.created_at "
                         "WHERE confirmed_at IS NULL",
                         "saving a subscription", post_id, email, token_hash, now);
  if (!changed) return std::unexpected(std::move(changed.error()));
  auto found = FindSubscription(tx, post_id, email);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found) return Fail(ErrorKind::kInternal, "a saved subscription is missing");
  return (*found)->id;
}

Result<std::optional<Subscription>> ConfirmSubscription(Transaction& tx,
                                                        std::string_view token_hash, int64_t now) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  auto changed = Execute(**c,
                         "UPDATE subscriptions SET confirmed_at = ? "
                         "WHERE token_hash = ? AND confirmed_at IS NULL",
                         "confirming a subscription", now, token_hash);
  if (!changed) return std::unexpected(std::move(changed.error()));
  static const std::string kSql = std::string(kSelectSubscription) + "WHERE token_hash = ?";
  return SelectFirst(**c, kSql, "finding a subscription", ReadSubscription, token_hash);
}

Result<std::optional<Subscription>> DeleteSubscription(Transaction& tx, int64_t id) {
  auto found = FindSubscriptionById(tx, id);
  if (!found || !*found) return found;
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  auto changed =
      Execute(**c, "DELETE FROM subscriptions WHERE id = ?", "deleting a subscription", id);
  if (!changed) return std::unexpected(std::move(changed.error()));
  return found;
}

Result<std::vector<Subscription>> ListSubscriptionsOf(Transaction& tx, std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  static const std::string kSql = std::string(kSelectSubscription) + "WHERE email = ? ORDER BY id";
  return SelectAll(**c, kSql, "listing subscriptions", ReadSubscription, email);
}

Result<int> DeleteSubscriptionsOf(Transaction& tx, std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return Execute(**c, "DELETE FROM subscriptions WHERE email = ?", "deleting subscriptions", email);
}

// ---- users ----

Result<std::vector<std::string>> UserEmailsWithRoles(Transaction& tx,
                                                     const std::vector<Role>& roles) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  std::vector<std::string> emails;
  for (Role role : roles) {
    auto found =
        SelectAll(**c, "SELECT email FROM users WHERE role = ? AND email != '' ORDER BY id",
                  "listing moderators", ReadText, ToString(role));
    if (!found) return std::unexpected(std::move(found.error()));
    emails.insert(emails.end(), found->begin(), found->end());
  }
  return emails;
}

Result<std::optional<User>> FindUserInTransaction(Transaction& tx, int64_t id) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectUser(**c, id);
}

}  // namespace quire::store
