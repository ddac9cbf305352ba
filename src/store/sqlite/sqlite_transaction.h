// Transaction over the writer's connection, valid while one job runs inside its savepoint.
// It collects the change tags the job records, so the writer can pass them to the OnCommit
// listener once the batch is durable (and drop them if the job rolls back).
#pragma once

#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace quire::store::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  // `now` is the time stamped on recorded changes.
  SqliteTransaction(Connection& connection, int64_t now) : c_(connection), now_(now) {}

  Result<int64_t> InsertPost(const Post& post) override;
  Status UpdatePost(const Post& post) override;
  Result<int64_t> InsertComment(const Comment& comment) override;
  Status SetCommentStatus(int64_t comment_id, CommentStatus status,
                          std::string_view reason) override;
  Result<int64_t> InsertUser(const User& user) override;
  Status SetSetting(std::string_view key, std::string_view value) override;
  Status RecordChange(std::string_view tag) override;

  Result<std::optional<Comment>> FindComment(int64_t id) override;
  Result<std::optional<Post>> FindPost(int64_t id) override;
  Result<bool> HasDuplicateComment(const Comment& comment) override;
  Result<std::optional<int64_t>> LastCommentTime(std::string_view ip,
                                                 std::string_view email) override;
  Result<bool> HasApprovedComment(std::string_view author, std::string_view email) override;
  Result<bool> SlugExists(std::string_view slug) override;

  // The tags recorded so far, in order.
  std::vector<std::string>& tags() { return tags_; }
  // For the SQLite side of the other store interfaces (see sqlite/backend.h).
  Connection& connection() { return c_; }
  int64_t now() const { return now_; }

 private:
  Connection& c_;
  int64_t now_;
  std::vector<std::string> tags_;
};

}  // namespace quire::store::sqlite
