// The document around every page (layout.mustache), and the pages that carry no post: the
// themed 404 and the bare answer to a failure of the store or the theme.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "site/page_meta.h"
#include "site/theme.h"
#include "store/settings.h"
#include "util/status.h"

namespace quire::site {

// The whole HTML document: `main_html` (theme output, inserted raw) inside layout.mustache,
// with <head> written from `meta`: canonical, rel=prev/next, description, OpenGraph, Twitter
// card, the site's RSS and comments feeds plus meta.feeds, JSON-LD (every '<', '>' and '&'
// written as a \u escape, so "</script>" cannot end the script), and robots noindex when
// meta.noindex or the site asks not to be indexed (!blog_public). meta.title empty: the
// document title is the site title alone.
Result<std::string> RenderDocument(const Theme& theme, const store::Settings& settings,
                                   const PageMeta& meta, std::string_view body_class,
                                   std::string main_html);

// The same with only a title: a page search engines need not index (noindex).
Result<std::string> RenderDocument(const Theme& theme, const store::Settings& settings,
                                   std::string_view page_title, std::string_view body_class,
                                   std::string main_html);

// The absolute URL of `path`: Settings::home_url (without its trailing '/') + path.
std::string AbsoluteUrl(const store::Settings& settings, std::string_view path);

// JSON text made safe inside <script>: '<', '>' and '&' become \u003c, \u003e, \u0026 (the
// same JSON value, and no "</script>" or "<!--" can appear).
std::string ScriptSafeJson(std::string_view json);

// The themed 404 page, status 404, never cached by browsers or the page cache.
http::Response NotFoundResponse(const Theme& theme, const store::Settings& settings);

// A plain answer for a failure that leaves no page to show: the error kind's status (503 with
// Retry-After: 30), a short text, never cached.
http::Response FailureResponse(const Error& error);

// Marks a response as personal: never stored by browsers or proxies.
void MarkPrivate(http::Response& response);

}  // namespace quire::site
