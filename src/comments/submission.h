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

namespace spam {
class SpamGuard;
}

// The form's fields as typed, plus what the server knows of the client.
struct Submission {
  int64_t post_id = 0;           // comment_post_ID
  int64_t parent_id = 0;         // comment_parent
  std::string author;            // author
  std::string email;             // email
  std::string url;               // url
  std::string content;           // comment
  bool cookies_consent = false;  // wp-comment-cookies-consent=yes
  std::string ip;
  std::string user_agent;
  int64_t user_id = 0;        // a logged-in user (0: a visitor)
  bool is_moderator = false;  // the post's author or a moderator: approved, no flood rule
  // For the spam defence (comments/spam/spam_guard.h); ignored by Submit without a guard.
  std::string honeypot;    // quire_hp: people leave it empty
  std::string form_stamp;  // quire_stamp: the signed time the form was rendered
};

// Named limits (bytes), as WordPress's database columns have them.
inline constexpr size_t kMaxAuthorBytes = 245;
inline constexpr size_t kMaxEmailBytes = 100;
inline constexpr size_t kMaxUrlBytes = 200;
inline constexpr size_t kMaxContentBytes = 65525;

struct Accepted {
  store::Comment comment;  // as stored, with its id and status
};

// Checks 6-9 (fields), pure, in wp_handle_comment_submission's order: required name and email
// (visitors only, while the setting is on), email syntax (only then, as in WordPress), empty
// comment, then the byte lengths of name, email, url and comment. First cleans the fields in
// place: invalid UTF-8 is refused (kInvalid); control characters are dropped (the comment keeps
// tabs and newlines, CRLF becomes LF); tags are stripped from the name; all four are trimmed.
Status ValidateFields(Submission& submission, const store::Settings& settings);

// Whether an email address is acceptable (WordPress's is_email rules).
bool IsEmail(std::string_view email);

struct Decision {
  store::CommentStatus status = store::CommentStatus::kPending;
  std::string reason;  // the rule that decided, e.g. "held: 2 links (hold at 2)"
};

// WordPress's check_comment + disallowed list: approve, hold or trash. Pure.
// has_approved: whether this name+email already has an approved comment.
Decision Decide(const store::Comment& comment, const store::Settings& settings, bool is_moderator,
                bool has_approved);

// Runs every check in order, decides, and writes the comment. `done` gets the stored comment or
// an error whose kind maps to the status code and whose message is WordPress's sentence.
// now: Unix seconds.
// Checks 1-5, 10, 11 and the "previously approved" lookup run inside one write job, so two
// concurrent submissions cannot both pass the duplicate or flood check. When the fields (6-9)
// fail, checks 1-5 are answered from plain reads instead (the earlier check wins, as in
// WordPress) and nothing is queued: `done` then runs before Submit returns; otherwise it runs
// on a thread of the store's. A stored comment records the change tags "post:ID" and "front".
//
// after_store, when given, runs inside the same transaction once the comment is stored (e.g.
// mail/ queues the notifications the comment causes), so the comment and what follows from it
// commit together or not at all; its error fails the submission (check 12).
using AfterStore = std::function<Status(store::Transaction& tx, const store::Comment& stored)>;
void Submit(store::Store& store, const store::Settings& settings, Submission submission,
            int64_t now, std::move_only_function<void(Result<Accepted>)> done,
            AfterStore after_store = {});

// The same with the spam defence (spam/spam_guard.h): the honeypot, the form stamp and the
// filter's score are read before the write; bans (403) and rate limits (429) are checked inside
// the write job right after WordPress's flood rule; the decision is spam::Judge's. The site
// answers comment form posts with this one; the guard must outlive the call.
void Submit(store::Store& store, spam::SpamGuard& guard, const store::Settings& settings,
            Submission submission, int64_t now,
            std::move_only_function<void(Result<Accepted>)> done, AfterStore after_store = {});

}  // namespace quire::comments
