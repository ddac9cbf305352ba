#include "site/list_page.h"

#include <algorithm>
#include <map>
#include <utility>

#include "content/markdown.h"
#include "content/permalink.h"
#include "media/featured.h"
#include "site/front_page.h"
#include "site/layout.h"
#include "site/post_password.h"
#include "store/media.h"
#include "store/publishing.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::site {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kPageOneSuffix = "page/1/";
constexpr std::string_view kThumbnailVariant = "thumbnail";

// What the items of a page share: their authors' names and comment counts, read once.
struct ItemFacts {
  std::map<int64_t, std::string> author_names;
  std::map<int64_t, int64_t> comment_counts;
};

Result<ItemFacts> ReadFacts(store::Store& store, const std::vector<store::Post>& items) {
  ItemFacts facts;
  std::vector<int64_t> ids;
  for (const store::Post& item : items) {
    ids.push_back(item.id);
    if (item.author_id == 0 || facts.author_names.contains(item.author_id)) continue;
    Result<std::optional<store::User>> user = store.FindUser(item.author_id);
    if (!user) return std::unexpected(user.error());
    facts.author_names[item.author_id] = *user ? (*user)->display_name : std::string();
  }
  Result<std::vector<std::pair<int64_t, int64_t>>> counts =
      store::CountApprovedComments(store, ids);
  if (!counts) return std::unexpected(counts.error());
  for (const auto& [id, count] : *counts) facts.comment_counts[id] = count;
  return facts;
}

// The featured image's thumbnail (the "thumbnail" variant when there is one) as template data.
Result<mustache::data> ThumbnailData(store::Store& store, int64_t media_id) {
  mustache::data data;
  data.set("has_thumbnail", false);
  Result<std::optional<media::FeaturedImage>> image =
      media::FeaturedImageOf(store, media_id, kThumbnailVariant);
  if (!image) return std::unexpected(image.error());
  if (!*image) return data;
  data.set("has_thumbnail", true);
  data.set("thumbnail_url", (*image)->url_path);
  data.set("thumbnail_alt", (*image)->alt);
  data.set("thumbnail_width", std::to_string((*image)->width));
  data.set("thumbnail_height", std::to_string((*image)->height));
  return data;
}

Result<mustache::data> ItemData(store::Store& store, const store::Post& item,
                                const store::Settings& settings, const ItemFacts& facts) {
  Result<std::string> path = ItemPath(store, item, settings);
  if (!path) return std::unexpected(path.error());
  Result<mustache::data> data = ThumbnailData(store, item.featured_media_id);
  if (!data) return data;
  data->set("id", std::to_string(item.id));
  data->set("title", ItemTitle(item));
  data->set("permalink", *path);
  data->set("sticky", item.sticky);
  data->set("date_iso", util::FormatIso8601(item.published_at));
  data->set("date_human", util::FormatHumanDate(item.published_at));
  auto author = facts.author_names.find(item.author_id);
  bool has_author = author != facts.author_names.end() && !author->second.empty();
  data->set("has_author", has_author);
  data->set("author", has_author ? author->second : std::string());
  data->set("excerpt", ItemExcerpt(item));
  auto count = facts.comment_counts.find(item.id);
  data->set("comments_label",
            CommentsLabel(count == facts.comment_counts.end() ? 0 : count->second));
  return data;
}

}  // namespace

int64_t PageCount(int64_t total, int64_t per_page) {
  per_page = std::max<int64_t>(1, per_page);
  return std::max<int64_t>(1, (total + per_page - 1) / per_page);
}

std::string ListPagePath(std::string_view base, int64_t page) {
  if (page <= 1) return std::string(base);
  return std::string(base) + "page/" + std::to_string(page) + "/";
}

std::optional<std::string> PageOneRedirect(std::string_view path, std::string_view query) {
  if (!path.ends_with(kPageOneSuffix) ||
      !path.substr(0, path.size() - kPageOneSuffix.size()).ends_with('/')) {
    return std::nullopt;
  }
  std::string bare(path.substr(0, path.size() - kPageOneSuffix.size()));
  if (!query.empty()) bare += "?" + std::string(query);
  return bare;
}

