#include "admin/post_form.h"

#include <algorithm>

#include "content/sanitize.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

using store::Post;
using store::PostStatus;
using store::PostType;

int64_t IntOr0(std::string_view text) {
  return util::ParseInt(util::Trim(text)).value_or(0);
}

bool IsPublic(PostStatus status) {
  return status == PostStatus::kPublish || status == PostStatus::kFuture ||
         status == PostStatus::kPrivate;
}

// The date the item gets: the typed one; empty keeps a published item's date, else now.
Result<int64_t> DateOf(const PostForm& form, const Post* stored, int64_t now) {
  if (form.date.empty()) return stored && IsPublic(stored->status) ? stored->published_at : now;
  std::optional<int64_t> when = util::ParseIso8601(form.date);
  if (!when) {
    return Fail(ErrorKind::kInvalid, "The date \u201c" + form.date +
                                         "\u201d is not an ISO-8601 date like 2024-05-01T10:00Z.");
  }
  return *when;
}

Status CheckText(const PostForm& form) {
  for (const std::string* text :
       {&form.title, &form.slug, &form.body, &form.date, &form.excerpt, &form.tags}) {
    if (!util::IsValidUtf8(*text)) return Fail(ErrorKind::kInvalid, "The text is not valid UTF-8.");
  }
  if (form.title.empty()) return Fail(ErrorKind::kInvalid, "Please enter a title.");
  return {};
}

PostStatus StatusFor(SaveAction action, const PostForm& form, int64_t date, int64_t now) {
  switch (action) {
    case SaveAction::kDraft:
    case SaveAction::kPreview: return PostStatus::kDraft;
    case SaveAction::kPending: return PostStatus::kPending;
    case SaveAction::kPublish: break;
  }
  if (form.private_visibility) return PostStatus::kPrivate;
  return date > now ? PostStatus::kFuture : PostStatus::kPublish;
}

}  // namespace

TypeCapabilities CapabilitiesFor(PostType type) {
  if (type == PostType::kPage) {
    return {Capability::kEditPages, Capability::kEditOthersPages, Capability::kPublishPages};
  }
  return {Capability::kEditPosts, Capability::kEditOthersPosts, Capability::kPublishPosts};
}

bool MayEditItem(const Principal& principal, const Post& item) {
  const TypeCapabilities caps = CapabilitiesFor(item.type);
  if (!principal.Can(caps.edit)) return false;
  const bool own = item.author_id != 0 && item.author_id == principal.user.id;
  if (!own && !principal.Can(caps.edit_others)) return false;
  return !IsPublic(item.status) || principal.Can(caps.publish);
}

std::optional<SaveAction> ParseSaveAction(std::string_view word) {
  if (word == "publish") return SaveAction::kPublish;
  if (word == "draft") return SaveAction::kDraft;
  if (word == "pending") return SaveAction::kPending;
  if (word == "preview") return SaveAction::kPreview;
  return std::nullopt;
}

PostForm PostForm::Parse(const http::Form& form) {
  PostForm parsed;
  parsed.type = store::ParsePostType(form.GetOr("post_type")).value_or(PostType::kPost);
  parsed.title = util::Trim(form.GetOr("post_title"));
  parsed.slug = util::Trim(form.GetOr("post_name"));
  parsed.body = form.GetOr("content");
  parsed.format = form.GetOr("post_format", "markdown");
  parsed.date = util::Trim(form.GetOr("date"));
  parsed.excerpt = util::Trim(form.GetOr("excerpt"));
  parsed.private_visibility = form.GetOr("visibility") == "private";
  parsed.comments_open = form.GetOr("comment_status") == "open";
  parsed.sticky = form.GetOr("sticky") == "sticky";
  parsed.parent_id = std::max<int64_t>(0, IntOr0(form.GetOr("parent_id")));
  parsed.menu_order = IntOr0(form.GetOr("menu_order"));
  parsed.featured_media_id = std::max<int64_t>(0, IntOr0(form.GetOr("featured_media")));
  for (std::string_view value : form.GetAll("post_category[]")) {
    const int64_t id = IntOr0(value);
    if (id > 0 && std::ranges::find(parsed.categories, id) == parsed.categories.end()) {
      parsed.categories.push_back(id);
    }
  }
  parsed.tags = util::Trim(form.GetOr("tags"));
  return parsed;
}

PostForm PostForm::Of(const Post& item) {
  PostForm form;
  form.type = item.type;
  form.title = item.title;
  form.slug = item.slug;
  form.body = item.body;
  form.format = store::ToString(item.format);
  form.date = item.id == 0 ? std::string() : util::FormatIso8601(item.published_at);
  form.excerpt = item.excerpt;
  form.private_visibility = item.status == PostStatus::kPrivate;
  form.comments_open = item.comments_open;
  form.sticky = item.sticky;
  form.parent_id = item.parent_id;
  form.menu_order = item.menu_order;
  form.featured_media_id = item.featured_media_id;
  return form;
}

std::vector<std::string> SplitTagNames(std::string_view typed) {
  std::vector<std::string> names;
  for (std::string_view part : util::Split(typed, ',')) {
    std::string name(util::Trim(part));
    if (name.empty()) continue;
    auto same = [&name](const std::string& other) { return util::IEquals(other, name); };
    if (std::ranges::none_of(names, same)) names.push_back(std::move(name));
  }
  return names;
}

Result<Post> BuildItem(const PostForm& form, const Post* stored, SaveAction action,
                       const Principal& principal, int64_t now) {
  if (Status text = CheckText(form); !text) return std::unexpected(std::move(text.error()));
  std::optional<store::PostFormat> format = store::ParsePostFormat(form.format);
  if (!format) return Fail(ErrorKind::kInvalid, "Please choose a format.");
  const PostType type = stored ? stored->type : form.type;
  const bool page = type == PostType::kPage;
  if (action == SaveAction::kPublish && !principal.Can(CapabilitiesFor(type).publish)) {
    return Fail(ErrorKind::kForbidden, std::string("Sorry, you are not allowed to publish ") +
                                           (page ? "pages" : "posts") +
                                           ". Submit it for review; an editor can publish it.");
  }
  Result<int64_t> date = DateOf(form, stored, now);
  if (!date) return std::unexpected(std::move(date.error()));
  Post item = stored ? *stored : Post{};
  if (!stored) {
    item.type = type;
    item.author_id = principal.user.id;
  }
  item.title = form.title;
  item.body = form.body;
  item.format = *format;
  item.excerpt = form.excerpt;
  item.published_at = *date;
  item.modified_at = now;
  item.comments_open = form.comments_open;
  item.featured_media_id = form.featured_media_id;
  item.parent_id = page ? form.parent_id : 0;
  item.menu_order = page ? form.menu_order : 0;
  if (!page && principal.Can(Capability::kEditOthersPosts)) item.sticky = form.sticky;
  if (page) item.sticky = false;
  item.status = StatusFor(action, form, *date, now);
  KeepTrusted(item, principal.Can(Capability::kUnfilteredHtml) && (!stored || stored->unfiltered));
  return item;
}

void KeepTrusted(Post& item, bool trusted) {
  item.unfiltered = trusted;
  if (!trusted && item.format == store::PostFormat::kHtml) {
    item.body = content::SanitizeHtml(item.body);
  }
}

}  // namespace quire::admin
