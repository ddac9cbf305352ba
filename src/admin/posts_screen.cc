#include "admin/posts_screen.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "admin/guard.h"
#include "content/markdown.h"
#include "content/permalink.h"
#include "http/form.h"
#include "site/layout.h"
#include "store/posts_admin.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::Post;
using store::PostFormat;
using store::PostStatus;

constexpr std::string_view kScheduleHint =
    "A date in the future with Publish schedules the post. For now the front page already lists "
    "scheduled posts; the publishing issue will hide them until their date.";

// Where in the list a request stands: post_status and paged.
struct PostListState {
  std::optional<PostStatus> status;  // nullopt: All
  int64_t paged = 1;

  static PostListState From(const http::Form& form) {
    PostListState state;
    std::optional<PostStatus> status = store::ParsePostStatus(form.GetOr("post_status"));
    if (status && *status != PostStatus::kPrivate) state.status = status;
    std::optional<int64_t> paged = util::ParseInt(form.GetOr("paged"));
    if (paged && *paged > 0) state.paged = std::min<int64_t>(*paged, 1'000'000);
    return state;
  }
  std::string Url(std::string_view extra = {}) const {
    std::string url = "/admin/posts/";
    std::string query;
    if (status) query += "post_status=" + std::string(store::ToString(*status));
    if (paged > 1)
      query += std::string(query.empty() ? "" : "&") + "paged=" + std::to_string(paged);
    if (!extra.empty()) query += std::string(query.empty() ? "" : "&") + std::string(extra);
    return query.empty() ? url : url + "?" + query;
  }
};

bool IsScheduled(const Post& post, int64_t now) {
  return post.status == PostStatus::kPublish && post.published_at > now;
}

std::string StatusLabel(const Post& post, int64_t now) {
  if (IsScheduled(post, now)) return "Scheduled";
  switch (post.status) {
    case PostStatus::kPublish: return "Published";
    case PostStatus::kDraft: return "Draft";
    case PostStatus::kPrivate: return "Private";
    case PostStatus::kTrash: return "Trash";
  }
  return "";
}

mustache::data Tabs(const PostListState& state, const store::PostCounts& counts) {
  struct Tab {
    std::optional<PostStatus> status;
    std::string_view label;
    int64_t count;
  };
  const Tab tabs[] = {{std::nullopt, "All", counts.all()},
                      {PostStatus::kPublish, "Published", counts.publish},
                      {PostStatus::kDraft, "Drafts", counts.draft},
                      {PostStatus::kTrash, "Trash", counts.trash}};
  mustache::data list(mustache::data::type::list);
  for (const Tab& tab : tabs) {
    mustache::data entry;
    entry.set("label", std::string(tab.label));
    entry.set("count", std::to_string(tab.count));
    entry.set("url", PostListState{.status = tab.status}.Url());
    entry.set("current", tab.status == state.status);
    list.push_back(std::move(entry));
  }
  return list;
}

mustache::data Row(const store::PostRow& row, const Principal& principal,
                   const store::Settings& settings, int64_t now) {
  const Post& post = row.post;
  mustache::data view;
  view.set("id", std::to_string(post.id));
  view.set("title", post.title.empty() ? std::string("(no title)") : post.title);
  view.set("status", StatusLabel(post, now));
  view.set("date", util::FormatIso8601(post.published_at));
  view.set("author", row.author_name.empty() ? std::string("\u2014") : row.author_name);
  view.set("comments", std::to_string(row.approved_comments));
  view.set("can_edit", MayEditPost(principal, post));
  view.set("edit_url", "/admin/posts/" + std::to_string(post.id) + "/edit/");
  view.set("is_published", post.status == PostStatus::kPublish);
  view.set("view_url", content::PostPath(post, settings.permalink_structure));
  return view;
}

void SetPagination(mustache::data& data, const PostListState& state, int64_t total) {
  const int64_t pages = std::max<int64_t>(1, (total + kPostsPerPage - 1) / kPostsPerPage);
  PostListState prev = state, next = state;
  prev.paged = std::min(state.paged - 1, pages);
  next.paged = state.paged + 1;
  data.set("has_pages", pages > 1);
  data.set("paged", std::to_string(state.paged));
  data.set("pages", std::to_string(pages));
  data.set("has_prev", state.paged > 1);
  data.set("prev_url", prev.Url());
  data.set("has_next", state.paged < pages);
  data.set("next_url", next.Url());
}

