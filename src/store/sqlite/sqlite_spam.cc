// store/spam.h for SQLite: bans, the filter's token counts and training labels.
#include <string>
#include <tuple>
#include <utility>

#include "store/spam.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"
#include "util/strings.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Done;
using sqlite::Execute;
using sqlite::Query;
using sqlite::SelectAll;
using sqlite::SelectCount;
using sqlite::SelectFirst;

constexpr std::string_view kInsertBan =
    "INSERT INTO bans (kind, value, expires_at, created_by, reason, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kDeleteBan = "DELETE FROM bans WHERE id = ?1";
constexpr std::string_view kListBans =
    "SELECT id, kind, value, expires_at, created_by, reason, created_at FROM bans "
    "ORDER BY created_at DESC, id DESC";
constexpr std::string_view kBansToCheck =
    "SELECT id, kind, value, expires_at, created_by, reason, created_at FROM bans "
    "WHERE (expires_at IS NULL OR expires_at > ?2) "
    "AND ((kind = 'email' AND value = ?1) OR kind IN ('ip', 'range')) ORDER BY id";
constexpr std::string_view kTotals = "SELECT spam_messages, ham_messages FROM spam_totals";
constexpr std::string_view kCountTokens = "SELECT count(*) FROM spam_tokens";
constexpr std::string_view kSelectTokens =
    "SELECT token, spam_count, ham_count FROM spam_tokens "
    "WHERE token IN (SELECT value FROM json_each(?1))";
constexpr std::string_view kAddTokens =
    "INSERT INTO spam_tokens (token, spam_count, ham_count) "
    "SELECT value, ?2, ?3 FROM json_each(?1) WHERE true "
    "ON CONFLICT (token) DO UPDATE SET spam_count = spam_count + excluded.spam_count, "
    "ham_count = ham_count + excluded.ham_count";
constexpr std::string_view kPruneTokens =
    "DELETE FROM spam_tokens WHERE token IN (SELECT value FROM json_each(?1)) "
    "AND spam_count <= 0 AND ham_count <= 0";
constexpr std::string_view kAddTotals =
    "UPDATE spam_totals SET spam_messages = spam_messages + ?1, "
    "ham_messages = ham_messages + ?2 WHERE id = 1";
constexpr std::string_view kSelectLabel =
    "SELECT is_spam, tokens FROM spam_trained WHERE comment_id = ?1";
constexpr std::string_view kInsertLabel =
    "INSERT INTO spam_trained (comment_id, is_spam, tokens) VALUES (?1, ?2, ?3)";
constexpr std::string_view kDeleteLabel = "DELETE FROM spam_trained WHERE comment_id = ?1";

// A JSON array of strings, for json_each(): one bound parameter whatever the count.
std::string JsonStrings(const std::vector<std::string>& items) {
  std::string json = "[";
  for (const std::string& item : items) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char c : item) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        json += '\\';
        json += c;
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        json += "\\u00";
        json += kHex[u >> 4];
        json += kHex[u & 15];
      } else {
        json += c;
      }
    }
    json += '"';
  }
  return json + "]";
}

Result<Ban> ReadBan(const Query& q) {
  Ban ban;
  ban.id = q.Int(0);
  std::optional<BanKind> kind = ParseBanKind(q.Text(1));
  if (!kind) {
    return Fail(ErrorKind::kInternal,
                "sqlite: unknown ban kind '" + q.Text(1) + "' in row " + std::to_string(ban.id));
  }
  ban.kind = *kind;
  ban.value = q.Text(2);
  if (!q.IsNull(3)) ban.expires_at = q.Int(3);
  ban.created_by = q.Text(4);
  ban.reason = q.Text(5);
  ban.created_at = q.Int(6);
  return ban;
}

Result<std::pair<int64_t, int64_t>> ReadTotalsRow(const Query& q) {
  return std::pair(q.Int(0), q.Int(1));
}

Result<std::pair<std::string, TokenCounts>> ReadToken(const Query& q) {
  return std::pair(q.Text(0), TokenCounts{q.Int(1), q.Int(2)});
}

Result<TrainedLabel> ReadLabel(const Query& q) {
  TrainedLabel label;
  label.is_spam = q.Int(0) != 0;
  std::string tokens = q.Text(1);
  for (std::string_view token : util::Split(tokens, '\n')) {
    if (!token.empty()) label.tokens.emplace_back(token);
  }
  return label;
}

Status ReadTotals(Connection& c, FilterCounts& counts) {
  auto totals = SelectFirst(c, kTotals, "reading the spam filter's totals", ReadTotalsRow);
  if (!totals) return std::unexpected(std::move(totals.error()));
  if (*totals) std::tie(counts.spam_messages, counts.ham_messages) = **totals;
  return {};
}

Status ReadTokens(Connection& c, const std::string& json, FilterCounts& counts) {
  auto tokens = SelectAll(c, kSelectTokens, "reading spam filter tokens", ReadToken, json);
  if (!tokens) return std::unexpected(std::move(tokens.error()));
  for (auto& [token, token_counts] : *tokens) counts.tokens[std::move(token)] = token_counts;
  return {};
}

