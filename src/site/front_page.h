// The front page and its pagination (/ and /page/N/): the newest published posts, sticky ones
// first, Settings::posts_per_page at a time (lists: see list_page.h).
#pragma once

#include <optional>
#include <string>

#include "site/list_page.h"
#include "site/theme.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::site {

class FrontPage {
 public:
  FrontPage(store::Store& store, const Theme& theme);

  // Page `page` (1-based) as a full document with the tags it depends on ("front" and each
  // post shown); nullopt when there is no such page (page 1 always exists, empty or not).
  // include_private: also the private posts (a reader who may read them). Fails when the store
  // or the theme does.
  Result<std::optional<RenderedList>> Render(int64_t page, const store::Settings& settings,
                                             bool include_private) const;

  // The path of page `page`: "/" for 1, "/page/N/" after.
  static std::string PagePath(int64_t page);

 private:
  store::Store& store_;
  ListPage list_;
};

// "No Comments", "1 Comment", "N Comments" (WordPress's comments_popup_link wording).
std::string CommentsLabel(int64_t count);

}  // namespace quire::site
