// SQLite's answer to the queries of store/moderation.h.
#include <algorithm>
#include <string>
#include <utility>

#include "store/moderation.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Done;
using sqlite::Execute;
using sqlite::Query;
using sqlite::SelectAll;
using sqlite::SelectCount;

// Both statements match the filter (?1: the stored status word, or "all" for pending and
// approved) and the search (?2: a LIKE pattern, or "" for everything). The page lists ids only;
// each row is then read by sqlite::SelectComment, the one reader of a comment's columns.
constexpr std::string_view kSelectPageIds =
    "SELECT id FROM comments WHERE ((?1 = 'all' AND status IN ('0', '1')) OR status = ?1) "
    "AND (?2 = '' OR author LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\' OR "
    "url LIKE ?2 ESCAPE '\\' OR ip LIKE ?2 ESCAPE '\\' OR content LIKE ?2 ESCAPE '\\') "
    "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4";
constexpr std::string_view kCountPage =
    "SELECT COUNT(*) FROM comments WHERE ((?1 = 'all' AND status IN ('0', '1')) OR status = ?1) "
    "AND (?2 = '' OR author LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\' OR "
    "url LIKE ?2 ESCAPE '\\' OR ip LIKE ?2 ESCAPE '\\' OR content LIKE ?2 ESCAPE '\\')";

// The stored word a filter selects ("all" for the All tab).
std::string_view FilterWord(CommentFilter filter) {
  switch (filter) {
    case CommentFilter::kAll: return "all";
    case CommentFilter::kPending: return ToString(CommentStatus::kPending);
    case CommentFilter::kApproved: return ToString(CommentStatus::kApproved);
    case CommentFilter::kSpam: return ToString(CommentStatus::kSpam);
    case CommentFilter::kTrash: return ToString(CommentStatus::kTrash);
  }
  return "all";
}

// "%text%" with LIKE's wildcards escaped; "" for an empty search.
std::string LikePattern(std::string_view search) {
  if (search.empty()) return {};
  std::string pattern = "%";
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

Result<std::vector<int64_t>> SelectPageIds(Connection& c, const ModerationQuery& query,
                                           const std::string& pattern) {
  return SelectAll(c, kSelectPageIds, "listing comments for moderation", sqlite::ReadInt,
                   FilterWord(query.filter), pattern, int64_t{std::max(query.limit, 0)},
                   int64_t{std::max(query.offset, 0)});
}

Result<int64_t> CountPage(Connection& c, const ModerationQuery& query, const std::string& pattern) {
  return SelectCount(c, kCountPage, "counting comments for moderation", FilterWord(query.filter),
                     pattern);
}

Result<std::pair<std::string, int64_t>> ReadStatusCount(const Query& q) {
  return std::pair(q.Text(0), q.Int(1));
}

int64_t& CountOf(CommentCounts& counts, CommentStatus status) {
  switch (status) {
    case CommentStatus::kPending: return counts.pending;
    case CommentStatus::kApproved: return counts.approved;
    case CommentStatus::kSpam: return counts.spam;
    case CommentStatus::kTrash: break;
  }
  return counts.trash;
}

}  // namespace

Result<ModerationPage> ListForModeration(Store& store, const ModerationQuery& query) {
  const std::string pattern = LikePattern(query.search);
  return sqlite::ReadWith<ModerationPage>(store, [&](Connection& c) -> Result<ModerationPage> {
    ModerationPage page;
    Result<std::vector<int64_t>> ids = SelectPageIds(c, query, pattern);
    if (!ids) return std::unexpected(std::move(ids.error()));
    for (int64_t id : *ids) {
      Result<std::optional<Comment>> comment = sqlite::SelectComment(c, id);
      if (!comment) return std::unexpected(std::move(comment.error()));
      if (*comment) page.comments.push_back(std::move(**comment));
    }
    Result<int64_t> total = CountPage(c, query, pattern);
    if (!total) return std::unexpected(std::move(total.error()));
    page.total = *total;
    return page;
  });
}

Result<CommentCounts> CountCommentsByStatus(Store& store) {
  return sqlite::ReadWith<CommentCounts>(store, [](Connection& c) -> Result<CommentCounts> {
    auto rows = SelectAll(c, "SELECT status, COUNT(*) FROM comments GROUP BY status",
                          "counting comments by status", ReadStatusCount);
    if (!rows) return std::unexpected(std::move(rows.error()));
    CommentCounts counts;
    for (const auto& [word, count] : *rows) {
      std::optional<CommentStatus> status = ParseCommentStatus(word);
      if (status) CountOf(counts, *status) = count;
    }
    return counts;
  });
}

Status UpdateComment(Transaction& tx, const CommentEdit& edit) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::optional<Comment>> current = tx.FindComment(edit.id);
  if (!current) return std::unexpected(std::move(current.error()));
  if (!*current) return Fail(ErrorKind::kNotFound, "no comment " + std::to_string(edit.id));
  if (Status s = Done(Execute(**c,
                              "UPDATE comments SET author = ?, email = ?, url = ?, content = ?, "
                              "content_hash = ? WHERE id = ?",
                              "editing a comment", edit.author, edit.email, edit.url, edit.content,
                              sqlite::ContentHash(edit.content), edit.id));
      !s) {
    return s;
  }
  if ((*current)->status != edit.status) {
    if (Status s = tx.SetCommentStatus(edit.id, edit.status, edit.reason); !s) return s;
  }
  return RecordCommentChange(tx, (*current)->post_id);
}

Status DeleteComment(Transaction& tx, int64_t comment_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::optional<Comment>> current = tx.FindComment(comment_id);
  if (!current) return std::unexpected(std::move(current.error()));
  if (!*current) return Fail(ErrorKind::kNotFound, "no comment " + std::to_string(comment_id));
  Result<int> moved =
      Execute(**c, "UPDATE comments SET parent_id = ? WHERE parent_id = ?",
              "moving a deleted comment's replies up", (*current)->parent_id, comment_id);
  if (!moved) return std::unexpected(std::move(moved.error()));
  if (Status s =
          Done(Execute(**c, "DELETE FROM comments WHERE id = ?", "deleting a comment", comment_id));
      !s) {
    return s;
  }
  return RecordCommentChange(tx, (*current)->post_id);
}

}  // namespace quire::store
