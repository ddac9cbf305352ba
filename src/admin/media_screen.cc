#include "admin/media_screen.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "admin/guard.h"
#include "admin/post_form.h"
#include "http/form.h"
#include "http/multipart.h"
#include "media/images.h"
#include "media/sniff.h"
#include "media/text.h"
#include "media/uploads.h"
#include "site/layout.h"
#include "store/media.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kListTitle = "Media Library";
constexpr std::string_view kEditTitle = "Edit Media";
constexpr std::string_view kDeleteTitle = "Delete Media";
constexpr std::string_view kFileField = "file";
constexpr int kPerPage = 20;
constexpr int64_t kMegabyte = 1024 * 1024;
constexpr size_t kMaxTextField = 2000;  // title, alt text, caption
// The fields besides the file are a CSRF token and a few words.
constexpr http::MultipartLimits kUploadLimits{.max_parts = 16, .max_field_bytes = 8 * 1024};
constexpr Section kSection = Section::kMedia;

std::string HumanSize(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < kMegabyte) return std::to_string((bytes + 512) / 1024) + " KB";
  int64_t tenths = (bytes * 10 + kMegabyte / 2) / kMegabyte;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

std::string FileName(std::string_view file) {
  size_t slash = file.rfind('/');
  return std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
}

bool IsImage(const store::Media& media) {
  return util::StartsWith(media.mime_type, "image/") && media.width > 0;
}

// The URL of the image's variant `size`, else of the image itself; "" for other files.
std::string VariantUrl(const store::Media& media, std::string_view size) {
  if (!IsImage(media)) return {};
  for (const store::MediaVariant& variant : media.variants) {
    if (variant.name == size) return media::Storage::UrlPath(variant.file);
  }
  return media::Storage::UrlPath(media.file);
}

std::string Home(const store::Settings& settings) {
  std::string home = settings.home_url;
  while (!home.empty() && home.back() == '/') home.pop_back();
  return home;
}

// What to paste into a post: HTML and Markdown, with the site-relative URL (so that the page
// gets its responsive sizes: media/responsive.h).
void SetSnippets(mustache::data& data, const store::Media& media, const store::Settings& settings) {
  const std::string path = media::Storage::UrlPath(media.file);
  data.set("absolute_url", Home(settings) + path);
  if (IsImage(media)) {
    data.set("html_snippet", "<img src=\"" + path + "\" alt=\"" + util::HtmlEscape(media.alt) +
                                 "\" width=\"" + std::to_string(media.width) + "\" height=\"" +
                                 std::to_string(media.height) + "\">");
    data.set("markdown_snippet", "![" + media.alt + "](" + path + ")");
  } else {
    std::string label = media.title.empty() ? FileName(media.file) : media.title;
    data.set("html_snippet", "<a href=\"" + path + "\">" + util::HtmlEscape(label) + "</a>");
    data.set("markdown_snippet", "[" + label + "](" + path + ")");
  }
}

