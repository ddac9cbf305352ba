// store/comment_threads.h for SQLite: range reads over the comments_post_status_created index.
#include <functional>
#include <string_view>

#include "store/comment_threads.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;

// The pieces of the statements: ?1 post, ?2 created_at, ?3 id, ?4 limit.
#define QUIRE_APPROVED_OF_POST "FROM comments AS c WHERE c.post_id = ?1 AND c.status = '1' "
#define QUIRE_BEFORE "AND (c.created_at < ?2 OR (c.created_at = ?2 AND c.id < ?3)) "
#define QUIRE_AFTER "AND (c.created_at > ?2 OR (c.created_at = ?2 AND c.id > ?3)) "
#define QUIRE_STARTS_THREAD                                                           \
  "AND (c.parent_id = 0 OR c.parent_id = c.id OR NOT EXISTS (SELECT 1 FROM comments " \
  "AS p WHERE p.id = c.parent_id AND p.post_id = ?1 AND p.status = '1')) "

constexpr std::string_view kThreadsBefore =
    "SELECT COUNT(*) FROM (SELECT 1 " QUIRE_APPROVED_OF_POST QUIRE_BEFORE QUIRE_STARTS_THREAD
    "LIMIT ?4)";
constexpr std::string_view kApprovedBefore =
    "SELECT COUNT(*) FROM (SELECT 1 " QUIRE_APPROVED_OF_POST QUIRE_BEFORE "LIMIT ?4)";
constexpr std::string_view kThreadAfter =
    "SELECT EXISTS (SELECT 1 " QUIRE_APPROVED_OF_POST QUIRE_AFTER QUIRE_STARTS_THREAD ")";
constexpr std::string_view kApprovedAfter =
    "SELECT EXISTS (SELECT 1 " QUIRE_APPROVED_OF_POST QUIRE_AFTER ")";
constexpr std::string_view kApprovedUpTo =
    "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE post_id = ?1 AND status = '1' LIMIT ?2)";

#undef QUIRE_APPROVED_OF_POST
#undef QUIRE_BEFORE
#undef QUIRE_AFTER
#undef QUIRE_STARTS_THREAD

template <typename T>
using Read = std::function<Result<T>(Connection&)>;

template <typename T>
Result<T> On(Store& store, const Read<T>& read) {
  return sqlite::ReadWith<T>(store, read);
}

template <typename T>
Result<T> On(Transaction& tx, const Read<T>& read) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return read(**c);
}

Read<int64_t> ThreadsBefore(const CommentPlace& place, bool threaded, int64_t limit) {
  return [place, threaded, limit](Connection& c) {
    return sqlite::SelectCount(c, threaded ? kThreadsBefore : kApprovedBefore,
                               "counting the comment threads before a comment", place.post_id,
                               place.created_at, place.id, limit);
  };
}

Read<bool> ThreadAfter(const CommentPlace& place, bool threaded) {
  return [place, threaded](Connection& c) {
    return sqlite::SelectExists(c, threaded ? kThreadAfter : kApprovedAfter,
                                "looking for a comment thread after a comment", place.post_id,
                                place.created_at, place.id);
  };
}

Read<int64_t> ApprovedUpTo(int64_t post_id, int64_t limit) {
  return [post_id, limit](Connection& c) {
    return sqlite::SelectCount(c, kApprovedUpTo, "counting approved comments", post_id, limit);
  };
}

}  // namespace

Result<int64_t> CountThreadsBefore(Store& store, const CommentPlace& place, bool threaded,
                                   int64_t limit) {
  return On(store, ThreadsBefore(place, threaded, limit));
}
Result<int64_t> CountThreadsBefore(Transaction& tx, const CommentPlace& place, bool threaded,
                                   int64_t limit) {
  return On(tx, ThreadsBefore(place, threaded, limit));
}
Result<bool> HasThreadAfter(Store& store, const CommentPlace& place, bool threaded) {
  return On(store, ThreadAfter(place, threaded));
}
Result<bool> HasThreadAfter(Transaction& tx, const CommentPlace& place, bool threaded) {
  return On(tx, ThreadAfter(place, threaded));
}
Result<int64_t> CountApprovedUpTo(Store& store, int64_t post_id, int64_t limit) {
  return On(store, ApprovedUpTo(post_id, limit));
}
Result<int64_t> CountApprovedUpTo(Transaction& tx, int64_t post_id, int64_t limit) {
  return On(tx, ApprovedUpTo(post_id, limit));
}

}  // namespace quire::store
