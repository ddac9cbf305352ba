// The storage contract. SQLite (store/sqlite/) is one answer; PostgreSQL will be another, and
// both must pass the same contract tests (store/store_contract_test.cc).
//
// Reads may run on any thread at any time. Writes go through Write(): one writer batches the
// transactions that arrive together into one database transaction (group commit, one fsync per
// batch); each job runs in its own savepoint, so a job that fails rolls back alone. A job's
// callback runs only after its batch is durable.
//
// Every write records change tags ("post:42", "front", "settings") in the same transaction; the
// page cache invalidates by them. Changes made by another process (the CLI) are seen through
// ChangesSince().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "util/status.h"

namespace quire::store {

// Which comments of a post to list.
struct CommentQuery {
  int64_t post_id = 0;
  // Approved comments, plus these pending ones (shown to their author only).
  std::vector<int64_t> also_pending_ids;
};

// What a write job may do. Valid only inside the job passed to Store::Write.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<int64_t> InsertPost(const Post& post) = 0;  // returns the new id
  virtual Status UpdatePost(const Post& post) = 0;
  virtual Result<int64_t> InsertComment(const Comment& comment) = 0;
  // Sets the status; going to spam/trash remembers the previous status, leaving clears it.
  virtual Status SetCommentStatus(int64_t comment_id, CommentStatus status,
                                  std::string_view reason) = 0;
  virtual Result<int64_t> InsertUser(const User& user) = 0;
  virtual Status SetSetting(std::string_view key, std::string_view value) = 0;
  virtual Status RecordChange(std::string_view tag) = 0;

  // Reads that must see the transaction's own state (checks before an insert).
  virtual Result<std::optional<Comment>> FindComment(int64_t id) = 0;
  virtual Result<std::optional<Post>> FindPost(int64_t id) = 0;
  // A comment on the same post and parent, by the same author name (and the same email when
  // email is not empty), with the same content, that is not in the trash.
  virtual Result<bool> HasDuplicateComment(const Comment& comment) = 0;
  // The newest created_at of comments from this IP or this email (either may be empty).
  virtual Result<std::optional<int64_t>> LastCommentTime(std::string_view ip,
                                                         std::string_view email) = 0;
  // Whether this author name + email has an approved comment.
  virtual Result<bool> HasApprovedComment(std::string_view author, std::string_view email) = 0;
  virtual Result<bool> SlugExists(std::string_view slug) = 0;
};

using WriteJob = std::function<Status(Transaction&)>;
using WriteDone = std::move_only_function<void(Status)>;

struct Change {
  int64_t id = 0;
  std::string tag;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- writes ---
  // Queues the job for the writer; done is called after the batch that held it is durable, or
  // with the job's error (its savepoint rolled back). Callbacks run one at a time, in commit
  // order, on a thread of the store's that is not the writer's: slow work there delays other
  // callbacks, never a commit.
  virtual void Write(WriteJob job, WriteDone done) = 0;
  // Write() and wait. Never from a done callback or the OnCommit listener (it would wait for
  // itself).
  virtual Status WriteSync(WriteJob job) = 0;

  // --- reads ---
  virtual Result<std::optional<Post>> FindPost(int64_t id) = 0;
  virtual Result<std::optional<Post>> FindPostBySlug(std::string_view slug) = 0;
  // Published posts (status publish), newest published_at first, then highest id. Future-dated
  // posts are listed too for now (scheduling is a later issue).
  virtual Result<std::vector<Post>> ListPublished(int offset, int limit) = 0;
  virtual Result<int64_t> CountPublished() = 0;

  virtual Result<std::optional<Comment>> FindComment(int64_t id) = 0;
  // Oldest first (created_at, then id).
  virtual Result<std::vector<Comment>> ListComments(const CommentQuery& query) = 0;
  virtual Result<int64_t> CountApprovedComments(int64_t post_id) = 0;
  // Comments of any post with this status (every status when nullopt), newest first, for
  // moderators.
  virtual Result<std::vector<Comment>> ListCommentsByStatus(std::optional<CommentStatus> status,
                                                            int offset, int limit) = 0;

  virtual Result<std::optional<User>> FindUser(int64_t id) = 0;
  virtual Result<std::optional<User>> FindUserByLogin(std::string_view login) = 0;

  virtual Result<std::map<std::string, std::string>> LoadSettings() = 0;

  // The id of the newest change (0: none yet); pass it to ChangesSince later.
  virtual Result<int64_t> LatestChange() = 0;
  // Changes after change_id, oldest first. Old changes are pruned; when some after change_id
  // are gone, the first entry is a "*" tag (everything may have changed).
  virtual Result<std::vector<Change>> ChangesSince(int64_t change_id) = 0;

  // Called after each committed batch with the tags it recorded (on the writer's thread,
  // before the jobs' done callbacks). One listener; set before the first write.
  virtual void OnCommit(std::function<void(const std::vector<std::string>& tags)> listener) = 0;

  // Finishes queued writes, checkpoints, and closes. Idempotent.
  virtual void Close() = 0;
};

}  // namespace quire::store