Result<std::string> AuthorName(store::Store& store, int64_t author_id) {
  if (author_id == 0) return std::string();
  Result<std::optional<store::User>> user = store.FindUser(author_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return std::string();
  return (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
}

Result<mustache::data> MediaData(store::Store& store, const store::Media& media) {
  Result<std::string> author = AuthorName(store, media.author_id);
  if (!author) return std::unexpected(author.error());
  mustache::data data;
  data.set("id", std::to_string(media.id));
  data.set("file_name", FileName(media.file));
  data.set("url", media::Storage::UrlPath(media.file));
  data.set("thumbnail_url", VariantUrl(media, "thumbnail"));
  data.set("preview_url", VariantUrl(media, "medium"));
  data.set("is_image", IsImage(media));
  data.set("mime_type", media.mime_type);
  data.set("size", HumanSize(media.bytes));
  data.set("dimensions", media.width > 0
                             ? std::to_string(media.width) + " × " + std::to_string(media.height)
                             : std::string("—"));
  data.set("author", *author);
  data.set("date_iso", util::FormatIso8601(media.created_at));
  data.set("date_human", util::FormatHumanDate(media.created_at));
  data.set("title", media.title);
  data.set("alt", media.alt);
  data.set("caption", media.caption);
  data.set("edit_url", "/admin/media/" + std::to_string(media.id) + "/");
  return data;
}

// The items that use an upload, as the viewer may see them: titles only of what they may edit,
// or read on the site (published; private ones with read_private_posts); the others are only
// counted (an author's image in someone else's draft must not tell the author its title).
struct UsedBy {
  struct Item {
    store::Post post;
    bool editable = false;
  };
  std::vector<Item> shown;
  size_t hidden = 0;

  bool empty() const { return shown.empty() && hidden == 0; }
};

bool MaySeeTitle(const Principal& principal, const store::Post& post) {
  if (post.status == store::PostStatus::kPublish) return true;
  return post.status == store::PostStatus::kPrivate && principal.Can(Capability::kReadPrivatePosts);
}

Result<UsedBy> UsersOf(store::Store& store, const store::Media& media, const Principal& principal) {
  Result<std::vector<int64_t>> ids = store::MediaUsedBy(store, media);
  if (!ids) return std::unexpected(ids.error());
  UsedBy users;
  for (int64_t id : *ids) {
    Result<std::optional<store::Post>> post = store.FindPost(id);
    if (!post) return std::unexpected(post.error());
    if (!*post) continue;
    const bool editable = MayEditItem(principal, **post);
    if (editable || MaySeeTitle(principal, **post)) {
      users.shown.push_back({std::move(**post), editable});
    } else {
      ++users.hidden;
    }
  }
  return users;
}

std::string HiddenUsers(size_t hidden) {
  return hidden == 1 ? std::string("1 other item you cannot see")
                     : std::to_string(hidden) + " other items you cannot see";
}

std::string UsersSentence(const UsedBy& users) {
  std::string names;
  for (const UsedBy::Item& item : users.shown) {
    const store::Post& post = item.post;
    if (!names.empty()) names += ", ";
    names += "\u201c" + (post.title.empty() ? "(no title)" : post.title) + "\u201d (" +
             std::string(store::ToString(post.type)) + " " + std::to_string(post.id) + ")";
  }
  if (users.hidden > 0) names += (names.empty() ? "" : " and ") + HiddenUsers(users.hidden);
  return names;
}

// The edit page's values: the upload's, its snippets, and the items that use it.
Result<mustache::data> EditData(store::Store& store, const store::Settings& settings,
                                const store::Media& media, const UsedBy& users) {
  Result<mustache::data> data = MediaData(store, media);
  if (!data) return data;
  SetSnippets(*data, media, settings);
  mustache::data used(mustache::data::type::list);
  for (const UsedBy::Item& item : users.shown) {
    mustache::data entry;
    entry.set("title", item.post.title.empty() ? std::string("(no title)") : item.post.title);
    entry.set("has_link", item.editable);
    entry.set("link", "/admin/posts/" + std::to_string(item.post.id) + "/edit/");
    used.push_back(std::move(entry));
  }
  if (users.hidden > 0) {
    mustache::data entry;
    entry.set("title", HiddenUsers(users.hidden));
    entry.set("has_link", false);
    used.push_back(std::move(entry));
  }
  data->set("is_used", !users.empty());
  data->set("used_by", std::move(used));
  data->set("delete_url", "/admin/media/" + std::to_string(media.id) + "/delete/");
  return data;
}

bool MayChange(const Principal& principal, const store::Media& media) {
  return media.author_id == principal.user.id || principal.Can(Capability::kEditOthersPosts);
}

std::string NoticeFrom(const http::Form& query) {
  if (query.Has("uploaded")) return "File uploaded.";
  if (query.Has("updated")) return "Media file updated.";
  if (query.Has("deleted")) return "Media file permanently deleted.";
  return {};
}

// The list of one page: rows, paging links, the upload form, and the new upload's snippets.
Result<mustache::data> ListData(store::Store& store, const store::Settings& settings,
                                const http::Form& query) {
  int64_t page = std::max<int64_t>(1, util::ParseInt(query.GetOr("paged")).value_or(1));
  Result<std::vector<store::Media>> items =
      store::ListMedia(store, static_cast<int>((page - 1) * kPerPage), kPerPage);
  if (!items) return std::unexpected(items.error());
  Result<int64_t> total = store::CountMedia(store);
  if (!total) return std::unexpected(total.error());
  mustache::data rows(mustache::data::type::list);
  for (const store::Media& media : *items) {
    Result<mustache::data> row = MediaData(store, media);
    if (!row) return std::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
  mustache::data data;
  data.set("has_items", !items->empty());
  data.set("items", std::move(rows));
  data.set("total", std::to_string(*total));
  data.set("max_upload_mb", std::to_string(settings.max_upload_mb));
  data.set("has_previous", page > 1);
  data.set("previous_url", "/admin/media/?paged=" + std::to_string(page - 1));
  data.set("has_next", page * kPerPage < *total);
  data.set("next_url", "/admin/media/?paged=" + std::to_string(page + 1));
  data.set("uploaded", false);
  if (std::optional<int64_t> id = util::ParseInt(query.GetOr("uploaded"))) {
    Result<std::optional<store::Media>> media = store::FindMedia(store, *id);
    if (!media) return std::unexpected(media.error());
    if (*media) {
      mustache::data uploaded = MediaData(store, **media).value_or(mustache::data());
      SetSnippets(uploaded, **media, settings);
      data.set("uploaded", true);
      data.set("new_item", std::move(uploaded));
    }
  }
  return data;
}

// The status for a refused upload: a type off the allowlist or an unreadable image is 415.
int RefusalStatus(const Error& error) {
  return error.kind == ErrorKind::kInvalid ? 415 : HttpStatusFor(error.kind);
}

}  // namespace

MediaScreen::MediaScreen(ScreenDeps& deps, const AdminLayout& layout)
    : deps_(deps),
      layout_(layout),
      storage_(media::Storage::Root(deps.data_dir)),
      pixel_budget_(deps.upload_pixels_per_window) {}

void MediaScreen::List(const http::Request& request, const Principal& principal,
                       http::Respond respond) const {
  const http::Form query = http::Form::Parse(request.Query());
  Result<mustache::data> data = ListData(deps_.store, *deps_.settings.Get(), query);
  if (!data) return respond(layout_.ErrorPage(principal, kSection, data.error()));
  AdminPage page{.title = std::string(kListTitle), .section = kSection};
  page.notice = NoticeFrom(query);
  respond(layout_.Screen("media", principal, std::move(*data), std::move(page)));
}

void MediaScreen::ListWithError(const Principal& principal, int status, std::string error,
                                http::Respond respond) const {
  Result<mustache::data> data = ListData(deps_.store, *deps_.settings.Get(), http::Form());
  if (!data) return respond(layout_.ErrorPage(principal, kSection, data.error()));
  AdminPage page{.title = std::string(kListTitle), .section = kSection};
  page.error = std::move(error);
  respond(layout_.Screen("media", principal, std::move(*data), std::move(page), status));
}

void MediaScreen::Upload(const http::Request& request, const Principal& principal,
                         http::Respond respond) const {
  Result<http::Multipart> form = http::Multipart::Parse(request.Find("content-type").value_or(""),
                                                        request.Body(), kUploadLimits);
  if (!form) {
    int status = form.error().kind == ErrorKind::kTooLarge ? 413 : 400;
    return ListWithError(principal, status,
                         "The upload could not be read: " + form.error().message + ".",
                         std::move(respond));
  }
  if (!RequireUploadCsrf(deps_.auth, principal, request, form->Fields(), respond)) return;
  const http::MultipartPart* file = form->Find(kFileField);
  if (file == nullptr || !file->filename || file->data.empty()) {
    return ListWithError(principal, 400, "Please choose a file to upload.", std::move(respond));
  }
  const int max_mb = deps_.settings.Get()->max_upload_mb;
  if (static_cast<int64_t>(file->data.size()) > int64_t{max_mb} * kMegabyte) {
    return ListWithError(
        principal, 413,
        "The file is larger than the maximum upload size of " + std::to_string(max_mb) + " MB.",
        std::move(respond));
  }
  // An image's pixels (from its header, before anything is decoded) count against the
  // uploader's address: large images again and again wait their turn (429).
  if (Result<media::FileType> type = media::SniffType(file->data); type && type->image) {
    if (Result<media::ImageInfo> info = media::ReadImageInfo(file->data)) {
      const int64_t pixels = int64_t{info->width} * info->height;
      if (Status allowed = pixel_budget_.Take(request.remote_ip, pixels, deps_.clock.Now());
          !allowed) {
        return ListWithError(principal, 429, allowed.error().message, std::move(respond));
      }
    }
  }
  StoreAndAnswer(*file->filename, file->data, principal, std::move(respond));
}

void MediaScreen::StoreAndAnswer(std::string_view client_name, std::string_view bytes,
                                 const Principal& principal, http::Respond respond) const {
  // The bytes are a view into the request, which lives until the answer is sent.
  auto answer = std::make_shared<http::Respond>(std::move(respond));
  media::Upload upload{.client_name = std::string(client_name),
                       .bytes = bytes,
                       .author_id = principal.user.id,
                       .time = deps_.clock.Now()};
  const media::ImageSizes sizes = media::ImageSizes::From(*deps_.settings.Get());
  bool queued = worker_.Run([this, answer, upload, sizes, principal] {
    Result<store::Media> media = media::StoreUpload(storage_, sizes, upload);
    if (!media) {
      return ListWithError(principal, RefusalStatus(media.error()), media.error().message,
                           std::move(*answer));
    }
    auto id = std::make_shared<int64_t>(0);
    deps_.store.Write(
        [media = *media, id](store::Transaction& tx) -> Status {
          Result<int64_t> saved = store::SaveMedia(tx, media);
          if (!saved) return std::unexpected(saved.error());
          *id = *saved;
          return {};
        },
        [this, answer, id, principal, media = *media](Status saved) {
          if (!saved) {
            storage_.Remove(media);
            return (*answer)(layout_.ErrorPage(principal, kSection, saved.error()));
          }
          (*answer)(SeeOther("/admin/media/?uploaded=" + std::to_string(*id)));
        });
  });
  if (!queued) {
    ListWithError(principal, 503, "The server is busy with other uploads; please try again.",
                  std::move(*answer));
  }
}

std::optional<mustache::data> MediaScreen::EditableData(int64_t id, const Principal& principal,
                                                        http::Respond& respond) const {
  std::optional<store::Media> media = FindChangeable(id, principal, respond);
  if (!media) return std::nullopt;
  Result<UsedBy> users = UsersOf(deps_.store, *media, principal);
  if (!users) {
    respond(layout_.ErrorPage(principal, kSection, users.error()));
    return std::nullopt;
  }
  Result<mustache::data> data = EditData(deps_.store, *deps_.settings.Get(), *media, *users);
  if (!data) {
    respond(layout_.ErrorPage(principal, kSection, data.error()));
    return std::nullopt;
  }
  return std::move(*data);
}

void MediaScreen::EditForm(const http::Request& request, int64_t id, const Principal& principal,
                           http::Respond respond) const {
  std::optional<mustache::data> data = EditableData(id, principal, respond);
  if (!data) return;
  AdminPage page{.title = std::string(kEditTitle), .section = kSection};
  page.notice = NoticeFrom(http::Form::Parse(request.Query()));
  respond(layout_.Screen("media-edit", principal, std::move(*data), std::move(page)));
}

void MediaScreen::ConfirmDelete(int64_t id, const Principal& principal,
                                http::Respond respond) const {
  std::optional<mustache::data> data = EditableData(id, principal, respond);
  if (!data) return;
  AdminPage page{.title = std::string(kDeleteTitle), .section = kSection};
  respond(layout_.Screen("media-delete", principal, std::move(*data), std::move(page)));
}

std::optional<store::Media> MediaScreen::FindChangeable(int64_t id, const Principal& principal,
                                                        http::Respond& respond) const {
  Result<std::optional<store::Media>> media = store::FindMedia(deps_.store, id);
  if (!media) {
    respond(layout_.ErrorPage(principal, kSection, media.error()));
  } else if (!*media) {
    respond(
        layout_.ErrorPage(principal, kSection, Error{ErrorKind::kNotFound, "No such media file."}));
  } else if (!MayChange(principal, **media)) {
    respond(ForbiddenResponse());
  } else {
    return std::move(**media);
  }
  return std::nullopt;
}

void MediaScreen::Save(const http::Request& request, int64_t id, const Principal& principal,
                       http::Respond respond) const {
  const http::Form form = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, form, respond)) return;
  std::optional<store::Media> media = FindChangeable(id, principal, respond);
  if (!media) return;
  store::Media changed = std::move(*media);
  // Without control or bidi characters (media/text.h), cut at a character's boundary.
  auto field = [&form](std::string_view name, media::Lines lines = media::Lines::kOne) {
    std::string value = media::CleanText(form.GetOr(name), lines);
    if (value.size() <= kMaxTextField) return value;
    size_t end = kMaxTextField;
    while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    value.resize(end);
    return value;
  };
  changed.title = field("title");
  changed.alt = field("alt");
  changed.caption = field("caption", media::Lines::kMultiple);
  deps_.store.Write(
      [changed](store::Transaction& tx) -> Status {
        Result<int64_t> saved = store::SaveMedia(tx, changed);
        if (!saved) return std::unexpected(saved.error());
        return {};
      },
      [this, id, principal, respond = std::move(respond)](Status saved) mutable {
        if (!saved) return respond(layout_.ErrorPage(principal, kSection, saved.error()));
        respond(SeeOther("/admin/media/" + std::to_string(id) + "/?updated=1"));
      });
}

