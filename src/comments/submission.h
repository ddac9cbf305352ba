// Taking a comment from the "Leave a Reply" form: WordPress's checks in WordPress's order and
// with its messages (see ../shared/WORDPRESS-COMMENTS.md), then the approval decision, then one
// write. Pure domain code: no sockets, no HTML.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::comments {

// The form's fields as typed, plus what the server knows of the client.
struct Submission {
  int64_t post_id = 0;    // comment_post_ID
  int64_t parent_id = 0;  // comment_parent
  std::string author;     // author
  std::string email;      // email
  std::string url;        // url
  std::string content;    // comment
  bool cookies_consent = false;  // wp-comment-cookies-consent=yes
  std::string ip;
  std::string user_agent;
  int64_t user_id = 0;       // a logged-in user (0: a visitor)
  bool is_moderator = false;  // the post's author or a moderator: approved, no flood rule
};

// Named limits (bytes), as WordPress's database columns have them.
inline constexpr size_t kMaxAuthorBytes = 245;
inline constexpr size_t kMaxEmailBytes = 100;
inline constexpr size_t kMaxUrlBytes = 200;
inline constexpr size_t kMaxContentBytes = 65525;

struct Accepted {
  store::Comment comment;  // as stored, with its id and status
};

// Checks 6-9 (fields): required name/email, email syntax, empty comment, lengths. Pure.
// Trims the fields in place as WordPress does.
Status ValidateFields(Submission& submission, const store::Settings& settings);

// Whether an email address is acceptable (WordPress's is_email rules).
bool IsEmail(std::string_view email);

struct Decision {
  store::CommentStatus status = store::CommentStatus::kPending;
  std::string reason;  // the rule that decided, e.g. "held: 2 links (hold at 2)"
};

// WordPress's check_comment + disallowed list: approve, hold or trash. Pure.
// has_approved: whether this name+email already has an approved comment.
Decision Decide(const store::Comment& comment, const store::Settings& settings,
                bool is_moderator, bool has_approved);

// Runs every check in order, decides, and writes the comment. `done` gets the stored comment or
// an error whose kind maps to the status code and whose message is WordPress's sentence.
// now: Unix seconds.
void Submit(store::Store& store, const store::Settings& settings, Submission submission,
            int64_t now, std::move_only_function<void(Result<Accepted>)> done);

}  // namespace quire::comments