std::optional<CategoryPath> ParseCategoryPath(std::string_view path) {
  constexpr std::string_view kPrefix = "/category/";
  if (!path.starts_with(kPrefix) || !path.ends_with('/')) return std::nullopt;
  std::vector<std::string_view> parts = util::Split(path.substr(kPrefix.size()), '/');
  parts.pop_back();  // the empty text after the final '/'
  CategoryPath parsed;
  if (parts.size() >= 2 && parts[parts.size() - 2] == "page") {
    parsed.page = util::ParseInt(parts.back()).value_or(0);
    if (parts.back().empty() ||
        parts.back().find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    parts.resize(parts.size() - 2);
  } else if (parts.size() >= 2 && parts[parts.size() - 2] == "feed" && parts.back() == "atom") {
    parsed.feed = CategoryPath::Feed::kAtom;
    parts.resize(parts.size() - 2);
  } else if (!parts.empty() && parts.back() == "feed") {
    parsed.feed = CategoryPath::Feed::kRss2;
    parts.pop_back();
  }
  if (parts.empty()) return std::nullopt;
  for (std::string_view part : parts) {
    if (part.empty()) return std::nullopt;
    if (!parsed.slugs.empty()) parsed.slugs += '/';
    parsed.slugs += part;
  }
  return parsed;
}

std::string ItemTitle(const store::Post& item) {
  if (item.status == store::PostStatus::kPrivate) return "Private: " + item.title;
  if (!item.password.empty()) return "Protected: " + item.title;
  return item.title;
}

std::string ItemExcerpt(const store::Post& item) {
  if (!item.password.empty()) return std::string(kProtectedExcerpt);
  return content::Excerpt(item);
}

Result<std::string> ItemPath(store::Store& store, const store::Post& item,
                             const store::Settings& settings) {
  if (item.type == store::PostType::kPost) {
    return content::PostPath(item, settings);
  }
  Result<std::vector<std::string>> slugs = store::PagePath(store, item);
  if (!slugs) return std::unexpected(slugs.error());
  std::string path = "/";
  for (const std::string& slug : *slugs) path += util::UrlEncode(slug) + "/";
  return path;
}

ListPage::ListPage(store::Store& store, const Theme& theme) : store_(store), theme_(theme) {}

Result<RenderedList> ListPage::Render(const ListView& view, PageMeta meta,
                                      const store::Settings& settings) const {
  Result<ItemFacts> facts = ReadFacts(store_, view.items);
  if (!facts) return std::unexpected(facts.error());
  RenderedList rendered;
  mustache::data list(mustache::data::type::list);
  for (const store::Post& item : view.items) {
    Result<mustache::data> data = ItemData(store_, item, settings, *facts);
    if (!data) return std::unexpected(data.error());
    list.push_back(std::move(*data));
    rendered.tags.push_back("post:" + std::to_string(item.id));
  }
  std::string older = ListPagePath(view.base_path, view.page + 1);
  std::string newer = ListPagePath(view.base_path, view.page - 1);
  mustache::data data;
  data.set("has_heading", !view.heading.empty());
  data.set("heading", view.heading);
  data.set("has_description", !view.description.empty());
  data.set("description", view.description);
  data.set("has_posts", !view.items.empty());
  data["posts"] = std::move(list);
  data.set("has_pagination", view.pages > 1);
  data.set("has_older", view.page < view.pages);
  data.set("older_url", older);
  data.set("has_newer", view.page > 1);
  data.set("newer_url", newer);
  Result<std::string> main = theme_.Render(view.template_name, data);
  if (!main) return std::unexpected(main.error());

  meta.canonical = AbsoluteUrl(settings, ListPagePath(view.base_path, view.page));
  meta.prev = view.page > 1 ? AbsoluteUrl(settings, newer) : std::string();
  meta.next = view.page < view.pages ? AbsoluteUrl(settings, older) : std::string();
  if (meta.description.empty()) meta.description = view.description;
  Result<std::string> html =
      RenderDocument(theme_, settings, meta, view.body_class, std::move(*main));
  if (!html) return std::unexpected(html.error());
  rendered.html = std::move(*html);
  return rendered;
}

}  // namespace quire::site