std::string ListNotice(const http::Form& query) {
  if (query.Has("trashed")) return "1 post moved to the Trash.";
  return {};
}

std::string EditNotice(const http::Form& query) {
  if (query.Has("published")) return "Post published.";
  if (query.Has("scheduled")) return "Post scheduled.";
  if (query.Has("saved")) return "Draft saved.";
  return {};
}

// The editor's fields as typed (or as stored).
struct PostFields {
  std::string title, slug, body, format = "markdown", date;
  bool comments_open = true;
};

PostFields FieldsOf(const Post& post) {
  return {post.title,
          post.slug,
          post.body,
          std::string(store::ToString(post.format)),
          post.id == 0 ? std::string() : util::FormatIso8601(post.published_at),
          post.comments_open};
}

PostFields FieldsOf(const http::Form& form) {
  return {std::string(util::Trim(form.GetOr("post_title"))),
          std::string(util::Trim(form.GetOr("post_name"))),
          std::string(form.GetOr("content")),
          std::string(form.GetOr("post_format", "markdown")),
          std::string(util::Trim(form.GetOr("date"))),
          form.GetOr("comment_status") == "open"};
}

// What the editor shows besides the fields.
struct EditorState {
  const Post* stored = nullptr;  // null: a new post
  std::string preview_html;      // "" for none
};

mustache::data FormatOptions(const PostFields& fields, const Principal& principal) {
  mustache::data options(mustache::data::type::list);
  for (std::string_view format : {"markdown", "html", "text"}) {
    bool allowed = format != "html" || principal.Can(Capability::kUnfilteredHtml);
    if (!allowed && fields.format != format) continue;
    mustache::data option;
    option.set("value", std::string(format));
    option.set("label", std::string(format == "markdown" ? "Markdown"
                                    : format == "html"   ? "HTML"
                                                         : "Plain text"));
    option.set("selected", fields.format == format);
    options.push_back(std::move(option));
  }
  return options;
}

mustache::data EditorData(const PostFields& fields, const EditorState& state,
                          const Principal& principal, const store::Settings& settings,
                          int64_t now) {
  const Post* post = state.stored;
  mustache::data data;
  data.set("action_url", post ? "/admin/posts/" + std::to_string(post->id) + "/edit/"
                              : std::string("/admin/posts/new/"));
  data.set("is_existing", post != nullptr);
  data.set("id", post ? std::to_string(post->id) : std::string());
  data.set("title", fields.title);
  data.set("slug", fields.slug);
  data.set("content", fields.body);
  data.set("formats", FormatOptions(fields, principal));
  data.set("date", fields.date);
  data.set("comments_open", fields.comments_open);
  data.set("can_publish", principal.Can(Capability::kPublishPosts));
  data.set("schedule_hint", std::string(kScheduleHint));
  data.set("status", post ? StatusLabel(*post, now) : std::string("New"));
  bool viewable = post && post->status == PostStatus::kPublish;
  data.set("has_view", viewable);
  data.set("view_url", viewable ? content::PostPath(*post, settings.permalink_structure) : "");
  data.set("can_trash", post && post->status != PostStatus::kTrash);
  data.set("trash_url", post ? "/admin/posts/" + std::to_string(post->id) + "/trash/" : "");
  data.set("has_preview", !state.preview_html.empty());
  data.set("preview", state.preview_html);
  return data;
}

enum class SaveAction { kPublish, kDraft, kPreview };

std::optional<SaveAction> ParseSaveAction(std::string_view word) {
  if (word == "publish") return SaveAction::kPublish;
  if (word == "draft") return SaveAction::kDraft;
  if (word == "preview") return SaveAction::kPreview;
  return std::nullopt;
}

// The date the post gets: the typed one; empty keeps a published post's date, else now.
Result<int64_t> DateOf(const PostFields& fields, const Post* stored, int64_t now) {
  if (fields.date.empty()) {
    bool keep = stored && stored->status == PostStatus::kPublish;
    return keep ? stored->published_at : now;
  }
  std::optional<int64_t> when = util::ParseIso8601(fields.date);
  if (!when) {
    return Fail(ErrorKind::kInvalid, "The date \u201c" + fields.date +
                                         "\u201d is not an ISO-8601 date like 2024-05-01T10:00Z.");
  }
  return *when;
}

