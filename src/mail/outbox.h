// Mail is never sent while a request waits: a message is written to the outbox in the same
// transaction as whatever caused it (a comment, a password reset), and the mail worker sends it
// later with retries and back-off. A mail server that is down loses nothing; a message is sent
// once (marked sent in the same step that records the attempt).
#pragma once

#include <string>
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

// Queues the message inside the caller's write transaction (it commits with it).
Status Queue(store::Transaction& tx, const Message& message);

}  // namespace quire::mail
