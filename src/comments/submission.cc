#include "comments/submission.h"

#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "comments/comment_text.h"
#include "comments/keywords.h"
#include "comments/spam/spam_guard.h"
#include "store/moderation.h"
#include "util/email.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::comments {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr size_t kMaxUserAgentBytes = 254;  // WordPress keeps the first 254 bytes

// WordPress's sentences (without the "Error: " the page adds).
constexpr std::string_view kReplyToUnapproved =
    "Sorry, replies to unapproved comments are not allowed.";
constexpr std::string_view kClosed = "Sorry, comments are closed for this item.";
constexpr std::string_view kNotAllowed = "Sorry, comments are not allowed for this item.";
constexpr std::string_view kMustLogIn = "Sorry, you must be logged in to comment.";
constexpr std::string_view kDuplicate =
    "Duplicate comment detected; it looks as though you\u2019ve already said that!";
constexpr std::string_view kFlood = "You are posting comments too quickly. Slow down.";
constexpr std::string_view kNotSaved = "The comment could not be saved. Please try again later.";

std::unexpected<Error> Refuse(ErrorKind kind, std::string_view message) {
  return Fail(kind, std::string(message));
}

// A store read failed during the checks: the answer is WordPress's "could not be saved".
std::unexpected<Error> StoreFailed() {
  return Refuse(ErrorKind::kUnavailable, kNotSaved);
}

// ---- cleaning the fields ----

// Drops C0 controls, DEL and C1 controls (U+0080..U+009F); keeps tabs and newlines (as LF)
// when asked.
std::string StripControls(std::string_view text, bool keep_tabs_and_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (c1) {
      ++i;
      continue;
    }
    if (c == '\r' && keep_tabs_and_newlines) {  // CRLF and CR become LF, as typed in a textarea
      if (i + 1 >= text.size() || text[i + 1] != '\n') out += '\n';
      continue;
    }
    bool control = c < 0x20 || c == 0x7F;
    if (control && !(keep_tabs_and_newlines && (c == '\t' || c == '\n'))) continue;
    out += text[i];
  }
  return out;
}

// PHP's strip_tags for a name: drops "<...>"; a '<' followed by a space is kept as text.
std::string StripTags(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    bool tag = text[i] == '<' && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t' &&
               text[i + 1] != '\n';
    if (!tag) {
      out += text[i];
      continue;
    }
    size_t close = text.find('>', i);
    if (close == std::string_view::npos) break;
    i = close;
  }
  return out;
}

// An IP address keeps only the characters an address has (as WordPress does).
std::string CleanIp(std::string_view ip) {
  std::string out;
  for (char c : ip) {
    if (std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == ',' ||
        c == ' ') {
      out += c;
    }
  }
  return std::string(util::Trim(out));
}

