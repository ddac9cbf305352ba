// Where a comment stands among its post's comments, counted by the database without loading
// them: what comment paging (comments/comment_link.h) needs to name a comment's page. The
// counts see the post's approved comments in display order (created_at, then id), as
// Store::ListComments lists them. A thread starts at an approved comment without a parent, or
// whose parent is not an approved comment of the same post (comments::Thread shows those top
// level); with threading off (`threaded` false) every approved comment is a thread of its own.
// Reads take a Store (the read pool) or the Transaction of a write job (e.g. a notification
// queued with the comment). Implemented for SQLite in store/sqlite/sqlite_comment_threads.cc.
#pragma once

#include <cstdint>

#include "store/store.h"
#include "util/status.h"

namespace quire::store {

// A place in a post's display order.
struct CommentPlace {
  int64_t post_id = 0;
  int64_t created_at = 0;
  int64_t id = 0;
};

// No limit for CountThreadsBefore.
inline constexpr int64_t kCountAll = -1;

// The threads that start before `place`, counted up to `limit` (kCountAll: all of them). The
// count reads every one of them: a post's size, not one index look-up.
Result<int64_t> CountThreadsBefore(Store& store, const CommentPlace& place, bool threaded,
                                   int64_t limit = kCountAll);
Result<int64_t> CountThreadsBefore(Transaction& tx, const CommentPlace& place, bool threaded,
                                   int64_t limit = kCountAll);

// Whether a thread starts after `place` (stops at the first; cheap for a recent place).
Result<bool> HasThreadAfter(Store& store, const CommentPlace& place, bool threaded);
Result<bool> HasThreadAfter(Transaction& tx, const CommentPlace& place, bool threaded);

// The post's approved comments, counted up to `limit` (a post with thousands costs no more than
// one with `limit`): min(count, limit).
Result<int64_t> CountApprovedUpTo(Store& store, int64_t post_id, int64_t limit);
Result<int64_t> CountApprovedUpTo(Transaction& tx, int64_t post_id, int64_t limit);

}  // namespace quire::store
