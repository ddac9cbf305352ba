#include "admin/comments_screen.h"

#include <memory>
#include <utility>

#include "admin/comment_view.h"
#include "admin/guard.h"
#include "comments/submission.h"
#include "http/form.h"
#include "site/layout.h"
#include "store/moderation.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::CommentFilter;
using store::CommentStatus;
using store::ModerationAction;

constexpr CommentFilter kTabs[] = {CommentFilter::kAll, CommentFilter::kPending,
                                   CommentFilter::kApproved, CommentFilter::kSpam,
                                   CommentFilter::kTrash};

std::string_view TabLabel(CommentFilter filter) {
  switch (filter) {
    case CommentFilter::kAll: return "All";
    case CommentFilter::kPending: return "Pending";
    case CommentFilter::kApproved: return "Approved";
    case CommentFilter::kSpam: return "Spam";
    case CommentFilter::kTrash: return "Trash";
  }
  return "";
}

// WordPress's bulk actions per tab.
std::vector<ModerationAction> BulkActionsFor(CommentFilter filter) {
  using A = ModerationAction;
  switch (filter) {
    case CommentFilter::kAll: return {A::kUnapprove, A::kApprove, A::kSpam, A::kTrash};
    case CommentFilter::kPending: return {A::kApprove, A::kSpam, A::kTrash};
    case CommentFilter::kApproved: return {A::kUnapprove, A::kSpam, A::kTrash};
    case CommentFilter::kSpam: return {A::kUnspam, A::kDelete};
    case CommentFilter::kTrash: return {A::kUntrash, A::kDelete};
  }
  return {};
}

mustache::data Tabs(const ListState& state, const store::CommentCounts& counts) {
  mustache::data tabs(mustache::data::type::list);
  for (CommentFilter filter : kTabs) {
    ListState target{.filter = filter, .search = state.search};
    mustache::data tab;
    tab.set("label", std::string(TabLabel(filter)));
    tab.set("count", std::to_string(counts.Of(filter)));
    tab.set("url", target.Url());
    tab.set("current", filter == state.filter);
    tabs.push_back(std::move(tab));
  }
  return tabs;
}

mustache::data BulkOptions(CommentFilter filter) {
  mustache::data options(mustache::data::type::list);
  for (ModerationAction action : BulkActionsFor(filter)) {
    mustache::data option;
    option.set("value", std::string(store::ToString(action)));
    option.set("label", std::string(ActionLabel(action)));
    options.push_back(std::move(option));
  }
  return options;
}

void SetPagination(mustache::data& data, const ListState& state, int64_t total) {
  const int64_t pages = std::max<int64_t>(1, (total + kCommentsPerPage - 1) / kCommentsPerPage);
  data.set("has_pages", pages > 1);
  data.set("paged", std::to_string(state.paged));
  data.set("pages", std::to_string(pages));
  ListState prev = state, next = state;
  prev.paged = std::min(state.paged - 1, pages);
  next.paged = state.paged + 1;
  data.set("has_prev", state.paged > 1);
  data.set("prev_url", prev.Url());
  data.set("has_next", state.paged < pages);
  data.set("next_url", next.Url());
}

// The notice a redirect carries in its query ("approved=2" → "2 comments approved.").
std::string NoticeFrom(const http::Form& query) {
  constexpr ModerationAction kActions[] = {ModerationAction::kApprove, ModerationAction::kUnapprove,
                                           ModerationAction::kSpam,    ModerationAction::kUnspam,
                                           ModerationAction::kTrash,   ModerationAction::kUntrash,
                                           ModerationAction::kDelete};
  for (ModerationAction action : kActions) {
    std::optional<int64_t> count = util::ParseInt(query.GetOr(NoticeWord(action)));
    if (count && *count >= 0) return ActionNotice(action, *count);
  }
  if (query.Has("updated")) return "Comment updated.";
  if (query.Has("replied")) return "Reply published.";
  return {};
}