// Adds `delta` (+1 or -1) of one message with these tokens to the counts.
Status AddCounts(Connection& c, const std::vector<std::string>& tokens, bool is_spam,
                 int64_t delta) {
  std::string json = JsonStrings(tokens);
  int64_t spam = is_spam ? delta : 0;
  int64_t ham = is_spam ? 0 : delta;
  if (Status s = Done(Execute(c, kAddTokens, "counting spam filter tokens", json, spam, ham)); !s) {
    return s;
  }
  if (delta < 0) {
    if (Status s = Done(Execute(c, kPruneTokens, "pruning spam filter tokens", json)); !s) {
      return s;
    }
  }
  return Done(Execute(c, kAddTotals, "counting spam filter messages", spam, ham));
}

}  // namespace

Result<int64_t> InsertBan(Transaction& tx, const Ban& ban) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<Query> query = (*c)->Prepare(kInsertBan);
  if (!query) return std::unexpected(std::move(query.error()));
  query->BindAll(ToString(ban.kind), ban.value);
  if (ban.expires_at) {
    query->Bind(*ban.expires_at);
  } else {
    query->BindNull();
  }
  query->BindAll(ban.created_by, ban.reason, ban.created_at);
  if (Status s = query->Run("adding a ban"); !s) return std::unexpected(std::move(s.error()));
  return sqlite3_last_insert_rowid((*c)->db());
}

Result<bool> DeleteBan(Transaction& tx, int64_t id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<int> deleted = Execute(**c, kDeleteBan, "removing a ban", id);
  if (!deleted) return std::unexpected(std::move(deleted.error()));
  return *deleted > 0;
}

Result<std::vector<Ban>> ListBans(Store& store) {
  return sqlite::ReadWith<std::vector<Ban>>(
      store, [](Connection& c) { return SelectAll(c, kListBans, "reading bans", ReadBan); });
}

Result<std::vector<Ban>> BansToCheck(Transaction& tx, std::string_view email, int64_t now) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return SelectAll(**c, kBansToCheck, "reading bans", ReadBan, util::ToLower(email), now);
}

Result<FilterCounts> LoadFilterCounts(Store& store, const std::vector<std::string>& tokens,
                                      int64_t tokens_from) {
  return sqlite::ReadWith<FilterCounts>(store, [&](Connection& c) -> Result<FilterCounts> {
    FilterCounts counts;
    if (Status s = ReadTotals(c, counts); !s) return std::unexpected(std::move(s.error()));
    if (counts.spam_messages < tokens_from || counts.ham_messages < tokens_from) return counts;
    std::string json = JsonStrings(tokens);
    if (Status s = ReadTokens(c, json, counts); !s) return std::unexpected(std::move(s.error()));
    return counts;
  });
}

Result<FilterCounts> FilterTotals(Store& store) {
  return sqlite::ReadWith<FilterCounts>(store, [](Connection& c) -> Result<FilterCounts> {
    FilterCounts counts;
    if (Status s = ReadTotals(c, counts); !s) return std::unexpected(std::move(s.error()));
    Result<int64_t> distinct = SelectCount(c, kCountTokens, "counting spam filter tokens");
    if (!distinct) return std::unexpected(std::move(distinct.error()));
    counts.distinct_tokens = *distinct;
    return counts;
  });
}

Result<std::optional<TrainedLabel>> FindTrainedLabel(Transaction& tx, int64_t comment_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return SelectFirst(**c, kSelectLabel, "reading a spam filter label", ReadLabel, comment_id);
}

Status AddTrainedLabel(Transaction& tx, int64_t comment_id, const TrainedLabel& label) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  std::string joined;
  for (const std::string& token : label.tokens) {
    if (token.empty() || token.find('\n') != std::string::npos) {
      return Fail(ErrorKind::kInvalid, "a spam filter token is empty or has a line break");
    }
    joined += token;
    joined += '\n';
  }
  int64_t is_spam = label.is_spam ? 1 : 0;
  if (Status s = Done(
          Execute(**c, kInsertLabel, "recording a spam filter label", comment_id, is_spam, joined));
      !s) {
    return s;
  }
  return AddCounts(**c, label.tokens, label.is_spam, +1);
}

Result<bool> RemoveTrainedLabel(Transaction& tx, int64_t comment_id) {
  Result<std::optional<TrainedLabel>> label = FindTrainedLabel(tx, comment_id);
  if (!label) return std::unexpected(std::move(label.error()));
  if (!*label) return false;
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  if (Status s = Done(Execute(**c, kDeleteLabel, "removing a spam filter label", comment_id)); !s) {
    return std::unexpected(std::move(s.error()));
  }
  if (Status s = AddCounts(**c, (*label)->tokens, (*label)->is_spam, -1); !s) {
    return std::unexpected(std::move(s.error()));
  }
  return true;
}

}  // namespace quire::store
