// What moderators do with comments, across every post: list them by status with a search and
// pages, count them per status, edit, delete for good, and move them between statuses one at a
// time or in bulk. Reads take the Store; writes run inside a Store::Write job and record the
// change tags "post:ID" and "front" of every comment they touch (docs/conventions.md).
//
// The statuses and how restoring works are drawn in store/records.h: trashing or spamming
// remembers the previous status, and restoring (untrash, unspam) returns to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// The tabs of the comments screen. kAll is WordPress's "All": pending and approved (spam and
// trash have tabs of their own).
enum class CommentFilter { kAll, kPending, kApproved, kSpam, kTrash };

// WordPress's comment_status words: "all", "moderated", "approved", "spam", "trash".
std::string_view ToString(CommentFilter filter);
// Also accepts "pending" for "moderated"; nullopt for anything else.
std::optional<CommentFilter> ParseCommentFilter(std::string_view text);

struct ModerationQuery {
  CommentFilter filter = CommentFilter::kAll;
  // Case-insensitive (ASCII) substring of the author, email, url, IP or content; "" matches all.
  std::string search;
  int offset = 0;  // negative counts as 0
  int limit = 20;  // negative counts as 0
};

struct ModerationPage {
  std::vector<Comment> comments;  // newest first (created_at, then id)
  int64_t total = 0;              // how many match the filter and search, over every page
};

struct CommentCounts {
  int64_t pending = 0;
  int64_t approved = 0;
  int64_t spam = 0;
  int64_t trash = 0;

  int64_t all() const { return pending + approved; }  // the "All" tab
  int64_t Of(CommentFilter filter) const;
};

// One page of the comments matching the query, and how many match in all.
Result<ModerationPage> ListForModeration(Store& store, const ModerationQuery& query);

// How many comments have each status, over every post.
Result<CommentCounts> CountCommentsByStatus(Store& store);

// The moderators' actions on one comment (the `action` words of the admin URLs).
enum class ModerationAction { kApprove, kUnapprove, kSpam, kUnspam, kTrash, kUntrash, kDelete };

// "approve", "unapprove", "spam", "unspam", "trash", "untrash", "delete".
std::string_view ToString(ModerationAction action);
// Also accepts WordPress's spellings of the bulk actions ("approve", "unapprove", "spam",
// "unspam", "trash", "untrash", "delete" and the row forms "approvecomment",
// "unapprovecomment", "spamcomment", "unspamcomment", "trashcomment", "untrashcomment",
// "deletecomment"); nullopt for anything else.
std::optional<ModerationAction> ParseModerationAction(std::string_view text);

// Whether the action makes sense for a comment with this status (the row actions offered):
// approve: pending; unapprove: approved; spam: pending or approved; unspam: spam; trash: pending,
// approved or spam; untrash: trash; delete: spam or trash.
bool ActionApplies(ModerationAction action, CommentStatus status);

// The status a comment ends in after the action (ignored for kDelete): untrash and unspam
// return to the remembered status (pending when none was remembered).
CommentStatus StatusAfter(ModerationAction action, const Comment& comment);

// Applies the action to the comment inside the caller's write job: a status change (reason
// `reason`, e.g. "approved by alice") or, for kDelete, DeleteComment. kNotFound when there is
// no such comment; kInvalid when the action does not apply to its status (nothing changes).
// Returns the comment as it was before.
Result<Comment> ApplyModeration(Transaction& tx, int64_t comment_id, ModerationAction action,
                                std::string_view reason);

// What an edit may change: the commenter's fields, the text and the status.
struct CommentEdit {
  int64_t id = 0;
  std::string author;
  std::string email;
  std::string url;
  std::string content;
  CommentStatus status = CommentStatus::kPending;
  std::string reason;  // recorded when the status changes
};

// Saves an edit: the fields, the content (with its duplicate-check hash), and the status when it
// differs (through Transaction::SetCommentStatus, so spam/trash still remember). kNotFound when
// there is no such comment.
Status UpdateComment(Transaction& tx, const CommentEdit& edit);

// Deletes the comment for good. Its replies move up to its parent (top level when it had none),
// so a thread keeps its other comments. kNotFound when there is no such comment.
Status DeleteComment(Transaction& tx, int64_t comment_id);

// Records the change tags a new or changed comment of this item touches (docs/conventions.md):
// "post:ID" (its page and comment feed), "front" (lists show comment counts) and "comments"
// (the site's comment feed).
Status RecordCommentChange(Transaction& tx, int64_t post_id);

}  // namespace quire::store
