#include "site/site.h"

#include <utility>

#include "comments/tokens.h"
#include "content/permalink.h"
#include "http/form.h"
#include "http/response_head.h"
#include "media/storage.h"
#include "site/article_page.h"
#include "site/comment_pages.h"
#include "site/comment_post.h"
#include "site/commenter_cookies.h"
#include "site/front_page.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/post_password.h"
#include "site/security_headers.h"
#include "site/theme.h"
#include "site/visibility.h"
#include "store/media.h"
#include "store/original_paths.h"
#include "store/publishing.h"
#include "store/taxonomy.h"
#include "store/wxr_ids.h"
#include "util/strings.h"

namespace quire::site {

namespace {

// HTML may change at any moment: browsers keep it but ask again (a 304 when unchanged).
constexpr std::string_view kHtmlCacheControl = "no-cache";
constexpr std::string_view kAssetCacheControl = "public, max-age=604800";
// An avatar's picture is a pure function of its key.
constexpr std::string_view kAvatarCacheControl = "public, max-age=31536000, immutable";
constexpr std::string_view kAvatarSuffix = ".svg";
constexpr size_t kAvatarKeyLength = 32;

// The fields of `page` sent in `encoding` (which it has).
http::Response PageFields(const cache::Page& page, cache::Encoding encoding,
                          std::string_view cache_control) {
  http::Response response;
  response.status = page.status;
  response.Set("Content-Type", page.content_type);
  response.Set("ETag", page.ETag(encoding));
  response.Set("Vary", "Accept-Encoding");
  response.Set("Cache-Control", std::string(cache_control));
  if (encoding != cache::Encoding::kIdentity) {
    response.Set("Content-Encoding", std::string(cache::ContentCoding(encoding)));
  }
  return response;
}

// A cached page in the encoding the client prefers (identity when that form is missing): its
// prepared fields when it has them (then `cache_control` must be the one they were made with:
// PrepareFields), so that a hit builds no field.
http::Response PageResponse(const cache::Page& page, const http::Request& request,
                            std::string_view cache_control) {
  cache::Encoding encoding =
      page.Chosen(cache::Negotiate(request.Find("accept-encoding").value_or("")));
  if (const auto& prepared = page.prepared[static_cast<size_t>(encoding)]) {
    http::Response response;
    response.status = page.status;
    response.prepared = std::static_pointer_cast<const http::PreparedFields>(prepared);
    response.body = page.Body(encoding);
    return response;
  }
  http::Response response = PageFields(page, encoding, cache_control);
  response.body = page.Body(encoding);
  return response;
}

// Makes every form's fields once, with the security fields every reader of a public page gets
// (AddSecurityHeaders adds the TLS one per request): what PageResponse sends on a hit.
void PrepareFields(cache::Page& page, std::string_view cache_control) {
  // An allocation's bookkeeping (the PreparedFields block and its two strings' buffers).
  constexpr size_t kPreparedOverhead = 3 * 16;
  http::Request reader;
  reader.target = "/";
  for (cache::Encoding encoding :
       {cache::Encoding::kIdentity, cache::Encoding::kGzip, cache::Encoding::kBrotli}) {
    if (page.Chosen(encoding) != encoding) continue;
    http::Response fields = PageFields(page, encoding, cache_control);
    AddSecurityHeaders(reader, fields);
    std::shared_ptr<const http::PreparedFields> prepared = http::PrepareFields(fields, true);
    page.prepared_bytes += sizeof(http::PreparedFields) + kPreparedOverhead +
                           prepared->wire.capacity() + prepared->wire_304.capacity();
    page.prepared[static_cast<size_t>(encoding)] = std::move(prepared);
  }
}

// The answer while every render worker is busy and the queue is full.
http::Response BusyResponse() {
  http::Response response =
      http::Response::Text(503, "The site is busy. Please try again in a moment.\n");
  response.Set("Retry-After", "30");
  MarkPrivate(response);
  return response;
}

// Queries that make a page personal: the reply context and a held comment's token.
bool HasPersonalQuery(const http::Form& query) {
  return query.Has("replytocom") || query.Has("unapproved") || query.Has("moderation-hash");
}

bool IsAvatarKey(std::string_view key) {
  if (key.size() != kAvatarKeyLength) return false;
  for (char c : key) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

std::string WithQuery(std::string path, std::string_view query) {
  if (!query.empty()) path += "?" + std::string(query);
  return path;
}

// The post a permalink match names, when the whole path is that post's permalink (its date
// parts and its slug or id).
Result<std::optional<store::Post>> FindPostAt(store::Store& store, std::string_view path,
                                              const content::PermalinkMatch& match,
                                              const store::Settings& settings) {
  Result<std::optional<store::Post>> post =
      match.id > 0 ? store.FindPost(match.id)
                   : store::FindBySlug(store, store::PostType::kPost, match.slug);
  if (!post || !*post) return post;
  if ((*post)->type != store::PostType::kPost) return std::optional<store::Post>();
  std::string canonical = content::PostPath(**post, settings);
  if (util::UrlDecode(canonical) != util::UrlDecode(path)) return std::optional<store::Post>();
  return post;
}

// The percent-decoded slugs of a page path "/a/b/" ({"a", "b"}); nullopt for "/", a path
// without its final '/', or an empty segment.
std::optional<std::vector<std::string>> PathSlugs(std::string_view path) {
  if (path.size() < 3 || !path.starts_with('/') || !path.ends_with('/')) return std::nullopt;
  std::vector<std::string> slugs;
  for (std::string_view part : util::Split(path.substr(1, path.size() - 2), '/')) {
    if (part.empty()) return std::nullopt;
    slugs.push_back(util::UrlDecode(part));
  }
  return slugs;
}

// The address of item `id` when it is not `path` and `viewer` may see it; nullopt otherwise.
// The tail of every look-up that answers an old address with a 301.
Result<std::optional<std::string>> MovedItemTarget(store::Store& store, int64_t id,
                                                   std::string_view path, const Viewer& viewer,
                                                   const store::Settings& settings) {
  Result<std::optional<store::Post>> item = store.FindPost(id);
  if (!item) return std::unexpected(item.error());
  if (!*item || !CanView(viewer, **item)) return std::optional<std::string>();
  Result<std::string> target = ItemPath(store, **item, settings);
  if (!target) return std::unexpected(target.error());
  if (*target == path) return std::optional<std::string>();
  return std::optional<std::string>(std::move(*target));
}

// Where a renamed item now lives, when the path's slug (a post's under the permalink
// structure, else its last segment as a page's) is an old slug of an item `viewer` may see.
Result<std::optional<std::string>> OldSlugTarget(
    store::Store& store, std::string_view path, const std::optional<content::PermalinkMatch>& match,
    const std::optional<std::vector<std::string>>& slugs, const Viewer& viewer,
    const store::Settings& settings) {
  std::optional<int64_t> id;
  if (match && match->id == 0 && !match->slug.empty()) {
    Result<std::optional<int64_t>> found =
        store::FindOldSlug(store, store::PostType::kPost, match->slug);
    if (!found) return std::unexpected(found.error());
    id = *found;
  }
  if (!id && slugs && !slugs->empty()) {
    Result<std::optional<int64_t>> found =
        store::FindOldSlug(store, store::PostType::kPage, slugs->back());
    if (!found) return std::unexpected(found.error());
    id = *found;
  }
  if (!id) return std::optional<std::string>();
  return MovedItemTarget(store, *id, path, viewer, settings);
}

// Where an imported item or attachment now lives, when `path` was its address on the old
// site (store/original_paths.h); nullopt when no import recorded the path, the item is not
// for `viewer`, or the item already lives at `path`.
Result<std::optional<std::string>> ImportedTarget(store::Store& store, std::string_view path,
                                                  const Viewer& viewer,
                                                  const store::Settings& settings) {
  std::optional<std::string> decoded = util::PathDecode(path);
  if (!decoded) return std::optional<std::string>();
  Result<std::optional<store::OriginalPathTarget>> found = store::FindOriginalPath(store, *decoded);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::optional<std::string>();
  if ((*found)->kind == store::WxrKind::kMedia) {
    Result<std::optional<store::Media>> media = store::FindMedia(store, (*found)->quire_id);
    if (!media) return std::unexpected(media.error());
    if (!*media) return std::optional<std::string>();
    return std::optional<std::string>(media::Storage::UrlPath((*media)->file));
  }
  return MovedItemTarget(store, (*found)->quire_id, path, viewer, settings);
}

// The path without the base of a subfolder install that an import moved to the root
// ("/blog/x/" gives "/x/", "/blog" and "/blog/" give "/"); nullopt when `path` is under none.
Result<std::optional<std::string>> WithoutDroppedBase(store::Store& store, std::string_view path) {
  Result<std::vector<std::string>> bases = store::ListDroppedBases(store);
  if (!bases) return std::unexpected(bases.error());
  for (const std::string& base : *bases) {
    if (path == base) return std::optional<std::string>("/");
    if (path.starts_with(base) && path[base.size()] == '/') {
      return std::optional<std::string>(std::string(path.substr(base.size())));
    }
  }
  return std::optional<std::string>();
}

}  // namespace

Site::Site(SiteDeps deps)
    : deps_(deps),
      theme_(std::make_unique<Theme>(deps.settings.Get()->theme_dir)),
      article_(std::make_unique<ArticlePage>(deps.store, *theme_)),
      front_(std::make_unique<FrontPage>(deps.store, *theme_)),
      list_(std::make_unique<ListPage>(deps.store, *theme_)),
      workers_(std::make_unique<RenderWorkers>(deps.render_threads, deps.render_queue)) {
  comment_post_ = std::make_unique<CommentPost>(deps, *theme_, *article_, *workers_);
  for (const auto& [name, text] : theme_->Assets()) {
    auto page =
        std::make_shared<cache::Page>(*cache::MakePage(200, Theme::ContentTypeFor(name), text));
    PrepareFields(*page, kAssetCacheControl);
    assets_.emplace(name, std::move(page));
  }
}

Site::~Site() = default;

void Site::ServeHtml(const http::Request& request, std::string key, bool personal, Producer produce,
                     http::Respond respond) const {
  if (personal) {
    return RenderAlone(request, std::move(key), true, std::move(produce), std::move(respond));
  }
  if (SharedPage page = deps_.cache.Find(key)) {
    return respond(PageResponse(*page, request, kHtmlCacheControl));
  }
  // Taken before reading the store: a change during the render keeps the page out of the cache,
  // and a reader who comes after that change does not wait for this render (a new one starts).
  uint64_t version = deps_.cache.Version();
  std::optional<cache::SingleFlight<SharedPage>::Lead> lead = flights_.Join(key, version, [&] {
    return [this, &request, key, produce,
            respond = std::move(respond)](const SharedPage& page) mutable {
      if (page) return respond(PageResponse(*page, request, kHtmlCacheControl));
      // The render gave nothing anyone may be sent (a redirect, a 404, a failure): this
      // reader's own answer.
      RenderAlone(request, std::move(key), false, std::move(produce), std::move(respond));
    };
  });
  if (!lead) return;  // waiting for the render in the air
  workers_->Run([this, &request, version, produce = std::move(produce),
                 respond = std::move(respond), lead = std::move(lead)](bool accepted) mutable {
    SharedPage page;
    if (accepted) {
      std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
      Answer(request, lead->key(), false, version, produce(*settings), respond, &page);
    }
    // Without a page the waiters render their own (or are told the same when still busy).
    flights_.Land(std::move(*lead), page);
    if (!accepted) respond(BusyResponse());
  });
}

void Site::RenderAlone(const http::Request& request, std::string key, bool personal,
                       Producer produce, http::Respond respond) const {
  workers_->Run([this, &request, key = std::move(key), personal, produce = std::move(produce),
                 respond = std::move(respond)](bool accepted) mutable {
    if (!accepted) return respond(BusyResponse());
    uint64_t version = deps_.cache.Version();
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    SharedPage page;
    Answer(request, key, personal, version, produce(*settings), respond, &page);
  });
}

void Site::Answer(const http::Request& request, const std::string& key, bool personal,
                  uint64_t version, Result<Produced> produced, http::Respond& respond,
                  SharedPage* shared) const {
  if (!produced) return respond(FailureResponse(produced.error()));
  if (produced->direct) return respond(std::move(*produced->direct));
  if (personal || produced->tags.empty()) {
    http::Response response = http::Response::Html(200, std::move(produced->html));
    response.Set("Content-Type", produced->content_type);
    MarkPrivate(response);
    return respond(std::move(response));
  }
  // The reader is answered once the form they asked for is made; the other compressed forms
  // are made after that, before the page goes into the cache (and to readers waiting for it).
  // `request` is not used after respond(): it may be gone.
  SharedPage first =
      cache::MakePartialPage(200, std::move(produced->content_type), std::move(produced->html),
                             cache::Negotiate(request.Find("accept-encoding").value_or("")));
  respond(PageResponse(*first, request, kHtmlCacheControl));
  std::shared_ptr<cache::Page> page = cache::CompletePage(*first);
  PrepareFields(*page, kHtmlCacheControl);
  deps_.cache.Insert(key, page, std::move(produced->tags), version);
  *shared = page;
}

Viewer Site::CurrentViewer(const http::Request& request) const {
  return deps_.viewer ? deps_.viewer(request) : Viewer{};
}

void Site::Front(const http::Request& request, http::Respond respond) const {
  http::Form query = http::Form::Parse(request.Query());
  if (query.Has("s")) return Search(request, 1, std::move(respond));
  if (query.Has("p") || query.Has("page_id") || query.Has("attachment_id")) {
    return PlainLink(request, query, std::move(respond));
  }
  FrontPaged(request, 1, std::move(respond));
}

void Site::PlainLink(const http::Request& request, const http::Form& query,
                     http::Respond respond) const {
  // /?p=ID (any item), /?page_id=ID (a page), /?attachment_id=ID: WordPress's plain links.
  // An imported site's links carry WordPress's ids: the item an import mapped the id to comes
  // first, then the item that has the id here. An attachment answers with its file.
  std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
  bool attachment_only = !query.Has("p") && !query.Has("page_id");
  bool page_only = !query.Has("p") && !attachment_only;
  std::string_view key = query.Has("p") ? "p" : page_only ? "page_id" : "attachment_id";
  int64_t id = util::ParseInt(query.GetOr(key)).value_or(0);
  std::optional<store::Post> item;
  if (!attachment_only) {
    Result<std::optional<store::Post>> found = PlainLinkItem(request, id, page_only);
    if (!found) return respond(FailureResponse(found.error()));
    item = std::move(*found);
  }
  if (!item && !page_only) {
    Result<std::optional<std::string>> file = PlainLinkMedia(id);
    if (!file) return respond(FailureResponse(file.error()));
    if (*file) return respond(http::Response::Redirect(301, std::move(**file)));
  }
  if (!item) return respond(NotFoundResponse(*theme_, *settings));
  Result<std::string> path = ItemPath(deps_.store, *item, *settings);
  if (!path) return respond(FailureResponse(path.error()));
  // The static front page lives at the root (one hop, not two through its page path).
  if (settings->show_on_front == "page" && settings->page_on_front == item->id) *path = "/";
  // A preview's address is not permanent.
  bool published = item->status == store::PostStatus::kPublish;
  respond(http::Response::Redirect(published ? 301 : 302, std::move(*path)));
}

Result<std::optional<store::Post>> Site::PlainLinkItem(const http::Request& request, int64_t id,
                                                       bool page_only) const {
  if (id <= 0) return std::optional<store::Post>();
  Result<std::optional<int64_t>> imported = store::FindImportedPost(deps_.store, id);
  if (!imported) return std::unexpected(imported.error());
  std::vector<int64_t> candidates;
  if (*imported) candidates.push_back(**imported);
  if (!*imported || **imported != id) candidates.push_back(id);
  Viewer viewer = CurrentViewer(request);
  for (int64_t candidate : candidates) {
    Result<std::optional<store::Post>> item = deps_.store.FindPost(candidate);
    if (!item) return item;
    bool shown = item->has_value() && CanView(viewer, **item) &&
                 (!page_only || (*item)->type == store::PostType::kPage);
    if (shown) return item;
  }
  return std::optional<store::Post>();
}

Result<std::optional<std::string>> Site::PlainLinkMedia(int64_t id) const {
  if (id <= 0) return std::optional<std::string>();
  Result<std::optional<int64_t>> imported = store::FindImportedMedia(deps_.store, id);
  if (!imported) return std::unexpected(imported.error());
  Result<std::optional<store::Media>> media = store::FindMedia(deps_.store, imported->value_or(id));
  if (!media) return std::unexpected(media.error());
  if (!*media) return std::optional<std::string>();
  return std::optional<std::string>(media::Storage::UrlPath((*media)->file));
}

void Site::FrontPaged(const http::Request& request, int64_t page, http::Respond respond) const {
  std::shared_ptr<const store::Settings> current = deps_.settings.Get();
  Viewer viewer = CurrentViewer(request);
  bool static_front = current->show_on_front == "page" && current->page_on_front > 0;
  // With a page at the front, the posts have no list of their own there.
  if (static_front && page > 1) return NotFound(std::move(respond));
  bool personal = viewer.read_private ||
                  (static_front && (HasCommenterCookies(request) || HasPostPassCookie(request)));
  ServeHtml(
      request, FrontPage::PagePath(page), personal,
      [this, &request, static_front, viewer, personal,
       page](const store::Settings& settings) -> Result<Produced> {
        if (static_front) {
          Result<std::optional<store::Post>> front = deps_.store.FindPost(settings.page_on_front);
          if (!front) return std::unexpected(front.error());
          if (*front && (*front)->type == store::PostType::kPage && CanView(viewer, **front)) {
            Result<Produced> produced = ProduceItem(request, **front, 0, personal, "/", settings);
            if (produced && !produced->tags.empty()) produced->tags.push_back("front");
            return produced;
          }
        }
        Result<std::optional<RenderedList>> list =
            front_->Render(page, settings, viewer.read_private);
        if (!list) return std::unexpected(list.error());
        if (!*list) return Produced{.direct = NotFoundResponse(*theme_, settings)};
        return Produced{.html = std::move((*list)->html), .tags = std::move((*list)->tags)};
      },
      std::move(respond));
}

void Site::Article(const http::Request& request, http::Respond respond) const {
  std::string_view path = request.Path();
  if (request.method != "GET" && request.method != "HEAD") {
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    Result<Resolution> resolved = ResolveItem(path, Viewer{}, *settings);
    if (!resolved) return respond(FailureResponse(resolved.error()));
    if (!resolved->item) return respond(NotFoundResponse(*theme_, *settings));
    http::Response response = http::Response::Text(405, "Method Not Allowed\n");
    response.Set("Allow", "GET, HEAD");
    return respond(std::move(response));
  }
  if (std::optional<CategoryPath> category = ParseCategoryPath(path)) {
    if (category->feed == CategoryPath::Feed::kNone) {
      return TermArchive(request, store::kCategory, category->slugs, category->page,
                         std::move(respond));
    }
    FeedFormat format =
        category->feed == CategoryPath::Feed::kAtom ? FeedFormat::kAtom : FeedFormat::kRss2;
    return TermFeed(request, store::kCategory, category->slugs, format, std::move(respond));
  }
  if (path.ends_with("/feed/")) {
    return ItemFeed(request, path.substr(0, path.size() - 5), FeedFormat::kRss2,
                    std::move(respond));
  }
  if (path.ends_with("/feed/atom/")) {
    return ItemFeed(request, path.substr(0, path.size() - 10), FeedFormat::kAtom,
                    std::move(respond));
  }
  // A post-password cookie may unlock this item: such views are rendered for their reader.
  bool personal = HasCommenterCookies(request) || HasPostPassCookie(request) ||
                  HasPersonalQuery(http::Form::Parse(request.Query()));
  ServeHtml(
      request, std::string(path), personal,
      [this, &request, path, personal](const store::Settings& settings) {
        return ProduceArticle(request, path, personal, settings);
      },
      std::move(respond));
}

void Site::ItemFeed(const http::Request& request, std::string_view item_path, FeedFormat format,
                    http::Respond respond) const {
  std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
  Result<Resolution> resolved = ResolveItem(item_path, Viewer{}, *settings);
  if (!resolved) return respond(FailureResponse(resolved.error()));
  if (!resolved->item && !resolved->redirect.empty()) {
    // A moved item's (or a dropped base's) feed: the feed at the new address.
    std::string target = std::move(resolved->redirect);
    if (!target.ends_with('/')) target += '/';
    target += format == FeedFormat::kAtom ? "feed/atom/" : "feed/";
    return respond(http::Response::Redirect(301, std::move(target)));
  }
  if (!resolved->item) return respond(NotFoundResponse(*theme_, *settings));
  PostCommentsFeed(request, *resolved->item, format, std::move(respond));
}

Result<Site::Produced> Site::ProduceArticle(const http::Request& request, std::string_view path,
                                            bool personal, const store::Settings& settings) const {
  int64_t comment_page = 0;
  if (std::optional<CommentPagePathParts> parts = SplitCommentPagePath(path)) {
    // PERMALINK/comment-page-N/ exists only while the post's comments are paged (ProduceItem
    // answers 404 otherwise).
    path = parts->base;
    comment_page = parts->page;
  }
  Viewer viewer = CurrentViewer(request);
  Result<Resolution> resolved = ResolveItem(path, viewer, settings);
  if (!resolved) return std::unexpected(resolved.error());
  if (!resolved->redirect.empty()) {
    std::string target = std::move(resolved->redirect);
    if (comment_page > 0) target = CommentPagePath(target, comment_page);
    return Produced{.direct = http::Response::Redirect(301, WithQuery(target, request.Query()))};
  }
  if (!resolved->item) return Produced{.direct = NotFoundResponse(*theme_, settings)};
  return ProduceItem(request, *resolved->item, comment_page, personal, "", settings);
}

Result<Site::Produced> Site::ProduceItem(const http::Request& request, const store::Post& item,
                                         int64_t comment_page, bool personal,
                                         const std::string& canonical_path,
                                         const store::Settings& settings) const {
  ArticleView view;
  view.now = deps_.clock.Now();
  view.comment_page = comment_page;
  view.canonical_path = canonical_path;
  view.password_accepted = PasswordAccepted(request, item, settings);
  if (personal) {
    view.form = FormFromCookies(request);
    http::Form query = http::Form::Parse(request.Query());
    int64_t pending = util::ParseInt(query.GetOr("unapproved")).value_or(0);
    if (pending > 0 &&
        comments::VerifyPendingToken(settings.secret, pending, query.GetOr("moderation-hash"))) {
      view.pending_id = pending;
    }
    view.reply_to = util::ParseInt(query.GetOr("replytocom")).value_or(0);
  }
  Result<std::string> html = article_->Render(item, settings, view);
  if (!html && html.error().kind == ErrorKind::kNotFound && comment_page > 0) {
    return Produced{.direct = NotFoundResponse(*theme_, settings)};
  }
  if (!html) return std::unexpected(html.error());
  Produced produced{.html = std::move(*html)};
  // Only what everyone may see is cached; a private item, a preview or an unlocked protected
  // item is rendered each time.
  bool unlocked = !item.password.empty() && view.password_accepted;
  if (item.status != store::PostStatus::kPublish || unlocked) return produced;
  produced.tags.push_back("post:" + std::to_string(item.id));
  if (item.type == store::PostType::kPage) produced.tags.push_back("pages");
  return produced;
}

Result<Site::Resolution> Site::ResolveItem(std::string_view path, const Viewer& viewer,
                                           const store::Settings& settings) const {
  Resolution resolved;
  // 1. a post's permalink
  std::optional<content::PermalinkMatch> match =
      content::MatchPostPath(path, settings.permalink_structure);
  if (match) {
    Result<std::optional<store::Post>> post = FindPostAt(deps_.store, path, *match, settings);
    if (!post) return std::unexpected(post.error());
    if (*post && CanView(viewer, **post)) {
      resolved.item = std::move(*post);
      return resolved;
    }
  }
  // 2. a page at /parent/child/
  std::optional<std::vector<std::string>> slugs = PathSlugs(path);
  if (slugs) {
    Result<std::optional<store::Post>> page = store::FindPageByPath(deps_.store, *slugs);
    if (!page) return std::unexpected(page.error());
    if (*page && (*page)->type == store::PostType::kPage && CanView(viewer, **page)) {
      bool is_front = settings.show_on_front == "page" && settings.page_on_front == (*page)->id;
      if (is_front) {
        resolved.redirect = "/";
      } else {
        resolved.item = std::move(*page);
      }
      return resolved;
    }
  }
  // 3. a renamed item's old slug
  Result<std::optional<std::string>> renamed =
      OldSlugTarget(deps_.store, path, match, slugs, viewer, settings);
  if (!renamed) return std::unexpected(renamed.error());
  if (*renamed) {
    resolved.redirect = std::move(**renamed);
    return resolved;
  }
  // 4. an imported item's address on the old site (its structure did not express it)
  Result<std::optional<std::string>> imported = ImportedTarget(deps_.store, path, viewer, settings);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) {
    resolved.redirect = std::move(**imported);
    return resolved;
  }
  // 5. the same without its trailing slash
  if (!path.ends_with('/')) {
    Result<Resolution> slashed = ResolveItem(std::string(path) + "/", viewer, settings);
    if (!slashed) return slashed;
    if (slashed->item) resolved.redirect = std::string(path) + "/";
    if (!slashed->redirect.empty()) resolved.redirect = std::move(slashed->redirect);
    if (!resolved.redirect.empty()) return resolved;
  }
  // 6. anything under the base of a subfolder install moved to the root
  Result<std::optional<std::string>> unbased = WithoutDroppedBase(deps_.store, path);
  if (!unbased) return std::unexpected(unbased.error());
  if (*unbased && **unbased != path) resolved.redirect = std::move(**unbased);
  return resolved;
}

Result<std::optional<store::Post>> Site::ResolvePost(std::string_view path,
                                                     const store::Settings& settings) const {
  Result<Resolution> resolved = ResolveItem(path, Viewer{}, settings);
  if (!resolved) return std::unexpected(resolved.error());
  if (!resolved->item || resolved->item->type != store::PostType::kPost) {
    return std::optional<store::Post>();
  }
  return std::move(resolved->item);
}

void Site::PostComment(const http::Request& request, http::Respond respond) const {
  comment_post_->Handle(request, std::move(respond));
}

void Site::Asset(const http::Request& request, std::string_view file, http::Respond respond) const {
  auto it = assets_.find(file);
  if (it == assets_.end()) return NotFound(std::move(respond));
  respond(PageResponse(*it->second, request, kAssetCacheControl));
}

void Site::Avatar(std::string_view file, http::Respond respond) const {
  std::string_view key = file;
  if (!key.ends_with(kAvatarSuffix)) return NotFound(std::move(respond));
  key.remove_suffix(kAvatarSuffix.size());
  if (!IsAvatarKey(key)) return NotFound(std::move(respond));
  http::Response response = http::Response::Text(200, comments::IdenticonSvg(key), "image/svg+xml");
  response.Set("ETag", "\"" + std::string(key) + "\"");
  response.Set("Cache-Control", std::string(kAvatarCacheControl));
  respond(std::move(response));
}

void Site::NotFound(http::Respond respond) const {
  respond(NotFoundResponse(*theme_, *deps_.settings.Get()));
}

}  // namespace quire::site
