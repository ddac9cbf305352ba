// Storage for personal-data requests and retention: finding, anonymising and deleting a
// commenter's comments by email, and forgetting old addresses and user agents. Writes take the
// Transaction of a Store::Write job. SQLite's answer: store/sqlite/sqlite_personal_data.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// Every comment whose email is `email` (ASCII case-insensitive), oldest first, any status.
Result<std::vector<Comment>> CommentsByEmail(Transaction& tx, std::string_view email);

// WordPress's eraser on one comment: author "Anonymous", email, url and user agent emptied,
// the address replaced by `anonymised_ip`, the user link cleared; the text is kept.
Status AnonymiseComment(Transaction& tx, int64_t comment_id, std::string_view anonymised_ip);

// Deletes a comment; its replies move up to its parent (WordPress's re-parenting).
Status DeleteCommentKeepingReplies(Transaction& tx, int64_t comment_id);

// Empties the address of comments created before `before`; returns how many changed.
Result<int> ClearIpsBefore(Transaction& tx, int64_t before);
// Empties the user agent of comments created before `before`; returns how many changed.
Result<int> ClearUserAgentsBefore(Transaction& tx, int64_t before);

}  // namespace quire::store
