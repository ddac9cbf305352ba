#include "site/page_meta.h"

#include <nlohmann/json.hpp>

#include "content/markdown.h"
#include "site/layout.h"
#include "site/xml_text.h"

namespace quire::site {
namespace {

constexpr std::string_view kSchemaContext = "https://schema.org";

// schema.org's Article for an item's page (https://schema.org/Article; the properties search
// engines read: headline, dates, author, image, mainEntityOfPage, publisher).
std::string ArticleJsonLd(const PageMeta& meta, const store::Settings& settings) {
  nlohmann::json article = {
      {"@context", kSchemaContext},
      {"@type", "Article"},
      {"headline", meta.title},
      {"datePublished", meta.published},
      {"dateModified", meta.modified},
      {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", meta.canonical}}},
      {"publisher", {{"@type", "Organization"}, {"name", settings.title}}},
  };
  if (!meta.description.empty()) article["description"] = meta.description;
  if (!meta.author.empty()) article["author"] = {{"@type", "Person"}, {"name", meta.author}};
  if (!meta.image.empty()) {
    nlohmann::json image = {{"@type", "ImageObject"}, {"url", meta.image}};
    if (meta.image_width > 0 && meta.image_height > 0) {
      image["width"] = meta.image_width;
      image["height"] = meta.image_height;
    }
    article["image"] = std::move(image);
  }
  // Invalid UTF-8 (a stored title from an old import) becomes U+FFFD instead of an exception.
  return article.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

PageMeta MetaForItem(const store::Post& post, const store::Settings& settings,
                     const std::string& url, const std::string& author_name,
                     const std::string& image_url, int image_width, int image_height) {
  PageMeta meta;
  meta.title = post.title;
  // A password-protected item keeps its text to itself, as WordPress does.
  if (post.password.empty()) meta.description = content::Excerpt(post);
  meta.canonical = url;
  meta.og_type = "article";
  meta.image = image_url;
  if (!image_url.empty()) {
    meta.image_width = image_width;
    meta.image_height = image_height;
  }
  meta.published = W3cDate(post.published_at);
  meta.modified = W3cDate(post.modified_at > 0 ? post.modified_at : post.published_at);
  meta.author = author_name;
  meta.json_ld = ArticleJsonLd(meta, settings);
  // The item's REST resource (WordPress's rest_output_link_wp_head), for what anyone may read.
  if (post.status == store::PostStatus::kPublish) {
    std::string base =
        post.type == store::PostType::kPage ? "/wp-json/wp/v2/pages/" : "/wp-json/wp/v2/posts/";
    meta.feeds.push_back(FeedLink{"JSON", AbsoluteUrl(settings, base + std::to_string(post.id)),
                                  "application/json"});
  }
  return meta;
}

}  // namespace quire::site
