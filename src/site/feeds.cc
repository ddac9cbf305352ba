// The site's feeds: RSS 2.0 and Atom of the latest posts (the site's, a category's or tag's, an
// author's) and of the latest approved comments (the site's, one post's). Values are gathered
// here and written by feed_writer; pages are cached like any other, tagged per
// docs/conventions.md, and answered 304 by the HTTP layer when the ETag matches.
//
// Comment feeds carry a commenter's name, date, text and a link to the comment: never the
// email or IP address. Password-protected posts keep their text (and comments) out of feeds.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "content/markdown.h"
#include "site/article_page.h"
#include "site/comment_pages.h"
#include "site/feed_writer.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/post_password.h"
#include "site/site.h"
#include "store/media.h"
#include "store/publishing.h"
#include "store/taxonomy.h"
#include "util/strings.h"

namespace quire::site {
namespace {

constexpr std::string_view kRssType = "application/rss+xml; charset=UTF-8";
constexpr std::string_view kAtomType = "application/atom+xml; charset=UTF-8";
constexpr std::string_view kUploadsPath = "/wp-content/uploads/";
constexpr std::string_view kAnonymous = "Anonymous";

// A feed document and the change tags of what it shows.
struct FeedDocument {
  Feed feed;
  std::set<std::string> tags;
};

// The feed of a list of posts: what to list and how the channel presents itself.
struct PostFeedSpec {
  store::ListQuery query;
  std::string title;
  std::string subtitle;
  std::string site_path;  // the HTML page the feed stands for
  std::string own_tag;    // "front", "term:ID", "author:ID"
};

// A post's permalink feed URLs: PERMALINK/feed/ and PERMALINK/feed/atom/.
std::string FeedPathOf(std::string_view permalink) {
  std::string path(permalink);
  if (!path.ends_with('/')) path += '/';
  return path + "feed/";
}

// Root-relative links and sources in content ("/wp-content/...") made absolute, since a feed
// is read away from the site.
std::string AbsoluteUrls(std::string html, const std::string& home) {
  for (std::string_view attribute : {"href=\"/", "src=\"/"}) {
    std::string replacement = std::string(attribute.substr(0, attribute.size() - 1)) + home + "/";
    size_t pos = 0;
    while ((pos = html.find(attribute, pos)) != std::string::npos) {
      if (pos + attribute.size() < html.size() && html[pos + attribute.size()] == '/') {
        pos += attribute.size();  // protocol-relative "//host/..." stays
        continue;
      }
      html.replace(pos, attribute.size(), replacement);
      pos += replacement.size();
    }
  }
  return html;
}

int64_t Newest(const Feed& feed) {
  int64_t newest = 0;
  for (const FeedEntry& entry : feed.entries) newest = std::max(newest, entry.updated);
  return newest;
}

// Gathers what the feeds show from the store, remembering each thing's change tag.
class FeedBuilder {
 public:
  FeedBuilder(store::Store& store, const store::Settings& settings, int64_t now)
      : store_(store), settings_(settings), now_(now) {}

  Result<FeedDocument> Posts(const PostFeedSpec& spec, std::string self_path) {
    FeedDocument document = Channel(spec.title, spec.subtitle, spec.site_path, self_path);
    document.tags.insert(spec.own_tag);
    store::ListQuery query = spec.query;
    query.limit = settings_.posts_per_rss;
    Result<store::ListPage> page = store::ListItems(store_, query);
    if (!page) return std::unexpected(page.error());
    Result<std::map<int64_t, int64_t>> counts = CommentCounts(page->items);
    if (!counts) return std::unexpected(counts.error());
    for (const store::Post& post : page->items) {
      Result<FeedEntry> entry = PostEntry(post, (*counts)[post.id], document.tags);
      if (!entry) return std::unexpected(entry.error());
      document.feed.entries.push_back(std::move(*entry));
    }
    Finish(document);
    return document;
  }

  // The site's comments (post == nullptr) or one post's.
  Result<FeedDocument> Comments(const store::Post* post, std::string self_path) {
    Result<std::string> site_path = post ? Permalink(*post) : std::string("/");
    if (!site_path) return std::unexpected(site_path.error());
    FeedDocument document =
        post ? Channel("Comments on: " + post->title, settings_.tagline, *site_path, self_path)
             : Channel("Comments for " + settings_.title, settings_.tagline, *site_path, self_path);
    if (post) {
      document.tags.insert("post:" + std::to_string(post->id));
    } else {
      // "comments": every comment change; "front": every item change (an item's title, or
      // its leaving the public site, shows in the feed of its comments).
      document.tags.insert({"comments", "front"});
    }
    Result<std::vector<store::CommentWithPost>> comments =
        store::RecentComments(store_, post ? post->id : 0, settings_.posts_per_rss);
    if (!comments) return std::unexpected(comments.error());
    for (const store::CommentWithPost& item : *comments) {
      if (!item.post.password.empty()) continue;
      document.tags.insert("post:" + std::to_string(item.post.id));
      Result<FeedEntry> entry = CommentEntry(item, post == nullptr);
      if (!entry) return std::unexpected(entry.error());
      document.feed.entries.push_back(std::move(*entry));
    }
    Finish(document);
    return document;
  }