std::string Plural(int64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// The action a row form or an email link asks for: the URL's, else the body's.
std::optional<ModerationAction> RequestedAction(const http::Request& request,
                                                const http::Form& body) {
  http::Form query = http::Form::Parse(request.Query());
  std::string_view word = query.GetOr("action", body.GetOr("action"));
  return store::ParseModerationAction(word);
}

// Applies one action inside a write job, then the hook; the comment as it was.
Result<store::Comment> Moderate(store::Transaction& tx, const ScreenDeps& deps, int64_t id,
                                ModerationAction action, const Principal& principal) {
  Result<store::Comment> before =
      store::ApplyModeration(tx, id, action, ActionReason(action, principal.user.login));
  if (!before || action == ModerationAction::kDelete || !deps.on_moderated) return before;
  if (Status hooked = deps.on_moderated(tx, *before, store::StatusAfter(action, *before));
      !hooked) {
    return std::unexpected(std::move(hooked.error()));
  }
  return before;
}

struct EditFields {
  std::string author, email, url, content, status;
};

EditFields FieldsOf(const store::Comment& comment) {
  std::string status(util::ToLower(StatusLabel(comment.status)));
  return {comment.author, comment.email, comment.url, comment.content, status};
}

EditFields FieldsOf(const http::Form& form) {
  auto trimmed = [&form](std::string_view name) {
    return std::string(util::Trim(form.GetOr(name)));
  };
  return {trimmed("author"), trimmed("email"), trimmed("url"), std::string(form.GetOr("content")),
          std::string(form.GetOr("status"))};
}

// The edit's fields checked as a comment's are on the form (sizes, email, text), plus the URL's
// scheme (it becomes a link on the public page).
Result<store::CommentEdit> ValidateEdit(int64_t id, const EditFields& fields,
                                        std::string_view who) {
  for (const std::string* text : {&fields.author, &fields.email, &fields.url, &fields.content}) {
    if (!util::IsValidUtf8(*text)) return Fail(ErrorKind::kInvalid, "The text is not valid UTF-8.");
  }
  std::optional<CommentStatus> status = store::ParseCommentStatus(fields.status);
  if (!status) return Fail(ErrorKind::kInvalid, "Please choose a status.");
  if (util::Trim(fields.content).empty()) {
    return Fail(ErrorKind::kInvalid, "Please type the comment text.");
  }
  if (!fields.email.empty() && !comments::IsEmail(fields.email)) {
    return Fail(ErrorKind::kInvalid, "Please enter a valid email address.");
  }
  std::string url = util::SafeUrl(fields.url, util::UrlScope::kWebsite);
  if (!fields.url.empty() && url.empty()) {
    return Fail(ErrorKind::kInvalid, "The URL must be a web address (http:// or https://).");
  }
  if (fields.author.size() > comments::kMaxAuthorBytes) {
    return Fail(ErrorKind::kInvalid, "The name is too long.");
  }
  if (fields.email.size() > comments::kMaxEmailBytes) {
    return Fail(ErrorKind::kInvalid, "The email address is too long.");
  }
  if (url.size() > comments::kMaxUrlBytes) {
    return Fail(ErrorKind::kInvalid, "The URL is too long.");
  }
  if (fields.content.size() > comments::kMaxContentBytes) {
    return Fail(ErrorKind::kInvalid, "The comment is too long.");
  }
  return store::CommentEdit{.id = id,
                            .author = fields.author,
                            .email = fields.email,
                            .url = url,
                            .content = fields.content,
                            .status = *status,
                            .reason = "edited by " + std::string(who)};
}

mustache::data EditData(int64_t id, const EditFields& fields, const ListState& state) {
  mustache::data data;
  data.set("id", std::to_string(id));
  data.set("author", fields.author);
  data.set("email", fields.email);
  data.set("url", fields.url);
  data.set("content", fields.content);
  mustache::data statuses(mustache::data::type::list);
  for (CommentStatus status : {CommentStatus::kApproved, CommentStatus::kPending,
                               CommentStatus::kSpam, CommentStatus::kTrash}) {
    std::string word = util::ToLower(StatusLabel(status));
    mustache::data option;
    option.set("value", word);
    option.set("label", std::string(StatusLabel(status)));
    option.set("checked", word == fields.status);
    statuses.push_back(std::move(option));
  }
  data.set("statuses", statuses);
  data.set("state", state.Hidden());
  return data;
}

}  // namespace

