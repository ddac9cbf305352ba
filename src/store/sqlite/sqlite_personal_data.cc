// SQLite's answer to store/personal_data.h, over the comments table of migration 1.
#include <utility>

#include "store/personal_data.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Done;

// sqlite::Execute on the connection of tx.
template <typename... Args>
Result<int> Execute(Transaction& tx, std::string_view sql, std::string_view doing,
                    const Args&... args) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Execute(**c, sql, doing, args...);
}

}  // namespace

Result<std::vector<Comment>> CommentsByEmail(Transaction& tx, std::string_view email) {
  auto c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  auto ids = sqlite::SelectAll(**c,
                               "SELECT id FROM comments WHERE email = ? COLLATE NOCASE AND "
                               "email != '' ORDER BY created_at, id",
                               "finding comments by email", sqlite::ReadInt, email);
  if (!ids) return std::unexpected(std::move(ids.error()));
  std::vector<Comment> comments;
  for (int64_t id : *ids) {
    auto comment = tx.FindComment(id);
    if (!comment) return std::unexpected(std::move(comment.error()));
    if (*comment) comments.push_back(std::move(**comment));
  }
  return comments;
}

Status AnonymiseComment(Transaction& tx, int64_t comment_id, std::string_view anonymised_ip) {
  return Done(Execute(tx,
                      "UPDATE comments SET author = 'Anonymous', email = '', url = '', "
                      "user_agent = '', ip = ?, user_id = 0 WHERE id = ?",
                      "anonymising a comment", anonymised_ip, comment_id));
}

Status DeleteCommentKeepingReplies(Transaction& tx, int64_t comment_id) {
  auto comment = tx.FindComment(comment_id);
  if (!comment) return std::unexpected(std::move(comment.error()));
  if (!*comment) return {};
  auto moved = Execute(tx, "UPDATE comments SET parent_id = ? WHERE parent_id = ?",
                       "re-parenting replies", (*comment)->parent_id, comment_id);
  if (!moved) return std::unexpected(std::move(moved.error()));
  return Done(Execute(tx, "DELETE FROM comments WHERE id = ?", "deleting a comment", comment_id));
}

Result<int> ClearIpsBefore(Transaction& tx, int64_t before) {
  return Execute(tx, "UPDATE comments SET ip = '' WHERE ip != '' AND created_at < ?",
                 "forgetting old addresses", before);
}

Result<int> ClearUserAgentsBefore(Transaction& tx, int64_t before) {
  return Execute(tx,
                 "UPDATE comments SET user_agent = '' WHERE user_agent != '' AND created_at < ?",
                 "forgetting old user agents", before);
}

}  // namespace quire::store