 private:
  FeedDocument Channel(std::string title, std::string subtitle, const std::string& site_path,
                       const std::string& self_path) const {
    FeedDocument document;
    document.feed.title = std::move(title);
    document.feed.subtitle = std::move(subtitle);
    document.feed.site_url = AbsoluteUrl(settings_, site_path);
    document.feed.self_url = AbsoluteUrl(settings_, self_path);
    return document;
  }

  // lastBuildDate / updated: the newest entry's date; an empty feed says "now".
  void Finish(FeedDocument& document) const {
    int64_t newest = Newest(document.feed);
    document.feed.updated = newest > 0 ? newest : now_;
  }

  // A post's permalink or a page's /parent/child/ path.
  Result<std::string> Permalink(const store::Post& item) const {
    return ItemPath(store_, item, settings_);
  }

  Result<std::map<int64_t, int64_t>> CommentCounts(const std::vector<store::Post>& posts) {
    std::vector<int64_t> ids;
    for (const store::Post& post : posts) ids.push_back(post.id);
    Result<std::vector<std::pair<int64_t, int64_t>>> counts =
        store::CountApprovedComments(store_, ids);
    if (!counts) return std::unexpected(counts.error());
    return std::map<int64_t, int64_t>(counts->begin(), counts->end());
  }