void CommentsScreen::List(const http::Request& request, const Principal& principal,
                          http::Respond respond) const {
  const http::Form query = http::Form::Parse(request.Query());
  const ListState state = ListState::From(query);
  const auto settings = deps_.settings.Get();
  const int64_t offset = (state.paged - 1) * kCommentsPerPage;
  Result<store::ModerationPage> page = store::ListForModeration(
      deps_.store, {.filter = state.filter,
                    .search = state.search,
                    .offset = static_cast<int>(std::min<int64_t>(offset, INT32_MAX)),
                    .limit = kCommentsPerPage});
  if (!page) return respond(site::FailureResponse(page.error()));
  Result<store::CommentCounts> counts = store::CountCommentsByStatus(deps_.store);
  if (!counts) return respond(site::FailureResponse(counts.error()));
  Result<std::map<int64_t, store::Post>> posts = PostsOf(deps_.store, page->comments);
  if (!posts) return respond(site::FailureResponse(posts.error()));

  mustache::data rows(mustache::data::type::list);
  for (const store::Comment& comment : page->comments) {
    auto post = posts->find(comment.post_id);
    mustache::data row = CommentView(deps_.store, comment,
                                     post == posts->end() ? nullptr : &post->second, *settings);
    rows.push_back(std::move(row));
  }
  mustache::data data;
  data.set("tabs", Tabs(state, *counts));
  data.set("filter", std::string(store::ToString(state.filter)));
  data.set("search", state.search);
  data.set("has_search", !state.search.empty());
  data.set("state", state.Hidden());
  data.set("bulk_actions", BulkOptions(state.filter));
  data.set("comments", rows);
  data.set("has_comments", !page->comments.empty());
  data.set("total_label", Plural(page->total, "item", "items"));
  SetPagination(data, state, page->total);
  AdminPage admin_page{.title = "Comments", .section = Section::kComments};
  admin_page.notice = NoticeFrom(query);
  respond(layout_.Screen("comments", principal, std::move(data), std::move(admin_page)));
}

void CommentsScreen::Bulk(const http::Request& request, const Principal& principal,
                          http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const ListState state = ListState::From(body);
  std::optional<ModerationAction> action = store::ParseModerationAction(body.GetOr("action"));
  std::vector<int64_t> ids;
  for (std::string_view value : body.GetAll("delete_comments[]")) {
    if (std::optional<int64_t> id = util::ParseInt(value); id && *id > 0) ids.push_back(*id);
  }
  if (!action || ids.empty()) return respond(SeeOther(state.Url()));

  auto changed = std::make_shared<int64_t>(0);
  store::WriteJob job = [this, changed, ids, action = *action,
                         principal](store::Transaction& tx) -> Status {
    *changed = 0;  // the writer may run a job again after a failed batch
    for (int64_t id : ids) {
      Result<store::Comment> before = Moderate(tx, deps_, id, action, principal);
      if (before) {
        ++*changed;
        continue;
      }
      ErrorKind kind = before.error().kind;
      if (kind != ErrorKind::kInvalid && kind != ErrorKind::kNotFound) {
        return std::unexpected(std::move(before.error()));
      }
    }
    return {};
  };
  deps_.store.Write(std::move(job), [this, changed, state, action = *action, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kComments, status.error()));
    respond(SeeOther(state.Url(std::string(NoticeWord(action)) + "=" + std::to_string(*changed))));
  });
}

std::optional<store::Comment> CommentsScreen::FindOrAnswer(int64_t id, const Principal& principal,
                                                           http::Respond& respond) const {
  Result<std::optional<store::Comment>> comment = deps_.store.FindComment(id);
  if (!comment) {
    respond(site::FailureResponse(comment.error()));
    return std::nullopt;
  }
  if (!*comment) {
    respond(layout_.ErrorPage(
        principal, Section::kComments,
        {ErrorKind::kNotFound, "There is no comment " + std::to_string(id) + "."}));
  }
  return std::move(*comment);
}

void CommentsScreen::Confirm(const http::Request& request, int64_t id, const Principal& principal,
                             http::Respond respond) const {
  std::optional<store::Comment> comment = FindOrAnswer(id, principal, respond);
  if (!comment) return;
  Result<std::map<int64_t, store::Post>> posts = PostsOf(deps_.store, {*comment});
  if (!posts) return respond(site::FailureResponse(posts.error()));
  auto post = posts->find(comment->post_id);
  mustache::data data = CommentView(
      deps_.store, *comment, post == posts->end() ? nullptr : &post->second, *deps_.settings.Get());
  std::optional<ModerationAction> action = RequestedAction(request, http::Form());
  bool applies = action && store::ActionApplies(*action, comment->status);
  data.set("has_requested", applies);
  data.set("requested_action", applies ? std::string(store::ToString(*action)) : "");
  data.set("requested_label", applies ? std::string(ActionLabel(*action)) : "");
  data.set("state", ListState().Hidden());
  AdminPage page{.title = "Moderate comment", .section = Section::kComments};
  if (action && !applies) {
    page.notice = "This comment is " + util::ToLower(StatusLabel(comment->status)) +
                  " now; the action asked for no longer applies.";
  }
  respond(layout_.Screen("comment", principal, std::move(data), std::move(page)));
}

