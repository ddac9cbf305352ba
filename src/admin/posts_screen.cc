#include "admin/posts_screen.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "admin/guard.h"
#include "admin/term_tree.h"
#include "content/markdown.h"
#include "content/permalink.h"
#include "http/form.h"
#include "site/layout.h"
#include "store/media.h"
#include "store/posts_admin.h"
#include "store/publishing.h"
#include "store/revisions.h"
#include "store/taxonomy.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::Post;
using store::PostStatus;
using store::PostType;

constexpr int kParentChoices = 500;  // pages offered as parents
constexpr int kImageChoices = 200;   // newest uploads offered as featured images

// The menu entry a screen of this type highlights.
Section SectionOf(PostType type) {
  return type == PostType::kPage ? Section::kPages : Section::kPosts;
}

bool IsPage(PostType type) {
  return type == PostType::kPage;
}
std::string Noun(PostType type) {
  return IsPage(type) ? "page" : "post";
}
std::string ListBase(PostType type) {
  return IsPage(type) ? "/admin/pages/" : "/admin/posts/";
}
std::string EditUrl(int64_t id) {
  return "/admin/posts/" + std::to_string(id) + "/edit/";
}
std::string NewUrl(PostType type) {
  return ListBase(type) + "new/";
}

// Where in the list a request stands: post_status and paged.
struct PostListState {
  PostType type = PostType::kPost;
  std::optional<PostStatus> status;  // nullopt: All
  int64_t paged = 1;

  static PostListState From(PostType type, const http::Form& form) {
    PostListState state{.type = type};
    state.status = store::ParsePostStatus(form.GetOr("post_status"));
    std::optional<int64_t> paged = util::ParseInt(form.GetOr("paged"));
    if (paged && *paged > 0) state.paged = std::min<int64_t>(*paged, 1'000'000);
    return state;
  }
  std::string Url(std::string_view extra = {}) const {
    std::string query;
    if (status) query += "post_status=" + std::string(store::ToString(*status));
    if (paged > 1)
      query += std::string(query.empty() ? "" : "&") + "paged=" + std::to_string(paged);
    if (!extra.empty()) query += std::string(query.empty() ? "" : "&") + std::string(extra);
    return query.empty() ? ListBase(type) : ListBase(type) + "?" + query;
  }
};

std::string StatusLabel(PostStatus status) {
  switch (status) {
    case PostStatus::kPublish: return "Published";
    case PostStatus::kDraft: return "Draft";
    case PostStatus::kPrivate: return "Private";
    case PostStatus::kTrash: return "Trash";
    case PostStatus::kPending: return "Pending";
    case PostStatus::kFuture: return "Scheduled";
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
                      {PostStatus::kFuture, "Scheduled", counts.future},
                      {PostStatus::kDraft, "Drafts", counts.draft},
                      {PostStatus::kPending, "Pending", counts.pending},
                      {PostStatus::kPrivate, "Private", counts.private_},
                      {PostStatus::kTrash, "Trash", counts.trash}};
  mustache::data list(mustache::data::type::list);
  for (const Tab& tab : tabs) {
    if (tab.status && tab.count == 0 && tab.status != state.status &&
        tab.status != PostStatus::kPublish && tab.status != PostStatus::kDraft &&
        tab.status != PostStatus::kTrash) {
      continue;  // WordPress shows the rarer tabs only when they have items
    }
    mustache::data entry;
    entry.set("label", std::string(tab.label));
    entry.set("count", std::to_string(tab.count));
    entry.set("url", PostListState{.type = state.type, .status = tab.status}.Url());
    entry.set("current", tab.status == state.status);
    list.push_back(std::move(entry));
  }
  return list;
}

// The public path of a published item ("" when it has none yet).
std::string ViewPath(store::Store& store, const Post& item, const store::Settings& settings) {
  if (item.status != PostStatus::kPublish) return {};
  if (!IsPage(item.type)) return content::PostPath(item, settings);
  Result<std::vector<std::string>> slugs = store::PagePath(store, item);
  if (!slugs) return {};
  std::string path = "/";
  for (const std::string& slug : *slugs) path += util::UrlEncode(slug) + "/";
  return path;
}

