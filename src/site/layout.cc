#include "site/layout.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace quire::site {

namespace mustache = kainjow::mustache;

Result<std::string> RenderDocument(const Theme& theme, const store::Settings& settings,
                                   std::string_view page_title, std::string_view body_class,
                                   std::string main_html) {
  mustache::data data;
  std::string document_title =
      page_title.empty() ? settings.title : std::string(page_title) + " \u2013 " + settings.title;
  data.set("document_title", document_title);
  data.set("site_title", settings.title);
  data.set("has_tagline", !settings.tagline.empty());
  data.set("tagline", settings.tagline);
  data.set("body_class", std::string(body_class));
  // Lists have no title of their own: there the site's name is the page's one h1.
  data.set("title_is_heading", body_class.starts_with("home"));
  data.set("content", std::move(main_html));
  return theme.Render("layout", data);
}

http::Response NotFoundResponse(const Theme& theme, const store::Settings& settings) {
  Result<std::string> main = theme.Render("404", mustache::data());
  if (!main) return FailureResponse(main.error());
  Result<std::string> html =
      RenderDocument(theme, settings, "Page not found", "error404", std::move(*main));
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
