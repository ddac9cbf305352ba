// The records Quire stores: plain values, shared by every backend. Times are Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quire::store {

enum class PostStatus { kPublish, kDraft, kPrivate, kTrash };
enum class PostFormat { kMarkdown, kHtml, kText };

// The comment lifecycle (WordPress's statuses; the stored words are WordPress's too):
//
//            submit                    approve
//   (new) ─────────► pending "0" ◄──────────────► approved "1"
//                      │   ▲                         │
//              spam /  │   │ restore (to the         │ spam / trash
//              trash   ▼   │ status remembered)      ▼
//                    spam "spam" / trash "trash" ◄───┘
//
// Trashing or spamming remembers the previous status so that restoring returns to it.
enum class CommentStatus { kPending, kApproved, kSpam, kTrash };

std::string_view ToString(PostStatus status);
std::string_view ToString(PostFormat format);
std::string_view ToString(CommentStatus status);  // "0", "1", "spam", "trash"
std::optional<PostStatus> ParsePostStatus(std::string_view text);
std::optional<PostFormat> ParsePostFormat(std::string_view text);
// Also accepts "approved" and "pending".
std::optional<CommentStatus> ParseCommentStatus(std::string_view text);

struct Post {
  int64_t id = 0;
  std::string slug;  // unique among posts
  std::string title;
  std::string body;  // as written, in `format`
  PostFormat format = PostFormat::kMarkdown;
  std::string excerpt;  // written by the author; empty: derived from the body when shown
  PostStatus status = PostStatus::kPublish;
  int64_t author_id = 0;  // 0: no author
  int64_t published_at = 0;
  int64_t modified_at = 0;
  bool comments_open = true;
};

struct Comment {
  int64_t id = 0;
  int64_t post_id = 0;
  int64_t parent_id = 0;  // 0: top level
  std::string author;
  std::string email;  // never shown to the public
  std::string url;
  std::string ip;
  std::string user_agent;
  std::string content;  // as typed; rendered by comments/ into safe HTML
  int64_t created_at = 0;
  CommentStatus status = CommentStatus::kPending;
  std::optional<CommentStatus> previous_status;  // set while spam or trash
  int64_t user_id = 0;                           // 0: a visitor
  std::string reason;  // why it was held, spammed or trashed (the rule that decided)
};

enum class Role { kAdministrator, kEditor, kAuthor, kContributor, kSubscriber };
std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);

struct User {
  int64_t id = 0;
  std::string login;  // unique
  std::string email;
  std::string display_name;
  Role role = Role::kAuthor;
  std::string password_hash;  // Argon2id, libsodium's crypto_pwhash_str format
  int64_t created_at = 0;
};

}  // namespace quire::store