// The post the form describes, checked against the rules and the principal's capabilities.
Result<Post> BuildPost(const PostFields& fields, const Post* stored, SaveAction action,
                       const Principal& principal, int64_t now) {
  for (const std::string* text : {&fields.title, &fields.slug, &fields.body, &fields.date}) {
    if (!util::IsValidUtf8(*text)) return Fail(ErrorKind::kInvalid, "The text is not valid UTF-8.");
  }
  if (fields.title.empty()) return Fail(ErrorKind::kInvalid, "Please enter a title.");
  std::optional<PostFormat> format = store::ParsePostFormat(fields.format);
  if (!format) return Fail(ErrorKind::kInvalid, "Please choose a format.");
  if (*format == PostFormat::kHtml && !principal.Can(Capability::kUnfilteredHtml)) {
    return Fail(
        ErrorKind::kForbidden,
        "Sorry, you are not allowed to write posts in HTML; choose Markdown or plain text.");
  }
  if (action == SaveAction::kPublish && !principal.Can(Capability::kPublishPosts)) {
    return Fail(ErrorKind::kForbidden,
                "Sorry, you are not allowed to publish posts. Save a draft; an editor can "
                "publish it.");
  }
  Result<int64_t> date = DateOf(fields, stored, now);
  if (!date) return std::unexpected(std::move(date.error()));
  Post post = stored ? *stored : Post{};
  if (!stored) post.author_id = principal.user.id;
  post.title = fields.title;
  post.body = fields.body;
  post.format = *format;
  post.published_at = *date;
  post.modified_at = now;
  post.comments_open = fields.comments_open;
  post.status = action == SaveAction::kPublish ? PostStatus::kPublish : PostStatus::kDraft;
  return post;
}

std::string SavedWord(const Post& post, int64_t now) {
  if (post.status != PostStatus::kPublish) return "saved=1";
  return IsScheduled(post, now) ? "scheduled=1" : "published=1";
}

}  // namespace

bool MayEditPost(const Principal& principal, const store::Post& post) {
  if (!principal.Can(Capability::kEditPosts)) return false;
  bool own = post.author_id != 0 && post.author_id == principal.user.id;
  if (!own && !principal.Can(Capability::kEditOthersPosts)) return false;
  return post.status != PostStatus::kPublish || principal.Can(Capability::kPublishPosts);
}

void PostsScreen::List(const http::Request& request, const Principal& principal,
                       http::Respond respond) const {
  const http::Form query = http::Form::Parse(request.Query());
  const PostListState state = PostListState::From(query);
  const int64_t author = principal.Can(Capability::kEditOthersPosts) ? 0 : principal.user.id;
  const int64_t offset = (state.paged - 1) * kPostsPerPage;
  Result<store::PostListPage> page = store::ListPostsForAdmin(
      deps_.store, {.status = state.status,
                    .author_id = author,
                    .offset = static_cast<int>(std::min<int64_t>(offset, INT32_MAX)),
                    .limit = kPostsPerPage});
  if (!page) return respond(site::FailureResponse(page.error()));
  Result<store::PostCounts> counts = store::CountPostsByStatus(deps_.store, author);
  if (!counts) return respond(site::FailureResponse(counts.error()));
  const auto settings = deps_.settings.Get();
  const int64_t now = deps_.clock.Now();
  mustache::data rows(mustache::data::type::list);
  for (const store::PostRow& row : page->rows) rows.push_back(Row(row, principal, *settings, now));
  mustache::data data;
  data.set("tabs", Tabs(state, *counts));
  data.set("posts", rows);
  data.set("has_posts", !page->rows.empty());
  data.set("total_label", std::to_string(page->total) + (page->total == 1 ? " item" : " items"));
  SetPagination(data, state, page->total);
  AdminPage admin_page{.title = "Posts", .section = Section::kPosts};
  admin_page.notice = ListNotice(query);
  respond(layout_.Screen("posts", principal, std::move(data), std::move(admin_page)));
}