// At most `limit` bytes, never cutting a UTF-8 character in two.
std::string TruncateUtf8(std::string text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

// The fields keyword lists are matched against, in WordPress's order.
std::vector<KeywordField> FieldsOf(const store::Comment& comment, const std::string& stripped) {
  std::vector<KeywordField> fields = {{"name", comment.author},
                                      {"email", comment.email},
                                      {"url", comment.url},
                                      {"content", comment.content}};
  // WordPress also checks the disallowed list against the text without its tags, so that
  // "sp<b></b>am" cannot hide "spam".
  if (!stripped.empty()) fields.push_back({"content", stripped});
  fields.push_back({"IP", comment.ip});
  fields.push_back({"user agent", comment.user_agent});
  return fields;
}

// ---- checks 1-5: the reply target and the post (through a Store or a Transaction) ----

template <typename Reader>
Status CheckTarget(Reader& reader, const store::Settings& settings, const Submission& submission,
                   int64_t now) {
  if (submission.parent_id != 0) {
    auto parent = reader.FindComment(submission.parent_id);
    if (!parent) return StoreFailed();
    bool ok = *parent && (*parent)->post_id == submission.post_id &&
              (*parent)->status == store::CommentStatus::kApproved;
    if (!ok) return Refuse(ErrorKind::kForbidden, kReplyToUnapproved);
  }
  auto post = reader.FindPost(submission.post_id);
  if (!post) return StoreFailed();
  if (!*post) return Refuse(ErrorKind::kNotFound, "");
  const store::Post& found = **post;
  bool too_old = settings.close_comments_for_old_posts && settings.close_comments_days_old > 0 &&
                 now - found.published_at > settings.close_comments_days_old * kSecondsPerDay;
  if (!found.comments_open || too_old) return Refuse(ErrorKind::kForbidden, kClosed);
  if (found.status != store::PostStatus::kPublish) {
    return Refuse(ErrorKind::kForbidden, kNotAllowed);
  }
  if (settings.comment_registration && submission.user_id == 0) {
    return Refuse(ErrorKind::kForbidden, kMustLogIn);
  }
  return {};
}

store::Comment CommentFrom(const Submission& submission, int64_t now) {
  store::Comment comment;
  comment.post_id = submission.post_id;
  comment.parent_id = submission.parent_id;
  comment.author = submission.author;
  comment.email = submission.email;
  comment.url = submission.url;
  comment.content = submission.content;
  comment.ip = CleanIp(submission.ip);
  comment.user_agent =
      TruncateUtf8(StripControls(submission.user_agent, false), kMaxUserAgentBytes);
  comment.user_id = submission.user_id;
  comment.created_at = now;
  return comment;
}

// Checks 10 and 11 inside the transaction, so two identical submissions cannot both pass.
Status CheckRepeat(store::Transaction& tx, const store::Settings& settings,
                   const Submission& submission, const store::Comment& comment, int64_t now) {
  auto duplicate = tx.HasDuplicateComment(comment);
  if (!duplicate) return StoreFailed();
  if (*duplicate) return Refuse(ErrorKind::kConflict, kDuplicate);
  if (submission.is_moderator || settings.comment_flood_seconds <= 0) return {};
  auto last = tx.LastCommentTime(comment.ip, comment.email);
  if (!last) return StoreFailed();
  if (*last && now - **last < settings.comment_flood_seconds) {
    return Refuse(ErrorKind::kRateLimited, kFlood);
  }
  return {};
}

// Decide's last rule: an author without an approved comment is held.
Decision FirstCommentHold() {
  return {store::CommentStatus::kPending, "held: first comment from this author"};
}

// What one write job carries, and what it leaves for its done callback.
struct Job {
  store::Settings settings;
  Submission submission;
  int64_t now = 0;
  std::optional<Error> refusal;  // a check said no (as opposed to the store failing)
  store::Comment stored;
  AfterStore after_store;
  spam::SpamGuard* guard = nullptr;  // null: no spam defence
  spam::Screening screening;         // what the guard found before the write
  // Decide's answer as if the author had an approved comment, worked out before the write
  // (the keyword scans need no database): the job only asks the database about that last rule.
  Decision decided;
};

// The guard's bans and rate limits; a refusal is recorded in the job, a store error is not.
Status AdmitBySpamGuard(store::Transaction& tx, Job& job, const store::Comment& comment) {
  if (!job.guard) return {};
  Status admitted =
      job.guard->Admit(tx, comment, job.submission.is_moderator, job.settings, job.now);
  if (!admitted && (admitted.error().kind == ErrorKind::kForbidden ||
                    admitted.error().kind == ErrorKind::kRateLimited)) {
    job.refusal = admitted.error();
  }
  return admitted;
}

Status RunJob(store::Transaction& tx, Job& job) {
  job.refusal.reset();  // a writer may run a job again after a failed batch
  store::Comment comment = CommentFrom(job.submission, job.now);
  Status checks = CheckTarget(tx, job.settings, job.submission, job.now);
  if (checks) checks = CheckRepeat(tx, job.settings, job.submission, comment, job.now);
  if (!checks) {
    job.refusal = checks.error();
    return checks;
  }
  if (Status admitted = AdmitBySpamGuard(tx, job, comment); !admitted) return admitted;
  Decision decision = job.decided;
  if (decision.status == store::CommentStatus::kApproved &&
      job.settings.comment_previously_approved && !job.submission.is_moderator &&
      !comment.author.empty() && !comment.email.empty()) {
    auto approved = tx.HasApprovedComment(comment.author, comment.email);
    if (!approved) return std::unexpected(approved.error());
    if (!*approved) decision = FirstCommentHold();
  }
  if (job.guard) {
    decision = spam::Judge(decision, job.screening, job.settings, job.submission.is_moderator);
  }
  comment.status = decision.status;
  comment.reason = decision.reason;
  auto id = tx.InsertComment(comment);
  if (!id) return std::unexpected(id.error());
  comment.id = *id;
  if (auto recorded = store::RecordCommentChange(tx, comment.post_id); !recorded) return recorded;
  if (job.after_store) {
    if (Status after = job.after_store(tx, comment); !after) return after;
  }
  job.stored = std::move(comment);
  return {};
}

}  // namespace

bool IsEmail(std::string_view email) {
  return util::IsEmail(email);
}