std::string JoinTermNames(const std::vector<store::Term>& terms, std::string_view taxonomy,
                          std::string_view separator) {
  std::string joined;
  for (const store::Term& term : terms) {
    if (term.taxonomy != taxonomy) continue;
    if (!joined.empty()) joined += separator;
    joined += term.name;
  }
  return joined;
}

mustache::data Row(store::Store& store, const store::PostRow& row, const Principal& principal,
                   const store::Settings& settings) {
  const Post& post = row.post;
  mustache::data view;
  view.set("id", std::to_string(post.id));
  view.set("title", post.title.empty() ? std::string("(no title)") : post.title);
  view.set("status", StatusLabel(post.status));
  view.set("sticky", post.sticky);
  view.set("date", util::FormatIso8601(post.published_at));
  view.set("author", row.author_name.empty() ? std::string("\u2014") : row.author_name);
  view.set("comments", std::to_string(row.approved_comments));
  view.set("can_edit", MayEditPost(principal, post));
  view.set("edit_url", EditUrl(post.id));
  const std::string view_path = ViewPath(store, post, settings);
  view.set("is_published", !view_path.empty());
  view.set("view_url", view_path);
  if (!IsPage(post.type)) {
    Result<std::vector<store::Term>> terms = store::TermsOf(store, post.id);
    const std::vector<store::Term> none;
    const std::vector<store::Term>& list = terms ? *terms : none;
    std::string categories = JoinTermNames(list, store::kCategory, ", ");
    std::string tags = JoinTermNames(list, store::kPostTag, ", ");
    view.set("categories", categories.empty() ? std::string("\u2014") : categories);
    view.set("tags", tags.empty() ? std::string("\u2014") : tags);
  }
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

std::string EditNotice(const http::Form& query, PostType type) {
  const std::string noun = IsPage(type) ? "Page" : "Post";
  if (query.Has("published")) return noun + " published.";
  if (query.Has("scheduled")) return noun + " scheduled.";
  if (query.Has("private")) return noun + " saved as private.";
  if (query.Has("pending")) return noun + " submitted for review.";
  if (query.Has("restored")) return "Revision restored.";
  if (query.Has("saved")) return "Draft saved.";
  return {};
}

std::string SavedWord(PostStatus status) {
  switch (status) {
    case PostStatus::kPublish: return "published=1";
    case PostStatus::kFuture: return "scheduled=1";
    case PostStatus::kPrivate: return "private=1";
    case PostStatus::kPending: return "pending=1";
    case PostStatus::kDraft:
    case PostStatus::kTrash: break;
  }
  return "saved=1";
}

mustache::data FormatOptions(const PostForm& form) {
  mustache::data options(mustache::data::type::list);
  for (std::string_view format : {"markdown", "html", "text"}) {
    mustache::data option;
    option.set("value", std::string(format));
    option.set("label", std::string(format == "markdown" ? "Markdown"
                                    : format == "html"   ? "HTML"
                                                         : "Plain text"));
    option.set("selected", form.format == format);
    options.push_back(std::move(option));
  }
  return options;
}

std::string Indent(int depth) {
  std::string indent;
  for (int i = 0; i < depth; ++i) indent += "\u2014 ";
  return indent;
}

mustache::data CategoryChoices(const std::vector<store::Term>& categories, const PostForm& form) {
  mustache::data list(mustache::data::type::list);
  for (const TreeTerm& entry : InTreeOrder(categories)) {
    mustache::data item;
    item.set("id", std::to_string(entry.term.id));
    item.set("name", entry.term.name);
    item.set("indent", Indent(entry.depth));
    item.set("depth", std::to_string(entry.depth));
    item.set("checked", std::ranges::find(form.categories, entry.term.id) != form.categories.end());
    list.push_back(std::move(item));
  }
  return list;
}

mustache::data Choice(int64_t id, std::string label, bool selected) {
  mustache::data item;
  item.set("id", std::to_string(id));
  item.set("label", std::move(label));
  item.set("selected", selected);
  return item;
}

}  // namespace

