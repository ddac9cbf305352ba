// The "Leave a Reply" form's data (comment_form.mustache): shown under an article, and alone
// on the page that answers a refused comment (site/refusal_page.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "site/article_page.h"
#include "site/theme.h"
#include "store/records.h"
#include "store/settings.h"

namespace quire::site {

// The approved comment of `list` with this id; null when there is none.
const store::Comment* FindApproved(const std::vector<store::Comment>& list, int64_t id);

// Sets the form's fields in `data`: closed / registration notices, the reply context
// (`reply_to`: the approved comment being answered, or null; `reply_to_url` links to it), the
// refusal message (view.error), what was typed (view.form), and a form stamp (the refused
// form's own while still fresh). `permalink` is the item's page; `open`: comments may be posted.
void SetCommentFormData(kainjow::mustache::data& data, const store::Post& post,
                        const store::Settings& settings, const ArticleView& view,
                        const store::Comment* reply_to, const std::string& reply_to_url,
                        const std::string& permalink, bool open);

}  // namespace quire::site