Status ValidateFields(Submission& submission, const store::Settings& settings) {
  for (const std::string* field :
       {&submission.author, &submission.email, &submission.url, &submission.content}) {
    if (!util::IsValidUtf8(*field)) {
      return Fail(ErrorKind::kInvalid,
                  "Your comment could not be read: please send it as UTF-8 text.");
    }
  }
  submission.author = util::Trim(StripTags(StripControls(submission.author, false)));
  submission.email = util::Trim(StripControls(submission.email, false));
  submission.url = util::Trim(StripControls(submission.url, false));
  submission.content = util::Trim(StripControls(submission.content, true));

  // wp_handle_comment_submission's order: required fields, email, empty text, then lengths.
  if (settings.require_name_email && submission.user_id == 0) {
    if (submission.author.empty() || submission.email.empty()) {
      return Fail(ErrorKind::kInvalid, "Please fill the required fields.");
    }
    if (!IsEmail(submission.email)) {
      return Fail(ErrorKind::kInvalid, "Please enter a valid email address.");
    }
  }
  if (submission.content.empty()) {
    return Fail(ErrorKind::kInvalid, "Please type your comment text.");
  }
  if (submission.author.size() > kMaxAuthorBytes) {
    return Fail(ErrorKind::kInvalid, "Your name is too long.");
  }
  if (submission.email.size() > kMaxEmailBytes) {
    return Fail(ErrorKind::kInvalid, "Your email address is too long.");
  }
  if (submission.url.size() > kMaxUrlBytes) {
    return Fail(ErrorKind::kInvalid, "Your URL is too long.");
  }
  if (submission.content.size() > kMaxContentBytes) {
    return Fail(ErrorKind::kInvalid, "Your comment is too long.");
  }
  // As WordPress's pre_comment_author_url filter (esc_url_raw) does after the checks: a website
  // that is not an http(s) address is left out, the comment is kept.
  submission.url = util::SafeUrl(submission.url, util::UrlScope::kWebsite);
  return {};
}

Decision Decide(const store::Comment& comment, const store::Settings& settings, bool is_moderator,
                bool has_approved) {
  using store::CommentStatus;
  if (is_moderator) return {CommentStatus::kApproved, ""};
  // A disallowed key sends the comment to the trash whatever the other rules say.
  std::string stripped = StripTags(comment.content);
  if (std::string hit = FindKeyword(settings.disallowed_keys, FieldsOf(comment, stripped));
      !hit.empty()) {
    return {CommentStatus::kTrash, "trashed: disallowed key " + hit};
  }
  if (settings.comment_moderation) return {CommentStatus::kPending, "held: manual moderation"};
  if (settings.comment_max_links > 0) {
    int links = CountLinks(comment.content);
    if (links >= settings.comment_max_links) {
      return {CommentStatus::kPending, "held: " + std::to_string(links) +
                                           (links == 1 ? " link" : " links") + " (hold at " +
                                           std::to_string(settings.comment_max_links) + ")"};
    }
  }
  if (std::string hit = FindKeyword(settings.moderation_keys, FieldsOf(comment, ""));
      !hit.empty()) {
    return {CommentStatus::kPending, "held: moderation key " + hit};
  }
  if (settings.comment_previously_approved) {
    if (comment.author.empty() || comment.email.empty()) {
      return {CommentStatus::kPending, "held: no name and email to recognise the author"};
    }
    if (!has_approved) return FirstCommentHold();
  }
  return {CommentStatus::kApproved, ""};
}

namespace {

// Both Submits: the field checks, then one write job (with or without a guard).
void SubmitWith(store::Store& store, spam::SpamGuard* guard, const store::Settings& settings,
                Submission submission, int64_t now,
                std::move_only_function<void(Result<Accepted>)> done, AfterStore after_store) {
  if (Status fields = ValidateFields(submission, settings); !fields) {
    // Checks 1-5 come before the fields in WordPress: answer the earlier one. These are plain
    // reads; a refused comment never takes a place in the writer's queue.
    Status target = CheckTarget(store, settings, submission, now);
    if (!target && target.error().kind != ErrorKind::kUnavailable) {
      done(std::unexpected(target.error()));
    } else {
      done(std::unexpected(fields.error()));
    }
    return;
  }
  auto job = std::make_shared<Job>(
      Job{settings, std::move(submission), now, {}, {}, std::move(after_store), guard, {}, {}});
  if (guard) job->screening = guard->Screen(job->submission, settings, now);
  job->decided = Decide(CommentFrom(job->submission, now), settings, job->submission.is_moderator,
                        /*has_approved=*/true);
  store.Write([job](store::Transaction& tx) { return RunJob(tx, *job); },
              [job, done = std::move(done)](Status status) mutable {
                if (status) {
                  done(Accepted{std::move(job->stored)});
                } else if (job->refusal) {
                  done(std::unexpected(*job->refusal));
                } else {
                  done(Refuse(ErrorKind::kUnavailable, kNotSaved));
                }
              });
}

}  // namespace

void Submit(store::Store& store, const store::Settings& settings, Submission submission,
            int64_t now, std::move_only_function<void(Result<Accepted>)> done,
            AfterStore after_store) {
  SubmitWith(store, nullptr, settings, std::move(submission), now, std::move(done),
             std::move(after_store));
}

void Submit(store::Store& store, spam::SpamGuard& guard, const store::Settings& settings,
            Submission submission, int64_t now,
            std::move_only_function<void(Result<Accepted>)> done, AfterStore after_store) {
  SubmitWith(store, &guard, settings, std::move(submission), now, std::move(done),
             std::move(after_store));
}

}  // namespace quire::comments
