#include "site/front_page.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "content/markdown.h"
#include "content/permalink.h"
#include "site/layout.h"
#include "util/clock.h"

namespace quire::site {

namespace mustache = kainjow::mustache;

namespace {

Result<mustache::data> PostSummary(store::Store& store, const store::Post& post,
                                   const store::Settings& settings) {
  Result<int64_t> count = store.CountApprovedComments(post.id);
  if (!count) return std::unexpected(count.error());
  mustache::data data;
  data.set("id", std::to_string(post.id));
  data.set("title", post.title);
  data.set("permalink", content::PostPath(post, settings.permalink_structure));
  data.set("date_iso", util::FormatIso8601(post.published_at));
  data.set("date_human", util::FormatHumanDate(post.published_at));
  data.set("excerpt", content::Excerpt(post));
  data.set("comments_label", CommentsLabel(*count));
  return data;
}

}  // namespace

FrontPage::FrontPage(store::Store& store, const Theme& theme) : store_(store), theme_(theme) {}

std::string FrontPage::PagePath(int64_t page) {
  return page <= 1 ? "/" : "/page/" + std::to_string(page) + "/";
}

Result<std::optional<std::string>> FrontPage::Render(int64_t page,
                                                     const store::Settings& settings) const {
  int64_t per_page = std::max(1, settings.posts_per_page);
  Result<int64_t> total = store_.CountPublished();
  if (!total) return std::unexpected(total.error());
  int64_t pages = std::max<int64_t>(1, (*total + per_page - 1) / per_page);
  if (page < 1 || page > pages) return std::nullopt;

  Result<std::vector<store::Post>> posts =
      store_.ListPublished(static_cast<int>((page - 1) * per_page), static_cast<int>(per_page));
  if (!posts) return std::unexpected(posts.error());
  mustache::data list(mustache::data::type::list);
  for (const store::Post& post : *posts) {
    Result<mustache::data> summary = PostSummary(store_, post, settings);
    if (!summary) return std::unexpected(summary.error());
    list.push_back(std::move(*summary));
  }

  mustache::data data;
  data.set("has_posts", !posts->empty());
  data.set("posts", std::move(list));
  data.set("has_pagination", pages > 1);
  data.set("has_older", page < pages);
  data.set("older_url", PagePath(page + 1));
  data.set("has_newer", page > 1);
  data.set("newer_url", PagePath(page - 1));
  Result<std::string> main = theme_.Render("front", data);
  if (!main) return std::unexpected(main.error());
  std::string title = page == 1 ? std::string() : "Page " + std::to_string(page);
  Result<std::string> html =
      RenderDocument(theme_, settings, title, page == 1 ? "home" : "home paged", std::move(*main));
  if (!html) return std::unexpected(html.error());
  return std::optional<std::string>(std::move(*html));
}

std::string CommentsLabel(int64_t count) {
  if (count == 0) return "No Comments";
  if (count == 1) return "1 Comment";
  return std::to_string(count) + " Comments";
}

}  // namespace quire::site
