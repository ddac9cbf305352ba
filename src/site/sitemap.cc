// Pages for machines: /sitemap.xml (an index of the non-empty parts), /sitemaps/KIND-N.xml
// (posts, pages, categories, tags and authors, kSitemapPartSize URLs a part) and /robots.txt.
// All cached: sitemaps under "sitemap" (every item change records it) plus the tags of the
// terms and authors they name; robots.txt is renewed with the settings ("*").
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "content/permalink.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/site.h"
#include "site/sitemap_writer.h"
#include "store/publishing.h"
#include "store/taxonomy.h"
#include "util/strings.h"

namespace quire::site {
namespace {

constexpr std::string_view kXmlType = "application/xml; charset=UTF-8";
constexpr std::string_view kTextType = "text/plain; charset=utf-8";
constexpr std::string_view kSitemapTag = "sitemap";
constexpr std::string_view kSitemapsPath = "/sitemaps/";

// A sitemap's URLs and the change tags of what they name.
struct SitemapList {
  std::vector<SitemapUrl> urls;
  std::set<std::string> tags = {std::string(kSitemapTag)};
};

int64_t ItemLastmod(const store::Post& post) {
  return std::max(post.modified_at, post.published_at);
}

// Gathers sitemap URLs from the store. Each Part answers nullopt past the last part.
class SitemapBuilder {
 public:
  SitemapBuilder(store::Store& store, const store::Settings& settings)
      : store_(store), settings_(settings) {}

  // The index: every non-empty part, with the newest change of its kind as lastmod.
  Result<SitemapList> Index() {
    Result<int64_t> post_lastmod = store::LastModified(store_, store::PostType::kPost);
    if (!post_lastmod) return std::unexpected(post_lastmod.error());
    Result<int64_t> page_lastmod = store::LastModified(store_, store::PostType::kPage);
    if (!page_lastmod) return std::unexpected(page_lastmod.error());
    SitemapList index;
    for (store::PostType type : {store::PostType::kPost, store::PostType::kPage}) {
      Result<int64_t> count = CountItems(type);
      if (!count) return std::unexpected(count.error());
      bool post = type == store::PostType::kPost;
      AddParts(index, post ? "posts" : "pages", *count, post ? *post_lastmod : *page_lastmod);
    }
    for (std::string_view taxonomy : {store::kCategory, store::kPostTag}) {
      Result<std::vector<store::Term>> terms = UsedTerms(taxonomy);
      if (!terms) return std::unexpected(terms.error());
      AddParts(index, taxonomy == store::kCategory ? "categories" : "tags",
               static_cast<int64_t>(terms->size()), *post_lastmod);
    }
    Result<std::map<int64_t, int64_t>> authors = AuthorLastmods();
    if (!authors) return std::unexpected(authors.error());
    AddParts(index, "authors", static_cast<int64_t>(authors->size()), *post_lastmod);
    return index;
  }

  Result<std::optional<SitemapList>> Part(const SitemapPartName& part) {
    int64_t offset = (part.number - 1) * kSitemapPartSize;
    if (part.kind == "posts") return Items(store::PostType::kPost, offset);
    if (part.kind == "pages") return Items(store::PostType::kPage, offset);
    if (part.kind == "categories") return Terms(store::kCategory, offset);
    if (part.kind == "tags") return Terms(store::kPostTag, offset);
    return Authors(offset);
  }

 private:
  void AddParts(SitemapList& index, std::string_view kind, int64_t count, int64_t lastmod) const {
    for (int64_t number = 1; (number - 1) * kSitemapPartSize < count; ++number) {
      index.urls.push_back(
          {AbsoluteUrl(settings_, std::string(kSitemapsPath) + SitemapPartFile(kind, number)),
           lastmod});
    }
  }

  Result<int64_t> CountItems(store::PostType type) {
    Result<store::ListPage> page = store::ListItems(store_, {.type = type, .limit = 1});
    if (!page) return std::unexpected(page.error());
    return page->total;
  }

  // A part of posts or pages: their URLs (the front page's own page is "/").
  Result<std::optional<SitemapList>> Items(store::PostType type, int64_t offset) {
    Result<store::ListPage> page =
        store::ListItems(store_, {.type = type,
                                  .offset = static_cast<int>(offset),
                                  .limit = static_cast<int>(kSitemapPartSize)});
    if (!page) return std::unexpected(page.error());
    if (page->items.empty()) return std::optional<SitemapList>();
    SitemapList list;
    if (type == store::PostType::kPage) list.tags.insert("pages");
    for (const store::Post& item : page->items) {
      Result<std::string> path = ItemPath(store_, item, settings_);
      if (!path) return std::unexpected(path.error());
      bool front = type == store::PostType::kPage && settings_.show_on_front == "page" &&
                   settings_.page_on_front == item.id;
      list.urls.push_back({AbsoluteUrl(settings_, front ? "/" : *path), ItemLastmod(item)});
    }
    return list;
  }