void PostsScreen::List(const http::Request& request, PostType type, const Principal& principal,
                       http::Respond respond) const {
  const http::Form query = http::Form::Parse(request.Query());
  const PostListState state = PostListState::From(type, query);
  const int64_t author = principal.Can(CapabilitiesFor(type).edit_others) ? 0 : principal.user.id;
  const int64_t offset = (state.paged - 1) * kPostsPerPage;
  Result<store::PostListPage> page = store::ListPostsForAdmin(
      deps_.store, {.status = state.status,
                    .type = type,
                    .author_id = author,
                    .offset = static_cast<int>(std::min<int64_t>(offset, INT32_MAX)),
                    .limit = kPostsPerPage});
  if (!page) return respond(site::FailureResponse(page.error()));
  Result<store::PostCounts> counts = store::CountPostsByStatus(deps_.store, author, type);
  if (!counts) return respond(site::FailureResponse(counts.error()));
  const auto settings = deps_.settings.Get();
  mustache::data rows(mustache::data::type::list);
  for (const store::PostRow& row : page->rows) {
    rows.push_back(Row(deps_.store, row, principal, *settings));
  }
  mustache::data data;
  data.set("is_page", IsPage(type));
  data.set("new_url", NewUrl(type));
  data.set("new_label", IsPage(type) ? std::string("Add New Page") : std::string("Add New Post"));
  data.set("can_manage_terms", principal.Can(Capability::kManageCategories));
  data.set("can_edit_pages", principal.Can(Capability::kEditPages));
  data.set("tabs", Tabs(state, *counts));
  data.set("posts", rows);
  data.set("has_posts", !page->rows.empty());
  data.set("total_label", std::to_string(page->total) + (page->total == 1 ? " item" : " items"));
  SetPagination(data, state, page->total);
  AdminPage admin_page{.title = IsPage(type) ? "Pages" : "Posts", .section = SectionOf(type)};
  if (query.Has("trashed")) admin_page.notice = "1 " + Noun(type) + " moved to the Trash.";
  respond(layout_.Screen("posts", principal, std::move(data), std::move(admin_page)));
}

bool PostsScreen::LoadEditable(int64_t id, const Principal& principal, http::Respond& respond,
                               std::optional<Post>& stored) const {
  if (id == 0) return true;  // a new item
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
  if (!MayEditItem(principal, **found)) {
    respond(ForbiddenResponse());
    return false;
  }
  stored = std::move(*found);
  return true;
}

Status PostsScreen::CheckReferences(PostForm& form, const Post* stored) const {
  const int64_t self = stored ? stored->id : 0;
  for (int64_t parent = form.parent_id, hops = 0; parent != 0; ++hops) {
    Result<std::optional<Post>> found = deps_.store.FindPost(parent);
    if (!found) return std::unexpected(std::move(found.error()));
    if (!*found || !IsPage((*found)->type) || (*found)->status == PostStatus::kTrash) {
      return Fail(ErrorKind::kInvalid, "Please choose an existing page as the parent.");
    }
    if (parent == self || hops > 100) {
      return Fail(ErrorKind::kInvalid, "A page cannot be its own parent or ancestor.");
    }
    parent = (*found)->parent_id;
  }
  if (form.featured_media_id != 0) {
    Result<std::optional<store::Media>> media =
        store::FindMedia(deps_.store, form.featured_media_id);
    if (!media) return std::unexpected(std::move(media.error()));
    if (!*media) return Fail(ErrorKind::kInvalid, "The featured image no longer exists.");
  }
  if (!form.categories.empty()) {
    Result<std::vector<store::Term>> known = store::ListTerms(deps_.store, store::kCategory);
    if (!known) return std::unexpected(std::move(known.error()));
    std::erase_if(form.categories, [&](int64_t id) {
      return std::ranges::none_of(*known, [id](const store::Term& t) { return t.id == id; });
    });
  }
  return {};
}

