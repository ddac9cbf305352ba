#include "site/layout.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace quire::site {

namespace mustache = kainjow::mustache;

std::string AbsoluteUrl(const store::Settings& settings, std::string_view path) {
  std::string_view home = settings.home_url;
  while (home.ends_with('/')) home.remove_suffix(1);
  return std::string(home) + std::string(path);
}

std::string ScriptSafeJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

mustache::data FeedData(const FeedLink& feed) {
  mustache::data data;
  data.set("title", feed.title);
  data.set("url", feed.url);
  data.set("type", feed.type);
  return data;
}

// The site's own feeds (always linked), then the page's.
mustache::data FeedsData(const store::Settings& settings, const PageMeta& meta) {
  mustache::data feeds(mustache::data::type::list);
  feeds.push_back(FeedData({settings.title + " \u00bb Feed", AbsoluteUrl(settings, "/feed/")}));
  feeds.push_back(FeedData(
      {settings.title + " \u00bb Comments Feed", AbsoluteUrl(settings, "/comments/feed/")}));
  for (const FeedLink& feed : meta.feeds) feeds.push_back(FeedData(feed));
  return feeds;
}

void SetOptional(mustache::data& data, const std::string& name, const std::string& value) {
  data.set("has_" + name, !value.empty());
  data.set(name, value);
}

// <head>'s data: canonical, prev/next, description, OpenGraph, Twitter card, feeds, JSON-LD.
void SetHeadData(mustache::data& data, const store::Settings& settings, const PageMeta& meta) {
  SetOptional(data, "canonical", meta.canonical);
  SetOptional(data, "prev", meta.prev);
  SetOptional(data, "next", meta.next);
  SetOptional(data, "description", meta.description);
  data.set("og_title", meta.title.empty() ? settings.title : meta.title);
  data.set("og_type", meta.og_type);
  data.set("site_name", settings.title);
  SetOptional(data, "image", meta.image);
  data.set("has_image_size", meta.image_width > 0 && meta.image_height > 0);
  data.set("image_width", std::to_string(meta.image_width));
  data.set("image_height", std::to_string(meta.image_height));
  SetOptional(data, "published", meta.published);
  SetOptional(data, "modified", meta.modified);
  SetOptional(data, "author", meta.author);
  data.set("twitter_card", meta.image.empty() ? "summary" : "summary_large_image");
  data.set("feeds", FeedsData(settings, meta));
  data.set("api_root", AbsoluteUrl(settings, "/wp-json/"));  // WordPress's REST discovery
  data.set("has_json_ld", !meta.json_ld.empty());
  data.set("json_ld", ScriptSafeJson(meta.json_ld));
  data.set("noindex", meta.noindex || !settings.blog_public);
}

}  // namespace

Result<std::string> RenderDocument(const Theme& theme, const store::Settings& settings,
                                   const PageMeta& meta, std::string_view body_class,
                                   std::string main_html) {
  mustache::data data;
  std::string document_title =
      meta.title.empty() ? settings.title : meta.title + " \u2013 " + settings.title;
  data.set("document_title", document_title);
  data.set("site_title", settings.title);
  data.set("has_tagline", !settings.tagline.empty());
  data.set("tagline", settings.tagline);
  data.set("body_class", std::string(body_class));
  // Lists have no title of their own: there the site's name is the page's one h1.
  data.set("title_is_heading", body_class.starts_with("home"));
  SetHeadData(data, settings, meta);
  data["content"] = mustache::data(main_html);  // one copy (set() makes two)
  return theme.Render("layout", data);
}

Result<std::string> RenderDocument(const Theme& theme, const store::Settings& settings,
                                   std::string_view page_title, std::string_view body_class,
                                   std::string main_html) {
  PageMeta meta;
  meta.title = std::string(page_title);
  meta.noindex = true;
  return RenderDocument(theme, settings, meta, body_class, std::move(main_html));
}

http::Response NotFoundResponse(const Theme& theme, const store::Settings& settings) {
  Result<std::string> main = theme.Render("404", mustache::data());
  if (!main) return FailureResponse(main.error());
  PageMeta meta;
  meta.title = "Page not found";
  meta.noindex = true;
  Result<std::string> html = RenderDocument(theme, settings, meta, "error404", std::move(*main));
  if (!html) return FailureResponse(html.error());
  http::Response response = http::Response::Html(404, std::move(*html));
  response.Set("Cache-Control", "no-cache");
  return response;
}

http::Response FailureResponse(const Error& error) {
  int status = HttpStatusFor(error.kind);
  if (status < 500) status = 500;  // a page that cannot be built is the server's failure
  spdlog::error("site: cannot build the page: {} ({})", error.message, ErrorKindName(error.kind));
  http::Response response = http::Response::Text(
      status, status == 503 ? "The site is busy. Please try again in a moment.\n"
                            : "Something went wrong on our side. Please try again later.\n");
  if (status == 503) response.Set("Retry-After", "30");
  MarkPrivate(response);
  return response;
}

void MarkPrivate(http::Response& response) {
  response.Set("Cache-Control", "private, no-store");
}

}  // namespace quire::site