void CommentsScreen::Act(const http::Request& request, int64_t id, const Principal& principal,
                         http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const ListState state = ListState::From(body);
  std::optional<ModerationAction> action = RequestedAction(request, body);
  if (!action) {
    return respond(
        layout_.ErrorPage(principal, Section::kComments, {ErrorKind::kInvalid, "Unknown action."}));
  }
  store::WriteJob job = [this, id, action = *action, principal](store::Transaction& tx) -> Status {
    Result<store::Comment> before = Moderate(tx, deps_, id, action, principal);
    if (!before) return std::unexpected(std::move(before.error()));
    return {};
  };
  deps_.store.Write(std::move(job), [this, state, action = *action, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kComments, status.error()));
    respond(SeeOther(state.Url(std::string(NoticeWord(action)) + "=1")));
  });
}

void CommentsScreen::EditForm(const http::Request& request, int64_t id, const Principal& principal,
                              http::Respond respond) const {
  std::optional<store::Comment> comment = FindOrAnswer(id, principal, respond);
  if (!comment) return;
  ListState state = ListState::From(http::Form::Parse(request.Query()));
  respond(layout_.Screen("comment-edit", principal, EditData(id, FieldsOf(*comment), state),
                         {.title = "Edit comment", .section = Section::kComments}));
}

void CommentsScreen::SaveEdit(const http::Request& request, int64_t id, const Principal& principal,
                              http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const ListState state = ListState::From(body);
  const EditFields fields = FieldsOf(body);
  Result<store::CommentEdit> edit = ValidateEdit(id, fields, principal.user.login);
  if (!edit) {
    AdminPage page{.title = "Edit comment", .section = Section::kComments};
    page.error = edit.error().message;
    return respond(layout_.Screen("comment-edit", principal, EditData(id, fields, state),
                                  std::move(page), 400));
  }
  store::WriteJob job = [this, edit = *edit](store::Transaction& tx) -> Status {
    Result<std::optional<store::Comment>> before = tx.FindComment(edit.id);
    if (!before) return std::unexpected(std::move(before.error()));
    if (Status saved = store::UpdateComment(tx, edit); !saved) return saved;
    if (!deps_.on_moderated || !*before || (*before)->status == edit.status) return {};
    return deps_.on_moderated(tx, **before, edit.status);
  };
  deps_.store.Write(std::move(job), [this, state, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kComments, status.error()));
    respond(SeeOther(state.Url("updated=1")));
  });
}

void CommentsScreen::Reply(const http::Request& request, int64_t id, const Principal& principal,
                           http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const ListState state = ListState::From(body);
  std::optional<store::Comment> parent = FindOrAnswer(id, principal, respond);
  if (!parent) return;
  const store::User& user = principal.user;
  comments::Submission reply{
      .post_id = parent->post_id,
      .parent_id = id,
      .author = user.display_name.empty() ? user.login : user.display_name,
      .email = user.email,
      .content = std::string(body.GetOr("content")),
      .ip = request.remote_ip,
      .user_agent = std::string(request.Find("user-agent").value_or("")),
      .user_id = user.id,
      .is_moderator = true,
  };
  auto done = [this, state, principal,
               respond = std::move(respond)](Result<comments::Accepted> accepted) mutable {
    if (!accepted) {
      Error error = accepted.error();
      if (error.message.empty()) error.message = "The reply cannot be posted on this post.";
      return respond(layout_.ErrorPage(principal, Section::kComments, error));
    }
    respond(SeeOther(state.Url("replied=1")));
  };
  comments::Submit(deps_.store, *deps_.settings.Get(), std::move(reply), deps_.clock.Now(),
                   std::move(done), deps_.after_reply);
}

}  // namespace quire::admin
