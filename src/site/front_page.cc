#include "site/front_page.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "store/publishing.h"

namespace quire::site {

FrontPage::FrontPage(store::Store& store, const Theme& theme)
    : store_(store), list_(store, theme) {}

std::string FrontPage::PagePath(int64_t page) {
  return ListPagePath("/", page);
}

Result<std::optional<RenderedList>> FrontPage::Render(int64_t page, const store::Settings& settings,
                                                      bool include_private) const {
  int per_page = std::max(1, settings.posts_per_page);
  if (page < 1) return std::nullopt;
  store::ListQuery query{.sticky_first = true,
                         .include_private = include_private,
                         .offset = static_cast<int>((page - 1) * per_page),
                         .limit = per_page};
  if (page - 1 > (int64_t{1} << 30) / per_page) return std::nullopt;  // past any list
  Result<store::ListPage> items = store::ListItems(store_, query);
  if (!items) return std::unexpected(items.error());
  ListView view{.base_path = "/",
                .page = page,
                .pages = PageCount(items->total, per_page),
                .items = std::move(items->items),
                .body_class = page == 1 ? "home" : "home paged",
                .template_name = "front"};
  if (page > view.pages) return std::nullopt;
  PageMeta meta;
  meta.title = page == 1 ? std::string() : "Page " + std::to_string(page);
  meta.description = settings.tagline;
  Result<RenderedList> rendered = list_.Render(view, std::move(meta), settings);
  if (!rendered) return std::unexpected(rendered.error());
  rendered->tags.insert(rendered->tags.begin(), "front");
  return std::optional<RenderedList>(std::move(*rendered));
}

std::string CommentsLabel(int64_t count) {
  if (count == 0) return "No Comments";
  if (count == 1) return "1 Comment";
  return std::to_string(count) + " Comments";
}

}  // namespace quire::site
