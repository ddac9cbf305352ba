// What the spam defence keeps (comments/spam/ decides, this only stores): bans of an email, an
// address or an address range, each with its expiry and who set it and why; and the learning
// filter's token counts, its totals, and which comments it was trained on (so that a decision
// reversed by a moderator can be untrained exactly). Reads take a Store (the read pool); writes
// a Transaction of a Store::Write job, so they commit with the moderation that caused them.
// Implemented for SQLite in store/sqlite/sqlite_spam.cc (tables in schema_spam.cc).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::store {

enum class BanKind { kEmail, kIp, kRange };

// "email", "ip", "range" (the stored words).
inline std::string_view ToString(BanKind kind) {
  return kind == BanKind::kEmail ? "email" : kind == BanKind::kIp ? "ip" : "range";
}
inline std::optional<BanKind> ParseBanKind(std::string_view text) {
  if (text == "email") return BanKind::kEmail;
  if (text == "ip") return BanKind::kIp;
  if (text == "range") return BanKind::kRange;
  return std::nullopt;
}

struct Ban {
  int64_t id = 0;
  BanKind kind = BanKind::kEmail;
  // kEmail: the address in lower case; kIp: an address in canonical form; kRange: CIDR text
  // such as "203.0.113.0/24" or "2001:db8::/32".
  std::string value;
  std::optional<int64_t> expires_at;  // Unix seconds; nullopt: never
  std::string created_by;             // who banned ("admin", "command line (alice)")
  std::string reason;
  int64_t created_at = 0;

  bool ActiveAt(int64_t now) const { return !expires_at || *expires_at > now; }
};

// Adds a ban; returns its id.
Result<int64_t> InsertBan(Transaction& tx, const Ban& ban);
// Removes a ban; false when there is none with this id.
Result<bool> DeleteBan(Transaction& tx, int64_t id);
// Every ban, expired ones too, newest first.
Result<std::vector<Ban>> ListBans(Store& store);
// The bans that may apply to a comment at `now`: the active email bans of this email (compared
// in lower case) and every active address and range ban (few; matched by the caller).
Result<std::vector<Ban>> BansToCheck(Transaction& tx, std::string_view email, int64_t now);

// How often a token was seen in spam and in genuine (ham) comments the filter was trained on.
struct TokenCounts {
  int64_t spam = 0;
  int64_t ham = 0;
};

struct FilterCounts {
  int64_t spam_messages = 0;                  // comments trained as spam
  int64_t ham_messages = 0;                   // comments trained as not spam
  int64_t distinct_tokens = 0;                // filled by FilterTotals only
  std::map<std::string, TokenCounts> tokens;  // the tokens asked for that were ever seen
};

// The totals and the counts of these tokens, in one read (one statement for the tokens). With
// `tokens_from` > 0 the tokens are read only when both totals reach it (an untrained filter's
// score needs no token: its totals say so, and a comment costs one row read).
Result<FilterCounts> LoadFilterCounts(Store& store, const std::vector<std::string>& tokens,
                                      int64_t tokens_from = 0);
// The totals and the number of distinct tokens (for `quire spam stats`).
Result<FilterCounts> FilterTotals(Store& store);

// What a comment was trained as, and with which tokens.
struct TrainedLabel {
  bool is_spam = false;
  std::vector<std::string> tokens;
};

Result<std::optional<TrainedLabel>> FindTrainedLabel(Transaction& tx, int64_t comment_id);
// Records the label and adds its tokens (+1 each) and message to the counts. The comment must
// have no label (remove the old one first).
Status AddTrainedLabel(Transaction& tx, int64_t comment_id, const TrainedLabel& label);
// Removes the label, subtracting what AddTrainedLabel added; false when there was none.
Result<bool> RemoveTrainedLabel(Transaction& tx, int64_t comment_id);

}  // namespace quire::store