Status PostsScreen::AddChoices(mustache::data& data, const PostForm& form,
                               const Post* stored) const {
  const PostType type = stored ? stored->type : form.type;
  if (!IsPage(type)) {
    Result<std::vector<store::Term>> categories = store::ListTerms(deps_.store, store::kCategory);
    if (!categories) return std::unexpected(std::move(categories.error()));
    data.set("categories", CategoryChoices(*categories, form));
    data.set("has_categories", !categories->empty());
    data.set("tags", form.tags);
  } else {
    Result<store::PostListPage> pages =
        store::ListPostsForAdmin(deps_.store, {.type = PostType::kPage, .limit = kParentChoices});
    if (!pages) return std::unexpected(std::move(pages.error()));
    mustache::data parents(mustache::data::type::list);
    parents.push_back(Choice(0, "(no parent)", form.parent_id == 0));
    for (const store::PostRow& row : pages->rows) {
      if (stored && row.post.id == stored->id) continue;
      parents.push_back(Choice(row.post.id, row.post.title, row.post.id == form.parent_id));
    }
    data.set("parents", parents);
  }
  Result<std::vector<store::Media>> media = store::ListMedia(deps_.store, 0, kImageChoices);
  if (!media) return std::unexpected(std::move(media.error()));
  mustache::data images(mustache::data::type::list);
  images.push_back(Choice(0, "(none)", form.featured_media_id == 0));
  for (const store::Media& item : *media) {
    if (!util::StartsWith(item.mime_type, "image/")) continue;
    std::string label = item.title.empty() ? item.file : item.title + " (" + item.file + ")";
    images.push_back(Choice(item.id, std::move(label), item.id == form.featured_media_id));
  }
  data.set("images", images);
  if (stored) {
    Result<std::vector<store::Revision>> revisions = store::ListRevisions(deps_.store, stored->id);
    if (!revisions) return std::unexpected(std::move(revisions.error()));
    data.set("has_revisions", revisions->size() > 1);
    data.set("revisions_count", std::to_string(revisions->size()));
    data.set("revisions_url", "/admin/posts/" + std::to_string(stored->id) + "/revisions/");
  }
  return {};
}

http::Response PostsScreen::Editor(const PostForm& form, const Post* stored,
                                   const Principal& principal, AdminPage page,
                                   std::string preview_html, int status) const {
  const PostType type = stored ? stored->type : form.type;
  const auto settings = deps_.settings.Get();
  mustache::data data;
  data.set("action_url", stored ? EditUrl(stored->id) : NewUrl(type));
  data.set("is_existing", stored != nullptr);
  data.set("is_page", IsPage(type));
  data.set("noun", Noun(type));
  data.set("list_url", ListBase(type));
  data.set("id", stored ? std::to_string(stored->id) : std::string());
  data.set("title", form.title);
  data.set("slug", form.slug);
  data.set("content", form.body);
  data.set("excerpt", form.excerpt);
  data.set("formats", FormatOptions(form));
  data.set("date", form.date);
  data.set("is_private", form.private_visibility);
  data.set("comments_open", form.comments_open);
  data.set("sticky", form.sticky);
  data.set("can_stick", !IsPage(type) && principal.Can(Capability::kEditOthersPosts));
  data.set("menu_order", std::to_string(form.menu_order));
  data.set("can_publish", principal.Can(CapabilitiesFor(type).publish));
  data.set("status", stored ? StatusLabel(stored->status) : std::string("New"));
  const std::string view_path = stored ? ViewPath(deps_.store, *stored, *settings) : "";
  data.set("has_view", !view_path.empty());
  data.set("view_url", view_path);
  data.set("can_trash", stored && stored->status != PostStatus::kTrash);
  data.set("trash_url", stored ? "/admin/posts/" + std::to_string(stored->id) + "/trash/" : "");
  data.set("has_preview", !preview_html.empty());
  data.set("preview", std::move(preview_html));
  if (Status added = AddChoices(data, form, stored); !added) {
    return site::FailureResponse(added.error());
  }
  return layout_.Screen("post-edit", principal, std::move(data), std::move(page), status);
}

void PostsScreen::EditForm(const http::Request& request, int64_t id, PostType new_type,
                           const Principal& principal, http::Respond respond) const {
  std::optional<Post> stored;
  if (!LoadEditable(id, principal, respond, stored)) return;
  const http::Form query = http::Form::Parse(request.Query());
  if (query.GetOr("post_type") == "page") new_type = PostType::kPage;
  if (!stored && !principal.Can(CapabilitiesFor(new_type).edit)) {
    return respond(ForbiddenResponse());
  }
  PostForm form = stored ? PostForm::Of(*stored) : PostForm{.type = new_type};
  if (stored) {
    Result<std::vector<store::Term>> terms = store::TermsOf(deps_.store, stored->id);
    if (!terms) return respond(site::FailureResponse(terms.error()));
    for (const store::Term& term : *terms) {
      if (term.taxonomy == store::kCategory) form.categories.push_back(term.id);
    }
    form.tags = JoinTermNames(*terms, store::kPostTag, ", ");
  }
  const PostType type = form.type;
  AdminPage page{
      .title = std::string(stored ? "Edit " : "Add New ") + (IsPage(type) ? "Page" : "Post"),
      .section = SectionOf(type)};
  page.notice = EditNotice(query, type);
  respond(Editor(form, stored ? &*stored : nullptr, principal, std::move(page), "", 200));
}