  Result<std::string> AuthorName(int64_t user_id) {
    if (user_id == 0) return std::string();
    auto known = author_names_.find(user_id);
    if (known != author_names_.end()) return known->second;
    Result<std::optional<store::User>> user = store_.FindUser(user_id);
    if (!user) return std::unexpected(user.error());
    std::string name;
    if (*user) name = (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
    author_names_.emplace(user_id, name);
    return name;
  }

  // The guid WordPress gives a post ("HOME/?p=ID"), or the one it was imported with.
  std::string Guid(const store::Post& post) const {
    if (post.guid.starts_with("http://") || post.guid.starts_with("https://")) return post.guid;
    return AbsoluteUrl(settings_, "/?p=" + std::to_string(post.id));
  }

  Result<FeedEntry> PostEntry(const store::Post& post, int64_t comment_count,
                              std::set<std::string>& tags) {
    tags.insert("post:" + std::to_string(post.id));
    Result<std::string> permalink = Permalink(post);
    if (!permalink) return std::unexpected(permalink.error());
    FeedEntry entry;
    entry.title = post.title;
    entry.link = AbsoluteUrl(settings_, *permalink);
    entry.id = Guid(post);
    Result<std::string> author = AuthorName(post.author_id);
    if (!author) return std::unexpected(author.error());
    entry.author = std::move(*author);
    entry.published = post.published_at;
    entry.updated = std::max(post.modified_at, post.published_at);
    WriteText(post, entry);
    entry.comment_count = comment_count;
    entry.comments_link = entry.link + "#comments";
    entry.comments_feed_rss = AbsoluteUrl(settings_, FeedPathOf(*permalink));
    entry.comments_feed_atom = entry.comments_feed_rss + "atom/";
    if (Status terms = AddTerms(post.id, entry, tags); !terms) {
      return std::unexpected(terms.error());
    }
    if (Status media = AddEnclosure(post, entry, tags); !media) {
      return std::unexpected(media.error());
    }
    return entry;
  }

  void WriteText(const store::Post& post, FeedEntry& entry) const {
    if (!post.password.empty()) {
      entry.summary = kProtectedExcerpt;
      return;
    }
    entry.summary = content::Excerpt(post);
    if (!settings_.rss_use_excerpt) {
      entry.content_html = AbsoluteUrls(content::RenderBody(post), AbsoluteUrl(settings_, ""));
    }
  }

  Status AddTerms(int64_t post_id, FeedEntry& entry, std::set<std::string>& tags) {
    Result<std::vector<store::Term>> terms = store::TermsOf(store_, post_id);
    if (!terms) return std::unexpected(terms.error());
    for (const store::Term& term : *terms) {
      if (term.taxonomy != store::kCategory && term.taxonomy != store::kPostTag) continue;
      entry.categories.push_back(term.name);
      tags.insert("term:" + std::to_string(term.id));
    }
    return {};
  }

  Status AddEnclosure(const store::Post& post, FeedEntry& entry, std::set<std::string>& tags) {
    if (post.featured_media_id == 0) return {};
    tags.insert("media:" + std::to_string(post.featured_media_id));
    Result<std::optional<store::Media>> media = store::FindMedia(store_, post.featured_media_id);
    if (!media) return std::unexpected(media.error());
    if (!*media) return {};
    entry.enclosure =
        FeedEnclosure{AbsoluteUrl(settings_, std::string(kUploadsPath) + (*media)->file),
                      (*media)->mime_type, (*media)->bytes};
    return {};
  }

  // A comment: its author's name, date, text and link, nothing else it was stored with.
  // The link lands on the comment page that shows it (PERMALINK/comment-page-N/#comment-ID)
  // while the post's comments are paged.
  Result<FeedEntry> CommentEntry(const store::CommentWithPost& item, bool site_wide) {
    const store::Comment& comment = item.comment;
    Result<std::string> permalink = Permalink(item.post);
    if (!permalink) return std::unexpected(permalink.error());
    Result<int64_t> page = CommentPage(item.post.id, comment.id);
    if (!page) return std::unexpected(page.error());
    if (*page > 0) *permalink = CommentPagePath(*permalink, *page);
    std::string name = comment.author.empty() ? std::string(kAnonymous) : comment.author;
    FeedEntry entry;
    entry.title = site_wide ? "Comment on " + item.post.title + " by " + name : "By: " + name;
    entry.link = AbsoluteUrl(settings_, *permalink + "#comment-" + std::to_string(comment.id));
    entry.author = std::move(name);
    entry.published = entry.updated = comment.created_at;
    entry.content_html = CommentContentHtml(comment);  // typed text, or imported HTML
    entry.summary = content::HtmlToText(entry.content_html);
    return entry;
  }

  // The comment page of a comment of post `post_id` (0: not paged), each post's comments read
  // once per feed.
  Result<int64_t> CommentPage(int64_t post_id, int64_t comment_id) {
    auto pages = comment_pages_.find(post_id);
    if (pages == comment_pages_.end()) {
      Result<std::vector<store::Comment>> list = store_.ListComments({.post_id = post_id});
      if (!list) return std::unexpected(list.error());
      pages = comment_pages_.emplace(post_id, CommentPageIndex(*list, settings_)).first;
    }
    auto it = pages->second.find(comment_id);
    return it == pages->second.end() ? 0 : it->second;
  }

  store::Store& store_;
  const store::Settings& settings_;
  const int64_t now_;
  std::map<int64_t, std::string> author_names_;
  std::map<int64_t, std::unordered_map<int64_t, int64_t>> comment_pages_;  // by post id
};

// A feed handler's answer: the document written in its format and its tags, or the themed
// 404 when what the feed is about does not exist. (Produced is Site's private type, named by
// the handlers that call this.)
template <typename Produced>
Result<Produced> FeedAnswer(Result<std::optional<FeedDocument>> document, bool atom,
                            const Theme& theme, const store::Settings& settings) {
  if (!document) return std::unexpected(document.error());
  Produced produced;
  if (!*document) {
    produced.direct = NotFoundResponse(theme, settings);
    return produced;
  }
  const FeedDocument& built = **document;
  produced.html = atom ? WriteAtom(built.feed) : WriteRss2(built.feed);
  produced.tags.assign(built.tags.begin(), built.tags.end());
  produced.content_type = atom ? kAtomType : kRssType;
  return produced;
}

// /category/SLUG/feed/ or /tag/SLUG/feed/: the term's latest posts (nullopt: no such term).
Result<std::optional<FeedDocument>> TermFeedDocument(FeedBuilder& builder, store::Store& store,
                                                     const store::Settings& settings,
                                                     std::string_view taxonomy,
                                                     std::string_view slug,
                                                     std::string_view self_path) {
  // A nested category's path "parent/child" names the child.
  std::string_view own_slug = slug.substr(slug.rfind('/') + 1);
  Result<std::optional<store::Term>> term =
      store::FindTermBySlug(store, taxonomy, util::UrlDecode(own_slug));
  if (!term) return std::unexpected(term.error());
  if (!*term) return std::optional<FeedDocument>();
  bool category = taxonomy == store::kCategory;
  PostFeedSpec spec{
      .query = {.term_id = (*term)->id},
      .title = settings.title + " \xC2\xBB " + (*term)->name + (category ? " Category" : " Tag"),
      .subtitle = (*term)->description.empty() ? settings.tagline : (*term)->description,
      .site_path = (category ? "/category/" : "/tag/") + util::UrlEncode((*term)->slug) + "/",
      .own_tag = "term:" + std::to_string((*term)->id)};
  return builder.Posts(spec, std::string(self_path));
}

// /author/LOGIN/feed/: the author's latest posts (nullopt: no such user, or none with anything
// published, as the author archive answers, so that logins cannot be enumerated).
Result<std::optional<FeedDocument>> AuthorFeedDocument(FeedBuilder& builder, store::Store& store,
                                                       const store::Settings& settings,
                                                       std::string_view login,
                                                       std::string_view self_path) {
  Result<std::optional<store::User>> user = store.FindUserByLogin(util::UrlDecode(login));
  if (!user) return std::unexpected(user.error());
  if (!*user) return std::optional<FeedDocument>();
  const store::User& author = **user;
  Result<store::ListPage> published = store::ListItems(store, {.author_id = author.id, .limit = 1});
  if (!published) return std::unexpected(published.error());
  if (published->total == 0) return std::optional<FeedDocument>();
  PostFeedSpec spec{.query = {.author_id = author.id},
                    .title = settings.title + " \xC2\xBB " +
                             (author.display_name.empty() ? author.login : author.display_name),
                    .subtitle = settings.tagline,
                    .site_path = "/author/" + util::UrlEncode(author.login) + "/",
                    .own_tag = "author:" + std::to_string(author.id)};
  return builder.Posts(spec, std::string(self_path));
}

}  // namespace

void Site::SiteFeed(const http::Request& request, FeedFormat format, http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, &request, format](const store::Settings& settings) -> Result<Produced> {
        FeedBuilder builder(deps_.store, settings, deps_.clock.Now());
        PostFeedSpec spec{.query = {},
                          .title = settings.title,
                          .subtitle = settings.tagline,
                          .site_path = "/",
                          .own_tag = "front"};
        Result<FeedDocument> built = builder.Posts(spec, std::string(request.Path()));
        if (!built) return std::unexpected(built.error());
        return FeedAnswer<Produced>(std::optional(std::move(*built)), format == FeedFormat::kAtom,
                                    *theme_, settings);
      },
      std::move(respond));
}

