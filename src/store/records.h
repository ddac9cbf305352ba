// The records Quire stores: plain values, shared by every backend. Times are Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quire::store {

// WordPress's post statuses and their stored words: "publish", "draft", "pending" (pending
// review), "future" (scheduled: published by app's scheduler when published_at comes),
// "private" (readers with read_private_posts only), "trash".
enum class PostStatus { kPublish, kDraft, kPrivate, kTrash, kPending, kFuture };
// "post" or "page" (pages are hierarchical: parent_id, menu_order; served at /parent/child/).
enum class PostType { kPost, kPage };
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
std::string_view ToString(PostType type);
std::string_view ToString(CommentStatus status);  // "0", "1", "spam", "trash"
std::optional<PostStatus> ParsePostStatus(std::string_view text);
std::optional<PostFormat> ParsePostFormat(std::string_view text);
std::optional<PostType> ParsePostType(std::string_view text);
// Also accepts "approved" and "pending".
std::optional<CommentStatus> ParseCommentStatus(std::string_view text);

struct Post {
  int64_t id = 0;
  PostType type = PostType::kPost;
  std::string slug;  // unique among items of the same type (as typed: UTF-8, not encoded)
  std::string title;
  std::string body;  // as written, in `format`
  PostFormat format = PostFormat::kMarkdown;
  std::string excerpt;  // written by the author; empty: derived from the body when shown
  PostStatus status = PostStatus::kPublish;
  int64_t author_id = 0;  // 0: no author
  int64_t published_at = 0;
  int64_t modified_at = 0;
  bool comments_open = true;
  int64_t parent_id = 0;          // pages: the parent page (0: top level)
  int64_t menu_order = 0;         // pages: order among siblings (then title)
  bool sticky = false;            // posts: listed first on the front page
  int64_t featured_media_id = 0;  // store/media.h id of the featured image (0: none)
  std::string password;           // WordPress's post password ("" none); kept for WXR
  std::string guid;  // WordPress's GUID when imported, else "" (the WXR importer matches by it)
  // Written by a user with unfiltered_html (administrators, editors; imports): raw HTML in the
  // body is kept as written. false: the rendered body goes through content::SanitizeHtml's
  // allowlist (authors, contributors), as WordPress's kses does for them.
  bool unfiltered = true;
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
  // false: text as typed here (comments::RenderCommentText escapes it all); true: WordPress
  // HTML from an import, shown through WordPress's comment allowlist (site::CommentContentHtml).
  bool html = false;
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
