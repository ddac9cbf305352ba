// Mail is never sent while a request waits: a message is written to the outbox in the same
// transaction as whatever caused it (a comment, a password reset), and the mail worker sends it
// later with retries and back-off (mail/outbox_worker.h). A mail server that is down loses
// nothing; a message is claimed (its attempt counted and a lease taken, in one write) before it
// is sent, so a crash or a second node sends it at most once more, after the lease.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::mail {

struct Message {
  std::string to;       // one address
  std::string subject;  // UTF-8; encoded on sending
  std::string text;     // the plain-text body, UTF-8
  // Extra headers, e.g. {"List-Unsubscribe", "<https://…>"}.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string kind;  // what caused it, for the outbox's record: "comment-notify", "reset", ...
};

// The change tag a queued message records, so that a running server's worker wakes at once.
inline constexpr std::string_view kMailChangeTag = "mail";

// Queues the message inside the caller's write transaction (it commits with it), due at once.
// kInvalid when `to` is not a usable address. Header values lose CR/LF (no injection).
Status Queue(store::Transaction& tx, const Message& message);
// Queue with the time of queueing given (Unix seconds; tests).
Status QueueAt(store::Transaction& tx, const Message& message, int64_t now);

}  // namespace quire::mail
