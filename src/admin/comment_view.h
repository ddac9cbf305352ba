// How the admin shows comments: the state of the list a form came from (filter, search, page),
// a comment's row (its fields, its post, status, reason and the actions that apply), and the
// words of notices and buttons. Shared by the comments screen and the dashboard.
#pragma once

#include <cstdint>
#include <kainjow/mustache.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.h"
#include "store/moderation.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::admin {

// Where in the comments list a request stands: comment_status, s and paged.
struct ListState {
  store::CommentFilter filter = store::CommentFilter::kAll;
  std::string search;
  int64_t paged = 1;

  // From a query string or a form body; unknown or missing values take the defaults.
  static ListState From(const http::Form& form);
  // "/admin/comments/?comment_status=…" with the non-default values, then `extra`
  // ("approved=1") when given.
  std::string Url(std::string_view extra = {}) const;
  // The same values as hidden fields: a list of {name, value} for the templates.
  kainjow::mustache::data Hidden() const;
};

// The text cut to at most `max_bytes` at a character boundary, with "…" when cut; newlines and
// runs of spaces become one space.
std::string Excerpt(std::string_view text, size_t max_bytes);

std::string_view StatusLabel(store::CommentStatus status);     // "Pending", "Approved", ...
std::string_view ActionLabel(store::ModerationAction action);  // "Approve", "Not spam", ...
// The notice after an action on `count` comments: "1 comment approved.", "2 comments moved to
// the Trash.".
std::string ActionNotice(store::ModerationAction action, int64_t count);
// The reason recorded with a moderator's status change: "approved by alice", "moved to the
// Trash by alice".
std::string ActionReason(store::ModerationAction action, std::string_view who);
// The query word that carries that notice through a redirect: "approved", "trashed", ...
std::string_view NoticeWord(store::ModerationAction action);

// The row actions a comment with this status offers, in display order.
std::vector<store::ModerationAction> ActionsFor(store::CommentStatus status);

// The posts the comments are on, by id (posts that are gone are absent).
Result<std::map<int64_t, store::Post>> PostsOf(store::Store& store,
                                               const std::vector<store::Comment>& comments);

// A comment as the templates show it (see admin-comment-row.mustache). `post` null: its post is
// gone. The comment's link names its comment page on a paged post (comments/comment_link.h).
kainjow::mustache::data CommentView(store::Store& store, const store::Comment& comment,
                                    const store::Post* post, const store::Settings& settings);

}  // namespace quire::admin
