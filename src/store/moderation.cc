// The backend-independent half of store/moderation.h: the words, which action applies to which
// status, and ApplyModeration over the Transaction interface. The queries are in
// store/sqlite/sqlite_moderation.cc.
#include "store/moderation.h"

#include <array>
#include <utility>

namespace quire::store {
namespace {

constexpr std::array<std::pair<CommentFilter, std::string_view>, 5> kFilterNames = {{
    {CommentFilter::kAll, "all"},
    {CommentFilter::kPending, "moderated"},
    {CommentFilter::kApproved, "approved"},
    {CommentFilter::kSpam, "spam"},
    {CommentFilter::kTrash, "trash"},
}};

constexpr std::array<std::pair<ModerationAction, std::string_view>, 7> kActionNames = {{
    {ModerationAction::kApprove, "approve"},
    {ModerationAction::kUnapprove, "unapprove"},
    {ModerationAction::kSpam, "spam"},
    {ModerationAction::kUnspam, "unspam"},
    {ModerationAction::kTrash, "trash"},
    {ModerationAction::kUntrash, "untrash"},
    {ModerationAction::kDelete, "delete"},
}};

constexpr std::string_view kRowSuffix = "comment";  // "approvecomment", ...

std::string_view StatusWord(CommentStatus status) {
  switch (status) {
    case CommentStatus::kPending: return "pending";
    case CommentStatus::kApproved: return "approved";
    case CommentStatus::kSpam: return "spam";
    case CommentStatus::kTrash: return "in the trash";
  }
  return "";
}

}  // namespace

std::string_view ToString(CommentFilter filter) {
  for (const auto& [item, name] : kFilterNames) {
    if (item == filter) return name;
  }
  return "all";
}

std::optional<CommentFilter> ParseCommentFilter(std::string_view text) {
  if (text == "pending") return CommentFilter::kPending;
  for (const auto& [item, name] : kFilterNames) {
    if (name == text) return item;
  }
  return std::nullopt;
}

int64_t CommentCounts::Of(CommentFilter filter) const {
  switch (filter) {
    case CommentFilter::kAll: return all();
    case CommentFilter::kPending: return pending;
    case CommentFilter::kApproved: return approved;
    case CommentFilter::kSpam: return spam;
    case CommentFilter::kTrash: return trash;
  }
  return 0;
}

std::string_view ToString(ModerationAction action) {
  for (const auto& [item, name] : kActionNames) {
    if (item == action) return name;
  }
  return {};
}

std::optional<ModerationAction> ParseModerationAction(std::string_view text) {
  if (text.size() > kRowSuffix.size() && text.ends_with(kRowSuffix)) {
    text.remove_suffix(kRowSuffix.size());
  }
  for (const auto& [item, name] : kActionNames) {
    if (name == text) return item;
  }
  return std::nullopt;
}

bool ActionApplies(ModerationAction action, CommentStatus status) {
  using S = CommentStatus;
  switch (action) {
    case ModerationAction::kApprove: return status == S::kPending;
    case ModerationAction::kUnapprove: return status == S::kApproved;
    case ModerationAction::kSpam: return status == S::kPending || status == S::kApproved;
    case ModerationAction::kUnspam: return status == S::kSpam;
    case ModerationAction::kTrash: return status != S::kTrash;
    case ModerationAction::kUntrash: return status == S::kTrash;
    case ModerationAction::kDelete: return status == S::kSpam || status == S::kTrash;
  }
  return false;
}

CommentStatus StatusAfter(ModerationAction action, const Comment& comment) {
  switch (action) {
    case ModerationAction::kApprove: return CommentStatus::kApproved;
    case ModerationAction::kUnapprove: return CommentStatus::kPending;
    case ModerationAction::kSpam: return CommentStatus::kSpam;
    case ModerationAction::kTrash: return CommentStatus::kTrash;
    case ModerationAction::kUnspam:
    case ModerationAction::kUntrash:
      return comment.previous_status.value_or(CommentStatus::kPending);
    case ModerationAction::kDelete: break;
  }
  return comment.status;
}

Result<Comment> ApplyModeration(Transaction& tx, int64_t comment_id, ModerationAction action,
                                std::string_view reason) {
  Result<std::optional<Comment>> found = tx.FindComment(comment_id);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found) return Fail(ErrorKind::kNotFound, "no comment " + std::to_string(comment_id));
  const Comment& comment = **found;
  if (!ActionApplies(action, comment.status)) {
    return Fail(ErrorKind::kInvalid, "Nothing changed: comment " + std::to_string(comment_id) +
                                         " is " + std::string(StatusWord(comment.status)) +
                                         ", so it cannot be given the action \"" +
                                         std::string(ToString(action)) + "\".");
  }
  if (action == ModerationAction::kDelete) {
    if (Status s = DeleteComment(tx, comment_id); !s) return std::unexpected(std::move(s.error()));
    return comment;
  }
  Status s = tx.SetCommentStatus(comment_id, StatusAfter(action, comment), reason);
  if (s) s = RecordCommentChange(tx, comment.post_id);
  if (!s) return std::unexpected(std::move(s.error()));
  return comment;
}

Status RecordCommentChange(Transaction& tx, int64_t post_id) {
  for (std::string tag :
       {"post:" + std::to_string(post_id), std::string("front"), std::string("comments")}) {
    if (Status s = tx.RecordChange(tag); !s) return s;
  }
  return {};
}

}  // namespace quire::store
