#include "admin/comment_view.h"

#include <algorithm>
#include <utility>

#include "comments/comment_link.h"
#include "content/permalink.h"
#include "util/clock.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::CommentStatus;
using store::ModerationAction;

struct ActionWords {
  ModerationAction action;
  std::string_view label;        // the button
  std::string_view notice_word;  // the query word of the notice
  std::string_view done;         // "approved" in "1 comment approved."
};

constexpr ActionWords kActionWords[] = {
    {ModerationAction::kApprove, "Approve", "approved", "approved"},
    {ModerationAction::kUnapprove, "Unapprove", "unapproved", "unapproved"},
    {ModerationAction::kUnspam, "Not spam", "unspammed", "restored from the spam"},
    {ModerationAction::kUntrash, "Restore", "untrashed", "restored from the Trash"},
    {ModerationAction::kSpam, "Spam", "spammed", "marked as spam"},
    {ModerationAction::kTrash, "Trash", "trashed", "moved to the Trash"},
    {ModerationAction::kDelete, "Delete permanently", "deleted", "permanently deleted"},
};

const ActionWords& WordsOf(ModerationAction action) {
  for (const ActionWords& words : kActionWords) {
    if (words.action == action) return words;
  }
  return kActionWords[0];
}

mustache::data Field(std::string_view name, std::string value) {
  mustache::data field;
  field.set("name", std::string(name));
  field.set("value", std::move(value));
  return field;
}

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

ListState ListState::From(const http::Form& form) {
  ListState state;
  state.filter = store::ParseCommentFilter(form.GetOr("comment_status", "all"))
                     .value_or(store::CommentFilter::kAll);
  state.search = std::string(util::Trim(form.GetOr("s")));
  state.paged = std::max<int64_t>(1, util::ParseInt(form.GetOr("paged", "1")).value_or(1));
  return state;
}

std::string ListState::Url(std::string_view extra) const {
  std::string query;
  auto add = [&query](std::string_view part) {
    query += query.empty() ? "?" : "&";
    query += part;
  };
  if (filter != store::CommentFilter::kAll) {
    add("comment_status=" + std::string(store::ToString(filter)));
  }
  if (!search.empty()) add("s=" + util::UrlEncode(search));
  if (paged > 1) add("paged=" + std::to_string(paged));
  if (!extra.empty()) add(extra);
  return "/admin/comments/" + query;
}

mustache::data ListState::Hidden() const {
  mustache::data fields(mustache::data::type::list);
  fields.push_back(Field("comment_status", std::string(store::ToString(filter))));
  fields.push_back(Field("s", search));
  fields.push_back(Field("paged", std::to_string(paged)));
  return fields;
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  std::string flat;
  bool space = false;
  for (char c : util::Trim(text)) {
    bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (blank) {
      space = true;
      continue;
    }
    if (space && !flat.empty()) flat += ' ';
    space = false;
    flat += c;
  }
  if (flat.size() <= max_bytes) return flat;
  size_t end = max_bytes;
  while (end > 0 && IsContinuation(flat[end])) --end;
  flat.resize(end);
  return flat + "\u2026";
}

std::string_view StatusLabel(CommentStatus status) {
  switch (status) {
    case CommentStatus::kPending: return "Pending";
    case CommentStatus::kApproved: return "Approved";
    case CommentStatus::kSpam: return "Spam";
    case CommentStatus::kTrash: return "Trash";
  }
  return "";
}

std::string_view ActionLabel(ModerationAction action) {
  return WordsOf(action).label;
}

std::string_view NoticeWord(ModerationAction action) {
  return WordsOf(action).notice_word;
}

std::string ActionNotice(ModerationAction action, int64_t count) {
  return std::to_string(count) + (count == 1 ? " comment " : " comments ") +
         std::string(WordsOf(action).done) + ".";
}

std::string ActionReason(ModerationAction action, std::string_view who) {
  return std::string(WordsOf(action).done) + " by " + std::string(who);
}

std::vector<ModerationAction> ActionsFor(CommentStatus status) {
  std::vector<ModerationAction> actions;
  for (const ActionWords& words : kActionWords) {
    // A spam comment is deleted or let through; trashing it would only hide it again.
    bool spam_to_trash = status == CommentStatus::kSpam && words.action == ModerationAction::kTrash;
    if (store::ActionApplies(words.action, status) && !spam_to_trash) {
      actions.push_back(words.action);
    }
  }
  return actions;
}

Result<std::map<int64_t, store::Post>> PostsOf(store::Store& store,
                                               const std::vector<store::Comment>& comments) {
  std::map<int64_t, store::Post> posts;
  for (const store::Comment& comment : comments) {
    if (posts.contains(comment.post_id)) continue;
    Result<std::optional<store::Post>> post = store.FindPost(comment.post_id);
    if (!post) return std::unexpected(std::move(post.error()));
    if (*post) posts.emplace(comment.post_id, std::move(**post));
  }
  return posts;
}

mustache::data CommentView(store::Store& store, const store::Comment& comment,
                           const store::Post* post, const store::Settings& settings) {
  constexpr size_t kExcerptBytes = 300;
  mustache::data view;
  view.set("id", std::to_string(comment.id));
  view.set("author", comment.author.empty() ? std::string("Anonymous") : comment.author);
  view.set("is_user", comment.user_id != 0);
  view.set("has_email", !comment.email.empty());
  view.set("email", comment.email);
  // The URL as stored is shown as text; only a web address becomes a link.
  std::string href = util::SafeUrl(comment.url, util::UrlScope::kWebsite);
  view.set("has_url", !comment.url.empty());
  view.set("url", comment.url);
  view.set("has_href", !href.empty());
  view.set("href", href);
  view.set("has_ip", !comment.ip.empty());
  view.set("ip", comment.ip);
  view.set("date_iso", util::FormatIso8601(comment.created_at));
  view.set("date_human", util::FormatHumanDate(comment.created_at));
  view.set("excerpt", Excerpt(comment.content, kExcerptBytes));
  view.set("content", comment.content);
  view.set("status_label", std::string(StatusLabel(comment.status)));
  view.set("status_class", util::ToLower(StatusLabel(comment.status)));
  view.set("has_reason", !comment.reason.empty());
  view.set("reason", comment.reason);
  view.set("has_parent", comment.parent_id != 0);
  view.set("parent_id", std::to_string(comment.parent_id));
  view.set("can_reply", comment.status == CommentStatus::kApproved);
  mustache::data actions(mustache::data::type::list);
  for (ModerationAction action : ActionsFor(comment.status)) {
    mustache::data item;
    item.set("action", std::string(store::ToString(action)));
    item.set("label", std::string(ActionLabel(action)));
    item.set("danger", action == ModerationAction::kDelete);
    actions.push_back(std::move(item));
  }
  view.set("actions", actions);
  view.set("has_post", post != nullptr);
  if (post != nullptr) {
    view.set("post_title", post->title.empty() ? std::string("(no title)") : post->title);
    bool published = post->status == store::PostStatus::kPublish;
    std::string path = content::PostPath(*post, settings);
    view.set("has_post_link", published);
    view.set("post_link", path);
    view.set("comment_link",
             comments::CommentUrl(store, settings, comment, path, comments::LinkUse::kNow));
  }
  return view;
}

}  // namespace quire::admin
