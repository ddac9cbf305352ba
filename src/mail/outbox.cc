#include "mail/outbox.h"

#include "mail/message_format.h"
#include "store/outbox.h"
#include "util/clock.h"

namespace quire::mail {

Status Queue(store::Transaction& tx, const Message& message) {
  return QueueAt(tx, message, util::SystemClock().Now());
}

Status QueueAt(store::Transaction& tx, const Message& message, int64_t now) {
  if (!IsSafeAddress(message.to)) {
    return Fail(ErrorKind::kInvalid,
                "cannot queue an email to '" + CleanHeaderValue(message.to) + "': not an address");
  }
  store::OutboxMessage row;
  row.kind = message.kind;
  row.to = message.to;
  row.subject = CleanHeaderValue(message.subject);
  row.body = message.text;
  for (const auto& [name, value] : message.headers) {
    row.headers.emplace_back(CleanHeaderValue(name), CleanHeaderValue(value));
  }
  row.created_at = now;
  row.next_attempt_at = now;
  auto id = store::InsertOutboxMessage(tx, row);
  if (!id) return std::unexpected(std::move(id.error()));
  return tx.RecordChange(kMailChangeTag);
}

}  // namespace quire::mail