void PostsScreen::Save(const http::Request& request, int64_t id, PostType new_type,
                       const Principal& principal, http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  std::optional<Post> stored;
  if (!LoadEditable(id, principal, respond, stored)) return;
  PostForm form = PostForm::Parse(body);
  form.type = stored ? stored->type : new_type;
  if (!stored && !principal.Can(CapabilitiesFor(form.type).edit)) {
    return respond(ForbiddenResponse());
  }
  const int64_t now = deps_.clock.Now();
  const Post* before = stored ? &*stored : nullptr;
  std::optional<SaveAction> action = ParseSaveAction(body.GetOr("action"));
  Result<Post> item = action ? BuildItem(form, before, *action, principal, now)
                             : Result<Post>(Fail(ErrorKind::kInvalid, "Unknown action."));
  if (item) {
    if (Status checked = CheckReferences(form, before); !checked) {
      item = std::unexpected(std::move(checked.error()));
    }
  }
  AdminPage page{
      .title = std::string(stored ? "Edit " : "Add New ") + (IsPage(form.type) ? "Page" : "Post"),
      .section = SectionOf(form.type)};
  if (!item || *action == SaveAction::kPreview) {
    std::string preview;
    if (item) preview = content::RenderBody(*item);
    if (!item) page.error = item.error().message + " Nothing was saved.";
    const int status = item ? 200 : HttpStatusFor(item.error().kind);
    return respond(Editor(form, before, principal, std::move(page), std::move(preview), status));
  }
  const std::string base_slug = content::Slugify(form.slug.empty() ? form.title : form.slug);
  auto saved = std::make_shared<Post>();
  store::WriteJob job = [saved, item = *item, base_slug, categories = form.categories,
                         tags = SplitTagNames(form.tags), author = principal.user.id,
                         now](store::Transaction& tx) -> Status {
    Result<Post> result = store::SavePost(tx, item, base_slug);
    if (!result) return std::unexpected(std::move(result.error()));
    *saved = std::move(*result);
    if (!IsPage(saved->type)) {
      if (Status s = store::SetItemTerms(tx, saved->id, store::kCategory, categories); !s) return s;
      Result<std::vector<int64_t>> tag_ids = store::EnsureTerms(tx, store::kPostTag, tags);
      if (!tag_ids) return std::unexpected(std::move(tag_ids.error()));
      if (Status s = store::SetItemTerms(tx, saved->id, store::kPostTag, *tag_ids); !s) return s;
      if (Status s = store::RecordItemChange(tx, saved->id); !s) return s;
    }
    Result<int64_t> revision = store::AddRevision(tx, *saved, author, now);
    if (!revision) return std::unexpected(std::move(revision.error()));
    return {};
  };
  deps_.store.Write(std::move(job), [this, saved, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
    respond(SeeOther(EditUrl(saved->id) + "?" + SavedWord(saved->status)));
  });
}

void PostsScreen::Trash(const http::Request& request, int64_t id, const Principal& principal,
                        http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  std::optional<Post> stored;
  if (!LoadEditable(id, principal, respond, stored)) return;
  if (!stored) {  // id 0
    return respond(layout_.ErrorPage(principal, Section::kPosts,
                                     {ErrorKind::kNotFound, "There is no post 0."}));
  }
  const PostType type = stored->type;
  store::WriteJob job = [id](store::Transaction& tx) -> Status {
    Result<Post> before = store::TrashPost(tx, id);
    if (!before) return std::unexpected(std::move(before.error()));
    return {};
  };
  deps_.store.Write(
      std::move(job), [this, principal, type, respond = std::move(respond)](Status status) mutable {
        if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
        respond(SeeOther(ListBase(type) + "?trashed=1"));
      });
}

}  // namespace quire::admin
