#include "store/sqlite/sqlite_transaction.h"

#include "store/sqlite/queries.h"

namespace quire::store::sqlite {
namespace {

bool IsHidden(CommentStatus status) {
  return status == CommentStatus::kSpam || status == CommentStatus::kTrash;
}

// The previous status to remember after moving from `current` to `next`: entering spam or
// trash remembers the visible status left behind; moving between spam and trash keeps what
// was remembered (restoring still returns to the visible status); leaving clears it.
std::optional<CommentStatus> PreviousAfter(const Comment& current, CommentStatus next) {
  if (!IsHidden(next)) return std::nullopt;
  if (!IsHidden(current.status)) return current.status;
  return current.previous_status;
}

}  // namespace

Result<int64_t> SqliteTransaction::InsertPost(const Post& post) {
  Result<int64_t> id = sqlite::InsertPost(c_, post);
  if (!id && id.error().kind == ErrorKind::kConflict) {
    id.error().message =
        "a post with the slug '" + post.slug + "' exists already (" + id.error().message + ")";
  }
  return id;
}

Status SqliteTransaction::UpdatePost(const Post& post) {
  Status updated = sqlite::UpdatePost(c_, post);
  if (!updated && updated.error().kind == ErrorKind::kConflict) {
    updated.error().message =
        "a post with the slug '" + post.slug + "' exists already (" + updated.error().message + ")";
  }
  return updated;
}

Result<int64_t> SqliteTransaction::InsertComment(const Comment& comment) {
  return sqlite::InsertComment(c_, comment);
}

Status SqliteTransaction::SetCommentStatus(int64_t comment_id, CommentStatus status,
                                           std::string_view reason) {
  Result<std::optional<Comment>> current = SelectComment(c_, comment_id);
  if (!current) return std::unexpected(std::move(current.error()));
  if (!*current) return Fail(ErrorKind::kNotFound, "no comment " + std::to_string(comment_id));
  return UpdateCommentStatus(c_, comment_id, status, PreviousAfter(**current, status), reason);
}

Result<int64_t> SqliteTransaction::InsertUser(const User& user) {
  Result<int64_t> id = sqlite::InsertUser(c_, user);
  if (!id && id.error().kind == ErrorKind::kConflict) {
    id.error().message =
        "a user with the login '" + user.login + "' exists already (" + id.error().message + ")";
  }
  return id;
}

Status SqliteTransaction::SetSetting(std::string_view key, std::string_view value) {
  return UpsertSetting(c_, key, value);
}

// The writer inserts the batch's distinct tags into the log before its COMMIT (writer.h).
Status SqliteTransaction::RecordChange(std::string_view tag) {
  tags_.emplace_back(tag);
  return {};
}

Result<std::optional<Comment>> SqliteTransaction::FindComment(int64_t id) {
  return SelectComment(c_, id);
}

Result<std::optional<Post>> SqliteTransaction::FindPost(int64_t id) {
  return SelectPost(c_, id);
}

Result<bool> SqliteTransaction::HasDuplicateComment(const Comment& comment) {
  return SelectDuplicateComment(c_, comment);
}

Result<std::optional<int64_t>> SqliteTransaction::LastCommentTime(std::string_view ip,
                                                                  std::string_view email) {
  return SelectLastCommentTime(c_, ip, email);
}

Result<bool> SqliteTransaction::HasApprovedComment(std::string_view author,
                                                   std::string_view email) {
  return SelectApprovedComment(c_, author, email);
}

Result<bool> SqliteTransaction::SlugExists(std::string_view slug) {
  return SelectSlugExists(c_, slug);
}

}  // namespace quire::store::sqlite
