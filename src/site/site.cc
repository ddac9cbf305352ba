#include "site/site.h"

#include <utility>

#include "comments/tokens.h"
#include "content/permalink.h"
#include "http/form.h"
#include "site/article_page.h"
#include "site/comment_pages.h"
#include "site/comment_post.h"
#include "site/commenter_cookies.h"
#include "site/front_page.h"
#include "site/layout.h"
#include "site/theme.h"
#include "util/strings.h"

namespace quire::site {

namespace {

constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
// HTML may change at any moment: browsers keep it but ask again (a 304 when unchanged).
constexpr std::string_view kHtmlCacheControl = "no-cache";
constexpr std::string_view kAssetCacheControl = "public, max-age=604800";
// An avatar's picture is a pure function of its key.
constexpr std::string_view kAvatarCacheControl = "public, max-age=31536000, immutable";
constexpr std::string_view kAvatarSuffix = ".svg";
constexpr size_t kAvatarKeyLength = 32;

// A cached page in the encoding the client prefers (identity when that form is missing).
http::Response PageResponse(const cache::Page& page, const http::Request& request,
                            std::string_view cache_control) {
  cache::Encoding encoding =
      page.Chosen(cache::Negotiate(request.Find("accept-encoding").value_or("")));
  http::Response response;
  response.status = page.status;
  response.Set("Content-Type", page.content_type);
  response.Set("ETag", page.ETag(encoding));
  response.Set("Vary", "Accept-Encoding");
  response.Set("Cache-Control", std::string(cache_control));
  if (encoding != cache::Encoding::kIdentity) {
    response.Set("Content-Encoding", std::string(cache::ContentCoding(encoding)));
  }
  response.body = page.Body(encoding);
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

}  // namespace

Site::Site(SiteDeps deps)
    : deps_(deps),
      theme_(std::make_unique<Theme>(deps.settings.Get()->theme_dir)),
      article_(std::make_unique<ArticlePage>(deps.store, *theme_)),
      front_(std::make_unique<FrontPage>(deps.store, *theme_)),
      comment_post_(std::make_unique<CommentPost>(deps, *theme_, *article_)) {
  for (const auto& [name, text] : theme_->Assets()) {
    assets_.emplace(name, cache::MakePage(200, Theme::ContentTypeFor(name), text));
  }
}

Site::~Site() = default;

void Site::ServeHtml(const http::Request& request, const std::string& key, bool personal,
                     const Producer& produce, http::Respond respond) const {
  if (!personal) {
    if (std::shared_ptr<const cache::Page> page = deps_.cache.Find(key)) {
      return respond(PageResponse(*page, request, kHtmlCacheControl));
    }
  }
  // Taken before reading the store: a change during the render keeps the page out.
  uint64_t version = deps_.cache.Version();
  std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
  Result<Produced> produced = produce(*settings);
  if (!produced) return respond(FailureResponse(produced.error()));
  if (produced->direct) return respond(std::move(*produced->direct));
  if (personal || produced->tags.empty()) {
    http::Response response = http::Response::Html(200, std::move(produced->html));
    MarkPrivate(response);
    return respond(std::move(response));
  }
  std::shared_ptr<const cache::Page> page =
      cache::MakePage(200, std::string(kHtmlType), std::move(produced->html));
  deps_.cache.Insert(key, page, std::move(produced->tags), version);
  respond(PageResponse(*page, request, kHtmlCacheControl));
}

void Site::Front(const http::Request& request, http::Respond respond) const {
  http::Form query = http::Form::Parse(request.Query());
  if (!query.Has("p")) return FrontPaged(request, 1, std::move(respond));
  // /?p=ID: WordPress's plain link to a post.
  std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
  int64_t id = util::ParseInt(query.GetOr("p")).value_or(0);
  Result<std::optional<store::Post>> post =
      id > 0 ? deps_.store.FindPost(id) : Result<std::optional<store::Post>>();
  if (!post) return respond(FailureResponse(post.error()));
  if (!post->has_value() || (*post)->status != store::PostStatus::kPublish) {
    return respond(NotFoundResponse(*theme_, *settings));
  }
  respond(http::Response::Redirect(301, content::PostPath(**post, settings->permalink_structure)));
}

void Site::FrontPaged(const http::Request& request, int64_t page, http::Respond respond) const {
  ServeHtml(
      request, FrontPage::PagePath(page), false,
      [this, page](const store::Settings& settings) -> Result<Produced> {
        Result<std::optional<std::string>> html = front_->Render(page, settings);
        if (!html) return std::unexpected(html.error());
        if (!*html) return Produced{.direct = NotFoundResponse(*theme_, settings)};
        return Produced{.html = std::move(**html), .tags = {"front"}};
      },
      std::move(respond));
}

void Site::Article(const http::Request& request, http::Respond respond) const {
  std::string_view path = request.Path();
  if (request.method != "GET" && request.method != "HEAD") {
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    Result<std::optional<store::Post>> post = ResolvePost(path, *settings);
    if (!post) return respond(FailureResponse(post.error()));
    if (!*post) return respond(NotFoundResponse(*theme_, *settings));
    http::Response response = http::Response::Text(405, "Method Not Allowed\n");
    response.Set("Allow", "GET, HEAD");
    return respond(std::move(response));
  }
  bool personal =
      HasCommenterCookies(request) || HasPersonalQuery(http::Form::Parse(request.Query()));
  ServeHtml(
      request, std::string(path), personal,
      [&](const store::Settings& settings) {
        return ProduceArticle(request, path, personal, settings);
      },
      std::move(respond));
}

Result<Site::Produced> Site::ProduceArticle(const http::Request& request, std::string_view path,
                                            bool personal, const store::Settings& settings) const {
  int64_t comment_page = 0;
  if (std::optional<CommentPagePathParts> parts = SplitCommentPagePath(path)) {
    // PERMALINK/comment-page-N/ exists only while comments are paged.
    if (!settings.page_comments) return Produced{.direct = NotFoundResponse(*theme_, settings)};
    path = parts->base;
    comment_page = parts->page;
  }
  Result<std::optional<store::Post>> post = ResolvePost(path, settings);
  if (!post) return std::unexpected(post.error());
  if (!*post) {
    if (path.ends_with('/')) return Produced{.direct = NotFoundResponse(*theme_, settings)};
    // A permalink without its trailing slash: send the reader to the one with it.
    std::string slashed = std::string(path) + "/";
    Result<std::optional<store::Post>> again = ResolvePost(slashed, settings);
    if (!again) return std::unexpected(again.error());
    if (!*again) return Produced{.direct = NotFoundResponse(*theme_, settings)};
    return Produced{
        .direct = http::Response::Redirect(301, WithQuery(std::move(slashed), request.Query()))};
  }
  ArticleView view;
  view.now = deps_.clock.Now();
  view.comment_page = comment_page;
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
  Result<std::string> html = article_->Render(**post, settings, view);
  if (!html && html.error().kind == ErrorKind::kNotFound && comment_page > 0) {
    return Produced{.direct = NotFoundResponse(*theme_, settings)};
  }
  if (!html) return std::unexpected(html.error());
  return Produced{.html = std::move(*html), .tags = {"post:" + std::to_string((*post)->id)}};
}

Result<std::optional<store::Post>> Site::ResolvePost(std::string_view path,
                                                     const store::Settings& settings) const {
  std::optional<content::PermalinkMatch> match =
      content::MatchPostPath(path, settings.permalink_structure);
  if (!match) return std::optional<store::Post>();
  Result<std::optional<store::Post>> post =
      match->id > 0 ? deps_.store.FindPost(match->id) : deps_.store.FindPostBySlug(match->slug);
  if (post && !*post && match->id == 0 && match->slug.find('%') != std::string::npos) {
    post = deps_.store.FindPostBySlug(util::UrlDecode(match->slug));
  }
  if (!post || !*post) return post;
  if ((*post)->status != store::PostStatus::kPublish) return std::optional<store::Post>();
  // The whole path must be the post's: its date parts and its slug or id.
  std::string canonical = content::PostPath(**post, settings.permalink_structure);
  if (canonical != path && canonical != util::UrlDecode(path)) return std::optional<store::Post>();
  return post;
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