bool PostsScreen::LoadEditable(int64_t id, const Principal& principal, http::Respond& respond,
                               std::optional<Post>& stored) const {
  if (id == 0) return true;  // a new post
  Result<std::optional<Post>> found = deps_.store.FindPost(id);
  if (!found) {
    respond(site::FailureResponse(found.error()));
    return false;
  }
  if (!*found) {
    respond(
        layout_.ErrorPage(principal, Section::kPosts,
                          {ErrorKind::kNotFound, "There is no post " + std::to_string(id) + "."}));
    return false;
  }
  if (!MayEditPost(principal, **found)) {
    respond(ForbiddenResponse());
    return false;
  }
  stored = std::move(*found);
  return true;
}

void PostsScreen::EditForm(const http::Request& request, int64_t id, const Principal& principal,
                           http::Respond respond) const {
  std::optional<Post> stored;
  if (!LoadEditable(id, principal, respond, stored)) return;
  const PostFields fields = stored ? FieldsOf(*stored) : PostFields{};
  EditorState state{.stored = stored ? &*stored : nullptr};
  AdminPage page{.title = stored ? "Edit Post" : "Add New Post", .section = Section::kPosts};
  page.notice = EditNotice(http::Form::Parse(request.Query()));
  respond(
      layout_.Screen("post-edit", principal,
                     EditorData(fields, state, principal, *deps_.settings.Get(), deps_.clock.Now()),
                     std::move(page)));
}

void PostsScreen::Save(const http::Request& request, int64_t id, const Principal& principal,
                       http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  std::optional<Post> stored;
  if (!LoadEditable(id, principal, respond, stored)) return;
  const PostFields fields = FieldsOf(body);
  const int64_t now = deps_.clock.Now();
  const auto settings = deps_.settings.Get();
  std::optional<SaveAction> action = ParseSaveAction(body.GetOr("action"));
  const Post* before = stored ? &*stored : nullptr;
  Result<Post> post = action ? BuildPost(fields, before, *action, principal, now)
                             : Result<Post>(Fail(ErrorKind::kInvalid, "Unknown action."));
  AdminPage page{.title = stored ? "Edit Post" : "Add New Post", .section = Section::kPosts};
  if (!post || *action == SaveAction::kPreview) {
    EditorState state{.stored = before};
    if (post) state.preview_html = content::RenderBody(post->body, post->format);
    if (!post) page.error = post.error().message + " Nothing was saved.";
    int status = post ? 200 : HttpStatusFor(post.error().kind);
    return respond(layout_.Screen("post-edit", principal,
                                  EditorData(fields, state, principal, *settings, now),
                                  std::move(page), status));
  }
  const std::string base_slug = content::Slugify(fields.slug.empty() ? fields.title : fields.slug);
  auto saved = std::make_shared<Post>();
  store::WriteJob job = [saved, post = *post, base_slug](store::Transaction& tx) -> Status {
    Result<Post> result = store::SavePost(tx, post, base_slug);
    if (!result) return std::unexpected(std::move(result.error()));
    *saved = std::move(*result);
    return {};
  };
  deps_.store.Write(std::move(job), [this, saved, now, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
    respond(
        SeeOther("/admin/posts/" + std::to_string(saved->id) + "/edit/?" + SavedWord(*saved, now)));
  });
}

void PostsScreen::Trash(const http::Request& request, int64_t id, const Principal& principal,
                        http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  Result<std::optional<Post>> found = deps_.store.FindPost(id);
  if (!found) return respond(site::FailureResponse(found.error()));
  if (!*found) {
    return respond(
        layout_.ErrorPage(principal, Section::kPosts,
                          {ErrorKind::kNotFound, "There is no post " + std::to_string(id) + "."}));
  }
  if (!MayEditPost(principal, **found)) return respond(ForbiddenResponse());
  store::WriteJob job = [id](store::Transaction& tx) -> Status {
    Result<Post> before = store::TrashPost(tx, id);
    if (!before) return std::unexpected(std::move(before.error()));
    return {};
  };
  deps_.store.Write(
      std::move(job), [this, principal, respond = std::move(respond)](Status status) mutable {
        if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
        respond(SeeOther("/admin/posts/?trashed=1"));
      });
}

}  // namespace quire::admin