void Site::TermFeed(const http::Request& request, std::string_view taxonomy, std::string_view slug,
                    FeedFormat format, http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, &request, taxonomy, slug = std::string(slug),
       format](const store::Settings& settings) -> Result<Produced> {
        FeedBuilder builder(deps_.store, settings, deps_.clock.Now());
        return FeedAnswer<Produced>(
            TermFeedDocument(builder, deps_.store, settings, taxonomy, slug, request.Path()),
            format == FeedFormat::kAtom, *theme_, settings);
      },
      std::move(respond));
}

void Site::AuthorFeed(const http::Request& request, std::string_view login, FeedFormat format,
                      http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, &request, login = std::string(login),
       format](const store::Settings& settings) -> Result<Produced> {
        FeedBuilder builder(deps_.store, settings, deps_.clock.Now());
        return FeedAnswer<Produced>(
            AuthorFeedDocument(builder, deps_.store, settings, login, request.Path()),
            format == FeedFormat::kAtom, *theme_, settings);
      },
      std::move(respond));
}

void Site::CommentsFeed(const http::Request& request, FeedFormat format,
                        http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, &request, format](const store::Settings& settings) -> Result<Produced> {
        FeedBuilder builder(deps_.store, settings, deps_.clock.Now());
        Result<FeedDocument> built = builder.Comments(nullptr, std::string(request.Path()));
        if (!built) return std::unexpected(built.error());
        return FeedAnswer<Produced>(std::optional(std::move(*built)), format == FeedFormat::kAtom,
                                    *theme_, settings);
      },
      std::move(respond));
}

void Site::PostCommentsFeed(const http::Request& request, const store::Post& post,
                            FeedFormat format, http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, &request, post, format](const store::Settings& settings) -> Result<Produced> {
        FeedBuilder builder(deps_.store, settings, deps_.clock.Now());
        Result<FeedDocument> built = builder.Comments(&post, std::string(request.Path()));
        if (!built) return std::unexpected(built.error());
        return FeedAnswer<Produced>(std::optional(std::move(*built)), format == FeedFormat::kAtom,
                                    *theme_, settings);
      },
      std::move(respond));
}

}  // namespace quire::site
