// Personal data, WordPress's way: export everything stored about an email address, erase it
// (anonymise the comments, or delete them), and forget commenters' addresses and user agents
// once the retention settings say so. Used by `quire privacy ...`, the admin's personal-data
// screen and the server's hourly task.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::privacy {

// WordPress's wp_privacy_anonymize_ip: IPv4 keeps the first three octets (a.b.c.0); IPv6 keeps
// the first 48 bits (the last 80 zeroed); "" stays ""; anything else becomes "0.0.0.0".
std::string AnonymiseIp(std::string_view ip);

// Everything stored about `email` (ASCII case-insensitive):
//   {"email": E,
//    "comments": [{"id", "post_id", "post_title", "author", "email", "url", "ip", "user_agent",
//                  "date" (ISO-8601 UTC), "status", "content", "link"}],
//    "subscriptions": [{"post_id", "post_title", "created_at", "confirmed_at" (or null)}],
//    "emails": [{"kind", "subject", "created_at", "sent_at" (or null)}]}   (the outbox)
// home: the site's URL, for the links. Read inside one write transaction, so that the
// export is consistent. The Async forms do not wait: done runs on a thread of the store's
// (the server uses them; the CLI waits).
Result<nlohmann::json> ExportPersonalData(store::Store& store, std::string_view email,
                                          const store::Settings& settings, std::string_view home);
void ExportPersonalDataAsync(store::Store& store, std::string email, store::Settings settings,
                             std::string home,
                             std::move_only_function<void(Result<nlohmann::json>)> done);

struct Erasure {
  int comments = 0;       // anonymised or deleted
  int subscriptions = 0;  // deleted
  int emails = 0;         // outbox messages to the address, deleted
};

// Anonymises every comment of `email` (author "Anonymous"; email, url and user agent emptied;
// address anonymised; user link cleared; text kept) or, with delete_comments, deletes them
// (their replies move up to the deleted comment's parent). Also deletes the address's reply
// subscriptions and outbox messages. Records "post:ID" for each post touched and "front".
Result<Erasure> ErasePersonalData(store::Store& store, std::string_view email,
                                  bool delete_comments);
void ErasePersonalDataAsync(store::Store& store, std::string email, bool delete_comments,
                            std::move_only_function<void(Result<Erasure>)> done);

struct Retention {
  int ips = 0;          // comments whose address was removed
  int user_agents = 0;  // comments whose user agent was removed
};

// Empties the address of comments older than settings.ip_retention_days and the user agent of
// those older than settings.user_agent_retention_days, as of `now` (Unix seconds).
Result<Retention> ApplyRetention(store::Store& store, const store::Settings& settings, int64_t now);

}  // namespace quire::privacy