void MediaScreen::Delete(const http::Request& request, int64_t id, const Principal& principal,
                         http::Respond respond) const {
  const http::Form form = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, form, respond)) return;
  std::optional<store::Media> media = FindChangeable(id, principal, respond);
  if (!media) return;
  Result<UsedBy> users = UsersOf(deps_.store, *media, principal);
  if (!users) return respond(layout_.ErrorPage(principal, kSection, users.error()));
  if (!users->empty() && form.GetOr("force") != "yes") {
    Error refusal{ErrorKind::kConflict,
                  "\u201c" + FileName(media->file) + "\u201d is still used by " +
                      UsersSentence(*users) +
                      ". Tick \u201cDelete even though it is used\u201d to delete it anyway."};
    AdminPage page{.title = std::string(kDeleteTitle), .section = kSection};
    page.error = refusal.message;
    Result<mustache::data> data = EditData(deps_.store, *deps_.settings.Get(), *media, *users);
    if (!data) return respond(layout_.ErrorPage(principal, kSection, data.error()));
    return respond(layout_.Screen("media-delete", principal, std::move(*data), std::move(page),
                                  HttpStatusFor(refusal.kind)));
  }
  store::Media doomed = std::move(*media);
  deps_.store.Write(
      [id](store::Transaction& tx) { return store::DeleteMedia(tx, id); },
      [this, doomed, principal, respond = std::move(respond)](Status deleted) mutable {
        if (!deleted) {
          return respond(layout_.ErrorPage(principal, kSection, deleted.error()));
        }
        storage_.Remove(doomed);
        respond(SeeOther("/admin/media/?deleted=1"));
      });
}

}  // namespace quire::admin
