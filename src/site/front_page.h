// The front page and its pagination (/ and /page/N/): the newest published posts with their
// excerpts, Settings::posts_per_page at a time.
#pragma once

#include <optional>
#include <string>

#include "site/theme.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::site {

class FrontPage {
 public:
  FrontPage(store::Store& store, const Theme& theme);

  // Page `page` (1-based) as a full HTML document; nullopt when there is no such page (page 1
  // always exists, empty or not). Fails when the store or the theme does.
  Result<std::optional<std::string>> Render(int64_t page, const store::Settings& settings) const;

  // The path of page `page`: "/" for 1, "/page/N/" after.
  static std::string PagePath(int64_t page);

 private:
  store::Store& store_;
  const Theme& theme_;
};

// "No Comments", "1 Comment", "N Comments" (WordPress's comments_popup_link wording).
std::string CommentsLabel(int64_t count);

}  // namespace quire::site
