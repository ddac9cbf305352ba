// The answer to a refused comment (400, 403, 409, 429, 503): a light page with the refusal's
// message, the comment form filled with what was typed, and a link back to the item. Not the
// item's page with all its comments: a refusal costs one look-up (the comment replied to, when
// there is one), never a render of the article, so a flood of refused posts cannot tie up the
// server rendering a post with thousands of comments (issue 11).
#pragma once

#include <string>

#include "site/article_page.h"
#include "site/theme.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::site {

// The whole document for a refusal on `post` (published): view.error is the message (without
// "Error: "), view.form what was typed, view.now the time (for the form stamp and whether
// comments are still open).
Result<std::string> RenderRefusalPage(store::Store& store, const Theme& theme,
                                      const store::Post& post, const store::Settings& settings,
                                      const ArticleView& view);

}  // namespace quire::site
