// Who may see an item on the public site (WordPress's rules): everyone sees published items;
// private ones need read_private_posts or being their author; drafts, pending and scheduled
// items are previews for their author and for those who may edit others' posts; trash is seen
// by nobody. What may not be seen answers 404, never 403 (its existence is not revealed).
#pragma once

#include "site/site.h"
#include "store/records.h"

namespace quire::site {

// Whether `viewer` may see `item` on the site.
bool CanView(const Viewer& viewer, const store::Post& item);

}  // namespace quire::site
