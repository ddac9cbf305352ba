// The SQL Quire runs, as functions over a Connection: reads shared by the read pool and the
// writer's transactions, and the writes a Transaction performs. Prepared statements only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/sqlite/connection.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store::sqlite {

// --- row readers ---
// The columns ReadPost reads, in its order: "SELECT " QUIRE_POST_COLUMNS " FROM posts ...".
// (A macro so that the SQL stays a literal: Connection::Prepare keeps statements by address.)
#define QUIRE_POST_COLUMNS                                                                  \
  "id, slug, title, body, format, excerpt, status, author_id, published_at, modified_at, "  \
  "comments_open, type, parent_id, menu_order, sticky, featured_media_id, password, guid, " \
  "unfiltered"
// A posts row selected as QUIRE_POST_COLUMNS; kInternal for a format, status or type this
// build does not know.
Result<Post> ReadPost(const Query& q);
// A users row selected as (id, login, email, display_name, role, password_hash, created_at);
// kInternal for a role this build does not know.
Result<User> ReadUser(const Query& q);

// --- reads ---
Result<std::optional<Post>> SelectPost(Connection& c, int64_t id);
Result<std::optional<Post>> SelectPostBySlug(Connection& c, std::string_view slug);
// Status publish, newest published_at first, then highest id; negative arguments count as 0.
Result<std::vector<Post>> SelectPublished(Connection& c, int offset, int limit);
Result<int64_t> CountPublished(Connection& c);
Result<std::optional<Comment>> SelectComment(Connection& c, int64_t id);
// Approved comments of the post plus the listed ones that are pending on it, oldest first.
Result<std::vector<Comment>> SelectComments(Connection& c, const CommentQuery& query);
Result<int64_t> CountApprovedComments(Connection& c, int64_t post_id);
// Newest first; every status when status is nullopt.
Result<std::vector<Comment>> SelectCommentsByStatus(Connection& c,
                                                    std::optional<CommentStatus> status, int offset,
                                                    int limit);
Result<std::optional<User>> SelectUser(Connection& c, int64_t id);
Result<std::optional<User>> SelectUserByLogin(Connection& c, std::string_view login);
Result<std::map<std::string, std::string>> SelectSettings(Connection& c);
Result<int64_t> SelectLatestChange(Connection& c);
// Changes after change_id, oldest first; a "*" entry first when some of them were pruned.
Result<std::vector<Change>> SelectChangesSince(Connection& c, int64_t change_id);

// The hash stored in comments.content_hash and matched by the duplicate check: FNV-1a, 64-bit,
// of the content's bytes, as SQLite's signed integer. Stable across builds and machines.
int64_t ContentHash(std::string_view content);

// --- checks (see Transaction) ---
Result<bool> SelectDuplicateComment(Connection& c, const Comment& comment);
Result<std::optional<int64_t>> SelectLastCommentTime(Connection& c, std::string_view ip,
                                                     std::string_view email);
Result<bool> SelectApprovedComment(Connection& c, std::string_view author, std::string_view email);
Result<bool> SelectSlugExists(Connection& c, std::string_view slug);

// --- writes (inside the writer's transaction) ---
// With `id` 0 SQLite picks the next id; otherwise the row gets `id` (a conflict if taken).
Result<int64_t> InsertPost(Connection& c, const Post& post, int64_t id = 0);
Status UpdatePost(Connection& c, const Post& post);
Result<int64_t> InsertComment(Connection& c, const Comment& comment);
Status UpdateCommentStatus(Connection& c, int64_t id, CommentStatus status,
                           std::optional<CommentStatus> previous, std::string_view reason);
Result<int64_t> InsertUser(Connection& c, const User& user);
Status UpsertSetting(Connection& c, std::string_view key, std::string_view value);
Status InsertChange(Connection& c, std::string_view tag, int64_t now);
// Deletes all but the newest `keep` changes.
Status PruneChanges(Connection& c, int64_t keep);

}  // namespace quire::store::sqlite