  // The terms of a taxonomy that have published items.
  Result<std::vector<store::Term>> UsedTerms(std::string_view taxonomy) {
    Result<std::vector<store::Term>> terms = store::ListTerms(store_, taxonomy);
    if (!terms) return terms;
    std::erase_if(*terms, [](const store::Term& term) { return term.count <= 0; });
    return terms;
  }

  // A part of category or tag archives, each with its newest item's date.
  Result<std::optional<SitemapList>> Terms(std::string_view taxonomy, int64_t offset) {
    Result<std::vector<store::Term>> terms = UsedTerms(taxonomy);
    if (!terms) return std::unexpected(terms.error());
    if (offset >= static_cast<int64_t>(terms->size())) return std::optional<SitemapList>();
    auto end = terms->begin() + std::min<int64_t>(terms->size(), offset + kSitemapPartSize);
    SitemapList list;
    for (auto term = terms->begin() + offset; term != end; ++term) {
      Result<store::ListPage> newest = store::ListItems(store_, {.term_id = term->id, .limit = 1});
      if (!newest) return std::unexpected(newest.error());
      std::string base = taxonomy == store::kCategory ? "/category/" : "/tag/";
      list.urls.push_back({AbsoluteUrl(settings_, base + util::UrlEncode(term->slug) + "/"),
                           newest->items.empty() ? 0 : ItemLastmod(newest->items.front())});
      list.tags.insert("term:" + std::to_string(term->id));
    }
    return list;
  }

  // Authors of published posts, with the newest change among their posts.
  Result<std::map<int64_t, int64_t>> AuthorLastmods() {
    Result<std::vector<store::AuthorActivity>> authors = store::ListActiveAuthors(store_);
    if (!authors) return std::unexpected(authors.error());
    std::map<int64_t, int64_t> lastmods;
    for (const store::AuthorActivity& author : *authors) {
      lastmods[author.author_id] = author.last_modified;
    }
    return lastmods;
  }

  Result<std::optional<SitemapList>> Authors(int64_t offset) {
    Result<std::map<int64_t, int64_t>> authors = AuthorLastmods();
    if (!authors) return std::unexpected(authors.error());
    if (offset >= static_cast<int64_t>(authors->size())) return std::optional<SitemapList>();
    SitemapList list;
    auto author = std::next(authors->begin(), offset);
    for (int64_t n = 0; author != authors->end() && n < kSitemapPartSize; ++author, ++n) {
      Result<std::optional<store::User>> user = store_.FindUser(author->first);
      if (!user) return std::unexpected(user.error());
      if (!*user) continue;
      list.urls.push_back(
          {AbsoluteUrl(settings_, "/author/" + util::UrlEncode((*user)->login) + "/"),
           author->second});
      list.tags.insert("author:" + std::to_string(author->first));
    }
    return list;
  }

  store::Store& store_;
  const store::Settings& settings_;
};

// robots.txt: the admin kept out, everything kept out when the site asks not to be indexed,
// the sitemap named, then the site's own lines.
std::string RobotsText(const store::Settings& settings) {
  std::string text = "User-agent: *\nDisallow: /admin/\n";
  if (!settings.blog_public) text += "Disallow: /\n";
  text += "\nSitemap: " + AbsoluteUrl(settings, "/sitemap.xml") + "\n";
  if (!settings.robots_txt.empty()) {
    text += "\n" + settings.robots_txt;
    if (!settings.robots_txt.ends_with('\n')) text += "\n";
  }
  return text;
}

}  // namespace

void Site::SitemapIndex(const http::Request& request, http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [this](const store::Settings& settings) -> Result<Produced> {
        Result<SitemapList> index = SitemapBuilder(deps_.store, settings).Index();
        if (!index) return std::unexpected(index.error());
        return Produced{.html = WriteSitemapIndex(index->urls),
                        .tags = {index->tags.begin(), index->tags.end()},
                        .content_type = std::string(kXmlType)};
      },
      std::move(respond));
}

void Site::SitemapPart(const http::Request& request, std::string_view file,
                       http::Respond respond) const {
  std::optional<SitemapPartName> part = ParseSitemapPart(file);
  if (!part) return NotFound(std::move(respond));
  ServeHtml(
      request, std::string(request.Path()), false,
      [this, part](const store::Settings& settings) -> Result<Produced> {
        Result<std::optional<SitemapList>> list = SitemapBuilder(deps_.store, settings).Part(*part);
        if (!list) return std::unexpected(list.error());
        if (!*list) return Produced{.direct = NotFoundResponse(*theme_, settings)};
        return Produced{.html = WriteUrlSet((*list)->urls),
                        .tags = {(*list)->tags.begin(), (*list)->tags.end()},
                        .content_type = std::string(kXmlType)};
      },
      std::move(respond));
}

void Site::Robots(const http::Request& request, http::Respond respond) const {
  ServeHtml(
      request, std::string(request.Path()), false,
      [](const store::Settings& settings) -> Result<Produced> {
        // Only "*" (a settings change) renews it; the tag keeps it in the cache.
        return Produced{.html = RobotsText(settings),
                        .tags = {"robots"},
                        .content_type = std::string(kTextType)};
      },
      std::move(respond));
}

}  // namespace quire::site
